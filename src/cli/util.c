/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util.c: the helpers every ncpki command shares: error and warning lines,
 * the mapping of library error codes to exit codes, option and number
 * parsing, passwords (one line from --password-file or --password-fd, or
 * /dev/tty without echo) and confirmations from /dev/tty, UTC time
 * formatting, sanitized text output and tables, and JSON output through
 * jansson. Nothing here knows OpenSSL or SQLite: only ncpki.h.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "i18n.h"

/* ------------------------------------------------------------- messages */

static void vmessage(const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "ncpki: %s: ", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* TRANSLATORS: the prefix of error lines: "ncpki: error: ..." */
	vmessage(_("error"), fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* TRANSLATORS: the prefix of warning lines: "ncpki: warning: ..." */
	vmessage(_("warning"), fmt, ap);
	va_end(ap);
}

void cli_store_notice(pki_store *store)
{
	const char *n = pki_store_notice(store);

	if (n != NULL)
		cli_warning("%s", n);
	pki_store_notice_clear(store);
}

int cli_exit_code(int code)
{
	switch (code) {
	case PKI_OK:
		return CLI_EXIT_OK;
	case PKI_ERR_INVALID:
	case PKI_ERR_BAD_CSR:
	case PKI_ERR_WEAK_KEY:
	case PKI_ERR_TOO_LARGE:
	case PKI_ERR_DUPLICATE:
	case PKI_ERR_MISMATCH:
	case PKI_ERR_NOT_CA:
	case PKI_ERR_EXISTS:
	case PKI_ERR_QUOTA:
	case PKI_ERR_NOT_RENEWAL:
	case PKI_ERR_ALREADY_CONFIGURED:
		return CLI_EXIT_REJECTED;
	case PKI_ERR_PASSWORD:
		return CLI_EXIT_PASSWORD;
	case PKI_ERR_KEY_UNAVAILABLE:
		return CLI_EXIT_KEY;
	default:
		return CLI_EXIT_FAILURE;
	}
}

int cli_fail(const struct pki_error *err)
{
	cli_error("%s", err->msg[0] != '\0' ? err->msg : pki_strerror(err->code));
	return cli_exit_code(err->code);
}

int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	char what[512], hint[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	/* One line per error: the pointer to --help goes on the same line. */
	if (ctx != NULL && ctx->cmd != NULL)
		snprintf(hint, sizeof hint, "ncpki %s %s --help", ctx->group->name,
		         ctx->cmd->name);
	else if (ctx != NULL && ctx->group != NULL)
		snprintf(hint, sizeof hint, "ncpki %s --help", ctx->group->name);
	else
		snprintf(hint, sizeof hint, "ncpki --help");
	/* TRANSLATORS: a usage error, then the command that shows the usage. */
	cli_error(_("%s (try '%s')"), what, hint);
	return CLI_EXIT_USAGE;
}

/* The column where the option descriptions of `help` start. */
static int help_column(const char *help)
{
	const char *line = help, *p;

	while (line != NULL && *line != '\0') {
		if (strncmp(line, "  -", 3) == 0) {
			for (p = line + 2; *p != '\0' && *p != '\n'; p++)
				if (p[0] == ' ' && p[1] == ' ')
					break;
			while (*p == ' ')
				p++;
			if (*p != '\0' && *p != '\n')
				return (int)(p - line);
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return 24;
}

/* gettext of "" is the catalogue's header: an empty usage stays empty. */
static const char *usage_text(const char *s)
{
	return s[0] != '\0' ? _(s) : "";
}

int cli_help(const struct cli_ctx *ctx)
{
	const struct cli_cmd *c = ctx->cmd;
	const char *help = c->help != NULL ? _(c->help) : NULL;

	if (c->name[0] == '\0')
		printf(_("Usage: ncpki [--home DIR] %s %s\n"), ctx->group->name,
		       usage_text(c->usage));
	else
		printf(_("Usage: ncpki [--home DIR] %s %s %s\n"), ctx->group->name, c->name,
		       usage_text(c->usage));
	printf("%s\n\n", _(c->summary));
	if (help != NULL)
		fputs(help, stdout);
	printf("%-*s%s\n", help != NULL ? help_column(help) : 24, "  -h, --help",
	       _("show this help and exit"));
	return CLI_EXIT_OK;
}

void cli_group_help(const struct cli_group *g, FILE *fp)
{
	const struct cli_cmd *c;

	fprintf(fp, _("Usage: ncpki [--home DIR] %s COMMAND [options]\n"), g->name);
	fprintf(fp, "%s\n\n%s\n", _(g->summary), _("Commands:"));
	for (c = g->cmds; c->name != NULL; c++)
		fprintf(fp, "  %-10s %s\n", c->name, _(c->summary));
	fprintf(fp, _("\n'ncpki %s COMMAND --help' shows a command's options.\n"),
	        g->name);
}

int cli_getopt(const struct cli_ctx *ctx, int argc, char **argv,
               const char *shortopts, const struct option *longopts)
{
	char spec[64];
	int c;

	/* A ':' (after any '+') makes a missing argument return ':'. */
	if (shortopts[0] == '+')
		snprintf(spec, sizeof spec, "+:%s", shortopts + 1);
	else
		snprintf(spec, sizeof spec, ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c == '?') {
		if (optopt != 0 && optopt < 256)
			cli_usage_error(ctx, _("unknown option '-%c'"), optopt);
		else
			cli_usage_error(ctx, _("unknown or ambiguous option '%s'"), argv[optind - 1]);
	} else if (c == ':') {
		if (optopt != 0 && optopt < 256 && argv[optind - 1][1] != '-')
			cli_usage_error(ctx, _("option '-%c' needs an argument"), optopt);
		else
			cli_usage_error(ctx, _("option '%s' needs an argument"),
			                argv[optind - 1]);
		c = '?';
	}
	return c;
}

int cli_operands(const struct cli_ctx *ctx, int argc, char **argv, int n)
{
	int have = argc - optind;

	if (have < n)
		return cli_usage_error(ctx, _("missing argument: ncpki %s %s %s"),
		                       ctx->group->name, ctx->cmd->name, usage_text(ctx->cmd->usage));
	if (have > n)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind + n]);
	return CLI_EXIT_OK;
}

int cli_store(struct cli_ctx *ctx)
{
	struct pki_error err;

	if (ctx->store != NULL)
		return CLI_EXIT_OK;
	pki_error_clear(&err);
	if (pki_open(ctx->home, &ctx->store, &err) != 0)
		return cli_fail(&err);
	pki_store_set_actor_local(ctx->store, "cli");
	return CLI_EXIT_OK;
}

/* ------------------------------------------------------------- numbers */

static int parse_u64(const char *s, int base, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int cli_parse_id(const struct cli_ctx *ctx, const char *s, const char *what,
                 int64_t *out)
{
	uint64_t v;

	if (parse_u64(s, 10, &v) != 0 || v == 0 || v > INT64_MAX)
		return cli_usage_error(ctx, _("%s: '%s' is not a request number"), what, s);
	*out = (int64_t)v;
	return CLI_EXIT_OK;
}

int cli_parse_serial(const struct cli_ctx *ctx, const char *s, const char *what,
                     uint64_t *out)
{
	int r;

	/* Decimal as ncpki prints it, or 0x-prefixed hexadecimal as in ROOT.srl. */
	if (s != NULL && (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0))
		r = parse_u64(s + 2, 16, out);
	else
		r = parse_u64(s, 10, out);
	if (r != 0 || *out == 0)
		return cli_usage_error(ctx, _("%s: '%s' is not a serial number"), what, s);
	return CLI_EXIT_OK;
}

int cli_parse_long(const struct cli_ctx *ctx, const char *s, const char *what,
                   long *out)
{
	long v;
	char *end;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *s == ' ' || errno != 0 || *end != '\0')
		return cli_usage_error(ctx, _("%s: '%s' is not a number"), what, s);
	*out = v;
	return CLI_EXIT_OK;
}

int cli_parse_fd(const struct cli_ctx *ctx, const char *s, const char *what,
                 int *out)
{
	uint64_t v;

	if (parse_u64(s, 10, &v) != 0 || v > INT_MAX)
		return cli_usage_error(ctx, _("%s: '%s' is not a file descriptor"), what, s);
	*out = (int)v;
	return CLI_EXIT_OK;
}

/* ------------------------------------------------------------- secrets */

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
}

