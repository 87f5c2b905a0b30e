import FuzzSupport
import RMQLintCore

/// oslo.config INI (`nova.conf` overrides) and RabbitMQ's sysctl-style `rabbitmq.conf`,
/// both line-oriented loaders fed the same text.
func fuzzINI(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let path = "config/nova.conf"
    let text = Fuzz.text(bytes, path: path)

    let ini = INILoader.parse(text, path: path)
    Fuzz.check(ini.diagnostics, path: path)
    for section in ini.document.sections {
        Fuzz.check(section.nameLocation)
        _ = INIDocument.normalizedSectionName(section.name)
        for entry in section.entries {
            Fuzz.check(entry.keyLocation)
            Fuzz.check(entry.valueLocation)
            _ = ini.document.last(section: section.name, key: entry.key)
        }
    }

    let confPath = "config/rabbitmq/rabbitmq.conf"
    let conf = RabbitMQConfLoader.parse(text, path: confPath)
    Fuzz.check(conf.diagnostics, path: confPath)
    for entry in conf.conf.entries {
        Fuzz.check(entry.keyLocation)
        Fuzz.check(entry.valueLocation)
        _ = conf.conf.last(entry.key)
    }
    return 0
}
