/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_offline.c: the offline root's commands, hooked into the groups they
 * belong to: "ncpki csr import DIR" (every request file of a directory,
 * all or nothing), "ncpki cert export-all DIR" (to removable media), and
 * the client's "submit --offline DIR" and "import DIR".
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"

/* ------------------------------------------------------- csr import DIR */

int
cli_csr_import_dir(struct cli_ctx *ctx, const char *dir, bool json)
{
	struct pki_import_report rep;
	struct pki_error err;
	json_t *a = NULL, *o;
	size_t i;
	int r;

	pki_error_clear(&err);
	r = pki_csr_import_dir(ctx->store, dir, &rep, &err);
	if (rep.n == 0) {
		pki_import_report_clear(&rep);
		return r != 0 ? nc_fail(&err) : NC_EXIT_OK;
	}
	if (json)
		a = json_array();
	for (i = 0; i < rep.n; i++) {
		const struct pki_import_item *it = &rep.items[i];
		if (json) {
			if ((o = json_object()) == NULL)
				continue;
			nc_json_set_str(o, "file", it->file);
			nc_json_set_str(o, "file_root", it->file_root);
			nc_json_set_bool(o, "imported", rep.stored && it->code == 0);
			nc_json_set_int(o, "id", it->id);
			nc_json_set_str(o, "sha1", it->sha1);
			nc_json_set_str(o, "error", it->code != 0 ? it->msg : "");
			json_array_append_new(a, o);
			continue;
		}
		cli_put(stdout, it->file);
		if (it->code != 0) {
			printf(": %s ", _("refused:"));
			cli_put(stdout, it->msg);
		} else if (rep.stored) {
			printf(_(": imported as request %" PRId64 ", SHA-1 fingerprint %s"), it->id,
			    it->sha1);
		} else {
			printf(": %s", _("acceptable, not imported"));
		}
		putchar('\n');
	}
	if (json) {
		int jr = cli_json_print(a);
		if (r == 0)
			r = jr;
	}
	if (r != 0) {
		r = nc_fail(&err);
	} else {
		if (!json)
			printf(dngettext(PACKAGE, "%zu Certificate Signing Request imported.\n",
			           "%zu Certificate Signing Requests imported.\n", rep.n),
			    rep.n);
		cli_mail_report_batch(ctx);
	}
	pki_import_report_clear(&rep);
	return r;
}

/* --------------------------------------------------------- export-all */

/* --since: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ", UTC, into a time_t member. */
static int
opt_since(const char *hint, const struct nc_option *opt, const char *s, void *field, void *base)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0') {
		memset(&tm, 0, sizeof tm);
		end = strptime(s, "%Y-%m-%d", &tm);
	}
	if (end == NULL || *end != '\0' || (*(time_t *)field = timegm(&tm)) == (time_t)-1)
		return nc_usage_error(hint,
		    _("--since: '%s' is not a date such as 2026-01-31 "
		      "or 2026-01-31T12:00:00Z"),
		    s);
	return 0;
}

struct cli_export_args {
	struct pki_export_params p;
	bool json;
};

const struct nc_option cli_export_all_opts[] = {
	NC_OPT_SERIALNO("since-serial", struct cli_export_args, p.since_serial, "N",
	    N_("only certificates with serial N or above")),
	NC_OPT_CB("since", struct cli_export_args, p.since, time_t, "DATE",
	    N_("only certificates issued on or after DATE (YYYY-MM-DD or "
	       "YYYY-MM-DDTHH:MM:SSZ, UTC)"),
	    opt_since),
	NC_OPT_BOOL("json", struct cli_export_args, json, N_("print the result as JSON")),
	NC_OPT_END_OF(struct cli_export_args, NULL),
};

