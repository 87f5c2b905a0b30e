import RMQLintSource
import RMQLintModel

/// One file of an example tree.
public struct ExampleFile: Hashable, Sendable {
    /// Path relative to the example tree's root, e.g. `config/haproxy/services.d/rabbitmq.cfg`.
    public var path: String
    /// Contents; `↓` marks where a finding must start (the marker itself is removed).
    public var contents: String

    /// Creates an example file.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// A small deployment tree that documents and tests a rule.
///
/// A triggering example must produce findings of its rule exactly at its `↓` markers
/// (line and column after the markers are removed); a non-triggering one none at all.
/// Examples run through the whole pipeline (discovery, loaders, model, rule), so they
/// test what an operator would see.
public struct RuleExample: Sendable {
    /// The files of the tree, in the order written.
    public var files: [ExampleFile]
    /// Command-line style options for the run, e.g. `["--release", "2024.1"]`.
    public var arguments: [String]
    /// Where the example is written, so a failing example points at itself.
    public var sourceFile: StaticString
    /// Line of the example in `sourceFile`.
    public var sourceLine: UInt

    /// Creates an example from `path: contents` pairs.
    public init(
        _ files: KeyValuePairs<String, String>, arguments: [String] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        self.files = files.map { ExampleFile(path: $0.key, contents: $0.value) }
        self.arguments = arguments
        self.sourceFile = file
        self.sourceLine = line
    }

    /// The marker that says where a finding starts.
    public static let marker: Character = "↓"

    /// The files with markers removed, and the expected finding positions.
    public func resolved() -> (files: [ExampleFile], expected: [(path: String, position: SourcePosition)]) {
        var expected: [(String, SourcePosition)] = []
        let files = files.map { file -> ExampleFile in
            var output = String.UnicodeScalarView()
            var line = 1
            var column = 1
            for scalar in file.contents.unicodeScalars {
                if scalar == "↓" {
                    expected.append((file.path, SourcePosition(line: line, column: column)))
                    continue
                }
                output.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return ExampleFile(path: file.path, contents: String(output))
        }
        return (files, expected)
    }
}
