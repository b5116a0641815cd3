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

enum { OPT_HOSTNAME = 256, OPT_IP, OPT_KEY_TYPE, OPT_PASSWORD_FILE, OPT_PASSWORD_FD };

/* Of each of --hostname and --ip (the library allows 32 in all). */
#define SERVICE_NAMES_MAX 32

static int service_setup(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"hostname", required_argument, NULL, OPT_HOSTNAME},
		{"ip", required_argument, NULL, OPT_IP},
		{"key-type", required_argument, NULL, OPT_KEY_TYPE},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *hosts[SERVICE_NAMES_MAX], *ips[SERVICE_NAMES_MAX];
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct pki_service_tls_params p;
	struct pki_service_tls_result res;
	struct pki_error err;
	pki_signer *signer = NULL;
	unsigned char ipbuf[16];
	char t[CLI_TIME_MAX];
	int c, r;

	memset(&p, 0, sizeof p);
	p.key_type = PKI_KEY_EC_P256;
	p.hostnames = hosts;
	p.ips = ips;
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_HOSTNAME:
			if (p.nhostnames >= SERVICE_NAMES_MAX)
				return cli_usage_error(ctx, "%s", _("too many --hostname options"));
			hosts[p.nhostnames++] = optarg;
			break;
		case OPT_IP:
			if (p.nips >= SERVICE_NAMES_MAX)
				return cli_usage_error(ctx, "%s", _("too many --ip options"));
			if (inet_pton(AF_INET, optarg, ipbuf) != 1 &&
			    inet_pton(AF_INET6, optarg, ipbuf) != 1)
				return cli_usage_error(ctx, _("--ip: '%s' is not an IP address"), optarg);
			ips[p.nips++] = optarg;
			break;
		case OPT_KEY_TYPE:
			if (pki_key_type_parse(optarg, &p.key_type) != 0)
				return cli_usage_error(ctx, _("--key-type: unknown key type '%s'"), optarg);
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
	if (p.nhostnames == 0)
		return cli_usage_error(ctx, "%s", _("at least one --hostname is required"));
	if (src.file != NULL && src.fd >= 0)
		return cli_usage_error(ctx, _("give --password-file or --password-fd, not both"));
	/* A bad name is refused before the CA key is unlocked. */
	pki_error_clear(&err);
	if (pki_service_tls_check(&p, &err) != 0)
		return nc_fail(&err);
	if ((r = cli_store(ctx)) != 0 || (r = cli_open_signer(ctx, &src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_service_tls_setup(ctx->store, signer, &p, &res, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf(res.renewed ? _("ncpkid's TLS certificate renewed: certificate number %" PRIu64 ".\n")
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
	{
		"setup",
		N_("Make or renew ncpkid's TLS key and certificate, issued by the CA."),
		N_("--hostname NAME... [--ip ADDRESS...]\n"
		   "       [--key-type TYPE] [--password-file FILE|--password-fd N]"),
		N_("  --hostname NAME       a DNS name of this service, repeatable (the first\n"
		   "                        is the CN)\n"
		   "  --ip ADDRESS          an IP address of this service, repeatable\n"
		   "  --key-type TYPE       p256 (default), p384, rsa2048, rsa3072, rsa4096,\n"
		   "                        ed25519\n"
		   "  --password-file FILE  CA key password (first line of FILE)\n"
		   "  --password-fd N       CA key password read from descriptor N\n"),
		service_setup
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_service = {
	"service",
	N_("Set up the web service's (ncpkid's) TLS certificate."),
	service_cmds
};
