/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h: what the console's pieces share: the screen table (a screen is a
 * set of functions whose .key says what happens next), the console state
 * every screen receives (store, body window, message line, header status),
 * the drawing helpers (UTF-8 aware, display-width based), the modal
 * dialogs (panels) and the field widgets that the forms are made of.
 */
#ifndef NCPKI_UI_H
#define NCPKI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#include "ncpki.h"

/* ------------------------------------------------------------- screens */

/* What a screen's .key asks the console to do next. */
enum ui_action {
	UI_NONE, /* nothing to redraw */
	UI_REDRAW, /* redraw the screen */
	UI_UNHANDLED, /* the console may handle the key (Esc, F10...) */
	UI_OPEN, /* push ui->next (set with ui_open) */
	UI_CLOSE, /* pop this screen */
	UI_QUIT /* leave the console */
};

/* Keys the key bar can list; a screen's .keys returns a mask of them. */
enum ui_keyhint {
	KB_HELP = 1 << 0,
	KB_MOVE = 1 << 1,
	KB_SELECT = 1 << 2,
	KB_TOGGLE = 1 << 3,
	KB_BACK = 1 << 4,
	KB_QUIT = 1 << 5,
	KB_PROCESS = 1 << 6,
	KB_DELETE = 1 << 7,
	KB_FILTER = 1 << 8,
	KB_PAGE = 1 << 9,
	KB_EDIT = 1 << 10,
	KB_GET = 1 << 11,
	KB_REVOKE = 1 << 12,
	KB_RELEASE = 1 << 13,
	KB_EXPORT = 1 << 14,
	KB_EXPIRY = 1 << 15,
};

/* One key: a function key (KEY_* in ch) or a character. */
struct ui_key {
	bool fn;
	wint_t ch;
};

struct ui;

struct screen {
	const char *help; /* N_(): shown by F1 */
	int (*init)(struct ui *ui, void **state, const void *arg);
	void (*draw)(struct ui *ui, void *state);
	int (*key)(struct ui *ui, void *state, const struct ui_key *k);
	void (*free)(void *state);
	unsigned (*keys)(void *state); /* enum ui_keyhint mask */
	bool (*dirty)(void *state); /* unsaved input? (may be NULL) */
	void (*resume)(struct ui *ui, void *state); /* back on top (may be NULL) */
};

extern const struct screen screen_main;
extern const struct screen screen_server;
extern const struct screen screen_csr_queue;
extern const struct screen screen_csr_process;
extern const struct screen screen_client_submit;
extern const struct screen screen_client_get;
extern const struct screen screen_client_configure;
extern const struct screen screen_audit;
extern const struct screen screen_certs;
extern const struct screen screen_offline;

#define UI_STACK_MAX 8

struct ui {
	pki_store *store;
	WINDOW *body; /* between the header and the message line */
	int rows, cols;
	bool color;
	char msg[PKI_ERROR_MSG_MAX + 128];
	bool msg_error;
	/* header status, refreshed by ui_refresh_status */
	char server_root[PKI_FILE_ROOT_MAX * 4 + 1];
	bool server_configured;
	bool client_configured;
	size_t pending;
	/* the screen stack */
	struct {
		const struct screen *s;
		void *state;
	} stack[UI_STACK_MAX];
	int depth;
	const struct screen *next;
	const void *next_arg;
	bool cancelled; /* Esc cancelled the last ui_run */
};

/* Attributes by role; monochrome when colour is off. */
enum ui_role {
	R_NORMAL,
	R_HEADER,
	R_TITLE,
	R_KEYBAR,
	R_KEY,
	R_ERROR,
	R_FIELD,
	R_FOCUS,
	R_SELECT,
	R_DIM,
	R_HEADING,
	R_DIALOG,
};
int ui_attr(const struct ui *ui, enum ui_role role);

