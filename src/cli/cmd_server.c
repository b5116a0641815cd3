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

enum {
	OPT_ROOT = 256, OPT_DIR, OPT_CN, OPT_COUNTRY, OPT_STATE, OPT_LOCALITY,
	OPT_ORG, OPT_OU, OPT_KEY_TYPE, OPT_CA_DAYS, OPT_DAYS, OPT_SMTP_SERVER,
	OPT_SMTP_USER, OPT_SMTP_PASSWORD_FILE, OPT_SMTP_INSECURE_HOST, OPT_SMTP_CA_FILE, OPT_ADMIN_EMAIL, OPT_PASSWORD_FILE,
	OPT_PASSWORD_FD, OPT_JSON, OPT_OUT, OPT_CHAIN, OPT_NO_ROOT, OPT_SERIAL_MODE
};

#define SERVER_CHECK_MAX 16

static void print_configured(const struct pki_server_result *res)
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
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"),
	       res->sha1);
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-256 fingerprint:"),
	       res->sha256);
	printf("%s\n", _("Store the private key on removable media that can be "
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
static int check_fields(const struct pki_server_params *p, enum pki_server_mode mode,
                        bool before_password)
{
	struct pki_error errs[SERVER_CHECK_MAX];
	size_t count = 0, i, shown = 0;

	memset(errs, 0, sizeof errs);
	if (pki_server_check(p, mode, errs, SERVER_CHECK_MAX, &count) == 0)
		return NC_EXIT_OK;
	for (i = 0; i < count && i < SERVER_CHECK_MAX; i++) {
		if (before_password && strcmp(errs[i].field, "password") == 0)
			continue;
		nc_error("%s", errs[i].msg[0] != '\0' ? errs[i].msg
		                                        : pki_strerror(errs[i].code));
		shown++;
	}
	if (shown == 0 && before_password)
		return NC_EXIT_OK;
	if (shown == 0)
		nc_error("%s", pki_strerror(PKI_ERR_INVALID));
	return NC_EXIT_REJECTED;
}

/* Refuses early, before any password is asked, when a CA is configured. */
static int refuse_if_configured(struct cli_ctx *ctx)
{
	struct pki_server_info info;
	struct pki_error err;
	int r;

	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	r = pki_server_info(ctx->store, &info, &err);
	pki_server_info_clear(&info);
	if (r == 0) {
		nc_error("%s", _("The Certificate Authority server is already configured: "
		                 "run 'ncpki server reinit' first."));
		return NC_EXIT_REJECTED;
	}
	if (r != PKI_ERR_NOT_CONFIGURED)
		return nc_fail(&err);
	return NC_EXIT_OK;
}

/* "counter" or "random"; sets *random_serial */
static int parse_serial_mode(struct cli_ctx *ctx, const char *s, bool *random_serial)
{
	if (strcmp(s, "counter") == 0)
		*random_serial = false;
	else if (strcmp(s, "random") == 0)
		*random_serial = true;
	else
		return cli_usage_error(ctx, _("The serial number mode is \"counter\" or \"random\", "
		                              "not \"%s\""), s);
	return 0;
}

static int server_configure(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, OPT_ROOT},
		{"dir", required_argument, NULL, OPT_DIR},
		{"cn", required_argument, NULL, OPT_CN},
		{"country", required_argument, NULL, OPT_COUNTRY},
		{"state", required_argument, NULL, OPT_STATE},
		{"locality", required_argument, NULL, OPT_LOCALITY},
		{"org", required_argument, NULL, OPT_ORG},
		{"ou", required_argument, NULL, OPT_OU},
		{"key-type", required_argument, NULL, OPT_KEY_TYPE},
		{"ca-days", required_argument, NULL, OPT_CA_DAYS},
		{"days", required_argument, NULL, OPT_DAYS},
		{"smtp-server", required_argument, NULL, OPT_SMTP_SERVER},
		{"smtp-user", required_argument, NULL, OPT_SMTP_USER},
		{"smtp-password-file", required_argument, NULL, OPT_SMTP_PASSWORD_FILE},
		{"smtp-insecure-host", required_argument, NULL, OPT_SMTP_INSECURE_HOST},
		{"smtp-ca-file", required_argument, NULL, OPT_SMTP_CA_FILE},
		{"admin-email", required_argument, NULL, OPT_ADMIN_EMAIL},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"chain", required_argument, NULL, OPT_CHAIN},
		{"serial-mode", required_argument, NULL, OPT_SERIAL_MODE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_server_params p;
	struct pki_server_probe probe;
	struct pki_server_result res;
	struct pki_error err;
	struct nc_pwsrc pwsrc = NC_PWSRC_INIT;
	struct nc_secret pw = {NULL, 0, 0}, smtp_pw = {NULL, 0, 0};
	const char *smtp_pw_file = NULL;
	bool new_only = false, random_serial = true;
	int c, r;

	memset(&p, 0, sizeof p);
	memset(&probe, 0, sizeof probe);
	memset(&res, 0, sizeof res);
	pki_error_clear(&err);
	p.key_type = PKI_KEY_DEFAULT;
	p.ca_days = 3650;
	p.issue_days = 365;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_ROOT: p.root = optarg; break;
		case OPT_DIR: p.dir = optarg; break;
		case OPT_CN: p.subject.cn = optarg; new_only = true; break;
		case OPT_COUNTRY: p.subject.country = optarg; new_only = true; break;
		case OPT_STATE: p.subject.state = optarg; new_only = true; break;
		case OPT_LOCALITY: p.subject.locality = optarg; new_only = true; break;
		case OPT_ORG: p.subject.org = optarg; new_only = true; break;
		case OPT_OU: p.subject.ou = optarg; new_only = true; break;
		case OPT_KEY_TYPE:
			if (pki_key_type_parse(optarg, &p.key_type) != 0)
				return cli_usage_error(ctx, _("--key-type: unknown key type '%s' "
				                              "(rsa2048, rsa3072, rsa4096, p256, "
				                              "p384 or ed25519)"), optarg);
			new_only = true;
			break;
		case OPT_CA_DAYS:
			if ((r = cli_parse_long(ctx, optarg, "--ca-days", &p.ca_days)) != 0)
				return r;
			new_only = true;
			break;
		case OPT_DAYS:
			if ((r = cli_parse_long(ctx, optarg, "--days", &p.issue_days)) != 0)
				return r;
			break;
		case OPT_SMTP_SERVER: p.smtp_server = optarg; break;
		case OPT_SMTP_USER: p.smtp_user = optarg; break;
		case OPT_SMTP_PASSWORD_FILE: smtp_pw_file = optarg; break;
		case OPT_SMTP_INSECURE_HOST: p.smtp_insecure_host = optarg; break;
		case OPT_SMTP_CA_FILE: p.smtp_ca_file = optarg; break;
		case OPT_ADMIN_EMAIL: p.admin_email = optarg; break;
		case OPT_CHAIN: p.chain_path = optarg; break;
		case OPT_SERIAL_MODE:
			if ((r = parse_serial_mode(ctx, optarg, &random_serial)) != 0)
				return r;
			p.counter_serial = !random_serial;
			break;
		case OPT_PASSWORD_FILE: pwsrc.file = optarg; break;
		case OPT_PASSWORD_FD:
			if ((r = cli_parse_fd(ctx, optarg, "--password-fd", &pwsrc.fd)) != 0)
				return r;
			break;
		case 'h':
			return cli_help(ctx);
		default:
			return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (p.root == NULL)
		return cli_usage_error(ctx, _("the option --root is required"));
	if (p.dir == NULL)
		return cli_usage_error(ctx, _("the option --dir is required"));
	if (pwsrc.file != NULL && pwsrc.fd >= 0)
		return cli_usage_error(ctx, _("give --password-file or --password-fd, "
		                              "not both"));

	if ((r = cli_store(ctx)) != 0 || (r = refuse_if_configured(ctx)) != 0)
		return r;
	if (pki_server_probe(ctx->store, p.root, p.dir, &probe, &err) != 0)
		return nc_fail(&err);

	if (probe.mode == PKI_SERVER_EXISTING && new_only) {
		char *dir = pki_sanitize(probe.dir);

		nc_warning(_("Using existing files %s/%s.cer and .key: subject, key "
		             "type and CA validity options are ignored."),
		           dir != NULL ? dir : "?", p.root);
		free(dir);
	}
	r = NC_EXIT_OK;
	if (smtp_pw_file != NULL) {
		if ((r = nc_secret_from_file(smtp_pw_file, &smtp_pw, nc_error)) != 0)
			goto out;
		p.smtp_password = smtp_pw.buf;
		p.smtp_password_len = smtp_pw.len;
	}
	/* Before prompting on the terminal, report the other fields' errors. */
	if (pwsrc.file == NULL && pwsrc.fd < 0 &&
	    (r = check_fields(&p, probe.mode, true)) != 0)
		goto out;

	if (probe.mode == PKI_SERVER_NEW) {
		r = nc_password(&pwsrc,
		                _("Password to Certificate Authority's Private Key file: "),
		                _("Confirm password: "), &pw, nc_error);
	} else if (probe.key_encrypted) {
		r = nc_password(&pwsrc,
		                _("Password for Certificate Authority's Private Key file: "),
		                NULL, &pw, nc_error);
	} else {
		/* An unencrypted key is encrypted under a new password. */
		r = nc_password(&pwsrc,
		                _("The private key file is not encrypted. Password to encrypt it: "),
		                _("Confirm password: "), &pw, nc_error);
	}
	if (r != 0)
		goto out;
	p.password = pw.buf;
	p.password_len = pw.len;
	if ((r = check_fields(&p, probe.mode, false)) != 0)
		goto out;
	{
		/* mail: the confirmation email goes out after the configuration
		 * is stored; whether it does never changes the exit code. */
		int64_t mark = cli_mail_mark(ctx, CLI_MAIL_CONFIGURED);

		if (pki_server_configure(ctx->store, &p, &res, &err) != 0) {
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

static int not_configured(const struct pki_error *err)
{
	if (err->code == PKI_ERR_NOT_CONFIGURED) {
		nc_error("%s", _("The Certificate Authority server is not configured."));
		return NC_EXIT_FAILURE;
	}
	return nc_fail(err);
}

static json_t *server_json(const struct pki_server_info *i)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	cli_json_set_str(o, "root", i->root);
	cli_json_set_str(o, "directory", i->dir);
	cli_json_set_str(o, "certificate", i->cer_path);
	cli_json_set_str(o, "key_file", i->key_path);
	cli_json_set_str(o, "srl_file", i->srl_path);
	cli_json_set_str(o, "subject", i->subject);
	cli_json_set_str(o, "key", i->key_desc);
	cli_json_set_str(o, "sha1", i->sha1);
	cli_json_set_str(o, "sha256", i->sha256);
	cli_json_set_time(o, "not_before", i->not_before);
	cli_json_set_time(o, "not_after", i->not_after);
	cli_json_set_time(o, "configured_at", i->configured_at);
	cli_json_set_bool(o, "created_new", i->created_new);
	cli_json_set_int(o, "ca_days", i->ca_days);
	cli_json_set_int(o, "issue_days", i->issue_days);
	cli_json_set_uint(o, "next_serial", i->next_serial);
	cli_json_set_str(o, "serial_mode", i->random_serial ? "random" : "counter");
	cli_json_set_str(o, "smtp_server", i->smtp_server);
	cli_json_set_str(o, "smtp_user", i->smtp_user);
	cli_json_set_bool(o, "smtp_password_set", i->smtp_password_set);
	cli_json_set_str(o, "smtp_insecure_host", i->smtp_insecure_host);
	cli_json_set_bool(o, "smtp_ca_set", i->smtp_ca_set);
	cli_json_set_str(o, "admin_email", i->admin_email);
	cli_json_set_bool(o, "key_present", i->key_present);
	cli_json_set_uint(o, "pending", i->pending);
	cli_json_set_uint(o, "issued", i->issued);
	return o;
}

static void server_print(const struct pki_server_info *i)
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
		snprintf(num, sizeof num, dngettext(PACKAGE, "%ld day", "%ld days",
		                                    (unsigned long)i->ca_days), i->ca_days);
		cli_field(_("CA validity"), num);
	}
	snprintf(num, sizeof num, dngettext(PACKAGE, "%ld day", "%ld days",
	                                    (unsigned long)i->issue_days), i->issue_days);
	cli_field(_("Issued validity"), num);
	if (i->next_serial != 0)
		snprintf(num, sizeof num, "%" PRIu64, i->next_serial);
	else
		snprintf(num, sizeof num, "%s", _("unknown"));
	cli_field(_("Next serial"), num);
	cli_field(_("Serial numbers"), i->random_serial
	          ? _("random (64 bits from the CSPRNG, then the counter)") : _("counter"));
	cli_field(_("SMTP server"), i->smtp_server);
	cli_field(_("SMTP user"), i->smtp_user);
	cli_field(_("SMTP password"), i->smtp_password_set ? _("set") : _("not set"));
	cli_field(_("SMTP without STARTTLS"),
	          i->smtp_insecure_host == NULL || i->smtp_insecure_host[0] == '\0'
	          ? _("never (STARTTLS required)") : i->smtp_insecure_host);
	cli_field(_("SMTP server trusted by"), i->smtp_ca_set
	          ? _("the system's CAs and the given CA file") : _("the system's CAs"));
	cli_field(_("Admin email"), i->admin_email);
	cli_field(_("Key file present"), i->key_present ? _("yes") : _("no"));
	cli_field(_("Configured"), cli_time(i->configured_at, CLI_TIME_FULL, t));
	snprintf(num, sizeof num, "%zu", i->pending);
	cli_field(_("Pending requests"), num);
	snprintf(num, sizeof num, "%zu", i->issued);
	cli_field(_("Issued"), num);
}

static const char *srl_state_name(enum pki_srl_state s)
{
	static const char *const names[] = {"ok", "missing", "garbage", "behind"};

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* The SRL file against the database: a line, and a warning when they
 * disagree (the next issue repairs it forward). */
static void srl_print(pki_store *store)
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
		snprintf(line, sizeof line, _("missing: the next issue recreates it (next serial %"
		                              PRIu64 ")"), st.next);
		break;
	case PKI_SRL_GARBAGE:
		snprintf(line, sizeof line, _("not a hexadecimal serial number: the next issue "
		                              "repairs it (next serial %" PRIu64 ")"), st.next);
		break;
	default:
		snprintf(line, sizeof line, _("behind the highest serial issued (%" PRIu64 "): the "
		                              "next issue repairs it forward (next serial %" PRIu64
		                              ")"), st.max_issued, st.next);
		break;
	}
	cli_field(_("Serial file state"), line);
	if (st.state != PKI_SRL_OK)
		nc_warning(_("The serial file disagrees with the database: %s"), line);
}

