import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// One inventory host (`inventory_hostname`) with its inline variables.
public struct InventoryHost: Hashable, Sendable {
    /// The inventory hostname, after range expansion and without a `:port` suffix.
    public var name: String
    /// Where the host was first declared (the host pattern, without `:port`).
    public var location: SourceLocation
    /// Inline `key=value` variables of every declaration, later ones winning; a `:port`
    /// suffix becomes `ansible_port`, as Ansible's `add_host(port:)` does.
    public var vars: [String: Located<String>]

    /// Creates a host.
    public init(name: String, location: SourceLocation, vars: [String: Located<String>] = [:]) {
        self.name = name
        self.location = location
        self.vars = vars
    }
}

/// One inventory group: `[name]` hosts, `[name:children]` and `[name:vars]`.
public struct InventoryGroup: Hashable, Sendable {
    /// The group name as written (Ansible's default keeps `-` in names such as `tls-backend`).
    public var name: String
    /// Where the group was first declared (its name inside the first header).
    public var location: SourceLocation
    /// Hosts listed directly under `[name]`, deduplicated, in declaration order.
    public var hosts: [Located<String>]
    /// Groups listed under `[name:children]`, deduplicated, in declaration order;
    /// they may be declared later, or never (then they resolve to no hosts).
    public var children: [Located<String>]
    /// `[name:vars]` variables, later assignments winning.
    public var vars: [String: Located<String>]

    /// Creates a group.
    public init(
        name: String, location: SourceLocation, hosts: [Located<String>] = [],
        children: [Located<String>] = [], vars: [String: Located<String>] = [:]
    ) {
        self.name = name
        self.location = location
        self.hosts = hosts
        self.children = children
        self.vars = vars
    }
}

/// An Ansible INI inventory (Kolla's `multinode`), or several merged (an `inventory/` directory).
///
/// `all` and `ungrouped` behave as in Ansible: `all` holds every host; `ungrouped` holds
/// the hosts that belong to no other group [ansible `lib/ansible/inventory/data.py`
/// `reconcile_inventory`]. They appear in `groups` only when a file names them (a header,
/// or hosts before any header for `ungrouped`).
public struct Inventory: Hashable, Sendable {
    /// The files this inventory was read from, in merge order.
    public var paths: [String]
    /// Every group declared by a header, by name.
    public var groups: [String: InventoryGroup]
    /// Every host, by inventory hostname.
    public var hosts: [String: InventoryHost]

    /// Host names in first-declaration order (dictionaries have none).
    var hostOrder: [String] = []
    /// Group names in first-declaration order.
    var groupOrder: [String] = []

    /// Creates an inventory. Hosts and groups given here are ordered by where they were
    /// declared (path order, then line and column), then by name.
    public init(paths: [String] = [], groups: [String: InventoryGroup] = [:], hosts: [String: InventoryHost] = [:]) {
        self.paths = paths
        self.groups = groups
        self.hosts = hosts
        self.hostOrder = Inventory.declarationOrder(hosts.values.map { ($0.name, $0.location) }, paths: paths)
        self.groupOrder = Inventory.declarationOrder(groups.values.map { ($0.name, $0.location) }, paths: paths)
    }

    /// Whether `host` is an inventory hostname here.
    public func contains(host: String) -> Bool {
        hosts[host] != nil
    }

    /// The hosts of `inGroup`, its children, their children…, deduplicated.
    ///
    /// Order follows Ansible's `Group.get_hosts()`: the group's own hosts, then its
    /// children level by level (breadth first), each level in declaration order
    /// [ansible `lib/ansible/inventory/group.py` `_walk_relationship(preserve_ordering=True)`].
    /// Each group is visited once, so `:children` cycles terminate. An unknown group has no
    /// hosts. `all` gives every host in declaration order.
    public func hosts(inGroup: String) -> [String] {
        switch inGroup {
        case "all":
            return orderedHostNames()
        case "ungrouped":
            var grouped = Set<String>()
            for (name, group) in groups where name != "all" && name != "ungrouped" {
                for host in group.hosts { grouped.insert(host.value) }
            }
            return orderedHostNames().filter { !grouped.contains($0) }
        default:
            break
        }
        guard groups[inGroup] != nil else { return [] }
        var result: [String] = []
        var seenHosts = Set<String>()
        var visited: Set<String> = [inGroup]
        var level: [String] = [inGroup]
        while !level.isEmpty {
            var next: [String] = []
            for name in level {
                guard let group = groups[name] else { continue }
                for host in group.hosts where seenHosts.insert(host.value).inserted {
                    result.append(host.value)
                }
                for child in group.children where visited.insert(child.value).inserted {
                    next.append(child.value)
                }
            }
            level = next
        }
        return result
    }

