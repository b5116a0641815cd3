/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_audit.c: the audit trail on a page of its own: the
 * newest entries first (time, actor, action, object, and the outcome when
 * it was a refusal), a filter on actor, action, object and outcome that
 * the database applies, the hash chain's verdict in the title. Entries are
 * read a page at a time (older ones as the selection reaches the end), so
 * a long trail is never loaded whole. Every string from the database is
 * shown through pki_sanitize.
 *
 * Keys: Up/Down/PgUp/PgDn/Home/End move, Enter shows the whole entry,
 * / filters (Enter keeps the filter, Esc drops it), v verifies the chain
 * again, Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui.h"

#define AUDIT_PAGE 500

struct audit_state {
	struct pki_audit_entry *rows;
	size_t n;
	bool more; /* older entries may follow */
	int sel, top;
	char filter[256];
	bool filtering;
	struct fm filter_form;
	struct pki_audit_verify verdict;
	bool verified;
};

/* Appends the next page (older than the last row held). */
static void
load_more(struct ui *ui, struct audit_state *s)
{
	struct pki_audit_filter f = { s->filter, 0, AUDIT_PAGE };
	struct pki_audit_entry *arr = NULL, *all;
	struct pki_error err;
	size_t n = 0;

	if (s->n > 0)
		f.before_id = s->rows[s->n - 1].id;
	pki_error_clear(&err);
	if (pki_audit_list(ui->store, &f, &arr, &n, &err) != 0) {
		ui_error_pki(ui, &err);
		s->more = false;
		return;
	}
	s->more = n == AUDIT_PAGE;
	if (n == 0) {
		free(arr);
		return;
	}
	all = realloc(s->rows, (s->n + n) * sizeof *all);
	if (all == NULL) {
		pki_audit_array_free(arr, n);
		ui_error(ui, "%s", pki_strerror(PKI_ERR_NOMEM));
		return;
	}
	memcpy(all + s->n, arr, n * sizeof *arr);
	free(arr); /* the strings now belong to s->rows */
	s->rows = all;
	s->n += n;
}

static void
reload(struct ui *ui, struct audit_state *s)
{
	pki_audit_array_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	s->sel = s->top = 0;
	load_more(ui, s);
}

static void
verify(struct ui *ui, struct audit_state *s)
{
	struct pki_error err;

	pki_error_clear(&err);
	s->verified = pki_audit_verify(ui->store, &s->verdict, &err) == 0;
	if (!s->verified)
		ui_error_pki(ui, &err);
}

static int
audit_init(struct ui *ui, void **state, const void *arg)
{
	struct audit_state *s = calloc(1, sizeof *s);

	(void)arg;
	if (s == NULL)
		return -1;
	fm_init(&s->filter_form);
	verify(ui, s);
	reload(ui, s);
	*state = s;
	return 0;
}

static void
audit_free(void *state)
{
	struct audit_state *s = state;

	if (s == NULL)
		return;
	pki_audit_array_free(s->rows, s->n);
	fm_free(&s->filter_form);
	free(s);
}

