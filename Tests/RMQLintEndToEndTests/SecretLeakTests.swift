import Foundation
import Testing

/// SECURITY.md "Secrets": unique secret strings are planted everywhere a Kolla tree keeps
/// secrets, and no output of any command, in any format, on stdout or stderr, may contain
/// any of them — not even an 8-character piece of one (messages clip long values).
@Suite("Secret leaks")
struct SecretLeakTests {
    /// name → planted value; every value is unique and appears nowhere else.
    static let planted: [(String, String)] = [
        ("passwords.yml rabbitmq_password", "Qv7Lk2Pw9XaRt4"),
        ("passwords.yml value reused as openstack_release", "Mz3Hb8Yc1NdWq6"),
        ("passwords.yml nested", "Fj5Gt0Ks2LpVb9"),
        ("globals.yml !vault payload", "6a3c9e1f7b2d4a8c0e5f9b3d7a1c6e2f"),
        ("globals.yml *_password", "Rw4Ty8Ui2OpAs5"),
        ("transport_url host 1", "Tu1Hx6Zr3Wm8Qe"),
        ("transport_url host 2", "Tu2Jk9Lb4Vn7Cy"),
        ("transport_url host 3", "Tu3Dg5Fs0Gh2Pk"),
        ("per-host transport_url", "Ph4Nq7Wt1Xb5Mv"),
        ("memcache_secret_key", "Mc6Sk3Ey9Rz1Lu"),
        ("[keystone_authtoken] password", "Ka8Pw2Bn5Cx7Vd"),
        ("[database] connection", "Db0Cn4Mx8Zq3Wr"),
        ("rabbitmq.conf default_pass", "Rc5Dp1Fg6Hj0Kl"),
        ("definitions.json password_hash", "Dj2Ph7Qw3Er9Ty"),
        ("inventory ansible_become_pass", "Iv3Bp8Nm2Lk6Jh"),
        ("inventory [all:vars] ansible_ssh_pass", "Iv4Sp0Gf7Dh1Sa"),
        ("haproxy stats auth", "Hs5Au9Yt2Re6Wq"),
        ("haproxy userlist", "Hu6Ul3Ik8Ol2Pz"),
        ("broken YAML line", "By7Ln1Mk4Nj8Bh"),
        ("broken INI file", "Bi8Nf2Vc6Xs0Za"),
    ]

    static func value(_ name: String) -> String {
        planted.first { $0.0 == name }?.1 ?? ""
    }

