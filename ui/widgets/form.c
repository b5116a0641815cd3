/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form.c: the fields the console's forms are made of: headings, wrapped
 * text, label/value lines, text fields (UTF-8, optionally masked with '*'),
 * radio buttons, check boxes and buttons, laid out in one column that
 * scrolls to keep the focused field in view. A field's error message is
 * drawn beside it, or under it when the line is too narrow.
 *
 * Text fields are libform (formw) fields: one-line, scrolling sideways up
 * to their maximum length. libform has no radio buttons, check boxes or
 * buttons, so those, the layout and the focus stay ours. The form's
 * fields sit one per row of a pad that never reaches the terminal:
 * libform edits and draws there, fm_draw copies each field's visible row
 * into the body (which the console re-creates on every redraw, so no
 * libform window may hang under it). Masked fields are not public:
 * libform never draws their text, we draw one '*' per character.
 * Secrets are wiped when the form is freed, a field cleared or read.
 *
 * Keys: Tab/Down next field, Shift-Tab/Up previous, Left/Right move in a
 * text field (elsewhere: previous/next), Home/End, Backspace/Delete,
 * Ctrl-U clears a text field, Ctrl-K clears it from the cursor to the end,
 * Space toggles a check box or selects a radio button, Enter presses a
 * button (elsewhere: next field), PgUp/PgDn move by a page. Other keys
 * are passed on (FM_UNHANDLED).
 */
#include <config.h>

#include <form.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "dialog.h"
#include "form.h"

void
fm_init(struct fm *f)
{
	memset(f, 0, sizeof *f);
	f->focus = -1;
	f->entered = -1;
	f->resume_w = -1;
}

/* ----------------------------------------------------------- libform */

/*
 * What libform keeps of a text: the field's cell buffer (buffer 0), the
 * pad it edits the current field in, a "working" pad it converts through
 * and the multibyte copy that field_buffer returns. For a masked field we
 * wipe the multibyte copy as soon as it is read and blank the working pad
 * (writing "" to the spare buffer 1 goes through it, buffer 0 untouched);
 * clearing the field (set_field_buffer with "") overwrites buffer 0. What
 * libform frees without wiping (the editing pad, a buffer outgrown when
 * the field widened) stays in our own process's heap, like the terminal
 * input that carried the keys; a non-public field's text never reaches a
 * window that is shown. Acceptable for a console that holds the password
 * in memory anyway to use it, for a moment, and then wipes its own copy.
 */

static int
field_cols(const struct fw *w)
{
	/* A field narrower than its box when it holds less than the box. */
	return w->max < (size_t)w->width ? (int)(w->max > 0 ? w->max : 1) : w->width;
}

static struct fieldnode *
field_new(const struct fw *w)
{
	int cols = field_cols(w);
	FIELD *fld = new_field(1, cols, 0, 0, 0, 1); /* buffer 1: see above */

	if (fld == NULL)
		ui_nomem();
	field_opts_off(fld, O_AUTOSKIP | O_BLANK | O_WRAP);
	field_opts_on(fld, O_NULLOK | O_PASSOK | O_EDIT | O_ACTIVE | O_VISIBLE);
	if ((size_t)cols < w->max) {
		field_opts_off(fld, O_STATIC);
		set_max_field(fld, (int)w->max);
	} else {
		field_opts_on(fld, O_STATIC);
	}
	if (w->flags & FW_MASKED)
		field_opts_off(fld, O_PUBLIC);
	set_field_pad(fld, ' ');
	return fld;
}

/* Takes down the form (not the fields), syncing the current field first. */
static void
form_drop(struct fm *f)
{
	if (f->form == NULL)
		return;
	form_driver(f->form, REQ_VALIDATION);
	f->resume_w = f->entered;
	f->resume_col = f->form->curcol;
	unpost_form(f->form);
	free_form(f->form);
	f->form = NULL;
	free(f->fields);
	f->fields = NULL;
	f->entered = -1;
}

/* Wipes libform's copies of a text just read (b: field_buffer's). */
static void
field_copy_wipe(FIELD *fld, char *b)
{
	if (b != NULL)
		pki_cleanse(b, strlen(b));
	set_field_buffer(fld, 1, "");
}

