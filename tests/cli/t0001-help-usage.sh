#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0001: --help and --version, and usage errors exit 2 with an error line.
. "$(dirname "$0")/lib.sh"

expect_exit 0 --version
expect_output_line "ncpki 0.1.0"

expect_exit 0 --help
expect_output_contains "server"
expect_output_contains "csr"
expect_output_contains "cert"
checks=$((checks + 1))
if [ -s "$ERR" ]; then fail "--help wrote to stderr"; else pass "--help writes nothing to stderr"; fi

# --help on every command and subcommand prints usage on stdout, exit 0.
for c in "server" "server configure" "server show" "server cert" "server reinit" \
	"csr" "csr import" "csr list" "csr show" "csr delete" "csr process" \
	"cert" "cert list" "cert show" "cert get" "service" "service setup"; do
	# shellcheck disable=SC2086
	expect_exit 0 $c --help
	checks=$((checks + 1))
	if [ -s "$OUT" ]; then pass "ncpki $c --help prints usage"; else fail "ncpki $c --help printed nothing on stdout"; fi
done
expect_exit 0 server configure --help
expect_output_contains "--root"
expect_output_contains "--dir"
expect_output_contains "--password-file"
expect_exit 0 csr process --help
expect_output_contains "--usage"
expect_exit 0 --help
expect_output_contains "service"
expect_exit 0 service setup --help
expect_output_contains "--hostname"
expect_output_contains "--password-fd"

# "ncpki help GROUP [COMMAND]" says what --help says there.
expect_exit 0 server configure --help
cp "$OUT" "$T/help1"
expect_exit 0 help server configure
checks=$((checks + 1))
if cmp -s "$OUT" "$T/help1"; then pass "help server configure = server configure --help"
else fail "help server configure differs from server configure --help"; fi
expect_exit 0 help csr
expect_output_contains "process"
expect_exit 0 help check
expect_output_contains "Usage: ncpki [--home DIR] check"
expect_exit 2 help frobnicate
expect_error_line
expect_exit 2 help server frobnicate
expect_error_line

# Usage errors: exit 2, "ncpki: error: ..." on stderr, nothing on stdout.
usage_error() {
	expect_exit 2 "$@"
	expect_error_line
}
usage_error frobnicate
usage_error server frobnicate
usage_error csr frobnicate
usage_error cert frobnicate
usage_error --no-such-option
usage_error server show --no-such-option
usage_error csr list --bogus
# missing required options and arguments
usage_error server configure
usage_error server configure --root MyCA
usage_error server configure --dir "$T/ca"
usage_error csr import
usage_error csr show
usage_error csr delete
usage_error csr process 1 --yes
usage_error csr process --usage tls
usage_error cert get
usage_error cert show
usage_error service setup
usage_error service setup --hostname localhost --ip not-an-address
# an option missing its value
usage_error server configure --root
# the rules of the option tables, with the same messages as before them
usage_error server configure --dir "$T/ca"
expect_stderr_contains "the option --root is required (try 'ncpki server configure --help')"
usage_error crl generate --password-file "$T/pw" --password-fd 0
expect_stderr_contains "give --password-file or --password-fd, not both"
usage_error client submit --root r --password-fd 0 --no-password
expect_stderr_contains "give only one of --password-file, --password-fd and --no-password"
usage_error cert get 1 --no-root
expect_stderr_contains "--no-root goes with --chain"
usage_error crl generate --password-fd x
expect_stderr_contains "--password-fd: 'x' is not a file descriptor"
usage_error cert list --serial 0
expect_stderr_contains "--serial: '0' is not a serial number"
usage_error audit list --limit 0
expect_stderr_contains "--limit: give a number from 1 to 1000000"
usage_error check --bogus
expect_stderr_contains "(try 'ncpki check --help')"
usage_error service setup --ip 192.0.2.1
expect_stderr_contains "at least one --hostname is required"
# -y is --yes for client get-ca too, as ncpki(1) says: here it gets as far
# as the missing client configuration.
expect_exit 1 client get-ca -y
expect_stderr_contains "ncpki client configure"

# None of this created a CA.
expect_no_file "$T/ca"

# Without a terminal, plain `ncpki` (the console) says so and exits 1.
expect_exit 1
expect_stderr_contains "The console needs a terminal"

finish
