/*
 * An example cscap plugin (cscap_plugin(3)): one probe and one check engine.
 *
 *   probe    example_object (urn:cscap:xml:oval-definitions-5#example) →
 *            example_item (urn:cscap:xml:oval-system-characteristics-5#example)
 *            with entities name and greeting: one item for each name this
 *            plugin knows ("world", "cscap"), saying hello.  It returns every
 *            item; cscap keeps those the object's name entity selects.
 *   engine   urn:cscap:check:file-exists: a check passes when the href of its
 *            check-content-ref names an existing file (relative to the content).
 *
 * Build: cc -shared -fPIC -fvisibility=hidden -I<cscap>/include -o cscap-example.so example_plugin.c
 * (or `make examples`).  It links nothing of cscap: everything goes through
 * the host table and the output tables cscap hands it.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscap/plugin.h"

#define EXAMPLE_DEF_NS "urn:cscap:xml:oval-definitions-5#example"
#define EXAMPLE_SC_NS "urn:cscap:xml:oval-system-characteristics-5#example"

CSCAP_PLUGIN_DECLARE();

static const char *const known_names[] = {"world", "cscap"};

static int collect_hello(void *data, const cscap_probe_object *object, const cscap_probe_output *out)
{
	char greeting[128];
	int rc;

	(void)data;
	(void)object; /* cscap selects by the object's entities; this probe offers everything */
	for (size_t i = 0; i < sizeof(known_names) / sizeof(known_names[0]); i++) {
		snprintf(greeting, sizeof(greeting), "hello, %s", known_names[i]);
		if ((rc = out->item_begin(out->sink)) ||
		    (rc = out->item_entity(out->sink, "name", known_names[i], "string", CSCAP_STATUS_EXISTS)) ||
		    (rc = out->item_entity(out->sink, "greeting", greeting, NULL, CSCAP_STATUS_EXISTS)) ||
		    (rc = out->item_end(out->sink)))
			return rc;
	}
	return CSCAP_FLAG_COMPLETE;
}

/* href, or href beside the content when relative; into buf. */
static const char *resolve(const cscap_check_request *req, const char *href, char *buf, size_t size)
{
	char dir[4096];

	if (href[0] == '/' || !req->content_path)
		return href;
	snprintf(dir, sizeof(dir), "%s", req->content_path);
	snprintf(buf, size, "%s/%s", dirname(dir), href);
	return buf;
}

static int file_exists(void *data, const cscap_check_request *req, const cscap_check_output *out)
{
	char path[8192], text[8400];
	struct stat sb;
	int rc;

	(void)data;
	if (req->n_refs == 0 || !req->refs[0].href || !*req->refs[0].href) {
		rc = out->message(out->sink, CSCAP_LEVEL_ERROR, "file-exists: the check names no file (href)");
		return rc ? rc : CSCAP_CHECK_ERROR;
	}
	const char *file = resolve(req, req->refs[0].href, path, sizeof(path));
	if (stat(file, &sb) == 0) {
		snprintf(text, sizeof(text), "%s exists (%s)", file, S_ISREG(sb.st_mode) ? "regular file"
								     : S_ISDIR(sb.st_mode) ? "directory" : "other");
		rc = out->message(out->sink, CSCAP_LEVEL_INFO, text);
		return rc ? rc : CSCAP_CHECK_PASS;
	}
	int err = errno;
	snprintf(text, sizeof(text), "%s: %s", file, strerror(err));
	if (err == ENOENT || err == ENOTDIR) {
		rc = out->message(out->sink, CSCAP_LEVEL_WARNING, text);
		return rc ? rc : CSCAP_CHECK_FAIL;
	}
	/* Not allowed to look is not "absent": the rule cannot be decided. */
	rc = out->message(out->sink, CSCAP_LEVEL_ERROR, text);
	return rc ? rc : CSCAP_CHECK_ERROR;
}

CSCAP_PLUGIN_EXPORT int cscap_plugin_init(const cscap_plugin_host *host, int abi_version)
{
	static const char *const no_parameters[] = {NULL};
	const cscap_probe probe = {
		.object_ns = EXAMPLE_DEF_NS,
		.object_name = "example_object",
		.item_ns = EXAMPLE_SC_NS,
		.item_name = "example_item",
		.parameters = no_parameters,
		.collect = collect_hello,
	};
	const cscap_check_engine engine = {
		.system = "urn:cscap:check:file-exists",
		.evaluate = file_exists,
	};
	int rc;

	if (abi_version != CSCAP_PLUGIN_ABI_VERSION)
		return CSCAP_EUNSUPPORTED; /* cscap checks this before calling; be sure */
	if ((rc = host->register_probe(host, &probe)) || (rc = host->register_check_engine(host, &engine)))
		return rc;
	return 0;
}
