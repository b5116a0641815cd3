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

/* ------------------------------------------------------------ configure */

static const struct nc_option configure_opts[] = {
	NC_OPT_STR("host", struct pki_client_params, server_host, "HOST",
	    N_("the Certificate Authority server's host name"), .flags = NC_OPT_REQUIRED),
	NC_OPT_NUM("port", struct pki_client_params, server_port, "N",
	    N_("its web service port (default 8443)"), .min = 1, .max = 65535),
	NC_OPT_STR("path", struct pki_client_params, server_path, "PATH",
	    N_("the web service path (default /ncpki/v1)")),
	NC_OPT_STR("contact-name", struct pki_client_params, contact_name, "NAME",
	    N_("the local technical contact"), .flags = NC_OPT_REQUIRED),
	NC_OPT_STR("contact-phone", struct pki_client_params, contact_phone, "PHONE",
	    N_("the contact's phone number")),
	NC_OPT_STR("contact-email", struct pki_client_params, contact_email, "ADDR",
	    N_("the contact's email address")),
	NC_OPT_STR("instance", struct pki_client_params, instance, "NAME",
	    N_("this instance's name (default: the host name)")),
	NC_OPT_STR("dir", struct pki_client_params, dir, "DIR",
	    N_("where the client's files go (default: client, in the data "
	       "directory)")),
	NC_OPT_END_OF(struct pki_client_params, NULL),
};

static int
client_configure(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_error err;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_configure(ctx->store, args, &err) != 0)
		return nc_fail(&err);
	printf("%s\n", _("Certificate Authority client successfully configured."));
	return NC_EXIT_OK;
}

/* ----------------------------------------------------------------- show */

static int
client_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool json = ((struct cli_json_args *)args)->json;
	struct pki_client_config cfg;
	struct pki_error err;
	char port[16], t[CLI_TIME_MAX];
	json_t *o;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_config_get(ctx->store, &cfg, &err) != 0)
		return nc_fail(&err);
	snprintf(port, sizeof port, "%ld", cfg.server_port);
	if (json) {
		if ((o = json_object()) != NULL) {
			nc_json_set_str(o, "server_host", cfg.server_host);
			nc_json_set_int(o, "server_port", cfg.server_port);
			nc_json_set_str(o, "server_path", cfg.server_path);
			nc_json_set_str(o, "contact_name", cfg.contact_name);
			nc_json_set_str(o, "contact_phone", cfg.contact_phone);
			nc_json_set_str(o, "contact_email", cfg.contact_email);
			nc_json_set_str(o, "instance", cfg.instance);
			nc_json_set_str(o, "dir", cfg.dir);
			nc_json_set_str(o, "ca_file_root", cfg.ca_file_root);
			nc_json_set_str(o, "ca_sha256", cfg.ca_sha256);
			nc_json_set_time(o, "configured_at", cfg.configured_at, NC_JSON_OPERATOR);
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
		cli_field(_("CA certificate"),
		    cfg.ca_file_root[0] ? cfg.ca_file_root
		                        : _("not pinned yet (ncpki client get-ca)"));
		if (cfg.ca_sha256[0])
			cli_field(_("CA SHA-256"), cfg.ca_sha256);
		cli_field(_("Configured"), cli_time(cfg.configured_at, CLI_TIME_FULL, t));
	}
	pki_client_config_clear(&cfg);
	return r;
}

/* --------------------------------------------------------------- get-ca */

static const struct nc_option get_ca_opts[] = {
	NC_OPT_BOOL("yes", struct cli_yes_args, yes,
	    N_("do not ask to confirm the fingerprints (scripts: compare them "
	       "yourself first)"),
	    .short_name = 'y'),
	NC_OPT_END_OF(struct cli_yes_args, NULL),
};

