/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_main.c: the "Public Key Infrastructure" page, where every task
 * starts: the Certificate Authority Server section (configure the server,
 * process pending requests) and the Certificate Authority Client section
 * (submit a request, get certificates, configure the client), the later
 * pages of the server's operations, and under them a warning for what
 * expires within the notice period, the CA's own certificate included.
 * The Maintenance page is a menu of the same kind.
 *
 * Keys: Up/Down/Tab/Shift-Tab move, Enter opens the task, q or F10 quits.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui.h"

struct entry {
	int section; /* an index into the menu's sections */
	const char *label;
	const struct screen *screen;
};

/* A page of tasks: the main page, or one it opens. */
struct menu {
	const char *title;
	const char *const *sections;
	const struct entry *entries;
	int n;
	bool warns; /* shows the expiry warning */
};

static const char *const main_sections[] = {
	N_("Certificate Authority Server"),
	N_("Certificate Authority Client"),
	N_("Certificate Authority Server: operations"),
};

static const struct entry main_entries[] = {
	{ 0, N_("Configure local Certificate Authority server"), &screen_server },
	{ 0, N_("Process pending Certificate Signing Requests"), &screen_csr_queue },
	{ 1, N_("Submit Certificate Signing Request to Certificate Authority server"),
	    &screen_client_submit },
	{ 1, N_("Get Certificate(s) from Certificate Authority server"), &screen_client_get },
	{ 1, N_("Configure local Certificate Authority client"), &screen_client_configure },
	/* The CA server's later pages: after the guide's five tasks, which keep
	 * their places (and their Down counts). */
	{ 2, N_("Issued certificates (revoke, expiry)"), &screen_certs },
	{ 2, N_("Offline media (import requests, export certificates)"), &screen_offline },
	{ 2, N_("Audit trail"), &screen_audit },
	{ 2, N_("Maintenance (settings, CRL, OCSP, integrity check, mail)"), &screen_maintenance },
};

static const struct menu main_menu = {
	N_("Public Key Infrastructure"),
	main_sections,
	main_entries,
	(int)(sizeof main_entries / sizeof main_entries[0]),
	true,
};

static const char *const maintenance_sections[] = {
	N_("Certificate Authority Server: maintenance"),
};

static const struct entry maintenance_entries[] = {
	{ 0, N_("Certificate Authority settings (URLs, CRL, notices, serials)"), &screen_settings },
	{ 0, N_("Certificate revocation list (view, generate, save)"), &screen_crl },
	{ 0, N_("OCSP responder's signer (set up, renew)"), &screen_ocsp },
	{ 0, N_("Web service certificate (set up, renew)"), &screen_service },
	{ 0, N_("Certificate Authority certificate (renew)"), &screen_ca_cert },
	{ 0, N_("Integrity check (database, certificates, CRLs, audit trail)"), &screen_check },
	{ 0, N_("Mail outbox (view, retry)"), &screen_mail },
};

static const struct menu maintenance_menu = {
	N_("Maintenance"),
	maintenance_sections,
	maintenance_entries,
	(int)(sizeof maintenance_entries / sizeof maintenance_entries[0]),
	false,
};

struct main_state {
	const struct menu *menu;
	int sel;
	int top; /* the first line of the menu shown (it scrolls when short of rows) */
	char warn[2][512]; /* the expiry warning's lines ("": none) */
};

/* Counted up to this many: the warning says "or more" beyond. */
#define EXPIRING_CAP 1000

/* The warning: the CA's own certificate first, then how many certificates
 * expire within the notice period (30 days when notices are off). */
static void
main_expiry(struct ui *ui, struct main_state *s)
{
	struct pki_expiring_page page;
	struct pki_error err;
	long days = 0;

	s->warn[0][0] = s->warn[1][0] = '\0';
	if (!s->menu->warns)
		return;
	pki_error_clear(&err);
	if (pki_server_get_notice_days(ui->store, &days, &err) != 0)
		return;
	if (days <= 0)
		days = 30;
	ui_ca_expiry(ui, days, time(NULL), s->warn[0], sizeof s->warn[0]);
	if (pki_cert_expiring_page(ui->store, days, 1, EXPIRING_CAP, &page, &err) != 0)
		return;
	if (page.count > 0) {
		char *w = s->warn[s->warn[0][0] != '\0'];
		size_t size = sizeof s->warn[0], used;

		if (page.count_more)
			snprintf(w, size, _("%zu or more certificates expire within %ld days"),
			    page.count, days);
		else
			snprintf(w, size,
			    dngettext(PACKAGE, "%zu certificate expires within %ld days",
			        "%zu certificates expire within %ld days", page.count),
			    page.count, days);
		used = strlen(w);
		if (page.expired_more)
			snprintf(w + used, size - used, _(" (%zu or more already expired)"),
			    page.expired);
		else if (page.expired > 0)
			snprintf(w + used, size - used,
			    dngettext(PACKAGE, " (%zu already expired)", " (%zu already expired)",
			        page.expired),
			    page.expired);
		used = strlen(w);
		/* TRANSLATORS: ends the main page's expiry warning. */
		snprintf(w + used, size - used, "%s", _("; see Issued certificates."));
	}
	pki_expiring_page_clear(&page);
}