/* The signals that must not leave the terminal without echo. */
static const int tty_signals[] = {
	SIGINT, SIGHUP, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU
};
#define N_TTY_SIGNALS (sizeof tty_signals / sizeof tty_signals[0])

/*
 * Reads one line from fd into buf (NUL-terminated) a byte at a time, so
 * that nothing after the newline is consumed from a shared descriptor.
 * A trailing "\r" is dropped. Returns 0, 1 when the line did not fit
 * (the rest of it is consumed), -1 on a read error or a signal.
 */
static int read_line(int fd, char *buf, size_t cap, size_t *len)
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

static int secret_alloc(struct cli_secret *s)
{
	s->len = 0;
	s->cap = PKI_PASSWORD_MAX + 2;
	s->buf = calloc(1, s->cap);
	if (s->buf == NULL) {
		s->cap = 0;
		cli_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return CLI_EXIT_FAILURE;
	}
	return CLI_EXIT_OK;
}

void cli_secret_free(struct cli_secret *s)
{
	if (s == NULL)
		return;
	pki_secret_free(s->buf, s->cap);
	s->buf = NULL;
	s->len = 0;
	s->cap = 0;
}

static int too_long(void)
{
	cli_error(_("The password is longer than %d bytes."), PKI_PASSWORD_MAX);
	return CLI_EXIT_REJECTED;
}

