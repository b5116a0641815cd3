/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form.c: the fields the console's forms are made of: headings, wrapped
 * text, label/value lines, text fields (UTF-8, optionally masked with '*'),
 * radio buttons, check boxes and buttons, laid out in one column that
 * scrolls to keep the focused field in view. A field's error message is
 * drawn beside it, or under it when the line is too narrow. Text buffers
 * are wiped when the form is freed or a field cleared.
 *
 * Keys: Tab/Down next field, Shift-Tab/Up previous, Left/Right move in a
 * text field (elsewhere: previous/next), Home/End, Backspace/Delete,
 * Ctrl-U clears a text field, Space toggles a check box or selects a
 * radio button, Enter presses a button (elsewhere: next field),
 * PgUp/PgDn move by a page. Other keys are passed on (FM_UNHANDLED).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

void fm_init(struct fm *f)
{
	memset(f, 0, sizeof *f);
	f->focus = -1;
}

static void fw_wipe(struct fw *w)
{
	if (w->buf != NULL)
		pki_cleanse(w->buf, (w->max + 1) * sizeof *w->buf);
	w->len = w->cur = w->scroll = 0;
}

void fm_free(struct fm *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		fw_wipe(&f->w[i]);
		free(f->w[i].buf);
		free(f->w[i].label);
		free(f->w[i].value);
		free(f->w[i].error);
	}
	free(f->w);
	fm_init(f);
}

static bool focusable(const struct fw *w)
{
	return !w->hidden && (w->kind == FW_TEXT || w->kind == FW_RADIO ||
	                      w->kind == FW_CHECK || w->kind == FW_BUTTON);
}

static char *dup_or_die(const char *s)
{
	char *d = strdup(s != NULL ? s : "");

	if (d == NULL)
		abort();
	return d;
}

struct fw *fm_add(struct fm *f, enum fw_kind kind, const char *id, const char *label)
{
	struct fw *w;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct fw *nw = realloc(f->w, cap * sizeof *nw);

		if (nw == NULL)
			abort();
		f->w = nw;
		f->cap = cap;
	}
	w = &f->w[f->n++];
	memset(w, 0, sizeof *w);
	w->kind = kind;
	snprintf(w->id, sizeof w->id, "%s", id != NULL ? id : "");
	w->label = dup_or_die(label);
	if (f->focus < 0 && focusable(w))
		f->focus = (int)(f->n - 1);
	return w;
}

struct fw *fm_text(struct fm *f, const char *id, const char *label, size_t max,
                   int width, unsigned flags)
{
	struct fw *w = fm_add(f, FW_TEXT, id, label);

	w->max = max;
	w->width = width;
	w->flags = flags;
	if ((w->buf = calloc(max + 1, sizeof *w->buf)) == NULL)
		abort();
	return w;
}

struct fw *fm_radio(struct fm *f, const char *group, const char *label, int option,
                    bool on, unsigned flags)
{
	struct fw *w = fm_add(f, FW_RADIO, group, label);

	w->option = option;
	w->on = on;
	w->flags = flags;
	return w;
}

struct fw *fm_info(struct fm *f, const char *label, const char *value)
{
	struct fw *w = fm_add(f, FW_INFO, "", label);

	w->value = ui_clean(value);
	return w;
}

struct fw *fm_find(struct fm *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->w[i].id, id) == 0 && f->w[i].kind != FW_RADIO)
			return &f->w[i];
	/* A radio group: its first option carries the message. */
	for (i = 0; i < f->n; i++)
		if (strcmp(f->w[i].id, id) == 0)
			return &f->w[i];
	return NULL;
}

