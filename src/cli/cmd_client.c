/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_client.c: "ncpki client", the guide's Certificate Authority Client
 * Tasks: configure the client, get (and pin, once the operator confirmed
 * its fingerprints) the CA certificate, submit a Certificate Signing
 * Request made here, list what the CA has issued and get a certificate
 * with its chain. All the work is the library's (pki_client_*).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

#define MAX_SANS 100

enum {
	OPT_HOST = 256, OPT_PORT, OPT_PATH, OPT_CONTACT_NAME, OPT_CONTACT_PHONE,
	OPT_CONTACT_EMAIL, OPT_INSTANCE, OPT_DIR, OPT_YES, OPT_ROOT, OPT_CN, OPT_COUNTRY,
	OPT_STATE, OPT_LOCALITY, OPT_ORG, OPT_OU, OPT_KEY_TYPE, OPT_SAN,
	OPT_PASSWORD_FILE, OPT_PASSWORD_FD, OPT_NO_PASSWORD, OPT_HOSTNAME, OPT_SERIAL,
	OPT_FILE, OPT_MINE, OPT_JSON, OPT_REUSE_KEY, OPT_RENEWAL_OF, OPT_OLD_PASSWORD_FILE,
	OPT_OFFLINE   /* hierarchy and offline root */
};

/* ------------------------------------------------------------ configure */

static int client_configure(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"host", required_argument, NULL, OPT_HOST},
		{"port", required_argument, NULL, OPT_PORT},
		{"path", required_argument, NULL, OPT_PATH},
		{"contact-name", required_argument, NULL, OPT_CONTACT_NAME},
		{"contact-phone", required_argument, NULL, OPT_CONTACT_PHONE},
		{"contact-email", required_argument, NULL, OPT_CONTACT_EMAIL},
		{"instance", required_argument, NULL, OPT_INSTANCE},
		{"dir", required_argument, NULL, OPT_DIR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_params p;
	struct pki_error err;
	int c, r;

	memset(&p, 0, sizeof p);
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_HOST: p.server_host = optarg; break;
		case OPT_PORT:
			if ((r = cli_parse_long(ctx, optarg, "--port", &p.server_port)) != 0)
				return r;
			if (p.server_port < 1 || p.server_port > 65535)
				return cli_usage_error(ctx, _("--port must be between 1 and 65535"));
			break;
		case OPT_PATH: p.server_path = optarg; break;
		case OPT_CONTACT_NAME: p.contact_name = optarg; break;
		case OPT_CONTACT_PHONE: p.contact_phone = optarg; break;
		case OPT_CONTACT_EMAIL: p.contact_email = optarg; break;
		case OPT_INSTANCE: p.instance = optarg; break;
		case OPT_DIR: p.dir = optarg; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (p.server_host == NULL)
		return cli_usage_error(ctx, _("--host is required"));
	if (p.contact_name == NULL)
		return cli_usage_error(ctx, _("--contact-name is required"));
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_configure(ctx->store, &p, &err) != 0)
		return nc_fail(&err);
	printf("%s\n", _("Certificate Authority client successfully configured."));
	return NC_EXIT_OK;
}

/* ----------------------------------------------------------------- show */

