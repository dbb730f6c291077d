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
#    archived, and a second run that changes nothing but adds the new results.
# 2. cscap summary over that archive: text, CSV, HTML, --latest, --rule,
#    gzip, a broken file, order independence.
# 3. Kubernetes: the manifests against the API's types (python3-kubernetes),
#    kustomize; and the DaemonSet's pod settings (hostPID, host network, read-
#    only root, every capability dropped but SYS_PTRACE, the engine socket
#    read-only, scan.sh from the ConfigMap) run for real as a Docker container
#    on a throwaway dockerd: it marks itself, the tailoring leaves its pod
#    sandbox out, and without SYS_PTRACE the kernel view is lost.
#
# Environment: CSCAP (default build/cscap), FAKE_ENGINE (built here when
# unset), LIB_SRC (passed to make when set), KEEP=1 keeps the work folder.
# Needs root (namespaces, apt-get); skips with a reason otherwise.
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
	remove_work_dir "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" -ne 0 ]; then
	skip "fleet: needs root (UTS namespaces for the test hosts, apt-get)"
	finish
fi
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
same "ansible: a run with failed hosts exits non-zero (2 failed, 4 unreachable)" "$([ $rc1 -ne 0 ] && echo yes)" yes
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
playbook "$T/run2.log"
changed_tasks "$T/run2.log" >"$T/changed2"
ALLOWED='Scan \(a new scan|Keep the scan.s own output|Fetch the results|HTML report from the ARF|Write the run record|Add them to the archive.s manifest|Archive folder for this host|Folder of the run record'
unexpected=$(sed 's/^ *[0-9]* //' "$T/changed2" | grep -vE "$ALLOWED")
same "ansible: a second run changes nothing but the new results (install, packages, build: unchanged)" "$unexpected" ""
[ -n "$unexpected" ] && diag "$T/changed2"
same "ansible: the second run scanned again (one new scan per reachable host)" \
	"$(grep -E 'Scan \(a new scan' "$T/changed2" | awk '{print $1}')" 4
check "ansible: after the second run sha256sum -c passes for both runs" \
	sh -c "cd '$A' && sha256sum -c --quiet SHA256SUMS"
same "ansible: the manifest is append-only (the first run's lines unchanged)" \
	"$(head -c "$(stat -c %s "$T/sums1")" "$A/SHA256SUMS" | cmp - "$T/sums1" >/dev/null && echo yes)" yes
same "ansible: two ARFs per scanned host" "$(find "$A" -path '*/alpha/arf-*' -o -path '*/bravo/arf-*' -o -path '*/charlie/arf-*' | wc -l)" 6

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
missing=0
while read -r anchor; do grep -q "id=\"$anchor\"" "$T/sum.html" || missing=$((missing + 1)); done < <(fail_links)
check "summary --format html: one page, nothing loaded, every finding linked to its evidence" \
	sh -c "grep -q \"default-src 'none'\" '$T/sum.html' && ! grep -qi '<script' '$T/sum.html' &&
	       [ $(fail_links | grep -c .) -gt 0 ] && [ $missing -eq 0 ]"
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
check "kubernetes: every manifest matches the API's types (python3-kubernetes)" \
	$PY "$K8S/check-manifests.py" "$K8S"/*.yaml
sed 's/readOnlyRootFilesystem:/readOnlyRootFilesytem:/' "$K8S/daemonset.yaml" >"$T/typo.yaml"
same "kubernetes: the check refuses a misspelt field" \
	"$($PY "$K8S/check-manifests.py" "$T/typo.yaml" 2>&1 | grep -c 'readOnlyRootFilesytem: no such field')" 1
same "kubernetes: the ServiceAccount mounts no token and nothing grants it a role" \
	"$(grep -c 'automountServiceAccountToken: false' "$K8S/serviceaccount.yaml" "$K8S/daemonset.yaml" \
		"$K8S/job-per-node.yaml" "$K8S/job-offline-per-node.yaml" | awk -F: '{s += $2} END {print s}')$(
		grep -lE 'kind: (Cluster)?Role(Binding)?$' "$K8S"/*.yaml)" 4
if command -v kubectl >/dev/null 2>&1; then
	check "kubernetes: kubectl kustomize builds deploy/kubernetes (no cluster needed)" \
		sh -c "kubectl kustomize '$K8S' >'$T/kustomized.yaml' && $PY '$K8S/check-manifests.py' '$T/kustomized.yaml'"
	if kubectl apply --dry-run=client --validate=false -f "$K8S/namespace.yaml" >"$T/dry.log" 2>&1; then
		check "kubernetes: kubectl apply --dry-run=client accepts every manifest" \
			kubectl apply --dry-run=client --validate=false -f "$K8S/namespace.yaml" -f "$K8S/serviceaccount.yaml" \
			-f "$K8S/configmap.yaml" -f "$K8S/daemonset.yaml"
	else
		skip "kubernetes: kubectl apply --dry-run=client needs an API server to map kinds ($(tail -n 1 "$T/dry.log" | cut -c1-80))"
	fi
else
	skip "kubernetes: kubectl kustomize (no kubectl)"
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
		same "kubernetes: DKER-EE-001240 names the host-PID app, not the scanner nor its sandbox" \
			"$(grep -c "name=/\?hostpid-app" "$T/pod-sum.txt")$(grep -c 'cscap-scanner' "$T/pod-sum.txt")" 10
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
fi

finish
