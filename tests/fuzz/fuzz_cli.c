/*
 * Fuzz target: the command line's option parser (engine/cli/main.c).
 *
 * parse_options() is static, so this file includes main.c itself (with its
 * main() renamed) instead of asking for it to be exported; nothing in
 * engine/ changes for the fuzzer.  The input is split at NUL bytes into
 * arguments (at most 64); the first byte's low bit says whether the options
 * are those of an eval subcommand.  Arguments that getopt would read as
 * --help are dropped: that option prints the usage and exits, which is
 * right for the CLI and would end the fuzzer.
 *
 * Findings: a sanitizer report or crash; a result that points outside the
 * arguments; more --rule/--skip-rule ids than the lists hold; numbers
 * outside the ranges the usage text gives.
 */
#include <stdint.h>

int cscap_cli_main(int argc, char **argv);
#define main cscap_cli_main
#include "cli/main.c"
#undef main

#include "fuzz_util.h"

#define MAX_ARGS 64

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* getopt keeps state between calls (the rest of a "-abc" cluster); a
 * process parses its options once, a fuzzer thousands of times: forget it. */
static void reset_getopt(void)
{
	static char prog[] = "x";
	static char *args[] = {prog, NULL};

	optind = 0;
	opterr = 0;
	(void)getopt_long(1, args, "", long_options, NULL);
}

static bool points_into(const char *p, char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

static void check_list(const char *const *list, size_t n, char **argv, int argc)
{
	if (!list)
		return;
	if (n >= 256 || list[n] != NULL)
		fuzz_fail("rule list overflows or is not NULL-terminated", NULL);
	for (size_t i = 0; i < n; i++)
		if (!points_into(list[i], argv, argc))
			fuzz_fail("a rule id points outside the arguments", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *argv[MAX_ARGS + 2];
	int argc = 0;
	struct cli c;

	if (size < 1)
		return 0;
	int eval = data[0] & 1;
	copy = malloc(size);
	if (!copy)
		abort();
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	argv[argc++] = eval ? "eval" : "info";
	for (char *p = copy; p < copy + size - 1 && argc <= MAX_ARGS; p += strlen(p) + 1)
		if (strncmp(p, "--h", 3) != 0)
			argv[argc++] = p;
	argv[argc] = NULL;

	memset(&c, 0, sizeof(c));
	cscap_options_init(&c.opts);
	reset_getopt();
	int first = parse_options(&c, argc, argv, eval);
	if (first >= 0) {
		if (first < 1 || first > argc)
			fuzz_fail("first operand index out of range", NULL);
		const char *strings[] = {c.profile, c.arf, c.results, c.oval_results, c.opts.engine_url,
					 c.opts.root, c.opts.scap_schema_dir, c.opts.schema_dir};
		for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
			if (strings[i] && !points_into(strings[i], argv, argc))
				fuzz_fail("an option value points outside the arguments", NULL);
		check_list(c.opts.rules, c.n_rules, argv, argc);
		check_list(c.opts.skip_rules, c.n_skip_rules, argv, argc);
		if (c.opts.max_parallel < 0 || c.opts.max_parallel > 64)
			fuzz_fail("--parallel out of range", NULL);
		if (c.opts.timeout_ms < 0 || c.opts.timeout_ms > 3600 * 1000L)
			fuzz_fail("--timeout out of range", NULL);
		/* The writability check runs on the paths as given (access(2) only). */
		(void)check_writable(c.arf);
		(void)check_writable(c.results);
	}
	free(copy);
	return 0;
}
