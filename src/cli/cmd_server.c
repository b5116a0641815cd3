/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_server.c: "ncpki server", the guide's Certificate Authority server
 * configuration: configure (a new key and self-signed certificate, or an
 * existing pair in DIR), show, cert (the CA certificate as PEM) and reinit
 * (forget the configuration, issued-certificate records and pending
 * requests; keep the files).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

/* ------------------------------------------------------------ configure */

#define SERVER_CHECK_MAX 16

static void
print_configured(const struct pki_server_result *res)
{
	printf("%s\n", _("Certificate Authority server successfully configured."));
	if (res->renamed_from != NULL) {
		char *from = pki_sanitize(res->renamed_from);
		char *to = pki_sanitize(res->renamed_to != NULL ? res->renamed_to : "");

		printf(_("Renamed lone existing file \"%s\" to \"%s\".\n"),
		    from != NULL ? from : "?", to != NULL ? to : "?");
		free(from);
		free(to);
	}
	if (res->mode == PKI_SERVER_NEW) {
		char *cer = pki_sanitize(res->cer_path);

		printf(_("Created new files: %s .key, and .srl.\n"), cer != NULL ? cer : "?");
		free(cer);
	} else {
		char *cer = pki_sanitize(res->cer_path);

		printf(_("Using existing files: %s and .key\n"), cer != NULL ? cer : "?");
		free(cer);
		if (res->key_reencrypted) {
			char *key = pki_sanitize(res->key_path);

			printf(_("Re-encrypted the private key file %s (PKCS#8, AES-256-CBC, "
			         "PBKDF2): it was unencrypted or in an outdated scheme.\n"),
			    key != NULL ? key : "?");
			free(key);
		}
		if (res->srl_created) {
			char *srl = pki_sanitize(res->srl_path);

			printf(_("Created serial file %s (next serial %" PRIu64 ").\n"),
			    srl != NULL ? srl : "?", res->next_serial);
			free(srl);
		}
	}
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"), res->sha1);
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-256 fingerprint:"),
	    res->sha256);
	printf("%s\n",
	    _("Store the private key on removable media that can be "
	      "physically secured."));
	if (res->admin_email != NULL && res->admin_email[0] != '\0') {
		printf("%s ", _("Administrator's email address:"));
		cli_put(stdout, res->admin_email);
		putchar('\n');
	}
}

/*
 * Prints every invalid field of p. With `before_password`, the CA key's
 * password is not read yet: its field is left out, so that a bad option
 * is reported before the operator types a password at the terminal.
 */
static int
check_fields(const struct pki_server_params *p, enum pki_server_mode mode, bool before_password)
{
	struct pki_error errs[SERVER_CHECK_MAX];
	size_t count = 0, i, shown = 0;

	memset(errs, 0, sizeof errs);
	if (pki_server_check(p, mode, errs, SERVER_CHECK_MAX, &count) == 0)
		return NC_EXIT_OK;
	for (i = 0; i < count && i < SERVER_CHECK_MAX; i++) {
		if (before_password && strcmp(errs[i].field, "password") == 0)
			continue;
		nc_error("%s", errs[i].msg[0] != '\0' ? errs[i].msg : pki_strerror(errs[i].code));
		shown++;
	}
	if (shown == 0 && before_password)
		return NC_EXIT_OK;
	if (shown == 0)
		nc_error("%s", pki_strerror(PKI_ERR_INVALID));
	return NC_EXIT_REJECTED;
}

/* Refuses early, before any password is asked, when a CA is configured. */
static int
refuse_if_configured(struct cli_ctx *ctx)
{
	struct pki_server_info info;
	struct pki_error err;
	int r;

	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	r = pki_server_info(ctx->store, &info, &err);
	pki_server_info_clear(&info);
	if (r == 0) {
		nc_error("%s",
		    _("The Certificate Authority server is already configured: "
		      "run 'ncpki server reinit' first."));
		return NC_EXIT_REJECTED;
	}
	if (r != PKI_ERR_NOT_CONFIGURED)
		return nc_fail(&err);
	return NC_EXIT_OK;
}

