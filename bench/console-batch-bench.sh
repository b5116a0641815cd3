#!/bin/sh
# make bench-console-batch (part of make bench): N (1,000) pending requests
# (real PKCS#10, made by ncpki-bench-prep) issued through the console as an
# operator does it: the queue, a (mark all), i, the box ticked, F2, the
# CA key's password typed once, F2; timed from that last key to the frame
# that says the certificates were issued (tmux capture-pane polled every
# 10 ms, so within that). Anchor, in the same run on a copy of the same
# queue: `ncpki csr process --all --usage tls` from the command line (the
# whole command: start, unlock, every row committed). RUNS runs each, the
# newest certificate verified with openssl. Figures only.
set -eu
N=${N:-1000}
RUNS=${RUNS:-3}
: "${NCPKI:?}" "${PREP:?}" "${OPENSSL:=openssl}" "${SQLITE3:=sqlite3}"
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "bench-console-batch: tmux is needed" >&2; exit 1; }
work=$(mktemp -d)
sock="ncpki-bench-batch-$$"
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1 || :; rm -rf "$work"' EXIT
password=bench-password-1
(umask 077 && printf '%s\n' "$password" >"$work/pw")

now_ns() { date +%s%N; }
rate() {   # COUNT NANOSECONDS -> per second
	awk -v n="$1" -v ns="$2" 'BEGIN { r = n / (ns / 1e9); printf (r < 100 ? "%.1f\n" : "%.0f\n"), r }'
}
issued() { "$SQLITE3" "$1/ncpki.db" "SELECT count(*) FROM cert WHERE csr_id <> 0"; }
check_issued() {   # HOME: N issued, the newest verifies
	got=$(issued "$1")
	[ "$got" -eq "$N" ] || { echo "bench-console-batch: expected $N certificates, found $got" >&2; exit 1; }
	"$SQLITE3" "$1/ncpki.db" "SELECT writefile('$work/last.der', der) FROM cert
		WHERE csr_id <> 0 ORDER BY serial DESC LIMIT 1" >/dev/null
	"$OPENSSL" x509 -inform DER -in "$work/last.der" -out "$work/last.pem"
	"$OPENSSL" verify -x509_strict -CAfile "$1/ca/BenchCA.cer" "$work/last.pem" >/dev/null ||
		{ echo "bench-console-batch: an issued certificate does not verify" >&2; exit 1; }
}
# wait_screen TEXT: until the pane shows TEXT (120 s at most)
wait_screen() {
	_i=0
	while ! tmux -L "$sock" capture-pane -p | grep -F -q -e "$1"; do
		_i=$((_i + 1))
		[ $_i -lt 12000 ] || { echo "bench-console-batch: the console never showed: $1" >&2; exit 1; }
		sleep 0.01
	done
}

queue=$work/queue
NCPKI_HOME="$queue" "$NCPKI" server configure --root BenchCA --dir ca --cn "Bench Batch CA" \
	--country US --key-type p256 --password-file "$work/pw" >/dev/null
"$PREP" "$queue" "$N"

cli=
console=
for _r in $(seq "$RUNS"); do
	rm -rf "$work/run"
	cp -a "$queue" "$work/run"
	t0=$(now_ns)
	NCPKI_HOME="$work/run" "$NCPKI" csr process --all --usage tls --password-file "$work/pw" \
		--yes >/dev/null
	t1=$(now_ns)
	check_issued "$work/run"
	cli="$cli $(rate "$N" $((t1 - t0)))"

	rm -rf "$work/run"
	cp -a "$queue" "$work/run"
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
		"env NCPKI_HOME='$work/run' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$NCPKI'"
	wait_screen "Public Key Infrastructure"
	tmux -L "$sock" send-keys Down Enter
	wait_screen "Pending Certificate Signing Requests: $N"
	tmux -L "$sock" send-keys a
	wait_screen "($N marked)"
	tmux -L "$sock" send-keys i
	wait_screen "Issue certificates for $N marked requests"
	tmux -L "$sock" send-keys Tab Space F2
	wait_screen "Password for Certificate Authority's Private Key file"
	tmux -L "$sock" send-keys -l "$password"
	t0=$(now_ns)
	tmux -L "$sock" send-keys F2
	wait_screen "$N certificates issued for the marked requests."
	t1=$(now_ns)
	tmux -L "$sock" kill-server >/dev/null 2>&1 || :
	check_issued "$work/run"
	console="$console $(rate "$N" $((t1 - t0)))"
done

[ "${BENCH_HEADER:-1}" = 0 ] || bench_header
cli_med=$(printf '%s\n' $cli | bench_stats | cut -d' ' -f1)
bench_row "console: batch of $N marked, P-256" "cert/s" rate "$console" "CLI process --all:" "$cli_med"
