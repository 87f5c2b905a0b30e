import Foundation
import Testing

/// The release as an operator without Swift gets it: scripts/build-release.sh (a static
/// release build, the archive and the wheel), then scripts/check-release.sh (the wheel in a
/// fresh virtualenv and the README's install blocks, with Swift's libraries out of reach).
/// The release build takes minutes, so this runs only with `RMQLINT_RELEASE_TEST=1`.
@Suite("Release")
struct ReleaseTests {
    static let enabled = ProcessInfo.processInfo.environment["RMQLINT_RELEASE_TEST"] == "1"

    @Test(.enabled(if: enabled, "a static release build (minutes); set RMQLINT_RELEASE_TEST=1 to run it"),
          .timeLimit(.minutes(60)))
    func wheelAndArchiveWorkWithoutSwift() throws {
        let dist = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-dist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dist) }
        let build = try PreCommitTests.run([CLI.root.appendingPathComponent("scripts/build-release.sh").path, dist.path], in: CLI.root)
        try #require(build.status == 0, "build-release.sh failed: \(build.text.suffix(2000))")
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path)
        #expect(names.contains { $0.hasPrefix("rmqlint-") && $0.hasSuffix(".whl") && $0.contains("manylinux_2_") })
        #expect(names.contains { $0.hasSuffix(".tar.gz") } && names.contains { $0.hasSuffix(".tar.gz.sha256") })
        let check = try PreCommitTests.run([CLI.root.appendingPathComponent("scripts/check-release.sh").path, dist.path], in: CLI.root)
        #expect(check.status == 0, "check-release.sh failed: \(check.text.suffix(3000))")
        #expect(check.text.contains("check-release: OK"))
    }
}