char *fm_get(struct fm *f, const char *id, size_t *len)
{
	struct fw *w = fm_find(f, id);
	size_t cap, n;
	char *out;

	if (len != NULL)
		*len = 0;
	if (w == NULL || w->kind != FW_TEXT)
		return dup_or_die("");
	cap = w->len * MB_CUR_MAX + 1;
	if ((out = calloc(1, cap)) == NULL)
		abort();
	w->buf[w->len] = L'\0';
	n = wcstombs(out, w->buf, cap);
	if (n == (size_t)-1)
		n = 0;
	out[n] = '\0';
	if (len != NULL)
		*len = n;
	return out;
}

void fm_set(struct fm *f, const char *id, const char *utf8)
{
	struct fw *w = fm_find(f, id);
	size_t n;

	if (w == NULL || w->kind != FW_TEXT)
		return;
	fw_wipe(w);
	n = mbstowcs(w->buf, utf8, w->max);
	if (n == (size_t)-1)
		n = 0;
	w->len = n > w->max ? w->max : n;
	w->buf[w->len] = L'\0';
	w->cur = w->len;
}

void fm_clear_text(struct fm *f, const char *id)
{
	struct fw *w = fm_find(f, id);

	if (w != NULL && w->kind == FW_TEXT)
		fw_wipe(w);
}

int fm_radio_value(struct fm *f, const char *group)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->w[i].kind == FW_RADIO && strcmp(f->w[i].id, group) == 0 && f->w[i].on)
			return f->w[i].option;
	return -1;
}

bool fm_checked(struct fm *f, const char *id)
{
	struct fw *w = fm_find(f, id);

	return w != NULL && w->on;
}

bool fm_set_error(struct fm *f, const char *id, const char *msg)
{
	struct fw *w = fm_find(f, id);

	if (w == NULL || w->hidden)
		return false;
	free(w->error);
	w->error = ui_clean(msg);
	return true;
}

void fm_clear_errors(struct fm *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->w[i].error);
		f->w[i].error = NULL;
	}
}

void fm_focus(struct fm *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->w[i].id, id) == 0 && focusable(&f->w[i])) {
			f->focus = (int)i;
			return;
		}
}

bool fm_focus_error(struct fm *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->w[i].error != NULL && focusable(&f->w[i])) {
			f->focus = (int)i;
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------- layout */

static int label_width(struct ui *ui, struct fm *f, int cols)
{
	int w = 0, lw;
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct fw *x = &f->w[i];

		if (x->hidden)
			continue;
		/* margin, label, a space (and the field's '[') */
		if (x->kind == FW_RADIO && x->value != NULL)
			lw = 2 + ui_width(x->value) + 1;
		else if (x->kind == FW_INFO)
			lw = 2 + ui_width(x->label) + 1;
		else if (x->kind == FW_TEXT)
			lw = 2 + ui_width(x->label) + ((x->flags & FW_REQUIRED) ? 2 : 0) + 2;
		else
			continue;
		if (lw > w)
			w = lw;
	}
	(void)ui;
	if (w > cols / 2 + 2)
		w = cols / 2 + 2;
	return w;
}

static const char *radio_text(const struct fw *w)
{
	return w->on ? "(*) " : "( ) ";
}

