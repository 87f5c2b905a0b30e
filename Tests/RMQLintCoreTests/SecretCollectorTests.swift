import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// What the redaction layer is told to mask, gathered from every file of a run.
@Suite("Secret collector")
struct SecretCollectorTests {
    /// The secrets a lint of `files` (a Kolla tree at /k) collects.
    private func secrets(_ files: [String: String]) throws -> [String] {
        var fileSystem = InMemoryFileSystem(currentDirectory: "/")
        fileSystem.addFile("/k/globals.yml", contents: files["/k/globals.yml"] ?? "")
        for (path, contents) in files { fileSystem.addFile(path, contents: contents) }
        return try Linter(rules: [], fileSystem: fileSystem).lint(LintOptions(paths: ["/k"])).get().model.secrets
    }

    @Test func everyPasswordsValueButBooleansNullsAndShortOnes() throws {
        let found = try secrets(["/k/passwords.yml": """
            rabbitmq_password: Zq8pW2xYvB
            database_password: "12345678"
            docker_registry_password: null
            enable_flag: true
            quoted_flag: "true"
            short: abc
            nested:
              list: [nestedSecret1, {deeper: nestedSecret2}]
            keystone_ssh_key:
              private_key: |
                -----BEGIN KEY-----
                AAAAB3NzaC1yc2E
                -----END KEY-----
            """])
        #expect(found == [
            "-----BEGIN KEY-----", "-----BEGIN KEY-----\nAAAAB3NzaC1yc2E\n-----END KEY-----", "-----END KEY-----",
            "12345678", "AAAAB3NzaC1yc2E", "Zq8pW2xYvB", "nestedSecret1", "nestedSecret2",
        ])
    }

    @Test func vaultPayloadsAnywhereAndLineByLine() throws {
        let found = try secrets(["/k/globals.yml": """
            openstack_release: "2024.1"
            some_setting: !vault |
              $ANSIBLE_VAULT;1.1;AES256
              6231336539666234306139346433616338
              6134333665353966363534333632666535
            """])
        #expect(found == [
            "$ANSIBLE_VAULT;1.1;AES256",
            "$ANSIBLE_VAULT;1.1;AES256\n6231336539666234306139346433616338\n6134333665353966363534333632666535",
            "6134333665353966363534333632666535", "6231336539666234306139346433616338",
        ])
    }

    @Test func secretKeysInGlobalsButNotTemplatesNumbersOrFlags() throws {
        let found = try secrets(["/k/globals.yml": """
            openstack_release: "2024.1"
            rabbitmq_password: GlobalsPw1
            keystone_token_provider: fernet
            fernet_token_expiry: 86400
            octavia_ca_password: "{{ octavia_ca_password_from_vault }}"
            enable_secret_thing: yes
            plain_setting: VisibleValue
            definitions:
              users: [{name: openstack, password_hash: "HashHashHash=="}]
            """])
        #expect(found == ["GlobalsPw1", "HashHashHash==", "fernet"])
    }

    @Test func iniRabbitMQConfAndURLPasswords() throws {
        let found = try secrets([
            "/k/config/nova.conf": """
                [DEFAULT]
                transport_url = rabbit://openstack:UrlPw1@10.0.0.1:5672,openstack:UrlPw2@10.0.0.2:5672//
                [keystone_authtoken]
                memcache_secret_key = MemcacheKey9
                auth_url = http://keystone:5000
                password = AuthPw77
                [database]
                connection = mysql+pymysql://nova:DbPw55@10.0.0.9/nova
                """,
            "/k/config/rabbitmq/rabbitmq.conf": "default_pass = ConfPass1\ndefault_user = openstack\n",
        ])
        #expect(found == ["AuthPw77", "ConfPass1", "DbPw55", "MemcacheKey9", "UrlPw1", "UrlPw2"])
    }

    @Test func inventoryVariablesWithSecretNames() throws {
        let found = try secrets(["/k/multinode": """
            [control]
            ctl01 ansible_user=kolla ansible_become_pass=BecomePw1
            [all:vars]
            ansible_ssh_pass=SshPass22
            ansible_python_interpreter=/usr/bin/python3
            """])
        #expect(found == ["BecomePw1", "SshPass22"])
    }

    @Test func haproxyStatsAuthAndUserlists() throws {
        let found = try secrets(["/k/config/haproxy/services.d/stats.cfg": """
            listen stats
                bind :1984
                stats auth admin:StatsPw9
            userlist ops
                user alice insecure-password AlicePw1
                user bob password $6$saltsalt$hashhash
            """])
        #expect(found == ["$6$saltsalt$hashhash", "AlicePw1", "StatsPw9"])
    }

    @Test func collectedSecretsMaskEveryReporter() throws {
        var fileSystem = InMemoryFileSystem(currentDirectory: "/")
        fileSystem.addFile("/k/globals.yml", contents: "openstack_release: \"2024.1\"\n")
        fileSystem.addFile("/k/config/nova.conf", contents: "[keystone_authtoken]\nmemcache_secret_key = MemcacheKey9\n")
        let result = try Linter(rules: [], fileSystem: fileSystem).lint(LintOptions(paths: ["/k"])).get()
        #expect(result.report.redactor.redact("key MemcacheKey9 leaked") == "key ****** leaked")
    }

    /// Values around the byte shortcuts' edges: ASCII, non-ASCII, every Unicode newline, CR LF,
    /// and lengths on both sides of the minimum in one to four bytes per scalar.
    private static let shortcutSamples: [String] = [
        "", "a", "abc", "abcd", "ab\ncd", "ab\r\ncd", "a\u{0B}b", "a\u{0C}b", "a\u{85}b", "a\u{2028}b", "a\u{2029}b",
        "é", "éé", "ééé", "éééé", "日本", "日本語", "日本語!", "😀😀😀", "😀😀😀😀", "e\u{301}e\u{301}", " spaced ",
        "\u{1C}x\u{1F}", "tab\tend", "\u{A0}nbsp", "plain-value-1234",
    ]

    @Test func byteShortcutsAnswerAsTheCharacterWalk() {
        for value in Self.shortcutSamples {
            #expect(SecretValue.isLongEnough(value) == (value.unicodeScalars.count >= Redactor.minimumSecretLength), "\(value)")
            // The shortcut may only say "maybe": never false where a newline is.
            if value.contains(where: \.isNewline) { #expect(SecretValue.mayHaveNewline(value), "\(value)") }
        }
        #expect(!SecretValue.mayHaveNewline("plain value, no breaks"))
        #expect(SecretValue.mayHaveNewline("é, but no newline"))  // not ASCII: the walk decides
        for byte in UInt8(0)..<0x80 {
            #expect(SecretValue.isCharacterWhitespace(byte) == Character(Unicode.Scalar(byte)).isWhitespace, "\(byte)")
        }
    }

    @Test func aRepeatedURLValueAddsItsPasswordsOnceAndOthersStillCount() throws {
        let found = try secrets(["/k/config/nova.conf": """
            [DEFAULT]
            transport_url = rabbit://openstack:RepeatPw1@10.0.0.1:5672,openstack:RepeatPw2@10.0.0.2:5672//
            [oslo_messaging_notifications]
            transport_url = rabbit://openstack:RepeatPw1@10.0.0.1:5672,openstack:RepeatPw2@10.0.0.2:5672//
            [database]
            connection = mysql+pymysql://nova:OtherDbPw3@10.0.0.250:3306/nova
            [other]
            transport_url = rabbit://openstack:RepeatPw1@10.0.0.1:5672,openstack:RepeatPw2@10.0.0.2:5672//
            """])
        #expect(found == ["OtherDbPw3", "RepeatPw1", "RepeatPw2"])
    }
}
