# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh: shared helpers for the numbered CLI scripts (tests/cli/tNNNN-*.sh).
#
# A script sources this file, runs its checks and ends with `finish`.
# Every script gets a fresh temporary directory ($T, removed on exit) that
# holds its data directory ($NCPKI_HOME) and every file it writes, so the
# suite runs under `make distcheck` with a read-only source tree.
# Exit status: 0 pass, 1 fail, 77 skip (a needed external tool is absent).
#
# Environment (set by tests/Makefile.inc): NCPKI, OPENSSL, CERTTOOL, SQLITE3.

set -u

NCPKI=${NCPKI:-}
OPENSSL=${OPENSSL:-openssl}
CERTTOOL=${CERTTOOL:-}
SQLITE3=${SQLITE3:-}
LC_ALL=C
export LC_ALL
unset NCPKI_HOME XDG_DATA_HOME 2>/dev/null || :

test_name=$(basename "$0" .sh)
failures=0
checks=0

say() { printf '%s\n' "$*"; }

skip_all() {
	say "SKIP: $test_name: $*"
	exit 77
}

if [ -z "$NCPKI" ] || [ ! -x "$NCPKI" ]; then
	say "FAIL: ncpki binary not found (NCPKI='$NCPKI')"
	exit 1
fi
if [ -z "$OPENSSL" ] || ! command -v "$OPENSSL" >/dev/null 2>&1; then
	skip_all "openssl is not installed"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/ncpki-$test_name.XXXXXX") || exit 1

# at_exit COMMAND: COMMAND (stopping a server the script started, say) runs
# when the script exits, before $T is removed; the latest registered first.
_at_exit=:
at_exit() { _at_exit="$1; $_at_exit"; }
trap 'eval "$_at_exit"; cd /; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM
cd "$T" || exit 1

NCPKI_HOME=$T/home
export NCPKI_HOME
OUT=$T/.out
ERR=$T/.err
rc=0

# Commands run without a controlling terminal, so a prompt on /dev/tty can
# never hang the suite or be answered by the person running it.
if command -v setsid >/dev/null 2>&1; then
	NOTTY="setsid -w"
else
	NOTTY=""
fi

# ------------------------------------------------- background processes

# stop_pid VAR: kills the background process whose id VAR holds, waits for
# it and empties VAR; nothing when VAR is empty.
stop_pid() {
	eval "_sp=\${$1}"
	if [ -n "$_sp" ]; then
		kill "$_sp" 2>/dev/null
		wait "$_sp" 2>/dev/null
		eval "$1="
	fi
}

# wait_until TRIES PID COMMAND...: runs COMMAND every 0.1 s until it
# succeeds, TRIES times at most; fails as soon as process PID (unless "")
# has ended.
wait_until() {
	_wu_n=$1
	_wu_pid=$2
	shift 2
	_wu_i=0
	while [ $_wu_i -lt "$_wu_n" ]; do
		"$@" && return 0
		[ -z "$_wu_pid" ] || kill -0 "$_wu_pid" 2>/dev/null || return 1
		sleep 0.1
		_wu_i=$((_wu_i + 1))
	done
	return 1
}

