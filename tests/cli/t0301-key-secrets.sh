#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0301: the CA key's secrecy (issue 6): ncpki refuses a CA key file that
# other users can read or write, and a key directory they can write, saying
# why and changing nothing; the key file it makes is 0600 in a 0700
# directory; the password never reaches the database or the files; and the
# issuing path leaks nothing under valgrind --leak-check=full (when valgrind
# is installed and ncpki is not built with AddressSanitizer, which does its
# own leak check in every other test).
. "$(dirname "$0")/lib.sh"

configure_ca
expect_mode 600 "$CADIR/$CAROOT.key"
expect_mode 700 "$CADIR"
make_csr web
import_csr web
web_id=$csr_id
snapshot "$T/snap0"

for mode in 640 604 660 606; do
	chmod "$mode" "$CADIR/$CAROOT.key"
	snapshot "$T/snap1"
	expect_exit 3 csr process "$web_id" --usage tls --password-file "$PWFILE" --yes
	expect_stderr_contains "can be used by other users (mode 0$mode): ncpki will not use it"
	expect_stderr_contains "chmod 600 $CADIR/$CAROOT.key"
	expect_unchanged "$T/snap1" "key mode $mode refused"
done
chmod 600 "$CADIR/$CAROOT.key"

chmod 777 "$CADIR"
snapshot "$T/snap1"
expect_exit 3 csr process "$web_id" --usage tls --password-file "$PWFILE" --yes
expect_stderr_contains "The Certificate Authority's directory \"$CADIR\" can be written by other users (mode 0777): make it private with \"chmod go-w $CADIR\""
expect_unchanged "$T/snap1" "writable key directory refused"
chmod 700 "$CADIR"
expect_unchanged "$T/snap0" "nothing changed by the refusals"

# A 0600 key in a 0700 directory: issued.
issue_csr "$web_id" tls
expect_exit 0 cert get "$serial" --out "$T/web.cer"
check "the issued certificate verifies" \
	"$OPENSSL" verify -CAfile "$CADIR/$CAROOT.cer" "$T/web.cer"

# The password is nowhere in the database or the data directory.
pw=$(head -n 1 "$PWFILE")
check "the password is not in the database or data files" \
	sh -c "! grep -rqF -- '$pw' '$NCPKI_HOME' '$CADIR'"

# valgrind over the issuing path
if ! command -v valgrind >/dev/null 2>&1; then
	say "# valgrind is not installed: leak check skipped"
elif nm "$NCPKI" 2>/dev/null | grep -q __asan_init ||
     ldd "$NCPKI" 2>/dev/null | grep -q libasan; then
	say "# ncpki is built with AddressSanitizer (its leak checker ran): valgrind skipped"
else
	make_csr vg
	import_csr vg
	run_vg() {
		valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
			--log-file="$T/valgrind.log" "$NCPKI" "$@" >"$OUT" 2>"$ERR"
		rc=$?
	}
	run_vg csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
	checks=$((checks + 1))
	if [ "$rc" -eq 0 ] && grep -q "^Certificate number" "$OUT"; then
		pass "valgrind: issuance clean (no definite or indirect leak, no error)"
	else
		fail "valgrind: issuance exit $rc"
		sed -n '1,40p' "$T/valgrind.log"
	fi
fi

finish
