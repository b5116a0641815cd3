#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0040: issued certificates: the list with its filters and --json, show,
# and get (its message, the file's content, no overwrite without --force).
. "$(dirname "$0")/lib.sh"

configure_ca

expect_exit 0 cert list
expect_output_line "No issued certificates."

make_csr web "/CN=web.example.com" "DNS:web.example.com"
make_csr db "/CN=db.example.com" "DNS:db.example.com"
make_csr signer "/CN=Code Signer" ""
import_csr web --hostname h1.example.com --instance IRIS1 --contact-name "Web Admin"
issue_csr "$csr_id" tls
s_web=$serial
import_csr db --hostname h2.example.com --instance IRIS2
issue_csr "$csr_id" tls
s_db=$serial
import_csr signer --hostname h1.example.com --instance IRIS2
issue_csr "$csr_id" codesign
s_sig=$serial

expect_exit 0 cert list
expect_output_matches '^Serial +Hostname +Instance +Filename +Subject +Expires +Status *$'
expect_output_matches "^ *$s_web +h1\\.example\\.com +IRIS1 +web +.*web\\.example\\.com.* [0-9]{4}-[0-9]{2}-[0-9]{2} +valid *\$"
expect_output_matches "^ *$s_db +h2\\.example\\.com +IRIS2 +db +"
expect_output_matches "^ *$s_sig +h1\\.example\\.com +IRIS2 +signer +"
run cert get "$s_web" --out "$T/webx.cer"
webexp=$(date -u -d "@$(epoch_of "$T/webx.cer" end)" +%Y-%m-%d)
run cert list
expect_output_matches "^ *$s_web .* $webexp +valid *\$"

# filters
expect_exit 0 cert list --serial "$s_db"
expect_output_contains "db.example.com"
expect_output_lacks "web.example.com"
expect_exit 0 cert list --hostname h1.example.com
expect_output_contains "web.example.com"
expect_output_contains "Code Signer"
expect_output_lacks "db.example.com"
expect_exit 0 cert list --instance IRIS2
expect_output_contains "db.example.com"
expect_output_contains "Code Signer"
expect_output_lacks "web.example.com"
expect_exit 0 cert list --file web
expect_output_contains "web.example.com"
expect_output_lacks "db.example.com"
expect_exit 0 cert list --hostname h1.example.com --instance IRIS2
expect_output_contains "Code Signer"
expect_output_lacks "web.example.com"
expect_exit 0 cert list --hostname nowhere.example.com
expect_output_line "No issued certificates."
expect_exit 2 cert list --serial notanumber

# JSON
expect_exit 0 cert list --json
cp "$OUT" "$T/list.json"
if have_python3; then
	check "cert list --json is JSON" python3 -m json.tool "$T/list.json"
	expect_exit 0 cert get "$s_web" --out "$T/web-for-json.cer"
	check "cert list --json: documented keys and values" python3 -c '
import json, re, sys
rows = json.load(open(sys.argv[1]))
keys = {"serial", "file_root", "subject", "issuer", "sans", "usage", "hostname",
        "instance", "contact_name", "contact_phone", "contact_email", "sha1",
        "sha256", "not_before", "not_after", "issued_at"}
assert len(rows) == 3, rows
for r in rows:
    missing = keys - set(r)
    assert not missing, missing
    assert isinstance(r["serial"], int), r["serial"]
    for k in ("not_before", "not_after", "issued_at"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r[k]), r[k]
by = {r["file_root"]: r for r in rows}
assert by["web"]["serial"] == int(sys.argv[2])
assert by["web"]["usage"] == "tls" and by["signer"]["usage"] == "codesign"
assert by["web"]["hostname"] == "h1.example.com" and by["web"]["instance"] == "IRIS1"
assert by["web"]["contact_name"] == "Web Admin"
assert by["db"]["contact_name"] == ""
assert by["web"]["sha1"] == sys.argv[3], (by["web"]["sha1"], sys.argv[3])
assert "Test CA" in by["web"]["issuer"]
assert "web.example.com" in by["web"]["sans"]
' "$T/list.json" "$s_web" "$(sha1_of "$T/web-for-json.cer")"
	expect_exit 0 cert list --json --hostname nowhere.example.com
	check "an empty filtered list is []" python3 -c '
import json, sys
assert json.load(open(sys.argv[1])) == []' "$OUT"
else
	say "# python3 not found: JSON validation skipped"
	expect_output_contains '"serial"'
fi

# show
expect_exit 0 cert show "$s_web"
expect_output_contains "web.example.com"
expect_output_contains "h1.example.com"
expect_exit 0 cert show "$s_web" --pem
expect_output_contains "-----BEGIN CERTIFICATE-----"
expect_exit 0 cert show "$s_web" --json
expect_json_object "cert show --json is one object" serial "$s_web" web
expect_exit 1 cert show 987654
expect_error_line

# get: to the current directory as FILENAME.cer
mkdir "$T/work"
cd "$T/work" || exit 1
expect_exit 0 cert get "$s_web"
expect_file "$T/work/web.cer"
sha1=$(sha1_of "$T/work/web.cer")
expect_output_line "Certificate number $s_web (SHA-1 Fingerprint: $sha1) saved in file \"$T/work/web.cer\""
# the file is the certificate stored in the database
if [ -n "$SQLITE3" ]; then
	dbder=$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "SELECT hex(der) FROM cert WHERE serial = $s_web")
	fileder=$("$OPENSSL" x509 -in "$T/work/web.cer" -outform DER | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F')
	expect_equal "cert get: the file's certificate is the one in the database" "$fileder" "$dbder"
fi
check "cert get: the file is PEM only" sh -c "[ \"\$(head -n 1 '$T/work/web.cer')\" = '-----BEGIN CERTIFICATE-----' ] && [ \"\$(tail -n 1 '$T/work/web.cer')\" = '-----END CERTIFICATE-----' ]"
# and what cert show --pem prints
run cert show "$s_web" --pem
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$OUT" >"$T/shown.pem"
check "cert show --pem prints the file's PEM" cmp -s "$T/shown.pem" "$T/work/web.cer"
check "the file is a valid certificate" "$OPENSSL" verify -x509_strict -purpose sslserver \
	-CAfile "$CADIR/$CAROOT.cer" "$T/work/web.cer"

# no overwrite without --force
before=$(sha256sum <"$T/work/web.cer")
expect_exit 3 cert get "$s_db" --out "$T/work/web.cer"
expect_error_line
expect_equal "the file is unchanged" "$(sha256sum <"$T/work/web.cer")" "$before"
expect_exit 3 cert get "$s_web"
expect_error_line
expect_exit 0 cert get "$s_db" --out "$T/work/web.cer" --force
expect_output_line "Certificate number $s_db (SHA-1 Fingerprint: $(sha1_of "$T/work/web.cer")) saved in file \"$T/work/web.cer\""
check "overwritten with --force" sh -c "'$OPENSSL' x509 -in '$T/work/web.cer' -noout -subject | grep -q db.example.com"

# --out a directory; a relative path
mkdir "$T/out"
expect_exit 0 cert get "$s_sig" --out "$T/out"
expect_file "$T/out/signer.cer"
expect_output_contains "saved in file \"$T/out/signer.cer\""
expect_exit 0 cert get "$s_sig" --out rel.cer
expect_file "$T/work/rel.cer"
expect_output_contains "saved in file \"$T/work/rel.cer\""

# an unknown serial
expect_exit 1 cert get 987654
expect_error_line
expect_no_file "$T/work/987654.cer"

finish
