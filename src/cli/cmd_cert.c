/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_cert.c: "ncpki cert", the certificates the CA server has issued:
 * list (with filters), show, and get (save one as a PEM file, as a CA
 * client's technical contact would download it); revoke and release-hold
 * (issue 5), each of which signs a new CRL.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

enum {
	OPT_SERIAL = 256, OPT_HOSTNAME, OPT_INSTANCE, OPT_FILE, OPT_JSON, OPT_PEM,
	OPT_OUT, OPT_REASON, OPT_INVALIDITY, OPT_PASSWORD_FILE, OPT_PASSWORD_FD,
	OPT_CHAIN, OPT_NO_ROOT, OPT_DAYS
};

static json_t *cert_json(const struct pki_cert_info *c, bool pem)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	cli_json_set_uint(o, "serial", c->serial);
	/* The certificate's own serialNumber in hexadecimal (random mode: not
	 * the counter). */
	if (c->serial_number[0] != '\0')
		cli_json_set_str(o, "serial_number", c->serial_number);
	else {
		char hex[PKI_SERIAL_HEX_SIZE];
		snprintf(hex, sizeof hex, "%02" PRIX64, c->serial);
		if (strlen(hex) % 2 != 0)
			snprintf(hex, sizeof hex, "0%" PRIX64, c->serial);
		cli_json_set_str(o, "serial_number", hex);
	}
	cli_json_set_str(o, "file_root", c->file_root);
	cli_json_set_str(o, "subject", c->subject);
	cli_json_set_str(o, "issuer", c->issuer);
	cli_json_set_str(o, "sans", c->sans);
	cli_json_set_str(o, "usage", pki_usage_name(c->usage));
	cli_json_set_str(o, "hostname", c->hostname);
	cli_json_set_str(o, "instance", c->instance);
	cli_json_set_str(o, "contact_name", c->contact_name);
	cli_json_set_str(o, "contact_phone", c->contact_phone);
	cli_json_set_str(o, "contact_email", c->contact_email);
	cli_json_set_str(o, "sha1", c->sha1);
	cli_json_set_str(o, "sha256", c->sha256);
	cli_json_set_time(o, "not_before", c->not_before);
	cli_json_set_time(o, "not_after", c->not_after);
	cli_json_set_time(o, "issued_at", c->issued_at);
	cli_json_set_str(o, "status", pki_cert_status_name(pki_cert_status(c, time(NULL))));
	if (c->revoked_at != 0) {
		cli_json_set_time(o, "revoked_at", c->revoked_at);
		cli_json_set_str(o, "reason", pki_reason_name(c->reason));
		if (c->invalidity_date != 0)
			cli_json_set_time(o, "invalidity_date", c->invalidity_date);
	} else {
		json_object_set_new(o, "revoked_at", json_null());
		json_object_set_new(o, "reason", json_null());
	}
	/* The serial this certificate renews, null when none. */
	json_object_set_new(o, "renewal_of", c->renewal_of != 0
	                    ? json_integer((json_int_t)c->renewal_of) : json_null());
	if (pem)
		cli_json_set_str(o, "pem", c->pem);
	return o;
}

/* ----------------------------------------------------------------- list */

/* The issued-certificates table; `mine` is the guide's "Show Certificates
 * for This Instance": only Serial Number and Filename. */
int cli_cert_table(const struct pki_cert_info *arr, size_t n, bool mine)
{
	const char *headers[7], *cells[7];
	char serial[32], t[CLI_TIME_MAX];
	struct cli_table *tab;
	time_t now = time(NULL);
	size_t i;

	headers[0] = mine ? _("Serial Number") : _("Serial");
	headers[1] = mine ? _("Filename") : _("Hostname");
	headers[2] = _("Instance");
	headers[3] = _("Filename");
	headers[4] = _("Subject");
	headers[5] = _("Expires");
	headers[6] = _("Status");
	if ((tab = cli_table_new(mine ? 2 : 7, headers)) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		snprintf(serial, sizeof serial, "%" PRIu64, arr[i].serial);
		cells[0] = serial;
		cells[1] = mine ? arr[i].file_root : arr[i].hostname;
		cells[2] = arr[i].instance;
		cells[3] = arr[i].file_root;
		cells[4] = arr[i].subject;
		cells[5] = cli_time(arr[i].not_after, CLI_TIME_DAY, t);
		cells[6] = pki_cert_status_label(pki_cert_status(&arr[i], now));
		if (cli_table_add(tab, cells) != 0)
			goto nomem;
	}
	cli_table_print(tab, stdout);
	cli_table_free(&tab);
	return NC_EXIT_OK;
nomem:
	cli_table_free(&tab);
	nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
	return NC_EXIT_FAILURE;
}

