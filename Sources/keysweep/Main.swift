import Foundation
import ArgumentParser

/// The executable: parses the command line, runs the command, and turns every error into one line
/// on stderr (`keysweep: …`) with exit code 2. Only this target prints.
@main
enum Main {
    static func main() async {
        do {
            var command = try KeysweepCommand.parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as Failure {
            fail(failure.message)
        } catch {
            if KeysweepCommand.exitCode(for: error) == .success {
                KeysweepCommand.exit(withError: error)  // --help, --version
            }
            let message = KeysweepCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message + " (see keysweep --help)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("keysweep: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// An error the user can fix: the message says what is wrong and how to fix it.
struct Failure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Writes a line to stderr.
func warn(_ line: String) {
    FileHandle.standardError.write(Data("keysweep: \(line)\n".utf8))
}