    /// Adds `other` (the next file of an `inventory/` directory) to this inventory:
    /// its hosts and children are appended to existing groups, its variables override.
    public mutating func merge(_ other: Inventory) {
        paths.append(contentsOf: other.paths)
        for name in other.orderedGroupNames() {
            guard let incoming = other.groups[name] else { continue }
            guard var group = groups[name] else {
                groups[name] = incoming
                groupOrder.append(name)
                continue
            }
            var known = Set(group.hosts.map(\.value))
            for host in incoming.hosts where known.insert(host.value).inserted {
                group.hosts.append(host)
            }
            known = Set(group.children.map(\.value))
            for child in incoming.children where known.insert(child.value).inserted {
                group.children.append(child)
            }
            group.vars.merge(incoming.vars) { _, new in new }
            groups[name] = group
        }
        for name in other.orderedHostNames() {
            guard let incoming = other.hosts[name] else { continue }
            if var host = hosts[name] {
                host.vars.merge(incoming.vars) { _, new in new }
                hosts[name] = host
            } else {
                hosts[name] = incoming
                hostOrder.append(name)
            }
        }
    }

    /// Problems that only show once every file is merged, each of which makes Ansible
    /// reject the inventory: a `:children` entry naming a group no file declares
    /// [ansible `lib/ansible/plugins/inventory/ini.py`: "includes undefined group"], and
    /// `:children` cycles, a group under itself included [ansible `group.py`
    /// `add_child_group`: "recursive dependency loop"]. Sorted by location.
    public func referenceDiagnostics() -> [LoadDiagnostic] {
        var diagnostics: [LoadDiagnostic] = []
        for name in orderedGroupNames() {
            guard let group = groups[name] else { continue }
            for child in group.children where groups[child.value] == nil {
                diagnostics.append(LoadDiagnostic(
                    "[\(name):children] lists group '\(child.value)', which no inventory file declares; "
                        + "Ansible rejects the inventory",
                    at: child.location))
            }
        }
        diagnostics.append(contentsOf: cycleDiagnostics())
        return diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    /// Iterative depth-first search: an edge to a group still on the stack closes a cycle.
    private func cycleDiagnostics() -> [LoadDiagnostic] {
        enum Mark { case onStack, done }
        var marks: [String: Mark] = [:]
        var diagnostics: [LoadDiagnostic] = []
        for root in orderedGroupNames() where marks[root] == nil {
            // Each frame: a group and the index of its next child to visit.
            var stack: [(name: String, next: Int)] = [(root, 0)]
            marks[root] = .onStack
            while let top = stack.last {
                let children = groups[top.name]?.children ?? []
                guard top.next < children.count else {
                    marks[top.name] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = children[top.next]
                guard groups[child.value] != nil else { continue }
                switch marks[child.value] {
                case .onStack:
                    diagnostics.append(LoadDiagnostic(
                        "[\(top.name):children] lists group '\(child.value)', which contains '\(top.name)': "
                            + "a :children cycle, which Ansible rejects",
                        at: child.location))
                case .done:
                    continue
                case nil:
                    marks[child.value] = .onStack
                    stack.append((child.value, 0))
                }
            }
        }
        return diagnostics
    }

    // MARK: Order

    /// Host names in declaration order, falling back to location order for hosts added
    /// through the public dictionaries.
    func orderedHostNames() -> [String] {
        Inventory.complete(hostOrder, keys: hosts.keys) { hosts[$0]?.location }
    }

    func orderedGroupNames() -> [String] {
        Inventory.complete(groupOrder, keys: groups.keys) { groups[$0]?.location }
    }

    /// `order` restricted to existing `keys`, plus any missing keys sorted by location and name.
    private static func complete(
        _ order: [String], keys: Dictionary<String, some Any>.Keys, location: (String) -> SourceLocation?
    ) -> [String] {
        let keySet = Set(keys)
        var seen = Set<String>()
        var result = order.filter { keySet.contains($0) && seen.insert($0).inserted }
        if result.count < keySet.count {
            let missing = keys.filter { !seen.contains($0) }.sorted {
                (location($0) ?? .wholeFile(""), $0) < (location($1) ?? .wholeFile(""), $1)
            }
            result.append(contentsOf: missing)
        }
        return result
    }

    private static func declarationOrder(_ items: [(String, SourceLocation)], paths: [String]) -> [String] {
        var rank: [String: Int] = [:]
        for (index, path) in paths.enumerated() where rank[path] == nil { rank[path] = index }
        return items.sorted { left, right in
            let leftRank = rank[left.1.path] ?? Int.max
            let rightRank = rank[right.1.path] ?? Int.max
            return (leftRank, left.1, left.0) < (rightRank, right.1, right.0)
        }.map(\.0)
    }
}
