// The only file of the command line that calls the C library: stderr, exit, the terminal
// test, the environment, malloc's arenas, the report's writes to stdout and the atomic report file. Everything else is plain Swift, so a
// port to another C library (Musl, Darwin) changes this file and LocalFileSystem only.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RMQLintCore

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

    /// Sets two of glibc's malloc parameters, before any thread allocates much.
    ///
    /// One arena per core: as many as threads work at once (a parallel loop runs one thread
    /// per core, the caller's among them). glibc's default allows eight per core, and memory
    /// freed in one arena never serves another, so a fleet's model, built and dropped on
    /// workers, was freed into arenas the report's findings were not made in. A single arena
    /// held that down but made every allocation of every thread take one lock: on 2 cores a
    /// 1,000-host run took 0.30 s instead of 0.25 s, a 4,000-host run 1.5 s instead of 1.1 s
    /// (peak RSS 112 against 113–117 MiB). One more arena than cores was no faster, and now
    /// and then peaked 13 MiB higher.
    ///
    /// A fixed mmap threshold of 512 KiB: left dynamic, each freed mapped block raises the
    /// threshold to its size (up to 32 MiB) and the trim threshold to twice that, so later
    /// large buffers come from the heap and stay there as free holes once dropped. Fixed,
    /// large buffers keep their own mappings and go back to the system when freed (4,000
    /// hosts: peak RSS about 5 MB lower). glibc's initial 128 KiB saves as much but maps and
    /// faults in so many more blocks that a 1,000-host run gets slower.
    ///
    /// Looked up at run time: a C library without `mallopt` (musl) is left as it is.
    static func tuneMalloc() {
        #if canImport(Glibc)
        // `M_ARENA_MAX` and `M_MMAP_THRESHOLD` of glibc's <malloc.h>, which the Glibc module
        // does not import.
        let arenaMax: Int32 = -8
        let mmapThreshold: Int32 = -3
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        // A null handle is `RTLD_DEFAULT`: the symbol as the process's libraries define it.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let cores = max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1)
        _ = mallopt(arenaMax, Int32(clamping: cores))
        _ = mallopt(mmapThreshold, 512 * 1024)
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

extension Platform {
    /// A sink writing to standard output (unbuffered by stdio: the sink is the buffer).
    /// A write that fails (a full disk) is a one-line error; the reason is `strerror`'s text.
    /// A reader that went away (`| head`) ends the run by SIGPIPE, silently, as it ends `cat`
    /// or `grep`; only when the caller set SIGPIPE to be ignored is it that error (EPIPE).
    static func standardOutputSink() -> ReportSink {
        // Anything Swift's `print` left in stdio's buffer goes first.
        fflush(nil)
        return ReportSink { bytes in writeAll(STDOUT_FILENO, bytes) }
    }

    /// Writes all of `bytes` to `descriptor`, retrying after interruptions; the reason when
    /// it cannot.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if written == 0 { return "nothing written" }
            offset += written
        }
        return nil
    }

    /// A file written completely or not at all, in pieces: bytes go to a temporary file
    /// beside `path`, renamed over it by ``commit()`` only after every byte and the close
    /// succeeded (docs/spec.md §6: nothing half-written).
    final class AtomicFile {
        let path: String
        private let temporary: String
        private var handle: UnsafeMutablePointer<FILE>?
        /// Where the report's bytes go.
        private(set) var sink = ReportSink { _ in nil }

        /// Creates the temporary file; throws `strerror`'s reason.
        init(_ path: String) throws(PlatformError) {
            self.path = path
            temporary = path + ".rmqlint-tmp"
            guard let handle = fopen(temporary, "w") else { throw PlatformError(reason: String(cString: strerror(errno))) }
            self.handle = handle
            sink = ReportSink { bytes in
                fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count ? nil : String(cString: strerror(errno))
            }
        }

        /// Closes the file and renames it over `path`; on any failure (a write before, the
        /// close, the rename) removes the temporary file and throws the reason.
        func commit() throws(PlatformError) {
            sink.flush()
            var reason = sink.failure
            if let handle, fclose(handle) != 0, reason == nil { reason = String(cString: strerror(errno)) }
            handle = nil
            if reason == nil, rename(temporary, path) != 0 { reason = String(cString: strerror(errno)) }
            if let reason {
                unlink(temporary)
                throw PlatformError(reason: reason)
            }
        }

        deinit {
            // Never committed (an error on the way): nothing is left behind.
            if let handle {
                fclose(handle)
                unlink(temporary)
            }
        }
    }
}

/// A failed C-library call: `strerror`'s text.
struct PlatformError: Error {
    var reason: String
}