static int cert_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"hostname", required_argument, NULL, OPT_HOSTNAME},
		{"instance", required_argument, NULL, OPT_INSTANCE},
		{"file", required_argument, NULL, OPT_FILE},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_cert_filter f;
	struct pki_cert_info *arr = NULL;
	struct pki_error err;
	json_t *a;
	size_t n = 0, i;
	bool json = false;
	int c, r;

	memset(&f, 0, sizeof f);
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_SERIAL:
			if ((r = cli_parse_serial(ctx, optarg, "--serial", &f.serial)) != 0)
				return r;
			break;
		case OPT_HOSTNAME: f.hostname = optarg; break;
		case OPT_INSTANCE: f.instance = optarg; break;
		case OPT_FILE: f.file_root = optarg; break;
		case OPT_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_cert_list(ctx->store, &f, &arr, &n, &err) != 0)
		return nc_fail(&err);
	if (json) {
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, cert_json(&arr[i], false));
		r = cli_json_print(a);
	} else if (n == 0) {
		printf("%s\n", _("No issued certificates."));
	} else {
		r = cli_cert_table(arr, n, false);
	}
	pki_cert_info_array_free(&arr, n);
	return r;
}

/* ----------------------------------------------------------------- show */

static void cert_print(const struct pki_cert_info *c, bool pem)
{
	const char *parts[3] = {c->contact_name, c->contact_phone, c->contact_email};
	char num[32], t[CLI_TIME_MAX], *contact;

	snprintf(num, sizeof num, "%" PRIu64, c->serial);
	cli_field(_("Certificate"), num);
	if (c->serial_number[0] != '\0')
		cli_field(_("Serial number"), c->serial_number);
	cli_field(_("File name"), c->file_root);
	cli_field(_("Subject"), c->subject);
	cli_field(_("Issuer"), c->issuer);
	cli_field(_("SANs"), c->sans);
	cli_field(_("Usage"), pki_usage_label(c->usage));
	cli_field(_("SHA-1"), c->sha1);
	cli_field(_("SHA-256"), c->sha256);
	cli_field(_("Valid from"), cli_time(c->not_before, CLI_TIME_FULL, t));
	cli_field(_("Valid until"), cli_time(c->not_after, CLI_TIME_FULL, t));
	cli_field(_("Issued"), cli_time(c->issued_at, CLI_TIME_FULL, t));
	cli_field(_("Status"), pki_cert_status_label(pki_cert_status(c, time(NULL))));
	if (c->renewal_of != 0) {
		snprintf(num, sizeof num, _("renewal of %" PRIu64), c->renewal_of);
		cli_field(_("Kind"), num);
	}
	if (c->revoked_at != 0) {
		cli_field(_("Revoked"), cli_time(c->revoked_at, CLI_TIME_FULL, t));
		cli_field(_("Reason"), pki_reason_name(c->reason));
		if (c->invalidity_date != 0)
			cli_field(_("Invalid since"), cli_time(c->invalidity_date, CLI_TIME_FULL, t));
	}
	if (c->csr_id > 0) {
		snprintf(num, sizeof num, "%" PRId64, c->csr_id);
		cli_field(_("Request"), num);
	}
	contact = cli_join(parts, 3, ", ");
	cli_field(_("Contact"), contact);
	free(contact);
	cli_field(_("Hostname"), c->hostname);
	cli_field(_("Instance"), c->instance);
	if (pem && c->pem != NULL) {
		putchar('\n');
		cli_put_lines(stdout, c->pem);
	}
}

/* pki_cert_get/export with the CLI's message for an unknown serial. */
static int cert_fail(const struct pki_error *err, uint64_t serial)
{
	if (err->code == PKI_ERR_NOT_FOUND && err->msg[0] == '\0') {
		nc_error(_("No issued certificate %" PRIu64 "."), serial);
		return NC_EXIT_FAILURE;
	}
	return nc_fail(err);
}

