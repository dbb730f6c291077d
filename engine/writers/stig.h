/*
 * DISA's vocabulary: rule and vulnerability ids, and the four statuses of a
 * STIG Viewer checklist.  Pure functions, shared by the checklist writers
 * (CKL, CKLB) and the STIG Viewer results.
 */
#ifndef CSCAP_WRITERS_STIG_H
#define CSCAP_WRITERS_STIG_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/xccdf_eval.h"

enum stig_status {
	STIG_NOT_A_FINDING,
	STIG_OPEN,
	STIG_NOT_APPLICABLE,
	STIG_NOT_REVIEWED,
};

/*
 * What an XCCDF result means in a checklist: pass and fixed are NotAFinding,
 * fail is Open, notapplicable is Not_Applicable; everything cscap could not
 * decide (error, unknown, notchecked, notselected, informational) stays
 * Not_Reviewed for a person to assess -- never NotAFinding.
 */
enum stig_status stig_status_from_result(enum xccdf_result r);
const char *stig_status_ckl(enum stig_status s);  /* "NotAFinding", "Open", "Not_Applicable", "Not_Reviewed" */
const char *stig_status_cklb(enum stig_status s); /* "not_a_finding", "open", "not_applicable", "not_reviewed" */

/* "SV-235784r960804_rule": DISA's rule id (the number, a revision, "_rule"). */
bool stig_is_rule_id(const char *s);
/* "V-235784": DISA's vulnerability (group) id. */
bool stig_is_vuln_id(const char *s);

enum stig_match {
	STIG_MATCH_NONE,
	STIG_MATCH_EXACT,     /* the same rule, the same revision */
	STIG_MATCH_REVISION,  /* the same rule (SV number), another revision */
};
/* Compare two DISA rule ids. */
enum stig_match stig_rule_id_match(const char *a, const char *b);

/* A rule id as DISA writes it, out of cscap's own ("xccdf_cscap_rule_SV-1r2_rule"); NULL when none. */
const char *stig_rule_id_in(const char *id);

#endif
