/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pair.c: a key and its certificate replaced as one: ncpkid's
 * TLS pair and the OCSP signer. Each pair NAME lives in DIR as
 *     NAME.vSERIAL/NAME.key, NAME.csr, NAME.cer   one directory per version
 *     NAME.current -> NAME.vSERIAL                the pair in service
 *     NAME.key -> NAME.current/NAME.key           fixed links for readers
 *     (and NAME.csr, NAME.cer)                    of the usual names
 * A new pair is written in DIR/NAME.new, renamed to NAME.vSERIAL, and put
 * in service by one rename of a new NAME.current link over the old one: a
 * SIGKILL at any moment leaves NAME.current naming a complete, matching
 * pair. A reader of both files resolves NAME.current once
 * (pki_pair_read). Pairs written before (regular files NAME.key and
 * NAME.cer) are moved into a version of their own first, by hard links,
 * so that the usual names never pair an old file with a new one.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const pair_exts[3] = { ".key", ".csr", ".cer" };

/* Removes DIR/SUB and the plain files in it (a version or a staging area). */
static void
remove_version(const char *dir, const char *sub)
{
	char *path = pki_path_join(dir, sub);
	struct dirent *de;
	DIR *d;
	int fd;

	if (path == NULL)
		return;
	if ((d = opendir(path)) != NULL) {
		fd = dirfd(d);
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				(void)unlinkat(fd, de->d_name, 0);
		closedir(d);
	}
	(void)rmdir(path);
	free(path);
}

/* DIR/LINK replaced by a symbolic link to target, in one rename. */
static int
link_swap(const char *dir, const char *link, const char *target, struct pki_error *err)
{
	char *tmp = pki_strfmt("%s/%s.tmp-link", dir, link), *path = pki_path_join(dir, link);
	int r = 0;

	if (tmp == NULL || path == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	(void)unlink(tmp);
	if (symlink(target, tmp) != 0 || rename(tmp, path) != 0) {
		r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot put \"%s\" in place: %s"), path,
		    strerror(errno));
		(void)unlink(tmp);
	}
out:
	free(tmp);
	free(path);
	return r;
}

char *
pki_pair_version_dir(const char *dir, const char *name, uint64_t serial)
{
	return pki_strfmt("%s/%s.v%" PRIu64, dir, name, serial);
}

int
pki_pair_stage(const char *dir, const char *name, char **stage, struct pki_error *err)
{
	char *sub = pki_strfmt("%s.new", name);
	int r;

	*stage = NULL;
	if (sub == NULL || (*stage = pki_path_join(dir, sub)) == NULL) {
		free(sub);
		return pki_err_nomem(err);
	}
	if ((r = pki_mkdir_p(dir, 0700, err)) == 0) {
		/* Leftovers of an interrupted run are ours to remove. */
		remove_version(dir, sub);
		if (mkdir(*stage, 0700) != 0)
			r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot create \"%s\": %s"),
			    *stage, strerror(errno));
	}
	free(sub);
	if (r != 0) {
		free(*stage);
		*stage = NULL;
	}
	return r;
}

void
pki_pair_unstage(const char *dir, const char *name)
{
	char *sub = pki_strfmt("%s.new", name);

	if (sub != NULL)
		remove_version(dir, sub);
	free(sub);
}

/*
 * A pair written before versions (regular files NAME.key, NAME.cer): moved
 * into NAME.vOLD by hard links, NAME.current pointed at it, then each usual
 * name replaced by its fixed link; every step leaves the same old pair
 * under every name.
 */
static int
adopt_legacy(const char *dir, const char *name, uint64_t old, struct pki_error *err)
{
	char *vdir = pki_pair_version_dir(dir, name, old), *vname = NULL, *src = NULL, *dst = NULL,
	     *cur = pki_strfmt("%s.current", name), *target = NULL;
	struct stat st;
	int r = 0;

	if (vdir == NULL || cur == NULL || (vname = strrchr(vdir, '/')) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	vname++;
	remove_version(dir, vname);
	if (mkdir(vdir, 0700) != 0) {
		r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot create \"%s\": %s"), vdir,
		    strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < 3 && r == 0; i++) {
		free(src);
		free(dst);
		src = pki_strfmt("%s/%s%s", dir, name, pair_exts[i]);
		dst = pki_strfmt("%s/%s%s", vdir, name, pair_exts[i]);
		if (src == NULL || dst == NULL)
			r = pki_err_nomem(err);
		else if (lstat(src, &st) == 0 && S_ISREG(st.st_mode) && link(src, dst) != 0)
			r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot link \"%s\": %s"), src,
			    strerror(errno));
	}
	if (r != 0)
		goto out;
	(void)pki_fsync_dir(vdir);
	if ((r = link_swap(dir, cur, vname, err)) != 0)
		goto out;
	for (size_t i = 0; i < 3 && r == 0; i++) {
		free(src);
		free(target);
		src = pki_strfmt("%s%s", name, pair_exts[i]);
		target = pki_strfmt("%s/%s%s", cur, name, pair_exts[i]);
		if (src == NULL || target == NULL)
			r = pki_err_nomem(err);
		else
			r = link_swap(dir, src, target, err);
	}
