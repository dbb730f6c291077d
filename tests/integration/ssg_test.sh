#!/usr/bin/env bash
# tests/integration/ssg_test.sh — cscap on real content no one here wrote:
# the SCAP Security Guide data streams Debian ships (ssg-base, ssg-debian,
# ssg-nondebian), compared with OpenSCAP.
#
# 1. Every *-ds.xml and *-ds-1.2.xml: `cscap info` succeeds, under a time and
#    memory limit, and names the same profiles as `oscap info --profiles` and
#    the same number of rules as the benchmark holds (oscap info prints no
#    rule count: the Rule elements are counted with xmllint).  A remote
#    component-ref (the vendor OVAL feeds of the Red Hat, Oracle and SUSE
#    data streams) is a warning, never fetched; the rule that needs it is
#    notchecked with a message.
# 2. ssg-debian11-ds.xml is evaluated by both against a prepared root (a
#    folder: os-release of Debian 11, accounts, login.defs, sshd_config, audit
#    and rsyslog configuration, dpkg status, files with known modes and
#    owners, ...), with the profile of a tailoring file that selects every
#    comparable rule: a rule whose OVAL (through
#    extend_definition, variables, filters and sets) reaches only objects
#    cscap collects offline — family, textfilecontent54, variable, file,
#    dpkginfo.  (uname, process58 and environmentvariable58 describe a
#    running system: cscap does not collect them offline; other object types
#    have no cscap probe.)  cscap runs `xccdf eval --root`, OpenSCAP runs
#    with OSCAP_PROBE_ROOT; the results are compared rule by rule: "N of M
#    comparable rules agree", every disagreement listed, and the test fails
#    below SSG_AGREEMENT percent (default 95).
#
# Environment: CSCAP (default build/cscap, relative to the repository root);
# SSG_DIR (default /usr/share/xml/scap/ssg/content); SSG_AGREEMENT (default
# 95); KEEP=1 keeps the work folder even when everything passed.
# Needs root only to install what is missing (apt-get) and to give the
# prepared root's files their owners; skips with a message otherwise.
# Output: TAP ("ok - …" / "not ok - …" / "… # SKIP"), then the counts.
# Exit status: 0 when nothing failed (skips included), 1 otherwise.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
case $CSCAP in /*) ;; *) CSCAP=$ROOT/$CSCAP ;; esac
SSG_DIR=${SSG_DIR:-/usr/share/xml/scap/ssg/content}
SSG_AGREEMENT=${SSG_AGREEMENT:-95}
DEB11=$SSG_DIR/ssg-debian11-ds.xml
STANDARD=xccdf_org.ssgproject.content_profile_standard
PROFILE=xccdf_org.cscap.test_profile_comparable
# Object types cscap collects offline (--root).
COMPARABLE='family_object textfilecontent54_object variable_object file_object dpkginfo_object'
# Limits on one run: a hang or a runaway allocation is a bug, not a slow test.
INFO_TIMEOUT=120
EVAL_TIMEOUT=300
MEM_KB=2097152
T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT INT TERM

# AddressSanitizer reserves terabytes of address space: no limit for such a build.
grep -q __asan_init "$CSCAP" 2>/dev/null && MEM_KB=unlimited
# limited SECONDS COMMAND...: run under a time limit and an address-space limit
limited() {
	local secs=$1
	shift
	(
		ulimit -v "$MEM_KB"
		exec timeout "$secs" "$@"
	)
}
# how_it_ended STATUS: "" for an ordinary exit, else what went wrong
how_it_ended() {
	case $1 in
	124) echo "hung (killed after the time limit)" ;;
	12[5-7]) echo "could not run (status $1)" ;;
	1[2-9][0-9] | 2[0-9][0-9]) echo "crashed (signal $(($1 - 128)))" ;;
	*) echo "" ;;
	esac
}

# ---- what the test needs ----------------------------------------------------
have_all() {
	[ -e "$DEB11" ] && [ -e "$SSG_DIR/ssg-rhel8-ds.xml" ] && [ -e /usr/share/doc/ssg-base ] &&
		command -v oscap >/dev/null 2>&1 && command -v xsltproc >/dev/null 2>&1 &&
		command -v xmllint >/dev/null 2>&1
}
if ! have_all; then
	if [ "$(id -u)" -ne 0 ]; then
		skip "SSG content or OpenSCAP missing, and not root: cannot apt-get install ssg-base ssg-debian ssg-nondebian openscap-scanner"
		finish
	fi
	need_packages ssg-base:/usr/share/doc/ssg-base ssg-debian:"$DEB11" \
		ssg-nondebian:"$SSG_DIR/ssg-rhel8-ds.xml" openscap-scanner:oscap \
		xsltproc:xsltproc libxml2-utils:xmllint
	if ! have_all; then
		skip "apt-get install ssg-base ssg-debian ssg-nondebian openscap-scanner failed (no network?)"
		finish
	fi
fi
if [ ! -x "$CSCAP" ]; then
	not_ok "cscap is built ($CSCAP)"
	finish
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/cscap-ssg-it-XXXXXX") || exit 1
chmod 755 "$T"

# ---- 1. every data stream: cscap info agrees with oscap info ------------------
# cscap info: "Rules: N", then "Profiles: N" and one "  ID  TITLE" line each.
cscap_profiles() {
	awk '/^Profiles: /{p=1; next} p && /^  /{print $1; next} {p=0}' "$1" | sort
}
n_ds=0
n_ds_ok=0
for ds in "$SSG_DIR"/*-ds.xml "$SSG_DIR"/*-ds-1.2.xml; do
	[ -e "$ds" ] || continue
	name=${ds##*/}
	n_ds=$((n_ds + 1))
	limited "$INFO_TIMEOUT" "$CSCAP" info "$ds" >"$T/info.out" 2>"$T/info.err"
	rc=$?
	bad=$(how_it_ended "$rc")
	if [ -n "$bad" ] || [ "$rc" -ne 0 ]; then
		not_ok "cscap info $name: ${bad:-exit status $rc}"
		diag "$T/info.err" 5
		continue
	fi
	cscap_profiles "$T/info.out" >"$T/ids.cscap"
	oscap info --profiles "$ds" 2>/dev/null | cut -d: -f1 | sort >"$T/ids.oscap"
	rules=$(sed -n 's/^Rules: //p' "$T/info.out")
	want_rules=$(xp "$ds" "count(//*[local-name()='Benchmark'][1]//*[local-name()='Rule'])")
	warn=$(grep -c '^  warning: ' "$T/info.out")
	if ! cmp -s "$T/ids.cscap" "$T/ids.oscap"; then
		not_ok "cscap info $name: the profiles oscap info lists"
		diff "$T/ids.oscap" "$T/ids.cscap" | sed -n 's/^[<>]/#   &/p' | head -10
	elif [ "$rules" != "$want_rules" ]; then
		not_ok "cscap info $name: $want_rules rules"
		printf '#   cscap info says "Rules: %s"\n' "$rules"
	else
		n_ds_ok=$((n_ds_ok + 1))
		ok "cscap info $name: $(wc -l <"$T/ids.cscap") profiles and $rules rules, as oscap$([ "$warn" -gt 0 ] && echo " ($warn remote resource(s) not fetched)")"
	fi
