#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0014 (issue 14): configuring a CA never destroys or replaces a CA key.
# Eight `ncpki server configure` runs start at once on one fresh data
# directory and one CA directory: exactly one configures the CA, the others
# are refused, and the one key file left is intact, decrypts with the
# password and matches the CA certificate stored in the database; nothing
# is set aside and no temporary file is left behind. Then a configure
# against a key that exists without its certificate sets it aside, never
# overwrites it.
. "$(dirname "$0")/lib.sh"

N=8

# race GO ROOT DIR CN OUT: N `server configure --root ROOT --dir DIR` runs
# (subject CN and the run's number) that wait for the file $T/GO (a bounded
# wait), so that they start together; run i's output in $T/OUTi.out,
# .err and .rc (its exit status).
race() {
	i=1
	while [ "$i" -le "$N" ]; do
		(
			w=0
			while [ ! -e "$T/$1" ] && [ "$w" -lt 500 ]; do sleep 0.01; w=$((w + 1)); done
			$NOTTY "$NCPKI" server configure --root "$2" --dir "$3" \
				--cn "$4 $i" --key-type p256 --password-file "$PWFILE" \
				>"$T/$5$i.out" 2>"$T/$5$i.err"
			echo "$?" >"$T/$5$i.rc"
		) &
		i=$((i + 1))
	done
	sleep 0.3
	: >"$T/$1"
	wait
}

race go RaceCA "$CADIR" "Race CA" run

ok=0
refused=0
i=1
while [ "$i" -le "$N" ]; do
	c=$(cat "$T/run$i.rc" 2>/dev/null || echo none)
	case $c in
	0) ok=$((ok + 1)); winner=$i ;;
	3) refused=$((refused + 1)) ;;
	*) say "run $i: exit $c: $(cat "$T/run$i.err")" ;;
	esac
	i=$((i + 1))
done
expect_equal "configure runs that succeeded" "$ok" 1
expect_equal "configure runs refused (already configured)" "$refused" $((N - 1))
i=1
while [ "$i" -le "$N" ]; do
	if [ "$(cat "$T/run$i.rc" 2>/dev/null)" = 3 ]; then
		checks=$((checks + 1))
		if grep -q "already configured\|already exists\|appeared" "$T/run$i.err"; then
			pass "run $i: refused, saying why"
		else
			fail "run $i: refused without saying why: $(cat "$T/run$i.err")"
		fi
	fi
	i=$((i + 1))
done

expect_exit 0 server show --json
check "one CA, the winner's subject" \
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["subject"].endswith("Race CA '"${winner:-0}"'"), sys.argv' "$OUT"
# (audit.key and audit.head: the operator's seal of the audit trail)
expect_equal "files in the CA directory" "$(ls "$CADIR" | sort | tr '\n' ' ')" "RaceCA.cer RaceCA.key RaceCA.srl audit.head audit.key "
expect_mode 600 "$CADIR/RaceCA.key"
# The key decrypts and matches the certificate the database holds.
expect_exit 0 server cert
cp "$OUT" "$T/stored.pem"
"$OPENSSL" x509 -in "$T/stored.pem" -noout -pubkey >"$T/cert.pub" 2>"$T/x.err" ||
	fail "the stored CA certificate does not parse: $(cat "$T/x.err")"
"$OPENSSL" pkey -in "$CADIR/RaceCA.key" -passin "file:$PWFILE" -pubout -out "$T/key.pub" 2>"$T/k.err" ||
	fail "the CA key does not decrypt: $(cat "$T/k.err")"
check "the key file matches the stored CA certificate" cmp -s "$T/cert.pub" "$T/key.pub"
check "the certificate file is the stored one" \
	sh -c "[ \"\$('$OPENSSL' x509 -in '$CADIR/RaceCA.cer' -noout -fingerprint -sha256)\" = \"\$('$OPENSSL' x509 -in '$T/stored.pem' -noout -fingerprint -sha256)\" ]"
# and the CA issues with it
new_cert leaf "/CN=leaf.example.com" "DNS:leaf.example.com"
check "a certificate from the winner verifies" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/RaceCA.cer" "$T/leaf.cer"

# The same race on a data directory whose database exists already (there
# the old code let one run's key replace the configured CA's key file and
# another set it aside as .old).
NCPKI_HOME=$T/home3
export NCPKI_HOME
D3=$T/ca3
expect_exit 0 csr list
rm -f "$T/go3"
race go3 Race3 "$D3" "Race3 CA" r3-
expect_equal "round 2: runs that succeeded" "$(cat "$T"/r3-*.rc | grep -c '^0$')" 1
expect_equal "round 2: files in the CA directory" "$(ls "$D3" | sort | tr '\n' ' ')" "Race3.cer Race3.key Race3.srl audit.head audit.key "
expect_exit 0 server cert
cp "$OUT" "$T/stored3.pem"
"$OPENSSL" x509 -in "$T/stored3.pem" -noout -pubkey >"$T/cert3.pub" 2>/dev/null
"$OPENSSL" pkey -in "$D3/Race3.key" -passin "file:$PWFILE" -pubout -out "$T/key3.pub" 2>/dev/null
check "round 2: the key file matches the stored CA certificate" cmp -s "$T/cert3.pub" "$T/key3.pub"

# A key without its certificate: set aside, never overwritten.
NCPKI_HOME=$T/home2
export NCPKI_HOME
D2=$T/ca2
mkdir -m 700 "$D2"
"$OPENSSL" genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out "$D2/Lone.key" 2>/dev/null
chmod 600 "$D2/Lone.key"
lone_sum=$(cksum <"$D2/Lone.key")
expect_exit 0 server configure --root Lone --dir "$D2" --cn "Lone CA" --key-type p256 \
	--password-file "$PWFILE"
expect_equal "the lone key, set aside whole" "$(cksum <"$D2/Lone.key.old")" "$lone_sum"
expect_exit 0 server show --json

finish
