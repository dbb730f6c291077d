/*
 * A STIG Viewer checklist: the asset, the STIG's description and one entry
 * per rule (DISA's ids and text, a status, the evidence).  Built once from
 * the scan -- over cscap's own benchmark, or over DISA's official manual
 * benchmark with cscap's results matched into it -- and written as CKL
 * (STIG Viewer 2, XML) or CKLB (STIG Viewer 3, JSON).
 */
#ifndef CSCAP_WRITERS_CHECKLIST_H
#define CSCAP_WRITERS_CHECKLIST_H

#include <libxml/tree.h>

#include "common/arena.h"
#include "eval/xccdf_eval.h"
#include "probes/host_facts.h"
#include "writers/stig.h"

struct checklist_rule {
	const char *vuln_num;          /* V-235784 */
	const char *rule_id;           /* SV-235784r960804_rule */
	const char *rule_ver;          /* DKER-EE-001240 */
	const char *severity;          /* high, medium, low */
	const char *weight;
	const char *group_title;       /* SRG-APP-000039 */
	const char *group_description;
	const char *rule_title;
	/* DISA's description parts (<VulnDiscussion>...); the whole description otherwise. */
	const char *discussion, *false_positives, *false_negatives, *documentable, *mitigations,
		*severity_override_guidance, *potential_impact, *third_party_tools, *mitigation_control,
		*responsibility, *ia_controls;
	const char *check_content, *fix_text;
	const char *check_ref_href, *check_ref_name;
	const char **legacy_ids;
	size_t n_legacy_ids;
	const char **ccis;
	size_t n_ccis;
	enum stig_status status;
	const char *finding_details;   /* the evidence: cscap's result and messages */
	const char *comments;          /* tool, version, time, result id; how the rule was matched */
	const char *uuid;
	bool answered;                 /* cscap evaluated it (status other than Not_Reviewed) */
};

struct checklist {
	struct arena arena;            /* owns everything here */
	/* STIG_INFO */
	const char *stig_id, *title, *display_name, *version, *release_info, *description, *filename,
		*source, *notice, *classification, *uuid, *target_key, *stig_ref;
	/* ASSET */
	const char *role, *asset_type, *tech_area, *host_name, *host_ip, *host_mac, *host_fqdn,
		*target_comment;
	const char *time;              /* the scan's end, xs:dateTime */
	const char *tool;              /* "cscap 0.1.0" */
	struct checklist_rule *rules;  /* the benchmark's order */
	size_t n_rules;
	size_t n_answered;             /* rules cscap decided */
	size_t n_revision_mismatch;    /* rules matched to a different revision of DISA's rule */
};

/*
 * Build the checklist of scan.  stig: DISA's benchmark (XCCDF 1.1 or 1.2,
 * parsed by the caller, named stig_path), or NULL for the scan's own
 * benchmark.  *out freed with checklist_free().
 */
int checklist_build(struct checklist **out, const struct scan *scan, const struct host_facts *host,
		    xmlDocPtr stig, const char *stig_path, const char *product_version);
void checklist_free(struct checklist *c);

/* STIG Viewer 2 checklist (XML) and STIG Viewer 3 checklist (JSON), written atomically. */
int ckl_write(const struct checklist *c, const char *path);
int cklb_write(const struct checklist *c, const char *path);

/*
 * Which of cscap's rule results answers a DISA rule: the same SV id, else
 * the same SV number at another revision (*revision set), else the same
 * vulnerability id, else the same version (DKER-EE-001240).  NULL: none.
 */
const struct xccdf_rule_result *checklist_match(const struct scan *scan, const char *rule_id,
						 const char *vuln_num, const char *rule_ver, bool *revision);

/* A UUID made from the inputs (the same inputs give the same UUID: reproducible checklists). */
void checklist_uuid(char out[37], const char *a, const char *b, const char *c);

#endif
