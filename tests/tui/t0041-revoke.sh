#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0041-revoke: the "Issued certificates" screen of the CA server. Two
# certificates issued with the CLI are listed with their serial, subject,
# usage, notAfter and status, and filtered by serial and hostname. One is
# revoked from the console (key compromise, an invalidity date, the
# confirmation, the CA key password): Cancel and a wrong password change
# nothing; the right one shows the message with the new CRL number, the
# database and `ncpki cert show` say revoked, and `openssl crl -text` of the
# exported CRL lists the serial with its reason. The other one is put on
# hold, then released (it leaves the next CRL). A missing key file says to
# mount the media; Release on a valid row says why not; Export writes the
# certificate into a directory, one it makes when missing, with the chain
# file named as the bulk export names it.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
db() { "$SQL" -readonly "$NCPKI_HOME/ncpki.db" "$1"; }

# the CRL is read for the counter serials (a new CA is random by default)
configure_ca --serial-mode counter || finish
make_csr alpha "/C=US/O=Example Corporation/CN=alpha.example.com" || finish
import_csr alpha --root alpha --hostname alpha.example.com --instance INST1 || finish
issue_csr "$csr_id" tls || finish
s1=$serial
make_csr beta "/C=US/O=Example Corporation/CN=beta.example.com" || finish
import_csr beta --root beta --hostname beta.example.com --instance INST2 || finish
issue_csr "$csr_id" codesign || finish
s2=$serial

tui_start
# The operations entry comes after the guide's five.
tui_keys Down Down Down Down Down
expect_screen_line "^    > Issued certificates \(revoke, expiry\)"
tui_keys Enter
expect_screen "Issued certificates: 2"
expect_screen_line "^ Serial +Subject +Usage +Not after +Status"
expect_screen_line "^ $s1 +CN=alpha\.example\.com[^ ]* +TLS/XML +[0-9]{4}-[0-9]{2}-[0-9]{2} +valid"
expect_screen_line "^ $s2 +CN=beta\.example\.com[^ ]* +Code signing +[0-9]{4}-[0-9]{2}-[0-9]{2} +valid"
expect_screen_line "r Revoke +x Export +e Expiring +/ Filter +Esc Back"

# The filter: by serial, then by hostname; Esc drops it.
tui_keys /
expect_screen_line "^  Serial +\[ +\]"
tui_type "$s2"
tui_keys Enter
expect_screen "Issued certificates matching the filter: 1"
expect_screen_line "^ $s2 +CN=beta"
expect_screen_lacks "CN=alpha"
tui_keys /
tui_keys C-u Tab
tui_type alpha.example.com
tui_keys Enter
expect_screen "Issued certificates matching the filter: 1"
expect_screen_line "^ $s1 +CN=alpha"
expect_screen_lacks "CN=beta"
tui_keys /
tui_keys C-u Tab C-u
tui_type "not-a-host.example"
tui_keys Enter
expect_screen "No certificate matches the filter."
tui_keys Escape
expect_screen "Issued certificates: 2"

# Release on a valid certificate: refused with the reason.
tui_keys u
expect_screen_text "Certificate number $s1 is not on hold"

# Revoke beta: keyCompromise, an invalidity date.
tui_keys Down r
expect_screen "Revoke certificate number $s2"
expect_screen_line "Reason +\(\*\) unspecified"
expect_screen "( ) certificate hold (can be released)"
tui_keys Down Space
expect_screen "(*) key compromise"
tui_keys Tab   # the reasons are one Tab stop
tui_type 2026-01-15
tui_keys Tab
expect_screen_line "\[ Revoke \]   \[ Back \]"
snapshot "$T/before"
certs_before=$(db "SELECT serial, revoked_at, revocation_reason, invalidity_date FROM cert")
# The confirmation: Cancel (the default) changes nothing.
tui_keys Enter
expect_screen_text "Revoke certificate number $s2 \"CN=beta.example.com,O=Example Corporation,C=US\" with the reason key compromise? A revocation cannot be undone, except certificateHold"
tui_keys Enter
expect_screen "Nothing was revoked."
expect_unchanged "$T/before" "Cancel in the confirmation"
# OK: the key needs its password.
tui_keys Enter
expect_screen "with the reason key compromise?"
tui_keys Left Enter
expect_screen "Password for Certificate Authority's Private Key file"
expect_screen "[ Finish ]"
tui_type "not the password"
expect_screen_lacks "not the password"
tui_keys Enter Enter
expect_screen "Wrong password for the Certificate Authority's private key file"
# (The failed unlock is audited; the certificates and CRLs stay as they were.)
expect_equal "certificates unchanged after the wrong password" "$(db "SELECT serial, revoked_at, revocation_reason, invalidity_date FROM cert")" "$certs_before"
expect_equal "no CRL after the wrong password" "$(db "SELECT count(*) FROM crl")" 0
expect_equal "not revoked after the wrong password" "$(db "SELECT count(*) FROM cert WHERE revoked_at IS NOT NULL")" 0
tui_type "$PASSWORD"
tui_keys Enter Enter
expect_screen_text "Certificate number $s2 revoked (reason key compromise). CRL number 1 generated."
expect_screen "Issued certificates: 2"
expect_screen_line "^ $s2 +CN=beta.* +revoked \(key compromise\)"
expect_equal "the database row" "$(db "SELECT serial||' '||revocation_reason||' '||date(invalidity_date,'unixepoch') FROM cert WHERE revoked_at IS NOT NULL")" \
	"$s2 1 2026-01-15"
