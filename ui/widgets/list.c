/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * list.c: the list widget (list.h): columns, a view of the rows that
 * scrolls and pages with the selection, marks, and the filter line. Only the
 * rows in view are formatted, so a long list costs what a screenful does.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "list.h"

void
ls_init(struct ls *l)
{
	memset(l, 0, sizeof *l);
	l->sort_col = -1;
	fm_init(&l->form);
}

void
ls_free(struct ls *l)
{
	free(l->shown);
	free(l->marks);
	fm_free(&l->form);
	ls_init(l);
}

/* ------------------------------------------------------------- drawing */

char *
ls_row(const struct ls *l, const char *const *cells)
{
	size_t size = 1, used = 0, i;
	char *out, *cell;

	for (i = 0; i < l->ncols; i++)
		size += l->col[i].width < 0 ? strlen(cells[i]) + 1
		                            : (size_t)l->col[i].width * MB_CUR_MAX + 2;
	out = ui_xmalloc(size);
	cell = ui_xmalloc(size);
	out[0] = '\0';
	for (i = 0; i < l->ncols; i++) {
		if (l->col[i].width == 0)
			continue;
		if (l->col[i].width < 0)
			snprintf(cell, size, "%s", cells[i]);
		else
			ui_fit(cell, size, cells[i], l->col[i].width);
		used += (size_t)snprintf(out + used, size - used, "%s ", cell);
	}
	free(cell);
	return out;
}

/*
 * Each shown column at least as wide as its title (the sorted one's arrow
 * included), so that no header is cut: what that adds is taken from the
 * widest column while the row would pass `room`, never below its own
 * title. Idempotent: the screens set the widths again before each draw.
 */
static void
fit_titles(struct ls *l, const char *const *titles, int room)
{
	int total = 0, widest = -1, excess, floor;
	size_t c;

	for (c = 0; c < l->ncols; c++) {
		if (l->col[c].width <= 0)
			continue;
		if (widest < 0 || l->col[c].width > l->col[widest].width)
			widest = (int)c;
	}
	for (c = 0; c < l->ncols; c++) {
		int tw;

		if (l->col[c].width <= 0)
			continue;
		tw = ui_width(titles[c]);
		if (tw > l->col[c].width)
			l->col[c].width = tw;
		total += l->col[c].width + 1;
	}
	excess = total - 1 - room; /* no space after the last column */
	if (excess <= 0 || widest < 0)
		return;
	floor = ui_width(titles[widest]);
	if (floor < 4)
		floor = 4;
	l->col[widest].width -= excess;
	if (l->col[widest].width < floor)
		l->col[widest].width = floor;
}

void
ls_draw(struct ui *ui, struct ls *l, int y, size_t n, const char *empty,
    char *(*line)(void *arg, size_t i, enum ui_role *role), void *arg)
{
	const char *titles[LS_COLUMNS_MAX];
	char *text;
	char sorted[256];
	int rows, cols, h, i;
	size_t c;

	getmaxyx(ui->body, rows, cols);
	for (c = 0; c < l->ncols; c++)
		titles[c] = l->col[c].title;
	if (l->sort_col >= 0 && (size_t)l->sort_col < l->ncols) {
		/* The sorted column's title with an arrow (ASCII: + up, - down). */
		const char *mark = MB_CUR_MAX > 1 ? (l->sort_desc ? "\u25bc" : "\u25b2")
		                                  : (l->sort_desc ? "-" : "+");

		snprintf(sorted, sizeof sorted, "%s%s", mark, l->col[l->sort_col].title);
		titles[l->sort_col] = sorted;
	}
	fit_titles(l, titles, cols - 3);
	/* Rows stop short of column cols - 2, where ^ and v mark more. */
	text = ls_row(l, titles);
	ui_put(ui->body, y, 1, text, cols - 3, A_BOLD | A_UNDERLINE);
	free(text);
	y++;
	h = rows - y - l->below;
	l->view = h > 0 ? h : 0;
	if (l->sel >= (int)n)
		l->sel = n > 0 ? (int)n - 1 : 0;
	if (h < 1)
		return;
	if (n == 0) {
		ui_put(ui->body, y, 2, empty, cols - 4, A_NORMAL);
		return;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > (int)n - h)
		l->top = (int)n - h > 0 ? (int)n - h : 0;
	for (i = 0; i < h && (size_t)(l->top + i) < n; i++) {
		enum ui_role role = R_NORMAL;
		int attr;

		text = line(arg, (size_t)(l->top + i), &role);
		if (l->top + i == l->sel)
			attr = l->unfocused ? (int)A_BOLD : ui_attr(ui, R_SELECT);
		else
			attr = role == R_NORMAL ? (int)A_NORMAL : ui_attr(ui, role);
		ui_put(ui->body, y + i, 1, text, cols - 3, attr);
		free(text);
		if (l->nmarked > 0 && l->shown != NULL && (size_t)(l->top + i) < l->nshown &&
		    ls_marked(l, l->shown[l->top + i]))
			ui_put(ui->body, y + i, 0, "*", 1, A_BOLD);
	}
	if (l->top > 0 || l->more_before)
		ui_put(ui->body, y - 1, cols - 2, "^", 1, A_BOLD);
	if ((int)n - l->top > h || l->more_after)
		ui_put(ui->body, y + h - 1, cols - 2, "v", 1, A_BOLD);
}

