/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * list.h: the list widget: a table of rows under a header of columns, one
 * line a row, that scrolls and pages with the selection kept in view, and
 * a filter line above it. The rows stay the screen's: the widget asks for
 * the line of a row only when it shows it, so a screen may hold a window
 * of a larger table (more_before, more_after) or every row, filtered in
 * memory through ls_refilter.
 *
 * Keys (ls_key): Up/Shift-Tab/k, Down/Tab/j, PgUp/PgDn (the view pages
 * with them), Home, End. Filter keys (ls_filter_key): typing edits the filter,
 * Enter keeps it, Esc drops it. Sort keys (ls_sort_key, lists held in
 * memory): s sorts by the next column shown (after the last, back to the
 * screen's own order), S reverses; the header marks the column. Mark keys
 * (ls_mark_key, lists held in memory): Space marks or unmarks the selected
 * row and moves down, a marks every row shown (or unmarks them when all
 * are marked); a marked row shows "*" in the margin.
 */
#ifndef NCPKI_UI_LIST_H
#define NCPKI_UI_LIST_H

#include "form.h"

/* A column: its title (translated) and width in display columns; 0 is
 * not shown, a negative width takes the text as it is (the last column). */
struct ls_column {
	const char *title;
	int width;
};

#define LS_COLUMNS_MAX 8

struct ls {
	struct ls_column col[LS_COLUMNS_MAX]; /* set by the screen before drawing */
	size_t ncols;
	int sel, top; /* the selected row; the first row shown */
	int view; /* rows shown by the last ls_draw */
	int below; /* body lines kept free under the rows (a detail line) */
	bool unfocused; /* the selection shows bold: the focus is elsewhere */
	bool more_before, more_after; /* rows beyond those held */
	/* the rows the filter lets through, for ls_refilter */
	size_t *shown;
	size_t nshown;
	/* the filter: a form while it is typed, then the text kept */
	bool filtering;
	struct fm form;
	char filter[256];
	/* the order: column sort_col (-1: the rows' own), by cmp (ls_set_sort) */
	int sort_col;
	bool sort_desc;
	int (*cmp)(const void *arg, size_t a, size_t b, size_t col);
	const void *cmp_arg;
	/* marks, by the screen's row index (ls_marks_reset) */
	bool *marks;
	size_t nmarks, nmarked;
};

void ls_init(struct ls *l);
void ls_free(struct ls *l);

/* The cells, one a column, cut or padded to their columns, a space after
 * each. Caller frees. */
char *ls_row(const struct ls *l, const char *const *cells);
/*
 * The columns' titles on row y of the body, then n rows from row y + 1
 * down, or the text `empty` when there are none. line(arg, i, &role)
 * gives row i's text (caller frees; role: how it shows unselected). "^"
 * on row y and "v" on the last row when rows are out of view.
 */
void ls_draw(struct ui *ui, struct ls *l, int y, size_t n, const char *empty,
    char *(*line)(void *arg, size_t i, enum ui_role *role), void *arg);

/* The row a move key asks for among n, before it is held to them (it
 * may lie beyond either end); false when k is not a move key. */
bool ls_target(const struct ls *l, size_t n, const struct ui_key *k, long *row);
/* Selects row, held to the n rows. */
void ls_select(struct ls *l, size_t n, long row);
/* Moves the selection by k among n rows; true when k was a move key. */
bool ls_key(struct ls *l, size_t n, const struct ui_key *k);

/* Keeps the rows i < n for which match(arg, i, filter) holds; the
 * selection stays among them. */
void ls_refilter(struct ls *l, size_t n, bool (*match)(const void *arg, size_t i, const char *f),
    const void *arg);

/*
 * Lets s and S sort the rows: cmp(arg, a, b, col) compares rows a and b
 * (indexes into the screen's rows) by column col, like strcmp. ls_refilter
 * keeps the order, ties in the rows' own order.
 */
void ls_set_sort(struct ls *l, int (*cmp)(const void *arg, size_t a, size_t b, size_t col),
    const void *arg);
/* s or S: sorts the rows shown again, the selection staying on its row;
 * false when k is neither (or the list has no cmp). */
bool ls_sort_key(struct ls *l, const struct ui_key *k);
/* Helpers for cmp: text (in the locale's collation) and numbers. */
int ls_cmp_text(const char *a, const char *b);
int ls_cmp_num(long long a, long long b);

/* Makes room for marks on n rows, none marked. */
void ls_marks_reset(struct ls *l, size_t n);
/* Marks (or unmarks) the screen's row i. */
void ls_mark(struct ls *l, size_t i, bool on);
bool ls_marked(const struct ls *l, size_t i);
/* Space or a (above) on the rows shown; false when k is neither. */
bool ls_mark_key(struct ls *l, const struct ui_key *k);

/* What a key did to the filter; from LS_CHANGED on, the rows shown change. */
enum ls_filter_result {
	LS_SAME, /* nothing changed */
	LS_KEPT, /* Enter: the form closed, the filter stays */
	LS_CHANGED, /* the filter's text changed (the selection went home) */
	LS_DROPPED /* Esc: the form closed, the filter is empty */
};
/* Opens the filter's one-line form with the text kept. */
void ls_filter_start(struct ls *l);
int ls_filter_key(struct ls *l, const struct ui_key *k);
/* The form at row y while the filter is typed, else the filter kept. */
void ls_filter_draw(struct ui *ui, struct ls *l, int y);
/* Drops the filter kept; false when there was none. */
bool ls_filter_drop(struct ls *l);

#endif /* NCPKI_UI_LIST_H */
