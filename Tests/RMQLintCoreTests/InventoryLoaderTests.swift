import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// Shorthand for a one-line location in the test file.
private func loc(_ line: Int, _ column: Int, _ length: Int = 0, path: String = "multinode") -> RMQLintCore.SourceLocation {
    RMQLintCore.SourceLocation(path: path, line: line, column: column, length: length)
}

private func parse(_ text: String, path: String = "multinode") -> (inventory: Inventory, diagnostics: [LoadDiagnostic]) {
    InventoryLoader.parse(text, path: path)
}

@Suite("Ansible INI inventory loader")
struct InventoryLoaderTests {
    // MARK: A realistic Kolla multinode excerpt

    static let multinode = """
        # These initial groups are the only groups required to be modified.
        [control]
        ctl[01:03]      ansible_user=kolla api_interface=eth1

        [network:children]
        control

        [compute]
        cmp[001:200]

        [rabbitmq:children]
        control

        [deployment]
        localhost       ansible_connection=local

        [openvswitch:children]
        network
        compute
        manila-share

        [manila-share:children]
        network
        """

    @Test func readsKollaMultinode() throws {
        let (inventory, diagnostics) = parse(Self.multinode)
        #expect(diagnostics.isEmpty)
        #expect(inventory.paths == ["multinode"])
        #expect(inventory.hosts.count == 204)
        #expect(inventory.hosts(inGroup: "rabbitmq") == ["ctl01", "ctl02", "ctl03"])
        #expect(inventory.hosts(inGroup: "network") == ["ctl01", "ctl02", "ctl03"])
        let compute = inventory.hosts(inGroup: "compute")
        #expect(compute.count == 200)
        #expect(compute.first == "cmp001")
        #expect(compute[9] == "cmp010")
        #expect(compute.last == "cmp200")
        #expect(inventory.contains(host: "cmp042"))
        #expect(!inventory.contains(host: "cmp201"))
        #expect(!inventory.contains(host: "ctl[01:03]"))

        let rabbitmq = try #require(inventory.groups["rabbitmq"])
        #expect(rabbitmq.location == loc(11, 2, 8))
        #expect(rabbitmq.hosts.isEmpty)
        #expect(rabbitmq.children == [Located("control", at: loc(12, 1, 7))])
        let control = try #require(inventory.groups["control"])
        #expect(control.hosts.map(\.value) == ["ctl01", "ctl02", "ctl03"])
        #expect(control.hosts.map(\.location) == Array(repeating: loc(3, 1, 10), count: 3))
        // A child declared after its parent (manila-share) resolves like any other.
        #expect(inventory.hosts(inGroup: "openvswitch").count == 203)
        // Breadth first: compute's own hosts (level 1) come before control's (level 2, via network).
        #expect(Array(inventory.hosts(inGroup: "openvswitch").prefix(2)) == ["cmp001", "cmp002"])
        #expect(Array(inventory.hosts(inGroup: "openvswitch").suffix(3)) == ["ctl01", "ctl02", "ctl03"])
        #expect(inventory.referenceDiagnostics().isEmpty)
    }

    @Test func inlineVarsCarryTheirLocations() throws {
        let (inventory, _) = parse(Self.multinode)
        let ctl02 = try #require(inventory.hosts["ctl02"])
        #expect(ctl02.location == loc(3, 1, 10))
        #expect(ctl02.vars["ansible_user"] == Located("kolla", at: loc(3, 30, 5)))
        #expect(ctl02.vars["api_interface"] == Located("eth1", at: loc(3, 50, 4)))
        let localhost = try #require(inventory.hosts["localhost"])
        #expect(localhost.location == loc(15, 1, 9))
        #expect(localhost.vars["ansible_connection"] == Located("local", at: loc(15, 36, 5)))
    }