/* One line from an open descriptor; `name` says where it came from. */
static int secret_from_fd(int fd, const char *name, struct cli_secret *out)
{
	int r;

	if ((r = secret_alloc(out)) != 0)
		return r;
	r = read_line(fd, out->buf, out->cap, &out->len);
	if (r < 0) {
		cli_error(_("Cannot read the password from %s: %s"), name, strerror(errno));
		cli_secret_free(out);
		return CLI_EXIT_FAILURE;
	}
	if (r > 0) {
		cli_secret_free(out);
		return too_long();
	}
	return CLI_EXIT_OK;
}

int cli_secret_from_file(const char *path, struct cli_secret *out)
{
	int fd, r;

	out->buf = NULL;
	out->len = out->cap = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		cli_error(_("Cannot open password file %s: %s"), path, strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	struct pki_error err;
	if (pki_secret_file_check(fd, path, &err) != 0) {
		cli_error("%s", err.msg);
		close(fd);
		return CLI_EXIT_REJECTED;
	}
	r = secret_from_fd(fd, path, out);
	close(fd);
	return r;
}

/*
 * Prompts on the terminal `tty` with echo off. The signals that would end
 * or stop the process first restore the terminal, then take their course.
 */
static int tty_read_secret(int tty, const char *prompt, struct cli_secret *out)
{
	struct termios saved, quiet;
	struct sigaction sa, old[N_TTY_SIGNALS];
	size_t i;
	int r, saved_errno;

	if ((r = secret_alloc(out)) != 0)
		return r;
	if (tcgetattr(tty, &saved) != 0) {
		cli_error(_("Cannot read the password from the terminal: %s"),
		          strerror(errno));
		cli_secret_free(out);
		return CLI_EXIT_FAILURE;
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
	r = read_line(tty, out->buf, out->cap, &out->len);
	saved_errno = errno;
	(void)tcsetattr(tty, TCSAFLUSH, &saved);

	for (i = 0; i < N_TTY_SIGNALS; i++)
		sigaction(tty_signals[i], &old[i], NULL);
	if (caught_signal != 0) {
		cli_secret_free(out);
		if (write(tty, "\n", 1) < 0) {
			/* nothing more to do for a terminal that has gone */
		}
		raise(caught_signal);
		cli_error("%s", _("Interrupted."));
		return CLI_EXIT_FAILURE;
	}
	if (r < 0) {
		cli_error(_("Cannot read the password from the terminal: %s"),
		          strerror(saved_errno));
		cli_secret_free(out);
		return CLI_EXIT_FAILURE;
	}
	if (r > 0) {
		cli_secret_free(out);
		return too_long();
	}
	return CLI_EXIT_OK;
}

int cli_password(const struct cli_pwsrc *src, const char *prompt,
                 const char *confirm, struct cli_secret *out)
{
	struct cli_secret again = {NULL, 0, 0};
	char name[32];
	int tty, r;

	out->buf = NULL;
	out->len = out->cap = 0;
	if (src->file != NULL)
		return cli_secret_from_file(src->file, out);
	if (src->fd >= 0) {
		snprintf(name, sizeof name, _("descriptor %d"), src->fd);
		return secret_from_fd(src->fd, name, out);
	}

	tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0 || !isatty(tty)) {
		if (tty >= 0)
			close(tty);
		cli_error("%s", _("A password is needed and there is no terminal to ask "
		                  "for it: use --password-file or --password-fd."));
		return CLI_EXIT_USAGE;
	}
	r = tty_read_secret(tty, prompt, out);
	if (r == 0 && confirm != NULL) {
		r = tty_read_secret(tty, confirm, &again);
		if (r == 0 && (again.len != out->len ||
		               memcmp(again.buf, out->buf, out->len) != 0)) {
			cli_error("%s", _("Passwords do not match."));
			r = CLI_EXIT_REJECTED;
		}
		cli_secret_free(&again);
		if (r != 0)
			cli_secret_free(out);
	}
	close(tty);
	return r;
}

/* ------------------------------------------------------- confirmations */

static bool is_yes(const char *answer)
{
	/* TRANSLATORS: the short and long answers accepted as "yes" at a
	 * [y/N] prompt; "y" and "yes" are always accepted too. */
	const char *tr_y = _("y"), *tr_yes = _("yes");

	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0 ||
	       strcasecmp(answer, tr_y) == 0 || strcasecmp(answer, tr_yes) == 0;
}

int cli_confirm(const char *question, bool yes)
{
	char answer[64], *p;
	size_t len;
	int tty, r;

	if (yes)
		return CLI_EXIT_OK;
	tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0 || !isatty(tty)) {
		if (tty >= 0)
			close(tty);
		cli_error("%s", _("This needs a confirmation and there is no terminal "
		                  "to ask for it: use --yes."));
		return CLI_EXIT_USAGE;
	}
	fflush(stdout);
	caught_signal = 0;
	if (write(tty, question, strlen(question)) < 0) {
		/* The read below reports a terminal that has gone. */
	}
	r = read_line(tty, answer, sizeof answer, &len);
	close(tty);
	if (r != 0)
		return CLI_EXIT_FAILURE;
	for (p = answer; *p == ' ' || *p == '\t'; p++)
		;
	while (len > 0 && (answer[len - 1] == ' ' || answer[len - 1] == '\t'))
		answer[--len] = '\0';
	return is_yes(p) ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

/* --------------------------------------------------------------- output */

const char *cli_time(time_t t, enum cli_time_fmt fmt, char buf[CLI_TIME_MAX])
{
	struct tm tm;
	size_t n = 0;

	if (t != 0 && gmtime_r(&t, &tm) != NULL) {
		switch (fmt) {
		case CLI_TIME_FULL:
			n = strftime(buf, CLI_TIME_MAX, "%Y-%m-%d %H:%M:%S UTC", &tm);
			break;
		case CLI_TIME_MINUTE:
			n = strftime(buf, CLI_TIME_MAX, "%Y-%m-%d %H:%M", &tm);
			break;
		case CLI_TIME_DAY:
			n = strftime(buf, CLI_TIME_MAX, "%Y-%m-%d", &tm);
			break;
		case CLI_TIME_ISO:
			n = strftime(buf, CLI_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
			break;
		}
	}
	buf[n] = '\0';
	return buf;
}

void cli_put(FILE *fp, const char *s)
{
	char *clean;

	if (s == NULL || *s == '\0')
		return;
	clean = pki_sanitize(s);
	fputs(clean != NULL ? clean : "?", fp);
	free(clean);
}

void cli_put_lines(FILE *fp, const char *s)
{
	const char *nl;
	char *line;
	size_t n;

	while (s != NULL && *s != '\0') {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		line = strndup(s, n);
		cli_put(fp, line != NULL ? line : "?");
		free(line);
		fputc('\n', fp);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

char *cli_join(const char *const *parts, size_t n, const char *sep)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; i < n; i++)
		if (parts[i] != NULL)
			len += strlen(parts[i]) + strlen(sep);
	s = malloc(len);
	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		if (parts[i] == NULL || parts[i][0] == '\0')
			continue;
		if (s[0] != '\0')
			strcat(s, sep);
		strcat(s, parts[i]);
	}
	return s;
}

/* Display columns of a (sanitized, hence valid UTF-8) string. */
static size_t text_width(const char *s)
{
	mbstate_t st;
	size_t w = 0, n;
	wchar_t wc;
	int cw;

	memset(&st, 0, sizeof st);
	while (*s != '\0') {
		if ((unsigned char)*s < 0x80) {
			/* ASCII, the common case: printable is one column */
			w += (unsigned char)*s >= 0x20 && *s != 0x7f;
			s++;
			continue;
		}
		n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not in this locale's charset: one column per character. */
			memset(&st, 0, sizeof st);
			s++;
			while ((*s & 0xC0) == 0x80)
				s++;
			w++;
			continue;
		}
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		s += n;
	}
	return w;
}

