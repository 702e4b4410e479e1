import Foundation
import KeysweepTestSupport

/// The labeled corpus: a plan of commits (pure, from a seed) and the labels of what it plants.
struct CorpusPlan {
    enum Step {
        case commit(message: String, author: Int, writes: [(String, String)], deletes: [String])
        case newBranch(String)
        case checkout(String)
    }

    var steps: [Step] = []
    var planted: [Planted] = []
    var decoys: [Decoy] = []

    var commitCount: Int { steps.reduce(0) { if case .commit = $1 { return $0 + 1 } else { return $0 } } }

    static let services = ["billing", "checkout", "notifier", "search", "auth", "reports", "ingest", "webhooks", "mailer",
                           "scheduler", "gateway", "analytics", "payments", "inventory", "chat", "media", "exporter",
                           "sync", "admin", "crm", "ledger", "catalog", "shipping", "geo", "ml", "audit"]
    static let authors = [("Alice Example", "alice@example.com"), ("Bob Builder", "bob@example.com"),
                          ("Chen Wei", "chen@example.com"), ("Dana Ops", "dana@example.com")]

    /// What happens to a file after it is added.
    private enum Fate { case stays, deleted, renamed, rotated, branch }

    static func make(seed: UInt64) -> CorpusPlan {
        var r = CorpusRNG(seed: seed)
        var plan = CorpusPlan()
        var units: [(FileUnit, Fate)] = []
        var used = Set<String>()

        func place(_ build: (inout CorpusRNG, String) -> FileUnit) -> FileUnit {
            var attempt = 0
            while true {
                let svc = r.pick(services)
                var probe = r   // build with a copy first, to learn the path without consuming values twice
                var unit = build(&probe, svc)
                if attempt >= 50 {   // a builder whose path names no service: put it under a versioned directory
                    unit.path = "v\(attempt)/" + unit.path
                    for i in unit.secrets.indices { unit.secrets[i].paths = [unit.path] }
                    unit.decoys = unit.decoys.map { Decoy(kind: $0.kind, value: $0.value, path: unit.path) }
                }
                if !used.contains(unit.path) {
                    r = probe
                    used.insert(unit.path)
                    return unit
                }
                attempt += 1
            }
        }

        func fate(_ secretUnit: Bool) -> Fate {
            let x = r.int(100)
            if !secretUnit { return x < 10 ? .renamed : (x < 16 ? .branch : .stays) }
            switch x {
            case ..<14: return .deleted
            case ..<24: return .renamed
            case ..<36: return .rotated
            case ..<48: return .branch
            default: return .stays
            }
        }

        // Key = value kinds: each planted twice (fresh values), grouped 1-3 to a file in one syntax.
        var kv: [(SecretKind, String)] = []
        for kind in Kinds.keyValue { for _ in 0..<2 { kv.append((kind, kind.make(&r))) } }
        r.shuffle(&kv)
        var syntaxes = Syntax.allCases
        var i = 0, s = 0
        while i < kv.count {
            let n = min(kv.count - i, r.int(in: 1...3))
            let group = Array(kv[i..<(i + n)])
            if s % syntaxes.count == 0 { r.shuffle(&syntaxes) }
            let syntax = syntaxes[s % syntaxes.count]
            s += 1
            i += n
            let unit = place { r, svc in
                let path = syntax.path(svc)
                return FileUnit(path: path, content: syntax.render(svc, group.map { ($0.0.name, $0.1) }, &r),
                                secrets: group.map { Planted(kind: $0.0, value: $0.1, paths: [path], syntax: syntax.rawValue) })
            }
            units.append((unit, fate(true)))
        }
        for (_, build) in SpecialFiles.aws + SpecialFiles.others { units.append((place(build), fate(true))) }
        for (_, build) in Decoys.builders + Decoys.builders + Decoys.builders.filter({ _ in r.chance(0.5) }) {
            units.append((place(build), fate(false)))
        }
        r.shuffle(&units)

        // History: an initial commit, each unit added in its own commit with filler work between,
        // later deletions, renames and rotations; a tenth of the units on an unmerged branch.
        var tree: [String: String] = [:]
        var app = "from flask import Flask\n\napp = Flask(__name__)\n"
        var changelog = "# Changelog\n"
        func commit(_ message: String, writes: [(String, String)] = [], deletes: [String] = []) {
            for (p, c) in writes { tree[p] = c }
            for p in deletes { tree[p] = nil }
            plan.steps.append(.commit(message: message, author: r.int(authors.count), writes: writes, deletes: deletes))
        }
        func filler(_ n: Int) {
            for k in 0..<n {
                if r.chance(0.6) {
                    let f = r.pick(["health", "orders", "users", "metrics", "export", "search", "invoices", "teams"]) + "_\(plan.steps.count)"
                    app += "\n\n@app.route(\"/\(f.replacingOccurrences(of: "_", with: "/"))\")\ndef \(f)():\n    return {\"ok\": True, \"count\": \(r.int(500))}\n"
                    commit("Add /\(f) endpoint", writes: [("src/app.py", app)])
                } else {
                    changelog += "\n- \(r.pick(["Fix", "Improve", "Refactor", "Document"])) \(r.pick(["pagination", "retries", "logging", "caching", "timeouts"])) (#\(100 + plan.steps.count + k))"
                    commit("Update changelog", writes: [("CHANGELOG.md", changelog + "\n")])
                }
            }
        }
        func reference(_ p: Planted) -> String { "${" + p.kind.id.uppercased().replacingOccurrences(of: "-", with: "_") + "}" }

        commit("Initial commit", writes: [("README.md", "# acme platform\n\nServices and infrastructure.\n"), (".gitignore", "node_modules/\n.venv/\n*.pyc\n"),
                                          ("src/app.py", app), ("CHANGELOG.md", changelog + "\n")])
        var pending: [(due: Int, unit: FileUnit, fate: Fate)] = []
        var branchUnits: [FileUnit] = []

        func mark(_ p: Planted, _ history: String, to: String? = nil) {
            for j in plan.planted.indices where plan.planted[j].value == p.value {
                plan.planted[j].history = history
                if let to { plan.planted[j].paths.append(to) }
            }
        }
        func applyDue(force: Bool) {
            let now = plan.steps.count
            for (idx, item) in pending.enumerated().reversed() where force || item.due <= now {
                pending.remove(at: idx)
                let u = item.unit
                switch item.fate {
                case .deleted:
                    commit("Remove \(u.path)", deletes: [u.path])
                    for p in u.secrets { mark(p, "deleted") }
                case .renamed:
                    let to = "legacy/" + u.path
                    commit("Move \(u.path) to legacy/", writes: [(to, tree[u.path] ?? u.content)], deletes: [u.path])
                    for p in u.secrets { mark(p, "renamed", to: to) }
                case .rotated:
                    var content = tree[u.path] ?? u.content
                    for p in u.secrets { content = content.replacingOccurrences(of: p.value, with: reference(p)) }
                    commit("Read credentials from the environment in \(u.path)", writes: [(u.path, content)])
                    for p in u.secrets { mark(p, "rotated out") }
                default: break
                }
            }
        }

        for (unit, f) in units {
            if f == .branch { branchUnits.append(unit); continue }
            commit(unit.secrets.isEmpty ? "Add \(unit.path)" : "Configure \((unit.path as NSString).lastPathComponent) for \(unit.path.split(separator: "/").first!)",
                   writes: [(unit.path, unit.content)])
            plan.planted += unit.secrets
            plan.decoys += unit.decoys
            if f != .stays { pending.append((plan.steps.count + r.int(in: 2...40), unit, f)) }
            filler(r.int(in: 0...2))
            applyDue(force: false)
        }
        applyDue(force: true)

        plan.steps.append(.newBranch("feature/integrations"))
        let mainTree = tree
        for unit in branchUnits {
            commit("WIP: \(unit.path)", writes: [(unit.path, unit.content)])
            plan.planted += unit.secrets.map { var p = $0; p.history = "unmerged branch"; return p }
            plan.decoys += unit.decoys
            if r.chance(0.3) { filler(1) }
        }
        plan.steps.append(.checkout("main"))
        tree = mainTree
        filler(3)
        return plan
    }

    /// Runs the plan in `repo` (git add -A / commit per step, fixed dates).
    func materialise(in repo: TestRepo) throws {
        let root = URL(fileURLWithPath: repo.path)
        for step in steps {
            switch step {
            case let .commit(message, author, writes, deletes):
                for (path, content) in writes { try repo.write(path, content) }
                for path in deletes { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) }
                let (name, email) = Self.authors[author]
                try repo.commit(message, author: name, email: email)
            case let .newBranch(name):
                try repo.git(["checkout", "-q", "-b", name])
            case let .checkout(name):
                try repo.git(["checkout", "-q", name])
            }
        }
    }
}