out:
	free(vdir);
	free(src);
	free(dst);
	free(cur);
	free(target);
	return r;
}

/* The version NAME.current names, as "NAME.vN" (caller frees); NULL if none. */
static char *
current_version(const char *dir, const char *name)
{
	char *cur = pki_strfmt("%s/%s.current", dir, name);
	char buf[256];
	ssize_t n = cur != NULL ? readlink(cur, buf, sizeof buf - 1) : -1;

	free(cur);
	if (n <= 0 || strchr((buf[n] = '\0', buf), '/') != NULL)
		return NULL;
	return strdup(buf);
}

int
pki_pair_commit(const char *dir, const char *name, uint64_t serial, uint64_t old,
    struct pki_error *err)
{
	char *stage = pki_strfmt("%s/%s.new", dir, name), *vdir = NULL, *vname = NULL,
	     *cur = pki_strfmt("%s.current", name), *prev = NULL, *legacy = NULL, *src = NULL,
	     *target = NULL;
	struct stat st;
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (stage == NULL || cur == NULL ||
	    (vdir = pki_pair_version_dir(dir, name, serial)) == NULL ||
	    (legacy = pki_strfmt("%s/%s.key", dir, name)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	vname = strrchr(vdir, '/') + 1;
	(void)pki_fsync_dir(stage);
	remove_version(dir, vname);
	if (rename(stage, vdir) != 0) {
		r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot rename \"%s\": %s"), stage,
		    strerror(errno));
		goto out;
	}
	(void)pki_fsync_dir(dir);
	prev = current_version(dir, name);
	if (prev == NULL && lstat(legacy, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((r = adopt_legacy(dir, name, old, err)) != 0)
			goto out;
		prev = current_version(dir, name);
	}
	/* The one step that puts the new pair in service. */
	if ((r = link_swap(dir, cur, vname, err)) != 0)
		goto out;
	(void)pki_fsync_dir(dir);
	/* The usual names, fixed links through NAME.current (made once). */
	for (size_t i = 0; i < 3 && r == 0; i++) {
		free(src);
		free(target);
		src = pki_strfmt("%s/%s%s", dir, name, pair_exts[i]);
		target = pki_strfmt("%s/%s%s", cur, name, pair_exts[i]);
		if (src == NULL || target == NULL)
			r = pki_err_nomem(err);
		else if (lstat(src, &st) != 0 || !S_ISLNK(st.st_mode))
			r = link_swap(dir, strrchr(src, '/') + 1, target, err);
	}
	if (r != 0)
		goto out;
	(void)pki_fsync_dir(dir);
	/* Older versions go; the previous one stays for a reader that
	 * resolved NAME.current just before the swap. */
	if ((d = opendir(dir)) != NULL) {
		size_t nl = strlen(name);

		while ((de = readdir(d)) != NULL)
			if (strncmp(de->d_name, name, nl) == 0 &&
			    strncmp(de->d_name + nl, ".v", 2) == 0 &&
			    strcmp(de->d_name, vname) != 0 &&
			    (prev == NULL || strcmp(de->d_name, prev) != 0))
				remove_version(dir, de->d_name);
		closedir(d);
	}
out:
	free(stage);
	free(vdir);
	free(cur);
	free(prev);
	free(legacy);
	free(src);
	free(target);
	return r;
}

int
pki_pair_read(const char *dir, const char *name, uint64_t serial, unsigned char **key,
    size_t *key_len, unsigned char **cer, size_t *cer_len, struct pki_error *err)
{
	int r = PKI_ERR_IO;

	*key = *cer = NULL;
	*key_len = *cer_len = 0;
	/* A version removed between the resolution and the reads: again. */
	for (int attempt = 0; attempt < 3 && r == PKI_ERR_IO; attempt++) {
		char *ver = serial != 0 ? pki_strfmt("%s.v%" PRIu64, name, serial)
		                        : current_version(dir, name);
		char *kp, *cp;

		if (ver == NULL && serial == 0) /* a pair of regular files, or none */
			ver = strdup(".");
		if (ver == NULL)
			return pki_err_nomem(err);
		kp = pki_strfmt("%s/%s/%s.key", dir, ver, name);
		cp = pki_strfmt("%s/%s/%s.cer", dir, ver, name);
		free(ver);
		if (kp == NULL || cp == NULL)
			r = pki_err_nomem(err);
		else if ((r = pki_file_read(kp, PKI_CERT_MAX_BYTES, key, key_len, err)) == 0 &&
		    (r = pki_file_read(cp, PKI_CERT_MAX_BYTES, cer, cer_len, err)) != 0) {
			pki_secret_free(*key, *key_len);
			*key = NULL;
			*key_len = 0;
		}
		free(kp);
		free(cp);
		if (serial != 0)
			break;
	}
	return r;
}
