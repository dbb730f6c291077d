# cscap — build, test, install.  `make` builds; `make check` installs what it
# needs (Debian), builds and runs every test; `make demo` scans a throwaway engine.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR = $(PREFIX)/include
DATADIR = $(PREFIX)/share/cscap
MANDIR = $(PREFIX)/share/man
PKGCONFIGDIR = $(LIBDIR)/pkgconfig

CC ?= cc
PKGS = libxml-2.0 libxslt libcurl json-c libpcre2-8 zlib
TEST_PKGS = cmocka
SOVERSION = 0
VERSION = 0.1.0

# SANITIZE=address,undefined builds everything with those sanitizers.
SANITIZE ?=
SAN_FLAGS = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all,)

CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS_ALL = -std=c11 -D_GNU_SOURCE -Iinclude -Iengine -DCSCAP_DATADIR='"$(DATADIR)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(CPPFLAGS_ALL) $(WARNINGS) $(CFLAGS) $(SAN_FLAGS) -fPIC -fvisibility=hidden
# libbz2 (remote components, loader/fetch.c): Debian ships no bzip2.pc, so it is linked by name.
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lbz2 -lpthread -ldl
LDFLAGS_ALL = $(LDFLAGS) $(SAN_FLAGS)

# Sanitizer builds live apart so they never mix objects with the normal build.
BUILD ?= $(if $(SANITIZE),build-san,build)
LIB_SRC = $(sort $(wildcard engine/common/*.c engine/model/*.c engine/loader/*.c \
	engine/probes/*.c engine/probes/container/*.c engine/probes/host/*.c engine/eval/*.c \
	engine/writers/*.c engine/summary/*.c engine/plugins/*.c engine/api/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ = $(BUILD)/obj/engine/cli/main.o
UNIT_SRC = $(sort $(wildcard tests/unit/*_test.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Test peers: a misbehaving engine, and a timing tool for the engine view.
TOOL_BIN = $(BUILD)/tests/fake_engine $(BUILD)/tests/snapshot_bench

# The example plugin (examples/plugin/): built like any third-party plugin,
# against the public headers only.  Its unit test loads it from beside itself.
EXAMPLE_PLUGIN = $(BUILD)/examples/plugin/cscap-example.so
# Only cscap_* leaves the shared library (with -fvisibility=hidden, and versioned).
LIB_MAP = engine/api/libcscap.map

DS = content/cscap-docker-ee-2x-ds.xml
DS_OVAL = content/src/docker-ee-2x-oval.xml content/src/docker-ee-2x-cpe-oval.xml
DS_OCIL = content/src/docker-ee-2x-ocil.xml
DS_CPE = content/src/docker-ee-2x-cpe-dictionary.xml
DS_SRC = content/src/docker-ee-2x-xccdf.xml $(DS_OVAL) $(DS_OCIL) $(DS_CPE) content/compose-ds.xsl

.PHONY: all check check-sanitize check-sanitize-run check-valgrind demo install uninstall clean deps unit integration stig-facts examples
all: $(BUILD)/cscap $(BUILD)/libcscap.a $(BUILD)/libcscap.so.$(SOVERSION) $(DS)

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libcscap.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libcscap.so.$(SOVERSION): $(LIB_OBJ) $(LIB_MAP)
	$(CC) -shared -Wl,-soname,libcscap.so.$(SOVERSION) -Wl,--version-script=$(LIB_MAP) -Wl,--no-undefined \
		-o $@ $(LIB_OBJ) $(LDFLAGS_ALL) $(LIBS)

# pkg-config file: libdir under the prefix is written as ${prefix}/... so that
# --define-variable=prefix=... (or a relocated tree) moves it too.
$(BUILD)/cscap.pc: cscap.pc.in Makefile
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
		-e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|g' \
		-e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|g' \
		-e 's|@PKGS@|$(PKGS)|g' $< >$@.tmp
	mv $@.tmp $@

examples: $(EXAMPLE_PLUGIN)

$(EXAMPLE_PLUGIN): examples/plugin/example_plugin.c include/cscap/plugin.h include/cscap/cscap.h include/cscap/error.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -Iinclude $(WARNINGS) $(CFLAGS) $(SAN_FLAGS) -fPIC -fvisibility=hidden \
		-shared -o $@ $< $(LDFLAGS_ALL)
	@# cscap refuses plugins that group or others may rewrite; a umask of 002 must not make ours one.
	chmod go-w $@

# The CLI links the static library so the binary runs from the build tree.
$(BUILD)/cscap: $(CLI_OBJ) $(BUILD)/libcscap.a
	$(CC) -o $@ $(CLI_OBJ) $(BUILD)/libcscap.a $(LDFLAGS_ALL) $(LIBS)

# The data stream is composed from its readable sources and checked on every build.
$(DS): $(DS_SRC) content/check-content.sh schemas/*.xsd
	xsltproc --nonet --stringparam oval "$(DS_OVAL)" --stringparam ocil "$(DS_OCIL)" \
		--stringparam cpe "$(DS_CPE)" -o $@.tmp content/compose-ds.xsl content/src/docker-ee-2x-xccdf.xml
	sh content/check-content.sh $@.tmp
	mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcscap.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(shell pkg-config --cflags $(TEST_PKGS)) -o $@ $< \
		$(BUILD)/libcscap.a $(LDFLAGS_ALL) $(LIBS) $(shell pkg-config --libs $(TEST_PKGS))

$(BUILD)/tests/plugin_test: $(EXAMPLE_PLUGIN)

# api_test links the shared library, as an embedding program would, and sees
# only the public headers and what libcscap.so.0 exports; its rpath finds the
# library of its own build.
$(BUILD)/tests/api_test: tests/unit/api_test.c $(BUILD)/libcscap.so.$(SOVERSION) include/cscap/cscap.h include/cscap/plugin.h include/cscap/error.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -Iinclude $(WARNINGS) -Wno-missing-prototypes $(CFLAGS) $(SAN_FLAGS) \
		$(shell pkg-config --cflags $(TEST_PKGS)) -o $@ $< -L$(BUILD) -l:libcscap.so.$(SOVERSION) \
		-Wl,-rpath,'$$ORIGIN/..' $(LDFLAGS_ALL) -lpthread $(shell pkg-config --libs $(TEST_PKGS))

$(BUILD)/tests/fake_engine: tests/tools/fake_engine.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) $(SAN_FLAGS) -o $@ $< $(LDFLAGS_ALL)

$(BUILD)/tests/snapshot_bench: tests/tools/snapshot_bench.c $(BUILD)/libcscap.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcscap.a $(LDFLAGS_ALL) $(LIBS)

# `make check`: the one test command (README.md and CI run exactly this).
check: deps
	$(MAKE) all $(UNIT_BIN) $(TOOL_BIN) $(FUZZ_REPLAY_BIN) $(EXAMPLE_PLUGIN) $(BUILD)/cscap.pc
	CSCAP=$(BUILD)/cscap FAKE_ENGINE=$(BUILD)/tests/fake_engine CSCAP_BUILD=$(BUILD) \
		CSCAP_EXAMPLE_PLUGIN=$(EXAMPLE_PLUGIN) sh tests/run.sh $(UNIT_BIN)

# `make check-sanitize`: the unit tests, the fuzz corpus and the integration
# tests that drive the library hardest, built with ASan and UBSan into
# build-san/: a quicker round than `make check SANITIZE=address,undefined`;
# CI runs this one after `make check`.
SAN_INTEGRATION ?= foundation offline pid_modes engine_faults kernel_view endpoints oval_semantics xccdf_semantics host_probes host_rules results hostile_content output_safety remote
check-sanitize: deps
	$(MAKE) SANITIZE=address,undefined check-sanitize-run

check-sanitize-run:
	$(if $(SANITIZE),,$(error check-sanitize-run is run by check-sanitize))
	$(MAKE) all $(UNIT_BIN) $(TOOL_BIN) $(FUZZ_REPLAY_BIN) $(EXAMPLE_PLUGIN)
	for t in $(FUZZ_TARGETS); do $(BUILD)/tests/fuzz_$${t}_replay tests/fuzz/corpus/$$t || exit 1; done
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	CSCAP=$(BUILD)/cscap FAKE_ENGINE=$(BUILD)/tests/fake_engine CSCAP_BUILD=$(BUILD) \
		CSCAP_EXAMPLE_PLUGIN=$(EXAMPLE_PLUGIN) CSCAP_INTEGRATION="$(SAN_INTEGRATION)" \
		sh tests/run.sh $(UNIT_BIN)

# `make check-valgrind`: the unit tests and the content-driven integration
# tests with every cscap run under valgrind (tests/tools/valgrind-cscap): a
# memory error or a leak fails the test.  CI runs it after the sanitizers.
# Not the offline tests: Debian 12's valgrind (3.19) does not know openat2,
# which every read inside --root goes through (cscap then refuses to read).
VALGRIND_INTEGRATION ?= foundation kernel_view oval_semantics xccdf_semantics host_probes remote
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
check-valgrind: deps
	$(MAKE) all $(UNIT_BIN) $(TOOL_BIN) $(EXAMPLE_PLUGIN)
	@for t in $(UNIT_BIN); do echo "# valgrind $$t"; \
	  CSCAP_EXAMPLE_PLUGIN=$(EXAMPLE_PLUGIN) $(VALGRIND) $$t >$$t.valgrind.log 2>&1 || \
	    { tail -n 30 $$t.valgrind.log; echo "not ok - $$t under valgrind"; exit 1; }; done
	CSCAP=tests/tools/valgrind-cscap VALGRIND_CSCAP=$(BUILD)/cscap FAKE_ENGINE=$(BUILD)/tests/fake_engine \
		CSCAP_BUILD=$(BUILD) CSCAP_EXAMPLE_PLUGIN=$(EXAMPLE_PLUGIN) \
		CSCAP_INTEGRATION="$(VALGRIND_INTEGRATION)" sh tests/run.sh

unit: all $(UNIT_BIN) $(EXAMPLE_PLUGIN)
	sh tests/run.sh --unit-only $(UNIT_BIN)

demo: deps
	$(MAKE) all
	bash tests/demo.sh

# The shared library is installed under its full version, with the soname
# (libcscap.so.0, what programs load) and the development name (libcscap.so,
# what -lcscap finds) as symlinks.
install: all $(BUILD)/cscap.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR)/cscap \
		$(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(DATADIR)/content $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 755 $(BUILD)/cscap $(DESTDIR)$(BINDIR)/cscap
	install -m 644 $(BUILD)/libcscap.a $(DESTDIR)$(LIBDIR)/libcscap.a
	install -m 644 $(BUILD)/libcscap.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libcscap.so.$(VERSION)
	ln -sf libcscap.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libcscap.so.$(SOVERSION)
	ln -sf libcscap.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libcscap.so
	install -m 644 $(BUILD)/cscap.pc $(DESTDIR)$(PKGCONFIGDIR)/cscap.pc
	install -m 644 include/cscap/*.h $(DESTDIR)$(INCLUDEDIR)/cscap/
	install -m 644 schemas/*.xsd $(DESTDIR)$(DATADIR)/schemas/
	install -m 644 $(DS) $(DESTDIR)$(DATADIR)/content/
	install -m 644 data/report.xsl $(DESTDIR)$(DATADIR)/report.xsl
	sed 's|/usr/share/cscap|$(DATADIR)|g' man/cscap.1 >$(DESTDIR)$(MANDIR)/man1/cscap.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/cscap.1
	install -m 644 man/cscap_plugin.3 $(DESTDIR)$(MANDIR)/man3/cscap_plugin.3

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cscap $(DESTDIR)$(LIBDIR)/libcscap.a $(DESTDIR)$(LIBDIR)/libcscap.so*
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/cscap.pc $(DESTDIR)$(MANDIR)/man1/cscap.1 $(DESTDIR)$(MANDIR)/man3/cscap_plugin.3
	rm -rf $(DESTDIR)$(INCLUDEDIR)/cscap $(DESTDIR)$(DATADIR)

# Compare our benchmark's facts with DISA's (needs DISA's file, which is not in the repository).
STIG_XCCDF ?= ../shared/stig/U_Docker_Enterprise_2-x_Linux-Unix_STIG_V2R2_Manual-xccdf.xml
stig-facts:
	python3 content/tools/check-stig-facts.py $(STIG_XCCDF)

clean:
	rm -rf $(BUILD) $(DS) $(DS).tmp

include tests/fuzz/fuzz.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

include bench/bench.mk
