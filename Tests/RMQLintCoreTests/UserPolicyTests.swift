import Testing
import RMQLintCore

/// Site policies (docs/spec.md §11): each kind of `match`, each operator, `when`, unknown and absent
/// values, per-host overrides, and every malformed shape as a located configuration error.
@Suite("User policies")
struct UserPolicyTests {
    static let globals = """
        ---
        openstack_release: "2024.1"
        site_number: 30
        site_text: "pause_minority"
        site_flag: yes
        site_templated: "{{ some_undefined_variable }}"
        site_null:
        rabbitmq_cluster_partition_handling: "autoheal"

        """

    static let inventory = """
        [control]
        ctl[01:03]

        [compute]
        cmp[01:03]

        [rabbitmq:children]
        control

        """

    static let haproxy = """
        defaults
            timeout client 2h

        listen rabbitmq_amqp
            bind 10.0.0.10:5672
            option srvtcpka
            no option clitcpka
            timeout client 30m
            timeout server 1h
            balance roundrobin
            server ctl01 10.0.0.11:5672 check

        backend other_back
            balance leastconn

        """

    static let definitions = """
        {"policies": [
          {"vhost": "/", "name": "ttl-notifications", "pattern": "^notifications\\\\.", "apply-to": "queues", "priority": 2,
           "definition": {"message-ttl": 600000, "max-length": "{{ undefined_length }}"}}
        ]}

        """

