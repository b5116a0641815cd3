#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0003: the option tables, the help and the manual page agree. Every
# option of every command ("ncpki help --list-options", read from the same
# tables as --help) is in ncpki(1) under that command's heading, with its
# placeholder and its one-letter form; the manual's synopsis and tagged
# option paragraphs name no option the command does not have; and each
# command's usage line gives its options the table's placeholders.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

MAN=$SRC/data/ncpki.1
[ -r "$MAN" ] || skip_all "no $MAN"

# One check: passes when FILE is empty, else fails listing its lines.
expect_empty() {
	checks=$((checks + 1))
	if [ -s "$1" ]; then
		fail "$2:"
		sed 's/^/  /' "$1"
	else
		pass "$3"
	fi
}

expect_exit 0 help --list-options
cp "$OUT" "$T/options"
checks=$((checks + 1))
if grep -q '^ncpki server configure|--root|NAME|$' "$T/options" &&
	grep -q '^ncpki|--version||-V$' "$T/options"; then
	pass "help --list-options lists the tables"
else
	fail "help --list-options: unexpected output"
	sed 's/^/  /' "$T/options"
fi

# The manual, section by section ("ncpki GROUP CMD" headings, and GLOBAL
# OPTIONS for "ncpki"): one line of plain text each, and the options of
# its synopsis and tagged paragraphs.
awk '
function plain(s) {
	gsub(/\\f[BIRP]/, "", s); gsub(/\\\(lq|\\\(rq/, "", s)
	gsub(/\\-/, "-", s); gsub(/"/, "", s)
	sub(/^\.[A-Z]+ ?/, "", s); gsub(/  +/, " ", s)
	return s
}
function opts(s,   o, s0, i) {
	o = ""; s0 = s
	while (match(s, /\\-\\-[a-z][a-z0-9\\-]*/)) {
		o = o " " substr(s, RSTART + 4, RLENGTH - 4)
		s = substr(s, RSTART + RLENGTH)
	}
	gsub(/\\-/, "-", o)
	# one-letter forms: "\-y" alone
	while (match(s0, /(^| )\\-[a-zA-Z]([ ",]|$)/)) {
		i = RSTART + index(substr(s0, RSTART, RLENGTH), "\\-") + 1
		o = o " -" substr(s0, i, 1)
		s0 = substr(s0, i + 1)
	}
	return o
}
function flush() { if (sec != "") print sec "\t" text "\t" tagged }
/^\.SH / || /^\.SS / {
	flush(); sec = ""; text = ""; tagged = ""
	if ($0 == ".SH GLOBAL OPTIONS") sec = "ncpki"
	else if ($0 ~ /^\.SS ncpki /) {
		sec = plain(substr($0, 5)); tagged = opts($0)
		# The heading: "ncpki GROUP CMD" before the operands and options.
		n = split(sec, w, " "); sec = w[1]
		for (i = 2; i <= n && w[i] ~ /^[a-z][a-z-]*$/; i++) sec = sec " " w[i]
	}
	text = plain(substr($0, 5)); tp = 0; next
}
sec != "" {
	if (tp) tagged = tagged opts($0)
	tp = ($0 == ".TP")
	text = text " " plain($0)
}
END { flush() }
' "$MAN" >"$T/sections"

# has(s, w) in awk: s holds the word (or words) w, standing alone: after a
# space or an opening bracket, bar or parenthesis, and not followed by a
# letter, digit, "_" or "-".
AWK_HAS='
function has(s, w,   i, c) {
	while ((i = index(s, w)) > 0) {
		c = substr(s, i + length(w), 1)
		if (c !~ /[A-Za-z0-9_-]/ && substr(s, i - 1, 1) ~ /[ [(|]/) return 1
		s = substr(s, i + 1)
	}
	return 0
}
'

# Each option in its command's section: "--name PLACEHOLDER" (or "--name"
# alone for a flag) and "-c" for its one-letter form.
awk -F'|' -v sections="$T/sections" "$AWK_HAS"'
BEGIN {
	while ((getline line < sections) > 0) {
		split(line, f, "\t"); text[f[1]] = " " f[2] " "
	}
}
{
	if (!($1 in text)) { print "no section for " $1; next }
	want = $2 ($3 != "" ? " " $3 : "")
	if (!has(text[$1], want)) print $1 ": no \"" want "\""
	if ($4 != "" && !has(text[$1], $4)) print $1 ": no \"" $4 "\" for " $2
}
' "$T/options" >"$T/missing"
expect_empty "$T/missing" "options missing from ncpki(1)" \
	"ncpki(1) has every option with its placeholder"

# No option in a section's synopsis or tagged paragraphs that its command
# does not have.
awk -F'\t' -v options="$T/options" '
BEGIN {
	while ((getline line < options) > 0) {
		split(line, f, "|"); have[f[1] " " f[2]] = 1; cmd[f[1]] = 1
		if (f[4] != "") have[f[1] " " f[4]] = 1
	}
}
$1 in cmd {
	n = split($3, o, " ")
	for (i = 1; i <= n; i++) {
		w = o[i] ~ /^-/ ? o[i] : "--" o[i]
		if (w != "--help" && w != "-h" && !(($1 " " w) in have))
			print $1 ": ncpki(1) names " w
	}
}
' "$T/sections" >"$T/extra"
expect_empty "$T/extra" "ncpki(1) names options the commands do not have" \
	"ncpki(1) names no option a command lacks"

# Each command's usage line (its --help) gives an option the table's
# placeholder, and names only options of the table.
: >"$T/usage"
cut -d'|' -f1 "$T/options" | sort -u | while read -r cmd; do
	[ "$cmd" = ncpki ] && continue
	# shellcheck disable=SC2086
	"$NCPKI" ${cmd#ncpki } --help 2>/dev/null |
		awk '/^Usage:/ { u = 1 } /^[^ U]/ && !/^Usage:/ { u = 0 } u' |
		tr '\n' ' ' | sed 's/^Usage: ncpki \[--home DIR\] //' >"$T/u"
	awk -F'|' -v cmd="$cmd" -v usage="$(cat "$T/u")" '
	$1 == cmd { arg[$2] = $3 }
	END {
		s = usage
		while (match(s, /--[a-z][a-z0-9-]*( [A-Z][A-Z0-9:_-]*)?/)) {
			w = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			name = w; sub(/ .*/, "", name)
			ph = (w ~ / /) ? w : ""; sub(/^[^ ]* /, "", ph)
			if (!(name in arg))
				print cmd ": usage names " name
			else if (ph != "" && ph != arg[name])
				print cmd ": usage has \"" w "\", the table " name " " arg[name]
		}
	}' "$T/options" >>"$T/usage"
done
expect_empty "$T/usage" "usage lines disagree with the tables" \
	"usage lines agree with the tables"

# ncpkid: its table (ncpkid --list-options) and ncpkid(8)'s OPTIONS, both ways.
MAN8=$SRC/data/ncpkid.8
"$NCPKID" --list-options >"$T/doptions" 2>&1
awk '
/^\.SH / { in_opts = ($0 == ".SH OPTIONS"); next }
in_opts {
	s = $0
	gsub(/\\f[BIRP]/, "", s); gsub(/\\-/, "-", s); gsub(/"/, "", s)
	sub(/^\.[A-Z]+ ?/, "", s); gsub(/  +/, " ", s)
	print s
	if (tp) { n = split(s, w, /[ ,]+/); for (i = 1; i <= n; i++) if (w[i] ~ /^--[a-z]/) print w[i] >> tags }
	tp = ($0 == ".TP")
}' tags="$T/dtags" "$MAN8" | tr '\n' ' ' >"$T/dman"
awk -F'|' -v man=" $(cat "$T/dman") " "$AWK_HAS"'
{
	want = $2 ($3 != "" ? " " $3 : "")
	if (!has(man, want)) print "ncpkid: no \"" want "\""
}' "$T/doptions" >"$T/dmissing"
checks=$((checks + 1))
if grep -q '^ncpkid|--port|N|$' "$T/doptions"; then
	pass "ncpkid --list-options lists its table"
else
	fail "ncpkid --list-options: unexpected output"
	sed 's/^/  /' "$T/doptions"
fi
expect_empty "$T/dmissing" "options missing from ncpkid(8)" \
	"ncpkid(8) has every option of ncpkid with its placeholder"
: >"$T/dextra"
[ -f "$T/dtags" ] && sort -u "$T/dtags" | while read -r o; do
	[ "$o" = --help ] || grep -q "^ncpkid|$o|" "$T/doptions" || echo "ncpkid(8) names $o" >>"$T/dextra"
done
expect_empty "$T/dextra" "ncpkid(8) names options ncpkid does not have" \
	"ncpkid(8) names no option ncpkid lacks"

finish
