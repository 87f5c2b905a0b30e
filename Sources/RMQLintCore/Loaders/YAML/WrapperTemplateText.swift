/// Kayobe renders its `kolla/globals.yml` with Jinja before Kolla-Ansible reads it as YAML
/// [kayobe `ansible/roles/kolla-ansible/templates/kolla/globals.yml`: the operator's
/// `etc/kayobe/kolla/globals.yml` is included through `{% include %}` of a template], so
/// `{% if %}` / `{% for %}` blocks, `{# #}` comments, `{% raw %}` sections and unquoted
/// `{{ }}` values are valid there (docs/spec.md §10.2). This turns such a file into YAML with the
/// same line numbers, keeping what is known and marking what is not:
/// - block tag lines (`{% if … %}`, `{% endfor %}`, `{% raw %}`…) become blank lines;
/// - a top-level key written inside an `{% if %}` / `{% for %}` block gets an unknown value
///   (a Jinja expression rmqlint cannot evaluate), and its indented lines are blanked: whether
///   the block renders is not known, so neither is the value;
/// - an unquoted `key: {{ expr }}…` value is quoted, so it stays a (templated) string.
public enum WrapperTemplateText {
    /// The unknown value given to keys inside conditional blocks.
    static let conditionalValue = "\"{{ rmqlint_value_inside_jinja_block }}\""

    /// Whether `text` uses any Jinja block syntax or bare `{{ }}` values.
    static func needsPreparation(_ text: String) -> Bool {
        text.contains("{%") || text.contains("{#") || text.contains(": {{") || text.contains("\n{{")
    }

    /// `text` with whole-line `{% raw %}` / `{% endraw %}` markers blanked (line numbers kept): what
    /// is left after Kayobe's rendering of a `kolla/config` file, whose raw content is Jinja that
    /// Kolla-Ansible renders in turn (kayobe `ansible/roles/kolla-openstack`, template/merge_configs).
    public static func removingRawMarkers(_ text: String) -> String {
        guard text.contains("raw") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let words = line.filter { !$0.isWhitespace && $0 != "-" && $0 != "+" }
            return words == "{%raw%}" || words == "{%endraw%}" ? "" : line
        }.joined(separator: "\n")
    }

    /// The YAML Kayobe would give Kolla, as far as it is known.
    public static func prepare(_ text: String) -> String {
        guard needsPreparation(text) else { return text }
        var output: [Substring] = []
        var depth = 0              // open {% if %} / {% for %} blocks
        var inRaw = false
        var blankingIndented = false
        var storage: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if inRaw {
                if trimmed.hasPrefix("{% endraw") || trimmed.hasPrefix("{%- endraw") {
                    inRaw = false
                    output.append("")
                } else {
                    output.append(line)
                }
                continue
            }
            if trimmed.hasPrefix("{%") || trimmed.hasPrefix("{#") {
                let keyword = trimmed.dropFirst(2).drop { $0 == "-" || $0 == " " || $0 == "+" }
                    .prefix { $0.isLetter }
                switch keyword {
                case "if", "for", "macro", "call", "filter": depth += 1
                case "set": if isBlockSet(trimmed) { depth += 1 }
                case "endif", "endfor", "endmacro", "endcall", "endfilter", "endset": depth = max(0, depth - 1)
                case "raw": inRaw = !trimmed.contains("endraw")
                default: break   // else, elif, include, import, comments
                }
                // A key's indented lines may continue after a tag line (`{% for %}` items).
                output.append("")
                continue
            }
            // A line that is a whole expression (`{{ x | to_nice_yaml }}`) renders YAML rmqlint
            // cannot know: left out (a key it would set stays unset, which the rules treat as
            // Kolla's default — the line is reported nowhere as an error).
            if trimmed.hasPrefix("{{") {
                output.append("")
                continue
            }
            if blankingIndented, trimmed.isEmpty || line.first == " " || line.first == "\t" || trimmed.hasPrefix("- ") {
                output.append("")
                continue
            }
            blankingIndented = false
            if depth > 0, let key = topLevelKey(line) {
                storage.append("\(key): \(conditionalValue)")
                output.append(Substring(storage[storage.count - 1]))
                blankingIndented = true
                continue
            }
            if let quoted = quotingBareExpression(line) {
                storage.append(quoted)
                output.append(Substring(storage[storage.count - 1]))
                continue
            }
            output.append(line)
        }
        return output.joined(separator: "\n")
    }

    /// `{% set x %}…{% endset %}` opens a block; `{% set x = 1 %}` does not.
    private static func isBlockSet(_ tag: Substring) -> Bool {
        tag.contains("set") && !tag.contains("=")
    }

    /// The key of a `key:` line at column 1, if the line is one.
    private static func topLevelKey(_ line: Substring) -> Substring? {
        guard let first = line.first, first.isLetter || first == "_" || first == "\"" || first == "'" else { return nil }
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard !key.contains(" ") || key.first == "\"" || key.first == "'" else { return nil }
        let after = line.index(after: colon)
        guard after == line.endIndex || line[after] == " " || line[after] == "\t" else { return nil }
        return key
    }

    /// `key: {{ expr }} tail` → `key: "{{ expr }} tail"` (at any indentation).
    private static func quotingBareExpression(_ line: Substring) -> String? {
        guard let marker = line.firstRange(of: ": {{") else { return nil }
        let head = line[..<marker.lowerBound]
        guard !head.contains("\""), !head.contains("'"), !head.contains("#") else { return nil }
        var value = String(line[line.index(marker.lowerBound, offsetBy: 2)...])
        // A trailing comment stays a comment.
        var comment = ""
        if let hash = value.firstRange(of: " #"), !value[hash.upperBound...].contains("}}") {
            comment = String(value[hash.lowerBound...])
            value = String(value[..<hash.lowerBound])
        }
        let escaped = value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\(head): \"\(escaped)\"\(comment)"
    }
}