done
echo "# cscap info agrees with oscap info on $n_ds_ok of $n_ds data streams"
if [ "$n_ds" -eq 0 ]; then
	not_ok "data streams under $SSG_DIR"
	finish
fi

# A rule whose OVAL is a remote component-ref (Red Hat's vendor feed) is
# notchecked, saying so, in a 1.3 data stream (a catalog name) and a 1.2 one
# (the URL itself as href); nothing is fetched.
RHEL7_PROFILE=xccdf_org.ssgproject.content_profile_C2S
PATCHES=xccdf_org.ssgproject.content_rule_security_patches_up_to_date
for ds in "$SSG_DIR/ssg-rhel7-ds.xml" "$SSG_DIR/ssg-rhel7-ds-1.2.xml"; do
	[ -e "$ds" ] || continue
	limited "$INFO_TIMEOUT" "$CSCAP" xccdf eval --profile "$RHEL7_PROFILE" --rule "$PATCHES" \
		--results "$T/remote.xml" "$ds" >"$T/remote.out" 2>"$T/remote.err"
	rc=$?
	got=$(rule_result "$T/remote.xml" "$PATCHES")
	msg=$(xp "$T/remote.xml" "string(//*[local-name()='rule-result'][@idref='$PATCHES']/*[local-name()='message'][contains(., 'does not fetch')])")
	if [ "$rc" -eq 0 ] && [ "$got" = notchecked ] && [ -n "$msg" ]; then
		ok "${ds##*/}: $PATCHES (remote OVAL) is notchecked with a message"
	else
		not_ok "${ds##*/}: $PATCHES (remote OVAL) is notchecked with a message (exit status $rc, result '$got')"
		diag "$T/remote.err" 5
	fi
