/* The OVAL 5.11 truth tables: operators, negation, existence and checks. */
#include "model/oval_logic.h"

void oval_counts_add(struct oval_result_counts *c, enum oval_result r)
{
	switch (r) {
	case OVAL_RESULT_TRUE: c->t++; break;
	case OVAL_RESULT_FALSE: c->f++; break;
	case OVAL_RESULT_UNKNOWN: c->u++; break;
	case OVAL_RESULT_ERROR: c->e++; break;
	case OVAL_RESULT_NOT_EVALUATED: c->ne++; break;
	case OVAL_RESULT_NOT_APPLICABLE: c->na++; break;
	}
}

/* OVAL 5.11 operator truth tables.  Not-applicable results do not take part
 * unless they are all there is. */
enum oval_result oval_operator_apply(enum oval_operator op, const struct oval_result_counts *c)
{
	size_t t = c->t, f = c->f, e = c->e, u = c->u, ne = c->ne;

	if (t + f + e + u + ne == 0)
		return c->na ? OVAL_RESULT_NOT_APPLICABLE : OVAL_RESULT_UNKNOWN;
	switch (op) {
	case OVAL_OPERATOR_AND:
		if (f)
			return OVAL_RESULT_FALSE;
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return OVAL_RESULT_TRUE;
	case OVAL_OPERATOR_OR:
		if (t)
			return OVAL_RESULT_TRUE;
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return OVAL_RESULT_FALSE;
	case OVAL_OPERATOR_ONE:
		if (t >= 2)
			return OVAL_RESULT_FALSE;
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return t == 1 ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	case OVAL_OPERATOR_XOR:
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return (t % 2) ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	}
	return OVAL_RESULT_ERROR;
}

enum oval_result oval_negate(enum oval_result r)
{
	if (r == OVAL_RESULT_TRUE)
		return OVAL_RESULT_FALSE;
	if (r == OVAL_RESULT_FALSE)
		return OVAL_RESULT_TRUE;
	return r;
}

/* The check_existence table; counts are of item statuses. */
enum oval_result oval_existence_apply(enum oval_existence ex, size_t exists, size_t dne,
				      size_t err, size_t nc)
{
	switch (ex) {
	case OVAL_EXIST_ALL:
		if (dne)
			return OVAL_RESULT_FALSE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return exists ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	case OVAL_EXIST_ANY:
		/* Items that were not collected cannot change "any number exist". */
		if (err && !exists)
			return OVAL_RESULT_ERROR;
		return OVAL_RESULT_TRUE;
	case OVAL_EXIST_AT_LEAST_ONE:
		if (exists)
			return OVAL_RESULT_TRUE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return OVAL_RESULT_FALSE;
	case OVAL_EXIST_NONE:
		if (exists)
			return OVAL_RESULT_FALSE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return OVAL_RESULT_TRUE;
	case OVAL_EXIST_ONLY_ONE:
		if (exists > 1)
			return OVAL_RESULT_FALSE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return exists == 1 ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	}
	return OVAL_RESULT_ERROR;
}

enum oval_result oval_check_apply(enum oval_check check, const struct oval_result_counts *c)
{
	struct oval_result_counts neg;

	switch (check) {
	case OVAL_CHECK_ALL:
		return oval_operator_apply(OVAL_OPERATOR_AND, c);
	case OVAL_CHECK_AT_LEAST_ONE:
		return oval_operator_apply(OVAL_OPERATOR_OR, c);
	case OVAL_CHECK_ONLY_ONE:
		return oval_operator_apply(OVAL_OPERATOR_ONE, c);
	case OVAL_CHECK_NONE_EXIST:
	case OVAL_CHECK_NONE_SATISFY:
		neg = *c;
		neg.t = c->f;
		neg.f = c->t;
		return oval_operator_apply(OVAL_OPERATOR_AND, &neg);
	}
	return OVAL_RESULT_ERROR;
}

