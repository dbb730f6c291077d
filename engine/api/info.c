/* `cscap info`: what a piece of content holds. */
#include <string.h>

#include "api/session.h"
#include "common/error_internal.h"

/* Distinct check systems of the benchmark's rules, in first-seen order. */
static void print_check_systems(FILE *out, const struct xccdf_benchmark *b)
{
	const char *seen[16];
	size_t n = 0;

	fprintf(out, "Check systems:\n");
	for (size_t r = 0; r < b->n_rules; r++)
		for (size_t c = 0; c < b->rules[r]->n_checks; c++) {
			const char *sys = b->rules[r]->checks[c].system;
			size_t k = 0;
			while (k < n && strcmp(seen[k], sys) != 0)
				k++;
			if (k == n && n < 16) {
				seen[n++] = sys;
				fprintf(out, "  %s\n", sys);
			}
		}
}

int cscap_session_print_info(cscap_session *s, FILE *out)
{
	const struct content *c = s->content;

	if (!c)
		return cscap_err(CSCAP_EUSAGE, "nothing loaded");
	static const char *const kinds[] = {"SCAP source data stream", "XCCDF benchmark",
					    "OVAL definitions"};
	fprintf(out, "Document type: %s\n", kinds[c->kind]);
	if (c->collection_id)
		fprintf(out, "Collection: %s\nData stream: %s\n", c->collection_id, c->datastream_id);
	if (c->benchmark) {
		const struct xccdf_benchmark *b = c->benchmark;
		fprintf(out, "Benchmark: %s (XCCDF %s)\n", b->id, b->xccdf_version == 12 ? "1.2" : "1.1");
		fprintf(out, "Title: %s\n", b->title ? b->title : "");
		fprintf(out, "Version: %s\n", b->version ? b->version : "");
		fprintf(out, "Rules: %zu\n", b->n_rules);
		fprintf(out, "Profiles: %zu\n", b->n_profiles);
		for (size_t i = 0; i < b->n_profiles; i++)
			fprintf(out, "  %s  %s\n", b->profiles[i].id,
				b->profiles[i].title ? b->profiles[i].title : "");
		print_check_systems(out, b);
		/* Last, so that the sections above keep their shape for readers of them. */
		fprintf(out, "Rule ids (and versions, e.g. DISA's STIG ids):\n");
		for (size_t r = 0; r < b->n_rules; r++)
			fprintf(out, "  %s%s%s\n", b->rules[r]->id, b->rules[r]->version ? "  " : "",
				b->rules[r]->version ? b->rules[r]->version : "");
	}
	fprintf(out, "OVAL documents: %zu\n", c->n_ovals);
	for (size_t i = 0; i < c->n_ovals; i++)
		fprintf(out, "  %s: %zu definitions, %zu tests, %zu objects, %zu states\n",
			c->ovals[i]->href, c->ovals[i]->n_definitions, c->ovals[i]->n_tests,
			c->ovals[i]->n_objects, c->ovals[i]->n_states);
	if (c->n_remotes)
		fprintf(out, "Remote resources (not fetched; rules that need them are notchecked): %zu\n",
			c->n_remotes);
	for (size_t i = 0; i < c->n_remotes; i++)
		if (c->remotes[i].why)
			fprintf(out, "  warning: %s points at the remote %s, which could not be fetched: %s\n",
				c->remotes[i].name, c->remotes[i].url, c->remotes[i].why);
		else
			fprintf(out, "  warning: %s points at the remote %s\n", c->remotes[i].name, c->remotes[i].url);
	return ferror(out) ? cscap_err(CSCAP_EIO, "cannot write the listing") : 0;
}