/* The field's text as UTF-8, trailing pad blanks trimmed; caller frees. */
static char *
field_text(struct fm *f, const struct fw *w, size_t *len)
{
	char *b, *out;
	size_t n;

	if (f->form != NULL && current_field(f->form) == w->field)
		form_driver(f->form, REQ_VALIDATION);
	b = field_buffer(w->field, 0);
	n = b != NULL ? strlen(b) : 0;
	while (n > 0 && b[n - 1] == ' ')
		n--;
	out = ui_xmalloc(n + 1);
	if (n > 0)
		memcpy(out, b, n);
	out[n] = '\0';
	if (w->flags & FW_MASKED)
		field_copy_wipe(w->field, b);
	if (len != NULL)
		*len = n;
	return out;
}

static void
text_free(char *s, size_t len)
{
	if (s != NULL)
		pki_secret_free(s, len + 1);
}

/* Sets a field's text, cut to its maximum length (characters). */
static void
field_set(struct fm *f, struct fw *w, const char *utf8)
{
	wchar_t *wbuf;
	char *mb;
	size_t n, cap;

	wbuf = ui_xcalloc(w->max + 1, sizeof *wbuf);
	n = mbstowcs(wbuf, utf8 != NULL ? utf8 : "", w->max);
	if (n == (size_t)-1)
		n = 0;
	wbuf[n < w->max ? n : w->max] = L'\0';
	/* What the terminal could take for a command shows as '?'. */
	for (n = 0; wbuf[n] != L'\0'; n++)
		if (wbuf[n] < 0x20 || wbuf[n] == 0x7f || (wbuf[n] >= 0x80 && wbuf[n] < 0xa0) ||
		    wcwidth(wbuf[n]) < 0)
			wbuf[n] = L'?';
	cap = w->max * MB_CUR_MAX + 1;
	mb = ui_xcalloc(1, cap);
	if (wcstombs(mb, wbuf, cap) == (size_t)-1)
		mb[0] = '\0';
	set_field_buffer(w->field, 0, mb);
	if (f->form != NULL && current_field(f->form) == w->field)
		f->entered = -1; /* the cursor went home: enter again */
	f->resume_w = -1;
	pki_cleanse(wbuf, (w->max + 1) * sizeof *wbuf);
	free(wbuf);
	pki_secret_free(mb, cap);
	if (w->flags & FW_MASKED)
		set_field_buffer(w->field, 1, "");
}

static void
field_wipe(struct fm *f, struct fw *w)
{
	if (w->field == NULL)
		return;
	set_field_buffer(w->field, 0, "");
	if (f->form != NULL && current_field(f->form) == w->field)
		f->entered = -1;
	f->resume_w = -1;
}

/*
 * Builds the form and its pad when the text fields changed (added, or a
 * width changed with the window). Fields keep their text.
 */
static bool
form_ready(struct fm *f)
{
	size_t i, n = 0;
	int row = 0, maxc = 1, resume_w, resume_col;

	if (f->form != NULL && !f->stale)
		return true;
	form_drop(f);
	resume_w = f->resume_w;
	resume_col = f->resume_col;
	for (i = 0; i < f->n; i++)
		if (f->w[i].kind == FW_TEXT)
			n++;
	f->stale = false;
	if (n == 0)
		return false;
	f->fields = ui_xcalloc(n + 1, sizeof *f->fields);
	for (i = 0; i < f->n; i++) {
		struct fw *w = &f->w[i];
		int rows, cols, fr, fc, os, nb;

		if (w->kind != FW_TEXT)
			continue;
		field_info(w->field, &rows, &cols, &fr, &fc, &os, &nb);
		if (cols != field_cols(w)) {
			size_t len;
			char *text = field_text(f, w, &len);

			field_wipe(f, w);
			free_field(w->field);
			w->field = field_new(w);
			field_set(f, w, text);
			text_free(text, len);
			cols = field_cols(w);
		}
		move_field(w->field, row, 0);
		f->fields[row++] = w->field;
		if (cols > maxc)
			maxc = cols;
	}
	if (f->pad != NULL && (getmaxy(f->pad) != row || getmaxx(f->pad) != maxc)) {
		delwin(f->pad);
		f->pad = NULL;
	}
	if (f->pad == NULL && (f->pad = newpad(row, maxc)) == NULL)
		ui_nomem();
	werase(f->pad);
	if ((f->form = new_form(f->fields)) == NULL)
		ui_nomem();
	set_form_win(f->form, f->pad);
	set_form_sub(f->form, f->pad);
	if (post_form(f->form) != E_OK) {
		free_form(f->form);
		f->form = NULL;
		free(f->fields);
		f->fields = NULL;
		return false;
	}
	f->entered = -1;
	f->resume_w = resume_w;
	f->resume_col = resume_col;
	return true;
}