#define CLI_LABEL_WIDTH 18

void cli_field(const char *label, const char *value)
{
	size_t w = text_width(label) + 1;

	printf("%s:", label);
	do
		putchar(' ');
	while (++w < CLI_LABEL_WIDTH);
	cli_put(stdout, value);
	putchar('\n');
}

struct cli_table {
	size_t ncols, nrows, alloc;
	const char *const *headers;
	char **cells;   /* nrows * ncols, sanitized */
};

struct cli_table *cli_table_new(size_t ncols, const char *const *headers)
{
	struct cli_table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->ncols = ncols;
	t->headers = headers;
	return t;
}

int cli_table_add(struct cli_table *t, const char *const *cells)
{
	char **grown;
	size_t i;

	if (t->nrows == t->alloc) {
		size_t alloc = t->alloc ? t->alloc * 2 : 16;

		grown = realloc(t->cells, alloc * t->ncols * sizeof *grown);
		if (grown == NULL)
			return -1;
		t->cells = grown;
		t->alloc = alloc;
	}
	for (i = 0; i < t->ncols; i++) {
		char *c = pki_sanitize(cells[i] != NULL ? cells[i] : "");

		if (c == NULL) {
			while (i-- > 0)
				free(t->cells[t->nrows * t->ncols + i]);
			return -1;
		}
		t->cells[t->nrows * t->ncols + i] = c;
	}
	t->nrows++;
	return 0;
}