/* "counter" or "random"; sets *counter (the --serial-mode callback). */
static int
serial_mode(const char *hint, const struct nc_option *opt, const char *s, void *counter, void *base)
{
	if (strcmp(s, "counter") == 0)
		*(bool *)counter = true;
	else if (strcmp(s, "random") == 0)
		*(bool *)counter = false;
	else
		return nc_usage_error(hint,
		    _("The serial number mode is \"counter\" or "
		      "\"random\", not \"%s\""),
		    s);
	return 0;
}

struct configure_args {
	struct pki_server_params p;
	struct nc_pwsrc pw;
	const char *smtp_pw_file;
	bool new_only; /* a subject, key type or CA validity given */
};

static const struct configure_args configure_defaults = {
	.p = { .key_type = PKI_KEY_DEFAULT, .ca_days = 3650, .issue_days = 365 },
};

#define NEW_ONLY .seen = NC_SEEN(struct configure_args, new_only)

static const struct nc_option configure_opts[] = {
	NC_OPT_STR("root", struct configure_args, p.root, "NAME",
	    N_("file name root of the CA files"), .flags = NC_OPT_REQUIRED),
	NC_OPT_STR("dir", struct configure_args, p.dir, "DIR", N_("directory of the CA files"),
	    .flags = NC_OPT_REQUIRED),
	NC_OPT_STR("cn", struct configure_args, p.subject.cn, "TEXT",
	    N_("the new CA's Common Name"), NEW_ONLY),
	NC_OPT_STR("country", struct configure_args, p.subject.country, "CC",
	    N_("its country (a two-letter code)"), NEW_ONLY),
	NC_OPT_STR("state", struct configure_args, p.subject.state, "TEXT",
	    N_("its state or province"), NEW_ONLY),
	NC_OPT_STR("locality", struct configure_args, p.subject.locality, "TEXT",
	    N_("its locality"), NEW_ONLY),
	NC_OPT_STR("org", struct configure_args, p.subject.org, "TEXT", N_("its organization"),
	    NEW_ONLY),
	NC_OPT_STR("ou", struct configure_args, p.subject.ou, "TEXT", N_("its organizational unit"),
	    NEW_ONLY),
	NC_OPT_CB("key-type", struct configure_args, p.key_type, enum pki_key_type, "TYPE",
	    N_("rsa2048, rsa3072 (default), rsa4096, p256, p384 or ed25519"), cli_opt_key_type,
	    NEW_ONLY),
	NC_OPT_NUM("ca-days", struct configure_args, p.ca_days, "N",
	    N_("validity of the new CA certificate (3650)"), NEW_ONLY),
	NC_OPT_NUM("days", struct configure_args, p.issue_days, "N",
	    N_("validity of issued certificates (365)")),
	NC_OPT_STR("smtp-server", struct configure_args, p.smtp_server, "HOST[:PORT]",
	    N_("SMTP server for the CA's mail")),
	NC_OPT_STR("smtp-user", struct configure_args, p.smtp_user, "USER", N_("SMTP user name")),
	NC_OPT_STR("smtp-password-file", struct configure_args, smtp_pw_file, "FILE",
	    N_("SMTP password (first line of FILE), kept in DATA/smtp-password (0600)")),
	NC_OPT_STR("smtp-insecure-host", struct configure_args, p.smtp_insecure_host, "HOST",
	    N_("allow plain SMTP without STARTTLS to HOST (the SMTP server's host); "
	       "default: never")),
	NC_OPT_STR("smtp-ca-file", struct configure_args, p.smtp_ca_file, "FILE",
	    N_("PEM CAs trusted for the SMTP server besides the system's")),
	NC_OPT_STR("admin-email", struct configure_args, p.admin_email, "ADDR",
	    N_("the administrator's email address")),
	CLI_OPT_CA_PASSWORD(struct configure_args, pw),
	NC_OPT_STR("chain", struct configure_args, p.chain_path, "FILE",
	    N_("existing pair whose certificate is not self-signed (an intermediate "
	       "CA): its issuing chain, PEM, up to the self-signed root")),
	NC_OPT_CB("serial-mode", struct configure_args, p.counter_serial, bool, "MODE",
	    N_("random (default) or counter, the guide's serial file: see "
	       "\"ncpki server set-serial-mode --help\""),
	    serial_mode),
	NC_OPT_END_OF(struct configure_args, &configure_defaults),
};

