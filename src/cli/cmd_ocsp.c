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

enum { OPT_PASSWORD_FILE = 256, OPT_PASSWORD_FD, OPT_KEY_TYPE, OPT_DAYS, OPT_JSON };

/* A signer this close to its end is worth a warning. */
#define OCSP_WARN_DAYS 7

static void signer_print(const struct pki_ocsp_signer *s)
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

static int ocsp_setup(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"key-type", required_argument, NULL, OPT_KEY_TYPE},
		{"days", required_argument, NULL, OPT_DAYS},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct pki_ocsp_setup_params p;
	struct pki_ocsp_signer res;
	struct pki_error err;
	pki_signer *signer = NULL;
	int c, r;

	memset(&p, 0, sizeof p);
	p.key_type = PKI_KEY_EC_P256;
	p.days = PKI_OCSP_DAYS_DEFAULT;
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_KEY_TYPE:
			if (pki_key_type_parse(optarg, &p.key_type) != 0)
				return cli_usage_error(ctx, _("--key-type: unknown key type '%s'"), optarg);
			break;
		case OPT_DAYS:
			if ((r = cli_parse_long(ctx, optarg, "--days", &p.days)) != 0)
				return r;
			if (p.days < 1 || p.days > PKI_OCSP_DAYS_MAX)
				return cli_usage_error(ctx, _("--days: '%s' is not a number from 1 to %d"),
				                       optarg, PKI_OCSP_DAYS_MAX);
			break;
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
	r = pki_ocsp_setup(ctx->store, signer, &p, &res, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf(res.renewed ? _("OCSP signing certificate renewed: certificate number %" PRIu64 ".\n")
	                   : _("OCSP signing certificate created: certificate number %" PRIu64 ".\n"),
	       res.serial);
	signer_print(&res);
	printf("%s\n", _("The key file is not encrypted (mode 0600): ncpkid reads it to sign "
	                 "OCSP responses and switches to it at its next request."));
	pki_ocsp_signer_clear(&res);
	return NC_EXIT_OK;
}

static int ocsp_status(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_ocsp_signer s;
	struct pki_error err;
	bool json = false;
	time_t now = time(NULL);
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
	if (pki_ocsp_status(ctx->store, &s, &err) != 0)
		return nc_fail(&err);
	if (json) {
		if ((o = json_object()) == NULL) {
			pki_ocsp_signer_clear(&s);
			return cli_json_print(NULL);
		}
		cli_json_set_uint(o, "serial", s.serial);
		cli_json_set_str(o, "subject", s.subject);
		cli_json_set_str(o, "key", s.key_desc);
		cli_json_set_time(o, "not_before", s.not_before);
		cli_json_set_time(o, "not_after", s.not_after);
		cli_json_set_str(o, "sha1", s.sha1);
		cli_json_set_str(o, "sha256", s.sha256);
		cli_json_set_str(o, "certificate_file", s.cer_path);
		cli_json_set_str(o, "key_file", s.key_path);
		cli_json_set_bool(o, "key_present", s.key_present);
		cli_json_set_bool(o, "expired", s.not_after <= now);
		pki_ocsp_signer_clear(&s);
		return cli_json_print(o);
	}
	signer_print(&s);
	if (!s.key_present)
		nc_warning(_("The OCSP key file \"%s\" is missing: ncpkid cannot sign; run "
		             "'ncpki ocsp setup' again."), s.key_path);
	if (s.not_after <= now)
		nc_warning("%s", _("The OCSP signing certificate has expired: ncpkid answers OCSP "
		                   "requests 'unauthorized'. Run 'ncpki ocsp setup' to renew it."));
	else if (s.not_after - now < (time_t)OCSP_WARN_DAYS * 86400)
		nc_warning("%s", _("The OCSP signing certificate expires within a week: run "
		                   "'ncpki ocsp setup' to renew it."));
	pki_ocsp_signer_clear(&s);
	return NC_EXIT_OK;
}

static const struct cli_cmd ocsp_cmds[] = {
	{
		"setup",
		N_("Make or renew the web service's OCSP signing key and certificate."),
		N_("[--key-type TYPE] [--days N] [--password-file FILE|--password-fd N]"),
		N_("  --key-type TYPE       p256 (default), p384, rsa2048, rsa3072, rsa4096,\n"
		   "                        ed25519\n"
		   "  --days N              validity of the certificate, 1 to 366 (default 30)\n"
		   "  --password-file FILE  CA key password (first line of FILE)\n"
		   "  --password-fd N       CA key password read from descriptor N\n"),
		ocsp_setup
	},
	{
		"status",
		N_("Show the OCSP signing certificate in use."),
		N_("[--json]"),
		N_("  --json                print a JSON object\n"),
		ocsp_status
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_ocsp = {
	"ocsp",
	N_("Set up and show the OCSP responder's signing certificate."),
	ocsp_cmds
};
