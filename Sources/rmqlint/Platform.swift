// The only file of the command line that calls the C library: stderr, exit, the terminal
// test, the environment and the atomic report write. Everything else is plain Swift, so a
// port to another C library (Musl, Darwin) changes this file and LocalFileSystem only.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process and C-library calls the CLI needs.
enum Platform {
    /// Ends the process with `status` (after flushing stdio, as C's `exit` does).
    static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #elseif canImport(Musl)
        Musl.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }

    /// Writes `text` to standard error, unbuffered.
    static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Whether standard output is a terminal.
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// An environment variable, or nil when unset.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Writes `text` to `path` completely or not at all: a temporary file beside it,
    /// renamed over it. Throws a one-line reason.
    static func writeAtomically(_ text: String, to path: String) throws(PlatformError) {
        let temporary = path + ".rmqlint-tmp"
        guard let handle = fopen(temporary, "w") else {
            throw PlatformError(reason: String(cString: strerror(errno)))
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, handle) }
        let closed = fclose(handle)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PlatformError(reason: reason)
        }
    }
}

/// A failed C-library call: `strerror`'s text.
struct PlatformError: Error {
    var reason: String
}
