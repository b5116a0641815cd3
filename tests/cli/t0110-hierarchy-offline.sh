#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0110: root -> intermediate -> leaf built entirely through ncpki, with
# three data directories and no network: the offline root (no ncpkid) gets
# the intermediate's request as files on "removable media" (csr import DIR),
# issues it with the Intermediate usage and exports it (cert export-all);
# the intermediate picks it up (client import), is configured from that
# existing pair with its chain, issues a leaf requested the same way; the
# leaf verifies with openssl -untrusted and certtool --verify-chain. Then
# the root revokes the intermediate: with both CRLs, the leaf fails
# openssl verify -crl_check_all with "certificate revoked".
. "$(dirname "$0")/lib.sh"

ROOTH=$T/root-home
INTERH=$T/inter-home
LEAFH=$T/leaf-home
MEDIA=$T/media
at() { NCPKI_HOME=$1; export NCPKI_HOME; }

# --- The root: a new CA, offline.
at "$ROOTH"
configure_ca
ROOTCER=$CADIR/$CAROOT.cer

# --- The intermediate's operator: a client that never talks to a server.
at "$INTERH"
expect_exit 0 client configure --host root.invalid --contact-name "Ivy Inter" \
	--contact-email ivy@example.com --contact-phone "+1 555 0100" --instance inter
expect_exit 0 client submit --offline "$MEDIA/to-root" --root InterCA --cn "Example Issuing CA" \
	--org "Example Corporation" --country US --key-type p256 --password-file "$PWFILE" \
	--hostname inter.example.com
expect_output_contains "written for an offline Certificate Authority"
expect_file "$MEDIA/to-root/InterCA.csr"
expect_file "$MEDIA/to-root/InterCA.json"
expect_file "$INTERH/client/InterCA.key"
expect_mode 600 "$INTERH/client/InterCA.key"
check "the sidecar holds the contact" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["contact_name"] == "Ivy Inter" and j["contact_email"] == "ivy@example.com", j
assert j["hostname"] == "inter.example.com" and j["instance"] == "inter", j
assert j["file_root"] == "InterCA", j
' "$MEDIA/to-root/InterCA.json"
check "the carried request is the one kept" cmp -s "$MEDIA/to-root/InterCA.csr" \
	"$INTERH/client/InterCA.csr"

# --- The root imports the media, issues the intermediate, exports.
at "$ROOTH"
expect_exit 0 csr import "$MEDIA/to-root"
expect_output_matches '^InterCA\.csr: imported as request [0-9]+, SHA-1 fingerprint [0-9A-F:]+$'
expect_output_line "1 Certificate Signing Request imported."
expect_exit 0 csr show 1 --json
check "contact from the sidecar stored" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["contact_name"] == "Ivy Inter" and j["contact_phone"] == "+1 555 0100", j
assert j["hostname"] == "inter.example.com" and j["file_root"] == "InterCA", j
' "$OUT"
issue_csr 1 intermediate
inter_serial=$serial
expect_exit 0 crl generate --password-file "$PWFILE"
expect_exit 0 cert export-all "$MEDIA/from-root"
expect_output_contains "1 certificate exported"
expect_output_contains "CRL number 1 exported as crl.der and crl.pem."
for f in ca.pem ca-chain.pem InterCA.cer InterCA-chain.pem crl.der crl.pem index.json; do
	expect_file "$MEDIA/from-root/$f"
done
check "pathlen 0 on the intermediate" sh -c \
	"'$OPENSSL' x509 -in '$MEDIA/from-root/InterCA.cer' -noout -ext basicConstraints | grep -q 'CA:TRUE, pathlen:0'"

# --- The intermediate picks up its certificate and becomes a CA server.
at "$INTERH"
expect_exit 0 client import "$MEDIA/from-root"
expect_output_contains "1 certificate imported."
expect_output_matches "^CA SHA-256: +$(sha256_of "$ROOTCER")\$"
expect_file "$INTERH/client/InterCA.cer"
expect_file "$INTERH/client/InterCA-chain.pem"
expect_file "$INTERH/client/$CAROOT.cer"

# Without the chain it is refused, with a clear message, and nothing is kept.
SNAP_DIRS=$INTERH
snapshot "$T/snap-inter"
expect_exit 3 server configure --root InterCA --dir "$INTERH/client" --password-file "$PWFILE"
expect_stderr_contains "is not self-signed: give its issuing chain"
# A chain that does not lead to its issuer: another root.
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/other.key" \
	-subj "/CN=Other Root" -days 30 -out "$T/other.pem" 2>/dev/null
expect_exit 3 server configure --root InterCA --dir "$INTERH/client" --password-file "$PWFILE" \
	--chain "$T/other.pem"
expect_stderr_contains "does not verify up to a self-signed root with the chain given"
printf 'garbage\n' >"$T/garbage.pem"
expect_exit 3 server configure --root InterCA --dir "$INTERH/client" --password-file "$PWFILE" \
	--chain "$T/garbage.pem"