static void
audit_draw(struct ui *ui, void *state)
{
	struct audit_state *s = state;
	int rows, cols, h, y0 = 4, y;
	char title[512], line[2048], when[32];

	getmaxyx(ui->body, rows, cols);
	if (!s->verified)
		snprintf(title, sizeof title, "%s", _("Audit trail"));
	else if (s->verdict.first_bad != 0)
		snprintf(title, sizeof title, _("Audit trail: BROKEN at entry %lld (%s)"),
		    (long long)s->verdict.first_bad, s->verdict.why);
	else
		snprintf(title, sizeof title, _("Audit trail: %zu entries, chain intact"),
		    s->verdict.rows);
	ui_title(ui, title);
	if (s->filtering) {
		fm_draw(ui, &s->filter_form, 1);
	} else if (s->filter[0] != '\0') {
		snprintf(line, sizeof line, _("Filter: %s"), s->filter);
		ui_put(ui->body, 1, 2, line, cols - 4, A_BOLD);
	}
	{
		char c1[4 * 6 + 1], c2[4 * 11 + 1], c3[4 * 14 + 1], c4[4 * 16 + 1];
		ui_fit(c1, sizeof c1, _("Entry"), 5);
		ui_fit(c2, sizeof c2, _("Time"), 11);
		ui_fit(c3, sizeof c3, _("Actor"), 14);
		ui_fit(c4, sizeof c4, _("Action"), 16);
		snprintf(line, sizeof line, "%s %s %s %s %s", c1, c2, c3, c4,
		    _("Object and outcome"));
	}
	ui_put(ui->body, 3, 1, line, cols - 2, A_BOLD | A_UNDERLINE);
	h = rows - y0;
	if (h < 1)
		return;
	if (s->n == 0) {
		ui_put(ui->body, y0, 2,
		    s->filter[0] != '\0' ? _("No entry matches the filter.")
		                         : _("The audit trail is empty."),
		    cols - 4, A_NORMAL);
		return;
	}
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + h)
		s->top = s->sel - h + 1;
	for (y = 0; y < h && (size_t)(s->top + y) < s->n; y++) {
		const struct pki_audit_entry *e = &s->rows[s->top + y];
		char *actor = ui_clean(e->actor), *action = ui_clean(e->action),
		     *object = ui_clean(e->object), *outcome = ui_clean(e->outcome);
		char a[4 * 14 + 1], b[4 * 16 + 1];
		bool refused = strcmp(e->outcome, "ok") != 0;
		struct tm tm;

		if (localtime_r(&e->at, &tm) == NULL ||
		    strftime(when, sizeof when, "%m-%d %H:%M", &tm) == 0)
			snprintf(when, sizeof when, "?");
		ui_fit(a, sizeof a, actor, 14);
		ui_fit(b, sizeof b, action, 16);
		snprintf(line, sizeof line, "%-5lld %-11s %s %s %s%s%s", (long long)e->id, when, a,
		    b, refused ? _("REFUSED: ") : "", object, "");
		ui_put(ui->body, y0 + y, 1, line, cols - 2,
		    s->top + y == s->sel ? ui_attr(ui, R_SELECT)
		        : refused        ? ui_attr(ui, R_ERROR)
		                         : (int)A_NORMAL);
		free(actor);
		free(action);
		free(object);
		free(outcome);
	}
	if (s->top > 0)
		ui_put(ui->body, 3, cols - 2, "^", 1, A_BOLD);
	if ((size_t)(s->top + h) < s->n || s->more)
		ui_put(ui->body, rows - 1, cols - 2, "v", 1, A_BOLD);
}

static int
filter_key(struct ui *ui, struct audit_state *s, const struct ui_key *k)
{
	char *text;

	if (!k->fn && k->ch == UI_ESC) {
		s->filtering = false;
		s->filter[0] = '\0';
		reload(ui, s);
		return UI_REDRAW;
	}
	if ((!k->fn && (k->ch == L'\r' || k->ch == L'\n')) || (k->fn && k->ch == KEY_ENTER)) {
		s->filtering = false;
		return UI_REDRAW;
	}
	if ((k->fn && (k->ch == KEY_UP || k->ch == KEY_DOWN || k->ch == KEY_BTAB)) ||
	    (!k->fn && k->ch == L'\t'))
		return UI_NONE;
	fm_key(&s->filter_form, k);
	text = fm_get(&s->filter_form, "filter", NULL);
	snprintf(s->filter, sizeof s->filter, "%s", text != NULL ? text : "");
	free(text);
	reload(ui, s);
	return UI_REDRAW;
}

static void
move_to(struct ui *ui, struct audit_state *s, long sel)
{
	/* Reaching the end of what is held reads the next page. */
	while (sel >= (long)s->n && s->more) {
		size_t before = s->n;
		load_more(ui, s);
		if (s->n == before)
			break;
	}
	if (sel >= (long)s->n)
		sel = (long)s->n - 1;
	if (sel < 0)
		sel = 0;
	s->sel = (int)sel;
}

