/*
 * Unit tests of engine/eval/oval_datetime.c: every date-time format of
 * OVAL's time_difference function, read as seconds since the Unix epoch
 * (the expected numbers were computed independently, with Python's
 * calendar.timegm), and the texts each format must refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>

#include "eval/oval_datetime.h"

struct when {
	const char *format, *text;
	int64_t seconds;
};

static void test_formats(void **state)
{
	static const struct when t[] = {
		/* year_month_day: every listed form */
		{"year_month_day", "20090403", 1238716800},
		{"year_month_day", "20090403T110000", 1238756400},
		{"year_month_day", "2009/04/03 11:00:00", 1238756400},
		{"year_month_day", "2009/04/03", 1238716800},
		{"year_month_day", "2009-04-03 11:00:00", 1238756400},
		{"year_month_day", "2009-04-03", 1238716800},
		{"year_month_day", "2024-02-29 23:59:59", 1709251199}, /* a leap day */
		{"year_month_day", "1970-01-01", 0},
		{"year_month_day", "1601-01-01", INT64_C(-11644473600)},
		{"year_month_day", "0001-01-01", INT64_C(-62135596800)},
		{"year_month_day", "9999-12-31 23:59:59", INT64_C(253402300799)},
		/* month_day_year */
		{"month_day_year", "04/03/2009 11:00:00", 1238756400},
		{"month_day_year", "04/03/2009", 1238716800},
		{"month_day_year", "04-03-2009 11:00:00", 1238756400},
		{"month_day_year", "04-03-2009", 1238716800},
		{"month_day_year", "April, 03 2009 11:00:00", 1238756400},
		{"month_day_year", "April, 03 2009", 1238716800},
		{"month_day_year", "Apr, 03 2009 11:00:00", 1238756400},
		{"month_day_year", "apr, 3 2009", 1238716800},
		{"month_day_year", "May, 01 2009", 1241136000},
		/* day_month_year */
		{"day_month_year", "03/04/2009 11:00:00", 1238756400},
		{"day_month_year", "03/04/2009", 1238716800},
		{"day_month_year", "03-04-2009 11:00:00", 1238756400},
		{"day_month_year", "03-04-2009", 1238716800},
		/* numbers */
		{"seconds_since_epoch", "1238756400", 1238756400},
		{"seconds_since_epoch", "-86400", -86400},
		{"seconds_since_epoch", "0", 0},
		{"win_filetime", "116444736000000000", 0},
		{"win_filetime", "128833596000000000", 1238886000},
		{"win_filetime", "0", INT64_C(-11644473600)},
		/* cim_datetime: the offset is minutes east of UTC */
		{"cim_datetime", "20090403120000.000000+060", 1238756400},
		{"cim_datetime", "20090403100000.123456-060", 1238756400},
		{"cim_datetime", "20090403110000.000000+000", 1238756400},
		{"cim_datetime", "2009-04-03 11:00:00:500", 1238756400},
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t got = -1;
		int rc = oval_datetime_parse(t[i].format, t[i].text, &got);
		if (rc != 0 || got != t[i].seconds) {
			print_error("%s '%s': rc %d, %" PRId64 " seconds, want %" PRId64 "\n", t[i].format,
				    t[i].text, rc, got, t[i].seconds);
			bad++;
		}
	}
	if (bad)
		fail_msg("%d dates read wrong", bad);
}

static void test_refused(void **state)
{
	static const char *const t[][2] = {
		{"year_month_day", ""},
		{"year_month_day", "2009-4-3x"},
		{"year_month_day", "2009-04/03"},             /* one separator throughout */
		{"year_month_day", "2009-02-29"},             /* not a leap year */
		{"year_month_day", "2009-13-01"},
		{"year_month_day", "2009-00-10"},
		{"year_month_day", "2009-04-31"},
		{"year_month_day", "2009-04-03 24:00:00"},
		{"year_month_day", "2009-04-03 11:60:00"},
		{"year_month_day", "2009-04-03 11:00"},       /* seconds are part of the form */
		{"year_month_day", "2009-04-03T11:00:00"},
		{"year_month_day", "20090403T1100"},
		{"year_month_day", "0000-01-01"},
		{"year_month_day", "04/03/2009"},             /* another format's form */
		{"month_day_year", "2009-04-03"},
		{"month_day_year", "13/01/2009"},
		{"month_day_year", "Apri, 03 2009"},
		{"month_day_year", "April 03 2009"},
		{"month_day_year", "April, 03 09"},
		{"day_month_year", "04/31/2009"},
		{"seconds_since_epoch", ""},
		{"seconds_since_epoch", " 12"},
		{"seconds_since_epoch", "+12"},
		{"seconds_since_epoch", "12.5"},
		{"seconds_since_epoch", "99999999999999999999"},
		{"win_filetime", "-1"},
		{"win_filetime", "0x01c9b3a1"},
		{"win_filetime", "99999999999999999999"},
		{"cim_datetime", "20090403120000.000000"},
		{"cim_datetime", "20090403120000.000000+60"},
		{"cim_datetime", "20090403120000+060"},
		{"cim_datetime", "2009-04-03 11:00:00"},
		{"no_such_format", "2009-04-03"},
		{NULL, "2009-04-03"},
		{"year_month_day", NULL},
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t got = 0;
		if (oval_datetime_parse(t[i][0], t[i][1], &got) != -1) {
			print_error("%s '%s' read as %" PRId64 ", want refused\n", t[i][0] ? t[i][0] : "(null)",
				    t[i][1] ? t[i][1] : "(null)", got);
			bad++;
		}
	}
	if (bad)
		fail_msg("%d texts accepted that must be refused", bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
