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

/* ----------------------------------------------------------------- list */

/* The issued-certificates table; `mine` is the guide's "Show Certificates
 * for This Instance": only Serial Number and Filename. */
int
cli_cert_table(const struct pki_cert_info *arr, size_t n, bool mine)
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

struct list_args {
	struct pki_cert_filter f;
	bool json;
};

static const struct nc_option list_opts[] = {
	CLI_OPT_CERT_FILTER(struct list_args, f),
	NC_OPT_BOOL("json", struct list_args, json, N_("print a JSON array")),
	NC_OPT_END_OF(struct list_args, NULL),
};

static int
cert_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct list_args *f = args;
	struct pki_cert_info *arr = NULL;
	struct pki_error err;
	json_t *a;
	size_t n = 0, i;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_cert_list(ctx->store, &f->f, &arr, &n, &err) != 0)
		return nc_fail(&err);
	if (f->json) {
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, nc_json_cert(&arr[i], NC_JSON_OPERATOR, false));
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

static void
cert_print(const struct pki_cert_info *c, bool pem)
{
	const char *parts[3] = { c->contact_name, c->contact_phone, c->contact_email };
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
			cli_field(_("Invalid since"),
			    cli_time(c->invalidity_date, CLI_TIME_FULL, t));
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
static int
cert_fail(const struct pki_error *err, uint64_t serial)
{
	if (err->code == PKI_ERR_NOT_FOUND && err->msg[0] == '\0') {
		nc_error(_("No issued certificate %" PRIu64 "."), serial);
		return NC_EXIT_FAILURE;
	}
	return nc_fail(err);
}

struct show_args {
	bool json, pem;
};

static const struct nc_option show_opts[] = {
	NC_OPT_BOOL("json", struct show_args, json, N_("print a JSON object")),
	NC_OPT_BOOL("pem", struct show_args, pem, N_("include the certificate in PEM form")),
	NC_OPT_END_OF(struct show_args, NULL),
};

static int
cert_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct show_args *a = args;
	struct pki_cert_info info;
	struct pki_error err;
	uint64_t serial;
	int r;

	if ((r = cli_parse_serial(ctx, argv[0], "SERIAL", &serial)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_cert_get(ctx->store, serial, &info, &err) != 0)
		return cert_fail(&err, serial);
	if (a->json)
		r = cli_json_print(nc_json_cert(&info, NC_JSON_OPERATOR, a->pem));
	else
		cert_print(&info, a->pem);
	pki_cert_info_clear(&info);
	return r;
}

/* ------------------------------------------------------------------ get */

struct get_args {
	const char *out;
	bool force, chain, no_root;
};

static const struct nc_option get_opts[] = {
	NC_OPT_STR("out", struct get_args, out, "PATH",
	    N_("file, or directory for FILENAME.cer (with --chain FILENAME-chain.pem), made "
	       "when PATH ends in /; default: the current directory")),
	NC_OPT_BOOL("force", struct get_args, force, N_("replace an existing file"),
	    .short_name = 'f'),
	NC_OPT_BOOL("chain", struct get_args, chain,
	    N_("write the certificate followed by the CA's certificate and chain up "
	       "to the root")),
	NC_OPT_BOOL("no-root", struct get_args, no_root, N_("...leaving the self-signed root out"),
	    .needs = "chain"),
	NC_OPT_END_OF(struct get_args, NULL),
};

static int
cert_get(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct get_args *a = args;
	struct pki_cert_info info;
	struct pki_error err;
	char *written = NULL, *abs = NULL, *shown;
	uint64_t serial;
	int r;

	if ((r = cli_parse_serial(ctx, argv[0], "SERIAL", &serial)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if ((a->chain ? pki_cert_export_chain(ctx->store, serial, a->out, a->force, !a->no_root,
	                    &written, &info, &err)
	              : pki_cert_export(ctx->store, serial, a->out, a->force, &written, &info,
	                    &err)) != 0)
		return cert_fail(&err, serial);
	abs = realpath(written, NULL);
	shown = pki_sanitize(abs != NULL ? abs : written);
	printf(_("Certificate number %" PRIu64 " (SHA-1 Fingerprint: %s) saved in "
	         "file \"%s\"\n"),
	    info.serial, info.sha1, shown != NULL ? shown : "?");
	free(shown);
	free(abs);
	free(written);
	pki_cert_info_clear(&info);
	return NC_EXIT_OK;
}

/* --------------------------------------------------------------- revoke */

/* --invalidity-date: "YYYY-MM-DD" as midnight UTC, into a time_t member. */
static int
opt_date(const char *hint, const struct nc_option *opt, const char *s, void *field, void *base)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0' || strlen(s) != 10)
		return nc_usage_error(hint, _("%s: '%s' is not a date (YYYY-MM-DD)"),
		    "--invalidity-date", s);
	*(time_t *)field = timegm(&tm);
	return 0;
}

/* --reason: an int member. */
static int
opt_reason(const char *hint, const struct nc_option *opt, const char *arg, void *field, void *base)
{
	if (pki_reason_parse(arg, field) != 0)
		return nc_usage_error(hint,
		    _("--reason: unknown reason '%s' "
		      "(unspecified, keyCompromise, cACompromise, affiliationChanged, "
		      "superseded, cessationOfOperation, certificateHold, "
		      "privilegeWithdrawn, aACompromise)"),
		    arg);
	return NC_EXIT_OK;
}

static void
print_crl_made(const struct pki_crl_info *crl)
{
	char t[CLI_TIME_MAX];

	printf(_("CRL number %" PRIu64 " generated: %zu revoked certificates, next "
	         "update %s.\n"),
	    crl->number, crl->revoked_count, cli_time(crl->next_update, CLI_TIME_FULL, t));
}

/* Options of revoke and release-hold (which has no reason). */
struct revoke_args {
	int reason;
	time_t invalidity;
	struct nc_pwsrc src;
	bool yes;
};

static const struct nc_option revoke_opts[] = {
	NC_OPT_CB("reason", struct revoke_args, reason, int, "REASON",
	    N_("unspecified, keyCompromise, cACompromise, affiliationChanged, "
	       "superseded, cessationOfOperation, certificateHold, "
	       "privilegeWithdrawn or aACompromise"),
	    opt_reason, .flags = NC_OPT_REQUIRED),
	NC_OPT_CB("invalidity-date", struct revoke_args, invalidity, time_t, "YYYY-MM-DD",
	    N_("when the key is known or suspected bad (UTC)"), opt_date),
	CLI_OPT_CA_PASSWORD(struct revoke_args, src),
	CLI_OPT_YES(struct revoke_args, yes),
	NC_OPT_END_OF(struct revoke_args, NULL),
};

static const struct nc_option release_opts[] = {
	CLI_OPT_CA_PASSWORD(struct revoke_args, src),
	CLI_OPT_YES(struct revoke_args, yes),
	NC_OPT_END_OF(struct revoke_args, NULL),
};

/* Shows the certificate and asks; 0 when the operator agreed. */
static int
revoke_confirm(struct cli_ctx *ctx, uint64_t serial, const char *question)
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

/* The serial, the operator's confirmation (unless --yes) and the CA key,
 * for a revocation or (revoke false) the release of a hold. */
static int
revoke_prepare(struct cli_ctx *ctx, const struct revoke_args *a, const char *arg, bool revoke,
    uint64_t *serial, pki_signer **signer)
{
	char question[256];
	int r;

	if ((r = cli_parse_serial(ctx, arg, "SERIAL", serial)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	if (revoke)
		snprintf(question, sizeof question,
		    _("Revoke certificate number %" PRIu64 " (reason %s)? This cannot be "
		      "undone%s. [y/N] "),
		    *serial, pki_reason_name(a->reason),
		    a->reason == PKI_REASON_CERTIFICATE_HOLD ? _(" except by release-hold") : "");
	else
		snprintf(question, sizeof question,
		    _("Release the hold on certificate number %" PRIu64 "? [y/N] "), *serial);
	if (!a->yes && (r = revoke_confirm(ctx, *serial, question)) != 0)
		return r;
	return cli_open_signer(ctx, &a->src, signer);
}

static int
cert_revoke(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct revoke_args *a = args;
	struct pki_crl_info crl;
	struct pki_error err;
	pki_signer *signer = NULL;
	uint64_t serial;
	int r;

	if ((r = revoke_prepare(ctx, a, argv[0], true, &serial, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_cert_revoke(ctx->store, signer, serial, a->reason, a->invalidity, &crl, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return cert_fail(&err, serial);
	printf(_("Certificate number %" PRIu64 " revoked (reason %s).\n"), serial,
	    pki_reason_name(a->reason));
	print_crl_made(&crl);
	return NC_EXIT_OK;
}

static int
cert_release_hold(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_crl_info crl;
	struct pki_error err;
	pki_signer *signer = NULL;
	uint64_t serial;
	int r;

	if ((r = revoke_prepare(ctx, args, argv[0], false, &serial, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_cert_release_hold(ctx->store, signer, serial, &crl, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return cert_fail(&err, serial);
	printf(_("Certificate number %" PRIu64 " is no longer on hold.\n"), serial);
	print_crl_made(&crl);
	return NC_EXIT_OK;
}

/* ------------------------------------------------------------- expiring */

/* Whole days from now to t, rounded up; negative once expired. */
static long
days_left(time_t t, time_t now)
{
	return t > now ? (long)((t - now + 86399) / 86400) : -(long)((now - t) / 86400);
}

static int
expiring_row(struct cli_table *tab, const char *serial, const char *root, const char *subject,
    time_t not_after, const char *status, time_t now)
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

static int
expiring_print(const struct pki_cert_info *arr, size_t n, const struct pki_server_info *ca,
    bool ca_due, long days)
{
	const char *headers[6];
	char serial[32], t[CLI_TIME_MAX];
	struct cli_table *tab;
	time_t now = time(NULL);
	bool ca_done = !ca_due;
	size_t i;

	if (n == 0 && !ca_due) {
		printf(dngettext(PACKAGE, "No certificate expires within %ld day.\n",
		           "No certificate expires within %ld days.\n", (unsigned long)days),
		    days);
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
			                             : _("CA certificate"),
			        now) != 0)
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

struct expiring_args {
	long days;
	bool json;
};

static const struct expiring_args expiring_defaults = { .days = 30 };

static const struct nc_option expiring_opts[] = {
	NC_OPT_NUM("days", struct expiring_args, days, "N",
	    N_("within N days from now (default 30); the CA's own certificate is "
	       "listed too when it is within N days; revoked ones are left out"),
	    .min = 0, .max = PKI_DAYS_MAX),
	NC_OPT_BOOL("json", struct expiring_args, json, N_("print a JSON object")),
	NC_OPT_END_OF(struct expiring_args, &expiring_defaults),
};

static int
cert_expiring(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct expiring_args *opt = args;
	long days = opt->days;
	struct pki_server_info ca;
	struct pki_cert_info *arr = NULL;
	struct pki_error err;
	json_t *o, *a, *jca;
	size_t n = 0, i;
	bool ca_due;
	int r;

	if ((r = cli_store(ctx)) != 0)
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
	if (opt->json) {
		o = json_object();
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, nc_json_cert(&arr[i], NC_JSON_OPERATOR, false));
		jca = ca_due ? json_object() : json_null();
		if (ca_due && jca != NULL) {
			nc_json_set_str(jca, "file_root", ca.root);
			nc_json_set_str(jca, "subject", ca.subject);
			nc_json_set_time(jca, "not_after", ca.not_after, NC_JSON_OPERATOR);
			nc_json_set_bool(jca, "expired", ca.not_after <= time(NULL));
		}
		if (o != NULL) {
			nc_json_set_int(o, "days", days);
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
	{ .name = "list",
	    .summary = N_("List the certificates the Certificate Authority has issued."),
	    .usage = N_("[--serial N] [--hostname HOST] [--instance NAME] [--file ROOT] "
	                "[--json]"),
	    .options = list_opts,
	    .exec = cert_list },
	{ .name = "show",
	    .summary = N_("Show an issued certificate."),
	    .usage = N_("SERIAL [--json] [--pem]"),
	    .options = show_opts,
	    .nargs = 1,
	    .exec = cert_show },
	{ .name = "expiring",
	    .summary = N_("List the certificates that expire soon, the expired ones included."),
	    .usage = N_("[--days N] [--json]"),
	    .options = expiring_opts,
	    .exec = cert_expiring },
	{ .name = "get",
	    .summary = N_("Save an issued certificate as a PEM file."),
	    .usage = N_("SERIAL [--out PATH] [--force] [--chain [--no-root]]"),
	    .options = get_opts,
	    .nargs = 1,
	    .exec = cert_get },
	{ .name = "export-all",
	    .summary = N_("Export the CA certificate, issued certificates and CRL to a "
	                  "directory."),
	    .usage = N_("DIR [--since-serial N] [--since DATE] [--json]"),
	    .description = N_("For the offline root's removable media. Writes DIR/ca.pem, "
	                      "ca-chain.pem, FILENAME.cer and FILENAME-chain.pem for each "
	                      "issued certificate, crl.der and crl.pem (the newest CRL, when "
	                      "one was signed: nothing is signed here) and the manifest "
	                      "index.json."),
	    .options = cli_export_all_opts,
	    .nargs = 1,
	    .exec = cli_cert_export_all },
	{ .name = "revoke",
	    .summary = N_("Revoke an issued certificate and sign a new CRL."),
	    .usage = N_("SERIAL --reason REASON [--invalidity-date YYYY-MM-DD] "
	                "[--password-file FILE|--password-fd N] [--yes]"),
	    .options = revoke_opts,
	    .nargs = 1,
	    .exec = cert_revoke },
	{ .name = "release-hold",
	    .summary = N_("Take back a certificateHold revocation and sign a new CRL."),
	    .usage = N_("SERIAL [--password-file FILE|--password-fd N] [--yes]"),
	    .options = release_opts,
	    .nargs = 1,
	    .exec = cert_release_hold },
	{ .name = NULL },
};

const struct cli_group cli_group_cert = {
	"cert",
	N_("List, retrieve and revoke issued certificates."),
	cert_cmds,
};