int
cli_cert_export_all(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct cli_export_args *a = args;
	struct pki_export_params *p = &a->p;
	struct pki_export_result res;
	struct pki_error err;
	json_t *o;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	p->dir = argv[0];
	pki_error_clear(&err);
	if (pki_export_dir(ctx->store, p, &res, &err) != 0)
		return nc_fail(&err);
	if (a->json) {
		if ((o = json_object()) != NULL) {
			nc_json_set_str(o, "manifest", res.manifest);
			nc_json_set_uint(o, "certificates", res.certs);
			nc_json_set_bool(o, "crl", res.crl);
			if (res.crl)
				nc_json_set_uint(o, "crl_number", res.crl_number);
			json_t *ren = json_array();
			for (size_t i = 0; ren != NULL && i < res.nrenamed; i++) {
				json_t *e = json_object();
				nc_json_set_uint(e, "serial", res.renamed[i].serial);
				nc_json_set_str(e, "file_root", res.renamed[i].file_root);
				nc_json_set_str(e, "name", res.renamed[i].name);
				json_array_append_new(ren, e);
			}
			json_object_set_new(o, "renamed", ren);
		}
		r = cli_json_print(o);
	} else {
		printf(dngettext(PACKAGE, "%zu certificate exported", "%zu certificates exported",
		           res.certs),
		    res.certs);
		printf(" %s ", _("with the CA certificate and chain; manifest"));
		cli_put(stdout, res.manifest);
		putchar('\n');
		/* Issue 14: said, so that no one looks for the file under its root. */
		for (size_t i = 0; i < res.nrenamed; i++)
			printf(
			    _("Certificate %" PRIu64 " exported as %s.cer and %s-chain.pem, not "
			      "under its file name %s: another certificate in the export has that "
			      "name.\n"),
			    res.renamed[i].serial, res.renamed[i].name, res.renamed[i].name,
			    res.renamed[i].file_root);
		if (res.crl)
			printf(_("CRL number %" PRIu64 " exported as crl.der and crl.pem.\n"),
			    res.crl_number);
		else
			nc_warning("%s",
			    _("No CRL has been signed yet, so none was exported: run "
			      "'ncpki crl generate' and export again."));
		r = NC_EXIT_OK;
	}
	pki_export_result_clear(&res);
	return r;
}

/* ---------------------------------------------------- client, offline */

int
cli_client_offline(struct cli_ctx *ctx, const struct pki_client_request *rq, const char *dir)
{
	struct pki_client_submitted out;
	struct pki_error err;
	char *json = NULL;

	pki_error_clear(&err);
	if (pki_client_request_offline(ctx->store, rq, dir, &out, &err) != 0)
		return nc_fail(&err);
	printf(_("SHA-1 Fingerprint: %s, Certificate Signing Request \"%s\" written for an "
	         "offline Certificate Authority.\n"),
	    out.sha1, out.file_root);
	json = malloc(strlen(out.csr_path) + 2);
	if (json != NULL) {
		size_t k = strlen(out.csr_path) - strlen(".csr");
		memcpy(json, out.csr_path, k);
		strcpy(json + k, ".json");
	}
	printf(_("Created the private key \"%s\"; carry \"%s\" and \"%s\" to the Certificate "
	         "Authority.\n"),
	    out.key_path, out.csr_path, json != NULL ? json : "");
	printf("%s\n",
	    _("Store the private key on encrypted, removable media that can be "
	      "physically secured."));
	free(json);
	pki_client_submitted_clear(&out);
	return NC_EXIT_OK;
}

const struct nc_option cli_client_import_opts[] = {
	NC_OPT_BOOL("force", struct cli_force_args, force, N_("replace existing files"),
	    .short_name = 'f'),
	NC_OPT_END_OF(struct cli_force_args, NULL),
};

int
cli_client_import(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool force = ((struct cli_force_args *)args)->force;
	struct pki_client_import res;
	struct pki_error err;
	size_t i;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_client_import_dir(ctx->store, argv[0], force, &res, &err) != 0)
		return nc_fail(&err);
	cli_field(_("CA subject"), res.ca_subject);
	cli_field(_("CA SHA-1"), res.ca_sha1);
	cli_field(_("CA SHA-256"), res.ca_sha256);
	cli_field(_("Root SHA-256"), res.root_sha256);
	for (i = 0; i < res.nfiles; i++) {
		printf("%s ", _("Saved"));
		cli_put(stdout, res.files[i]);
		putchar('\n');
	}
	printf(dngettext(PACKAGE,
	           "%zu certificate imported. Compare the fingerprints above "
	           "with the Certificate Authority's.\n",
	           "%zu certificates imported. Compare the fingerprints above "
	           "with the Certificate Authority's.\n",
	           res.certs),
	    res.certs);
	pki_client_import_clear(&res);
	return NC_EXIT_OK;
}
