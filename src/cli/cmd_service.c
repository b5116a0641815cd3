/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_service.c: "ncpki service", the web service's own credentials:
 * setup makes (or, run again, renews) ncpkid's TLS key and certificate,
 * issued with the CA key the operator unlocks here (libncpki's
 * pki_service_tls_setup). ncpkid itself never opens the CA key; its old
 * "ncpkid setup" only points here.
 */
#include <config.h>

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

/* Of each of --hostname and --ip (the library allows 32 in all). */
#define SERVICE_NAMES_MAX 32

struct setup_args {
	struct nc_strlist hosts, ips;
	enum pki_key_type key_type;
	struct nc_pwsrc src;
};

static const struct setup_args setup_defaults = { .key_type = PKI_KEY_EC_P256 };

/* --ip: an IPv4 or IPv6 address (checked before it is stored). */
static int
opt_ip(const char *hint, const struct nc_option *opt, const char *arg, void *field, void *base)
{
	unsigned char ipbuf[16];

	if (inet_pton(AF_INET, arg, ipbuf) != 1 && inet_pton(AF_INET6, arg, ipbuf) != 1)
		return nc_usage_error(hint, _("--ip: '%s' is not an IP address"), arg);
	return NC_EXIT_OK;
}

static const struct nc_option setup_opts[] = {
	NC_OPT_STRLIST("hostname", struct setup_args, hosts, "NAME",
	    N_("a DNS name of this service, repeatable (the first is the CN)"),
	    .max = SERVICE_NAMES_MAX, .flags = NC_OPT_REQUIRED),
	NC_OPT_STRLIST("ip", struct setup_args, ips, "ADDRESS",
	    N_("an IP address of this service, repeatable"), .max = SERVICE_NAMES_MAX,
	    .cb = opt_ip),
	CLI_OPT_SERVICE_KEY_TYPE(struct setup_args, key_type),
	CLI_OPT_CA_PASSWORD(struct setup_args, src),
	NC_OPT_END_OF(struct setup_args, &setup_defaults),
};

static int
service_setup(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct setup_args *a = args;
	struct pki_service_tls_params p;
	struct pki_service_tls_result res;
	struct pki_error err;
	pki_signer *signer = NULL;
	char t[CLI_TIME_MAX];
	int r;

	memset(&p, 0, sizeof p);
	p.key_type = a->key_type;
	p.hostnames = a->hosts.v;
	p.nhostnames = a->hosts.n;
	p.ips = a->ips.v;
	p.nips = a->ips.n;
	/* A bad name is refused before the CA key is unlocked. */
	pki_error_clear(&err);
	if (pki_service_tls_check(&p, &err) != 0)
		return nc_fail(&err);
	if ((r = cli_store(ctx)) != 0 || (r = cli_open_signer(ctx, &a->src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_service_tls_setup(ctx->store, signer, &p, &res, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf(res.renewed
	        ? _("ncpkid's TLS certificate renewed: certificate number %" PRIu64 ".\n")
	        : _("ncpkid's TLS certificate created: certificate number %" PRIu64 ".\n"),
	    res.serial);
	printf(_("Certificate: %s\n"), res.cer_path);
	printf(_("Key:         %s (not encrypted, mode 0600)\n"), res.key_path);
	printf(_("Expires:     %s\n"), cli_time(res.not_after, CLI_TIME_FULL, t));
	printf(_("SHA-1 Fingerprint: %s\n"), res.sha1);
	printf(_("SHA-256 Fingerprint: %s\n"), res.sha256);
	pki_service_tls_result_clear(&res);
	return NC_EXIT_OK;
}

static const struct cli_cmd service_cmds[] = {
	{ .name = "setup",
	    .summary = N_("Make or renew ncpkid's TLS key and certificate, issued by the CA."),
	    .usage = N_("--hostname NAME... [--ip ADDRESS...]\n"
	                "       [--key-type TYPE] [--password-file FILE|--password-fd N]"),
	    .options = setup_opts,
	    .exec = service_setup },
	{ .name = NULL },
};

const struct cli_group cli_group_service = {
	"service",
	N_("Set up the web service's (ncpkid's) TLS certificate."),
	service_cmds,
};
