/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fileio.c: bounded reads and crash-safe writes. A file is written to a
 * temporary name in its own directory, fsynced, renamed over the target,
 * and the directory is fsynced, so a reader sees the old or the new file
 * whole, never a half of either. The writer holds an flock on its temporary
 * file; a temporary file nobody holds is what a killed writer left behind,
 * and the next write of the same name removes it.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

void
pki_cleanse(void *p, size_t len)
{
	if (p != NULL && len > 0)
		OPENSSL_cleanse(p, len);
}

void
pki_secret_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, len);
	free(p);
}

/* Reads at most max bytes of fd (which it closes); name is for messages. */
static int
read_fd(int fd, const char *path, size_t max, unsigned char **out, size_t *len,
    struct pki_error *err)
{
	unsigned char *buf = NULL, *nb;
	size_t cap = 0, n = 0;
	int r = 0;

	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > max + 1)
				cap = max + 1;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				r = pki_err_nomem(err);
				goto out;
			}
			buf = nb;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			r = pki_err_set(err, PKI_ERR_IO, "file", _("Cannot read \"%s\": %s"), path,
			    strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			r = pki_err_set(err, PKI_ERR_TOO_LARGE, "file",
			    _("\"%s\" is larger than the limit of %zu bytes"), path, max);
			goto out;
		}
	}
	if (buf == NULL && (buf = malloc(1)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
out:
	close(fd);
	free(buf);
	return r;
}

int
pki_file_read(const char *path, size_t max, unsigned char **out, size_t *len, struct pki_error *err)
{
	int fd;

	*out = NULL;
	*len = 0;
	fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pki_err_set(err, PKI_ERR_IO, "file", _("Cannot read \"%s\": %s"), path,
		    strerror(errno));
	return read_fd(fd, path, max, out, len, err);
}

int
pki_file_read_regular(const char *path, size_t max, unsigned char **out, size_t *len,
    struct pki_error *err)
{
	struct stat st;
	int fd;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ELOOP)
		return pki_err_set(err, PKI_ERR_INVALID, "file",
		    _("\"%s\" is a symbolic link: only regular files are read here"), path);
	if (fd < 0)
		return pki_err_set(err, PKI_ERR_IO, "file", _("Cannot read \"%s\": %s"), path,
		    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return pki_err_set(err, PKI_ERR_INVALID, "file",
		    _("\"%s\" is not a regular file (a FIFO, a device, a socket or a directory): "
		      "only regular files are read here"),
		    path);
	}
	return read_fd(fd, path, max, out, len, err);
}

int
pki_secret_file_check(int fd, const char *path, struct pki_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return pki_err_set(err, PKI_ERR_IO, "file", _("Cannot read \"%s\": %s"), path,
		    strerror(errno));
	/* A pipe or a terminal (--password-file /dev/stdin) has no one else's
	 * permission to judge. */
	if (!S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
		return 0;
	return pki_err_set(err, PKI_ERR_PASSWORD, "password_file",
	    _("The password file \"%s\" can be read or written by other users (mode %04o): "
	      "make it private with \"chmod 600 %s\" and choose a new password if others may "
	      "have read it"),
	    path, (unsigned)(st.st_mode & 07777), path);
}

int
pki_dir_check_private(const char *path, const char *what, struct pki_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return pki_err_set(err, PKI_ERR_IO, "dir", _("Cannot use the %s \"%s\": %s"), what,
		    path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return pki_err_set(err, PKI_ERR_IO, "dir", _("\"%s\" is not a directory"), path);
	if (st.st_uid != geteuid())
		return pki_err_set(err, PKI_ERR_IO, "dir",
		    _("The %s \"%s\" belongs to another user (uid %lu): run ncpki as that user, "
		      "or give the directory to this one with \"chown %lu %s\""),
		    what, path, (unsigned long)st.st_uid, (unsigned long)geteuid(), path);
	if ((st.st_mode & 022) != 0)
		return pki_err_set(err, PKI_ERR_IO, "dir",
		    _("The %s \"%s\" can be written by other users (mode %04o): "
		      "make it private with \"chmod go-w %s\""),
		    what, path, (unsigned)(st.st_mode & 07777), path);
	return 0;
}

int
pki_fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, r = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		r = fsync(fd);
		close(fd);
	}
	free(copy);
	return r;
}

