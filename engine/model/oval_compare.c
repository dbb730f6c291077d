#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/error_internal.h"
#include "model/oval_compare.h"
#include "model/oval_logic.h"

struct regex_entry {
	char *pattern;
	pcre2_code *code; /* NULL: the pattern did not compile */
};

struct regex_cache {
	struct regex_entry *entries; /* sorted by pattern */
	size_t n, cap;
	pcre2_match_data *match;
};

int regex_cache_new(struct regex_cache **out)
{
	struct regex_cache *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return cscap_err_oom();
	c->match = pcre2_match_data_create(1, NULL);
	if (!c->match) {
		free(c);
		return cscap_err_oom();
	}
	*out = c;
	return 0;
}

void regex_cache_free(struct regex_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].pattern);
		pcre2_code_free(c->entries[i].code);
	}
	free(c->entries);
	pcre2_match_data_free(c->match);
	free(c);
}

/* The compiled pattern, compiling it on first use; NULL when it does not compile. */
static pcre2_code *regex_get(struct regex_cache *c, const char *pattern, int *oom)
{
	size_t lo = 0, hi = c->n;

	*oom = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(pattern, c->entries[mid].pattern);
		if (cmp == 0)
			return c->entries[mid].code;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		struct regex_entry *grown = realloc(c->entries, ncap * sizeof(*grown));
		if (!grown) {
			*oom = 1;
			return NULL;
		}
		c->entries = grown;
		c->cap = ncap;
	}
	char *copy = strdup(pattern);
	if (!copy) {
		*oom = 1;
		return NULL;
	}
	int errcode;
	PCRE2_SIZE erroff;
	/* OVAL patterns are Perl-compatible regular expressions, matched anywhere
	 * in the value unless anchored. */
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
					 &errcode, &erroff, NULL);
	memmove(&c->entries[lo + 1], &c->entries[lo], (c->n - lo) * sizeof(*c->entries));
	c->entries[lo].pattern = copy;
	c->entries[lo].code = code;
	c->n++;
	return code;
}

static enum oval_result truth(int b)
{
	return b ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
}

static int parse_int(const char *s, long long *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (errno || *end) ? -1 : 0;
}

static int parse_float(const char *s, double *out)
{
	char *end;

	/* strtod also reads hexadecimal and "inf"; xsd:float allows neither form here. */
	if (!s || !*s || strpbrk(s, "xXiInN"))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	/* NaN compares unequal to everything, itself included: no verdict can rest on it. */
	return (errno || *end || isnan(*out)) ? -1 : 0;
}

static int parse_bool(const char *s, int *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static enum oval_result order(enum oval_operation op, int cmp)
{
	switch (op) {
	case OVAL_OP_EQUALS: return truth(cmp == 0);
	case OVAL_OP_NOT_EQUAL: return truth(cmp != 0);
	case OVAL_OP_GREATER_THAN: return truth(cmp > 0);
	case OVAL_OP_LESS_THAN: return truth(cmp < 0);
	case OVAL_OP_GREATER_THAN_OR_EQUAL: return truth(cmp >= 0);
	case OVAL_OP_LESS_THAN_OR_EQUAL: return truth(cmp <= 0);
	default: return OVAL_RESULT_ERROR;
	}
}

/* After a number, a version goes on with a separator or ends. */
static int skip_separator(const char **p)
{
	if (**p == '.' || **p == '-' || **p == '_' || **p == ':') {
		(*p)++;
		return 0;
	}
	return **p ? -1 : 0;
}

static int read_component(const char **p, unsigned long long *out)
{
	char *end;

	*out = 0;
	if (!**p)
		return 0; /* a missing component counts as 0 */
	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*out = strtoull(*p, &end, 10);
	/* strtoull saturates: two different huge components would compare equal.
	 * A component beyond 64 bits cannot be compared numerically: an error. */
	if (errno == ERANGE)
		return -1;
	*p = end;
	return skip_separator(p);
}

/* Dotted versions compare component by component, numerically. */
static int parse_version_cmp(const char *a, const char *b, int *out)
{
	while (*a || *b) {
		unsigned long long x, y;
		if (read_component(&a, &x) || read_component(&b, &y))
			return -1;
		if (x != y) {
			*out = x < y ? -1 : 1;
			return 0;
		}
	}
	*out = 0;
	return 0;
}

/* ------------------------------------------------------------------
 * Package versions.  Both flavours are compared on [start, end) ranges of
 * the content's own strings, so no comparison allocates.
 */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Two runs of digits as numbers of any length: leading zeros do not count. */
static int digits_cmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae && *a == '0')
		a++;
	while (b < be && *b == '0')
		b++;
	if (ae - a != be - b)
		return ae - a < be - b ? -1 : 1;
	return a < ae ? sign(memcmp(a, b, (size_t)(ae - a))) : 0;
}

