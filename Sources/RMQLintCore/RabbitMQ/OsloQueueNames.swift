import RMQLintSource
import RMQLintJinja

// Representative queue names oslo.messaging's RabbitMQ driver declares for a Kolla service, so
// that rules can ask which queues a policy pattern reaches and how long callers wait on them.
//
// Queue naming [OM stable/2026.1 (17.3.0):oslo_messaging/_drivers/amqpdriver.py `listen`,
// `listen_for_notifications`, `_get_reply_queue_name`, `QManager.get`; impl_rabbit.py
// `declare_topic_consumer`, `declare_fanout_consumer`, `declare_direct_consumer`, `notify_send`,
// `_get_reply_queue_name`; docs/domain.md §5]:
// - an RPC server for topic T on server S consumes `T`, `T.S` and the fanout queue
//   `T_fanout_<uuid4 hex>` (`T_fanout_<host>:<process>:<n>` with `use_queue_manager`, the single
//   stream `T_fanout` with `rabbit_stream_fanout`);
// - a process that makes calls gets one reply queue `reply_<uuid4 hex>` (`reply_<host>:<process>:<n>`
//   with the queue manager);
// - a notification listener for topic T and priority P consumes `T.P` (or its pool name); a
//   notifier pre-declares `T.P` when it publishes.
// Durability: topic, server and notification queues are durable when `amqp_durable_queues` or
// `rabbit_quorum_queue` is set (quorum when the latter); reply queues only with
// `rabbit_transient_quorum_queue`; fanout queues with that or `rabbit_stream_fanout`.
//
// Which topics each service serves, calls and listens to was read at each project's
// `stable/2026.1` branch (older branches where a row says so); the citations are on the rows.
// Only services whose code was read are modelled; others answer `nil` from `osloMessaging`.

/// The role a queue plays for oslo.messaging.
public enum OsloQueueKind: String, Hashable, Sendable, CaseIterable {
    /// The shared RPC queue of a topic (`compute`).
    case topic
    /// The RPC queue of one server of a topic (`compute.ctl1`).
    case topicHost = "topic-host"
    /// A fanout queue (`compute_fanout_<hex>`), or the stream `compute_fanout`.
    case fanout
    /// A reply queue for RPC calls (`reply_<hex>`).
    case reply
    /// A notification queue (`notifications.info`).
    case notification
}

/// How a queue's durability is decided.
public enum OsloQueueDurability: String, Hashable, Sendable {
    /// Durable when `amqp_durable_queues` or `rabbit_quorum_queue` (topic, server and
    /// notification queues).
    case followsDurableQueues = "follows-durable-queues"
    /// Transient unless `rabbit_transient_quorum_queue` (reply queues; fanout queues also with
    /// `rabbit_stream_fanout`).
    case transientUnlessTransientQuorum = "transient-unless-transient-quorum"
}

/// The option that bounds how long a caller waits on an RPC call to a topic.
public struct OsloCallTimeout: Hashable, Sendable {
    /// The project defining the option (`oslo.messaging`, `nova`, `neutron`).
    public let project: String
    /// The INI section.
    public let section: String
    /// The option.
    public let option: String
    /// The longest wait is `scale ×` the option (neutron before Stein: 10 × `rpc_response_timeout`).
    public let scale: Int
    /// The option's default, in seconds.
    public let defaultSeconds: Int
    /// Where it was read.
    public let source: String

    /// The longest wait with the option's default, in seconds.
    public var defaultLongestWait: Int { scale * defaultSeconds }