done

# ---- 2. a prepared root -------------------------------------------------------
R=$T/root
ME=$(id -u)
# put MODE UID:GID PATH [TEXT]: a file with that text (printf %b), mode and owner
put() {
	mkdir -p "$(dirname "$R/$3")"
	printf '%b' "${4:-}" >"$R/$3"
	chmod "$1" "$R/$3"
	[ "$ME" -eq 0 ] && chown "$2" "$R/$3"
	return 0
}
# dir MODE UID:GID PATH
dir() {
	mkdir -p "$R/$3"
	chmod "$1" "$R/$3"
	[ "$ME" -eq 0 ] && chown "$2" "$R/$3"
	return 0
}
dir 755 0:0 .
for d in etc usr usr/bin usr/sbin usr/lib usr/local usr/local/bin usr/local/sbin bin sbin lib lib64 \
	boot var var/lib var/lib/dpkg home run; do
	dir 755 0:0 "$d"
done
put 644 0:0 etc/os-release 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\nHOME_URL="https://www.debian.org/"\n'
put 644 0:0 etc/debian_version '11.8\n'
# Accounts: a second uid 0, an empty password, a user whose group is missing.
put 644 0:0 etc/passwd 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\ntoor:x:0:0:spare root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\nbob:x:1001:1999:Bob:/home/bob:/bin/bash\n'
put 644 0:0 etc/group 'root:x:0:\ndaemon:x:1:\nadm:x:4:\nshadow:x:42:\nsudo:x:27:alice\nalice:x:1000:\n'
# shellcheck disable=SC2016  # literal '$' in the file's text
put 640 0:42 etc/shadow 'root:$6$abc$def:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\ntoor:$6$abc$def:19000:0:99999:7:::\nalice::19000:0:99999:7:::\nbob:!:19000:0:99999:7:::\n'
put 640 1000:42 etc/gshadow 'root:*::\nshadow:*::\nsudo:*::alice\n'
put 644 0:0 etc/passwd- 'root:x:0:0:root:/root:/bin/bash\n'
put 644 0:0 etc/group- 'root:x:0:\n'
put 644 0:0 etc/shadow- 'root:*:19000:0:99999:7:::\n'
put 600 0:0 etc/gshadow- 'root:*::\n'
put 644 0:0 etc/login.defs 'MAIL_DIR /var/mail\nPASS_MAX_DAYS 60\nPASS_MIN_DAYS 0\nPASS_WARN_AGE 7\nUMASK 022\nPASS_MIN_LEN 15\nFAIL_DELAY 4\n'
put 644 0:0 etc/profile 'umask 027\n'
put 644 0:0 etc/bash.bashrc 'umask 077\n'
put 600 0:0 etc/ssh/sshd_config 'Protocol 2\nPermitRootLogin no\nPermitEmptyPasswords no\nClientAliveInterval 300\nClientAliveCountMax 0\nX11Forwarding yes\nLogLevel INFO\nMaxAuthTries 4\nBanner /etc/issue.net\nCompression no\nUsePAM yes\nIgnoreRhosts yes\nHostbasedAuthentication no\nPermitUserEnvironment no\nStrictModes yes\nGSSAPIAuthentication yes\nKerberosAuthentication no\nAllowTcpForwarding yes\nLoginGraceTime 60\nMaxSessions 10\nPrintLastLog yes\nIgnoreUserKnownHosts yes\n'
put 600 0:0 etc/ssh/ssh_host_ed25519_key 'not a key\n'
put 640 0:0 etc/ssh/ssh_host_rsa_key 'not a key\n'
put 644 0:0 etc/ssh/ssh_host_rsa_key.pub 'ssh-rsa AAAA\n'
put 666 0:0 etc/ssh/ssh_host_ed25519_key.pub 'ssh-ed25519 AAAA\n'
put 644 0:0 etc/issue.net 'Authorized uses only.\n'
put 644 0:0 etc/securetty 'console\ntty1\nttyS0\n'
put 644 0:0 etc/sysctl.conf 'kernel.randomize_va_space = 2\n'
put 644 0:0 etc/sysctl.d/99-cscap.conf 'fs.protected_hardlinks = 1\nfs.protected_symlinks = 0\nfs.suid_dumpable = 0\n'
put 640 0:0 etc/audit/auditd.conf 'log_file = /var/log/audit/audit.log\nlog_format = RAW\nlog_group = root\nfreq = 50\nnum_logs = 5\nmax_log_file = 8\nmax_log_file_action = ROTATE\nspace_left_action = email\naction_mail_acct = root\nadmin_space_left_action = single\ndisk_full_action = HALT\ndisk_error_action = SYSLOG\nname_format = hostname\nlocal_events = yes\nwrite_logs = yes\noverflow_action = syslog\n'
put 640 0:0 etc/audit/rules.d/cscap.rules '-w /etc/passwd -p wa -k identity\n-w /etc/group -p wa -k identity\n-w /etc/shadow -p wa -k identity\n-w /var/log/lastlog -p wa -k logins\n-w /var/log/faillock -p wa -k logins\n-w /etc/localtime -p wa -k audit_time_rules\n-w /etc/sudoers -p wa -k actions\n-w /sbin/reboot -p x -k privileged\n-a always,exit -F arch=b64 -S umount2 -F auid>=1000 -F auid!=unset -k perm_mod\n-e 2\n'
put 640 0:0 etc/audit/audit.rules '-w /etc/passwd -p wa -k identity\n-e 2\n'
put 600 0:0 etc/audit/plugins.d/syslog.conf 'active = yes\ndirection = out\npath = /sbin/audisp-syslog\n'
put 644 0:0 etc/default/grub 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="audit=1 slab_nomerge=yes spectre_v2=on nosmap"\nGRUB_DISABLE_RECOVERY=true\n'
put 600 0:0 boot/System.map-5.10.0-26-amd64 'ffffffff81000000 T _text\n'
put 644 0:0 boot/config-5.10.0-26-amd64 'CONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_SECURITY=y\nCONFIG_SECURITY_YAMA=y\nCONFIG_RETPOLINE=y\nCONFIG_RANDOMIZE_BASE=y\nCONFIG_RANDOMIZE_MEMORY=y\nCONFIG_PAGE_TABLE_ISOLATION=y\nCONFIG_SYN_COOKIES=y\nCONFIG_DEBUG_FS=y\nCONFIG_KEXEC=y\n# CONFIG_COMPAT_BRK is not set\nCONFIG_DEFAULT_MMAP_MIN_ADDR=65536\nCONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_ALL=y\nCONFIG_MODULE_SIG_HASH="sha256"\nCONFIG_PANIC_TIMEOUT=0\nCONFIG_LEGACY_PTYS=y\nCONFIG_IA32_EMULATION=y\nCONFIG_BUG=y\n'
# shellcheck disable=SC2016  # literal '$' in the file's text
put 644 0:0 etc/rsyslog.conf '$FileOwner root\n$FileGroup adm\n$FileCreateMode 0640\n*.* @@loghost.example.com\n$DefaultNetstreamDriver gtls\n$ActionSendStreamDriverMode 1\n'
dir 755 0:0 etc/rsyslog.d
dir 775 0:4 var/log
put 640 0:4 var/log/syslog 'a line\n'
put 644 0:0 var/log/messages 'a line\n'
dir 700 0:0 var/log/audit
put 600 0:0 var/log/audit/audit.log 'type=DAEMON_START\n'
put 440 0:0 etc/sudoers 'Defaults env_reset\nDefaults use_pty\nDefaults logfile=/var/log/sudo.log\n%sudo ALL=(ALL:ALL) ALL\n'
put 440 0:0 etc/sudoers.d/90-cscap 'alice ALL=(ALL) NOPASSWD: ALL\nbob ALL=(root) !/bin/sh\n'
put 644 0:0 etc/apt/sources.list 'deb http://deb.debian.org/debian bullseye main\ndeb http://security.debian.org/debian-security bullseye-security main\n'
put 644 0:0 etc/apt/apt.conf.d/99cscap 'APT::Get::AllowUnauthenticated "true";\n'
put 644 0:0 etc/ntp.conf 'server 0.debian.pool.ntp.org iburst\n'
put 644 0:0 etc/chrony.conf 'pool 2.debian.pool.ntp.org iburst\nserver ntp.example.com\n'
put 644 0:0 etc/security/limits.d/cscap.conf '* hard maxlogins 10\n* hard core 0\n'
put 644 0:0 etc/security/namespace.conf '/tmp     /tmp/tmp-inst/       level      root,adm\n'
put 644 0:0 etc/systemd/coredump.conf '[Coredump]\nStorage=none\nProcessSizeMax=0\n'
put 644 0:0 etc/modprobe.d/cscap.conf 'install rds /bin/true\nblacklist tipc\ninstall uvcvideo /bin/false\noptions ipv6 disable=1\n'
put 644 0:0 etc/pam.d/common-auth 'auth required pam_faillock.so preauth audit silent deny=3\nauth [success=1 default=ignore] pam_unix.so nullok\n'
put 644 0:0 etc/pam.d/login 'session optional pam_lastlog.so showfailed\n'
put 644 0:0 etc/aliases 'postmaster: root\nroot: admin@example.com\n'
put 644 0:0 etc/logrotate.conf 'weekly\nrotate 4\ninclude /etc/logrotate.d\n'
put 755 0:0 etc/cron.daily/logrotate '#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n'
put 644 0:0 etc/aide.conf 'database=file:/var/lib/aide/aide.db\n'
put 644 0:0 etc/gdm3/daemon.conf '[xdmcp]\nEnable=true\n'
put 755 0:0 usr/bin/ls ''
put 777 0:0 usr/bin/badperm ''
put 755 1000:1000 usr/sbin/owned-by-alice ''
put 644 0:0 lib/libok.so.1 ''
put 666 0:0 usr/lib/libwide.so.1 ''
put 644 1000:0 lib64/libalice.so.1 ''
dir 755 1000:1000 home/alice
put 600 1000:1000 home/alice/.netrc 'machine example.com login alice password x\n'
put 600 1000:1000 home/alice/.rhosts '+ +\n'
dir 1777 0:0 tmp
dir 777 0:0 srv/shared
# pkg NAME VERSION [ARCH]: one installed package of the dpkg status file
pkg() {
	printf 'Package: %s\nStatus: install ok installed\nPriority: optional\nSection: admin\nInstalled-Size: 1\nMaintainer: nobody <nobody@example.com>\nArchitecture: %s\nVersion: %s\nDescription: %s\n\n' \
		"$1" "${3:-amd64}" "$2" "$1"
}
{
	pkg auditd 1:3.0-2
	pkg cron 3.0pl1-137
	pkg rsyslog 8.2102.0-2+deb11u1
	pkg openssh-server 1:8.4p1-5+deb11u2
	pkg sudo 1.9.5p2-3+deb11u1
	pkg telnetd 0.17-42
	pkg nis 4.4
	pkg aide 0.17.3-4+deb11u1
	pkg chrony 4.0-8+deb11u2
	pkg libpam-runtime 1.4.0-9+deb11u1 all
	pkg base-files 11.1+deb11u8
	pkg dpkg 1.20.13
	pkg gnutls-bin 3.7.1-5+deb11u3
} >"$R/var/lib/dpkg/status"
chmod 644 "$R/var/lib/dpkg/status"
# OpenSCAP's dpkginfo probe reads the root's dpkg status through libapt-pkg,
# which needs dpkg's architecture tables and a package cache folder there, and
# must not read this machine's apt.conf.d (Debian's Docker images disable the
# package cache there, and the probe then fails and reports "does not exist").
dir 755 0:0 usr/share/dpkg
cp /usr/share/dpkg/cputable /usr/share/dpkg/tupletable "$R/usr/share/dpkg/" 2>/dev/null
dir 755 0:0 var/cache/apt
dir 755 0:0 var/lib/apt/lists
mkdir -p "$T/apt.conf.d"
printf 'Dir::Etc::parts "%s";\n' "$T/apt.conf.d" >"$T/apt.conf"

