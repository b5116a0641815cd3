#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0113: pathLenConstraint through the hierarchy. An intermediate is issued
# with pathlen 0 by default and, configured as a CA server from its existing
# pair and chain, refuses to issue another CA (exit 3, the message, nothing
# stored, the request still pending). `--pathlen 1` makes an intermediate
# that can issue one level more, never with more than its own pathlen - 1;
# root -> inter1 -> sub -> leaf then verifies with openssl and certtool.
. "$(dirname "$0")/lib.sh"

ROOTH=$T/root-home
at() { NCPKI_HOME=$1; export NCPKI_HOME; }
at "$ROOTH"
configure_ca
ROOTCER=$CADIR/$CAROOT.cer

# ca_from NAME SERIAL HOME CHAIN: NAME's key and certificate SERIAL (from the
# current data directory) become a CA server in HOME with CHAIN.
ca_from() {
	expect_exit 0 cert get "$2" --out "$T/$1.cer"
	mkdir -p "$T/$1-dir"
	cp "$T/$1.pkey" "$T/$1-dir/$1.key"
	cp "$T/$1.cer" "$T/$1-dir/$1.cer"
	at "$3"
	expect_exit 0 server configure --root "$1" --dir "$T/$1-dir" --chain "$4" \
		--password-file "$PWFILE"
	expect_output_contains "Certificate Authority server successfully configured."
}

# Usage errors first.
make_csr inter0 "/CN=Issuing CA 0" ""
import_csr inter0
expect_exit 2 csr process "$csr_id" --usage tls --pathlen 1 --password-file "$PWFILE" --yes
expect_stderr_contains "--pathlen goes with --usage intermediate and one request number"
expect_exit 2 csr process --all --usage intermediate --pathlen 0 --password-file "$PWFILE" --yes
expect_exit 2 csr process "$csr_id" --usage intermediate --pathlen 9 --password-file "$PWFILE" --yes
expect_stderr_contains "--pathlen: give a number from 0 to 8"

# The default: pathlen 0.
issue_csr "$csr_id" intermediate
inter0=$serial
expect_exit 0 cert get "$inter0" --out "$T/inter0.pem"
check "the default intermediate has pathlen 0" sh -c \
	"'$OPENSSL' x509 -in '$T/inter0.pem' -noout -ext basicConstraints | grep -q 'CA:TRUE, pathlen:0'"
ca_from inter0 "$inter0" "$T/inter0-home" "$ROOTCER"

# inter0 (pathlen 0) refuses to issue an intermediate.
make_csr below0 "/CN=below0.example.com" ""
import_csr below0
SNAP_DIRS="$T/inter0-home $T/inter0-dir"
snapshot "$T/snap0"
expect_exit 3 csr process "$csr_id" --usage intermediate --password-file "$PWFILE" --yes
expect_stderr_contains "has a path length constraint of 0: it cannot issue an Intermediate Certificate Authority"
expect_unchanged "$T/snap0" "a refused intermediate under pathlen 0"
expect_exit 0 csr show "$csr_id"
expect_exit 0 cert list --json
check "nothing issued by inter0" python3 -c '
import json, sys; assert json.load(open(sys.argv[1])) == []' "$OUT"
# ...but it still issues a leaf.
issue_csr "$csr_id" tls
SNAP_DIRS=

# pathlen 1 from the root, then at most 0 below it.
at "$ROOTH"
make_csr inter1 "/CN=Issuing CA 1" ""
import_csr inter1
expect_exit 0 csr process "$csr_id" --usage intermediate --pathlen 1 --password-file "$PWFILE" --yes
inter1=$(sed -n 's/^Certificate number \([0-9][0-9]*\) issued.*/\1/p' "$OUT")
ca_from inter1 "$inter1" "$T/inter1-home" "$ROOTCER"
check "inter1 has pathlen 1" sh -c \
	"'$OPENSSL' x509 -in '$T/inter1.cer' -noout -ext basicConstraints | grep -q 'CA:TRUE, pathlen:1'"
make_csr sub "/CN=Sub CA" ""
import_csr sub
expect_exit 3 csr process "$csr_id" --usage intermediate --pathlen 1 --password-file "$PWFILE" --yes
expect_stderr_contains "has a path length constraint of 1: an intermediate below it can have at most 0"
issue_csr "$csr_id" intermediate
sub=$serial
expect_exit 0 server cert --chain --out "$T/inter1-chain.pem"
ca_from sub "$sub" "$T/sub-home" "$T/inter1-chain.pem"
expect_exit 0 server cert --chain --out "$T/sub-full.pem"
check "sub's chain: sub, inter1, root" sh -c \
	"[ \$(grep -c 'BEGIN CERTIFICATE' '$T/sub-full.pem') -eq 3 ]"

make_csr leaf
import_csr leaf
issue_csr "$csr_id" tls
expect_exit 0 cert get "$serial" --out "$T/leaf.pem"
expect_exit 0 cert get "$serial" --chain --out "$T/leaf-full.pem"
cat "$T/sub.cer" "$T/inter1.cer" >"$T/untrusted.pem"
check "root -> inter1 -> sub -> leaf verifies" "$OPENSSL" verify -CAfile "$ROOTCER" \
	-untrusted "$T/untrusted.pem" "$T/leaf.pem"
if [ -n "$CERTTOOL" ] && command -v "$CERTTOOL" >/dev/null 2>&1; then
	check "certtool --verify-chain, four levels" sh -c \
		"'$CERTTOOL' --verify-chain --infile '$T/leaf-full.pem' >'$T/ct.out' 2>&1"
fi

finish