    /// `[DEFAULT] rpc_response_timeout` (60 s), the oslo.messaging call timeout.
    public static let rpcResponseTimeout = OsloCallTimeout(
        project: "oslo.messaging", section: "DEFAULT", option: "rpc_response_timeout", scale: 1, defaultSeconds: 60,
        source: "OM stable/2026.1:oslo_messaging/rpc/client.py L41 (unchanged since Train, docs/domain.md §5)")
    /// nova `[DEFAULT] long_rpc_timeout` (1800 s, nova ≥ 18.0.0 Rocky): live migration, scheduling,
    /// resize / cold migration, volume attach… calls to compute, conductor and scheduler.
    public static let novaLongRPCTimeout = OsloCallTimeout(
        project: "nova", section: "DEFAULT", option: "long_rpc_timeout", scale: 1, defaultSeconds: 1800,
        source: "NOVA stable/2026.1:nova/conf/rpc.py L19; nova/compute/rpcapi.py, nova/conductor/rpcapi.py L350 L516, "
            + "nova/scheduler/rpcapi.py L159 `timeout=CONF.long_rpc_timeout`; NOVA rocky-eol:nova/conf/rpc.py (added)")
    /// neutron `[DEFAULT] rpc_response_max_timeout` (600 s, neutron ≥ 14.0.0 Stein): the ceiling of
    /// neutron-lib's backing-off client, which doubles a method's timeout after each timeout.
    public static let neutronRPCResponseMaxTimeout = OsloCallTimeout(
        project: "neutron", section: "DEFAULT", option: "rpc_response_max_timeout", scale: 1, defaultSeconds: 600,
        source: "NEU stable/2026.1:neutron/conf/service.py L52; neutron-lib stable/2026.1:neutron_lib/rpc.py "
            + "`BackingOffClient`, `get_client`; NEU f1592c42 (Stein)")
    /// neutron before Stein: the backing-off client's ceiling was 10 × `rpc_response_timeout`.
    public static let neutronBackoffBeforeStein = OsloCallTimeout(
        project: "neutron", section: "DEFAULT", option: "rpc_response_timeout", scale: 10, defaultSeconds: 60,
        source: "NEU queens-eol:neutron/common/rpc.py L138, rocky-eol L126 `_get_default_method_timeout() * 10`")
}

/// The oslo.messaging settings that change queue names, durability and type.
public struct OsloQueueSettings: Hashable, Sendable {
    /// `[oslo_messaging_rabbit] amqp_durable_queues`.
    public var amqpDurableQueues: Bool
    /// `rabbit_quorum_queue`.
    public var quorumQueue: Bool
    /// `rabbit_transient_quorum_queue` (oslo.messaging ≥ 14.7.0).
    public var transientQuorumQueue: Bool
    /// `rabbit_stream_fanout` (oslo.messaging ≥ 14.7.0).
    public var streamFanout: Bool
    /// `use_queue_manager` (oslo.messaging ≥ 14.7.0).
    public var useQueueManager: Bool
    /// `[oslo_messaging_notifications] topics` the service publishes to (empty when its driver
    /// is `noop`, Kolla's default without ceilometer / designate sink / barbican).
    public var publishedNotificationTopics: [String]

    /// Creates settings; the defaults are oslo.messaging's.
    public init(amqpDurableQueues: Bool = false, quorumQueue: Bool = false, transientQuorumQueue: Bool = false,
                streamFanout: Bool = false, useQueueManager: Bool = false, publishedNotificationTopics: [String] = []) {
        self.amqpDurableQueues = amqpDurableQueues
        self.quorumQueue = quorumQueue
        self.transientQuorumQueue = transientQuorumQueue
        self.streamFanout = streamFanout
        self.useQueueManager = useQueueManager
        self.publishedNotificationTopics = publishedNotificationTopics
    }
}

/// A queue a service declares (a representative name where the real one is random).
public struct OsloQueue: Hashable, Sendable {
    /// The queue name; `<hex>` parts are the fixed representative `0123456789abcdef0123456789abcdef`.
    public let name: String
    /// Its role.
    public let kind: OsloQueueKind
    /// The topic (`compute`; `reply` for reply queues; `notifications` for `notifications.info`).
    public let topic: String
    /// How its durability is decided.
    public let durability: OsloQueueDurability
    /// Whether it is durable under the settings it was built with.
    public let isDurable: Bool
    /// Its queue type under those settings (classic, quorum or stream).
    public let queueType: PolicyTargetKind
    /// Whether the service consumes from it (`false`: a notification queue it only publishes to).
    public let consumed: Bool
    /// For topic and server queues: the option bounding the longest call to the topic.
    public let callTimeout: OsloCallTimeout?
    /// Where the naming and the topic were read.
    public let source: String
}

/// What one Kolla service does on the message bus.
public struct OsloMessagingProfile: Hashable, Sendable {
    /// The Kolla service name.
    public let service: String
    /// The project whose topics and timeouts apply (`nova` for nova-cell services).
    public let project: String
    /// RPC topics it serves, each with its server name (`nil`: the host).
    public let serves: [ServedTopic]
    /// RPC topics it calls (it then owns a reply queue).
    public let calls: [String]
    /// Notification queues it listens to (`notifications.info`).
    public let listens: [String]
    /// Notification queues it always publishes to, whatever `[oslo_messaging_notifications]` says
    /// (aodh's evaluator queue, ceilometer's samples).
    public let publishes: [String]
    /// Where it was read.
    public let source: String

