# SPDX-License-Identifier: GPL-3.0-or-later
# ocsp-lib.sh: what the OCSP scripts (tests/http/t012x-*.sh) add to lib.sh:
# checks on the text a command (openssl ocsp) left in a file of $T.

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# expect_in FILE TEXT WHAT: $T/FILE has a line containing TEXT.
expect_in() {
	checks=$((checks + 1))
	if grep -F -e "$2" "$T/$1" >/dev/null 2>&1; then
		pass "$3"
	else
		fail "$3: no '$2' in:"
		sed -n '1,30p' "$T/$1"
	fi
}

# expect_not_in FILE TEXT WHAT: no line of $T/FILE contains TEXT.
expect_not_in() {
	checks=$((checks + 1))
	if grep -F -e "$2" "$T/$1" >/dev/null 2>&1; then
		fail "$3: '$2' in:"
		sed -n '1,30p' "$T/$1"
	else
		pass "$3"
	fi
}
