import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// Where an effective value comes from (docs/spec.md §4: every value carries its provenance).
public enum ValueOrigin: Sendable, Hashable {
    /// Written in a file of the tree, at this location.
    case file(SourceLocation)
    /// Rendered by a Kolla-Ansible template of the target release; the text cites the template.
    case kollaTemplate(String)
    /// A Kolla-Ansible variable default of the target release; the text cites where it is defined.
    case kollaDefault(String)
    /// The option's default in oslo.messaging (or in the service's own options) for the release.
    case osloDefault(String)
    /// Derived from the inventory (the `rabbitmq` group, the hosts of a transport URL).
    case inventory(SourceLocation?)
}

/// An effective value's origin plus the tree lines that select it.
public struct Provenance: Sendable, Hashable {
    /// Where the value comes from.
    public var origin: ValueOrigin
    /// For values not written in the tree (templates, defaults): the tree lines that decide
    /// them — the globals lines of the variables their condition or value reads, else the
    /// `openstack_release` line that selects the release's template. Empty when the tree has
    /// no such line (the release was assumed).
    public var selectedBy: [SourceLocation]

    /// Creates a provenance.
    public init(origin: ValueOrigin, selectedBy: [SourceLocation] = []) {
        self.origin = origin
        self.selectedBy = selectedBy
    }

    /// The location a finding about this value points at: the line that writes it, else
    /// the first line that selects it.
    public var anchor: SourceLocation? {
        if case .file(let location) = origin { return location }
        if case .inventory(let location?) = origin { return location }
        return selectedBy.first
    }

    /// Whether the value is written in a file of the tree.
    public var isWrittenInTree: Bool {
        if case .file = origin { return true }
        return false
    }

    /// Whether the value is a default (Kolla template or variable default, oslo default).
    public var isDefault: Bool {
        switch origin {
        case .kollaTemplate, .kollaDefault, .osloDefault: true
        case .file, .inventory: false
        }
    }

    /// A short human description: `config/nova.conf:12:1`, `Kolla template (KA …)`,
    /// `oslo.messaging default (OM …)`.
    public var summary: String {
        switch origin {
        case .file(let location): return "\(location.path):\(location.line):\(location.column)"
        case .kollaTemplate(let source): return "Kolla template (\(source))"
        case .kollaDefault(let source): return "Kolla default (\(source))"
        case .osloDefault(let source): return "default (\(source))"
        case .inventory(let location):
            guard let location else { return "inventory" }
            return "inventory \(location.path):\(location.line):\(location.column)"
        }
    }
}
