# SPDX-License-Identifier: GPL-3.0-or-later
# ocsp-lib.sh: what the OCSP scripts (tests/http/t012x-*.sh) add to lib.sh:
# checks on the text a command (openssl ocsp) left in a file of $T.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# ocsp OUT ARGS...: openssl ocsp against the running service; output in $T/OUT.
ocsp() {
	_o=$1
	shift
	"$OPENSSL" ocsp -issuer "$CACERT" -url "$BASE/ocsp" -CAfile "$CACERT" "$@" \
		>"$T/$_o" 2>&1
}

# ocsp_leaf: a service whose CA numbers by counter (openssl ocsp -serial
# asks by the counter's serial numbers: the guide's counter, an explicit
# choice since issue 14, where a new CA is random; t0136 covers random
# serials), a TLS certificate for a request "leaf" (its serial in $leaf) and
# the OCSP signer set up; ncpkid is not started.
ocsp_leaf() {
	setup_service --serial-mode counter
	make_csr leaf
	import_csr leaf
	issue_csr "$csr_id" tls
	leaf=$serial
	expect_exit 0 ocsp setup --password-file "$PWFILE"
}

# expect_in FILE TEXT WHAT: $T/FILE has a line containing TEXT.
expect_in() { verdict "$3" "$3: no '$2' in:" found "$T/$1" -F -e "$2" || sed -n '1,30p' "$T/$1"; }

# expect_not_in FILE TEXT WHAT: no line of $T/FILE contains TEXT.
expect_not_in() {
	verdict "$3" "$3: '$2' in:" not found "$T/$1" -F -e "$2" || sed -n '1,30p' "$T/$1"
}
