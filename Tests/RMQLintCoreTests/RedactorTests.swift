import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("Redactor")
struct RedactorTests {
    let plain = Redactor()

    // MARK: URL passwords

    @Test func masksEveryHostOfAMultiHostTransportURL() {
        let url = "rabbit://openstack:s3cr3t@10.0.0.1:5672,openstack:s3cr3t@10.0.0.2:5672//"
        #expect(plain.redact(url) == "rabbit://openstack:******@10.0.0.1:5672,openstack:******@10.0.0.2:5672//")
    }

    @Test func masksURLInsideASentence() {
        let text = "transport_url = rabbit://nova:pw1@ctl01:5672,nova:pw2@ctl02:5672/ is set twice"
        #expect(plain.redact(text) == "transport_url = rabbit://nova:******@ctl01:5672,nova:******@ctl02:5672/ is set twice")
    }

    @Test func passwordContainingAtSignIsMaskedUpToTheLastAt() {
        let url = "rabbit://u:p@ss@h1:5672,u:p@ss@h2:5672//"
        #expect(plain.redact(url) == "rabbit://u:******@h1:5672,u:******@h2:5672//")
    }

    @Test func passwordContainingCommaStaysOneSegment() {
        #expect(plain.redact("rabbit://u:pa,ss@h1:5672,u:pa,ss@h2:5672//")
            == "rabbit://u:******@h1:5672,u:******@h2:5672//")
    }

    @Test func passwordContainingSlashOrColonIsMaskedWhole() {
        #expect(plain.redact("amqp://u:pa/ss@h/vhost") == "amqp://u:******@h/vhost")
        #expect(plain.redact("amqp://u:a:b@h:5671") == "amqp://u:******@h:5671")
    }

    @Test func queryAndPathAfterTheHostAreKept() {
        #expect(plain.redact("rabbit://u:p@h:5672/?ssl=1&x=a@b") == "rabbit://u:******@h:5672/?ssl=1&x=a@b")
        #expect(plain.redact("rabbit://u:p@h#frag") == "rabbit://u:******@h#frag")
    }

    @Test func urlEndsAtQuoteOrWhitespace() {
        let text = "url = \"rabbit://u:p@h//\" and 'amqp://v:q@k' then user:x@y"
        #expect(plain.redact(text) == "url = \"rabbit://u:******@h//\" and 'amqp://v:******@k' then user:x@y")
    }

    @Test func hostsWithoutPasswordAreLeftAlone() {
        let texts = [
            "https://docs.openstack.org/kolla-ansible/latest/?a=b",
            "http://user@host:80/",
            "https://github.com/openstack/kolla-ansible/blob/x@main",
            "rabbit://u:@h//",
            "rabbit://h1:5672,h2:5672//",
            "no url at all: a:b@c",
            "://",
            "x://",
        ]
        for text in texts {
            #expect(plain.redact(text) == text)
        }
    }

    @Test func hostsAfterAUserinfoSegmentWithoutUserinfoAreKept() {
        #expect(plain.redact("rabbit://u:p@h1,h2:5672//") == "rabbit://u:******@h1,h2:5672//")
    }

    @Test func everyURLOfTheTextIsMasked() {
        #expect(plain.redact("a rabbit://u:p@h/ b amqp://v:q@k c")
            == "a rabbit://u:******@h/ b amqp://v:******@k c")
    }

    // MARK: Listed secrets

    @Test func masksEveryOccurrenceOfAListedSecret() {
        let redactor = Redactor(secrets: ["hunter2"])
        #expect(redactor.redact("hunter2 and hunter2x and xhunter2") == "****** and ******x and x******")
    }

    @Test func ignoresEmptyAndWhitespaceSecrets() {
        let redactor = Redactor(secrets: ["", " ", "\t\n"])
        #expect(redactor.redact("a b\tc") == "a b\tc")
    }

    @Test func overlappingSecretsAreMaskedWhole() {
        let redactor = Redactor(secrets: ["defghi", "abcdef"])
        #expect(redactor.redact("xxabcdefghiyy") == "xx******yy")
        #expect(redactor.redact("abc def") == "abc def")
    }

    @Test func secretInsideALongerSecretMasksTheLongerOneEntirely() {
        let redactor = Redactor(secrets: ["pass", "password123"])
        #expect(redactor.redact("my password123 and pass") == "my ****** and ******")
        #expect(redactor.redact("password12") == "******word12")
    }

    @Test func selfOverlappingOccurrencesBecomeOneMask() {
        let redactor = Redactor(secrets: ["aa"])
        #expect(redactor.redact("baaab") == "b******b")
    }

    @Test func nonASCIISecrets() {
        let redactor = Redactor(secrets: ["pässwörd", "密码"])
        #expect(redactor.redact("x=pässwörd; y=密码!") == "x=******; y=******!")
        #expect(redactor.redact("pässwort") == "pässwort")
    }

    @Test func secretsAndURLPasswordsTogether() {
        let redactor = Redactor(secrets: ["s3cr3t"])
        #expect(redactor.redact("rabbit://openstack:s3cr3t@h// and s3cr3t")
            == "rabbit://openstack:******@h// and ******")
        // A listed secret that straddles the password and the host is masked as one run.
        let straddling = Redactor(secrets: ["t@h"])
        #expect(straddling.redact("rabbit://u:secret@host//") == "rabbit://u:******ost//")
    }

    @Test func settingSecretsRebuildsTheMatcher() {
        var redactor = Redactor()
        #expect(redactor.redact("hunter2") == "hunter2")
        redactor.secrets = ["hunter2"]
        #expect(redactor.secrets == ["hunter2"])
        #expect(redactor.redact("hunter2") == "******")
    }

    @Test func manySecretsSharingPrefixes() {
        let secrets = (0..<300).map { "pw\($0)x" }
        let redactor = Redactor(secrets: secrets)
        #expect(redactor.redact("pw7x pw77x pw299x pw300x pw1") == "****** ****** ****** pw300x pw1")
    }

    @Test func secretClippedWithAnEllipsisIsMasked() {
        let redactor = Redactor(secrets: ["Zq8pW2xYvB9kLm3N", "abc"])
        // Rules clip long values they quote: the visible start of the secret is masked.
        #expect(redactor.redact("value \"Zq8pW2xY…\" is long") == "value \"******…\" is long")
        #expect(redactor.redact("Zq8p…") == "******…")
        // Three bytes of a prefix are not enough to tell; nor is a prefix without an ellipsis.
        #expect(redactor.redact("Zq8… and Zq8pW2 and ab…") == "Zq8… and Zq8pW2 and ab…")
        // A whole secret before an ellipsis is masked once.
        #expect(redactor.redact("Zq8pW2xYvB9kLm3N…") == "******…")
    }

    // MARK: Secret keys (the API `rmqlint effective` prints values through)

    @Test(arguments: [
        "rabbitmq_password", "keystone_admin_password", "database_password", "password", "PASSWORD",
        "password_hash", "admin_passwd", "memcache_secret_key", "secret", "client_secret",
        "api_key", "ssh-key", "fernet_token", "auth_token_ttl", "rabbitmq_cluster_cookie",
        "default_pass", "ansible_ssh_pass", "ansible_become_pass", "pass", "Pass",
        "ssl_options.password", "[keystone_authtoken]memcache_secret_key", "nova/rabbitmq_password",
    ])
    func secretKeyNames(_ key: String) {
        #expect(Redactor.isSecretKey(key), "\(key) should be secret")
    }

    @Test(arguments: [
        "transport_url", "connection", "heartbeat_timeout_threshold", "rabbitmq_user",
        "[keystone_authtoken]auth_url", "key", "keys", "key_manager", "passive", "bypass_checks",
        "compass", "openstack_release", "om_enable_rabbitmq_quorum_queues", "",
    ])
    func ordinaryKeyNames(_ key: String) {
        #expect(!Redactor.isSecretKey(key), "\(key) should not be secret")
    }

    @Test func valuesOfSecretKeysAreMaskedWhole() {
        let redactor = Redactor(secrets: ["listed-secret"])
        #expect(redactor.redact(value: "not listed anywhere", forKey: "rabbitmq_password") == "******")
        #expect(redactor.redact(value: "x", forKey: "memcache_secret_key") == "******")
        // An empty value says "unset", which is not a secret.
        #expect(redactor.redact(value: "", forKey: "rabbitmq_password") == "")
        // Other keys: listed secrets and URL passwords are masked, the rest is shown.
        #expect(redactor.redact(value: "rabbit://u:pw@h1:5672,u:pw@h2:5672//", forKey: "transport_url")
            == "rabbit://u:******@h1:5672,u:******@h2:5672//")
        #expect(redactor.redact(value: "a listed-secret here", forKey: "description") == "a ****** here")
        #expect(redactor.redact(value: "60", forKey: "heartbeat_timeout_threshold") == "60")
    }

    // MARK: Linear time

    @Test(.timeLimit(.minutes(1))) func pathologicalInputsStayFast() {
        let urls = String(repeating: "a://b@c:d/", count: 100_000)
        #expect(plain.redact(urls).count == urls.count)
        let colons = String(repeating: "://", count: 200_000)
        #expect(plain.redact(colons) == colons)
        let ats = "x://" + String(repeating: "u:p@", count: 200_000)
        #expect(plain.redact(ats) == "x://u:******@")

        let redactor = Redactor(secrets: [String(repeating: "a", count: 1_000) + "b", "aaaa"])
        let text = String(repeating: "a", count: 1_000_000)
        #expect(redactor.redact(text) == "******")
    }
}
