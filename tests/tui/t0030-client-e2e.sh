#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0030-client-e2e: the three client screens against a running ncpkid on
# loopback. The client (its own data directory) is configured through the
# form, gets and pins the CA certificate after its fingerprints are shown,
# and submits a request with an encrypted key (a bad country and a bad
# SAN are both marked at once, before any key is made); the server's console then
# processes it as Code signing (check box, password) into certificate 2
# (1 is ncpkid's own); back on the client,
# the Get screen lists it (filter, "Show Certificates for This Instance")
# and g saves it; openssl verifies the file against the pinned CA. A new
# port in the client's form asks before it drops the pinned CA.
. "${top_srcdir:-.}/tests/tui/lib.sh"

NCPKID=${NCPKID:-$(dirname "$NCPKI")/ncpkid}
[ -x "$NCPKID" ] || skip_all "ncpkid is not built"
SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

SERVER_HOME=$NCPKI_HOME

# ------------------------------------------------------------ the service
configure_ca || finish
"$NCPKI" --home "$SERVER_HOME" service setup --hostname localhost --ip 127.0.0.1 \
	--password-file "$PWFILE" >"$T/setup.out" 2>&1 || { fail "ncpki service setup"; cat "$T/setup.out"; finish; }
start_daemon || finish

# ------------------------------------------- configure the client (form)
NCPKI_HOME=$CH tui_start
expect_screen "CA client: not configured"
tui_keys Down Down Down Down Enter
expect_screen "Configure local Certificate Authority client"
expect_screen_line "^  Server hostname \* +\[ +\]"
expect_screen_line "^  WebServer port number \* +\[8443 +\]"
expect_screen_line "^  Server path \* +\[/ncpki/v1 +\]"
tui_type localhost
tui_keys Tab C-u
tui_type "$port"
tui_keys Tab Tab
tui_type "Jane Doe"
tui_keys Tab
tui_type "+1 617 555 0100"
tui_keys Tab
tui_type jane@example.com
tui_keys Tab C-u
tui_type IRIS1
tui_keys Tab Enter
expect_screen_text "Certificate Authority client successfully configured."
expect_screen "CA client: on"
expect_equal "client_config row" \
	"$("$SQL" -readonly "$CH/ncpki.db" "SELECT server_host||'|'||server_port||'|'||contact_name||'|'||contact_phone||'|'||contact_email||'|'||instance FROM client_config")" \
	"localhost|$port|Jane Doe|+1 617 555 0100|jane@example.com|IRIS1"

# ------------------------------------- first contact: get the CA certificate
ca_sha1=$(fp_groups "$(sha1_of "$CADIR/$CAROOT.cer")")
ca_sha256=$(fp_groups "$(sha256_of "$CADIR/$CAROOT.cer")")
tui_keys Up Enter
expect_screen "Get Certificate(s) from Certificate Authority server"
expect_screen "First contact"
expect_screen "[ Get Certificate Authority Certificate ]"
tui_keys Enter
expect_screen "Confirm the Certificate Authority certificate"
expect_screen "$ca_sha1"
expect_screen_text "$ca_sha256"
expect_screen_text "administrator read out to you?"
expect_no_file "$CH/client/$CAROOT.cer"
# Cancel (the default) saves nothing.
tui_keys Enter
expect_screen "The Certificate Authority certificate was not saved."
expect_no_file "$CH/client/$CAROOT.cer"
tui_keys Enter
expect_screen "Confirm the Certificate Authority certificate"
tui_keys Left Enter
expect_screen_text "Certificate Authority Certificate (SHA-1 Fingerprint: $ca_sha1) saved in file \"$CH/client/$CAROOT.cer\""
check "the pinned file is the CA certificate" cmp -s "$CH/client/$CAROOT.cer" "$CADIR/$CAROOT.cer"
expect_equal "pinned SHA-256" \
	"$("$SQL" -readonly "$CH/ncpki.db" "SELECT ca_file_root||' '||ca_sha256 FROM client_config")" \
	"$CAROOT $(sha256_of "$CADIR/$CAROOT.cer")"