/* Assigns y/x/h to every field; returns the rows needed. */
static int do_layout(struct ui *ui, struct fm *f, int cols)
{
	int y = 0, lw;
	size_t i;

	f->label_w = lw = label_width(ui, f, cols);
	for (i = 0; i < f->n; i++) {
		struct fw *w = &f->w[i];
		bool first_of_group = w->kind == FW_RADIO &&
		    (i == 0 || f->w[i - 1].kind != FW_RADIO || strcmp(f->w[i - 1].id, w->id) != 0);
		int errw = w->error != NULL ? ui_width(w->error) : 0;

		w->h = 0;
		if (w->hidden)
			continue;
		switch (w->kind) {
		case FW_HEADING:
		case FW_GAP:
			w->y = y++;
			w->x = 2;
			w->h = 1;
			break;
		case FW_LABEL:
			w->y = y;
			w->x = 2;
			w->h = ui_wrap(w->label, cols - 4, NULL, 0);
			if (w->h < 1)
				w->h = 1;
			y += w->h;
			break;
		case FW_INFO:
			w->y = y;
			w->x = lw;
			w->h = ui_wrap(w->value, cols - lw - 1, NULL, 0);
			if (w->h < 1)
				w->h = 1;
			y += w->h;
			break;
		case FW_TEXT: {
			int fw = w->width;

			if (fw > cols - lw - 3)
				fw = cols - lw - 3;
			if (fw < 4)
				fw = 4;
			w->width = fw;
			w->y = y;
			w->x = lw;
			w->h = 1;
			if (w->error != NULL && lw + fw + 4 + errw > cols)
				w->h = 1 + ui_wrap(w->error, cols - lw - 1, NULL, 0);
			y += w->h;
			break;
		}
		case FW_RADIO: {
			int need = 4 + ui_width(w->label) + 2;

			if ((w->flags & FW_INLINE) && !first_of_group) {
				const struct fw *prev = &f->w[i - 1];
				int px = prev->x + 4 + ui_width(prev->label) + 2;

				if (px + need <= cols) {
					w->y = prev->y;
					w->x = px;
					w->h = 0;   /* shares the previous option's line */
					break;
				}
			}
			w->y = y++;
			w->x = lw;
			w->h = 1;
			if (first_of_group && w->error != NULL)
				y += ui_wrap(w->error, cols - lw - 1, NULL, 0), w->h++;
			break;
		}
		case FW_CHECK:
			w->y = y++;
			w->x = 2;
			w->h = 1;
			if (w->error != NULL) {
				int extra = ui_wrap(w->error, cols - 7, NULL, 0);

				y += extra;
				w->h += extra;
			}
			break;
		case FW_BUTTON:
			if (i > 0 && f->w[i - 1].kind == FW_BUTTON) {
				size_t j = i;

				/* the previous visible button of the row */
				while (j > 0 && f->w[j - 1].kind == FW_BUTTON && f->w[j - 1].hidden)
					j--;
				if (j > 0 && f->w[j - 1].kind == FW_BUTTON) {
					w->y = f->w[j - 1].y;
					w->x = f->w[j - 1].x + ui_width(f->w[j - 1].label) + 7;
					w->h = 0;
					break;
				}
			}
			y++;   /* a blank line before the buttons */
			w->y = y++;
			w->x = 2;
			w->h = 1;
			break;
		}
	}
	/* Centre each row of buttons. */
	for (i = 0; i < f->n; i++) {
		size_t j;
		int width, shift;

		if (f->w[i].kind != FW_BUTTON || f->w[i].hidden || f->w[i].h != 1)
			continue;
		width = 0;
		for (j = i; j < f->n && f->w[j].kind == FW_BUTTON; j++)
			if (!f->w[j].hidden)
				width = f->w[j].x + ui_width(f->w[j].label) + 4 - f->w[i].x;
		shift = (cols - width) / 2 - 2;
		if (shift < 0)
			shift = 0;
		for (j = i; j < f->n && f->w[j].kind == FW_BUTTON; j++)
			f->w[j].x += shift;
		i = j - 1;
	}
	return y;
}

/* --------------------------------------------------------------- drawing */

