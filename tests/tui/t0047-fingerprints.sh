#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0047-fingerprints: the console shows a fingerprint in groups of four
# bytes ("AB:CD:EF:01 23:45:67:89 ..."), which an operator reads aloud a
# group at a time and which wrap between groups, never inside a byte: on a
# 60x20 terminal the request's SHA-256 on the process screen takes several
# lines, each group whole on one of them, and the groups joined are the
# fingerprint openssl computes.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr web "/C=US/O=Example Corporation/CN=web.example.com" "DNS:web.example.com" || finish
import_csr web --root Web || finish
sha1=$(csr_fp "$T/web.csr" sha1)
sha256=$(csr_fp "$T/web.csr" sha256)

TUI_COLS=60 TUI_ROWS=20
tui_start
expect_screen "1 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 1"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"Web\""
expect_screen_text "$(fp_groups "$sha1")"
expect_screen_text "$(fp_groups "$sha256")"

# Each group of the SHA-256 whole on one line, and it does wrap (a 95
# character fingerprint in a 60 column window).
tui_capture
missing=
for g in $(fp_groups "$sha256"); do
	grep -F -q -e "$g" "$SCREEN" || missing="$missing $g"
done
checks=$((checks + 1))
if [ -z "$missing" ]; then
	pass "every group of four bytes stands whole on one line"
else
	fail "groups cut across lines:$missing"
	show_screen
fi
lines=$(grep -c -E '([0-9A-F]{2}:){3}[0-9A-F]{2}' "$SCREEN")
check "the fingerprints take more than two lines" test "$lines" -gt 2
expect_screen_lacks "$sha256"

tui_keys Escape Escape
expect_screen "ncpki - Public Key Infrastructure"
tui_quit
finish