# start_daemon [PORT]: ncpkid ($NCPKID) on $NCPKI_HOME as node
# ca-node.example.com, on 127.0.0.1 and PORT (else any free port), for 300 s
# at most, its log in $T/ncpkid.log; sets d_pid and port. stop_daemon ends it
# (and the script's exit does).
d_pid=
start_daemon() {
	: >"$T/ncpkid.log"
	timeout 300 "$NCPKID" --home "$NCPKI_HOME" --listen 127.0.0.1 --port "${1:-0}" \
		--node ca-node.example.com 2>>"$T/ncpkid.log" &
	d_pid=$!
	if ! wait_until 100 "$d_pid" _daemon_port; then
		fail "ncpkid did not start: $(cat "$T/ncpkid.log")"
		return 1
	fi
}
_daemon_port() {
	port=$(sed -n 's|.*listening on https://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$T/ncpkid.log" | head -n 1)
	[ -n "$port" ]
}
stop_daemon() { stop_pid d_pid; }
at_exit stop_daemon

# ------------------------------------------------------------ assertions

fail() {
	failures=$((failures + 1))
	say "FAIL: $*"
}

pass() {
	say "ok: $*"
}

# verdict OK FAIL COMMAND...: one check, passed (saying OK) when COMMAND
# succeeds, else failed (saying FAIL); returns as the check went, so that
# `verdict ... || show_output` shows what failed.
verdict() {
	_v_ok=$1
	_v_fail=$2
	shift 2
	checks=$((checks + 1))
	if "$@"; then
		pass "$_v_ok"
	else
		fail "$_v_fail"
		return 1
	fi
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	_d=$1
	shift
	verdict "$_d" "$_d" "$@"
}

# not COMMAND...: true when COMMAND fails.
not() { ! "$@"; }

# found FILE GREP-ARGS...: grep GREP-ARGS finds a line in FILE (quietly).
found() {
	_ff=$1
	shift
	grep "$@" "$_ff" >/dev/null 2>&1
}

show_output() {
	say "--- stdout:"
	sed -n '1,40p' "$OUT"
	say "--- stderr:"
	sed -n '1,40p' "$ERR"
	say "---"
}

# run ARGS...: runs ncpki with ARGS, stdin from /dev/null, no terminal;
# output in $OUT and $ERR, exit status in $rc.
run() {
	$NOTTY "$NCPKI" "$@" </dev/null >"$OUT" 2>"$ERR"
	rc=$?
}

# run_in FILE ARGS...: as run, with stdin from FILE.
run_in() {
	_in=$1
	shift
	$NOTTY "$NCPKI" "$@" <"$_in" >"$OUT" 2>"$ERR"
	rc=$?
}

# expect_exit CODE ARGS...: runs ncpki ARGS and checks its exit status.
expect_exit() {
	_want=$1
	shift
	run "$@"
	verdict "exit $_want: ncpki $*" "ncpki $*: exit $rc, expected $_want" [ "$rc" -eq "$_want" ] ||
		show_output
}

# expect_exit_in FILE CODE ARGS...: as expect_exit with stdin from FILE.
expect_exit_in() {
	_in=$1
	_want=$2
	shift 2
	run_in "$_in" "$@"
	verdict "exit $_want: ncpki $* < $_in" "ncpki $* < $_in: exit $rc, expected $_want" \
		[ "$rc" -eq "$_want" ] || show_output
}

_contains() {
	# _contains WHERE-FILE LABEL STRING
	verdict "$2 contains: $3" "$2 does not contain: $3" found "$1" -F -e "$3" || show_output
}

expect_output_contains() { _contains "$OUT" stdout "$1"; }
expect_stderr_contains() { _contains "$ERR" stderr "$1"; }

# expect_output_line LINE: stdout has exactly this line.
expect_output_line() {
	verdict "stdout line: $1" "stdout has no line: $1" found "$OUT" -F -x -e "$1" || show_output
}

# expect_stderr_line LINE: stderr has exactly this line.
expect_stderr_line() {
	verdict "stderr line: $1" "stderr has no line: $1" found "$ERR" -F -x -e "$1" || show_output
}

# expect_stderr_matches ERE: stderr matches the extended regexp (case-insensitive).
expect_stderr_matches() {
	verdict "stderr matches /$1/" "stderr does not match /$1/" found "$ERR" -i -E -e "$1" ||
		show_output
}

expect_output_matches() {
	verdict "stdout matches /$1/" "stdout does not match /$1/" found "$OUT" -E -e "$1" ||
		show_output
}

expect_output_lacks() {
	verdict "stdout lacks: $1" "stdout should not contain: $1" not found "$OUT" -F -e "$1" ||
		show_output
}

# expect_error: stderr is one or more "ncpki: error: ..." lines.
expect_error_line() {
	verdict "stderr has an 'ncpki: error:' line" "stderr has no 'ncpki: error: ...' line" \
		found "$ERR" -E '^ncpki: error: .+' || show_output
}

expect_no_crash() {
	# exit codes above 5 (126, 127, 134 abort, 139 segfault, ASan's 1 aside)
	verdict "no crash (exit $rc)" "crash or unexpected exit $rc" [ "$rc" -le 5 ] || show_output
}

expect_file() { verdict "file exists: $1" "missing file: $1" [ -f "$1" ]; }

expect_no_file() { verdict "absent: $1" "should not exist: $1" [ ! -e "$1" ]; }

# expect_mode MODE FILE: permission bits, e.g. 600 (of the file a
# symbolic link names: ncpkid's pairs are read through links).
expect_mode() {
	_m=$(stat -L -c %a "$2" 2>/dev/null)
	verdict "mode $1: $2" "mode of $2 is '$_m', expected $1" [ "$_m" = "$1" ]
}

# expect_equal WHAT GOT WANT
expect_equal() { verdict "$1 = $3" "$1: got '$2', expected '$3'" [ "$2" = "$3" ]; }

expect_not_equal() { verdict "$1 differs" "$1: should differ from '$3'" [ "$2" != "$3" ]; }

# expect_dir_empty DIR: DIR does not exist or holds nothing.
expect_dir_empty() {
	checks=$((checks + 1))
	if [ ! -d "$1" ] || [ -z "$(ls -A "$1" 2>/dev/null)" ]; then
		pass "nothing in $1"
	else
		fail "$1 should be empty, holds: $(ls -A "$1" | tr '\n' ' ')"
	fi
}

# --------------------------------------------------------------- fixtures

PASSWORD='correct horse battery'
PWFILE=$T/ca.pw

# make_pwfile FILE [PASSWORD]: a password file (first line), mode 0600.
make_pwfile() {
	(umask 077 && printf '%s\n' "${2:-$PASSWORD}" >"$1")
}
make_pwfile "$PWFILE"

# make_csr NAME [SUBJECT [SANS [KEYSPEC]]]: NAME.csr (PEM) and NAME.pkey.
# KEYSPEC: p256 (default), rsa2048, rsa1024, ed25519.
make_csr() {
	_n=$1
	_subj=${2:-/C=US/O=Example Corporation/CN=$1.example.com}
	_sans=${3:-DNS:$1.example.com}
	_ks=${4:-p256}
	case $_ks in
	p256) _kopt="-newkey ec -pkeyopt ec_paramgen_curve:P-256" ;;
	rsa1024) _kopt="-newkey rsa:1024" ;;
	rsa2048) _kopt="-newkey rsa:2048" ;;
	ed25519) _kopt="-newkey ed25519" ;;
	*) fail "make_csr: unknown key spec $_ks"; return 1 ;;
	esac
	if [ -n "$_sans" ]; then
		# shellcheck disable=SC2086
		"$OPENSSL" req -new $_kopt -nodes -keyout "$T/$_n.pkey" \
			-subj "$_subj" -addext "subjectAltName=$_sans" \
			-out "$T/$_n.csr" 2>"$T/.openssl.err"
	else
		# shellcheck disable=SC2086
		"$OPENSSL" req -new $_kopt -nodes -keyout "$T/$_n.pkey" \
			-subj "$_subj" -out "$T/$_n.csr" 2>"$T/.openssl.err"
	fi || { fail "openssl req for $_n failed: $(cat "$T/.openssl.err")"; return 1; }
}

