/* The running system's processes, as /proc shows them (live scans only). */
#ifndef CSCAP_HOST_PROC_H
#define CSCAP_HOST_PROC_H

#include <stddef.h>

/* The pids /proc lists, ascending.  0 with *out (malloc'd; the caller frees), or -errno. */
int host_proc_pids(long **out, size_t *n);
/*
 * Read /proc/<pid>/<file>, at most max bytes: 0 with *out (malloc'd, NUL
 * added) and *len, or -errno (-ENOENT or -ESRCH: the process is gone;
 * -EFBIG: more than max).
 */
int host_proc_read(long pid, const char *file, size_t max, char **out, size_t *len);
/* Is s a pid as /proc names them (decimal digits, no sign, no leading zero)? */
int host_proc_is_pid(const char *s, long *out);

#endif
