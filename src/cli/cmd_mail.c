/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_mail.c: "ncpki mail", the outbox of email notices: list (state,
 * attempts, next attempt, last error), retry (one notice or every unsent
 * one, then send) and flush (send what is due). Also the few calls the
 * other groups make after an operation succeeded: send what is due and say
 * whether that operation's notice went out. Mail never changes the exit
 * code of the operation that caused it.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"

/* ------------------------------------------------ after other commands */

static const char *
mail_kind_name(enum cli_mail_kind k)
{
	switch (k) {
	case CLI_MAIL_CONFIGURED:
		return "ca-configured";
	case CLI_MAIL_CSR:
		return "csr-received";
	default:
		return "cert-issued";
	}
}

int64_t
cli_mail_mark(struct cli_ctx *ctx, enum cli_mail_kind kind)
{
	struct pki_mail m;
	struct pki_error err;
	int64_t id = 0;

	if (ctx->store == NULL)
		return 0;
	pki_error_clear(&err);
	if (pki_mail_last(ctx->store, mail_kind_name(kind), &m, &err) == 0)
		id = m.id;
	pki_mail_clear(&m);
	return id;
}

void
cli_mail_digest(struct cli_ctx *ctx)
{
	struct pki_error err;
	time_t next = 0;
	bool queued = false;

	if (ctx->store == NULL)
		return;
	pki_error_clear(&err);
	if (pki_mail_csr_digest(ctx->store, time(NULL), PKI_MAIL_DIGEST_INTERVAL, &next, &queued,
	        &err) != 0)
		nc_warning(_("The administrator's digest of new requests could not be "
		             "queued: %s"),
		    err.msg);
}

void
cli_mail_report(struct cli_ctx *ctx, enum cli_mail_kind kind, int64_t mark, bool quiet)
{
	struct pki_mail m;
	struct pki_error err;
	size_t sent = 0, failed = 0;
	char *to, *why;

	if (ctx->store == NULL)
		return;
	pki_error_clear(&err);
	if (pki_mail_flush(ctx->store, false, &sent, &failed, &err) != 0) {
		nc_warning(_("Email notices could not be sent: %s"), err.msg);
		return;
	}
	if (pki_mail_last(ctx->store, mail_kind_name(kind), &m, &err) != 0 || m.id <= mark) {
		pki_mail_clear(&m);
		return; /* this operation queued no notice */
	}
	to = pki_sanitize(m.recipient);
	why = pki_sanitize(m.last_error[0] ? m.last_error : _("not tried yet"));
	if (to == NULL || why == NULL) {
		free(to);
		free(why);
		pki_mail_clear(&m);
		return;
	}
	if (strcmp(m.state, "sent") == 0) {
		if (!quiet) {
			switch (kind) {
			case CLI_MAIL_CONFIGURED:
				printf(_("Confirmation email sent to: %s\n"), to);
				break;
			case CLI_MAIL_CSR:
				printf(_("Notice sent to the administrator: %s\n"), to);
				break;
			default:
				printf(_("Notice sent to the technical contact: %s\n"), to);
				break;
			}
		}
	} else {
		switch (kind) {
		case CLI_MAIL_CONFIGURED:
			nc_warning(_("Confirmation email to %s could not be sent yet (%s); it "
			             "waits in the outbox: see ncpki mail list."),
			    to, why);
			break;
		case CLI_MAIL_CSR:
			nc_warning(_("The notice to the administrator %s could not be sent yet "
			             "(%s); it waits in the outbox: see ncpki mail list."),
			    to, why);
			break;
		default:
			nc_warning(_("The notice to the technical contact %s could not be sent "
			             "yet (%s); it waits in the outbox: see ncpki mail list."),
			    to, why);
			break;
		}
	}
	free(to);
	free(why);
	pki_mail_clear(&m);
}

