import Testing
@testable import RMQLintCore
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// A rendered file's effective config holds its own settings over the release's defaults as
/// shared layers (nothing copied per candidate release). These tests hold the layers against
/// the table the model used to copy: the file's settings merged over the defaults, each option
/// the release's oslo.messaging lacks marked, sorted by index key.
@Suite("Rendered configs as layers")
struct LayeredSettingsTests {
    /// Collected configs of no release (so every candidate release is checked), setting
    /// options some releases lack (`rabbit_quorum_queue` < 12.13, `rabbit_stream_fanout`,
    /// `use_queue_manager` < 14.7), one removed on master, a defaulted option, a mixed-case
    /// section, a repeated key, layouts shared by several files, and two option lists that
    /// only an unambiguous key list tells apart.
    static let files: [String: String] = [
        "/f/ctl01/nova-api/nova.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw1@10.0.0.11:5672,openstack:pw2@10.0.0.12:5672//
            rpc_response_timeout = 60
            debug = true
            [oslo_messaging_rabbit]
            heartbeat_in_pthread = true
            rabbit_quorum_queue = true
            [database]
            connection = mysql://x
            """,
        "/f/ctl02/nova-api/nova.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw1@10.0.0.11:5672,openstack:pw2@10.0.0.12:5672//
            rpc_response_timeout = 30
            [oslo_messaging_rabbit]
            heartbeat_in_pthread = false
            rabbit_quorum_queue = true
            """,
        "/f/ctl01/neutron-server/neutron.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw1@10.0.0.11:5672//
            [Oslo_Messaging_Rabbit]
            rabbit_stream_fanout = true
            use_queue_manager = true
            amqp_durable_queues = false
            amqp_durable_queues = true
            [oslo_messaging_notifications]
            driver = noop
            """,
        "/f/cmp01/nova-compute/nova.conf": """
            [oslo_messaging_rabbit]
            heartbeat_timeout_threshold = 0
            rabbit_transient_quorum_queue = false
            """,
        "/f/cmp02/nova-compute/nova.conf": """
            [oslo_messaging_rabbit]
            heartbeat_timeout_threshold = 10
            rabbit_transient_quorum_queue = true
            """,
        // Two files whose option lists read the same when joined by the separator one key
        // holds: they must not share a layout.
        "/f/ctl01/nova-conductor/nova.conf": """
            [oslo_messaging_rabbit]
            heartbeat_in_pthread\u{1E}oslo_messaging_rabbit\u{1F}rabbit_quorum_queue = true
            """,
        "/f/ctl02/nova-conductor/nova.conf": """
            [oslo_messaging_rabbit]
            heartbeat_in_pthread = true
            rabbit_quorum_queue = true
            """,
    ]

    func deployment() throws -> Deployment {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in Self.files { fs.addFile(path, contents: contents + "\n") }
        let model = try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: ["/f"])).get().model
        return try #require(model.deployments.first)
    }

    /// The table the model used to copy per config: the file's own settings (marked when the
    /// release's oslo.messaging lacks the option) and the project's defaults where the file
    /// leaves an option unset, sorted by index key.
    func copiedTable(_ document: INIDocument, project: String?, defaults: OsloDefaultCache, release: OpenStackRelease)
        -> [(key: String, setting: EffectiveSetting)] {
        var table: [String: EffectiveSetting] = [:]
        for entry in MergedSettings.fileSettings(document, variables: nil, extra: [:]) {
            var setting = entry.setting
            setting.unavailableBefore = KollaKnowledge.osloOptionAdded(section: setting.section, key: setting.key, release: release)
            table[entry.key] = setting
        }
        for (key, setting) in defaults.settings(project: project) where table[key] == nil { table[key] = setting }
        return table.sorted { $0.key < $1.key }.map { (key: $0.key, setting: $0.value) }
    }

    func same(_ lhs: EffectiveSetting?, _ rhs: EffectiveSetting?) -> Bool {
        guard let lhs, let rhs else { return lhs == nil && rhs == nil }
        return lhs.section == rhs.section && lhs.key == rhs.key && lhs.value == rhs.value && lhs.provenance == rhs.provenance
            && lhs.isConditional == rhs.isConditional && lhs.overridden == rhs.overridden
            && lhs.unavailableBefore == rhs.unavailableBefore && lhs.writtenText == rhs.writtenText
            && lhs.transportURLHosts == rhs.transportURLHosts
    }

    @Test func layeredSettingsEqualTheCopiedTableOnEveryKeyOfEveryCandidateRelease() throws {
        let base = try deployment()
        let releases = ModelBuilder.candidateReleases(of: base)
        #expect(releases.count > 10)
        let rendered = ModelBuilder.renderedFileSettings(of: base)
        #expect(rendered.count == Self.files.count)
        // The two nova-conductor files set different options whose keys read the same joined.
        let conductors = rendered.filter { $0.path.hasSuffix("nova-conductor/nova.conf") }
        #expect(conductors.count == 2)
        #expect(Set(conductors.map { $0.sorted.map(\.key).joined(separator: "\u{1E}") }).count == 1)
        #expect(Set(conductors.map(\.keyList)).count == 2)
        var marked = 0
        for release in releases {
            let candidate = ModelBuilder.candidate(of: base, release: release, rendered: rendered)
            let configs = candidate.effective.configs.filter(\.isRenderedLayers)
            #expect(configs.count == rendered.count)
            let defaults = OsloDefaultCache(release: release, releaseLocation: candidate.release.globalsLocation)
            for (config, own) in zip(configs, rendered) {
                let document = try #require(base.osloFiles.first { $0.document.path == own.path }?.document)
                let expected = copiedTable(document, project: config.project, defaults: defaults, release: release)
                let settings = config.settings
                #expect(settings.count == expected.count, "\(release) \(own.path)")
                for (setting, entry) in zip(settings, expected) {
                    #expect(same(setting, entry.setting), "\(release) \(entry.key)")
                    // Every key looks up the same setting, by name and by lookup key.
                    #expect(same(config.setting(section: entry.setting.section, key: entry.setting.key), entry.setting))
                    #expect(same(config.setting(lookupKey: EffectiveServiceConfig.lookupKey(
                        section: entry.setting.section, key: entry.setting.key)), entry.setting))
                    #expect(same(config.activeSetting(section: entry.setting.section, key: entry.setting.key),
                                 entry.setting.unavailableBefore == nil ? entry.setting : nil))
                    if entry.setting.unavailableBefore != nil { marked += 1 }
                }
                #expect(config.setting(section: "oslo_messaging_rabbit", key: "no_such_option") == nil)
                #expect(config.layers == [own.path])
                // Nothing a rendered file's config holds overrides a lower layer (so the model's
                // index of overridden lines skips these configs unread).
                #expect(settings.allSatisfy { $0.overridden.isEmpty })
            }
        }
        // Old releases lack options the files set: the marks were compared, not only absent.
        #expect(marked > 0)
    }

    @Test func assignedSettingsReplaceTheLayers() throws {
        let base = try deployment()
        let release = try #require(ModelBuilder.candidateReleases(of: base).first)
        let candidate = ModelBuilder.candidate(of: base, release: release, rendered: ModelBuilder.renderedFileSettings(of: base))
        let layered = candidate.effective.configs.first { $0.isRenderedLayers }
        var config = try #require(layered)
        let original = config
        var settings = config.settings
        settings[0].value = "changed"
        config.settings = settings
        #expect(!config.isRenderedLayers)
        #expect(config.settings.map(\.value) == settings.map(\.value))
        #expect(config.setting(section: settings[0].section, key: settings[0].key)?.value == "changed")
        // Value semantics: the copy taken before still reads its layers.
        #expect(original.isRenderedLayers)
        #expect(original.settings[0].value != "changed")
    }

    /// A rendered config reads its project and catalogue entry from its file's shape, worked
    /// out once per model: each is what the file alone gives in the release (the service's
    /// entry, and the project of the role, of the entry, else of the file name).
    @Test func configsOfAShapeReadWhatTheirFileAloneGivesOnEveryCandidateRelease() throws {
        var files = Self.files
        // A file whose key list another service's file shares (one key list, two shapes), and
        // a loose file whose project only its name gives (no service, no role project).
        files["/f/ctl02/nova-scheduler/nova.conf"] = files["/f/ctl02/nova-api/nova.conf"]
        files["/f/nova.conf"] = files["/f/cmp01/nova-compute/nova.conf"]
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in files { fs.addFile(path, contents: contents + "\n") }
        let base = try #require(try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: ["/f"])).get().model.deployments.first)
        let rendered = ModelBuilder.renderedFileSettings(of: base)
        let index = RenderedFileIndex(rendered)
        #expect(index.shapeFirstFiles.count < rendered.count)
        #expect(Set(index.keyListIDs).count < index.shapeFirstFiles.count)
        #expect(rendered.contains { $0.service == nil && $0.project == nil && $0.projectOfFileName == "nova" })
        for release in ModelBuilder.candidateReleases(of: base) {
            let candidate = ModelBuilder.candidate(of: base, release: release, rendered: rendered)
            let configs = candidate.effective.configs.filter(\.isRenderedLayers)
            #expect(configs.count == rendered.count)
            for (config, own) in zip(configs, rendered) {
                let entry = own.service.flatMap { KollaKnowledge.service(named: $0, release: release) }
                let project = own.project ?? entry?.project ?? own.projectOfFileName
                #expect(config.service == own.service)
                #expect(config.project == project, "\(release) \(own.path)")
                #expect(config.kollaService == entry, "\(release) \(own.path)")
                #expect(config.host == own.host)
                #expect(config.origin == .rendered(path: own.path))
                #expect(config.layers == [own.path])
                #expect(config.label == (own.host.map { "\(own.service ?? project ?? "service") on \($0)" }
                    ?? own.service ?? project ?? "service"))
            }
        }
    }

    /// Changing a field of a rendered file's config gives the config fields of its own; the
    /// others read as before, and copies taken before are unchanged.
    @Test func changingARenderedConfigKeepsItsOtherFieldsAndItsCopies() throws {
        let base = try deployment()
        let release = try #require(ModelBuilder.candidateReleases(of: base).first)
        let candidate = ModelBuilder.candidate(of: base, release: release, rendered: ModelBuilder.renderedFileSettings(of: base))
        let original = try #require(candidate.effective.configs.first { $0.isRenderedLayers && $0.host != nil })
        var config = original
        config.host = "elsewhere"
        #expect(config.host == "elsewhere")
        #expect(original.host != "elsewhere")
        #expect(original.isRenderedLayers)
        #expect(config.service == original.service)
        #expect(config.project == original.project)
        #expect(config.kollaService == original.kollaService)
        #expect(config.origin == original.origin)
        #expect(config.layers == original.layers)
        #expect(config.settings.count == original.settings.count)
        for (changed, kept) in zip(config.settings, original.settings) {
            #expect(same(changed, kept))
            #expect(same(config.setting(section: kept.section, key: kept.key), kept))
        }
        // A config with fields of its own changes in place, or copies them when they are shared.
        var copy = config
        copy.service = "other"
        #expect(copy.service == "other")
        #expect(config.service == original.service)
        copy.service = "again"
        #expect(copy.service == "again")
        #expect(copy.host == "elsewhere")
    }

    /// A setting's `unavailableBefore` is held in the setting when the version packs into one
    /// integer, else in its storage: either way it reads back as set, and a copy taken before
    /// keeps its own; versions that do not pack (a negative or too large part) take the storage.
    @Test func unavailableBeforeReadsBackAsSetWhetherPackedOrStored() throws {
        let largest = (1 << EffectiveSetting.partBits) - 2
        let packable = [OsloMessagingVersion(0, 0, 0), OsloMessagingVersion(14, 7), OsloMessagingVersion(largest, largest, largest)]
        let unpackable = [OsloMessagingVersion(-1, 0), OsloMessagingVersion(largest + 1, 0), OsloMessagingVersion(1, 1 << 40),
                          OsloMessagingVersion(1, 2, -3)]
        for version in packable {
            #expect(EffectiveSetting.pack(version).flatMap(EffectiveSetting.unpack) == version)
        }
        for version in unpackable { #expect(EffectiveSetting.pack(version) == nil) }
        #expect(EffectiveSetting.unpack(0) == nil)
        let plain = EffectiveSetting(section: "oslo_messaging_rabbit", key: "rabbit_quorum_queue", value: "true",
                                     provenance: Provenance(origin: .osloDefault("test")))
        for first in packable + unpackable + [nil] {
            for second in packable + unpackable + [nil] {
                var setting = plain
                setting.unavailableBefore = first
                let copy = setting
                #expect(setting.unavailableBefore == first)
                setting.unavailableBefore = second
                #expect(setting.unavailableBefore == second)
                #expect(copy.unavailableBefore == first)
                #expect(plain.unavailableBefore == nil)
                #expect(setting.value == "true" && setting.key == "rabbit_quorum_queue")
            }
        }
    }

    /// `setOptions` against the walk it replaces (RMQ207 read every setting of every config).
    @Test func setOptionsListEachNonDefaultOptionOnceInFirstSeenOrder() throws {
        let base = try deployment()
        let rendered = ModelBuilder.renderedFileSettings(of: base)
        for release in ModelBuilder.candidateReleases(of: base) {
            let candidate = ModelBuilder.candidate(of: base, release: release, rendered: rendered)
            var walked: [String] = []
            for config in candidate.effective.configs {
                for setting in config.settings where !setting.isOsloDefault {
                    let name = (setting.section == "DEFAULT" ? "DEFAULT" : setting.section.lowercased()) + " " + setting.key
                    if !walked.contains(name) { walked.append(name) }
                }
            }
            let listed = candidate.effective.setOptions.map { $0.section + " " + $0.key }
            #expect(listed == walked, "\(release)")
            #expect(listed.contains("oslo_messaging_rabbit rabbit_stream_fanout"))
            #expect(listed.contains("oslo_messaging_rabbit heartbeat_timeout_threshold"))
        }
    }
}
