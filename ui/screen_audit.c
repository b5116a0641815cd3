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
 * Keys: Up/Down/Tab/PgUp/PgDn/Home/End move, Enter shows the whole entry,
 * / filters (Enter keeps the filter, Esc drops it), r shows the refusals
 * only (again: every entry), v verifies the chain again, Esc goes back.
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
	struct ls list; /* list.more_after: older entries may follow */
	struct pki_audit_verify verdict;
	bool verified;
	bool refused; /* r: only the refusals */
};

/* Appends the next page (older than the last row held). */
static void
load_more(struct ui *ui, struct audit_state *s)
{
	struct pki_audit_filter f = { s->list.filter, 0, AUDIT_PAGE, s->refused };
	struct pki_audit_entry *arr = NULL, *all;
	struct pki_error err;
	size_t n = 0;

	if (s->n > 0)
		f.before_id = s->rows[s->n - 1].id;
	pki_error_clear(&err);
	if (pki_audit_list(ui->store, &f, &arr, &n, &err) != 0) {
		ui_error_pki(ui, &err);
		s->list.more_after = false;
		return;
	}
	s->list.more_after = n == AUDIT_PAGE;
	if (n == 0) {
		free(arr);
		return;
	}
	all = ui_xrealloc(s->rows, s->n + n, sizeof *all);
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
	s->list.sel = s->list.top = 0;
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
	struct audit_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	ls_init(&s->list);
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
	ls_free(&s->list);
	free(s);
}

enum { C_ID, C_TIME, C_ACTOR, C_ACTION, C_OBJECT, C__COUNT };

/* The columns; the entry's number as wide as the newest one's. */
static void
columns_for(struct audit_state *s)
{
	struct ls_column *c = s->list.col;
	char id[32];
	int w = s->n > 0 ? snprintf(id, sizeof id, "%lld", (long long)s->rows[0].id) : 0;

	c[C_ID] = (struct ls_column){ _("Entry"), w > 5 ? w : 5 };
	c[C_TIME] = (struct ls_column){ _("Time"), 16 };
	c[C_ACTOR] = (struct ls_column){ _("Actor"), 14 };
	c[C_ACTION] = (struct ls_column){ _("Action"), 20 };
	c[C_OBJECT] = (struct ls_column){ _("Object and outcome"), -1 };
	s->list.ncols = C__COUNT;
}