# make_proof OLDKEY SERIAL CSR OUT: a renewal proof made with openssl alone
# (issue 14): base64 of the old key's signature (SHA-256) over
# "ncpki renewal proof v1\n", the serial and "\n", then the request's DER.
make_proof() {
	{ printf 'ncpki renewal proof v1\n%s\n' "$2"; "$OPENSSL" req -in "$3" -outform DER; } |
		"$OPENSSL" dgst -sha256 -sign "$1" | "$OPENSSL" base64 -A >"$4" ||
		fail "make_proof: openssl failed"
}

CADIR=$T/ca
CAROOT=TestCA

# configure_ca [EXTRA ARGS...]: a new EC P-256 CA "TestCA" in $CADIR.
configure_ca() {
	run server configure --root "$CAROOT" --dir "$CADIR" \
		--cn "Test CA" --country US --org "Example Corporation" \
		--key-type p256 --password-file "$PWFILE" "$@"
	if [ "$rc" -ne 0 ]; then
		fail "configure_ca: ncpki server configure exited $rc"
		show_output
		return 1
	fi
}

# new_cert NAME [SUBJECT [SANS [KEYSPEC]]]: a TLS certificate for a new
# request NAME (make_csr, import_csr, issue_csr), saved as $T/NAME.cer (one
# check); sets csr_id and serial.
new_cert() {
	make_csr "$@" || return 1
	import_csr "$1" || return 1
	issue_csr "$csr_id" tls || return 1
	expect_exit 0 cert get "$serial" --out "$T/$1.cer"
}

# read_out VAR SED-SCRIPT WHAT: VAR set to what `sed -n SED-SCRIPT` prints
# of the last command's stdout; fails ("WHAT: exit N", the output shown)
# when that command failed or printed no such line.
read_out() {
	eval "$1=\$(sed -n \"\$2\" \"\$OUT\")"
	eval "_ro=\${$1}"
	if [ "$rc" -ne 0 ] || [ -z "$_ro" ]; then
		fail "$3: exit $rc"
		show_output
		return 1
	fi
}