/* Puts libform's cursor in the focused text widget (at its end). */
static bool
enter_focus(struct fm *f)
{
	struct fw *w = f->focus >= 0 ? &f->w[f->focus] : NULL;

	if (w == NULL || w->kind != FW_TEXT)
		return false;
	if (!form_ready(f))
		return false;
	if (f->entered == f->focus && current_field(f->form) == w->field)
		return true;
	if (set_current_field(f->form, w->field) != E_OK)
		return false;
	if (f->resume_w == f->focus) {
		/* The same field in a rebuilt form: where the cursor was. */
		while (
		    f->form->curcol < f->resume_col && form_driver(f->form, REQ_RIGHT_CHAR) == E_OK)
			;
	} else {
		form_driver(f->form, REQ_END_LINE);
	}
	f->resume_w = -1;
	f->entered = f->focus;
	return true;
}

/* -------------------------------------------------------------- widgets */

void
fm_free(struct fm *f)
{
	size_t i;

	form_drop(f);
	for (i = 0; i < f->n; i++) {
		if (f->w[i].field != NULL) {
			field_wipe(f, &f->w[i]);
			free_field(f->w[i].field);
		}
		free(f->w[i].label);
		free(f->w[i].value);
		free(f->w[i].error);
	}
	if (f->pad != NULL)
		delwin(f->pad);
	free(f->w);
	fm_init(f);
}

static bool
focusable(const struct fw *w)
{
	return !w->hidden &&
	    (w->kind == FW_TEXT || w->kind == FW_RADIO || w->kind == FW_CHECK ||
	        w->kind == FW_BUTTON);
}

struct fw *
fm_add(struct fm *f, enum fw_kind kind, const char *id, const char *label)
{
	struct fw *w;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		f->w = ui_xrealloc(f->w, cap, sizeof *f->w);
		f->cap = cap;
	}
	w = &f->w[f->n++];
	memset(w, 0, sizeof *w);
	w->kind = kind;
	snprintf(w->id, sizeof w->id, "%s", id != NULL ? id : "");
	w->label = ui_xstrdup(label);
	if (f->focus < 0 && focusable(w))
		f->focus = (int)(f->n - 1);
	return w;
}

struct fw *
fm_text(struct fm *f, const char *id, const char *label, size_t max, int width, unsigned flags)
{
	struct fw *w = fm_add(f, FW_TEXT, id, label);

	w->max = max > 0 ? max : 1;
	w->want = w->width = width > 0 ? width : 1;
	w->flags = flags;
	w->field = field_new(w);
	f->stale = true;
	return w;
}

struct fw *
fm_radio(struct fm *f, const char *group, const char *label, int option, bool on, unsigned flags)
{
	struct fw *w = fm_add(f, FW_RADIO, group, label);

	w->option = option;
	w->on = on;
	w->flags = flags;
	return w;
}

struct fw *
fm_info(struct fm *f, const char *label, const char *value)
{
	struct fw *w = fm_add(f, FW_INFO, "", label);

	w->value = ui_clean(value);
	return w;
}

struct fw *
fm_fingerprint(struct fm *f, const char *label, const char *fp)
{
	struct fw *w = fm_add(f, FW_INFO, "", label);

	w->value = ui_fingerprint(fp);
	return w;
}

struct fw *
fm_find(struct fm *f, const char *id)
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

char *
fm_get(struct fm *f, const char *id, size_t *len)
{
	struct fw *w = fm_find(f, id);

	if (len != NULL)
		*len = 0;
	if (w == NULL || w->kind != FW_TEXT)
		return ui_xstrdup("");
	return field_text(f, w, len);
}

