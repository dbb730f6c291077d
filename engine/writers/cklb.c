/* STIG Viewer 3 checklist (.cklb): the same checklist as JSON. */
#include <string.h>

#include <json-c/json.h>

#include "common/error_internal.h"
#include "writers/checklist.h"
#include "writers/writers.h"

/* Builds objects and remembers the first failure, so the callers check once. */
struct builder {
	bool failed;
};

static void put(struct builder *b, json_object *obj, const char *key, json_object *value)
{
	if (!obj || !value || json_object_object_add(obj, key, value) != 0) {
		json_object_put(value);
		b->failed = true;
	}
}

static void put_str(struct builder *b, json_object *obj, const char *key, const char *value)
{
	put(b, obj, key, json_object_new_string(value ? value : ""));
}

static void append(struct builder *b, json_object *array, json_object *value)
{
	if (!array || !value || json_object_array_add(array, value) != 0) {
		json_object_put(value);
		b->failed = true;
	}
}

static json_object *string_array(struct builder *b, const char *const *items, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		append(b, a, json_object_new_string(items[i]));
	return a;
}

static json_object *target_data(struct builder *b, const struct checklist *c)
{
	json_object *t = json_object_new_object();

	put_str(b, t, "target_type", c->asset_type);
	put_str(b, t, "host_name", c->host_name);
	put_str(b, t, "ip_address", c->host_ip);
	put_str(b, t, "mac_address", c->host_mac);
	put_str(b, t, "fqdn", c->host_fqdn);
	put_str(b, t, "comments", c->target_comment);
	put_str(b, t, "role", c->role);
	put(b, t, "is_web_database", json_object_new_boolean(0));
	put_str(b, t, "technology_area", c->tech_area);
	put_str(b, t, "web_db_site", "");
	put_str(b, t, "web_db_instance", "");
	return t;
}

static json_object *rule_object(struct builder *b, const struct checklist *c, const struct checklist_rule *r)
{
	json_object *o = json_object_new_object();
	json_object *ref = json_object_new_object();
	json_object *tree = json_object_new_array();
	json_object *group = json_object_new_object();

	put_str(b, o, "uuid", r->uuid);
	put_str(b, o, "stig_uuid", c->uuid);
	put_str(b, o, "target_key", c->target_key);
	put_str(b, o, "stig_ref", c->stig_ref);
	put_str(b, o, "group_id", r->vuln_num);
	put_str(b, o, "rule_id", r->rule_id);
	put_str(b, o, "rule_id_src", r->rule_id);
	put_str(b, o, "weight", r->weight);
	put_str(b, o, "classification", "UNCLASSIFIED");
	put_str(b, o, "severity", r->severity);
	put_str(b, o, "rule_version", r->rule_ver);
	put_str(b, o, "group_title", r->group_title);
	put_str(b, o, "rule_title", r->rule_title);
	put_str(b, o, "fix_text", r->fix_text);
	put_str(b, o, "false_positives", r->false_positives);
	put_str(b, o, "false_negatives", r->false_negatives);
	put_str(b, o, "discussion", r->discussion);
	put_str(b, o, "check_content", r->check_content);
	put_str(b, o, "documentable", r->documentable);
	put_str(b, o, "mitigations", r->mitigations);
	put_str(b, o, "potential_impacts", r->potential_impact);
	put_str(b, o, "third_party_tools", r->third_party_tools);
	put_str(b, o, "mitigation_control", r->mitigation_control);
	put_str(b, o, "responsibility", r->responsibility);
	put_str(b, o, "security_override_guidance", r->severity_override_guidance);
	put_str(b, o, "ia_controls", r->ia_controls);
	put_str(b, ref, "href", r->check_ref_href);
	put_str(b, ref, "name", r->check_ref_name);
	put(b, o, "check_content_ref", ref);
	put(b, o, "legacy_ids", string_array(b, r->legacy_ids, r->n_legacy_ids));
	put(b, o, "ccis", string_array(b, r->ccis, r->n_ccis));
	put_str(b, group, "id", r->vuln_num);
	put_str(b, group, "title", r->group_title);
	put_str(b, group, "description", r->group_description);
	append(b, tree, group);
	put(b, o, "group_tree", tree);
	put_str(b, o, "createdAt", c->time);
	put_str(b, o, "updatedAt", c->time);
	put_str(b, o, "STIGUuid", c->uuid);
	put_str(b, o, "status", stig_status_cklb(r->status));
	put(b, o, "overrides", json_object_new_object());
	put_str(b, o, "comments", r->comments);
	put_str(b, o, "finding_details", r->finding_details);
	return o;
}

static json_object *stig_object(struct builder *b, const struct checklist *c)
{
	json_object *s = json_object_new_object();
	json_object *rules = json_object_new_array();

	put_str(b, s, "stig_name", c->title);
	put_str(b, s, "display_name", c->display_name);
	put_str(b, s, "stig_id", c->stig_id);
	put_str(b, s, "release_info", c->release_info);
	put_str(b, s, "version", c->version);
	put_str(b, s, "uuid", c->uuid);
	put_str(b, s, "reference_identifier", c->target_key);
	put(b, s, "size", json_object_new_int((int)c->n_rules));
	for (size_t i = 0; i < c->n_rules; i++)
		append(b, rules, rule_object(b, c, &c->rules[i]));
	put(b, s, "rules", rules);
	put_str(b, s, "createdAt", c->time);
	put_str(b, s, "updatedAt", c->time);
	return s;
}

int cklb_write(const struct checklist *c, const char *path)
{
	struct builder b = {false};
	json_object *root = json_object_new_object();
	json_object *stigs = json_object_new_array();
	char id[37];
	int rc;

	checklist_uuid(id, "checklist", c->uuid, c->host_name);
	put_str(&b, root, "title", c->title);
	put_str(&b, root, "id", id);
	put(&b, root, "active", json_object_new_boolean(0));
	put(&b, root, "mode", json_object_new_int(1));
	put(&b, root, "has_path", json_object_new_boolean(1));
	put(&b, root, "target_data", target_data(&b, c));
	append(&b, stigs, stig_object(&b, c));
	put(&b, root, "stigs", stigs);
	put_str(&b, root, "cklb_version", "1.0");
	if (b.failed) {
		json_object_put(root);
		return cscap_err_oom();
	}
	size_t len;
	const char *text = json_object_to_json_string_length(root, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	rc = text ? write_bytes_atomically(path, text, len) : cscap_err_oom();
	json_object_put(root);
	return rc;
}
