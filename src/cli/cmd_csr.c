/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_csr.c: "ncpki csr", the guide's management of pending Certificate
 * Signing Requests: import (the intake the web service will share), list,
 * show, delete (reject) and process (verify, then issue with the CA key).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"

/* ----------------------------------------------------- shared by several */

/* "new" or "renewal of N": the pending list's Kind column. */
static const char *
csr_kind(const struct pki_csr_info *c, char *buf, size_t n)
{
	if (c->renewal_of == 0)
		/* TRANSLATORS: the Kind of a pending request that is not a renewal. */
		return _("new");
	snprintf(buf, n, _("renewal of %" PRIu64), c->renewal_of);
	return buf;
}

static void
csr_print(const struct pki_csr_info *c, bool pem)
{
	const char *parts[3] = { c->contact_name, c->contact_phone, c->contact_email };
	char num[32], t[CLI_TIME_MAX], kind[64], *contact;

	snprintf(num, sizeof num, "%" PRId64, c->id);
	cli_field(_("Request"), num);
	cli_field(_("File name"), c->file_root);
	cli_field(_("Kind"), csr_kind(c, kind, sizeof kind));
	cli_field(_("Subject"), c->subject);
	cli_field(_("Key"), c->key_desc);
	cli_field(_("Requested SANs"), c->sans);
	cli_field(_("Signature"), c->sig_alg);
	cli_field(_("SHA-1"), c->sha1);
	cli_field(_("SHA-256"), c->sha256);
	contact = cli_join(parts, 3, ", ");
	cli_field(_("Contact"), contact);
	free(contact);
	cli_field(_("Hostname"), c->hostname);
	cli_field(_("Instance"), c->instance);
	cli_field(_("Received"), cli_time(c->received, CLI_TIME_FULL, t));
	if (pem && c->pem != NULL) {
		putchar('\n');
		cli_put_lines(stdout, c->pem);
	}
}

/* pki_csr_get with the CLI's message for an unknown request. */
static int
csr_get(struct cli_ctx *ctx, int64_t id, struct pki_csr_info *out)
{
	struct pki_error err;

	pki_error_clear(&err);
	if (pki_csr_get(ctx->store, id, out, &err) == 0)
		return NC_EXIT_OK;
	if (err.code == PKI_ERR_NOT_FOUND) {
		nc_error(_("No pending Certificate Signing Request %" PRId64 "."), id);
		return NC_EXIT_FAILURE;
	}
	return nc_fail(&err);
}

