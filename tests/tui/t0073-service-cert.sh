#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0073-service-cert: the web service's TLS certificate in the console
# (issue 16), under Maintenance: none at first (the page says ncpkid cannot
# start); a bad host name and a bad address are marked beside their fields
# at once, before the CA key is asked for; Set Up with the CA key's
# password (a wrong one refused) makes the pair, which openssl verifies
# against the CA with the names typed, and ncpkid serves it; the page then
# shows the certificate and its names; Renew replaces key and certificate
# together.
. "${top_srcdir:-.}/tests/tui/lib.sh"

NCPKID=${NCPKID:-$(dirname "$NCPKI")/ncpkid}
[ -x "$NCPKID" ] || skip_all "ncpkid is not built"

configure_ca || finish
SVC=$NCPKI_HOME/ncpkid

tui_start
tui_keys End Enter
expect_screen "Web service certificate (set up, renew)"
tui_keys Down Down Down Enter
expect_screen_line "^ Web service certificate"
expect_screen_text "The web service has no TLS certificate yet: ncpkid cannot start."
expect_screen "[ Set Up ]"

# Two faults at once, nothing asked, nothing made.
tui_type "bad_host! localhost"
tui_keys Tab
tui_type "127.0.0.1 300.1.1.1"
tui_keys F2
expect_beside "^  Host names \(the first is the CN\) \* +\[bad_host" "bad_host!"
expect_beside "^  IP addresses +\[127" "\"300.1.1.1\" is not an IP address."
expect_screen_lacks "Password for Certificate Authority's Private Key file"
check "nothing was made" test ! -e "$SVC/ncpkid.cer"

tui_keys C-u
tui_type "ca.example.test localhost"
tui_keys Tab C-u
tui_type "127.0.0.1"
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "not the password"
tui_keys F2
expect_screen "Wrong password for the Certificate Authority's private key file"
check "still nothing made" test ! -e "$SVC/ncpkid.cer"
tui_type "$PASSWORD"
tui_keys F2
expect_screen_text "The web service's TLS certificate was created: certificate number 1. Start ncpkid to serve it."
expect_screen_line "^  Certificate number +1$"
expect_screen_line "^  Subject +CN=ca\.example\.test"
expect_beside "^  Alternative names +DNS:ca\.example\.test, DNS:localhost," "IP:127.0.0.1"
expect_screen_line "Host names \(the first is the CN\) \* +\[ca\.example\.test localhost"
expect_screen "F2 Renew"

cer=$SVC/ncpkid.cer
check "openssl verifies it against the CA" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/$CAROOT.cer" -purpose sslserver "$cer"
"$OPENSSL" x509 -in "$cer" -noout -ext subjectAltName >"$T/san.txt" 2>&1
check "its names" grep -q "DNS:ca.example.test, DNS:localhost, IP Address:127.0.0.1" "$T/san.txt"
check "the key is the certificate's" sh -c \
	"[ \"\$('$OPENSSL' x509 -in '$cer' -noout -pubkey)\" = \"\$('$OPENSSL' pkey -in '$SVC/ncpkid.key' -pubout)\" ]"
expect_equal "the key's mode" "$(stat -L -c %a "$SVC/ncpkid.key")" 600
fp1=$("$OPENSSL" x509 -in "$cer" -noout -fingerprint -sha256)
key1=$("$OPENSSL" pkey -in "$SVC/ncpkid.key" -pubout)

# ncpkid serves it.
start_daemon || finish
"$OPENSSL" s_client -connect "127.0.0.1:$port" -CAfile "$CADIR/$CAROOT.cer" \
	-verify_return_error -verify_hostname localhost </dev/null >"$T/s_client.txt" 2>&1
check "ncpkid serves it, verified for localhost" grep -q "Verify return code: 0 (ok)" "$T/s_client.txt"
stop_daemon

# Renew: a new certificate and a new key, as one pair.
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys F2
expect_screen_text "The web service's TLS certificate was renewed: certificate number 2. Restart ncpkid to serve it."
expect_screen_line "^  Certificate number +2$"
check "a new certificate" sh -c "[ \"\$('$OPENSSL' x509 -in '$cer' -noout -fingerprint -sha256)\" != '$fp1' ]"
check "a new key" sh -c "[ \"\$('$OPENSSL' pkey -in '$SVC/ncpkid.key' -pubout)\" != '$key1' ]"
check "the new key is the new certificate's" sh -c \
	"[ \"\$('$OPENSSL' x509 -in '$cer' -noout -pubkey)\" = \"\$('$OPENSSL' pkey -in '$SVC/ncpkid.key' -pubout)\" ]"

tui_keys Escape
expect_screen "Certificate Authority Server: maintenance"
tui_keys Escape
tui_quit
finish