    /// An RPC topic and the server name its per-server queue carries.
    public struct ServedTopic: Hashable, Sendable {
        /// The topic.
        public let topic: String
        /// The server name; `nil` for the service's host (oslo `Target(server=CONF.host)`).
        public let server: String?
    }
}

/// A service row: profile facts over a range of releases.
private struct ProfileRow {
    let services: [String]
    let project: String
    let releases: ClosedRange<OpenStackRelease>
    let serves: [(String, String?)]
    let calls: [String]
    let listens: [String]
    let publishes: [String]
    let source: String

    init(_ services: [String], _ project: String, _ releases: ClosedRange<OpenStackRelease>,
         serves: [(String, String?)] = [], calls: [String] = [], listens: [String] = [], publishes: [String] = [],
         source: String) {
        self.services = services
        self.project = project
        self.releases = releases
        self.serves = serves
        self.calls = calls
        self.listens = listens
        self.publishes = publishes
        self.source = source
    }
}

/// The representative random part of reply and fanout queue names.
private let representativeHex = "0123456789abcdef0123456789abcdef"
/// heat's engine id (`str(uuid.uuid4())`, HEAT stable/2026.1:heat/common/service_utils.py L80).
private let representativeEngineID = "01234567-89ab-cdef-0123-456789abcdef"

private let neutronAgentRPC = "NEU stable/2026.1:neutron/agent/rpc.py `create_consumers`, `PluginReportStateAPI`; "
    + "neutron-lib stable/2026.1:neutron_lib/agent/topics.py, neutron_lib/rpc.py `Connection.create_consumer`"

