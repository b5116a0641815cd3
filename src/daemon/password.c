/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * password.c: the CA key password for "ncpkid setup", read the way the
 * ncpki CLI reads it: the first line of --password-file, or of the
 * descriptor --password-fd, or typed on /dev/tty with echo off. Never from
 * the command line. The buffer is wiped when released.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "i18n.h"
#include "ncpkid.h"

void nd_secret_free(struct nd_secret *s)
{
	if (s == NULL)
		return;
	pki_secret_free(s->buf, s->cap);
	s->buf = NULL;
	s->len = s->cap = 0;
}

/* One line (without its end) from fd; 1 when longer than the limit. */
static int read_line(int fd, struct nd_secret *s)
{
	char c;
	ssize_t k;

	s->len = 0;
	for (;;) {
		k = read(fd, &c, 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0 || c == '\n')
			break;
		if (s->len + 1 >= s->cap)
			return 1;
		s->buf[s->len++] = c;
	}
	if (s->len > 0 && s->buf[s->len - 1] == '\r')
		s->len--;
	s->buf[s->len] = '\0';
	return 0;
}

static int from_fd(int fd, const char *name, struct nd_secret *out)
{
	int r = read_line(fd, out);

	if (r < 0) {
		nd_error(_("Cannot read the password from %s: %s"), name, strerror(errno));
		nd_secret_free(out);
		return ND_EXIT_FAILURE;
	}
	if (r > 0) {
		nd_error(_("The password is longer than %d bytes."), PKI_PASSWORD_MAX);
		nd_secret_free(out);
		return ND_EXIT_REJECTED;
	}
	return ND_EXIT_OK;
}

int nd_password(const char *file, int fd, const char *prompt, struct nd_secret *out)
{
	struct termios saved, quiet;
	sigset_t block, old;
	char name[32];
	int tty, r;

	out->len = 0;
	out->cap = PKI_PASSWORD_MAX + 2;
	if ((out->buf = calloc(1, out->cap)) == NULL) {
		out->cap = 0;
		nd_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return ND_EXIT_FAILURE;
	}
	if (file != NULL) {
		int f = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (f < 0) {
			nd_error(_("Cannot open password file %s: %s"), file, strerror(errno));
			nd_secret_free(out);
			return ND_EXIT_FAILURE;
		}
		struct pki_error err;
		if (pki_secret_file_check(f, file, &err) != 0) {
			nd_error("%s", err.msg);
			close(f);
			nd_secret_free(out);
			return ND_EXIT_REJECTED;
		}
		r = from_fd(f, file, out);
		close(f);
		return r;
	}
	if (fd >= 0) {
		snprintf(name, sizeof name, _("descriptor %d"), fd);
		return from_fd(fd, name, out);
	}
	tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0 || !isatty(tty) || tcgetattr(tty, &saved) != 0) {
		if (tty >= 0)
			close(tty);
		nd_error("%s", _("A password is needed and there is no terminal to ask "
		                 "for it: use --password-file or --password-fd."));
		nd_secret_free(out);
		return ND_EXIT_USAGE;
	}
	/* Keep ^C and ^Z from leaving the terminal without echo. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	quiet.c_lflag |= ECHONL;
	(void)tcsetattr(tty, TCSAFLUSH, &quiet);
	if (write(tty, prompt, strlen(prompt)) < 0) {
		/* the read reports a terminal that has gone */
	}
	r = from_fd(tty, _("the terminal"), out);
	(void)tcsetattr(tty, TCSAFLUSH, &saved);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(tty);
	return r;
}
