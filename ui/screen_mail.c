/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_mail.c: "Mail outbox", the email notices the CA queued (the CA
 * configured, requests received, a certificate issued or about to expire),
 * newest first, with their state (waiting, sent, given up), attempts and
 * when the next attempt or the sending was; under the table the selected
 * notice's subject and last error. r makes the selected notice due now and
 * sends what is due, a does so for every notice not sent (failed ones
 * included), f sends what is due; the sending runs off the screen's thread
 * with the spinner. Every string from the database is shown through
 * pki_sanitize.
 *
 * Keys: Up/Down/PgUp/PgDn/Home/End move, r retries, a retries all, f sends
 * what is due, Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

struct row {
	int64_t id;
	char *state, *kind, *recipient, *subject, *last_error; /* sanitized, translated */
	bool sent;
	int attempts;
	char created[32], when[32];
};

struct mail_state {
	struct row *rows;
	size_t n, waiting, failed;
	struct ls list;
};

/* A notice's kind and state in words. */
static const struct {
	const char *key, *label;
} kinds[] = {
	{ "ca-configured", N_("CA configured") },
	{ "csr-received", N_("requests received") },
	{ "cert-issued", N_("certificate issued") },
	{ "expiry-notice", N_("expiry notice") },
}, states[] = {
	/* TRANSLATORS: a notice's state in the mail outbox. */
	{ "pending", N_("waiting") },
	{ "sent", N_("sent") },
	{ "failed", N_("given up") },
};

static char *
word(const char *key, bool state)
{
	size_t n = state ? sizeof states / sizeof states[0] : sizeof kinds / sizeof kinds[0];

	for (size_t i = 0; i < n; i++) {
		const char *k = state ? states[i].key : kinds[i].key;

		if (strcmp(k, key) == 0)
			return ui_xstrdup(_(state ? states[i].label : kinds[i].label));
	}
	return ui_clean(key);
}

static void
rows_free(struct mail_state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->rows[i].state);
		free(s->rows[i].kind);
		free(s->rows[i].recipient);
		free(s->rows[i].subject);
		free(s->rows[i].last_error);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = s->waiting = s->failed = 0;
}

static void
load(struct ui *ui, struct mail_state *s)
{
	struct pki_mail *arr = NULL;
	struct pki_error err;
	size_t n = 0;

	rows_free(s);
	pki_error_clear(&err);
	if (pki_mail_list(ui->store, &arr, &n, &err) != 0) {
		ui_error_pki(ui, &err);
		return;
	}
	s->rows = ui_xcalloc(n, sizeof *s->rows);
	for (size_t i = 0; i < n; i++) {
		struct row *r = &s->rows[i];

		r->id = arr[i].id;
		r->state = word(arr[i].state, true);
		r->kind = word(arr[i].kind, false);
		r->recipient = ui_clean(arr[i].recipient);
		r->subject = ui_clean(arr[i].subject);
		r->last_error = ui_clean(arr[i].last_error);
		r->sent = strcmp(arr[i].state, "sent") == 0;
		r->attempts = arr[i].attempts;
		ui_time(arr[i].created_at, r->created, sizeof r->created);
		if (r->sent)
			ui_time(arr[i].sent_at, r->when, sizeof r->when);
		else if (strcmp(arr[i].state, "pending") == 0)
			ui_time(arr[i].next_attempt_at, r->when, sizeof r->when);
		s->waiting += strcmp(arr[i].state, "pending") == 0;
		s->failed += strcmp(arr[i].state, "failed") == 0;
	}
	s->n = n;
	pki_mail_array_free(&arr, n);
	ls_select(&s->list, s->n, s->list.sel);
}

static int
mail_init(struct ui *ui, void **state, const void *arg)
{
	struct mail_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	ls_init(&s->list);
	load(ui, s);
	*state = s;
	return 0;
}

enum { C_ID, C_STATE, C_KIND, C_TO, C_TRIES, C_WHEN, C__COUNT };

static char *
mail_line(void *arg, size_t i, enum ui_role *role)
{
	const struct mail_state *s = arg;
	const struct row *r = &s->rows[i];
	char id[32], tries[16];
	const char *cells[C__COUNT] = { id, r->state, r->kind, r->recipient, tries, r->when };

	snprintf(id, sizeof id, "%" PRId64, r->id);
	snprintf(tries, sizeof tries, "%d", r->attempts);
	if (!r->sent)
		*role = R_ERROR;
	return ls_row(&s->list, cells);
}

