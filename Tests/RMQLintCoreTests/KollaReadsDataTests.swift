import Foundation
import Testing
@testable import RMQLintKnowledge
import RMQLintModel
import RMQLintCore

/// The generated read table (`data/kolla-reads.tsv`, from `scripts/kolla-reads.py extract`) and
/// the Swift file `scripts/kolla-reads.py generate` makes from it must agree; everything
/// needed is in the repository.
@Suite("Kolla reads: generated data")
struct KollaReadsDataTests {
    /// The repository root, from this file's path (Tests/RMQLintCoreTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    /// The script's `generate` step, re-run on the committed table, gives the committed Swift
    /// file byte for byte: editing the script, the table or the Swift file alone fails here.
    @Test func swiftFileIsWhatTheScriptGenerates() throws {
        let run = try GeneratorScript.generate("scripts/kolla-reads.py", root: Self.root)
        #expect(run.status == 0, "\(run.errors)")
        let swift = try Self.text("Sources/RMQLintCore/Kolla/Generated/KollaReadsData.swift")
        #expect(!run.output.isEmpty && run.output == swift, "run scripts/kolla-reads.py generate")
    }

    /// The compiled rows hold exactly what the committed table says, row for row (the
    /// generator and this reader of the table must agree).
    @Test func compiledRowsAreTheTable() throws {
        let table = KollaReads.parse(try Self.text("data/kolla-reads.tsv"))
        #expect(table.problems.isEmpty)
        #expect(table.citations.count == OpenStackRelease.allCases.count)
        for release in OpenStackRelease.allCases {
            #expect(KollaReads.citation(for: release) == table.citations[release], "\(release)")
        }
        #expect(KollaReads.readRows == table.reads)
        #expect(KollaReads.serviceRows.count == table.services.count)
        for (row, entry) in zip(KollaReads.serviceRows, table.services) {
            #expect(row.releases == entry.releases && row.role == entry.role && Set(row.names) == entry.names
                    && row.names == row.names.sorted(), "\(row.role)")
        }
        #expect(KollaReads.renderRows.count == table.renders.count)
        for (row, entry) in zip(KollaReads.renderRows, table.renders) {
            #expect(row.releases == entry.releases && row.template == entry.template && Set(row.keys) == entry.keys,
                    "\(row.template)")
        }
    }

    @Test func everyReleaseIsCited() {
        for release in OpenStackRelease.allCases {
            let citation = KollaReads.citation(for: release)
            #expect(citation?.ref == release.kollaAnsibleRef)
            #expect(citation?.commit.count == 40)
            #expect(citation?.commit.allSatisfy { $0.isHexDigit } == true)
            #expect(!KollaReads.reads(in: release).isEmpty)
        }
        #expect(KollaReads.citation(for: .bobcat)?.commit == "94ecb2efd635db6ccf20ed0874cb1d31289afab1")
    }

    /// The indexed lookup (patterns by component count and first component) finds the same
    /// first pattern as trying every pattern in table order, on paths made from every pattern
    /// of every release and on near misses.
    @Test func indexedLookupIsTheLinearScan() throws {
        var compared = 0
        for release in OpenStackRelease.allCases {
            let reads = OverrideReads(version: KollaVersion(release), variables: ["ceph_cluster": "ceph"])
            // Matchers are built on first use: this one answers before any is built by `entries`.
            let lazy = OverrideReads(version: KollaVersion(release), variables: ["ceph_cluster": "ceph"])
            let service = reads.serviceNames.sorted().first ?? "nova-api"
            var paths: Set<String> = ["ctl01/octavia.conf", "nova/nova-apis.conf", "nova.conf", "x", "a/b/c/d.conf"]
            for pattern in reads.patterns {
                let path = pattern.replacingOccurrences(of: "<host>", with: "ctl01")
                    .replacingOccurrences(of: "<service>", with: service).replacingOccurrences(of: "<number>", with: "3")
                    .replacingOccurrences(of: "<ceph_cluster>", with: "ceph").replacingOccurrences(of: "<name>", with: "ceph")
                    .replacingOccurrences(of: "*", with: "extra")
                paths.formUnion([path, "ctl01/" + path, path + ".bak", String(path.dropFirst())])
            }
            let indexedFirst = paths.sorted().map { lazy.entry(reading: $0) }
            for (path, indexed) in zip(paths.sorted(), indexedFirst) {
                let linear = reads.entries.first { $0.matcher.matches(path) }
                #expect(indexed?.matcher.pattern == linear?.matcher.pattern && indexed?.read == linear?.read, "\(release) \(path)")
                if linear != nil { compared += 1 }
            }
        }
        #expect(compared > 1000, "the paths made from the patterns must mostly be read")
    }

    /// `KollaReadPattern.shape` (one pass over the bytes, for the index and the any-release
    /// buckets) is the component count and literal first component of the split pattern.
    @Test func shapeIsTheSplitPattern() {
        var patterns = ["", "/", "a//b", "/a/", "<host>/x", "a*b/c", "x/<y>", "nova.conf", "a/b/c/d.conf", "//"]
        for read in KollaReads.readRows { patterns += read.customPatterns }
        for pattern in patterns {
            let matcher = KollaReadPattern(pattern: pattern, services: [], notHosts: [])
            let shape = KollaReadPattern.shape(pattern)
            #expect(shape.componentCount == matcher.componentCount, "\(pattern)")
            #expect(shape.literalFirstComponent == matcher.literalFirstComponent, "\(pattern)")
        }
        let nova = KollaReadPattern.shape("nova/<host>/nova.conf")
        #expect(nova.componentCount == 3 && nova.literalFirstComponent == "nova")
    }

    /// The generated any-release rows are every custom pattern of every `read` row with its
    /// shape, role and kind of read, each once, sorted by bucket (what `kindOfRead`'s binary
    /// search needs).
    @Test func anyReleaseRowsAreTheReadRows() {
        var expected: Set<KollaReads.AnyReleaseRow> = []
        for read in KollaReads.readRows {
            for pattern in read.customPatterns {
                let shape = KollaReadPattern.shape(pattern)
                expected.insert(KollaReads.AnyReleaseRow(
                    shape.componentCount, shape.literalFirstComponent, pattern, read.role, read.isOsloMerge))
            }
        }
        let rows = KollaReads.anyReleaseRows
        #expect(rows.count == expected.count && Set(rows) == expected)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { !($1.bucketKey < $0.bucketKey) })
        #expect(rows.allSatisfy { $0.first != "" })
    }

    /// `kindOfRead` (patterns bucketed, matchers built per bucket on first use) answers what
    /// trying every custom pattern of every row would: an oslo merge source if one matches,
    /// else another read, else nil.
    @Test func kindOfReadIsTheLinearScan() {
        var byRole: [String: Set<String>] = [:]
        var all: Set<String> = []
        for row in KollaReads.serviceRows {
            byRole[row.role, default: []].formUnion(row.names)
            all.formUnion(row.names)
        }
        var every: [(KollaReadPattern, Bool)] = []
        var paths: Set<String> = ["ctl01/octavia.conf", "nova/nova-apis.conf", "x", "a/b/c/d.conf", "nova/ctl01/nova.conf"]
        for read in KollaReads.readRows {
            for pattern in read.customPatterns {
                let own = byRole[read.role] ?? []
                every.append((KollaReadPattern(pattern: pattern, services: own.isEmpty ? all : own, notHosts: all,
                                               variables: ["ceph_cluster": "ceph"]), read.isOsloMerge))
                let service = (own.isEmpty ? all : own).sorted().first ?? "nova-api"
                let path = pattern.replacingOccurrences(of: "<host>", with: "ctl01")
                    .replacingOccurrences(of: "<service>", with: service).replacingOccurrences(of: "<number>", with: "3")
                    .replacingOccurrences(of: "<ceph_cluster>", with: "ceph").replacingOccurrences(of: "<name>", with: "backup")
                    .replacingOccurrences(of: "*", with: "extra")
                paths.formUnion([path, "ctl01/" + path, path + ".bak"])
            }
        }
        var kinds: [KollaReads.ReadKind?] = []
        for path in paths.sorted() {
            let matching = every.filter { $0.0.matches(path) }
            let expected: KollaReads.ReadKind? = matching.isEmpty ? nil : matching.contains { $0.1 } ? .osloMerge : .other
            #expect(KollaReads.kindOfRead(path) == expected, "\(path)")
            kinds.append(expected)
        }
        #expect(kinds.contains(.osloMerge) && kinds.contains(.other) && kinds.contains(nil))
    }

    @Test func malformedRowsAreReported() {
        let parsed = KollaReads.parse("release\tnowhere\tx\ty\nread\tqueens..rocky\tnova\n# comment\nbogus\n")
        #expect(parsed.problems.count == 3)
    }

    @Test func patternsMatchOneComponentPerPlaceholder() {
        let services: Set<String> = ["nova-api", "nova-compute"]
        func matches(_ pattern: String, _ path: String, _ variables: [String: String] = [:]) -> Bool {
            KollaReadPattern(pattern: pattern, services: services, notHosts: services, variables: variables).matches(path)
        }
        #expect(matches("nova/<service>.conf", "nova/nova-api.conf"))
        #expect(!matches("nova/<service>.conf", "nova/nova-apis.conf"))
        #expect(matches("nova/<host>/nova.conf", "nova/cmp01/nova.conf"))
        #expect(!matches("nova/<host>/nova.conf", "nova/nova-compute/nova.conf"))
        #expect(!matches("nova/<host>/nova.conf", "nova/a/b/nova.conf"))
        #expect(matches("haproxy/services.d/*.cfg", "haproxy/services.d/extra.cfg"))
        #expect(!matches("haproxy/services.d/*.cfg", "haproxy/services.d/extra.conf"))
        #expect(matches("nova/<number>.conf", "nova/12.conf"))
        #expect(!matches("nova/<number>.conf", "nova/x1.conf"))
        #expect(matches("glance/<ceph_cluster>.conf", "glance/ceph.conf", ["ceph_cluster": "ceph"]))
        #expect(!matches("glance/<ceph_cluster>.conf", "glance/glance-apis.conf", ["ceph_cluster": "ceph"]))
        #expect(matches("glance/<ceph_cluster>.conf", "glance/backup.conf"))
        #expect(matches("cinder/<name>.client.cinder.keyring", "cinder/ceph.client.cinder.keyring"))
    }

    /// Facts read in kolla-ansible that the issue named (false alarms and misses of the
    /// hand-written table).
    @Test func readsTheIssueNamed() {
        func reads(_ path: String, _ release: OpenStackRelease) -> Bool {
            OverrideReads(version: KollaVersion(release), variables: ["ceph_cluster": "ceph"]).pattern(reading: path) != nil
        }
        #expect(reads("placement.conf", .caracal))
        #expect(reads("gnocchi.conf", .caracal))
        #expect(reads("gnocchi/gnocchi-api.conf", .caracal))
        #expect(reads("masakari/masakari-monitors.conf", .bobcat))
        #expect(reads("neutron/neutron_vpnaas.conf", .bobcat))
        #expect(reads("glance/ceph.conf", .bobcat))
        #expect(reads("keystone/domains/keystone.ldap.conf", .bobcat))
        #expect(reads("keystone/wsgi-keystone.conf", .bobcat))
        #expect(reads("trove.conf", .victoria))
        #expect(reads("trove.conf", .queens))
        #expect(reads("haproxy/services.d/extra.cfg", .master))
        #expect(reads("haproxy/ctl01/haproxy_main.cfg", .master))
        #expect(!reads("ctl01/octavia.conf", .caracal))
        #expect(!reads("nova/cmp01/nova-compute.conf", .antelope))
        #expect(reads("nova/cmp01/nova-compute.conf", .bobcat))
        #expect(!reads("nova/cmp01/nova-api.conf", .bobcat), "per-host-per-service is nova-cell only")
        #expect(KollaReads.kindOfRead("keystone/wsgi-keystone.conf") == .other)
        #expect(KollaReads.kindOfRead("cinder/ceph.conf") == .other)
        #expect(KollaReads.kindOfRead("nova/nova-compute.conf") == .osloMerge)
        #expect(KollaReads.kindOfRead("ctl01/octavia.conf") == nil)
    }
}