static void put_padded(FILE *fp, const char *s, size_t width, bool last)
{
	size_t w = text_width(s);

	fputs(s, fp);
	if (last)
		return;
	for (; w < width + 2; w++)
		fputc(' ', fp);
}

void cli_table_print(const struct cli_table *t, FILE *fp)
{
	size_t *width, r, c, w;

	width = calloc(t->ncols, sizeof *width);
	if (width == NULL)
		return;
	for (c = 0; c < t->ncols; c++)
		width[c] = text_width(t->headers[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			w = text_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (c = 0; c < t->ncols; c++)
		put_padded(fp, t->headers[c], width[c], c + 1 == t->ncols);
	fputc('\n', fp);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			put_padded(fp, t->cells[r * t->ncols + c], width[c],
			           c + 1 == t->ncols);
		fputc('\n', fp);
	}
	free(width);
}

void cli_table_free(struct cli_table **tp)
{
	struct cli_table *t;
	size_t i;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
	*tp = NULL;
}

/* ----------------------------------------------------------------- JSON */

int cli_json_set_str(json_t *obj, const char *key, const char *s)
{
	json_t *v;
	char *clean;

	v = json_string(s != NULL ? s : "");
	if (v == NULL) {
		/* Not valid UTF-8: keep what can be shown. */
		clean = pki_sanitize(s);
		v = json_string(clean != NULL ? clean : "");
		free(clean);
	}
	return json_object_set_new(obj, key, v);
}

int cli_json_set_time(json_t *obj, const char *key, time_t t)
{
	char buf[CLI_TIME_MAX];

	if (t == 0)
		return json_object_set_new(obj, key, json_null());
	return json_object_set_new(obj, key, json_string(cli_time(t, CLI_TIME_ISO, buf)));
}

int cli_json_set_int(json_t *obj, const char *key, int64_t v)
{
	return json_object_set_new(obj, key, json_integer((json_int_t)v));
}

int cli_json_set_uint(json_t *obj, const char *key, uint64_t v)
{
	char buf[32];

	if (v <= (uint64_t)INT64_MAX)  /* json_int_t is a signed long long */
		return json_object_set_new(obj, key, json_integer((json_int_t)v));
	snprintf(buf, sizeof buf, "%" PRIu64, v);
	return json_object_set_new(obj, key, json_string(buf));
}

int cli_json_set_bool(json_t *obj, const char *key, bool v)
{
	return json_object_set_new(obj, key, json_boolean(v));
}

int cli_json_print(json_t *json)
{
	int r;

	if (json == NULL) {
		cli_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return CLI_EXIT_FAILURE;
	}
	r = json_dumpf(json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	if (r != 0 || fputc('\n', stdout) == EOF) {
		cli_error(_("Cannot write to standard output: %s"), strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	return CLI_EXIT_OK;
}

/* ------------------------------------------------------------- signer */

/* The key is tried without a password first, so that a missing key file
 * is reported before any password is asked. */
int cli_open_signer(struct cli_ctx *ctx, const struct cli_pwsrc *src,
                    pki_signer **signer)
{
	struct cli_signer_start st;
	int r;

	*signer = NULL;
	if ((r = cli_open_signer_start(ctx, src, &st)) != 0)
		return r;
	return cli_open_signer_finish(ctx, &st, signer);
}

/* The same in two steps (pki_signer_open_start): the password is asked
 * now and the key derived while the caller lists what it will sign. */
int cli_open_signer_start(struct cli_ctx *ctx, const struct cli_pwsrc *src,
                          struct cli_signer_start *st)
{
	struct cli_secret pw = {NULL, 0, 0};
	struct pki_error err;
	int r;

	memset(st, 0, sizeof *st);
	pki_error_clear(&err);
	r = pki_signer_open(ctx->store, NULL, 0, &st->signer, &err);
	if (r == 0)
		return CLI_EXIT_OK;
	if (r != PKI_ERR_PASSWORD)
		return cli_fail(&err);
	r = cli_password(src, _("Password for Certificate Authority's Private Key file: "),
	                 NULL, &pw);
	if (r != 0)
		return r;
	pki_error_clear(&err);
	if (pki_signer_open_start(ctx->store, pw.buf, pw.len, &st->pending, &err) != 0)
		r = cli_fail(&err);
	cli_secret_free(&pw);
	return r;
}

int cli_open_signer_finish(struct cli_ctx *ctx, struct cli_signer_start *st,
                           pki_signer **signer)
{
	struct pki_error err;
	pki_signer_pending *pd = st->pending;

	*signer = st->signer;
	st->signer = NULL;
	st->pending = NULL;
	if (pd == NULL)
		return *signer != NULL ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
	pki_error_clear(&err);
	if (pki_signer_open_finish(ctx->store, pd, signer, &err) != 0)
		return cli_fail(&err);
	return CLI_EXIT_OK;
}

void cli_open_signer_cancel(struct cli_signer_start *st)
{
	pki_signer_close(&st->signer);
	pki_signer_open_cancel(&st->pending);
}
