/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util.c: the helpers every ncpki command shares: usage errors and help,
 * running a command from its option table, the options several commands
 * share, operand parsing, unlocking the CA key and confirmations from
 * /dev/tty, UTC time formatting, sanitized text output and tables, and
 * JSON output through jansson. Error lines, exit statuses and passwords
 * come from src/common. Nothing here knows OpenSSL or SQLite: only ncpki.h.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "i18n.h"

/* ------------------------------------------------------------- messages */

void
cli_store_notice(pki_store *store)
{
	const char *n = pki_store_notice(store);

	if (n != NULL)
		nc_warning("%s", n);
	pki_store_notice_clear(store);
}

const char *
cli_hint(const struct cli_ctx *ctx, char buf[CLI_HINT_MAX])
{
	if (ctx != NULL && ctx->cmd != NULL && ctx->cmd->name[0] != '\0')
		snprintf(buf, CLI_HINT_MAX, "ncpki %s %s --help", ctx->group->name, ctx->cmd->name);
	else if (ctx != NULL && ctx->group != NULL)
		snprintf(buf, CLI_HINT_MAX, "ncpki %s --help", ctx->group->name);
	else
		snprintf(buf, CLI_HINT_MAX, "ncpki --help");
	return buf;
}

int
cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	char what[512], hint[CLI_HINT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return nc_usage_error(cli_hint(ctx, hint), "%s", what);
}

/* gettext of "" is the catalogue's header: an empty usage stays empty. */
static const char *
usage_text(const char *s)
{
	return s[0] != '\0' ? _(s) : "";
}

int
cli_help(const struct cli_ctx *ctx)
{
	const struct cli_cmd *c = ctx->cmd;

	if (c->name[0] == '\0')
		printf(_("Usage: ncpki [--home DIR] %s %s\n"), ctx->group->name,
		    usage_text(c->usage));
	else
		printf(_("Usage: ncpki [--home DIR] %s %s %s\n"), ctx->group->name, c->name,
		    usage_text(c->usage));
	printf("%s\n\n", _(c->summary));
	if (c->description != NULL) {
		nc_opt_wrap(stdout, _(c->description), 0, 0);
		putchar('\n');
	}
	nc_opt_help(c->options, stdout);
	return NC_EXIT_OK;
}

void
cli_group_help(const struct cli_group *g, FILE *fp)
{
	const struct cli_cmd *c;

	fprintf(fp, _("Usage: ncpki [--home DIR] %s COMMAND [options]\n"), g->name);
	fprintf(fp, "%s\n\n%s\n", _(g->summary), _("Commands:"));
	for (c = g->cmds; c->name != NULL; c++)
		fprintf(fp, "  %-10s %s\n", c->name, _(c->summary));
	fprintf(fp, _("\n'ncpki %s COMMAND --help' shows a command's options.\n"), g->name);
}

int
cli_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *c = ctx->cmd;
	char hint[CLI_HINT_MAX];
	void *args;
	int first, r;

	if ((args = nc_opt_args_new(c->options)) == NULL)
		return NC_EXIT_FAILURE;
	r = nc_opt_parse(c->options, args, argc, argv, 0, cli_hint(ctx, hint), &first);
	if (r == 0 && c->nargs != CLI_NARGS_ANY)
		r = cli_operands(ctx, argc - first, argv + first, c->nargs);
	if (r == 0)
		r = c->exec(ctx, args, argc - first, argv + first);
	else if (r == NC_OPT_HELP)
		r = cli_help(ctx);
	else if (r == NC_OPT_DONE)
		r = NC_EXIT_OK;
	nc_opt_free(c->options, args);
	free(args);
	return r;
}

int
cli_operands(const struct cli_ctx *ctx, int argc, char **argv, int n)
{
	if (argc < n)
		return cli_usage_error(ctx, _("missing argument: ncpki %s %s %s"), ctx->group->name,
		    ctx->cmd->name, usage_text(ctx->cmd->usage));
	if (argc > n)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[n]);
	return NC_EXIT_OK;
}

int
cli_store(struct cli_ctx *ctx)
{
	struct pki_error err;

	if (ctx->store != NULL)
		return NC_EXIT_OK;
	pki_error_clear(&err);
	if (pki_open(ctx->home, &ctx->store, &err) != 0)
		return nc_fail(&err);
	pki_store_set_actor_local(ctx->store, "cli");
	return NC_EXIT_OK;
}

/* ------------------------------------------------------------- options */

const struct nc_option cli_json_object_opts[] = {
	NC_OPT_BOOL("json", struct cli_json_args, json, N_("print a JSON object")),
	NC_OPT_END_OF(struct cli_json_args, NULL),
};

const struct nc_option cli_json_array_opts[] = {
	NC_OPT_BOOL("json", struct cli_json_args, json, N_("print a JSON array")),
	NC_OPT_END_OF(struct cli_json_args, NULL),
};

const struct nc_option cli_yes_opts[] = {
	CLI_OPT_YES(struct cli_yes_args, yes),
	NC_OPT_END_OF(struct cli_yes_args, NULL),
};

int
cli_opt_key_type(const char *hint, const struct nc_option *opt, const char *arg, void *field,
    void *base)
{
	if (pki_key_type_parse(arg, field) != 0)
		return nc_usage_error(hint,
		    _("--%s: unknown key type '%s' (rsa2048, rsa3072, "
		      "rsa4096, p256, p384 or ed25519)"),
		    opt->name, arg);
	return NC_EXIT_OK;
}

/* ------------------------------------------------------------- numbers */

int
cli_parse_id(const struct cli_ctx *ctx, const char *s, const char *what, int64_t *out)
{
	char hint[CLI_HINT_MAX];

	return nc_parse_id(cli_hint(ctx, hint), s, what, out);
}