static int
client_get_ca(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool yes = ((struct cli_yes_args *)args)->yes;
	struct pki_client_ca ca;
	struct pki_error err;
	char *path = NULL, *shown;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_fetch_ca(ctx->store, &ca, &err) != 0)
		return nc_fail(&err);
	if (ca.unverified_tls)
		nc_warning("%s",
		    _("The server's TLS certificate could not be verified (no "
		      "Certificate Authority certificate is trusted yet): only "
		      "the fingerprint check below establishes trust."));
	cli_field(_("Subject"), ca.subject);
	cli_field(_("Instance"), ca.instance);
	cli_field(_("Node"), ca.node);
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"), ca.sha1);
	printf("%s\n%s\n", _("Certificate Authority Certificate SHA-256 fingerprint:"), ca.sha256);
	fflush(stdout);
	r = cli_confirm(_("Do these fingerprints match the ones the Certificate Authority "
	                  "administrator read out to you? [y/N] "),
	    yes);
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
	         "file \"%s\"\n"),
	    ca.sha1, shown ? shown : "?");
	free(shown);
	free(path);
	pki_client_ca_clear(&ca);
	return NC_EXIT_OK;
}

/* --------------------------------------------------------------- submit */

static bool
have_tty(void)
{
	int fd = nc_tty_open();

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* With `asked` and no password source, a terminal to ask on. */
static int
check_pw_source(const struct nc_pwsrc *src, bool no_pw, bool asked)
{
	if (asked && !no_pw && src->file == NULL && src->fd < 0 && !have_tty()) {
		nc_error("%s",
		    _("The private key's password is asked on a terminal and there "
		      "is none: use --password-file, --password-fd or --no-password."));
		return NC_EXIT_USAGE;
	}
	return 0;
}

static void
print_submitted(const struct pki_client_submitted *s)
{
	char *root = pki_sanitize(s->file_root), *inst = pki_sanitize(s->instance),
	     *node = pki_sanitize(s->node);

	printf(_("SHA-1 Fingerprint: %s, Certificate Signing Request \"%s\" successfully "
	         "submitted to the Certificate Authority at instance %s on node %s\n"),
	    s->sha1, root ? root : "?", inst ? inst : "?", node ? node : "?");
	printf(_("Request number at the Certificate Authority: %" PRId64 "\n"), s->id);
	printf("%s\n",
	    _("Give the SHA-1 fingerprint to the Certificate Authority "
	      "administrator when they contact you to verify the request."));
	free(root);
	free(inst);
	free(node);
}

struct submit_args {
	struct pki_client_request rq;
	struct nc_strlist sans;
	struct nc_pwsrc pw;
	const char *offline;
	bool no_pw;
};

static const struct submit_args submit_defaults = { .rq.csr.key_type = PKI_KEY_DEFAULT };

static const struct nc_option submit_opts[] = {
	NC_OPT_STR("root", struct submit_args, rq.csr.root, "ROOT",
	    N_("file name root for ROOT.key and ROOT.csr"), .flags = NC_OPT_REQUIRED),
	NC_OPT_STR("cn", struct submit_args, rq.csr.subject.cn, "TEXT",
	    N_("the subject's Common Name")),
	NC_OPT_STR("country", struct submit_args, rq.csr.subject.country, "CC",
	    N_("its country (a two-letter code)")),
	NC_OPT_STR("state", struct submit_args, rq.csr.subject.state, "TEXT",
	    N_("its state or province")),
	NC_OPT_STR("locality", struct submit_args, rq.csr.subject.locality, "TEXT",
	    N_("its locality")),
	NC_OPT_STR("org", struct submit_args, rq.csr.subject.org, "TEXT", N_("its organization")),
	NC_OPT_STR("ou", struct submit_args, rq.csr.subject.ou, "TEXT",
	    N_("its organizational unit")),
	NC_OPT_CB("key-type", struct submit_args, rq.csr.key_type, enum pki_key_type, "TYPE",
	    N_("rsa2048|rsa3072|rsa4096|p256|p384|ed25519 (default rsa3072)"), cli_opt_key_type),
	NC_OPT_STRLIST("san", struct submit_args, sans, "SAN",
	    N_("DNS:host, IP:address, email:addr or URI:uri; repeatable"), .max = 100),
	NC_OPT_STR("password-file", struct submit_args, pw.file, "FILE",
	    N_("encrypt the key with the file's first line"), .excl = 1),
	NC_OPT_FILENO("password-fd", struct submit_args, pw.fd, "N",
	    N_("...or with a line read from descriptor N"), .excl = 1),
	NC_OPT_BOOL("no-password", struct submit_args, no_pw,
	    N_("store the key unencrypted (mode 0600)"), .excl = 1),
	NC_OPT_STR("hostname", struct submit_args, rq.hostname, "H",
	    N_("the host name sent (default: this host's)")),
	NC_OPT_STR("offline", struct submit_args, offline, "DIR",
	    N_("send nothing: write ROOT.csr and its contact file ROOT.json to DIR "
	       "(removable media) for an offline Certificate Authority")),
	NC_OPT_END_OF(struct submit_args, &submit_defaults),
};

static int
client_submit(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct submit_args *a = args;
	struct pki_client_request *rq = &a->rq;
	struct pki_client_submitted out;
	struct nc_secret pw = { NULL, 0, 0 };
	struct pki_error err;
	int r;

	rq->csr.sans = a->sans.v;
	rq->csr.nsans = a->sans.n;
	if ((r = check_pw_source(&a->pw, a->no_pw, true)) != 0)
		return r;
	if ((r = cli_store(ctx)) != 0)
		return r;
	if (!a->no_pw) {
		r = nc_password(&a->pw, _("Password to the private key file (Enter for none): "),
		    _("Confirm password: "), &pw, nc_error);
		if (r != 0)
			return r;
		rq->csr.password = pw.len > 0 ? pw.buf : NULL;
		rq->csr.password_len = pw.len;
	}
	if (a->offline != NULL) {
		r = cli_client_offline(ctx, rq, a->offline);
		nc_secret_free(&pw);
		return r;
	}
	pki_error_clear(&err);
	r = pki_client_submit(ctx->store, rq, &out, &err);
	nc_secret_free(&pw);
	if (r != 0)
		return nc_fail(&err);
	print_submitted(&out);
	printf(_("Created files \"%s\" and \"%s\".\n"), out.key_path, out.csr_path);
	printf("%s\n",
	    _("Store the private key on encrypted, removable media that can be "
	      "physically secured."));
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

struct resubmit_args {
	const char *root, *hostname;
	uint64_t renewal_of;
};

static const struct nc_option resubmit_opts[] = {
	NC_OPT_STR("root", struct resubmit_args, root, "ROOT", N_("the request's file name root"),
	    .flags = NC_OPT_REQUIRED),
	NC_OPT_STR("hostname", struct resubmit_args, hostname, "H",
	    N_("the host name sent (default: this host's)")),
	NC_OPT_SERIALNO("renewal-of", struct resubmit_args, renewal_of, "N",
	    N_("send it as a renewal of certificate N (a client renew whose "
	       "sending failed)")),
	NC_OPT_END_OF(struct resubmit_args, NULL),
};

static int
client_resubmit(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct resubmit_args *a = args;
	struct pki_client_submitted out;
	struct pki_error err;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_resubmit_renewal(ctx->store, a->root, a->hostname, a->renewal_of, &out,
	        &err) != 0)
		return nc_fail(&err);
	print_submitted(&out);
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

/* ---------------------------------------------------------------- renew */

struct renew_args {
	struct pki_client_renew_opts o;
	uint64_t serial;
	struct nc_pwsrc pw, old;
	bool no_pw, key_type_given;
};

static const struct renew_args renew_defaults = {
	.o.key_type = PKI_KEY_DEFAULT,
	.old = NC_PWSRC_INIT, /* only its file is an option */
};

static const struct nc_option renew_opts[] = {
	NC_OPT_SERIALNO("serial", struct renew_args, serial, "N",
	    N_("the certificate to renew (the copy saved here, else downloaded "
	       "from the Certificate Authority)"),
	    .flags = NC_OPT_REQUIRED),
	NC_OPT_CB("key-type", struct renew_args, o.key_type, enum pki_key_type, "TYPE",
	    N_("the new key's type (default rsa3072)"), cli_opt_key_type,
	    .seen = NC_SEEN(struct renew_args, key_type_given)),
	NC_OPT_BOOL("reuse-key", struct renew_args, o.reuse_key,
	    N_("sign with the certificate's existing key instead of a new one")),
	NC_OPT_STR("root", struct renew_args, o.root, "ROOT",
	    N_("file name root of the new files (default: the certificate's with "
	       "today's date, ROOT-YYYYMMDD)")),
	NC_OPT_STR("password-file", struct renew_args, pw.file, "FILE",
	    N_("the new key's password (with --reuse-key: the existing key's), from "
	       "the file's first line"),
	    .excl = 1),
	NC_OPT_FILENO("password-fd", struct renew_args, pw.fd, "N",
	    N_("...or from a line read from descriptor N"), .excl = 1),
	NC_OPT_BOOL("no-password", struct renew_args, no_pw,
	    N_("store the new key unencrypted (mode 0600)"), .excl = 1),
	NC_OPT_STR("old-password-file", struct renew_args, old.file, "FILE",
	    N_("a new key: the password to the certificate's existing key, which "
	       "signs the proof of possession sent with the request (ROOT.proof)")),
	NC_OPT_STR("hostname", struct renew_args, o.hostname, "H",
	    N_("the host name sent (default: the certificate's)")),
	NC_OPT_END_OF(struct renew_args, &renew_defaults),
};

static int
client_renew(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct renew_args *a = args;
	struct pki_client_renew_opts *o = &a->o;
	struct pki_client_submitted out;
	struct nc_secret pw = { NULL, 0, 0 }, oldpw = { NULL, 0, 0 };
	struct pki_error err;
	int r;

	if (o->reuse_key && a->old.file != NULL)
		return cli_usage_error(ctx,
		    _("--old-password-file is for a new key: with "
		      "--reuse-key, --password-file unlocks the key"));
	if (o->reuse_key && a->key_type_given)
		return cli_usage_error(ctx,
		    _("--key-type makes a new key: it cannot go with "
		      "--reuse-key"));
	/* A new key's password is asked like submit's; a reused key's only
	 * when the key turns out to be encrypted. */
	if ((r = check_pw_source(&a->pw, a->no_pw, !o->reuse_key)) != 0)
		return r;
	if ((r = cli_store(ctx)) != 0)
		return r;
	if (!a->no_pw && (!o->reuse_key || a->pw.file != NULL || a->pw.fd >= 0)) {
		r = o->reuse_key
		    ? nc_password(&a->pw, _("Password to the existing private key file: "), NULL,
		          &pw, nc_error)
		    : nc_password(&a->pw, _("Password to the private key file (Enter for none): "),
		          _("Confirm password: "), &pw, nc_error);
		if (r != 0)
			return r;
		o->password = pw.len > 0 ? pw.buf : NULL;
		o->password_len = pw.len;
	}
	/* A new key: the existing key signs the proof of possession. */
	if (a->old.file != NULL) {
		if ((r = nc_password(&a->old, NULL, NULL, &oldpw, nc_error)) != 0) {
			nc_secret_free(&pw);
			return r;
		}
		o->old_password = oldpw.buf;
		o->old_password_len = oldpw.len;
	}
	pki_error_clear(&err);
	r = pki_client_renew(ctx->store, a->serial, o, &out, &err);
	if (r == PKI_ERR_PASSWORD && !o->reuse_key && o->old_password == NULL && have_tty()) {
		r = nc_password(&a->old, _("Password to the existing private key file: "), NULL,
		    &oldpw, nc_error);
		if (r != 0) {
			nc_secret_free(&pw);
			return r;
		}
		o->old_password = oldpw.buf;
		o->old_password_len = oldpw.len;
		pki_error_clear(&err);
		r = pki_client_renew(ctx->store, a->serial, o, &out, &err);
	}
	if (r == PKI_ERR_PASSWORD && o->reuse_key && o->password == NULL && !a->no_pw &&
	    have_tty()) {
		r = nc_password(&a->pw, _("Password to the existing private key file: "), NULL, &pw,
		    nc_error);
		if (r != 0)
			return r;
		o->password = pw.buf;
		o->password_len = pw.len;
		pki_error_clear(&err);
		r = pki_client_renew(ctx->store, a->serial, o, &out, &err);
	}
	nc_secret_free(&pw);
	nc_secret_free(&oldpw);
	if (r != 0)
		return nc_fail(&err);
	print_submitted(&out);
	printf(_("Renewal of certificate %" PRIu64 ": created files \"%s\" and \"%s\".\n"),
	    a->serial, out.key_path, out.csr_path);
	if (out.proof_path != NULL)
		printf(_("The proof that the request comes from the holder of certificate "
		         "%" PRIu64 "'s key was sent with it and written to \"%s\".\n"),
		    a->serial, out.proof_path);
	if (!o->reuse_key)
		printf("%s\n",
		    _("Store the private key on encrypted, removable media that can "
		      "be physically secured."));
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

/* ----------------------------------------------------------------- list */

struct list_args {
	struct pki_cert_filter f;
	bool mine, json;
};

static const struct nc_option list_opts[] = {
	CLI_OPT_CERT_FILTER(struct list_args, f),
	NC_OPT_BOOL("mine", struct list_args, mine, N_("show certificates for this instance")),
	NC_OPT_BOOL("json", struct list_args, json, N_("print a JSON array")),
	NC_OPT_END_OF(struct list_args, NULL),
};

static int
client_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct list_args *la = args;
	struct pki_cert_filter *f = &la->f;
	struct pki_client_config cfg;
	struct pki_cert_info *arr = NULL;
	struct pki_error err;
	size_t n = 0, i;
	json_t *a;
	int r;

	memset(&cfg, 0, sizeof cfg);
	if (la->mine && f->instance != NULL)
		return cli_usage_error(ctx, _("--mine and --instance cannot be combined"));
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (la->mine) {
		/* "Show Certificates for This Instance" */
		if (pki_client_config_get(ctx->store, &cfg, &err) != 0)
			return nc_fail(&err);
		f->instance = cfg.instance;
	}
	if (pki_client_list(ctx->store, f, &arr, &n, &err) != 0) {
		pki_client_config_clear(&cfg);
		return nc_fail(&err);
	}
	if (la->json) {
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, nc_json_cert(&arr[i], NC_JSON_OPERATOR, false));
		r = cli_json_print(a);
	} else if (n == 0) {
		printf("%s\n", _("No issued certificates."));
	} else {
		r = cli_cert_table(arr, n, la->mine);
	}
	pki_cert_info_array_free(&arr, n);
	pki_client_config_clear(&cfg);
	return r;
}

/* ------------------------------------------------------------------ get */

static const struct nc_option get_opts[] = {
	NC_OPT_BOOL("force", struct cli_force_args, force,
	    N_("replace existing FILENAME.cer and FILENAME-chain.pem"), .short_name = 'f'),
	NC_OPT_END_OF(struct cli_force_args, NULL),
};

static int
client_get(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool force = ((struct cli_force_args *)args)->force;
	struct pki_cert_info info;
	struct pki_error err;
	char *path = NULL, *shown;
	uint64_t serial;
	int r;

	if ((r = cli_parse_serial(ctx, argv[0], "SERIAL", &serial)) != 0 ||
	    (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_get(ctx->store, serial, force, &path, &info, &err) != 0)
		return nc_fail(&err);
	shown = pki_sanitize(path);
	printf(_("Certificate number %" PRIu64 " (SHA-1 Fingerprint: %s) saved in "
	         "file \"%s\"\n"),
	    info.serial, info.sha1, shown ? shown : "?");
	free(shown);
	free(path);
	pki_cert_info_clear(&info);
	return NC_EXIT_OK;
}

/* ---------------------------------------------------------------- table */

static const struct cli_cmd client_cmds[] = {
	{ .name = "configure",
	    .summary = N_("Configure this host as a Certificate Authority client."),
	    .usage = N_("--host HOST --contact-name NAME [--port N] [--path PATH]\n"
	                "       [--contact-phone PHONE] [--contact-email ADDR] "
	                "[--instance NAME] [--dir DIR]"),
	    .options = configure_opts,
	    .exec = client_configure },
	{ .name = "show",
	    .summary = N_("Show the client's configuration."),
	    .usage = N_("[--json]"),
	    .options = cli_json_object_opts,
	    .exec = client_show },
	{ .name = "get-ca",
	    .summary = N_("Get the Certificate Authority certificate and pin it."),
	    .usage = N_("[--yes]"),
	    .options = get_ca_opts,
	    .exec = client_get_ca },
	{ .name = "submit",
	    .summary = N_("Make a key pair and a Certificate Signing Request and submit it."),
	    .usage = N_("--root ROOT [--cn TEXT] [--country CC] [--state TEXT] "
	                "[--locality TEXT]\n"
	                "       [--org TEXT] [--ou TEXT] [--key-type TYPE] [--san SAN]...\n"
	                "       [--password-file FILE | --password-fd N | --no-password] "
	                "[--hostname H] [--offline DIR]"),
	    .description = N_("The subject needs one at least of --cn, --country, --state, "
	                      "--locality, --org and --ou."),
	    .options = submit_opts,
	    .exec = client_submit },
	{ .name = "resubmit",
	    .summary = N_("Submit a request made earlier (ROOT.csr) again."),
	    .usage = N_("--root ROOT [--hostname H] [--renewal-of N]"),
	    .options = resubmit_opts,
	    .exec = client_resubmit },
	{ .name = "renew",
	    .summary = N_("Renew an issued certificate: a new request with its subject and "
	                  "SANs."),
	    .usage = N_("--serial N [--key-type TYPE | --reuse-key] [--root ROOT]\n"
	                "       [--password-file FILE | --password-fd N | --no-password] "
	                "[--hostname H]\n"
	                "       [--old-password-file FILE]"),
	    .description = N_("A renewal proves possession of the certificate's key "
	                      "(OLDROOT.key here) and keeps its subject, SANs and contact; "
	                      "without that key, send a new request with submit."),
	    .options = renew_opts,
	    .exec = client_renew },
	{ .name = "list",
	    .summary = N_("List the certificates the Certificate Authority has issued."),
	    .usage = N_("[--serial N] [--hostname HOST] [--instance NAME] [--file ROOT] "
	                "[--mine] [--json]"),
	    .options = list_opts,
	    .exec = client_list },
	{ .name = "get",
	    .summary = N_("Get an issued certificate and its chain."),
	    .usage = N_("SERIAL [--force]"),
	    .options = get_opts,
	    .nargs = 1,
	    .exec = client_get },
	{ .name = "import",
	    .summary = N_("Pick up this client's certificates from an offline CA's export "
	                  "directory."),
	    .usage = N_("DIR [--force]"),
	    .description = N_("Reads DIR/index.json (ncpki cert export-all): each certificate "
	                      "for a request made here (same file name root and public key) is "
	                      "checked up to its self-signed root and saved as FILENAME.cer and "
	                      "FILENAME-chain.pem, with the CA certificate, in the client's "
	                      "directory. Compare the fingerprints shown with the CA's."),
	    .options = cli_client_import_opts,
	    .nargs = 1,
	    .exec = cli_client_import },
	{ .name = NULL },
};

const struct cli_group cli_group_client = {
	"client",
	N_("Certificate Authority client tasks."),
	client_cmds,
};