static void draw_text_field(struct ui *ui, WINDOW *win, struct fw *w, int y, bool focus)
{
	int attr = ui_attr(ui, focus ? R_FOCUS : R_FIELD), cols = 0, i;
	size_t k;

	/* Keep the cursor inside the visible part. */
	if (w->cur < w->scroll)
		w->scroll = w->cur;
	for (;;) {
		cols = 0;
		for (k = w->scroll; k < w->cur; k++)
			cols += (w->flags & FW_MASKED) ? 1 : (wcwidth(w->buf[k]) > 0 ? wcwidth(w->buf[k]) : 1);
		if (cols < w->width || w->scroll >= w->cur)
			break;
		w->scroll++;
	}
	mvwaddch(win, y, w->x - 1, '[');
	wattron(win, attr);
	mvwhline(win, y, w->x, ' ', w->width);
	cols = 0;
	for (k = w->scroll; k < w->len; k++) {
		wchar_t c = (w->flags & FW_MASKED) ? L'*' : w->buf[k];
		int cw = wcwidth(c) > 0 ? wcwidth(c) : 1;

		if (cols + cw > w->width)
			break;
		if (c < 0x20 || c == 0x7f)
			c = L'?';
		mvwaddnwstr(win, y, w->x + cols, &c, 1);
		cols += cw;
	}
	wattroff(win, attr);
	mvwaddch(win, y, w->x + w->width, ']');
	if (focus) {
		cols = 0;
		for (k = w->scroll; k < w->cur; k++)
			cols += (w->flags & FW_MASKED) ? 1 : (wcwidth(w->buf[k]) > 0 ? wcwidth(w->buf[k]) : 1);
		i = w->x + cols;
		wmove(win, y, i);
	}
}

static void draw_error(struct ui *ui, WINDOW *win, const char *msg, int y, int x, int width,
                       int top, int h)
{
	char *lines[8];
	int n = ui_wrap(msg, width, lines, 8), i;

	for (i = 0; i < n && i < 8; i++) {
		if (y + i - top >= 0 && y + i - top < h)
			ui_put(win, y + i - top, x, lines[i], width, ui_attr(ui, R_ERROR));
		free(lines[i]);
	}
}