static int
main_init(struct ui *ui, void **state, const void *arg)
{
	struct main_state *s = ui_xcalloc(1, sizeof *s);

	s->menu = arg != NULL ? arg : &main_menu;
	main_expiry(ui, s);
	*state = s;
	return 0;
}

static int
maintenance_init(struct ui *ui, void **state, const void *arg)
{
	(void)arg;
	return main_init(ui, state, &maintenance_menu);
}

static void
main_resume(struct ui *ui, void *state)
{
	main_expiry(ui, state);
}

/* The warning's lines, wrapped to cols: how many (at most 8, in lines). */
static int
warning_wrap(const struct main_state *s, int cols, char **lines, bool *first)
{
	int n = 0, i, j, got;

	for (i = 0; i < 2; i++) {
		if (s->warn[i][0] == '\0')
			continue;
		got = ui_wrap(s->warn[i], cols - 6, lines + n, 4);
		for (j = 0; j < got && j < 4; j++)
			first[n + j] = j == 0;
		n += got < 4 ? got : 4;
	}
	return n;
}

/* A line of the menu: a section's heading, an entry's line (its first or
 * a continuation), or a blank between sections. */
struct menu_line {
	char *text; /* owned; NULL: blank */
	int entry; /* the entry's index, -1: a heading or blank */
	bool first; /* an entry's first line (where > goes) */
};

/* The menu's lines for cols columns (entries wrapped, never cut); their
 * count. gaps: a blank line before each section but the first. */
static int
menu_lines(struct ui *ui, const struct menu *m, int cols, bool gaps, struct menu_line *out, int max)
{
	int n = 0, section = -1;

	for (int i = 0; i < m->n && n < max; i++) {
		const struct entry *e = &m->entries[i];
		char label[512], *wrapped[4];
		int got;

		if (e->section != section) {
			if (section >= 0 && gaps && n < max)
				out[n++] = (struct menu_line){ NULL, -1, false };
			section = e->section;
			if (n < max)
				out[n++] = (struct menu_line){ ui_xstrdup(_(m->sections[section])),
					-1, false };
		}
		snprintf(label, sizeof label, "%s", _(e->label));
		if (e->screen == &screen_csr_queue && ui->pending > 0)
			snprintf(label, sizeof label, "%s  (%zu)", _(e->label), ui->pending);
		/* x 6 to the markers' column, which stays free */
		got = ui_wrap(label, cols - 7, wrapped, 4);
		for (int j = 0; j < got; j++) {
			if (n < max)
				out[n++] = (struct menu_line){ wrapped[j], i, j == 0 };
			else
				free(wrapped[j]);
		}
	}
	return n;
}

/*
 * The menu's sections and entries, then the warning under them. Where the
 * rows run short the blank lines between sections go first; then the
 * warning keeps its lines at the bottom and the menu scrolls above it to
 * keep the selection in view, with ^ and v in the right column when there
 * is more above or below. Entries too long for the width wrap.
 */
