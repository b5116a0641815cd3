/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * options.c: the option tables of the front ends' commands: parsing a
 * command line against one (on getopt_long, whose table and short-option
 * string are built from it), the usage errors and number parsers the
 * commands share, and the option lines of --help, wrapped to 80 columns.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "i18n.h"
#include "message.h"
#include "options.h"

/* The last column of a help line, and where option help may start at most. */
#define HELP_WIDTH 79
#define HELP_COLUMN_MAX 30

/* ------------------------------------------------------- usage errors */

int
nc_usage_error(const char *hint, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	/* One line per error: the pointer to --help goes on the same line. */
	/* TRANSLATORS: a usage error, then the command that shows the usage. */
	nc_error(_("%s (try '%s')"), what, hint);
	return NC_EXIT_USAGE;
}

/* ------------------------------------------------------------- numbers */

static int
parse_u64(const char *s, int base, uint64_t *out)
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

int
nc_parse_id(const char *hint, const char *s, const char *what, int64_t *out)
{
	uint64_t v;

	if (parse_u64(s, 10, &v) != 0 || v == 0 || v > INT64_MAX)
		return nc_usage_error(hint, _("%s: '%s' is not a request number"), what, s);
	*out = (int64_t)v;
	return NC_EXIT_OK;
}

int
nc_parse_serial(const char *hint, const char *s, const char *what, uint64_t *out)
{
	int r;

	/* Decimal as ncpki prints it, or 0x-prefixed hexadecimal as in ROOT.srl. */
	if (s != NULL && (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0))
		r = parse_u64(s + 2, 16, out);
	else
		r = parse_u64(s, 10, out);
	if (r != 0 || *out == 0)
		return nc_usage_error(hint, _("%s: '%s' is not a serial number"), what, s);
	return NC_EXIT_OK;
}

int
nc_parse_long(const char *hint, const char *s, const char *what, long *out)
{
	long v;
	char *end;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *s == ' ' || errno != 0 || *end != '\0')
		return nc_usage_error(hint, _("%s: '%s' is not a number"), what, s);
	*out = v;
	return NC_EXIT_OK;
}

int
nc_parse_fd(const char *hint, const char *s, const char *what, int *out)
{
	uint64_t v;

	if (parse_u64(s, 10, &v) != 0 || v > INT_MAX)
		return nc_usage_error(hint, _("%s: '%s' is not a file descriptor"), what, s);
	*out = (int)v;
	return NC_EXIT_OK;
}

/* -------------------------------------------------------------- parsing */

static bool
takes_arg(const struct nc_option *o)
{
	return o->kind != NC_OPT_FLAG &&
	    !(o->kind == NC_OPT_CALLBACK && (o->flags & NC_OPT_NOARG) != 0);
}

static size_t
table_size(const struct nc_option *opts)
{
	size_t n = 0;

	while (opts != NULL && opts[n].kind != NC_OPT_END)
		n++;
	return n;
}

