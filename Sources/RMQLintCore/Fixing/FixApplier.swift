// With LocalFileSystem, the library's only C-library user: --fix writes files (temporary
// file, fchmod, fsync, rename, realpath, mkdir); no socket or process API.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RMQLintSource
import RMQLintEngine

/// What one pass of fixing changes: new contents per file, renames, and the findings whose
/// fixes were taken. Computed in memory; ``FixWriter`` writes it.
public struct FixPlan: Sendable {
    /// A file's old and new bytes (old is empty for a file the plan creates).
    public struct FileChange: Sendable {
        /// Absolute path.
        public var path: String
        /// Display path.
        public var displayPath: String
        public var old: [UInt8]
        public var new: [UInt8]
        public var isNew: Bool

        /// Creates a change.
        public init(path: String, displayPath: String, old: [UInt8], new: [UInt8], isNew: Bool) {
            self.path = path
            self.displayPath = displayPath
            self.old = old
            self.new = new
            self.isNew = isNew
        }
    }

    /// An empty plan.
    public init() {}

    /// Changed and created files, by display path order.
    public var files: [FileChange] = []
    /// Renames (absolute from, absolute to, display from, display to).
    public var renames: [(from: String, to: String, displayFrom: String, displayTo: String)] = []
    /// The fixes taken, one per finding.
    public var applied: [(finding: Finding, fix: Fix)] = []
    /// Fixes left out: a target outside the linted tree, an edit overlapping another.
    public var skipped: [(finding: Finding, fix: Fix, reason: String)] = []

    /// Whether the plan changes nothing.
    public var isEmpty: Bool { files.isEmpty && renames.isEmpty }
}

/// Plans fixes: takes, for each finding, its first fix at or below `applicability`,
/// resolves it against the current files, checks it stays inside the linted tree, and
/// drops one that overlaps an edit already taken (the next pass re-lints and retries).
public struct FixPlanner: Sendable {
    /// The working directory display paths are relative to.
    public var currentDirectory: String
    /// Absolute directories whose files may be changed (the linted trees' roots).
    public var roots: [String]
    /// Absolute files that may be changed although outside `roots` (loose files linted).
    public var files: Set<String>
    /// The most a fix may be: `.safe` for `--fix`, `.unsafe` for `--unsafe-fixes`.
    public var applicability: FixApplicability

    /// Creates a planner.
    public init(currentDirectory: String, roots: [String], files: Set<String> = [], applicability: FixApplicability) {
        self.currentDirectory = currentDirectory
        self.roots = roots
        self.files = files
        self.applicability = applicability
    }

    /// The planner for the trees and files of `model`.
    public static func forModel(
        _ model: DeploymentModel, currentDirectory: String, applicability: FixApplicability
    ) -> FixPlanner {
        var roots: [String] = []
        var files: Set<String> = []
        for deployment in model.deployments {
            if deployment.kind == .loose {
                files.formUnion(deployment.files.map { PathUtilities.normalize($0, relativeTo: currentDirectory) })
            } else {
                roots.append(PathUtilities.normalize(deployment.root, relativeTo: currentDirectory))
            }
        }
        return FixPlanner(currentDirectory: currentDirectory, roots: roots, files: files, applicability: applicability)
    }

    func absolute(_ display: String) -> String { PathUtilities.normalize(display, relativeTo: currentDirectory) }

    /// Whether `path` (absolute) may be written: below a root both as written and once
    /// symbolic links in it are resolved (so a link cannot lead a write out of the tree),
    /// or one of the loose files linted and not a link.
    public func mayWrite(_ path: String) -> Bool {
        let resolved = FixWriter.resolvedPath(path)
        // A loose file named on the command line: itself, never through a link.
        if files.contains(path) { return !FixWriter.isSymlink(path) }
        return roots.contains { root in
            guard PathUtilities.relative(path, to: root).map({ !$0.isEmpty }) == true,
                  let realRoot = FixWriter.resolvedPath(root), let resolved else { return false }
            return PathUtilities.relative(resolved, to: realRoot).map { !$0.isEmpty } == true
        }
    }