/// Provenance per service template and branch (docs/spec.md §10.3).
@Suite("Kolla reads: template provenance")
struct KollaTemplateProvenanceTests {
    @Test func eachServiceIsCreditedToTheTemplateThatRendersIt() {
        let glance = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.caracal), service: "glance-api")
        #expect(glance.first?.source == "KA unmaintained/2024.1:ansible/roles/glance/templates/glance-api.conf.j2 @ 1276a433")
        let compute = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.bobcat), service: "nova-compute")
        #expect(compute.first?.source == "KA 2023.2-eol:ansible/roles/nova-cell/templates/nova.conf.j2 @ 94ecb2ef")
        let api = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.bobcat), service: "nova-api")
        #expect(api.first?.source == "KA 2023.2-eol:ansible/roles/nova/templates/nova.conf.j2 @ 94ecb2ef")
    }

    /// Keys built once per version and template cite each service's own template, as keys built
    /// for each service did: every source is the generic key's, nova.conf.j2's citation replaced
    /// by that of the service's first role template.
    @Test func sharedKeysCiteEachServicesTemplate() {
        for release in OpenStackRelease.allCases {
            let version = KollaVersion(release)
            let generic = KollaReads.cite("ansible/roles/nova/templates/nova.conf.j2", release: release)
            let sources = Dictionary(KollaKnowledge.renderedRabbitKeys(for: version).map { ("\($0.section).\($0.key)", $0.source) },
                                     uniquingKeysWith: { first, _ in first })
            for service in KollaKnowledge.services(for: release) {
                let template = KollaKnowledge.overrideChain(service: service.name, version: version)
                    .first { $0.kind == .roleTemplate }?.pattern
                let real = template.map { KollaReads.cite($0, release: release) } ?? generic
                for key in KollaKnowledge.renderedRabbitKeys(for: version, service: service.name) {
                    let expected = sources["\(key.section).\(key.key)"]?.replacingOccurrences(of: generic, with: real)
                    #expect(key.source == expected, "\(release) \(service.name) \(key.key)")
                }
            }
        }
    }

    @Test func notificationTransportOnlyWhereATemplateRendersIt() {
        func keys(_ service: String) -> [String] {
            KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.caracal), service: service)
                .filter { $0.key == "transport_url" }.map(\.section)
        }
        // KA unmaintained/2024.1 blazar.conf.j2 and cloudkitty.conf.j2 have no [oslo_messaging_notifications] transport_url.
        #expect(keys("blazar-manager") == ["DEFAULT"])
        #expect(keys("cloudkitty-processor") == ["DEFAULT"])
        #expect(keys("nova-api") == ["DEFAULT", "oslo_messaging_notifications"])
    }
}
