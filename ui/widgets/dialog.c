/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dialog.c: the console's modal dialogs, panels over the screen that are
 * redrawn on resize: a question with OK and Cancel, and a text to read.
 *
 * Keys: Tab/arrows move between OK and Cancel, Enter activates, Esc
 * cancels; a notice scrolls with the arrows and PgUp/PgDn, Enter or Esc
 * closes it.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <panel.h>

#include "i18n.h"
#include "dialog.h"

/* --------------------------------------------------------------- dialogs */

struct dialog {
	WINDOW *win;
	PANEL *panel;
	int h, w;
};

static void
dialog_close(struct dialog *d)
{
	if (d->panel != NULL)
		del_panel(d->panel);
	if (d->win != NULL)
		delwin(d->win);
	d->panel = NULL;
	d->win = NULL;
}

static bool
dialog_open(struct ui *ui, struct dialog *d, int h, int w, const char *title)
{
	int rows, cols;

	dialog_close(d);
	getmaxyx(stdscr, rows, cols);
	if (w > cols - 2)
		w = cols - 2;
	if (h > rows - 2)
		h = rows - 2;
	if (w < 10 || h < 3)
		return false;
	d->h = h;
	d->w = w;
	if ((d->win = newwin(h, w, (rows - h) / 2, (cols - w) / 2)) == NULL)
		return false;
	d->panel = new_panel(d->win);
	keypad(d->win, TRUE);
	wtimeout(d->win, 200);
	wbkgd(d->win, (chtype)ui_attr(ui, R_DIALOG));
	werase(d->win);
	box(d->win, 0, 0);
	ui_put(d->win, 0, 2, title, w - 4, ui_attr(ui, R_DIALOG) | A_BOLD);
	return true;
}

static void
dialog_show(void)
{
	update_panels();
	doupdate();
}

static void
free_lines(char **lines, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(lines[i]);
}

#define DIALOG_LINES_MAX 400

bool
ui_confirm_discard(struct ui *ui)
{
	return ui_confirm(ui, _("Unsaved input"),
	    _("This form has input that is not saved. Leave it and "
	      "discard the input?"));
}

bool
ui_confirm(struct ui *ui, const char *title, const char *text)
{
	struct dialog d = { NULL, NULL, 0, 0 };
	char *lines[DIALOG_LINES_MAX];
	struct ui_key k;
	int n, i, choice = 1, w;
	bool done = false, ok = false;

	for (;;) {
		w = ui->cols - 8 < 64 ? ui->cols - 8 : 64;
		n = ui_wrap(text, w - 4, lines, DIALOG_LINES_MAX);
		if (n > DIALOG_LINES_MAX)
			n = DIALOG_LINES_MAX;
		if (!dialog_open(ui, &d, n + 4, w, title)) {
			free_lines(lines, n);
			return false;
		}
		for (i = 0; i < n && i < d.h - 4; i++)
			ui_put(d.win, 1 + i, 2, lines[i], d.w - 4, ui_attr(ui, R_DIALOG));
		free_lines(lines, n);
		for (;;) {
			const char *ok_l = _("OK"), *no_l = _("Cancel");
			int bx = d.w / 2 - (ui_width(ok_l) + ui_width(no_l) + 9) / 2, y = d.h - 2;
			int base = ui_attr(ui, R_DIALOG);

			bx += ui_put(d.win, y, bx, "[ ", d.w, base);
			bx += ui_put(d.win, y, bx, ok_l, d.w, choice == 0 ? (int)A_REVERSE : base);
			bx += ui_put(d.win, y, bx, " ]   [ ", d.w, base);
			bx += ui_put(d.win, y, bx, no_l, d.w, choice == 1 ? (int)A_REVERSE : base);
			ui_put(d.win, y, bx, " ]", d.w, base);
			dialog_show();
			if (!ui_getkey(ui, d.win, &k)) {
				done = true;
				break;
			}
			if (k.fn && k.ch == KEY_RESIZE)
				break;
			if (k.fn &&
			    (k.ch == KEY_LEFT || k.ch == KEY_RIGHT || k.ch == KEY_BTAB ||
			        k.ch == KEY_UP || k.ch == KEY_DOWN))
				choice = !choice;
			else if (!k.fn && k.ch == L'\t')
				choice = !choice;
			else if ((!k.fn && (k.ch == L'\r' || k.ch == L'\n' || k.ch == L' ')) ||
			    (k.fn && k.ch == KEY_ENTER)) {
				ok = choice == 0;
				done = true;
				break;
			} else if (!k.fn && k.ch == UI_ESC) {
				done = true;
				break;
			}
		}
		if (done)
			break;
	}
	dialog_close(&d);
	ui_redraw(ui);
	return ok;
}

void
ui_notice(struct ui *ui, const char *title, const char *text)
{
	struct dialog d = { NULL, NULL, 0, 0 };
	char *lines[DIALOG_LINES_MAX];
	struct ui_key k;
	int n, i, w, top = 0, view;
	bool done = false;

	while (!done) {
		w = ui->cols - 4 < 76 ? ui->cols - 4 : 76;
		n = ui_wrap(text, w - 4, lines, DIALOG_LINES_MAX);
		if (n > DIALOG_LINES_MAX)
			n = DIALOG_LINES_MAX;
		if (!dialog_open(ui, &d, n + 4, w, title)) {
			free_lines(lines, n);
			break;
		}
		view = d.h - 4;
		for (;;) {
			const char *ok_l = _("OK");
			int base = ui_attr(ui, R_DIALOG), bx;

			if (top > n - view)
				top = n - view > 0 ? n - view : 0;
			for (i = 0; i < view; i++) {
				wmove(d.win, 1 + i, 1);
				whline(d.win, ' ', d.w - 2);
				if (top + i < n)
					ui_put(d.win, 1 + i, 2, lines[top + i], d.w - 4, base);
			}
			if (n > view)
				ui_put(d.win, d.h - 1, d.w - 12,
				    top + view < n ? _("-- more --") : "", 10, base);
			bx = d.w / 2 - (ui_width(ok_l) + 4) / 2;
			bx += ui_put(d.win, d.h - 2, bx, "[ ", d.w, base);
			bx += ui_put(d.win, d.h - 2, bx, ok_l, d.w, A_REVERSE);
			ui_put(d.win, d.h - 2, bx, " ]", d.w, base);
			dialog_show();
			if (!ui_getkey(ui, d.win, &k)) {
				done = true;
				break;
			}
			if (k.fn && k.ch == KEY_RESIZE)
				break;
			if (k.fn && k.ch == KEY_DOWN && top + view < n)
				top++;
			else if (k.fn && k.ch == KEY_UP && top > 0)
				top--;
			else if (k.fn && k.ch == KEY_NPAGE)
				top += view;
			else if (k.fn && k.ch == KEY_PPAGE)
				top = top > view ? top - view : 0;
			else if ((!k.fn &&
			             (k.ch == L'\r' || k.ch == L'\n' || k.ch == UI_ESC ||
			                 k.ch == L' ')) ||
			    (k.fn && (k.ch == KEY_ENTER || k.ch == KEY_F(1)))) {
				done = true;
				break;
			}
		}
		free_lines(lines, n);
	}
	dialog_close(&d);
	ui_redraw(ui);
}