/* ---------------------------------------------------------------- keys */

bool
ls_target(const struct ls *l, size_t n, const struct ui_key *k, long *row)
{
	long page = l->view > 0 ? l->view : 1;

	if (!k->fn) {
		/* Tab and j go down, k up (the filter line takes letters first). */
		if (k->ch == L'\t' || k->ch == L'j')
			*row = (long)l->sel + 1;
		else if (k->ch == L'k')
			*row = (long)l->sel - 1;
		else
			return false;
		return true;
	}
	switch (k->ch) {
	case KEY_UP:
	case KEY_BTAB:
		*row = (long)l->sel - 1;
		return true;
	case KEY_DOWN:
		*row = (long)l->sel + 1;
		return true;
	case KEY_NPAGE:
		*row = (long)l->sel + page;
		return true;
	case KEY_PPAGE:
		*row = (long)l->sel - page;
		return true;
	case KEY_HOME:
		*row = 0;
		return true;
	case KEY_END:
		*row = (long)n - 1;
		return true;
	default:
		return false;
	}
}

void
ls_select(struct ls *l, size_t n, long row)
{
	if (row >= (long)n)
		row = (long)n - 1;
	if (row < 0)
		row = 0;
	l->sel = (int)row;
}

bool
ls_key(struct ls *l, size_t n, const struct ui_key *k)
{
	int page = l->view > 0 ? l->view : 1;
	long row;

	if (!ls_target(l, n, k, &row))
		return false;
	ls_select(l, n, row);
	/* A page key turns the page, not only the selection. */
	if (k->fn && k->ch == KEY_NPAGE)
		l->top += page;
	else if (k->fn && k->ch == KEY_PPAGE)
		l->top = l->top > page ? l->top - page : 0;
	return true;
}

/* ---------------------------------------------------------------- sort */

static int
compare(const struct ls *l, size_t a, size_t b)
{
	int c = l->sort_col < 0 ? 0 : l->cmp(l->cmp_arg, a, b, (size_t)l->sort_col);

	if (l->sort_desc)
		c = -c;
	return c != 0 ? c : (a > b) - (a < b);
}

/* Merge sort of shown[] by the sort column, or by index when there is
 * none (stable, no global state). */
static void
sort_shown(struct ls *l)
{
	size_t n = l->nshown, width, lo, *tmp;

	if (l->cmp == NULL || n < 2)
		return;
	tmp = ui_xrealloc(NULL, n, sizeof *tmp);
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] = compare(l, l->shown[j], l->shown[i]) < 0 ? l->shown[j++]
				                                                    : l->shown[i++];
			while (i < mid)
				tmp[k++] = l->shown[i++];
			while (j < hi)
				tmp[k++] = l->shown[j++];
		}
		memcpy(l->shown, tmp, n * sizeof *tmp);
	}
	free(tmp);
}

void
ls_set_sort(struct ls *l, int (*cmp)(const void *arg, size_t a, size_t b, size_t col),
    const void *arg)
{
	l->cmp = cmp;
	l->cmp_arg = arg;
}

