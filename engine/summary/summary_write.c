/*
 * The summary in three forms: text for a terminal, CSV for a spreadsheet,
 * and one self-contained HTML page.  Every string comes from result files,
 * which may come from anywhere: text output replaces control characters
 * (no terminal escapes get through), CSV cells are quoted and kept from
 * being read as spreadsheet formulas, HTML is escaped and the page may load
 * nothing (its Content-Security-Policy says so).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/atomic_file.h"
#include "common/error_internal.h"
#include "summary/summary.h"

/* One letter per result in the text grid (NONE: the scan has no result for the rule). */
static const char result_letters[CSCAP_RESULT_COUNT] = {'P', 'F', 'E', 'U', 'N', 'K', 'S', 'I', 'X', '.'};

/* The results counted per scan, in column order (NONE is not a result). */
#define N_COUNTED CSCAP_RESULT_NONE

/* ---------- shared ---------- */

static const char *rule_label(const struct summary_rule *r)
{
	return r->version && *r->version ? r->version : r->id;
}

static const struct summary_result *result_of(const cscap_summary *sum, size_t scan, size_t rule)
{
	return summary_scan_find(sum->scans[scan], sum->rules[rule]->id);
}

static cscap_result result_code(const struct summary_result *r)
{
	return r ? r->result : CSCAP_RESULT_NONE;
}

/* How many distinct hosts (scans are sorted by host). */
static size_t host_count(const cscap_summary *sum)
{
	size_t n = 0;

	for (size_t i = 0; i < sum->n_scans; i++)
		if (i == 0 || strcmp(sum->scans[i - 1]->host, sum->scans[i]->host) != 0)
			n++;
	return n;
}

/* How many scans have a finding for the rule. */
static size_t rule_findings(const cscap_summary *sum, size_t rule)
{
	size_t n = 0;

	for (size_t i = 0; i < sum->n_scans; i++)
		n += summary_result_is_finding(result_code(result_of(sum, i, rule)));
	return n;
}

/*
 * Untrusted text for a terminal or a CSV cell, one character at a time: C0
 * and C1 control characters and DEL become '?' (keep_newline: except LF).
 * Invalid UTF-8 passes as is; a terminal shows it as replacement characters,
 * it cannot act on it.  Returns the last byte consumed.
 */
static const unsigned char *put_safe_char(FILE *f, const unsigned char *p, int keep_newline)
{
	if (*p == '\n' && keep_newline)
		fputc('\n', f);
	else if (*p < 0x20 || *p == 0x7f)
		fputc('?', f);
	else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		fputc('?', f); /* U+0080..U+009F */
		p++;
	} else
		fputc(*p, f);
	return p;
}

static void put_plain(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		p = put_safe_char(f, p, 0);
}

/* put_plain, padded with spaces to width (in bytes). */
static void put_padded(FILE *f, const char *s, size_t width)
{
	size_t n = s ? strlen(s) : 0;

	put_plain(f, s);
	for (; n < width; n++)
		fputc(' ', f);
}