# ---- 3. the comparable rules ----------------------------------------------------
# rule-objects.xsl: "RULE-ID OBJECT-TYPE" for every OVAL object a Rule's checks
# reach (criteria, extend_definition, states, variables, filters, sets);
# "RULE-ID -" for a Rule without an OVAL check or whose definition is missing.
cat >"$T/rule-objects.xsl" <<'EOF'
<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
 <xsl:output method="text"/>
 <xsl:key name="def" match="*[local-name()='definition']" use="@id"/>
 <xsl:key name="tst" match="*[local-name()='tests']/*" use="@id"/>
 <xsl:key name="obj" match="*[local-name()='objects']/*" use="@id"/>
 <xsl:key name="ste" match="*[local-name()='states']/*" use="@id"/>
 <xsl:key name="var" match="*[local-name()='variables']/*" use="@id"/>
 <xsl:template match="/">
  <xsl:for-each select="//*[local-name()='Rule']">
   <xsl:variable name="rule" select="@id"/>
   <xsl:variable name="refs" select=".//*[local-name()='check'][@system='http://oval.mitre.org/XMLSchema/oval-definitions-5']/*[local-name()='check-content-ref']"/>
   <xsl:if test="not($refs)"><xsl:value-of select="concat($rule, ' -&#10;')"/></xsl:if>
   <xsl:for-each select="$refs">
    <xsl:call-template name="def"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="id" select="@name"/></xsl:call-template>
   </xsl:for-each>
  </xsl:for-each>
 </xsl:template>
 <xsl:template name="def">
  <xsl:param name="rule"/><xsl:param name="id"/>
  <xsl:if test="not(key('def', $id))"><xsl:value-of select="concat($rule, ' -&#10;')"/></xsl:if>
  <xsl:for-each select="key('def', $id)//*[local-name()='criterion']/@test_ref">
   <xsl:for-each select="key('tst', .)/*">
    <xsl:if test="@object_ref"><xsl:call-template name="obj"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="id" select="@object_ref"/></xsl:call-template></xsl:if>
    <xsl:if test="@state_ref"><xsl:call-template name="refs"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="n" select="key('ste', @state_ref)"/></xsl:call-template></xsl:if>
   </xsl:for-each>
  </xsl:for-each>
  <xsl:for-each select="key('def', $id)//*[local-name()='extend_definition']/@definition_ref">
   <xsl:call-template name="def"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="id" select="."/></xsl:call-template>
  </xsl:for-each>
 </xsl:template>
 <xsl:template name="obj">
  <xsl:param name="rule"/><xsl:param name="id"/>
  <xsl:for-each select="key('obj', $id)">
   <xsl:value-of select="concat($rule, ' ', local-name(), '&#10;')"/>
   <xsl:call-template name="refs"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="n" select="."/></xsl:call-template>
  </xsl:for-each>
 </xsl:template>
 <xsl:template name="refs">
  <xsl:param name="rule"/><xsl:param name="n"/>
  <xsl:for-each select="$n//@var_ref">
   <xsl:for-each select="key('var', .)">
    <xsl:call-template name="refs"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="n" select="."/></xsl:call-template>
   </xsl:for-each>
  </xsl:for-each>
  <xsl:for-each select="$n//*[local-name()='object_component']/@object_ref | $n//*[local-name()='object_reference']">
   <xsl:call-template name="obj"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="id" select="."/></xsl:call-template>
  </xsl:for-each>
  <xsl:for-each select="$n//*[local-name()='filter']">
   <xsl:call-template name="refs"><xsl:with-param name="rule" select="$rule"/><xsl:with-param name="n" select="key('ste', .)"/></xsl:call-template>
  </xsl:for-each>
 </xsl:template>