static int client_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_config cfg;
	struct pki_error err;
	char port[16], t[CLI_TIME_MAX];
	bool json = false;
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
	if (pki_client_config_get(ctx->store, &cfg, &err) != 0)
		return nc_fail(&err);
	snprintf(port, sizeof port, "%ld", cfg.server_port);
	if (json) {
		if ((o = json_object()) != NULL) {
			cli_json_set_str(o, "server_host", cfg.server_host);
			cli_json_set_int(o, "server_port", cfg.server_port);
			cli_json_set_str(o, "server_path", cfg.server_path);
			cli_json_set_str(o, "contact_name", cfg.contact_name);
			cli_json_set_str(o, "contact_phone", cfg.contact_phone);
			cli_json_set_str(o, "contact_email", cfg.contact_email);
			cli_json_set_str(o, "instance", cfg.instance);
			cli_json_set_str(o, "dir", cfg.dir);
			cli_json_set_str(o, "ca_file_root", cfg.ca_file_root);
			cli_json_set_str(o, "ca_sha256", cfg.ca_sha256);
			cli_json_set_time(o, "configured_at", cfg.configured_at);
		}
		r = cli_json_print(o);
	} else {
		cli_field(_("Server hostname"), cfg.server_host);
		cli_field(_("Server port"), port);
		cli_field(_("Server path"), cfg.server_path);
		cli_field(_("Contact name"), cfg.contact_name);
		cli_field(_("Contact phone"), cfg.contact_phone);
		cli_field(_("Contact email"), cfg.contact_email);
		cli_field(_("Instance"), cfg.instance);
		cli_field(_("Directory"), cfg.dir);
		cli_field(_("CA certificate"), cfg.ca_file_root[0] ? cfg.ca_file_root :
		          _("not pinned yet (ncpki client get-ca)"));
		if (cfg.ca_sha256[0])
			cli_field(_("CA SHA-256"), cfg.ca_sha256);
		cli_field(_("Configured"), cli_time(cfg.configured_at, CLI_TIME_FULL, t));
	}
	pki_client_config_clear(&cfg);
	return r;
}

/* --------------------------------------------------------------- get-ca */

static int client_get_ca(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"yes", no_argument, NULL, OPT_YES},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_ca ca;
	struct pki_error err;
	char *path = NULL, *shown;
	bool yes = false;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_YES: yes = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_fetch_ca(ctx->store, &ca, &err) != 0)
		return nc_fail(&err);
	if (ca.unverified_tls)
		nc_warning("%s", _("The server's TLS certificate could not be verified (no "
		                   "Certificate Authority certificate is trusted yet): only "
		                   "the fingerprint check below establishes trust."));
	cli_field(_("Subject"), ca.subject);
	cli_field(_("Instance"), ca.instance);
	cli_field(_("Node"), ca.node);
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"), ca.sha1);
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-256 fingerprint:"),
	       ca.sha256);
	fflush(stdout);
	r = cli_confirm(_("Do these fingerprints match the ones the Certificate Authority "
	                  "administrator read out to you? [y/N] "), yes);
	if (r != 0) {
		if (r == NC_EXIT_FAILURE)
			nc_error("%s", _("The Certificate Authority certificate was not saved."));
		pki_client_ca_clear(&ca);
		return r;
	}
	if (pki_client_pin_ca(ctx->store, &ca, &path, &err) != 0) {
		pki_client_ca_clear(&ca);
		return nc_fail(&err);
	}
	shown = pki_sanitize(path);
	printf(_("Certificate Authority Certificate (SHA-1 Fingerprint: %s) saved in "
	         "file \"%s\"\n"), ca.sha1, shown ? shown : "?");
	free(shown);
	free(path);
	pki_client_ca_clear(&ca);
	return NC_EXIT_OK;
}

/* --------------------------------------------------------------- submit */

