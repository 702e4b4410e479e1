import Foundation
import KeysweepCore

/// A one-line progress display on stderr for scans that run longer than two seconds, only when
/// stderr is a terminal.
final class Progress: @unchecked Sendable {
    // SAFETY: the timer runs on its own serial queue; `stop` cancels it and waits on that queue.
    private let queue = DispatchQueue(label: "keysweep.progress")
    private var timer: DispatchSourceTimer?
    private var shown = false

    init?(stats: ScanStatsRecorder, enabled: Bool) {
        guard enabled, isatty(2) == 1 else { return nil }
        let started = Date()
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + 2, repeating: 0.5)
        t.setEventHandler { [unowned self] in
            let s = stats.snapshot
            let elapsed = Date().timeIntervalSince(started)
            let line = String(format: "\rscanning: %d blobs, %.1f MB, %.0f s", s.blobs, Double(s.bytes) / 1e6, elapsed)
            FileHandle.standardError.write(Data(line.utf8))
            self.shown = true
        }
        timer = t
        t.resume()
    }

    func stop() {
        queue.sync {
            timer?.cancel()
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
