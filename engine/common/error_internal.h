#ifndef CSCAP_ERROR_INTERNAL_H
#define CSCAP_ERROR_INTERNAL_H

#include "cscap/error.h"

/*
 * Record a failure (printf-style, one line) and return code, so that callers
 * can write `return cscap_err(CSCAP_EIO, "%s: %s", path, strerror(errno));`.
 */
int cscap_err(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cscap_err_oom(void);

#endif
