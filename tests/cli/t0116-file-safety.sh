#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0116: the files ncpki is given (issue 14). A data directory or a CA
# directory that other users can write, or that another user owns, is
# refused with its path and the fix; so is a password file others can read
# (by every command, service setup too), and nothing is written. `csr
# import DIR` opens no symbolic link, FIFO or device and never shows a
# file's contents in an error. An export gives certificates that would
# share a file name distinct names, and says so.
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------- data directory
mkdir "$T/open-home"
chmod 0775 "$T/open-home"
NCPKI_HOME=$T/open-home expect_exit 1 server show
expect_stderr_contains "The data directory \"$T/open-home\" can be written by other users (mode 0775)"
expect_stderr_contains "chmod go-w $T/open-home"
expect_no_file "$T/open-home/ncpki.db"
chmod 0755 "$T/open-home"
NCPKI_HOME=$T/open-home expect_exit 0 csr list
expect_file "$T/open-home/ncpki.db"

if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 0700 "$T/their-home"
	chown 65534 "$T/their-home"
	NCPKI_HOME=$T/their-home expect_exit 1 csr list
	expect_stderr_contains "The data directory \"$T/their-home\" belongs to another user (uid 65534)"
	expect_stderr_contains "chown 0 $T/their-home"
	expect_no_file "$T/their-home/ncpki.db"
else
	say "# not root: a directory of another user cannot be made here"
fi

# ---------------------------------------------------------- password files
(umask 022 && printf '%s\n' "$PASSWORD" >"$T/open.pw")
expect_exit 3 server configure --root "$CAROOT" --dir "$CADIR" --cn "Test CA" \
	--country US --org "Example Corporation" --key-type p256 --password-file "$T/open.pw"
expect_stderr_contains "The password file \"$T/open.pw\" can be read or written by other users (mode 0644)"
expect_stderr_contains "chmod 600 $T/open.pw"
expect_no_file "$CADIR/$CAROOT.key"
chmod 0640 "$T/open.pw"
expect_exit 3 server configure --root "$CAROOT" --dir "$CADIR" --cn "Test CA" \
	--country US --org "Example Corporation" --key-type p256 --password-file "$T/open.pw"
expect_stderr_contains "(mode 0640)"
expect_no_file "$CADIR/$CAROOT.key"

# ------------------------------------------------------------ CA directory
mkdir -p "$CADIR"
chmod 0777 "$CADIR"
expect_exit 1 server configure --root "$CAROOT" --dir "$CADIR" --cn "Test CA" \
	--country US --org "Example Corporation" --key-type p256 --password-file "$PWFILE"
expect_stderr_contains "The Certificate Authority's directory \"$CADIR\" can be written by other users (mode 0777)"
expect_no_file "$CADIR/$CAROOT.key"
chmod 0700 "$CADIR"
# A password given on a pipe has no mode to judge.
cat "$PWFILE" | $NOTTY "$NCPKI" server configure --root "$CAROOT" --dir "$CADIR" \
	--cn "Test CA" --country US --org "Example Corporation" --key-type p256 \
	--password-file /dev/stdin >"$OUT" 2>"$ERR"
expect_equal "configure with the password on a pipe" "$?" 0
expect_file "$CADIR/$CAROOT.key"

make_csr one
import_csr one
chmod 0770 "$CADIR"
expect_exit 3 csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
expect_stderr_contains "can be written by other users (mode 0770)"
expect_stderr_contains "chmod go-w $CADIR"
run csr list --json
check "the request is still pending" grep -q "\"id\": *$csr_id" "$OUT"
chmod 0700 "$CADIR"
issue_csr "$csr_id" tls

# ncpki service setup reads its password file the same way.
$NOTTY "$NCPKI" service setup --hostname localhost --password-file "$T/open.pw" \
	</dev/null >"$OUT" 2>"$ERR"
expect_equal "ncpki service setup with a password file others can read: exit" "$?" 3
expect_stderr_contains "can be read or written by other users (mode 0640)"