#undef NEW_ONLY

static int
server_configure(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct configure_args *a = args;
	struct pki_server_params *p = &a->p;
	struct pki_server_probe probe;
	struct pki_server_result res;
	struct pki_error err;
	struct nc_secret pw = { NULL, 0, 0 }, smtp_pw = { NULL, 0, 0 };
	int r;

	memset(&probe, 0, sizeof probe);
	memset(&res, 0, sizeof res);
	pki_error_clear(&err);
	if ((r = cli_store(ctx)) != 0 || (r = refuse_if_configured(ctx)) != 0)
		return r;
	if (pki_server_probe(ctx->store, p->root, p->dir, &probe, &err) != 0)
		return nc_fail(&err);

	if (probe.mode == PKI_SERVER_EXISTING && a->new_only) {
		char *dir = pki_sanitize(probe.dir);

		nc_warning(_("Using existing files %s/%s.cer and .key: subject, key "
		             "type and CA validity options are ignored."),
		    dir != NULL ? dir : "?", p->root);
		free(dir);
	}
	r = NC_EXIT_OK;
	if (a->smtp_pw_file != NULL) {
		if ((r = nc_secret_from_file(a->smtp_pw_file, &smtp_pw, nc_error)) != 0)
			goto out;
		p->smtp_password = smtp_pw.buf;
		p->smtp_password_len = smtp_pw.len;
	}
	/* Before prompting on the terminal, report the other fields' errors. */
	if (a->pw.file == NULL && a->pw.fd < 0 && (r = check_fields(p, probe.mode, true)) != 0)
		goto out;

	if (probe.mode == PKI_SERVER_NEW) {
		r = nc_password(&a->pw, _("Password to Certificate Authority's Private Key file: "),
		    _("Confirm password: "), &pw, nc_error);
	} else if (probe.key_encrypted) {
		r = nc_password(&a->pw,
		    _("Password for Certificate Authority's Private Key file: "), NULL, &pw,
		    nc_error);
	} else {
		/* An unencrypted key is encrypted under a new password. */
		r = nc_password(&a->pw,
		    _("The private key file is not encrypted. Password to encrypt it: "),
		    _("Confirm password: "), &pw, nc_error);
	}
	if (r != 0)
		goto out;
	p->password = pw.buf;
	p->password_len = pw.len;
	if ((r = check_fields(p, probe.mode, false)) != 0)
		goto out;
	{
		/* mail: the confirmation email goes out after the configuration
		 * is stored; whether it does never changes the exit code. */
		int64_t mark = cli_mail_mark(ctx, CLI_MAIL_CONFIGURED);

		if (pki_server_configure(ctx->store, p, &res, &err) != 0) {
			r = nc_fail(&err);
			goto out;
		}
		print_configured(&res);
		if (res.admin_email != NULL)
			cli_mail_report(ctx, CLI_MAIL_CONFIGURED, mark, false);
	}
	r = NC_EXIT_OK;
out:
	nc_secret_free(&pw);
	nc_secret_free(&smtp_pw);
	pki_server_result_clear(&res);
	pki_server_probe_clear(&probe);
	return r;
}

/* ----------------------------------------------------------------- show */

static int
not_configured(const struct pki_error *err)
{
	if (err->code == PKI_ERR_NOT_CONFIGURED) {
		nc_error("%s", _("The Certificate Authority server is not configured."));
		return NC_EXIT_FAILURE;
	}
	return nc_fail(err);
}

