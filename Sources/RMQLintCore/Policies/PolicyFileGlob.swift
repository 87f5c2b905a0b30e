import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// Expands the globs of `policy_files:` over the file system: `*`, `?` and `[…]` within a
/// path component, `**` for any number of directories, `..` to reach policies shared by
/// several repositories. Only regular files are returned, sorted, each once.
enum PolicyFileGlob {
    /// Directories deeper than this below a `**` are not searched (bounds symlink loops).
    static let maxDepth = 32

    static func expand(_ components: [String], from base: String, fileSystem: any FileSystem) -> [String] {
        var results: Set<String> = []
        var visited: Set<String> = []
        walk(components[...], at: PathUtilities.normalize(base, relativeTo: fileSystem.currentDirectory),
             depth: 0, fileSystem: fileSystem, results: &results, visited: &visited)
        return results.sorted()
    }

    private static func walk(
        _ components: ArraySlice<String>, at path: String, depth: Int, fileSystem: any FileSystem,
        results: inout Set<String>, visited: inout Set<String>
    ) {
        guard let component = components.first else {
            if fileSystem.kind(of: path) == .regular { results.insert(path) }
            return
        }
        let rest = components.dropFirst()
        if component == "**" {
            // Zero directories, then each subdirectory (once per real directory).
            walk(rest, at: path, depth: depth, fileSystem: fileSystem, results: &results, visited: &visited)
            guard depth < maxDepth, visited.insert("\(fileSystem.identity(of: path) ?? path)\u{1F}\(components.count)").inserted else {
                return
            }
            for name in (fileSystem.contentsOfDirectory(path) ?? []).sorted() where !name.hasPrefix(".") {
                let child = PathUtilities.join(path, name)
                if fileSystem.kind(of: child) == .directory {
                    walk(components, at: child, depth: depth + 1, fileSystem: fileSystem, results: &results, visited: &visited)
                }
            }
            return
        }
        let isPattern = component.contains { $0 == "*" || $0 == "?" || $0 == "[" }
        guard isPattern else {
            let next = component == "." ? path : component == ".." ? PathUtilities.parent(path) : PathUtilities.join(path, component)
            walk(rest, at: next, depth: depth, fileSystem: fileSystem, results: &results, visited: &visited)
            return
        }
        guard fileSystem.kind(of: path) == .directory else { return }
        for name in (fileSystem.contentsOfDirectory(path) ?? []).sorted()
        where (!name.hasPrefix(".") || component.hasPrefix(".")) && PathPattern.matchComponent(component, name) {
            walk(rest, at: PathUtilities.join(path, name), depth: depth, fileSystem: fileSystem, results: &results, visited: &visited)
        }
    }
}
