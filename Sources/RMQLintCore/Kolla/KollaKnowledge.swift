import RMQLintSource
import RMQLintJinja

// The namespace for what rmqlint knows about Kolla-Ansible, oslo.messaging and RabbitMQ.
//
// Everything here is data read from the projects' git history, each entry cited the way
// docs/domain.md cites: KA = openstack/kolla-ansible, KI = openstack/kolla,
// OM = openstack/oslo.messaging, NOVA / NEU = openstack/nova / neutron, followed by the ref
// and path read (`KA stable/2025.1:ansible/group_vars/all.yml`) or a commit id. Where Kolla
// writes a Jinja expression the expression text is stored verbatim; nothing here evaluates it.

/// Kolla-Ansible, oslo.messaging and RabbitMQ knowledge, per release.
public enum KollaKnowledge {}
