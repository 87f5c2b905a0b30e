import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ204: `heartbeat_in_pthread = true` for a service that is not a WSGI application.
public struct PthreadHeartbeatOnEventletRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ204",
        slug: "pthread-heartbeat-on-eventlet",
        severity: .error,
        summary: "heartbeat_in_pthread = true reaches an eventlet service that is not a WSGI application",
        whatItDoes: """
            Reads the effective `[oslo_messaging_rabbit] heartbeat_in_pthread` of every Kolla service (on \
            every host, and on each host with its own overrides) and of every rendered service config, and \
            reports the value when it is true for a service that does not run as a WSGI application: \
            nova-compute, the conductors and schedulers, the neutron agents, workers and engines. One finding \
            per line that sets it: an override such as `config/nova.conf` reaches every service of the \
            project, so the message names the non-WSGI services it reaches and the WSGI services' own files \
            where the value belongs. A value that Kolla's own template renders (ironic-inspector in Kolla \
            15.1–17.3) is reported at the `openstack_release` line that selects the template, and an \
            oslo.messaging default of True (12.6–12.13, Wallaby–Yoga, where Kolla renders nothing) at the \
            same line, for every service left on it. Values inside a Jinja `{% if %}` of unknown truth and \
            values that cannot be evaluated are not reported.
            """,
        whyItMatters: """
            With `heartbeat_in_pthread = true` oslo.messaging runs the AMQP heartbeat in a native thread \
            even when eventlet has monkey-patched the process. In eventlet services that mix breaks them: \
            hangs, `greenlet.error: cannot switch to a different thread`, leaked file descriptors and failed \
            live migrations (oslo.messaging LP#1934937 and LP#1961402, which made oslo.messaging 14.0.0 turn \
            the default back to False: "enabling it for non-wsgi services may break such service"; neutron \
            LP#1965140; OpenStack-Ansible's nova role set it False everywhere after live-migration failures). \
            Kolla renders true only for WSGI applications and false for everything else (KA 8b8b4a82); its \
            own ironic-inspector template got this wrong until KA 88aa51ac "ironic: disable \
            heartbeat_in_pthreads" (Related-Bug 2054705). A project-wide override (`config/nova.conf`) meant \
            for nova-api silently reaches nova-compute and the conductors.
            """,
        fix: """
            Set `heartbeat_in_pthread = true` only in the WSGI services' own override files \
            (`config/nova/nova-api.conf`), never in `config/global.conf` or `config/<project>.conf`; leave the \
            other services on Kolla's rendered `false`.
            """,
        appliesTo: """
            Releases whose oslo.messaging has the option: Train (10.1) to 2026.1 (17.3). On master \
            (oslo.messaging 18.x) the option is removed and ignored: see RMQ207. WSGI-ness per service and \
            release follows Kolla's service catalogue (a service that moved to uWSGI, such as neutron-server \
            from 2025.2, is no longer reported).
            """,
        references: [
            "https://bugs.launchpad.net/oslo.messaging/+bug/1934937",
            "https://bugs.launchpad.net/oslo.messaging/+bug/1961402",
            "https://bugs.launchpad.net/neutron/+bug/1965140",
            "https://bugs.launchpad.net/kolla-ansible/+bug/2054705",
            "OM e44f286e (14.0.0): heartbeat_in_pthread default back to False",
            "KA 8b8b4a82 (16.0.0): true for wsgi applications, false for the others",
            "KA 88aa51ac \"ironic: disable heartbeat_in_pthreads\" (18.0.0; 16.6.0, 17.4.0)",
            "OM 14.9.0:oslo_messaging/_drivers/impl_rabbit.py L768–795",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_in_pthread = ↓true

                    """,
            ]),
            // Kolla's own ironic-inspector template rendered true until 16.6.0 (KA 88aa51ac).
            RuleExample([
                "globals.yml": "openstack_release: ↓\"16.2.0\"\nenable_ironic: \"yes\"\n",
            ]),
            // A rendered config collected from a host.
            RuleExample([
                "ctl01/nova-conductor/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = ↓True\n",
            ], arguments: ["--release", "2024.2"]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova/nova-api.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_in_pthread = true

                    """,
            ]),
            // Rendered per service, as Kolla's template does.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = {{ service_name == 'nova-api' }}\n",
            ]),
            // Inside a condition rmqlint cannot decide.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": """
                    [oslo_messaging_rabbit]
                    {% if my_site_flag | bool %}
                    heartbeat_in_pthread = true
                    {% endif %}

                    """,
            ]),
            // oslo.messaging 18 removed the option (RMQ207 reports it).
            RuleExample([
                "globals.yml": "openstack_release: \"master\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
            ]),
            // Fixed in 16.6.0.
            RuleExample(["globals.yml": "openstack_release: \"16.6.0\"\nenable_ironic: \"yes\"\n"]),
        ])

    static let key = "heartbeat_in_pthread"

    /// `heartbeat_in_pthread` true (written, rendered by Kolla's template, or the default)
    /// for eventlet services that are not WSGI applications.
    public struct Found: Violation {
        enum Source {
            /// Written as `line` in the tree file `treePath`; `files`: the WSGI services' own
            /// files where true belongs.
            case written(line: String, treePath: String, files: [String])
            /// Kolla's template renders true for `service`, whose own file is `file`.
            case kollaTemplate(service: String, file: String?)
            /// Unset: the default True of oslo.messaging `osloMessaging` applies; `globalFile`
            /// is where false belongs; `label` names the service of a rendered config.
            case defaultValue(osloMessaging: String, globalFile: String, label: String)
        }
        var source: Source
        /// The offending services as a phrase.
        var services: String
        var isSingle: Bool
        /// Every offending config is a rendered config collected from a host.
        var isRendered: Bool
        /// The Kolla-Ansible version and its release name.
        var version: String
        var release: String
        /// What selects the release (appended to template and default findings).
        var releaseNote: String
        public var location: SourceLocation
        public var service: String?
        public var host: String?
        public var related: [RelatedLocation]
        /// The edits of the fix (nil when no edit is right for every service that reads the
        /// files involved, or for a rendered config).
        var edits: [FixEdit]?
        /// The files the edits create (tree paths).
        var created: [String] = []

        /// False where the offending services read it, true kept for the WSGI services that
        /// want it. A written line becomes false (its WSGI readers get true in their own
        /// files); Kolla's template value is overridden in the service's own file; an unset
        /// option (default True) gets false in global.conf and true in the own files of the
        /// WSGI services that want it. Written-line and template fixes are safe: false is
        /// oslo.messaging's only right value outside WSGI, and no WSGI service loses true. The
        /// default fix is unsafe: it writes into every service's configuration.
        public var fixes: [Fix] {
            guard let edits, !edits.isEmpty else { return [] }
            let section = EffectiveSettingSources.rabbitSection
            let new = created.isEmpty ? "" : " (new: " + created.joined(separator: ", ") + ")"
            switch source {
            case .written(_, _, let files):
                let keep = files.isEmpty ? "" : ", and `[\(section)] heartbeat_in_pthread = true` in \(Phrase.commaList(files))"
                return [Fix("Set it to false here\(keep)\(new)", .safe, edits: edits)]
            case .kollaTemplate(_, let file):
                return [Fix("Set `[\(section)] heartbeat_in_pthread = false` in \(file ?? "its own override file")\(new)", .safe, edits: edits)]
            case .defaultValue(_, let globalFile, _):
                let keep = edits.count > 1 ? ", and true in the own files of the WSGI services that need it" : ""
                return [Fix("Set `[\(section)] heartbeat_in_pthread = false` in \(globalFile)\(keep)\(new)", .unsafe, edits: edits)]
            }
        }

        public var semanticKey: String {
            let target = switch source {
            case .written(_, let treePath, _): treePath
            case .kollaTemplate(let service, _): service
            case .defaultValue(_, _, let label): isRendered ? label : "oslo-default"
            }
            return EffectiveSettingSources.semanticKey(
                section: EffectiveSettingSources.rabbitSection, key: PthreadHeartbeatOnEventletRule.key, target: target)
        }

        public var message: String {
            let section = EffectiveSettingSources.rabbitSection
            func harm(_ more: String = "") -> String {
                "the heartbeat then runs in a native thread beside eventlet's green threads, which hangs or breaks "
                    + "the service (oslo.messaging LP#1934937, LP#1961402\(more))"
            }
            switch source {
            case .written(let line, _, _) where isRendered:
                return "\(line) in this rendered config of \(services), an eventlet service that is not a WSGI "
                    + "application: \(harm()). Set it to false (Kolla's template renders false for it) where the "
                    + "deployment configures this service"
            case .written(let line, _, let files):
                let fix = fixes.first?.description ?? (files.isEmpty
                    ? "Remove it, or set it to false"
                    : "It belongs only in the WSGI services' own files: \(Phrase.commaList(files)); remove it here")
                return "\(line) reaches "
                    + (isSingle ? "an eventlet service that is not a WSGI application" : "eventlet services that are not WSGI applications")
                    + ": \(services); \(harm()). \(fix)"
            case .kollaTemplate(let service, let file):
                let fixed = service == "ironic-inspector"
                    ? "; Related-Bug 2054705, fixed in Kolla's template by KA 88aa51ac in 16.6.0, 17.4.0, 18.0.0" : ""
                return "Kolla's \(version) template for \(service) renders heartbeat_in_pthread = true, but \(service) is "
                    + "an eventlet service, not a WSGI application: \(harm(fixed)); "
                    + (fixes.first?.description.lowercasingFirst
                        ?? "set it in \(file ?? "its own override file"): `[\(section)] heartbeat_in_pthread = false`")
                    + ", or upgrade Kolla-Ansible" + releaseNote
            case .defaultValue(let om, let globalFile, _):
                return "heartbeat_in_pthread is not set for \(services), so \(isSingle ? "it runs" : "they run") "
                    + "with the default True of oslo.messaging \(om) (\(release); OM add5ab4e), but "
                    + (isSingle ? "it is an eventlet service, not a WSGI application" : "they are eventlet services, not WSGI applications")
                    + ": \(harm()). "
                    + (fixes.first?.description ?? "Set `[\(section)] heartbeat_in_pthread = false` "
                        + (isRendered ? "in this service's config" : "in \(globalFile), and true only in the WSGI services' own files"))
                    + releaseNote
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
            // Only the sources that reach an offending service (a fleet's thousands of files
            // setting it false, or of WSGI services, are passed over by value and service).
            let sources = deployment.settingSources(section: EffectiveSettingSources.rabbitSection, key: Self.key,
                splitTemplates: true, splitDefaults: false,
                value: { EffectiveSetting.boolValue($0) == true }, service: Self.isEventletOnly, keeping: Self.isOffending)
            for source in sources {
                let offending = source.reaches.filter(Self.isOffending)
                guard !offending.isEmpty else { continue }
                found.append(violation(source, offending: offending, deployment: deployment))
            }
        }
        return found
    }

    /// True, known, unconditional, for a known service that is not a WSGI application.
    static func isOffending(_ reach: SettingReach) -> Bool {
        guard isEventletOnly(reach.service), !reach.setting.isConditional else { return false }
        return reach.setting.boolValue == true
    }

    /// A known service that is not a WSGI application.
    static func isEventletOnly(_ service: KollaService?) -> Bool {
        guard let service else { return false }
        return !service.wsgi
    }

    /// A WSGI service for which `true` is right: Kolla renders true for it, or it is
    /// eventlet-patched under WSGI (docs/domain.md §4, §4.1).
    static func wantsPthread(_ reach: SettingReach, release: OpenStackRelease) -> Bool {
        guard let service = reach.service, service.wsgi else { return false }
        return service.heartbeatInPthread || KollaKnowledge.isEventletPatchedUnderWSGI(service: service.name, release: release)
    }

    private func violation(_ source: SettingSource, offending: [SettingReach], deployment: Deployment) -> Found {
        let version = deployment.release.version
        let kind: Found.Source
        // The fix (nil: no edit is right for every service reading the files involved).
        var edits: [FixEdit]? = []
        var created: [String] = []
        func add(_ name: String, _ value: Bool) {
            guard let edit = EffectiveSettingSources.pthreadEdit(service: name, value: value, in: deployment) else {
                edits = nil
                return
            }
            if !EffectiveSettingSources.exists(edit.treePath, in: deployment), !created.contains(edit.treePath) {
                created.append(edit.treePath)
            }
            if edits?.contains(edit.edit) == false { edits?.append(edit.edit) }
        }
        switch source.kind {
        case .written:
            let treePath = EffectiveSettingSources.treePath(source.location, in: deployment)
            let wanting = source.reaches.filter { Self.wantsPthread($0, release: version.release) && $0.setting.boolValue == true }
            let belongs = wanting.compactMap { $0.config.service }
            let files = Array(Set(belongs)).sorted().compactMap { deployment.serviceOverrideFile($0) }
                .filter { $0 != treePath }
            kind = .written(line: "`\(source.setting.key) = \(source.setting.value ?? "")`", treePath: treePath, files: files)
            // The line becomes false; each WSGI service it reaches that wants true gets true in
            // its own file — which must come after this line in its chain.
            edits?.append(.replace(source.location, with: "false"))
            for reach in wanting {
                guard let name = reach.config.service,
                      !deployment.isServiceLayerOrAbove(source.location, service: name, host: reach.config.host)
                else { edits = nil; break }
                add(name, true)
            }
        case .kollaTemplate:
            let service = offending.first?.config.service ?? "service"
            kind = .kollaTemplate(service: service, file: deployment.serviceOverrideFile(service))
            Set(offending.compactMap { $0.config.service }).sorted().forEach { add($0, false) }
        case .defaultValue:
            let om = OsloMessagingVersion.family(for: version.release)
            let globalFile = deployment.overridePrefix + "/global.conf"
            kind = .defaultValue(
                osloMessaging: "\(om.major).\(om.minor)", globalFile: globalFile,
                label: offending.first?.serviceLabel ?? "service")
            // False in global.conf reaches every service whose value no file of the tree writes
            // (Kolla's template layer comes before global.conf): the WSGI services that want
            // true get it in their own files.
            edits?.append(.insertLine(
                path: EffectiveSettingSources.displayPath(globalFile, in: deployment),
                section: EffectiveSettingSources.rabbitSection, line: "heartbeat_in_pthread = false"))
            if !EffectiveSettingSources.exists(globalFile, in: deployment) { created.append(globalFile) }
            let keep = deployment.effective.configs.filter { config in
                guard case .kolla = config.origin, config.host == nil,
                      let setting = config.setting(lookupKey: .heartbeatInPthread),
                      !setting.provenance.isWrittenInTree else { return false }
                return !EffectiveSettingSources.pthreadIsRight(false, for: config, release: version.release)
            }
            Set(keep.compactMap(\.service)).sorted().forEach { add($0, true) }
        }
        let isRendered = offending.allSatisfy { if case .rendered = $0.config.origin { true } else { false } }
        if isRendered || source.isFallbackLocation && source.kind == .written { edits = nil }
        return Found(
            source: kind, services: EffectiveSettingSources.serviceList(offending),
            isSingle: Set(offending.map(\.serviceLabel)).count == 1,
            isRendered: offending.allSatisfy { if case .rendered = $0.config.origin { true } else { false } },
            version: "\(version)", release: version.release.name,
            releaseNote: EffectiveSettingSources.releaseNote(source, in: deployment), location: source.location,
            service: SettingSource.singleService(offending), host: SettingSource.singleHost(offending),
            related: EffectiveSettingSources.relatedLayers(
                of: source, section: EffectiveSettingSources.rabbitSection, key: Self.key, in: deployment),
            edits: edits, created: created)
    }
}
