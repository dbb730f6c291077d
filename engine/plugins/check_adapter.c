/* Running a plugin check engine: its result checked, its messages passed on. */
#include <stdio.h>

#include "common/error_internal.h"
#include "plugins/plugin_internal.h"

struct cscap_check_sink {
	int (*add)(void *ctx, cscap_level level, const char *text);
	void *ctx;
};

static int sink_message(cscap_check_sink *k, cscap_level level, const char *text)
{
	if ((unsigned)level > CSCAP_LEVEL_ERROR)
		level = CSCAP_LEVEL_ERROR;
	return k->add(k->ctx, level, text ? text : "") ? CSCAP_ENOMEM : 0;
}

static int valid_result(int r)
{
	switch (r) {
	case CSCAP_CHECK_PASS: case CSCAP_CHECK_FAIL: case CSCAP_CHECK_ERROR: case CSCAP_CHECK_UNKNOWN:
	case CSCAP_CHECK_NOTAPPLICABLE: case CSCAP_CHECK_NOTCHECKED: case CSCAP_CHECK_INFORMATIONAL:
		return 1;
	default:
		return 0;
	}
}

int plugin_check_evaluate(const struct plugin_check_engine *e, const cscap_check_request *req,
			  int *result, int (*add)(void *ctx, cscap_level level, const char *text), void *ctx)
{
	struct cscap_check_sink k = {add, ctx};
	cscap_check_output out = {&k, sink_message};
	char text[1024];

	int r = e->def.evaluate(e->def.data, req, &out);
	if (r == CSCAP_ENOMEM)
		return cscap_err_oom();
	if (valid_result(r)) {
		*result = r;
		return 0;
	}
	*result = CSCAP_CHECK_ERROR;
	if (r < 0)
		snprintf(text, sizeof(text), "check engine %s failed (%d, %s) — %s", e->system, r,
			 cscap_code_str(r), plugin_origin(e->origin));
	else
		snprintf(text, sizeof(text), "check engine %s returned %d, not an XCCDF result — %s", e->system,
			 r, plugin_origin(e->origin));
	return add(ctx, CSCAP_LEVEL_ERROR, text) ? cscap_err_oom() : 0;
}