/// Kolla service → messaging facts. Rows are in project order; a service may have several rows
/// over disjoint release ranges.
private let profileRows: [ProfileRow] = [
    // aodh: the listener and notifier are notification listeners on aodh's own topics; the
    // evaluator publishes alarms to the notifier's queue (`sample` priority).
    ProfileRow(["aodh-api"], "aodh", .queens ... .master, source: "AODH stable/2026.1: no RPC client or server"),
    ProfileRow(["aodh-evaluator"], "aodh", .queens ... .master, publishes: ["alarming.sample"],
               source: "AODH stable/2026.1:aodh/queue.py `notifier_topic` = alarming; aodh/evaluator/__init__.py"),
    ProfileRow(["aodh-listener"], "aodh", .queens ... .master, listens: ["alarm.all.sample"], publishes: ["alarming.sample"],
               source: "AODH stable/2026.1:aodh/event.py `event_alarm_topic` = alarm.all, `sample` endpoint"),
    ProfileRow(["aodh-notifier"], "aodh", .queens ... .master, listens: ["alarming.sample"],
               source: "AODH stable/2026.1:aodh/notifier/__init__.py L77 Target(topic=notifier_topic), `sample` endpoint"),
    // barbican: the worker serves `barbican.workers` on server `barbican.queue`; Kolla points the
    // keystone listener at `barbican_notifications` when keystone is enabled.
    ProfileRow(["barbican-api"], "barbican", .queens ... .master,
               source: "BARBICAN stable/2026.1:barbican/queue/__init__.py `get_client` (casts only, and only with [queue] enable)"),
    ProfileRow(["barbican-worker"], "barbican", .queens ... .master, serves: [("barbican.workers", "barbican.queue")],
               source: "BARBICAN stable/2026.1:barbican/common/config.py L114 [queue] topic, server_name; barbican/queue/__init__.py `get_target`"),
    ProfileRow(["barbican-keystone-listener"], "barbican", .queens ... .master, listens: ["barbican_notifications.info"],
               source: "BARBICAN stable/2026.1:barbican/queue/keystone_listener.py `info`; KA stable/2026.1:ansible/roles/barbican/templates/barbican.conf.j2 L57"),
    // ceilometer: the notification agent listens to Kolla's `notifications` topic with the event
    // (info, error) and sample (info, sample) endpoints; polling agents publish samples.
    ProfileRow(["ceilometer-notification"], "ceilometer", .queens ... .master,
               listens: ["notifications.info", "notifications.sample", "notifications.error"],
               source: "CEILOMETER stable/2026.1:ceilometer/notification.py L103, ceilometer/pipeline/event.py, sample.py endpoints"),
    ProfileRow(["ceilometer-central", "ceilometer-compute", "ceilometer-ipmi"], "ceilometer", .queens ... .master,
               publishes: ["notifications.sample"],
               source: "CEILOMETER stable/2026.1:ceilometer/polling/manager.py L601, ceilometer/publisher/messaging.py"),
    // cinder: topics are the binaries' names.
    ProfileRow(["cinder-api"], "cinder", .queens ... .master, calls: ["cinder-scheduler", "cinder-volume", "cinder-backup"],
               source: "CIN stable/2026.1:cinder/common/constants.py L21–27; cinder/{scheduler,volume,backup}/rpcapi.py"),
    ProfileRow(["cinder-scheduler"], "cinder", .queens ... .master, serves: [("cinder-scheduler", nil)], calls: ["cinder-volume"],
               source: "CIN stable/2026.1:cinder/common/constants.py; cinder/service.py L251"),
    ProfileRow(["cinder-volume"], "cinder", .queens ... .master, serves: [("cinder-volume", nil)],
               source: "CIN stable/2026.1:cinder/common/constants.py; cinder/service.py L251 (server = host@backend)"),
    ProfileRow(["cinder-backup"], "cinder", .queens ... .master, serves: [("cinder-backup", nil)], calls: ["cinder-volume"],
               source: "CIN stable/2026.1:cinder/backup/manager.py `get_backup_device` call; cinder/volume/rpcapi.py L381"),
    // designate: mdns was an RPC server until yoga.
    ProfileRow(["designate-api"], "designate", .queens ... .master, calls: ["central"],
               source: "DESIGNATE stable/2026.1:designate/conf/central.py L43; designate/central/rpcapi.py"),
    ProfileRow(["designate-central"], "designate", .queens ... .master, serves: [("central", nil)],
               source: "DESIGNATE stable/2026.1:designate/conf/central.py L43 topic = central"),
    ProfileRow(["designate-worker"], "designate", .queens ... .master, serves: [("worker", nil)], calls: ["central"],
               source: "DESIGNATE stable/2026.1:designate/conf/worker.py L43; designate/worker uses central_api"),
    ProfileRow(["designate-producer"], "designate", .queens ... .master, serves: [("producer", nil)], calls: ["central"],
               source: "DESIGNATE stable/2026.1:designate/conf/producer.py L64; designate/producer/service.py L45"),
    ProfileRow(["designate-mdns"], "designate", .queens ... .yoga, serves: [("mdns", nil)], calls: ["central"],
               source: "DESIGNATE yoga-eol:designate/mdns/service.py L32 RPCService, designate/conf/mdns.py topic = mdns"),
    ProfileRow(["designate-mdns"], "designate", .zed ... .master, calls: ["central"],
               source: "DESIGNATE unmaintained/zed:designate/mdns/service.py (no longer an RPC service)"),
    ProfileRow(["designate-sink"], "designate", .queens ... .master, calls: ["central"], listens: ["notifications_designate.info"],
               source: "DESIGNATE stable/2026.1:designate/sink/service.py L78 `info` endpoint; "
                   + "KA stable/2026.1:ansible/group_vars/all/designate.yml L19 designate_notifications_topic_name"),
    // glance and keystone only publish notifications.
    ProfileRow(["glance-api", "glance-registry"], "glance", .queens ... .master, source: "GLANCE stable/2026.1: no RPC"),
    ProfileRow(["keystone"], "keystone", .queens ... .master, source: "KEYSTONE stable/2026.1: no RPC"),
    // heat: the engine serves `engine` on its host, and the listener and worker topics on its engine id.
    ProfileRow(["heat-api", "heat-api-cfn"], "heat", .queens ... .master, calls: ["engine"],
               source: "HEAT stable/2026.1:heat/rpc/api.py L14, heat/rpc/client.py L69"),
    ProfileRow(["heat-engine"], "heat", .queens ... .master,
               serves: [("engine", nil), ("heat-engine-listener", representativeEngineID), ("engine_worker", representativeEngineID)],
               calls: ["heat-engine-listener", "engine_worker"],
               source: "HEAT stable/2026.1:heat/rpc/api.py L14–15, heat/rpc/worker_api.py L16, heat/engine/service.py L370, L455"),
    // ironic.
    ProfileRow(["ironic-api"], "ironic", .queens ... .master, calls: ["ironic.conductor_manager"],
               source: "IRONIC stable/2026.1:ironic/common/rpc.py L36, ironic/conductor/rpcapi.py L175"),
    ProfileRow(["ironic-conductor"], "ironic", .queens ... .master, serves: [("ironic.conductor_manager", nil)],
               source: "IRONIC stable/2026.1:ironic/common/rpc.py L36, ironic/conductor/manager.py L106"),
    ProfileRow(["ironic-inspector"], "ironic", .queens ... .master, serves: [("ironic_inspector.conductor", nil)],
               source: "IRONIC-INSPECTOR stable/2025.1, master:ironic_inspector/conductor/manager.py L41"),
    // magnum.
    ProfileRow(["magnum-api"], "magnum", .queens ... .master, calls: ["magnum-conductor"],
               source: "MAGNUM stable/2026.1:magnum/conf/conductor.py L20 topic = magnum-conductor"),
    ProfileRow(["magnum-conductor"], "magnum", .queens ... .master, serves: [("magnum-conductor", nil)],
               source: "MAGNUM stable/2026.1:magnum/conf/conductor.py L20, magnum/common/rpc_service.py"),
    // manila: topics from [DEFAULT] *_topic.
    ProfileRow(["manila-api"], "manila", .queens ... .master, calls: ["manila-scheduler", "manila-share", "manila-data"],
               source: "MANILA stable/2026.1:manila/common/config.py L59–67"),
    ProfileRow(["manila-scheduler"], "manila", .queens ... .master, serves: [("manila-scheduler", nil)],
               source: "MANILA stable/2026.1:manila/common/config.py L59 scheduler_topic"),
    ProfileRow(["manila-share"], "manila", .queens ... .master, serves: [("manila-share", nil)],
               source: "MANILA stable/2026.1:manila/common/config.py L62 share_topic (server = host@backend)"),
    ProfileRow(["manila-data"], "manila", .queens ... .master, serves: [("manila-data", nil)],
               source: "MANILA stable/2026.1:manila/common/config.py L65 data_topic"),
    // neutron: the server's RPC moved to neutron-rpc-server when Kolla 2025.2 put the API under uWSGI.
    ProfileRow(["neutron-server"], "neutron", .queens ... .epoxy,
               serves: [("q-plugin", nil), ("q-server-resource-versions", nil), ("q-reports-plugin", nil), ("q-l3-plugin", nil)],
               source: "NEU stable/2026.1:neutron/plugins/ml2/plugin.py L447–460 `start_rpc_listeners`, "
                   + "neutron/services/l3_router/l3_router_plugin.py L160; KA stable/2025.1:ansible/roles/neutron/templates/neutron-server.json.j2"),
    ProfileRow(["neutron-server"], "neutron", .flamingo ... .master,
               source: "KA stable/2025.2, stable/2026.1:ansible/roles/neutron/templates/neutron-server.json.j2 (uwsgi API; RPC in neutron-rpc-server)"),
    ProfileRow(["neutron-rpc-server"], "neutron", .flamingo ... .master,
               serves: [("q-plugin", nil), ("q-server-resource-versions", nil), ("q-reports-plugin", nil), ("q-l3-plugin", nil)],
               source: "NEU stable/2026.1:neutron/server/rpc.py, neutron/service.py L273 `start_rpc_workers`; "
                   + "KA stable/2026.1:ansible/roles/neutron/templates/neutron-rpc-server.json.j2"),
    ProfileRow(["neutron-periodic-worker"], "neutron", .flamingo ... .master,
               source: "KA stable/2026.1:ansible/roles/neutron/templates/neutron-periodic-worker.json.j2 (no RPC server)"),
    ProfileRow(["neutron-openvswitch-agent"], "neutron", .queens ... .master,
               serves: [("q-agent-notifier-tunnel-update", nil), ("q-agent-notifier-tunnel-delete", nil),
                        ("q-agent-notifier-dvr-update", nil), ("q-agent-notifier-l2population-update", nil)],
               calls: ["q-plugin", "q-reports-plugin"],
               source: "NEU stable/2026.1:neutron/plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py L577–615; " + neutronAgentRPC),
    ProfileRow(["neutron-linuxbridge-agent"], "neutron", .queens ... .master,
               serves: [("q-agent-notifier-port-update", nil), ("q-agent-notifier-network-delete", nil),
                        ("q-agent-notifier-network-update", nil), ("q-agent-notifier-security_group-update", nil),
                        ("q-agent-notifier-port_binding-deactivate", nil), ("q-agent-notifier-port_binding-activate", nil),
                        ("q-agent-notifier-l2population-update", nil)],
               calls: ["q-plugin", "q-reports-plugin"],
               source: "NEU 2024.2-eol:neutron/plugins/ml2/drivers/linuxbridge/agent/linuxbridge_neutron_agent.py L830 `get_rpc_consumers`; "
                   + neutronAgentRPC),
    ProfileRow(["neutron-sriov-agent"], "neutron", .queens ... .master,
               serves: [("q-agent-notifier-port-update", nil), ("q-agent-notifier-network-update", nil),
                        ("q-agent-notifier-port_binding-deactivate", nil), ("q-agent-notifier-port_binding-activate", nil)],
               calls: ["q-plugin", "q-reports-plugin"],
               source: "NEU stable/2026.1:neutron/plugins/ml2/drivers/mech_sriov/agent/sriov_nic_agent.py L178, L233; " + neutronAgentRPC),
    ProfileRow(["neutron-dhcp-agent"], "neutron", .queens ... .master, serves: [("dhcp_agent", nil)],
               calls: ["q-plugin", "q-reports-plugin"],
               source: "NEU stable/2026.1:neutron/agent/dhcp_agent.py L52, neutron/agent/dhcp/agent.py L164, L1133; " + neutronAgentRPC),
    ProfileRow(["neutron-l3-agent"], "neutron", .queens ... .master, serves: [("l3_agent", nil)],
               calls: ["q-l3-plugin", "q-reports-plugin"],
               source: "NEU stable/2026.1:neutron/agent/l3_agent.py L58, neutron/agent/l3/agent.py L289, L988; " + neutronAgentRPC),
    ProfileRow(["neutron-metadata-agent"], "neutron", .queens ... .master, calls: ["q-plugin", "q-reports-plugin"],
               source: "NEU stable/2026.1:neutron/agent/metadata/agent.py L61, L158"),
    ProfileRow(["neutron-metering-agent"], "neutron", .queens ... .master, serves: [("metering_agent", nil)],
               calls: ["q-metering-plugin", "q-reports-plugin"],
               source: "NEU stable/2026.1:neutron/services/metering/agents/metering_agent.py L52, L411"),
    ProfileRow(["neutron-ovn-metadata-agent", "neutron-ovn-agent"], "neutron", .queens ... .master,
               source: "NEU stable/2026.1:neutron/agent/ovn (OVSDB only, no AMQP RPC)"),
    // nova: services listen on their topic with server = host (nova/service.py); nova-compute
    // reaches the conductor through object indirection (nova/cmd/compute.py L60).
    ProfileRow(["nova-api"], "nova", .queens ... .stein, calls: ["conductor", "compute", "consoleauth"],
               source: "NOVA stein-eol:nova/consoleauth/rpcapi.py L26; nova/compute/api.py"),
    ProfileRow(["nova-api"], "nova", .train ... .master, calls: ["conductor", "compute"],
               source: "NOVA stable/2026.1:nova/compute/api.py L462–463 compute_rpcapi, conductor ComputeTaskAPI"),
    ProfileRow(["nova-metadata"], "nova", .queens ... .master,
               source: "NOVA stable/2026.1:nova/api/metadata (no RPC client; only nova-compute sets indirection_api)"),
    ProfileRow(["nova-scheduler"], "nova", .queens ... .master, serves: [("scheduler", nil)],
               source: "NOVA stable/2026.1:nova/scheduler/rpcapi.py L28, nova/cmd/scheduler.py L50"),
    ProfileRow(["nova-conductor", "nova-super-conductor"], "nova", .queens ... .master, serves: [("conductor", nil)],
               calls: ["compute", "scheduler"],
               source: "NOVA stable/2026.1:nova/conductor/rpcapi.py L30, nova/cmd/conductor.py L48; nova/scheduler/rpcapi.py L159"),
    ProfileRow(["nova-compute", "nova-compute-ironic"], "nova", .queens ... .master, serves: [("compute", nil)],
               calls: ["conductor", "compute"],
               source: "NOVA stable/2026.1:nova/compute/rpcapi.py L34, nova/cmd/compute.py L60–64"),
    ProfileRow(["nova-consoleauth"], "nova", .queens ... .stein, serves: [("consoleauth", nil)],
               source: "NOVA stein-eol:nova/consoleauth/rpcapi.py L26, L72"),
    ProfileRow(["nova-novncproxy", "nova-serialproxy", "nova-spicehtml5proxy"], "nova", .queens ... .stein,
               calls: ["compute", "consoleauth"],
               source: "NOVA stein-eol:nova/console/websocketproxy.py (consoleauth check_token, validate_console_port)"),
    ProfileRow(["nova-novncproxy", "nova-serialproxy", "nova-spicehtml5proxy"], "nova", .train ... .master,
               calls: ["compute"],
               source: "NOVA stable/2026.1:nova/console/websocketproxy.py L33, L96 compute_rpcapi (validate_console_port)"),
    // octavia: v1 topic from [oslo_messaging] topic (Kolla: octavia_prov) until 2023.1, v2 from Train.
    ProfileRow(["octavia-api"], "octavia", .queens ... .master,
               source: "OCTAVIA stable/2026.1:octavia/api/drivers/amphora_driver/v2/driver.py L70 (casts only)"),
    ProfileRow(["octavia-worker"], "octavia", .queens ... .stein, serves: [("octavia_prov", nil)],
               source: "OCTAVIA stein-eol:octavia/controller/queue/consumer.py; KA queens-eol:ansible/roles/octavia/templates/octavia.conf.j2 L72"),
    ProfileRow(["octavia-worker"], "octavia", .train ... .antelope, serves: [("octavia_prov", nil), ("octavia_provisioning_v2", nil)],
               source: "OCTAVIA train-eol, zed-eol, unmaintained/2023.1:octavia/cmd/octavia_worker.py L36–38 (v1 and v2 consumers); "
                   + "KA zed-eol:ansible/roles/octavia/templates/octavia.conf.j2 L119"),
    ProfileRow(["octavia-worker"], "octavia", .bobcat ... .master, serves: [("octavia_provisioning_v2", nil)],
               source: "OCTAVIA stable/2026.1:octavia/common/constants.py L854, octavia/controller/queue/v2/consumer.py L36–44"),
    ProfileRow(["octavia-health-manager", "octavia-housekeeping", "octavia-driver-agent"], "octavia", .queens ... .master,
               source: "OCTAVIA stable/2026.1: no RPC server or client"),
    // placement reads no oslo.messaging configuration (not in the Kolla service catalogue).
    ProfileRow(["placement-api"], "placement", .queens ... .master, source: "placement: no oslo.messaging"),
]

