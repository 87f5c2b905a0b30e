import RMQLintCore

/// Helpers shared by the fuzz entry points. A failed invariant calls `fatalError`, which
/// libFuzzer reports as a crash and saves the input (crash-<sha1>).
public enum Fuzz {
    /// The input as a loader sees it: decoded by `SourceText` like a real file when it is
    /// text, else decoded leniently (U+FFFD for bad bytes) so the loader is fuzzed anyway.
    public static func text(_ bytes: [UInt8], path: String) -> String {
        switch SourceText.decode(bytes, path: path) {
        case .success(let text): return text
        case .failure(let diagnostic):
            check(diagnostic, path: path)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Splits `bytes` at `separator` into at most `count` parts (the last one keeps any
    /// further separators); missing parts are empty.
    public static func parts(_ bytes: [UInt8], separator: UInt8, count: Int) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == separator && result.count < count - 1 {
                result.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        result.append(current)
        while result.count < count { result.append([]) }
        return result
    }

    /// Every diagnostic names `path` and sits at a real position (line and column ≥ 1,
    /// end not before start).
    public static func check(_ diagnostic: LoadDiagnostic, path: String) {
        let location = diagnostic.location
        if location.path != path {
            fatalError("diagnostic names \(location.path), not \(path): \(diagnostic)")
        }
        check(location)
        if diagnostic.message.isEmpty { fatalError("empty diagnostic message at \(location)") }
    }

    /// Lines and columns are 1-based and the range is not inverted.
    public static func check(_ location: SourceLocation) {
        let range = location.range
        if range.start.line < 1 || range.start.column < 1 {
            fatalError("position before 1:1: \(location) \(range)")
        }
        if range.end < range.start {
            fatalError("inverted range at \(location): \(range.start)-\(range.end)")
        }
    }

    /// Checks every diagnostic of a loader's result.
    public static func check(_ diagnostics: [LoadDiagnostic], path: String) {
        for diagnostic in diagnostics { check(diagnostic, path: path) }
    }

    /// After redaction no secret is left in `text`. Secrets containing `*` are skipped:
    /// the mask itself (`******`) may spell them.
    public static func checkRedacted(_ text: String, secrets: [String], redactor: Redactor) {
        let redacted = redactor.redact(text)
        let bytes = Array(redacted.utf8)
        let ellipsis = Array("…".utf8)
        for secret in secrets where !secret.contains("*") && !secret.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            let secretBytes = Array(secret.utf8)
            if contains(bytes, secretBytes) {
                fatalError("secret survived redaction: \(secret.debugDescription) in \(redacted.debugDescription)")
            }
            // A secret clipped by a rule ("Zq8pW2…") is masked from 4 bytes on.
            guard secretBytes.count <= 64, !secret.contains("…") else { continue }
            var prefix: [UInt8] = []
            for scalar in secret.unicodeScalars.dropLast() {
                prefix += Array(String(scalar).utf8)
                if prefix.count >= Redactor.minimumSecretLength, contains(bytes, prefix + ellipsis) {
                    fatalError("clipped secret survived redaction: \(secret.debugDescription) in \(redacted.debugDescription)")
                }
            }
        }
    }

    /// Naive substring search over bytes (fuzz inputs are small).
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#endif
import LibFuzzerDriver

extension Fuzz {
    /// Runs libFuzzer with the process's arguments and `entry` as `LLVMFuzzerTestOneInput`.
    public static func runDriver(_ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv, entry)
        exit(status)
    }
}
