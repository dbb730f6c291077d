#!/usr/bin/env bash
# tests/integration/install_test.sh — libcscap as an installed library:
# only cscap_* is exported from the shared library (versioned, soname
# libcscap.so.0); `make install` into a DESTDIR lays out the binary, the
# static and shared library with its symlinks, the headers, cscap.pc, the
# content, schemas, report stylesheet and the man pages; and a small program
# built against the installed tree with `pkg-config --cflags --libs cscap`
# (the .pc relocated with PKG_CONFIG_SYSROOT_DIR, and with
# --define-variable=prefix) runs, shared and static.  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

BUILD=${CSCAP_BUILD:-build}
# A sanitizer build's library needs programs built with the same sanitizers.
SAN_CFLAGS=
if nm -D "$BUILD/libcscap.so.0" 2>/dev/null | grep -q ' __asan_init'; then
	SAN_CFLAGS="-fsanitize=address,undefined"
fi
SO=$BUILD/libcscap.so.0
PREFIX=/usr/local
T=$(mktemp -d /tmp/cscap-install.XXXXXX)
DEST=$T/root

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT INT TERM

need_packages binutils:nm pkg-config:pkg-config gcc:cc

# ---- the shared library's interface
[ -f "$SO" ] || { not_ok "$SO is built"; finish; }
nm -D --defined-only "$SO" | awk '$2 ~ /^[TDRBVW]$/ {print $3}' | sed 's/@.*//' | sort -u >"$T/exported"
others=$(grep -v '^cscap_' "$T/exported" | grep -v '^CSCAP_0$' | tr '\n' ' ')
same "every symbol libcscap.so exports starts with cscap_" "$others" ""
check "the public API is exported (cscap_session_new, cscap_session_load_memory, cscap_session_load_plugin)" \
	grep -qx -e cscap_session_load_memory "$T/exported"
for f in cscap_session_new cscap_session_load_plugin cscap_session_register_probe cscap_error_last cscap_options_init_abi cscap_summary_options_init_abi; do
	grep -qx "$f" "$T/exported" || not_ok "$f is exported"
done
internal=$(grep -c -e '^probe_' -e '^plugin_registry' -e '^xml_read' -e '^arena_' "$T/exported")
same "no internal function is exported" "$internal" 0
same "the soname is libcscap.so.0" "$(objdump -p "$SO" | awk '$1 == "SONAME" {print $2}')" libcscap.so.0
check "the exported symbols carry the version CSCAP_0" sh -c "objdump -T '$SO' | grep -q 'CSCAP_0 *cscap_session_new'"
check "the library resolves every symbol it uses (ldd -r)" \
	sh -c "! ldd -r '$SO' 2>&1 | grep 'undefined symbol'"

# ---- make install into a DESTDIR
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s install BUILD="$BUILD" PREFIX="$PREFIX" DESTDIR="$DEST" >"$T/install.log" 2>&1; then
	ok "make install DESTDIR=… PREFIX=$PREFIX"
else
	not_ok "make install DESTDIR=… PREFIX=$PREFIX"
	diag "$T/install.log"
	finish
fi
P=$DEST$PREFIX
for f in bin/cscap lib/libcscap.a lib/libcscap.so.0.1.0 include/cscap/cscap.h include/cscap/error.h \
	include/cscap/plugin.h lib/pkgconfig/cscap.pc share/cscap/content/cscap-docker-ee-2x-ds.xml \
	share/cscap/report.xsl share/man/man1/cscap.1 share/man/man3/cscap_plugin.3; do
	check "installed: $f" test -s "$P/$f"
done
check "installed: the schemas" sh -c "ls '$P'/share/cscap/schemas/*.xsd >/dev/null"
same "libcscap.so.0 → libcscap.so.0.1.0" "$(readlink "$P/lib/libcscap.so.0")" libcscap.so.0.1.0
same "libcscap.so → libcscap.so.0" "$(readlink "$P/lib/libcscap.so")" libcscap.so.0
same "the .pc names the prefix" "$(sed -n 's/^prefix=//p' "$P/lib/pkgconfig/cscap.pc")" "$PREFIX"
# shellcheck disable=SC2016  # the literal text of the .pc
same "the .pc derives libdir from it" "$(sed -n 's/^libdir=//p' "$P/lib/pkgconfig/cscap.pc")" '${prefix}/lib'
check "the installed man pages format without warnings" \
	sh -c "! groff -man -Tutf8 -ww -z '$P/share/man/man1/cscap.1' '$P/share/man/man3/cscap_plugin.3' 2>&1 | grep -q ."
check "cscap(1) names the installed content" grep -q "$PREFIX/share/cscap/content" "$P/share/man/man1/cscap.1"
check "the installed cscap runs" "$P/bin/cscap" --version

# ---- a program built against the installed tree
cat >"$T/prog.c" <<'EOF'
/* Loads OVAL content from memory, serves its object with a probe of its own, prints the result. */
#include <stdio.h>
#include <string.h>
#include <cscap/cscap.h>
#include <cscap/plugin.h>