extension KollaKnowledge {
    /// What a Kolla service does on the message bus in a release; `nil` when rmqlint has not
    /// modelled the service (its queues are then unknown, not absent).
    public static func osloMessaging(for service: String, release: OpenStackRelease = .newestStable) -> OsloMessagingProfile? {
        // Only services Kolla runs in the release (placement-api reads no oslo.messaging
        // configuration, so the catalogue leaves it out).
        guard service == "placement-api" || KollaKnowledge.service(named: service, release: release) != nil else { return nil }
        guard let row = profileRows.first(where: { $0.services.contains(service) && $0.releases.contains(release) }) else {
            return nil
        }
        var serves = row.serves.map { OsloMessagingProfile.ServedTopic(topic: $0.0, server: $0.1) }
        // The OVS agent's resource cache listens to versioned object topics (Port shown; the
        // version is the Port object's at each branch: NEU unmaintained/2023.1 1.7, 2023.2-eol
        // 1.8, unmaintained/2024.1 1.9, 2024.2-eol … stable/2026.1 1.10, master 1.11;
        // neutron/agent/resource_cache.py L270, neutron/api/rpc/handlers/resources_rpc.py L63).
        if service == "neutron-openvswitch-agent", let version = neutronPortObjectVersion(release) {
            serves.append(OsloMessagingProfile.ServedTopic(topic: "neutron-vo-Port-\(version)", server: nil))
        }
        return OsloMessagingProfile(service: service, project: row.project, serves: serves, calls: row.calls,
                                    listens: row.listens, publishes: row.publishes, source: row.source)
    }

