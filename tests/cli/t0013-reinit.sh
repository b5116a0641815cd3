#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0013: reinitializing forgets the configuration, the issued-certificate
# records and the pending requests, keeps the key, certificate and SRL files
# (which can be configured again, serials continuing), and asks first.
. "$(dirname "$0")/lib.sh"

configure_ca
sha1=$(sha1_of "$CADIR/$CAROOT.cer")
make_csr one
make_csr two
import_csr one
issue_csr "$csr_id" tls
first_serial=$serial
import_csr two

files_sum() {
	cat "$CADIR/$CAROOT.key" "$CADIR/$CAROOT.cer" "$CADIR/$CAROOT.srl" | sha256sum
}
before=$(files_sum)
snapshot "$T/.snap"

# No terminal, no --yes: a usage error, nothing changed.
expect_exit 2 server reinit
expect_error_line
expect_unchanged "$T/.snap" "reinit without --yes or a terminal"

# On a terminal the question names what goes; "n" declines (exit 1).
pty_run "$T/pty.out" "[y/N] " "n" -- "$NCPKI" server reinit
if [ "$rc" -eq 77 ]; then
	say "# python3 not found: the confirmation prompt checks are skipped"
else
	expect_equal "exit status when declined" "$rc" 1
	check "the question names the records and files" grep -qF \
		"Reinitialize the Certificate Authority server? This deletes its configuration, 1 issued-certificate records and 1 pending requests; the key, certificate and SRL files are kept. [y/N] " \
		"$T/pty.out"
	expect_unchanged "$T/.snap" "reinit declined"
fi

# --yes
expect_exit 0 server reinit --yes
expect_output_line "Certificate Authority server reinitialized. The key, certificate and SRL files were kept."
expect_equal "key, certificate and SRL files" "$(files_sum)" "$before"
expect_exit 1 server show
expect_stderr_line "ncpki: error: The Certificate Authority server is not configured."
expect_exit 0 csr list
expect_output_line "No pending Certificate Signing Requests."
expect_exit 0 cert list
expect_output_line "No issued certificates."
run csr process 1 --usage tls --password-file "$PWFILE" --yes
checks=$((checks + 1))
if [ "$rc" -ne 0 ]; then pass "nothing to process after reinit (exit $rc)"; else fail "processing succeeded after reinit"; fi

# The kept files configure again as an existing pair; serials continue.
expect_exit 0 server configure --root "$CAROOT" --dir "$CADIR" --password-file "$PWFILE"
expect_output_line "Using existing files: $CADIR/$CAROOT.cer and .key"
expect_output_line "$sha1"
expect_output_lacks "Created serial file"
make_csr three
import_csr three
issue_csr "$csr_id" codesign
expect_equal "serial after reinit" "$serial" "$((first_serial + 1))"

# A terminal "y" reinitializes too.
pty_run "$T/pty2.out" "[y/N] " "y" -- "$NCPKI" server reinit
if [ "$rc" -ne 77 ]; then
	expect_equal "exit status when confirmed" "$rc" 0
	check "confirmed on the terminal" grep -q "Certificate Authority server reinitialized." "$T/pty2.out"
	expect_exit 1 server show
fi

finish