    /// Plans one pass over `findings` (suppressed and baselined ones are not passed in).
    public func plan(_ findings: [Finding]) -> FixPlan {
        var plan = FixPlan()
        // Each file is read and indexed once for the pass, however many findings it has.
        // Keyed by absolute path, so two spellings of one file share its entry.
        let byPath = FileBytesCache { path in FixWriter.read(path) }
        let files = FileBytesCache { [self] display in byPath[absolute(display)]?.bytes }
        func read(_ display: String) -> [UInt8]? { files[display]?.bytes }
        var edits: [String: [ByteEdit]] = [:]
        var created: [String: [UInt8]] = [:]
        var renamed: Set<String> = []
        for finding in findings {
            guard let candidate = finding.fixes.first(where: { $0.applicability <= applicability }) else { continue }
            guard let fix = FixResolver.resolve(candidate, files: files) else {
                plan.skipped.append((finding, candidate, "the file no longer matches the edit"))
                continue
            }
            var pending: [String: [ByteEdit]] = [:]
            var pendingCreate: [String: [UInt8]] = [:]
            var pendingRename: [(String, String, String, String)] = []
            var problem: String?
            for edit in fix.edits {
                let path = absolute(edit.path)
                guard mayWrite(path) else { problem = "\(edit.path) is outside the linted tree"; break }
                if renamed.contains(path) || created[path] != nil { problem = "\(edit.path) is already changed"; break }
                switch edit {
                case .replace(let location, let text):
                    guard let file = files[location.path] else { problem = "cannot read \(location.path)"; break }
                    guard let start = file.offset(of: location.range.start), let end = file.offset(of: location.range.end) else {
                        problem = "the edit does not fit \(location.path)"; break
                    }
                    let byteEdit = ByteEdit(range: start..<end, replacement: Array(text.utf8))
                    let taken = (edits[path] ?? []) + (pending[path] ?? [])
                    if taken.contains(where: { Self.overlaps($0.range, byteEdit.range) }) { problem = "overlaps another fix"; break }
                    pending[path, default: []].append(byteEdit)
                case .createFile(let display, let text):
                    guard read(display) == nil, edits[path] == nil else { problem = "\(display) exists"; break }
                    pendingCreate[path] = Array(text.utf8)
                case .rename(let from, let to):
                    let target = absolute(to)
                    guard mayWrite(target) else { problem = "\(to) is outside the linted tree"; break }
                    guard FixWriter.read(target) == nil, !FixWriter.exists(target), edits[path] == nil else {
                        problem = "\(to) exists"; break
                    }
                    pendingRename.append((path, target, from, to))
                case .deleteLines, .insertLine, .insertLineAfter:
                    problem = "unresolved edit"
                }
                if problem != nil { break }
            }
            if let problem {
                plan.skipped.append((finding, fix, problem))
                continue
            }
            for (path, list) in pending { edits[path, default: []] += list }
            for (path, bytes) in pendingCreate { created[path] = bytes }
            for rename in pendingRename {
                renamed.insert(rename.0)
                plan.renames.append((rename.0, rename.1, rename.2, rename.3))
            }
            plan.applied.append((finding, fix))
        }
        for (path, list) in edits {
            guard let old = byPath[path]?.bytes else { continue }
            let new = Self.applying(list, to: old)
            guard new != old else { continue }
            plan.files.append(.init(path: path, displayPath: PathUtilities.display(path, currentDirectory: currentDirectory),
                                    old: old, new: new, isNew: false))
        }
        for (path, bytes) in created {
            plan.files.append(.init(path: path, displayPath: PathUtilities.display(path, currentDirectory: currentDirectory),
                                    old: [], new: bytes, isNew: true))
        }
        plan.files.sort { $0.displayPath < $1.displayPath }
        return plan
    }

    /// Two edits conflict when their ranges overlap, when both insert at the same place, or
    /// when one inserts strictly inside the other's range. An insertion at either end of a
    /// replaced range does not conflict (a line deleted and a line inserted where it was:
    /// `applying` puts the insertion after the replacement).
    static func overlaps(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        switch (lhs.isEmpty, rhs.isEmpty) {
        case (true, true): return lhs.lowerBound == rhs.lowerBound
        case (true, false): return rhs.lowerBound < lhs.lowerBound && lhs.lowerBound < rhs.upperBound
        case (false, true): return lhs.lowerBound < rhs.lowerBound && rhs.lowerBound < lhs.upperBound
        case (false, false): return lhs.overlaps(rhs)
        }
    }

    /// `bytes` with non-conflicting `edits` applied: from the end backwards, and at one offset
    /// the replacement of a range before an insertion there.
    static func applying(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8] {
        var new = bytes
        let ordered = edits.sorted {
            $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound > $1.range.lowerBound : !$0.range.isEmpty && $1.range.isEmpty
        }
        for edit in ordered { new.replaceSubrange(edit.range, with: edit.replacement) }
        return new
    }
}

