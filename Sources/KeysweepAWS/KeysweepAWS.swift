/// KeysweepAWS: AWS credential anatomy (key id prefixes, the offline account decode), SigV4 signing
/// and STS verification. No git, no regex, no database here.
public enum KeysweepAWS {}
