#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0050-offline: the console's "Offline media" screen. Importing a
# directory with a garbage request shows each file's outcome and stores
# nothing; without it the request is imported with its contact file's
# details. After the request is issued, the export writes the CA
# certificate, the certificate with its chain, the CRL and index.json.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca
make_csr alpha
MEDIA=$T/media
mkdir -p "$MEDIA"
cp "$T/alpha.csr" "$MEDIA/alpha.csr"
printf '{"contact_name": "Ann Alpha", "hostname": "alpha.example.com"}\n' >"$MEDIA/alpha.json"
printf 'not a request\n' >"$MEDIA/junk.csr"

tui_start
tui_capture
grep -F -q "Offline media" "$SCREEN" || skip_all "the main page does not link the Offline media screen"
# The entry's place: count the entries above it.
n=$(grep -E '^ {4,}(> )?[A-Z]' "$SCREEN" |
	sed -n '/Offline media/q;p' | wc -l)
i=0
while [ "$i" -lt "$n" ]; do
	tui_keys Down
	i=$((i + 1))
done
tui_keys Enter
expect_screen "Import requests from a directory"
expect_screen "Export issued certificates and CRL to a directory"

# A refused file: the report, and nothing stored.
tui_type "$MEDIA"
tui_keys Tab Enter
expect_screen "junk.csr: refused:"
expect_screen "alpha.csr: acceptable, not imported"
expect_screen_text "was refused: nothing was imported"
tui_keys Enter
run csr list --json
check "nothing imported" python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$OUT"

rm "$MEDIA/junk.csr"
tui_keys Enter
expect_screen "alpha.csr: imported as request 1"
expect_screen "1 Certificate Signing Request imported."
tui_keys Enter
run csr show 1 --json
check "imported with the contact file's details" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["contact_name"] == "Ann Alpha" and j["hostname"] == "alpha.example.com", j
' "$OUT"

# Issue it (CLI), sign a CRL, then export from the console.
issue_csr 1 tls
run crl generate --password-file "$PWFILE"
tui_keys Tab
tui_type "$T/out"
tui_keys Tab Tab Enter
expect_screen "Manifest:"
expect_screen_text "The newest CRL was written as crl.der and crl.pem."
tui_keys Enter
expect_screen "1 certificate exported."
for f in ca.pem ca-chain.pem alpha.cer alpha-chain.pem crl.der crl.pem index.json; do
	expect_file "$T/out/$f"
done
check "the exported chain verifies" "$OPENSSL" verify -CAfile "$T/out/ca.pem" "$T/out/alpha-chain.pem"

tui_keys Escape
expect_screen "Public Key Infrastructure"
tui_quit
finish
