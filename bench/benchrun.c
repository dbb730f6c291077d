/*
 * benchrun: run a command several times; print the median wall time and peak RSS.
 *
 *   benchrun [-n RUNS] [-w WARMUP] [-x OK_CODES] [-t TIMEOUT_S] [-m MAX_MIB] [-l LOG] -- CMD [ARGS...]
 *
 * Each run is fork + exec; the wall time is CLOCK_MONOTONIC around it and the
 * peak RSS is ru_maxrss from wait4() (the largest resident set of the command
 * or of any descendant it waited for, in KiB).  WARMUP runs (default 0) come
 * first and are not counted.  OK_CODES is a comma-separated list of accepted
 * exit statuses (default 0); any other status, a signal or a timeout stops
 * and fails (exit 1) after printing the status.  MAX_MIB caps the command's
 * address space (RLIMIT_AS), so a runaway allocation fails inside the command
 * instead of waking the kernel's OOM killer on a shared machine.  The command's stdout and
 * stderr go to LOG (appended; default /dev/null); stdin is /dev/null.
 *
 * Output, one line on stdout, tab-separated:
 *   median_wall_s  min_wall_s  max_wall_s  median_rss_kib  max_rss_kib  runs  last_exit  median_cpu_s
 * (cpu: user + system time of the command and its waited-for descendants;
 * unlike the wall time it does not grow when other work shares the cores.)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 100

static volatile sig_atomic_t g_child;
static volatile sig_atomic_t g_timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	g_timed_out = 1;
	if (g_child > 0)
		kill(-g_child, SIGKILL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static int code_ok(const char *list, int code)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (atoi(t) == code)
			return 1;
	return 0;
}

/* One run: 0 and *wall, *rss_kib, *code on success; -1 when it could not run or was killed. */
static long g_max_mib;

static int run_once(char **argv, const char *log, unsigned timeout_s, double *wall, double *cpu,
		    long *rss_kib, int *code)
{
	struct rusage ru;
	int status;
	double t0 = now_s();
	pid_t pid = fork();

	if (pid < 0) {
		perror("benchrun: fork");
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		if (g_max_mib > 0) {
			struct rlimit rl = {.rlim_cur = (rlim_t)g_max_mib << 20, .rlim_max = (rlim_t)g_max_mib << 20};
			setrlimit(RLIMIT_AS, &rl);
		}
		int in = open("/dev/null", O_RDONLY);
		int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (in < 0 || out < 0) {
			perror("benchrun: open");
			_exit(127);
		}
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		execvp(argv[0], argv);
		fprintf(stderr, "benchrun: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	g_child = pid;
	g_timed_out = 0;
	if (timeout_s)
		alarm(timeout_s);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("benchrun: wait4");
			return -1;
		}
	}
	*wall = now_s() - t0;
	alarm(0);
	g_child = 0;
	*rss_kib = ru.ru_maxrss;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
	if (g_timed_out) {
		fprintf(stderr, "benchrun: %s: timed out after %u s\n", argv[0], timeout_s);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "benchrun: %s: killed by signal %d\n", argv[0], WTERMSIG(status));
		return -1;
	}
	*code = WEXITSTATUS(status);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 5, warmup = 0, opt;
	unsigned timeout_s = 0;
	const char *ok = "0", *log = "/dev/null";
	double walls[MAX_RUNS], cpus[MAX_RUNS], rss[MAX_RUNS], wall_min = 1e300, wall_max = 0;
	long rss_max = 0;
	int code = 0;

	while ((opt = getopt(argc, argv, "+n:w:x:t:m:l:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 'w': warmup = atoi(optarg); break;
		case 'x': ok = optarg; break;
		case 't': timeout_s = (unsigned)atoi(optarg); break;
		case 'm': g_max_mib = atol(optarg); break;
		case 'l': log = optarg; break;
		default:
			fprintf(stderr, "usage: benchrun [-n RUNS] [-w WARMUP] [-x OK_CODES] [-t TIMEOUT_S] [-m MAX_MIB] [-l LOG] -- CMD [ARGS...]\n");
			return 2;
		}
	}
	if (optind >= argc || runs < 1 || runs > MAX_RUNS || warmup < 0) {
		fprintf(stderr, "benchrun: nothing to run, or bad -n/-w\n");
		return 2;
	}
	struct sigaction sa = {.sa_handler = on_alarm};
	sigaction(SIGALRM, &sa, NULL);

	for (int i = 0; i < warmup + runs; i++) {
		double w, c;
		long r;
		if (run_once(argv + optind, log, timeout_s, &w, &c, &r, &code) != 0)
			return 1;
		if (!code_ok(ok, code)) {
			fprintf(stderr, "benchrun: %s exited %d (accepted: %s); see %s\n", argv[optind], code, ok, log);
			printf("nan\tnan\tnan\tnan\tnan\t0\t%d\tnan\n", code);
			return 1;
		}
		if (i < warmup)
			continue;
		walls[i - warmup] = w;
		cpus[i - warmup] = c;
		rss[i - warmup] = (double)r;
		if (w < wall_min)
			wall_min = w;
		if (w > wall_max)
			wall_max = w;
		if (r > rss_max)
			rss_max = r;
	}
	printf("%.4f\t%.4f\t%.4f\t%.0f\t%ld\t%d\t%d\t%.4f\n", median(walls, runs), wall_min, wall_max,
	       median(rss, runs), rss_max, runs, code, median(cpus, runs));
	return 0;
}
