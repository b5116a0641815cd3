#!/bin/sh
# make bench-console: the console with 10,000, 100,000 and 1,000,000
# certificates in the database. The rows are FABRICATED: one real
# certificate is issued, then copies of its row with new serials, subjects
# (CN=hostN.deptM.example.com), SANs, hostnames, instances and file names
# are inserted straight into the database with SQL, and indexed for search
# as the library indexes an issued certificate. Measured for each size:
#  - first frame: from just before the console is exec'd (date +%s%N in
#    the pane) to the end of its first doupdate() (NCPKI_BENCH_TRACE, the
#    same clock), the console in an 80x24 tmux pane;
#  - the "Issued certificates" page through the library, as the page
#    queries (ncpki-bench-console): opening it, End, and each keystroke of
#    a filter typed one character at a time ("dept42.example": many
#    matches; "host9999": few), median over the keystrokes of RUNS runs;
#  - a filter keystroke end to end in tmux: from before `tmux send-keys`
#    to the frame that shows it (an upper bound: tmux's own client start
#    is in it);
#  - the console's peak resident memory (VmHWM) after that filtering.
# Each size's figure has the 10,000 figure of the same run as its anchor:
# a ratio near 1 means the cost stays flat as the table grows. Figures
# only. SIZES and RUNS may be set; KEEP=1 keeps the work directory.
set -eu
SIZES=${SIZES:-10000 100000 1000000}
RUNS=${RUNS:-5}
: "${NCPKI:?}" "${QUERY:?}" "${SQLITE3:?sqlite3 is needed}" "${OPENSSL:=openssl}"
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "bench-console: tmux is needed" >&2; exit 1; }
work=$(mktemp -d)
sock="ncpki-bench-console-$$"
[ -z "${KEEP:-}" ] || echo "bench-console: keeping $work" >&2
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1 || :; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
(umask 077 && printf 'bench-password-1\n' >"$work/pw")
export NCPKI_HOME="$work/home"
DB=$NCPKI_HOME/ncpki.db
trace=$work/trace

now_ns() { date +%s%N; }
# the Nth frame line's time in ns (1: the first)
frame_ns() { awk -v n="$1" '$1 == "frame" && ++i == n { split($3, t, "."); print t[1] t[2]; exit }' "$trace"; }
frames() { grep -c '^frame' "$trace" 2>/dev/null || echo 0; }
wait_frames() {   # wait_frames N: until N frames were drawn (10 s at most)
	_i=0
	while [ "$(frames)" -lt "$1" ] && [ $_i -lt 1000 ]; do sleep 0.01; _i=$((_i + 1)); done
}
# wait_screen TEXT: until the pane shows TEXT (10 s at most)
wait_screen() {
	_i=0
	while ! tmux -L "$sock" capture-pane -p | grep -F -q -e "$1" && [ $_i -lt 1000 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
}
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }

# start_console: the console in a fresh pane; prints the ms to its first frame
start_console() {
	rm -f "$trace"
	cat >"$work/run.sh" <<EOF
date +%s%N >'$work/t0'
exec env NCPKI_HOME='$NCPKI_HOME' NCPKI_BENCH_TRACE='$trace' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$NCPKI'
EOF
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 "sh '$work/run.sh'"
	wait_frames 1
	ms "$(cat "$work/t0")" "$(frame_ns 1)"
}
stop_console() { tmux -L "$sock" kill-server >/dev/null 2>&1 || :; sleep 0.1; }

# key_ms KEYS...: sends one key (send-keys arguments), prints the ms to the frame it drew
key_ms() {
	_n=$(frames)
	_t0=$(now_ns)
	tmux -L "$sock" send-keys "$@"
	wait_frames $((_n + 1))
	ms "$_t0" "$(frame_ns $((_n + 1)))"
}

"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench Console CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$work/l.key" -subj /CN=seed.example.com -out "$work/l.csr" 2>/dev/null
"$NCPKI" csr import "$work/l.csr" >/dev/null
"$NCPKI" csr process 1 --usage tls --password-file "$work/pw" --yes >/dev/null