expect_stderr_contains "is not a list of PEM certificates"
expect_unchanged "$T/snap-inter" "refused intermediate configurations"
SNAP_DIRS=

expect_exit 0 server configure --root InterCA --dir "$INTERH/client" --password-file "$PWFILE" \
	--chain "$INTERH/client/InterCA-chain.pem"
expect_output_contains "Certificate Authority server successfully configured."
expect_exit 0 server cert --chain --out "$T/inter-full.pem"
check "server cert --chain: the CA then the root" sh -c \
	"[ \$(grep -c 'BEGIN CERTIFICATE' '$T/inter-full.pem') -eq 2 ]"
expect_exit 0 server cert --out "$T/inter.pem"

# The root CA's own chain is itself alone.
at "$ROOTH"
expect_exit 0 server cert --chain --out "$T/root-full.pem"
check "a root's chain is its certificate" cmp -s "$T/root-full.pem" "$ROOTCER"

# --- A leaf, requested offline from a third data directory.
at "$LEAFH"
expect_exit 0 client configure --host inter.invalid --contact-name "Lea Leaf" --instance leaf
expect_exit 0 client submit --offline "$MEDIA/to-inter" --root web --cn web.example.com \
	--san DNS:web.example.com --key-type p256 --no-password
at "$INTERH"
expect_exit 0 csr import "$MEDIA/to-inter"
issue_csr 1 tls
leaf_serial=$serial
expect_exit 0 cert get "$leaf_serial" --out "$T/leaf.pem"
expect_exit 0 cert get "$leaf_serial" --chain --out "$T/leaf-full.pem"
check "cert get --chain: leaf, intermediate, root" sh -c \
	"[ \$(grep -c 'BEGIN CERTIFICATE' '$T/leaf-full.pem') -eq 3 ]"
expect_exit 0 cert get "$leaf_serial" --chain --no-root --out "$T/leaf-noroot.pem"
check "cert get --chain --no-root: leaf, intermediate" sh -c \
	"[ \$(grep -c 'BEGIN CERTIFICATE' '$T/leaf-noroot.pem') -eq 2 ]"

check "openssl verify -untrusted" sh -c \
	"'$OPENSSL' verify -CAfile '$ROOTCER' -untrusted '$T/inter.pem' '$T/leaf.pem' >'$T/v.out' 2>&1"
check "the leaf does not verify against the root alone" sh -c \
	"! '$OPENSSL' verify -CAfile '$ROOTCER' '$T/leaf.pem' >/dev/null 2>&1"
if [ -n "$CERTTOOL" ] && command -v "$CERTTOOL" >/dev/null 2>&1; then
	check "certtool --verify-chain" sh -c \
		"'$CERTTOOL' --verify-chain --infile '$T/leaf-full.pem' >'$T/ct.out' 2>&1"
	_contains "$T/ct.out" "certtool" "Chain verification output: Verified."
else
	say "# certtool not installed: --verify-chain skipped"
fi

# The leaf's operator picks it up from the intermediate's export.
expect_exit 0 crl generate --password-file "$PWFILE"
expect_exit 0 cert export-all "$MEDIA/from-inter"
at "$LEAFH"
expect_exit 0 client import "$MEDIA/from-inter"
check "the picked-up chain verifies from the root" "$OPENSSL" verify -CAfile "$ROOTCER" \
	-untrusted "$LEAFH/client/web-chain.pem" "$LEAFH/client/web.cer"

# --- The root revokes the intermediate: the leaf fails -crl_check_all.
at "$ROOTH"
expect_exit 0 cert revoke "$inter_serial" --reason cACompromise --password-file "$PWFILE" --yes
expect_exit 0 cert export-all "$MEDIA/from-root2"
check "the CRL exported is the new one" sh -c \
	"'$OPENSSL' crl -in '$MEDIA/from-root2/crl.pem' -noout -text | grep -q 'CA Compromise'"
check "crl.der and crl.pem are the same CRL" sh -c \
	"'$OPENSSL' crl -in '$MEDIA/from-root2/crl.pem' -outform DER | cmp -s - '$MEDIA/from-root2/crl.der'"
check "before: the leaf verifies with the first CRLs" sh -c \
	"'$OPENSSL' verify -crl_check_all -CAfile '$ROOTCER' -untrusted '$T/inter.pem' \
	-CRLfile '$MEDIA/from-root/crl.pem' -CRLfile '$MEDIA/from-inter/crl.pem' '$T/leaf.pem' >/dev/null 2>&1"
"$OPENSSL" verify -crl_check_all -CAfile "$ROOTCER" -untrusted "$T/inter.pem" \
	-CRLfile "$MEDIA/from-root2/crl.pem" -CRLfile "$MEDIA/from-inter/crl.pem" \
	"$T/leaf.pem" >"$T/v2.out" 2>&1
vrc=$?
expect_not_equal "verify -crl_check_all after the intermediate's revocation" "$vrc" 0
_contains "$T/v2.out" "openssl verify" "certificate revoked"

finish