static const char doc[] =
	"<oval_definitions xmlns='http://oval.mitre.org/XMLSchema/oval-definitions-5'"
	" xmlns:oval='http://oval.mitre.org/XMLSchema/oval-common-5' xmlns:p='urn:prog#p'>"
	"<generator><oval:schema_version>5.11</oval:schema_version><oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>"
	"<definitions><definition id='oval:p:def:1' version='1' class='compliance'><metadata><title>t</title>"
	"<description>d</description></metadata><criteria><criterion test_ref='oval:p:tst:1'/></criteria></definition></definitions>"
	"<tests><p:p_test id='oval:p:tst:1' version='1' check='all' check_existence='at_least_one_exists'>"
	"<p:object object_ref='oval:p:obj:1'/></p:p_test></tests>"
	"<objects><p:p_object id='oval:p:obj:1' version='1'><p:name>x</p:name></p:p_object></objects>"
	"</oval_definitions>";

static int collect(void *data, const cscap_probe_object *o, const cscap_probe_output *out)
{
	(void)data;
	(void)o;
	if (out->item_begin(out->sink) || out->item_entity(out->sink, "name", "x", NULL, CSCAP_STATUS_EXISTS) ||
	    out->item_end(out->sink))
		return CSCAP_ENOMEM;
	return CSCAP_FLAG_COMPLETE;
}

int main(void)
{
	cscap_options o;
	cscap_session *s;
	cscap_probe p = {"urn:prog#p", "p_object", "urn:prog#p-sc", "p_item", NULL, collect, NULL, NULL};
	const char *id, *result;

	cscap_options_init(&o);
	o.skip_validation = 1;
	o.engine_url = "unix:///nonexistent.sock";
	if (cscap_session_new(&s, &o) || cscap_session_register_probe(s, &p) ||
	    cscap_session_load_memory(s, doc, strlen(doc), "prog.xml") || cscap_session_evaluate(s, NULL) ||
	    cscap_session_definition_result(s, 0, &id, &result)) {
		fprintf(stderr, "prog: %s\n", cscap_error_last());
		return 1;
	}
	printf("cscap %s: %s %s\n", cscap_version(), id, result);
	cscap_session_free(s);
	return 0;
}
EOF
export PKG_CONFIG_PATH=$P/lib/pkgconfig
flags=$(PKG_CONFIG_SYSROOT_DIR=$DEST pkg-config --cflags --libs cscap 2>"$T/pc.err")
# shellcheck disable=SC2086  # one flag a line
mine=$(printf '%s\n' $flags | grep -e "^-I$P/" -e "^-L$P/" -e '^-lcscap$' | tr '\n' ' ')
same "pkg-config (PKG_CONFIG_SYSROOT_DIR) points into the installed tree" "$mine" "-I$P/include -L$P/lib -lcscap "
# shellcheck disable=SC2086  # the flags are words
if cc -std=c11 -Wall -Wextra -Werror $SAN_CFLAGS -o "$T/prog" "$T/prog.c" $flags 2>"$T/cc.err"; then
	ok "a program builds against the installed libcscap (shared)"
	same "and runs with it" "$(LD_LIBRARY_PATH=$P/lib "$T/prog" 2>&1)" "cscap 0.1.0: oval:p:def:1 true"
	check "it loads the installed libcscap.so.0" \
		sh -c "LD_LIBRARY_PATH='$P/lib' ldd '$T/prog' | grep -q '$P/lib/libcscap.so.0'"
else
	not_ok "a program builds against the installed libcscap (shared)"
	diag "$T/cc.err"
fi
# Static: libcscap.a with the dependencies' shared libraries.  (A fully static
# link needs every static library libcurl pulls in, which Debian does not ship
# by default; --static must still name cscap's private dependencies.)
static_libs=$(pkg-config --define-variable=prefix="$P" --static --libs cscap)
absent=
for l in -lxml2 -lxslt -lcurl -ljson-c -lpcre2-8 -lz -lbz2 -lpthread -ldl; do
	case " $static_libs " in *" $l "*) ;; *) absent="$absent $l" ;; esac
done
same "pkg-config --static names cscap's private dependencies" "$absent" ""
sflags="$(pkg-config --define-variable=prefix="$P" --cflags cscap) $P/lib/libcscap.a $(pkg-config --libs libxml-2.0 libxslt libcurl json-c libpcre2-8 zlib) -lbz2 -lpthread -ldl"
# shellcheck disable=SC2086
if cc -std=c11 $SAN_CFLAGS -o "$T/prog-static" "$T/prog.c" $sflags 2>"$T/cc-static.err"; then
	ok "a program builds against the installed libcscap.a (prefix redefined in pkg-config)"
	same "and runs without the shared library" "$(LD_LIBRARY_PATH=/nonexistent "$T/prog-static" 2>&1)" \
		"cscap 0.1.0: oval:p:def:1 true"
else
	not_ok "a program builds against the installed libcscap.a (prefix redefined in pkg-config)"
	diag "$T/cc-static.err"
fi

# ---- uninstall leaves nothing of cscap behind
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s uninstall BUILD="$BUILD" PREFIX="$PREFIX" DESTDIR="$DEST" >/dev/null 2>&1
left=$(find "$DEST" -type f -o -type l | wc -l)
same "make uninstall removes every installed file" "$left" 0

finish
