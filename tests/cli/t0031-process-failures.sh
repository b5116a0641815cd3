#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0031: processing that must not issue: the wrong CA password (exit 4), the
# key's media not mounted (exit 5, said plainly, before any password), no
# confirmation possible (exit 2), an unknown request (exit 1). Each leaves
# the database, the SRL and the key alone.
. "$(dirname "$0")/lib.sh"

configure_ca
make_csr req "/CN=req.example.com" "DNS:req.example.com"
import_csr req
id=$csr_id
snapshot "$T/.snap"

# the wrong password
make_pwfile "$T/wrong.pw" "not the password"
expect_exit 4 csr process "$id" --usage tls --password-file "$T/wrong.pw" --yes
expect_error_line
expect_stderr_matches 'password'
expect_output_lacks "issued for"
expect_unchanged "$T/.snap" "wrong password"

# no --yes and no terminal: usage error before anything else
expect_exit 2 csr process "$id" --usage tls --password-file "$PWFILE"
expect_error_line
expect_output_lacks "issued for"
expect_unchanged "$T/.snap" "no confirmation possible"

# an encrypted key, no terminal and no password option
expect_exit 2 csr process "$id" --usage tls --yes
expect_error_line
expect_unchanged "$T/.snap" "no password possible"

# an unknown request
expect_exit 1 csr process 4242 --usage tls --password-file "$PWFILE" --yes
expect_stderr_line "ncpki: error: No pending Certificate Signing Request 4242."

# the media is not mounted: the key file is away
mv "$CADIR/$CAROOT.key" "$T/key.away"
snapshot "$T/.snap-nokey"
expect_exit 5 csr process "$id" --usage tls --password-file "$PWFILE" --yes
expect_error_line
expect_stderr_matches 'mount'
expect_output_lacks "issued for"
expect_unchanged "$T/.snap-nokey" "key file missing"
# ...said before any password is asked: no password source at all still gives 5
expect_exit 5 csr process "$id" --usage tls --yes
expect_stderr_matches 'mount'
expect_exit 5 csr process --all --usage tls --yes
expect_stderr_matches 'mount'
expect_unchanged "$T/.snap-nokey" "key file missing, no password"
expect_exit 0 server show
expect_output_matches '^ *Key file present:? +no *$'

# mounted again: it works, and the serial is the one the SRL held
mv "$T/key.away" "$CADIR/$CAROOT.key"
srl=$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")
issue_csr "$id" tls
expect_equal "the serial after the refusals" "$serial" "$srl"

# On a terminal: confirmation, then the password.
make_csr tty "/CN=tty.example.com" "DNS:tty.example.com"
import_csr tty
pty_run "$T/pty-no.out" \
	"Have you verified the identity, the authority and the fingerprint? [y/N] " "n" \
	-- "$NCPKI" csr process "$csr_id" --usage tls
if [ "$rc" -eq 77 ]; then
	say "# python3 not found: the terminal checks are skipped"
else
	expect_equal "declined on the terminal" "$rc" 1
	check "nothing issued when declined" sh -c "! grep -q 'issued for' '$T/pty-no.out'"
	pty_run "$T/pty-bad.out" \
		"Have you verified the identity, the authority and the fingerprint? [y/N] " "y" \
		"Password for Certificate Authority's Private Key file: " "wrong password" \
		-- "$NCPKI" csr process "$csr_id" --usage tls
	expect_equal "a wrong password typed on the terminal" "$rc" 4
	pty_run "$T/pty-yes.out" \
		"Have you verified the identity, the authority and the fingerprint? [y/N] " "y" \
		"Password for Certificate Authority's Private Key file: " "$PASSWORD" \
		-- "$NCPKI" csr process "$csr_id" --usage tls
	expect_equal "confirmed on the terminal" "$rc" 0
	check "issued after the terminal password" \
		grep -q "Certificate number $((serial + 1)) issued for Certificate Signing Request \"tty\"" "$T/pty-yes.out"
	check "the verification text is shown" \
		grep -q "Before issuing, contact the technical contact" "$T/pty-yes.out"
	check "the password is not echoed" sh -c "! grep -q '$PASSWORD' '$T/pty-yes.out'"
fi

finish