void
fm_set(struct fm *f, const char *id, const char *utf8)
{
	struct fw *w = fm_find(f, id);

	if (w != NULL && w->kind == FW_TEXT)
		field_set(f, w, utf8);
}

void
fm_clear_text(struct fm *f, const char *id)
{
	struct fw *w = fm_find(f, id);

	if (w != NULL && w->kind == FW_TEXT)
		field_wipe(f, w);
}

int
fm_radio_value(struct fm *f, const char *group)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->w[i].kind == FW_RADIO && strcmp(f->w[i].id, group) == 0 && f->w[i].on)
			return f->w[i].option;
	return -1;
}

bool
fm_checked(struct fm *f, const char *id)
{
	struct fw *w = fm_find(f, id);

	return w != NULL && w->on;
}

bool
fm_set_error(struct fm *f, const char *id, const char *msg)
{
	struct fw *w = fm_find(f, id);

	if (w == NULL || w->hidden)
		return false;
	free(w->error);
	w->error = ui_clean(msg);
	return true;
}

bool
fm_has_error(struct fm *f, const char *id)
{
	struct fw *w = fm_find(f, id);

	return w != NULL && w->error != NULL;
}

void
fm_clear_errors(struct fm *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->w[i].error);
		f->w[i].error = NULL;
	}
}

void
fm_focus(struct fm *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->w[i].id, id) == 0 && focusable(&f->w[i])) {
			f->focus = (int)i;
			return;
		}
}

bool
fm_focus_error(struct fm *f)
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

static int
label_width(struct ui *ui, struct fm *f, int cols)
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

static const char *
radio_text(const struct fw *w)
{
	return w->on ? "(*) " : "( ) ";
}

/* Assigns y/x/h to every field; returns the rows needed. */
static int
do_layout(struct ui *ui, struct fm *f, int cols)
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
			int fw = w->want;

			if (fw > cols - lw - 3)
				fw = cols - lw - 3;
			if (fw < 4)
				fw = 4;
			if (fw != w->width) {
				w->width = fw;
				f->stale = true; /* the field is rebuilt at this width */
			}
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
					w->h = 0; /* shares the previous option's line */
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
			y++; /* a blank line before the buttons */
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

/* '*' for each character of a masked field that shows. */
static int
masked_stars(struct fm *f, struct fw *w)
{
	size_t len;
	char *text = field_text(f, w, &len);
	int n = ui_width(text), cols = field_cols(w);

	text_free(text, len);
	if (f->form != NULL && current_field(f->form) == w->field)
		n -= f->form->begincol;
	return n < 0 ? 0 : n > cols ? cols : n;
}

/*
 * The box, then libform's row of the pad copied into it (or the stars);
 * returns the cursor's column when this field has libform's cursor, -1.
 */
static int
draw_text_field(struct ui *ui, struct fm *f, struct fw *w, int y, bool focus)
{
	WINDOW *win = ui->body;
	int attr = ui_attr(ui, focus ? R_FOCUS : R_FIELD), rows, cols, frow, fcol, os, nb;
	int cx = -1, py, px;

	mvwaddch(win, y, w->x - 1, '[');
	wattron(win, attr);
	mvwhline(win, y, w->x, ' ', w->width);
	wattroff(win, attr);
	mvwaddch(win, y, w->x + w->width, ']');
	if (f->form == NULL || field_info(w->field, &rows, &cols, &frow, &fcol, &os, &nb) != E_OK)
		return -1;
	if (w->flags & FW_MASKED) {
		/* Never set a masked field's attributes: libform would copy its
		 * hidden text into the pad (_nc_Synchronize_Attributes). */
		int n = masked_stars(f, w);

		wattron(win, attr);
		mvwhline(win, y, w->x, '*', n);
		wattroff(win, attr);
	} else {
		if (field_back(w->field) != (chtype)attr || field_fore(w->field) != (chtype)attr) {
			set_field_back(w->field, (chtype)attr);
			set_field_fore(w->field, (chtype)attr);
			/* libform redraws the current field into the pad only
			 * from its driver (which keeps the cursor). */
			if (current_field(f->form) == w->field)
				form_driver(f->form, REQ_VALIDATION);
		}
		copywin(f->pad, win, frow, 0, y, w->x, y, w->x + cols - 1, FALSE);
	}
	if (focus && current_field(f->form) == w->field && pos_form_cursor(f->form) == E_OK) {
		getyx(f->pad, py, px);
		(void)py;
		cx = w->x + px;
	}
	return cx;
}