static const char *span(const char *p, const char *end, bool (*keep)(char))
{
	while (p < end && keep(*p))
		p++;
	return p;
}

static bool rpm_is_separator(char c)
{
	return !is_digit(c) && !is_alpha(c) && c != '~' && c != '^';
}

/*
 * The ordering rpm gives two versions or releases (rpmvercmp): separators
 * only split segments; digit segments compare as numbers and beat letter
 * segments; letters compare as ASCII; "~" sorts before anything, even the
 * end ("1.0~rc1" < "1.0"); "^" sorts after the end but before any further
 * segment ("1.0" < "1.0^git1" < "1.0.1"); otherwise the longer one wins.
 */
static int rpm_vercmp(const char *a, const char *ae, const char *b, const char *be)
{
	for (;;) {
		a = span(a, ae, rpm_is_separator);
		b = span(b, be, rpm_is_separator);
		bool ta = a < ae && *a == '~', tb = b < be && *b == '~';
		if (ta || tb) {
			if (!ta || !tb)
				return ta ? -1 : 1;
			a++, b++;
			continue;
		}
		bool ca = a < ae && *a == '^', cb = b < be && *b == '^';
		if (ca || cb) {
			if (a == ae)
				return -1;
			if (b == be)
				return 1;
			if (!ca || !cb)
				return ca ? -1 : 1;
			a++, b++;
			continue;
		}
		if (a == ae || b == be)
			break;
		bool numeric = is_digit(*a);
		bool (*kind)(char) = numeric ? is_digit : is_alpha;
		const char *a2 = span(a, ae, kind), *b2 = span(b, be, kind);
		if (b2 == b) /* a digit segment against a letter one */
			return numeric ? 1 : -1;
		int cmp;
		if (numeric) {
			cmp = digits_cmp(a, a2, b, b2);
		} else {
			size_t la = (size_t)(a2 - a), lb = (size_t)(b2 - b);
			cmp = sign(memcmp(a, b, la < lb ? la : lb));
			if (!cmp && la != lb)
				cmp = la < lb ? -1 : 1;
		}
		if (cmp)
			return cmp;
		a = a2, b = b2;
	}
	if (a == ae && b == be)
		return 0;
	return a == ae ? -1 : 1;
}

/* One version split into its parts; NULL parts are absent. */
struct evr {
	const char *epoch, *epoch_end;
	const char *version, *version_end;
	const char *release, *release_end;
};

/*
 * "EPOCH:VERSION-RELEASE" as rpm splits it: an epoch is the digits before
 * the first ':' (rpm writes a missing one "(none)"), the release follows the
 * last '-'.  Anything is readable; rpm has no invalid version.
 */
static void rpm_evr_split(const char *s, struct evr *out)
{
	const char *p = s, *end = s + strlen(s);

	*out = (struct evr){0};
	if (strncmp(s, "(none):", 7) == 0) {
		p = s + 6;
	} else {
		while (is_digit(*p))
			p++;
	}
	if (*p == ':') {
		out->epoch = s, out->epoch_end = p;
		p++;
	} else {
		p = s;
	}
	const char *dash = strrchr(p, '-');
	out->version = p;
	out->version_end = dash ? dash : end;
	if (dash)
		out->release = dash + 1, out->release_end = end;
}

/* An absent or "(none)" epoch is 0. */
static int epoch_cmp(const struct evr *x, const struct evr *y)
{
	static const char zero[] = "0";
	const char *a = x->epoch, *ae = x->epoch_end, *b = y->epoch, *be = y->epoch_end;

	if (!a || !is_digit(*a))
		a = zero, ae = zero + 1;
	if (!b || !is_digit(*b))
		b = zero, be = zero + 1;
	return digits_cmp(a, ae, b, be);
}

/*
 * evr_string: epoch, then version, then release, each under rpmvercmp.  As in
 * rpm's own EVR comparison, a release is only compared when both sides have
 * one ("1.0" matches every release of 1.0).
 */
static int rpm_evr_cmp(const char *x, const char *y)
{
	struct evr a, b;
	int cmp;

	rpm_evr_split(x, &a);
	rpm_evr_split(y, &b);
	if ((cmp = epoch_cmp(&a, &b)) || (cmp = rpm_vercmp(a.version, a.version_end, b.version, b.version_end)))
		return cmp;
	if (!a.release || !b.release)
		return 0;
	return rpm_vercmp(a.release, a.release_end, b.release, b.release_end);
}