/// Writes a ``FixPlan``: each file through a temporary file in its own directory renamed
/// over it (a reader sees the old or the new file, never half of one), with the old file's
/// permission bits; through a symbolic link the plan allowed, the link's target is written
/// and the link kept.
public enum FixWriter {
    /// Writes `plan`; returns the first error, after which files written so far stay written.
    public static func write(_ plan: FixPlan) -> String? {
        for file in plan.files {
            let target = file.isNew ? file.path : (resolvedPath(file.path) ?? file.path)
            if file.isNew, let error = makeDirectories(PathUtilities.parent(target)) { return error }
            if let error = atomicWrite(file.new, to: target, mode: file.isNew ? 0o644 : mode(of: target)) { return error }
        }
        for move in plan.renames {
            if let error = makeDirectories(PathUtilities.parent(move.to)) { return error }
            guard !exists(move.to) else { return "cannot rename \(move.displayFrom): \(move.displayTo) exists" }
            if rename(move.from, move.to) != 0 {
                return "cannot rename \(move.displayFrom) to \(move.displayTo): \(String(cString: strerror(errno)))"
            }
        }
        return nil
    }

    static func atomicWrite(_ bytes: [UInt8], to path: String, mode: mode_t) -> String? {
        let directory = PathUtilities.parent(path)
        var template = Array((directory + "/.rmqlint-fix-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return "cannot write \(path): \(String(cString: strerror(errno)))" }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            written += count
        }
        let ok = written == bytes.count && fchmod(descriptor, mode) == 0 && fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        guard ok, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return "cannot write \(path): \(reason)"
        }
        return nil
    }

    static func makeDirectories(_ path: String) -> String? {
        if exists(path) { return nil }
        if let error = makeDirectories(PathUtilities.parent(path)) { return error }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { return "cannot create \(path): \(String(cString: strerror(errno)))" }
        return nil
    }

    static func mode(of path: String) -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0o644 }
        return info.st_mode & 0o7777
    }

    /// The file's bytes, nil when it does not exist or is not a regular file.
    static func read(_ path: String) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// `path` with every symbolic link resolved; for a path that does not exist yet, its
    /// nearest existing ancestor resolved and the rest appended.
    static func resolvedPath(_ path: String) -> String? {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if isSymlink(path) { return nil }  // a dangling link: never write through it
        let parent = PathUtilities.parent(path)
        guard parent != path, let base = resolvedPath(parent) else { return nil }
        return PathUtilities.join(base, PathUtilities.basename(path))
    }
}

/// What `rmqlint --fix` did: the fixes applied over all passes and the final lint.
public struct FixOutcome: Sendable {
    /// The lint after the last pass: what remains.
    public var result: LintResult
    /// How many fixes were applied, over all passes.
    public var applied: Int
    /// The display paths of the files changed, created or renamed.
    public var files: Set<String>
}

extension Linter {
    /// Applies the fixes of `options`' findings up to `applicability` in place, re-linting
    /// after each pass (a fix left out because it overlapped another is retried on the
    /// new text), at most `passes` times; returns the final lint. Writes nothing when there
    /// is nothing to fix. Fails on an I/O error with the files written so far kept.
    public func fix(
        _ options: LintOptions, applicability: FixApplicability, passes: Int = 8
    ) -> Result<FixOutcome, FixError> {
        var outcome: FixOutcome
        switch lint(options) {
        case .success(let result): outcome = FixOutcome(result: result, applied: 0, files: [])
        case .failure(let error): return .failure(FixError(message: error.message))
        }
        for _ in 0..<passes {
            let planner = FixPlanner.forModel(
                outcome.result.model, currentDirectory: fileSystem.currentDirectory, applicability: applicability)
            let plan = planner.plan(outcome.result.report.findings)
            if plan.isEmpty { break }
            if let error = FixWriter.write(plan) { return .failure(FixError(message: error)) }
            outcome.applied += plan.applied.count
            outcome.files.formUnion(plan.files.map(\.displayPath) + plan.renames.map(\.displayTo))
            switch lint(options) {
            case .success(let result): outcome.result = result
            case .failure(let error): return .failure(FixError(message: error.message))
            }
        }
        return .success(outcome)
    }

    /// The changes fixing would make, without writing anything (`--diff`).
    public func plannedFixes(for result: LintResult, applicability: FixApplicability) -> FixPlan {
        FixPlanner.forModel(result.model, currentDirectory: fileSystem.currentDirectory, applicability: applicability)
            .plan(result.report.findings)
    }
}

/// An error of `--fix` itself (I/O), for a one-line message.
public struct FixError: Error, Sendable {
    /// What went wrong.
    public var message: String
}

/// The C library's `write(2)` (inside `FixWriter`, `write` names its own method).
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
