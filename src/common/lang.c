/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lang.c: where the message catalogues are (see lang.h). The build
 * tree's catalogues are used by the build tree's programs only: the
 * running executable (/proc/self/exe) must be in NCPKI_BUILDDIR itself, so
 * that an installed program never reads catalogues, which hold printf
 * formats, from a directory someone else may write.
 */
#include <config.h>

#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "lang.h"

/* The build tree's catalogue directory when this program runs from the
 * build tree and it exists; NULL otherwise. */
static const char *
build_tree_locale(void)
{
#ifdef NCPKI_BUILDDIR
	static char dir[PATH_MAX];
	char exe[PATH_MAX], *built, *here;
	struct stat st;
	ssize_t n;
	bool same;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return NULL;
	exe[n] = '\0';
	if ((built = realpath(NCPKI_BUILDDIR, NULL)) == NULL)
		return NULL;
	here = dirname(exe);
	same = strcmp(here, built) == 0;
	free(built);
	if (!same || (size_t)snprintf(dir, sizeof dir, "%s/locale", NCPKI_BUILDDIR) >= sizeof dir ||
	    stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
#else
	return NULL;
#endif
}

void
nc_lang_init(void)
{
	const char *dir = build_tree_locale();

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, dir != NULL ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}
