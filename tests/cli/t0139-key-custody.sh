#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0139: key custody by the linker (issue 15). libncpki_sign
# (src/lib/sign/) is the only code that opens or unlocks a CA key; ncpkid
# links libncpki without it, and libncpki never calls into it (it reaches
# a signer only through struct pki_signer_ops). Read off the binaries with
# nm: no symbol libncpki_sign defines is in ncpkid, none is one that
# libncpki needs, and ncpki (which signs) has them.
. "$(dirname "$0")/lib.sh"

command -v nm >/dev/null 2>&1 || skip_all "nm (binutils) is not installed"
B=$(dirname "$NCPKI")   # the build tree: ncpki is at its top
SIGNLIB=$B/src/lib/sign/libncpki_sign.a
LIB=$B/src/lib/libncpki.a
NCPKID=${NCPKID:-$B/ncpkid}
for f in "$SIGNLIB" "$LIB" "$NCPKID" "$NCPKI"; do
	[ -f "$f" ] || { fail "missing: $f"; finish; }
done

nm --defined-only -g "$SIGNLIB" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[TDBR]$/ {print $3}' |
	sort -u >"$T/sign.syms"
n=$(wc -l <"$T/sign.syms")
check "libncpki_sign defines its functions ($n)" [ "$n" -ge 5 ]
check "pki_signer_open is libncpki_sign's" grep -qx pki_signer_open "$T/sign.syms"
check "pki_server_configure is libncpki_sign's" grep -qx pki_server_configure "$T/sign.syms"

nm -g "$NCPKID" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u >"$T/ncpkid.syms"
comm -12 "$T/sign.syms" "$T/ncpkid.syms" >"$T/in-ncpkid"
check "ncpkid holds none of libncpki_sign's symbols: $(tr '\n' ' ' <"$T/in-ncpkid")" \
	[ ! -s "$T/in-ncpkid" ]

nm -u "$LIB" 2>/dev/null | awk '{print $NF}' | sort -u >"$T/lib.undef"
comm -12 "$T/sign.syms" "$T/lib.undef" >"$T/lib-needs"
check "libncpki calls nothing of libncpki_sign: $(tr '\n' ' ' <"$T/lib-needs")" \
	[ ! -s "$T/lib-needs" ]

nm -g "$NCPKI" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u >"$T/ncpki.syms"
check "ncpki, which signs, links pki_signer_open" grep -qx pki_signer_open "$T/ncpki.syms"

finish