static size_t max_size(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* ---------- text ---------- */

static void text_header(const cscap_summary *sum, FILE *f)
{
	fprintf(f, "cscap summary: %zu scan%s of %zu host%s", sum->n_scans, sum->n_scans == 1 ? "" : "s",
		host_count(sum), host_count(sum) == 1 ? "" : "s");
	if (sum->n_unread)
		fprintf(f, "; %zu file%s not read", sum->n_unread, sum->n_unread == 1 ? "" : "s");
	fputc('\n', f);
	for (size_t i = 0; i < sum->n_unread; i++) {
		fputs("  not read: ", f);
		put_plain(f, sum->unread[i]);
		fputc('\n', f);
	}
}

static void text_counts(const cscap_summary *sum, FILE *f, size_t host_w)
{
	size_t time_w = strlen("start time"), prof_w = strlen("profile"), count_w[N_COUNTED];

	for (int r = 0; r < N_COUNTED; r++)
		count_w[r] = strlen(cscap_result_str((cscap_result)r));
	for (size_t i = 0; i < sum->n_scans; i++) {
		const struct summary_scan *s = sum->scans[i];
		time_w = max_size(time_w, strlen(s->start_time));
		prof_w = max_size(prof_w, strlen(s->profile ? s->profile : "-"));
	}
	fputc('\n', f);
	put_padded(f, "host", host_w + 2);
	put_padded(f, "start time", time_w + 2);
	put_padded(f, "profile", prof_w + 2);
	for (int r = 0; r < N_COUNTED; r++)
		fprintf(f, "%s  ", cscap_result_str((cscap_result)r));
	fputs("file\n", f);
	for (size_t i = 0; i < sum->n_scans; i++) {
		const struct summary_scan *s = sum->scans[i];
		put_padded(f, s->host, host_w + 2);
		put_padded(f, s->start_time, time_w + 2);
		put_padded(f, s->profile ? s->profile : "-", prof_w + 2);
		for (int r = 0; r < N_COUNTED; r++)
			fprintf(f, "%*zu  ", (int)count_w[r], s->tally[r]);
		put_plain(f, s->file);
		fputc('\n', f);
	}
}

/* Hosts down, rules across (numbered; the numbers are explained below the grid). */
static void text_grid(const cscap_summary *sum, FILE *f, size_t host_w)
{
	int num_w = snprintf(NULL, 0, "%zu", sum->n_rules);

	fputs("\nresults by rule (P pass, F fail, E error, U unknown, N notapplicable, K notchecked,"
	      " S notselected, I informational, X fixed, . no result)\n", f);
	size_t label_w = 0, sev_w = 0;

	put_padded(f, "host", host_w + 1);
	for (size_t k = 0; k < sum->n_rules; k++)
		fprintf(f, " %*zu", num_w, k + 1);
	fputc('\n', f);
	for (size_t i = 0; i < sum->n_scans; i++) {
		put_padded(f, sum->scans[i]->host, host_w + 1);
		for (size_t k = 0; k < sum->n_rules; k++)
			fprintf(f, " %*c", num_w, result_letters[result_code(result_of(sum, i, k))]);
		fputc('\n', f);
	}
	for (size_t k = 0; k < sum->n_rules; k++) {
		label_w = max_size(label_w, strlen(rule_label(sum->rules[k])));
		sev_w = max_size(sev_w, strlen(sum->rules[k]->severity ? sum->rules[k]->severity : "-"));
	}
	fputs("\nrules\n", f);
	for (size_t k = 0; k < sum->n_rules; k++) {
		const struct summary_rule *r = sum->rules[k];
		fprintf(f, "%*zu  ", num_w, k + 1);
		put_padded(f, rule_label(r), label_w + 2);
		put_padded(f, r->severity ? r->severity : "-", sev_w + 2);
		put_plain(f, r->id);
		if (r->title) {
			fputs("  ", f);
			put_plain(f, r->title);
		}
		fputc('\n', f);
	}
}

/* Rule by rule (benchmark order), each scan with a finding and its evidence. */
static void text_findings(const cscap_summary *sum, FILE *f)
{
	int any = 0;

	for (size_t k = 0; k < sum->n_rules; k++) {
		size_t n = rule_findings(sum, k);
		if (!n)
			continue;
		if (!any++)
			fputs("\nfindings (fail, error, unknown) and their evidence\n", f);
		put_plain(f, rule_label(sum->rules[k]));
		fputs("  ", f);
		put_plain(f, sum->rules[k]->id);
		fprintf(f, "  (%zu of %zu scans)\n", n, sum->n_scans);
		for (size_t i = 0; i < sum->n_scans; i++) {
			const struct summary_result *r = result_of(sum, i, k);
			if (!r || !summary_result_is_finding(r->result))
				continue;
			fputs("  ", f);
			put_plain(f, sum->scans[i]->host);
			fprintf(f, "  %s  ", cscap_result_str(r->result));
			put_plain(f, sum->scans[i]->file);
			fputc('\n', f);
			for (size_t e = 0; e < r->n_evidence; e++) {
				fputs("    ", f);
				put_plain(f, r->evidence[e]);
				fputc('\n', f);
			}
		}
	}
	if (!any && sum->n_scans)
		fputs("\nno findings\n", f);
}

int summary_write_text(const cscap_summary *sum, FILE *f)
{
	size_t host_w = strlen("host");

	for (size_t i = 0; i < sum->n_scans; i++)
		host_w = max_size(host_w, strlen(sum->scans[i]->host));
	text_header(sum, f);
	if (!sum->n_scans)
		return 0;
	text_counts(sum, f, host_w);
	if (sum->n_rules)
		text_grid(sum, f, host_w);
	text_findings(sum, f);
	return 0;
}

/* ---------- CSV ---------- */

/* One field: quoted when it must be, and a leading = + - @ (a formula to a
 * spreadsheet) or tab/CR is defused with an apostrophe, as OWASP advises. */
static void csv_field(FILE *f, const char *s)
{
	s = s ? s : "";
	int formula = *s && strchr("=+-@\t\r", *s);
	int quote = formula || *s == ' ' || strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		p = put_safe_char(f, p, 1);
	}
	if (quote)
		fputc('"', f);
}