int
cli_parse_serial(const struct cli_ctx *ctx, const char *s, const char *what, uint64_t *out)
{
	char hint[CLI_HINT_MAX];

	return nc_parse_serial(cli_hint(ctx, hint), s, what, out);
}

int
cli_parse_long(const struct cli_ctx *ctx, const char *s, const char *what, long *out)
{
	char hint[CLI_HINT_MAX];

	return nc_parse_long(cli_hint(ctx, hint), s, what, out);
}

/* ------------------------------------------------------- confirmations */

static bool
is_yes(const char *answer)
{
	/* TRANSLATORS: the short and long answers accepted as "yes" at a
	 * [y/N] prompt; "y" and "yes" are always accepted too. */
	const char *tr_y = _("y"), *tr_yes = _("yes");

	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0 ||
	    strcasecmp(answer, tr_y) == 0 || strcasecmp(answer, tr_yes) == 0;
}

int
cli_confirm(const char *question, bool yes)
{
	char answer[64], *p;
	size_t len;
	int tty, r;

	if (yes)
		return NC_EXIT_OK;
	if ((tty = nc_tty_open()) < 0) {
		nc_error("%s",
		    _("This needs a confirmation and there is no terminal "
		      "to ask for it: use --yes."));
		return NC_EXIT_USAGE;
	}
	fflush(stdout);
	if (write(tty, question, strlen(question)) < 0) {
		/* The read below reports a terminal that has gone. */
	}
	r = nc_read_line(tty, answer, sizeof answer, &len);
	close(tty);
	if (r != 0)
		return NC_EXIT_FAILURE;
	for (p = answer; *p == ' ' || *p == '\t'; p++)
		;
	while (len > 0 && (answer[len - 1] == ' ' || answer[len - 1] == '\t'))
		answer[--len] = '\0';
	return is_yes(p) ? NC_EXIT_OK : NC_EXIT_FAILURE;
}

/* --------------------------------------------------------------- output */

const char *
cli_time(time_t t, enum cli_time_fmt fmt, char buf[CLI_TIME_MAX])
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

void
cli_put(FILE *fp, const char *s)
{
	char *clean;

	if (s == NULL || *s == '\0')
		return;
	clean = pki_sanitize(s);
	fputs(clean != NULL ? clean : "?", fp);
	free(clean);
}

void
cli_put_lines(FILE *fp, const char *s)
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

char *
cli_join(const char *const *parts, size_t n, const char *sep)
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
static size_t
text_width(const char *s)
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

void
cli_field(const char *label, const char *value)
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
	char **cells; /* nrows * ncols, sanitized */
};

struct cli_table *
cli_table_new(size_t ncols, const char *const *headers)
{
	struct cli_table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->ncols = ncols;
	t->headers = headers;
	return t;
}

int
cli_table_add(struct cli_table *t, const char *const *cells)
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

static void
put_padded(FILE *fp, const char *s, size_t width, bool last)
{
	size_t w = text_width(s);

	fputs(s, fp);
	if (last)
		return;
	for (; w < width + 2; w++)
		fputc(' ', fp);
}

void
cli_table_print(const struct cli_table *t, FILE *fp)
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
			put_padded(fp, t->cells[r * t->ncols + c], width[c], c + 1 == t->ncols);
		fputc('\n', fp);
	}
	free(width);
}

void
cli_table_free(struct cli_table **tp)
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

int
cli_json_print(json_t *json)
{
	int r;

	if (json == NULL) {
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	r = json_dumpf(json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	if (r != 0 || fputc('\n', stdout) == EOF) {
		nc_error(_("Cannot write to standard output: %s"), strerror(errno));
		return NC_EXIT_FAILURE;
	}
	return NC_EXIT_OK;
}

/* ------------------------------------------------------------- signer */

/* The key is tried without a password first, so that a missing key file
 * is reported before any password is asked. */
int
cli_open_signer(struct cli_ctx *ctx, const struct nc_pwsrc *src, pki_signer **signer)
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
int
cli_open_signer_start(struct cli_ctx *ctx, const struct nc_pwsrc *src, struct cli_signer_start *st)
{
	struct nc_secret pw = { NULL, 0, 0 };
	struct pki_error err;
	int r;

	memset(st, 0, sizeof *st);
	pki_error_clear(&err);
	r = pki_signer_open(ctx->store, NULL, 0, &st->signer, &err);
	if (r == 0)
		return NC_EXIT_OK;
	if (r != PKI_ERR_PASSWORD)
		return nc_fail(&err);
	r = nc_password(src, _("Password for Certificate Authority's Private Key file: "), NULL,
	    &pw, nc_error);
	if (r != 0)
		return r;
	pki_error_clear(&err);
	if (pki_signer_open_start(ctx->store, pw.buf, pw.len, &st->pending, &err) != 0)
		r = nc_fail(&err);
	nc_secret_free(&pw);
	return r;
}

int
cli_open_signer_finish(struct cli_ctx *ctx, struct cli_signer_start *st, pki_signer **signer)
{
	struct pki_error err;
	pki_signer_pending *pd = st->pending;

	*signer = st->signer;
	st->signer = NULL;
	st->pending = NULL;
	if (pd == NULL)
		return *signer != NULL ? NC_EXIT_OK : NC_EXIT_FAILURE;
	pki_error_clear(&err);
	if (pki_signer_open_finish(ctx->store, pd, signer, &err) != 0)
		return nc_fail(&err);
	return NC_EXIT_OK;
}

void
cli_open_signer_cancel(struct cli_signer_start *st)
{
	pki_signer_close(&st->signer);
	pki_signer_open_cancel(&st->pending);
}
