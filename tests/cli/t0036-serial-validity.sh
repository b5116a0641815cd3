#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0036 (issue 14): serials and validity. A new CA gets random serial
# numbers (more than 64 bits, positive, at most 20 octets, unique by the
# store's constraint); the guide's counter is an explicit --serial-mode
# counter. Each usage has its longest validity: a 399-day TLS request is
# refused naming 398; a validity past the issuing CA's notAfter is refused
# naming that date (the CA's default validity is cut there); an
# intermediate CA with an empty subject is refused.
. "$(dirname "$0")/lib.sh"

# ------------------------------------------------------ random by default
configure_ca
expect_exit 0 server show --json
check "a new CA's serial mode is random" \
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["serial_mode"] == "random"' "$OUT"

new_cert one "/CN=one.example.com" "DNS:one.example.com"
s1=$serial
new_cert two "/CN=two.example.com" "DNS:two.example.com"
s2=$serial

hex1=$("$OPENSSL" x509 -in "$T/one.cer" -noout -serial | sed 's/^serial=//')
hex2=$("$OPENSSL" x509 -in "$T/two.cer" -noout -serial | sed 's/^serial=//')
say "serials: $hex1 $hex2"
checks=$((checks + 1))
# openssl prints the magnitude in hexadecimal, a leading '-' for a negative
# number: more than 16 hex digits is more than 64 bits, at most 40 is 20 octets.
if printf '%s' "$hex1" | grep -qE '^[0-9A-F]{17,40}$'; then
	pass "serial $hex1: positive, more than 64 bits, at most 20 octets"
else
	fail "serial '$hex1' is not a random serial (more than 64 bits, at most 20 octets)"
fi
expect_not_equal "two random serials differ" "$hex1" "$hex2"
check "the random serial ends with the counter" \
	sh -c "printf '%s' '$hex1' | grep -q '$(printf %016X "$s1")\$'"
check "the random part of two serials differs" \
	test "${hex1%????????????????}" != "${hex2%????????????????}"
# The DER INTEGER itself: positive (no high bit without a leading 00)
# and at most 20 octets of magnitude.
"$OPENSSL" x509 -in "$T/one.cer" -outform DER -out "$T/one.der"
check "openssl asn1parse reads a positive serial" \
	sh -c "'$OPENSSL' asn1parse -inform DER -in '$T/one.der' | sed -n '4p' | grep -q 'INTEGER *:[0-9A-F]'"

# unique by a store constraint: a second row with the same serial number
if [ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1; then
	DB=$NCPKI_HOME/ncpki.db
	sn=$("$SQLITE3" "$DB" "SELECT serial_number FROM cert WHERE serial = $s1")
	expect_equal "the stored serial number is the certificate's" "$sn" "$hex1"
	check "cert.serial_number has a UNIQUE index" \
		sh -c "'$SQLITE3' '$DB' \"SELECT sql FROM sqlite_master WHERE name = 'cert_serial_number'\" | grep -q 'CREATE UNIQUE INDEX'"
	"$SQLITE3" "$DB" "INSERT INTO cert (serial, csr_id, file_root, subject, issuer, usage,
		sha1, sha256, not_before, not_after, issued_at, der, serial_number)
		SELECT serial + 1000, csr_id + 1000, 'dup', subject, issuer, usage, 'dup1', 'dup256',
		not_before, not_after, issued_at, x'00', serial_number FROM cert WHERE serial = $s1" \
		>"$T/dup.out" 2>&1
	checks=$((checks + 1))
	if grep -q 'UNIQUE constraint failed: cert.serial_number' "$T/dup.out"; then
		pass "a duplicate serial number is refused by the store"
	else
		fail "a duplicate serial number was not refused: $(cat "$T/dup.out")"
	fi
	expect_equal "no duplicate row" "$("$SQLITE3" "$DB" "SELECT count(*) FROM cert WHERE file_root = 'dup'")" 0
