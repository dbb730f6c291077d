#!/usr/bin/env bash
# tests/integration/fleet_test.sh — scanning a fleet on what sites already run.
#
# 1. Ansible (Debian's ansible-core, installed when missing) runs
#    deploy/ansible/cscap-fleet.yml for real against five inventory hosts on
#    this machine (local connections; each scan in its own UTS namespace, so
#    each ARF names its own host):
#      alpha    fake engine "ok" (a host-PID container), checklists
#      bravo    fake engine "podman", the Kubernetes tailoring file
#      charlie  no engine at the URL: a scan with errors (exit 2), ARF gzip
#      delta    a profile that does not exist: cscap exits 1, the host fails
#      echo     ssh to a closed port on 127.0.0.1: unreachable
#    Checked: the archive layout <archive>/<date>/<host>/, the SHA-256
#    manifest (sha256sum -c), the failures listed while the others are
#    archived, ansible-playbook's exit status (4), and a second run in which
#    exactly the expected tasks change.
#    Then golf (local, cscap_install_method: deb): the .debs are built with
#    dpkg-buildpackage (about 20 s; CSCAP_DEBS=DIR: already built ones),
#    installed with apt under /usr (purged at the end unless installed
#    before); a second run installs nothing.
# 2. cscap summary over that archive: text, CSV, HTML, --latest, --rule,
#    gzip, a broken file, order independence.
# 3. Kubernetes: the manifests against the API's types (python3-kubernetes)
#    and Debian's kubectl 1.20 (kubernetes-client unpacked into
#    /var/tmp/cscap-kubectl: kustomize, label --local, its typed objects);
#    the tailoring's exclusion pattern against kubelet container names; the
#    DaemonSet's pod settings (hostPID, host network, read-only root, every
#    capability dropped but SYS_PTRACE, the engine socket read-only, scan.sh
#    from the ConfigMap) run for real as a Docker container on a throwaway
#    dockerd: it marks itself, the tailoring leaves its pod sandbox out, and
#    without SYS_PTRACE the kernel view is lost; then the per-node Job and
#    the offline Job (--root /host, no capability) with the settings read
#    from their manifests.
# 4. Ansible over SSH: foxtrot, a container of that dockerd running Debian's
#    sshd (openssh-server unpacked into /var/tmp/cscap-sshd, not installed),
#    reached with a generated key through nsenter + socat into its network
#    namespace; cscap staged into it, its engine scanned, results fetched.
#
# Environment: CSCAP (default build/cscap), FAKE_ENGINE (built here when
# unset), LIB_SRC (passed to make when set), KEEP=1 keeps the work folder,
# CSCAP_DEBS, CSCAP_KUBECTL_DIR, CSCAP_SSHD_DIR (above).
# Needs root (namespaces, apt-get, dockerd); skips with a reason otherwise.
# Installs the cscap package on this machine for a while: not beside
# package_test.sh.
# Output: TAP, then the counts.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/engine_tap.sh
. "$ROOT/tests/lib/engine_tap.sh"
# shellcheck source=tests/lib/fake_engine.sh
. "$ROOT/tests/lib/fake_engine.sh"

CSCAP=${CSCAP:-build/cscap}
BUILD=$(dirname "$CSCAP")
PLAYBOOK=deploy/ansible/cscap-fleet.yml
K8S=deploy/kubernetes
PY=/usr/bin/python3
T=
FAKE_PID=
BRAVO_PID=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	trap - EXIT INT TERM
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	[ -n "$BRAVO_PID" ] && kill "$BRAVO_PID" 2>/dev/null
	engine_stop
	[ -n "${PURGE_CSCAP:-}" ] && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cscap >/dev/null 2>&1
	remove_work_dir "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_root "fleet: needs root (UTS namespaces for the test hosts, apt-get)"
if [ ! -x "$CSCAP" ]; then
	not_ok "fleet: $CSCAP is built"
	finish
fi
T=$(mktemp -d /tmp/cscap-fleet.XXXXXX) || exit 1

# ---------------------------------------------------------------- Ansible

need_packages ansible-core:ansible-playbook python3-yaml:/usr/lib/python3/dist-packages/yaml
check "ansible: Debian's ansible-playbook is installed" command -v ansible-playbook

# alpha (and delta): an engine with a host-PID container; bravo: a Podman engine.
fake_engine_up ok
ALPHA_SOCK=$FAKE_SOCK
FAKE_BIN=${FAKE_ENGINE:-}
[ -x "$FAKE_BIN" ] || FAKE_BIN=$T/fake_engine # fake_engine_up built it there
"$FAKE_BIN" podman "unix:$T/bravo.sock" 600 >"$T/bravo-engine.log" 2>&1 &
BRAVO_PID=$!
for _ in $(seq 50); do [ -S "$T/bravo.sock" ] && break; sleep 0.1; done

# The Kubernetes ConfigMap's tailoring file, used by bravo: one file, two deployments.
$PY -c 'import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d.get("kind") == "ConfigMap":
        sys.stdout.write(d["data"]["tailoring.xml"])' "$K8S/configmap.yaml" >"$T/tailoring.xml"

UNREACHABLE=
if command -v ssh >/dev/null 2>&1; then
	UNREACHABLE="    echo:
      ansible_connection: ssh
      ansible_host: 127.0.0.1
      ansible_port: 1
      ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5"
fi
cat >"$T/inventory.yml" <<EOF
cscap:
  hosts:
    alpha:
      cscap_engine: unix://$ALPHA_SOCK
      cscap_ckl: true
      cscap_cklb: true
    bravo:
      cscap_engine: unix://$T/bravo.sock
      cscap_tailoring_file: $T/tailoring.xml
      cscap_profile: xccdf_cscap_profile_kubernetes
    charlie:
      cscap_engine: unix://$T/no-engine.sock
      cscap_arf_gzip: true
    delta:
      cscap_engine: unix://$ALPHA_SOCK
      cscap_profile: xccdf_cscap_profile_no_such_profile
$UNREACHABLE
  vars:
    ansible_connection: local
    ansible_python_interpreter: /usr/bin/python3
    cscap_kernel_view: false
    cscap_report: true
    cscap_prefix: "$T/hosts/{{ inventory_hostname }}/usr/local"
    cscap_state_dir: "$T/hosts/{{ inventory_hostname }}/var/lib/cscap"
    # Each test host scans in a UTS namespace of its own, named after it.
    cscap_command_prefix: [unshare, --uts, --, sh, -c, 'hostname "\$0" && exec "\$@"', "{{ inventory_hostname }}"]
EOF
{
	echo "cscap_source_dir: $ROOT"
	echo "cscap_stage_dir: $T/stage"
	echo "cscap_archive_dir: $T/archive"
	echo "cscap_become: false"
	echo "cscap_make_vars:"
	echo "  BUILD: $BUILD"
	[ -n "${LIB_SRC:-}" ] && printf '  LIB_SRC: "%s"\n' "$LIB_SRC"
} >"$T/vars.yml"

playbook() {
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_LOCAL_TEMP="$T/ansible-tmp" \
		ansible-playbook -i "$T/inventory.yml" -e @"$T/vars.yml" "$PLAYBOOK" >"$1" 2>&1
}
# The tasks that reported a change, one line per host and task.
changed_tasks() {
	awk '/^TASK \[/ { t = $0; sub(/^TASK \[[^:]*: /, "", t); sub(/\] \**$/, "", t) }
	     /^changed: / { print t }' "$1" | sort | uniq -c
}

