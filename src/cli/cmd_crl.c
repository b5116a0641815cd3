/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_crl.c: "ncpki crl", the certificate revocation list (issue 5):
 * generate (sign a new CRL now, with the CA key), export (the newest CRL
 * to a file, PEM or DER, for the offline root's media or a web server) and
 * show (what the newest CRL says).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

enum { OPT_PASSWORD_FILE = 256, OPT_PASSWORD_FD, OPT_DER, OPT_PEM, OPT_JSON };

static void crl_print(const struct pki_crl_info *crl)
{
	char num[32], t[CLI_TIME_MAX];

	snprintf(num, sizeof num, "%" PRIu64, crl->number);
	cli_field(_("CRL number"), num);
	cli_field(_("This update"), cli_time(crl->this_update, CLI_TIME_FULL, t));
	cli_field(_("Next update"), cli_time(crl->next_update, CLI_TIME_FULL, t));
	snprintf(num, sizeof num, "%zu", crl->revoked_count);
	cli_field(_("Revoked"), num);
	snprintf(num, sizeof num, "%zu", crl->der_len);
	cli_field(_("Size (DER)"), num);
}

static int crl_generate(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct pki_crl_info crl;
	struct pki_error err;
	pki_signer *signer = NULL;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_PASSWORD_FILE: src.file = optarg; break;
		case OPT_PASSWORD_FD:
			if ((r = cli_parse_fd(ctx, optarg, "--password-fd", &src.fd)) != 0)
				return r;
			break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (src.file != NULL && src.fd >= 0)
		return cli_usage_error(ctx, _("give --password-file or --password-fd, not both"));
	if ((r = cli_store(ctx)) != 0 || (r = cli_open_signer(ctx, &src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_crl_generate(ctx->store, signer, &crl, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf(_("CRL number %" PRIu64 " generated: %zu revoked certificates.\n"),
	       crl.number, crl.revoked_count);
	crl_print(&crl);
	return NC_EXIT_OK;
}

static int crl_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"der", no_argument, NULL, OPT_DER},
		{"pem", no_argument, NULL, OPT_PEM},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_crl_info crl;
	struct pki_error err;
	bool der = false, pem = false;
	char *shown;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_DER: der = true; break;
		case OPT_PEM: pem = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if (der && pem)
		return cli_usage_error(ctx, _("give --der or --pem, not both"));
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_crl_export(ctx->store, argv[optind], !der, &crl, &err) != 0)
		return nc_fail(&err);
	shown = pki_sanitize(argv[optind]);
	printf(_("CRL number %" PRIu64 " saved in file \"%s\" (%s).\n"), crl.number,
	       shown != NULL ? shown : "?", der ? "DER" : "PEM");
	free(shown);
	return NC_EXIT_OK;
}

static int crl_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_crl_info crl;
	struct pki_error err;
	unsigned char *data = NULL;
	size_t len = 0;
	bool json = false;
	json_t *o;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_crl_latest(ctx->store, false, &data, &len, &crl, &err) != 0)
		return nc_fail(&err);
	free(data);
	if (!json) {
		crl_print(&crl);
		return NC_EXIT_OK;
	}
	if ((o = json_object()) == NULL)
		return cli_json_print(NULL);
	cli_json_set_uint(o, "number", crl.number);
	cli_json_set_time(o, "this_update", crl.this_update);
	cli_json_set_time(o, "next_update", crl.next_update);
	cli_json_set_uint(o, "revoked_count", crl.revoked_count);
	cli_json_set_uint(o, "der_length", crl.der_len);
	return cli_json_print(o);
}

static const struct cli_cmd crl_cmds[] = {
	{
		"generate",
		N_("Sign a new certificate revocation list now."),
		N_("[--password-file FILE|--password-fd N]"),
		N_("  --password-file FILE  CA key password (first line of FILE)\n"
		   "  --password-fd N       CA key password read from descriptor N\n"),
		crl_generate
	},
	{
		"export",
		N_("Save the newest certificate revocation list to a file."),
		N_("FILE [--pem|--der]"),
		N_("  --pem                 PEM (the default)\n"
		   "  --der                 DER, as served at P/crl\n"),
		crl_export
	},
	{
		"show",
		N_("Show the newest certificate revocation list."),
		N_("[--json]"),
		N_("  --json                print a JSON object\n"),
		crl_show
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_crl = {
	"crl",
	N_("Generate, export and show the certificate revocation list."),
	crl_cmds
};
