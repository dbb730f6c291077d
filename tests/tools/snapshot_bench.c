/*
 * snapshot_bench: time container_snapshot_take against an engine.
 *
 *   snapshot_bench URL [ROUNDS [MAX_PARALLEL [CERT_DIR [VERIFY]]]]
 *
 * Prints one line per round (milliseconds, containers, vanished) and the
 * median; exit status 1 when a snapshot failed (its error is printed).
 * Links build/libcscap.a (internal symbols); built by hand or by the tests:
 *   cc -std=c11 -D_GNU_SOURCE -Iinclude -Iengine -o T/snapshot_bench \
 *      tests/tools/snapshot_bench.c build/libcscap.a $(pkg-config --libs libxml-2.0 libcurl json-c libpcre2-8) -lpthread
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <curl/curl.h>

#include "probes/container/container.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct probe_config cfg = {0};
	double times[100];
	int rounds, failed = 0;

	if (argc < 2 || argc > 6) {
		fprintf(stderr, "usage: %s URL [ROUNDS [MAX_PARALLEL [CERT_DIR [VERIFY]]]]\n", argv[0]);
		return 2;
	}
	rounds = argc > 2 ? atoi(argv[2]) : 5;
	if (rounds < 1 || rounds > 100)
		rounds = 5;
	cfg.engine_url = argv[1];
	cfg.max_parallel = argc > 3 ? atoi(argv[3]) : 0;
	cfg.tls_cert_dir = argc > 4 && argv[4][0] ? argv[4] : NULL;
	cfg.tls_verify = argc > 5 ? atoi(argv[5]) : 0;
	cfg.connect_timeout_ms = 5000;
	cfg.timeout_ms = 30000;
	cfg.max_reply_bytes = 256u << 20;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 2;
	for (int i = 0; i < rounds; i++) {
		struct container_snapshot *snap;
		double t0 = now_ms();
		if (container_snapshot_take(&snap, &cfg) != 0) {
			fprintf(stderr, "out of memory\n");
			return 2;
		}
		times[i] = now_ms() - t0;
		printf("round %d: %.1f ms, %zu containers, %zu vanished, engine %s %s API %s, daemon pid %ld%s%s\n",
		       i + 1, times[i], snap->n_containers, snap->n_vanished, snap->engine,
		       snap->engine_version ? snap->engine_version : "?",
		       snap->api_version ? snap->api_version : "?", snap->daemon_pid,
		       snap->status ? ", error: " : "", snap->status ? snap->error : "");
		failed |= snap->status != 0;
		container_snapshot_free(snap);
	}
	qsort(times, (size_t)rounds, sizeof(times[0]), cmp_double);
	printf("median %.1f ms over %d rounds\n", times[rounds / 2], rounds);
	curl_global_cleanup();
	return failed;
}