    /// A copy of Samples/healthy-kolla with every secret planted; returns the tree root
    /// (the directory holding `etc/`).
    private func plantedTree() throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("rmqlint-secrets-\(UUID().uuidString)")
        try fm.copyItem(at: CLI.root.appendingPathComponent("Samples/healthy-kolla"), to: root)
        let kolla = root.appendingPathComponent("etc/kolla")
        func append(_ relative: String, _ text: String) throws {
            let url = kolla.appendingPathComponent(relative)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            try (old + text).write(to: url, atomically: false, encoding: .utf8)
        }
        let v = Self.value
        try append("passwords.yml", """
            rabbitmq_password: \(v("passwords.yml rabbitmq_password"))
            custom_release_password: \(v("passwords.yml value reused as openstack_release"))
            nested_passwords:
              - \(v("passwords.yml nested"))

            """)
        // The release is a secret value: RMQ002 quotes an unknown release, so this one
        // reaches a message and must come out masked.
        var globals = try String(contentsOf: kolla.appendingPathComponent("globals.yml"), encoding: .utf8)
        globals = globals.replacingOccurrences(
            of: "openstack_release: \"2024.1\"",
            with: "openstack_release: \"\(v("passwords.yml value reused as openstack_release"))\"")
        try globals.write(to: kolla.appendingPathComponent("globals.yml"), atomically: false, encoding: .utf8)
        try append("globals.yml", """
            octavia_ca_password: \(v("globals.yml *_password"))
            vaulted_setting: !vault |
              $ANSIBLE_VAULT;1.1;AES256
              \(v("globals.yml !vault payload"))

            """)
        try append("config/nova.conf", """

            [DEFAULT]
            transport_url = rabbit://openstack:\(v("transport_url host 1"))@10.0.0.11:5672,openstack:\(v("transport_url host 2"))@10.0.0.12:5672,openstack:\(v("transport_url host 3"))@10.0.0.13:5672//
            [keystone_authtoken]
            memcache_secret_key = \(v("memcache_secret_key"))
            password = \(v("[keystone_authtoken] password"))
            [database]
            connection = mysql+pymysql://nova:\(v("[database] connection"))@10.0.0.10/nova

            """)
        try append("config/nova/ctl01/nova.conf", """
            [DEFAULT]
            transport_url = rabbit://nova:\(v("per-host transport_url"))@10.0.0.11:5672//

            """)
        try append("config/rabbitmq/rabbitmq.conf", "default_pass = \(v("rabbitmq.conf default_pass"))\n")
        try append("config/rabbitmq/definitions.json", """
            {"users": [{"name": "openstack", "password_hash": "\(v("definitions.json password_hash"))", "tags": "administrator"}],
             "vhosts": [{"name": "/"}], "permissions": [], "policies": []}

            """)
        var inventory = try String(contentsOf: kolla.appendingPathComponent("multinode"), encoding: .utf8)
        inventory = inventory.replacingOccurrences(
            of: "ctl[01:03] ansible_user=kolla",
            with: "ctl[01:03] ansible_user=kolla ansible_become_pass=\(v("inventory ansible_become_pass"))")
        inventory += "\n[all:vars]\nansible_ssh_pass=\(v("inventory [all:vars] ansible_ssh_pass"))\n"
        try inventory.write(to: kolla.appendingPathComponent("multinode"), atomically: false, encoding: .utf8)
        try append("config/haproxy/services.d/stats.cfg", """
            listen stats
                bind 10.0.0.10:1984
                stats auth admin:\(v("haproxy stats auth"))
            userlist operators
                user ops insecure-password \(v("haproxy userlist"))

            """)
        // Files rmqlint cannot load: RMQ001 messages must not quote their lines either.
        try append("globals.d/broken.yml", "db_password: \"\(v("broken YAML line"))\n  - [unclosed\n")
        try append("config/glance.conf", "[DEFAULT]\npassword \(v("broken INI file"))\n[broken\n")
        return root
    }

    /// Every 8-character piece of every planted secret found in `text`.
    private func leaks(in text: String) -> [String] {
        var found: [String] = []
        for (name, secret) in Self.planted {
            let scalars = Array(secret.unicodeScalars)
            for start in 0...(scalars.count - 8) {
                let piece = String(String.UnicodeScalarView(scalars[start..<(start + 8)]))
                if text.contains(piece) {
                    found.append("\(name) (\(piece))")
                    break
                }
            }
        }
        return found
    }

    @Test func noPlantedSecretAppearsInAnyOutput() throws {
        let root = try plantedTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-baseline-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: baseline) }

        var runs: [[String]] = []
        for format in ["text", "json", "sarif", "github"] {
            runs.append(["lint", "--format", format, "etc/kolla"])
            runs.append(["lint", "--format", format, "--show-suppressed", "etc/kolla/config/nova.conf"])
        }
        runs.append(["lint", "--write-baseline", baseline.path, "etc/kolla"])
        for format in ["text", "json"] {
            runs.append(["effective", "--format", format, "etc/kolla"])
            runs.append(["effective", "--format", format, "--service", "nova-conductor", "--host", "ctl01", "etc/kolla"])
            runs.append(["effective", "--format", format, "--release", "2024.1", "etc/kolla"])
        }
        runs.append(["rules"])
        // Static pages, but "every output" includes them.
        for id in try CLI.run(["rules"]).stdout.split(separator: "\n").compactMap({ $0.split(separator: " ").first }) where id.hasPrefix("RMQ") {
            runs.append(["explain", String(id)])
        }
        // Error paths: a missing path and a bad option print to stderr only.
        runs.append(["lint", "etc/kolla/no-such-file"])
        runs.append(["effective", "etc/kolla", "--release", "not-a-release"])

        var masked = Set<String>()
        for arguments in runs {
            let output = try CLI.run(arguments, in: root)
            #expect([0, 1, 2].contains(output.status), "\(arguments) exited with \(output.status): \(output.stderr)")
            let all = output.stdout + output.stderr
            #expect(leaks(in: all).isEmpty, "\(arguments) leaked \(leaks(in: all))")
            if all.contains("******") { masked.insert(arguments.prefix(3).joined(separator: " ")) }
        }
        if let written = try? String(contentsOf: baseline, encoding: .utf8) {
            #expect(leaks(in: written).isEmpty, "the baseline file leaked \(leaks(in: written))")
        } else {
            Issue.record("--write-baseline wrote nothing")
        }
        // Not vacuous: secrets reached the reports and were masked there (RMQ002 quotes the
        // release in every lint format; effective prints transport_url and secret keys).
        for expected in ["lint --format text", "lint --format json", "lint --format sarif", "lint --format github",
                         "effective --format text", "effective --format json"] {
            #expect(masked.contains(expected), "\(expected) masked nothing: is the planted tree still reaching the report?")
        }
    }
}