# The list: the client's technical contact has no certificate yet;
# ncpkid's own (serial 1, from ncpki service setup) is not the contact's, and
# the service lists by contact (issue 14).
tui_keys Enter
expect_screen "Issued certificates: 0"
expect_screen "No issued certificates."
tui_keys Escape
expect_screen "F10 Quit"

# ----------------------------------------------------- submit a request
tui_keys Up Enter
expect_screen "Submit Certificate Signing Request to Certificate Authority server"
tui_type signer
tui_keys Tab
tui_type "client key password"
tui_keys Tab
tui_type "client key password"
expect_screen_lacks "client key password"
tui_keys Tab
tui_type U1
tui_keys Tab Tab Tab
tui_type "Example Corporation"
tui_keys Tab Tab
tui_type "Code Signer"
tui_keys Tab Down Down Space
expect_screen "(*) EC P-256"
tui_keys Tab
tui_type "DNS:signer.example.com, FOO:bar"
tui_keys Tab Enter
# Every field at fault at once, the SANs included, and no key made.
expect_screen "Nothing was saved: correct the fields marked beside them."
expect_screen_line "^  Country \\(two letters\\) +\\[U1 "
expect_screen "Country must be a two-letter ISO 3166"
expect_screen "\"FOO:bar\" is not a subjectAltName"
expect_no_file "$CH/client/signer.key"
# The country has the focus.
tui_keys C-u
tui_type US
tui_keys Tab Tab Tab Tab Tab Tab Tab C-u
tui_type "DNS:signer.example.com, IP:192.0.2.7"
tui_keys Tab
expect_screen_line "\[ Save \] +\[ Cancel \]"
tui_keys Enter
expect_screen "Certificate Signing Request submitted"
req_sha1=$(fp_groups "$(csr_fp "$CH/client/signer.csr")")
expect_screen_text "SHA-1 Fingerprint: $req_sha1, Certificate Signing Request \"signer\" successfully submitted to the Certificate Authority at instance $CAROOT on node ca-node.example.com"
expect_file "$CH/client/signer.key"
expect_mode 600 "$CH/client/signer.key"
check "the key is encrypted" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$CH/client/signer.key"
printf '%s\n' "client key password" >"$T/key.pw"
check "the key opens with its password" \
	"$OPENSSL" pkey -in "$CH/client/signer.key" -passin "file:$T/key.pw" -noout
tui_keys Enter
expect_screen_text "SHA-1 Fingerprint: $req_sha1, Certificate Signing Request \"signer\" successfully submitted"
run csr list --json
expect_output_contains "\"signer\""
expect_equal "pending at the CA" \
	"$("$SQL" -readonly "$SERVER_HOME/ncpki.db" "SELECT file_root||'|'||instance||'|'||contact_name FROM csr")" \
	"signer|IRIS1|Jane Doe"
tui_quit

# ------------------------------------- the CA processes it as Code signing
NCPKI_HOME=$SERVER_HOME tui_restart
expect_screen "1 pending"
tui_keys Down Enter
expect_screen_line "signer +Code Signer"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"signer\""
expect_screen "$req_sha1"
expect_screen_line "^  Contact +Jane Doe, \+1 617 555 0100, jane@example.com"
tui_keys Down Down Space
expect_screen "(*) Code signing"
tui_keys Tab Tab Tab Space
expect_screen "[x] I have verified"
tui_keys Tab Enter
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys Enter Enter
expect_screen "Certificate number 2 issued for Certificate Signing Request \"signer\""
tui_keys Escape
expect_screen "F10 Quit"
tui_quit

