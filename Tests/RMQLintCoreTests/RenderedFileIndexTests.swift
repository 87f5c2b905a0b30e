import Testing
@testable import RMQLintCore
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// What each rendered file's settings record about the file once (on every core) and the
/// index and the cluster then join, held against the file-by-file walks they replace.
@Suite("Rendered file index")
struct RenderedFileIndexTests {
    /// Collected configs of a tree without inventory: key lists shared by several files, a
    /// mixed-case section, and `[DEFAULT] transport_url` lines that repeat in a file (the first
    /// of the longest is not the line the file keeps), are templated, or tie in length.
    static let fleet: [String: String] = [
        "/f/ctl01/nova-api/nova.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw@10.0.0.11:5672,openstack:pw@10.0.0.12:5672//
            [oslo_messaging_rabbit]
            heartbeat_in_pthread = true
            """,
        "/f/ctl02/nova-api/nova.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw@10.0.0.11:5672,openstack:pw@10.0.0.12:5672,openstack:pw@10.0.0.13:5672//
            debug = true
            transport_url = rabbit://openstack:pw@10.0.0.21:5672,openstack:pw@10.0.0.22:5672,openstack:pw@10.0.0.23:5672//
            [oslo_messaging_rabbit]
            heartbeat_in_pthread = false
            """,
        "/f/ctl03/nova-api/nova.conf": """
            [DEFAULT]
            transport_url = rabbit://{{ a }}:5672,{{ b }}:5672,{{ c }}:5672,{{ d }}:5672//
            transport_url = rabbit://openstack:pw@10.0.0.31:5672,openstack:pw@10.0.0.32:5672,openstack:pw@10.0.0.33:5672//
            [oslo_messaging_rabbit]
            heartbeat_in_pthread = true
            """,
        "/f/ctl01/neutron-server/neutron.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw@10.0.0.11:5672//
            [Oslo_Messaging_Rabbit]
            amqp_durable_queues = true
            """,
        "/f/ctl02/neutron-server/neutron.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:pw@10.0.0.12:5672//
            [oslo_messaging_rabbit]
            amqp_durable_queues = false
            """,
        "/f/cmp01/nova-compute/nova.conf": """
            [oslo_messaging_rabbit]
            heartbeat_timeout_threshold = 0
            """,
    ]