static int
list_add(const char *hint, const struct nc_option *o, struct nc_strlist *l, const char *arg,
    int argc)
{
	if (o->max > 0 && l->n >= (size_t)o->max)
		return nc_usage_error(hint, _("at most %ld --%s options"), o->max, o->name);
	if (l->v == NULL && (l->v = calloc((size_t)argc, sizeof *l->v)) == NULL) {
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	l->v[l->n++] = arg;
	return NC_EXIT_OK;
}

/* Stores one option's value; 0 or what the parse returns. */
static int
store(const char *hint, const struct nc_option *o, const char *arg, void *base, int argc)
{
	void *field = (char *)base + o->offset;
	char what[64];
	long v;
	int r;

	snprintf(what, sizeof what, "--%s", o->name);
	if (o->cb != NULL && o->kind != NC_OPT_CALLBACK &&
	    (r = o->cb(hint, o, arg, field, base)) != 0)
		return r;
	switch (o->kind) {
	case NC_OPT_FLAG:
		*(bool *)field = true;
		break;
	case NC_OPT_STRING:
		*(const char **)field = arg;
		break;
	case NC_OPT_LONG:
		if ((r = nc_parse_long(hint, arg, what, &v)) != 0)
			return r;
		if (o->min < o->max && (v < o->min || v > o->max))
			return nc_usage_error(hint, _("%s: give a number from %ld to %ld"), what,
			    o->min, o->max);
		*(long *)field = v;
		break;
	case NC_OPT_SERIAL:
		if ((r = nc_parse_serial(hint, arg, what, field)) != 0)
			return r;
		break;
	case NC_OPT_FD:
		if ((r = nc_parse_fd(hint, arg, what, field)) != 0)
			return r;
		break;
	case NC_OPT_LIST:
		if ((r = list_add(hint, o, field, arg, argc)) != 0)
			return r;
		break;
	case NC_OPT_CALLBACK:
		if ((r = o->cb(hint, o, arg, field, base)) != 0)
			return r;
		break;
	case NC_OPT_END:
		break;
	}
	if (o->seen != 0)
		*(bool *)((char *)base + o->seen - 1) = true;
	return NC_EXIT_OK;
}

/* The error for getopt_long's '?' (unknown) or ':' (argument missing). */
static int
getopt_error(const char *hint, int c, char **argv)
{
	if (c == '?') {
		if (optopt != 0 && optopt < 256)
			return nc_usage_error(hint, _("unknown option '-%c'"), optopt);
		return nc_usage_error(hint, _("unknown or ambiguous option '%s'"),
		    argv[optind - 1]);
	}
	if (optopt != 0 && optopt < 256 && argv[optind - 1][1] != '-')
		return nc_usage_error(hint, _("option '-%c' needs an argument"), optopt);
	return nc_usage_error(hint, _("option '%s' needs an argument"), argv[optind - 1]);
}

/* Exclusive groups, options that go with another, required options. */
static int
check_rules(const struct nc_option *opts, size_t n, const bool *seen, const char *hint)
{
	const char *names[3];
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		if (opts[i].excl <= 0 || !seen[i])
			continue;
		for (j = i + 1; j < n; j++)
			if (opts[j].excl == opts[i].excl && seen[j])
				break;
		if (j == n)
			continue;
		for (j = 0, k = 0; j < n && k < 3; j++)
			if (opts[j].excl == opts[i].excl)
				names[k++] = opts[j].name;
		if (k == 2)
			return nc_usage_error(hint, _("give --%s or --%s, not both"), names[0],
			    names[1]);
		return nc_usage_error(hint, _("give only one of --%s, --%s and --%s"), names[0],
		    names[1], names[2]);
	}
	for (i = 0; i < n; i++) {
		if (opts[i].needs == NULL || !seen[i])
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(opts[j].name, opts[i].needs) == 0 && seen[j])
				break;
		if (j == n)
			return nc_usage_error(hint, _("--%s goes with --%s"), opts[i].name,
			    opts[i].needs);
	}
	for (i = 0; i < n; i++) {
		if ((opts[i].flags & NC_OPT_REQUIRED) == 0 || seen[i])
			continue;
		if (opts[i].kind == NC_OPT_LIST)
			return nc_usage_error(hint, _("at least one --%s is required"),
			    opts[i].name);
		return nc_usage_error(hint, _("the option --%s is required"), opts[i].name);
	}
	return NC_EXIT_OK;
}

void *
nc_opt_args_new(const struct nc_option *opts)
{
	const struct nc_option *end = opts != NULL ? &opts[table_size(opts)] : NULL;
	size_t size = end != NULL && end->offset > 0 ? end->offset : 1;
	void *args = calloc(1, size);

	if (args == NULL)
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
	else if (end != NULL && end->defaults != NULL)
		memcpy(args, end->defaults, size);
	return args;
}

int
nc_opt_parse(const struct nc_option *opts, void *base, int argc, char **argv, unsigned mode,
    const char *hint, int *first)
{
	struct option lo[NC_OPT_MAX + 2];
	char so[3 * NC_OPT_MAX + 8], *s = so;
	bool seen[NC_OPT_MAX];
	size_t n = table_size(opts), i;
	int c, r;

	*first = argc;
	if (n > NC_OPT_MAX) {
		nc_error("%s", pki_strerror(PKI_ERR_INVALID));
		return NC_EXIT_FAILURE;
	}
	/* '+': stop at the first operand; ':': a missing argument returns ':'. */
	if ((mode & NC_OPT_STOP_AT_OPERAND) != 0)
		*s++ = '+';
	*s++ = ':';
	for (i = 0; i < n; i++) {
		const struct nc_option *o = &opts[i];

		lo[i].name = o->name;
		lo[i].has_arg = takes_arg(o) ? required_argument : no_argument;
		lo[i].flag = NULL;
		lo[i].val = o->short_name != 0 ? o->short_name : 256 + (int)i;
		if (o->short_name != 0) {
			*s++ = (char)o->short_name;
			if (takes_arg(o))
				*s++ = ':';
		}
		if (o->kind == NC_OPT_FD)
			*(int *)((char *)base + o->offset) = -1;
		seen[i] = false;
	}
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	*s++ = 'h';
	*s = '\0';

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (c == '?' || c == ':')
			return getopt_error(hint, c, argv);
		if (c >= 256) {
			i = (size_t)(c - 256);
		} else {
			for (i = 0; i < n && opts[i].short_name != c; i++)
				;
			if (i == n) /* -h, --help */
				return NC_OPT_HELP;
		}
		if ((r = store(hint, &opts[i], takes_arg(&opts[i]) ? optarg : NULL, base, argc)) !=
		    0)
			return r;
		seen[i] = true;
	}
	if ((r = check_rules(opts, n, seen, hint)) != 0)
		return r;
	*first = optind;
	return NC_EXIT_OK;
}

