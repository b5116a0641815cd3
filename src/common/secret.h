/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * secret.h: the one password reader of the front ends. A password is one
 * line read from --password-file or --password-fd, or from the terminal
 * (/dev/tty) with echo off; the buffer that holds it is wiped when it is
 * released and on every failure. Nothing is printed here: what went wrong
 * goes to the caller's report function (ncpki passes nc_error).
 */
#ifndef NCPKI_COMMON_SECRET_H
#define NCPKI_COMMON_SECRET_H

#include <stddef.h>

/* Where a password comes from: a file, a descriptor, else the terminal. */
struct nc_pwsrc {
	const char *file; /* --password-file, or NULL */
	int fd; /* --password-fd, or -1 */
};
#define NC_PWSRC_INIT \
	{ \
		NULL, -1 \
	}

/* A password buffer; always released with nc_secret_free. */
struct nc_secret {
	char *buf;
	size_t len;
	size_t cap;
};

/* Says what went wrong, one translated line (printf format). */
typedef void nc_report_fn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Reads a password from src (one line) or from /dev/tty without echo,
 * prompting with `prompt`; on a terminal, `confirm` (when not NULL) asks a
 * second time and both must match. Returns an exit status (enum nc_exit):
 * USAGE when there is no terminal to ask, REJECTED for a password over
 * PKI_PASSWORD_MAX bytes, a password file others can read or passwords that
 * differ, FAILURE otherwise; on failure the reason went to `report` and
 * *out holds nothing.
 */
int nc_password(const struct nc_pwsrc *src, const char *prompt, const char *confirm,
    struct nc_secret *out, nc_report_fn *report);
/* The first line of the file `path` as a secret (the SMTP password). */
int nc_secret_from_file(const char *path, struct nc_secret *out, nc_report_fn *report);
void nc_secret_free(struct nc_secret *s);

/* The controlling terminal (/dev/tty) open for reading and writing, or -1
 * when there is none. */
int nc_tty_open(void);

/*
 * Reads one line from fd into buf (NUL-terminated) a byte at a time, so
 * that nothing after the newline is consumed from a shared descriptor.
 * A trailing "\r" is dropped. Returns 0, 1 when the line did not fit
 * (the rest of it is consumed, buf wiped), -1 on a read error (or a
 * signal that interrupts nc_password on the terminal).
 */
int nc_read_line(int fd, char *buf, size_t cap, size_t *len);

#endif /* NCPKI_COMMON_SECRET_H */
