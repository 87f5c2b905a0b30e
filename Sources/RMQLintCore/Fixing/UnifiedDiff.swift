/// Renders a ``FixPlan`` as a unified diff (`diff -u` / `git apply` format, 3 lines of context).
public enum UnifiedDiff {
    /// The diff of every change in `plan`, files in path order, then renames.
    public static func render(_ plan: FixPlan) -> String {
        var out = ""
        for file in plan.files {
            out += render(old: file.old, new: file.new, path: file.displayPath, isNew: file.isNew)
        }
        for rename in plan.renames {
            out += "rename from \(rename.displayFrom)\nrename to \(rename.displayTo)\n"
        }
        return out
    }

    /// Lines of `bytes`, each with its line break; the last may lack one.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    static func render(old: [UInt8], new: [UInt8], path: String, isNew: Bool) -> String {
        let a = lines(old), b = lines(new)
        // Edits are few and local: the common prefix and suffix frame each file's change.
        // Several edits far apart become hunks of their own through the line comparison below.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let changed = diffLines(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))
        // Operations over the whole files: equal lines around, then the middle.
        var ops: [(Character, ArraySlice<UInt8>)] = a[..<prefix].map { (" ", $0) }
        ops += changed
        ops += a[(a.count - suffix)...].map { (" ", $0) }
        var out = "--- \(isNew ? "/dev/null" : "a/" + path)\n+++ b/\(path)\n"
        // Group into hunks with 3 lines of context.
        let context = 3
        var index = 0
        while index < ops.count {
            guard ops[index].0 != " " else { index += 1; continue }
            var start = max(0, index - context)
            // Extend while the next change is within 2 × context equal lines.
            var end = index
            var last = index
            while end < ops.count {
                if ops[end].0 != " " { last = end }
                if end - last > 2 * context { break }
                end += 1
            }
            let stop = min(ops.count, last + context + 1)
            // Line numbers at the hunk's start.
            var oldLine = 1, newLine = 1
            for op in ops[..<start] {
                if op.0 != "+" { oldLine += 1 }
                if op.0 != "-" { newLine += 1 }
            }
            let slice = ops[start..<stop]
            let oldCount = slice.filter { $0.0 != "+" }.count
            let newCount = slice.filter { $0.0 != "-" }.count
            out += "@@ -\(range(oldCount == 0 ? oldLine - 1 : oldLine, oldCount)) +\(range(newCount == 0 ? newLine - 1 : newLine, newCount)) @@\n"
            for op in slice {
                var text = String(decoding: op.1, as: UTF8.self)
                let hasBreak = text.hasSuffix("\n")
                if hasBreak { text.removeLast() }
                out += String(op.0) + text + "\n"
                if !hasBreak { out += "\\ No newline at end of file\n" }
            }
            start = stop
            index = stop
        }
        return out
    }

    static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }

    /// A line diff by longest common subsequence; the middle of a fix is small.
    static func diffLines(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [(Character, ArraySlice<UInt8>)] {
        // Past this size (several far-apart edits in a large file), removed-then-added is
        // still a correct diff, only less compact.
        guard a.count * b.count <= 4_000_000 else { return a.map { ("-", $0) } + b.map { ("+", $0) } }
        let n = a.count, m = b.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [(Character, ArraySlice<UInt8>)] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                result.append((" ", a[i])); i += 1; j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                // Removals first within a change, as diff -u prints them.
                if i < n, table[i + 1][j] >= table[i][j + 1] { result.append(("-", a[i])); i += 1 } else { result.append(("+", b[j])); j += 1 }
            } else {
                result.append(("-", a[i])); i += 1
            }
        }
        return result
    }
}