</xsl:stylesheet>
EOF
# rule-results.xsl: "RULE-ID RESULT" for every rule-result (XCCDF results or ARF).
cat >"$T/rule-results.xsl" <<'EOF'
<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
 <xsl:output method="text"/>
 <xsl:template match="/">
  <xsl:for-each select="//*[local-name()='TestResult']/*[local-name()='rule-result']">
   <xsl:value-of select="concat(@idref, ' ', *[local-name()='result'], '&#10;')"/>
  </xsl:for-each>
 </xsl:template>
</xsl:stylesheet>
EOF
if ! xsltproc "$T/rule-objects.xsl" "$DEB11" 2>"$T/xslt.err" | sort -u >"$T/rule-objects"; then
	not_ok "the objects each rule of ${DEB11##*/} reaches (xsltproc)"
	diag "$T/xslt.err"
	finish
fi
awk -v ok="$COMPARABLE" '
	BEGIN { n = split(ok, a, " "); for (i = 1; i <= n; i++) good[a[i]] = 1 }
	{ seen[$1] = 1; if (!($2 in good)) bad[$1] = 1 }
	END { for (r in seen) if (!(r in bad)) print r }' "$T/rule-objects" | sort >"$T/comparable"
n_rules=$(cut -d' ' -f1 "$T/rule-objects" | sort -u | wc -l)
n_comparable=$(wc -l <"$T/comparable")
echo "# ${DEB11##*/}: $n_comparable of $n_rules rules reach only objects cscap collects offline"