static void
server_print(const struct pki_server_info *i)
{
	char t[CLI_TIME_MAX], num[32];

	cli_field(_("Root"), i->root);
	cli_field(_("Directory"), i->dir);
	cli_field(_("Certificate"), i->cer_path);
	cli_field(_("Key file"), i->key_path);
	cli_field(_("Serial file"), i->srl_path);
	cli_field(_("Subject"), i->subject);
	cli_field(_("Key"), i->key_desc);
	cli_field(_("SHA-1"), i->sha1);
	cli_field(_("SHA-256"), i->sha256);
	cli_field(_("Valid from"), cli_time(i->not_before, CLI_TIME_FULL, t));
	cli_field(_("Valid until"), cli_time(i->not_after, CLI_TIME_FULL, t));
	if (i->ca_days > 0) {
		snprintf(num, sizeof num,
		    dngettext(PACKAGE, "%ld day", "%ld days", (unsigned long)i->ca_days),
		    i->ca_days);
		cli_field(_("CA validity"), num);
	}
	snprintf(num, sizeof num,
	    dngettext(PACKAGE, "%ld day", "%ld days", (unsigned long)i->issue_days), i->issue_days);
	cli_field(_("Issued validity"), num);
	if (i->next_serial != 0)
		snprintf(num, sizeof num, "%" PRIu64, i->next_serial);
	else
		snprintf(num, sizeof num, "%s", _("unknown"));
	cli_field(_("Next serial"), num);
	cli_field(_("Serial numbers"),
	    i->random_serial ? _("random (64 bits from the CSPRNG, then the counter)")
	                     : _("counter"));
	cli_field(_("SMTP server"), i->smtp_server);
	cli_field(_("SMTP user"), i->smtp_user);
	cli_field(_("SMTP password"), i->smtp_password_set ? _("set") : _("not set"));
	cli_field(_("SMTP without STARTTLS"),
	    i->smtp_insecure_host == NULL || i->smtp_insecure_host[0] == '\0'
	        ? _("never (STARTTLS required)")
	        : i->smtp_insecure_host);
	cli_field(_("SMTP server trusted by"),
	    i->smtp_ca_set ? _("the system's CAs and the given CA file") : _("the system's CAs"));
	cli_field(_("Admin email"), i->admin_email);
	cli_field(_("Key file present"), i->key_present ? _("yes") : _("no"));
	cli_field(_("Configured"), cli_time(i->configured_at, CLI_TIME_FULL, t));
	snprintf(num, sizeof num, "%zu", i->pending);
	cli_field(_("Pending requests"), num);
	snprintf(num, sizeof num, "%zu", i->issued);
	cli_field(_("Issued"), num);
}

static const char *
srl_state_name(enum pki_srl_state s)
{
	static const char *const names[] = { "ok", "missing", "garbage", "behind" };

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* The SRL file against the database: a line, and a warning when they
 * disagree (the next issue repairs it forward). */
static void
srl_print(pki_store *store)
{
	struct pki_srl_status st;
	struct pki_error err;
	char line[256];

	pki_error_clear(&err);
	if (pki_srl_status(store, &st, &err) != 0) {
		cli_field(_("Serial file state"), err.msg);
		return;
	}
	switch (st.state) {
	case PKI_SRL_OK:
		snprintf(line, sizeof line, "%s", _("in agreement with the database"));
		break;
	case PKI_SRL_MISSING:
		snprintf(line, sizeof line,
		    _("missing: the next issue recreates it (next serial %" PRIu64 ")"), st.next);
		break;
	case PKI_SRL_GARBAGE:
		snprintf(line, sizeof line,
		    _("not a hexadecimal serial number: the next issue "
		      "repairs it (next serial %" PRIu64 ")"),
		    st.next);
		break;
	default:
		snprintf(line, sizeof line,
		    _("behind the highest serial issued (%" PRIu64 "): the "
		      "next issue repairs it forward (next serial %" PRIu64 ")"),
		    st.max_issued, st.next);
		break;
	}
	cli_field(_("Serial file state"), line);
	if (st.state != PKI_SRL_OK)
		nc_warning(_("The serial file disagrees with the database: %s"), line);
}

static int
server_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool json = ((struct cli_json_args *)args)->json;
	struct pki_server_info info;
	struct pki_error err;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info(ctx->store, &info, &err) != 0)
		return not_configured(&err);
	if (json) {
		json_t *o = nc_json_ca(&info, NC_JSON_OPERATOR);
		struct pki_srl_status st;
		if (o != NULL && pki_srl_status(ctx->store, &st, &err) == 0)
			json_object_set_new(o, "srl_state", json_string(srl_state_name(st.state)));
		r = cli_json_print(o);
	} else {
		server_print(&info);
		srl_print(ctx->store);
		r = NC_EXIT_OK;
	}
	pki_server_info_clear(&info);
	return r;
}