    @Test func quotedValuesAndComments() throws {
        let (inventory, diagnostics) = parse("""
            [control]
            ctl01 ansible_host="10.0.0.11" motd='hello world' # a comment
            ctl02 secret="'03#pa33w0rd'" port=2222 flag=True
            ctl03 pass=ab#cd
            ctl04 args='-o ProxyCommand="ssh -W %h:%p bastion"' esc=a\\ b
            """)
        #expect(diagnostics.isEmpty)
        let ctl01 = try #require(inventory.hosts["ctl01"])
        #expect(ctl01.vars["ansible_host"] == Located("10.0.0.11", at: loc(2, 20, 11)))
        #expect(ctl01.vars["motd"] == Located("hello world", at: loc(2, 37, 13)))
        #expect(ctl01.vars.count == 2)
        let ctl02 = try #require(inventory.hosts["ctl02"])
        // Shell quotes, then Python quotes, are removed; '#' inside quotes is kept.
        #expect(ctl02.vars["secret"]?.value == "03#pa33w0rd")
        #expect(ctl02.vars["port"]?.value == "2222")
        #expect(ctl02.vars["flag"]?.value == "True")
        // An unquoted '#' starts a comment even inside a word (shlex).
        #expect(inventory.hosts["ctl03"]?.vars["pass"]?.value == "ab")
        #expect(inventory.hosts["ctl04"]?.vars["args"]?.value == "-o ProxyCommand=\"ssh -W %h:%p bastion\"")
        #expect(inventory.hosts["ctl04"]?.vars["esc"]?.value == "a b")
    }

    @Test func portSuffixBecomesAnsiblePort() throws {
        let (inventory, diagnostics) = parse("""
            [control]
            ctl01:2222 ansible_host=10.0.0.11
            10.0.0.5:2200
            [fe80::1]:22
            fe80::2
            ctl[02:03]:2200
            """)
        #expect(diagnostics.isEmpty)
        let ctl01 = try #require(inventory.hosts["ctl01"])
        #expect(ctl01.location == loc(2, 1, 5))
        #expect(ctl01.vars["ansible_port"] == Located("2222", at: loc(2, 7, 4)))
        #expect(ctl01.vars["ansible_host"]?.value == "10.0.0.11")
        #expect(inventory.hosts["10.0.0.5"]?.vars["ansible_port"]?.value == "2200")
        #expect(inventory.hosts["fe80::1"]?.vars["ansible_port"]?.value == "22")
        #expect(inventory.hosts["fe80::1"]?.location == loc(4, 2, 7))
        #expect(inventory.hosts["fe80::2"]?.vars.isEmpty == true)
        #expect(inventory.hosts["ctl03"]?.vars["ansible_port"] == Located("2200", at: loc(6, 12, 4)))
        #expect(inventory.hosts(inGroup: "control") == ["ctl01", "10.0.0.5", "fe80::1", "fe80::2", "ctl02", "ctl03"])
    }

    // MARK: Ranges

    @Test func numericRangesKeepPaddingAndStride() {
        let (inventory, diagnostics) = parse("""
            [padded]
            ctl[01:03]
            [plain]
            node[8:11]
            [stride]
            s[1:9:2]
            [paddedstride]
            p[01:10:3]
            [nobegin]
            h[:2].example.com
            """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.hosts(inGroup: "padded") == ["ctl01", "ctl02", "ctl03"])
        #expect(inventory.hosts(inGroup: "plain") == ["node8", "node9", "node10", "node11"])
        #expect(inventory.hosts(inGroup: "stride") == ["s1", "s3", "s5", "s7", "s9"])
        #expect(inventory.hosts(inGroup: "paddedstride") == ["p01", "p04", "p07", "p10"])
        #expect(inventory.hosts(inGroup: "nobegin") == ["h0.example.com", "h1.example.com", "h2.example.com"])
    }

    @Test func letterAndMultipleRanges() {
        let (inventory, diagnostics) = parse("""
            [letters]
            node[a:c]
            [wrap]
            x[y:B]
            [several]
            r[1:2]-n[a:b]
            [leading]
            [a:b]-db
            """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.hosts(inGroup: "letters") == ["nodea", "nodeb", "nodec"])
        // Python's string.ascii_letters order: a–z, then A–Z.
        #expect(inventory.hosts(inGroup: "wrap") == ["xy", "xz", "xA", "xB"])
        #expect(inventory.hosts(inGroup: "several") == ["r1-na", "r1-nb", "r2-na", "r2-nb"])
        // A line starting with a range but not ending with ']' is a host pattern, as in Ansible.
        #expect(inventory.hosts(inGroup: "leading") == ["a-db", "b-db"])
    }

