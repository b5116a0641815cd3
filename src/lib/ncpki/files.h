/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * files.h: files and secrets. Reading a file with a size limit, writing one
 * so that a crash leaves the old or the new content, refusing password
 * files and directories other users can reach, and wiping a secret before
 * its memory is freed.
 */
#ifndef NCPKI_FILES_H
#define NCPKI_FILES_H

#include "error.h"

/* Reads at most `max` bytes; PKI_ERR_TOO_LARGE beyond. Caller frees. */
int pki_file_read(const char *path, size_t max, unsigned char **out, size_t *len,
    struct pki_error *err);
/* Temp name, fsync, rename, fsync of the directory. */
int pki_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    struct pki_error *err);

/* Refuses (PKI_ERR_PASSWORD, naming the path and the fix) a password file,
 * open as fd, that a user other than its owner may read or write; a pipe
 * or terminal passes. */
int pki_secret_file_check(int fd, const char *path, struct pki_error *err);
/* Refuses (PKI_ERR_IO, naming the path and the fix) a directory that
 * another user owns or may write to; what names it ("data directory"). */
int pki_dir_check_private(const char *path, const char *what, struct pki_error *err);

/* Wipes then frees; accepts NULL. */
void pki_secret_free(void *p, size_t len);
void pki_cleanse(void *p, size_t len);

#endif /* NCPKI_FILES_H */