/* ----------------------------------------------------------------- cert */

struct cert_args {
	const char *out;
	bool chain, no_root;
};

static const struct nc_option cert_opts[] = {
	NC_OPT_STR("out", struct cert_args, out, "FILE",
	    N_("write to FILE instead of standard output")),
	NC_OPT_BOOL("chain", struct cert_args, chain,
	    N_("follow it with its issuing chain, nearest issuer first (an "
	       "intermediate CA)")),
	NC_OPT_BOOL("no-root", struct cert_args, no_root,
	    N_("leave the self-signed root out of the chain"), .needs = "chain"),
	NC_OPT_END_OF(struct cert_args, NULL),
};

static int
server_cert(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct cert_args *a = args;
	struct pki_error err;
	char *pem = NULL;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if ((a->chain ? pki_ca_chain_pem(ctx->store, true, !a->no_root, &pem, &err)
	              : pki_ca_cert_pem(ctx->store, &pem, &err)) != 0)
		return not_configured(&err);
	if (a->out == NULL || strcmp(a->out, "-") == 0) {
		fputs(pem, stdout);
		r = NC_EXIT_OK;
	} else if (pki_file_write_atomic(a->out, pem, strlen(pem), 0644, &err) != 0) {
		r = nc_fail(&err);
	} else {
		printf(_("Certificate Authority certificate saved in file \"%s\"\n"), a->out);
		r = NC_EXIT_OK;
	}
	free(pem);
	return r;
}

/* --------------------------------------------------------------- reinit */

static int
server_reinit(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool yes = ((struct cli_yes_args *)args)->yes;
	struct pki_server_info info;
	struct pki_error err;
	char question[512];
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info(ctx->store, &info, &err) != 0)
		return not_configured(&err);
	snprintf(question, sizeof question,
	    _("Reinitialize the Certificate Authority server? This deletes its "
	      "configuration, %zu issued-certificate records and %zu pending "
	      "requests; the key, certificate and SRL files are kept. [y/N] "),
	    info.issued, info.pending);
	pki_server_info_clear(&info);
	if ((r = cli_confirm(question, yes)) != 0)
		return r;
	if (pki_server_reinit(ctx->store, &err) != 0)
		return nc_fail(&err);
	printf("%s\n",
	    _("Certificate Authority server reinitialized. The key, "
	      "certificate and SRL files were kept."));
	return NC_EXIT_OK;
}

/* ----------------------------------------------------------------- urls */

struct urls_args {
	const char *crl, *ocsp, *issuers;
	long crl_days;
	bool crl_days_given, json;
};

static const struct nc_option urls_opts[] = {
	NC_OPT_STR("crl", struct urls_args, crl, "URL",
	    N_("where the CRL is published (http or https)")),
	NC_OPT_STR("ocsp", struct urls_args, ocsp, "URL", N_("the OCSP responder")),
	NC_OPT_STR("ca-issuers", struct urls_args, issuers, "URL",
	    N_("where the CA certificate is published")),
	NC_OPT_NUM("crl-days", struct urls_args, crl_days, "N",
	    N_("CRL period: nextUpdate is N days after thisUpdate (1-366, default 7)"),
	    .seen = NC_SEEN(struct urls_args, crl_days_given)),
	NC_OPT_BOOL("json", struct urls_args, json, N_("print a JSON object")),
	NC_OPT_END_OF(struct urls_args, NULL),
};