static void
draw_error(struct ui *ui, WINDOW *win, const char *msg, int y, int x, int width, int top, int h)
{
	char *lines[8];
	int n = ui_wrap(msg, width, lines, 8), i;

	for (i = 0; i < n && i < 8; i++) {
		if (y + i - top >= 0 && y + i - top < h)
			ui_put(win, y + i - top, x, lines[i], width, ui_attr(ui, R_ERROR));
		free(lines[i]);
	}
}

void
fm_draw(struct ui *ui, struct fm *f, int y0)
{
	WINDOW *win = ui->body;
	int rows, cols, h, total, cursor_y = -1, cursor_x = 0, mark_x;
	size_t i;

	getmaxyx(win, rows, cols);
	mark_x = cols - 1; /* the markers' column: nothing else is drawn there */
	for (i = 0; i < f->n; i++)
		if (f->w[i].kind == FW_BUTTON && !f->w[i].hidden && f->w[i].button != NULL &&
		    f->w[i].button->key == FM_KEY_COMMIT)
			ui->key_commit = f->w[i].label;
	h = rows - y0;
	if (h < 1)
		return;
	total = do_layout(ui, f, cols);
	f->page_h = h;
	f->total = total;
	ui->key_page = total > h;
	form_ready(f);
	enter_focus(f);
	/* Scroll so that the focused field (and its message) shows, unless
	 * PgUp or PgDn moved the view itself (fm_key). */
	if (f->focus >= 0 && !f->view_moved) {
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
			        lines, 64),
			    k;

			if (w->kind == FW_INFO)
				ui_put(win, y, 2, w->label, f->label_w - 3, A_BOLD);
			for (k = 0; k < n && k < 64; k++) {
				if (y + k < rows)
					ui_put(win, y + k, w->x, lines[k], cols - w->x - 1,
					    A_NORMAL);
				free(lines[k]);
			}
			break;
		}
		case FW_TEXT: {
			int cx,
			    lx = ui_put(win, y, 2, w->label,
			        f->label_w - 4 - ((w->flags & FW_REQUIRED) ? 2 : 0),
			        focus ? (int)A_BOLD : (int)A_NORMAL);

			if (w->flags & FW_REQUIRED)
				ui_put(win, y, 2 + lx + 1, "*", 1, A_NORMAL);
			if ((cx = draw_text_field(ui, f, w, y, focus)) >= 0) {
				cursor_y = y;
				cursor_x = cx;
			}
			if (w->error != NULL) {
				if (w->h == 1)
					ui_put(win, y, w->x + w->width + 3, w->error,
					    cols - w->x - w->width - 4, ui_attr(ui, R_ERROR));
				else
					draw_error(ui, win, w->error, w->y + 1, w->x,
					    cols - w->x - 1, f->top - y0, rows);
			}
			break;
		}
		case FW_RADIO: {
			int x = w->x;

			if (first_of_group && w->value != NULL)
				ui_put(win, y, 2, w->value, f->label_w - 3, A_NORMAL);
			x += ui_put(win, y, x, radio_text(w), 4,
			    focus ? ui_attr(ui, R_FOCUS) : (int)A_NORMAL);
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
		ui_put(win, y0, mark_x, "^", 1, A_BOLD);
	if (total - f->top > h)
		ui_put(win, rows - 1, mark_x, "v", 1, A_BOLD);
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

static void
move_focus(struct fm *f, int dir)
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

static bool
same_group(const struct fw *a, const struct fw *b)
{
	return a->kind == FW_RADIO && b->kind == FW_RADIO && strcmp(a->id, b->id) == 0;
}

/*
 * Tab and Shift-Tab: a radio group is one stop, entered at its selected
 * option (the arrows move among its options, Space selects).
 */
static void
move_focus_tab(struct fm *f, int dir)
{
	int n = (int)f->n, from = f->focus, i = f->focus, k, j;

	for (k = 0; k < n; k++) {
		i = (i + dir + n) % n;
		if (!focusable(&f->w[i]) || (from >= 0 && same_group(&f->w[from], &f->w[i])))
			continue;
		f->focus = i;
		for (j = 0; f->w[i].kind == FW_RADIO && j < n; j++)
			if (same_group(&f->w[j], &f->w[i]) && f->w[j].on && focusable(&f->w[j]))
				f->focus = j;
		return;
	}
}

static void
select_radio(struct fm *f, struct fw *w)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->w[i].kind == FW_RADIO && strcmp(f->w[i].id, w->id) == 0)
			f->w[i].on = false;
	w->on = true;
	f->dirty = true;
}