/* The evidence cell: one line per message, "DKER-EE-001240 fail: container_item: ...". */
static char *csv_evidence(const cscap_summary *sum, size_t scan)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	for (size_t k = 0; k < sum->n_rules; k++) {
		const struct summary_result *r = result_of(sum, scan, k);
		if (!r || !summary_result_is_finding(r->result))
			continue;
		if (!r->n_evidence)
			fprintf(m, "%s%s %s", ftell(m) ? "\n" : "", rule_label(sum->rules[k]), cscap_result_str(r->result));
		for (size_t e = 0; e < r->n_evidence; e++)
			fprintf(m, "%s%s %s: %s", ftell(m) ? "\n" : "", rule_label(sum->rules[k]),
				cscap_result_str(r->result), r->evidence[e]);
	}
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int summary_write_csv(const cscap_summary *sum, FILE *f)
{
	fputs("host,start_time,profile,file", f);
	for (int r = 0; r < N_COUNTED; r++)
		fprintf(f, ",%s", cscap_result_str((cscap_result)r));
	for (size_t k = 0; k < sum->n_rules; k++) {
		fputc(',', f);
		csv_field(f, sum->rules[k]->id);
	}
	fputs(",evidence\r\n", f);
	for (size_t i = 0; i < sum->n_scans; i++) {
		const struct summary_scan *s = sum->scans[i];
		char *evidence = csv_evidence(sum, i);
		if (!evidence)
			return cscap_err_oom();
		csv_field(f, s->host);
		fputc(',', f);
		csv_field(f, s->start_time);
		fputc(',', f);
		csv_field(f, s->profile);
		fputc(',', f);
		csv_field(f, s->file);
		for (int r = 0; r < N_COUNTED; r++)
			fprintf(f, ",%zu", s->tally[r]);
		for (size_t k = 0; k < sum->n_rules; k++) {
			fputc(',', f);
			csv_field(f, cscap_result_str(result_code(result_of(sum, i, k))));
		}
		fputc(',', f);
		csv_field(f, evidence);
		fputs("\r\n", f);
		free(evidence);
	}
	return 0;
}

/* ---------- HTML ---------- */

static void html(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
				fputs("&#xFFFD;", f);
			else
				fputc(*p, f);
		}
	}
}

static const char html_style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
	"table{border-collapse:collapse;margin:.5em 0 1.5em}"
	"th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
	"thead th{background:#f0f0f0;position:sticky;top:0}"
	"td.n{text-align:right}"
	".grid td{text-align:center;font-size:12px}"
	".grid thead th{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}"
	".pass{background:#d7f5d7}.fail{background:#f9c7c7}.error,.unknown{background:#fbe3a8}"
	".notapplicable,.notchecked,.notselected,.informational,.fixed,.none{background:#eee;color:#666}"
	"code,.ev{font-family:ui-monospace,monospace;font-size:12px}"
	".ev{margin:0;padding-left:1.2em}"
	"a{color:inherit}";

