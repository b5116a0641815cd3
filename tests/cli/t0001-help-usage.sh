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

# None of this created a CA.
expect_no_file "$T/ca"

# Without a terminal, plain `ncpki` (the console) says so and exits 1.
expect_exit 1
expect_stderr_contains "The console needs a terminal"

finish
