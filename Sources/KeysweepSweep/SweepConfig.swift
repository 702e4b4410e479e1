import Foundation
import TOMLKit

/// A sweep configuration file (`sweep.toml`): where state, mirrors and the report go, and the
/// repositories to sweep with their own options. Relative paths are resolved against the file's
/// directory.
///
/// ```toml
/// state = "/var/lib/keysweep/registry.sqlite"    # default: the registry's database
/// cache = "/var/cache/keysweep/mirrors"          # where remote repositories are mirrored
/// report = "/var/log/keysweep/findings.jsonl"    # JSON lines appended for each new finding
/// jobs = 2                                       # repositories swept in parallel
/// rules = "rules.toml"                           # rule file for every repository
///
/// [[repository]]
/// url = "https://github.com/example/app.git"     # https://, ssh://, git@host:path, file://
/// exclude-refs = ["refs/pull/*"]
///
/// [[repository]]
/// path = "/srv/git/tools.git"                    # a local repository, swept in place
/// name = "tools"
/// rules = "tools-rules.toml"
/// exclude-paths = ["vendor/*", "testdata/"]
/// ```
public struct SweepConfig: Sendable, Equatable {
    public var state: String?
    public var cache: String?
    public var report: String?
    public var jobs: Int?
    public var rules: String?
    public var repositories: [SweepTarget]

    public init(state: String? = nil, cache: String? = nil, report: String? = nil, jobs: Int? = nil,
                rules: String? = nil, repositories: [SweepTarget] = []) {
        self.state = state
        self.cache = cache
        self.report = report
        self.jobs = jobs
        self.rules = rules
        self.repositories = repositories
    }

    struct FileSpec: Decodable {
        var state: String?
        var cache: String?
        var report: String?
        var jobs: Int?
        var rules: String?
        var repository: [RepositorySpec]?
    }

    struct RepositorySpec: Decodable {
        var url: String?
        var path: String?
        var name: String?
        var rules: String?
        var excludePaths: [String]?
        var excludeRefs: [String]?

        enum CodingKeys: String, CodingKey {
            case url, path, name, rules
            case excludePaths = "exclude-paths"
            case excludeRefs = "exclude-refs"
        }
    }

    /// Reads and validates the configuration at `file`.
    public static func load(file: String) throws -> SweepConfig {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw SweepError.config(file: file, message: "cannot read it; check the path and its permissions")
        }
        return try parse(text, file: file)
    }

    /// Parses configuration text; `file` names it in errors and anchors relative paths.
    public static func parse(_ text: String, file: String) throws -> SweepConfig {
        let spec: FileSpec
        do {
            spec = try TOMLDecoder().decode(FileSpec.self, from: text)
        } catch let error as TOMLParseError {
            throw SweepError.config(file: file, message: "line \(error.source.begin.line): TOML syntax: \(error.description)")
        } catch {
            throw SweepError.config(file: file, message: "not a sweep configuration (\(error)); see docs/sweep.md")
        }
        let base = (URL(fileURLWithPath: file).standardizedFileURL.path as NSString).deletingLastPathComponent
        func resolve(_ p: String?) -> String? {
            guard let p else { return nil }
            let expanded = (p as NSString).expandingTildeInPath
            return expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        }
        if let jobs = spec.jobs, jobs < 1 {
            throw SweepError.config(file: file, message: "jobs = \(jobs): give 1 or more")
        }
        var config = SweepConfig(state: resolve(spec.state), cache: resolve(spec.cache), report: resolve(spec.report),
                                 jobs: spec.jobs, rules: resolve(spec.rules))
        for (i, r) in (spec.repository ?? []).enumerated() {
            let target: SweepTarget
            switch (r.url, r.path) {
            case let (url?, nil):
                target = try SweepTarget(location: url, relativeTo: base)
            case let (nil, path?):
                target = SweepTarget(localPath: resolve(path)!)
            default:
                throw SweepError.config(file: file, message: "[[repository]] #\(i + 1): give exactly one of `url` or `path`")
            }
            var t = target
            if let name = r.name { t.name = name }
            t.rules = resolve(r.rules)
            t.excludePaths = r.excludePaths ?? []
            t.excludeRefs = r.excludeRefs ?? []
            config.repositories.append(t)
        }
        let names = config.repositories.map(\.location)
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw SweepError.config(file: file, message: "repository \(dup) is listed twice; keep one entry")
        }
        return config
    }
}
