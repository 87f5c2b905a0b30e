import RMQLintSource
import RMQLintJinja

// RabbitMQ versions and the RabbitMQ that each Kolla release's image ships.
//
// Sources: docs/domain.md §0.1 (zed … master); for queens … yoga the Kolla image definitions read at
// github.com/openstack/kolla (KI) `docker/rabbitmq/Dockerfile.j2` at the `<series>-eol` tag and
// at the `.0.0` tag of each series (see the table in `default(for:)`).

/// A RabbitMQ `major.minor` version (the patch level does not change any rule).
public struct RabbitMQVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The major version (3, 4).
    public let major: Int
    /// The minor version.
    public let minor: Int

    /// Creates a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// RabbitMQ 4.0: classic queue mirroring removed (RS `release-notes/4.0.1.md`).
    public static let v4_0 = RabbitMQVersion(major: 4, minor: 0)
    /// RabbitMQ 4.3: `cluster_partition_handling` no longer has an effect; transient
    /// non-exclusive queues denied by default (docs/domain.md §6).
    public static let v4_3 = RabbitMQVersion(major: 4, minor: 3)

    /// Whether this version still supports classic queue mirroring (`ha-*` policy keys).
    public var supportsClassicMirroring: Bool { self < .v4_0 }

    /// Numeric order.
    public static func < (lhs: RabbitMQVersion, rhs: RabbitMQVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// `3.13`.
    public var description: String { "\(major).\(minor)" }

    /// Parses `3.13`, `3.13.7` or `4.1` (surrounding whitespace ignored); anything else is `nil`.
    public static func parse(_ text: String) -> RabbitMQVersion? {
        let trimmed = text.kollaTrimmed()
        guard trimmed.utf8.count <= 32 else { return nil }
        return fromNumbers(trimmed.split(separator: ".", omittingEmptySubsequences: false))
    }

    /// The version an image name selects through its suffix: the last path component of the
    /// name, before `:tag` or `@digest`, ending in `rabbitmq-<major>-<minor>` (Kolla's
    /// `rabbitmq-4-1`, `rabbitmq-3-13`) or `rabbitmq-<major>.<minor>[.<patch>]` (Train's
    /// `rabbitmq-3.7.24`). A plain `…/rabbitmq` image gives `nil`: the release default applies.
    ///
    /// Example: `quay.io/openstack.kolla/rabbitmq-4-1:2024.1-ubuntu-jammy` → 4.1.
    /// [KA `2024.2-eol:doc/source/reference/message-queues/rabbitmq.rst` "RabbitMQ versions";
    /// KA `train-eol:ansible/roles/rabbitmq/defaults/main.yml` `rabbitmq_image_name`]
    public static func fromImage(_ image: String) -> RabbitMQVersion? {
        var name = Substring(image.kollaTrimmed())
        guard name.utf8.count <= 4096 else { return nil }
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
        guard let suffix = name.kollaSuffix(after: "rabbitmq-") else { return nil }
        let parts = suffix.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "." })
        return fromNumbers(parts)
    }

    /// `major.minor[.patch]` from already split parts, all ASCII decimals.
    private static func fromNumbers(_ parts: [Substring]) -> RabbitMQVersion? {
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard let number = kollaSmallDecimal(part) else { return nil }
            numbers.append(number)
        }
        guard numbers.count >= 2 else { return nil }
        return RabbitMQVersion(major: numbers[0], minor: numbers[1])
    }

    /// The RabbitMQ of Kolla's default `rabbitmq` image for a version (docs/spec.md §4: used when
    /// neither `--rabbitmq-version` nor a versioned `rabbitmq_image` says otherwise).
    /// Kolla images are tagged by series and rebuilt from the branch, so the series' branch
    /// value is used for every tag of the series.
    public static func `default`(for version: KollaVersion) -> RabbitMQVersion {
        `default`(for: version.release)
    }

    /// The RabbitMQ of Kolla's default image for a series (branch tip).
    public static func `default`(for release: OpenStackRelease) -> RabbitMQVersion {
        switch release {
        // KI queens-eol(53a83b46), 6.0.0: deb rabbitmq-server_3.6.5, rabbitmq_server-3.6.* symlink.
        case .queens: RabbitMQVersion(major: 3, minor: 6)
        // KI rocky-eol(dd0069ad), 7.0.0: same 3.6 install as queens.
        case .rocky: RabbitMQVersion(major: 3, minor: 6)
        // KI stein-eol(1bc50ebb), 8.0.0: rabbitmq-server-3.7.10.
        case .stein: RabbitMQVersion(major: 3, minor: 7)
        // KI train-eol(d967f400), 9.0.0: rabbitmq-server-3.7.* / 3.7.10.
        case .train: RabbitMQVersion(major: 3, minor: 7)
        // KI ussuri-eol(9107c5f9), 10.0.0: rabbitmq-server-3.8.*.
        case .ussuri: RabbitMQVersion(major: 3, minor: 8)
        // KI victoria-eol(346ac3e4), 11.0.0: rabbitmq-server-3.8.*.
        case .victoria: RabbitMQVersion(major: 3, minor: 8)
        // KI wallaby-eol(6c6adfc5): rabbitmq-server-3.9.* (KI d67bf58d, 2022-10-28, after the
        // last wallaby tag; KI 12.0.0–12.7.0 shipped 3.8.*).
        case .wallaby: RabbitMQVersion(major: 3, minor: 9)
        // KI xena-eol(1a4981f7): 3.9.* from KI 13.7.0 (f3edd4d6, 2022-10-28); 13.0.0–13.6.0: 3.8.*.
        case .xena: RabbitMQVersion(major: 3, minor: 9)
        // KI yoga-eol(d230b331), 14.0.0: rabbitmq-server-3.9.*.
        case .yoga: RabbitMQVersion(major: 3, minor: 9)
        // KI 15.0.0, zed-eol(ea0bfb6b): rabbitmq-server-3.10.* (docs/domain.md §0.1).
        case .zed: RabbitMQVersion(major: 3, minor: 10)
        // KI 16.0.0 pins 3.11.16; 2023.1-eol: image `rabbitmq` 3.11.* (docs/domain.md §0.1).
        case .antelope: RabbitMQVersion(major: 3, minor: 11)
        // KI 17.0.0, 2023.2-eol: 3.12.* (docs/domain.md §0.1).
        case .bobcat: RabbitMQVersion(major: 3, minor: 12)
        // KI 18.0.0, unmaintained/2024.1: 3.13.* (docs/domain.md §0.1).
        case .caracal: RabbitMQVersion(major: 3, minor: 13)
        // KI 19.0.0, 2024.2-eol: 3.13.* (docs/domain.md §0.1).
        case .dalmatian: RabbitMQVersion(major: 3, minor: 13)
        // KI 20.0.0, stable/2025.1: 4.0.* (docs/domain.md §0.1).
        case .epoxy: RabbitMQVersion(major: 4, minor: 0)
        // KI 21.0.0, stable/2025.2: 4.1.* (docs/domain.md §0.1).
        case .flamingo: RabbitMQVersion(major: 4, minor: 1)
        // KI 22.0.0, stable/2026.1: 4.2.* (docs/domain.md §0.1).
        case .gazpacho: RabbitMQVersion(major: 4, minor: 2)
        // KI master(5d77668d) 78a06e4e "rabbitmq: Update to 4.3" (docs/domain.md §0.1).
        case .master: RabbitMQVersion(major: 4, minor: 3)
        }
    }

    /// The extra versioned images a series' branch builds beside the default `rabbitmq` one,
    /// selected by overriding `rabbitmq_image` (docs/domain.md §0.1).
    public static func alternativeImages(for release: OpenStackRelease) -> [RabbitMQImageVariant] {
        switch release {
        // KI 2023.1-eol(de829411): docker/rabbitmq/rabbitmq-3-12 (3.12.*), rabbitmq-3-13 (3.13.*).
        case .antelope:
            [RabbitMQImageVariant(image: "rabbitmq-3-12", version: RabbitMQVersion(major: 3, minor: 12)),
             RabbitMQImageVariant(image: "rabbitmq-3-13", version: RabbitMQVersion(major: 3, minor: 13))]
        // KI unmaintained/2024.1(6199b5b6), 2024.2-eol(a77ec9da), stable/2025.1(d1c4dd49):
        // docker/rabbitmq/rabbitmq-4-1 (4.1.*).
        case .caracal, .dalmatian, .epoxy:
            [RabbitMQImageVariant(image: "rabbitmq-4-1", version: RabbitMQVersion(major: 4, minor: 1))]
        default:
            []
        }
    }
}

/// A versioned RabbitMQ image a Kolla branch builds besides its default `rabbitmq` image.
public struct RabbitMQImageVariant: Hashable, Sendable {
    /// The image name (`rabbitmq-4-1`).
    public let image: String
    /// The RabbitMQ it ships.
    public let version: RabbitMQVersion
}

extension Substring {
    /// The text after the last occurrence of `marker`, or `nil` when `marker` does not occur.
    func kollaSuffix(after marker: String) -> Substring? {
        let needle = Array(marker.utf8)
        let bytes = Array(self.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var start = bytes.count - needle.count
        while start >= 0 {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) {
                let offset = start + needle.count
                let index = utf8.index(utf8.startIndex, offsetBy: offset)
                return self[index...]
            }
            start -= 1
        }
        return nil
    }
}
