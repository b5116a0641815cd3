/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lang.h: the user's language for ncpki and ncpkid, from the
 * environment's locale, with the message catalogues of the installed
 * program (LOCALEDIR) or, for the programs of the build tree itself, of
 * the build tree (BUILDDIR/locale, made by `make`), so that ./ncpki
 * speaks French under LANG=fr_FR.UTF-8 before `make install`.
 */
#ifndef NCPKI_COMMON_LANG_H
#define NCPKI_COMMON_LANG_H

/* setlocale, bindtextdomain and textdomain, once at the start of main. */
void nc_lang_init(void);

#endif /* NCPKI_COMMON_LANG_H */
