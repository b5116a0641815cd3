#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0303: the clock jumps backward and forward across issuances and CRL
# generations (faketime): serials and CRL numbers never repeat and only
# grow, no certificate's notBefore is after the clock that issued it, a
# clock set back before the CA's own start is refused by the lint (nothing
# stored, no serial spent), and `ncpki check` reports the CRL whose
# thisUpdate went back in time.
. "$(dirname "$0")/lib.sh"

command -v faketime >/dev/null 2>&1 || skip_all "faketime is not installed"
[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"
# libfaketime is preloaded: AddressSanitizer must not insist on coming first.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

# at OFFSET ARGS...: runs ncpki with the clock moved by OFFSET (e.g. -5d).
at() {
	_off=$1
	shift
	faketime -f "$_off" "$NCPKI" "$@" >"$OUT" 2>"$ERR"
	rc=$?
}
# the clock as the faked process sees it, in seconds
clock_at() { faketime -f "$1" date +%s; }

at -10d server configure --root "$CAROOT" --dir "$CADIR" --cn "Test CA" --country US \
	--org "Example Corporation" --key-type p256 --password-file "$PWFILE"
expect_equal "configured ten days ago" "$rc" 0

i=0
for off in +0d -5d +3d -1d +1d; do
	i=$((i + 1))
	make_csr "c$i"
	import_csr "c$i"
	before=$(clock_at "$off")
	at "$off" csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
	expect_equal "issued at clock $off" "$rc" 0
	serial=$(sed -n 's/^Certificate number \([0-9][0-9]*\) issued.*/\1/p' "$OUT")
	printf '%s\n' "$serial" >>"$T/serials"
	nb=$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT not_before FROM cert WHERE serial = $serial")
	after=$(clock_at "$off")
	check "certificate $serial: notBefore within the issuing clock ($off)" \
		sh -c "[ '$nb' -ge '$((before - 5))' ] && [ '$nb' -le '$((after + 5))' ]"
	at "$off" crl generate --password-file "$PWFILE"
	expect_equal "CRL generated at clock $off" "$rc" 0
	sed -n 's/^CRL number: *\([0-9][0-9]*\)$/\1/p' "$OUT" >>"$T/crls"
done

check "five serials" [ "$(wc -l <"$T/serials")" -eq 5 ]
check "serials never repeat and only grow" sh -c "sort -n -c '$T/serials' && [ \"\$(sort -u '$T/serials' | wc -l)\" -eq 5 ]"
check "five CRL numbers" [ "$(wc -l <"$T/crls")" -eq 5 ]
check "CRL numbers never repeat and only grow" sh -c "sort -n -c '$T/crls' && [ \"\$(sort -u '$T/crls' | wc -l)\" -eq 5 ]"

# a clock set back before the CA's own notBefore: refused, nothing spent
make_csr early
import_csr early
snapshot "$T/snap"
at -11d csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
expect_equal "a clock before the CA's start is refused (exit 3)" "$rc" 3
expect_stderr_contains "notBefore is before the issuer's notBefore: is the clock right?"
expect_unchanged "$T/snap" "nothing stored for the refused issuance"
issue_csr "$csr_id" tls
expect_equal "the next serial is the one the refusal did not spend" \
	"$serial" "$(($(tail -n 1 "$T/serials") + 1))"

# the CRL made at -1d came after the one made at +3d: check says so
expect_exit 1 check
expect_output_matches "^Anomaly: CRL [0-9]+: its thisUpdate is before that of CRL [0-9]+$"

finish
