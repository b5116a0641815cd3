#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0004-plurals: counts agree with their nouns, in English and in French
# (whose singular also takes 0): "1 certificate", "0 certificate
# revocation lists" / "0 liste", "1 day", "1 entry", each from the
# catalogue's plural forms (ngettext), with the build tree's French
# catalogue as the README's command finds it.
. "${top_srcdir:-.}/tests/cli/lib.sh"

configure_ca || finish
make_csr web || finish
import_csr web || finish
issue_csr "$csr_id" tls || finish

# says TEXT ARGS...: `ncpki ARGS` succeeds, and its output holds TEXT.
says() {
	_text=$1
	shift
	expect_exit 0 "$@"
	expect_output_contains "$_text"
}

says "Checked 1 certificate and 0 certificate revocation lists." check
says "No certificate expires within 1 day." cert expiring --days 1
says "No certificate expires within 2 days." cert expiring --days 2
expect_exit 0 audit seal
expect_exit 0 audit verify
entries=$(sed -n 's/^The audit trail is intact: \([0-9]*\) entr.*$/\1/p' "$OUT")
case $entries in
1) expect_output_contains "intact: 1 entry." ;;
*) expect_output_contains "intact: $entries entries." ;;
esac

fr=$(locale -a 2>/dev/null | grep -i '^fr_FR\.utf-\?8$' | head -n 1)
if [ -n "$fr" ]; then
	LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8
	export LANG LC_ALL
	says "Vérifié : 1 certificat et 0 liste de révocation de certificats." check
	says "Aucun certificat n'expire d'ici 1 jour." cert expiring --days 1
	says "Aucun certificat n'expire d'ici 3 jours." cert expiring --days 3
else
	say "no fr_FR.UTF-8 locale: the French forms are not checked"
fi
finish