static int
server_urls(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct urls_args *a = args;
	struct pki_server_urls u;
	struct pki_error err;
	char days[32];
	json_t *o;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if ((a->crl != NULL || a->ocsp != NULL || a->issuers != NULL) &&
	    pki_server_set_urls(ctx->store, a->crl, a->ocsp, a->issuers, &err) != 0)
		return nc_fail(&err);
	/* A negative period is refused by the library, with its message. */
	if (a->crl_days_given &&
	    pki_server_set_crl_days(ctx->store, a->crl_days < 0 ? 0 : a->crl_days, &err) != 0)
		return nc_fail(&err);
	if (pki_server_get_urls(ctx->store, &u, &err) != 0)
		return nc_fail(&err);
	if (a->json) {
		if ((o = json_object()) != NULL) {
			nc_json_set_str(o, "crl", u.crl_url);
			nc_json_set_str(o, "ocsp", u.ocsp_url);
			nc_json_set_str(o, "ca_issuers", u.ca_issuers_url);
			nc_json_set_int(o, "crl_days", u.crl_days);
		}
		r = cli_json_print(o);
	} else {
		cli_field(_("CRL distribution point"), u.crl_url);
		cli_field(_("OCSP responder"), u.ocsp_url);
		cli_field(_("CA issuers"), u.ca_issuers_url);
		snprintf(days, sizeof days, "%ld", u.crl_days);
		cli_field(_("CRL period (days)"), days);
	}
	pki_server_urls_clear(&u);
	return r;
}

/* ------------------------------------------------------ serial numbers */

static int
server_set_serial_mode(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_error err;
	char hint[CLI_HINT_MAX];
	bool counter = false;
	int r;

	if ((r = serial_mode(cli_hint(ctx, hint), NULL, argv[0], &counter, NULL)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_server_set_serial_mode(ctx->store, !counter, &err) != 0)
		return not_configured(&err);
	printf("%s\n",
	    !counter
	        ? _("Certificates issued from now on get random serial numbers: 64 bits from the "
	            "CSPRNG followed by the counter.")
	        : _("Certificates issued from now on get the counter's value as serial number."));
	return NC_EXIT_OK;
}

/* ------------------------------------------------------ expiry notices */

static int
server_set_notice_days(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_error err;
	long days;
	int r;

	if ((r = cli_parse_long(ctx, argv[0], "N", &days)) != 0)
		return r;
	if (days < 0 || days > PKI_NOTICE_DAYS_MAX)
		return cli_usage_error(ctx, _("N must be from 0 (no notices) to %d"),
		    PKI_NOTICE_DAYS_MAX);
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_server_set_notice_days(ctx->store, days, &err) != 0)
		return not_configured(&err);
	if (days == 0)
		printf("%s\n", _("Expiry notices are turned off."));
	else
		printf(dngettext(PACKAGE,
		           "Technical contacts are told %ld day before a certificate expires.\n",
		           "Technical contacts are told %ld days before a certificate expires.\n",
		           (unsigned long)days),
		    days);
	return NC_EXIT_OK;
}

/* --------------------------------------------------------------- renew */

struct renew_args {
	long days;
	struct nc_pwsrc src;
};

static const struct nc_option renew_opts[] = {
	NC_OPT_NUM("days", struct renew_args, days, "N",
	    N_("validity of the new certificate in days (default: as long as the current one)"),
	    .min = 1, .max = PKI_DAYS_MAX),
	CLI_OPT_CA_PASSWORD(struct renew_args, src),
	NC_OPT_END_OF(struct renew_args, NULL),
};

static int
server_renew(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct renew_args *a = args;
	struct pki_ca_renewed res;
	struct pki_error err;
	pki_signer *signer = NULL;
	char t[CLI_TIME_MAX];
	int r;

	if ((r = cli_store(ctx)) != 0 || (r = cli_open_signer(ctx, &a->src, &signer)) != 0)
		return r;
	pki_error_clear(&err);
	r = pki_ca_renew(ctx->store, signer, a->days, &res, &err);
	pki_signer_close(&signer);
	if (r != 0)
		return nc_fail(&err);
	printf("%s\n", _("The Certificate Authority's certificate was renewed with its key."));
	cli_field(_("Certificate file"), res.cer_path);
	cli_field(_("Previous certificate"), res.previous_path);
	cli_field(_("Valid until"), cli_time(res.not_after, CLI_TIME_FULL, t));
	cli_field(_("SHA-1 Fingerprint"), res.sha1);
	cli_field(_("SHA-256 Fingerprint"), res.sha256);
	printf("%s\n",
	    _("Certificates issued before keep verifying. Give the new certificate to the "
	      "clients (they compare its fingerprints again) and restart ncpkid."));
	pki_ca_renewed_clear(&res);
	return NC_EXIT_OK;
}

