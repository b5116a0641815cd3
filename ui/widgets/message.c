/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * message.c: the console's message line: the last result, an error marked
 * as such, wrapped on up to three lines above the key bar. Text from
 * outside is cleaned (ui_clean) before it is kept.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "term.h"

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
