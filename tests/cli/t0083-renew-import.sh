#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0083: a renewal through `ncpki csr import --renewal-of N`: the request
# shows as "renewal of N" in `csr list` and `csr show`, is issued with
# cert.renewal_of set, and the new certificate verifies with the same
# subject and SANs and another key. A renewal with a new key brings a proof
# of possession of the old one (--proof, made here by openssl) and keeps the
# contact (issue 14: t0145 has those refusals). Refused renewals (a serial
# never issued, another subject) say why, exit 3 and change nothing.
. "$(dirname "$0")/lib.sh"

configure_ca
SUBJ="/C=US/O=Example Corporation/CN=web.example.com"
SANS="DNS:web.example.com,IP:192.0.2.7"
make_csr web "$SUBJ" "$SANS"
import_csr web --contact-name "Jane Doe" --contact-email jane@example.com
issue_csr "$csr_id" tls
s_old=$serial
run cert get "$s_old" --out "$T/old.cer"
expect_equal "cert get $s_old: exit" "$rc" 0

# ------------------------------------------------------------ the renewal
make_csr web2 "$SUBJ" "$SANS"
make_proof "$T/web.pkey" "$s_old" "$T/web2.csr" "$T/web2.proof"
import_csr web2 --root web --renewal-of "$s_old" --proof "$T/web2.proof" \
	--contact-name "Jane Doe" --contact-email jane@example.com
r_id=$csr_id
expect_output_line "It renews certificate $s_old."

run csr list
expect_output_matches '^ID +File name +Subject +Hostname +Instance +Received +Kind *$'
expect_output_matches "^$r_id +web +CN=web\\.example\\.com,O=Example Corporation,C=US +.* renewal of $s_old *\$"
run csr show "$r_id"
expect_output_matches "^Kind: +renewal of $s_old\$"
run csr list --json
expect_output_contains "\"renewal_of\": $s_old"

issue_csr "$r_id" tls
s_new=$serial
run cert show "$s_new"
expect_output_matches "^Kind: +renewal of $s_old\$"
run cert show "$s_new" --json
expect_output_contains "\"renewal_of\": $s_old"
run cert show "$s_old" --json
expect_output_contains "\"renewal_of\": null"
if [ -n "$SQLITE3" ]; then
	expect_equal "cert.renewal_of in the database" \
		"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT renewal_of FROM cert WHERE serial = $s_new")" "$s_old"
	expect_equal "the first certificate renews nothing" \
		"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT renewal_of IS NULL FROM cert WHERE serial = $s_old")" 1
fi

run cert get "$s_new" --out "$T/new.cer"
expect_equal "cert get $s_new: exit" "$rc" 0
check "the renewed certificate verifies against the CA" \
	sh -c "'$OPENSSL' verify -CAfile '$CADIR/$CAROOT.cer' '$T/new.cer' >/dev/null"
expect_equal "same subject" \
	"$("$OPENSSL" x509 -in "$T/new.cer" -noout -subject)" \
	"$("$OPENSSL" x509 -in "$T/old.cer" -noout -subject)"
expect_equal "same SANs" \
	"$("$OPENSSL" x509 -in "$T/new.cer" -noout -ext subjectAltName)" \
	"$("$OPENSSL" x509 -in "$T/old.cer" -noout -ext subjectAltName)"
expect_not_equal "the key" \
	"$("$OPENSSL" x509 -in "$T/new.cer" -noout -pubkey)" \
	"$("$OPENSSL" x509 -in "$T/old.cer" -noout -pubkey)"
expect_not_equal "the serial" "$s_new" "$s_old"

# --------------------------------------------------------------- refusals
make_csr web3 "$SUBJ" "$SANS"
snapshot "$T/snap"
expect_exit 3 csr import "$T/web3.csr" --root web --renewal-of 999
expect_stderr_line "ncpki: error: Certificate 999 was never issued by this Certificate Authority: a renewal names the serial number of an issued certificate"
expect_unchanged "$T/snap" "renewal of a serial never issued"

make_csr other "/C=US/O=Example Corporation/CN=other.example.com" "DNS:web.example.com,IP:192.0.2.7"
expect_exit 3 csr import "$T/other.csr" --root web --renewal-of "$s_old"
expect_stderr_line "ncpki: error: The request's subject \"CN=other.example.com,O=Example Corporation,C=US\" is not the subject of certificate $s_old (\"CN=web.example.com,O=Example Corporation,C=US\"): a renewal keeps the subject exactly"
expect_unchanged "$T/snap" "renewal with another subject"

# The subject must be exactly the same: the attributes in another order are another subject.
make_csr reorder "/CN=web.example.com/O=Example Corporation/C=US" "$SANS"
expect_exit 3 csr import "$T/reorder.csr" --root web --renewal-of "$s_old"
expect_stderr_contains "is not the subject of certificate $s_old"
expect_unchanged "$T/snap" "renewal with the subject's attributes reordered"

expect_exit 2 csr import "$T/web3.csr" --renewal-of 0
expect_exit 2 csr import "$T/web3.csr" --renewal-of abc
mkdir "$T/dir"
expect_exit 2 csr import "$T/dir" --renewal-of "$s_old"
expect_unchanged "$T/snap" "usage errors"

run csr import --help
expect_output_contains "--renewal-of N"
expect_output_contains "--proof FILE"

finish