# The tailoring: a profile that selects every comparable rule.  (Not one that
# extends "standard": its 231 selected="false" would unselect most of them, in
# OpenSCAP as in cscap.)
{
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<xccdf:Tailoring xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.cscap.test_tailoring_ssg">
 <xccdf:benchmark href="${DEB11##*/}"/>
 <xccdf:version time="2024-01-01T00:00:00">1</xccdf:version>
 <xccdf:Profile id="$PROFILE">
  <xccdf:title>every rule cscap can decide offline</xccdf:title>
EOF
	sed 's|.*|  <xccdf:select idref="&" selected="true"/>|' "$T/comparable"
	printf ' </xccdf:Profile>\n</xccdf:Tailoring>\n'
} >"$T/tailoring.xml"

# ---- 4. both evaluate ssg-debian11 against the root, rule by rule ------------------
# evaluate NAME PROFILE [TAILORING]: cscap and OpenSCAP evaluate ssg-debian11
# with PROFILE; T/NAME.cscap and T/NAME.oscap get "RULE RESULT" lines.
# Returns 1 (after a "not ok") when either gave no results.
evaluate() {
	local name=$1 profile=$2 tailoring=() rc secs bad started
	[ -n "${3:-}" ] && tailoring=(--tailoring-file "$3")
	started=$(date +%s)
	limited "$EVAL_TIMEOUT" "$CSCAP" xccdf eval --root "$R" "${tailoring[@]}" --profile "$profile" \
		--results-arf "$T/$name-arf.xml" "$DEB11" >"$T/$name-cscap.out" 2>"$T/$name-cscap.err"
	rc=$?
	secs=$(($(date +%s) - started))
	bad=$(how_it_ended "$rc")
	if [ -z "$bad" ] && [ "$rc" -le 2 ] && [ -s "$T/$name-arf.xml" ]; then
		ok "cscap xccdf eval --root, profile $profile: an ARF (exit status $rc, ${secs}s)"
	else
		not_ok "cscap xccdf eval --root, profile $profile: ${bad:-exit status $rc}"
		diag "$T/$name-cscap.err"
		return 1
	fi
	started=$(date +%s)
	APT_CONFIG=$T/apt.conf OSCAP_PROBE_ROOT=$R limited "$EVAL_TIMEOUT" oscap xccdf eval \
		"${tailoring[@]}" --profile "$profile" --results "$T/$name-oscap.xml" "$DEB11" \
		>"$T/$name-oscap.out" 2>"$T/$name-oscap.err"
	rc=$?
	secs=$(($(date +%s) - started))
	if [ -s "$T/$name-oscap.xml" ]; then
		ok "oscap xccdf eval with OSCAP_PROBE_ROOT, profile $profile: results (exit status $rc, ${secs}s)"
	else
		not_ok "oscap xccdf eval with OSCAP_PROBE_ROOT, profile $profile: results (exit status $rc)"
		diag "$T/$name-oscap.err"
		return 1
	fi
	xsltproc "$T/rule-results.xsl" "$T/$name-arf.xml" | sort >"$T/$name.cscap"
	xsltproc "$T/rule-results.xsl" "$T/$name-oscap.xml" | sort >"$T/$name.oscap"
}

