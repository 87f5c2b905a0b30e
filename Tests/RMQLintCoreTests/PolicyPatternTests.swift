import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

private let hex32 = "0123456789abcdef0123456789abcdef"
private let kollaHA = #"^(?!(amq\.)|(.*_fanout_)|(reply_)).*"#

private func compiled(_ pattern: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> PolicyPattern? {
    let result = PolicyPattern.compile(pattern)
    guard let compiled = result.pattern else {
        Issue.record("\(pattern) did not compile: \(result)", sourceLocation: sourceLocation)
        return nil
    }
    return compiled
}

private func match(_ pattern: String, _ name: String) -> PolicyPatternMatch {
    PolicyPattern.compile(pattern).matches(name)
}

@Suite("Policy patterns: Kolla's HA pattern and everyday forms")
struct PolicyPatternKollaTests {
    @Test func kollaHAPatternSkipsTransientQueues() throws {
        let pattern = try #require(compiled(kollaHA))
        #expect(pattern.matches("reply_\(hex32)") == .doesNotMatch)
        #expect(pattern.matches("compute_fanout_\(hex32)") == .doesNotMatch)
        #expect(pattern.matches("q-agent-notifier-port-update_fanout_\(hex32)") == .doesNotMatch)
        #expect(pattern.matches("amq.gen-JzTY20BRgKO-HjmUJj0wLg") == .doesNotMatch)
        // Queue-manager names (oslo.messaging use_queue_manager) keep the prefixes.
        #expect(pattern.matches("reply_ctl1:nova-api:3") == .doesNotMatch)
        #expect(pattern.matches("compute_fanout_ctl1:nova-compute:1") == .doesNotMatch)
    }

    @Test func kollaHAPatternMirrorsTopicAndNotificationQueues() throws {
        let pattern = try #require(compiled(kollaHA))
        #expect(pattern.matches("compute") == .matches)
        #expect(pattern.matches("compute.host1") == .matches)
        #expect(pattern.matches("notifications.info") == .matches)
        #expect(pattern.matches("q-plugin") == .matches)
        // The stream fanout queue has no `_fanout_` (no trailing underscore): it is matched.
        #expect(pattern.matches("compute_fanout") == .matches)
        // Only prefixes are excluded.
        #expect(pattern.matches("xreply_1") == .matches)
        #expect(pattern.matches("amqx") == .matches)
        #expect(pattern.matches("") == .matches)
    }

    @Test func everydayPatterns() {
        #expect(match(".*", "") == .matches)
        #expect(match(".*", "anything") == .matches)
        #expect(match(".+", "") == .doesNotMatch)
        #expect(match("^$", "") == .matches)
        #expect(match("^$", "x") == .doesNotMatch)
        #expect(match("^reply_", "reply_\(hex32)") == .matches)
        #expect(match("^reply_", "xreply_") == .doesNotMatch)
        // Unanchored: a search, not a full match.
        #expect(match("fanout", "compute_fanout_1") == .matches)
        #expect(match("compute", "nova-compute-ironic") == .matches)
        #expect(match("^compute$", "compute.host1") == .doesNotMatch)
        // Case matters (no caseless option).
        #expect(match("^Compute", "compute") == .doesNotMatch)
    }

    @Test func dollarAlsoMatchesBeforeAFinalNewline() {
        #expect(match("^compute$", "compute") == .matches)
        #expect(match("^compute$", "compute\n") == .matches)
        #expect(match("^compute$", "compute\n\n") == .doesNotMatch)
        #expect(match(#"^compute\Z"#, "compute\n") == .matches)
        #expect(match(#"^compute\z"#, "compute\n") == .doesNotMatch)
        #expect(match(#"^compute\z"#, "compute") == .matches)
        #expect(match(#"\Acompute"#, "xcompute") == .doesNotMatch)
        #expect(match("^.$", "\n") == .doesNotMatch)
    }

    @Test func alternationsAndGroups() {
        #expect(match("^(conductor|scheduler|compute)$", "scheduler") == .matches)
        #expect(match("^(conductor|scheduler|compute)$", "engine") == .doesNotMatch)
        #expect(match("^(?:a|ab)(?:c|bcd)d*$", "abcd") == .matches)
        #expect(match("a||b", "") == .matches)
        #expect(match("b|^a", "ca") == .doesNotMatch)
        #expect(match("b|^a", "ab") == .matches)
        #expect(match("x()y", "xy") == .matches)
    }

    @Test func characterClasses() {
        #expect(match("^[a-z_]+$", "reply_x") == .matches)
        #expect(match("^[a-z_]+$", "q-plugin") == .doesNotMatch)
        #expect(match("^[^.]+$", "compute.host1") == .doesNotMatch)
        #expect(match("[]a]", "]") == .matches)
        #expect(match("^[^]a]$", "b") == .matches)
        #expect(match(#"^[\w-]+$"#, "q-agent-notifier") == .matches)
        #expect(match(#"^[\d.]+$"#, "1.2.3") == .matches)
        #expect(match(#"[\b]"#, "\u{8}") == .matches)
        #expect(match(#"[\b]"#, "b") == .doesNotMatch)
        #expect(match(#"^[\x41-\x43]+$"#, "ABC") == .matches)
        // Brackets that only look like POSIX classes are ordinary classes, as in PCRE.
        #expect(match("^[.]$", ".") == .matches)
        #expect(match("^[:a]+$", "a:") == .matches)
        #expect(match("^[a[:]+$", "[:a") == .matches)
    }

    @Test func quantifierEdgeCases() {
        #expect(match("^a{0}$", "") == .matches)
        #expect(match("^a{0}$", "a") == .doesNotMatch)
        #expect(match("^a{2,}$", "a") == .doesNotMatch)
        #expect(match("^a{2,}$", "aaaaa") == .matches)
        #expect(match(#"^\d{2,4}$"#, "12345") == .doesNotMatch)
        #expect(match(#"^\d{2,4}$"#, "1234") == .matches)
        #expect(match("^(ab){2}$", "abab") == .matches)
        #expect(match("^(ab){2}$", "ababab") == .doesNotMatch)
        #expect(match("^(a?){3}a{3}$", "aaa") == .matches)
        // Braces that are not a quantifier are literals, as in PCRE.
        #expect(match("a{x}", "a{x}") == .matches)
        #expect(match("a{}", "a{}") == .matches)
        #expect(match("^{$", "{") == .matches)
        #expect(match("a}", "a}") == .matches)
        // Loops whose body can match nothing terminate.
        #expect(match("^(a*)*$", "aaa") == .matches)
        #expect(match("^(a?)*b", "b") == .matches)
        #expect(match("(?:x*)*y", "xx") == .doesNotMatch)
        #expect(match("^(?:a|b?)*c", "abbc") == .matches)
    }

    @Test(arguments: [
        ("a.*b", "a.*?b"), ("^a+$", "^a+?$"), ("^(a|b)*c$", "^(a|b)*?c$"), ("^a?b$", "^a??b$"),
        ("^a{2,3}$", "^a{2,3}?$"), ("^a{2,}b", "^a{2,}?b"), (kollaHA, #"^(?!(amq\.)|(.*?_fanout_)|(reply_)).*?"#),
    ])
    func lazyAndGreedyGiveTheSameAnswer(greedy: String, lazy: String) throws {
        let subjects = ["", "a", "ab", "aab", "aaab", "aaaab", "abab", "ababc", "axxb", "b", "c", "reply_1",
                        "compute_fanout_1", "compute", "amq.gen-1"]
        let greedyPattern = try #require(compiled(greedy))
        let lazyPattern = try #require(compiled(lazy))
        for subject in subjects {
            #expect(greedyPattern.matches(subject) == lazyPattern.matches(subject), "\(subject)")
        }
    }

    @Test func lookarounds() {
        #expect(match("^(?=.*host)compute", "compute.host1") == .matches)
        #expect(match("^(?=.*host)compute", "compute.node1") == .doesNotMatch)
        #expect(match("^(?!reply_)", "reply_1") == .doesNotMatch)
        #expect(match("(?<=_)fanout", "compute_fanout_1") == .matches)
        #expect(match(#"(?<!amq)\.gen"#, "amq.gen-1") == .doesNotMatch)
        #expect(match(#"(?<!amq)\.gen"#, ".gen") == .matches)
        // PCRE (unlike Python) allows look-behind branches of different fixed lengths.
        #expect(match("(?<=ab|c)x", "abx") == .matches)
        #expect(match("(?<=ab|c)x", "cx") == .matches)
        #expect(match("(?<=ab|c)x", "bx") == .doesNotMatch)
        #expect(match("(?<!ab|c)x", "dx") == .matches)
        #expect(match("(?<!ab|c)x", "abx") == .doesNotMatch)
        // Look-behind sees the whole subject: `$` and look-aheads inside it work.
        #expect(match("(?<=a(?=b)).", "ab") == .matches)
    }

    @Test func bytesNotCharacters() {
        // Without the `unicode` option `re` works on bytes: "é" is two.
        #expect(match("^.$", "é") == .doesNotMatch)
        #expect(match("^..$", "é") == .matches)
        #expect(match(#"^\xc3\xa9$"#, "é") == .matches)
        #expect(match(#"^\w+$"#, "é") == .doesNotMatch)
        #expect(match("^[é]$", "é") == .doesNotMatch)
        #expect(match("é", "café") == .matches)
        #expect(match(#"\s"#, "a\u{0B}b") == .matches)
        #expect(match(#"^\s$"#, "\u{A0}") == .doesNotMatch)
    }

    @Test func compileResultMatchesConvenience() {
        #expect(PolicyPattern.compile("(").matches("x")
            == .unknown(.invalidPattern(PolicyPatternError(message: "missing closing parenthesis", offset: 0, utf8Offset: 0))))
        #expect(PolicyPattern.compile(#"(a)\1"#).matches("aa")
            == .unknown(.unsupportedPattern(PolicyPatternUnsupported(feature: #"back-reference or octal escape \1"#, offset: 3, utf8Offset: 3))))
        #expect(PolicyPatternMatch.matches.isMatch == true)
        #expect(PolicyPatternMatch.doesNotMatch.isMatch == false)
        #expect(PolicyPatternMatch.unknown(.stepBudgetExceeded(budget: 1)).isMatch == nil)
        #expect(PolicyPattern.compile("^a").pattern?.description == "^a")
        #expect(PolicyPattern.compile("^a") == PolicyPattern.compile("^a"))
    }
}

@Suite("Policy patterns: hostile patterns stay bounded")
struct PolicyPatternBudgetTests {
    @Test(arguments: [
        ("(a*)*b", String(repeating: "a", count: 40)),
        ("^(a+)+$", String(repeating: "a", count: 40) + "!"),
        ("^(a|aa)*c$", String(repeating: "a", count: 60)),
        ("(.*a){12}", String(repeating: "a", count: 11) + String(repeating: "b", count: 200)),
        ("^(?:(?=a*)a*)*$", String(repeating: "a", count: 40) + "b"),
        ("(x+x+)+y", String(repeating: "x", count: 64)),
    ])
    func catastrophicPatternsAnswerUnknown(pattern: String, name: String) throws {
        let compiledPattern = try #require(compiled(pattern))
        let evaluation = compiledPattern.evaluate(name)
        #expect(evaluation.result == .unknown(.stepBudgetExceeded(budget: PolicyPattern.defaultStepBudget)))
        #expect(evaluation.steps <= PolicyPattern.defaultStepBudget)
    }

    @Test func budgetIsPerCallAndExact() throws {
        let pattern = try #require(compiled("(a*)*b"))
        let small = pattern.evaluate(String(repeating: "a", count: 40), stepBudget: 500)
        #expect(small.result == .unknown(.stepBudgetExceeded(budget: 500)))
        #expect(small.steps == 500)
        // The same pattern settles a short name exactly.
        #expect(pattern.matches("aab") == .matches)
        #expect(pattern.matches("aaa") == .doesNotMatch)
        #expect(pattern.evaluate("b", stepBudget: 0).result == .unknown(.stepBudgetExceeded(budget: 0)))
        #expect(pattern.evaluate("b", stepBudget: -5).result == .unknown(.stepBudgetExceeded(budget: 0)))
    }

    @Test func realPatternsUseFewSteps() throws {
        let pattern = try #require(compiled(kollaHA))
        let evaluation = pattern.evaluate("q-agent-notifier-port-update_fanout_\(hex32)")
        #expect(evaluation.result == .doesNotMatch)
        #expect(evaluation.steps < 2_000)
        let long = pattern.evaluate(String(repeating: "x", count: 255))
        #expect(long.result == .matches)
        #expect(long.steps < 5_000)
    }

    @Test func hugeNamesOnlyExhaustTheBudget() throws {
        let pattern = try #require(compiled("z"))
        let evaluation = pattern.evaluate(String(repeating: "a", count: 1_000_000), stepBudget: 10_000)
        #expect(evaluation.result == .unknown(.stepBudgetExceeded(budget: 10_000)))
    }

    @Test func deepNestingIsRefusedNotRecursed() {
        let depth = 2_000
        let pattern = String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
        #expect(PolicyPattern.compile(pattern) == .unsupported(
            PolicyPatternUnsupported(feature: "groups nested deeper than 32", offset: 32, utf8Offset: 32)))
        let lookarounds = String(repeating: "(?=", count: 40) + "a" + String(repeating: ")", count: 40)
        #expect(PolicyPattern.compile(lookarounds) == .unsupported(
            PolicyPatternUnsupported(feature: "groups nested deeper than 32", offset: 96, utf8Offset: 96)))
        let fine = String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32)
        #expect(PolicyPattern.compile(fine).matches("a") == .matches)
    }

    @Test func oversizedPatternsAreRefused() {
        #expect(PolicyPattern.compile(String(repeating: "a", count: 4097)) == .unsupported(
            PolicyPatternUnsupported(feature: "pattern longer than 4096 bytes", offset: 4096, utf8Offset: 4096)))
        #expect(PolicyPattern.compile(String(repeating: "a", count: 4096)).pattern != nil)
        #expect(PolicyPattern.compile("(a{1000}){1000}") == .unsupported(
            PolicyPatternUnsupported(feature: "pattern too large once its repetitions are expanded", offset: 0, utf8Offset: 0)))
        #expect(PolicyPattern.compile("a{65535}") == .unsupported(
            PolicyPatternUnsupported(feature: "pattern too large once its repetitions are expanded", offset: 0, utf8Offset: 0)))
    }
}

