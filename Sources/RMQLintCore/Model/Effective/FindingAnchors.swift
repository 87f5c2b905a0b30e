import RMQLintSource
import RMQLintKnowledge

/// Where a finding about an effective value points (docs/spec.md §5): the line that writes
/// it, else the line that selects it, else the file that should name the release.
extension Deployment {
    /// The first line of the deployment's first `globals.yml`, for findings about pure
    /// defaults that no line of the tree selects (the release was given outside the tree or
    /// is one candidate of a range).
    public var globalsStart: SourceLocation? {
        mainGlobalsFile.map { .wholeFile($0) }
    }

    /// Where a finding about a value with `provenance` points: the line that writes it, else
    /// the first line that selects it, else the start of `globals.yml`, else the start of
    /// `fallbackFile` (a loose tree's own file). `nil` when there is nowhere to point.
    public func findingLocation(of provenance: Provenance, fallbackFile: String? = nil) -> SourceLocation? {
        provenance.anchor ?? globalsStart ?? fallbackFile.map { SourceLocation.wholeFile($0) }
    }

    /// ``findingLocation(of:fallbackFile:)`` of a setting's provenance, read in place (rules
    /// ask it of every config of a fleet); `fallbackFile` is read only when it is needed.
    public func findingLocation(of setting: EffectiveSetting, fallbackFile: @autoclosure () -> String? = nil) -> SourceLocation? {
        setting.anchor ?? globalsStart ?? fallbackFile().map { SourceLocation.wholeFile($0) }
    }

    /// The globals line that sets Kolla variable `name` (`nil` when globals do not set it).
    public func globalsLine(_ name: String) -> SourceLocation? {
        guard case .globals(let variable)? = effective.variables?.sources[name] else { return nil }
        return variable.location
    }

    /// The globals lines that decide `expression` (the variables it reads, through Kolla's
    /// templated defaults), or `[]` when none is set in globals (the value is the release's
    /// default: a finding then points at the release line itself).
    public func decidingGlobalsLines(_ expression: String) -> [SourceLocation] {
        guard let variables = effective.variables else { return [] }
        let found = variables.selectingLocations(expression: expression)
        // `selectingLocations` falls back to the openstack_release line when no variable is set
        // in globals; that line is not one of the expression's own variables.
        if let release = variables.releaseLocation, found == [release] { return [] }
        return found
    }
}

extension Deployment {
    /// Where a finding about `key` of a policy points. A value of the tree's definitions.json
    /// points at its own line (the policy's name line when the key is absent). A value of
    /// Kolla's template points at the globals line of the variable that set it
    /// (`rabbitmq_message_ttl_ms`), else at the line that selects the template — the HA flag,
    /// or `openstack_release` — else at the start of globals.yml.
    public func findingLocation(ofKey key: String, in policy: EffectivePolicy, set: EffectivePolicySet) -> SourceLocation? {
        if !set.isKollaTemplate {
            return findingLocation(of: policy.value(key)?.provenance ?? policy.provenance, fallbackFile: set.filePath)
        }
        for name in templateVariables(deciding: key, of: policy) {
            if let line = decidingGlobalsLines(name).first { return line }
        }
        return findingLocation(of: policy.provenance)
    }
}

extension EffectivePolicySet {
    /// The file the set was read from (`nil` for Kolla's template and rendered sets).
    public var filePath: String? {
        if case .definitionsFile(let path) = source { return path }
        return nil
    }
}
