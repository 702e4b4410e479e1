/// Realistic, random-looking credentials for tests, assembled at run time so that the source
/// file holds no literal secret for other scanners to trip on. None of them is a live key.
public enum Secrets {
    /// New-format AWS key ids encoding known accounts (see aws.md §2).
    public static let awsKeyA = "AKIA" + "RZPUZDIKKJZDEGXD"      // account 123456789012
    public static let awsKeyB = "AKIA" + "6L5GI6PFGCF32EPF"      // account 987654321098
    public static let awsKeyC = "AKIA" + "YCVTBK5L5DHODZDO"      // account 555500001111
    public static let awsTempKey = "ASIA" + "WO645SY5DMXGEDN7"
    public static let awsLegacyKey = "AKIA" + "JQ5ZK2LXNMRT4VWY"  // legacy: encodes no account
    public static let awsSecretA = "2o76umfXfKm/r5kJP1" + "VrT+1FJors/6ILi8IHn5kx"
    public static let awsSecretB = "sC7tVO/HbkQfyy/KV5" + "zjR3j1twdTKWTddB+XhkAS"
    public static let awsSecretC = "1voQG6yyzyN9zHYIa4" + "UOrGNATMuDJawTgsu8PO+7"
    public static let githubPAT = "ghp_" + "k3Jd8sLq2Vn5Xw9Rt7Yb4Mz1Pc6Hf0Ga2Ue8"
    public static let docKey = "AKIA" + "IOSFODNN7EXAMPLE"
    public static let docSecret = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
}