# import_csr NAME [ARGS...]: imports $T/NAME.csr; sets csr_id.
import_csr() {
	_n=$1
	shift
	run csr import "$T/$_n.csr" "$@"
	read_out csr_id 's/^Certificate Signing Request ".*" received as request \([0-9][0-9]*\)\.$/\1/p' \
		"import_csr $_n"
}

# issue_csr ID USAGE: processes one request; sets serial.
issue_csr() {
	run csr process "$1" --usage "$2" --password-file "$PWFILE" --yes
	read_out serial 's/^Certificate number \([0-9][0-9]*\) issued for Certificate Signing Request ".*"$/\1/p' \
		"issue_csr $1 $2"
}

# other_ca_cert NAME SUBJECT SANS OUT: a second CA ($CAROOT too, data
# directory $T/homeB, CA directory $T/caB) issues a TLS certificate for a
# request NAME (make_csr NAME SUBJECT SANS) into OUT; the script's own CA is
# current again afterwards.
other_ca_cert() {
	_oc_home=$NCPKI_HOME
	_oc_cadir=$CADIR
	NCPKI_HOME=$T/homeB
	CADIR=$T/caB
	configure_ca
	make_csr "$1" "$2" "$3"
	import_csr "$1"
	issue_csr "$csr_id" tls
	run cert get "$serial" --out "$4"
	NCPKI_HOME=$_oc_home
	CADIR=$_oc_cadir
}

# The CA client's own data directory, in the scripts that run one.
CH=$T/chome

# client ARGS...: `ncpki client ARGS` on the client's data directory.
client() { run --home "$CH" client "$@"; }

# submitted: req_id, the request number `client submit` or `client renew`
# printed.
submitted() {
	read_out req_id 's/^Request number at the Certificate Authority: \([0-9][0-9]*\)$/\1/p' \
		"no request submitted"
}

# renewed ARGS...: `ncpki client renew ARGS` submitted a request (req_id);
# ends the script otherwise.
renewed() {
	client renew "$@"
	submitted || finish
}

# pubkey CERT: a checksum of the certificate's public key.
pubkey() { "$OPENSSL" x509 -in "$1" -noout -pubkey | sha256sum | cut -d' ' -f1; }

# ---------------------------------------------------------- snapshots

# snapshot FILE: the state a failed command must leave alone: the database's
# rows but the audit trail's, where refusals are recorded (sqlite3 .dump,
# or the CLI's own JSON listings when sqlite3 is absent)
# and the names, modes and checksums of every file under $SNAP_DIRS (the data
# directory and the CA directory unless a script says otherwise).
SNAP_DIRS=
snapshot() {
	{
		if [ -f "$NCPKI_HOME/ncpki.db" ]; then
			if [ -n "$SQLITE3" ]; then
				# The audit trail may grow: a refusal is recorded,
				# and sealed (audit_seal, CA_DIR/audit.head).
				"$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" .dump 2>&1 |
					grep -v -e "^INSERT INTO audit " -e "^INSERT INTO sqlite_sequence VALUES('audit'," \
					    -e "^INSERT INTO audit_seal " -e "^INSERT INTO audit_keyed "
			else
				"$NCPKI" csr list --json 2>&1
				"$NCPKI" cert list --json 2>&1
			fi
		else
			echo "no database"
		fi
		# shellcheck disable=SC2086
		for _d in ${SNAP_DIRS:-$NCPKI_HOME $CADIR}; do
			[ -e "$_d" ] || { echo "absent: $_d"; continue; }
			find "$_d" -path "$NCPKI_HOME/ncpki.db*" -prune -o -name 'audit.head*' -prune \
				-o -name audit.key -prune -o -print 2>/dev/null |
				LC_ALL=C sort | while read -r _f; do
				if [ -f "$_f" ]; then
					printf '%s %s %s\n' "$_f" "$(stat -c %a "$_f")" \
						"$(sha256sum <"$_f" | cut -d' ' -f1)"
				else
					printf '%s %s\n' "$_f" "$(stat -c %a "$_f")"
				fi
			done
		done
	} >"$1"
}

# expect_unchanged SNAPSHOT WHAT: the state equals the snapshot.
expect_unchanged() {
	snapshot "$T/.snap.now"
	checks=$((checks + 1))
	if cmp -s "$1" "$T/.snap.now"; then
		pass "nothing changed: $2"
	else
		fail "state changed: $2"
		diff "$1" "$T/.snap.now" | sed -n '1,30p'
	fi
}