int ui_open(struct ui *ui, const struct screen *s, const void *arg);
void ui_message(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The library's message for err (or its generic text). */
void ui_error_pki(struct ui *ui, const struct pki_error *err);
void ui_refresh_status(struct ui *ui);
/* Redraws everything (frame, top screen) and shows it. */
void ui_redraw(struct ui *ui);
/* Reads a key; false when the console must end (signal). */
bool ui_getkey(struct ui *ui, WINDOW *w, struct ui_key *k);
/* Shows "working" text on the message line at once. */
void ui_busy(struct ui *ui, const char *text);
/*
 * Long work (key generation, network calls): fn(arg) runs on a worker
 * thread while the message line shows text with a spinner and the seconds
 * elapsed, and the screen keeps redrawing on resize. Esc cancels the
 * network call under way when cancellable (ui->cancelled is then true),
 * else says to wait. Meanwhile only fn uses the store, and fn never calls
 * curses. A signal restores the terminal and ends the process. Returns
 * fn's result; the message line is left empty.
 */
int ui_run(struct ui *ui, const char *text, bool cancellable, int (*fn)(void *arg), void *arg);

/* ------------------------------------------------------------ drawing */

/* Display columns of a UTF-8 string. */
int ui_width(const char *s);
/* Draws s at (y, x), at most maxw columns; returns the columns used. */
int ui_put(WINDOW *w, int y, int x, const char *s, int maxw, int attr);
/*
 * Splits s into lines of at most width columns (at spaces where it can).
 * Returns the number of lines; when lines != NULL stores malloc'd copies
 * (up to max). Caller frees each.
 */
int ui_wrap(const char *s, int width, char **lines, int max);
/*
 * s cut or padded with spaces to exactly width columns, into out (size
 * bytes); returns the columns written.
 */
int ui_fit(char *out, size_t size, const char *s, int width);
/* The screen title on the body's first line. */
void ui_title(struct ui *ui, const char *title);
/* pki_sanitize that never returns NULL (caller frees). */
char *ui_clean(const char *s);
/* "2026-11-22 14:03" in local time. */
void ui_time(time_t t, char *buf, size_t size);

/* ------------------------------------------------------------ dialogs */

/* A question with OK/Cancel buttons; true for OK. */
bool ui_confirm(struct ui *ui, const char *title, const char *text);
/* Asks before a form with unsaved input is left; true: leave. */
bool ui_confirm_discard(struct ui *ui);
/* A text to read (scrolls), closed by Enter or Esc. */
void ui_notice(struct ui *ui, const char *title, const char *text);
/* The help of the screen on top. */
void ui_help(struct ui *ui);

/* --------------------------------------------------------------- forms */

enum fw_kind { FW_HEADING, FW_LABEL, FW_INFO, FW_GAP, FW_TEXT, FW_RADIO, FW_CHECK, FW_BUTTON };

#define FW_REQUIRED 1u
#define FW_MASKED 2u
#define FW_INLINE 4u /* radio options side by side */

/* libform's types (<form.h>), kept opaque here. */
struct fieldnode;
struct formnode;

struct fw {
	enum fw_kind kind;
	char id[32];
	char *label; /* translated, owned */
	char *value; /* FW_INFO: owned */
	unsigned flags;
	bool hidden;
	/* FW_TEXT: the text lives in a libform field (form.c) */
	struct fieldnode *field;
	size_t max; /* characters */
	int want; /* requested width in columns */
	int width; /* width shown (want, narrowed to the window) */
	/* FW_RADIO (group in id) and FW_CHECK */
	int option;
	bool on;
	char *error; /* shown beside the field; owned */
	/* layout */
	int y, x, h;
};

struct fm {
	struct fw *w;
	size_t n, cap;
	int focus; /* index into w, -1: none */
	int top; /* first row shown */
	int label_w;
	bool dirty;
	const char *pressed; /* the button that was activated */
	/* libform: one form holding the text fields, one per row of a pad
	 * that is never shown; fm_draw copies each field's row in place. */
	struct formnode *form;
	struct fieldnode **fields;
	WINDOW *pad;
	bool stale; /* text fields added or resized: rebuild form */
	int entered; /* the text widget libform's cursor is in, -1 */
	int resume_w, resume_col; /* its cursor while the form is rebuilt */
};

enum fm_result { FM_NONE, FM_CHANGED, FM_PRESSED, FM_UNHANDLED };

void fm_init(struct fm *f);
/* Wipes the text buffers and frees everything. */
void fm_free(struct fm *f);
struct fw *fm_add(struct fm *f, enum fw_kind kind, const char *id, const char *label);
struct fw *fm_text(struct fm *f, const char *id, const char *label, size_t max, int width,
    unsigned flags);
struct fw *fm_radio(struct fm *f, const char *group, const char *label, int option, bool on,
    unsigned flags);
struct fw *fm_info(struct fm *f, const char *label, const char *value);
struct fw *fm_find(struct fm *f, const char *id);
/*
 * The text of a field as UTF-8, without trailing blanks (libform pads the
 * field with them); *len gets its length. Caller frees (pki_secret_free
 * for secrets).
 */
char *fm_get(struct fm *f, const char *id, size_t *len);
void fm_set(struct fm *f, const char *id, const char *utf8);
void fm_clear_text(struct fm *f, const char *id);
int fm_radio_value(struct fm *f, const char *group);
bool fm_checked(struct fm *f, const char *id);
bool fm_set_error(struct fm *f, const char *id, const char *msg);
void fm_clear_errors(struct fm *f);
void fm_focus(struct fm *f, const char *id);
/* Focuses the first field with an error; false when none. */
bool fm_focus_error(struct fm *f);
void fm_draw(struct ui *ui, struct fm *f, int y0);
int fm_key(struct fm *f, const struct ui_key *k);

#define UI_ESC 27

/* --------------------------------------------------------------- tables */

#include <menu.h>

/* A table: one line a row, shown as a menu that scrolls and pages. */
struct ui_table {
	MENU *menu;
	ITEM **items;
	char **names; /* owned: the rows' lines */
	WINDOW *sub;
	int sel, top; /* the selected row; the first row shown */
};
/* Frees the menu of the last drawing (sel and top stay). */
void ui_table_drop(struct ui_table *t);
/*
 * Shows the n lines (taken over; freed by ui_table_drop) in the body from
 * row y down, the selection kept in view; "^" on row y - 1 and "v" on the
 * last row when rows are out of view.
 */
void ui_table_show(struct ui *ui, struct ui_table *t, char **lines, size_t n, int y);
/* Up/Down/Tab/Shift-Tab/PgUp/PgDn/Home/End among n rows; true when the
 * key was one of them. */
bool ui_table_key(struct ui *ui, struct ui_table *t, size_t n, const struct ui_key *k);

/* ------------------------------------------------------------ the CA key */

/*
 * Opens the CA's key without a password first, so that a missing key file
 * is said before any password is typed. 0: *out is open (an unencrypted
 * key); PKI_ERR_PASSWORD: ask for it (the message line says so); else the
 * error is on the message line.
 */
int ui_signer_try(struct ui *ui, pki_signer **out);
/*
 * Opens the CA's key with the password typed in field `id` of f, which is
 * wiped. 0: *out is open; else the error is beside the field and on the
 * message line.
 */
int ui_signer_unlock(struct ui *ui, struct fm *f, const char *id, pki_signer **out);

#endif /* NCPKI_UI_H */