static int
csr_list_table(const struct pki_csr_info *arr, size_t n)
{
	const char *headers[7];
	const char *cells[7];
	char id[32], t[CLI_TIME_MAX], kind[64];
	struct cli_table *tab;
	size_t i;

	headers[0] = _("ID");
	headers[1] = _("File name");
	headers[2] = _("Subject");
	headers[3] = _("Hostname");
	headers[4] = _("Instance");
	headers[5] = _("Received");
	headers[6] = _("Kind");
	tab = cli_table_new(7, headers);
	if (tab == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%" PRId64, arr[i].id);
		cells[0] = id;
		cells[1] = arr[i].file_root;
		cells[2] = arr[i].subject;
		cells[3] = arr[i].hostname;
		cells[4] = arr[i].instance;
		cells[5] = cli_time(arr[i].received, CLI_TIME_MINUTE, t);
		cells[6] = csr_kind(&arr[i], kind, sizeof kind);
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

/* --------------------------------------------------------------- import */

/* Standard input, at most PKI_CSR_MAX_BYTES. */
static int
read_stdin(unsigned char **out, size_t *len)
{
	unsigned char *buf;
	size_t n = 0, got;

	*out = NULL;
	*len = 0;
	buf = malloc(PKI_CSR_MAX_BYTES + 1);
	if (buf == NULL) {
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	while (n < PKI_CSR_MAX_BYTES + 1) {
		got = fread(buf + n, 1, PKI_CSR_MAX_BYTES + 1 - n, stdin);
		if (got == 0)
			break;
		n += got;
	}
	if (ferror(stdin)) {
		free(buf);
		nc_error("%s", _("Cannot read standard input."));
		return NC_EXIT_FAILURE;
	}
	if (n > PKI_CSR_MAX_BYTES) {
		free(buf);
		nc_error(_("standard input: the Certificate Signing Request is larger "
		           "than %d bytes."),
		    PKI_CSR_MAX_BYTES);
		return nc_exit_code(PKI_ERR_TOO_LARGE);
	}
	*out = buf;
	*len = n;
	return NC_EXIT_OK;
}

/* FILE's base name without its extension; caller frees. */
static char *
root_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	char *root;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	root = malloc((size_t)(dot - base) + 1);
	if (root == NULL)
		return NULL;
	memcpy(root, base, (size_t)(dot - base));
	root[dot - base] = '\0';
	return root;
}

struct import_args {
	struct pki_csr_meta meta;
	const char *proof;
	bool json;
};

static const struct nc_option import_opts[] = {
	NC_OPT_STR("root", struct import_args, meta.file_root, "NAME",
	    N_("file name root (default: FILE's base name without its extension; "
	       "required for -)")),
	NC_OPT_STR("contact-name", struct import_args, meta.contact_name, "TEXT",
	    N_("the technical contact's name")),
	NC_OPT_STR("contact-phone", struct import_args, meta.contact_phone, "TEXT",
	    N_("the technical contact's phone number")),
	NC_OPT_STR("contact-email", struct import_args, meta.contact_email, "ADDR",
	    N_("the technical contact's email address")),
	NC_OPT_STR("hostname", struct import_args, meta.hostname, "HOST",
	    N_("the requesting host")),
	NC_OPT_STR("instance", struct import_args, meta.instance, "NAME",
	    N_("the requesting instance")),
	NC_OPT_SERIALNO("renewal-of", struct import_args, meta.renewal_of, "N",
	    N_("the request renews certificate N: same subject, no new SAN, same "
	       "contact, and the same key or --proof (else import it as a new "
	       "request)")),
	NC_OPT_STR("proof", struct import_args, proof, "FILE",
	    N_("a new key's proof of possession of certificate N's key (ROOT.proof "
	       "from ncpki client renew)"),
	    .needs = "renewal-of"),
	NC_OPT_BOOL("json", struct import_args, json, N_("print the stored request as JSON")),
	NC_OPT_END_OF(struct import_args, NULL),
};

static int
csr_import(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct import_args *a = args;
	struct pki_csr_meta *meta = &a->meta;
	const char *proof_path = a->proof;
	char *proof = NULL;
	struct pki_csr_info info;
	struct pki_error err;
	unsigned char *data = NULL;
	size_t len = 0;
	char *root = NULL, *root_shown;
	int64_t mark = 0; /* mail */
	const char *path;
	int r = 0;

	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	path = argv[0];
	{
		/* A directory: the offline root's import of every NAME.csr in it. */
		struct stat st;

		if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (meta->file_root != NULL || meta->contact_name != NULL ||
			    meta->contact_phone != NULL || meta->contact_email != NULL ||
			    meta->hostname != NULL || meta->instance != NULL ||
			    meta->renewal_of != 0 || proof_path != NULL)
				return cli_usage_error(ctx,
				    _("importing a directory takes each "
				      "request's details from its NAME.json "
				      "file, not from options"));
			if ((r = cli_store(ctx)) != 0)
				return r;
			return cli_csr_import_dir(ctx, path, a->json);
		}
	}
	if (meta->file_root == NULL) {
		if (strcmp(path, "-") == 0)
			return cli_usage_error(ctx, _("reading standard input needs --root"));
		root = root_from_path(path);
		if (root == NULL) {
			nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
			return NC_EXIT_FAILURE;
		}
		meta->file_root = root;
	}

	if (strcmp(path, "-") == 0)
		r = read_stdin(&data, &len);
	else if (pki_file_read(path, PKI_CSR_MAX_BYTES, &data, &len, &err) != 0)
		r = nc_fail(&err);
	if (r == 0 && proof_path != NULL) {
		if (pki_renewal_proof_read(proof_path, &proof, &err) != 0)
			r = nc_fail(&err);
		meta->renewal_proof = proof;
	}
	if (r != 0)
		goto out;
	if ((r = cli_store(ctx)) != 0)
		goto out;
	mark = cli_mail_mark(ctx, CLI_MAIL_CSR);
	if (pki_csr_submit(ctx->store, data, len, meta, &info, &err) != 0) {
		r = nc_fail(&err);
		goto out;
	}
	cli_mail_digest(ctx); /* the administrator's digest, when it is due */
	if (a->json) {
		r = cli_json_print(nc_json_csr(&info, NC_JSON_OPERATOR, false));
		cli_mail_report(ctx, CLI_MAIL_CSR, mark, true);
		goto out;
	}
	root_shown = pki_sanitize(info.file_root != NULL ? info.file_root : "");
	printf(_("Certificate Signing Request \"%s\" received as request %" PRId64 ".\n"),
	    root_shown != NULL ? root_shown : "?", info.id);
	free(root_shown);
	if (info.renewal_of != 0)
		printf(_("It renews certificate %" PRIu64 ".\n"), info.renewal_of);
	printf("%s %s\n", _("SHA-1 fingerprint:"), info.sha1);
	printf("%s %s\n", _("SHA-256 fingerprint:"), info.sha256);
	cli_mail_report(ctx, CLI_MAIL_CSR, mark, false);
out:
	pki_csr_info_clear(&info);
	free(proof);
	free(data);
	free(root);
	return r;
}

/* ----------------------------------------------------------------- list */

static int
csr_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool json = ((struct cli_json_args *)args)->json;
	struct pki_csr_info *arr = NULL;
	struct pki_error err;
	json_t *a;
	size_t n = 0, i;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_csr_list(ctx->store, &arr, &n, &err) != 0)
		return nc_fail(&err);
	if (json) {
		a = json_array();
		for (i = 0; a != NULL && i < n; i++)
			json_array_append_new(a, nc_json_csr(&arr[i], NC_JSON_OPERATOR, false));
		r = cli_json_print(a);
	} else if (n == 0) {
		printf("%s\n", _("No pending Certificate Signing Requests."));
	} else {
		r = csr_list_table(arr, n);
	}
	pki_csr_info_array_free(&arr, n);
	return r;
}

