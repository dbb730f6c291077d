# tests/fuzz/fuzz.mk — libFuzzer targets and their corpus replay; included
# from the Makefile (it uses its LIB_SRC, CPPFLAGS_ALL, WARNINGS, LIBS and BUILD).
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="content cli"]
#       builds every target with clang (-fsanitize=fuzzer,address,undefined)
#       into $(FUZZ_BUILD)/ and runs each for N seconds (default 60), one after
#       the other, starting from tests/fuzz/corpus/<target>/.  New inputs go to
#       $(FUZZ_BUILD)/corpus/<target>/, findings to $(FUZZ_BUILD)/findings/<target>/.
#       Fails when a target found something.  Needs Debian's clang and
#       libclang-rt-14-dev (installed when missing).
#   make fuzz-replay
#       builds each target with the normal compiler and tests/fuzz/replay_main.c
#       into $(BUILD)/tests/fuzz_<target>_replay and runs it over its corpus: the
#       corpus, and every input that once crashed, as a regression test
#       (SANITIZE=address,undefined for the sanitizer build).

FUZZ_CC ?= clang
FUZZ_BUILD ?= build-fuzz-lf
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= content oval_eval engine_reply offline cli
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = $(CPPFLAGS_ALL) $(WARNINGS) -O1 -g $(FUZZ_SAN)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_REPLAY_BIN = $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz_%_replay)
FUZZ_HDR = tests/fuzz/fuzz_util.h
# Per target: libFuzzer options beyond the common ones.
FUZZ_OPTS_content = -dict=tests/fuzz/xml.dict -max_len=65536 -close_fd_mask=3
FUZZ_OPTS_oval_eval = -dict=tests/fuzz/xml.dict -max_len=32768
FUZZ_OPTS_engine_reply = -dict=tests/fuzz/json.dict -max_len=16384
FUZZ_OPTS_offline = -dict=tests/fuzz/offline.dict -max_len=8192
FUZZ_OPTS_cli = -dict=tests/fuzz/cli.dict -max_len=1024 -close_fd_mask=3

.PHONY: fuzz fuzz-build fuzz-replay fuzz-deps

fuzz-deps:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 && \
	  [ -n "$$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || \
	  { echo "installing clang and libclang-rt-14-dev"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      clang libclang-rt-14-dev >/dev/null; }

# The library again, instrumented for coverage and built with clang.
$(FUZZ_BUILD)/obj/%.o: %.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libcscap-fuzz.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# fuzz_cli includes engine/cli/main.c, so it depends on it too.
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDR) $(FUZZ_BUILD)/libcscap-fuzz.a engine/cli/main.c
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libcscap-fuzz.a $(LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/findings/$$t; \
	  echo "# fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  opts=; case $$t in \
	    content) opts="$(FUZZ_OPTS_content)";; oval_eval) opts="$(FUZZ_OPTS_oval_eval)";; \
	    engine_reply) opts="$(FUZZ_OPTS_engine_reply)";; offline) opts="$(FUZZ_OPTS_offline)";; \
	    cli) opts="$(FUZZ_OPTS_cli)";; esac; \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2560 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/findings/$$t/ $$opts \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_BUILD)/fuzz_$$t.log; \
	  rc=$$?; tail -n 12 $(FUZZ_BUILD)/fuzz_$$t.log | grep -E 'stat::|Done|ERROR|SUMMARY|FINDING' ; \
	  if [ $$rc -ne 0 ]; then status=1; echo "# fuzz_$$t FOUND SOMETHING: $(FUZZ_BUILD)/fuzz_$$t.log, $(FUZZ_BUILD)/findings/$$t/"; fi; \
	done; exit $$status

# Replay: the targets against the normal (or sanitizer) library.
$(BUILD)/tests/fuzz_%_replay: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c $(FUZZ_HDR) $(BUILD)/libcscap.a engine/cli/main.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(BUILD)/libcscap.a $(LDFLAGS_ALL) $(LIBS)

fuzz-replay: $(FUZZ_REPLAY_BIN)
	@for t in $(FUZZ_TARGETS); do $(BUILD)/tests/fuzz_$${t}_replay tests/fuzz/corpus/$$t || exit 1; done

-include $(FUZZ_LIB_OBJ:.o=.d)
