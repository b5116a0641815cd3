/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_client.c: the three Certificate Authority Client tasks (submit a
 * request, get certificates, configure the client). The CA client arrives
 * with the web service; until then each task's screen says so.
 *
 * Keys: Enter or Esc goes back.
 */
#include <config.h>

#include <stdlib.h>

#include "i18n.h"
#include "ui.h"

static const char *const titles[] = {
	N_("Submit Certificate Signing Request to Certificate Authority server"),
	N_("Get Certificate(s) from Certificate Authority server"),
	N_("Configure local Certificate Authority client"),
};

struct client_state {
	int task;
};

static int client_init(struct ui *ui, void **state, const void *arg)
{
	struct client_state *s = calloc(1, sizeof *s);

	(void)ui;
	if (s == NULL)
		return -1;
	s->task = arg != NULL ? *(const int *)arg : 0;
	if (s->task < 0 || s->task > 2)
		s->task = 0;
	*state = s;
	return 0;
}

static void client_draw(struct ui *ui, void *state)
{
	struct client_state *s = state;
	char *lines[16];
	int n, i, rows, cols;

	getmaxyx(ui->body, rows, cols);
	ui_title(ui, _(titles[s->task]));
	n = ui_wrap(_("The Certificate Authority client arrives with the web service. "
	              "For now, this instance works as a Certificate Authority server: "
	              "requests are received with 'ncpki csr import' and processed on "
	              "the server screens."), cols - 4, lines, 16);
	for (i = 0; i < n && i < 16; i++) {
		if (2 + i < rows)
			ui_put(ui->body, 2 + i, 2, lines[i], cols - 4, A_NORMAL);
		free(lines[i]);
	}
}

static int client_key(struct ui *ui, void *state, const struct ui_key *k)
{
	(void)ui;
	(void)state;
	if ((!k->fn && (k->ch == L'\r' || k->ch == L'\n')) || (k->fn && k->ch == KEY_ENTER))
		return UI_CLOSE;
	return UI_UNHANDLED;
}

static void client_free(void *state)
{
	free(state);
}

static unsigned client_keys(void *state)
{
	(void)state;
	return KB_HELP | KB_BACK;
}

const struct screen screen_client = {
	.help = N_("As a Certificate Authority client, this instance creates a key "
	           "pair and a Certificate Signing Request, sends the request to its "
	           "CA server with the technical contact's details, and later gets "
	           "the certificate the CA issued. These screens arrive with the "
	           "web service."),
	.init = client_init,
	.draw = client_draw,
	.key = client_key,
	.free = client_free,
	.keys = client_keys,
};