static void
main_draw(struct ui *ui, void *state)
{
	struct main_state *s = state;
	const struct menu *m = s->menu;
	struct menu_line lines[64];
	char *warn[8];
	bool first[8];
	int y0 = 2, i, rows, cols, nwarn, nwrapped, n, h, sel_first = -1, sel_last = -1, attr;

	getmaxyx(ui->body, rows, cols);
	ui_title(ui, _(m->title));
	nwarn = nwrapped = warning_wrap(s, cols, warn, first);
	n = menu_lines(ui, m, cols, true, lines, 64);
	if (y0 + n + (nwarn > 0 ? nwarn + 1 : 0) > rows) {
		for (i = 0; i < n; i++)
			free(lines[i].text);
		n = menu_lines(ui, m, cols, false, lines, 64);
	}
	/* The rows of the menu: what the warning (and a blank above it)
	 * leaves, but never fewer than three. */
	h = rows - y0 - (nwarn > 0 ? nwarn + 1 : 0);
	if (h < 3) {
		h = rows - y0 < 3 ? rows - y0 : 3;
		if (nwarn > rows - y0 - h)
			nwarn = rows - y0 - h > 0 ? rows - y0 - h : 0;
	}
	if (n <= h)
		s->top = 0;
	for (i = 0; i < n; i++)
		if (lines[i].entry == s->sel) {
			if (sel_first < 0)
				sel_first = i;
			sel_last = i;
		}
	/* The selection in view, with its section's heading when it is the
	 * section's first entry. */
	if (sel_first > 0 && lines[sel_first - 1].entry < 0 && lines[sel_first - 1].text != NULL)
		sel_first--;
	if (sel_last - s->top >= h)
		s->top = sel_last - h + 1;
	if (sel_first >= 0 && sel_first < s->top)
		s->top = sel_first;
	if (s->top > n - h)
		s->top = n - h > 0 ? n - h : 0;
	for (i = 0; i < h && s->top + i < n; i++) {
		const struct menu_line *l = &lines[s->top + i];
		int y = y0 + i;

		if (l->text == NULL)
			continue;
		if (l->entry < 0) {
			ui_put(ui->body, y, 2, l->text, cols - 4, ui_attr(ui, R_HEADING));
			continue;
		}
		if (l->entry == s->sel && l->first)
			ui_put(ui->body, y, 4, ">", 1, A_BOLD);
		ui_put(ui->body, y, 6, l->text, cols - 7,
		    l->entry == s->sel ? ui_attr(ui, R_SELECT) : (int)A_NORMAL);
	}
	if (s->top > 0)
		ui_put(ui->body, y0, cols - 1, "^", 1, A_BOLD);
	if (s->top + h < n)
		ui_put(ui->body, y0 + h - 1, cols - 1, "v", 1, A_BOLD);
	for (i = 0; i < n; i++)
		free(lines[i].text);
	attr = ui_attr(ui, R_ERROR);
	{
		int y = y0 + (n < h ? n : h) + 1;

		for (i = 0; i < nwarn && y < rows; i++, y++) {
			if (first[i])
				ui_put(ui->body, y, 2, "!", 1, attr);
			ui_put(ui->body, y, 4, warn[i], cols - 5, attr);
		}
	}
	for (i = 0; i < nwrapped; i++)
		free(warn[i]);
}

static int
main_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct main_state *s = state;

	if (k->fn) {
		switch (k->ch) {
		case KEY_UP:
		case KEY_BTAB:
		case KEY_LEFT:
			s->sel = (s->sel + s->menu->n - 1) % s->menu->n;
			return UI_REDRAW;
		case KEY_DOWN:
		case KEY_RIGHT:
			s->sel = (s->sel + 1) % s->menu->n;
			return UI_REDRAW;
		case KEY_HOME:
			s->sel = 0;
			return UI_REDRAW;
		case KEY_END:
			s->sel = s->menu->n - 1;
			return UI_REDRAW;
		case KEY_ENTER:
			goto open;
		default:
			if (k->ch == KEY_F(10))
				return UI_QUIT;
			return UI_UNHANDLED;
		}
	}
	switch (k->ch) {
	case L'\t':
		s->sel = (s->sel + 1) % s->menu->n;
		return UI_REDRAW;
	case L'\r':
	case L'\n':
	case L' ':
		goto open;
	case L'q':
	case L'Q':
		return UI_QUIT;
	default:
		return UI_UNHANDLED;
	}
open:
	return ui_open(ui, s->menu->entries[s->sel].screen, NULL);
}

static void
main_free(void *state)
{
	free(state);
}

const struct screen screen_main = {
	.help = N_("This is the Public Key Infrastructure page: every task starts "
	           "here.\n\nAs a Certificate Authority (CA) server, this instance "
	           "first needs to be configured: choose \"Configure local Certificate "
	           "Authority server\" to create a new private key and self-signed CA "
	           "certificate, or to use an existing pair. Then \"Process pending "
	           "Certificate Signing Requests\" turns the requests that CA clients "
	           "sent into certificates, or deletes them.\n\nAs a CA client, this "
	           "instance submits requests to a CA server and gets the certificates "
	           "it issued.\n\nThe header shows what this instance is: whether the "
	           "CA server and client are configured, and how many requests are "
	           "pending."),
	.init = main_init,
	.draw = main_draw,
	.key = main_key,
	.free = main_free,
	.resume = main_resume,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_QUIT,
};

const struct screen screen_maintenance = {
	.help = N_(
	    "The Certificate Authority's upkeep, apart from issuing: its "
	    "settings (the URLs written in the certificates, the CRL period, "
	    "expiry notices, serial numbers), changed without reinitializing "
	    "it; the certificate revocation list, seen, signed again and saved to a "
	    "file; the OCSP responder's signer, set up and renewed; the integrity check re-audits the database, every issued certificate "
	    "and CRL against the CA's signature and its own record, the serial "
	    "counter and the audit trail's chain, and lists what it finds "
	    "wrong. The mail outbox shows the email notices and sends again "
	    "the ones that could not be sent."),
	.init = maintenance_init,
	.draw = main_draw,
	.key = main_key,
	.free = main_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK | KB_QUIT,
};
