/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * setup.c: "ncpkid setup": makes (or, run again, renews) the service's own
 * TLS key and certificate, issued by the configured CA with the operator's
 * CA key password. The work is libncpki's pki_service_tls_setup(); this
 * file reads the command line and the password and reports the result.
 */
#include <config.h>

#include <arpa/inet.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

#define SETUP_MAX 32

static void setup_usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: ncpkid [--home DIR] setup --hostname NAME [--hostname NAME...]\n"
	                    "              [--ip ADDRESS...] [--key-type TYPE]\n"
	                    "              [--password-file FILE | --password-fd N]\n"
	                    "Makes or renews ncpkid's TLS key and certificate, issued by the "
	                    "configured CA.\n\n"));
	fprintf(fp, "  --hostname NAME      %s\n", _("a DNS name of this service (the first is the CN)"));
	fprintf(fp, "  --ip ADDRESS         %s\n", _("an IP address of this service"));
	fprintf(fp, "  --key-type TYPE      %s\n", _("p256 (default), p384, rsa2048, rsa3072, rsa4096, ed25519"));
	fprintf(fp, "  --password-file FILE %s\n", _("read the CA key's password from the first line of FILE"));
	fprintf(fp, "  --password-fd N      %s\n", _("read the CA key's password from descriptor N"));
	fprintf(fp, "  -h, --help           %s\n", _("show this help and exit"));
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	nd_error("%s", msg);
	fprintf(stderr, "%s\n", _("Try 'ncpkid setup --help'."));
	return ND_EXIT_USAGE;
}

int nd_setup_main(const char *home, int argc, char **argv)
{
	static const struct option opts[] = {
		{"hostname", required_argument, NULL, 'n'},
		{"ip", required_argument, NULL, 'i'},
		{"key-type", required_argument, NULL, 'k'},
		{"password-file", required_argument, NULL, 'f'},
		{"password-fd", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *hosts[SETUP_MAX], *ips[SETUP_MAX], *pwfile = NULL;
	struct pki_service_tls_params p;
	struct pki_service_tls_result res;
	struct pki_error err;
	struct nd_secret pw = {NULL, 0, 0};
	size_t nh = 0, ni = 0;
	long fd = -1;
	pki_store *store = NULL;
	unsigned char ipbuf[16];
	char *end, when[32] = "";
	struct tm tm;
	int c, r;

	memset(&p, 0, sizeof p);
	p.key_type = PKI_KEY_EC_P256;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (nh >= SETUP_MAX)
				return usage_error("%s", _("too many --hostname options"));
			hosts[nh++] = optarg;
			break;
		case 'i':
			if (ni >= SETUP_MAX)
				return usage_error("%s", _("too many --ip options"));
			if (inet_pton(AF_INET, optarg, ipbuf) != 1 &&
			    inet_pton(AF_INET6, optarg, ipbuf) != 1)
				return usage_error(_("--ip: '%s' is not an IP address"), optarg);
			ips[ni++] = optarg;
			break;
		case 'k':
			if (pki_key_type_parse(optarg, &p.key_type) != 0)
				return usage_error(_("--key-type: unknown key type '%s'"), optarg);
			break;
		case 'f':
			pwfile = optarg;
			break;
		case 'd':
			fd = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || fd < 0 || fd > INT_MAX)
				return usage_error(_("--password-fd: '%s' is not a file descriptor"), optarg);
			break;
		case 'h':
			setup_usage(stdout);
			return ND_EXIT_OK;
		case ':':
			return usage_error(_("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return usage_error(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(_("unexpected argument '%s'"), argv[optind]);
	if (nh == 0)
		return usage_error("%s", _("at least one --hostname is required"));
	if (pwfile != NULL && fd >= 0)
		return usage_error("%s", _("--password-file and --password-fd cannot be used together"));

	pki_error_clear(&err);
	if (pki_open(home, &store, &err) != 0)
		return nd_fail(&err);
	r = nd_password(pwfile, (int)fd, _("CA key password: "), &pw);
	if (r != 0) {
		pki_close(&store);
		return r;
	}
	p.hostnames = hosts;
	p.nhostnames = nh;
	p.ips = ips;
	p.nips = ni;
	p.password = pw.len > 0 ? pw.buf : NULL;
	p.password_len = pw.len;
	r = pki_service_tls_setup(store, &p, &res, &err);
	nd_secret_free(&pw);
	pki_close(&store);
	if (r != 0)
		return nd_fail(&err);

	if (res.not_after != 0 && gmtime_r(&res.not_after, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf(res.renewed ? _("ncpkid's TLS certificate renewed: certificate number %llu.\n")
	                   : _("ncpkid's TLS certificate created: certificate number %llu.\n"),
	       (unsigned long long)res.serial);
	printf(_("Certificate: %s\n"), res.cer_path);
	printf(_("Key:         %s (not encrypted, mode 0600)\n"), res.key_path);
	printf(_("Expires:     %s\n"), when);
	printf(_("SHA-1 Fingerprint: %s\n"), res.sha1);
	printf(_("SHA-256 Fingerprint: %s\n"), res.sha256);
	pki_service_tls_result_clear(&res);
	return ND_EXIT_OK;
}