    @Test func malformedRangesAreReportedAndSkipped() {
        let (inventory, diagnostics) = parse("""
            [control]
            ctl[03:01]
            ctl[01:
            ctl[01:3]
            ctl[a:3]
            ctl[1:2:0]
            ctl[1]
            ctl]1[2:3]
            ok01
            """)
        #expect(inventory.hosts(inGroup: "control") == ["ok01"])
        #expect(diagnostics.map(\.location) == [
            loc(2, 1, 10), loc(3, 1, 7), loc(4, 1, 9), loc(5, 1, 8), loc(6, 1, 10), loc(7, 1, 6), loc(8, 1, 10),
        ])
        #expect(diagnostics[0].message.contains("begins after its end"))
        #expect(diagnostics[1].message.contains("no closing ']'"))
        #expect(diagnostics[2].message.contains("same width"))
        #expect(diagnostics[3].message.contains("numbers or both single letters"))
        #expect(diagnostics[4].message.contains("positive whole number"))
        #expect(diagnostics[5].message.contains("[begin:end]"))
        #expect(diagnostics[6].message.contains("before its '['"))
    }

    @Test func hugeRangesAreRefused() {
        let (inventory, diagnostics) = parse("""
            [big]
            max[00001:10000]
            over[0:10000]
            product[0:99]x[0:100]
            giant[0:99999999999999999999]
            """)
        #expect(inventory.hosts(inGroup: "big").count == 10_000)
        #expect(diagnostics.map(\.location) == [loc(3, 1, 13), loc(4, 1, 21), loc(5, 1, 29)])
        #expect(diagnostics[0].message == "host pattern expands to more than 10000 hosts")
        #expect(diagnostics[1].message == "host pattern expands to more than 10000 hosts")
        #expect(diagnostics[2].message == "host range bounds are too large")
    }

    @Test func perFileHostBudgetIsEnforced() {
        let lines = (0..<11).map { "h\($0)-[00000:09999]" }.joined(separator: "\n")
        let (inventory, diagnostics) = parse("[many]\n" + lines + "\n")
        #expect(inventory.hosts.count == InventoryLoader.maximumHostsPerFile)
        #expect(diagnostics.map(\.location) == [loc(12, 1, 17)])
    }

    @Test func manyHostLinesInOneGroup() {
        let lines = (0..<20_000).map { "cmp\($0) ansible_host=10.1.\($0 / 256).\($0 % 256)" }.joined(separator: "\n")
        let (inventory, diagnostics) = parse("[compute]\n" + lines + "\n[compute]\ncmp0\n")
        #expect(diagnostics.isEmpty)
        #expect(inventory.groups["compute"]?.hosts.count == 20_000)
        #expect(inventory.hosts["cmp19999"]?.vars["ansible_host"]?.value == "10.1.78.31")
        #expect(inventory.hosts(inGroup: "compute").last == "cmp19999")
    }

    // MARK: Children

    @Test func unknownChildrenResolveToNothing() {
        let (inventory, diagnostics) = parse("""
            [rabbitmq:children]
            control
            ghosts
            [control]
            ctl01
            """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.groups["ghosts"] == nil)
        #expect(inventory.hosts(inGroup: "rabbitmq") == ["ctl01"])
        #expect(inventory.hosts(inGroup: "ghosts").isEmpty)
        #expect(inventory.hosts(inGroup: "never-mentioned").isEmpty)
        let references = inventory.referenceDiagnostics()
        #expect(references.map(\.location) == [loc(3, 1, 6)])
        #expect(references.first?.message.contains("'ghosts'") == true)
    }

    @Test func childrenCyclesTerminate() {
        let (inventory, diagnostics) = parse("""
            [a:children]
            b
            [b:children]
            a
            c
            [a]
            host-a
            [b]
            host-b
            [c]
            host-c
            [self:children]
            self
            """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.hosts(inGroup: "a") == ["host-a", "host-b", "host-c"])
        #expect(inventory.hosts(inGroup: "b") == ["host-b", "host-a", "host-c"])
        #expect(inventory.hosts(inGroup: "self").isEmpty)
        let references = inventory.referenceDiagnostics()
        #expect(references.map(\.location) == [loc(4, 1, 1), loc(13, 1, 4)])
        #expect(references.allSatisfy { $0.message.contains("cycle") })
    }

    @Test func childrenResolveBreadthFirstInDeclarationOrder() {
        let (inventory, _) = parse("""
            [top:children]
            second
            first
            [top]
            own
            [first:children]
            deep
            [first]
            f1
            shared
            [second]
            s1
            shared
            [deep]
            d1
            own
            """)
        #expect(inventory.hosts(inGroup: "top") == ["own", "s1", "shared", "f1", "d1"])
    }

    @Test func malformedChildLinesAreReported() {
        let (inventory, diagnostics) = parse("""
            [parent:children]
            good # comment
            two words
            bad:name
            [good]
            h1
            """)
        #expect(inventory.groups["parent"]?.children.map(\.value) == ["good"])
        #expect(diagnostics.map(\.location) == [loc(3, 1, 9), loc(4, 1, 8)])
    }

    // MARK: Vars, all and ungrouped

    @Test func groupVars() throws {
        let (inventory, diagnostics) = parse("""
            [rabbitmq]
            ctl01
            [rabbitmq:vars]
            rabbitmq_cluster_name = kolla cluster
            http_port=8080 # all members
            other = bar # kept
            quoted = "a value"
            empty =
            no equals sign here
             = nameless
            [all:vars]
            ansible_become=true
            """)
        let vars = try #require(inventory.groups["rabbitmq"]?.vars)
        #expect(vars["rabbitmq_cluster_name"] == Located("kolla cluster", at: loc(4, 25, 13)))
        // Ansible's literal_eval drops a Python comment after a literal…
        #expect(vars["http_port"] == Located("8080", at: loc(5, 11, 4)))
        // …but not after a bare word, which is not a literal.
        #expect(vars["other"]?.value == "bar # kept")
        #expect(vars["quoted"] == Located("a value", at: loc(7, 10, 9)))
        #expect(vars["empty"] == Located("", at: loc(8, 8, 0)))
        #expect(diagnostics.map(\.location) == [loc(9, 1, 19), loc(10, 2, 10)])
        #expect(inventory.groups["all"]?.vars["ansible_become"]?.value == "true")
        #expect(inventory.groups["all"]?.location == loc(11, 2, 3))
    }

    @Test func ungroupedAndAll() {
        let (inventory, diagnostics) = parse("""
            loose01 ansible_host=10.0.0.1
            loose02
            [control]
            ctl01
            loose02
            """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.groups["ungrouped"]?.location == loc(1, 1, 7))
        #expect(inventory.groups["ungrouped"]?.hosts.map(\.value) == ["loose01", "loose02"])
        // A host that also belongs to a real group leaves `ungrouped`, as in Ansible.
        #expect(inventory.hosts(inGroup: "ungrouped") == ["loose01"])
        #expect(inventory.hosts(inGroup: "all") == ["loose01", "loose02", "ctl01"])
        #expect(inventory.groups["all"] == nil)
    }

    @Test func repeatedHostsAndGroupsMerge() throws {
        let (inventory, _) = parse("""
            [control]
            ctl01 a=1
            ctl01 b=2
            [network]
            ctl01 a=3
            [control]
            ctl02
            """)
        #expect(inventory.groups["control"]?.hosts.map(\.value) == ["ctl01", "ctl02"])
        #expect(inventory.groups["control"]?.location == loc(1, 2, 7))
        let host = try #require(inventory.hosts["ctl01"])
        #expect(host.location == loc(2, 1, 5))
        #expect(host.vars["a"] == Located("3", at: loc(5, 9, 1)))
        #expect(host.vars["b"]?.value == "2")
    }

    // MARK: Diagnostics

    @Test func malformedHeadersAndHostLines() {
        let (inventory, diagnostics) = parse("""
            [control] # fine
            ctl01
            [bad name]
            lost01
            [g:weird]
            lost02
            [g:]
            [control] ; not a comment here
            lost03
            [compute]
            cmp01 "unclosed
            cmp02 bareword
            cmp03:
            ---
            cmp04 =x
            """)
        #expect(inventory.hosts(inGroup: "control") == ["ctl01"])
        #expect(inventory.hosts(inGroup: "compute") == ["cmp02", "cmp04"])
        #expect(!inventory.contains(host: "lost01") && !inventory.contains(host: "lost02") && !inventory.contains(host: "lost03"))
        #expect(inventory.groups["g"] == nil)
        #expect(diagnostics.map(\.location) == [
            loc(3, 1, 10), loc(5, 4, 5), loc(7, 1, 4), loc(8, 1, 30), loc(11, 1, 15), loc(12, 7, 8),
            loc(13, 1, 6), loc(14, 1, 3), loc(15, 7, 2),
        ])
        #expect(diagnostics[1].message.contains("unknown type"))
        #expect(diagnostics[4].message.contains("unclosed double quote"))
        #expect(diagnostics[6].message.contains("ends with ':'"))
        #expect(diagnostics[7].message.contains("YAML"))
        #expect(inventory.contains(host: "cmp04"))
    }

    @Test func diagnosticsNeverQuoteValues() {
        let (_, diagnostics) = parse("[g]\nh1 'hunter2\nh2 hunter3\n[g:vars]\nhunter4\n")
        #expect(diagnostics.count == 3)
        #expect(diagnostics.allSatisfy { !$0.message.contains("hunter") })
    }

    // MARK: Merging an inventory directory

    @Test func mergeCombinesFiles() throws {
        var (inventory, _) = parse("""
            [control]
            ctl01 role=a
            [rabbitmq:children]
            control
            extra
            [rabbitmq:vars]
            cluster=one
            """, path: "inventory/01-base")
        #expect(inventory.referenceDiagnostics().count == 1)
        let (second, _) = parse("""
            [control]
            ctl02
            ctl01 role=b
            [extra]
            ext01
            [rabbitmq:vars]
            cluster=two
            """, path: "inventory/02-extra")
        inventory.merge(second)
        #expect(inventory.paths == ["inventory/01-base", "inventory/02-extra"])
        #expect(inventory.hosts(inGroup: "rabbitmq") == ["ctl01", "ctl02", "ext01"])
        #expect(inventory.hosts(inGroup: "all") == ["ctl01", "ctl02", "ext01"])
        let ctl01 = try #require(inventory.hosts["ctl01"])
        #expect(ctl01.location == loc(2, 1, 5, path: "inventory/01-base"))
        #expect(ctl01.vars["role"] == Located("b", at: loc(3, 12, 1, path: "inventory/02-extra")))
        #expect(inventory.groups["rabbitmq"]?.vars["cluster"]?.value == "two")
        #expect(inventory.groups["control"]?.location == loc(1, 2, 7, path: "inventory/01-base"))
        #expect(inventory.referenceDiagnostics().isEmpty)
    }

    @Test func publicInitOrdersByDeclaration() {
        let late = InventoryHost(name: "a-late", location: loc(9, 1, 6))
        let early = InventoryHost(name: "z-early", location: loc(2, 1, 7))
        let inventory = Inventory(paths: ["multinode"], hosts: ["a-late": late, "z-early": early])
        #expect(inventory.hosts(inGroup: "all") == ["z-early", "a-late"])
    }

    // MARK: Text details

    @Test func crlfAndUnicodeColumns() throws {
        let (inventory, diagnostics) = parse("[contrôle]\r\nnœud01 rôle=clé\r\n# fin")
        #expect(diagnostics.isEmpty)
        #expect(inventory.groups["contrôle"]?.location == loc(1, 2, 8))
        let host = try #require(inventory.hosts["nœud01"])
        #expect(host.location == loc(2, 1, 6))
        #expect(host.vars["rôle"] == Located("clé", at: loc(2, 13, 3)))
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(parse("").inventory.hosts.isEmpty)
        #expect(parse("").diagnostics.isEmpty)
        let comments = parse("# a\n; b\n\n   \n")
        #expect(comments.inventory.groups.isEmpty)
        #expect(comments.diagnostics.isEmpty)
    }

    /// Regression (issue 6): a host word was copied on every byte appended to it, so a
    /// multi-megabyte host variable took minutes. Now linear: 4 MiB in well under a minute
    /// even in a debug build, value and location exact.
    @Test(.timeLimit(.minutes(1))) func multiMegabyteHostVariableIsLinear() throws {
        let long = String(repeating: "x", count: 4 << 20)
        let (inventory, diagnostics) = parse("[control]\nctl01 long_var=\(long) 'quoted'=\"\(long)\"\n")
        #expect(diagnostics.isEmpty)
        let host = try #require(inventory.hosts["ctl01"])
        #expect(host.vars["long_var"]?.value.utf8.count == 4 << 20)
        #expect(host.vars["long_var"]?.location == loc(2, 16, 4 << 20))
        #expect(host.vars["quoted"]?.value.utf8.count == 4 << 20)
    }
}