bool
ls_sort_key(struct ls *l, const struct ui_key *k)
{
	size_t keep, i;
	int c;

	if (k->fn || (k->ch != L's' && k->ch != L'S') || l->cmp == NULL || l->ncols == 0)
		return false;
	if (k->ch == L'S') {
		if (l->sort_col < 0)
			l->sort_col = 0;
		l->sort_desc = !l->sort_desc;
	} else {
		/* The next column shown; after the last, the rows' own order. */
		for (c = l->sort_col + 1; c < (int)l->ncols && l->col[c].width == 0; c++)
			;
		l->sort_col = c < (int)l->ncols ? c : -1;
		l->sort_desc = false;
	}
	if (l->nshown == 0)
		return true;
	keep = l->shown[l->sel < (int)l->nshown ? l->sel : 0];
	sort_shown(l);
	for (i = 0; i < l->nshown; i++)
		if (l->shown[i] == keep)
			l->sel = (int)i;
	return true;
}

int
ls_cmp_text(const char *a, const char *b)
{
	return strcoll(a != NULL ? a : "", b != NULL ? b : "");
}

int
ls_cmp_num(long long a, long long b)
{
	return (a > b) - (a < b);
}

/* -------------------------------------------------------------- filter */

void
ls_refilter(struct ls *l, size_t n, bool (*match)(const void *arg, size_t i, const char *f),
    const void *arg)
{
	size_t i;

	l->shown = ui_xrealloc(l->shown, n, sizeof *l->shown);
	l->nshown = 0;
	for (i = 0; i < n; i++)
		if (match(arg, i, l->filter))
			l->shown[l->nshown++] = i;
	if (l->sort_col >= 0)
		sort_shown(l);
	if (l->sel >= (int)l->nshown)
		l->sel = l->nshown > 0 ? (int)l->nshown - 1 : 0;
}

/* --------------------------------------------------------------- marks */

void
ls_marks_reset(struct ls *l, size_t n)
{
	free(l->marks);
	l->marks = ui_xcalloc(n > 0 ? n : 1, sizeof *l->marks);
	l->nmarks = n;
	l->nmarked = 0;
}

void
ls_mark(struct ls *l, size_t i, bool on)
{
	if (i >= l->nmarks || l->marks[i] == on)
		return;
	l->marks[i] = on;
	if (on)
		l->nmarked++;
	else
		l->nmarked--;
}

bool
ls_marked(const struct ls *l, size_t i)
{
	return i < l->nmarks && l->marks[i];
}

bool
ls_mark_key(struct ls *l, const struct ui_key *k)
{
	size_t i;
	bool all = true;

	if (k->fn || l->nshown == 0 || (k->ch != L' ' && k->ch != L'a'))
		return false;
	if (k->ch == L' ') {
		i = l->shown[l->sel];
		ls_mark(l, i, !ls_marked(l, i));
		ls_select(l, l->nshown, (long)l->sel + 1);
		return true;
	}
	for (i = 0; i < l->nshown; i++)
		all = all && ls_marked(l, l->shown[i]);
	for (i = 0; i < l->nshown; i++)
		ls_mark(l, l->shown[i], !all);
	return true;
}

void
ls_filter_start(struct ls *l)
{
	fm_free(&l->form);
	fm_text(&l->form, "filter", _("Filter"), 200, 30, 0);
	fm_set(&l->form, "filter", l->filter);
	l->filtering = true;
}

int
ls_filter_key(struct ls *l, const struct ui_key *k)
{
	char *text;
	bool changed;

	if (!k->fn && k->ch == UI_ESC) {
		l->filtering = false;
		l->filter[0] = '\0';
		return LS_DROPPED;
	}
	if (ui_key_enter(k)) {
		l->filtering = false;
		return LS_KEPT;
	}
	if ((k->fn && (k->ch == KEY_UP || k->ch == KEY_DOWN || k->ch == KEY_BTAB)) ||
	    (!k->fn && k->ch == L'\t'))
		return LS_SAME;
	fm_key(&l->form, k);
	text = fm_get(&l->form, "filter", NULL);
	changed = strcmp(text, l->filter) != 0;
	snprintf(l->filter, sizeof l->filter, "%s", text);
	free(text);
	if (!changed)
		return LS_SAME;
	l->sel = l->top = 0;
	return LS_CHANGED;
}

void
ls_filter_draw(struct ui *ui, struct ls *l, int y)
{
	char line[512];

	if (l->filtering) {
		fm_draw(ui, &l->form, y);
	} else if (l->filter[0] != '\0') {
		snprintf(line, sizeof line, _("Filter: %s"), l->filter);
		ui_put(ui->body, y, 2, line, getmaxx(ui->body) - 4, A_BOLD);
	}
}

bool
ls_filter_drop(struct ls *l)
{
	if (l->filter[0] == '\0')
		return false;
	l->filter[0] = '\0';
	return true;
}