static bool have_tty(void)
{
	int fd = nc_tty_open();

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* One password source at most; with `asked`, a terminal when none is given. */
static int check_pw_source(const struct cli_ctx *ctx, const struct nc_pwsrc *src,
                           bool no_pw, bool asked)
{
	if ((src->file != NULL) + (src->fd >= 0) + no_pw > 1)
		return cli_usage_error(ctx, _("give only one of --password-file, --password-fd "
		                              "and --no-password"));
	if (asked && !no_pw && src->file == NULL && src->fd < 0 && !have_tty()) {
		nc_error("%s", _("The private key's password is asked on a terminal and there "
		                 "is none: use --password-file, --password-fd or --no-password."));
		return NC_EXIT_USAGE;
	}
	return 0;
}

static void print_submitted(const struct pki_client_submitted *s)
{
	char *root = pki_sanitize(s->file_root), *inst = pki_sanitize(s->instance),
	     *node = pki_sanitize(s->node);

	printf(_("SHA-1 Fingerprint: %s, Certificate Signing Request \"%s\" successfully "
	         "submitted to the Certificate Authority at instance %s on node %s\n"),
	       s->sha1, root ? root : "?", inst ? inst : "?", node ? node : "?");
	printf(_("Request number at the Certificate Authority: %" PRId64 "\n"), s->id);
	printf("%s\n", _("Give the SHA-1 fingerprint to the Certificate Authority "
	                 "administrator when they contact you to verify the request."));
	free(root);
	free(inst);
	free(node);
}

static int client_submit(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, OPT_ROOT},
		{"cn", required_argument, NULL, OPT_CN},
		{"country", required_argument, NULL, OPT_COUNTRY},
		{"state", required_argument, NULL, OPT_STATE},
		{"locality", required_argument, NULL, OPT_LOCALITY},
		{"org", required_argument, NULL, OPT_ORG},
		{"ou", required_argument, NULL, OPT_OU},
		{"key-type", required_argument, NULL, OPT_KEY_TYPE},
		{"san", required_argument, NULL, OPT_SAN},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"no-password", no_argument, NULL, OPT_NO_PASSWORD},
		{"hostname", required_argument, NULL, OPT_HOSTNAME},
		{"offline", required_argument, NULL, OPT_OFFLINE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_request rq;
	struct pki_client_submitted out;
	const char *offline = NULL;
	struct nc_pwsrc pwsrc = NC_PWSRC_INIT;
	struct nc_secret pw = {NULL, 0, 0};
	struct pki_error err;
	const char *sans[MAX_SANS];
	bool no_pw = false;
	int c, r;

	memset(&rq, 0, sizeof rq);
	rq.csr.key_type = PKI_KEY_DEFAULT;
	rq.csr.sans = sans;
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_ROOT: rq.csr.root = optarg; break;
		case OPT_CN: rq.csr.subject.cn = optarg; break;
		case OPT_COUNTRY: rq.csr.subject.country = optarg; break;
		case OPT_STATE: rq.csr.subject.state = optarg; break;
		case OPT_LOCALITY: rq.csr.subject.locality = optarg; break;
		case OPT_ORG: rq.csr.subject.org = optarg; break;
		case OPT_OU: rq.csr.subject.ou = optarg; break;
		case OPT_KEY_TYPE:
			if (pki_key_type_parse(optarg, &rq.csr.key_type) != 0)
				return cli_usage_error(ctx, _("unknown key type '%s'"), optarg);
			break;
		case OPT_SAN:
			if (rq.csr.nsans >= MAX_SANS)
				return cli_usage_error(ctx, _("at most %d --san options"), MAX_SANS);
			sans[rq.csr.nsans++] = optarg;
			break;
		case OPT_PASSWORD_FILE: pwsrc.file = optarg; break;
		case OPT_PASSWORD_FD:
			if ((r = cli_parse_fd(ctx, optarg, "--password-fd", &pwsrc.fd)) != 0)
				return r;
			break;
		case OPT_NO_PASSWORD: no_pw = true; break;
		case OPT_HOSTNAME: rq.hostname = optarg; break;
		case OPT_OFFLINE: offline = optarg; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (rq.csr.root == NULL)
		return cli_usage_error(ctx, _("--root is required"));
	if ((r = check_pw_source(ctx, &pwsrc, no_pw, true)) != 0)
		return r;
	if ((r = cli_store(ctx)) != 0)
		return r;
	if (!no_pw) {
		r = nc_password(&pwsrc, _("Password to the private key file (Enter for none): "),
		                _("Confirm password: "), &pw, nc_error);
		if (r != 0)
			return r;
		rq.csr.password = pw.len > 0 ? pw.buf : NULL;
		rq.csr.password_len = pw.len;
	}
	if (offline != NULL) {
		r = cli_client_offline(ctx, &rq, offline);
		nc_secret_free(&pw);
		return r;
	}
	pki_error_clear(&err);
	r = pki_client_submit(ctx->store, &rq, &out, &err);
	nc_secret_free(&pw);
	if (r != 0)
		return nc_fail(&err);
	print_submitted(&out);
	printf(_("Created files \"%s\" and \"%s\".\n"), out.key_path, out.csr_path);
	printf("%s\n", _("Store the private key on encrypted, removable media that can be "
	                 "physically secured."));
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

static int client_resubmit(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, OPT_ROOT},
		{"hostname", required_argument, NULL, OPT_HOSTNAME},
		{"renewal-of", required_argument, NULL, OPT_RENEWAL_OF},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_submitted out;
	struct pki_error err;
	const char *root = NULL, *hostname = NULL;
	uint64_t renewal_of = 0;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_ROOT: root = optarg; break;
		case OPT_HOSTNAME: hostname = optarg; break;
		case OPT_RENEWAL_OF:
			if ((r = cli_parse_serial(ctx, optarg, "--renewal-of", &renewal_of)) != 0)
				return r;
			break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (root == NULL)
		return cli_usage_error(ctx, _("--root is required"));
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_resubmit_renewal(ctx->store, root, hostname, renewal_of, &out, &err) != 0)
		return nc_fail(&err);
	print_submitted(&out);
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