/* The display columns of a field's text (where End puts the cursor). */
static int
text_cols(struct fm *f, struct fw *w)
{
	size_t len;
	char *text = field_text(f, w, &len);
	int n = ui_width(text);

	text_free(text, len);
	return n;
}

static int
edit(struct fm *f, int req)
{
	if (form_driver(f->form, req) != E_OK)
		return FM_NONE;
	f->dirty = true;
	return FM_CHANGED;
}

static int
text_key(struct fm *f, struct fw *w, const struct ui_key *k)
{
	if (!enter_focus(f))
		return FM_UNHANDLED;
	if (k->fn) {
		switch (k->ch) {
		case KEY_LEFT:
			form_driver(f->form, REQ_LEFT_CHAR);
			return FM_NONE;
		case KEY_RIGHT:
			/* Not past the text: libform would go on into the blanks. */
			if (f->form->curcol < text_cols(f, w))
				form_driver(f->form, REQ_RIGHT_CHAR);
			return FM_NONE;
		case KEY_HOME:
			form_driver(f->form, REQ_BEG_LINE);
			return FM_NONE;
		case KEY_END:
			form_driver(f->form, REQ_END_LINE);
			return FM_NONE;
		case KEY_BACKSPACE:
			return edit(f, REQ_DEL_PREV);
		case KEY_DC:
			if (f->form->curcol >= text_cols(f, w))
				return FM_NONE;
			return edit(f, REQ_DEL_CHAR);
		default:
			return FM_UNHANDLED;
		}
	}
	if (k->ch == 127 || k->ch == 8)
		return edit(f, REQ_DEL_PREV);
	if (k->ch == 21) { /* Ctrl-U */
		form_driver(f->form, REQ_CLR_FIELD);
		if (w->flags & FW_MASKED)
			field_wipe(f, w);
		f->dirty = true;
		return FM_CHANGED;
	}
	if (k->ch == 11) { /* Ctrl-K */
		if (f->form->curcol >= text_cols(f, w))
			return FM_NONE;
		return edit(f, REQ_CLR_EOL);
	}
	/* Control characters never reach a field (terminal safety). */
	if (k->ch < 0x20 || k->ch == 0x7f || (k->ch >= 0x80 && k->ch < 0xa0) ||
	    wcwidth((wchar_t)k->ch) < 0)
		return FM_UNHANDLED;
	if (form_driver_w(f->form, OK, (wchar_t)k->ch) != E_OK)
		return FM_NONE;
	f->dirty = true;
	return FM_CHANGED;
}

/*
 * PgDn/PgUp: the view a page down or up (what does not fit is read this
 * way, text as well as fields), the focus on the first field it shows
 * when the focused one leaves it; the view stays where it was put until
 * another key moves the focus.
 */
static void
page(struct fm *f, int dir)
{
	int step = f->page_h > 2 ? f->page_h - 1 : 1, max = f->total - f->page_h;
	int top = f->top + dir * step;

	if (f->page_h <= 0)
		return;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	f->top = top;
	f->view_moved = true;
	if (f->focus >= 0 && f->w[f->focus].y >= top && f->w[f->focus].y < top + f->page_h)
		return;
	for (size_t i = 0; i < f->n; i++) {
		size_t j = dir > 0 ? i : f->n - 1 - i;

		if (focusable(&f->w[j]) && f->w[j].y >= top && f->w[j].y < top + f->page_h) {
			f->focus = (int)j;
			return;
		}
	}
}