void
nc_opt_free(const struct nc_option *opts, void *base)
{
	size_t n = table_size(opts), i;

	for (i = 0; i < n; i++) {
		if (opts[i].kind == NC_OPT_LIST) {
			struct nc_strlist *l = (void *)((char *)base + opts[i].offset);

			free(l->v);
			l->v = NULL;
			l->n = 0;
		}
	}
}

/* ----------------------------------------------------------------- help */

/* Columns of a UTF-8 string of n bytes (one a character). */
static int
text_width(const char *s, size_t n)
{
	int w = 0;

	for (; n > 0; s++, n--)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void
nc_opt_wrap(FILE *fp, const char *text, int at, int indent)
{
	const char *p = text, *q;
	bool start = true; /* nothing written on this line yet */
	int col = at, w;

	while (*p != '\0') {
		if (*p == '\n') {
			fputc('\n', fp);
			col = 0;
			start = true;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		for (q = p; *q != '\0' && *q != ' ' && *q != '\n'; q++)
			;
		w = text_width(p, (size_t)(q - p));
		if (!start && col + 1 + w > HELP_WIDTH) {
			fputc('\n', fp);
			col = 0;
			start = true;
		}
		if (start) {
			for (; col < indent; col++)
				fputc(' ', fp);
		} else {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, (size_t)(q - p), fp);
		col += w;
		start = false;
		p = q;
	}
	if (!start)
		fputc('\n', fp);
}

/* "  -y, --yes" or "  --out FILE" into buf; returns its width. */
static int
option_spec(const struct nc_option *o, char *buf, size_t size)
{
	char shortname[8] = "";

	if (o->short_name != 0)
		snprintf(shortname, sizeof shortname, "-%c, ", o->short_name);
	snprintf(buf, size, "  %s--%s%s%s", shortname, o->name, o->argname != NULL ? " " : "",
	    o->argname != NULL ? o->argname : "");
	return (int)strlen(buf);
}

static void
help_line(FILE *fp, const char *spec, int width, const char *text, int col)
{
	fputs(spec, fp);
	if (width + 2 > col) {
		fputc('\n', fp);
		width = 0;
	}
	nc_opt_wrap(fp, text, width, col);
}

void
nc_opt_help(const struct nc_option *opts, FILE *fp)
{
	static const struct nc_option help = { .name = "help", .short_name = 'h' };
	size_t n = table_size(opts), i;
	char spec[128], text[1024];
	int col, w;

	col = option_spec(&help, spec, sizeof spec) + 2;
	for (i = 0; i < n; i++) {
		if ((opts[i].flags & NC_OPT_HIDDEN) != 0)
			continue;
		w = option_spec(&opts[i], spec, sizeof spec) + 2;
		if (w > col && w <= HELP_COLUMN_MAX)
			col = w;
	}
	for (i = 0; i < n; i++) {
		if ((opts[i].flags & NC_OPT_HIDDEN) != 0)
			continue;
		w = option_spec(&opts[i], spec, sizeof spec);
		if ((opts[i].flags & NC_OPT_REQUIRED) != 0)
			/* TRANSLATORS: an option's help, then the note that it is required. */
			snprintf(text, sizeof text, _("%s (required)"), _(opts[i].help));
		else
			snprintf(text, sizeof text, "%s", _(opts[i].help));
		help_line(fp, spec, w, text, col);
	}
	w = option_spec(&help, spec, sizeof spec);
	help_line(fp, spec, w, _("show this help and exit"), col);
}

void
nc_opt_list(const struct nc_option *opts, const char *prefix, FILE *fp)
{
	size_t n = table_size(opts), i;

	for (i = 0; i < n; i++) {
		if ((opts[i].flags & NC_OPT_HIDDEN) != 0)
			continue;
		fprintf(fp, "%s|--%s|%s|", prefix, opts[i].name,
		    opts[i].argname != NULL ? opts[i].argname : "");
		if (opts[i].short_name != 0)
			fprintf(fp, "-%c", opts[i].short_name);
		fputc('\n', fp);
	}
}