/* ---------------------------------------------------------------- renew */

static int client_renew(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"key-type", required_argument, NULL, OPT_KEY_TYPE},
		{"reuse-key", no_argument, NULL, OPT_REUSE_KEY},
		{"root", required_argument, NULL, OPT_ROOT},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"password-fd", required_argument, NULL, OPT_PASSWORD_FD},
		{"no-password", no_argument, NULL, OPT_NO_PASSWORD},
		{"old-password-file", required_argument, NULL, OPT_OLD_PASSWORD_FILE},
		{"hostname", required_argument, NULL, OPT_HOSTNAME},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_renew_opts o;
	struct pki_client_submitted out;
	struct nc_pwsrc pwsrc = NC_PWSRC_INIT, oldsrc = NC_PWSRC_INIT;
	struct nc_secret pw = {NULL, 0, 0}, oldpw = {NULL, 0, 0};
	struct pki_error err;
	uint64_t serial = 0;
	bool no_pw = false, key_type_given = false;
	int c, r;

	memset(&o, 0, sizeof o);
	o.key_type = PKI_KEY_DEFAULT;
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_SERIAL:
			if ((r = cli_parse_serial(ctx, optarg, "--serial", &serial)) != 0)
				return r;
			break;
		case OPT_KEY_TYPE:
			if (pki_key_type_parse(optarg, &o.key_type) != 0)
				return cli_usage_error(ctx, _("unknown key type '%s'"), optarg);
			key_type_given = true;
			break;
		case OPT_REUSE_KEY: o.reuse_key = true; break;
		case OPT_ROOT: o.root = optarg; break;
		case OPT_PASSWORD_FILE: pwsrc.file = optarg; break;
		case OPT_PASSWORD_FD:
			if ((r = cli_parse_fd(ctx, optarg, "--password-fd", &pwsrc.fd)) != 0)
				return r;
			break;
		case OPT_NO_PASSWORD: no_pw = true; break;
		case OPT_OLD_PASSWORD_FILE: oldsrc.file = optarg; break;
		case OPT_HOSTNAME: o.hostname = optarg; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (serial == 0)
		return cli_usage_error(ctx, _("--serial is required"));
	if (o.reuse_key && oldsrc.file != NULL)
		return cli_usage_error(ctx, _("--old-password-file is for a new key: with "
		                              "--reuse-key, --password-file unlocks the key"));
	if (o.reuse_key && key_type_given)
		return cli_usage_error(ctx, _("--key-type makes a new key: it cannot go with "
		                              "--reuse-key"));
	/* A new key's password is asked like submit's; a reused key's only
	 * when the key turns out to be encrypted. */
	if ((r = check_pw_source(ctx, &pwsrc, no_pw, !o.reuse_key)) != 0)
		return r;
	if ((r = cli_store(ctx)) != 0)
		return r;
	if (!no_pw && (!o.reuse_key || pwsrc.file != NULL || pwsrc.fd >= 0)) {
		r = o.reuse_key
		    ? nc_password(&pwsrc, _("Password to the existing private key file: "), NULL,
		                  &pw, nc_error)
		    : nc_password(&pwsrc, _("Password to the private key file (Enter for none): "),
		                  _("Confirm password: "), &pw, nc_error);
		if (r != 0)
			return r;
		o.password = pw.len > 0 ? pw.buf : NULL;
		o.password_len = pw.len;
	}
	/* A new key: the existing key signs the proof of possession. */
	if (oldsrc.file != NULL) {
		if ((r = nc_password(&oldsrc, NULL, NULL, &oldpw, nc_error)) != 0) {
			nc_secret_free(&pw);
			return r;
		}
		o.old_password = oldpw.buf;
		o.old_password_len = oldpw.len;
	}
	pki_error_clear(&err);
	r = pki_client_renew(ctx->store, serial, &o, &out, &err);
	if (r == PKI_ERR_PASSWORD && !o.reuse_key && o.old_password == NULL && have_tty()) {
		r = nc_password(&oldsrc, _("Password to the existing private key file: "), NULL,
		                &oldpw, nc_error);
		if (r != 0) {
			nc_secret_free(&pw);
			return r;
		}
		o.old_password = oldpw.buf;
		o.old_password_len = oldpw.len;
		pki_error_clear(&err);
		r = pki_client_renew(ctx->store, serial, &o, &out, &err);
	}
	if (r == PKI_ERR_PASSWORD && o.reuse_key && o.password == NULL && !no_pw && have_tty()) {
		r = nc_password(&pwsrc, _("Password to the existing private key file: "), NULL, &pw,
		                nc_error);
		if (r != 0)
			return r;
		o.password = pw.buf;
		o.password_len = pw.len;
		pki_error_clear(&err);
		r = pki_client_renew(ctx->store, serial, &o, &out, &err);
	}
	nc_secret_free(&pw);
	nc_secret_free(&oldpw);
	if (r != 0)
		return nc_fail(&err);
	print_submitted(&out);
	printf(_("Renewal of certificate %" PRIu64 ": created files \"%s\" and \"%s\".\n"),
	       serial, out.key_path, out.csr_path);
	if (out.proof_path != NULL)
		printf(_("The proof that the request comes from the holder of certificate "
		         "%" PRIu64 "'s key was sent with it and written to \"%s\".\n"),
		       serial, out.proof_path);
	if (!o.reuse_key)
		printf("%s\n", _("Store the private key on encrypted, removable media that can "
		                 "be physically secured."));
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

