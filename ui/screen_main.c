/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_main.c: the "Public Key Infrastructure" page, where every task
 * starts: the Certificate Authority Server section (configure the server,
 * process pending requests) and the Certificate Authority Client section
 * (submit a request, get certificates, configure the client), and under
 * them a warning for what expires within the notice period, the CA's own
 * certificate included.
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
	int section; /* 0 server, 1 client, 2 server operations */
	const char *label;
	const struct screen *screen;
};

static const char *const sections[] = {
	N_("Certificate Authority Server"),
	N_("Certificate Authority Client"),
	N_("Certificate Authority Server: operations"),
};

static const struct entry entries[] = {
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
};
#define N_ENTRIES ((int)(sizeof entries / sizeof entries[0]))

struct main_state {
	int sel;
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

	(void)arg;
	main_expiry(ui, s);
	*state = s;
	return 0;
}

static void
main_resume(struct ui *ui, void *state)
{
	main_expiry(ui, state);
}

/* The warning under the entries, a blank line between when there is room,
 * each line wrapped; where rows run short, as much as fits. */
static void
main_draw_warning(struct ui *ui, const struct main_state *s, int y, int rows, int cols)
{
	char *lines[2][4];
	int n[2], i, j, attr = ui_attr(ui, R_ERROR);

	for (i = 0; i < 2; i++) {
		n[i] = s->warn[i][0] ? ui_wrap(s->warn[i], cols - 6, lines[i], 4) : 0;
		if (n[i] > 4)
			n[i] = 4;
	}
	if (n[0] + n[1] > 0 && y + 1 + n[0] + n[1] <= rows)
		y++;
	for (i = 0; i < 2; i++)
		for (j = 0; j < n[i]; j++) {
			if (y < rows) {
				if (j == 0)
					ui_put(ui->body, y, 2, "!", 1, attr);
				ui_put(ui->body, y++, 4, lines[i][j], cols - 5, attr);
			}
			free(lines[i][j]);
		}
}

static void
main_draw(struct ui *ui, void *state)
{
	struct main_state *s = state;
	int y = 2, i, section = -1, rows, cols;

	getmaxyx(ui->body, rows, cols);
	ui_title(ui, _("Public Key Infrastructure"));
	for (i = 0; i < N_ENTRIES; i++) {
		char line[512];
		int x;

		if (entries[i].section != section) {
			if (section >= 0)
				y++;
			section = entries[i].section;
			ui_put(ui->body, y++, 2, _(sections[section]), cols - 4,
			    ui_attr(ui, R_HEADING));
		}
		if (y >= rows)
			break;
		snprintf(line, sizeof line, "%s", _(entries[i].label));
		if (entries[i].screen == &screen_csr_queue && ui->pending > 0)
			snprintf(line, sizeof line, "%s  (%zu)", _(entries[i].label), ui->pending);
		if (i == s->sel)
			ui_put(ui->body, y, 4, ">", 1, A_BOLD);
		x = 6;
		ui_put(ui->body, y, x, line, cols - x - 1,
		    i == s->sel ? ui_attr(ui, R_SELECT) : (int)A_NORMAL);
		y++;
	}
	main_draw_warning(ui, s, y, rows, cols);
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
			s->sel = (s->sel + N_ENTRIES - 1) % N_ENTRIES;
			return UI_REDRAW;
		case KEY_DOWN:
		case KEY_RIGHT:
			s->sel = (s->sel + 1) % N_ENTRIES;
			return UI_REDRAW;
		case KEY_HOME:
			s->sel = 0;
			return UI_REDRAW;
		case KEY_END:
			s->sel = N_ENTRIES - 1;
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
		s->sel = (s->sel + 1) % N_ENTRIES;
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
	return ui_open(ui, entries[s->sel].screen, NULL);
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
