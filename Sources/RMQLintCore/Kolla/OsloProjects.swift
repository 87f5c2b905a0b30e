import RMQLintSource
import RMQLintJinja

/// OpenStack projects whose Kolla roles render an oslo.config `<project>.conf`, so that
/// `config/<project>.conf` and `config/<project>/…` are oslo.config INI overrides.
///
/// Other directories under `config/` (fluentd, grafana, prometheus, …) hold formats
/// that are not INI, and reading them as INI would raise false parse errors.
/// Source: project column of domain §4.2 (KA `ansible/roles/*/templates/*.conf.j2`, zed…master),
/// plus INI-rendering roles without oslo.messaging (placement, gnocchi).
public enum OsloProjects {
    /// Project names, as used for `config/<project>.conf`.
    public static let names: Set<String> = [
        "aodh", "barbican", "blazar", "ceilometer", "cinder", "cloudkitty", "cyborg", "designate",
        "glance", "gnocchi", "heat", "ironic", "ironic-inspector", "keystone", "magnum", "manila",
        "masakari", "mistral", "murano", "neutron", "nova", "octavia", "placement", "sahara", "senlin",
        "solum", "tacker", "trove", "vitrage", "watcher", "zun",
    ]

    /// The project a rendered service directory belongs to, by Kolla's naming
    /// (`nova-compute/nova.conf`, `keystone/keystone.conf`); `nil` if the names do not fit.
    public static func project(forServiceDirectory directory: String, configFile: String) -> String? {
        guard configFile.hasSuffix(".conf") else { return nil }
        let project = String(configFile.dropLast(".conf".count))
        guard names.contains(project) else { return nil }
        if directory == project || directory.hasPrefix(project + "-") { return project }
        // ironic-neutron-agent renders neutron.conf (KA roles/neutron, domain §4.2).
        if directory == "ironic-neutron-agent" && project == "neutron" { return project }
        return nil
    }
}
