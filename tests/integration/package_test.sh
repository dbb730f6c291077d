#!/usr/bin/env bash
# tests/integration/package_test.sh — the Debian packages: build them from a
# copy of the working tree with `dpkg-buildpackage -us -uc -b`, install the
# .debs with apt-get, then use what they installed: a scan of the fake engine
# with /usr/bin/cscap and the installed STIG content, the example plugin
# built against libcscap-dev's headers, and a program built with
# `pkg-config --cflags --libs cscap` against libcscap0.  The packages are
# purged again at the end (unless they were installed before).
#
# Slow (build dependencies, a full build): it runs only when CI is set or
# CSCAP_PACKAGE_TEST=1, and needs root.  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
# shellcheck source=tests/lib/fake_engine.sh
. "$ROOT/tests/lib/fake_engine.sh"

if [ -z "${CI:-}" ] && [ "${CSCAP_PACKAGE_TEST:-}" != 1 ]; then
	skip "Debian packages build, install and scan (not in CI; set CSCAP_PACKAGE_TEST=1)"
	finish
fi
if [ "$(id -u)" != 0 ]; then
	skip "Debian packages build, install and scan (needs root for apt-get)"
	finish
fi

T=$(mktemp -d /tmp/cscap-package.XXXXXX)
SRC=$T/cscap-0.1.0
FAKE_PID=
PURGE=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	# shellcheck disable=SC2086
	[ -n "$PURGE" ] && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $PURGE >/dev/null 2>&1
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT INT TERM

export DEBIAN_FRONTEND=noninteractive
need_packages build-essential:/usr/share/build-essential/list dpkg-dev:dpkg-buildpackage debhelper:dh git:git
command -v dh >/dev/null || { not_ok "debhelper is installed"; finish; }

# ---- the source: the working tree as git sees it (tracked and new files, nothing ignored)
mkdir -p "$SRC"
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$SRC"
check "the source tree has debian/" test -x "$SRC/debian/rules"

if (cd "$SRC" && apt-get build-dep -y -qq ./ >"$T/build-dep.log" 2>&1); then
	ok "apt-get build-dep installs the Build-Depends of debian/control"
else
	not_ok "apt-get build-dep installs the Build-Depends of debian/control"
	diag "$T/build-dep.log"
	finish
fi

# ---- build
# Not the calling make's variables (SANITIZE=... would build the package with ASan).
if (cd "$SRC" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZE dpkg-buildpackage -us -uc -b >"$T/build.log" 2>&1); then
	ok "dpkg-buildpackage -us -uc -b"
else
	not_ok "dpkg-buildpackage -us -uc -b"
	diag "$T/build.log" 30
	finish
fi
debs=()
for p in cscap libcscap0 libcscap-dev; do
	f=$(find "$T" -maxdepth 1 -name "${p}_*.deb" | head -n 1)
	if [ -n "$f" ]; then ok "built $(basename "$f")"; debs+=("$f"); else not_ok "built ${p}_*.deb"; fi
done
[ ${#debs[@]} -eq 3 ] || finish
lib_deb=${debs[1]}
dev_deb=${debs[2]}
check "libcscap0 holds the shared library under its soname" \
	sh -c "dpkg-deb -c '$lib_deb' | grep -q 'usr/lib/.*/libcscap.so.0 -> libcscap.so.0.1.0'"
check "libcscap-dev holds the headers, the .pc and cscap_plugin(3)" \
	sh -c "dpkg-deb -c '$dev_deb' | grep -q include/cscap/plugin.h && dpkg-deb -c '$dev_deb' | grep -q pkgconfig/cscap.pc && dpkg-deb -c '$dev_deb' | grep -q man3/cscap_plugin.3"
check "libcscap0 carries its shlibs (soname libcscap.so.0)" \
	sh -c "dpkg-deb -I '$lib_deb' shlibs | grep -q '^libcscap 0 libcscap0'"

# ---- install
for p in cscap libcscap0 libcscap-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || PURGE="$PURGE $p"
done
if apt-get install -y -qq "${debs[@]}" >"$T/install.log" 2>&1; then
	ok "apt-get install ./cscap_*.deb ./libcscap0_*.deb ./libcscap-dev_*.deb"
else
	not_ok "apt-get install the .debs"
	diag "$T/install.log"
	finish
fi
same "/usr/bin/cscap is the packaged one" "$(/usr/bin/cscap --version)" "cscap 0.1.0"
check "cscap(1) and cscap_plugin(3) are installed" \
	sh -c "test -s /usr/share/man/man1/cscap.1.gz && test -s /usr/share/man/man3/cscap_plugin.3.gz"

# ---- a scan with the installed cscap and content (the fake engine: one host-PID container)
fake_engine_up ok
DS=/usr/share/cscap/content/cscap-docker-ee-2x-ds.xml
/usr/bin/cscap xccdf eval --engine "unix://$FAKE_SOCK" --no-kernel-view --profile xccdf_cscap_profile_automated \
	--results-arf "$T/arf.xml" "$DS" >"$T/scan.out" 2>"$T/scan.err"
rc=$?
same "the packaged cscap scans: exit 2 (a container shares the host PID namespace)" "$rc" 2
[ "$rc" = 2 ] || diag "$T/scan.err"
same "DKER-EE-001240 is fail in the ARF" "$(rule_result "$T/arf.xml")" fail
check "the ARF validates against the installed schemas" /usr/bin/cscap validate "$T/arf.xml"

# ---- the development package: a plugin and a program
cflags=$(pkg-config --cflags cscap)
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -fPIC -fvisibility=hidden -shared $cflags -o "$T/example.so" \
	"$ROOT/examples/plugin/example_plugin.c" 2>"$T/plugin.err"; then
	ok "the example plugin builds against libcscap-dev (pkg-config --cflags cscap)"
	(cd "$ROOT/examples/plugin" && /usr/bin/cscap xccdf eval --skip-validation --plugin "$T/example.so" \
		example-xccdf.xml) >"$T/plugin.out" 2>&1
	same "the packaged cscap evaluates with it" \
		"$(awk '{print $1}' "$T/plugin.out" | tr '\n' ' ')" "pass fail pass fail pass "
else
	not_ok "the example plugin builds against libcscap-dev"
	diag "$T/plugin.err"
fi
cat >"$T/prog.c" <<'EOF'
#include <stdio.h>
#include <cscap/cscap.h>
#include <cscap/plugin.h>
int main(void)
{
	cscap_options o;
	cscap_session *s;
	cscap_options_init(&o);
	o.engine_url = "unix:///nonexistent.sock";
	if (cscap_session_new(&s, &o))
		return 1;
	printf("%s %d\n", cscap_version(), CSCAP_PLUGIN_ABI_VERSION);
	cscap_session_free(s);
	return 0;
}
EOF
# shellcheck disable=SC2046
if cc -std=c11 -Wall -Werror -o "$T/prog" "$T/prog.c" $(pkg-config --cflags --libs cscap) 2>"$T/prog.err"; then
	ok "a program builds with pkg-config --cflags --libs cscap"
	same "and runs with the packaged libcscap.so.0" "$("$T/prog")" "0.1.0 1"
	check "it loads the packaged libcscap.so.0" sh -c "ldd '$T/prog' | grep -Eq 'libcscap.so.0 => (/usr)?/lib/[^ ]*/libcscap.so.0 '"
else
	not_ok "a program builds with pkg-config --cflags --libs cscap"
	diag "$T/prog.err"
fi

finish