    /// A Kolla tree at /repo/etc/kolla with `files` added (paths relative to etc/kolla).
    static func tree(config: String, globals: String = globals, files: [String: String] = [:]) -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/repo")
        fs.addDirectory("/repo/.git")
        fs.addFile("/repo/.rmqlint.yml", contents: config)
        fs.addFile("/repo/etc/kolla/globals.yml", contents: globals)
        fs.addFile("/repo/etc/kolla/multinode", contents: inventory)
        for (path, contents) in files { fs.addFile("/repo/etc/kolla/" + path, contents: contents) }
        return fs
    }

    /// `path:line:col: ID message` of each finding of a run over the tree.
    static func lint(
        _ config: String, globals: String = globals, files: [String: String] = [:], settings: CommandLineSettings = CommandLineSettings()
    ) throws -> [Finding] {
        let fs = tree(config: config, globals: globals, files: files)
        let configuration = try ConfigurationLoader.load(".rmqlint.yml", fileSystem: fs, rules: []).get()
        var commandLine = settings
        commandLine.paths = ["etc/kolla"]
        let options = LintOptions.resolve(commandLine, configuration: configuration)
        return try Linter(rules: [], fileSystem: fs).lint(options).get().report.findings
    }

    static func describe(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.location.path):\($0.location.line):\($0.location.column): \($0.ruleID)" }
    }

    /// One policy as `.rmqlint.yml` text.
    static func policy(match: String, require: String, when: String? = nil, id: String = "SITE001") -> String {
        var text = """
            policies:
              - id: \(id)
                slug: site-policy-\(id.lowercased())
                severity: warning
                summary: site rule
                match: \(match)
                require: \(require)

            """
        if let when { text += "    when: \(when)\n" }
        return text
    }

    static func configError(_ config: String, files: [String: String] = [:]) -> String? {
        let fs = tree(config: config, files: files)
        switch ConfigurationLoader.load(".rmqlint.yml", fileSystem: fs, rules: [
            RuleDescription(id: "RMQ201", slug: "tcpka-not-split", severity: .warning, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f"),
        ]) {
        case .success: return nil
        case .failure(let error): return error.description
        }
    }

    // MARK: setting

    static let novaFiles = [
        "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 120\n",
        "config/nova/cmp02/nova.conf": "[oslo_messaging_rabbit]\n# rebuilt host\nheartbeat_timeout_threshold = 60\n",
    ]
    static let heartbeatPolicy = policy(
        match: "{setting: oslo_messaging_rabbit.heartbeat_timeout_threshold, service: nova-compute}", require: "{\">=\": 120}")

    @Test func perHostOverrideWinsAndTheFindingPointsAtTheHostFile() throws {
        let findings = try Self.lint(Self.heartbeatPolicy, files: Self.novaFiles)
        #expect(Self.describe(findings) == ["etc/kolla/config/nova/cmp02/nova.conf:3:31: SITE001"])
        let finding = try #require(findings.first)
        #expect(finding.host == "cmp02")
        #expect(finding.service == "nova-compute")
        #expect(finding.message == "site rule: [oslo_messaging_rabbit] heartbeat_timeout_threshold of nova-compute on cmp02 is 60 "
                + "(set at etc/kolla/config/nova/cmp02/nova.conf:3:31); policy SITE001 requires >= 120")
        #expect(finding.related.map(\.location.description) == ["etc/kolla/config/nova.conf:2:31"])
    }

    @Test func projectWideValueIsCheckedForEveryHostWithoutItsOwnFile() throws {
        let files = ["config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n"]
        #expect(Self.describe(try Self.lint(Self.heartbeatPolicy, files: files)) == ["etc/kolla/config/nova.conf:2:31: SITE001"])
    }

    @Test func settingServiceAndHostFilters() throws {
        let files = Self.novaFiles.merging(["config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n"]) { $1 }
        // Only cmp02 (its own file, read by every nova service there): the shared config concerns no selected host.
        let onlyCmp02 = Self.policy(
            match: "{setting: oslo_messaging_rabbit.heartbeat_timeout_threshold, service: [nova-compute, nova-api], host: cmp02}",
            require: "{\">=\": 120}")
        let onCmp02 = try Self.lint(onlyCmp02, files: files)
        #expect(Self.describe(onCmp02) == Array(repeating: "etc/kolla/config/nova/cmp02/nova.conf:3:31: SITE001", count: 2))
        #expect(onCmp02.compactMap(\.service).sorted() == ["nova-api", "nova-compute"])
        // A group: cmp01 and cmp03 use the shared file, cmp02 its own.
        let compute = Self.policy(
            match: "{setting: oslo_messaging_rabbit.heartbeat_timeout_threshold, service: nova-compute, host: \"group:compute\"}",
            require: "{\">=\": 120}")
        #expect(Self.describe(try Self.lint(compute, files: files)) == [
            "etc/kolla/config/nova.conf:2:31: SITE001", "etc/kolla/config/nova/cmp02/nova.conf:3:31: SITE001",
        ])
        // Hosts of the control group never get cmp02's file, and the shared config is fine for them.
        let control = Self.policy(
            match: "{setting: oslo_messaging_rabbit.heartbeat_timeout_threshold, service: nova-compute, host: \"ctl*\"}",
            require: "{\"<=\": 60}")
        #expect(try Self.lint(control, files: files).isEmpty)
    }

    @Test func oslDefaultPointsAtTheReleaseLineAndSaysKollaDefault() throws {
        let policy = Self.policy(match: "{setting: oslo_messaging_rabbit.heartbeat_timeout_threshold, service: nova-conductor}",
                                 require: "{\">=\": 120}")
        let findings = try Self.lint(policy)
        #expect(Self.describe(findings) == ["etc/kolla/globals.yml:2:20: SITE001"])
        #expect(findings.first?.message.contains("is 60 (Kolla default") == true)
    }

    // MARK: variable

    @Test func variableSetInGlobalsAndKollaDefault() throws {
        let set = Self.policy(match: "{variable: site_number}", require: "{\">=\": 60}")
        let findings = try Self.lint(set)
        #expect(Self.describe(findings) == ["etc/kolla/globals.yml:3:1: SITE001"])
        #expect(findings.first?.message == "site rule: variable site_number is 30 (set at etc/kolla/globals.yml:3:1); policy SITE001 requires >= 60")
        // om_enable_rabbitmq_quorum_queues defaults to true on 2024.1: a Kolla default, at the release line.
        let kollaDefault = Self.policy(match: "{variable: om_enable_rabbitmq_quorum_queues}", require: "{equals: false}")
        let defaults = try Self.lint(kollaDefault)
        #expect(Self.describe(defaults) == ["etc/kolla/globals.yml:2:20: SITE001"])
        #expect(defaults.first?.message.contains("is true (Kolla default (") == true)
    }

    // MARK: haproxy

    @Test func haproxyOptionTimeoutAndDirective() throws {
        let files = ["config/haproxy/services.d/rabbitmq.cfg": Self.haproxy]
        let path = "etc/kolla/config/haproxy/services.d/rabbitmq.cfg"
        let option = Self.policy(match: "{haproxy: {proxy: \"rabbitmq*\", option: clitcpka}}", require: "{equals: true}")
        #expect(Self.describe(try Self.lint(option, files: files)) == ["\(path):7:5: SITE001"])
        let present = Self.policy(match: "{haproxy: {proxy: \"rabbitmq*\", option: srvtcpka}}", require: "{present: true}")
        #expect(try Self.lint(present, files: files).isEmpty)
        // Times with units: 30m < 1h fires, 30m >= 20m does not; `timeout client` of a backend is not checked.
        let timeout = Self.policy(match: "{haproxy: {proxy: \"*\", timeout: client}}", require: "{\">=\": 1h}")
        let timeouts = try Self.lint(timeout, files: files)
        #expect(Self.describe(timeouts) == ["\(path):8:5: SITE001"])
        #expect(timeouts.first?.message.contains("is 30m") == true)
        let lower = Self.policy(match: "{haproxy: {proxy: \"*\", timeout: client}}", require: "{\">=\": 20m}")
        #expect(try Self.lint(lower, files: files).isEmpty)
        let milliseconds = Self.policy(match: "{haproxy: {proxy: rabbitmq_amqp, timeout: server}}", require: "{\"<\": 3600000}")
        #expect(Self.describe(try Self.lint(milliseconds, files: files)) == ["\(path):9:5: SITE001"])
        let directive = Self.policy(match: "{haproxy: {proxy: [rabbitmq_amqp, other_back], directive: balance}}", require: "{equals: roundrobin}")
        #expect(Self.describe(try Self.lint(directive, files: files)) == ["\(path):14:5: SITE001"])
    }

    // MARK: rabbitmq_policy

    @Test func rabbitmqPolicyKeys() throws {
        let files = ["config/rabbitmq/definitions.json": Self.definitions]
        let path = "etc/kolla/config/rabbitmq/definitions.json"
        let ttl = Self.policy(match: "{rabbitmq_policy: {name: \"ttl-*\", key: definition.message-ttl}}", require: "{\">=\": 1800000}")
        #expect(Self.describe(try Self.lint(ttl, files: files)) == ["\(path):3:34: SITE001"])
        let applyTo = Self.policy(match: "{rabbitmq_policy: {name: \"*\", key: apply-to}}", require: "{equals: all}")
        #expect(Self.describe(try Self.lint(applyTo, files: files)).count == 1)
        let priority = Self.policy(match: "{rabbitmq_policy: {name: \"*\", key: priority}}", require: "{\"<=\": 1}")
        #expect(Self.describe(try Self.lint(priority, files: files)).count == 1)
        let pattern = Self.policy(match: "{rabbitmq_policy: {name: \"*\", key: pattern}}", require: "{matches: \"^\\\\^\"}")
        #expect(try Self.lint(pattern, files: files).isEmpty)
        // Unknown (templated) definition value: no finding whatever the operator.
        let unknown = Self.policy(match: "{rabbitmq_policy: {name: \"*\", key: definition.max-length}}", require: "{absent: true}")
        #expect(try Self.lint(unknown, files: files).isEmpty)
        // An absent key satisfies absent, fails present.
        let absent = Self.policy(match: "{rabbitmq_policy: {name: \"*\", key: definition.ha-mode}}", require: "{absent: true}")
        #expect(try Self.lint(absent, files: files).isEmpty)
        let present = Self.policy(match: "{rabbitmq_policy: {name: \"*\", key: definition.ha-mode}}", require: "{present: true}")
        let missing = try Self.lint(present, files: files)
        #expect(missing.count == 1)
        #expect(missing.first?.message.contains("is not set") == true)
    }

    // MARK: rabbitmq_conf

    @Test func rabbitmqConfFromKollaTemplateAndCustomFile() throws {
        let policy = Self.policy(match: "{rabbitmq_conf: cluster_partition_handling}", require: "{one_of: [pause_minority]}")
        // Kolla's template renders the variable: the finding is at the globals line that sets it.
        let template = try Self.lint(policy)
        #expect(Self.describe(template) == ["etc/kolla/globals.yml:8:1: SITE001"])
        #expect(template.first?.message.contains("is autoheal (rendered by Kolla's template") == true)
        // A custom file replaces the template.
        let conf = ["config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\ncluster_partition_handling = ignore\n"]
        #expect(Self.describe(try Self.lint(policy, files: conf)) == ["etc/kolla/config/rabbitmq/rabbitmq.conf:2:30: SITE001"])
        // A key the custom file lacks is absent; a key of Kolla's template the model does not hold is unknown.
        let keepalive = Self.policy(match: "{rabbitmq_conf: tcp_listen_options.keepalive}", require: "{equals: true}")
        #expect(Self.describe(try Self.lint(keepalive, files: conf)) == ["etc/kolla/config/rabbitmq/rabbitmq.conf:1:1: SITE001"])
        #expect(try Self.lint(keepalive).isEmpty)
    }

    // MARK: Operators

    /// (operator and operand, value of site_number = 30 / site_text / site_flag, fires)
    static let operatorCases: [(String, String, Bool)] = [
        ("{equals: 30}", "site_number", false), ("{equals: 31}", "site_number", true),
        ("{equals: \"30\"}", "site_number", false),
        ("{not_equals: 30}", "site_number", true), ("{not_equals: 31}", "site_number", false),
        ("{one_of: [10, 30]}", "site_number", false), ("{one_of: [10, 20]}", "site_number", true),
        ("{matches: \"^pause_\"}", "site_text", false), ("{matches: \"^auto\"}", "site_text", true),
        ("{present: true}", "site_text", false), ("{absent: true}", "site_text", true),
        ("{\">=\": 30}", "site_number", false), ("{\">=\": 31}", "site_number", true),
        ("{\">\": 29}", "site_number", false), ("{\">\": 30}", "site_number", true),
        ("{\"<=\": 30}", "site_number", false), ("{\"<=\": 29.5}", "site_number", true),
        ("{\"<\": 31}", "site_number", false), ("{\"<\": 30}", "site_number", true),
        ("{\">=\": 1}", "site_text", true),
        ("{equals: true}", "site_flag", false), ("{equals: no}", "site_flag", true),
    ]

    @Test(arguments: operatorCases.indices)
    func eachOperator(index: Int) throws {
        let (require, variable, fires) = Self.operatorCases[index]
        let findings = try Self.lint(Self.policy(match: "{variable: \(variable)}", require: require))
        #expect(findings.count == (fires ? 1 : 0), "\(variable) \(require)")
    }

    @Test(arguments: ["{equals: 1}", "{not_equals: 1}", "{one_of: [1]}", "{matches: x}", "{present: true}", "{absent: true}",
                      "{\">=\": 1}", "{\">\": 1}", "{\"<=\": 1}", "{\"<\": 1}"])
    func unknownValuesNeverFire(require: String) throws {
        #expect(try Self.lint(Self.policy(match: "{variable: site_templated}", require: require)).isEmpty)
    }

    @Test func absentValuesSatisfyOnlyAbsentAndNotEquals() throws {
        for (require, fires) in [("{absent: true}", false), ("{not_equals: 1}", false), ("{equals: 1}", true),
                                 ("{present: true}", true), ("{one_of: [1]}", true), ("{matches: x}", true), ("{\">=\": 1}", true)] {
            let undefined = try Self.lint(Self.policy(match: "{variable: site_never_defined}", require: require))
            #expect(undefined.count == (fires ? 1 : 0), "undefined \(require)")
            let null = try Self.lint(Self.policy(match: "{variable: site_null}", require: require))
            #expect(null.count == (fires ? 1 : 0), "null \(require)")
        }
        let finding = try #require(try Self.lint(Self.policy(match: "{variable: site_never_defined}", require: "{present: true}")).first)
        #expect(finding.message.contains("variable site_never_defined is not set"))
        #expect(finding.message.contains("no line of the tree sets or selects it"))
    }

    // MARK: when

    @Test func whenRelease() throws {
        let require = "{\">=\": 60}"
        let inside = Self.policy(match: "{variable: site_number}", require: require, when: "{release: \">= 2023.2, < 2025.1\"}")
        #expect(try Self.lint(inside).count == 1)
        let outside = Self.policy(match: "{variable: site_number}", require: require, when: "{release: \">= 2025.1\"}")
        #expect(try Self.lint(outside).isEmpty)
        let codename = Self.policy(match: "{variable: site_number}", require: require, when: "{release: caracal}")
        #expect(try Self.lint(codename).count == 1)
        // An assumed release decides nothing.
        let assumed = UserPolicyTests.globals.replacingOccurrences(of: "openstack_release: \"2024.1\"", with: "site_other: 1")
        #expect(try Self.lint(inside, globals: assumed).isEmpty)
    }

    @Test func whenClusterSizeAndVariable() throws {
        let require = "{\">=\": 60}"
        #expect(try Self.lint(Self.policy(match: "{variable: site_number}", require: require, when: "{cluster_size: \">= 3\"}")).count == 1)
        #expect(try Self.lint(Self.policy(match: "{variable: site_number}", require: require, when: "{cluster_size: \"2\"}")).isEmpty)
        #expect(try Self.lint(Self.policy(match: "{variable: site_number}", require: require, when: "{variable: {site_flag: true}}")).count == 1)
        #expect(try Self.lint(Self.policy(match: "{variable: site_number}", require: require, when: "{variable: {site_flag: false}}")).isEmpty)
        // Unknown variable: undecided, no finding.
        #expect(try Self.lint(Self.policy(match: "{variable: site_number}", require: require,
                                          when: "{variable: {site_templated: x}}")).isEmpty)
    }

    // MARK: The engine

    @Test func selectIgnoreAndSeverityOverrides() throws {
        let config = Self.policy(match: "{variable: site_number}", require: "{\">=\": 60}") + "severity:\n  SITE001: error\n"
        let findings = try Self.lint(config)
        #expect(findings.map(\.severity) == [.error])
        #expect(try Self.lint(config, settings: CommandLineSettings(ignore: ["SITE"])).isEmpty)
        #expect(try Self.lint(config, settings: CommandLineSettings(select: ["RMQ2"])).isEmpty)
        #expect(try Self.lint(config, settings: CommandLineSettings(select: ["SITE001"])).count == 1)
    }

    @Test func fingerprintIsLineIndependent() throws {
        let policy = Self.policy(match: "{variable: site_number}", require: "{\">=\": 60}")
        let first = try #require(try Self.lint(policy).first)
        let moved = try #require(try Self.lint(policy, globals: "---\n# moved\n" + Self.globals.dropFirst(4)).first)
        #expect(first.location.line != moved.location.line)
        #expect(first.fingerprint == moved.fingerprint)
    }

    @Test func descriptionIsARule() throws {
        let fs = Self.tree(config: Self.policy(match: "{variable: site_number}", require: "{\">=\": 60}"))
        let configuration = try ConfigurationLoader.load(".rmqlint.yml", fileSystem: fs, rules: []).get()
        let description = try #require(configuration.policies.first?.description)
        #expect(description.isUserDefined)
        #expect(description.family == nil)
        #expect(description.helpURI.hasSuffix("docs/writing-policies.md"))
        #expect(description.whatItDoes.contains("the Kolla variable `site_number` and requires >= 60"))
        #expect(description.references == ["Site policy defined at .rmqlint.yml:2:9"])
    }

    // MARK: policy_files

    @Test func policyFilesGlobsAreReadInPathOrder() throws {
        let body = { (id: String) in
            "policies:\n  - {id: \(id), slug: s-\(id.lowercased()), severity: info, summary: s, match: {variable: site_number}, require: {equals: 1}}\n"
        }
        var fs = Self.tree(config: "policy_files: [\"policies/*.yml\", ../site-policies/site.yml]\n")
        fs.addFile("/repo/policies/b.yml", contents: body("SITEB001"))
        fs.addFile("/repo/policies/a.yml", contents: body("SITEA001"))
        fs.addFile("/site-policies/site.yml", contents: body("SHARED001"))
        let configuration = try ConfigurationLoader.load(".rmqlint.yml", fileSystem: fs, rules: []).get()
        #expect(configuration.policies.map(\.id) == ["SITEA001", "SITEB001", "SHARED001"])
        #expect(configuration.policies.first?.location.description == "policies/a.yml:2:10")
    }

    // MARK: Malformed policies

    /// (configuration, the exact error line)
    static let malformed: [(String, String)] = [
        ("policies: {}\n", ".rmqlint.yml:1:11: error: 'policies' must be a list of policies, found a mapping"),
        (policy(match: "{variable: x}", require: "{equals: 1}").replacingOccurrences(of: "severity: warning", with: "severity: fatal"),
         ".rmqlint.yml:4:15: error: 'severity' must be error, warning or info, found 'fatal'"),
        (policy(match: "{variable: x}", require: "{equals: 1}") + "    colour: red\n",
         ".rmqlint.yml:8:5: error: unknown key 'colour' in a policy (known keys: id, slug, severity, summary, help, match, when, require)"),
        (policy(match: "{variable: x}", require: "{equals: 1}", id: "RMQ901"),
         ".rmqlint.yml:2:9: error: policy id 'RMQ901': the prefix RMQ is reserved for rmqlint's own rules"),
        (policy(match: "{variable: x}", require: "{equals: 1}", id: "site1"),
         ".rmqlint.yml:2:9: error: policy id 'site1' must be 2 to 8 capital letters followed by 3 digits, e.g. SITE001"),
        (policy(match: "{variable: x}", require: "{equals: 1}") + policy(match: "{variable: y}", require: "{equals: 1}").dropFirst("policies:\n".count),
         ".rmqlint.yml:8:9: error: duplicate rule id 'SITE001' (already used by .rmqlint.yml:2:9)"),
        (policy(match: "{variable: x}", require: "{equals: 1}").replacingOccurrences(of: "slug: site-policy-site001", with: "slug: tcpka-not-split"),
         ".rmqlint.yml:3:11: error: duplicate slug 'tcpka-not-split' (already used by built-in rule RMQ201)"),
        (policy(match: "{variable: x}", require: "{equals: 1}").replacingOccurrences(of: "slug: site-policy-site001", with: "slug: Site_Policy"),
         ".rmqlint.yml:3:11: error: slug 'Site_Policy' must be kebab-case: lower-case letters and digits separated by single hyphens"),
        (policy(match: "{variable: x}", require: "{roughly: 1}"),
         ".rmqlint.yml:7:15: error: unknown operator 'roughly' in 'require' (operators: equals, not_equals, one_of, matches, present, absent, >=, >, <=, <)"),
        (policy(match: "{variable: x}", require: "{equals: 1, absent: true}"),
         ".rmqlint.yml:7:26: error: 'require' takes exactly one operator"),
        (policy(match: "{variable: x}", require: "{\">=\": ten}"),
         ".rmqlint.yml:7:21: error: '>=' needs a number, found 'ten' (times with units such as 30s apply to HAProxy timeouts)"),
        (policy(match: "{haproxy: {proxy: \"*\", timeout: client}}", require: "{\">=\": 1 hour}"),
         ".rmqlint.yml:7:21: error: '>=' needs an HAProxy time such as 30s, 1h or 500ms, found '1 hour'"),
        (policy(match: "{variable: x}", require: "{one_of: x}"),
         ".rmqlint.yml:7:23: error: 'one_of' must be a non-empty list of values, found 'x'"),
        (policy(match: "{variable: x}", require: "{matches: \"(unclosed\"}"),
         ".rmqlint.yml:7:24: error: invalid regular expression in 'matches': missing closing parenthesis at offset 0"),
        (policy(match: "{variable: x}", require: "{present: false}"),
         ".rmqlint.yml:7:24: error: 'present' takes no value (write 'present: true')"),
        (policy(match: "{variable: x, setting: a.b}", require: "{equals: 1}"),
         ".rmqlint.yml:6:12: error: 'match' takes exactly one kind of value, found setting and variable"),
        (policy(match: "{kind: x}", require: "{equals: 1}"),
         ".rmqlint.yml:6:13: error: unknown key 'kind' in 'match' (known keys: setting, variable, haproxy, rabbitmq_policy, rabbitmq_conf, service, host)"),
        (policy(match: "{setting: heartbeat_timeout_threshold}", require: "{equals: 1}"),
         ".rmqlint.yml:6:22: error: 'setting' must be SECTION.KEY, e.g. oslo_messaging_rabbit.heartbeat_timeout_threshold"),
        (policy(match: "{setting: database.connection}", require: "{equals: 1}"),
         ".rmqlint.yml:6:22: error: 'setting' database.connection is not in the effective model, which keeps the oslo_messaging_* sections and DEFAULT control_exchange, long_rpc_timeout, rpc_response_max_timeout, rpc_response_timeout, transport_url"),
        (policy(match: "{setting: oslo_messaging_rabbit.x, service: \"nova-[\"}", require: "{equals: 1}"),
         ".rmqlint.yml:6:56: error: invalid glob 'nova-[' in 'service' (use *, ? and [...] over names)"),
        (policy(match: "{variable: x, service: nova-api}", require: "{equals: 1}"),
         ".rmqlint.yml:6:26: error: 'service' applies only to 'setting' matches"),
        (policy(match: "{haproxy: {proxy: \"*\"}}", require: "{equals: 1}"),
         ".rmqlint.yml:6:22: error: 'haproxy' needs exactly one of option, timeout or directive"),
        (policy(match: "{rabbitmq_policy: {name: \"*\", key: ha-mode}}", require: "{equals: 1}"),
         ".rmqlint.yml:6:47: error: unknown policy key 'ha-mode' (use pattern, apply-to, priority or definition.<key>, e.g. definition.ha-mode)"),
        (policy(match: "{variable: x}", require: "{equals: 1}", when: "{release: \">= 2099.9\"}"),
         ".rmqlint.yml:8:21: error: unknown release '2099.9' in 'when: release' (use a series such as 2024.1 or a name such as caracal)"),
        (policy(match: "{variable: x}", require: "{equals: 1}", when: "{cluster: 3}"),
         ".rmqlint.yml:8:12: error: unknown key 'cluster' in 'when' (known keys: release, cluster_size, variable)"),
        (policy(match: "{variable: x}", require: "{equals: 1}", when: "{variable: [a]}"),
         ".rmqlint.yml:8:22: error: 'when: variable' must map variable names to values, e.g. {om_enable_rabbitmq_quorum_queues: true}"),
        (policy(match: "{variable: x}", require: "{equals: 1}").replacingOccurrences(of: "    summary: site rule\n", with: ""),
         ".rmqlint.yml:2:5: error: policy is missing 'summary' (a policy has id, slug, severity, summary, help, match, when, require; help and when are optional)"),
        ("policy_files: [\"nowhere/*.yml\"]\n",
         ".rmqlint.yml:1:16: error: 'policy_files' glob 'nowhere/*.yml' matches no file (paths are relative to .rmqlint.yml's directory)"),
        (policy(match: "{variable: x}", require: "{equals: 1}") + "select: [SITE002]\n",
         ".rmqlint.yml:8:10: error: unknown rule id, prefix or slug 'SITE002' in 'select' (see 'rmqlint rules')"),
    ]

    @Test(arguments: malformed.indices)
    func malformedPolicyIsALocatedConfigurationError(index: Int) {
        let (config, expected) = Self.malformed[index]
        #expect(Self.configError(config) == expected, "\(config)")
    }

    @Test func errorsInPolicyFilesNameThatFile() {
        let config = "policy_files: [site.yml]\n"
        var fs = Self.tree(config: config)
        fs.addFile("/repo/site.yml", contents: "policies:\n  - id: SITE001\n    slug: x\n    severity: warning\n    summary: s\n    match: {variable: x}\n    require: {exists: true}\n")
        switch ConfigurationLoader.load(".rmqlint.yml", fileSystem: fs, rules: []) {
        case .success: Issue.record("expected an error")
        case .failure(let error):
            #expect(error.description.hasPrefix("site.yml:7:15: error: unknown operator 'exists'"))
        }
    }

    @Test func policiesBeforeSelectAreKnownToIt() throws {
        // select/severity may name a policy defined later in the file.
        let config = "select: [SITE001]\nseverity: {site-policy-site001: info}\n" + Self.policy(match: "{variable: site_number}", require: "{equals: 1}")
        let findings = try Self.lint(config)
        #expect(findings.map(\.severity) == [.info])
    }
}
