import Testing
import RMQLintCore

/// Globs of `exclude` and `per_file_ignores`: component matching, anchoring, `**`,
/// classes, directories covering what is below them, and malformed patterns.
@Suite("Path patterns")
struct PathPatternTests {
    private func matches(_ pattern: String, _ path: String) throws -> Bool {
        try #require(PathPattern(pattern)).matches(path)
    }

    @Test func patternWithoutSlashMatchesAnyComponent() throws {
        #expect(try matches("*.j2", "etc/kolla/config/nova.conf.j2"))
        #expect(try matches("legacy", "etc/kolla/config/legacy/haproxy.cfg"))
        #expect(try matches("legacy", "legacy"))
        #expect(try !matches("legacy", "etc/kolla/config/legacy-old/haproxy.cfg"))
        #expect(try !matches("*.j2", "etc/kolla/config/nova.conf"))
    }

    @Test func patternWithSlashIsAnchoredAtTheConfigurationDirectory() throws {
        #expect(try matches("etc/kolla/config/*.conf", "etc/kolla/config/nova.conf"))
        #expect(try !matches("etc/kolla/config/*.conf", "etc/kolla/config/nova/nova-api.conf"))
        #expect(try !matches("config/*.conf", "etc/kolla/config/nova.conf"))
        // A leading ./ or / is the configuration directory itself.
        #expect(try matches("./etc/kolla/globals.yml", "etc/kolla/globals.yml"))
        #expect(try matches("/etc/kolla/globals.yml", "etc/kolla/globals.yml"))
        #expect(try matches("/globals.yml", "globals.yml"))
        #expect(try !matches("/globals.yml", "etc/kolla/globals.yml"))
    }

    @Test func directoryPatternCoversEverythingBelow() throws {
        #expect(try matches("etc/kolla/config/legacy", "etc/kolla/config/legacy/nova/nova.conf"))
        #expect(try matches("etc/kolla/config/legacy/", "etc/kolla/config/legacy/x.cfg"))
        #expect(try !matches("etc/kolla/config/legacy", "etc/kolla/config/legacy2/x.cfg"))
    }

    @Test func doubleStarMatchesAnyNumberOfComponents() throws {
        #expect(try matches("etc/**/haproxy/*.cfg", "etc/kolla/config/haproxy/a.cfg"))
        #expect(try matches("etc/**/haproxy/*.cfg", "etc/haproxy/a.cfg"))
        #expect(try matches("**/definitions.json", "definitions.json"))
        #expect(try matches("**/definitions.json", "etc/kolla/config/rabbitmq/definitions.json"))
        #expect(try matches("etc/kolla/config/legacy/**", "etc/kolla/config/legacy/a/b/c.cfg"))
        #expect(try !matches("etc/**/haproxy/*.cfg", "etc/kolla/config/nova.conf"))
        #expect(try matches("**", "anything/at/all"))
    }

    @Test func wildcardsAndClasses() throws {
        #expect(try matches("etc/kolla/config/haproxy/services.d/old-*.cfg", "etc/kolla/config/haproxy/services.d/old-rabbit.cfg"))
        #expect(try matches("ctl0?", "inventory/ctl01"))
        #expect(try !matches("ctl0?", "inventory/ctl011"))
        #expect(try matches("ctl[0-2]", "ctl2"))
        #expect(try !matches("ctl[0-2]", "ctl3"))
        #expect(try matches("ctl[!0-2]", "ctl3"))
        #expect(try matches("a*b*c", "axxbyyc"))
        #expect(try !matches("a*b*c", "axxbyy"))
        // Star backtracking stays linear on adversarial names.
        let long = String(repeating: "a", count: 5_000)
        #expect(try !matches(String(repeating: "*a", count: 50) + "b", long))
    }

    @Test func braceAlternatives() throws {
        #expect(try matches("*.{cfg,conf}", "etc/kolla/config/nova.conf"))
        #expect(try matches("*.{cfg,conf}", "etc/kolla/config/haproxy/services.d/x.cfg"))
        #expect(try !matches("*.{cfg,conf}", "etc/kolla/globals.yml"))
        // An alternative may hold a slash, so it may be anchored while another is not.
        #expect(try matches("{legacy,etc/kolla/config/old}", "etc/kolla/config/old/nova.conf"))
        #expect(try matches("{legacy,etc/kolla/config/old}", "x/legacy/nova.conf"))
        #expect(try !matches("{legacy,etc/kolla/config/old}", "x/etc/kolla/config/old/nova.conf"))
        // Nested groups, empty alternatives, and classes holding a brace.
        #expect(try matches("nova{,-{api,conductor}}.conf", "nova-api.conf"))
        #expect(try matches("nova{,-{api,conductor}}.conf", "nova.conf"))
        #expect(try !matches("nova{,-{api,conductor}}.conf", "nova-compute.conf"))
        #expect(try matches("a[{]b", "a{b"))
        #expect(PathPattern.expandBraces("a{b,c}d{e,f}") == ["abde", "abdf", "acde", "acdf"])
    }

    @Test func malformedBracesAreRejected() {
        #expect(PathPattern("*.{cfg,conf") == nil)
        #expect(PathPattern("*.cfg}") == nil)
        #expect(PathPattern("*.{cfg}") == nil)
        // 2^9 = 512 alternatives is over the limit of 256; 2^8 is not.
        #expect(PathPattern(String(repeating: "{a,b}", count: 9)) == nil)
        #expect(PathPattern(String(repeating: "{a,b}", count: 8)) != nil)
    }

    @Test func malformedPatternsAreRejected() {
        #expect(PathPattern("") == nil)
        #expect(PathPattern("/") == nil)
        #expect(PathPattern("etc/[abc") == nil)
        #expect(PathPattern("etc/[]abc]") != nil)
    }

    @Test func setMatchesAbsolutePathsBelowItsDirectoryOnly() throws {
        let set = PathPatternSet(directory: "/repo", patterns: [try #require(PathPattern("*.j2"))])
        #expect(set.matches(absolutePath: "/repo/etc/kolla/config/nova.conf.j2"))
        #expect(!set.matches(absolutePath: "/elsewhere/nova.conf.j2"))
        #expect(!set.matches(absolutePath: "/repo"))
    }
}
