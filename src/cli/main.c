/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c: the ncpki entry point. Sets up the locale and message catalogue,
 * reads the global options (--home, --help, --version), then hands the
 * rest of the command line to a command group's subcommand from the
 * dispatch table below. With no command at all it opens the console.
 */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "ui/console.h"

static const struct cli_group *const groups[] = {
	&cli_group_server,
	&cli_group_csr,
	&cli_group_cert,
	&cli_group_mail,
	&cli_group_client,
	&cli_group_crl,
	&cli_group_check,
	&cli_group_audit,
	&cli_group_ocsp,
	&cli_group_service,
	NULL
};

static void usage(FILE *fp)
{
	const struct cli_group *const *g;

	fprintf(fp, "%s", _("Usage: ncpki [--home DIR] COMMAND SUBCOMMAND [options]\n"
	                    "       ncpki [--home DIR]\n"
	                    "A certificate authority for the terminal. Without a "
	                    "command, ncpki opens its console.\n\n"));
	fprintf(fp, "%s\n", _("Commands:"));
	for (g = groups; *g != NULL; g++)
		fprintf(fp, "  %-8s %s\n", (*g)->name, _((*g)->summary));
	fprintf(fp, "\n%s\n", _("Options:"));
	fprintf(fp, "  --home DIR     %s\n",
	        _("the data directory (default: $NCPKI_HOME, else "
	          "$XDG_DATA_HOME/ncpki, else ~/.local/share/ncpki)"));
	fprintf(fp, "  -h, --help     %s\n", _("show this help and exit"));
	fprintf(fp, "  -V, --version  %s\n", _("show the version and exit"));
	fprintf(fp, "\n%s\n", _("'ncpki COMMAND --help' lists a command's subcommands."));
}

static const struct cli_group *find_group(const char *name)
{
	const struct cli_group *const *g;

	for (g = groups; *g != NULL; g++)
		if (strcmp((*g)->name, name) == 0)
			return *g;
	return NULL;
}

static const struct cli_cmd *find_cmd(const struct cli_group *g, const char *name)
{
	const struct cli_cmd *c;

	for (c = g->cmds; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* argv[0] is the group's name. */
static int run_group(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_group *g = ctx->group;

	if (g->cmds[0].name[0] == '\0') {
		/* "ncpki check [options]": the group is its one command. */
		ctx->cmd = &g->cmds[0];
		optind = 0;
		return ctx->cmd->exec(ctx, argc, argv);
	}
	if (argc < 2)
		return cli_usage_error(ctx, _("'ncpki %s' needs a command"), g->name);
	if (is_help(argv[1])) {
		cli_group_help(g, stdout);
		return NC_EXIT_OK;
	}
	ctx->cmd = find_cmd(g, argv[1]);
	if (ctx->cmd == NULL)
		return cli_usage_error(ctx, _("unknown command '%s %s'"), g->name, argv[1]);
	/* The subcommand parses its own options from argv[1..]. */
	optind = 0;
	return ctx->cmd->exec(ctx, argc - 1, argv + 1);
}

/* Every operator command seals, on its way out, the audit entries that
 * ncpkid (which cannot read the audit key) appended since the last one,
 * when the CA directory is here and this user's ("audit" itself only when
 * asked: verify reports what it finds as it is). */
static void seal_on_exit(struct cli_ctx *ctx)
{
	struct pki_error err;

	if (ctx->store == NULL || ctx->group == &cli_group_audit)
		return;
	pki_error_clear(&err);
	if (pki_audit_seal(ctx->store, true, NULL, &err) != 0)
		nc_warning(_("the audit trail was not sealed: %s"), err.msg);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"home", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	struct cli_ctx ctx;
	const char *localedir;
	int c, r;

	nc_set_program("ncpki");
	setlocale(LC_ALL, "");
	pki_init();
	/* After pki_init, which binds the same domain: NCPKI_LOCALEDIR lets the
	 * tests use a catalogue built in the tree. */
	localedir = getenv("NCPKI_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir
	                                                                   : LOCALEDIR);
	textdomain(PACKAGE);

	memset(&ctx, 0, sizeof ctx);
	/* '+': stop at the command; what follows belongs to it. */
	while ((c = cli_getopt(&ctx, argc, argv, "+hV", opts)) != -1) {
		switch (c) {
		case 'H':
			ctx.home = optarg;
			break;
		case 'h':
			usage(stdout);
			return NC_EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return NC_EXIT_OK;
		default:
			return NC_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return console_run(ctx.home);
	if (strcmp(argv[optind], "help") == 0) {
		usage(stdout);
		return NC_EXIT_OK;
	}

	ctx.group = find_group(argv[optind]);
	if (ctx.group == NULL)
		return cli_usage_error(&ctx, _("unknown command '%s'"), argv[optind]);
	r = run_group(&ctx, argc - optind, argv + optind);
	seal_on_exit(&ctx);
	pki_close(&ctx.store);
	if (fflush(stdout) != 0 && r == NC_EXIT_OK) {
		nc_error("%s", _("Cannot write to standard output."));
		r = NC_EXIT_FAILURE;
	}
	return r;
}
