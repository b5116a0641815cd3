#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0202: the key and certificate pairs ncpkid and the OCSP signer rotate
# are replaced as one (issue 14). `ncpki service setup` and `ncpki ocsp setup`
# are SIGKILLed at each of their rename(2) calls in turn (strace injects
# the signal there: the moments a pair of files changes), then at random
# moments; after every kill the pair on disk (ncpkid.key/.cer,
# ocsp.key/.cer) must match (openssl pkey -pubout = openssl x509 -pubkey).
# Bounded: at most 12 kills at renames per rotation, then random kills up
# to 60 kills or 60 seconds in all. Then ncpkid starts with what
# is left, serves HTTPS with that pair and answers OCSP with a signer that
# verifies; a last clean rotation works.
. "$(dirname "$0")/../http/lib.sh"

command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"
strace -f -o /dev/null -e trace=none true 2>/dev/null || skip_all "strace cannot trace here"

D=$NCPKI_HOME/ncpkid
MAX_KILLS=60
MAX_SECONDS=60
kills=0
mismatches=0

# pubkeys NAME: "KEY|CERT" public keys of DIR/NAME.key and DIR/NAME.cer.
pair_ok() {
	_k=$("$OPENSSL" pkey -in "$D/$1.key" -pubout 2>/dev/null)
	_c=$("$OPENSSL" x509 -in "$D/$1.cer" -noout -pubkey 2>/dev/null)
	[ -n "$_k" ] && [ "$_k" = "$_c" ]
}
check_pairs() {   # check_pairs WHEN
	for _n in ncpkid ocsp; do
		if ! pair_ok "$_n"; then
			mismatches=$((mismatches + 1))
			say "mismatched $_n pair after $1"
			ls -l "$D" | sed 's/^/    /'
		fi
	done
}
# The two rotations [under a wrapper: rot_tls strace ARGS...].
rot_tls() { "$@" "$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$PWFILE"; }
rot_ocsp() { "$@" "$NCPKI" ocsp setup --days 10 --password-file "$PWFILE"; }

setup_service || finish
expect_exit 0 ocsp setup --days 10 --password-file "$PWFILE"
check_pairs "the first setup"

# ------------------------------------- SIGKILL at the Nth rename(2) call
for rot in rot_tls rot_ocsp; do
	n=1
	while [ $n -le 12 ]; do
		# (LeakSanitizer cannot run under ptrace: leaks are checked elsewhere.)
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			$rot strace -f -o /dev/null -e trace=rename \
			-e inject=rename:signal=KILL:when=$n >/dev/null 2>&1
		_rc=$?
		[ $_rc -eq 0 ] && break   # fewer than n renames: it ran to the end
		if [ $_rc -ne 137 ]; then
			fail "$rot with a SIGKILL at rename $n: exit $_rc, not killed"
			break
		fi
		kills=$((kills + 1))
		check_pairs "$rot killed at rename $n"
		n=$((n + 1))
	done
	say "$rot: killed at each of its $((n - 1)) renames"
done

# ------------------------------------------------ SIGKILL at random moments
start=$(date +%s)
t0=$(date +%s%N)
rot_tls >/dev/null 2>&1
ms=$((($(date +%s%N) - t0) / 1000000 + 50))
while [ $kills -lt $MAX_KILLS ] && [ $(($(date +%s) - start)) -lt $MAX_SECONDS ]; do
	for rot in rot_tls rot_ocsp; do
		_at=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		_at=$((_at % ms))
		$rot exec >/dev/null 2>&1 &   # $! is the rotation itself
		_pid=$!
		sleep "$((_at / 1000)).$(printf %03d $((_at % 1000)))"
		kill -KILL "$_pid" 2>/dev/null
		wait "$_pid" 2>/dev/null
		kills=$((kills + 1))
		check_pairs "$rot killed after ${_at} ms"
	done
done
say "$kills kills in $(($(date +%s) - start)) s"
expect_equal "mismatched pairs after $kills kills" "$mismatches" 0

# ------------------------------------------- ncpkid serves what is left
new_cert leaf
start_ncpkid || finish
api GET /ca
expect_status 200 "ncpkid serves HTTPS with the pair left by the kills"
srv=$(echo | "$OPENSSL" s_client -connect "127.0.0.1:$PORT" -CAfile "$CACERT" 2>/dev/null |
	"$OPENSSL" x509 -noout -fingerprint -sha256 2>/dev/null)
expect_equal "the certificate served is ncpkid.cer's" "$srv" \
	"$("$OPENSSL" x509 -in "$D/ncpkid.cer" -noout -fingerprint -sha256)"
"$OPENSSL" ocsp -issuer "$CACERT" -cert "$T/leaf.cer" -url "$BASE/ocsp" -CAfile "$CACERT" \
	>"$T/ocsp.out" 2>&1
check "OCSP answers with a signer that verifies" grep -q "Response verify OK" "$T/ocsp.out"
check "OCSP says good" grep -q "leaf.cer: good" "$T/ocsp.out"
stop_ncpkid

# A clean rotation after all that.
rot_tls >"$OUT" 2>"$ERR"
expect_equal "a clean ncpki service setup: exit" "$?" 0
rot_ocsp >"$OUT" 2>"$ERR"
expect_equal "a clean ocsp setup: exit" "$?" 0
check_pairs "the clean rotations"
expect_equal "mismatched pairs at the end" "$mismatches" 0
finish
