import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ205: `heartbeat_in_pthread` false or unset for an eventlet-patched WSGI service.
public struct GreenHeartbeatUnderWSGIRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ205",
        slug: "green-heartbeat-under-wsgi",
        severity: .warning,
        summary: "A WSGI service that monkey-patches eventlet runs its AMQP heartbeat in a green thread",
        whatItDoes: """
            Reads the effective `[oslo_messaging_rabbit] heartbeat_in_pthread` of every Kolla service (on \
            every host, and on each host with its own overrides) and of every rendered service config, and \
            reports it when it is false, or unset where oslo.messaging's default is False, for a WSGI \
            application that monkey-patches eventlet on its WSGI import path: nova-api and nova-metadata up \
            to 2025.2, trove-api from 2023.1, blazar-api from 2026.1. That includes Kolla's own templates, \
            which render `false` for nova-metadata (2025.1, 2025.2: they only test for nova-api), trove-api \
            and blazar-api; those are reported at the `openstack_release` line that selects the template. A \
            value written in an override is reported once at its line, naming the services it reaches. WSGI \
            services that do not patch eventlet (barbican-api, glance-api, neutron-server…) are not reported: \
            their heartbeat thread is a native thread either way.
            """,
        whyItMatters: """
            In an eventlet-patched process oslo.messaging's heartbeat is a green thread unless \
            `heartbeat_in_pthread` is true. Under mod_wsgi or uWSGI nothing runs the eventlet hub between \
            requests, so an idle API process sends no heartbeats, RabbitMQ closes its connection after two \
            missed intervals, and the next request fails or stalls on a dead connection: nova LP#1825584, \
            the bug the option was created for (OM 22f240b8, 10.1.0); oslo.messaging's 14.0.0 release note \
            recommends True for WSGI applications. Kolla's nova-metadata moved to its own WSGI container in \
            2025.1 (KA 5c975611) with the nova-api-only expression in its template, so it renders false there.
            """,
        fix: """
            Set `[oslo_messaging_rabbit] heartbeat_in_pthread = true` in the service's own override file \
            (`config/nova/nova-metadata.conf`, `config/trove/trove-api.conf`); do not set false for it in \
            `config/global.conf` or `config/<project>.conf`.
            """,
        appliesTo: """
            Releases whose oslo.messaging has the option (Train to 2026.1; removed in 18.0 on master, see \
            RMQ207), for the services that patch eventlet under WSGI in that release: nova-api and \
            nova-metadata up to 2025.2 (nova 2026.1 uses native threads), trove-api from 2023.1, blazar-api \
            from 2026.1. Kolla's own template mismatches: nova-metadata on 2025.1 and 2025.2, trove-api from \
            2023.1, blazar-api from 2026.1.
            """,
        references: [
            "https://bugs.launchpad.net/nova/+bug/1825584",
            "OM 22f240b8 (10.1.0): heartbeat_in_pthread, for mod_wsgi/uwsgi with eventlet",
            "OM e44f286e (14.0.0) release note: True recommended for WSGI applications",
            "https://herve.beraud.io/openstack/nova/oslo.messaging/rabbitmq/driver/2019/07/15/how-nova-consume-oslo-messaging.html",
            "KA stable/2025.1:ansible/roles/nova/templates/nova.conf.j2 (heartbeat_in_pthread = {{ service_name == 'nova-api' }})",
            "KA 5c975611 (20.0.0): nova-metadata in its own container",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": """
                    # Kolla's 2025.1 nova.conf.j2 renders heartbeat_in_pthread = false for nova-metadata.
                    openstack_release: ↓"2025.1"
                    enable_nova: "yes"

                    """,
            ]),
            // A project-wide false overrides Kolla's true for nova-api.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_in_pthread = ↓false

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: ↓\"2023.1\"\nenable_trove: \"yes\"\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    # Kolla's 2025.1 nova.conf.j2 renders heartbeat_in_pthread = false for nova-metadata.
                    openstack_release: "2025.1"
                    enable_nova: "yes"

                    """,
                "config/nova/nova-metadata.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_in_pthread = true

                    """,
            ]),
            // Up to 2024.2 the metadata API runs inside nova-api, which Kolla renders true.
            RuleExample(["globals.yml": "openstack_release: \"2024.2\"\nenable_nova: \"yes\"\n"]),
            // nova 2026.1 no longer patches eventlet under WSGI.
            RuleExample(["globals.yml": "openstack_release: \"2026.1\"\nenable_nova: \"yes\"\n"]),
            // barbican-api does not patch eventlet: a green heartbeat thread is never used.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\nenable_barbican: \"yes\"\n"]),
        ])

    static let key = "heartbeat_in_pthread"

    /// `heartbeat_in_pthread` false (written, rendered by Kolla's template, or the default)
    /// for WSGI services that patch eventlet.
    public struct Found: Violation {
        enum Source {
            /// Written at `location` (`line` as written) in the tree file `treePath`; `here`: the
            /// line is the service's own layer or above for some service; `files`: the services'
            /// own files where true belongs.
            case written(line: String, treePath: String, here: Bool, files: [String])
            case kollaTemplate
            /// Unset: the default of this oslo.messaging family (`17.3`) applies.
            case defaultValue(osloMessaging: String)
        }
        var source: Source
        /// The offending services as a phrase, and the first of them (`nova-metadata`).
        var services: String
        var firstService: String
        var isSingle: Bool
        /// Every offending config is a rendered config collected from a host.
        var isRendered: Bool
        /// The Kolla-Ansible version and its release name.
        var version: String
        var release: String
        /// The service's own override file in the tree.
        var treeFile: String?
        /// What selects the release (appended to template and default findings).
        var releaseNote: String
        public var location: SourceLocation
        public var service: String?
        public var host: String?
        public var related: [RelatedLocation]
        /// The edits setting true for the offending services (nil when none is right for
        /// every service that reads the files involved, or for a rendered config).
        var edits: [FixEdit]?
        /// The files the edits create (tree paths), named in the fix's description.
        var created: [String] = []

        /// Setting true for the offending services in the file Kolla reads for each (its own
        /// override file for this release, created when missing), or where the line is
        /// written when that is their own layer. Safe: these services run under WSGI with
        /// eventlet monkey-patched, where Kolla itself renders true (e.g. KA 2023.1
        /// nova-api); only files whose every reader is such a WSGI service are edited.
        public var fixes: [Fix] {
            guard let edits, !edits.isEmpty else { return [] }
            let snippet = "`[\(EffectiveSettingSources.rabbitSection)] heartbeat_in_pthread = true`"
            let named: [String?] = if case .written(_, _, _, let files) = source { files } else { [treeFile] }
            let new = created.isEmpty ? "" : created.count == 1 && named == created ? " (a new file)"
                : " (new: " + created.joined(separator: ", ") + ")"
            let description: String
            switch source {
            case .written(_, _, let here, let files):
                let list = Phrase.commaList(files)
                description = files.isEmpty ? "Set it to true here"
                    : here ? "Set it to true here, and \(snippet) in \(list)\(new)" : "Set \(snippet) in \(list)\(new)"
            case .kollaTemplate, .defaultValue:
                description = "Set \(snippet) in \(treeFile ?? "its own override file")\(new)"
            }
            return [Fix(description, .safe, edits: edits)]
        }

        public var semanticKey: String {
            let target: String
            if case .written(_, let treePath, _, _) = source { target = treePath } else { target = firstService }
            return EffectiveSettingSources.semanticKey(
                section: EffectiveSettingSources.rabbitSection, key: GreenHeartbeatUnderWSGIRule.key, target: target)
        }

        public var message: String {
            let snippet = "`[\(EffectiveSettingSources.rabbitSection)] heartbeat_in_pthread = true`"
            let harm = "\(isSingle ? "its" : "their") heartbeat then runs in a green thread that the WSGI server does "
                + "not schedule between requests, so RabbitMQ closes the connection for missed heartbeats (nova LP#1825584)"
            let what = isSingle
                ? "a WSGI application that monkey-patches eventlet on \(release)"
                : "WSGI applications that monkey-patch eventlet on \(release)"
            let renderedFix = "set it to true for this service" + (treeFile.map { " (in the deployment tree: \($0))" } ?? "")
            let ownFile = (fixes.first.map { $0.description.lowercasingFirst }
                ?? "set it in \(treeFile ?? "its own override file"): \(snippet)") + releaseNote
            switch source {
            case .written(let line, _, _, _) where isRendered:
                return "\(line) in this rendered config of \(services), \(what): \(harm). "
                    + renderedFix.prefix(1).uppercased() + renderedFix.dropFirst()
            case .written(let line, _, let here, let files):
                let list = Phrase.commaList(files)
                let fix = fixes.first?.description ?? (files.isEmpty ? "Set it to true here"
                    : here ? "Set it to true here, and \(snippet) in \(list)" : "Set \(snippet) in \(list)")
                return "\(line) reaches \(what): \(services); \(harm). \(fix)"
            case .kollaTemplate:
                return "Kolla's \(version) template for \(firstService) renders heartbeat_in_pthread = false, but "
                    + "\(firstService) is \(what): \(harm); \(ownFile)"
            case .defaultValue(let om):
                let unset = "leaves heartbeat_in_pthread unset, so the default False of oslo.messaging \(om) applies"
                return isRendered
                    ? "This rendered config of \(services) \(unset), but \(firstService) is \(what): \(harm); \(renderedFix)"
                    : "Kolla's \(version) template for \(firstService) \(unset), but \(firstService) is \(what): \(harm); \(ownFile)"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            let release = deployment.release.version.release
            // Before Train and from oslo.messaging 18.0 the option does not exist.
            guard KollaKnowledge.osloDefault(
                section: EffectiveSettingSources.rabbitSection, key: Self.key, release: release) != nil else { continue }
            // Only the sources that reach an offending service (a fleet's files of other values
            // or services are passed over by value and service).
            let sources = deployment.settingSources(section: EffectiveSettingSources.rabbitSection, key: Self.key,
                splitTemplates: true, splitDefaults: true,
                value: { EffectiveSetting.boolValue($0) == false }, service: { Self.patchesEventletUnderWSGI($0, release: release) },
                keeping: { Self.isOffending($0, release: release) })
            for source in sources {
                let offending = source.reaches.filter { Self.isOffending($0, release: release) }
                guard !offending.isEmpty else { continue }
                found.append(violation(source, offending: offending, deployment: deployment))
            }
        }
        return found
    }

    /// False, known, unconditional, for a WSGI service that patches eventlet in the release.
    static func isOffending(_ reach: SettingReach, release: OpenStackRelease) -> Bool {
        guard patchesEventletUnderWSGI(reach.service, release: release), !reach.setting.isConditional else { return false }
        return reach.setting.boolValue == false
    }

    /// A WSGI service that patches eventlet in the release.
    static func patchesEventletUnderWSGI(_ service: KollaService?, release: OpenStackRelease) -> Bool {
        guard let service, service.wsgi else { return false }
        return KollaKnowledge.isEventletPatchedUnderWSGI(service: service.name, release: release)
    }

    private func violation(_ source: SettingSource, offending: [SettingReach], deployment: Deployment) -> Found {
        let version = deployment.release.version
        let names = Array(Set(offending.compactMap { $0.config.service })).sorted()
        let service = names.first ?? offending.first?.serviceLabel ?? "service"
        let kind: Found.Source
        // The fix: true where each offending service reads it last (nil: no right edit).
        var edits: [FixEdit]? = []
        var created: [String] = []
        func add(_ name: String) {
            guard let edit = EffectiveSettingSources.pthreadEdit(service: name, value: true, in: deployment) else {
                edits = nil
                return
            }
            if !EffectiveSettingSources.exists(edit.treePath, in: deployment) { created.append(edit.treePath) }
            if edits?.contains(edit.edit) == false { edits?.append(edit.edit) }
        }
        switch source.kind {
        case .written:
            var here = false
            var files: [String] = []
            for name in names {
                let hosts = offending.filter { $0.config.service == name }.map(\.config.host)
                if hosts.allSatisfy({
                    deployment.isServiceLayerOrAbove(source.location, service: name, host: $0)
                }) {
                    here = true
                } else if let file = deployment.serviceOverrideFile(name) {
                    files.append(file)
                    add(name)
                } else {
                    edits = nil
                }
            }
            if here {
                // The written line itself becomes true: right only if every service reading its file wants true.
                let treePath = EffectiveSettingSources.treePath(source.location, in: deployment)
                let readers = EffectiveSettingSources.configsReading(treePath, in: deployment)
                if readers.allSatisfy({ EffectiveSettingSources.pthreadIsRight(true, for: $0, release: version.release) }) {
                    edits?.append(.replace(source.location, with: "true"))
                } else {
                    edits = nil
                }
            }
            kind = .written(
                line: "`\(source.setting.key) = \(source.setting.value ?? "")`",
                treePath: EffectiveSettingSources.treePath(source.location, in: deployment), here: here, files: files)
        case .kollaTemplate:
            kind = .kollaTemplate
            names.forEach(add)
        case .defaultValue:
            let om = OsloMessagingVersion.family(for: version.release)
            kind = .defaultValue(osloMessaging: "\(om.major).\(om.minor)")
            names.forEach(add)
        }
        let isRendered = offending.allSatisfy { if case .rendered = $0.config.origin { true } else { false } }
        if isRendered || names.isEmpty { edits = nil }
        return Found(
            source: kind, services: EffectiveSettingSources.serviceList(offending), firstService: service,
            isSingle: names.count <= 1,
            isRendered: offending.allSatisfy { if case .rendered = $0.config.origin { true } else { false } },
            version: "\(version)", release: version.release.name,
            treeFile: deployment.serviceOverrideFile(service),
            releaseNote: EffectiveSettingSources.releaseNote(source, in: deployment), location: source.location,
            service: SettingSource.singleService(offending), host: SettingSource.singleHost(offending),
            related: EffectiveSettingSources.relatedLayers(
                of: source, section: EffectiveSettingSources.rabbitSection, key: Self.key, in: deployment),
            edits: edits, created: Array(Set(created)).sorted())
    }
}