run cert show "$s2"
expect_output_contains "revoked"
expect_output_contains "keyCompromise"
expect_exit 0 crl export "$T/crl1.pem" --pem
"$OPENSSL" crl -in "$T/crl1.pem" -noout -text >"$T/crl1.txt" 2>&1
check "the CRL lists serial $s2" grep -q "Serial Number: 0*$(printf '%X' "$s2")\$" "$T/crl1.txt"
check "the CRL says Key Compromise" grep -q "Key Compromise" "$T/crl1.txt"
check "the CRL has the invalidity date" grep -q "Jan 15 00:00:00 2026 GMT" "$T/crl1.txt"
check "CRL number 1" sh -c "grep -A1 'X509v3 CRL Number' '$T/crl1.txt' | grep -q '^ *1\$'"
# Revoked for good: r says so.
tui_keys r
expect_screen_text "Certificate number $s2 is already revoked."

# The key file away: the media must be mounted; nothing changes.
tui_keys Up r
expect_screen "Revoke certificate number $s1"
mv "$CADIR/$CAROOT.key" "$T/away.key"
tui_keys Tab Tab   # the reasons (one stop), the invalidity date: Revoke
expect_screen_line "\[ Revoke \]   \[ Back \]"
tui_keys Enter Left Enter
expect_screen_text "mount the media that holds it"
expect_screen_lacks "Password for Certificate Authority's Private Key file"
mv "$T/away.key" "$CADIR/$CAROOT.key"
expect_equal "alpha still valid" "$(db "SELECT count(*) FROM cert WHERE serial = $s1 AND revoked_at IS NULL")" 1
tui_keys Escape
expect_screen "Issued certificates: 2"

# Hold alpha, then release it.
tui_keys r
expect_screen "Revoke certificate number $s1"
tui_keys Down Down Down Down Down Down Space
expect_screen "(*) certificate hold (can be released)"
tui_keys Tab Tab   # the invalidity date, Revoke
tui_keys Enter
expect_screen "with the reason certificate hold?"
tui_keys Left Enter
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys Enter Enter
expect_screen_text "Certificate number $s1 revoked (reason certificate hold). CRL number 2 generated."
expect_screen_line "^ $s1 +CN=alpha.* +on hold"
expect_screen_line "r Revoke +u Release"
expect_equal "on hold in the database" "$(db "SELECT revocation_reason FROM cert WHERE serial = $s1")" 6
tui_keys u
expect_screen "Release the hold on certificate number $s1"
expect_screen "[ Release hold ]"
tui_keys Enter
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys Enter Enter
expect_screen_text "The hold on certificate number $s1 was released. CRL number 3 generated."
expect_screen_line "^ $s1 +CN=alpha.* +valid"
expect_equal "released in the database" "$(db "SELECT count(*) FROM cert WHERE serial = $s1 AND revoked_at IS NULL")" 1
expect_exit 0 crl export "$T/crl3.pem" --pem
"$OPENSSL" crl -in "$T/crl3.pem" -noout -text >"$T/crl3.txt" 2>&1
check "CRL 3 no longer lists $s1" sh -c "! grep -q 'Serial Number: 0*$(printf '%X' "$s1")\$' '$T/crl3.txt'"
check "CRL 3 still lists $s2" grep -q "Serial Number: 0*$(printf '%X' "$s2")\$" "$T/crl3.txt"

# Export alpha into a directory.
mkdir "$T/out"
tui_keys x
expect_screen "Export certificate number $s1"
tui_keys C-u
tui_type "$T/out"
tui_keys F2
expect_screen_text "Certificate number $s1 saved in file \"$T/out/alpha.cer\"."
expect_exit 0 cert get "$s1" --out "$T/alpha-cli.cer"
check "the exported file is the certificate" cmp -s "$T/out/alpha.cer" "$T/alpha-cli.cer"

# Into a directory that does not exist yet, with the chain file, named as
# ncpki cert export-all names it (and as cert get --chain does in a directory).
tui_keys x
expect_screen "Also FILENAME-chain.pem"
tui_keys C-u
tui_type "$T/out/new/deeper"
tui_keys Tab Space
expect_screen_line "\[x\] Also FILENAME-chain.pem"
tui_keys F2
expect_screen_text "Certificate number $s1 saved in files \"$T/out/new/deeper/alpha.cer\" and \"$T/out/new/deeper/alpha-chain.pem\"."
check "the exported certificate" cmp -s "$T/out/new/deeper/alpha.cer" "$T/alpha-cli.cer"
mkdir "$T/cli-dir"
expect_exit 0 cert get "$s1" --chain --out "$T/cli-dir"
check "cert get --chain names it the same in a directory" \
	cmp -s "$T/out/new/deeper/alpha-chain.pem" "$T/cli-dir/alpha-chain.pem"
expect_exit 0 server cert --out "$T/ca.pem"
check "the chain file verifies with openssl" \
	"$OPENSSL" verify -CAfile "$T/ca.pem" "$T/out/new/deeper/alpha-chain.pem"
check "the chain file ends with the CA's certificate" sh -c \
	"tail -n \$(wc -l <'$T/ca.pem') '$T/out/new/deeper/alpha-chain.pem' | cmp -s - '$T/ca.pem'"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
