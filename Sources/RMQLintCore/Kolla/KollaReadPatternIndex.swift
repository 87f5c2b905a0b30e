/// Read patterns grouped by their number of path components and their first component, so a
/// path is tried only against the patterns that can match it: a tree's files were each matched
/// against every pattern of the table (hundreds), a fifth of a pre-commit run.
public struct KollaReadPatternIndex: Sendable {
    /// Component count → literal first component → positions, ascending.
    private var literal: [Int: [String: [Int]]] = [:]
    /// Component count → positions of patterns whose first component is not literal, ascending.
    private var open: [Int: [Int]] = [:]

    /// Indexes `patterns`; positions are their indices.
    public init(_ patterns: [KollaReadPattern]) {
        self.init(shapes: patterns.map { ($0.componentCount, $0.literalFirstComponent) })
    }

    /// Indexes patterns by their ``KollaReadPattern/shape(_:)`` alone, before (or without)
    /// building their matchers; positions are their indices.
    public init(shapes: [(componentCount: Int, literalFirstComponent: String?)]) {
        for (position, shape) in shapes.enumerated() {
            if let first = shape.literalFirstComponent {
                literal[shape.componentCount, default: [:]][first, default: []].append(position)
            } else {
                open[shape.componentCount, default: []].append(position)
            }
        }
    }

    /// The smallest position whose pattern may match the path split by
    /// ``KollaReadPattern/components(_:)`` and that `test` accepts (the caller matches): the
    /// same answer as trying every pattern in order.
    public func first(components: [ArraySlice<UInt8>], where test: (Int) -> Bool) -> Int? {
        let count = components.count
        let named = components.first.flatMap { literal[count]?[String(decoding: $0, as: UTF8.self)] } ?? []
        let others = open[count] ?? []
        var (i, j) = (0, 0)
        while i < named.count || j < others.count {
            let position: Int
            if j == others.count || (i < named.count && named[i] < others[j]) {
                position = named[i]
                i += 1
            } else {
                position = others[j]
                j += 1
            }
            if test(position) { return position }
        }
        return nil
    }
}