/* Enter: the whole entry, hashes included. */
static void
show_entry(struct ui *ui, struct audit_state *s)
{
	const struct pki_audit_entry *e;
	char *actor, *action, *object, *outcome, text[4096], title[64], when[64];

	if (s->n == 0)
		return;
	e = &s->rows[s->sel];
	actor = ui_clean(e->actor);
	action = ui_clean(e->action);
	object = ui_clean(e->object);
	outcome = ui_clean(e->outcome);
	ui_time(e->at, when, sizeof when);
	snprintf(text, sizeof text,
	    _("Time: %s\nActor: %s\nAction: %s\nObject: %s\nOutcome: %s\n"
	      "Previous hash: %s\nHash: %s"),
	    when, actor, action, object, strcmp(e->outcome, "ok") == 0 ? _("done") : outcome,
	    e->prev_hash, e->hash);
	snprintf(title, sizeof title, _("Audit entry %lld"), (long long)e->id);
	ui_notice(ui, title, text);
	free(actor);
	free(action);
	free(object);
	free(outcome);
}

static int
audit_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct audit_state *s = state;
	int page = ui->body != NULL ? getmaxy(ui->body) - 4 : 10;

	if (s->filtering)
		return filter_key(ui, s, k);
	if (page < 1)
		page = 1;
	if (k->fn) {
		switch (k->ch) {
		case KEY_ENTER:
			show_entry(ui, s);
			return UI_REDRAW;
		case KEY_UP:
			move_to(ui, s, (long)s->sel - 1);
			return UI_REDRAW;
		case KEY_DOWN:
			move_to(ui, s, (long)s->sel + 1);
			return UI_REDRAW;
		case KEY_NPAGE:
			move_to(ui, s, (long)s->sel + page);
			return UI_REDRAW;
		case KEY_PPAGE:
			move_to(ui, s, (long)s->sel - page);
			return UI_REDRAW;
		case KEY_HOME:
			move_to(ui, s, 0);
			return UI_REDRAW;
		case KEY_END:
			move_to(ui, s, (long)s->n - 1);
			return UI_REDRAW;
		default:
			return UI_UNHANDLED;
		}
	}
	switch (k->ch) {
	case L'\r':
	case L'\n':
		show_entry(ui, s);
		return UI_REDRAW;
	case L'/':
		fm_free(&s->filter_form);
		fm_text(&s->filter_form, "filter", _("Filter"), 200, 30, 0);
		fm_set(&s->filter_form, "filter", s->filter);
		s->filtering = true;
		return UI_REDRAW;
	case L'v':
	case L'V':
		verify(ui, s);
		if (s->verified && s->verdict.first_bad == 0 && !s->verdict.keyed &&
		    s->verdict.sealed_through > 0)
			ui_error(ui, _("The seals of entries 1 to %lld could not be checked: %s."),
			    (long long)s->verdict.sealed_through, s->verdict.unkeyed_why);
		else if (s->verified && s->verdict.first_bad == 0)
			ui_message(ui, _("The audit trail is intact: %zu entries."),
			    s->verdict.rows);
		else if (s->verified)
			ui_error(ui, _("The audit trail is broken at entry %lld: %s."),
			    (long long)s->verdict.first_bad, s->verdict.why);
		return UI_REDRAW;
	case UI_ESC:
		if (s->filter[0] != '\0') {
			s->filter[0] = '\0';
			reload(ui, s);
			return UI_REDRAW;
		}
		return UI_UNHANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static unsigned
audit_keys(void *state)
{
	struct audit_state *s = state;

	if (s->filtering)
		return KB_EDIT | KB_BACK;
	return KB_HELP | KB_MOVE | KB_PAGE | KB_SELECT | KB_FILTER | KB_BACK;
}

static void
audit_resume(struct ui *ui, void *state)
{
	struct audit_state *s = state;

	verify(ui, s);
	reload(ui, s);
}

const struct screen screen_audit = {
	.help = N_("The audit trail: every change made to this CA (configured or "
	           "reinitialized, requests received or deleted, certificates issued, "
	           "revoked, released or exported, CRLs signed, settings changed) and "
	           "every refused use of the CA key, newest first, with who did it: "
	           "cli:USER, console:USER or ncpkid:ADDRESS.\n\nEach entry holds the "
	           "SHA-256 hash of the one before it, so an entry that was edited, "
	           "inserted or removed breaks the chain; the title says whether the chain "
	           "is intact, and v checks it again. Enter shows an entry whole. / filters "
	           "by actor, action, object or outcome."),
	.init = audit_init,
	.draw = audit_draw,
	.key = audit_key,
	.free = audit_free,
	.keys = audit_keys,
	.resume = audit_resume,
};
