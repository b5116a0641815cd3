/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * draw.c: the console's drawing helpers and modal dialogs. Text is UTF-8
 * and measured in display columns (a subject in Japanese takes two columns
 * a character); text from outside goes through pki_sanitize first. The
 * dialogs are panels over the screen, redrawn on resize.
 *
 * Dialog keys: Tab/arrows move between OK and Cancel, Enter activates,
 * Esc cancels; a notice scrolls with the arrows and PgUp/PgDn, Enter or
 * Esc closes it.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <time.h>

#include <panel.h>

#include "i18n.h"
#include "ui.h"

/* ------------------------------------------------------------------ text */

/* s as wide characters; caller frees. NULL when not valid here. */
static wchar_t *
widen(const char *s, size_t *n)
{
	size_t len = mbstowcs(NULL, s, 0);
	wchar_t *w;

	if (len == (size_t)-1)
		return NULL;
	if ((w = calloc(len + 1, sizeof *w)) == NULL)
		return NULL;
	mbstowcs(w, s, len + 1);
	*n = len;
	return w;
}

static int
wc_cols(wchar_t c)
{
	int w = wcwidth(c);

	return w < 0 ? 1 : w;
}

int
ui_width(const char *s)
{
	size_t n, i;
	wchar_t *w = widen(s, &n);
	int cols = 0;

	if (w == NULL)
		return (int)strlen(s);
	for (i = 0; i < n; i++)
		cols += wc_cols(w[i]);
	free(w);
	return cols;
}

int
ui_put(WINDOW *win, int y, int x, const char *s, int maxw, int attr)
{
	size_t n, i;
	wchar_t *w;
	int cols = 0, wy, wx;

	getmaxyx(win, wy, wx);
	if (y < 0 || y >= wy || x < 0 || x >= wx || maxw <= 0)
		return 0;
	if (maxw > wx - x)
		maxw = wx - x;
	if ((w = widen(s, &n)) == NULL) {
		/* Not valid in this locale: show it byte by byte, harmlessly. */
		char *clean = pki_sanitize(s);

		wattron(win, attr);
		mvwaddnstr(win, y, x, clean != NULL ? clean : "?", maxw);
		wattroff(win, attr);
		cols = clean != NULL ? (int)strlen(clean) : 1;
		free(clean);
		return cols < maxw ? cols : maxw;
	}
	for (i = 0; i < n; i++) {
		int c = wc_cols(w[i]);

		if (cols + c > maxw)
			break;
		if (w[i] < 0x20 || w[i] == 0x7f)
			w[i] = L'?';
		cols += c;
	}
	wattron(win, attr);
	mvwaddnwstr(win, y, x, w, (int)i);
	wattroff(win, attr);
	free(w);
	return cols;
}

int
ui_wrap(const char *s, int width, char **lines, int max)
{
	size_t n, start = 0, i, brk;
	wchar_t *w = widen(s, &n);
	int count = 0, cols;

	if (width < 1)
		width = 1;
	if (w == NULL)
		return 0;
	while (start < n) {
		cols = 0;
		brk = 0;
		for (i = start; i < n && w[i] != L'\n'; i++) {
			int c = wc_cols(w[i]);

			if (cols + c > width)
				break;
			if (w[i] == L' ')
				brk = i;
			cols += c;
		}
		if (i < n && w[i] != L'\n' && brk > start)
			i = brk;
		if (i == start && i < n && w[i] != L'\n')
			i++; /* a character wider than the line */
		if (lines != NULL && count < max) {
			size_t bytes = (i - start) * MB_CUR_MAX + 1;
			char *line = malloc(bytes);
			wchar_t saved = w[i];

			if (line != NULL) {
				w[i] = L'\0';
				if (wcstombs(line, w + start, bytes) == (size_t)-1)
					line[0] = '\0';
				w[i] = saved;
			}
			lines[count] = line;
		}
		count++;
		start = i;
		if (start < n && (w[start] == L' ' || w[start] == L'\n'))
			start++;
	}
	free(w);
	return count;
}

void
ui_title(struct ui *ui, const char *title)
{
	int y, x;

	getmaxyx(ui->body, y, x);
	(void)y;
	ui_put(ui->body, 0, 1, title, x - 2, ui_attr(ui, R_TITLE));
}

char *
ui_clean(const char *s)
{
	char *c = pki_sanitize(s != NULL ? s : "");

	if (c == NULL) {
		c = malloc(2);
		if (c == NULL)
			abort();
		strcpy(c, "?");
	}
	return c;
}

void
ui_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (t == 0 || localtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, size, "-");
}

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

void
ui_help(struct ui *ui)
{
	const struct screen *s = ui->stack[ui->depth - 1].s;
	const char *common = _("Keys: Tab and Shift-Tab or the arrows move, Enter "
	                       "activates, Space toggles, Esc goes back one screen, "
	                       "F10 or q on the main page quits.");
	size_t len = strlen(_(s->help)) + strlen(common) + 3;
	char *text = malloc(len);

	if (text == NULL)
		return;
	snprintf(text, len, "%s\n\n%s", _(s->help), common);
	ui_notice(ui, _("Help"), text);
	free(text);
}