static void
mail_draw(struct ui *ui, void *state)
{
	struct mail_state *s = state;
	struct ls_column *c = s->list.col;
	int rows = getmaxy(ui->body), cols = getmaxx(ui->body), fixed;
	char title[256], line[4096];

	snprintf(title, sizeof title,
	    dngettext(PACKAGE, "Mail outbox: %zu notice (%zu waiting, %zu given up)",
	        "Mail outbox: %zu notices (%zu waiting, %zu given up)", s->n),
	    s->n, s->waiting, s->failed);
	ui_title(ui, title);
	c[C_ID] = (struct ls_column){ _("ID"), 4 };
	c[C_STATE] = (struct ls_column){ _("State"), 9 };
	c[C_KIND] = (struct ls_column){ _("Notice"), 18 };
	c[C_TO] = (struct ls_column){ _("Recipient"), 0 };
	/* TRANSLATORS: the column of how many times sending was tried. */
	c[C_TRIES] = (struct ls_column){ _("Tries"), 5 };
	/* TRANSLATORS: the column of when a notice was sent, or is tried next. */
	c[C_WHEN] = (struct ls_column){ _("Sent / next try"), 16 };
	fixed = 4 + 9 + 18 + 5 + 16 + 6 + 3;
	c[C_TO].width = cols - fixed > 8 ? cols - fixed : 8;
	s->list.ncols = C__COUNT;
	s->list.below = s->n > 0 ? 2 : 0;
	ls_draw(ui, &s->list, 2, s->n, _("No email notices."), mail_line, s);
	if (s->n > 0 && s->list.sel < (int)s->n) {
		const struct row *r = &s->rows[s->list.sel];

		snprintf(line, sizeof line, _("Subject: %s  (queued %s)"), r->subject, r->created);
		ui_put(ui->body, rows - 2, 2, line, cols - 4, A_NORMAL);
		if (r->last_error[0] != '\0') {
			snprintf(line, sizeof line, _("Last error: %s"), r->last_error);
			ui_put(ui->body, rows - 1, 2, line, cols - 4, ui_attr(ui, R_ERROR));
		}
	}
}

/* The sending, on ui_run's worker thread. */
struct send_job {
	pki_store *store;
	int64_t id; /* retry: this notice (0: all), or -1: only what is due */
	size_t count, sent, failed;
	struct pki_error err;
};

static int
send_job(void *arg)
{
	struct send_job *j = arg;
	int r;

	if (j->id >= 0 && (r = pki_mail_retry(j->store, j->id, &j->count, &j->err)) != 0)
		return r;
	return pki_mail_flush(j->store, false, &j->sent, &j->failed, &j->err);
}

static int
send(struct ui *ui, struct mail_state *s, int64_t id)
{
	struct send_job j;

	memset(&j, 0, sizeof j);
	j.store = ui->store;
	j.id = id;
	pki_error_clear(&j.err);
	if (ui_run(ui, _("Sending the email notices..."), false, send_job, &j) != 0) {
		ui_error_pki(ui, &j.err);
	} else if (j.failed > 0) {
		ui_error(ui,
		    dngettext(PACKAGE, "%zu email notice sent; %zu could not be sent yet.",
		        "%zu email notices sent; %zu could not be sent yet.", j.sent),
		    j.sent, j.failed);
	} else {
		ui_message(ui,
		    dngettext(PACKAGE, "%zu email notice sent.", "%zu email notices sent.", j.sent),
		    j.sent);
	}
	load(ui, s);
	return UI_REDRAW;
}

static int
mail_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct mail_state *s = state;

	if (ls_key(&s->list, s->n, k))
		return UI_REDRAW;
	if (k->fn)
		return UI_UNHANDLED;
	switch (k->ch) {
	case L'r':
		if (s->n == 0)
			return UI_NONE;
		return send(ui, s, s->rows[s->list.sel].id);
	case L'a':
		return send(ui, s, 0);
	case L'f':
		return send(ui, s, -1);
	default:
		return UI_UNHANDLED;
	}
}

static void
mail_free(void *state)
{
	struct mail_state *s = state;

	rows_free(s);
	ls_free(&s->list);
	free(s);
}

const struct screen screen_mail = {
	.help = N_("The email notices the Certificate Authority queued, newest "
	           "first: to the administrator when the CA is configured and when "
	           "requests arrive, to the technical contact when a certificate is "
	           "issued or is about to expire. A notice that could not be sent "
	           "waits and is tried again later with a growing delay, and is given "
	           "up on after several attempts; the line under the table says why "
	           "the last attempt failed.\n\nr makes the selected notice due now "
	           "and sends what is due; a does so for every notice not sent yet, "
	           "including the ones given up on; f sends the notices that are due. "
	           "The web service (ncpkid) also sends them on its own."),
	.init = mail_init,
	.draw = mail_draw,
	.key = mail_key,
	.free = mail_free,
	.keymask = KB_HELP | KB_PAGE | KB_RETRY | KB_BACK,
};