static int cert_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"pem", no_argument, NULL, OPT_PEM},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_cert_info info;
	struct pki_error err;
	bool json = false, pem = false;
	uint64_t serial;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_JSON: json = true; break;
		case OPT_PEM: pem = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
	    (r = cli_parse_serial(ctx, argv[optind], "SERIAL", &serial)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_cert_get(ctx->store, serial, &info, &err) != 0)
		return cert_fail(&err, serial);
	if (json)
		r = cli_json_print(cert_json(&info, pem));
	else
		cert_print(&info, pem);
	pki_cert_info_clear(&info);
	return r;
}

/* ------------------------------------------------------------------ get */

static int cert_get(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, OPT_OUT},
		{"force", no_argument, NULL, 'f'},
		{"chain", no_argument, NULL, OPT_CHAIN},
		{"no-root", no_argument, NULL, OPT_NO_ROOT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_cert_info info;
	struct pki_error err;
	const char *out = NULL;
	char *written = NULL, *abs = NULL, *shown;
	bool force = false, chain = false, no_root = false;
	uint64_t serial;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "fh", opts)) != -1) {
		switch (c) {
		case OPT_OUT: out = optarg; break;
		case 'f': force = true; break;
		case OPT_CHAIN: chain = true; break;
		case OPT_NO_ROOT: no_root = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
	    (r = cli_parse_serial(ctx, argv[optind], "SERIAL", &serial)) != 0)
		return r;
	if (no_root && !chain)
		return cli_usage_error(ctx, _("--no-root goes with --chain"));
	if ((r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if ((chain ? pki_cert_export_chain(ctx->store, serial, out, force, !no_root, &written,
	                                   &info, &err)
	           : pki_cert_export(ctx->store, serial, out, force, &written, &info,
	                             &err)) != 0)
		return cert_fail(&err, serial);
	abs = realpath(written, NULL);
	shown = pki_sanitize(abs != NULL ? abs : written);
	printf(_("Certificate number %" PRIu64 " (SHA-1 Fingerprint: %s) saved in "
	         "file \"%s\"\n"), info.serial, info.sha1, shown != NULL ? shown : "?");
	free(shown);
	free(abs);
	free(written);
	pki_cert_info_clear(&info);
	return NC_EXIT_OK;
}

/* --------------------------------------------------------------- revoke */

/* "YYYY-MM-DD" as midnight UTC. */
static int parse_date(const struct cli_ctx *ctx, const char *s, const char *what,
                      time_t *out)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0' || strlen(s) != 10)
		return cli_usage_error(ctx, _("%s: '%s' is not a date (YYYY-MM-DD)"), what, s);
	*out = timegm(&tm);
	return 0;
}

static void print_crl_made(const struct pki_crl_info *crl)
{
	char t[CLI_TIME_MAX];

	printf(_("CRL number %" PRIu64 " generated: %zu revoked certificates, next "
	         "update %s.\n"), crl->number, crl->revoked_count,
	       cli_time(crl->next_update, CLI_TIME_FULL, t));
}

/* Options shared by revoke and release-hold. */
struct revoke_args {
	struct nc_pwsrc src;
	uint64_t serial;
	int reason;
	bool have_reason;
	time_t invalidity;
	bool yes;
};

static int revoke_parse(struct cli_ctx *ctx, int argc, char **argv, bool with_reason,
                        struct revoke_args *a)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, OPT_REASON},
		{"invalidity-date", required_argument, NULL, OPT_INVALIDITY},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	int c, r;

	memset(a, 0, sizeof *a);
	a->src.fd = -1;
	while ((c = cli_getopt(ctx, argc, argv, "hy", opts)) != -1) {
		switch (c) {
		case OPT_REASON:
			if (!with_reason)
				return cli_usage_error(ctx, _("--reason is not an option here"));
			if (pki_reason_parse(optarg, &a->reason) != 0)
				return cli_usage_error(ctx, _("--reason: unknown reason '%s' "
				    "(unspecified, keyCompromise, cACompromise, affiliationChanged, "
				    "superseded, cessationOfOperation, certificateHold, "
				    "privilegeWithdrawn, aACompromise)"), optarg);
			a->have_reason = true;
			break;
		case OPT_INVALIDITY:
			if (!with_reason)
				return cli_usage_error(ctx, _("--invalidity-date is not an option here"));
			if ((r = parse_date(ctx, optarg, "--invalidity-date", &a->invalidity)) != 0)
				return r;
			break;
		case OPT_PASSWORD_FILE: a->src.file = optarg; break;
		case OPT_PASSWORD_FD:
			if ((r = cli_parse_fd(ctx, optarg, "--password-fd", &a->src.fd)) != 0)
				return r;
			break;
		case 'y': a->yes = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
	    (r = cli_parse_serial(ctx, argv[optind], "SERIAL", &a->serial)) != 0)
		return r;
	if (with_reason && !a->have_reason)
		return cli_usage_error(ctx, _("the option --reason is required"));
	if (a->src.file != NULL && a->src.fd >= 0)
		return cli_usage_error(ctx, _("give --password-file or --password-fd, not both"));
	return cli_store(ctx);
}