/* ---------------------------------------------------------------- table */

static const struct cli_cmd server_cmds[] = {
	{ .name = "configure",
	    .summary = N_("Configure the local Certificate Authority server."),
	    .usage = N_("--root NAME --dir DIR [options]"),
	    .description = N_("Uses DIR/NAME.key and DIR/NAME.cer when both exist, else creates "
	                      "a new key, self-signed certificate and serial file there, for "
	                      "the subject given by one at least of --cn, --country, --state, "
	                      "--locality, --org and --ou. A relative DIR is relative to the "
	                      "data directory."),
	    .options = configure_opts,
	    .exec = server_configure },
	{ .name = "show",
	    .summary = N_("Show the Certificate Authority server's configuration."),
	    .usage = N_("[--json]"),
	    .options = cli_json_object_opts,
	    .exec = server_show },
	{ .name = "cert",
	    .summary = N_("Print or save the Certificate Authority's certificate (PEM)."),
	    .usage = N_("[--out FILE] [--chain [--no-root]]"),
	    .options = cert_opts,
	    .exec = server_cert },
	{ .name = "reinit",
	    .summary = N_("Reinitialize the Certificate Authority server."),
	    .usage = N_("[--yes]"),
	    .description = N_("Deletes the configuration, issued-certificate records and "
	                      "pending requests; keeps the key, certificate and SRL files."),
	    .options = cli_yes_opts,
	    .exec = server_reinit },
	{ .name = "renew",
	    .summary = N_("Renew the Certificate Authority's own certificate with its key."),
	    .usage = N_("[--days N] [--password-file FILE|--password-fd N]"),
	    .description = N_("A root's certificate made again with the same subject, key and "
	                      "extensions, a new serial number and a new validity; certificates "
	                      "issued before keep verifying. The previous DIR/NAME.cer is kept "
	                      "as DIR/NAME.cer.old. An intermediate's certificate is renewed by "
	                      "its root."),
	    .options = renew_opts,
	    .exec = server_renew },
	{ .name = "urls",
	    .summary = N_("Show or set the public URLs put into issued certificates and the "
	                  "CRL period."),
	    .usage = N_("[--crl URL] [--ocsp URL] [--ca-issuers URL] [--crl-days N] [--json]"),
	    .description = N_("Certificates issued afterwards carry the CRL distribution point "
	                      "and the authority information access (OCSP, CA issuers) given "
	                      "here; an empty URL removes one."),
	    .options = urls_opts,
	    .exec = server_urls },
	{ .name = "set-notice-days",
	    .summary = N_("Set how many days before expiry technical contacts get a notice."),
	    .usage = N_("N"),
	    .description = N_("N is from 0 to 366 (default 30); 0 turns the expiry notices off. "
	                      "Each certificate with a contact email gets one notice, queued "
	                      "by ncpkid every hour or by \"ncpki mail notify-expiring\"."),
	    .nargs = 1,
	    .exec = server_set_notice_days },
	{ .name = "set-serial-mode",
	    .summary = N_("Choose counter or random serial numbers for the certificates issued "
	                  "next."),
	    .usage = N_("counter|random"),
	    .description = N_("random (the default of a new CA): 64 bits from the CSPRNG "
	                      "followed by the counter's 64 bits (CA/Browser Forum Baseline "
	                      "Requirements 7.1), unique by construction. counter, an explicit "
	                      "choice: a certificate's serial number is the serial file's "
	                      "counter, as the guide has it. Either way the counter numbers the "
	                      "certificates (ncpki cert show N, file names) and the serial file "
	                      "keeps it; \"cert show\" prints a random serial number, and the "
	                      "CRL and OCSP use it."),
	    .nargs = 1,
	    .exec = server_set_serial_mode },
	{ .name = NULL },
};

const struct cli_group cli_group_server = {
	"server",
	N_("Configure and inspect the Certificate Authority server."),
	server_cmds,
};
