#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0004: every source file that marks a string for translation (_(),
# N_(), ngettext) is in po/POTFILES.in, so that its strings reach the
# catalogues (ui/fields.c was missing: its "Alternative names" showed in
# English in the French console); and every file POTFILES.in names exists.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

[ -r "$SRC/po/POTFILES.in" ] || skip_all "no po/POTFILES.in"
(cd "$SRC" && grep -rlE '(^|[^A-Za-z0-9_])(N?_|d?n?gettext)\("' src ui --include=*.c --include=*.h |
	sort) >"$T/marked"
grep -v '^#' "$SRC/po/POTFILES.in" | sed '/^$/d' | sort >"$T/listed"
comm -23 "$T/marked" "$T/listed" >"$T/missing"
checks=$((checks + 1))
if [ -s "$T/missing" ]; then
	fail "files with translatable strings missing from po/POTFILES.in:"
	sed 's/^/  /' "$T/missing"
else
	pass "every file with translatable strings is in po/POTFILES.in ($(wc -l <"$T/marked") files)"
fi
: >"$T/gone"
while read -r f; do
	[ -f "$SRC/$f" ] || echo "$f" >>"$T/gone"
done <"$T/listed"
checks=$((checks + 1))
if [ -s "$T/gone" ]; then
	fail "po/POTFILES.in names files that do not exist:"
	sed 's/^/  /' "$T/gone"
else
	pass "every file po/POTFILES.in names exists"
fi
finish
