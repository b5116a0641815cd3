/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_audit.c: "ncpki audit", the audit trail: list (newest first, with a
 * text filter), verify (walk the SHA-256 chain and the operator's keyed
 * seals against the head anchor; exit 1 at the first entry that was
 * edited, inserted, reordered or removed) and seal (seal what ncpkid
 * appended since the last operator command).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

struct list_args {
	const char *filter;
	long limit;
	bool refused, json;
};

static const struct nc_option list_opts[] = {
	NC_OPT_STR("filter", struct list_args, filter, "TEXT",
	    N_("only entries whose actor, action, object or outcome contains TEXT")),
	NC_OPT_NUM("limit", struct list_args, limit, "N", N_("at most N entries"), .min = 1,
	    .max = 1000000),
	NC_OPT_BOOL("refused", struct list_args, refused,
	    N_("only the refusals (a wrong password, a request turned down...)")),
	NC_OPT_BOOL("json", struct list_args, json, N_("print JSON")),
	NC_OPT_END_OF(struct list_args, NULL),
};

static int
audit_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct list_args *a = args;
	struct pki_audit_filter f = { .text = a->filter,
		.limit = (size_t)a->limit,
		.refused = a->refused };
	struct pki_audit_entry *arr = NULL;
	struct pki_error err;
	size_t n = 0;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_audit_list(ctx->store, &f, &arr, &n, &err) != 0)
		return nc_fail(&err);
	if (a->json) {
		json_t *ja = json_array();
		for (size_t i = 0; ja != NULL && i < n; i++) {
			if (json_array_append_new(ja, nc_json_audit(&arr[i])) != 0)
				break;
		}
		r = cli_json_print(ja);
	} else {
		char t[CLI_TIME_MAX];
		for (size_t i = 0; i < n; i++) {
			char *actor = pki_sanitize(arr[i].actor),
			     *object = pki_sanitize(arr[i].object),
			     *outcome = pki_sanitize(arr[i].outcome);
			printf("%6" PRId64 "  %s  %-20s %-18s %s%s%s\n", arr[i].id,
			    cli_time(arr[i].at, CLI_TIME_FULL, t), actor ? actor : "?",
			    arr[i].action, object ? object : "?",
			    strcmp(arr[i].outcome, "ok") == 0 ? "" : _("  REFUSED: "),
			    strcmp(arr[i].outcome, "ok") == 0 ? "" : (outcome ? outcome : "?"));
			free(actor);
			free(object);
			free(outcome);
		}
		r = NC_EXIT_OK;
	}
	pki_audit_array_free(arr, n);
	return r;
}

static int
audit_verify(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_audit_verify v;
	struct pki_error err;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_audit_verify(ctx->store, &v, &err) != 0) {
		nc_error(_("the audit trail could not be verified: %s"), err.msg);
		return NC_EXIT_FAILURE;
	}
	if (v.first_bad != 0) {
		printf(_("The audit trail is broken at entry %lld: %s.\n"), (long long)v.first_bad,
		    v.why);
		return NC_EXIT_FAILURE;
	}
	if (!v.keyed && v.sealed_through > 0) {
		printf(_("The seals of entries 1 to %lld could not be checked: %s.\n"),
		    (long long)v.sealed_through, v.unkeyed_why);
		return NC_EXIT_FAILURE;
	}
	printf(dngettext(PACKAGE, "The audit trail is intact: %zu entry.\n",
	           "The audit trail is intact: %zu entries.\n", v.rows),
	    v.rows);
	if (v.legacy_through > 0)
		printf(_("Entries 1 to %lld are legacy: written before the keyed chain, chained "
		         "by SHA-256 only until they were first sealed.\n"),
		    (long long)v.legacy_through);
	if (v.sealed_through > 0)
		printf(_("Entries 1 to %lld are sealed with the audit key; the head anchor %s "
		         "matches.\n"),
		    (long long)v.sealed_through, v.anchor_path);
	if (v.pending > 0)
		printf(ngettext("%zu entry is pending (not yet sealed: \"ncpki audit seal\" seals "
		                "it).\n",
		           "%zu entries are pending (not yet sealed: \"ncpki audit seal\" seals "
		           "them).\n",
		           v.pending),
		    v.pending);
	if (!v.keyed)
		printf(_("Not checked with the audit key: %s.\n"), v.unkeyed_why);
	if (v.rows > 0)
		printf(_("Newest entry's hash: %s\n"), v.head);
	return NC_EXIT_OK;
}

static int
audit_seal(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_error err;
	size_t n = 0;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_audit_seal(ctx->store, false, &n, &err) != 0)
		return nc_fail(&err);
	printf(ngettext("%zu entry sealed.\n", "%zu entries sealed.\n", n), n);
	return NC_EXIT_OK;
}

static const struct cli_cmd audit_cmds[] = {
	{ .name = "list",
	    .summary = N_("List the audit trail, newest first."),
	    .usage = N_("[--filter TEXT] [--limit N] [--refused] [--json]"),
	    .options = list_opts,
	    .exec = audit_list },
	{ .name = "verify",
	    .summary = N_("Check the audit trail's hash chain, its seals and the head anchor."),
	    .usage = "",
	    .exec = audit_verify },
	{ .name = "seal",
	    .summary = N_("Seal the pending entries with the audit key (in the CA directory)."),
	    .usage = "",
	    .exec = audit_seal },
	{ .name = NULL },
};

const struct cli_group cli_group_audit = {
	"audit",
	N_("Read and verify the audit trail of every change."),
	audit_cmds,
};
