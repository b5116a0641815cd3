#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0074-client-earlier: the client's "Resubmit a request or import
# certificates" page (issue 16), o from "Get Certificate(s)". Import: a
# request written for an offline CA, issued there and exported (cert
# export-all); a missing directory is refused beside the field; the import
# shows the CA's fingerprints, saves the certificate (openssl verifies it
# against the CA's) with its chain file and the CA certificate; a second
# import refuses to replace them until asked to. Resubmit: a request whose
# sending failed (ncpkid stopped) is sent again once ncpkid runs; a bad
# file name root and a bad certificate number are marked beside their
# fields at once, nothing sent; the CA's queue then holds the request,
# with the fingerprint the dialog showed.
. "${top_srcdir:-.}/tests/tui/lib.sh"

NCPKID=${NCPKID:-$(dirname "$NCPKI")/ncpkid}
[ -x "$NCPKID" ] || skip_all "ncpkid is not built"

MEDIA=$T/media
CAH=$NCPKI_HOME
configure_ca || finish
CACER=$CADIR/$CAROOT.cer

# ------------------------------------------------ import from an offline CA
client configure --host ca.invalid --contact-name "Ivy Web" --contact-email ivy@example.com \
	--instance web
expect_equal "client configure" "$rc" 0
client submit --offline "$MEDIA/to-ca" --root web --cn web.example.com --key-type p256 \
	--no-password --hostname web.example.com --san DNS:web.example.com
expect_equal "client submit --offline" "$rc" 0
expect_exit 0 csr import "$MEDIA/to-ca"
issue_csr 1 tls || finish
web_serial=$serial
expect_exit 0 cert export-all "$MEDIA/from-ca"

NCPKI_HOME=$CH tui_start
tui_keys Down Down Down Enter
expect_screen "Get Certificate(s) from Certificate Authority server"
# Too long for one line at 80 columns: two, never cut.
expect_screen_line "^  Certificate Authority server: ca\.invalid:8443$"
expect_screen_line "^  CA certificate: not yet confirmed$"
expect_screen "o Resubmit, import"
tui_keys o
expect_screen_line "^ Resubmit a request or import certificates"
expect_screen "Import from an offline Certificate Authority"
tui_type "$MEDIA/nowhere"
tui_keys F2
expect_screen_text "$MEDIA/nowhere/index.json\": No such file or directory"
expect_beside "^  Export directory \* +\[" "Cannot read"
check "nothing was saved" test ! -e "$CH/client/web.cer"
tui_keys C-u
tui_type "$MEDIA/from-ca"
tui_keys F2
expect_screen "Certificates imported"
expect_screen_text "1 certificate imported. Compare the fingerprints below with the Certificate Authority's."
sha1=$("$OPENSSL" x509 -in "$CACER" -noout -fingerprint -sha1 | sed 's/.*=//')
expect_screen_text "CA SHA-1: $(fp_groups "$sha1")"
tui_keys Enter
expect_screen "1 certificate imported from the export directory."
check "openssl verifies the certificate against the CA's" \
	"$OPENSSL" verify -CAfile "$CACER" "$CH/client/web.cer"
expect_exit 0 cert get "$web_serial" --out "$T/web-ca.cer"
check "it is the one the CA issued" cmp -s "$CH/client/web.cer" "$T/web-ca.cer"
check "the chain file verifies" "$OPENSSL" verify -CAfile "$CACER" "$CH/client/web-chain.pem"
check "the CA certificate saved" cmp -s "$CH/client/$CAROOT.cer" "$CACER"

# Again: the files are there; replaced only when asked.
tui_keys F2
expect_screen "already exists"
tui_keys Tab Space
expect_screen_line "\[x\] Replace files already in the client's directory"
tui_keys F2
expect_screen "Certificates imported"
tui_keys Enter
tui_quit

# ------------------------------------------------ resubmit a request
CH2=$T/chome2
"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$PWFILE" \
	>"$T/setup.out" 2>&1 || { fail "ncpki service setup"; cat "$T/setup.out"; finish; }
start_daemon || finish
run --home "$CH2" client configure --host localhost --port "$port" --contact-name "Lee Late" \
	--contact-email lee@example.com --instance late
expect_equal "client configure (2)" "$rc" 0
run --home "$CH2" client get-ca --yes
expect_equal "client get-ca" "$rc" 0
stop_daemon
run --home "$CH2" client submit --root late --cn late.example.com --key-type p256 --no-password
check "sending fails while ncpkid is stopped" test "$rc" -ne 0
expect_file "$CH2/client/late.csr"
expect_exit 0 csr list --json
check "nothing reached the CA" python3 -c '
import json, sys
assert [r for r in json.load(open(sys.argv[1])) if r["file_root"] == "late"] == []' "$OUT"
start_daemon "$port" || finish

NCPKI_HOME=$CH2 tui_start
tui_keys Down Down Down Enter
expect_screen "Issued certificates: "
tui_keys o
expect_screen "Resubmit a request made earlier"
tui_keys Tab Tab Tab
tui_type "late/../x"
tui_keys Tab Tab
tui_type "twelve"
tui_keys Tab Enter
expect_screen "Nothing was sent: correct the fields marked beside them."
expect_beside "^  File name root +\[late" "The file name root"
expect_beside "^  Renewal of certificate +\[twelve" "Enter a certificate number, or"
expect_exit 0 csr list --json
check "still nothing at the CA" python3 -c '
import json, sys
assert [r for r in json.load(open(sys.argv[1])) if r["file_root"] == "late"] == []' "$OUT"

tui_keys C-u
tui_type late
tui_keys Tab Tab C-u Tab Enter
expect_screen "Certificate Signing Request submitted"
expect_screen_text "Certificate Signing Request \"late\" successfully submitted"
expect_screen_lacks "Created files"
csr_sha1=$("$OPENSSL" req -in "$CH2/client/late.csr" -outform DER | "$OPENSSL" dgst -sha1 -r | cut -c1-40 |
	tr 'a-f' 'A-F' | sed 's/../&:/g; s/:$//')
expect_screen_text "SHA-1 Fingerprint: $(fp_groups "$csr_sha1")"
expect_exit 0 csr list --json
check "the CA's queue holds it, with that fingerprint" python3 -c '
import json, sys
rows = [r for r in json.load(open(sys.argv[1])) if r["file_root"] == "late"]
assert len(rows) == 1 and rows[0]["sha1"] == sys.argv[2], rows' "$OUT" "$csr_sha1"
tui_keys Enter
tui_quit
finish
