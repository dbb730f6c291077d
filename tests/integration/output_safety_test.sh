#!/usr/bin/env bash
# tests/integration/output_safety_test.sh — results are never lost or half-written.
#
#   kill -9   cscap is killed at random moments while it scans and while it
#             writes a large ARF (an offline host root with thousands of
#             containers, OUTPUT_CONTAINERS, default 3000).  Afterwards the
#             result path holds the previous file, byte for byte, or a complete
#             new one (well-formed XML that ends with its root element) —
#             never a truncated file.  A killed run may leave its temporary
#             file (.<name>.XXXXXX beside the result): nobody is left to remove
#             it; the test counts them, checks they never have the result's
#             name, and removes them.
#   full disk the results go to a 64 KiB tmpfs: exit 1, one line on stderr
#             naming the file and saying why, the previous file intact, no
#             temporary file left.
#   read-only a read-only mount, and a folder the (non-root) user cannot
#             write: the same, and the scan is refused before it starts.
#
# Root is needed for the mounts and the user switch; without it those parts
# are skipped.  Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), OUTPUT_CONTAINERS (3000), OUTPUT_KILLS
# (kill -9 rounds, default 24), KEEP=1 keeps the work folder.
# Output: TAP; exit status 0 when nothing failed.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
N=${OUTPUT_CONTAINERS:-3000}
KILLS=${OUTPUT_KILLS:-24}
REAL_RULE=xccdf_cscap_rule_SV-235784r960804_rule
ARF_END='</arf:asset-report-collection>'
T=
MOUNTS=()

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$? m
	trap - EXIT INT TERM
	for m in "${MOUNTS[@]}"; do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
	done
	remove_work_dir "$T"
	exit "$rc"
}

if [ ! -x "$CSCAP" ]; then
	echo "1..0 # SKIP $CSCAP not built"
	exit 0
fi
need_packages libxml2-utils:xmllint
# Absolute paths: one part runs as another user from another folder.
CSCAP=$(readlink -f "$CSCAP")
DS=$(readlink -f "$DS")
T=$(mktemp -d /tmp/cscap-output.XXXXXX) || exit 1
chmod 755 "$T"
trap cleanup EXIT INT TERM
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
# Only the PID rule when the data stream has it: its failure prints nothing on
# stderr, so the one line there is the one about the output.
RULE_ARGS=()
grep -q "id=\"$REAL_RULE\"" "$DS" && RULE_ARGS=(--rule "$REAL_RULE")

# ------------------------------------------------------------ the host root

# N containers in Docker's on-disk format, every seventh in the host's PID
# namespace; written by one awk, folders by one mkdir.
make_root() {
	local n=$2 base=$1/var/lib/docker/containers
	mkdir -p "$base" || return 1
	seq 1 "$n" | awk -v b="$base" '{ printf "%s/%064x\n", b, $1 }' | xargs mkdir -p || return 1
	seq 1 "$n" | awk -v b="$base" '{
		id = sprintf("%064x", $1); d = b "/" id
		printf "{\"ID\":\"%s\",\"Name\":\"/output-safety-%d\",\"Config\":{\"Image\":\"busybox:latest\"},\"State\":{\"Running\":false,\"Paused\":false,\"Restarting\":false,\"RemovalInProgress\":false,\"Dead\":false,\"Pid\":0,\"StartedAt\":\"2026-01-01T00:00:00Z\",\"FinishedAt\":\"2026-01-01T00:01:00Z\"},\"MountPoints\":{\"/data\":{\"Source\":\"/srv/data/%d\",\"Destination\":\"/data\",\"RW\":true,\"Type\":\"bind\",\"Propagation\":\"rprivate\"}}}", id, $1, $1 > (d "/config.v2.json")
		close(d "/config.v2.json")
		printf "{\"PidMode\":\"%s\",\"IpcMode\":\"private\",\"NetworkMode\":\"default\",\"Privileged\":false,\"ReadonlyRootfs\":false,\"CapAdd\":[\"NET_ADMIN\"],\"CapDrop\":null,\"SecurityOpt\":null,\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"%d\"}]},\"Devices\":[],\"Ulimits\":null,\"PidsLimit\":null,\"CgroupParent\":\"\",\"UTSMode\":\"\",\"UsernsMode\":\"\"}", ($1 % 7 == 0) ? "host" : "", 20000 + $1 > (d "/hostconfig.json")
		close(d "/hostconfig.json")
	}'
}
HOSTROOT=$T/hostroot
if make_root "$HOSTROOT" "$N"; then
	ok "fixture: an offline host root with $N containers"