void fm_draw(struct ui *ui, struct fm *f, int y0)
{
	WINDOW *win = ui->body;
	int rows, cols, h, total, cursor_y = -1, cursor_x = 0;
	size_t i;

	getmaxyx(win, rows, cols);
	h = rows - y0;
	if (h < 1)
		return;
	total = do_layout(ui, f, cols);
	/* Scroll so that the focused field (and its message) shows. */
	if (f->focus >= 0) {
		struct fw *w = &f->w[f->focus];
		int bottom = w->y + (w->h > 0 ? w->h : 1);

		size_t j;

		if (w->kind == FW_BUTTON)
			bottom = total;
		/* The last field before the buttons shows them too. */
		for (j = (size_t)f->focus + 1; j < f->n; j++)
			if (focusable(&f->w[j]))
				break;
		if (j < f->n && f->w[j].kind == FW_BUTTON && f->w[j].y + 1 > bottom)
			bottom = f->w[j].y + 1;
		if (bottom - f->top > h)
			f->top = bottom - h;
		if (w->y < f->top)
			f->top = w->y;
	}
	if (f->top > total - h)
		f->top = total - h > 0 ? total - h : 0;

	for (i = 0; i < f->n; i++) {
		struct fw *w = &f->w[i];
		bool focus = (int)i == f->focus;
		int y = w->y - f->top;
		bool first_of_group = w->kind == FW_RADIO &&
		    (i == 0 || f->w[i - 1].kind != FW_RADIO || strcmp(f->w[i - 1].id, w->id) != 0);

		if (w->hidden)
			continue;
		if (y < 0 || y >= h)
			continue;
		y += y0;
		switch (w->kind) {
		case FW_HEADING:
			ui_put(win, y, w->x, w->label, cols - 4, ui_attr(ui, R_HEADING));
			break;
		case FW_GAP:
			break;
		case FW_LABEL:
		case FW_INFO: {
			char *lines[64];
			const char *text = w->kind == FW_LABEL ? w->label : w->value;
			int n = ui_wrap(text, w->kind == FW_LABEL ? cols - 4 : cols - w->x - 1,
			                lines, 64), k;

			if (w->kind == FW_INFO)
				ui_put(win, y, 2, w->label, f->label_w - 3, A_BOLD);
			for (k = 0; k < n && k < 64; k++) {
				if (y + k < rows)
					ui_put(win, y + k, w->x, lines[k], cols - w->x - 1, A_NORMAL);
				free(lines[k]);
			}
			break;
		}
		case FW_TEXT: {
			int lx = ui_put(win, y, 2, w->label,
			                f->label_w - 4 - ((w->flags & FW_REQUIRED) ? 2 : 0),
			                focus ? (int)A_BOLD : (int)A_NORMAL);

			if (w->flags & FW_REQUIRED)
				ui_put(win, y, 2 + lx + 1, "*", 1, A_NORMAL);
			draw_text_field(ui, win, w, y, focus);
			if (focus) {
				getyx(win, cursor_y, cursor_x);
			}
			if (w->error != NULL) {
				if (w->h == 1)
					ui_put(win, y, w->x + w->width + 3, w->error,
					       cols - w->x - w->width - 4, ui_attr(ui, R_ERROR));
				else
					draw_error(ui, win, w->error, w->y + 1, w->x, cols - w->x - 1,
					           f->top - y0, rows);
			}
			break;
		}
		case FW_RADIO: {
			int x = w->x;

			if (first_of_group && w->value != NULL)
				ui_put(win, y, 2, w->value, f->label_w - 3, A_NORMAL);
			x += ui_put(win, y, x, radio_text(w), 4, focus ? ui_attr(ui, R_FOCUS) : (int)A_NORMAL);
			ui_put(win, y, x, w->label, cols - x - 1, focus ? A_BOLD : (int)A_NORMAL);
			if (first_of_group && w->error != NULL)
				draw_error(ui, win, w->error, w->y + 1, w->x, cols - w->x - 1,
				           f->top - y0, rows);
			break;
		}
		case FW_CHECK: {
			int x = w->x;

			x += ui_put(win, y, x, w->on ? "[x] " : "[ ] ", 4,
			            focus ? ui_attr(ui, R_FOCUS) : (int)A_NORMAL);
			ui_put(win, y, x, w->label, cols - x - 1, focus ? A_BOLD : (int)A_NORMAL);
			if (w->error != NULL)
				draw_error(ui, win, w->error, w->y + 1, w->x + 4, cols - w->x - 5,
				           f->top - y0, rows);
			break;
		}
		case FW_BUTTON: {
			int x = w->x;

			x += ui_put(win, y, x, "[ ", 2, A_NORMAL);
			x += ui_put(win, y, x, w->label, cols - x - 2,
			            focus ? ui_attr(ui, R_FOCUS) | A_BOLD : (int)A_BOLD);
			ui_put(win, y, x, " ]", 2, A_NORMAL);
			break;
		}
		}
	}
	if (f->top > 0)
		ui_put(win, y0, cols - 3, "^", 1, A_BOLD);
	if (total - f->top > h)
		ui_put(win, rows - 1, cols - 3, "v", 1, A_BOLD);
	if (cursor_y >= 0) {
		int by, bx;

		getbegyx(win, by, bx);
		move(by + cursor_y, bx + cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

/* ------------------------------------------------------------------ keys */

static void move_focus(struct fm *f, int dir)
{
	int n = (int)f->n, i = f->focus, k;

	for (k = 0; k < n; k++) {
		i = (i + dir + n) % n;
		if (focusable(&f->w[i])) {
			f->focus = i;
			return;
		}
	}
}

static void select_radio(struct fm *f, struct fw *w)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->w[i].kind == FW_RADIO && strcmp(f->w[i].id, w->id) == 0)
			f->w[i].on = false;
	w->on = true;
	f->dirty = true;
}

static int text_key(struct fm *f, struct fw *w, const struct ui_key *k)
{
	if (k->fn) {
		switch (k->ch) {
		case KEY_LEFT:
			if (w->cur > 0)
				w->cur--;
			return FM_NONE;
		case KEY_RIGHT:
			if (w->cur < w->len)
				w->cur++;
			return FM_NONE;
		case KEY_HOME:
			w->cur = 0;
			return FM_NONE;
		case KEY_END:
			w->cur = w->len;
			return FM_NONE;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (w->cur < w->len) {
				memmove(w->buf + w->cur, w->buf + w->cur + 1,
				        (w->len - w->cur) * sizeof *w->buf);
				w->len--;
				w->buf[w->len] = L'\0';
				f->dirty = true;
				return FM_CHANGED;
			}
			return FM_NONE;
		default:
			return FM_UNHANDLED;
		}
	}
	if (k->ch == 127 || k->ch == 8) {
backspace:
		if (w->cur > 0) {
			memmove(w->buf + w->cur - 1, w->buf + w->cur,
			        (w->len - w->cur + 1) * sizeof *w->buf);
			w->cur--;
			w->len--;
			w->buf[w->len + 1] = L'\0';
			f->dirty = true;
			return FM_CHANGED;
		}
		return FM_NONE;
	}
	if (k->ch == 21) {   /* Ctrl-U */
		fw_wipe(w);
		f->dirty = true;
		return FM_CHANGED;
	}
	if (k->ch < 0x20 || k->ch == 0x7f || (k->ch >= 0x80 && k->ch < 0xa0) ||
	    wcwidth((wchar_t)k->ch) < 0)
		return FM_UNHANDLED;
	if (w->len >= w->max)
		return FM_NONE;
	memmove(w->buf + w->cur + 1, w->buf + w->cur, (w->len - w->cur) * sizeof *w->buf);
	w->buf[w->cur++] = (wchar_t)k->ch;
	w->len++;
	w->buf[w->len] = L'\0';
	f->dirty = true;
	return FM_CHANGED;
}

int fm_key(struct fm *f, const struct ui_key *k)
{
	struct fw *w = f->focus >= 0 ? &f->w[f->focus] : NULL;
	bool enter = (!k->fn && (k->ch == L'\r' || k->ch == L'\n')) ||
	             (k->fn && k->ch == KEY_ENTER);

	f->pressed = NULL;
	if (w == NULL)
		return FM_UNHANDLED;
	if ((!k->fn && k->ch == L'\t') || (k->fn && k->ch == KEY_DOWN)) {
		move_focus(f, 1);
		return FM_NONE;
	}
	if ((k->fn && (k->ch == KEY_BTAB || k->ch == KEY_UP))) {
		move_focus(f, -1);
		return FM_NONE;
	}
	if (k->fn && (k->ch == KEY_NPAGE || k->ch == KEY_PPAGE)) {
		int i;

		for (i = 0; i < 8; i++)
			move_focus(f, k->ch == KEY_NPAGE ? 1 : -1);
		return FM_NONE;
	}
	if (w->kind == FW_TEXT) {
		int r;

		if (enter) {
			move_focus(f, 1);
			return FM_NONE;
		}
		r = text_key(f, w, k);
		if (r != FM_UNHANDLED)
			return r;
	}
	if (k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) {
		move_focus(f, k->ch == KEY_LEFT ? -1 : 1);
		return FM_NONE;
	}
	switch (w->kind) {
	case FW_RADIO:
		if (!k->fn && k->ch == L' ') {
			select_radio(f, w);
			return FM_CHANGED;
		}
		if (enter) {
			select_radio(f, w);
			move_focus(f, 1);
			return FM_CHANGED;
		}
		break;
	case FW_CHECK:
		if ((!k->fn && k->ch == L' ') || enter) {
			w->on = !w->on;
			f->dirty = true;
			return FM_CHANGED;
		}
		break;
	case FW_BUTTON:
		if ((!k->fn && k->ch == L' ') || enter) {
			f->pressed = w->id;
			return FM_PRESSED;
		}
		break;
	default:
		break;
	}
	return FM_UNHANDLED;
}
