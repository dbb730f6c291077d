/* Stamping and reading the public API's versioned options structs. */
#include <string.h>

#include "cscap/cscap.h"
#include "common/error_internal.h"
#include "common/options_abi.h"

/* The size of layout abi; 0: a layout this library does not know. */
static size_t layout_size(const struct options_layouts *l, unsigned int abi)
{
	return abi >= 1 && abi <= l->newest ? l->sizes[abi - 1] : 0;
}

int options_abi_init(const struct options_layouts *l, void *opts, unsigned int abi)
{
	size_t size = layout_size(l, abi);

	if (!opts)
		return cscap_err(CSCAP_EUSAGE, "%s: no options to fill", l->init);
	memset(opts, 0, size);
	/* abi is the first field of every layout, at offset 0. */
	memcpy(opts, &abi, sizeof(abi));
	if (!size)
		return cscap_err(CSCAP_EUSAGE, "%s: %s ABI %u is newer than this libcscap (%s, %s ABI %u)",
				 l->init, l->kind, abi, CSCAP_VERSION, l->kind, l->newest);
	return 0;
}

int options_abi_import(const struct options_layouts *l, void *out, size_t out_size, const void *opts)
{
	unsigned int abi;
	size_t size;

	memcpy(&abi, opts, sizeof(abi));
	if (!(size = layout_size(l, abi)))
		return cscap_err(CSCAP_EUSAGE, "%s not initialised with %s() of this libcscap "
				 "(%s ABI %u; libcscap %s speaks %s ABI 1 to %u)",
				 l->kind, l->init, l->kind, abi, CSCAP_VERSION, l->kind, l->newest);
	memset(out, 0, out_size);
	memcpy(out, opts, size);
	return 0;
}
