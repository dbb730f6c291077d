/* The date-time formats of OVAL's time_difference function (DateTimeFormatEnumeration). */
#ifndef CSCAP_OVAL_DATETIME_H
#define CSCAP_OVAL_DATETIME_H

#include <stdint.h>

/*
 * text read under format ("year_month_day", "month_day_year",
 * "day_month_year", "win_filetime", "seconds_since_epoch", "cim_datetime")
 * as seconds since 1970-01-01 00:00:00 UTC in *out.  Dates without a zone
 * are UTC.  0, or -1 when the format is unknown or the text does not follow
 * it exactly (no date is guessed at).
 */
int oval_datetime_parse(const char *format, const char *text, int64_t *out);

#endif