# compare NAME PROFILE: the comparable rules, rule by rule ("RULE CSCAP OSCAP"
# in T/NAME.compared; rules both left unselected are not counted).
compare() {
	local name=$1 profile=$2 unselected total agreed definite r
	join -a 1 -e none -o 0,2.2 "$T/comparable" "$T/$name.cscap" >"$T/$name.ours"
	join -a 1 -e none -o 0,2.2 "$T/comparable" "$T/$name.oscap" >"$T/$name.theirs"
	join "$T/$name.ours" "$T/$name.theirs" >"$T/$name.both"
	unselected=$(awk '$2 == "notselected" && $3 == "notselected"' "$T/$name.both" | wc -l)
	awk '!($2 == "notselected" && $3 == "notselected")' "$T/$name.both" >"$T/$name.compared"
	total=$(wc -l <"$T/$name.compared")
	agreed=$(awk '$2 == $3' "$T/$name.compared" | wc -l)
	echo "# $agreed of $total comparable rules agree (cscap and OpenSCAP on ${DEB11##*/}, profile $profile;" \
		"$unselected more unselected by both)"
	for r in pass fail notapplicable notchecked error unknown notselected; do
		printf '#   %s: cscap %s, OpenSCAP %s\n' "$r" "$(awk -v r="$r" '$2 == r' "$T/$name.compared" | wc -l)" \
			"$(awk -v r="$r" '$3 == r' "$T/$name.compared" | wc -l)"
	done
	awk '$2 != $3 { sub(/^xccdf_org\.ssgproject\.content_rule_/, "", $1); printf "#   disagree: %s: cscap %s, OpenSCAP %s\n", $1, $2, $3 }' \
		"$T/$name.compared"
	# Agreement on errors everywhere would prove nothing: most results must be definite.
	definite=$(awk '$2 == "pass" || $2 == "fail"' "$T/$name.compared" | wc -l)
	if [ "$total" -gt 0 ] && [ $((definite * 100)) -ge $((total * 80)) ]; then
		ok "profile $profile: cscap gives pass or fail to most comparable rules ($definite of $total)"
	else
		not_ok "profile $profile: cscap gives pass or fail to most comparable rules ($definite of $total)"
	fi
	if [ "$total" -gt 0 ] && [ $((agreed * 100)) -ge $((total * SSG_AGREEMENT)) ]; then
		ok "profile $profile: cscap and OpenSCAP agree on at least $SSG_AGREEMENT% of the $total comparable rules ($agreed)"
	else
		not_ok "profile $profile: cscap and OpenSCAP agree on at least $SSG_AGREEMENT% of the $total comparable rules ($agreed)"
	fi
}

# SSG's own profile, then the tailoring's profile that selects every comparable rule.
evaluate standard "$STANDARD" && compare standard "$STANDARD"
evaluate comparable "$PROFILE" "$T/tailoring.xml" && compare comparable "$PROFILE"
finish
