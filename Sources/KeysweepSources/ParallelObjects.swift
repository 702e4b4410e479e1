import Foundation
import Synchronization
import KeysweepCore
import KeysweepGit

/// KeysweepSources: the BlobSource implementations (full history, commit ranges, staged changes,
/// plain directories).
///
/// `ParallelObjects` reads a list of object ids on `jobs` threads, each with its own repository
/// handle (libgit2's delta-base cache is per handle). Workers take batches of consecutive ids from
/// a shared cursor, so locality is kept and one huge object does not stall the rest.
enum ParallelObjects {
    /// Consecutive objects a worker takes at once: large enough that a delta chain's base and its
    /// deltas usually land with the same worker (and its delta-base cache).
    static let batch = 2048

    /// Calls `visit(worker, repository, id)` for each id; `visit` returns nothing and records
    /// what it wants in worker-local state created by `makeState`.
    static func run<State: Sendable>(path: String, ids: [BlobID], jobs: Int,
                                     makeState: @Sendable () -> State,
                                     visit: @Sendable (Int, Repository, BlobID, inout State) -> Void) throws -> [State] {
        let workers = max(1, min(jobs, (ids.count + batch - 1) / batch))
        let cursor = Atomic<Int>(0)
        let results = Mutex<[Int: State]>([:])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let repo: Repository
            do {
                repo = try Repository(path: path)
            } catch {
                failure.withLock { $0 = error }
                return
            }
            var state = makeState()
            while true {
                let start = cursor.add(batch, ordering: .relaxed).oldValue
                if start >= ids.count { break }
                for i in start..<min(start + batch, ids.count) {
                    visit(w, repo, ids[i], &state)
                }
            }
            results.withLock { $0[w] = state }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { r in (0..<workers).compactMap { r[$0] } }
    }

    /// Reads each of `ids` (blobs) once on `jobs` workers, passes those the gate admits to `body`,
    /// and counts the ones that cannot be read.
    static func scanBlobs(path: String, ids: [BlobID], jobs: Int, gate: BlobGate, stats: ScanStatsRecorder,
                          _ body: @Sendable (Int, BlobID, UnsafeRawBufferPointer) -> Void) throws {
        let states = try run(path: path, ids: ids, jobs: jobs, makeState: { 0 }) { worker, repo, id, unreadable in
            do {
                try repo.withObject(id) { _, bytes in
                    if gate.admit(bytes, stats: stats) { body(worker, id, bytes) }
                }
            } catch {
                unreadable += 1
            }
        }
        let unreadable = states.reduce(0, +)
        stats.update { $0.unreadable += unreadable }
    }
}
