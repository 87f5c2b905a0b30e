import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// Inline suppression directives: the grammar, where each format allows comments, exact
/// locations of directives and rule names, and how findings are matched to directives.
@Suite("Suppression directives")
struct SuppressionTests {
    private func location(_ line: Int, _ column: Int, _ length: Int = 0) -> RMQLintCore.SourceLocation {
        RMQLintCore.SourceLocation(path: "f", line: line, column: column, length: length)
    }

    private func parse(_ comment: String, column: Int = 1) -> SuppressionDirective? {
        SuppressionParser.parse(comment: comment, at: location(3, column, comment.unicodeScalars.count))
    }

    // MARK: Grammar

    @Test func lineDirectiveWithReason() throws {
        let directive = try #require(parse("# rmqlint: disable=RMQ201 -- legacy clients need it"))
        #expect(directive.scope == .line)
        #expect(directive.rules.map(\.value) == ["RMQ201"])
        #expect(directive.rules.first?.location == location(3, 20, 6))
        #expect(directive.reason == "legacy clients need it")
        #expect(directive.strayText == nil && directive.malformation == nil)
        #expect(directive.location == location(3, 1, 51))
    }

    @Test func fileDirectiveWithSeveralRulesAndSpacing() throws {
        let directive = try #require(parse("#rmqlint :disable-file = RMQ201 ,tcpka-not-split,  RMQ3--why", column: 9))
        #expect(directive.scope == .file)
        #expect(directive.rules.map(\.value) == ["RMQ201", "tcpka-not-split", "RMQ3"])
        #expect(directive.rules.map(\.location.range.start.column) == [9 + 25, 9 + 33, 9 + 51])
        #expect(directive.reason == "why")
    }

    @Test func missingOrBlankReasonIsNil() throws {
        #expect(try #require(parse("# rmqlint: disable=RMQ201")).reason == nil)
        #expect(try #require(parse("# rmqlint: disable=RMQ201 --   ")).reason == nil)
        let stray = try #require(parse("# rmqlint: disable=RMQ201 legacy clients"))
        #expect(stray.reason == nil)
        #expect(stray.strayText == "legacy clients")
        #expect(stray.rules.map(\.value) == ["RMQ201"])
    }

    @Test func commentsNotAddressedToRmqlintAreIgnored() {
        #expect(parse("# rmqlint runs in pre-commit") == nil)
        #expect(parse("# see rmqlint: docs") == nil)
        #expect(parse("# pylint: disable=foo") == nil)
    }

    @Test func malformedDirectivesSayWhy() throws {
        let unknown = try #require(parse("# rmqlint: enable=RMQ201"))
        #expect(unknown.scope == nil)
        #expect(unknown.malformation == "expected 'disable=' or 'disable-file=' after 'rmqlint:', found 'enable'")
        let noEquals = try #require(parse("# rmqlint: disable RMQ201 -- x"))
        #expect(noEquals.malformation == "expected '=' and rule ids after 'disable'")
        let noRules = try #require(parse("# rmqlint: disable= -- reason"))
        #expect(noRules.malformation == "'disable=' names no rule (write e.g. '# rmqlint: disable=RMQ201 -- reason')")
        let nothing = try #require(parse("# rmqlint:"))
        #expect(nothing.malformation == "expected 'disable=' or 'disable-file=' after 'rmqlint:', found nothing")
        #expect(!nothing.covers(line: 3))
    }

    @Test func lineDirectiveCoversItsLineAndTheNext() throws {
        let line = try #require(parse("# rmqlint: disable=RMQ201 -- x"))
        #expect(!line.covers(line: 2))
        #expect(line.covers(line: 3) && line.covers(line: 4))
        #expect(!line.covers(line: 5))
        let file = try #require(parse("# rmqlint: disable-file=RMQ201 -- x"))
        #expect(file.covers(line: 1) && file.covers(line: 1_000))
    }

    // MARK: Where comments are

