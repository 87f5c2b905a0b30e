import FuzzSupport
import RMQLintCore

/// Ansible INI inventory: host ranges, `:children`, `:vars`, inline host variables; two
/// files merged as an inventory directory would be, then group expansion and the
/// reference checks (undefined children, cycles).
func fuzzInventory(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let halves = Fuzz.parts(bytes, separator: 0, count: 2)
    var merged: Inventory?
    for (index, part) in halves.enumerated() {
        let path = index == 0 ? "multinode" : "inventory/extra"
        let result = InventoryLoader.parse(Fuzz.text(part, path: path), path: path)
        Fuzz.check(result.diagnostics, path: path)
        if merged == nil { merged = result.inventory } else { merged?.merge(result.inventory) }
    }
    guard let inventory = merged else { return 0 }
    for diagnostic in inventory.referenceDiagnostics() { Fuzz.check(diagnostic.location) }
    for name in inventory.groups.keys.sorted().prefix(64) {
        for host in inventory.hosts(inGroup: name).prefix(64) {
            if !inventory.contains(host: host) { fatalError("group \(name) lists unknown host \(host)") }
        }
    }
    _ = inventory.hosts(inGroup: "all")
    return 0
}