# fabricate FROM TO: rows FROM..TO copied from the real certificate 1,
# then indexed for search as the store's cert_insert indexes a certificate
fabricate() {
	"$SQLITE3" "$DB" "
BEGIN;
WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, hostname,
	instance, sha1, sha256, not_before, not_after, issued_at, der)
SELECT i, 0, 'host' || i,
	'CN=host' || i || '.dept' || (i % 97) || '.example.com,O=Example Corporation,C=US',
	issuer, 'DNS:host' || i || '.example.com', usage, 'host' || i || '.example.com',
	'INST' || (i % 50), sha1, sha256, not_before, not_after + (i % 1000) * 86400,
	issued_at, der
FROM n, (SELECT * FROM cert WHERE serial = 1);
INSERT INTO cert_fts (rowid, subject, sans, hostname, instance, file_root)
	SELECT serial, subject, sans, hostname, instance, file_root FROM cert WHERE serial >= $1;
COMMIT;"
}

# the library's figures: "KIND MS ..." lines of RUNS runs of ncpki-bench-console
lib_runs() {
	for _r in $(seq "$RUNS"); do
		"$QUERY" "$NCPKI_HOME" dept42.example
		"$QUERY" "$NCPKI_HOME" host9999 | grep -v -e '^open' -e '^end'
	done
}
pick() { awk -v k="$1" '$1 == k { print $2 }' "$work/lib"; }

[ "${BENCH_HEADER:-1}" = 0 ] || bench_header
have=1
first_size=
for size in $SIZES; do
	label=$(awk -v n="$size" 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else printf "%gk", n / 1e3 }')
	[ "$size" -le "$have" ] || fabricate $((have + 1)) "$size"
	have=$size
	got=$("$SQLITE3" "$DB" "SELECT count(*) FROM cert")
	[ "$got" -eq "$size" ] || { echo "bench-console: expected $size rows, found $got" >&2; exit 1; }

	# first frame and memory, in tmux
	first=
	keys=
	hwm=
	for _r in $(seq "$RUNS"); do
		first="$first $(start_console)"
		# the "Issued certificates" page, the filter form, to "Containing"
		tmux -L "$sock" send-keys Down Down Down Down Down Enter
		wait_screen "Issued certificates: "
		tmux -L "$sock" send-keys / Tab Tab Tab Tab
		wait_screen "Containing"
		sleep 0.1
		for ch in h o s t 9 9 9 9; do keys="$keys $(key_ms -l "$ch")"; done
		pid=$(awk '$1 == "frame" { print $2; exit }' "$trace")
		hwm="$hwm $(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")"
		stop_console
	done
	lib_runs >"$work/lib"

	[ -n "$first_size" ] || first_size=$label
	for fig in first open end short indexed keys hwm; do
		case $fig in
		first) v=$first ;; keys) v=$keys ;; hwm) v=$hwm ;; *) v=$(pick "$fig") ;;
		esac
		med=$(printf '%s\n' $v | bench_stats | cut -d' ' -f1)
		eval "med_${fig}_$label=$med"
		eval "base=\${med_${fig}_$first_size}"
		case $fig in
		first) name="console: first frame (<50)" unit=ms ;;
		open) name="console: certs page open" unit=ms ;;
		end) name="console: certs End" unit=ms ;;
		short) name="console: filter key, 1-2 ch" unit=ms ;;
		indexed) name="console: filter key, 3+ ch (<100)" unit=ms ;;
		keys) name="console: filter key, tmux" unit=ms ;;
		hwm) name="console: VmHWM (<20480)" unit=KiB ;;
		esac
		if [ "$label" = "$first_size" ]; then
			bench_row "$name @$label fab." "$unit" time "$v"
		else
			bench_row "$name @$label fab." "$unit" time "$v" "@$first_size:" "$base"
		fi
	done
done