fi

# process_refused ID ARGS...: `csr process ID ARGS` (with the password) is
# refused: exit 3, an error line.
process_refused() {
	_pr_id=$1
	shift
	expect_exit 3 csr process "$_pr_id" "$@" --password-file "$PWFILE" --yes
	expect_error_line
}

# pending NAME SUBJECT SANS [IMPORT ARGS...]: a request NAME imported (its
# id in csr_id), the state then in the snapshot $T/.snap-NAME.
pending() {
	_pn=$1
	make_csr "$1" "$2" "$3"
	shift 3
	import_csr "$_pn" "$@"
	snapshot "$T/.snap-$_pn"
}

# ----------------------------------------------------- per-usage maximum
pending long "/CN=long.example.com" "DNS:long.example.com"
long_id=$csr_id
process_refused "$long_id" --usage tls --days 399
expect_stderr_contains "398 days"
expect_output_lacks "issued for"
expect_unchanged "$T/.snap-long" "399-day TLS request"
expect_exit 3 csr process "$long_id" --usage codesign --days 461 --password-file "$PWFILE" --yes
expect_stderr_contains "460 days"
expect_exit 3 csr process "$long_id" --usage intermediate --days 1826 --password-file "$PWFILE" --yes
expect_stderr_contains "1825 days"
expect_exit 2 csr process "$long_id" --usage tls --days 0 --password-file "$PWFILE" --yes
expect_exit 2 csr process --all --usage tls --days 30 --password-file "$PWFILE" --yes
expect_unchanged "$T/.snap-long" "refused validities"
# 398 days is allowed, to the second
issue_csr_days() {
	run csr process "$1" --usage "$2" --days "$3" --password-file "$PWFILE" --yes
	read_out serial 's/^Certificate number \([0-9][0-9]*\) issued for .*/\1/p' "csr process $1 --days $3"
}
issue_csr_days "$long_id" tls 398
expect_exit 0 cert get "$serial" --out "$T/long.cer"
expect_equal "a 398-day certificate" \
	"$(( $(epoch_of "$T/long.cer" end) - $(epoch_of "$T/long.cer" start) ))" "$((398 * 86400))"

# ------------------------------------- the guide's counter, an explicit choice
NCPKI_HOME=$T/home2
CADIR=$T/ca2
export NCPKI_HOME
configure_ca --serial-mode counter --ca-days 30
expect_exit 0 server show --json
check "--serial-mode counter is kept" \
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["serial_mode"] == "counter"' "$OUT"
new_cert c1 "/CN=c1.example.com" "DNS:c1.example.com"
expect_equal "the counter's serial" "$("$OPENSSL" x509 -in "$T/c1.cer" -noout -serial)" "serial=01"

# ------------------------------------------- nothing outlives its issuer
ca_end=$(epoch_of "$CADIR/$CAROOT.cer" end)
ca_day=$(date -u -d "@$ca_end" +%Y-%m-%d)
pending past "/CN=past.example.com" "DNS:past.example.com"
past_id=$csr_id
process_refused "$past_id" --usage tls --days 31
expect_stderr_contains "$ca_day"
expect_stderr_contains "31 days"
expect_unchanged "$T/.snap-past" "a validity past the CA's notAfter"
# the CA's default validity (365 days) is cut at the CA's end
issue_csr "$past_id" tls
expect_exit 0 cert get "$serial" --out "$T/past.cer"
expect_equal "the default validity ends with the CA's" "$(epoch_of "$T/past.cer" end)" "$ca_end"

# ------------------------------------ no CA certificate without a subject
pending empty "/" "DNS:empty.example.com" --root emptyca
empty_id=$csr_id
process_refused "$empty_id" --usage intermediate
expect_stderr_contains "subject is empty"
expect_stderr_contains "Intermediate Certificate Authority"
expect_unchanged "$T/.snap-empty" "an intermediate with an empty subject"

finish
