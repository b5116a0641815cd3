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

enum { OPT_JSON = 256, OPT_LIMIT, OPT_FILTER };

static int audit_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"filter", required_argument, NULL, OPT_FILTER},
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_audit_filter f = { NULL, 0, 0 };
	struct pki_audit_entry *arr = NULL;
	struct pki_error err;
	bool json = false;
	long limit;
	size_t n = 0;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case OPT_FILTER: f.text = optarg; break;
		case OPT_LIMIT:
			if ((r = cli_parse_long(ctx, optarg, "--limit", &limit)) != 0)
				return r;
			if (limit < 1 || limit > 1000000)
				return cli_usage_error(ctx, _("--limit: '%s' is not a number from 1 to 1000000"),
				                       optarg);
			f.limit = (size_t)limit;
			break;
		case OPT_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_audit_list(ctx->store, &f, &arr, &n, &err) != 0)
		return nc_fail(&err);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; a != NULL && i < n; i++) {
			json_t *o = json_object();
			if (o == NULL || json_array_append_new(a, o) != 0)
				break;
			cli_json_set_int(o, "id", arr[i].id);
			cli_json_set_time(o, "at", arr[i].at);
			cli_json_set_str(o, "actor", arr[i].actor);
			cli_json_set_str(o, "action", arr[i].action);
			cli_json_set_str(o, "object", arr[i].object);
			cli_json_set_str(o, "outcome", arr[i].outcome);
			cli_json_set_str(o, "hash", arr[i].hash);
		}
		r = cli_json_print(a);
	} else {
		char t[CLI_TIME_MAX];
		for (size_t i = 0; i < n; i++) {
			char *actor = pki_sanitize(arr[i].actor), *object = pki_sanitize(arr[i].object),
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

static int audit_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_audit_verify v;
	struct pki_error err;
	int c;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	if ((c = cli_store(ctx)) != 0)
		return c;
	pki_error_clear(&err);
	if (pki_audit_verify(ctx->store, &v, &err) != 0) {
		nc_error(_("the audit trail could not be verified: %s"), err.msg);
		return NC_EXIT_FAILURE;
	}
	if (v.first_bad != 0) {
		printf(_("The audit trail is broken at entry %lld: %s.\n"), (long long)v.first_bad, v.why);
		return NC_EXIT_FAILURE;
	}
	if (!v.keyed && v.sealed_through > 0) {
		printf(_("The seals of entries 1 to %lld could not be checked: %s.\n"),
		       (long long)v.sealed_through, v.unkeyed_why);
		return NC_EXIT_FAILURE;
	}
	printf(_("The audit trail is intact: %zu entries.\n"), v.rows);
	if (v.legacy_through > 0)
		printf(_("Entries 1 to %lld are legacy: written before the keyed chain, chained "
		         "by SHA-256 only until they were first sealed.\n"),
		       (long long)v.legacy_through);
	if (v.sealed_through > 0)
		printf(_("Entries 1 to %lld are sealed with the audit key; the head anchor %s "
		         "matches.\n"), (long long)v.sealed_through, v.anchor_path);
	if (v.pending > 0)
		printf(ngettext("%zu entry is pending (not yet sealed: \"ncpki audit seal\" seals "
		                "it).\n",
		                "%zu entries are pending (not yet sealed: \"ncpki audit seal\" seals "
		                "them).\n", v.pending), v.pending);
	if (!v.keyed)
		printf(_("Not checked with the audit key: %s.\n"), v.unkeyed_why);
	if (v.rows > 0)
		printf(_("Newest entry's hash: %s\n"), v.head);
	return NC_EXIT_OK;
}

static int audit_seal(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	struct pki_error err;
	size_t n = 0;
	int c, r;

	while ((c = cli_getopt(ctx, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'h': return cli_help(ctx);
		default: return NC_EXIT_USAGE;
		}
	}
	if ((r = cli_operands(ctx, argc, argv, 0)) != 0 || (r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_audit_seal(ctx->store, false, &n, &err) != 0)
		return nc_fail(&err);
	printf(ngettext("%zu entry sealed.\n", "%zu entries sealed.\n", n), n);
	return NC_EXIT_OK;
}

static const struct cli_cmd audit_cmds[] = {
	{
		"list",
		N_("List the audit trail, newest first."),
		N_("[--filter TEXT] [--limit N] [--json]"),
		N_("  --filter TEXT  only entries whose actor, action, object or outcome "
		   "contains TEXT\n"
		   "  --limit N      at most N entries\n"
		   "  --json         print JSON\n"),
		audit_list
	},
	{
		"verify",
		N_("Check the audit trail's hash chain, its seals and the head anchor."),
		"",
		NULL,
		audit_verify
	},
	{
		"seal",
		N_("Seal the pending entries with the audit key (in the CA directory)."),
		"",
		NULL,
		audit_seal
	},
	{NULL, NULL, NULL, NULL, NULL}
};

const struct cli_group cli_group_audit = {
	"audit",
	N_("Read and verify the audit trail of every change."),
	audit_cmds
};
