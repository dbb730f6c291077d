# shellcheck shell=bash
# tests/lib/fake_engine.sh — start the fake engine (tests/tools/fake_engine.c)
# for a test, reported in TAP (needs tests/lib/tap.sh and $T, a work folder).
#   fake_engine_up MODE     serve MODE on $T/engine.sock; sets FAKE_SOCK and
#                           FAKE_PID (kill it in the test's EXIT trap)
# $FAKE_ENGINE names a built peer (make check passes it); else it is built here.
fake_engine_up() {
	local bin=${FAKE_ENGINE:-}
	if [ -z "$bin" ] || [ ! -x "$bin" ]; then
		bin=$T/fake_engine
		cc -std=c11 -D_GNU_SOURCE -O2 -o "$bin" "$ROOT/tests/tools/fake_engine.c" ||
			{ not_ok "build the fake engine"; finish; }
	fi
	FAKE_SOCK=$T/engine.sock
	"$bin" "$1" "unix:$FAKE_SOCK" 300 >"$T/peer.log" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 50); do [ -S "$FAKE_SOCK" ] && break; sleep 0.1; done
	[ -S "$FAKE_SOCK" ] || { not_ok "the fake engine listens"; finish; }
}