void
cli_mail_report_batch(struct cli_ctx *ctx)
{
	struct pki_error err;
	size_t sent = 0, failed = 0;

	if (ctx->store == NULL)
		return;
	cli_mail_digest(ctx);
	pki_error_clear(&err);
	if (pki_mail_flush(ctx->store, false, &sent, &failed, &err) != 0) {
		nc_warning(_("Email notices could not be sent: %s"), err.msg);
		return;
	}
	if (sent > 0)
		printf(dngettext(PACKAGE, "%zu email notice sent.\n", "%zu email notices sent.\n",
		           sent),
		    sent);
	if (failed > 0)
		nc_warning(dngettext(PACKAGE,
		               "%zu email notice could not be sent yet; it waits in the outbox: "
		               "see ncpki mail list.",
		               "%zu email notices could not be sent yet; they wait in the outbox: "
		               "see ncpki mail list.",
		               failed),
		    failed);
}

/* ----------------------------------------------------------------- list */

static json_t *
mail_json(const struct pki_mail *m)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	nc_json_set_int(o, "id", m->id);
	nc_json_set_str(o, "kind", m->kind);
	nc_json_set_str(o, "recipient", m->recipient);
	nc_json_set_str(o, "subject", m->subject);
	nc_json_set_str(o, "state", m->state);
	nc_json_set_int(o, "attempts", m->attempts);
	nc_json_set_time(o, "created_at", m->created_at, NC_JSON_OPERATOR);
	if (strcmp(m->state, "pending") == 0)
		nc_json_set_time(o, "next_attempt_at", m->next_attempt_at, NC_JSON_OPERATOR);
	else
		json_object_set_new(o, "next_attempt_at", json_null());
	if (m->sent_at != 0)
		nc_json_set_time(o, "sent_at", m->sent_at, NC_JSON_OPERATOR);
	else
		json_object_set_new(o, "sent_at", json_null());
	nc_json_set_str(o, "last_error", m->last_error);
	return o;
}

static const char *
state_label(const char *state)
{
	if (strcmp(state, "sent") == 0)
		return _("sent");
	if (strcmp(state, "failed") == 0)
		return _("failed");
	return _("pending");
}

