#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0136: random serial numbers (issue 6; CA/Browser Forum Baseline
# Requirements 7.1). `ncpki server set-serial-mode random`: the certificates
# issued next carry 64 bits from the CSPRNG followed by the counter (more
# than 64 bits, distinct, not sequential), while the counter still numbers
# them and the SRL file keeps it; `cert show` prints the serial number as
# openssl does; they verify with openssl and GnuTLS; the CRL lists a revoked
# one by its own serial number and `openssl verify -crl_check` refuses it;
# ncpkid's OCSP answers revoked/good for them with `openssl ocsp`, and
# unknown for their counter value or a random number never issued;
# `ncpki check` finds nothing; the change is in the audit trail; back to
# counter mode, the serial number is the counter again.
# shellcheck source=ocsp-lib.sh
. "$(dirname "$0")/ocsp-lib.sh"

# osn FILE: the serial number openssl reads in a certificate
osn() { "$OPENSSL" x509 -in "$1" -noout -serial | sed 's/^serial=//'; }

# The guide's counter first (an explicit choice since issue 14: a new
# CA's default is random), then the switch to random.
setup_service --serial-mode counter
new_cert c0
c0=$serial
expect_equal "counter mode: the serial number is the counter" "$(osn "$T/c0.cer")" \
	"$(printf '%02X' "$c0")"

# ------------------------------------------------------------ the setting
expect_exit 2 server set-serial-mode sequential
expect_stderr_contains 'The serial number mode is "counter" or "random", not "sequential"'
expect_exit 2 server set-serial-mode
expect_exit 0 server show
expect_output_line "Serial numbers:   counter"
expect_exit 0 server set-serial-mode random
expect_output_contains "random serial numbers"
expect_exit 0 server show --json
expect_output_contains '"serial_mode": "random"'
expect_exit 0 audit list
expect_output_contains "serial number mode random"

# ------------------------------------------------------------- issuance
srl_before=$(cat "$CADIR/$CAROOT.srl")
for n in r1 r2 r3; do
	make_csr $n
	import_csr $n
done
expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes
srl_after=$(cat "$CADIR/$CAROOT.srl")
expect_equal "the SRL counter still advances by one per certificate" \
	$((0x$srl_after - 0x$srl_before)) 3
seen=
for s in $((c0 + 1)) $((c0 + 2)) $((c0 + 3)); do
	expect_exit 0 cert get "$s" --out "$T/s$s.cer"
	hex=$(osn "$T/s$s.cer")
	check "certificate $s: serial number $hex is over 64 bits" \
		test "${#hex}" -ge 18
	expect_equal "certificate $s: its last 64 bits are the counter" \
		"$(printf '%s' "$hex" | tail -c 16)" "$(printf '%016X' "$s")"
	check "certificate $s: serial number not seen before" \
		sh -c "! printf '%s' '$seen' | grep -q '$hex'"
	seen="$seen $hex"
	expect_exit 0 cert show "$s"
	expect_output_line "Serial number:    $hex"
	expect_exit 0 cert show "$s" --json
	expect_output_contains "\"serial_number\": \"$hex\""
	check "certificate $s verifies (openssl -x509_strict)" \
		"$OPENSSL" verify -x509_strict -CAfile "$CACERT" "$T/s$s.cer"
	certtool_verify "$T/s$s.cer" "$CACERT"
done
r1=$((c0 + 1)) r2=$((c0 + 2))
hex1=$(osn "$T/s$r1.cer")
check "the random parts differ" sh -c \
	"[ '$(osn "$T/s$r1.cer" | head -c 8)' != '$(osn "$T/s$r2.cer" | head -c 8)' ]"

# ---------------------------------------------------------------- CRL
expect_exit 0 cert revoke "$r1" --reason keyCompromise --password-file "$PWFILE" --yes
expect_exit 0 crl export "$T/crl.pem"
"$OPENSSL" crl -in "$T/crl.pem" -noout -text >"$T/crl.txt"
expect_in crl.txt "Serial Number: $hex1" "the CRL lists the revoked certificate's serial number"
expect_not_in crl.txt "Serial Number: $(printf '%02X' "$r1")" "...not its counter"
cat "$CACERT" "$T/crl.pem" >"$T/ca+crl.pem"
check "openssl verify -crl_check refuses the revoked one" sh -c \
	"! '$OPENSSL' verify -crl_check -CAfile '$T/ca+crl.pem' '$T/s$r1.cer' >/dev/null 2>&1"
check "openssl verify -crl_check accepts another" \
	"$OPENSSL" verify -crl_check -CAfile "$T/ca+crl.pem" "$T/s$r2.cer"

# ---------------------------------------------------------------- OCSP
expect_exit 0 ocsp setup --password-file "$PWFILE"
start_ncpkid
ocsp revoked.out -cert "$T/s$r1.cer" -no_nonce
expect_in revoked.out "s$r1.cer: revoked" "OCSP: the revoked one is revoked"
expect_in revoked.out "Response verify OK" "OCSP: the answer verifies"
ocsp good.out -cert "$T/s$r2.cer"
expect_in good.out "s$r2.cer: good" "OCSP: another is good (nonce)"
ocsp good0.out -cert "$T/c0.cer" -no_nonce
expect_in good0.out "c0.cer: good" "OCSP: the counter mode one is good"
ocsp counter.out -serial "$r2" -no_nonce
expect_in counter.out "$r2: unknown" "OCSP: a random one's counter value is unknown"
ocsp never.out -serial "0x7A$(printf '%s' "$hex1" | tail -c 30)" -no_nonce
expect_in never.out ": unknown" "OCSP: a random serial number never issued is unknown"

# ------------------------------------------------- the CA client's get
CH=$T/client-home
client_pin "client get-ca" --contact-name "Jo Client"
client get "$r2"
expect_equal "client get of a certificate with a random serial number" "$rc" 0
check "the client saved it as the server has it" sh -c \
	"ls '$CH'/*/r2.cer >/dev/null 2>&1 || ls '$CH'/r2.cer >/dev/null 2>&1 || find '$CH' -name 'r2*.cer' | grep -q ."
api GET "/certs/$r2"
expect_equal "GET certs/N: status" "$status" 200
expect_equal "GET certs/N gives the serial number" "$(jget '["serial_number"]')" "$(osn "$T/s$r2.cer")"
api GET "/certs/$c0"
expect_equal "GET certs/N: none for a counter serial" "$(jget '["serial_number"]')" ""

# ---------------------------------------------------------------- check
expect_exit 0 check
expect_output_line "No anomalies found."

# ------------------------------------------------------- back to counter
expect_exit 0 server set-serial-mode counter
new_cert c9
expect_equal "counter mode again: the serial number is the counter" "$(osn "$T/c9.cer")" \
	"$(printf '%02X' "$serial")"
expect_exit 0 check
expect_output_line "No anomalies found."

finish
