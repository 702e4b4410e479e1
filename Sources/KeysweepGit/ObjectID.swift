internal import CGit2
import KeysweepCore

extension BlobID {
    init(_ oid: git_oid) {
        self = withUnsafeBytes(of: oid.id) { BlobID(bytes: $0) }
    }

    init(_ oid: UnsafePointer<git_oid>) {
        self.init(oid.pointee)
    }

    var gitOID: git_oid {
        var oid = git_oid()
        let raw = bytes
        withUnsafeMutableBytes(of: &oid.id) { dst in
            for i in 0..<20 { dst[i] = raw[i] }
        }
        return oid
    }
}

/// The type of a git object.
public enum ObjectKind: Sendable {
    case commit, tree, blob, tag, other

    init(_ t: git_object_t) {
        switch t {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: self = .other
        }
    }
}
