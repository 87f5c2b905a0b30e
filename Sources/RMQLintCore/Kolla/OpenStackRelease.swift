import RMQLintSource
import RMQLintJinja

// OpenStack series and Kolla-Ansible versions.
//
// Release map: docs/domain.md §0.1; Kolla-Ansible major numbers read from the tags of
// github.com/openstack/kolla-ansible (6.0.0 = queens … 15.0.0 = zed, 16.0.0 = 2023.1 …
// 22.0.0 = 2026.1). Series code names: KA master:doc/ and releasenotes/ ("Gazpacho (2026.1)").

/// An OpenStack release series as Kolla-Ansible knows it, oldest first; `master` is last.
public enum OpenStackRelease: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// Queens, Kolla-Ansible 6.x.
    case queens
    /// Rocky, Kolla-Ansible 7.x.
    case rocky
    /// Stein, Kolla-Ansible 8.x.
    case stein
    /// Train, Kolla-Ansible 9.x.
    case train
    /// Ussuri, Kolla-Ansible 10.x.
    case ussuri
    /// Victoria, Kolla-Ansible 11.x.
    case victoria
    /// Wallaby, Kolla-Ansible 12.x.
    case wallaby
    /// Xena, Kolla-Ansible 13.x.
    case xena
    /// Yoga, Kolla-Ansible 14.x.
    case yoga
    /// Zed, Kolla-Ansible 15.x.
    case zed
    /// 2023.1 (Antelope), Kolla-Ansible 16.x.
    case antelope
    /// 2023.2 (Bobcat), Kolla-Ansible 17.x.
    case bobcat
    /// 2024.1 (Caracal), Kolla-Ansible 18.x.
    case caracal
    /// 2024.2 (Dalmatian), Kolla-Ansible 19.x.
    case dalmatian
    /// 2025.1 (Epoxy), Kolla-Ansible 20.x.
    case epoxy
    /// 2025.2 (Flamingo), Kolla-Ansible 21.x.
    case flamingo
    /// 2026.1 (Gazpacho), Kolla-Ansible 22.x.
    case gazpacho
    /// The development branch; it has no Kolla-Ansible version number.
    case master

    /// The newest stable release rmqlint knows: the default target release (docs/spec.md §4). Never `master`.
    public static let newestStable: OpenStackRelease = .gazpacho

    /// The series name Kolla uses in `openstack_release`: `queens`…`zed`, `2023.1`…`2026.1`, `master`.
    public var name: String {
        switch self {
        case .queens: "queens"
        case .rocky: "rocky"
        case .stein: "stein"
        case .train: "train"
        case .ussuri: "ussuri"
        case .victoria: "victoria"
        case .wallaby: "wallaby"
        case .xena: "xena"
        case .yoga: "yoga"
        case .zed: "zed"
        case .antelope: "2023.1"
        case .bobcat: "2023.2"
        case .caracal: "2024.1"
        case .dalmatian: "2024.2"
        case .epoxy: "2025.1"
        case .flamingo: "2025.2"
        case .gazpacho: "2026.1"
        case .master: "master"
        }
    }

    /// The code name (`antelope` for 2023.1); the series name itself before 2023.1 and for `master`.
    public var codename: String {
        switch self {
        case .antelope: "antelope"
        case .bobcat: "bobcat"
        case .caracal: "caracal"
        case .dalmatian: "dalmatian"
        case .epoxy: "epoxy"
        case .flamingo: "flamingo"
        case .gazpacho: "gazpacho"
        default: name
        }
    }

    /// The Kolla-Ansible major version of the series (queens = 6 … 2026.1 = 22); `nil` for `master`.
    public var kollaMajor: Int? {
        self == .master ? nil : rawValue + 6
    }

    /// The release whose Kolla-Ansible major version is `major` (6…22).
    public init?(kollaMajor major: Int) {
        guard major >= 6, major <= 22, let release = OpenStackRelease(rawValue: major - 6) else {
            return nil
        }
        self = release
    }

    /// The release named `name`: a series name (`wallaby`, `2024.1`, `master`) or a code name
    /// (`caracal`), in any letter case. Surrounding whitespace is ignored.
    public init?(name: String) {
        let wanted = name.kollaTrimmed().lowercased()
        guard let found = OpenStackRelease.allCases.first(where: { $0.name == wanted || $0.codename == wanted }) else {
            return nil
        }
        self = found
    }

    /// Release order: queens first, master last.
    public static func < (lhs: OpenStackRelease, rhs: OpenStackRelease) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The series name.
    public var description: String { name }

    /// The Kolla-Ansible git ref read as this series' "branch tip" (docs/domain.md §0 / §0.1).
    package var kollaAnsibleRef: String {
        switch self {
        case .antelope: "2023.1-eol"
        case .bobcat: "2023.2-eol"
        case .caracal: "unmaintained/2024.1"
        case .dalmatian: "2024.2-eol"
        case .epoxy: "stable/2025.1"
        case .flamingo: "stable/2025.2"
        case .gazpacho: "stable/2026.1"
        case .master: "master"
        default: "\(name)-eol"
        }
    }
}