/* ----------------------------------------------------------------- list */

static json_t *cert_json(const struct pki_cert_info *c)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	cli_json_set_uint(o, "serial", c->serial);
	cli_json_set_str(o, "file_root", c->file_root);
	cli_json_set_str(o, "hostname", c->hostname);
	cli_json_set_str(o, "instance", c->instance);
	cli_json_set_str(o, "subject", c->subject);
	cli_json_set_str(o, "usage", pki_usage_name(c->usage));
	cli_json_set_str(o, "sha1", c->sha1);
	cli_json_set_str(o, "sha256", c->sha256);
	cli_json_set_time(o, "not_before", c->not_before);
	cli_json_set_time(o, "not_after", c->not_after);
	return o;
}

static int client_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"hostname", required_argument, NULL, OPT_HOSTNAME},
		{"instance", required_argument, NULL, OPT_INSTANCE},
		{"file", required_argument, NULL, OPT_FILE},
		{"mine", no_argument, NULL, OPT_MINE},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_client_config cfg;
	struct pki_cert_filter f;
	struct pki_cert_info *arr = NULL;
	struct pki_error err;
	bool json = false, mine = false;
	size_t n = 0, i;
	json_t *a;
	int c, r;

	memset(&f, 0, sizeof f);
	memset(&cfg, 0, sizeof cfg);
	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_SERIAL:
			if ((r = cli_parse_serial(ctx, optarg, "--serial", &f.serial)) != 0)
				return r;
			break;
		case OPT_HOSTNAME: f.hostname = optarg; break;
		case OPT_INSTANCE: f.instance = optarg; break;
		case OPT_FILE: f.file_root = optarg; break;
		case OPT_MINE: mine = true; break;
		case OPT_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
		return r;
	if (mine && f.instance != NULL)
		return cli_usage_error(ctx, _("--mine and --instance cannot be combined"));
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (mine) {
		/* "Show Certificates for This Instance" */
		if (pki_client_config_get(ctx->store, &cfg, &err) != 0)
			return nc_fail(&err);
		f.instance = cfg.instance;
	}
	if (pki_client_list(ctx->store, &f, &arr, &n, &err) != 0) {
		pki_client_config_clear(&cfg);
		return nc_fail(&err);
	}
	if (json) {
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, cert_json(&arr[i]));
		r = cli_json_print(a);
	} else if (n == 0) {
		printf("%s\n", _("No issued certificates."));
	} else {
		r = cli_cert_table(arr, n, mine);
	}
	pki_cert_info_array_free(&arr, n);
	pki_client_config_clear(&cfg);
	return r;
}