# ------------------------------------------------------------ csr import DIR
make_csr two
mkdir "$T/media"
cp "$T/two.csr" "$T/media/two.csr"
ln -s "$T/one.csr" "$T/media/link.csr"
expect_exit 3 csr import "$T/media"
expect_output_contains "link.csr: refused: \"$T/media/link.csr\" is a symbolic link: only regular files are read here"
rm "$T/media/link.csr"

mkfifo "$T/media/pipe.csr"
# A FIFO nobody writes to would block a reader that opened it plainly.
$NOTTY timeout 20 "$NCPKI" csr import "$T/media" </dev/null >"$OUT" 2>"$ERR"
expect_equal "csr import with a FIFO in the directory" "$?" 3
expect_output_contains "pipe.csr: refused: \"$T/media/pipe.csr\" is not a regular file"
rm "$T/media/pipe.csr"

if [ "$(id -u)" -eq 0 ]; then
	mknod "$T/media/zero.csr" c 1 5
	$NOTTY timeout 20 "$NCPKI" csr import "$T/media" </dev/null >"$OUT" 2>"$ERR"
	expect_equal "csr import with a device in the directory" "$?" 3
	expect_output_contains "zero.csr: refused: \"$T/media/zero.csr\" is not a regular file"
	rm "$T/media/zero.csr"
fi

# A contact file that points at a secret, or holds one: never shown.
ln -s "$PWFILE" "$T/media/two.json"
expect_exit 3 csr import "$T/media"
expect_output_contains "is a symbolic link"
check "the password file's contents are not shown" \
	sh -c "! grep -q '$PASSWORD' '$OUT' '$ERR'"
rm "$T/media/two.json"
printf 'SECRET-TOKEN-4711 is not JSON\n' >"$T/media/two.json"
expect_exit 3 csr import "$T/media"
expect_output_matches 'two\.csr: refused: The contact file "two\.json" is not valid JSON \(line 1, column [0-9]+\)$'
check "the contact file's contents are not shown" \
	sh -c "! grep -q 'SECRET-TOKEN' '$OUT' '$ERR'"
rm "$T/media/two.json"
expect_exit 0 csr import "$T/media"
expect_output_contains "two.csr: imported as request"

# ------------------------------------------------------------------ export
# web (twice), WEB (the same name on FAT media), and web-S1 where S1 is the
# serial the older web would be renamed to.
make_csr web
import_csr web
issue_csr "$csr_id" tls
s1=$serial
make_csr web2
import_csr web2 --root web
issue_csr "$csr_id" tls
s2=$serial
make_csr web3
import_csr web3 --root "web-$s1"
issue_csr "$csr_id" tls
s3=$serial
make_csr web4
import_csr web4 --root WEB
issue_csr "$csr_id" tls
s4=$serial

expect_exit 0 cert export-all "$T/out"
expect_output_contains "Certificate $s1 exported as web-$s1-2.cer and web-$s1-2-chain.pem, not under its file name web: another certificate in the export has that name."
expect_output_contains "Certificate $s2 exported as web-$s2.cer and web-$s2-chain.pem, not under its file name web"
expect_output_lacks "Certificate $s3 exported"
expect_output_lacks "Certificate $s4 exported"
for pair in "web-$s1-2:$s1" "web-$s2:$s2" "web-$s1:$s3" "WEB:$s4"; do
	f=${pair%%:*}
	s=${pair#*:}
	expect_file "$T/out/$f.cer"
	run cert get "$s" --out "$T/got-$s.pem"
	check "$f.cer is certificate $s" cmp -s "$T/got-$s.pem" "$T/out/$f.cer"
done
n=$(ls "$T/out" | grep -ci '^web.*\.cer$')
expect_equal "four distinct certificate files" "$n" 4
check "the manifest names each file once" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
files = [c["file"].lower() for c in m["certificates"]]
assert len(files) == len(set(files)), files
' "$T/out/index.json"
expect_exit 0 cert export-all "$T/out2" --json
check "--json lists the renamed" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
got = sorted((r["serial"], r["name"]) for r in o["renamed"])
want = sorted([(int(sys.argv[2]), "web-%s-2" % sys.argv[2]), (int(sys.argv[3]), "web-%s" % sys.argv[3])])
assert got == want, (got, want)
' "$OUT" "$s1" "$s2"

finish