# sha1_of FILE: "AA:BB:..." as openssl prints it.
sha1_of() {
	"$OPENSSL" x509 -in "$1" -noout -fingerprint -sha1 | sed 's/^[^=]*=//'
}

sha256_of() {
	"$OPENSSL" x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^[^=]*=//'
}

have_python3() { command -v python3 >/dev/null 2>&1; }

# expect_json_object WHAT KEY N ROOT: stdout is one JSON object whose KEY is
# the number N and whose file_root is ROOT (a check where python3 is).
expect_json_object() {
	have_python3 || return 0
	check "$1" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o[sys.argv[2]] == int(sys.argv[3]) and o["file_root"] == sys.argv[4], o' "$OUT" "$2" "$3" "$4"
}

finish() {
	if [ "$checks" -eq 0 ]; then
		say "FAIL: $test_name made no checks"
		exit 1
	fi
	if [ "$failures" -gt 0 ]; then
		say "$test_name: $failures of $checks checks failed"
		exit 1
	fi
	say "$test_name: all $checks checks passed"
	exit 0
}

# pty_run OUTFILE PROMPT ANSWER [PROMPT ANSWER...] -- ARGS...: runs ncpki ARGS
# on a new pseudo-terminal (its /dev/tty), answering each PROMPT as it
# appears; everything the terminal showed goes to OUTFILE; sets rc.
# Needs python3: returns 77 without it.
pty_run() {
	have_python3 || { rc=77; return 77; }
	cat >"$T/.pty.py" <<'PY'
import os, pty, select, sys, time
out, rest = sys.argv[1], sys.argv[2:]
sep = rest.index("--")
pairs, cmd = rest[:sep], rest[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(cmd[0], cmd)
buf = b""
def fill(deadline):
    global buf
    r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.time()))
    if not r:
        return False
    try:
        data = os.read(fd, 4096)
    except OSError:
        return None
    if not data:
        return None
    buf += data
    return True
ok = True
pos = 0
for i in range(0, len(pairs), 2):
    want = pairs[i].encode()
    deadline = time.time() + 30
    while buf.find(want, pos) < 0:
        if time.time() > deadline or fill(deadline) is None:
            ok = False
            break
    if not ok:
        break
    pos = buf.find(want, pos) + len(want)
    os.write(fd, pairs[i + 1].encode() + b"\r")
deadline = time.time() + 60
while time.time() < deadline:
    if fill(deadline) is None:
        break
_, status = os.waitpid(pid, 0)
open(out, "wb").write(buf)
if not ok:
    sys.stderr.write("pty_run: prompt not seen: %r\n" % pairs[i])
sys.exit(os.waitstatus_to_exitcode(status) if ok else 99)
PY
	_o=$1
	shift
	python3 "$T/.pty.py" "$_o" "$@"
	rc=$?
}

# der_sha1 CSRFILE [sha1|sha256]: fingerprint of a PEM request's DER, "AA:BB:...".
csr_fp() {
	"$OPENSSL" req -in "$1" -outform DER 2>/dev/null |
		"$OPENSSL" dgst "-${2:-sha1}" -r | cut -d' ' -f1 |
		tr 'a-f' 'A-F' | sed 's/../&:/g; s/:$//'
}

# epoch_of CERT start|end: notBefore/notAfter as seconds since the epoch.
epoch_of() {
	if [ "$2" = start ]; then _w=-startdate; else _w=-enddate; fi
	date -u -d "$("$OPENSSL" x509 -in "$1" -noout "$_w" | sed 's/^[^=]*=//')" +%s
}

# certtool_verify LEAF CA [PURPOSE-OID]: GnuTLS verifies LEAF+CA as a chain
# and against CA as the trusted set. Skipped (with a note) without certtool.
certtool_verify() {
	if [ -z "$CERTTOOL" ] || ! command -v "$CERTTOOL" >/dev/null 2>&1; then
		say "# certtool not found: GnuTLS verification of $(basename "$1") skipped"
		return 0
	fi
	cat "$1" "$2" >"$T/.chain.pem"
	check "certtool --verify-chain $(basename "$1")" \
		sh -c "'$CERTTOOL' --verify-chain --infile '$T/.chain.pem' >'$T/.certtool.out' 2>&1 && grep -q 'Chain verification output: Verified' '$T/.certtool.out'"
	if [ -n "${3:-}" ]; then
		check "certtool --verify --verify-purpose=$3 $(basename "$1")" \
			sh -c "'$CERTTOOL' --verify --load-ca-certificate '$2' --infile '$1' --verify-purpose='$3' >'$T/.certtool.out' 2>&1"
	fi
}