    @Test func iniDirectivesOnlyInTheFirstColumn() {
        // oslo.config: a trailing '#' is part of the value, an indented line continues it.
        let text = """
            [DEFAULT]
            # rmqlint: disable=RMQ204 -- a
            debug = true  # rmqlint: disable=RMQ205 -- not a comment
              # rmqlint: disable=RMQ206 -- continuation
            ; rmqlint: disable-file=RMQ207 -- b
            """
        let directives = SuppressionScanner.directives(in: text, path: "nova.conf", syntax: .ini)
        #expect(directives.map(\.rules.first?.value) == ["RMQ204", "RMQ207"])
        #expect(directives.map(\.location) == [
            RMQLintCore.SourceLocation(path: "nova.conf", line: 2, column: 1, length: 30),
            RMQLintCore.SourceLocation(path: "nova.conf", line: 5, column: 1, length: 35),
        ])
    }

    @Test func yamlDirectivesAfterBlanksAndOutsideQuotes() {
        let text = """
            openstack_release: "2024.1" # rmqlint: disable=RMQ002 -- a
            a: "x # rmqlint: disable=RMQ101 -- inside quotes"
            b: 'it''s # rmqlint: disable=RMQ102 -- inside quotes'
            c: don't # rmqlint: disable=RMQ103 -- after a plain scalar
            d: x#rmqlint: disable=RMQ104 -- glued to a word
              # rmqlint: disable=RMQ105 -- indented comment line\r
            """
        let directives = SuppressionScanner.directives(in: text, path: "globals.yml", syntax: .hash)
        #expect(directives.map(\.rules.first?.value) == ["RMQ002", "RMQ103", "RMQ105"])
        #expect(directives.map { $0.location.range.start } == [
            SourcePosition(line: 1, column: 29), SourcePosition(line: 4, column: 10), SourcePosition(line: 6, column: 3),
        ])
        // The carriage return of a CRLF line is not part of the reason.
        #expect(directives.last?.reason == "indented comment line")
    }

    @Test func rabbitmqConfDirectivesOnFullLines() {
        let text = "  # rmqlint: disable=RMQ405 -- a\nlisteners.tcp.1 = 5672 # rmqlint: disable=RMQ503 -- b\n"
        let directives = SuppressionScanner.directives(in: text, path: "rabbitmq.conf", syntax: .fullLineHash)
        #expect(directives.map(\.rules.first?.value) == ["RMQ405"])
        #expect(directives.first?.location.range.start == SourcePosition(line: 1, column: 3))
    }

    @Test func haproxyDirectivesComeFromTheLoadersComments() {
        let text = """
            frontend f
                option tcpka # rmqlint: disable=RMQ201 -- a
                http-request set-header X "a # rmqlint: disable=RMQ202 -- quoted"
                # rmqlint: disable-file=RMQ203 -- b

            """
        let config = HAProxyLoader.parse(text, path: "h.cfg").config
        let directives = SuppressionScanner.directives(inComments: config.comments)
        #expect(directives.map(\.rules.first?.value) == ["RMQ201", "RMQ203"])
        #expect(directives.first?.rules.first?.location == RMQLintCore.SourceLocation(path: "h.cfg", line: 2, column: 37, length: 6))
    }

    @Test func filesWithoutTheMarkerAreSkipped() {
        #expect(SuppressionScanner.directives(in: "# rmqlin: disable=RMQ201\n# RMQLINT: disable=x\n", path: "f", syntax: .hash).isEmpty)
        #expect(SuppressionScanner.containsMarker("xxrmqlint".utf8))
        #expect(SuppressionScanner.containsMarker("rrmqlint".utf8))
        #expect(!SuppressionScanner.containsMarker("rmqlin t".utf8))
    }

    // MARK: Matching

    private func finding(_ rule: String, line: Int, path: String = "f") -> Finding {
        Finding(ruleID: rule, slug: rule.lowercased(), severity: .warning, message: "m",
                location: RMQLintCore.SourceLocation(path: path, line: line, column: 5), semanticKey: "k\(line)")
    }

    private func index(_ comments: [(Int, String)]) -> SuppressionIndex {
        let directives = comments.compactMap { line, text in
            SuppressionParser.parse(comment: text, at: location(line, 1, text.unicodeScalars.count))
        }
        return SuppressionIndex(
            directives: directives, unsuppressible: ["RMQ004"],
            resolve: { name in
                switch name.uppercased() {
                case "RMQ201", "TCPKA-NOT-SPLIT": "RMQ201"
                case "RMQ202": "RMQ202"
                case "RMQ203": "RMQ203"
                case "RMQ004": "RMQ004"
                default: nil
                }
            })
    }

    @Test func findingsOnTheLineOrTheLineBelowAreSuppressed() {
        var index = index([(3, "# rmqlint: disable=tcpka-not-split -- a"), (10, "# rmqlint: disable-file=RMQ203 -- b")])
        let findings = [
            finding("RMQ201", line: 2), finding("RMQ201", line: 3), finding("RMQ201", line: 4),
            finding("RMQ201", line: 5), finding("RMQ202", line: 4), finding("RMQ203", line: 1),
            finding("RMQ201", line: 4, path: "other"),
        ]
        let (active, suppressed) = index.apply(to: findings)
        #expect(active.map { "\($0.location.path):\($0.ruleID)@\($0.location.line)" }
            == ["f:RMQ201@2", "f:RMQ201@5", "f:RMQ202@4", "other:RMQ201@4"])
        #expect(suppressed.map { "\($0.finding.ruleID)@\($0.finding.location.line) by \($0.directive.line)" }
            == ["RMQ201@3 by 3", "RMQ201@4 by 3", "RMQ203@1 by 10"])
        let uses = index.uses(ran: { _, _ in true })
        #expect(uses.map { $0.outcomes.map(\.status) } == [[.used], [.used]])
    }

    @Test func lineDirectiveIsPreferredOverFileDirective() {
        var index = index([(1, "# rmqlint: disable-file=RMQ201 -- whole file"), (4, "# rmqlint: disable=RMQ201 -- this one")])
        let (_, suppressed) = index.apply(to: [finding("RMQ201", line: 5)])
        #expect(suppressed.first?.directive.reason == "this one")
        // Both directives covered the finding, so neither is unused.
        #expect(index.uses(ran: { _, _ in true }).map { $0.outcomes.map(\.status) } == [[.used], [.used]])
    }

    /// With no directive, `apply` hands the findings back whole (the shortcut); it splits them
    /// as the general path does, with directives (the shortcut then not taken) and without.
    @Test func applyWithoutDirectivesAgreesWithTheGeneralPath() {
        let findings = [
            finding("RMQ201", line: 2), finding("RMQ004", line: 3), finding("RMQ201", line: 4, path: "other"),
            finding("RMQ203", line: 1), finding("RMQ201", line: 2),
        ]
        func described(_ result: (active: [Finding], suppressed: [SuppressedFinding])) -> [String] {
            result.active.map { "\($0.location.path):\($0.ruleID)@\($0.location.line)" }
                + result.suppressed.map { "suppressed \($0.finding.ruleID)@\($0.finding.location.line) by \($0.directive.line)" }
        }
        for comments in [[], [(3, "# rmqlint: disable=tcpka-not-split -- a"), (1, "# rmqlint: disable-file=RMQ203 -- b")]] {
            for input in [findings, [], Array(findings.prefix(1))] {
                var fast = index(comments), general = index(comments)
                let shortcut = fast.apply(to: input), reference = general.apply(to: input, shortcut: false)
                #expect(described(shortcut) == described(reference))
                #expect(shortcut.active == reference.active)
                let ran: (String, String) -> Bool = { _, _ in true }
                #expect(fast.uses(ran: ran).map { $0.outcomes.map(\.status) } == general.uses(ran: ran).map { $0.outcomes.map(\.status) })
            }
        }
        var none = index([])
        #expect(none.apply(to: findings).active == findings)
    }

    @Test func outcomesDistinguishUnusedNotRunUnknownAndUnsuppressible() {
        var index = index([(1, "# rmqlint: disable=RMQ201,RMQ202,RMQ999,RMQ004 -- x"), (7, "# rmqlint: disabel=RMQ201")])
        let (active, suppressed) = index.apply(to: [finding("RMQ004", line: 2), finding("RMQ202", line: 7)])
        #expect(active.count == 2 && suppressed.isEmpty)
        let uses = index.uses(ran: { id, path in id == "RMQ202" && path == "f" })
        #expect(uses.first?.outcomes.map(\.status) == [.notRun, .unused, .unknownRule, .notSuppressible])
        #expect(uses.first?.outcomes.map(\.ruleID) == ["RMQ201", "RMQ202", nil, "RMQ004"])
        #expect(uses.last?.outcomes.isEmpty == true)
        #expect(uses.last?.directive.malformation != nil)
    }
}
