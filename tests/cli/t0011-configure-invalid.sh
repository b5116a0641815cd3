#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0011: every bad configure input is refused with its specific message and
# exit 3, and leaves nothing behind: no file in the CA directory, the
# database unchanged.
. "$(dirname "$0")/lib.sh"

# Not configured yet (this also creates the empty data directory).
expect_exit 1 server show
expect_stderr_line "ncpki: error: The Certificate Authority server is not configured."
snapshot "$T/.snap0"

ESC=$(printf '\033')

# refused ERE ARGS...: configure with ARGS (plus a good default for anything
# not given) exits 3 with an error matching ERE and changes nothing.
refused() {
	_re=$1
	shift
	expect_exit 3 server configure "$@"
	expect_error_line
	expect_stderr_matches "$_re"
	checks=$((checks + 1))
	if grep -q "$ESC" "$ERR"; then fail "raw ESC byte on stderr"; else pass "no raw ESC byte on stderr"; fi
	expect_dir_empty "$CADIR"
	expect_unchanged "$T/.snap0" "after: ncpki server configure $*"
}

refused 'file name root "My CA" may contain only letters, digits, the hyphen and the underscore' \
	--root "My CA" --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$PWFILE"
refused 'file name root "a\.b"' \
	--root "a.b" --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$PWFILE"
refused 'file name root "\.\./x"' \
	--root "../x" --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$PWFILE"
refused 'file name root cannot be "cache"' \
	--root cache --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$PWFILE"
refused 'two-letter ISO 3166' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --country ZZ --key-type p256 --password-file "$PWFILE"
refused 'two-letter ISO 3166' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --country USA --key-type p256 --password-file "$PWFILE"

make_pwfile "$T/short.pw" "short"
refused 'at least 12 characters' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$T/short.pw"
: >"$T/empty.pw"
refused 'password' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$T/empty.pw"

refused 'at least one attribute' \
	--root MyCA --dir "$CADIR" --key-type p256 --password-file "$PWFILE"
refused 'at least one attribute' \
	--root MyCA --dir "$CADIR" --cn "" --org "" --key-type p256 --password-file "$PWFILE"
refused 'Common Name.*(control characters|escape)' \
	--root MyCA --dir "$CADIR" --cn "Evil ${ESC}[2J${ESC}[31mCA" --key-type p256 --password-file "$PWFILE"
refused 'Organization.*(control characters|escape)' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --org "$(printf 'Example\rCorp')" --key-type p256 --password-file "$PWFILE"
refused 'Organization.*UTF-8' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --org "$(printf 'Bad \377 Org')" --key-type p256 --password-file "$PWFILE"
refused '"CAMgr" is not a fully qualified email address' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --admin-email CAMgr --password-file "$PWFILE"
refused 'fully qualified email address' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --admin-email "a@b@example.com" --password-file "$PWFILE"
refused 'validity period' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --days 0 --password-file "$PWFILE"
refused 'validity period' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --ca-days 0 --password-file "$PWFILE"
refused 'validity period' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --days 36501 --password-file "$PWFILE"
refused 'SMTP server must be a host name' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --smtp-server "bad host!" --password-file "$PWFILE"

# Every error is printed, not just the first.
refused 'ISO 3166' \
	--root MyCA --dir "$CADIR" --cn "Test CA" --country ZZ --admin-email nobody \
	--days 0 --key-type p256 --password-file "$T/short.pw"
expect_stderr_matches 'fully qualified email address'
expect_stderr_matches 'at least 12 characters'
expect_stderr_matches 'validity period'
n=$(grep -c '^ncpki: error: ' "$ERR")
checks=$((checks + 1))
if [ "$n" -ge 4 ]; then pass "four errors, four lines"; else fail "expected 4 error lines, got $n"; fi

# An unknown key type and a non-number are usage errors.
expect_exit 2 server configure --root MyCA --dir "$CADIR" --cn "Test CA" --key-type rsa1024 --password-file "$PWFILE"
expect_error_line
expect_dir_empty "$CADIR"
expect_exit 2 server configure --root MyCA --dir "$CADIR" --cn "Test CA" --days ten --password-file "$PWFILE"
expect_error_line
expect_unchanged "$T/.snap0" "after usage errors"

# A password file that cannot be read.
expect_exit 1 server configure --root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256 --password-file "$T/no-such-file"
expect_error_line
expect_dir_empty "$CADIR"

# No terminal and no password option: a usage error, nothing created.
expect_exit 2 server configure --root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256
expect_error_line
expect_unchanged "$T/.snap0" "no terminal for the password"
expect_dir_empty "$CADIR"

# On a terminal, the password is asked twice; a mismatch is refused.
pty_run "$T/pty.out" \
	"Password to Certificate Authority's Private Key file: " "first password" \
	"Confirm password: " "second password" \
	-- "$NCPKI" server configure --root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256
if [ "$rc" -eq 77 ]; then
	say "# python3 not found: the terminal mismatch check is skipped"
else
	expect_equal "exit status for mismatched passwords" "$rc" 3
	check "\"Passwords do not match.\" is shown" grep -q "ncpki: error: Passwords do not match\." "$T/pty.out"
	check "the password is not echoed" sh -c "! grep -q 'first password' '$T/pty.out'"
	expect_dir_empty "$CADIR"
	expect_unchanged "$T/.snap0" "mismatched passwords"

	# and the same passwords twice work
	pty_run "$T/pty2.out" \
		"Password to Certificate Authority's Private Key file: " "$PASSWORD" \
		"Confirm password: " "$PASSWORD" \
		-- "$NCPKI" server configure --root MyCA --dir "$CADIR" --cn "Test CA" --key-type p256
	expect_equal "exit status for matching passwords on a terminal" "$rc" 0
	check "configured from the terminal" grep -q "Certificate Authority server successfully configured." "$T/pty2.out"
	check "the key decrypts with the typed password" \
		"$OPENSSL" pkey -in "$CADIR/MyCA.key" -passin "file:$PWFILE" -noout
fi

finish
