#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0300: `ncpki check` re-audits what the database holds (issue 6): clean
# on an honest CA with TLS, code signing and intermediate certificates and
# a revocation; then copies of that database, each corrupted one way, are
# each reported with the anomaly a person would look for, exit 1 — and a
# database file with garbage written over its pages never reports clean.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"

configure_ca
for n in web code inter gone; do
	make_csr "$n"
done
import_csr web; issue_csr "$csr_id" tls; s_web=$serial
import_csr code; issue_csr "$csr_id" codesign; s_code=$serial
import_csr inter; issue_csr "$csr_id" intermediate; s_inter=$serial
import_csr gone; issue_csr "$csr_id" tls; s_gone=$serial
expect_exit 0 cert revoke "$s_gone" --reason keyCompromise --password-file "$PWFILE" --yes

expect_exit 0 check
expect_output_line "Checked 4 certificates and 1 certificate revocation list."
expect_output_line "No anomalies found."

# copy_db NAME: a copy of the data directory to corrupt; sets H and DBC.
copy_db() {
	H=$T/copy-$1
	mkdir -p "$H"
	chmod 700 "$H"
	"$SQLITE3" "$NCPKI_HOME/ncpki.db" ".backup '$H/ncpki.db'"
	chmod 600 "$H/ncpki.db"
	DBC=$H/ncpki.db
}

# a row whose dates were edited
copy_db dates
"$SQLITE3" "$DBC" "UPDATE cert SET not_after = not_after + 86400 WHERE serial = $s_web"
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: certificate $s_web: its validity dates differ from its row's"
expect_output_line "1 anomaly found."

# a code signing certificate relabelled as TLS: what it carries is not
# what the row's usage grants
copy_db usage
"$SQLITE3" "$DBC" "UPDATE cert SET usage = 'tls' WHERE serial = $s_code"
NCPKI_HOME=$H expect_exit 1 check
expect_output_contains "Anomaly: certificate $s_code: it breaks lint rule \"usage\""

# a certificate's DER cut short, and another one's fingerprint edited
copy_db der
"$SQLITE3" "$DBC" "UPDATE cert SET der = substr(der, 1, length(der) - 1) WHERE serial = $s_inter;
	UPDATE cert SET sha256 = 'AA' || substr(sha256, 3) WHERE serial = $s_web"
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: certificate $s_inter: its DER does not decode"
expect_output_line "Anomaly: certificate $s_web: its fingerprints differ from its row's"

# a revocation erased from the row, and one added without a CRL
copy_db revocation
"$SQLITE3" "$DBC" "UPDATE cert SET revoked_at = NULL, revocation_reason = NULL WHERE serial = $s_gone;
	UPDATE cert SET revoked_at = (SELECT this_update FROM crl) - 10, revocation_reason = 1
		WHERE serial = $s_web"
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: certificate $s_gone: listed on CRL 1 but not revoked"
expect_output_line "Anomaly: certificate $s_web: revoked but missing from CRL 1"

# a CRL whose number was changed in its row
copy_db crlnumber
"$SQLITE3" "$DBC" "UPDATE crl SET number = 7"
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: CRL 7: the CRL number inside it differs from its row's"

# a certificate signed by another CA slipped into the table
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
	-subj "/CN=intruder.example.com" -days 30 -outform DER -out "$T/intruder.der" 2>/dev/null
copy_db intruder
"$SQLITE3" "$DBC" "UPDATE cert SET der = readfile('$T/intruder.der') WHERE serial = $s_web"
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: certificate $s_web: it does not verify against the Certificate Authority's certificate"

# the serial counter rolled back
copy_db srl
cp "$CADIR/$CAROOT.srl" "$T/srl.saved"
echo 01 >"$CADIR/$CAROOT.srl"
NCPKI_HOME=$H expect_exit 1 check
expect_output_contains "the serial counter file says 1 next, but serial $s_gone is already used"
cp "$T/srl.saved" "$CADIR/$CAROOT.srl"

# issue 14: a certificate that `openssl verify -x509_strict` rejects (its
# key has explicit EC parameters) signed by the CA's own key, with the
# TLS usage's extensions and its row's serial number: check reports what
# x509_strict says, as openssl verify does
"$OPENSSL" ecparam -name prime256v1 -param_enc explicit -genkey -noout -out "$T/explicit.key"
"$OPENSSL" req -new -key "$T/explicit.key" -subj "/CN=web.example.com" -out "$T/explicit.csr"
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
	"extendedKeyUsage=serverAuth,clientAuth" "subjectKeyIdentifier=hash" \
	"authorityKeyIdentifier=keyid:always" "subjectAltName=DNS:web.example.com" >"$T/explicit.ext"
web_sn=$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT coalesce(serial_number, printf('%X', serial)) FROM cert WHERE serial = $s_web")
"$OPENSSL" x509 -req -in "$T/explicit.csr" -CA "$CADIR/$CAROOT.cer" -CAkey "$CADIR/$CAROOT.key" \
	-passin "file:$PWFILE" -set_serial "0x$web_sn" -days 30 -extfile "$T/explicit.ext" \
	-outform DER -out "$T/explicit.der" 2>"$T/explicit.err" || fail "openssl x509 -req: $(cat "$T/explicit.err")"
"$OPENSSL" x509 -inform DER -in "$T/explicit.der" -out "$T/explicit.pem"
check "openssl verify -x509_strict rejects the planted certificate" \
	sh -c "! '$OPENSSL' verify -x509_strict -CAfile '$CADIR/$CAROOT.cer' '$T/explicit.pem' >/dev/null 2>&1"
copy_db strict
"$SQLITE3" "$DBC" "UPDATE cert SET der = readfile('$T/explicit.der') WHERE serial = $s_web"
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: certificate $s_web: openssl verify -x509_strict rejects it: Certificate public key has explicit ECC parameters"

# garbage over the database file's pages: the check fails, never clean
copy_db garbage
size=$(stat -c %s "$DBC")
pages=$((size / 4096))
check "the copy has pages to spoil" [ "$pages" -gt 3 ]
dd if=/dev/urandom of="$DBC" bs=4096 seek=2 count=$((pages - 2)) conv=notrunc 2>/dev/null
NCPKI_HOME=$H expect_exit 1 check
expect_output_lacks "No anomalies found."

# and the original is still clean
expect_exit 0 check
expect_output_line "No anomalies found."

finish