int
fm_key(struct fm *f, const struct ui_key *k)
{
	struct fw *w = f->focus >= 0 ? &f->w[f->focus] : NULL;
	bool enter =
	    (!k->fn && (k->ch == L'\r' || k->ch == L'\n')) || (k->fn && k->ch == KEY_ENTER);

	f->pressed = NULL;
	if (w == NULL)
		return FM_UNHANDLED;
	if (!k->fn && k->ch == L'\t') {
		move_focus_tab(f, 1);
		return FM_NONE;
	}
	if (k->fn && k->ch == KEY_BTAB) {
		move_focus_tab(f, -1);
		return FM_NONE;
	}
	if (k->fn && (k->ch == KEY_DOWN || k->ch == KEY_UP)) {
		move_focus(f, k->ch == KEY_DOWN ? 1 : -1);
		return FM_NONE;
	}
	if (k->fn && (k->ch == KEY_NPAGE || k->ch == KEY_PPAGE)) {
		page(f, k->ch == KEY_NPAGE ? 1 : -1);
		return FM_NONE;
	}
	f->view_moved = false;
	if (w->kind == FW_TEXT) {
		int r;

		if (enter) {
			move_focus_tab(f, 1);
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
			move_focus_tab(f, 1);
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

/* ------------------------------------------------------------- buttons */

void
fm_buttons(struct fm *f, const struct fm_button *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fm_add(f, FW_BUTTON, b[i].id, _(b[i].label))->button = &b[i];
}

int
fm_handle(struct ui *ui, struct fm *f, void *state, const struct ui_key *k)
{
	const struct fm_button *b = NULL;
	size_t i;
	int r;

	for (i = 0; k->fn && i < f->n; i++)
		if (f->w[i].kind == FW_BUTTON && !f->w[i].hidden && f->w[i].button != NULL &&
		    f->w[i].button->key != 0 && (wint_t)f->w[i].button->key == k->ch)
			b = f->w[i].button;
	if (b == NULL) {
		r = fm_key(f, k);
		if (r == FM_UNHANDLED)
			return UI_UNHANDLED;
		if (r != FM_PRESSED)
			return UI_REDRAW;
		b = f->w[f->focus].button;
	}
	return b != NULL && b->fn != NULL ? b->fn(ui, f, state) : UI_REDRAW;
}

int
fm_close(struct ui *ui, struct fm *f, void *state)
{
	(void)ui;
	(void)f;
	(void)state;
	return UI_CLOSE;
}

int
fm_cancel(struct ui *ui, struct fm *f, void *state)
{
	(void)state;
	if (f->dirty && !ui_confirm_discard(ui))
		return UI_REDRAW;
	return UI_CLOSE;
}

/* ---------------------------------------------------- the password step */

void
fm_password_step(struct fm *f, const struct fm_button *finish)
{
	fm_add(f, FW_LABEL, "password_label",
	    _("Password for Certificate Authority's Private Key file:"))
	    ->hidden = true;
	fm_text(f, "password", _("Password"), PKI_PASSWORD_MAX, 24, FW_REQUIRED | FW_MASKED)
	    ->hidden = true;
	fm_buttons(f, finish, 1);
	f->w[f->n - 1].hidden = true;
	f->finish = finish;
}

void
fm_password_ask(struct fm *f, const char *instead)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct fw *w = &f->w[i];

		if (strcmp(w->id, "password_label") == 0 || strcmp(w->id, "password") == 0 ||
		    (w->kind == FW_BUTTON && w->button != NULL && w->button == f->finish))
			w->hidden = false;
		else if (w->kind == FW_BUTTON && strcmp(w->id, instead) == 0)
			w->hidden = true;
	}
	f->asking_password = true;
	fm_focus(f, "password");
}

/* ----------------------------------------------- a screen made of a form */

int
fm_screen_key(struct ui *ui, void *state, const struct ui_key *k)
{
	return fm_handle(ui, state, state, k);
}

bool
fm_screen_dirty(void *state)
{
	const struct fm *f = state;

	return f->dirty;
}

bool
fm_screen_dirty_password(void *state)
{
	const struct fm *f = state;

	return f->dirty && f->asking_password;
}

void
fm_screen_free(void *state)
{
	fm_free(state);
	free(state);
}