static int server_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_server_info info;
	struct pki_error err;
	bool json = false;
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
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info(ctx->store, &info, &err) != 0)
		return not_configured(&err);
	if (json) {
		json_t *o = server_json(&info);
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

static int server_cert(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, OPT_OUT},
		{"chain", no_argument, NULL, OPT_CHAIN},
		{"no-root", no_argument, NULL, OPT_NO_ROOT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_error err;
	const char *out = NULL;
	char *pem = NULL;
	bool chain = false, no_root = false;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_OUT: out = optarg; break;
		case OPT_CHAIN: chain = true; break;
		case OPT_NO_ROOT: no_root = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	if (no_root && !chain)
		return cli_usage_error(ctx, _("--no-root goes with --chain"));
	pki_error_clear(&err);
	if ((chain ? pki_ca_chain_pem(ctx->store, true, !no_root, &pem, &err)
	           : pki_ca_cert_pem(ctx->store, &pem, &err)) != 0)
		return not_configured(&err);
	if (out == NULL || strcmp(out, "-") == 0) {
		fputs(pem, stdout);
		r = NC_EXIT_OK;
	} else if (pki_file_write_atomic(out, pem, strlen(pem), 0644, &err) != 0) {
		r = nc_fail(&err);
	} else {
		printf(_("Certificate Authority certificate saved in file \"%s\"\n"), out);
		r = NC_EXIT_OK;
	}
	free(pem);
	return r;
}

/* --------------------------------------------------------------- reinit */

static int server_reinit(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_server_info info;
	struct pki_error err;
	char question[512];
	bool yes = false;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "hy", opts)) != -1) {
		switch (c) {
		case 'y': yes = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
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
	printf("%s\n", _("Certificate Authority server reinitialized. The key, "
	                 "certificate and SRL files were kept."));
	return NC_EXIT_OK;
}

/* ---------------------------------------------------------------- table */

/* --------------------------------------------------------- urls (issue 5) */

static int server_urls(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { U_CRL = 256, U_OCSP, U_ISSUERS, U_DAYS, U_JSON };
	static const struct option opts[] = {
		{"crl", required_argument, NULL, U_CRL},
		{"ocsp", required_argument, NULL, U_OCSP},
		{"ca-issuers", required_argument, NULL, U_ISSUERS},
		{"crl-days", required_argument, NULL, U_DAYS},
		{"json", no_argument, NULL, U_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *crl = NULL, *ocsp = NULL, *issuers = NULL;
	struct pki_server_urls u;
	struct pki_error err;
	bool json = false;
	long crl_days = -1;   /* -1: not given */
	char days[32];
	json_t *o;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case U_CRL: crl = optarg; break;
		case U_OCSP: ocsp = optarg; break;
		case U_ISSUERS: issuers = optarg; break;
		case U_DAYS:
			if ((r = cli_parse_long(ctx, optarg, "--crl-days", &crl_days)) != 0)
				return r;
			if (crl_days < 0)
				crl_days = 0;   /* refused by the library with its message */
			break;
		case U_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if ((crl != NULL || ocsp != NULL || issuers != NULL) &&
	    pki_server_set_urls(ctx->store, crl, ocsp, issuers, &err) != 0)
		return nc_fail(&err);
	if (crl_days != -1 && pki_server_set_crl_days(ctx->store, crl_days, &err) != 0)
		return nc_fail(&err);
	if (pki_server_get_urls(ctx->store, &u, &err) != 0)
		return nc_fail(&err);
	if (json) {
		if ((o = json_object()) != NULL) {
			cli_json_set_str(o, "crl", u.crl_url);
			cli_json_set_str(o, "ocsp", u.ocsp_url);
			cli_json_set_str(o, "ca_issuers", u.ca_issuers_url);
			cli_json_set_int(o, "crl_days", u.crl_days);
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

static int server_set_serial_mode(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_error err;
	bool random_serial;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
	    (r = parse_serial_mode(ctx, argv[optind], &random_serial)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_server_set_serial_mode(ctx->store, random_serial, &err) != 0)
		return not_configured(&err);
	printf("%s\n", random_serial
	       ? _("Certificates issued from now on get random serial numbers: 64 bits from the "
	           "CSPRNG followed by the counter.")
	       : _("Certificates issued from now on get the counter's value as serial number."));
	return NC_EXIT_OK;
}

/* ------------------------------------------------------ expiry notices */

static int server_set_notice_days(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_error err;
	long days;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
	    (r = cli_parse_long(ctx, argv[optind], "N", &days)) != 0)
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
		                 (unsigned long)days), days);
	return NC_EXIT_OK;
}

static const struct cli_cmd server_cmds[] = {
	{
		"configure",
		N_("Configure the local Certificate Authority server."),
		N_("--root NAME --dir DIR [options]"),
		N_("Uses DIR/NAME.key and DIR/NAME.cer when both exist, else creates a\n"
		   "new key, self-signed certificate and serial file there. A relative\n"
		   "DIR is relative to the data directory.\n\n"
		   "  --root NAME               file name root of the CA files (required)\n"
		   "  --dir DIR                 directory of the CA files (required)\n"
		   "  --cn, --country, --state, --locality, --org, --ou VALUE\n"
		   "                            the new CA's subject (at least one)\n"
		   "  --key-type TYPE           rsa2048, rsa3072 (default), rsa4096,\n"
		   "                            p256, p384 or ed25519\n"
		   "  --ca-days N               validity of the new CA certificate (3650)\n"
		   "  --days N                  validity of issued certificates (365)\n"
		   "  --smtp-server HOST[:PORT] SMTP server for the CA's mail\n"
		   "  --smtp-user USER          SMTP user name\n"
		   "  --smtp-password-file FILE SMTP password (first line of FILE), kept\n"
		   "                            in DATA/smtp-password (0600)\n"
		   "  --smtp-insecure-host HOST allow plain SMTP without STARTTLS to HOST\n"
		   "                            (the SMTP server's host); default: never\n"
		   "  --smtp-ca-file FILE       PEM CAs trusted for the SMTP server besides\n"
		   "                            the system's\n"
		   "  --admin-email ADDR        the administrator's email address\n"
		   "  --password-file FILE      CA key password (first line of FILE)\n"
		   "  --password-fd N           CA key password read from descriptor N\n"
		   "  --chain FILE              existing pair whose certificate is not\n"
		   "                            self-signed (an intermediate CA): its issuing\n"
		   "                            chain, PEM, up to the self-signed root\n"
		   "  --serial-mode MODE        random (default) or counter, the guide's\n"
		   "                            serial file: see\n"
		   "                            \"ncpki server set-serial-mode --help\"\n"),
		server_configure
	},
	{
		"show",
		N_("Show the Certificate Authority server's configuration."),
		N_("[--json]"),
		N_("  --json                    print a JSON object\n"),
		server_show
	},
	{
		"cert",
		N_("Print or save the Certificate Authority's certificate (PEM)."),
		N_("[--out FILE] [--chain [--no-root]]"),
		N_("  --out FILE                write to FILE instead of standard output\n"
		   "  --chain                   follow it with its issuing chain, nearest\n"
		   "                            issuer first (an intermediate CA)\n"
		   "  --no-root                 leave the self-signed root out of the chain\n"),
		server_cert
	},
	{
		"reinit",
		N_("Reinitialize the Certificate Authority server."),
		N_("[--yes]"),
		N_("Deletes the configuration, issued-certificate records and pending\n"
		   "requests; keeps the key, certificate and SRL files.\n\n"
		   "  -y, --yes                 do not ask for confirmation\n"),
		server_reinit
	},
	{
		"urls",
		N_("Show or set the public URLs put into issued certificates and the CRL period."),
		N_("[--crl URL] [--ocsp URL] [--ca-issuers URL] [--crl-days N] [--json]"),
		N_("Certificates issued afterwards carry the CRL distribution point and\n"
		   "the authority information access (OCSP, CA issuers) given here;\n"
		   "an empty URL removes one.\n\n"
		   "  --crl URL                 where the CRL is published (http or https)\n"
		   "  --ocsp URL                the OCSP responder\n"
		   "  --ca-issuers URL          where the CA certificate is published\n"
		   "  --crl-days N              CRL period: nextUpdate is N days after\n"
		   "                            thisUpdate (1-366, default 7)\n"
		   "  --json                    print a JSON object\n"),
		server_urls
	},
	{
		"set-notice-days",
		N_("Set how many days before expiry technical contacts get a notice."),
		N_("N"),
		N_("N is from 0 to 366 (default 30); 0 turns the expiry notices off.\n"
		   "Each certificate with a contact email gets one notice, queued by\n"
		   "ncpkid every hour or by \"ncpki mail notify-expiring\".\n"),
		server_set_notice_days
	},
	{
		"set-serial-mode",
		N_("Choose counter or random serial numbers for the certificates issued next."),
		N_("counter|random"),
		N_("random (the default of a new CA): 64 bits from the CSPRNG followed by\n"
		   "the counter's 64 bits (CA/Browser Forum Baseline Requirements 7.1),\n"
		   "unique by construction. counter, an explicit choice: a certificate's\n"
		   "serial number is the serial file's counter, as the guide has it.\n"
		   "Either way the counter numbers the\n"
		   "certificates (ncpki cert show N, file names) and the serial file\n"
		   "keeps it; \"cert show\" prints a random serial number, and the CRL\n"
		   "and OCSP use it.\n"),
		server_set_serial_mode
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_server = {
	"server",
	N_("Configure and inspect the Certificate Authority server."),
	server_cmds
};
