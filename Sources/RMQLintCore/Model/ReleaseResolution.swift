import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// The OpenStack release a deployment targets, and how rmqlint knows it (docs/spec.md §4).
public struct ResolvedRelease: Sendable {
    /// Where the release came from, in order of precedence.
    public enum Source: Sendable {
        /// `--release`.
        case commandLine
        /// `release:` in `.rmqlint.yml`.
        case configuration
        /// `openstack_release` in globals, at this location.
        case globals(SourceLocation)
        /// Nothing usable: the newest stable release was assumed. `location` is the
        /// unusable `openstack_release` value, or `nil` when the tree does not set it.
        case assumed(location: SourceLocation?, written: String?)
    }

    /// The Kolla-Ansible version (series, and tag when known).
    public var version: KollaVersion
    /// How it was determined.
    public var source: Source

    /// Whether the release is a guess (RMQ002).
    public var isAssumed: Bool {
        if case .assumed = source { return true }
        return false
    }
}

/// The RabbitMQ version a deployment runs, and how rmqlint knows it (docs/spec.md §4).
public struct ResolvedRabbitMQ: Sendable {
    /// Where the version came from, in order of precedence.
    public enum Source: Sendable {
        /// `--rabbitmq-version`.
        case commandLine
        /// `rabbitmq_version:` in `.rmqlint.yml`.
        case configuration
        /// The `rabbitmq_image` suffix in globals (`…/rabbitmq-4-1`).
        case image(SourceLocation)
        /// The image Kolla ships for the release (domain §0.1).
        case releaseDefault
    }

    /// Major and minor version.
    public var version: RabbitMQVersion
    /// How it was determined.
    public var source: Source
}

/// Resolves release and broker version with the precedence of docs/spec.md §4.
public enum ReleaseResolver {
    /// The release for a deployment with `globals`: `commandLine` > `configuration` >
    /// `openstack_release` > the newest stable release (never master).
    public static func release(
        commandLine: KollaVersion?, configuration: KollaVersion?, globals: [String: GlobalVariable]
    ) -> ResolvedRelease {
        if let commandLine { return ResolvedRelease(version: commandLine, source: .commandLine) }
        if let configuration { return ResolvedRelease(version: configuration, source: .configuration) }
        let assumed = KollaVersion(OpenStackRelease.newestStable)
        guard let variable = globals["openstack_release"] else {
            return ResolvedRelease(version: assumed, source: .assumed(location: nil, written: nil))
        }
        if let scalar = variable.value.scalar, !variable.value.isTemplated, !variable.value.isVault,
           let version = KollaVersion.parse(scalar) {
            return ResolvedRelease(version: version, source: .globals(variable.value.location))
        }
        return ResolvedRelease(
            version: assumed,
            source: .assumed(location: variable.value.location, written: variable.value.isVault ? nil : variable.value.scalar))
    }

    /// The RabbitMQ version: `commandLine` > `configuration` > `rabbitmq_image` suffix >
    /// the release's default image.
    public static func rabbitMQ(
        commandLine: RabbitMQVersion?, configuration: RabbitMQVersion?,
        globals: [String: GlobalVariable], release: KollaVersion
    ) -> ResolvedRabbitMQ {
        if let commandLine { return ResolvedRabbitMQ(version: commandLine, source: .commandLine) }
        if let configuration { return ResolvedRabbitMQ(version: configuration, source: .configuration) }
        if let image = globals["rabbitmq_image"], let scalar = image.value.scalar, !image.value.isTemplated,
           let version = RabbitMQVersion.fromImage(scalar) {
            return ResolvedRabbitMQ(version: version, source: .image(image.value.location))
        }
        return ResolvedRabbitMQ(version: RabbitMQVersion.default(for: release), source: .releaseDefault)
    }
}
