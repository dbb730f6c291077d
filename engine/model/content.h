/*
 * One loaded piece of content: the parsed document (parsed once, kept for
 * embedding into results) and the models built from it.
 */
#ifndef CSCAP_MODEL_CONTENT_H
#define CSCAP_MODEL_CONTENT_H

#include <stddef.h>
#include <libxml/tree.h>

#include "model/cpe.h"
#include "model/oval.h"
#include "model/xccdf.h"

enum content_kind { CONTENT_DATASTREAM, CONTENT_XCCDF, CONTENT_OVAL };

struct content {
	char *path;                        /* owned (malloc) */
	xmlDocPtr doc;                     /* owned: the source document */
	xmlDocPtr *extra_docs;             /* owned: files an XCCDF document refers to */
	size_t n_extra_docs;
	enum content_kind kind;
	char *collection_id;               /* data streams only; owned */
	char *datastream_id;               /* owned */
	char *checklist_component_id;      /* "#id" of the XCCDF component; owned */
	struct xccdf_benchmark *benchmark; /* owned; NULL for OVAL-only content */
	struct oval_document **ovals;      /* owned array of owned documents */
	size_t n_ovals;
	/* The names content uses for OVAL documents (catalog names, file names):
	 * several names may lead to one document.  Owned array; strings owned by the
	 * documents' arenas or by this content. */
	struct content_oval_name { const char *href; struct oval_document *doc; } *oval_names;
	size_t n_oval_names;
	struct cpe_dictionary **cpe_dictionaries; /* owned */
	size_t n_cpe_dictionaries;
	xmlNodePtr tailoring;              /* the applied Tailoring element, or NULL */
	char *tailoring_component_id;      /* "#id" when it came from the data stream; owned */
	char **owned_names;                /* strings for oval_names; owned */
	size_t n_owned_names;
	/* Component-refs whose xlink:href is not local (a URL) and that were not
	 * fetched.  name is how content refers to it (a catalog name, else the
	 * component-ref id); why is the failure when a fetch was tried
	 * (--fetch-remote-resources), else NULL.  All strings owned. */
	struct content_remote { char *name; char *url; char *why; } *remotes;
	size_t n_remotes;
};

void content_free(struct content *c);
/* The OVAL document an href (check-content-ref, CPE check) names; NULL when none. */
struct oval_document *content_oval_for_href(const struct content *c, const char *href);
/* Index of doc in c->ovals, used to name its OVAL report; -1 when not found. */
long content_oval_index(const struct content *c, const struct oval_document *doc);
/* The remote resource an href names (a remote component-ref's name, or an href
 * that is itself a URL), which cscap did not fetch; NULL when it names none. */
const char *content_remote_for_href(const struct content *c, const char *href);
/* Why fetching the remote resource href names failed; NULL when no fetch was tried. */
const char *content_remote_why(const struct content *c, const char *href);

#endif
