/// Removes secrets from text before any reporter prints it.
///
/// Placeholder contract, implemented in Output/Redactor.swift by the reporters work:
/// `Redactor(secrets:)` masks every listed secret and every password inside a
/// `scheme://user:password@host` URL (each host of a multi-host transport URL).
public struct Redactor: Sendable {
    /// The literal secret strings to mask (values from `passwords.yml` and the like).
    public var secrets: [String]

    /// Creates a redactor for `secrets`.
    public init(secrets: [String] = []) {
        self.secrets = secrets
    }

    /// `text` with every secret masked.
    public func redact(_ text: String) -> String { text }
}
