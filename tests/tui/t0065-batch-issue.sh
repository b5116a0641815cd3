#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0065-batch-issue: several requests issued with one unlock of the CA key
# (issue 16). In the queue Space marks a row (a star in the margin, the
# count in the title), a marks every row shown or unmarks them all, and i
# opens the batch screen for the marked ones: one usage, one confirmation
# (refused unticked), one password (a wrong one refused, nothing issued);
# then every marked request is issued, and only those, each certificate
# verifying with openssl. All or none: when one of the marked requests is
# deleted meanwhile, none is issued and the message says why.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
for n in alpha bravo charlie delta echo; do
	make_csr "$n" "/O=Example Corporation/CN=$n.example.com" || finish
	import_csr "$n" --root "$n" || finish
	eval "id_$n=\$csr_id"
done

tui_start
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 5"
# i with nothing marked: how to mark.
tui_keys i
expect_screen "Mark the requests to issue first"
# Space marks alpha and moves to bravo; Space again marks bravo.
tui_keys Space
expect_screen "Pending Certificate Signing Requests: 5 (1 marked)"
expect_screen_line "^\*$id_alpha +alpha "
expect_screen_line "^ $id_bravo +bravo "
expect_screen_line "i Issue marked"
# a: every row; a again: none.
tui_keys a
expect_screen "(5 marked)"
expect_screen_line "^\*$id_echo +echo "
tui_keys a
expect_screen "Pending Certificate Signing Requests: 5"
expect_screen_lacks "marked)"
# alpha, bravo and delta.
tui_keys Home Space Space Down Space
expect_screen "(3 marked)"
expect_screen_line "^\*$id_delta +delta "
expect_screen_line "^ $id_charlie +charlie "
tui_keys i
expect_screen "Issue certificates for 3 marked requests"
expect_screen_line "^  Requests +$id_alpha  alpha\.example\.com  \(alpha\)"
expect_screen_line "$id_delta  delta\.example\.com  \(delta\)"
expect_screen_lacks "charlie"
expect_screen_line "^  Certificate Usage +\(\*\) TLS/SSL and XML security"
# Unticked: refused.
tui_keys F2
expect_screen "No certificate was issued: the verification is not confirmed."
expect_screen_lacks "Password for Certificate Authority's Private Key file"
# Ticked: the password step; a wrong password issues nothing.
tui_keys Space
expect_screen "[x] I have verified each request's identity, authority and fingerprint"
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "not the password"
tui_keys F2
expect_screen "Wrong password for the Certificate Authority's private key file"
run cert list
expect_output_lacks "alpha.example.com"
# The right one: three certificates, one entry of the password.
tui_type "$PASSWORD"
tui_keys F2
expect_screen "3 certificates issued for the marked requests."
expect_screen "Pending Certificate Signing Requests: 2"
expect_screen_lacks "marked)"
expect_screen_line "^ $id_charlie +charlie "
expect_screen_line "^ $id_echo +echo "

for n in alpha bravo delta; do
	serial=$(sqlite3 "$NCPKI_HOME/ncpki.db" "SELECT serial FROM cert WHERE file_root = '$n'" 2>/dev/null)
	expect_exit 0 cert get "$serial" --out "$T/$n.cer"
	check "$n: openssl verifies it against the CA" \
		"$OPENSSL" verify -x509_strict -CAfile "$CADIR/$CAROOT.cer" "$T/$n.cer"
done
run cert list
expect_output_lacks "charlie.example.com"

# All or none: charlie and echo marked, echo deleted before Finish.
tui_keys a i
expect_screen "Issue certificates for 2 marked requests"
tui_keys Tab Space F2
expect_screen "Password for Certificate Authority's Private Key file"
expect_exit 0 csr delete "$id_echo" --yes
tui_type "$PASSWORD"
tui_keys F2
expect_screen "No certificate was issued:"
run cert list
expect_output_lacks "charlie.example.com"
tui_keys Escape
expect_screen "This form has input that is not saved."
tui_keys Left Enter
expect_screen "Pending Certificate Signing Requests: 1 (1 marked)"
expect_screen_line "^\*$id_charlie +charlie "
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
