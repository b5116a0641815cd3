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

static void
crl_print(const struct pki_crl_info *crl)
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

struct generate_args {
	struct nc_pwsrc src;
};

static const struct nc_option generate_opts[] = {
	CLI_OPT_CA_PASSWORD(struct generate_args, src),
	NC_OPT_END_OF(struct generate_args, NULL),
};

static int
crl_generate(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct generate_args *a = args;
	struct pki_crl_info crl;
	struct pki_error err;
	pki_signer *signer = NULL;
	int r;

	if ((r = cli_store(ctx)) != 0 || (r = cli_open_signer(ctx, &a->src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_crl_generate(ctx->store, signer, &crl, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf(_("CRL number %" PRIu64 " generated: %zu revoked certificates.\n"), crl.number,
	    crl.revoked_count);
	crl_print(&crl);
	return NC_EXIT_OK;
}

struct export_args {
	bool der, pem;
};

static const struct nc_option export_opts[] = {
	NC_OPT_BOOL("der", struct export_args, der, N_("DER, as served at P/crl"), .excl = 1),
	NC_OPT_BOOL("pem", struct export_args, pem, N_("PEM (the default)"), .excl = 1),
	NC_OPT_END_OF(struct export_args, NULL),
};

static int
crl_export(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool der = ((struct export_args *)args)->der;
	struct pki_crl_info crl;
	struct pki_error err;
	char *shown;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_crl_export(ctx->store, argv[0], !der, &crl, &err) != 0)
		return nc_fail(&err);
	shown = pki_sanitize(argv[0]);
	printf(_("CRL number %" PRIu64 " saved in file \"%s\" (%s).\n"), crl.number,
	    shown != NULL ? shown : "?", der ? "DER" : "PEM");
	free(shown);
	return NC_EXIT_OK;
}

static int
crl_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool json = ((struct cli_json_args *)args)->json;
	struct pki_crl_info crl;
	struct pki_error err;
	unsigned char *data = NULL;
	size_t len = 0;
	json_t *o;
	int r;

	if ((r = cli_store(ctx)) != 0)
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
	nc_json_set_uint(o, "number", crl.number);
	nc_json_set_time(o, "this_update", crl.this_update, NC_JSON_OPERATOR);
	nc_json_set_time(o, "next_update", crl.next_update, NC_JSON_OPERATOR);
	nc_json_set_uint(o, "revoked_count", crl.revoked_count);
	nc_json_set_uint(o, "der_length", crl.der_len);
	return cli_json_print(o);
}

static const struct cli_cmd crl_cmds[] = {
	{ .name = "generate",
	    .summary = N_("Sign a new certificate revocation list now."),
	    .usage = N_("[--password-file FILE|--password-fd N]"),
	    .options = generate_opts,
	    .exec = crl_generate },
	{ .name = "export",
	    .summary = N_("Save the newest certificate revocation list to a file."),
	    .usage = N_("FILE [--pem|--der]"),
	    .options = export_opts,
	    .nargs = 1,
	    .exec = crl_export },
	{ .name = "show",
	    .summary = N_("Show the newest certificate revocation list."),
	    .usage = N_("[--json]"),
	    .options = cli_json_object_opts,
	    .exec = crl_show },
	{ .name = NULL },
};

const struct cli_group cli_group_crl = {
	"crl",
	N_("Generate, export and show the certificate revocation list."),
	crl_cmds,
};
