#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0087-ca-renew: `ncpki server renew` (issue 16): a root CA's own
# certificate made again with its key before it ends. The new certificate
# has the same subject, key and subject key identifier, a new serial number
# and the validity asked; the old leaf verifies against it with openssl and
# certtool-free plain checks; the database (`server cert`), the file and
# the audit trail agree, the previous file is kept as NAME.cer.old;
# issuing and a CRL still work, `ncpki check` and `audit verify` pass. A
# wrong password and a bad --days change nothing; an intermediate is
# refused.
. "$(dirname "$0")/lib.sh"

configure_ca --ca-days 20 || finish
CER=$CADIR/$CAROOT.cer
cp "$CER" "$T/ca-old.pem"
new_cert old "/C=US/O=Example Corporation/CN=old.example.com" || finish
old_serial=$serial

# Refusals change nothing.
printf 'wrong password\n' >"$T/bad.pw"
chmod 600 "$T/bad.pw"
expect_exit 4 server renew --days 3650 --password-file "$T/bad.pw"
expect_exit 2 server renew --days 0 --password-file "$PWFILE"
expect_exit 2 server renew --days 40000 --password-file "$PWFILE"
check "the certificate file is unchanged" cmp -s "$CER" "$T/ca-old.pem"
check "no old copy yet" test ! -e "$CER.old"

expect_exit 0 server renew --days 3650 --password-file "$PWFILE"
expect_output_contains "The Certificate Authority's certificate was renewed with its key."
expect_output_matches "^Previous certificate: +$CER\.old$"
check "the previous certificate kept" cmp -s "$CER.old" "$T/ca-old.pem"
expect_exit 0 server cert --out "$T/ca-db.pem"
check "the database's copy is the file" sh -c \
	"'$OPENSSL' x509 -in '$T/ca-db.pem' -outform DER | cmp -s - \"\$('$OPENSSL' x509 -in '$CER' -outform DER >'$T/f.der'; echo '$T/f.der')\""

x() {
	_x=$1
	shift
	"$OPENSSL" x509 -in "$_x" -noout "$@"
}
expect_equal "same subject" "$(x "$CER" -subject)" "$(x "$T/ca-old.pem" -subject)"
expect_equal "self-issued" "$(x "$CER" -issuer | sed 's/^issuer=//')" "$(x "$CER" -subject | sed 's/^subject=//')"
check "another serial number" sh -c "[ \"\$('$OPENSSL' x509 -in '$CER' -noout -serial)\" != \"\$('$OPENSSL' x509 -in '$T/ca-old.pem' -noout -serial)\" ]"
expect_equal "same key" "$("$OPENSSL" x509 -in "$CER" -noout -pubkey)" "$("$OPENSSL" x509 -in "$T/ca-old.pem" -noout -pubkey)"
expect_equal "same subject key identifier" "$(x "$CER" -ext subjectKeyIdentifier)" "$(x "$T/ca-old.pem" -ext subjectKeyIdentifier)"
check "still a CA" sh -c "'$OPENSSL' x509 -in '$CER' -noout -ext basicConstraints | grep -q 'CA:TRUE'"
days=$(( ($(epoch_of "$CER" end) - $(date +%s) + 3600) / 86400 ))
expect_equal "valid 3650 days from now" "$days" 3650
expect_equal "from the same date" "$(epoch_of "$CER" start)" "$(epoch_of "$T/ca-old.pem" start)"
check "it verifies as a root" "$OPENSSL" verify -x509_strict -CAfile "$CER" "$CER"
check "the leaf issued before verifies against it" \
	"$OPENSSL" verify -x509_strict -CAfile "$CER" "$T/old.cer"

# Issuing and CRLs go on under it.
new_cert new "/C=US/O=Example Corporation/CN=new.example.com" || finish
check "a new leaf verifies" "$OPENSSL" verify -x509_strict -CAfile "$CER" "$T/new.cer"
check "and against the old root too (same name and key)" \
	"$OPENSSL" verify -CAfile "$T/ca-old.pem" "$T/new.cer"
expect_exit 0 crl generate --password-file "$PWFILE"
expect_exit 0 crl export "$T/crl.pem" --pem
check "the CRL verifies with it" "$OPENSSL" crl -in "$T/crl.pem" -noout -CAfile "$CER"
expect_exit 0 check
expect_exit 0 audit verify
expect_exit 0 audit list --json
check "the audit trail has the renewal" python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
rows = rows.get("entries", rows) if isinstance(rows, dict) else rows
assert any(r["action"] == "ca-renewed" for r in rows), rows' "$OUT"
expect_exit 0 cert get "$old_serial" --out "$T/old-again.cer"
check "the old certificate is unchanged" cmp -s "$T/old-again.cer" "$T/old.cer"

# An intermediate is renewed by its root.
make_csr inter "/CN=Issuing CA" ""
import_csr inter
issue_csr "$csr_id" intermediate
expect_exit 0 cert get "$serial" --out "$T/inter.cer"
mkdir -p "$T/inter-dir"
cp "$T/inter.pkey" "$T/inter-dir/inter.key"
cp "$T/inter.cer" "$T/inter-dir/inter.cer"
NCPKI_HOME=$T/inter-home
expect_exit 0 server configure --root inter --dir "$T/inter-dir" --chain "$CER" \
	--password-file "$PWFILE"
cp "$T/inter-dir/inter.cer" "$T/inter-before.cer"
expect_exit 3 server renew --password-file "$PWFILE"
expect_stderr_contains "This Certificate Authority is an intermediate: its certificate is renewed by its root"
check "the intermediate's file is unchanged" cmp -s "$T/inter-dir/inter.cer" "$T/inter-before.cer"
check "no old copy left" test ! -e "$T/inter-dir/inter.cer.old"
finish