static int
mail_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool json = ((struct cli_json_args *)args)->json;
	struct pki_mail *arr = NULL;
	struct pki_error err;
	struct cli_table *tab = NULL;
	const char *headers[7];
	size_t n = 0;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_mail_list(ctx->store, &arr, &n, &err) != 0)
		return nc_fail(&err);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; a != NULL && i < n; i++)
			if (json_array_append_new(a, mail_json(&arr[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		pki_mail_array_free(&arr, n);
		if (a == NULL) {
			nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
			return NC_EXIT_FAILURE;
		}
		return cli_json_print(a);
	}
	if (n == 0) {
		printf("%s\n", _("No email notices."));
		return NC_EXIT_OK;
	}
	headers[0] = _("ID");
	headers[1] = _("Kind");
	headers[2] = _("Recipient");
	headers[3] = _("State");
	headers[4] = _("Attempts");
	headers[5] = _("Next attempt");
	headers[6] = _("Last error");
	if ((tab = cli_table_new(7, headers)) == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		char id[32], att[16], t[CLI_TIME_MAX];
		const char *cells[7];

		snprintf(id, sizeof id, "%" PRId64, arr[i].id);
		snprintf(att, sizeof att, "%d", arr[i].attempts);
		cells[0] = id;
		cells[1] = arr[i].kind;
		cells[2] = arr[i].recipient;
		cells[3] = state_label(arr[i].state);
		cells[4] = att;
		cells[5] = strcmp(arr[i].state, "pending") == 0
		    ? cli_time(arr[i].next_attempt_at, CLI_TIME_MINUTE, t)
		    : "";
		cells[6] = arr[i].last_error;
		if (cli_table_add(tab, cells) != 0)
			goto nomem;
	}
	cli_table_print(tab, stdout);
	cli_table_free(&tab);
	pki_mail_array_free(&arr, n);
	return NC_EXIT_OK;
nomem:
	cli_table_free(&tab);
	pki_mail_array_free(&arr, n);
	nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
	return NC_EXIT_FAILURE;
}

/* ------------------------------------------------------- retry, flush */

static int
flush_and_say(struct cli_ctx *ctx, bool all)
{
	struct pki_error err;
	size_t sent = 0, failed = 0;

	pki_error_clear(&err);
	cli_mail_digest(ctx);
	if (pki_mail_flush(ctx->store, all, &sent, &failed, &err) != 0)
		return nc_fail(&err);
	printf(dngettext(PACKAGE, "%zu email notice sent.\n", "%zu email notices sent.\n", sent),
	    sent);
	if (failed > 0)
		printf(dngettext(PACKAGE,
		           "%zu email notice could not be sent yet: see ncpki mail list.\n",
		           "%zu email notices could not be sent yet: see ncpki mail list.\n",
		           failed),
		    failed);
	return NC_EXIT_OK;
}

struct retry_args {
	bool all;
};

static const struct nc_option retry_opts[] = {
	NC_OPT_BOOL("all", struct retry_args, all,
	    N_("every notice not sent yet, including failed ones")),
	NC_OPT_END_OF(struct retry_args, NULL),
};

static int
mail_retry(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	bool all = ((struct retry_args *)args)->all;
	struct pki_error err;
	int64_t id = 0;
	size_t count = 0;
	int r;

	if (all) {
		if ((r = cli_operands(ctx, argc, argv, 0)) != 0)
			return r;
	} else {
		if (argc == 0)
			return cli_usage_error(ctx, _("give a notice ID or --all"));
		if ((r = cli_operands(ctx, argc, argv, 1)) != 0 ||
		    (r = cli_parse_id(ctx, argv[0], "ID", &id)) != 0)
			return r;
	}
	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_mail_retry(ctx->store, id, &count, &err) != 0)
		return nc_fail(&err);
	if (count == 0) {
		printf("%s\n", _("No email notices wait to be sent."));
		return NC_EXIT_OK;
	}
	return flush_and_say(ctx, false);
}

static int
mail_flush(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	return flush_and_say(ctx, false);
}

/* Queues the expiry notices due now (what ncpkid does hourly), then sends. */
static int
mail_notify_expiring(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_error err;
	size_t queued = 0;
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if (pki_expiry_notices_queue(ctx->store, time(NULL), &queued, &err) != 0)
		return nc_fail(&err);
	printf(dngettext(PACKAGE, "%zu expiry notice queued.\n", "%zu expiry notices queued.\n",
	           queued),
	    queued);
	return flush_and_say(ctx, false);
}

/* ---------------------------------------------------------------- table */

static const struct cli_cmd mail_cmds[] = {
	{ .name = "list",
	    .summary = N_("List the email notices: sent, waiting and given up on."),
	    .usage = N_("[--json]"),
	    .options = cli_json_array_opts,
	    .exec = mail_list },
	{ .name = "retry",
	    .summary = N_("Make notices due now and send them."),
	    .usage = N_("ID | --all"),
	    .options = retry_opts,
	    .nargs = CLI_NARGS_ANY,
	    .exec = mail_retry },
	{ .name = "flush",
	    .summary = N_("Send the notices that are due."),
	    .usage = "",
	    .exec = mail_flush },
	{ .name = "notify-expiring",
	    .summary = N_("Queue the expiry notices that are due and send what is due."),
	    .usage = "",
	    .description = N_("Each certificate that is not revoked, not renewed and has a "
	                      "contact email gets one notice when it comes within the notice "
	                      "period (ncpki server set-notice-days) of its end. ncpkid does "
	                      "this every hour."),
	    .exec = mail_notify_expiring },
	{ .name = NULL },
};

const struct cli_group cli_group_mail = {
	"mail",
	N_("Email notices: the outbox and its state."),
	mail_cmds,
};
