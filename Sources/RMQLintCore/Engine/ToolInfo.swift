import RMQLintSource
import RMQLintModel

/// Facts about rmqlint itself that appear in reports.
public enum ToolInfo {
    /// The tool's name as reported.
    public static let name = "rmqlint"
    /// Semantic version of this build.
    public static let version = "0.1.0"
    /// Where the tool is documented (SARIF `informationUri`).
    public static let informationURI = "https://github.com/rmqlint/rmqlint"

    /// Where writing site policies is documented: the `helpUri` of a user policy without a URL of its own.
    public static let userPolicyHelpURI = "\(informationURI)/blob/main/docs/writing-policies.md"

    /// Documentation page of a rule (SARIF `helpUri`).
    public static func helpURI(forRule id: String) -> String {
        "\(informationURI)/blob/main/docs/rules/\(id).md"
    }
}
