/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_ocsp.c: "ncpki ocsp", the delegated OCSP signer of the web service
 * (issue 5): setup (a new OCSP key and its certificate, issued with the CA
 * key; run again, it renews) and status (the signer in use).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

/* A signer this close to its end is worth a warning. */
#define OCSP_WARN_DAYS 7

static void
signer_print(const struct pki_ocsp_signer *s)
{
	char num[32], t[CLI_TIME_MAX];

	snprintf(num, sizeof num, "%" PRIu64, s->serial);
	cli_field(_("Certificate number"), num);
	cli_field(_("Subject"), s->subject);
	cli_field(_("Key"), s->key_desc);
	cli_field(_("Valid from"), cli_time(s->not_before, CLI_TIME_FULL, t));
	cli_field(_("Valid until"), cli_time(s->not_after, CLI_TIME_FULL, t));
	cli_field(_("SHA-1 Fingerprint"), s->sha1);
	cli_field(_("SHA-256 Fingerprint"), s->sha256);
	cli_field(_("Certificate file"), s->cer_path);
	cli_field(_("Key file"), s->key_path);
}

struct setup_args {
	struct pki_ocsp_setup_params p;
	struct nc_pwsrc src;
};

static const struct setup_args setup_defaults = {
	.p = { .key_type = PKI_KEY_EC_P256, .days = PKI_OCSP_DAYS_DEFAULT },
};

static const struct nc_option setup_opts[] = {
	CLI_OPT_SERVICE_KEY_TYPE(struct setup_args, p.key_type),
	NC_OPT_NUM("days", struct setup_args, p.days, "N",
	    N_("validity of the certificate, 1 to 366 (default 30)"), .min = 1,
	    .max = PKI_OCSP_DAYS_MAX),
	CLI_OPT_CA_PASSWORD(struct setup_args, src),
	NC_OPT_END_OF(struct setup_args, &setup_defaults),
};

static int
ocsp_setup(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct setup_args *a = args;
	struct pki_ocsp_signer res;
	struct pki_error err;
	pki_signer *signer = NULL;
	int r;

	if ((r = cli_store(ctx)) != 0 || (r = cli_open_signer(ctx, &a->src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_ocsp_setup(ctx->store, signer, &a->p, &res, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf(res.renewed
	        ? _("OCSP signing certificate renewed: certificate number %" PRIu64 ".\n")
	        : _("OCSP signing certificate created: certificate number %" PRIu64 ".\n"),
	    res.serial);
	signer_print(&res);
	printf("%s\n",
	    _("The key file is not encrypted (mode 0600): ncpkid reads it to sign "
	      "OCSP responses and switches to it at its next request."));
	pki_ocsp_signer_clear(&res);
	return NC_EXIT_OK;
}

static int
ocsp_status(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool json = ((struct cli_json_args *)args)->json;
	struct pki_ocsp_signer s;
	struct pki_error err;
	time_t now = time(NULL);
	json_t *o;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_ocsp_status(ctx->store, &s, &err) != 0)
		return nc_fail(&err);
	if (json) {
		if ((o = json_object()) == NULL) {
			pki_ocsp_signer_clear(&s);
			return cli_json_print(NULL);
		}
		nc_json_set_uint(o, "serial", s.serial);
		nc_json_set_str(o, "subject", s.subject);
		nc_json_set_str(o, "key", s.key_desc);
		nc_json_set_time(o, "not_before", s.not_before, NC_JSON_OPERATOR);
		nc_json_set_time(o, "not_after", s.not_after, NC_JSON_OPERATOR);
		nc_json_set_str(o, "sha1", s.sha1);
		nc_json_set_str(o, "sha256", s.sha256);
		nc_json_set_str(o, "certificate_file", s.cer_path);
		nc_json_set_str(o, "key_file", s.key_path);
		nc_json_set_bool(o, "key_present", s.key_present);
		nc_json_set_bool(o, "expired", s.not_after <= now);
		pki_ocsp_signer_clear(&s);
		return cli_json_print(o);
	}
	signer_print(&s);
	if (!s.key_present)
		nc_warning(_("The OCSP key file \"%s\" is missing: ncpkid cannot sign; run "
		             "'ncpki ocsp setup' again."),
		    s.key_path);
	if (s.not_after <= now)
		nc_warning("%s",
		    _("The OCSP signing certificate has expired: ncpkid answers OCSP "
		      "requests 'unauthorized'. Run 'ncpki ocsp setup' to renew it."));
	else if (s.not_after - now < (time_t)OCSP_WARN_DAYS * 86400)
		nc_warning("%s",
		    _("The OCSP signing certificate expires within a week: run "
		      "'ncpki ocsp setup' to renew it."));
	pki_ocsp_signer_clear(&s);
	return NC_EXIT_OK;
}

static const struct cli_cmd ocsp_cmds[] = {
	{ .name = "setup",
	    .summary = N_("Make or renew the web service's OCSP signing key and certificate."),
	    .usage = N_("[--key-type TYPE] [--days N] [--password-file FILE|--password-fd N]"),
	    .options = setup_opts,
	    .exec = ocsp_setup },
	{ .name = "status",
	    .summary = N_("Show the OCSP signing certificate in use."),
	    .usage = N_("[--json]"),
	    .options = cli_json_object_opts,
	    .exec = ocsp_status },
	{ .name = NULL },
};

const struct cli_group cli_group_ocsp = {
	"ocsp",
	N_("Set up and show the OCSP responder's signing certificate."),
	ocsp_cmds,
};
