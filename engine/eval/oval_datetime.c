/*
 * Reading the date-time values of OVAL's time_difference function.  Every
 * format of the specification's DateTimeFormatEnumeration is read exactly as
 * it is listed there; anything else is refused, so a malformed date makes
 * the variable an error instead of a wrong number of seconds.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval/oval_datetime.h"

/* Seconds from 1601-01-01 (where Windows file times start) to 1970-01-01. */
#define FILETIME_EPOCH_OFFSET INT64_C(11644473600)
#define FILETIME_TICKS_PER_SECOND UINT64_C(10000000)

struct civil {
	int year, month, day, hour, minute, second;
	int utc_offset_minutes; /* cim_datetime only; the others are UTC */
};

/* Between min_digits and max_digits decimal digits as a number. */
static bool read_num(const char **p, int min_digits, int max_digits, int *out)
{
	const char *s = *p;
	int v = 0, k = 0;

	while (k < max_digits && s[k] >= '0' && s[k] <= '9') {
		v = v * 10 + (s[k] - '0');
		k++;
	}
	if (k < min_digits)
		return false;
	*p = s + k;
	*out = v;
	return true;
}

static bool read_char(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* An optional " hh:mm:ss" after a date, then the end of the text. */
static bool read_clock_and_end(const char *p, struct civil *c)
{
	if (read_char(&p, ' ') &&
	    !(read_num(&p, 1, 2, &c->hour) && read_char(&p, ':') && read_num(&p, 2, 2, &c->minute) &&
	      read_char(&p, ':') && read_num(&p, 2, 2, &c->second)))
		return false;
	return *p == '\0';
}

/* "n1/n2/yyyy" or "n1-n2-yyyy" (one separator throughout), then an optional clock. */
static bool read_numeric_date(const char *p, int *n1, int *n2, int *year, struct civil *c)
{
	char sep;

	if (!read_num(&p, 1, 2, n1))
		return false;
	sep = *p;
	if (sep != '/' && sep != '-')
		return false;
	p++;
	return read_num(&p, 1, 2, n2) && read_char(&p, sep) && read_num(&p, 4, 4, year) &&
	       read_clock_and_end(p, c);
}

/* 'yyyymmdd', 'yyyymmddThhmmss', 'yyyy/mm/dd hh:mm:ss', 'yyyy/mm/dd', 'yyyy-mm-dd hh:mm:ss', 'yyyy-mm-dd' */
static bool parse_year_month_day(const char *p, struct civil *c)
{
	const char *s = p;
	char sep;

	if (read_num(&s, 4, 4, &c->year) && read_num(&s, 2, 2, &c->month) && read_num(&s, 2, 2, &c->day)) {
		if (*s == '\0')
			return true;
		return read_char(&s, 'T') && read_num(&s, 2, 2, &c->hour) && read_num(&s, 2, 2, &c->minute) &&
		       read_num(&s, 2, 2, &c->second) && *s == '\0';
	}
	s = p;
	if (!read_num(&s, 4, 4, &c->year))
		return false;
	sep = *s;
	if (sep != '/' && sep != '-')
		return false;
	s++;
	return read_num(&s, 1, 2, &c->month) && read_char(&s, sep) && read_num(&s, 1, 2, &c->day) &&
	       read_clock_and_end(s, c);
}

static const char *const month_names[12] = {
	"january", "february", "march",     "april",   "may",      "june",
	"july",    "august",   "september", "october", "november", "december",
};

/* A month's full name or its three-letter abbreviation, in any case. */
static bool read_month_name(const char **p, int *month)
{
	size_t n = 0;

	while (((*p)[n] >= 'a' && (*p)[n] <= 'z') || ((*p)[n] >= 'A' && (*p)[n] <= 'Z'))
		n++;
	for (int m = 0; m < 12; m++)
		if ((n == 3 || n == strlen(month_names[m])) && strncasecmp(*p, month_names[m], n) == 0) {
			*p += n;
			*month = m + 1;
			return true;
		}
	return false;
}

/* 'mm/dd/yyyy[ hh:mm:ss]', 'mm-dd-yyyy[ hh:mm:ss]', 'NameOfMonth, dd yyyy[ hh:mm:ss]' (full or abbreviated) */
static bool parse_month_day_year(const char *p, struct civil *c)
{
	if (read_month_name(&p, &c->month))
		return read_char(&p, ',') && read_char(&p, ' ') && read_num(&p, 1, 2, &c->day) &&
		       read_char(&p, ' ') && read_num(&p, 4, 4, &c->year) && read_clock_and_end(p, c);
	return read_numeric_date(p, &c->month, &c->day, &c->year, c);
}

/* 'dd/mm/yyyy[ hh:mm:ss]', 'dd-mm-yyyy[ hh:mm:ss]' */
static bool parse_day_month_year(const char *p, struct civil *c)
{
	return read_numeric_date(p, &c->day, &c->month, &c->year, c);
}

/* 'yyyymmddHHMMSS.mmmmmmsUUU' (s: + or -, UUU: minutes east of UTC), or 'yyyy-mm-dd HH:MM:SS:mmm' */
static bool parse_cim_datetime(const char *p, struct civil *c)
{
	const char *s = p;
	int fraction, offset;

	if (read_num(&s, 4, 4, &c->year) && read_num(&s, 2, 2, &c->month) && read_num(&s, 2, 2, &c->day) &&
	    read_num(&s, 2, 2, &c->hour) && read_num(&s, 2, 2, &c->minute) && read_num(&s, 2, 2, &c->second) &&
	    read_char(&s, '.') && read_num(&s, 6, 6, &fraction) && (*s == '+' || *s == '-')) {
		int negative = *s++ == '-';
		if (!read_num(&s, 3, 3, &offset) || *s != '\0')
			return false;
		c->utc_offset_minutes = negative ? -offset : offset;
		return true;
	}
	s = p;
	return read_num(&s, 4, 4, &c->year) && read_char(&s, '-') && read_num(&s, 2, 2, &c->month) &&
	       read_char(&s, '-') && read_num(&s, 2, 2, &c->day) && read_char(&s, ' ') &&
	       read_num(&s, 2, 2, &c->hour) && read_char(&s, ':') && read_num(&s, 2, 2, &c->minute) &&
	       read_char(&s, ':') && read_num(&s, 2, 2, &c->second) && read_char(&s, ':') &&
	       read_num(&s, 3, 3, &fraction) && *s == '\0';
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 0001-01-01 to the first of January of year y (y >= 1), proleptic Gregorian. */
static int64_t days_before_year(int64_t y)
{
	y -= 1;
	return y * 365 + y / 4 - y / 100 + y / 400;
}

/* The civil time as seconds since the Unix epoch; -1 for a date that does not exist. */
static int civil_to_epoch(const struct civil *c, int64_t *out)
{
	static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t days;

	if (c->year < 1 || c->month < 1 || c->month > 12 || c->day < 1 || c->hour > 23 || c->minute > 59 ||
	    c->second > 59)
		return -1;
	if (c->day > days_in_month[c->month - 1] + (c->month == 2 && is_leap(c->year)))
		return -1;
	days = days_before_year(c->year) - days_before_year(1970);
	for (int m = 1; m < c->month; m++)
		days += days_in_month[m - 1] + (m == 2 && is_leap(c->year));
	days += c->day - 1;
	*out = days * 86400 + c->hour * 3600 + c->minute * 60 + c->second - (int64_t)c->utc_offset_minutes * 60;
	return 0;
}

/* Only digits, optionally after a minus sign: strtoll alone would take blanks and '+'. */
static int parse_seconds_since_epoch(const char *s, int64_t *out)
{
	const char *digits = s + (*s == '-');
	char *end;

	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* A Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC, in decimal. */
static int parse_win_filetime(const char *s, int64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long ticks = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (int64_t)(ticks / FILETIME_TICKS_PER_SECOND) - FILETIME_EPOCH_OFFSET;
	return 0;
}

int oval_datetime_parse(const char *format, const char *text, int64_t *out)
{
	static const struct {
		const char *name;
		bool (*parse)(const char *, struct civil *);
	} dates[] = {
		{"year_month_day", parse_year_month_day},
		{"month_day_year", parse_month_day_year},
		{"day_month_year", parse_day_month_year},
		{"cim_datetime", parse_cim_datetime},
	};

	if (!format || !text)
		return -1;
	if (strcmp(format, "seconds_since_epoch") == 0)
		return parse_seconds_since_epoch(text, out);
	if (strcmp(format, "win_filetime") == 0)
		return parse_win_filetime(text, out);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		struct civil c = {0};
		if (strcmp(format, dates[i].name) == 0)
			return dates[i].parse(text, &c) ? civil_to_epoch(&c, out) : -1;
	}
	return -1;
}