@Suite("Policy patterns: invalid and unsupported syntax")
struct PolicyPatternSyntaxTests {
    // Each of these is rejected by PCRE2 10.42 as well (checked with pcre2_compile via ctypes).
    @Test(arguments: [
        ("(abc", "missing closing parenthesis", 0),
        ("abc)", "unmatched closing parenthesis", 3),
        ("[abc", "missing terminating ] for character class", 0),
        ("[]", "missing terminating ] for character class", 0),
        ("[^]", "missing terminating ] for character class", 0),
        ("[z-a]", "range out of order in character class", 1),
        ("*a", "quantifier does not follow a repeatable item", 0),
        ("+", "quantifier does not follow a repeatable item", 0),
        ("a|*", "quantifier does not follow a repeatable item", 2),
        ("a(?:|*)", "quantifier does not follow a repeatable item", 5),
        ("{2}", "quantifier does not follow a repeatable item", 0),
        ("a{3,2}", "numbers out of order in {} quantifier", 1),
        ("a{65536}", "number too big in {} quantifier", 1),
        (#"abc\"#, #"\ at end of pattern"#, 3),
        (#"[a\"#, #"\ at end of pattern"#, 2),
        (#"\i"#, #"unrecognized character follows \"#, 0),
        ("(?#x", "missing ) after a (?# comment", 0),
    ])
    func invalidPatternsAreLocated(pattern: String, message: String, offset: Int) {
        #expect(PolicyPattern.compile(pattern) == .invalid(PolicyPatternError(message: message, offset: offset, utf8Offset: offset)))
    }

    @Test func offsetsCountUnicodeScalars() {
        #expect(PolicyPattern.compile("é(") == .invalid(PolicyPatternError(message: "missing closing parenthesis", offset: 1, utf8Offset: 2)))
        #expect(PolicyPattern.compile(#"ü.\1"#) == .unsupported(
            PolicyPatternUnsupported(feature: #"back-reference or octal escape \1"#, offset: 2, utf8Offset: 3)))
    }

    @Test(arguments: [
        (#"(a)\1"#, #"back-reference or octal escape \1"#, 3),
        (#"\0"#, #"back-reference or octal escape \0"#, 0),
        (#"\k<n>"#, #"back-reference \k"#, 0),
        (#"\g1"#, #"back-reference \g"#, 0),
        (#"\Qa.b\E"#, #"\Q…\E quoting"#, 0),
        ("a*+", "possessive quantifier", 1),
        ("a{2}+", "possessive quantifier", 1),
        // PCRE2 10.42 finds no match for `(|^){0}a` in "ba"; zero-times groups are left out.
        ("(|^){0}a", "group repeated {0} times", 4),
        ("(?:ab){0,0}c", "group repeated {0} times", 6),
        ("a**", "quantifier following a quantifier", 2),
        ("a{2}{3}", "quantifier following a quantifier", 4),
        ("a*?+", "quantifier following a quantifier", 3),
        ("(?>a)", "atomic group (?>", 0),
        ("(?<name>a)", "named group or reference", 0),
        ("(?P<n>a)", "named group or reference", 0),
        ("(?'n'a)", "named group or reference", 0),
        ("(?i)abc", "inline flags or group syntax (?i", 0),
        ("(?i:a)", "inline flags or group syntax (?i", 0),
        ("(?-i)a", "inline flags or group syntax (?-", 0),
        ("(?)", "inline flags or group syntax (?)", 0),
        ("(?|a)", "branch-reset group (?|", 0),
        ("(?(1)a|b)", "conditional group (?(", 0),
        ("(?R)", "recursion or subroutine call", 0),
        ("(?1)", "recursion or subroutine call", 0),
        ("(?C1)", "callout (?C", 0),
        ("(*UTF)x", "(*…) verb or option", 0),
        (#"\p{L}"#, #"escape \p"#, 0),
        (#"\x{41}"#, #"\x escape other than \xhh"#, 0),
        (#"\x4"#, #"\x escape other than \xhh"#, 0),
        (#"\cA"#, #"escape \c"#, 0),
        (#"\h"#, #"escape \h"#, 0),
        (#"\v"#, #"escape \v"#, 0),
        (#"\R"#, #"escape \R"#, 0),
        (#"\G"#, #"escape \G"#, 0),
        (#"a\Kb"#, #"escape \K"#, 1),
        (#"[\h]"#, #"escape \h in a character class"#, 1),
        ("[[:alpha:]]", "POSIX character class", 1),
        ("[:alpha:]", "POSIX character class syntax", 0),
        ("x[.a.]", "POSIX character class syntax", 1),
        ("[a[:digit:]]", "POSIX character class", 2),
        ("a{,3}", "brace form {,…} or { …}", 1),
        ("a{ 1}", "brace form {,…} or { …}", 1),
        ("a{2", "brace form that is not a plain {n,m} quantifier", 1),
        ("a{1,2x}", "brace form that is not a plain {n,m} quantifier", 1),
        (#"[\d-z]"#, "range with a class escape as an end point", 1),
        (#"[a-\d]"#, "range with a class escape as an end point", 3),
        ("(?<=a+)b", "variable-length look-behind", 0),
        ("(?<=a|b*)c", "variable-length look-behind", 0),
        ("^*", "quantified assertion", 0),
        (#"\b+"#, "quantified assertion", 0),
        ("(?=a)*", "quantified assertion", 0),
        ("a(?#c)*", "quantifier after a (?#…) comment", 6),
    ])
    func unsupportedFeaturesAreNamedAndLocated(pattern: String, feature: String, offset: Int) {
        #expect(PolicyPattern.compile(pattern) == .unsupported(PolicyPatternUnsupported(feature: feature, offset: offset, utf8Offset: offset)))
    }

    @Test func commentsAndEscapedPunctuationAreSupported() {
        #expect(match("a(?#comment)b", "ab") == .matches)
        #expect(match(##"^\.\/\-\\\#\ $"##, ##"./-\# "##) == .matches)
        #expect(match(#"^\t\n\r\f\a\e$"#, "\t\n\r\u{C}\u{7}\u{1B}") == .matches)
    }
}

@Suite("Policy patterns: differential table against PCRE")
struct PolicyPatternDifferentialTests {
    // (pattern, name, does re:run find a match?) — produced once by scripts/pcre-differential.py
    // with Python's `re` on bytes and cross-checked against PCRE2 itself; the test needs neither.
    static let table: [(String, String, Bool)] = [
    // Generated by scripts/pcre-differential.py (Python 3.11 `re` on bytes and PCRE2 10.42 2022-12-11): 282 rows.
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "reply_0123456789abcdef0123456789abcdef", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "compute_fanout_0123456789abcdef0123456789abcdef", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "compute", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "compute.host1", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "notifications.info", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "amq.gen-JzTY20BRgKO-HjmUJj0wLg", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "q-plugin", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "q-agent-notifier-port-update_fanout_0123456789abcdef0123456789abcdef", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "conductor_fanout", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "xreply_x", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "amqx", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "amq.", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "reply", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "reply_", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "scheduler_fanout_", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "ctl1:nova-compute:1", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "reply_ctl1:nova-api:3", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "notifications_designate.info", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", "cinder-volume.ctl1@rbd-1", true),
        ("^(?!amq\\.).*", "amq.gen-1", false),
        ("^(?!amq\\.).*", "compute", true),
        ("^(?!amq\\.).*", "", true),
        ("^(?!amq\\.).*", "amq", true),
        ("^(?!amq\\.).*", "xamq.gen", true),
        ("^(?!(amq\\.|.*_fanout_|reply_)).*", "reply_0123456789abcdef0123456789abcdef", false),
        ("^(?!(amq\\.|.*_fanout_|reply_)).*", "compute", true),
        ("^(?!(amq\\.|.*_fanout_|reply_)).*", "compute_fanout_0123456789abcdef0123456789abcdef", false),
        ("^(?!(amq\\.|.*_fanout_|reply_)).*", "amq.x", false),
        (".*", "", true),
        (".*", "x", true),
        (".*", "\n", true),
        (".*", "compute", true),
        (".+", "", false),
        (".+", "x", true),
        (".+", "\n", false),
        (".+", "a\n", true),
        ("^$", "", true),
        ("^$", "\n", true),
        ("^$", "a", false),
        ("^$", "\n\n", false),
        ("^reply_", "reply_0123456789abcdef0123456789abcdef", true),
        ("^reply_", "xreply_", false),
        ("^reply_", "reply", false),
        ("^reply_", "REPLY_x", false),
        ("_fanout_", "compute_fanout_0123456789abcdef0123456789abcdef", true),
        ("_fanout_", "compute_fanout", false),
        ("_fanout_", "_fanout_", true),
        ("^compute$", "compute", true),
        ("^compute$", "compute\n", true),
        ("^compute$", "compute\n\n", false),
        ("^compute$", "compute.host1", false),
        ("^compute$", "xcompute", false),
        ("^compute\\.", "compute.host1", true),
        ("^compute\\.", "compute", false),
        ("^compute\\.", "computeX", false),
        ("notifications\\.(info|error|warn)$", "notifications.info", true),
        ("notifications\\.(info|error|warn)$", "notifications.error", true),
        ("notifications\\.(info|error|warn)$", "notifications.sample", false),
        ("notifications\\.(info|error|warn)$", "notifications.info.x", false),
        ("notifications\\.(info|error|warn)$", "notifications_designate.info", false),
        ("^(conductor|scheduler|compute)(\\..*)?$", "conductor", true),
        ("^(conductor|scheduler|compute)(\\..*)?$", "scheduler.ctl1", true),
        ("^(conductor|scheduler|compute)(\\..*)?$", "compute.", true),
        ("^(conductor|scheduler|compute)(\\..*)?$", "computes", false),
        ("^(conductor|scheduler|compute)(\\..*)?$", "engine", false),
        ("a|b|", "", true),
        ("a|b|", "c", true),
        ("a|b|", "b", true),
        ("a||b", "", true),
        ("a||b", "c", true),
        ("(|a)b", "b", true),
        ("(|a)b", "ab", true),
        ("(|a)b", "c", false),
        ("x()y", "xy", true),
        ("x()y", "x y", false),
        ("x(?:)y", "xy", true),
        ("x(?:)y", "x", false),
        ("^(a|ab)(c|bcd)(d*)$", "abcd", true),
        ("^(a|ab)(c|bcd)(d*)$", "acd", true),
        ("^(a|ab)(c|bcd)(d*)$", "abcdd", true),
        ("^(a|ab)(c|bcd)(d*)$", "abd", false),
        ("^[a-z_]+$", "compute", true),
        ("^[a-z_]+$", "reply_x", true),
        ("^[a-z_]+$", "q-plugin", false),
        ("^[a-z_]+$", "", false),
        ("^[a-z_]+$", "Compute", false),
        ("^[^.]+$", "compute", true),
        ("^[^.]+$", "compute.host1", false),
        ("^[^.]+$", "", false),
        ("[]a]", "]", true),
        ("[]a]", "a", true),
        ("[]a]", "b", false),
        ("^[^]a]$", "]", false),
        ("^[^]a]$", "a", false),
        ("^[^]a]$", "b", true),
        ("^[a-]+$", "a-a", true),
        ("^[a-]+$", "b", false),
        ("^[-a]+$", "-a", true),
        ("^[-a]+$", "b", false),
        ("^[a\\-z]+$", "a-z", true),
        ("^[a\\-z]+$", "b", false),
        ("^[\\d.]+$", "1.2.3", true),
        ("^[\\d.]+$", "1a", false),
        ("^[\\w-]+$", "q-plugin", true),
        ("^[\\w-]+$", "q.plugin", false),
        ("[a-c-e]", "d", false),
        ("[a-c-e]", "-", true),
        ("[a-c-e]", "e", true),
        ("^[\\x41-\\x43]+$", "ABC", true),
        ("^[\\x41-\\x43]+$", "ABD", false),
        ("^[.]$", ".", true),
        ("^[.]$", "a", false),
        ("[\\\\]", "\\", true),
        ("[\\\\]", "a", false),
        ("^\\d{3}$", "123", true),
        ("^\\d{3}$", "12", false),
        ("^\\d{3}$", "1234", false),
        ("^\\d{2,4}$", "1", false),
        ("^\\d{2,4}$", "12", true),
        ("^\\d{2,4}$", "1234", true),
        ("^\\d{2,4}$", "12345", false),
        ("^a{0}$", "", true),
        ("^a{0}$", "a", false),
        ("^a{2,}$", "a", false),
        ("^a{2,}$", "aa", true),
        ("^a{2,}$", "aaaaa", true),
        ("^(ab){2}$", "abab", true),
        ("^(ab){2}$", "ab", false),
        ("^(ab){2}$", "ababab", false),
        ("^a{1}b", "ab", true),
        ("^a{1}b", "b", false),
        ("a{x}", "a{x}", true),
        ("a{x}", "ax", false),
        ("^{$", "{", true),
        ("^{$", "a", false),
        ("a{", "a{", true),
        ("a{", "a", false),
        ("a{}", "a{}", true),
        ("a{}", "a", false),
        ("a}", "a}", true),
        ("a}", "a", false),
        ("a]", "a]", true),
        ("a]", "a", false),
        ("a.*?b", "axxb", true),
        ("a.*?b", "ab", true),
        ("a.*?b", "a", false),
        ("^a+?$", "aaa", true),
        ("^a+?$", "aab", false),
        ("^(a|b)*?c$", "ababc", true),
        ("^(a|b)*?c$", "abab", false),
        ("^a??b$", "ab", true),
        ("^a??b$", "b", true),
        ("^a??b$", "aab", false),
        ("^a{2,3}?$", "aa", true),
        ("^a{2,3}?$", "aaa", true),
        ("^a{2,3}?$", "aaaa", false),
        ("^(?=.*host)compute", "compute.host1", true),
        ("^(?=.*host)compute", "compute", false),
        ("^(?=.*host)compute", "compute.node1", false),
        ("^(?!reply_)", "reply_1", false),
        ("^(?!reply_)", "compute", true),
        ("^(?!reply_)", "", true),
        ("^(?!.*_fanout_).*$", "compute_fanout_1", false),
        ("^(?!.*_fanout_).*$", "compute", true),
        ("foo(?=bar)", "foobar", true),
        ("foo(?=bar)", "foobaz", false),
        ("(?!a)b", "b", true),
        ("(?!a)b", "ab", true),
        ("^(?!(?!a)).", "a", true),
        ("^(?!(?!a)).", "b", false),
        ("(?<=_)fanout", "compute_fanout_1", true),
        ("(?<=_)fanout", "fanout", false),
        ("(?<!amq)\\.gen", "amq.gen-1", false),
        ("(?<!amq)\\.gen", "xyz.gen-1", true),
        ("(?<!amq)\\.gen", ".gen", true),
        ("(?<=^re)ply", "reply_1", true),
        ("(?<=^re)ply", "xreply_1", false),
        ("(?<=\\.)host\\d$", "compute.host1", true),
        ("(?<=\\.)host\\d$", "computehost1", false),
        ("(?<=a(?=b)).", "ab", true),
        ("(?<=a(?=b)).", "ac", false),
        ("(?<=ab|cd)x", "abx", true),
        ("(?<=ab|cd)x", "cdx", true),
        ("(?<=ab|cd)x", "bx", false),
        ("\\bcompute\\b", "compute.host", true),
        ("\\bcompute\\b", "nova-compute", true),
        ("\\bcompute\\b", "computes", false),
        ("\\bcompute\\b", "compute_1", false),
        ("\\Bpute", "compute", true),
        ("\\Bpute", "pute", false),
        ("info\\b", "notifications.info", true),
        ("info\\b", "infox", false),
        ("\\B", "", true),
        ("\\B", "a", false),
        ("\\B", "ab", true),
        ("\\b", "", false),
        ("\\b", "a", true),
        ("\\b", ".", false),
        ("^\\.$", ".", true),
        ("^\\.$", "a", false),
        ("^\\\\$", "\\", true),
        ("^\\\\$", "a", false),
        ("\\t", "a\tb", true),
        ("\\t", "ab", false),
        ("^\\x41$", "A", true),
        ("^\\x41$", "a", false),
        ("^\\/$", "/", true),
        ("^\\/$", "a", false),
        ("^\\-$", "-", true),
        ("^\\-$", "a", false),
        ("^\\a$", "\u{7}", true),
        ("^\\a$", "a", false),
        ("\\s", "a b", true),
        ("\\s", "ab", false),
        ("\\s", "a\u{b}b", true),
        ("\\s", "a\u{c}b", true),
        ("^\\S+$", "ab", true),
        ("^\\S+$", "a b", false),
        ("^\\W$", ".", true),
        ("^\\W$", "a", false),
        ("^\\W$", "_", false),
        ("^\\D+$", "ab", true),
        ("^\\D+$", "a1", false),
        ("^\\w+$", "a_1", true),
        ("^\\w+$", "a-1", false),
        ("^\\w+$", "é", false),
        ("^.$", "é", false),
        ("^.$", "a", true),
        ("^.$", "\n", false),
        ("^..$", "é", true),
        ("^..$", "ab", true),
        ("é", "café", true),
        ("é", "cafe", false),
        ("[é]", "é", true),
        ("[é]", "e", false),
        ("^[é]$", "é", false),
        ("^(a*)*$", "aaa", true),
        ("^(a*)*$", "aab", false),
        ("^(a*)*$", "", true),
        ("^(a*)*b$", "aaaa", false),
        ("^(a*)*b$", "aaab", true),
        ("^(a|a?)+$", "aa", true),
        ("^(a|a?)+$", "ab", false),
        ("^(a?){3}a{3}$", "aaa", true),
        ("^(a?){3}a{3}$", "aaaaaa", true),
        ("^(a?){3}a{3}$", "aa", false),
        ("^(a?)*b", "b", true),
        ("^(a?)*b", "aab", true),
        ("^(a?)*b", "c", false),
        ("(?:x*)*y", "xxy", true),
        ("(?:x*)*y", "xx", false),
        ("^(?:a|b?)*c", "abbc", true),
        ("^(?:a|b?)*c", "c", true),
        ("^(?:a|b?)*c", "abd", false),
        ("a(?#comment)b", "ab", true),
        ("a(?#comment)b", "a b", false),
        ("b|^a", "ca", false),
        ("b|^a", "ba", true),
        ("b|^a", "a", true),
        ("a$b", "ab", false),
        ("a$b", "a\nb", false),
        ("a^", "a", false),
        ("a^", "ba", false),
        ("^Compute", "compute", false),
        ("^Compute", "Compute", true),
        ("q-agent-notifier.*_fanout_", "q-agent-notifier-port-update_fanout_0123456789abcdef0123456789abcdef", true),
        ("q-agent-notifier.*_fanout_", "q-agent-notifier-port-update", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*\\.(info|error)$", "notifications.info", true),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*\\.(info|error)$", "reply_x.info", false),
        ("^(?!(amq\\.)|(.*_fanout_)|(reply_)).*\\.(info|error)$", "compute", false),
        ("^notifications\\..+", "notifications.info", true),
        ("^notifications\\..+", "notifications.", false),
        ("^(?:[a-z]+-)*[a-z]+$", "q-agent-notifier-port-update", true),
        ("^(?:[a-z]+-)*[a-z]+$", "q-agent-", false),
        ("^(?:[a-z]+-)*[a-z]+$", "cinder-volume", true),
        ("^(ha|HA)\\.", "ha.x", true),
        ("^(ha|HA)\\.", "HA.x", true),
        ("^(ha|HA)\\.", "hA.x", false),
        ("[^a-zA-Z0-9._-]", "compute.host1", false),
        ("[^a-zA-Z0-9._-]", "compute host", true),
        ("[^a-zA-Z0-9._-]", "ctl1:nova:1", true),
    ]

    @Test func everyRowAgreesWithPCRE() throws {
        var patterns: [String: PolicyPattern] = [:]
        for (pattern, name, expected) in Self.table {
            let compiledPattern: PolicyPattern
            if let known = patterns[pattern] {
                compiledPattern = known
            } else {
                compiledPattern = try #require(compiled(pattern))
                patterns[pattern] = compiledPattern
            }
            #expect(compiledPattern.matches(name) == (expected ? .matches : .doesNotMatch), "\(pattern) on \(name.debugDescription)")
        }
        #expect(Self.table.count == 282)
        #expect(patterns.count == 100)
    }
}