/* Removes PATH.tmp.* files that no live writer holds (see above). */
static void
remove_stale_temps(const char *path)
{
	char *copy = strdup(path), *prefix = pki_strfmt("%s.tmp.", path);
	const char *base;
	struct dirent *de;
	size_t plen;
	DIR *d;

	if (copy == NULL || prefix == NULL)
		goto out;
	base = strrchr(prefix, '/');
	base = base != NULL ? base + 1 : prefix;
	plen = strlen(base);
	if ((d = opendir(dirname(copy))) == NULL)
		goto out;
	while ((de = readdir(d)) != NULL) {
		int fd;
		if (strncmp(de->d_name, base, plen) != 0 || strlen(de->d_name) != plen + 6)
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		/* Locked: a writer is at work. Unlocked: its writer died. */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd(d), de->d_name, 0);
		close(fd);
	}
	closedir(d);
out:
	free(copy);
	free(prefix);
}

/* exclusive: the temporary file is linked to path, which must not exist
 * (never replaced: PKI_ERR_EXISTS), else renamed over it. */
static int
write_via_temp(const char *path, const void *data, size_t len, mode_t mode, bool exclusive,
    struct pki_error *err)
{
	char *tmp = pki_strfmt("%s.tmp.XXXXXX", path);
	const unsigned char *p = data;
	int fd = -1, r = 0;

	if (tmp == NULL)
		return pki_err_nomem(err);
	remove_stale_temps(path);
	for (int tries = 0;; tries++) {
		struct stat st;
		size_t n = strlen(tmp);
		if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
			r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot create \"%s\": %s"), path,
			    strerror(errno));
			free(tmp);
			return r;
		}
		/* Held until the rename: tells remove_stale_temps this one is
		 * alive. Another process's cleaning may have taken it before
		 * the lock: then it is gone, and a new name is made. */
		if (flock(fd, LOCK_EX) != 0 || fstat(fd, &st) != 0)
			goto fail;
		if (st.st_nlink > 0 || tries >= 10)
			break;
		close(fd);
		memcpy(tmp + n - 6, "XXXXXX", 6);
	}
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (exclusive) {
		if (link(tmp, path) != 0) {
			int e = errno;

			close(fd);
			unlink(tmp);
			free(tmp);
			if (e == EEXIST)
				return pki_err_set(err, PKI_ERR_EXISTS, NULL,
				    _("\"%s\" already exists: it was not replaced"), path);
			return pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot write \"%s\": %s"),
			    path, strerror(e));
		}
		unlink(tmp);
	} else if (rename(tmp, path) != 0) {
		goto fail;
	}
	close(fd); /* after the rename: the lock covers the temporary name */
	fd = -1;
	pki_fsync_dir(path);
	free(tmp);
	return 0;
fail:
	r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot write \"%s\": %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return r;
}

int
pki_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    struct pki_error *err)
{
	return write_via_temp(path, data, len, mode, false, err);
}

int
pki_file_create_excl(const char *path, const void *data, size_t len, mode_t mode,
    struct pki_error *err)
{
	return write_via_temp(path, data, len, mode, true, err);
}

char *
pki_file_link_old(const char *path)
{
	for (int i = 0; i < 1000; i++) {
		char *dst = i == 0 ? pki_strfmt("%s.old", path) : pki_strfmt("%s.old.%d", path, i);

		if (dst == NULL) {
			errno = ENOMEM;
			return NULL;
		}
		/* link() never replaces an existing name: taken, the next. */
		if (link(path, dst) == 0)
			return dst;
		free(dst);
		if (errno != EEXIST)
			return NULL;
	}
	return NULL; /* errno EEXIST */
}

int
pki_file_set_aside(const char *path, char **to, struct pki_error *err)
{
	char *dst = pki_file_link_old(path);

	*to = NULL;
	if (dst == NULL || unlink(path) != 0) {
		int e = errno;

		if (dst != NULL)
			(void)unlink(dst);
		free(dst);
		return e == ENOMEM ? pki_err_nomem(err)
		                   : pki_err_set(err, PKI_ERR_IO, NULL,
		                         _("Cannot rename \"%s\": %s"), path, strerror(e));
	}
	pki_fsync_dir(path);
	*to = dst;
	return 0;
}
