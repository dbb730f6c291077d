/* STIG Viewer 2 checklist (.ckl): CHECKLIST / ASSET, STIGS / iSTIG / STIG_INFO, VULN. */
#include <string.h>

#include "writers/checklist.h"
#include "writers/writers.h"

static void si_data(struct xmlw *x, const char *name, const char *value)
{
	xmlw_start(x, "SI_DATA");
	xmlw_elem(x, "SID_NAME", name);
	if (value && *value)
		xmlw_elem(x, "SID_DATA", value);
	xmlw_end(x);
}

static void stig_data(struct xmlw *x, const char *attribute, const char *value)
{
	xmlw_start(x, "STIG_DATA");
	xmlw_elem(x, "VULN_ATTRIBUTE", attribute);
	xmlw_elem(x, "ATTRIBUTE_DATA", value ? value : "");
	xmlw_end(x);
}

static void write_asset(struct xmlw *x, const struct checklist *c)
{
	xmlw_start(x, "ASSET");
	xmlw_elem(x, "ROLE", c->role);
	xmlw_elem(x, "ASSET_TYPE", c->asset_type);
	xmlw_elem(x, "MARKING", "CUI");
	xmlw_elem(x, "HOST_NAME", c->host_name);
	xmlw_elem(x, "HOST_IP", c->host_ip);
	xmlw_elem(x, "HOST_MAC", c->host_mac);
	xmlw_elem(x, "HOST_FQDN", c->host_fqdn);
	xmlw_elem(x, "TARGET_COMMENT", c->target_comment);
	xmlw_elem(x, "TECH_AREA", c->tech_area);
	xmlw_elem(x, "TARGET_KEY", c->target_key ? c->target_key : "");
	xmlw_elem(x, "WEB_OR_DATABASE", "false");
	xmlw_elem(x, "WEB_DB_SITE", "");
	xmlw_elem(x, "WEB_DB_INSTANCE", "");
	xmlw_end(x);
}

static void write_stig_info(struct xmlw *x, const struct checklist *c)
{
	xmlw_start(x, "STIG_INFO");
	si_data(x, "version", c->version);
	si_data(x, "classification", c->classification);
	si_data(x, "customname", NULL);
	si_data(x, "stigid", c->stig_id);
	si_data(x, "description", c->description);
	si_data(x, "filename", c->filename);
	si_data(x, "releaseinfo", c->release_info);
	si_data(x, "title", c->title);
	si_data(x, "uuid", c->uuid);
	si_data(x, "notice", c->notice);
	si_data(x, "source", c->source);
	xmlw_end(x);
}

static void write_vuln(struct xmlw *x, const struct checklist *c, const struct checklist_rule *r)
{
	xmlw_start(x, "VULN");
	stig_data(x, "Vuln_Num", r->vuln_num);
	stig_data(x, "Severity", r->severity);
	stig_data(x, "Group_Title", r->group_title);
	stig_data(x, "Rule_ID", r->rule_id);
	stig_data(x, "Rule_Ver", r->rule_ver);
	stig_data(x, "Rule_Title", r->rule_title);
	stig_data(x, "Vuln_Discuss", r->discussion);
	stig_data(x, "IA_Controls", r->ia_controls);
	stig_data(x, "Check_Content", r->check_content);
	stig_data(x, "Fix_Text", r->fix_text);
	stig_data(x, "False_Positives", r->false_positives);
	stig_data(x, "False_Negatives", r->false_negatives);
	stig_data(x, "Documentable", r->documentable);
	stig_data(x, "Mitigations", r->mitigations);
	stig_data(x, "Potential_Impact", r->potential_impact);
	stig_data(x, "Third_Party_Tools", r->third_party_tools);
	stig_data(x, "Mitigation_Control", r->mitigation_control);
	stig_data(x, "Responsibility", r->responsibility);
	stig_data(x, "Security_Override_Guidance", r->severity_override_guidance);
	stig_data(x, "Check_Content_Ref", r->check_ref_name ? r->check_ref_name : "");
	stig_data(x, "Weight", r->weight);
	stig_data(x, "Class", "Unclass");
	stig_data(x, "STIGRef", c->stig_ref);
	stig_data(x, "TargetKey", c->target_key ? c->target_key : "");
	stig_data(x, "STIG_UUID", c->uuid);
	for (size_t i = 0; i < r->n_legacy_ids; i++)
		stig_data(x, "LEGACY_ID", r->legacy_ids[i]);
	for (size_t i = 0; i < r->n_ccis; i++)
		stig_data(x, "CCI_REF", r->ccis[i]);
	xmlw_elem(x, "STATUS", stig_status_ckl(r->status));
	xmlw_elem(x, "FINDING_DETAILS", r->finding_details);
	xmlw_elem(x, "COMMENTS", r->comments);
	xmlw_elem(x, "SEVERITY_OVERRIDE", "");
	xmlw_elem(x, "SEVERITY_JUSTIFICATION", "");
	xmlw_end(x);
}

static void ckl_body(struct xmlw *x, const void *arg)
{
	const struct checklist *c = arg;

	xmlw_start(x, "CHECKLIST");
	write_asset(x, c);
	xmlw_start(x, "STIGS");
	xmlw_start(x, "iSTIG");
	write_stig_info(x, c);
	for (size_t i = 0; i < c->n_rules; i++)
		write_vuln(x, c, &c->rules[i]);
	xmlw_end(x);
	xmlw_end(x);
	xmlw_end(x);
}

int ckl_write(const struct checklist *c, const char *path)
{
	return write_file_atomically(path, ckl_body, c);
}