/* ------------------------------------------------------------------ get */

static int client_get(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_cert_info info;
	struct pki_error err;
	char *path = NULL, *shown;
	bool force = false;
	uint64_t serial;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "fh", opts)) != -1) {
		switch (c) {
		case 'f': force = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
	    (r = cli_parse_serial(ctx, argv[optind], "SERIAL", &serial)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_get(ctx->store, serial, force, &path, &info, &err) != 0)
		return nc_fail(&err);
	shown = pki_sanitize(path);
	printf(_("Certificate number %" PRIu64 " (SHA-1 Fingerprint: %s) saved in "
	         "file \"%s\"\n"), info.serial, info.sha1, shown ? shown : "?");
	free(shown);
	free(path);
	pki_cert_info_clear(&info);
	return NC_EXIT_OK;
}

/* ---------------------------------------------------------------- table */

static const struct cli_cmd client_cmds[] = {
	{
		"configure",
		N_("Configure this host as a Certificate Authority client."),
		N_("--host HOST --contact-name NAME [--port N] [--path PATH]\n"
		   "       [--contact-phone PHONE] [--contact-email ADDR] [--instance NAME] "
		   "[--dir DIR]"),
		N_("  --host HOST           the Certificate Authority server's host name\n"
		   "  --port N              its web service port (default 8443)\n"
		   "  --path PATH           the web service path (default /ncpki/v1)\n"
		   "  --contact-name NAME   the local technical contact (required)\n"
		   "  --contact-phone PHONE the contact's phone number\n"
		   "  --contact-email ADDR  the contact's email address\n"
		   "  --instance NAME       this instance's name (default: the host name)\n"
		   "  --dir DIR             where the client's files go (default: client,\n"
		   "                        in the data directory)\n"),
		client_configure
	},
	{
		"show",
		N_("Show the client's configuration."),
		N_("[--json]"),
		N_("  --json                print a JSON object\n"),
		client_show
	},
	{
		"get-ca",
		N_("Get the Certificate Authority certificate and pin it."),
		N_("[--yes]"),
		N_("  --yes                 do not ask to confirm the fingerprints (scripts:\n"
		   "                        compare them yourself first)\n"),
		client_get_ca
	},
	{
		"submit",
		N_("Make a key pair and a Certificate Signing Request and submit it."),
		N_("--root ROOT [--cn CN] [--country CC] [--state S] [--locality L]\n"
		   "       [--org O] [--ou OU] [--key-type TYPE] [--san SAN]...\n"
		   "       [--password-file FILE | --password-fd N | --no-password] "
		   "[--hostname H] [--offline DIR]"),
		N_("  --root ROOT           file name root for ROOT.key and ROOT.csr\n"
		   "  --cn, --country, --state, --locality, --org, --ou\n"
		   "                        the Subject Distinguished Name (one at least)\n"
		   "  --key-type TYPE       rsa2048|rsa3072|rsa4096|p256|p384|ed25519\n"
		   "                        (default rsa3072)\n"
		   "  --san SAN             DNS:host, IP:address, email:addr or URI:uri\n"
		   "  --password-file FILE  encrypt the key with the file's first line\n"
		   "  --password-fd N       ...or with a line read from descriptor N\n"
		   "  --no-password         store the key unencrypted (mode 0600)\n"
		   "  --hostname H          the host name sent (default: this host's)\n"
		   "  --offline DIR         send nothing: write ROOT.csr and its contact\n"
		   "                        file ROOT.json to DIR (removable media) for\n"
		   "                        an offline Certificate Authority\n"),
		client_submit
	},
	{
		"resubmit",
		N_("Submit a request made earlier (ROOT.csr) again."),
		N_("--root ROOT [--hostname H] [--renewal-of N]"),
		N_("  --root ROOT           the request's file name root\n"
		   "  --hostname H          the host name sent (default: this host's)\n"
		   "  --renewal-of N        send it as a renewal of certificate N (a\n"
		   "                        client renew whose sending failed)\n"),
		client_resubmit
	},
	{
		"renew",
		N_("Renew an issued certificate: a new request with its subject and SANs."),
		N_("--serial N [--key-type TYPE | --reuse-key] [--root ROOT]\n"
		   "       [--password-file FILE | --password-fd N | --no-password] "
		   "[--hostname H]\n"
		   "       [--old-password-file FILE]"),
		N_("  --serial N            the certificate to renew (the copy saved here,\n"
		   "                        else downloaded from the Certificate Authority)\n"
		   "  --key-type TYPE       the new key's type (default rsa3072)\n"
		   "  --reuse-key           sign with the certificate's existing key instead\n"
		   "                        of a new one\n"
		   "  --root ROOT           file name root of the new files (default: the\n"
		   "                        certificate's with today's date, ROOT-YYYYMMDD)\n"
		   "  --password-file FILE  the new key's password (with --reuse-key: the\n"
		   "                        existing key's), from the file's first line\n"
		   "  --password-fd N       ...or from a line read from descriptor N\n"
		   "  --no-password         store the new key unencrypted (mode 0600)\n"
		   "  --old-password-file FILE  a new key: the password to the certificate's\n"
		   "                        existing key, which signs the proof of\n"
		   "                        possession sent with the request (ROOT.proof)\n"
		   "  --hostname H          the host name sent (default: the certificate's)\n\n"
		   "A renewal proves possession of the certificate's key (OLDROOT.key here)\n"
		   "and keeps its subject, SANs and contact; without that key, send a new\n"
		   "request with submit.\n"),
		client_renew
	},
	{
		"list",
		N_("List the certificates the Certificate Authority has issued."),
		N_("[--serial N] [--hostname H] [--instance I] [--file ROOT] [--mine] [--json]"),
		N_("  --serial N            only certificate number N\n"
		   "  --hostname H          only certificates for host H\n"
		   "  --instance I          only certificates for instance I\n"
		   "  --file ROOT           only certificates with file name root ROOT\n"
		   "  --mine                show certificates for this instance\n"
		   "  --json                print a JSON array\n"),
		client_list
	},
	{
		"get",
		N_("Get an issued certificate and its chain."),
		N_("SERIAL [--force]"),
		N_("  -f, --force           replace existing FILENAME.cer and "
		   "FILENAME-chain.pem\n"),
		client_get
	},
	{
		"import",
		N_("Pick up this client's certificates from an offline CA's export directory."),
		N_("DIR [--force]"),
		N_("Reads DIR/index.json (ncpki cert export-all): each certificate for a\n"
		   "request made here (same file name root and public key) is checked up\n"
		   "to its self-signed root and saved as FILENAME.cer and\n"
		   "FILENAME-chain.pem, with the CA certificate, in the client's\n"
		   "directory. Compare the fingerprints shown with the CA's.\n\n"
		   "  -f, --force           replace existing files\n"),
		cli_client_import
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_client = {
	"client",
	N_("Certificate Authority client tasks."),
	client_cmds
};
