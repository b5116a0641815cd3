/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * term.h: the bottom of the console, under the widgets and the screens:
 * the console state every piece receives (store, body window, message
 * line, header status, the stack of screens), colours by role, keys and
 * signals, the message line with its busy spinner, UTF-8 text measured in
 * display columns, and how memory is allocated. Nothing here calls up
 * into the widgets, the screens or the loop: the loop hands its frame
 * drawing in as ui->redraw.
 */
#ifndef NCPKI_UI_TERM_H
#define NCPKI_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>
#include <curses.h>

#include "ncpki.h"

/* What a key handler asks the console to do next. */
enum ui_action {
	UI_NONE, /* nothing to redraw */
	UI_REDRAW, /* redraw the screen */
	UI_UNHANDLED, /* the console may handle the key (Esc, F10...) */
	UI_OPEN, /* push ui->next (set with ui_open) */
	UI_CLOSE, /* pop this screen */
	UI_QUIT /* leave the console */
};

/* One key: a function key (KEY_* in ch) or a character. */
struct ui_key {
	bool fn;
	wint_t ch;
};

#define UI_ESC 27

/* Enter, as a character or as the keypad's key. */
bool ui_key_enter(const struct ui_key *k);

struct screen; /* ui.h */

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
	/* draws the whole frame and shows it (set by the loop) */
	void (*redraw)(struct ui *ui);
	/* called about once a second while the console waits for a key on
	 * its own window (not under a dialog); set by the loop, may be NULL */
	void (*idle)(struct ui *ui);
	/* the label of the button F2 presses in the form drawn last (fm_draw
	 * sets it, the frame clears it first); the key bar shows it */
	const char *key_commit;
	/* the form drawn last does not fit: the key bar names PgDn (as
	 * key_commit: set by fm_draw, cleared by the frame) */
	bool key_page;
};

/* ------------------------------------------------------------- memory */

/*
 * The project's allocation-failure policy. The library and the commands
 * never end the process: libncpki returns PKI_ERR_NOMEM and the CLI and
 * ncpkid report it and give up the command or the request. The console
 * allocates through these wrappers instead, because a failure can strike
 * in the middle of a frame, where no error can be returned to anyone: on
 * failure they restore the terminal, print the library's message for
 * PKI_ERR_NOMEM and exit with the status the CLI gives that error. No
 * code in ui/ calls malloc, calloc, realloc or strdup directly, and none
 * tests their result.
 */
void *ui_xmalloc(size_t size);
void *ui_xcalloc(size_t n, size_t size);
void *ui_xrealloc(void *p, size_t n, size_t size);
char *ui_xstrdup(const char *s);
/* The same end, for what curses' libraries could not allocate. */
void ui_nomem(void) __attribute__((noreturn));

/* ------------------------------------------------------------- colours */

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
/* Starts colour unless NO_COLOR is set or the terminal has none. */
void ui_colours_init(struct ui *ui);
int ui_attr(const struct ui *ui, enum ui_role role);

/* ------------------------------------------------------ keys, signals */

/*
 * SIGINT and SIGTERM set a flag that ui_getkey and ui_run look at; the
 * library's network calls stop on the flag ui_run raises for Esc.
 */
void ui_signals_catch(void);
void ui_signals_restore(void);
/* The signal caught (0: none). */
int ui_signal_caught(void);
/* Reads a key; false when the console must end (signal). */
bool ui_getkey(struct ui *ui, WINDOW *w, struct ui_key *k);
/* Redraws everything (frame, top screen) and shows it. */
void ui_redraw(struct ui *ui);

/* -------------------------------------------------------- message line */

void ui_message(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The library's message for err (or its generic text). */
void ui_error_pki(struct ui *ui, const struct pki_error *err);
/* Lines the message line needs (1 to 3). */
int ui_message_lines(const struct ui *ui);
/* Draws the message line above the key bar (on stdscr). */
void ui_draw_message(struct ui *ui);
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

/* ---------------------------------------------------------------- text */

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
/* Draws s wrapped to width columns from (y, x) down, at most max lines
 * and never below row `bottom`; returns the lines drawn. */
int ui_put_wrapped(WINDOW *w, int y, int x, const char *s, int width, int max, int bottom,
    int attr);
/*
 * s cut or padded with spaces to exactly width columns, into out (size
 * bytes); returns the columns written.
 */
int ui_fit(char *out, size_t size, const char *s, int width);
/* The screen title on the body's first line. */
void ui_title(struct ui *ui, const char *title);
/* pki_sanitize that never returns NULL (caller frees). */
char *ui_clean(const char *s);
/*
 * A fingerprint "AB:CD:EF:01:23:..." as the console shows it: in groups of
 * four bytes, "AB:CD:EF:01 23:45:67:89 ...", which wrap between groups and
 * never inside a byte, and read aloud a group at a time. Anything else is
 * returned as ui_clean makes it. Caller frees.
 */
char *ui_fingerprint(const char *fp);
/* "2026-11-22 14:03" in local time. */
void ui_time(time_t t, char *buf, size_t size);

#endif /* NCPKI_UI_TERM_H */