static void html_counts(const cscap_summary *sum, FILE *f)
{
	fputs("<h2>Hosts</h2>\n<table class=\"counts\"><thead><tr><th>host</th><th>start time</th><th>profile</th>", f);
	for (int r = 0; r < N_COUNTED; r++)
		fprintf(f, "<th>%s</th>", cscap_result_str((cscap_result)r));
	fputs("<th>file</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < sum->n_scans; i++) {
		const struct summary_scan *s = sum->scans[i];
		fprintf(f, "<tr id=\"s%zu\"><th>", i + 1);
		html(f, s->host);
		fputs("</th><td>", f);
		html(f, s->start_time);
		fputs("</td><td><code>", f);
		html(f, s->profile ? s->profile : "");
		fputs("</code></td>", f);
		for (int r = 0; r < N_COUNTED; r++)
			fprintf(f, "<td class=\"n%s\">%zu</td>",
				s->tally[r] && summary_result_is_finding((cscap_result)r) ? " fail" : "", s->tally[r]);
		fputs("<td><code>", f);
		html(f, s->file);
		fputs("</code></td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_grid(const cscap_summary *sum, FILE *f)
{
	fputs("<h2>Results by rule</h2>\n<table class=\"grid\"><thead><tr><th>host</th>", f);
	for (size_t k = 0; k < sum->n_rules; k++) {
		fprintf(f, "<th title=\"");
		html(f, sum->rules[k]->title ? sum->rules[k]->title : sum->rules[k]->id);
		fprintf(f, "\"><a href=\"#r%zu\">", k + 1);
		html(f, rule_label(sum->rules[k]));
		fputs("</a></th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < sum->n_scans; i++) {
		fprintf(f, "<tr><th><a href=\"#s%zu\">", i + 1);
		html(f, sum->scans[i]->host);
		fputs("</a></th>", f);
		for (size_t k = 0; k < sum->n_rules; k++) {
			cscap_result r = result_code(result_of(sum, i, k));
			const char *name = r == CSCAP_RESULT_NONE ? "none" : cscap_result_str(r);
			if (summary_result_is_finding(r))
				fprintf(f, "<td class=\"%s\"><a href=\"#f%zu-%zu\">%s</a></td>", name, i + 1, k + 1, name);
			else
				fprintf(f, "<td class=\"%s\">%s</td>", name, r == CSCAP_RESULT_NONE ? "" : name);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_findings(const cscap_summary *sum, FILE *f)
{
	fputs("<h2>Findings and their evidence</h2>\n", f);
	for (size_t k = 0; k < sum->n_rules; k++) {
		const struct summary_rule *rule = sum->rules[k];
		size_t n = rule_findings(sum, k);

		fprintf(f, "<h3 id=\"r%zu\">", k + 1);
		html(f, rule_label(rule));
		if (rule->title) {
			fputs(": ", f);
			html(f, rule->title);
		}
		fputs("</h3>\n<p><code>", f);
		html(f, rule->id);
		fputs("</code>, severity ", f);
		html(f, rule->severity ? rule->severity : "unknown");
		fprintf(f, "; findings on %zu of %zu scans</p>\n", n, sum->n_scans);
		if (!n)
			continue;
		fputs("<table><thead><tr><th>host</th><th>result</th><th>evidence</th><th>file</th></tr></thead><tbody>\n", f);
		for (size_t i = 0; i < sum->n_scans; i++) {
			const struct summary_result *r = result_of(sum, i, k);
			if (!r || !summary_result_is_finding(r->result))
				continue;
			fprintf(f, "<tr id=\"f%zu-%zu\"><th>", i + 1, k + 1);
			html(f, sum->scans[i]->host);
			fprintf(f, "</th><td class=\"%s\">%s</td><td><ul class=\"ev\">", cscap_result_str(r->result),
				cscap_result_str(r->result));
			for (size_t e = 0; e < r->n_evidence; e++) {
				fputs("<li>", f);
				html(f, r->evidence[e]);
				fputs("</li>", f);
			}
			fputs("</ul></td><td><code>", f);
			html(f, sum->scans[i]->file);
			fputs("</code></td></tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
}

int summary_write_html(const cscap_summary *sum, FILE *f)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		"<title>cscap summary</title><style>%s</style></head><body>\n<h1>cscap summary</h1>\n"
		"<p>%zu scan%s of %zu host%s; %zu rule%s shown.</p>\n", html_style, sum->n_scans,
		sum->n_scans == 1 ? "" : "s", host_count(sum), host_count(sum) == 1 ? "" : "s", sum->n_rules,
		sum->n_rules == 1 ? "" : "s");
	if (sum->n_unread) {
		fprintf(f, "<h2>Files not read (%zu)</h2>\n<ul>\n", sum->n_unread);
		for (size_t i = 0; i < sum->n_unread; i++) {
			fputs("<li><code>", f);
			html(f, sum->unread[i]);
			fputs("</code></li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	if (sum->n_scans) {
		html_counts(sum, f);
		if (sum->n_rules) {
			html_grid(sum, f);
			html_findings(sum, f);
		}
	}
	fputs("</body></html>\n", f);
	return 0;
}

/* ---------- output ---------- */

static int write_to(const cscap_summary *sum, cscap_summary_format format, FILE *f)
{
	switch (format) {
	case CSCAP_SUMMARY_TEXT: return summary_write_text(sum, f);
	case CSCAP_SUMMARY_CSV: return summary_write_csv(sum, f);
	case CSCAP_SUMMARY_HTML: return summary_write_html(sum, f);
	}
	return cscap_err(CSCAP_EUSAGE, "cscap_summary_write: unknown format %d", (int)format);
}

int cscap_summary_write(cscap_summary *sum, cscap_summary_format format, const char *path)
{
	struct atomic_file af;
	FILE *f;
	int rc, fd;

	if (!sum || !path)
		return cscap_err(CSCAP_EUSAGE, "cscap_summary_write: no summary or no path");
	if (strcmp(path, "-") == 0) {
		rc = write_to(sum, format, stdout);
		if (fflush(stdout) != 0 || ferror(stdout))
			return rc ? rc : cscap_err(CSCAP_EIO, "standard output: %s", strerror(errno));
		return rc;
	}
	if ((rc = atomic_file_open(&af, path)))
		return rc;
	if ((fd = dup(af.fd)) < 0 || !(f = fdopen(fd, "w"))) {
		rc = cscap_err(CSCAP_EIO, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		atomic_file_abort(&af);
		return rc;
	}
	rc = write_to(sum, format, f);
	if ((ferror(f) | fclose(f)) != 0 && !rc)
		rc = cscap_err(CSCAP_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (rc) {
		atomic_file_abort(&af);
		return rc;
	}
	return atomic_file_commit(&af);
}