/* ----------------------------------------------------------------- show */

struct show_args {
	bool json, pem;
};

static const struct nc_option show_opts[] = {
	NC_OPT_BOOL("json", struct show_args, json, N_("print a JSON object")),
	NC_OPT_BOOL("pem", struct show_args, pem, N_("include the request in PEM form")),
	NC_OPT_END_OF(struct show_args, NULL),
};

static int
csr_show(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct show_args *a = args;
	struct pki_csr_info info;
	int64_t id;
	int r;

	if ((r = cli_parse_id(ctx, argv[0], "ID", &id)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	if ((r = csr_get(ctx, id, &info)) != 0)
		return r;
	if (a->json)
		r = cli_json_print(nc_json_csr(&info, NC_JSON_OPERATOR, a->pem));
	else
		csr_print(&info, a->pem);
	pki_csr_info_clear(&info);
	return r;
}

/* --------------------------------------------------------------- delete */

static int
csr_delete(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool yes = ((struct cli_yes_args *)args)->yes;
	struct pki_csr_info info;
	struct pki_error err;
	char question[PKI_FILE_ROOT_MAX * 4 + 128], *root;
	int64_t id;
	int r;

	if ((r = cli_parse_id(ctx, argv[0], "ID", &id)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	memset(&info, 0, sizeof info);
	if ((r = csr_get(ctx, id, &info)) != 0)
		return r;
	root = pki_sanitize(info.file_root != NULL ? info.file_root : "");
	pki_csr_info_clear(&info);
	if (root == NULL) {
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	snprintf(question, sizeof question,
	    _("Delete Certificate Signing Request %" PRId64 " \"%s\"? [y/N] "), id, root);
	if ((r = cli_confirm(question, yes)) != 0)
		goto out;
	pki_error_clear(&err);
	if (pki_csr_delete(ctx->store, id, &err) != 0) {
		if (err.code == PKI_ERR_NOT_FOUND) {
			nc_error(_("No pending Certificate Signing Request %" PRId64 "."), id);
			r = NC_EXIT_FAILURE;
		} else {
			r = nc_fail(&err);
		}
		goto out;
	}
	printf(_("Certificate Signing Request %" PRId64 " \"%s\" deleted.\n"), id, root);
out:
	free(root);
	return r;
}

/* -------------------------------------------------------------- process */

static void
print_verification(void)
{
	printf("%s\n",
	    _("Before issuing, contact the technical contact by a means that "
	      "prevents impersonation and verify: their identity; their "
	      "authority to hold a certificate with the Subject "
	      "Distinguished Name shown above; that the SHA-1 fingerprint "
	      "shown above matches the one reported to them when they "
	      "submitted the request."));
}

static int
process_one(struct cli_ctx *ctx, int64_t id, enum pki_usage usage, const struct nc_pwsrc *src,
    bool yes, long pathlen, long days)
{
	struct pki_csr_info info;
	struct pki_cert_info cert;
	struct pki_error err;
	pki_signer *signer = NULL;
	char *root = NULL;
	int64_t mark = 0; /* mail */
	int r;

	memset(&info, 0, sizeof info);
	memset(&cert, 0, sizeof cert);
	if ((r = csr_get(ctx, id, &info)) != 0)
		return r;
	csr_print(&info, false);
	printf(_("Certificate Usage: %s\n"), pki_usage_label(usage));
	putchar('\n');
	print_verification();
	root = pki_sanitize(info.file_root != NULL ? info.file_root : "");
	pki_csr_info_clear(&info);
	if (root == NULL) {
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	r = cli_confirm(_("Have you verified the identity, the authority and the "
	                  "fingerprint? [y/N] "),
	    yes);
	if (r != 0 || (r = cli_open_signer(ctx, src, &signer)) != 0)
		goto out;
	pki_error_clear(&err);
	mark = cli_mail_mark(ctx, CLI_MAIL_ISSUED);
	if (pki_csr_issue_for_days(ctx->store, signer, id, usage, days,
	        pathlen >= 0 ? (int)pathlen : 0, &cert, &err) != 0) {
		r = nc_fail(&err);
		goto out;
	}
	cli_store_notice(ctx->store);
	printf(_("Certificate number %" PRIu64 " issued for Certificate Signing "
	         "Request \"%s\"\n"),
	    cert.serial, root);
	pki_signer_close(&signer); /* the key is not needed for mail */
	cli_mail_report(ctx, CLI_MAIL_ISSUED, mark, false);
out:
	pki_signer_close(&signer);
	pki_cert_info_clear(&cert);
	free(root);
	return r;
}

static int
process_all(struct cli_ctx *ctx, enum pki_usage usage, const struct nc_pwsrc *src, bool yes)
{
	struct pki_csr_info *arr = NULL;
	struct pki_error err;
	struct cli_signer_start start = { NULL, NULL };
	pki_signer *signer = NULL;
	int64_t *ids = NULL;
	char question[512];
	size_t n = 0, issued = 0;
	int r;

	pki_error_clear(&err);
	if (pki_csr_count(ctx->store, &n, &err) != 0)
		return nc_fail(&err);
	if (n == 0) {
		printf("%s\n", _("No pending Certificate Signing Requests."));
		return NC_EXIT_OK;
	}
	/* Confirmed already (--yes): the key is unlocked (PBKDF2, on another
	 * core) while the requests are read and listed. */
	if (yes && (r = cli_open_signer_start(ctx, src, &start)) != 0)
		return r;
	if (pki_csr_list(ctx->store, &arr, &n, &err) != 0) {
		cli_open_signer_cancel(&start);
		return nc_fail(&err);
	}
	/* Only the requests shown to the operator are issued: one that
	 * arrives while they read the list waits for the next run. */
	if (n == 0 || (ids = calloc(n, sizeof *ids)) == NULL) {
		pki_csr_info_array_free(&arr, n);
		cli_open_signer_cancel(&start);
		if (n == 0) {
			printf("%s\n", _("No pending Certificate Signing Requests."));
			return NC_EXIT_OK;
		}
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		return NC_EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = arr[i].id;
	r = csr_list_table(arr, n);
	pki_csr_info_array_free(&arr, n);
	if (r != 0) {
		cli_open_signer_cancel(&start);
		free(ids);
		return r;
	}
	printf(_("Certificate Usage: %s\n"), pki_usage_label(usage));
	putchar('\n');
	print_verification();
	snprintf(question, sizeof question,
	    dngettext(PACKAGE,
	        "Issue a certificate for the %zu pending request listed "
	        "above? Have you verified the identity, the authority and "
	        "the fingerprint? [y/N] ",
	        "Issue certificates for all %zu pending requests listed "
	        "above? Have you verified the identity, the authority and "
	        "the fingerprint of each? [y/N] ",
	        n),
	    n);
	if (yes)
		r = cli_open_signer_finish(ctx, &start, &signer);
	else if ((r = cli_confirm(question, yes)) == 0)
		r = cli_open_signer(ctx, src, &signer);
	if (r != 0)
		goto out;
	if (pki_csr_issue_batch(ctx->store, signer, ids, n, usage, &issued, &err) != 0) {
		r = nc_fail(&err);
		goto out;
	}
	cli_store_notice(ctx->store);
	printf(dngettext(PACKAGE, "%zu certificate issued.\n", "%zu certificates issued.\n",
	           issued),
	    issued);
	pki_signer_close(&signer); /* the key is not needed for mail */
	cli_mail_report_batch(ctx);
out:
	free(ids);
	pki_signer_close(&signer);
	return r;
}

/* --usage: an enum pki_usage member. */
static int
opt_usage(const char *hint, const struct nc_option *opt, const char *arg, void *field, void *base)
{
	if (pki_usage_parse(arg, field) != 0)
		return nc_usage_error(hint,
		    _("--usage: unknown usage '%s' (tls, intermediate or "
		      "codesign)"),
		    arg);
	return NC_EXIT_OK;
}

struct process_args {
	enum pki_usage usage;
	long pathlen; /* -1: not given */
	long days; /* 0: the CA's default validity */
	struct nc_pwsrc pw;
	bool all, yes;
};

static const struct process_args process_defaults = {
	.usage = PKI_USAGE_TLS,
	.pathlen = -1,
};

static const struct nc_option process_opts[] = {
	NC_OPT_CB("usage", struct process_args, usage, enum pki_usage, "USAGE",
	    N_("tls (TLS/SSL and XML security), intermediate (Intermediate "
	       "Certificate Authority) or codesign (Code signing)"),
	    opt_usage, .flags = NC_OPT_REQUIRED),
	NC_OPT_BOOL("all", struct process_args, all, N_("issue every pending request")),
	NC_OPT_NUM("pathlen", struct process_args, pathlen, "N",
	    N_("with --usage intermediate: the new CA's path length constraint "
	       "(default 0: it cannot issue CA certificates; at most this CA's own - 1)"),
	    .min = 0, .max = PKI_PATHLEN_MAX),
	NC_OPT_NUM("days", struct process_args, days, "N",
	    N_("with one request number: its validity, at most the usage's maximum "
	       "(tls 398, codesign 460, intermediate 1825) and never past this CA's "
	       "certificate (default: the CA's validity for issued certificates, cut "
	       "at this CA's end)"),
	    .min = 1, .max = PKI_DAYS_MAX),
	CLI_OPT_CA_PASSWORD(struct process_args, pw),
	CLI_OPT_YES(struct process_args, yes),
	NC_OPT_END_OF(struct process_args, &process_defaults),
};

static int
csr_process(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct process_args *a = args;
	int64_t id = 0;
	int r;

	if (a->all) {
		if (argc > 0)
			return cli_usage_error(ctx, _("give a request number or --all, not both"));
	} else {
		if (argc == 0)
			return cli_usage_error(ctx, _("give a request number or --all"));
		if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
		    (r = cli_parse_id(ctx, argv[0], "ID", &id)) != 0)
			return r;
	}
	if (a->days > 0 && a->all)
		return cli_usage_error(ctx, _("--days goes with one request number"));
	if (a->pathlen >= 0 && (a->usage != PKI_USAGE_INTERMEDIATE || a->all))
		return cli_usage_error(ctx,
		    _("--pathlen goes with --usage intermediate and one "
		      "request number"));
	if ((r = cli_store(ctx)) != 0)
		return r;
	return a->all ? process_all(ctx, a->usage, &a->pw, a->yes)
	              : process_one(ctx, id, a->usage, &a->pw, a->yes, a->pathlen, a->days);
}

/* ---------------------------------------------------------------- table */

static const struct cli_cmd csr_cmds[] = {
	{ .name = "import",
	    .summary = N_("Receive a Certificate Signing Request from a file, or every one in "
	                  "a directory."),
	    .usage = N_("DIR | FILE|- [--root NAME] [--contact-name TEXT] [--contact-phone TEXT]\n"
	                "       [--contact-email ADDR] [--hostname HOST] [--instance NAME]\n"
	                "       [--renewal-of N [--proof FILE]] [--json]"),
	    .description = N_("With a directory DIR, every DIR/NAME.csr (PEM or DER) is "
	                      "imported with the details in its optional DIR/NAME.json, all or "
	                      "nothing: when any file is refused nothing is stored; each file's "
	                      "outcome is listed."),
	    .options = import_opts,
	    .nargs = 1,
	    .exec = csr_import },
	{ .name = "list",
	    .summary = N_("List the pending Certificate Signing Requests."),
	    .usage = N_("[--json]"),
	    .options = cli_json_array_opts,
	    .exec = csr_list },
	{ .name = "show",
	    .summary = N_("Show a pending Certificate Signing Request."),
	    .usage = N_("ID [--json] [--pem]"),
	    .options = show_opts,
	    .nargs = 1,
	    .exec = csr_show },
	{ .name = "delete",
	    .summary = N_("Delete (reject) a pending Certificate Signing Request."),
	    .usage = N_("ID [--yes]"),
	    .options = cli_yes_opts,
	    .nargs = 1,
	    .exec = csr_delete },
	{ .name = "process",
	    .summary = N_("Issue certificates for pending Certificate Signing Requests."),
	    .usage = N_("ID|--all --usage tls|intermediate|codesign [--pathlen N] [--days N] "
	                "[--password-file FILE|--password-fd N] [--yes]"),
	    .options = process_opts,
	    .nargs = CLI_NARGS_ANY,
	    .exec = csr_process },
	{ .name = NULL },
};

const struct cli_group cli_group_csr = {
	"csr",
	N_("Manage pending Certificate Signing Requests."),
	csr_cmds,
};
