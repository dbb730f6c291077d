#include <string.h>

#include "model/xccdf.h"

static const char *const role_names[] = {"full", "unscored", "unchecked"};
static const char *const severity_names[] = {"unknown", "info", "low", "medium", "high"};

const char *xccdf_role_name(enum xccdf_role r)
{
	return (size_t)r < 3 ? role_names[r] : "full";
}

const char *xccdf_severity_name(enum xccdf_severity s)
{
	return (size_t)s < 5 ? severity_names[s] : "unknown";
}

int xccdf_role_parse(const char *s, enum xccdf_role *out)
{
	for (size_t i = 0; s && i < 3; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum xccdf_role)i;
			return 0;
		}
	return -1;
}

int xccdf_severity_parse(const char *s, enum xccdf_severity *out)
{
	for (size_t i = 0; s && i < 5; i++)
		if (strcmp(s, severity_names[i]) == 0) {
			*out = (enum xccdf_severity)i;
			return 0;
		}
	return -1;
}

void xccdf_benchmark_free(struct xccdf_benchmark *b)
{
	if (!b)
		return;
	struct arena a = b->arena; /* b itself lives in its arena */
	arena_release(&a);
}

struct xccdf_item *xccdf_benchmark_item(const struct xccdf_benchmark *b, const char *id)
{
	size_t lo = 0, hi = b->n_items;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, b->by_id[mid]->id);
		if (c == 0)
			return b->by_id[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Profiles and values are few; a scan keeps document order for output. */
struct xccdf_profile *xccdf_benchmark_profile(const struct xccdf_benchmark *b, const char *id)
{
	for (size_t i = 0; i < b->n_profiles; i++)
		if (strcmp(b->profiles[i].id, id) == 0)
			return &b->profiles[i];
	return NULL;
}

struct xccdf_value *xccdf_benchmark_value(const struct xccdf_benchmark *b, const char *id)
{
	for (size_t i = 0; i < b->n_values; i++)
		if (strcmp(b->values[i].id, id) == 0)
			return &b->values[i];
	return NULL;
}