/*
 * Debian policy's weight of one character of a non-digit part: "~" before
 * everything, even the end of the part; letters before non-letters.  The end
 * of the part (or the start of a digit run) weighs 0.
 */
static int deb_weight(const char *p, const char *end)
{
	if (p == end || is_digit(*p))
		return 0;
	if (*p == '~')
		return -1;
	if (is_alpha(*p))
		return (unsigned char)*p;
	return (unsigned char)*p + 256;
}

/* Debian policy: alternating non-digit parts (by deb_weight) and digit parts (as numbers). */
static int deb_part_cmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		while ((a < ae && !is_digit(*a)) || (b < be && !is_digit(*b))) {
			int wa = deb_weight(a, ae), wb = deb_weight(b, be);
			if (wa != wb)
				return wa < wb ? -1 : 1;
			a++, b++; /* equal non-zero weights: both are real characters */
		}
		const char *a2 = span(a, ae, is_digit), *b2 = span(b, be, is_digit);
		int cmp = digits_cmp(a, a2, b, b2);
		if (cmp)
			return cmp;
		a = a2, b = b2;
	}
	return 0;
}

/*
 * "[EPOCH:]UPSTREAM[-REVISION]" as dpkg splits it: the epoch before the
 * first ':' must be a number, the revision follows the last '-'.  -1 when
 * the value is not a Debian version.
 */
static int deb_evr_split(const char *s, struct evr *out)
{
	const char *colon = strchr(s, ':'), *p = s, *end = s + strlen(s);

	*out = (struct evr){0};
	if (colon) {
		if (colon == s || span(s, colon, is_digit) != colon)
			return -1;
		out->epoch = s, out->epoch_end = colon;
		p = colon + 1;
	}
	const char *dash = strrchr(p, '-');
	out->version = p;
	out->version_end = dash ? dash : end;
	if (out->version == out->version_end)
		return -1;
	if (dash)
		out->release = dash + 1, out->release_end = end;
	return 0;
}

/* debian_evr_string: epoch, upstream version, revision (a missing revision is empty, i.e. "0"). */
static int deb_evr_cmp(const char *x, const char *y, int *out)
{
	struct evr a, b;

	if (deb_evr_split(x, &a) || deb_evr_split(y, &b))
		return -1;
	if ((*out = epoch_cmp(&a, &b)) ||
	    (*out = deb_part_cmp(a.version, a.version_end, b.version, b.version_end)))
		return 0;
	if (!a.release)
		a.release = a.release_end = "";
	if (!b.release)
		b.release = b.release_end = "";
	*out = deb_part_cmp(a.release, a.release_end, b.release, b.release_end);
	return 0;
}

/* ------------------------------------------------------------------
 * IP addresses: an address with its prefix length, the bits outside the
 * prefix zeroed, as the specification's value space has it.
 */

struct ip_prefix {
	unsigned char addr[16]; /* network byte order; IPv4 uses the first 4 */
	unsigned bits;          /* 32 or 128 */
	unsigned prefix;
};

