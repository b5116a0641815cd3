/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * secret.c: passwords for the front ends: one line from a file (checked
 * with pki_secret_file_check: no file others can read) or an inherited
 * descriptor, or from /dev/tty without echo, with the terminal restored
 * whatever signal arrives while it is off. Buffers are wiped
 * (pki_secret_free) on every path.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "exitcode.h"
#include "i18n.h"
#include "ncpki.h"
#include "secret.h"

static volatile sig_atomic_t caught_signal;

static void
on_signal(int sig)
{
	caught_signal = sig;
}

/* The signals that must not leave the terminal without echo. */
static const int tty_signals[] = {
	SIGINT,
	SIGHUP,
	SIGQUIT,
	SIGTERM,
	SIGTSTP,
	SIGTTIN,
	SIGTTOU,
};
#define N_TTY_SIGNALS (sizeof tty_signals / sizeof tty_signals[0])

int
nc_read_line(int fd, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	bool overflow = false;
	char ch;
	ssize_t r;

	for (;;) {
		r = read(fd, &ch, 1);
		if (r < 0) {
			if (errno == EINTR && caught_signal == 0)
				continue;
			pki_cleanse(buf, cap);
			*len = 0;
			return -1;
		}
		if (r == 0 || ch == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = ch;
		else
			overflow = true;
	}
	pki_cleanse(&ch, sizeof ch);
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	if (overflow) {
		pki_cleanse(buf, cap);
		*len = 0;
		return 1;
	}
	return 0;
}

static int
secret_alloc(struct nc_secret *s, nc_report_fn *report)
{
	s->len = 0;
	s->cap = PKI_PASSWORD_MAX + 2;
	s->buf = calloc(1, s->cap);
	if (s->buf == NULL) {
		s->cap = 0;
		report("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	return NC_EXIT_OK;
}

void
nc_secret_free(struct nc_secret *s)
{
	if (s == NULL)
		return;
	pki_secret_free(s->buf, s->cap);
	s->buf = NULL;
	s->len = 0;
	s->cap = 0;
}

/*
 * The exit status for nc_read_line's result `r` into out; on failure out is
 * released and the reason reported: a read error with `errnum`, from the
 * descriptor `name` (NULL: the terminal).
 */
static int
line_read(int r, int errnum, const char *name, struct nc_secret *out, nc_report_fn *report)
{
	if (r == 0)
		return NC_EXIT_OK;
	nc_secret_free(out);
	if (r > 0) {
		report(_("The password is longer than %d bytes."), PKI_PASSWORD_MAX);
		return NC_EXIT_REJECTED;
	}
	if (name != NULL)
		report(_("Cannot read the password from %s: %s"), name, strerror(errnum));
	else
		report(_("Cannot read the password from the terminal: %s"), strerror(errnum));
	return NC_EXIT_FAILURE;
}

/* One line from an open descriptor; `name` says where it came from. */
static int
secret_from_fd(int fd, const char *name, struct nc_secret *out, nc_report_fn *report)
{
	int r;

	if ((r = secret_alloc(out, report)) != 0)
		return r;
	r = nc_read_line(fd, out->buf, out->cap, &out->len);
	return line_read(r, errno, name, out, report);
}

int
nc_secret_from_file(const char *path, struct nc_secret *out, nc_report_fn *report)
{
	struct pki_error err;
	int fd, r;

	out->buf = NULL;
	out->len = out->cap = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		report(_("Cannot open password file %s: %s"), path, strerror(errno));
		return NC_EXIT_FAILURE;
	}
	if (pki_secret_file_check(fd, path, &err) != 0) {
		report("%s", err.msg);
		close(fd);
		return NC_EXIT_REJECTED;
	}
	r = secret_from_fd(fd, path, out, report);
	close(fd);
	return r;
}

int
nc_tty_open(void)
{
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);

	if (tty >= 0 && !isatty(tty)) {
		close(tty);
		tty = -1;
	}
	return tty;
}

/*
 * Prompts on the terminal `tty` with echo off. The signals that would end
 * or stop the process first restore the terminal, then take their course.
 */
static int
tty_read_secret(int tty, const char *prompt, struct nc_secret *out, nc_report_fn *report)
{
	struct termios saved, quiet;
	struct sigaction sa, old[N_TTY_SIGNALS];
	size_t i;
	int r, saved_errno, sig;

	if ((r = secret_alloc(out, report)) != 0)
		return r;
	if (tcgetattr(tty, &saved) != 0) {
		report(_("Cannot read the password from the terminal: %s"), strerror(errno));
		nc_secret_free(out);
		return NC_EXIT_FAILURE;
	}
	caught_signal = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < N_TTY_SIGNALS; i++)
		sigaction(tty_signals[i], &sa, &old[i]);

	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	quiet.c_lflag |= ECHONL;
	(void)tcsetattr(tty, TCSAFLUSH, &quiet);
	if (write(tty, prompt, strlen(prompt)) < 0) {
		/* The read below reports a terminal that has gone. */
	}
	r = nc_read_line(tty, out->buf, out->cap, &out->len);
	saved_errno = errno;
	(void)tcsetattr(tty, TCSAFLUSH, &saved);

	for (i = 0; i < N_TTY_SIGNALS; i++)
		sigaction(tty_signals[i], &old[i], NULL);
	sig = caught_signal;
	caught_signal = 0; /* the next nc_read_line waits through EINTR again */
	if (sig != 0) {
		nc_secret_free(out);
		if (write(tty, "\n", 1) < 0) {
			/* nothing more to do for a terminal that has gone */
		}
		raise(sig);
		report("%s", _("Interrupted."));
		return NC_EXIT_FAILURE;
	}
	return line_read(r, saved_errno, NULL, out, report);
}

int
nc_password(const struct nc_pwsrc *src, const char *prompt, const char *confirm,
    struct nc_secret *out, nc_report_fn *report)
{
	struct nc_secret again = { NULL, 0, 0 };
	char name[32];
	int tty, r;

	out->buf = NULL;
	out->len = out->cap = 0;
	if (src->file != NULL)
		return nc_secret_from_file(src->file, out, report);
	if (src->fd >= 0) {
		snprintf(name, sizeof name, _("descriptor %d"), src->fd);
		return secret_from_fd(src->fd, name, out, report);
	}

	if ((tty = nc_tty_open()) < 0) {
		report("%s",
		    _("A password is needed and there is no terminal to ask "
		      "for it: use --password-file or --password-fd."));
		return NC_EXIT_USAGE;
	}
	r = tty_read_secret(tty, prompt, out, report);
	if (r == 0 && confirm != NULL) {
		r = tty_read_secret(tty, confirm, &again, report);
		if (r == 0 &&
		    (again.len != out->len || memcmp(again.buf, out->buf, out->len) != 0)) {
			report("%s", _("Passwords do not match."));
			r = NC_EXIT_REJECTED;
		}
		nc_secret_free(&again);
		if (r != 0)
			nc_secret_free(out);
	}
	close(tty);
	return r;
}
