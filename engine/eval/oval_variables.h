/* Local variables: the values an OVAL component/function tree computes. */
#ifndef CSCAP_OVAL_VARIABLES_H
#define CSCAP_OVAL_VARIABLES_H

#include "model/oval.h"

/*
 * The oval_var_env callback for local variables (ctx is the struct oval_run).
 * 0 with the values (in the run's syschar arena, memoised), or -1 when they
 * cannot be computed: an object that could not be collected, a function
 * cscap does not compute, a value of the wrong type — never a guess.
 */
int oval_run_compute_local(void *ctx, const struct oval_variable *v, const char *const **values,
			   size_t *n);

#endif
