# bench/bench.mk — benchmarks, apart from the tests (`make check` never runs them).
# Included from the Makefile:  include bench/bench.mk
#
#   make bench          install what it needs (Debian, as root), build an
#                       optimised cscap in $(BENCH_BUILD), measure it against
#                       OpenSCAP and the engine's floor, print one table and
#                       rewrite the generated part of bench/BENCHMARKS.md
#                       (BENCH_QUICK=1 skips oscap at 10,000 containers)
#   make bench-profile  callgrind (instruction counts) of the 10,000-container
#                       offline scan and of the SSG load; summaries printed
#   make bench-build    only build cscap and the bench tools in $(BENCH_BUILD)

BENCH_BUILD ?= build-bench
BENCH_CFLAGS ?= -O2 -g

.PHONY: bench bench-build bench-tools bench-deps bench-profile

bench-deps:
	@sh bench/deps.sh

bench: bench-deps
	$(MAKE) bench-build
	BENCH_BUILD=$(BENCH_BUILD) BENCH_CFLAGS='$(BENCH_CFLAGS)' bash bench/run.sh

bench-profile: bench-deps
	$(MAKE) bench-build
	BENCH_BUILD=$(BENCH_BUILD) bash bench/profile.sh

bench-build:
	$(MAKE) BUILD=$(BENCH_BUILD) CFLAGS='$(BENCH_CFLAGS)' SANITIZE= all bench-tools

# In the inner make BUILD is $(BENCH_BUILD).
bench-tools: $(BUILD)/bench/benchrun $(BUILD)/bench/gen_root $(BUILD)/bench/phases

$(BUILD)/bench/benchrun: bench/benchrun.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -o $@ $<

$(BUILD)/bench/gen_root: bench/gen_root.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -o $@ $< -lpthread

# The public API only (include/cscap/cscap.h), linked like the CLI.
$(BUILD)/bench/phases: bench/phases.c $(BUILD)/libcscap.a include/cscap/cscap.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcscap.a $(LDFLAGS_ALL) $(LIBS)

# The optimised build and the cached fixtures (large: ~3 GiB at 100,000 containers).
.PHONY: bench-clean
bench-clean:
	rm -rf $(BENCH_BUILD) $${BENCH_CACHE:-/tmp/cscap-bench-cache}
