/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c: the ncpki entry point. Sets up the locale and message catalogue,
 * reads the global options (--home, --help, --version), then hands the
 * rest of the command line to a command group's subcommand from the
 * dispatch table below; "ncpki help [GROUP [COMMAND]]" shows their help.
 * With no command at all it opens the console.
 */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "lang.h"
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
	NULL,
};

/* The global options, before the command. */
struct main_args {
	const char *home;
	bool version;
};

static int
show_version(const char *hint, const struct nc_option *opt, const char *arg, void *field,
    void *base)
{
	printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	return NC_OPT_DONE;
}

static const struct nc_option main_opts[] = {
	NC_OPT_STR("home", struct main_args, home, "DIR",
	    N_("the data directory (default: $NCPKI_HOME, else "
	       "$XDG_DATA_HOME/ncpki, else ~/.local/share/ncpki)")),
	NC_OPT_CB("version", struct main_args, version, bool, NULL, N_("show the version and exit"),
	    show_version, .short_name = 'V', .flags = NC_OPT_NOARG),
	NC_OPT_END_OF(struct main_args, NULL),
};

static void
usage(FILE *fp)
{
	const struct cli_group *const *g;

	fprintf(fp, "%s",
	    _("Usage: ncpki [--home DIR] COMMAND SUBCOMMAND [options]\n"
	      "       ncpki [--home DIR]\n"
	      "A certificate authority for the terminal. Without a "
	      "command, ncpki opens its console.\n\n"));
	fprintf(fp, "%s\n", _("Commands:"));
	for (g = groups; *g != NULL; g++)
		fprintf(fp, "  %-8s %s\n", (*g)->name, _((*g)->summary));
	fprintf(fp, "\n%s\n", _("Options:"));
	nc_opt_help(main_opts, fp);
	fprintf(fp, "\n%s\n", _("'ncpki COMMAND --help' lists a command's subcommands."));
}

static const struct cli_group *
find_group(const char *name)
{
	const struct cli_group *const *g;

	for (g = groups; *g != NULL; g++)
		if (strcmp((*g)->name, name) == 0)
			return *g;
	return NULL;
}

static const struct cli_cmd *
find_cmd(const struct cli_group *g, const char *name)
{
	const struct cli_cmd *c;

	for (c = g->cmds; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static bool
is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* argv[0] is the group's name. */
static int
run_group(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_group *g = ctx->group;

	if (g->cmds[0].name[0] == '\0') {
		/* "ncpki check [options]": the group is its one command. */
		ctx->cmd = &g->cmds[0];
		return cli_run(ctx, argc, argv);
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
	/* The subcommand's options and operands follow its name. */
	return cli_run(ctx, argc - 1, argv + 1);
}

/* Every option of every command, "SECTION|--NAME|PLACEHOLDER|-C" a line,
 * SECTION being the manual page's heading for it ("ncpki GROUP CMD"): the
 * test that keeps ncpki(1) in step reads it. */
static void
list_options(void)
{
	const struct cli_group *const *g;
	const struct cli_cmd *c;
	char prefix[128];

	nc_opt_list(main_opts, "ncpki", stdout);
	for (g = groups; *g != NULL; g++)
		for (c = (*g)->cmds; c->name != NULL; c++) {
			snprintf(prefix, sizeof prefix, "ncpki %s%s%s", (*g)->name,
			    c->name[0] != '\0' ? " " : "", c->name);
			nc_opt_list(c->options, prefix, stdout);
		}
}

/* "ncpki help [GROUP [COMMAND]]": what --help says there. argv[0] is "help". */
static int
help_command(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc == 1) {
		usage(stdout);
		return NC_EXIT_OK;
	}
	if (argc == 2 && strcmp(argv[1], "--list-options") == 0) {
		list_options();
		return NC_EXIT_OK;
	}
	ctx->group = find_group(argv[1]);
	if (ctx->group == NULL)
		return cli_usage_error(ctx, _("unknown command '%s'"), argv[1]);
	if (ctx->group->cmds[0].name[0] == '\0' && argc == 2) {
		ctx->cmd = &ctx->group->cmds[0];
		return cli_help(ctx);
	}
	if (argc == 2) {
		cli_group_help(ctx->group, stdout);
		return NC_EXIT_OK;
	}
	if ((ctx->cmd = find_cmd(ctx->group, argv[2])) == NULL || argv[2][0] == '\0')
		return cli_usage_error(ctx, _("unknown command '%s %s'"), ctx->group->name,
		    argv[2]);
	if (argc > 3)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[3]);
	return cli_help(ctx);
}

/* Every operator command seals, on its way out, the audit entries that
 * ncpkid (which cannot read the audit key) appended since the last one,
 * when the CA directory is here and this user's ("audit" itself only when
 * asked: verify reports what it finds as it is). */
static void
seal_on_exit(struct cli_ctx *ctx)
{
	struct pki_error err;

	if (ctx->store == NULL || ctx->group == &cli_group_audit)
		return;
	pki_error_clear(&err);
	if (pki_audit_seal(ctx->store, true, NULL, &err) != 0)
		nc_warning(_("the audit trail was not sealed: %s"), err.msg);
}

int
main(int argc, char **argv)
{
	struct main_args args = { NULL, false };
	struct cli_ctx ctx;
	char hint[CLI_HINT_MAX];
	int first, r;

	nc_set_program("ncpki");
	pki_init();
	/* After pki_init, which binds the same domain to LOCALEDIR. */
	nc_lang_init();

	memset(&ctx, 0, sizeof ctx);
	/* Stop at the command; what follows belongs to it. */
	r = nc_opt_parse(main_opts, &args, argc, argv, NC_OPT_STOP_AT_OPERAND, cli_hint(&ctx, hint),
	    &first);
	if (r == NC_OPT_HELP)
		usage(stdout);
	if (r != 0)
		return r < 0 ? NC_EXIT_OK : r;
	ctx.home = args.home;
	if (first >= argc)
		return console_run(ctx.home);
	if (strcmp(argv[first], "help") == 0)
		return help_command(&ctx, argc - first, argv + first);

	ctx.group = find_group(argv[first]);
	if (ctx.group == NULL)
		return cli_usage_error(&ctx, _("unknown command '%s'"), argv[first]);
	r = run_group(&ctx, argc - first, argv + first);
	seal_on_exit(&ctx);
	pki_close(&ctx.store);
	if (fflush(stdout) != 0 && r == NC_EXIT_OK) {
		nc_error("%s", _("Cannot write to standard output."));
		r = NC_EXIT_FAILURE;
	}
	return r;
}