/* A decimal number of at most max, leading zeros allowed ("192.000.002.000"). */
static int read_decimal(const char **p, unsigned max, unsigned *out)
{
	unsigned v = 0;
	const char *s = *p;

	if (!is_digit(*s))
		return -1;
	for (; is_digit(*s); s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

static int read_dotted_quad(const char **p, unsigned char out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned octet;
		if (i > 0 && *(*p)++ != '.')
			return -1;
		if (read_decimal(p, 255, &octet))
			return -1;
		out[i] = (unsigned char)octet;
	}
	return 0;
}

/* The length of a netmask's run of leading ones; -1 when the mask has a hole. */
static int netmask_length(const unsigned char mask[4])
{
	uint32_t m = (uint32_t)mask[0] << 24 | (uint32_t)mask[1] << 16 | (uint32_t)mask[2] << 8 | mask[3];
	int n = 0;

	while (n < 32 && (m & (UINT32_C(1) << (31 - n))))
		n++;
	return (n == 32 || (m << n) == 0) ? n : -1;
}

static void zero_host_bits(struct ip_prefix *ip)
{
	for (unsigned i = 0; i < ip->bits / 8; i++) {
		unsigned from = i * 8;
		if (from >= ip->prefix)
			ip->addr[i] = 0;
		else if (ip->prefix - from < 8)
			ip->addr[i] &= (unsigned char)(0xff << (8 - (ip->prefix - from)));
	}
}

/* After the '/': a prefix length (0-32) or a netmask in dotted-quad notation. */
static int parse_ipv4_prefix(const char *s, unsigned *out)
{
	const char *p = s;
	unsigned char mask[4];

	if (read_decimal(&p, 32, out) == 0 && !*p)
		return 0;
	p = s;
	if (read_dotted_quad(&p, mask) || *p || netmask_length(mask) < 0)
		return -1;
	*out = (unsigned)netmask_length(mask);
	return 0;
}

/* "a.b.c.d", "a.b.c.d/len" or "a.b.c.d/netmask"; no prefix means /32. */
static int parse_ipv4(const char *s, struct ip_prefix *out)
{
	*out = (struct ip_prefix){.bits = 32, .prefix = 32};
	if (read_dotted_quad(&s, out->addr))
		return -1;
	if (*s == '/') {
		if (parse_ipv4_prefix(s + 1, &out->prefix))
			return -1;
	} else if (*s) {
		return -1;
	}
	zero_host_bits(out);
	return 0;
}

/* RFC 4291 text (sections 2.2 and 2.3): "addr" or "addr/len"; no prefix means /128. */
static int parse_ipv6(const char *s, struct ip_prefix *out)
{
	char text[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	*out = (struct ip_prefix){.bits = 128, .prefix = 128};
	if (n >= sizeof(text))
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	if (inet_pton(AF_INET6, text, out->addr) != 1)
		return -1;
	if (slash) {
		const char *p = slash + 1;
		if (read_decimal(&p, 128, &out->prefix) || *p)
			return -1;
	}
	zero_host_bits(out);
	return 0;
}

/* Is every address of a inside b? */
static bool ip_within(const struct ip_prefix *a, const struct ip_prefix *b)
{
	struct ip_prefix a_cut = *a;

	if (a->prefix < b->prefix)
		return false;
	a_cut.prefix = b->prefix;
	zero_host_bits(&a_cut);
	return memcmp(a_cut.addr, b->addr, b->bits / 8) == 0;
}

static enum oval_result compare_ip(enum oval_operation op, enum oval_datatype dt, const char *item,
				   const char *value)
{
	int (*parse)(const char *, struct ip_prefix *) = dt == OVAL_DT_IPV4 ? parse_ipv4 : parse_ipv6;
	struct ip_prefix a, b;

	if (parse(item, &a) || parse(value, &b))
		return OVAL_RESULT_ERROR;
	int cmp = sign(memcmp(a.addr, b.addr, a.bits / 8));
	switch (op) {
	case OVAL_OP_EQUALS: return truth(cmp == 0 && a.prefix == b.prefix);
	case OVAL_OP_NOT_EQUAL: return truth(cmp != 0 || a.prefix != b.prefix);
	case OVAL_OP_SUBSET_OF: return truth(ip_within(&a, &b));
	case OVAL_OP_SUPERSET_OF: return truth(ip_within(&b, &a));
	default:
		/* Prefixes of different lengths have no order: the specification makes it an error. */
		return a.prefix == b.prefix ? order(op, cmp) : OVAL_RESULT_ERROR;
	}
}

/* ------------------------------------------------------------------ binary */

/* Hex-encoded octets: an even number of hex digits ("" is zero octets). */
static bool is_hex_binary(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF");

	return s[n] == '\0' && n % 2 == 0;
}

static enum oval_result compare_binary(enum oval_operation op, const char *item, const char *value)
{
	if (!is_hex_binary(item) || !is_hex_binary(value))
		return OVAL_RESULT_ERROR;
	if (op != OVAL_OP_EQUALS && op != OVAL_OP_NOT_EQUAL)
		return OVAL_RESULT_ERROR;
	return order(op, strcasecmp(item, value));
}

static enum oval_result compare_string(struct regex_cache *cache, enum oval_operation op,
				       const char *item, const char *value)
{
	switch (op) {
	case OVAL_OP_EQUALS: return truth(strcmp(item, value) == 0);
	case OVAL_OP_NOT_EQUAL: return truth(strcmp(item, value) != 0);
	case OVAL_OP_CI_EQUALS: return truth(strcasecmp(item, value) == 0);
	case OVAL_OP_CI_NOT_EQUAL: return truth(strcasecmp(item, value) != 0);
	case OVAL_OP_PATTERN_MATCH: {
		int oom;
		pcre2_code *code = regex_get(cache, value, &oom);
		if (!code)
			return OVAL_RESULT_ERROR;
		int rc = pcre2_match(code, (PCRE2_SPTR)item, strlen(item), 0, 0, cache->match, NULL);
		if (rc >= 0)
			return OVAL_RESULT_TRUE;
		return rc == PCRE2_ERROR_NOMATCH ? OVAL_RESULT_FALSE : OVAL_RESULT_ERROR;
	}
	default:
		return OVAL_RESULT_ERROR;
	}
}

enum oval_result oval_compare(struct regex_cache *cache, enum oval_operation op,
			      enum oval_datatype dt, const char *item, const char *value)
{
	if (!item || !value)
		return OVAL_RESULT_ERROR;
	switch (dt) {
	case OVAL_DT_STRING:
		return compare_string(cache, op, item, value);
	case OVAL_DT_INT: {
		long long x, y;
		if (parse_int(item, &x) || parse_int(value, &y))
			return OVAL_RESULT_ERROR;
		if (op == OVAL_OP_BITWISE_AND)
			return truth((x & y) == y);
		if (op == OVAL_OP_BITWISE_OR)
			return truth((x | y) == y);
		return order(op, x < y ? -1 : x > y);
	}
	case OVAL_DT_FLOAT: {
		double x, y;
		if (parse_float(item, &x) || parse_float(value, &y))
			return OVAL_RESULT_ERROR;
		return order(op, x < y ? -1 : x > y);
	}
	case OVAL_DT_BOOLEAN: {
		int x, y;
		if (parse_bool(item, &x) || parse_bool(value, &y))
			return OVAL_RESULT_ERROR;
		if (op != OVAL_OP_EQUALS && op != OVAL_OP_NOT_EQUAL)
			return OVAL_RESULT_ERROR;
		return order(op, x - y);
	}
	case OVAL_DT_VERSION: {
		int cmp;
		if (parse_version_cmp(item, value, &cmp))
			return OVAL_RESULT_ERROR;
		return order(op, cmp);
	}
	case OVAL_DT_EVR_STRING:
		return order(op, rpm_evr_cmp(item, value));
	case OVAL_DT_DEBIAN_EVR_STRING: {
		int cmp;
		if (deb_evr_cmp(item, value, &cmp))
			return OVAL_RESULT_ERROR;
		return order(op, cmp);
	}
	case OVAL_DT_IPV4:
	case OVAL_DT_IPV6:
		return compare_ip(op, dt, item, value);
	case OVAL_DT_BINARY:
		return compare_binary(op, item, value);
	default:
		/* fileset_revision, ios_version and record values are not compared
		 * (records field by field, by the evaluator): an error, never a guess. */
		return OVAL_RESULT_ERROR;
	}
}

/*
 * "subset of" and "superset of" on an entity whose variable holds a set of
 * values, for datatypes whose values are single points (IP prefixes are
 * sets of addresses themselves and compare value by value).  The collected
 * value is the one-element set {item}: it is a subset when it equals one of
 * the values, a superset when it equals all of them.  var_check does not
 * apply: the variable's values are the set.
 */
static bool is_set_operation(const struct oval_entity *e)
{
	return (e->operation == OVAL_OP_SUBSET_OF || e->operation == OVAL_OP_SUPERSET_OF) &&
	       e->datatype != OVAL_DT_IPV4 && e->datatype != OVAL_DT_IPV6;
}

static enum oval_result compare_set(struct regex_cache *cache, const struct oval_entity *e,
				    const char *item, const char *const *values, size_t n)
{
	struct oval_result_counts c = {0};

	for (size_t i = 0; i < n; i++)
		oval_counts_add(&c, oval_compare(cache, OVAL_OP_EQUALS, e->datatype, item, values[i]));
	return oval_check_apply(e->operation == OVAL_OP_SUBSET_OF ? OVAL_CHECK_AT_LEAST_ONE : OVAL_CHECK_ALL, &c);
}

enum oval_result oval_compare_entity(struct regex_cache *cache, const struct oval_entity *e,
				     const struct oval_var_env *env, const char *item_value)
{
	const char *const *values;
	size_t n;
	struct oval_result_counts c = {0};

	if (!e->var_ref)
		return oval_compare(cache, e->operation, e->datatype, item_value, e->value);
	if (!env || oval_var_env_values(env, e->var_ref, &values, &n) != 0 || n == 0)
		return OVAL_RESULT_ERROR;
	if (is_set_operation(e))
		return compare_set(cache, e, item_value, values, n);
	for (size_t i = 0; i < n; i++)
		oval_counts_add(&c, oval_compare(cache, e->operation, e->datatype, item_value, values[i]));
	return oval_check_apply(e->var_check, &c);
}