    /// Every service name the profile table mentions (for tests).
    static var osloMessagingServiceNames: Set<String> { Set(profileRows.flatMap(\.services)) }

    private static func neutronPortObjectVersion(_ release: OpenStackRelease) -> String? {
        switch release {
        case .antelope: "1.7"
        case .bobcat: "1.8"
        case .caracal: "1.9"
        case .dalmatian, .epoxy, .flamingo, .gazpacho: "1.10"
        case .master: "1.11"
        default: nil
        }
    }

    /// The option bounding the longest RPC call to `topic` of `project` in a release: nova's
    /// compute, conductor and scheduler topics use `long_rpc_timeout` from Rocky, every neutron
    /// topic the backing-off client's ceiling, the rest `rpc_response_timeout`.
    public static func callTimeout(project: String, topic: String, release: OpenStackRelease) -> OsloCallTimeout {
        switch project {
        case "nova", "nova-cell":
            guard ["compute", "conductor", "scheduler"].contains(topic), release >= .rocky else { return .rpcResponseTimeout }
            return .novaLongRPCTimeout
        case "neutron":
            return release >= .stein ? .neutronRPCResponseMaxTimeout : .neutronBackoffBeforeStein
        default:
            return .rpcResponseTimeout
        }
    }

    /// Representative names of the queues a Kolla service declares on `host`, in a fixed order:
    /// per served topic its topic, server and fanout queues; then its reply queue (if it calls);
    /// then the notification queues it listens to and publishes to. Empty when the service
    /// declares none or is not modelled (see ``osloMessaging(for:release:)``).
    ///
    /// Server queues use `host` as the server name (cinder-volume and manila-share really use
    /// `<host>@<backend>`, heat its engine id); reply and fanout names use a fixed hex part, or
    /// `<host>:<service>:1` with the queue manager (the process name Kolla renders is the service
    /// name for most services). Names stand for the patterns a policy must tell apart, not for
    /// queues to look up on a broker.
    public static func queueNames(for service: String, host: String, release: OpenStackRelease = .newestStable,
                                  settings: OsloQueueSettings = OsloQueueSettings()) -> [OsloQueue] {
        guard let profile = osloMessaging(for: service, release: release) else { return [] }
        let naming = "OM stable/2026.1:oslo_messaging/_drivers/amqpdriver.py `listen`, impl_rabbit.py `declare_*_consumer`"
        let durableTopics = settings.amqpDurableQueues || settings.quorumQueue
        let topicType: PolicyTargetKind = settings.quorumQueue ? .quorumQueue : .classicQueue
        let uniqueSuffix = settings.useQueueManager ? "\(host):\(service):1" : representativeHex
        var queues: [OsloQueue] = []
        for served in profile.serves {
            let timeout = callTimeout(project: profile.project, topic: served.topic, release: release)
            let source = "\(profile.source); \(naming)"
            queues.append(OsloQueue(name: served.topic, kind: .topic, topic: served.topic, durability: .followsDurableQueues,
                                    isDurable: durableTopics, queueType: topicType, consumed: true, callTimeout: timeout,
                                    source: source))
            queues.append(OsloQueue(name: "\(served.topic).\(served.server ?? host)", kind: .topicHost, topic: served.topic,
                                    durability: .followsDurableQueues, isDurable: durableTopics, queueType: topicType,
                                    consumed: true, callTimeout: timeout, source: source))
            let fanoutName = settings.streamFanout ? "\(served.topic)_fanout" : "\(served.topic)_fanout_\(uniqueSuffix)"
            let fanoutType: PolicyTargetKind = settings.streamFanout ? .stream
                : settings.transientQuorumQueue ? .quorumQueue : .classicQueue
            queues.append(OsloQueue(name: fanoutName, kind: .fanout, topic: served.topic,
                                    durability: .transientUnlessTransientQuorum,
                                    isDurable: settings.transientQuorumQueue || settings.streamFanout, queueType: fanoutType,
                                    consumed: true, callTimeout: nil, source: source))
        }
        if !profile.calls.isEmpty {
            queues.append(OsloQueue(name: "reply_\(uniqueSuffix)", kind: .reply, topic: "reply",
                                    durability: .transientUnlessTransientQuorum, isDurable: settings.transientQuorumQueue,
                                    queueType: settings.transientQuorumQueue ? .quorumQueue : .classicQueue, consumed: true,
                                    callTimeout: nil, source: "\(profile.source); \(naming) `_get_reply_queue_name`"))
        }
        var seen = Set(queues.map(\.name))
        func notification(_ name: String, consumed: Bool) {
            guard seen.insert(name).inserted else { return }
            let topic = name.split(separator: ".").dropLast().joined(separator: ".")
            queues.append(OsloQueue(name: name, kind: .notification, topic: topic, durability: .followsDurableQueues,
                                    isDurable: durableTopics, queueType: topicType, consumed: consumed, callTimeout: nil,
                                    source: "\(profile.source); OM stable/2026.1:amqpdriver.py `listen_for_notifications`, "
                                        + "impl_rabbit.py `notify_send`"))
        }
        for name in profile.listens { notification(name, consumed: true) }
        for name in profile.publishes { notification(name, consumed: false) }
        // Published notifications: oslo's notifier writes `<topic>.<priority>`; `info` and `error`
        // stand for the priorities services use.
        for topic in settings.publishedNotificationTopics {
            notification("\(topic).info", consumed: false)
            notification("\(topic).error", consumed: false)
        }
        return queues
    }
}
