/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * paths.c: the data directory and path helpers. The guide's "relative to
 * mgr/" rule becomes "relative to the data directory".
 */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pwd.h>

char *
pki_strdup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *
pki_strdup_nn(const char *s)
{
	return strdup(s ? s : "");
}

bool
pki_str_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

char *
pki_strfmt(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;

	va_start(ap, fmt);
	if (vasprintf(&out, fmt, ap) < 0)
		out = NULL;
	va_end(ap);
	return out;
}

char *
pki_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n > 0 && dir[n - 1] == '/')
		return pki_strfmt("%s%s", dir, name);
	return pki_strfmt("%s/%s", dir, name);
}

char *
pki_path_join3(const char *dir, const char *root, const char *ext)
{
	char *name = pki_strfmt("%s%s", root, ext), *p;

	if (name == NULL)
		return NULL;
	p = pki_path_join(dir, name);
	free(name);
	return p;
}

bool
pki_path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

char *
pki_path_resolve(const char *home, const char *dir)
{
	if (dir[0] == '/')
		return strdup(dir);
	return pki_path_join(home, dir);
}

int
pki_mkdir_p(const char *path, mode_t mode, struct pki_error *err)
{
	char *p = strdup(path), *s;
	struct stat st;
	int r = 0;

	if (p == NULL)
		return pki_err_nomem(err);
	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			r = pki_err_set(err, PKI_ERR_IO, "dir",
			    _("Cannot create directory \"%s\": %s"), p, strerror(errno));
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		r = pki_err_set(err, PKI_ERR_IO, "dir", _("\"%s\" is not a directory"), path);
out:
	free(p);
	return r;
}

int
pki_home_default(char **out, struct pki_error *err)
{
	const char *e;

	*out = NULL;
	if ((e = getenv("NCPKI_HOME")) != NULL && *e != '\0')
		*out = strdup(e);
	else if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/')
		*out = pki_path_join(e, "ncpki");
	else {
		const char *home = getenv("HOME");
		if (home == NULL || *home == '\0') {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (home == NULL)
			return pki_err_set(err, PKI_ERR_IO, NULL,
			    _("Cannot find a home directory: set NCPKI_HOME"));
		*out = pki_strfmt("%s/.local/share/ncpki", home);
	}
	return *out ? 0 : pki_err_nomem(err);
}
