import Testing
@testable import RMQLintCore
@testable import RMQLintKnowledge
@testable import RMQLintModel
@testable import RMQLintSource

/// ``OsloDefaultCache/settings(project:)`` looks up the defaults that do not depend on the
/// project once per release and shares them between projects. These tests hold it against
/// the general path: every option looked up for the project asked for.
@Suite("Oslo default cache")
struct OsloDefaultCacheTests {
    /// Each option's default as looked up for `project` alone, in `effectiveDefaultOptions` order.
    func lookedUp(project: String?, release: OpenStackRelease, selectedBy: [RMQLintSource.SourceLocation])
        -> [(key: String, setting: EffectiveSetting)] {
        effectiveDefaultOptions.compactMap { option in
            KollaKnowledge.osloDefault(section: option.section, key: option.key, release: release, project: project).map { found in
                (EffectiveServiceConfig.indexKey(option.section, option.key), EffectiveSetting(
                    section: option.section, key: option.key, value: found.value,
                    provenance: Provenance(origin: .osloDefault("\(found.definedBy): \(found.source)"), selectedBy: selectedBy)))
            }
        }
    }

    /// Projects whose own options differ (nova's `long_rpc_timeout`, neutron's
    /// `rpc_response_max_timeout`), `nova-cell` (read as nova), none, and one with no options.
    static let projects: [String?] = ["nova", "glance", nil, "neutron", "nova-cell", "", "keystone"]

    @Test func sharedDefaultsEqualEachProjectsOwnLookupInAnyOrder() {
        let location = RMQLintSource.SourceLocation(path: "etc/kolla/globals.yml", line: 3, column: 1)
        for release in OpenStackRelease.allCases {
            for order in [Self.projects, Self.projects.reversed()] {
                let cache = OsloDefaultCache(release: release, releaseLocation: location)
                for project in order {
                    let got = cache.settings(project: project)
                    let want = lookedUp(project: project, release: release, selectedBy: [location])
                    #expect(got.map { $0.0 } == want.map { $0.key }, "\(release) \(project ?? "nil")")
                    for (lhs, rhs) in zip(got, want) {
                        #expect(lhs.1.section == rhs.setting.section && lhs.1.key == rhs.setting.key
                                    && lhs.1.value == rhs.setting.value && lhs.1.provenance == rhs.setting.provenance,
                                "\(release) \(project ?? "nil") \(lhs.0)")
                    }
                }
            }
        }
    }

    /// Where the shortcut's precondition fails: a project's own option is looked up per project.
    @Test func projectOptionsAreNotShared() {
        #expect(KollaKnowledge.osloDefaultDependsOnProject(section: "DEFAULT", key: "long_rpc_timeout"))
        #expect(!KollaKnowledge.osloDefaultDependsOnProject(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold"))
        let cache = OsloDefaultCache(release: .caracal, releaseLocation: nil)
        let glance = cache.settings(project: "glance").map { $0.0 }
        let nova = cache.settings(project: "nova").map { $0.0 }
        let key = EffectiveServiceConfig.indexKey("DEFAULT", "long_rpc_timeout")
        #expect(nova.contains(key) && !glance.contains(key))
    }
}