static char *
audit_line(void *arg, size_t i, enum ui_role *role)
{
	const struct audit_state *s = arg;
	const struct pki_audit_entry *e = &s->rows[i];
	bool refused = strcmp(e->outcome, "ok") != 0;
	char id[32], when[32], *object, *cells[C__COUNT], *line;
	struct tm tm;
	size_t len;

	snprintf(id, sizeof id, "%lld", (long long)e->id);
	if (localtime_r(&e->at, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(when, sizeof when, "?");
	object = ui_clean(e->object);
	len = strlen(object) + 64;
	cells[C_ID] = id;
	cells[C_TIME] = when;
	cells[C_ACTOR] = ui_clean(e->actor);
	cells[C_ACTION] = ui_clean(pki_audit_action_label(e->action));
	cells[C_OBJECT] = ui_xmalloc(len);
	snprintf(cells[C_OBJECT], len, "%s%s", refused ? _("REFUSED: ") : "", object);
	line = ls_row(&s->list, (const char *const *)cells);
	if (refused)
		*role = R_ERROR;
	free(object);
	free(cells[C_ACTOR]);
	free(cells[C_ACTION]);
	free(cells[C_OBJECT]);
	return line;
}

static void
audit_draw(struct ui *ui, void *state)
{
	struct audit_state *s = state;
	char title[512];

	if (!s->verified)
		snprintf(title, sizeof title, "%s", _("Audit trail"));
	else if (s->verdict.first_bad != 0)
		snprintf(title, sizeof title, _("Audit trail: BROKEN at entry %lld (%s)"),
		    (long long)s->verdict.first_bad, s->verdict.why);
	else
		snprintf(title, sizeof title,
		    dngettext(PACKAGE, "Audit trail: %zu entry, chain intact",
		        "Audit trail: %zu entries, chain intact", s->verdict.rows),
		    s->verdict.rows);
	if (s->refused) {
		size_t n = strlen(title);

		/* TRANSLATORS: after the audit trail's title while r is on. */
		snprintf(title + n, sizeof title - n, " - %s", _("refusals only"));
	}
	ui_title(ui, title);
	ls_filter_draw(ui, &s->list, 1);
	columns_for(s);
	ls_draw(ui, &s->list, 3, s->n,
	    s->list.filter[0] != '\0' ? _("No entry matches the filter.")
	        : s->refused          ? _("No action was refused.")
	                              : _("The audit trail is empty."),
	    audit_line, s);
}

/* A move; reaching the end of what is held reads the next page. */
static bool
move_sel(struct ui *ui, struct audit_state *s, const struct ui_key *k)
{
	long row;

	if (!ls_target(&s->list, s->n, k, &row))
		return false;
	while (row >= (long)s->n && s->list.more_after) {
		size_t before = s->n;

		load_more(ui, s);
		if (s->n == before)
			break;
	}
	ls_select(&s->list, s->n, row);
	return true;
}

/* Enter: the whole entry, hashes included. */
static void
show_entry(struct ui *ui, struct audit_state *s)
{
	const struct pki_audit_entry *e;
	char *actor, *action, *object, *outcome, text[4096], title[64], when[64], *code;
	size_t len;

	if (s->n == 0)
		return;
	e = &s->rows[s->list.sel];
	actor = ui_clean(e->actor);
	code = ui_clean(e->action);
	len = strlen(code) + strlen(pki_audit_action_label(e->action)) + 4;
	action = ui_xmalloc(len);
	/* The words, then the action as recorded (what `audit list` prints). */
	snprintf(action, len, "%s (%s)", pki_audit_action_label(e->action), code);
	free(code);
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

	if (s->list.filtering) {
		if (ls_filter_key(&s->list, k) >= LS_CHANGED)
			reload(ui, s);
		return UI_REDRAW;
	}
	if (move_sel(ui, s, k))
		return UI_REDRAW;
	if (ui_key_enter(k)) {
		show_entry(ui, s);
		return UI_REDRAW;
	}
	if (k->fn)
		return UI_UNHANDLED;
	switch (k->ch) {
	case L'/':
		ls_filter_start(&s->list);
		return UI_REDRAW;
	case L'r':
	case L'R':
		s->refused = !s->refused;
		reload(ui, s);
		return UI_REDRAW;
	case L'v':
	case L'V':
		verify(ui, s);
		if (s->verified && s->verdict.first_bad == 0 && !s->verdict.keyed &&
		    s->verdict.sealed_through > 0)
			ui_error(ui, _("The seals of entries 1 to %lld could not be checked: %s."),
			    (long long)s->verdict.sealed_through, s->verdict.unkeyed_why);
		else if (s->verified && s->verdict.first_bad == 0)
			ui_message(ui,
			    dngettext(PACKAGE, "The audit trail is intact: %zu entry.",
			        "The audit trail is intact: %zu entries.", s->verdict.rows),
			    s->verdict.rows);
		else if (s->verified)
			ui_error(ui, _("The audit trail is broken at entry %lld: %s."),
			    (long long)s->verdict.first_bad, s->verdict.why);
		return UI_REDRAW;
	case UI_ESC:
		if (ls_filter_drop(&s->list)) {
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

	if (s->list.filtering)
		return KB_EDIT | KB_BACK;
	return KB_HELP | KB_PAGE | KB_SELECT | KB_REFUSED | KB_FILTER | KB_BACK;
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
	           "by actor, action, object or outcome; r shows only the refusals (again: "
	           "every entry)."),
	.init = audit_init,
	.draw = audit_draw,
	.key = audit_key,
	.free = audit_free,
	.keys = audit_keys,
	.resume = audit_resume,
};
