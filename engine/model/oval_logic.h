/* The OVAL 5.11 truth tables, as pure functions over counts of results. */
#ifndef CSCAP_OVAL_LOGIC_H
#define CSCAP_OVAL_LOGIC_H

#include <stddef.h>

#include "model/oval.h"

struct oval_result_counts {
	size_t t, f, e, u, ne, na;
};

void oval_counts_add(struct oval_result_counts *c, enum oval_result r);
/* AND, OR, ONE, XOR over the counted results (not applicable ones only count when alone). */
enum oval_result oval_operator_apply(enum oval_operator op, const struct oval_result_counts *c);
enum oval_result oval_negate(enum oval_result r);
/* check_existence over the statuses of the collected items. */
enum oval_result oval_existence_apply(enum oval_existence ex, size_t exists, size_t dne,
				      size_t err, size_t not_collected);
/* check, entity_check and var_check: combine per-value results. */
enum oval_result oval_check_apply(enum oval_check check, const struct oval_result_counts *c);

#endif