/// A Kolla-Ansible version: a release series, optionally narrowed to a tag.
///
/// `minor == nil` means the branch tip (the newest code of the series, which contains every
/// backport); `patch == nil` with a minor means "any patch of that minor".
public struct KollaVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The series.
    public let release: OpenStackRelease
    /// The Kolla-Ansible minor version (`3` in 16.3.0); `nil` for the branch tip.
    public let minor: Int?
    /// The Kolla-Ansible patch version (`0` in 16.3.0); `nil` when unknown.
    public let patch: Int?

    /// Creates a version; `minor` is ignored for `master`, which has no tags.
    public init(_ release: OpenStackRelease, minor: Int? = nil, patch: Int? = nil) {
        self.release = release
        self.minor = release == .master ? nil : minor
        self.patch = self.minor == nil ? nil : patch
    }

    /// Whether this is the tip of its branch rather than a tag.
    public var isBranchTip: Bool { minor == nil }

    /// Whether this version contains a change first released in `<major>.<minor>.0` of its own
    /// series. A branch tip contains every change of its branch.
    func includes(minor first: Int) -> Bool {
        guard let minor else { return true }
        return minor >= first
    }

    /// Series first; within a series tags by number, the branch tip last.
    public static func < (lhs: KollaVersion, rhs: KollaVersion) -> Bool {
        if lhs.release != rhs.release { return lhs.release < rhs.release }
        // A missing component sorts after every number: the tip is newer than any tag.
        let lm = lhs.minor ?? Int.max, rm = rhs.minor ?? Int.max
        if lm != rm { return lm < rm }
        return (lhs.patch ?? Int.max) < (rhs.patch ?? Int.max)
    }

    /// `2023.1`, or `2023.1 (16.3.0)` for a tag.
    public var description: String {
        guard let minor, let major = release.kollaMajor else { return release.name }
        if let patch { return "\(release.name) (\(major).\(minor).\(patch))" }
        return "\(release.name) (\(major).\(minor))"
    }

    /// Parses a release as operators write it: a series name in any case (`Wallaby`, `2024.1`,
    /// `caracal`, `master`), a Kolla-Ansible tag number (`16.3.0`, `16.3`, `16`), a branch
    /// (`stable/2024.1`, `unmaintained/yoga`) or an end-of-life tag (`2024.1-eol`, `zed-eol`,
    /// `yoga-eom`, `queens-em`). Anything else, including Kolla's old `auto`, gives `nil`
    /// (the caller reports RMQ002 and assumes ``OpenStackRelease/newestStable``).
    public static func parse(_ text: String) -> KollaVersion? {
        let trimmed = text.kollaTrimmed()
        // Release names are short; refusing long input keeps this O(1) on hostile files.
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        let lower = trimmed.lowercased()
        if lower == "master" { return KollaVersion(.master) }
        for prefix in ["stable/", "unmaintained/"] where lower.hasPrefix(prefix) {
            return seriesOnly(String(lower.dropFirst(prefix.count)))
        }
        for suffix in ["-eol", "-eom", "-em"] where lower.hasSuffix(suffix) {
            return seriesOnly(String(lower.dropLast(suffix.count)))
        }
        if let release = OpenStackRelease(name: lower) { return KollaVersion(release) }
        return parseTagNumber(lower)
    }

    /// A series name that must not be `master` (there is no `stable/master` or `master-eol`).
    private static func seriesOnly(_ name: String) -> KollaVersion? {
        guard let release = OpenStackRelease(name: name), release != .master else { return nil }
        return KollaVersion(release)
    }

    /// `N`, `N.M` or `N.M.P` with N a known Kolla-Ansible major (6…22).
    private static func parseTagNumber(_ text: String) -> KollaVersion? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard let number = kollaSmallDecimal(part) else { return nil }
            numbers.append(number)
        }
        guard let major = numbers.first, let release = OpenStackRelease(kollaMajor: major) else { return nil }
        let minor = numbers.count > 1 ? numbers[1] : nil
        let patch = numbers.count > 2 ? numbers[2] : nil
        return KollaVersion(release, minor: minor, patch: patch)
    }
}

/// A non-negative decimal of at most 6 ASCII digits, or `nil`.
func kollaSmallDecimal(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 6 else { return nil }
    var value = 0
    for byte in text.utf8 {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
    }
    return value
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    func kollaTrimmed() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