/* Shows the certificate and asks; 0 when the operator agreed. */
static int revoke_confirm(struct cli_ctx *ctx, uint64_t serial, const char *question)
{
	struct pki_cert_info info;
	struct pki_error err;
	int r;

	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_cert_get(ctx->store, serial, &info, &err) != 0)
		return cert_fail(&err, serial);
	cert_print(&info, false);
	putchar('\n');
	fflush(stdout);
	pki_cert_info_clear(&info);
	r = cli_confirm(question, false);
	return r;
}

static int cert_revoke(struct cli_ctx *ctx, int argc, char **argv)
{
	struct revoke_args a;
	struct pki_crl_info crl;
	struct pki_error err;
	pki_signer *signer = NULL;
	char question[256];
	int r;

	if ((r = revoke_parse(ctx, argc, argv, true, &a)) != 0)
		return r;
	snprintf(question, sizeof question,
	         _("Revoke certificate number %" PRIu64 " (reason %s)? This cannot be "
	           "undone%s. [y/N] "), a.serial, pki_reason_name(a.reason),
	         a.reason == PKI_REASON_CERTIFICATE_HOLD ? _(" except by release-hold") : "");
	if (!a.yes && (r = revoke_confirm(ctx, a.serial, question)) != 0)
		return r;
	if ((r = cli_open_signer(ctx, &a.src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_cert_revoke(ctx->store, signer, a.serial, a.reason, a.invalidity, &crl,
	                    &err) != 0) {
		pki_signer_close(&signer);
		return cert_fail(&err, a.serial);
	}
	pki_signer_close(&signer);
	printf(_("Certificate number %" PRIu64 " revoked (reason %s).\n"), a.serial,
	       pki_reason_name(a.reason));
	print_crl_made(&crl);
	return NC_EXIT_OK;
}

static int cert_release_hold(struct cli_ctx *ctx, int argc, char **argv)
{
	struct revoke_args a;
	struct pki_crl_info crl;
	struct pki_error err;
	pki_signer *signer = NULL;
	char question[256];
	int r;

	if ((r = revoke_parse(ctx, argc, argv, false, &a)) != 0)
		return r;
	snprintf(question, sizeof question,
	         _("Release the hold on certificate number %" PRIu64 "? [y/N] "), a.serial);
	if (!a.yes && (r = revoke_confirm(ctx, a.serial, question)) != 0)
		return r;
	if ((r = cli_open_signer(ctx, &a.src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_cert_release_hold(ctx->store, signer, a.serial, &crl, &err) != 0) {
		pki_signer_close(&signer);
		return cert_fail(&err, a.serial);
	}
	pki_signer_close(&signer);
	printf(_("Certificate number %" PRIu64 " is no longer on hold.\n"), a.serial);
	print_crl_made(&crl);
	return NC_EXIT_OK;
}

/* ------------------------------------------------------------- expiring */

/* Whole days from now to t, rounded up; negative once expired. */
static long days_left(time_t t, time_t now)
{
	return t > now ? (long)((t - now + 86399) / 86400) : -(long)((now - t) / 86400);
}

static int expiring_row(struct cli_table *tab, const char *serial, const char *root,
                        const char *subject, time_t not_after, const char *status,
                        time_t now)
{
	const char *cells[6];
	char t[CLI_TIME_MAX], left[32];

	if (not_after <= now)
		snprintf(left, sizeof left, "%s", _("expired"));
	else
		snprintf(left, sizeof left, "%ld", days_left(not_after, now));
	cells[0] = serial;
	cells[1] = root;
	cells[2] = subject;
	cells[3] = cli_time(not_after, CLI_TIME_MINUTE, t);
	cells[4] = left;
	cells[5] = status;
	return cli_table_add(tab, cells);
}

static int expiring_print(const struct pki_cert_info *arr, size_t n,
                          const struct pki_server_info *ca, bool ca_due, long days)
{
	const char *headers[6];
	char serial[32], t[CLI_TIME_MAX];
	struct cli_table *tab;
	time_t now = time(NULL);
	bool ca_done = !ca_due;
	size_t i;

	if (n == 0 && !ca_due) {
		printf(_("No certificate expires within %ld days.\n"), days);
		return NC_EXIT_OK;
	}
	headers[0] = _("Serial");
	headers[1] = _("Filename");
	headers[2] = _("Subject");
	headers[3] = _("Expires");
	headers[4] = _("Days left");
	headers[5] = _("Status");
	if ((tab = cli_table_new(6, headers)) == NULL)
		goto nomem;
	for (i = 0; i <= n; i++) {
		/* The CA's own certificate in its place, soonest first. */
		if (!ca_done && (i == n || ca->not_after <= arr[i].not_after)) {
			ca_done = true;
			/* TRANSLATORS: the "serial" of the CA's own certificate in the
			 * cert expiring table. */
			if (expiring_row(tab, _("CA"), ca->root, ca->subject, ca->not_after,
			                 ca->not_after <= now ? pki_cert_status_label(PKI_CERT_EXPIRED)
			                                      : _("CA certificate"), now) != 0)
				goto nomem;
		}
		if (i == n)
			break;
		snprintf(serial, sizeof serial, "%" PRIu64, arr[i].serial);
		if (expiring_row(tab, serial, arr[i].file_root, arr[i].subject, arr[i].not_after,
		                 pki_cert_status_label(pki_cert_status(&arr[i], now)), now) != 0)
			goto nomem;
	}
	cli_table_print(tab, stdout);
	cli_table_free(&tab);
	if (ca_due && ca->not_after <= now)
		printf(_("The Certificate Authority's own certificate expired on %s: renew it; "
		         "the certificates it issued no longer verify.\n"),
		       cli_time(ca->not_after, CLI_TIME_FULL, t));
	else if (ca_due)
		printf(_("The Certificate Authority's own certificate expires on %s: renew it "
		         "before the certificates it issued stop verifying.\n"),
		       cli_time(ca->not_after, CLI_TIME_FULL, t));
	return NC_EXIT_OK;
nomem:
	cli_table_free(&tab);
	nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
	return NC_EXIT_FAILURE;
}

static int cert_expiring(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"days", required_argument, NULL, OPT_DAYS},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_server_info ca;
	struct pki_cert_info *arr = NULL;
	struct pki_error err;
	json_t *o, *a, *jca;
	long days = 30;
	size_t n = 0, i;
	bool json = false, ca_due;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_DAYS:
			if ((r = cli_parse_long(ctx, optarg, "--days", &days)) != 0)
				return r;
			if (days < 0 || days > PKI_DAYS_MAX)
				return cli_usage_error(ctx, _("--days must be from 0 to %d"),
				                       PKI_DAYS_MAX);
			break;
		case OPT_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	memset(&ca, 0, sizeof ca);
	pki_error_clear(&err);
	if (pki_server_info(ctx->store, &ca, &err) != 0)
		return nc_fail(&err);
	if (pki_cert_list_expiring(ctx->store, days, &arr, &n, &err) != 0) {
		pki_server_info_clear(&ca);
		return nc_fail(&err);
	}
	ca_due = ca.not_after < time(NULL) + (time_t)days * 86400;
	if (json) {
		o = json_object();
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, cert_json(&arr[i], false));
		jca = ca_due ? json_object() : json_null();
		if (ca_due && jca != NULL) {
			cli_json_set_str(jca, "file_root", ca.root);
			cli_json_set_str(jca, "subject", ca.subject);
			cli_json_set_time(jca, "not_after", ca.not_after);
			cli_json_set_bool(jca, "expired", ca.not_after <= time(NULL));
		}
		if (o != NULL) {
			cli_json_set_int(o, "days", days);
			json_object_set_new(o, "certificates", a);
			json_object_set_new(o, "ca", jca);
		} else {
			json_decref(a);
			json_decref(jca);
		}
		r = cli_json_print(o);
	} else {
		r = expiring_print(arr, n, &ca, ca_due, days);
	}
	pki_cert_info_array_free(&arr, n);
	pki_server_info_clear(&ca);
	return r;
}

/* ---------------------------------------------------------------- table */

static const struct cli_cmd cert_cmds[] = {
	{
		"list",
		N_("List the certificates the Certificate Authority has issued."),
		N_("[--serial N] [--hostname H] [--instance I] [--file ROOT] [--json]"),
		N_("  --serial N            only certificate number N\n"
		   "  --hostname H          only certificates for host H\n"
		   "  --instance I          only certificates for instance I\n"
		   "  --file ROOT           only certificates with file name root ROOT\n"
		   "  --json                print a JSON array\n"),
		cert_list
	},
	{
		"show",
		N_("Show an issued certificate."),
		N_("SERIAL [--json] [--pem]"),
		N_("  --json                print a JSON object\n"
		   "  --pem                 include the certificate in PEM form\n"),
		cert_show
	},
	{
		"expiring",
		N_("List the certificates that expire soon, the expired ones included."),
		N_("[--days N] [--json]"),
		N_("  --days N              within N days from now (default 30); the CA's\n"
		   "                        own certificate is listed too when it is\n"
		   "                        within N days; revoked ones are left out\n"
		   "  --json                print a JSON object\n"),
		cert_expiring
	},
	{
		"get",
		N_("Save an issued certificate as a PEM file."),
		N_("SERIAL [--out PATH] [--force] [--chain [--no-root]]"),
		N_("  --out PATH            file, or directory for FILENAME.cer\n"
		   "                        (default: the current directory)\n"
		   "  -f, --force           replace an existing file\n"
		   "  --chain               write the certificate followed by the CA's\n"
		   "                        certificate and chain up to the root\n"
		   "  --no-root             ...leaving the self-signed root out\n"),
		cert_get
	},
	{
		"export-all",
		N_("Export the CA certificate, issued certificates and CRL to a directory."),
		N_("DIR [--since-serial N] [--since YYYY-MM-DD] [--json]"),
		N_("For the offline root's removable media. Writes DIR/ca.pem,\n"
		   "ca-chain.pem, FILENAME.cer and FILENAME.chain.pem for each issued\n"
		   "certificate, crl.der and crl.pem (the newest CRL, when one was\n"
		   "signed: nothing is signed here) and the manifest index.json.\n\n"
		   "  --since-serial N      only certificates with serial N or above\n"
		   "  --since DATE          only certificates issued on or after DATE\n"
		   "                        (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)\n"
		   "  --json                print the result as JSON\n"),
		cli_cert_export_all
	},
	{
		"revoke",
		N_("Revoke an issued certificate and sign a new CRL."),
		N_("SERIAL --reason R [--invalidity-date YYYY-MM-DD] [--password-file FILE|"
		   "--password-fd N] [--yes]"),
		N_("  --reason R            unspecified, keyCompromise, cACompromise,\n"
		   "                        affiliationChanged, superseded,\n"
		   "                        cessationOfOperation, certificateHold,\n"
		   "                        privilegeWithdrawn or aACompromise\n"
		   "  --invalidity-date D   when the key is known or suspected bad (UTC)\n"
		   "  --password-file FILE  CA key password (first line of FILE)\n"
		   "  --password-fd N       CA key password read from descriptor N\n"
		   "  -y, --yes             do not ask for confirmation\n"),
		cert_revoke
	},
	{
		"release-hold",
		N_("Take back a certificateHold revocation and sign a new CRL."),
		N_("SERIAL [--password-file FILE|--password-fd N] [--yes]"),
		N_("  --password-file FILE  CA key password (first line of FILE)\n"
		   "  --password-fd N       CA key password read from descriptor N\n"
		   "  -y, --yes             do not ask for confirmation\n"),
		cert_release_hold
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_cert = {
	"cert",
	N_("List, retrieve and revoke issued certificates."),
	cert_cmds
};