int
ui_fit(char *out, size_t size, const char *s, int width)
{
	size_t n, i, used = 0;
	wchar_t *w = widen(s, &n);
	int cols = 0;
	char mb[MB_LEN_MAX];

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (w != NULL) {
		for (i = 0; i < n; i++) {
			int c = wc_cols(w[i]);
			int k;

			if (cols + c > width)
				break;
			k = wctomb(mb, w[i] < 0x20 || w[i] == 0x7f ? L'?' : w[i]);
			if (k <= 0 || used + (size_t)k + 1 >= size)
				break;
			memcpy(out + used, mb, (size_t)k);
			used += (size_t)k;
			cols += c;
		}
		free(w);
	}
	while (cols < width && used + 2 < size) {
		out[used++] = ' ';
		cols++;
	}
	out[used] = '\0';
	return cols;
}

/* ---------------------------------------------------------------- tables */

void
ui_table_drop(struct ui_table *t)
{
	size_t i;

	if (t->menu != NULL) {
		unpost_menu(t->menu);
		free_menu(t->menu);
		t->menu = NULL;
	}
	if (t->items != NULL) {
		for (i = 0; t->items[i] != NULL; i++)
			free_item(t->items[i]);
		free(t->items);
		t->items = NULL;
	}
	if (t->names != NULL) {
		for (i = 0; t->names[i] != NULL; i++)
			free(t->names[i]);
		free(t->names);
		t->names = NULL;
	}
	if (t->sub != NULL) {
		delwin(t->sub);
		t->sub = NULL;
	}
}

void
ui_table_show(struct ui *ui, struct ui_table *t, char **lines, size_t n, int y)
{
	int rows, cols, h;
	size_t i;

	ui_table_drop(t);
	getmaxyx(ui->body, rows, cols);
	h = rows - y;
	if (t->sel >= (int)n)
		t->sel = n > 0 ? (int)n - 1 : 0;
	if (h < 1 || n == 0) {
		for (i = 0; i < n; i++)
			free(lines[i]);
		free(lines);
		return;
	}
	t->names = lines; /* NULL-terminated: n + 1 entries */
	if ((t->items = calloc(n + 1, sizeof *t->items)) == NULL)
		abort();
	for (i = 0; i < n; i++)
		t->items[i] = new_item(t->names[i], "");
	if ((t->menu = new_menu(t->items)) == NULL)
		return;
	set_menu_win(t->menu, ui->body);
	t->sub = derwin(ui->body, h, cols - 1, y, 1);
	set_menu_sub(t->menu, t->sub);
	set_menu_format(t->menu, h, 1);
	set_menu_mark(t->menu, "");
	menu_opts_off(t->menu, O_SHOWDESC);
	set_menu_fore(t->menu, (chtype)ui_attr(ui, R_SELECT));
	set_menu_back(t->menu, A_NORMAL);
	/* Keep the selection in view, paging as it moves. */
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + h)
		t->top = t->sel - h + 1;
	if (t->top > (int)n - h)
		t->top = (int)n - h > 0 ? (int)n - h : 0;
	post_menu(t->menu);
	set_top_row(t->menu, t->top);
	set_current_item(t->menu, t->items[t->sel]);
	if (t->top > 0)
		ui_put(ui->body, y - 1, cols - 2, "^", 1, A_BOLD);
	if ((int)n - t->top > h)
		ui_put(ui->body, rows - 1, cols - 2, "v", 1, A_BOLD);
}

bool
ui_table_key(struct ui *ui, struct ui_table *t, size_t n, const struct ui_key *k)
{
	int last = n > 0 ? (int)n - 1 : 0;
	int page = t->sub != NULL ? getmaxy(t->sub) : ui->body != NULL ? getmaxy(ui->body) - 4 : 10;

	if (page < 1)
		page = 1;
	if (!k->fn) {
		if (k->ch != L'\t')
			return false;
		if (t->sel < last)
			t->sel++;
		return true;
	}
	switch (k->ch) {
	case KEY_UP:
	case KEY_BTAB:
		if (t->sel > 0)
			t->sel--;
		return true;
	case KEY_DOWN:
		if (t->sel < last)
			t->sel++;
		return true;
	case KEY_NPAGE:
		t->sel = t->sel + page > last ? last : t->sel + page;
		t->top += page;
		return true;
	case KEY_PPAGE:
		t->sel = t->sel > page ? t->sel - page : 0;
		t->top = t->top > page ? t->top - page : 0;
		return true;
	case KEY_HOME:
		t->sel = 0;
		return true;
	case KEY_END:
		t->sel = last;
		return true;
	default:
		return false;
	}
}
