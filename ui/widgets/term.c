/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * term.c: the console's allocation wrappers (the policy is in term.h)
 * and its colours by role. The message line is in message.c, above the
 * text helpers it uses.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "exitcode.h"
#include "term.h"

/* ------------------------------------------------------------- memory */

void
ui_nomem(void)
{
	if (!isendwin())
		endwin();
	fprintf(stderr, "ncpki: %s\n", pki_strerror(PKI_ERR_NOMEM));
	exit(nc_exit_code(PKI_ERR_NOMEM));
}

void *
ui_xmalloc(size_t size)
{
	void *p = malloc(size > 0 ? size : 1);

	if (p == NULL)
		ui_nomem();
	return p;
}

void *
ui_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n > 0 ? n : 1, size > 0 ? size : 1);

	if (p == NULL)
		ui_nomem();
	return p;
}

void *
ui_xrealloc(void *p, size_t n, size_t size)
{
	void *np;

	if (size != 0 && n > (size_t)-1 / size)
		ui_nomem();
	if ((np = realloc(p, n * size > 0 ? n * size : 1)) == NULL)
		ui_nomem();
	return np;
}

char *
ui_xstrdup(const char *s)
{
	char *d = strdup(s != NULL ? s : "");

	if (d == NULL)
		ui_nomem();
	return d;
}

/* ------------------------------------------------------------- colours */

enum { P_HEADER = 1, P_KEYBAR, P_KEY, P_ERROR, P_FIELD, P_FOCUS, P_TITLE, P_DIALOG, P_HEADING };

void
ui_colours_init(struct ui *ui)
{
	const char *no = getenv("NO_COLOR");

	ui->color = (no == NULL || no[0] == '\0') && has_colors();
	if (!ui->color || start_color() == ERR) {
		ui->color = false;
		return;
	}
	use_default_colors();
	init_pair(P_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_KEYBAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_KEY, COLOR_WHITE, COLOR_BLACK);
	init_pair(P_ERROR, COLOR_RED, -1);
	init_pair(P_FIELD, COLOR_BLACK, COLOR_WHITE);
	init_pair(P_FOCUS, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_TITLE, COLOR_BLUE, -1);
	init_pair(P_DIALOG, COLOR_BLACK, COLOR_WHITE);
	init_pair(P_HEADING, COLOR_CYAN, -1);
}

int
ui_attr(const struct ui *ui, enum ui_role role)
{
	if (!ui->color) {
		switch (role) {
		case R_HEADER:
		case R_KEYBAR:
		case R_SELECT:
		case R_FOCUS:
			return A_REVERSE;
		case R_TITLE:
		case R_KEY:
		case R_ERROR:
		case R_HEADING:
			return A_BOLD;
		case R_FIELD:
			return A_UNDERLINE;
		case R_DIM:
			return A_DIM;
		default:
			return A_NORMAL;
		}
	}
	switch (role) {
	case R_HEADER:
		return COLOR_PAIR(P_HEADER) | A_BOLD;
	case R_KEYBAR:
		return COLOR_PAIR(P_KEYBAR);
	case R_KEY:
		return COLOR_PAIR(P_KEY) | A_BOLD;
	case R_ERROR:
		return COLOR_PAIR(P_ERROR) | A_BOLD;
	case R_FIELD:
		return COLOR_PAIR(P_FIELD);
	case R_FOCUS:
		return COLOR_PAIR(P_FOCUS);
	case R_SELECT:
		return A_REVERSE;
	case R_TITLE:
		return COLOR_PAIR(P_TITLE) | A_BOLD;
	case R_DIALOG:
		return COLOR_PAIR(P_DIALOG);
	case R_HEADING:
		return COLOR_PAIR(P_HEADING) | A_BOLD;
	case R_DIM:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

/* ---------------------------------------------------------------- frame */

void
ui_redraw(struct ui *ui)
{
	if (ui->redraw != NULL)
		ui->redraw(ui);
}

bool
ui_key_enter(const struct ui_key *k)
{
	return (!k->fn && (k->ch == L'\r' || k->ch == L'\n')) || (k->fn && k->ch == KEY_ENTER);
}
