/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * term.c: the console's allocation wrappers (the policy is in term.h),
 * its colours by role and its message line: the last result, an error
 * marked as such, wrapped on up to three lines above the key bar.
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

/* ------------------------------------------------------------ messages */

static void set_message(struct ui *ui, bool error, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
set_message(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	char raw[sizeof ui->msg], *clean;

	vsnprintf(raw, sizeof raw, fmt, ap);
	clean = ui_clean(raw);
	snprintf(ui->msg, sizeof ui->msg, "%s", clean);
	free(clean);
	ui->msg_error = error;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, false, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, true, fmt, ap);
	va_end(ap);
}

void
ui_error_pki(struct ui *ui, const struct pki_error *err)
{
	ui_error(ui, "%s", err->msg[0] != '\0' ? err->msg : pki_strerror(err->code));
}

#define MSG_LINES_MAX 3

/* The message as shown: "Error: " before an error; caller frees. */
static char *
message_text(const struct ui *ui)
{
	/* TRANSLATORS: marks an error on the message line. */
	const char *mark = ui->msg_error ? _("Error:") : "";
	size_t len = strlen(mark) + strlen(ui->msg) + 2;
	char *text = ui_xmalloc(len);

	snprintf(text, len, "%s%s%s", mark, mark[0] ? " " : "", ui->msg);
	return text;
}

int
ui_message_lines(const struct ui *ui)
{
	char *text;
	int n;

	if (ui->msg[0] == '\0')
		return 1;
	text = message_text(ui);
	n = ui_wrap(text, ui->cols - 2, NULL, 0);
	free(text);
	return n < 1 ? 1 : n > MSG_LINES_MAX ? MSG_LINES_MAX : n;
}

void
ui_draw_message(struct ui *ui)
{
	char *lines[MSG_LINES_MAX], *text;
	int n = ui_message_lines(ui), y = ui->rows - 1 - n, i, got;

	for (i = 0; i < n; i++) {
		move(y + i, 0);
		clrtoeol();
	}
	if (ui->msg[0] == '\0')
		return;
	text = message_text(ui);
	got = ui_wrap(text, ui->cols - 2, lines, MSG_LINES_MAX);
	for (i = 0; i < got && i < MSG_LINES_MAX; i++) {
		ui_put(stdscr, y + i, 1, lines[i], ui->cols - 2,
		    ui->msg_error ? ui_attr(ui, R_ERROR) : (int)A_NORMAL);
		free(lines[i]);
	}
	free(text);
}
