/*
 * phases: time the phases of one cscap evaluation through the public API
 * (include/cscap/cscap.h): load (parse, validate, build), evaluate (collect +
 * OVAL/XCCDF), write the ARF.  The CLI does exactly these calls in this order.
 *
 *   phases [-n RUNS] [--schemas DIR] [--skip-validation] [--root DIR | --engine URL]
 *          [--profile ID] [--arf FILE] [--without-syschar] [--load-only] CONTENT
 *
 * Each run is a fresh session in this process.  Prints key=value lines: the
 * median seconds of each phase over RUNS, the ARF size, and the process's
 * peak and current resident set (VmHWM, VmRSS, KiB) after each phase of the
 * first run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cscap/cscap.h"

#define MAX_RUNS 50

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long status_kib(const char *key)
{
	char line[256];
	long v = -1;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void mem(const char *phase)
{
	printf("%s_hwm_kib=%ld\n%s_rss_kib=%ld\n", phase, status_kib("VmHWM"), phase, status_kib("VmRSS"));
}

int main(int argc, char **argv)
{
	enum { O_SCHEMAS = 256, O_SKIP, O_ROOT, O_ENGINE, O_PROFILE, O_ARF, O_NOSYS, O_LOADONLY };
	static const struct option opts[] = {
		{"schemas", required_argument, NULL, O_SCHEMAS},
		{"skip-validation", no_argument, NULL, O_SKIP},
		{"root", required_argument, NULL, O_ROOT},
		{"engine", required_argument, NULL, O_ENGINE},
		{"profile", required_argument, NULL, O_PROFILE},
		{"arf", required_argument, NULL, O_ARF},
		{"without-syschar", no_argument, NULL, O_NOSYS},
		{"load-only", no_argument, NULL, O_LOADONLY},
		{NULL, 0, NULL, 0},
	};
	cscap_options o;
	const char *profile = NULL, *arf = NULL;
	int runs = 1, load_only = 0, opt;
	double t_load[MAX_RUNS], t_eval[MAX_RUNS], t_write[MAX_RUNS];

	cscap_options_init(&o);
	o.use_fixed_time = 1;
	o.fixed_time = 1767225600; /* 2026-01-01: same bytes every run */
	while ((opt = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case O_SCHEMAS: o.schema_dir = optarg; break;
		case O_SKIP: o.skip_validation = 1; break;
		case O_ROOT: o.root = optarg; break;
		case O_ENGINE: o.engine_url = optarg; break;
		case O_PROFILE: profile = optarg; break;
		case O_ARF: arf = optarg; break;
		case O_NOSYS: o.without_syschar = 1; break;
		case O_LOADONLY: load_only = 1; break;
		default: return 2;
		}
	}
	if (optind != argc - 1 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: phases [-n RUNS] [options] CONTENT\n");
		return 2;
	}
	for (int i = 0; i < runs; i++) {
		cscap_session *s;
		double t0 = now_s();
		if (cscap_session_new(&s, &o) || cscap_session_load(s, argv[optind])) {
			fprintf(stderr, "phases: load: %s\n", cscap_error_last());
			return 1;
		}
		double t1 = now_s();
		t_load[i] = t1 - t0;
		if (i == 0)
			mem("load");
		if (load_only) {
			cscap_session_free(s);
			continue;
		}
		if (cscap_session_evaluate(s, profile)) {
			fprintf(stderr, "phases: evaluate: %s\n", cscap_error_last());
			return 1;
		}
		double t2 = now_s();
		t_eval[i] = t2 - t1;
		if (i == 0)
			mem("eval");
		if (arf) {
			if (cscap_session_write_arf(s, arf)) {
				fprintf(stderr, "phases: write: %s\n", cscap_error_last());
				return 1;
			}
			t_write[i] = now_s() - t2;
			if (i == 0)
				mem("write");
		}
		cscap_session_free(s);
	}
	printf("runs=%d\nload_s=%.4f\n", runs, median(t_load, runs));
	if (!load_only)
		printf("eval_s=%.4f\n", median(t_eval, runs));
	if (!load_only && arf) {
		struct stat sb;
		printf("write_s=%.4f\n", median(t_write, runs));
		if (stat(arf, &sb) == 0)
			printf("arf_bytes=%lld\n", (long long)sb.st_size);
	}
	return 0;
}
