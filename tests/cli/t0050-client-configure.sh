#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0050: "ncpki client configure" and "show": the guide's message, each
# field's check (nothing stored when one is bad), the defaults, and every
# network command refusing to run before a CA certificate is pinned.
. "$(dirname "$0")/lib.sh"

expect_exit 0 client --help
expect_output_contains "get-ca"
expect_exit 0 client submit --help
expect_output_contains "--no-password"

# Not configured yet.
expect_exit 1 client show
expect_stderr_contains "not configured"
expect_exit 1 client get-ca --yes
expect_stderr_contains "ncpki client configure"

# Usage errors and rejected fields: nothing stored.
expect_exit 2 client configure --contact-name "Jane Doe"
expect_exit 2 client configure --host ca.example.com
expect_exit 2 client configure --host ca.example.com --contact-name J --port 70000
expect_exit 2 client configure --host ca.example.com --contact-name J --port x
expect_exit 3 client configure --host "bad host" --contact-name "Jane Doe"
expect_error_line
expect_exit 3 client configure --host ca.example.com --contact-name "Jane Doe" --path ncpki
expect_exit 3 client configure --host ca.example.com --contact-name "Jane Doe" --path "/a/../b"
expect_exit 3 client configure --host ca.example.com --contact-name "Jane Doe" --contact-email nope
expect_exit 3 client configure --host ca.example.com --contact-name "Jane Doe" --contact-phone "call me"
expect_exit 3 client configure --host ca.example.com --contact-name "Jane Doe" --instance "two words"
expect_exit 3 client configure --host ca.example.com --contact-name "$(printf 'x\033[2J')"
expect_exit 1 client show

# A good configuration.
expect_exit 0 client configure --host ca.example.com --contact-name "Jane Doe" \
	--contact-phone "+1 617 555 0100" --contact-email jane@example.com --instance IRIS1
expect_output_line "Certificate Authority client successfully configured."
expect_exit 0 client show
expect_output_matches '^Server hostname: +ca\.example\.com$'
expect_output_matches '^Server port: +8443$'
expect_output_matches '^Server path: +/ncpki/v1$'
expect_output_matches '^Instance: +IRIS1$'
expect_output_matches "^Directory: +$NCPKI_HOME/client\$"
expect_output_contains "not pinned yet"
if have_python3; then
	run client show --json
	check "show --json is an object with the fields" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["server_host"] == "ca.example.com" and o["server_port"] == 8443
assert o["contact_email"] == "jane@example.com" and o["ca_sha256"] == ""
' "$OUT"
fi

# IP literals, other port and path; the instance defaults to the host name.
expect_exit 0 client configure --host 192.0.2.7 --port 9443 --path /pki/v2 --contact-name "Jane Doe"
expect_exit 0 client configure --host ::1 --port 9443 --contact-name "Jane Doe"
run client show
expect_output_matches "^Instance: +$(hostname)\$"

# Nothing goes out before a CA is pinned, and no key is made.
expect_exit 1 client list
expect_stderr_contains "get the CA certificate first"
expect_exit 1 client get 1
expect_stderr_contains "get the CA certificate first"
expect_exit 1 client submit --root web --cn web.example.com --no-password
expect_stderr_contains "get the CA certificate first"
expect_no_file "$NCPKI_HOME/client/web.key"
expect_exit 1 client resubmit --root web
expect_exit 2 client submit --cn web.example.com --no-password
expect_exit 2 client submit --root web --no-password --password-file "$PWFILE"
# No terminal to ask for the key's password, and no option saying how.
expect_exit 2 client submit --root web --cn web.example.com
expect_stderr_contains "--no-password"
expect_exit 2 client get notanumber

finish
