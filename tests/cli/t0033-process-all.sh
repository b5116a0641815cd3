#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0033: `csr process --all` issues every pending request at once, all or
# nothing, with consecutive serials.
. "$(dirname "$0")/lib.sh"

configure_ca
CA=$CADIR/$CAROOT.cer
srl0=$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")

# nothing pending
expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes
expect_output_line "No pending Certificate Signing Requests."
expect_equal "SRL untouched" "$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")" "$srl0"

for n in one two three; do
	make_csr "$n" "/CN=$n.example.com" "DNS:$n.example.com"
	import_csr "$n"
done
snapshot "$T/.snap"

# no confirmation possible; the wrong password
expect_exit 2 csr process --all --usage tls --password-file "$PWFILE"
expect_error_line
expect_unchanged "$T/.snap" "--all without --yes or a terminal"
make_pwfile "$T/wrong.pw" "not the password"
expect_exit 4 csr process --all --usage tls --password-file "$T/wrong.pw" --yes
expect_error_line
expect_unchanged "$T/.snap" "--all with the wrong password"
# --usage is still required
expect_exit 2 csr process --all --password-file "$PWFILE" --yes
expect_unchanged "$T/.snap" "--all without --usage"

expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes
expect_output_line "3 certificates issued."
expect_exit 0 csr list
expect_output_line "No pending Certificate Signing Requests."
expect_equal "SRL after three" "$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")" "$((srl0 + 3))"

for s in "$srl0" "$((srl0 + 1))" "$((srl0 + 2))"; do
	expect_exit 0 cert get "$s" --out "$T/c$s.cer"
	check "certificate $s verifies for sslserver" \
		"$OPENSSL" verify -x509_strict -purpose sslserver -CAfile "$CA" "$T/c$s.cer"
done
for n in one two three; do
	expect_exit 0 cert list --file "$n"
	expect_output_contains "$n.example.com"
done

finish