else
	not_ok "fixture: an offline host root with $N containers"
	finish
fi

# complete FILE: well-formed XML that ends with the ARF's root element
complete() {
	tail -c 200 "$1" | grep -qF "$ARF_END" && [ -z "$(xmllint --noout --nonet "$1" 2>&1)" ]
}

# ------------------------------------------------------------ the baseline

echo "# a complete scan first: the size of what is written"
mkdir -p "$T/base"
start=$(date +%s%N)
"$CSCAP" xccdf eval --root "$HOSTROOT" --results-arf "$T/base/arf.xml" --results "$T/base/xccdf.xml" \
	"$DS" >"$T/base/out" 2>"$T/base/err"
rc=$?
BASE_MS=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -eq 2 ] && complete "$T/base/arf.xml"; then
	ok "baseline: the scan finds the host-PID containers and writes a complete ARF ($(($(stat -c %s "$T/base/arf.xml") / 1024)) KiB, ${BASE_MS} ms)"
else
	not_ok "baseline: the scan finds the host-PID containers and writes a complete ARF (exit $rc)"
	diag "$T/base/err" 5
	finish
fi
items=$(grep -c '<container-sc:container_item ' "$T/base/arf.xml")
if [ "${items:-0}" -ge "$N" ]; then
	ok "baseline: the ARF has an item for each of the $N containers"
else
	not_ok "baseline: the ARF has an item for each of the $N containers (found $items)"
fi

# ------------------------------------------------------------------ kill -9

echo "# kill -9 at random moments ($KILLS rounds)"
OUT=$T/kill
mkdir -p "$OUT"
PREV=$OUT/previous.arf
printf '<?xml version="1.0"?>\n<previous round="0"/>\n' >"$PREV"
in_write=0 in_scan=0 torn=0 temps=0 replaced=0 kept=0
for ((round = 1; round <= KILLS; round++)); do
	rm -f "$OUT"/.arf.xml.* "$OUT"/.xccdf.xml.*
	printf '<?xml version="1.0"?>\n<previous round="%d"/>\n' "$round" >"$OUT/arf.xml"
	cp "$OUT/arf.xml" "$OUT/xccdf.xml"
	prev_sum=$(sha256sum <"$OUT/arf.xml" | cut -d' ' -f1)
	"$CSCAP" xccdf eval --root "$HOSTROOT" --results-arf "$OUT/arf.xml" --results "$OUT/xccdf.xml" \
		"$DS" >/dev/null 2>&1 &
	pid=$!
	if ((round % 2)); then
		# Odd rounds: any moment of the run, uniformly.
		sleep "$(awk -v r="$RANDOM" -v ms="$BASE_MS" 'BEGIN { printf "%.3f", r / 32767 * ms * 1.1 / 1000 }')"
	else
		# Even rounds: while a temporary result file is being written.
		for ((w = 0; w < 2000; w++)); do
			compgen -G "$OUT/.*.xml.*" >/dev/null && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.005
		done
		sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", r / 32767 * 0.4 }')"
	fi
	writing=0
	compgen -G "$OUT/.*.xml.*" >/dev/null && writing=1
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ((writing)); then in_write=$((in_write + 1)); else in_scan=$((in_scan + 1)); fi
	for f in arf.xml xccdf.xml; do
		now=$(sha256sum <"$OUT/$f" | cut -d' ' -f1)
		if [ "$now" = "$prev_sum" ]; then
			kept=$((kept + 1))
		elif [ "$f" = arf.xml ] && complete "$OUT/$f"; then
			replaced=$((replaced + 1))
		elif [ "$f" = xccdf.xml ] && [ -z "$(xmllint --noout --nonet "$OUT/$f" 2>&1)" ] &&
			tail -c 100 "$OUT/$f" | grep -q '</[A-Za-z:]*Benchmark>'; then
			replaced=$((replaced + 1))
		else
			torn=$((torn + 1))
			cp "$OUT/$f" "$OUT/torn-$round-$f"
			echo "#   round $round: $f is neither the previous file nor complete ($(stat -c %s "$OUT/$f") bytes, kept as torn-$round-$f)"
		fi
	done
	temps=$((temps + $(find "$OUT" -maxdepth 1 -name '.*.xml.*' | wc -l)))
