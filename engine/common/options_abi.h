/*
 * The public API's caller-allocated options (cscap_options,
 * cscap_summary_options) begin with `unsigned int abi`: the layout the caller
 * was compiled against.  Fields are only appended, so each layout is a prefix
 * of the next (the policy: cscap/cscap.h).  One place reads and writes them.
 */
#ifndef CSCAP_OPTIONS_ABI_H
#define CSCAP_OPTIONS_ABI_H

#include <stddef.h>

struct options_layouts {
	const char *init;    /* the public initialiser, named in messages: "cscap_options_init" */
	const char *kind;    /* "options", "summary options" */
	const size_t *sizes; /* sizes[k]: the struct's size in layout k + 1 */
	unsigned int newest; /* the number of layouts, the header's ABI number */
};

/* Zero opts as layout abi has it and stamp abi in it.  A layout this library
 * does not know: only abi is written, and CSCAP_EUSAGE. */
int options_abi_init(const struct options_layouts *l, void *opts, unsigned int abi);

/* *out (out_size bytes, this library's layout): opts as the caller's layout
 * has it, the fields that layout lacks zero.  CSCAP_EUSAGE for options no
 * initialiser of this library stamped. */
int options_abi_import(const struct options_layouts *l, void *out, size_t out_size, const void *opts);

#endif
