#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0115: a file name root that begins with a hyphen ("-rf") is refused
# wherever one is given (server configure --root, csr import --root and a
# root taken from the request's file name), exit 3 with its own message and
# nothing stored: files named "-rf.key" would be read as options by
# openssl, ls or rm.
. "$(dirname "$0")/lib.sh"

HYPHEN='file name root "-[a-z-]*" cannot begin with a hyphen'

# server configure: no file in the CA directory, no configuration.
expect_exit 1 server show   # (this creates the empty data directory)
snapshot "$T/.snap0"
expect_exit 3 server configure --root=-rf --dir "$CADIR" --cn "Test CA" --key-type p256 \
	--password-file "$PWFILE"
expect_error_line
expect_stderr_matches "$HYPHEN"
expect_dir_empty "$CADIR"
expect_unchanged "$T/.snap0" "server configure --root=-rf"
expect_exit 1 server show
expect_stderr_contains "not configured"

configure_ca
make_csr web "/C=US/O=Example Corporation/CN=web.example.com" "DNS:web.example.com"
cp "$T/web.csr" "$T/-rf.csr"
snapshot "$T/.snap1"

# csr import: the root from the file name, then from --root.
expect_exit 3 csr import "$T/-rf.csr" --contact-name "Jane Doe"
expect_error_line
expect_stderr_matches "$HYPHEN"
expect_unchanged "$T/.snap1" "csr import -rf.csr"
expect_exit 3 csr import "$T/web.csr" --root=--help --contact-name "Jane Doe"
expect_error_line
expect_stderr_matches 'file name root "--help" cannot begin with a hyphen'
expect_unchanged "$T/.snap1" "csr import --root=--help"
expect_exit 0 csr list
expect_output_lacks "rf"

# A hyphen elsewhere is fine.
expect_exit 0 csr import "$T/web.csr" --root web-1 --contact-name "Jane Doe"
expect_output_matches '^Certificate Signing Request "web-1" received as request [0-9]+\.$'

finish
