/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.h: gettext macros shared by the library and the front ends. */
#ifndef NCPKI_I18N_H
#define NCPKI_I18N_H

#include <config.h>
#include <libintl.h>

#define _(s) dgettext(PACKAGE, s)
#define N_(s) s

#endif