playbook "$T/run1.log"
rc1=$?
A=$T/archive
RUN1=$(find "$A" -mindepth 2 -maxdepth 2 -name "run-*.txt" 2>/dev/null | sort | head -n 1)
STAMP1=$(basename "${RUN1:-run-none.txt}" .txt)
STAMP1=${STAMP1#run-}
DAY=$(basename "$(dirname "${RUN1:-x/x}")")
if [ -z "$RUN1" ]; then
	not_ok "ansible: the first run wrote its run record"
	diag "$T/run1.log" 40
	finish
fi
# ansible-playbook's own codes: 4 when a host was unreachable, else 2 when a
# task failed (here the last one, "List the hosts that failed").
if [ -n "$UNREACHABLE" ]; then
	same "ansible: a run with an unreachable host (and a failed one) exits 4" "$rc1" 4
else
	same "ansible: a run with a failed host exits 2" "$rc1" 2
fi
same "ansible: the archive is laid out by date (UTC)" "$DAY" "$(date -u +%Y-%m-%d)"
check "ansible: alpha's ARF, CKL and CKLB are archived under <date>/alpha/" \
	test -s "$A/$DAY/alpha/arf-$STAMP1.xml" -a -s "$A/$DAY/alpha/checklist-$STAMP1.ckl" \
	-a -s "$A/$DAY/alpha/checklist-$STAMP1.cklb" -a -s "$A/$DAY/alpha/scan-$STAMP1.log"
check "ansible: bravo's ARF is archived" test -s "$A/$DAY/bravo/arf-$STAMP1.xml"
check "ansible: charlie's ARF is archived gzip-compressed" gzip -t "$A/$DAY/charlie/arf-$STAMP1.xml.gz"
same "ansible: each ARF names its own host (alpha)" \
	"$(xp "$A/$DAY/alpha/arf-$STAMP1.xml" "string(//*[local-name()='TestResult']/*[local-name()='target'])")" alpha
same "ansible: bravo was scanned with the tailored profile" \
	"$(xp "$A/$DAY/bravo/arf-$STAMP1.xml" "string(//*[local-name()='TestResult']/*[local-name()='profile']/@idref)")" \
	xccdf_cscap_profile_kubernetes
check "ansible: delta's failed scan is archived as its log (exit status 1, why)" \
	grep -q "^exit status: 1 (failed)" "$A/$DAY/delta/scan-$STAMP1.log"
same "ansible: delta has no results archived" "$(find "$A/$DAY/delta" -type f ! -name 'scan-*' | wc -l)" 0
check "ansible: the run record says alpha had findings (exit 2)" grep -q "^alpha: findings (exit 2)" "$RUN1"
check "ansible: the run record says charlie had findings (the engine's errors, exit 2)" \
	grep -q "^charlie: findings (exit 2)" "$RUN1"
check "ansible: the run record lists delta as failed, with cscap's reason" \
	grep -q "^delta: failed (exit 1): scan failed (exit 1): .*no profile 'xccdf_cscap_profile_no_such_profile'" "$RUN1"
failure_line=$(grep -o 'cscap: [0-9]* of [0-9]* hosts failed:.*' "$T/run1.log" | head -n 1)
if [ -n "$UNREACHABLE" ]; then
	check "ansible: the run record lists echo as unreachable" grep -q "^echo: unreachable" "$RUN1"
	same "ansible: no archive folder for the unreachable host" "$([ -e "$A/$DAY/echo" ] && echo yes || echo no)" no
	check "ansible: the end of the run lists delta and echo as failed" \
		grep -q "2 of 5 hosts failed: delta (.*); echo (" <<<"$failure_line"
else
	skip "ansible: an unreachable host (no ssh client)"
	check "ansible: the end of the run lists delta as failed" grep -q "1 of 4 hosts failed: delta (" <<<"$failure_line"
fi
same "ansible: the hosts that passed or had findings are not listed as failed" \
	"$(grep -cE '(alpha|bravo|charlie) \(' <<<"$failure_line")" 0
if [ -s "$T/stage/usr/local/share/cscap/report.xsl" ]; then
	check "ansible: alpha's HTML report is archived" test -s "$A/$DAY/alpha/report-$STAMP1.html"
else
	check "ansible: no report.xsl installed: the run record says why there is no HTML report" \
		grep -q "note: HTML report not written: .*report.xsl" "$RUN1"
fi
check "ansible: sha256sum -c SHA256SUMS passes" sh -c "cd '$A' && sha256sum -c --quiet SHA256SUMS"
unlisted=$(cd "$A" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort |
	comm -23 - <(sed 's/^[0-9a-f]*  //' SHA256SUMS | sort))
same "ansible: the manifest covers every archived file" "$unlisted" ""
cp "$A/SHA256SUMS" "$T/sums1"

# Idempotence: a second run changes nothing but adds this run's results.
sleep 1 # a new run name (one-second resolution)
# A fresh engine for alpha (fake_engine_up's lives five minutes).
kill "$FAKE_PID" 2>/dev/null
wait "$FAKE_PID" 2>/dev/null
fake_engine_up ok
# The build converges only if nobody edited the sources in between (make -q:
# nothing to rebuild); a tree edited meanwhile is rebuilt, restaged, recopied.
EDITED=
make -q -C "$ROOT" BUILD="$BUILD" ${LIB_SRC:+LIB_SRC="$LIB_SRC"} all >/dev/null 2>&1 || EDITED=1
playbook "$T/run2.log"
changed_tasks "$T/run2.log" >"$T/changed2"
# Exactly these tasks change, and why: a new scan on each reachable host,
# its log, its fetched results and HTML report (new files of the new run),
# the new run record and the new lines of the manifest.  The folders (the
# date's, each host's) exist already: they change only on a new UTC day.
EXPECTED="Add them to the archive's manifest (SHA256SUMS, sha256sum -c compatible)
Fetch the results into the archive
HTML report from the ARF (optional; a failure is a note, not a failed scan)
Keep the scan's own output in the archive (a failed scan's too)
Scan (a new scan each run, so always a change)
Write the run record (every host, its outcome and its files)"
[ -s "$T/stage/usr/local/share/cscap/report.xsl" ] || EXPECTED=$(grep -v '^HTML report' <<<"$EXPECTED")
NEWDAY=$(find "$A" -mindepth 2 -maxdepth 2 -name "run-*.txt" ! -path "$A/$DAY/*" | head -n 1)
BUILDS='Build cscap from the source tree|Remove the previous stage|make install DESTDIR|Install cscap from the controller.s staged build'
got=$(sed 's/^ *[0-9]* //' "$T/changed2" | { if [ -n "$NEWDAY" ]; then grep -vE '^(Archive folder for this host|Folder of the run record)'; else cat; fi; } |
	{ if [ -n "$EDITED" ]; then grep -vE "^($BUILDS)"; else cat; fi; })
same "ansible: a second run changes exactly the new results (not the build, install, packages, folders, tailoring)" "$got" "$EXPECTED"
[ "$got" = "$EXPECTED" ] || diag "$T/changed2"
[ -n "$NEWDAY" ] && echo "# the second run began a new UTC day: its date folders were new"
[ -n "$EDITED" ] && echo "# the sources were edited between the runs (make -q): the rebuild is allowed"
same "ansible: the second run scanned again (one new scan per reachable host)" \
	"$(grep -E 'Scan \(a new scan' "$T/changed2" | awk '{print $1}')" 4
check "ansible: after the second run sha256sum -c passes for both runs" \
	sh -c "cd '$A' && sha256sum -c --quiet SHA256SUMS"
same "ansible: the manifest is append-only (the first run's lines unchanged)" \
	"$(head -c "$(stat -c %s "$T/sums1")" "$A/SHA256SUMS" | cmp - "$T/sums1" >/dev/null && echo yes)" yes
same "ansible: two ARFs per scanned host" "$(find "$A" -path '*/alpha/arf-*' -o -path '*/bravo/arf-*' -o -path '*/charlie/arf-*' | wc -l)" 6

# ------------------------------------------------- Ansible: the Debian package
# cscap_install_method: deb on host golf (this machine, local): the .debs that
# dpkg-buildpackage makes from this tree (about 20 s here; CSCAP_DEBS=DIR uses
# a folder of already built ones), copied and installed with apt, cscap and
# its content under /usr.  The package is purged at the end unless it was
# installed before.  Two runs: the second installs nothing.
deb_host() {
	local d=${CSCAP_DEBS:-} src
	if [ -z "$d" ]; then
		need_packages dpkg-dev:dpkg-buildpackage debhelper:dh
		d=$T/deb
		src=$d/cscap-0.1.0
		mkdir -p "$src"
		git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			tar --null -T - -cf - | tar -xf - -C "$src"
		if ! (cd "$src" && { dpkg-checkbuilddeps >/dev/null 2>&1 || apt-get build-dep -y -qq ./ >"$d/build-dep.log" 2>&1; }); then
			skip "ansible deb: the build dependencies of debian/control cannot be installed ($(tail -n 1 "$d/build-dep.log"))"
			return 1
		fi
		if ! (cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZE \
			DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b >"$d/build.log" 2>&1); then
			not_ok "ansible deb: dpkg-buildpackage -us -uc -b"
			diag "$d/build.log"
			return 1
		fi
		ok "ansible deb: dpkg-buildpackage -us -uc -b built $(cd "$d" && echo cscap_*.deb)"
	fi
	need_packages python3-apt:/usr/lib/python3/dist-packages/apt
	dpkg-query -W -f='${Status}' cscap 2>/dev/null | grep -q "install ok installed" || PURGE_CSCAP=1
	cat >"$T/inventory-deb.yml" <<EOF
cscap:
  hosts:
    golf:
      ansible_connection: local
      ansible_python_interpreter: /usr/bin/python3
      cscap_install_method: deb
      cscap_deb_dir: $d
      cscap_engine: unix://$ALPHA_SOCK
      cscap_kernel_view: false
      cscap_state_dir: $T/hosts/golf/var/lib/cscap
      cscap_command_prefix: [unshare, --uts, --, sh, -c, 'hostname "\$0" && exec "\$@"', "{{ inventory_hostname }}"]
EOF
	printf 'cscap_archive_dir: %s\ncscap_become: false\n' "$T/archive-deb" >"$T/vars-deb.yml"
	return 0
}
playbook_deb() {
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_LOCAL_TEMP="$T/ansible-tmp" \
		ansible-playbook -i "$T/inventory-deb.yml" -e @"$T/vars-deb.yml" "$PLAYBOOK" >"$1" 2>&1
}
PURGE_CSCAP=
if deb_host; then
	kill "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	fake_engine_up ok
	sed -i "s|cscap_engine: unix://.*|cscap_engine: unix://$FAKE_SOCK|" "$T/inventory-deb.yml"
	playbook_deb "$T/run-deb1.log"
	same "ansible deb: the run exits 0 (golf: findings)" "$?" 0
	changed_tasks "$T/run-deb1.log" >"$T/changed-deb1"
	check "ansible deb: apt installed the package" grep -q "Install them with apt" "$T/changed-deb1"
	same "ansible deb: /usr/bin/cscap is the package's" "$(dpkg -S /usr/bin/cscap 2>/dev/null)" "cscap: /usr/bin/cscap"
	DLOG=$(find "$T/archive-deb" -path "*/golf/scan-*.log" | head -n 1)
	check "ansible deb: the scan ran /usr/bin/cscap on /usr/share/cscap's content (the prefix follows the package)" \
		grep -q "^command: unshare .* /usr/bin/cscap xccdf eval .* /usr/share/cscap/content/cscap-docker-ee-2x-ds.xml$" "$DLOG"
	DARF=$(find "$T/archive-deb" -path "*/golf/arf-*.xml" | head -n 1)
	same "ansible deb: golf's ARF is archived and names golf" \
		"$([ -n "$DARF" ] && xp "$DARF" "string(//*[local-name()='TestResult']/*[local-name()='target'])")" golf
	sleep 1
	playbook_deb "$T/run-deb2.log"
	same "ansible deb: the second run exits 0" "$?" 0
	changed_tasks "$T/run-deb2.log" >"$T/changed-deb2"
	same "ansible deb: the second run copies and installs nothing (apt: the same version is installed)" \
		"$(grep -cE 'Copy the .debs|Install them with apt|Folder for the .debs' "$T/changed-deb2")" 0
	[ -s "$DLOG" ] || diag "$T/run-deb1.log" 30
	check "ansible deb: sha256sum -c passes for both runs" sh -c "cd '$T/archive-deb' && sha256sum -c --quiet SHA256SUMS"
fi

# ---------------------------------------------------------------- summary

mapfile -t ARFS < <(cd "$A" && printf '%s\n' ./*/*/arf-* | sed 's|^\./||')
(cd "$A" && "$ROOT/$CSCAP" summary "${ARFS[@]}") >"$T/sum.txt" 2>"$T/sum.err"
same "summary: findings in the fleet: exit status 2" "$?" 2
check "summary: six scans of three hosts" grep -q "^cscap summary: 6 scans of 3 hosts$" "$T/sum.txt"
same "summary: hosts sorted (alpha, bravo, charlie), scans in time order" \
	"$(sed -n '/^host .*file$/,/^$/p' "$T/sum.txt" | awk 'NR > 1 && NF {print $1}' | uniq | tr '\n' ' ')" \
	"alpha bravo charlie "
(cd "$A" && "$ROOT/$CSCAP" summary --latest --rule DKER-EE-001240 "${ARFS[@]}") >"$T/pid.txt" 2>&1
check "summary --latest: one scan per host" grep -q "^cscap summary: 3 scans of 3 hosts$" "$T/pid.txt"
check "summary --rule DKER-EE-001240: alpha fails, naming the host-PID container" \
	sh -c "grep -A1 '^  alpha  fail' '$T/pid.txt' | grep -q 'container_item: engine=docker, id=.*, name=fake-1'"
check "summary --rule DKER-EE-001240: charlie is error, and says why" \
	sh -c "grep -A3 '^  charlie  error' '$T/pid.txt' | grep -q 'no-engine.sock: No such file or directory'"
check "summary --rule: the grid shows that rule only" grep -q "^1  DKER-EE-001240  medium " "$T/pid.txt"
(cd "$A" && "$ROOT/$CSCAP" summary --format csv -o "$T/sum.csv" "${ARFS[@]}")
$PY - "$T/sum.csv" >"$T/csv.check" 2>&1 <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
rule = "xccdf_cscap_rule_SV-235784r960804_rule"
assert len(rows) == 6, len(rows)
assert [r["host"] for r in rows] == ["alpha", "alpha", "bravo", "bravo", "charlie", "charlie"]
assert rows[0][rule] == "fail" and rows[4][rule] == "error", (rows[0][rule], rows[4][rule])
assert "DKER-EE-001240 fail: container_item: engine=docker" in rows[0]["evidence"]
# The counts agree with the grid: as many passes and fails as rule columns say so.
decided = sum(1 for k, v in rows[0].items() if k.startswith("xccdf_") and v in ("pass", "fail"))
assert int(rows[0]["pass"]) + int(rows[0]["fail"]) == decided >= 19, (rows[0]["pass"], rows[0]["fail"], decided)
print("csv ok")
EOF
check "summary --format csv: one row per scan, a column per rule, the evidence (Python's csv reads it)" \
	grep -q "csv ok" "$T/csv.check"
[ -s "$T/csv.check" ] && ! grep -q "csv ok" "$T/csv.check" && diag "$T/csv.check"
(cd "$A" && "$ROOT/$CSCAP" summary --format html -o "$T/sum.html" "${ARFS[@]}")
# Every fail cell links to an anchor that exists (and there is at least one).
fail_links() { grep -o '<td class="fail"><a href="#[^"]*">fail</a></td>' "$T/sum.html" | sed 's/.*href="#\([^"]*\)".*/\1/'; }
unlinked=0
while read -r anchor; do grep -q "id=\"$anchor\"" "$T/sum.html" || unlinked=$((unlinked + 1)); done < <(fail_links)
check "summary --format html: one page, nothing loaded, every finding linked to its evidence" \
	sh -c "grep -q \"default-src 'none'\" '$T/sum.html' && ! grep -qi '<script' '$T/sum.html' &&
	       [ $(fail_links | grep -c .) -gt 0 ] && [ $unlinked -eq 0 ]"
check "summary --format html: well-formed (xmllint --html)" xmllint --html --noout "$T/sum.html"
mapfile -t REVERSED < <(printf '%s\n' "${ARFS[@]}" | sort -r)
(cd "$A" && "$ROOT/$CSCAP" summary "${REVERSED[@]}") >"$T/sum-rev.txt" 2>&1
check "summary: the same output whatever the order of the files" cmp "$T/sum.txt" "$T/sum-rev.txt"
head -c 2000 "$A/$DAY/alpha/arf-$STAMP1.xml" >"$T/cut.xml"
(cd "$A" && "$ROOT/$CSCAP" summary "${ARFS[@]}" "$T/cut.xml" "$ROOT/$K8S/configmap.yaml") >"$T/bad.txt" 2>"$T/bad.err"
same "summary: an unreadable file makes the exit status 1" "$?" 1
same "summary: one line on stderr per bad file, naming it" \
	"$(grep -c "^cscap: $T/cut.xml:\|^cscap: $ROOT/$K8S/configmap.yaml:" "$T/bad.err")" 2
check "summary: the other files are still summarised (and the bad ones listed)" \
	grep -q "^cscap summary: 6 scans of 3 hosts; 2 files not read$" "$T/bad.txt"

# ---------------------------------------------------------------- Kubernetes

need_packages python3-kubernetes:/usr/lib/python3/dist-packages/kubernetes
# The per-node Jobs as they are applied, for node-1 (and the DaemonSet beside them).
for w in daemonset job-per-node job-offline-per-node; do
	# shellcheck disable=SC2016 # ${NODE} is the manifests' own placeholder
	sed 's/\${NODE}/node-1/g' "$K8S/$w.yaml" >"$T/$w.yaml"
done
check "kubernetes: every manifest matches the API's types (python3-kubernetes)" \
	$PY "$K8S/check-manifests.py" "$K8S"/*.yaml
sed 's/readOnlyRootFilesystem:/readOnlyRootFilesytem:/' "$K8S/daemonset.yaml" >"$T/typo.yaml"
same "kubernetes: the check refuses a misspelt field" \
	"$($PY "$K8S/check-manifests.py" "$T/typo.yaml" 2>&1 | grep -c 'readOnlyRootFilesytem: no such field')" 1
# The tailoring's exclusion pattern against the names Docker's kubelet
# (dockershim, cri-dockerd) gives: k8s_<container>_<pod>_<namespace>_<pod uid>_<attempt>,
# with a leading "/" from the engine API.  PCRE2 in cscap; this pattern means
# the same in Python's re.
$PY - "$K8S/configmap.yaml" >"$T/pattern.check" 2>&1 <<'PYEOF'
import re, sys, yaml
d = next(d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d.get("kind") == "ConfigMap")
pat = re.search(r'container_exclude_pattern">([^<]*)<', d["data"]["tailoring.xml"]).group(1)
uid = "_cscap_6f1d3c2e-8a4b-4f0e-9c1a-0123456789ab_0"
excluded = [
    "/k8s_POD_cscap-scanner-x7k2p" + uid,                    # the DaemonSet's sandbox
    "/k8s_cscap_cscap-scanner-x7k2p" + uid,                  # its cscap container
    "/k8s_POD_cscap-scan-node-1-q8x4z" + uid,                # the per-node Job's sandbox
    "/k8s_cscap_cscap-scan-node-1-q8x4z" + uid,              # its cscap container
    "k8s_POD_cscap-scan-worker-07.example.org-b2m9d" + uid,  # a node name with dots, no "/"
]
kept = [
    "/k8s_POD_web_default_1234_0",
    "/k8s_POD_web-6d4cf56db6-abcde_default_6f1d3c2e_0",
    "/k8s_POD_cscap-scanner-x7k2p_default_6f1d3c2e_0",       # another namespace
    "/k8s_web_cscap-scanner-x7k2p_default_6f1d3c2e_0",
    "/k8s_POD_cscap-offline-node-1-q8x4z" + uid,             # shares no host namespace
    "/app-k8s_POD_cscap-scanner-x7k2p" + uid,                # not a kubelet name
    "/k8s_POD_cscap-scanner_cscap_6f1d3c2e_0",
]
bad = [n + " kept" for n in excluded if not re.search(pat, n)] + [n + " excluded" for n in kept if re.search(pat, n)]
print("\n".join(bad) if bad else "pattern ok: " + pat)
PYEOF
check "kubernetes: the tailoring excludes the DaemonSet's and the per-node Job's sandbox and container, not k8s_POD_web_… nor other namespaces" \
	grep -q "^pattern ok" "$T/pattern.check"
grep -q "^pattern ok" "$T/pattern.check" || diag "$T/pattern.check"
same "kubernetes: the ServiceAccount mounts no token and nothing grants it a role" \
	"$(grep -c 'automountServiceAccountToken: false' "$K8S/serviceaccount.yaml" "$K8S/daemonset.yaml" \
		"$K8S/job-per-node.yaml" "$K8S/job-offline-per-node.yaml" | awk -F: '{s += $2} END {print s}')$(
		grep -lE 'kind: (Cluster)?Role(Binding)?$' "$K8S"/*.yaml)" 4
# Debian's own client (kubernetes-client, kubectl 1.20), unpacked into a cache
# folder of its own: the kubectl that may be on PATH is not Debian's, and
# installing the package would replace it.
KUBECTL_DIR=${CSCAP_KUBECTL_DIR:-/var/tmp/cscap-kubectl}
KUBECTL=$KUBECTL_DIR/root/usr/bin/kubectl
if [ ! -x "$KUBECTL" ]; then
	mkdir -p "$KUBECTL_DIR" && rm -f "$KUBECTL_DIR"/kubernetes-client_*.deb
	(cd "$KUBECTL_DIR" && apt-get download -q kubernetes-client >"$T/kubectl-get.log" 2>&1 &&
		dpkg-deb -x kubernetes-client_*.deb root) >>"$T/kubectl-get.log" 2>&1
fi
if [ ! -x "$KUBECTL" ]; then
	skip "kubernetes: Debian's kubectl (kubernetes-client) cannot be fetched: $(grep -m1 -E '^(E|W):' "$T/kubectl-get.log")"
else
	# No cluster: a kubeconfig that names none, so nothing is asked of localhost:8080.
	kc() { KUBECONFIG=/dev/null "$KUBECTL" "$@"; }
	ok "kubernetes: Debian's kubectl: $(kc version --client --short 2>/dev/null | head -n 1)"
	check "kubernetes: kubectl kustomize builds deploy/kubernetes, and the set matches the API's types" \
		sh -c "KUBECONFIG=/dev/null '$KUBECTL' kustomize '$K8S' >'$T/kustomized.yaml' && $PY '$K8S/check-manifests.py' '$T/kustomized.yaml'"
	same "kubernetes: kustomize's set: the namespace, the account, the settings, the DaemonSet" \
		"$(grep '^kind: ' "$T/kustomized.yaml" | sort | tr '\n' ' ')" "kind: ConfigMap kind: DaemonSet kind: Namespace kind: ServiceAccount "
	check "kubernetes: kubectl reads every manifest offline (label --local)" \
		kc label --local -o name -f "$K8S/namespace.yaml" -f "$K8S/serviceaccount.yaml" -f "$K8S/configmap.yaml" \
		-f "$K8S/daemonset.yaml" -f "$T/job-per-node.yaml" -f "$T/job-offline-per-node.yaml" cscap-check=1
	# kubectl's own API types: `set serviceaccount --local` decodes a workload
	# into kubectl's typed objects (apps/v1, batch/v1) and writes it back; a
	# field the API does not have is dropped, so the output must keep every
	# field of the input.
	roundtrip() { # FILE: the fields kubectl's types lost (none: "")
		kc set serviceaccount --local -f "$1" cscap -o json >"$1.json" 2>"$1.err" || { echo "kubectl: $(head -n 1 "$1.err")"; return; }
		$PY - "$1" "$1.json" <<'PYEOF'
import json, sys, yaml
def lost(a, b, path):
    if isinstance(a, dict):
        for k, v in a.items():
            if not isinstance(b, dict) or k not in b:
                print("dropped " + path + "." + k)
            else:
                lost(v, b[k], path + "." + k)
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            print("changed " + path)
        else:
            for i, (u, v) in enumerate(zip(a, b)):
                lost(u, v, "%s[%d]" % (path, i))
    elif str(a) != str(b):
        print("changed %s: %s -> %s" % (path, a, b))
lost(yaml.safe_load(open(sys.argv[1])), json.load(open(sys.argv[2])), "")
PYEOF
	}
	for w in daemonset job-per-node job-offline-per-node; do
		same "kubernetes: $w.yaml survives kubectl's typed API objects with no field lost" "$(roundtrip "$T/$w.yaml")" ""
	done
	sed 's/readOnlyRootFilesystem:/readOnlyRootFilesytem:/' "$T/daemonset.yaml" >"$T/typo-ds.yaml"
	same "kubernetes: and a misspelt field is lost there, so the check refuses it" \
		"$(roundtrip "$T/typo-ds.yaml" | grep -c 'dropped .*readOnlyRootFilesytem')" 1
	# A client-side dry run still asks the API server which resource a kind is.
	if kc create --dry-run=client --validate=false -o yaml -f "$K8S/namespace.yaml" >"$T/dry.log" 2>&1; then
		check "kubernetes: kubectl create --dry-run=client accepts every manifest" \
			kc create --dry-run=client --validate=false -o name -f "$K8S/namespace.yaml" -f "$K8S/serviceaccount.yaml" \
			-f "$K8S/configmap.yaml" -f "$K8S/daemonset.yaml" -f "$T/job-per-node.yaml" -f "$T/job-offline-per-node.yaml"
	else
		skip "kubernetes: kubectl create --dry-run=client needs an API server to map kinds, none here ($(tail -n 1 "$T/dry.log" | cut -c1-60))"
	fi
fi

# The DaemonSet's container, for real, as Docker runs it (no cluster here):
# the same namespaces, user, capabilities, read-only root and mounts.
pod_image() {
	local r=$T/pod-rootfs lib
	mkdir -p "$r"/{bin,etc,tmp,proc,sys,dev,results,run/cscap,etc/cscap,usr/share/openscap} || return 1
	cp -a "$T/stage/usr/local" "$r/usr/" || return 1
	cp -a /usr/share/openscap/schemas "$r/usr/share/openscap/" || return 1
	for lib in $(ldd "$r/usr/local/bin/cscap" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}'); do
		mkdir -p "$r$(dirname "$lib")" && cp -L "$lib" "$r$lib" || return 1
	done
	cp /bin/busybox "$r/bin/busybox" || return 1
	for a in sh date mkdir sha256sum sleep cat; do ln -s busybox "$r/bin/$a"; done
	echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"
	$PY -c 'import sys, yaml
d = next(d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d.get("kind") == "ConfigMap")
for k in ("scan.sh", "tailoring.xml"):
    open(sys.argv[2] + "/" + k, "w").write(d["data"][k])
with open(sys.argv[2] + "/env", "w") as f:
    for k, v in d["data"].items():
        if k.startswith("CSCAP_"):
            f.write(k + "=" + v + "\n")' "$K8S/configmap.yaml" "$T/pod-config" || return 1
	tar -C "$r" -c . | engine_docker import - cscap:fleet-test >/dev/null
}
# rule_of ARF VERSION: the result of the rule whose version is VERSION (DKER-EE-00NNNN)
rule_of() {
	local id
	id=$(xp "${DS:-content/cscap-docker-ee-2x-ds.xml}" "string(//*[local-name()='Rule'][*[local-name()='version']='$2']/@id)")
	xp "$1" "string((//*[local-name()='rule-result'][@idref='$id'])[1]/*[local-name()='result'])"
}
# foreign ARF: how many containers the kernel view saw that the engine does
# not know (another engine's, e.g. a test running beside this one); they
# share the host's /proc with the pod, and any that shares the host PID
# namespace turns DKER-EE-001240 to error (its name cannot be checked)
foreign() {
	local n
	n=$(grep -o -m1 '[0-9]* containers unknown to the engine' "$1" | awk '{print $1}')
	echo "${n:-0}"
}
# run_pod NAME RESULTS [CAPS...]: scan.sh once in the DaemonSet's settings
# (the node's / read-only at /host, given as --host-root; HOST_ROOT=0: not;
# and the variable Kubernetes gives every pod)
run_pod() {
	local name=$1 results=$2 host=(-v /:/host:ro) hostarg=(--host-root /host)
	shift 2
	[ "${HOST_ROOT:-1}" = 1 ] || { host=(); hostarg=(); }
	mkdir -p "$results"
	engine_docker run --name "$name" --pid=host --network=host -u 0:0 --read-only \
		--cap-drop ALL "$@" --security-opt no-new-privileges "${host[@]}" \
		-v "$ENGINE_SOCK:/run/cscap/engine.sock:ro" -v "$results:/results" \
		-v "$T/pod-config:/etc/cscap:ro" --tmpfs /tmp:size=16m --env-file "$T/pod-config/env" \
		-e KUBERNETES_SERVICE_HOST=10.96.0.1 -e NODE_NAME=node-1 -e CSCAP_CONTENT=/usr/local/share/cscap/content/cscap-docker-ee-2x-ds.xml \
		cscap:fleet-test /bin/sh /etc/cscap/scan.sh once --engine unix:///run/cscap/engine.sock \
		"${hostarg[@]}" >"$results.out" 2>&1
}
mkdir -p "$T/pod-config"
engine_up "kubernetes: the DaemonSet's settings in Docker" # skips and finishes without dockerd
if ! pod_image; then
	not_ok "kubernetes: the scanner image is assembled from the staged install"
else
	make_container hostpid-app run --pid=host
	make_container k8s_POD_cscap-scanner-x7k2p_cscap_0123abcd_0 run --pid=host
	APP=${ID[hostpid-app]}
	SANDBOX=${ID[k8s_POD_cscap-scanner-x7k2p_cscap_0123abcd_0]}
	run_pod k8s_cscap_cscap-scanner-x7k2p_cscap_0123abcd_0 "$T/pod" --cap-add SYS_PTRACE
	same "kubernetes: scan.sh once in the pod's settings: exit status 2 (findings)" "$?" 2
	SCANNER=$(engine_docker inspect -f '{{.Id}}' k8s_cscap_cscap-scanner-x7k2p_cscap_0123abcd_0 2>/dev/null)
	PARF=$(find "$T/pod" -path "*/node-1/arf-*.xml" | head -n 1)
	if [ -z "$PARF" ]; then
		not_ok "kubernetes: the pod wrote its ARF under /results/<date>/<node>/"
		diag "$T/pod.out"
		diag "$(find "$T/pod" -path "*/node-1/scan-*.log" | head -n 1)"
	else
		ok "kubernetes: the pod wrote its ARF under /results/<date>/<node>/"
		check "kubernetes: the node's SHA256SUMS checks" sh -c "cd '$T/pod' && sha256sum -c --quiet SHA256SUMS"
		same "kubernetes: the scan used the ConfigMap's tailored profile" \
			"$(xp "$PARF" "string(//*[local-name()='TestResult']/*[local-name()='profile']/@idref)")" \
			xccdf_cscap_profile_kubernetes
		same "kubernetes: cscap marks its own container scanner" "$(item_entity "$PARF" "$SCANNER" scanner)" true
		same "kubernetes: with SYS_PTRACE alone the kernel view sees the host-PID app" \
			"$(item_entity "$PARF" "$APP" kernel_pid_mode)" host
		same "kubernetes: the tailoring leaves the scanner's pod sandbox out" \
			"$(item_entity "$PARF" "$SANDBOX" excluded)" true
		"$CSCAP" summary --rule DKER-EE-001240 "$PARF" >"$T/pod-sum.txt" 2>&1
		if [ "$(foreign "$PARF")" -gt 0 ] && [ "$(rule_of "$PARF" DKER-EE-001240)" = error ]; then
			skip "kubernetes: DKER-EE-001240's verdict: the host PID namespace shows $(foreign "$PARF") containers of another engine (a concurrent test?), so it is error"
		else
			same "kubernetes: DKER-EE-001240 names the host-PID app, not the scanner nor its sandbox" \
				"$(grep -c "name=/\?hostpid-app" "$T/pod-sum.txt")$(grep -c 'cscap-scanner' "$T/pod-sum.txt")" 10
		fi
		same "kubernetes: the ARF names the node (host network and UTS)" \
			"$(xp "$PARF" "string(//*[local-name()='TestResult']/*[local-name()='target'])")" "$(hostname)"
		r5210=$(rule_of "$PARF" DKER-EE-005210)
		if ! grep -q "cscap's / is not the host's" "$PARF" && { [ "$r5210" = pass ] || [ "$r5210" = fail ]; }; then
			ok "kubernetes: the host-level rules read the node's files through --host-root /host (DKER-EE-005210: $r5210)"
		else
			not_ok "kubernetes: the host-level rules read the node's files through --host-root /host (DKER-EE-005210: $r5210)"
		fi
	fi
	engine_docker rm -f k8s_cscap_cscap-scanner-x7k2p_cscap_0123abcd_0 >/dev/null 2>&1
	HOST_ROOT=0 run_pod k8s_cscap_cscap-scanner-nocap_cscap_0123abcd_0 "$T/pod-nocap"
	NARF=$(find "$T/pod-nocap" -path "*/node-1/arf-*.xml" | head -n 1)
	same "kubernetes: without SYS_PTRACE the kernel view is lost (why the pod adds it)" \
		"$([ -n "$NARF" ] && xp "$NARF" "string(($(item_xpath "$APP"))[1]/*[local-name()='kernel_pid_mode']/@status)")" \
		"not collected"
	# Without --host-root the pod's own files are not the node's: never judged as such.
	same "kubernetes: without --host-root the file rules are unknown, not judged on the pod's files" \
		"$([ -n "$NARF" ] && rule_of "$NARF" DKER-EE-005210)" unknown
	check "kubernetes: and the results say to give --host-root" grep -q -- "--host-root" "$NARF"

	# The Jobs, with the settings their manifests give (pod_args reads them):
	# a sandbox of the per-node Job's pod and an unrelated pod's, both host PID.
	make_container k8s_POD_cscap-scan-node-1-q8x4z_cscap_4567cdef_0 run --pid=host
	make_container k8s_POD_web-6d4cf56db6-abcde_default_89abcdef_0 run --pid=host
	JOBBOX=${ID[k8s_POD_cscap-scan-node-1-q8x4z_cscap_4567cdef_0]}
	WEBBOX=${ID[k8s_POD_web-6d4cf56db6-abcde_default_89abcdef_0]}
	# The offline Job's node: its / with the engine's files where Docker keeps them.
	mkdir -p "$T/node-root/var/lib/docker" "$T/node-root/etc"
	run_job() { # NAME MANIFEST RESULTS HOST-ROOT: the Job's container, once; its exit status
		local name=$1 manifest=$2 results=$3 hostroot=$4 args=()
		mkdir -p "$results"
		if ! mapfile -d '' -t args < <($PY "$T/pod_args.py" "$manifest" node-1 "$T/pod-config/env" \
			"/var/run/docker.sock=$ENGINE_SOCK" "/=$hostroot" "/var/lib/cscap/results=$results" \
			"configMap:cscap=$T/pod-config") || [ ${#args[@]} -eq 0 ]; then
			echo "pod_args.py failed" >"$results.out"
			return 99
		fi
		[ "$hostroot" = / ] || args=(-v "$ENGINE_DIR/data:/host/var/lib/docker:ro" "${args[@]}")
		printf '%s\n' "${args[@]}" >"$results.args"
		engine_docker run --name "$name" -e KUBERNETES_SERVICE_HOST=10.96.0.1 "${args[@]}" >"$results.out" 2>&1
	}
	# job_checks LABEL RESULTS: what every Job's scan must show
	job_checks() {
		local label=$1 arf log
		arf=$(find "$2" -path "*/node-1/arf-*.xml" | head -n 1)
		log=$(find "$2" -path "*/node-1/scan-*.log" | head -n 1)
		if [ -z "$arf" ]; then
			not_ok "kubernetes: $label: the ARF is under /results/<date>/node-1/"
			diag "$2.out"
			[ -n "$log" ] && diag "$log"
			return 1
		fi
		ok "kubernetes: $label: the ARF is under /results/<date>/node-1/"
		check "kubernetes: $label: cscap's own exit status 2 (findings) is in the log" grep -q "^exit status: 2$" "$log"
		check "kubernetes: $label: the node's SHA256SUMS checks" sh -c "cd '$2' && sha256sum -c --quiet SHA256SUMS"
		same "kubernetes: $label: the tailoring leaves the Job's pod sandbox out" "$(item_entity "$arf" "$JOBBOX" excluded)" true
		same "kubernetes: $label: but not an unrelated pod's sandbox" "$(item_entity "$arf" "$WEBBOX" excluded)" false
		"$CSCAP" summary --rule DKER-EE-001240 "$arf" >"$2.sum" 2>&1
		if [ "$(foreign "$arf")" -gt 0 ] && [ "$(rule_of "$arf" DKER-EE-001240)" = error ]; then
			skip "kubernetes: $label: DKER-EE-001240's verdict: the host PID namespace shows $(foreign "$arf") containers of another engine (a concurrent test?), so it is error"
		else
			same "kubernetes: $label: DKER-EE-001240 fails naming the host-PID app and the web pod's sandbox, not cscap's" \
				"$(grep -c "name=/\?hostpid-app" "$2.sum")$(grep -c "name=/\?k8s_POD_web-" "$2.sum")$(grep -c 'cscap-scan' "$2.sum")" 110
		fi
		JOB_ARF=$arf
	}
	$PY - "$T/pod_args.py" <<'PYEOF'
import sys
open(sys.argv[1], "w").write(r"""
# pod_args.py MANIFEST NODE ENVFILE HOSTPATH=DIR... (configMap:NAME=DIR): the
# `docker run` arguments (options, image, command) of the manifest's pod,
# NUL-separated: its host namespaces, user, read-only root, capabilities,
# no-new-privileges, volumes (hostPath, configMap, emptyDir), environment.
import sys, yaml
man, node, envfile = sys.argv[1:4]
where = dict(a.split("=", 1) for a in sys.argv[4:])
obj = next(d for d in yaml.safe_load_all(open(man).read().replace("${NODE}", node)) if d)
spec = obj["spec"]["template"]["spec"]
(c,) = spec["containers"]
sc = c.get("securityContext", {})
out = ["--pid=host"] if spec.get("hostPID") else []
out += ["--network=host"] if spec.get("hostNetwork") else ["--network=none"]
out += ["-u", "%s:%s" % (sc["runAsUser"], sc["runAsGroup"])]
out += ["--read-only"] if sc.get("readOnlyRootFilesystem") else []
out += ["--security-opt", "no-new-privileges"] if sc.get("allowPrivilegeEscalation") is False else []
assert not sc.get("privileged")
caps = sc.get("capabilities", {})
for cap in caps.get("drop", []):
    out += ["--cap-drop", cap]
for cap in caps.get("add", []):
    out += ["--cap-add", cap]
vols = {v["name"]: v for v in spec.get("volumes", [])}
for m in c.get("volumeMounts", []):
    v = vols[m["name"]]
    ro = ":ro" if m.get("readOnly") else ""
    if "hostPath" in v:
        out += ["-v", where[v["hostPath"]["path"]] + ":" + m["mountPath"] + ro]
    elif "configMap" in v:
        out += ["-v", where["configMap:" + v["configMap"]["name"]] + ":" + m["mountPath"] + ":ro"]
    elif "emptyDir" in v:
        assert v["emptyDir"].get("medium") == "Memory"
        out += ["--tmpfs", m["mountPath"] + ":size=" + v["emptyDir"]["sizeLimit"].replace("Mi", "m")]
    else:
        raise SystemExit("volume " + m["name"] + ": not reproduced")
for e in c.get("env", []):
    if "value" in e:
        out += ["-e", e["name"] + "=" + e["value"]]
    elif e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "spec.nodeName":
        out += ["-e", e["name"] + "=" + node]
    else:
        raise SystemExit("env " + e["name"] + ": not reproduced")
if c.get("envFrom"):
    out += ["--env-file", envfile]
cmd = c["command"] + c.get("args", [])
out += ["--entrypoint", cmd[0], "cscap:fleet-test"] + cmd[1:]
sys.stdout.write("\0".join(out) + "\0")
""")
PYEOF
	run_job k8s_cscap_cscap-scan-node-1-q8x4z_cscap_4567cdef_0 "$T/job-per-node.yaml" "$T/job" /
	same "kubernetes: job-per-node: its command completes the Job on findings (exit status 0)" "$?" 0
	if job_checks job-per-node "$T/job"; then
		JOBSCANNER=$(engine_docker inspect -f '{{.Id}}' k8s_cscap_cscap-scan-node-1-q8x4z_cscap_4567cdef_0 2>/dev/null)
		same "kubernetes: job-per-node: cscap marks its own container scanner" "$(item_entity "$JOB_ARF" "$JOBSCANNER" scanner)" true
		same "kubernetes: job-per-node: the kernel view (SYS_PTRACE) sees the host-PID app" \
			"$(item_entity "$JOB_ARF" "$APP" kernel_pid_mode)" host
		same "kubernetes: job-per-node: the ARF names the node" \
			"$(xp "$JOB_ARF" "string(//*[local-name()='TestResult']/*[local-name()='target'])")" "$(hostname)"
		r5210=$(rule_of "$JOB_ARF" DKER-EE-005210)
		same "kubernetes: job-per-node: the host-level rules read the node's files (--host-root /host)" \
			"$(case $r5210 in pass | fail) echo judged ;; *) echo "$r5210" ;; esac)" judged
	fi
	run_job k8s_cscap_cscap-offline-node-1-m3n8p_cscap_89ab0123_0 "$T/job-offline-per-node.yaml" "$T/offline" "$T/node-root"
	same "kubernetes: job-offline-per-node: its command completes the Job on findings (exit status 0)" "$?" 0
	same "kubernetes: job-offline-per-node: no capability, no host namespace, no engine socket" \
		"$(engine_docker inspect -f '{{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}} {{.HostConfig.PidMode}}/{{.HostConfig.NetworkMode}}' \
			k8s_cscap_cscap-offline-node-1-m3n8p_cscap_89ab0123_0 2>&1)$(grep -c 'engine.sock' "$T/offline.args")" \
		"[] [ALL] /none0"
	if job_checks job-offline-per-node "$T/offline"; then
		same "kubernetes: job-offline-per-node: the containers came from the engine's files (--root /host): hostpid-app is there" \
			"$(item_count "$JOB_ARF" "$APP")" 1
		same "kubernetes: job-offline-per-node: there is no kernel view offline" \
			"$(xp "$JOB_ARF" "string(($(item_xpath "$APP"))[1]/*[local-name()='kernel_pid_mode']/@status)")" "not collected"
	fi
fi

# ------------------------------------------ Ansible over SSH: a container host
# foxtrot is a container of the real dockerd, with namespaces of its own (no
# network but its loopback, its own hostname) and sshd.  Ansible reaches it
# over SSH with a generated key: the ProxyCommand enters the container's
# network namespace (nsenter) and connects to its port 22 (socat).  It
# installs the staged cscap into the container, scans the engine whose
# socket is mounted in, and fetches the results.  sshd is Debian's
# openssh-server, unpacked (not installed) into a cache folder and mounted
# read-only; the host's /usr, read-only, gives python3 and the libraries.
ssh_host() {
	local dir=${CSCAP_SSHD_DIR:-/var/tmp/cscap-sshd} r=$T/ssh-rootfs nolib
	if [ ! -x "$dir/root/usr/sbin/sshd" ]; then
		mkdir -p "$dir" && rm -f "$dir"/openssh-server_*.deb
		(cd "$dir" && apt-get download -q openssh-server && dpkg-deb -x openssh-server_*.deb root) >"$T/sshd-get.log" 2>&1
	fi
	if [ ! -x "$dir/root/usr/sbin/sshd" ]; then
		skip "ansible over ssh: Debian's openssh-server cannot be fetched: $(grep -m1 '^E:' "$T/sshd-get.log")"
		return 1
	fi
	need_packages socat:socat openssh-client:ssh-keygen
	nolib=$(ldd "$dir/root/usr/sbin/sshd" | awk '/not found/ {print $1}' | tr '\n' ' ')
	if [ -n "$nolib" ] || ! command -v socat >/dev/null || ! command -v nsenter >/dev/null; then
		skip "ansible over ssh: sshd's libraries ($nolib), socat or nsenter are missing"
		return 1
	fi
	mkdir -p "$r"/{etc/ssh,root/.ssh,run/sshd,tmp,proc,sys,dev,var/lib,opt,usr} || return 1
	for d in bin lib lib64 sbin; do ln -s "usr/$d" "$r/$d"; done
	printf 'root:x:0:0:root:/root:/bin/sh\nsshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n' >"$r/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
	chmod 1777 "$r/tmp" && chmod 700 "$r/root" "$r/root/.ssh"
	ssh-keygen -q -t ed25519 -N '' -C foxtrot -f "$r/etc/ssh/host_key" &&
		ssh-keygen -q -t ed25519 -N '' -C cscap-test -f "$T/ssh_key" || return 1
	install -m 0600 "$T/ssh_key.pub" "$r/root/.ssh/authorized_keys"
	cat >"$r/etc/ssh/sshd_config" <<EOF
ListenAddress 127.0.0.1:22
HostKey /etc/ssh/host_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PidFile /run/sshd.pid
Subsystem sftp internal-sftp
EOF
	tar -C "$r" -c . | engine_docker import - cscap:ssh-host >/dev/null || return 1
	engine_docker run -d --name foxtrot --hostname foxtrot --network none \
		-v /usr:/usr:ro -v "$dir/root/usr/sbin/sshd:/opt/sshd:ro" -v "$FAKE_SOCK:/run/engine.sock" \
		cscap:ssh-host /opt/sshd -D -e -f /etc/ssh/sshd_config >"$T/foxtrot.id" 2>"$T/foxtrot.err" || {
		not_ok "ansible over ssh: the container foxtrot runs sshd"
		diag "$T/foxtrot.err"
		return 1
	}
	FOXTROT_PID=$(engine_docker inspect -f '{{.State.Pid}}' foxtrot)
	cat >"$T/inventory-ssh.yml" <<EOF
cscap:
  hosts:
    foxtrot:
      ansible_connection: ssh
      ansible_host: foxtrot
      ansible_user: root
      ansible_python_interpreter: /usr/bin/python3
      ansible_ssh_private_key_file: $T/ssh_key
      ansible_ssh_common_args: >-
        -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10
        -o ProxyCommand="nsenter --net=/proc/$FOXTROT_PID/ns/net socat - TCP:127.0.0.1:22"
      cscap_prefix: /opt/cscap
      cscap_runtime_packages: []
      cscap_engine: unix:///run/engine.sock
      cscap_kernel_view: false
EOF
	sed "s|^cscap_archive_dir: .*|cscap_archive_dir: $T/archive-ssh|" "$T/vars.yml" >"$T/vars-ssh.yml"
}
FOXTROT_PID=
fake_engine_up ok
if ssh_host; then
	for _ in $(seq 50); do
		nsenter --net="/proc/$FOXTROT_PID/ns/net" socat -T1 - TCP:127.0.0.1:22 </dev/null 2>/dev/null | grep -q '^SSH-' && break
		sleep 0.2
	done
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_LOCAL_TEMP="$T/ansible-tmp" \
		ansible-playbook -i "$T/inventory-ssh.yml" -e @"$T/vars-ssh.yml" "$PLAYBOOK" >"$T/run-ssh.log" 2>&1
	same "ansible over ssh: the run exits 0 (foxtrot: findings)" "$?" 0
	check "ansible over ssh: sshd in the container accepted the key" \
		sh -c "DOCKER_CONFIG='$ENGINE_DIR/client' /usr/bin/docker -H 'unix://$ENGINE_SOCK' logs foxtrot 2>&1 | grep -q 'Accepted publickey for root'"
	SARF=$(find "$T/archive-ssh" -path "*/foxtrot/arf-*.xml" | head -n 1)
	same "ansible over ssh: foxtrot's ARF is archived and names foxtrot (the container's hostname)" \
		"$([ -n "$SARF" ] && xp "$SARF" "string(//*[local-name()='TestResult']/*[local-name()='target'])")" foxtrot
	check "ansible over ssh: cscap was copied into the container and ran there" \
		sh -c "DOCKER_CONFIG='$ENGINE_DIR/client' /usr/bin/docker -H 'unix://$ENGINE_SOCK' exec foxtrot test -x /opt/cscap/bin/cscap -a -s /var/lib/cscap/results/arf.xml"
	same "ansible over ssh: DKER-EE-001240 fails on the engine seen from the container" \
		"$([ -n "$SARF" ] && rule_of "$SARF" DKER-EE-001240)" fail
	check "ansible over ssh: sha256sum -c passes" sh -c "cd '$T/archive-ssh' && sha256sum -c --quiet SHA256SUMS"
	[ -n "$SARF" ] || diag "$T/run-ssh.log" 30
	engine_docker rm -f foxtrot >/dev/null 2>&1
fi

finish