    func deployment(_ files: [String: String]) throws -> Deployment {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in files { fs.addFile(path, contents: contents + "\n") }
        let model = try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: ["/f"])).get().model
        return try #require(model.deployments.first)
    }

    @Test func filesSettingPerKeyListEqualsTheFileByFileWalk() throws {
        let base = try deployment(Self.fleet)
        let rendered = ModelBuilder.renderedFileSettings(of: base)
        let index = RenderedFileIndex(rendered)
        #expect(index.plainKeys)
        // Several files share a key list: the shortcut has something to share.
        #expect(Set(index.keyListIDs).count < rendered.count)
        #expect(index.filesSetting == RenderedFileIndex.filesSettingFileByFile(rendered))
        #expect(index.oneTransportHostFiles == rendered.indices.filter { position in
            rendered[position].settings.contains { $0.transportURLHosts?.count == 1 }
        })
        #expect(index.ownLinesInOwnFiles)
    }

    /// An option name holding the index key's separator: the per-key-list precondition fails,
    /// and the index walks the files one by one.
    @Test func separatorInANameFallsBackToTheFileByFileWalk() throws {
        var files = Self.fleet
        files["/f/ctl04/nova-api/nova.conf"] = """
            [oslo_messaging_rabbit]
            heartbeat_in_pthread\u{1F}x = true
            """
        let base = try deployment(files)
        let rendered = ModelBuilder.renderedFileSettings(of: base)
        let index = RenderedFileIndex(rendered)
        #expect(!index.plainKeys)
        #expect(index.filesSetting == RenderedFileIndex.filesSettingFileByFile(rendered))
    }

    /// The index keys a file's settings are sorted by are made again from each setting when
    /// asked: the keys the file's settings were merged under, also where one option is
    /// written in two spellings of its section.
    @Test func sortedKeysAreTheKeysTheFileWasMergedUnder() throws {
        var files = Self.fleet
        files["/f/ctl04/nova-api/nova.conf"] = """
            [oslo_messaging_rabbit]
            amqp_durable_queues = false
            [Oslo_Messaging_Rabbit]
            amqp_durable_queues = true
            """
        let base = try deployment(files)
        for own in ModelBuilder.renderedFileSettings(of: base) {
            let document = try #require(base.osloFiles.first { $0.document.path == own.path }?.document)
            let merged = MergedSettings.fileSettings(document, variables: nil, extra: [:]).sorted { $0.key < $1.key }
            #expect(own.sorted.map(\.key) == merged.map(\.key), "\(own.path)")
            #expect(own.sorted.map(\.setting.value) == merged.map(\.setting.value), "\(own.path)")
            #expect(own.keyList == RenderedFileSettings.keyList(merged.map(\.key)))
        }
    }

    /// Every field a setting read from a rendered file's rows (``RenderedRows``) gives, as
    /// the setting made by the general path gives it.
    /// `settings` through ``RenderedRows``, sharing host lists among them only.
    private static func rows(_ settings: [EffectiveSetting]) -> [EffectiveSetting] {
        var sharing = RenderedFileSharing()
        return RenderedRows.settings(settings, sharing: &sharing)
    }

    private static func expectSameFields(_ row: EffectiveSetting, _ made: EffectiveSetting, _ label: String) {
        #expect(row.section == made.section && row.key == made.key, "\(label)")
        #expect(row.value == made.value && row.writtenText == made.writtenText, "\(label)")
        #expect(row.provenance == made.provenance && row.anchor == made.anchor, "\(label)")
        #expect(row.isConditional == made.isConditional && row.overridden == made.overridden, "\(label)")
        #expect(row.unavailableBefore == made.unavailableBefore && row.transportURLHosts == made.transportURLHosts, "\(label)")
        #expect(row.isOsloDefault == made.isOsloDefault && row.isKollaTemplate == made.isKollaTemplate, "\(label)")
        #expect(row.isWrittenInTree == made.isWrittenInTree && row.isDefault == made.isDefault, "\(label)")
    }

    /// A rendered file's settings are held as rows of one table, read as the settings the
    /// general path makes (templated, repeated and mixed-case lines, `transport_url`s), and
    /// changed as they are (a copy changes, the table and other copies do not). Settings of
    /// another shape (conditional, selected by lines, overriding, marked) stay as they were made.
    @Test func settingsReadFromRowsAreTheSettingsMade() throws {
        let base = try deployment(Self.fleet)
        for own in ModelBuilder.renderedFileSettings(of: base) {
            let document = try #require(base.osloFiles.first { $0.document.path == own.path }?.document)
            let made = MergedSettings.fileSettings(document, variables: nil, extra: [:]).sorted { $0.key < $1.key }.map(\.setting)
            #expect(own.settings.count == made.count)
            for (row, setting) in zip(own.settings, made) {
                Self.expectSameFields(row, setting, own.path)
                var changedRow = row, changedMade = setting
                changedRow.value = "changed"
                changedMade.value = "changed"
                changedRow.unavailableBefore = OsloMessagingVersion(14, 4, 0)
                changedMade.unavailableBefore = OsloMessagingVersion(14, 4, 0)
                Self.expectSameFields(changedRow, changedMade, own.path)
                Self.expectSameFields(row, setting, own.path)
                // A version marked on a row, then one that does not pack (held in a storage of its own).
                var markedRow = row, markedMade = setting
                for version in [OsloMessagingVersion(14, 4, 0), OsloMessagingVersion(1 << 20, 0), nil] {
                    markedRow.unavailableBefore = version
                    markedMade.unavailableBefore = version
                    Self.expectSameFields(markedRow, markedMade, own.path)
                }
                Self.expectSameFields(row, setting, own.path)
            }
            Self.expectSameFields(own.settings[0], Self.rows(made)[0], own.path)
        }
        let location = RMQLintSource.SourceLocation(path: "a.conf", line: 2, column: 9)
        var conditional = EffectiveSetting(
            section: "DEFAULT", key: "transport_url", value: "rabbit://u:p@h:5672//", provenance: Provenance(origin: .file(location)),
            isConditional: true)
        conditional.writtenText = "rabbit://u:p@h:5672//"
        var selected = EffectiveSetting(
            section: "DEFAULT", key: "debug", value: "true", provenance: Provenance(origin: .file(location), selectedBy: [location]))
        selected.writtenText = "true"
        var differing = EffectiveSetting(section: "DEFAULT", key: "debug", value: "true", provenance: Provenance(origin: .file(location)))
        differing.writtenText = "{{ debug }}"
        let unwritten = EffectiveSetting(section: "DEFAULT", key: "debug", value: "true", provenance: Provenance(origin: .file(location)))
        var marked = selected
        marked.provenance = Provenance(origin: .file(location))
        marked.unavailableBefore = OsloMessagingVersion(3_000_000, 0, 0)
        // Rows hold one path for the table and their ranges in 32 bits: a line of another file,
        // or a range beyond 32 bits, keeps the settings as made.
        var elsewhere = EffectiveSetting(
            section: "DEFAULT", key: "debug", value: "true",
            provenance: Provenance(origin: .file(RMQLintSource.SourceLocation(path: "b.conf", line: 2, column: 9))))
        elsewhere.writtenText = "true"
        var far = EffectiveSetting(
            section: "DEFAULT", key: "debug", value: "true",
            provenance: Provenance(origin: .file(RMQLintSource.SourceLocation(path: "a.conf", line: 1 << 31, column: 9))))
        far.writtenText = "true"
        for other in [conditional, selected, differing, unwritten, marked, elsewhere, far] {
            var plain = EffectiveSetting(section: "DEFAULT", key: "debug", value: "true", provenance: Provenance(origin: .file(location)))
            plain.writtenText = "true"
            let settings = [plain, other]
            for (kept, setting) in zip(Self.rows(settings), settings) { Self.expectSameFields(kept, setting, other.key) }
        }
    }

    /// Files made together hold equal `transport_url` host lists as one array, and each
    /// setting still reads the hosts its own line names.
    @Test func equalHostListsAreSharedAndReadAsParsed() {
        let location = RMQLintSource.SourceLocation(path: "a.conf", line: 1, column: 1)
        let urls = ["rabbit://u:p@h1:5672,u:q@h2:5672//", "rabbit://u:r@h1:5672,u:s@h2:5672//", "rabbit://u:p@h3:5672//",
                    "rabbit://u:t@h1:5672,u:v@h2:5672//", "{{ templated }}"]
        var sharing = RenderedFileSharing()
        var made: [[EffectiveSetting]] = []
        for url in urls {
            var setting = EffectiveSetting(
                section: "DEFAULT", key: "transport_url", value: url, provenance: Provenance(origin: .file(location)))
            setting.writtenText = url
            made.append(RenderedRows.settings([setting], sharing: &sharing))
            Self.expectSameFields(made[made.count - 1][0], setting, url)
        }
        let hosts = made.map { $0[0].transportURLHosts }
        #expect(hosts[0] == ["h1", "h2"] && hosts[2] == ["h3"] && hosts[4] == nil)
        func sameBuffer(_ lhs: [String]?, _ rhs: [String]?) -> Bool {
            guard let lhs, let rhs else { return false }
            return lhs.withUnsafeBufferPointer { left in rhs.withUnsafeBufferPointer { left.baseAddress == $0.baseAddress } }
        }
        #expect(sameBuffer(hosts[0], hosts[1]) && sameBuffer(hosts[0], hosts[3]))
        #expect(!sameBuffer(hosts[0], hosts[2]))
    }

    /// A table holds at most `maxRows` rows (a setting keeps its row number beside its packed
    /// version): settings of every row of a full table read as made, and one more setting than
    /// that keeps the settings as they are.
    @Test func rowNumbersReadBackUpToTheLargestTable() {
        let location = RMQLintSource.SourceLocation(path: "a.conf", line: 1, column: 1)
        func made(_ count: Int) -> [EffectiveSetting] {
            (0..<count).map { number in
                var setting = EffectiveSetting(
                    section: "DEFAULT", key: "k\(number)", value: "\(number)", provenance: Provenance(origin: .file(location)))
                setting.writtenText = "\(number)"
                return setting
            }
        }
        for count in [RenderedRows.maxRows, RenderedRows.maxRows + 1] {
            let settings = made(count)
            let kept = Self.rows(settings)
            #expect(kept.count == count)
            for number in [0, 1, RenderedRows.maxRows / 2, RenderedRows.maxRows - 1, count - 1] {
                var row = kept[number]
                Self.expectSameFields(row, settings[number], "\(count) \(number)")
                row.unavailableBefore = OsloMessagingVersion(14, 4, 0)
                #expect(row.key == "k\(number)" && row.unavailableBefore == OsloMessagingVersion(14, 4, 0))
            }
        }
    }

    /// A rendered file's settings are made as rows straight from its entries, which needs at
    /// most `maxRows` of them: a file with one setting more is made by the general path (its
    /// settings held as made), and reads the same either way. Templated, repeated and
    /// `transport_url` lines, and lines in Jinja blocks (left out), are among them.
    @Test func renderedFileSettingsBeyondTheLargestTableAreMadeByTheGeneralPath() throws {
        func location(_ line: Int) -> RMQLintSource.SourceLocation {
            RMQLintSource.SourceLocation(path: "big.conf", line: line, column: 5)
        }
        let block = INICondition(kind: .branch, test: "x", location: location(1))
        for count in [3, RenderedRows.maxRows, RenderedRows.maxRows + 1] {
            var entries = (0..<(count - 2)).map { number in
                INIEntry(key: "k\(number)", value: "\(number)", keyLocation: location(number + 2), valueLocation: location(number + 2))
            }
            entries += [
                INIEntry(key: "k0", value: "again", keyLocation: location(count), valueLocation: location(count)),
                INIEntry(key: "heartbeat_in_pthread", value: "{{ x }}", keyLocation: location(count + 1),
                         valueLocation: location(count + 1), isTemplated: true),
                INIEntry(key: "conditional", value: "true", keyLocation: location(count + 2),
                         valueLocation: location(count + 2), conditions: [block]),
            ]
            let url = "rabbit://u:p@h1:5672,u:p@h2:5672//"
            let document = INIDocument(path: "big.conf", sections: [
                INISection(name: "DEFAULT", nameLocation: location(1), entries: [
                    INIEntry(key: "transport_url", value: url, keyLocation: location(1), valueLocation: location(1)),
                ]),
                INISection(name: "oslo_messaging_rabbit", nameLocation: location(1), entries: entries),
            ])
            let own = RenderedFileSettings(file: OsloConfigFile(document: document, role: .looseOslo), host: nil)
            let made = MergedSettings.fileSettings(document, variables: nil, extra: [:]).sorted { $0.key < $1.key }
            // The repeated key is one setting, its last line's (found among few keys or in a table).
            #expect(own.settings.count == made.count && own.settings.count == count)
            #expect(own.settings.first { $0.key == "k0" }?.value == "again")
            #expect(own.keyList == RenderedFileSettings.keyList(made.map(\.key)))
            #expect(own.brokerHosts?.hosts == ["h1", "h2"] && own.brokerHosts?.location == location(1))
            let checked = Set([0, 1, count / 2, made.count - 2, made.count - 1])
            for (position, (setting, expected)) in zip(own.settings, made).enumerated() where checked.contains(position) {
                Self.expectSameFields(setting, expected.setting, "\(count) \(position)")
            }
        }
    }

    /// What a file made from rows records about itself (read from its rows) is what its
    /// settings say (``RenderedFileSettings/facts(_:path:)``); also for a file made by the
    /// general path because a line is in another file (its own lines are then not all in it),
    /// and for names holding the index key's separator.
    @Test func factsReadFromRowsAreTheSettingsFacts() throws {
        var files = Self.fleet
        files["/f/ctl04/nova-api/nova.conf"] = "[oslo_messaging_rabbit]\nheartbeat_in_pthread\u{1F}x = true\n"
        let base = try deployment(files)
        func expectFacts(_ own: RenderedFileSettings) {
            let facts = RenderedFileSettings.facts(own.settings, path: own.path)
            #expect(own.holdsKeySeparator == facts.holdsKeySeparator, "\(own.path)")
            #expect(own.namesOneTransportHost == facts.namesOneTransportHost, "\(own.path)")
            #expect(own.ownLinesInOwnFile == facts.ownLinesInOwnFile, "\(own.path)")
        }
        let rendered = ModelBuilder.renderedFileSettings(of: base)
        #expect(rendered.contains { $0.holdsKeySeparator } && rendered.contains { $0.namesOneTransportHost })
        rendered.forEach(expectFacts)
        let here = RMQLintSource.SourceLocation(path: "a.conf", line: 1, column: 1)
        let elsewhere = RMQLintSource.SourceLocation(path: "b.conf", line: 1, column: 1)
        let document = INIDocument(path: "a.conf", sections: [
            INISection(name: "DEFAULT", nameLocation: here, entries: [
                INIEntry(key: "transport_url", value: "rabbit://u:p@h1:5672//", keyLocation: here, valueLocation: here),
            ]),
            INISection(name: "oslo_messaging_rabbit", nameLocation: here, entries: [
                INIEntry(key: "heartbeat_in_pthread", value: "true", keyLocation: elsewhere, valueLocation: elsewhere),
            ]),
        ])
        var sharing = RenderedFileSharing()
        #expect(MergedSettings.fileRows(document, sharing: &sharing) == nil)
        let general = RenderedFileSettings(file: OsloConfigFile(document: document, role: .looseOslo), host: nil)
        #expect(!general.ownLinesInOwnFile && general.namesOneTransportHost)
        expectFacts(general)
    }

    /// A file's key list is its index keys joined with U+001E, as `joined(separator:)` joins them.
    @Test func keyListJoinsTheKeys() {
        for keys in [[], ["a"], ["DEFAULT\u{1F}transport_url", "oslo_messaging_rabbit\u{1F}é", "x"]] {
            #expect(RenderedFileSettings.keyList(keys) == keys.joined(separator: "\u{1E}"))
        }
    }

    /// The cluster from rendered files against the walk over every `transport_url` line of
    /// every document it replaces: the first of the longest untemplated host lists.
    @Test func renderedClusterIsTheFirstLongestTransportURLLine() throws {
        let base = try deployment(Self.fleet)
        #expect(base.inventory == nil)
        var best: (hosts: [String], location: RMQLintSource.SourceLocation)?
        for own in ModelBuilder.renderedFileSettings(of: base) {
            let document = try #require(base.osloFiles.first { $0.document.path == own.path }?.document)
            for entry in document.entries(section: "DEFAULT", key: "transport_url") where !entry.value.contains(ascii: "{{") {
                guard let hosts = TransportURL.hosts(entry.value), !hosts.isEmpty else { continue }
                if best == nil || hosts.count > (best?.hosts.count ?? 0) { best = (hosts, entry.valueLocation) }
            }
        }
        let expected = try #require(best)
        let cluster = base.effective.cluster
        #expect(cluster.hosts == expected.hosts)
        #expect(cluster.location == expected.location)
        // ctl02's first line: three hosts, before its repeated line and ctl03's tie.
        #expect(cluster.location?.path.hasSuffix("ctl02/nova-api/nova.conf") == true)
        #expect(cluster.location?.line == 2)
        #expect(cluster.hosts?.count == 3)
    }
}