# --------------------------------------------------- the client gets it
NCPKI_HOME=$CH tui_restart
expect_screen "CA client: on"
tui_keys Down Down Down Enter
expect_screen "Issued certificates: 1"
expect_screen_line "^ +Serial +Hostname +Instance +Filename"
expect_screen_line "^ +2 .* IRIS1 +signer"
expect_screen "g Get"
tui_keys /
tui_type nomatch
expect_screen "No certificate matches the filter."
tui_keys C-u
tui_type IRIS
tui_keys Enter
expect_screen "Filter: IRIS"
expect_screen_line "^ +2 .* IRIS1 +signer"
tui_keys Tab Tab Enter
expect_screen "Certificates for this instance (IRIS1): 1"
expect_screen_line "^ +Serial Number +Filename"
expect_screen_line "^ +2 +signer"
expect_screen_lacks "Hostname"
tui_keys Tab g
# the file's fingerprint once the console says it saved it (not before:
# the download may still be on its way when the key is sent)
expect_screen "Certificate saved"
expect_screen_text "Certificate number 2 (SHA-1 Fingerprint: $(fp_groups "$(sha1_of "$CH/client/signer.cer" 2>/dev/null)")) saved in file \"$CH/client/signer.cer\""
check "openssl verify -CAfile the pinned CA" \
	"$OPENSSL" verify -CAfile "$CH/client/$CAROOT.cer" "$CH/client/signer.cer"
"$OPENSSL" x509 -in "$CH/client/signer.cer" -noout -text >"$T/signer.txt" 2>&1
check "Extended Key Usage: Code Signing" \
	sh -c "grep -A1 'X509v3 Extended Key Usage' '$T/signer.txt' | grep -q 'Code Signing'"
check "the chain file" test "$(grep -c 'BEGIN CERTIFICATE' "$CH/client/signer-chain.pem")" -eq 2
tui_keys Enter
# Getting it again asks before replacing the files.
tui_keys g
expect_screen "already exist. Replace them?"
tui_keys Escape
expect_screen "Nothing was replaced."
tui_keys Escape Escape
expect_screen "F10 Quit"

# ------------------------- a new port drops the pinned CA: asked first
pinned() { "$SQL" -readonly "$CH/ncpki.db" "SELECT ca_sha256 <> '' FROM client_config"; }
expect_equal "pinned before" "$(pinned)" 1
tui_keys Home Down Down Down Down Enter
expect_screen "Configure local Certificate Authority client"
tui_keys Tab C-u
tui_type 8444
tui_keys Tab Tab Tab Tab Tab Tab Enter
expect_screen "localhost:$port is dropped when the server changes"
tui_keys Escape
expect_screen "Nothing was saved."
expect_equal "the port kept" "$("$SQL" -readonly "$CH/ncpki.db" "SELECT server_port FROM client_config")" "$port"
expect_equal "still pinned after Cancel" "$(pinned)" 1
tui_keys Escape
expect_screen "This form has input that is not saved."
tui_keys Left Enter
expect_screen "F10 Quit"
# The same server with another contact: no question, the pin stays.
tui_keys Enter
expect_screen "Configure local Certificate Authority client"
tui_keys Tab Tab Tab C-u
tui_type "Jane Doe Jr"
tui_keys Tab Tab Tab Tab Enter
expect_screen_text "Certificate Authority client successfully configured."
expect_equal "contact changed" "$("$SQL" -readonly "$CH/ncpki.db" "SELECT contact_name FROM client_config")" "Jane Doe Jr"
expect_equal "still pinned, same server" "$(pinned)" 1
# OK drops it.
tui_keys Enter
expect_screen "Configure local Certificate Authority client"
tui_keys Tab C-u
tui_type 8444
tui_keys Tab Tab Tab Tab Tab Tab Enter
expect_screen "is dropped when the server changes"
tui_keys Left Enter
expect_screen_text "Certificate Authority client successfully configured."
expect_equal "the new port" "$("$SQL" -readonly "$CH/ncpki.db" "SELECT server_port FROM client_config")" 8444
expect_equal "not pinned any more" "$(pinned)" 0
tui_quit
finish
