import Foundation
import ArgumentParser
import KeysweepRules
import KeysweepMatch

/// `keysweep rules bench`: the matcher alone on files held in memory, on one core: MB/s of the
/// whole matcher and of the keyword prefilter, and the rules that cost the most regex time.
struct RulesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the matcher on files held in memory (MB/s on one core) and show the costliest rules.")

    @Argument(help: "Files or directories to read (regular files, recursively).")
    var paths: [String]

    @Option(help: "A rule file (keysweep or gitleaks format) to time instead of the built-in rules.")
    var config: String?

    @Option(help: "Timed passes over all the files; the median is shown.")
    var runs: Int = 3

    @Option(name: .customLong("max-mb"), help: "Read at most this many MB.")
    var maxMB: Int = 512

    func run() throws {
        let set = try RulesCheckCommand.loadRules(config: config)
        let compiled: CompiledRuleSet
        do { compiled = try CompiledRuleSet(set) } catch { throw Failure("\(error); fix the rule file") }
        let buffers = try readFiles()
        let bytes = buffers.reduce(0) { $0 + $1.count }
        guard bytes > 0 else { throw Failure("no readable bytes under \(paths.joined(separator: " ")); give files or directories with text") }
        let context = compiled.makeContext(profiling: false)

        var hits = 0
        let (matcher, quiet, best) = timed(runs) {
            hits = 0
            for b in buffers { hits += b.withUnsafeBytes { compiled.scan($0, context: context).count } }
        }
        var occurrences = 0
        let (prefilter, _, _) = timed(runs) {
            occurrences = 0
            for b in buffers { occurrences += b.withUnsafeBytes { compiled.keywordOccurrences($0, context: context) } }
        }
        let mb = Double(bytes) / 1e6
        print(String(format: "%d files, %.1f MB, %d rules", buffers.count, mb, compiled.rules.count))
        print(String(format: "matcher:   %8.1f MB/s (%.3f s, median of %d, one core), %d hits; best run %.1f MB/s; fastest tenth %.1f MB/s",
                     mb / matcher, matcher, runs, hits, mb / best, mb / quiet))
        print(String(format: "prefilter: %8.1f MB/s (%.3f s), %d keyword occurrences, %@ loops", mb / prefilter, prefilter,
                     occurrences, MatchISA.name))

        let profiling = compiled.makeContext(profiling: true)
        for b in buffers { _ = b.withUnsafeBytes { compiled.scan($0, context: profiling) } }
        if let profile = profiling.profile { print(profile.summary(ruleIDs: compiled.rules.map(\.id), top: ProcessInfo.processInfo.environment["KEYSWEEP_BENCH_TOP"].flatMap { Int($0) } ?? 10)) }
    }

    /// Seconds of the median, of the fastest tenth's slowest (the 10th percentile) and of the
    /// fastest of `n` timed runs of `body` (after one untimed warm-up run). On a shared machine
    /// the fastest runs are the least disturbed: on a VM whose core's other hardware thread is
    /// busy now and then, runs come in a fast and a slow group, and the median says which one
    /// the bench fell in more than how fast the matcher is.
    private func timed(_ n: Int, _ body: () -> Void) -> (median: Double, quiet: Double, best: Double) {
        body()
        var times: [Double] = []
        for _ in 0..<max(1, n) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let sorted = times.sorted()
        return (sorted[sorted.count / 2], sorted[sorted.count / 10], sorted[0])
    }

    private func readFiles() throws -> [[UInt8]] {
        let limit = maxMB * 1_000_000
        var out: [[UInt8]] = []
        var total = 0
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw Failure("\(path): no such file or directory; give files or directories to read")
            }
            let files = isDir.boolValue ? Self.files(under: path) : [path]
            for file in files where total < limit {
                guard let attrs = try? fm.attributesOfItem(atPath: file), attrs[.type] as? FileAttributeType == .typeRegular,
                      let data = fm.contents(atPath: file) else { continue }
                let bytes = [UInt8](data.prefix(limit - total))
                total += bytes.count
                out.append(bytes)
            }
        }
        return out
    }

    /// Regular files under `dir`, sorted, skipping hidden directories (`.git`, `.build`, …).
    static func files(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if (rel as NSString).lastPathComponent.hasPrefix(".") {
                if (e.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { e.skipDescendants() }
                continue
            }
            out.append((dir as NSString).appendingPathComponent(rel))
        }
        return out.sorted()
    }
}
