#include <stdio.h>

#include "common/atomic_file.h"
#include "common/error_internal.h"
#include "writers/writers.h"

void oval_report_id(char out[32], size_t i)
{
	snprintf(out, 32, "oval%zu", i);
}

int write_file_atomically(const char *path, void (*body)(struct xmlw *x, const void *arg),
			  const void *arg)
{
	struct atomic_file af;
	struct xmlw x;
	int rc;

	if ((rc = atomic_file_open(&af, path)))
		return rc;
	if ((rc = xmlw_open_fd(&x, af.fd, path))) {
		atomic_file_abort(&af);
		return rc;
	}
	body(&x, arg);
	if ((rc = xmlw_close(&x))) {
		atomic_file_abort(&af);
		return rc;
	}
	return atomic_file_commit(&af);
}
