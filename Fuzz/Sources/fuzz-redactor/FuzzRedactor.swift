import FuzzSupport
import RMQLintCore

/// The redaction layer on its own: the input is split at NUL into up to eight secrets and
/// a text; after redaction no secret may remain (Aho–Corasick failure links, overlapping
/// and self-overlapping secrets, URL passwords next to listed secrets).
func fuzzRedactor(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parts = Fuzz.parts(bytes, separator: 0, count: 9).map { String(decoding: $0, as: UTF8.self) }
    let secrets = Array(parts.dropLast()).filter { !$0.isEmpty }
    let text = parts[parts.count - 1]
    let redactor = Redactor(secrets: secrets)
    Fuzz.checkRedacted(text, secrets: secrets, redactor: redactor)
    // The key-aware entry point used by `rmqlint effective`.
    for key in ["rabbitmq_password", "transport_url", "heartbeat_timeout_threshold", parts[0]] {
        let shown = redactor.redact(value: text, forKey: key)
        if Redactor.isSecretKey(key) && shown != Redactor.mask && !text.isEmpty {
            fatalError("value of secret key \(key) shown as \(shown.debugDescription)")
        }
    }
    return 0
}