done
same "kill -9: no result file is ever truncated ($kept kept, $replaced complete, $torn torn)" "$torn" 0
if [ "$in_write" -gt 0 ]; then
	ok "kill -9: $in_write of $KILLS kills landed while a result file was being written ($in_scan before)"
else
	not_ok "kill -9: some kills land while a result file is being written (none did; the write is too fast to catch)"
fi
echo "# $temps temporary files were left by killed runs (.<name>.XXXXXX: expected, nobody is left to remove them)"
left=$(find "$OUT" -maxdepth 1 -name '.*' ! -name '.*.xml.??????' ! -name . | head -n 3)
same "kill -9: what is left behind is only .<name>.XXXXXX temporary files" "$left" ""
rm -f "$OUT"/.arf.xml.* "$OUT"/.xccdf.xml.*

# A run after the kills replaces the file normally.
"$CSCAP" xccdf eval --root "$HOSTROOT" --results-arf "$OUT/arf.xml" "$DS" >/dev/null 2>&1
if complete "$OUT/arf.xml"; then
	ok "kill -9: the next run writes a complete ARF over whatever was left"
else
	not_ok "kill -9: the next run writes a complete ARF over whatever was left"
fi

# ------------------------------------------------- full disk, no write access

# failed_write DESC DIR FILE: cscap writing DIR/FILE fails as it should
failed_write() {
	local desc=$1 dir=$2 file=$3 prev_sum lines rc
	shift 3
	prev_sum=$(sha256sum <"$dir/$file" | cut -d' ' -f1)
	"$@" >"$T/fw.out" 2>"$T/fw.err"
	rc=$?
	lines=$(grep -c '' "$T/fw.err")
	same "$desc: exit status 1" "$rc" 1
	if [ "$lines" -eq 1 ] && grep -qF "$dir/$file" "$T/fw.err"; then
		ok "$desc: one line on stderr, naming the file"
	else
		not_ok "$desc: one line on stderr, naming the file ($lines lines)"
		diag "$T/fw.err" 4
	fi
	echo "#   $(head -n 1 "$T/fw.err")"
	same "$desc: the previous file is intact" "$(sha256sum <"$dir/$file" | cut -d' ' -f1)" "$prev_sum"
	same "$desc: no temporary file left" "$(find "$dir" -maxdepth 1 -name ".$file.*" | head -n 1)" ""
}

echo "# a full disk"
if [ "$IS_ROOT" -eq 1 ] && mkdir -p "$T/full" && mount -t tmpfs -o size=64k,mode=0755 cscap-full "$T/full"; then
	MOUNTS+=("$T/full")
	printf '<?xml version="1.0"?>\n<previous what="the last good results"/>\n' >"$T/full/arf.xml"
	failed_write "full disk (ARF)" "$T/full" arf.xml \
		"$CSCAP" xccdf eval --root "$HOSTROOT" "${RULE_ARGS[@]}" --results-arf "$T/full/arf.xml" "$DS"
	if grep -q 'No space left on device' "$T/fw.err"; then
		ok "full disk: the message says the disk is full"
	else
		not_ok "full disk: the message says the disk is full"
	fi
	# The XCCDF results are written even though the ARF could not be.
	rm -f "$T/xccdf-ok.xml"
	"$CSCAP" xccdf eval --root "$HOSTROOT" "${RULE_ARGS[@]}" --results-arf "$T/full/arf.xml" \
		--results "$T/xccdf-ok.xml" "$DS" >/dev/null 2>&1
	same "full disk: the other result file is still written (exit 1)" "$?:$(test -s "$T/xccdf-ok.xml" && echo written)" "1:written"
	# Fill the disk to the last byte: even the temporary file cannot be made.
	head -c 1M /dev/zero >"$T/full/filler" 2>/dev/null
	failed_write "full disk, not one byte free" "$T/full" arf.xml \
		"$CSCAP" xccdf eval --root "$HOSTROOT" "${RULE_ARGS[@]}" --results-arf "$T/full/arf.xml" "$DS"
else
	skip "full disk (needs root to mount a tmpfs)"
fi

