# A site policy in Rego over `rmqlint effective --format json` (docs/effective.schema.json):
# compute nodes must tolerate two minutes without AMQP heartbeats. The same rule as the
# `setting` policy SITE001 in Samples/site-policies/policies/site.yml; rmqlint has already
# resolved Kolla's templates and override layers, so the rule reads one effective value per
# service and host, with the line that set it.
package rmqlint.site

import rego.v1

deny contains msg if {
	input.schemaVersion == 1
	some deployment in input.deployments
	some service in deployment.services
	service.service == "nova-compute"
	some setting in service.settings
	setting.section == "oslo_messaging_rabbit"
	setting.key == "heartbeat_timeout_threshold"
	setting.value != null
	to_number(setting.value) < 120
	msg := concat("", [
		where(setting.provenance), ": nova-compute on ", host_name(service.host),
		" waits only ", setting.value, " s for AMQP heartbeats",
	])
}

host_name(host) := host if host != null

host_name(null) := "every host"

where(provenance) := concat(":", [provenance.location.path, format_int(provenance.location.line, 10)]) if {
	provenance.kind == "file"
}

where(provenance) := "Kolla default" if provenance.kind != "file"