echo "# a read-only file system"
if [ "$IS_ROOT" -eq 1 ] && mkdir -p "$T/ro" && mount -t tmpfs -o size=1m,mode=0755 cscap-ro "$T/ro"; then
	MOUNTS+=("$T/ro")
	printf '<?xml version="1.0"?>\n<previous/>\n' >"$T/ro/arf.xml"
	if mount -o remount,ro "$T/ro"; then
		start=$(date +%s%N)
		failed_write "read-only mount" "$T/ro" arf.xml \
			"$CSCAP" xccdf eval --root "$HOSTROOT" --results-arf "$T/ro/arf.xml" "$DS"
		ms=$((($(date +%s%N) - start) / 1000000))
		if grep -q '^\(pass\|fail\|error\)' "$T/fw.out"; then
			not_ok "read-only mount: refused before the scan (it ran: ${ms} ms)"
		else
			ok "read-only mount: refused before the scan"
		fi
	else
		skip "read-only mount (remount,ro failed)"
	fi
else
	skip "read-only file system (needs root to mount a tmpfs)"
fi

echo "# a folder the user cannot write"
if [ "$IS_ROOT" -eq 1 ] && command -v setpriv >/dev/null 2>&1; then
	mkdir -p "$T/locked"
	printf '<?xml version="1.0"?>\n<previous/>\n' >"$T/locked/arf.xml"
	chmod 755 "$T/locked"
	chmod 644 "$T/locked/arf.xml"
	chmod -R a+rX "$HOSTROOT"
	ASUSER=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
	if "${ASUSER[@]}" test -r "$DS" && "${ASUSER[@]}" test -x "$CSCAP"; then
		failed_write "unwritable folder (user nobody)" "$T/locked" arf.xml \
			"${ASUSER[@]}" "$CSCAP" xccdf eval --root "$HOSTROOT" --results-arf "$T/locked/arf.xml" "$DS"
		if grep -q 'Permission denied' "$T/fw.err"; then
			ok "unwritable folder: the message says why (permission denied)"
		else
			not_ok "unwritable folder: the message says why (permission denied)"
		fi
		# A writable folder but a result file that is read-only: rename replaces it (as for any editor).
		mkdir -p "$T/open" && chmod 777 "$T/open"
		"${ASUSER[@]}" sh -c "printf old >'$T/open/arf.xml' && chmod 444 '$T/open/arf.xml'"
		"${ASUSER[@]}" "$CSCAP" xccdf eval --root "$HOSTROOT" "${RULE_ARGS[@]}" \
			--results-arf "$T/open/arf.xml" "$DS" >/dev/null 2>&1
		if complete "$T/open/arf.xml"; then
			ok "a read-only result file in a writable folder is replaced atomically"
		else
			not_ok "a read-only result file in a writable folder is replaced atomically"
		fi
	else
		skip "unwritable folder (user nobody cannot read $CSCAP or $DS)"
	fi
else
	skip "unwritable folder (needs root and setpriv to switch to user nobody)"
fi

echo "# two results asked into one file"
# The second write would silently replace the first: refuse before the scan.
mkdir -p "$T/twice"
printf '<?xml version="1.0"?>\n<previous/>\n' >"$T/twice/out.xml"
ln -s out.xml "$T/twice/link.xml"
for second in out.xml link.xml; do
	failed_write "--results-arf and --results naming one file ($second)" "$T/twice" out.xml \
		"$CSCAP" xccdf eval --root "$HOSTROOT" "${RULE_ARGS[@]}" --results-arf "$T/twice/out.xml" \
		--results "$T/twice/$second" "$DS"
done

echo "# a result path that is a folder"
mkdir -p "$T/isdir/arf.xml"
touch "$T/isdir/arf.xml/keep"
"$CSCAP" xccdf eval --root "$HOSTROOT" "${RULE_ARGS[@]}" --results-arf "$T/isdir/arf.xml" "$DS" \
	>"$T/fw.out" 2>"$T/fw.err"
rc=$?
same "result path is a folder: exit status 1" "$rc" 1
if [ -f "$T/isdir/arf.xml/keep" ] && [ -z "$(find "$T/isdir" -maxdepth 1 -name '.arf.xml.*')" ]; then
	ok "result path is a folder: the folder is untouched, no temporary file left"
else
	not_ok "result path is a folder: the folder is untouched, no temporary file left"
fi
same "result path is a folder: one line on stderr" "$(grep -c '' "$T/fw.err")" 1

finish
