/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * form.h: the form widget: headings, wrapped text, label/value lines,
 * text fields (UTF-8, optionally masked), radio buttons, check boxes and
 * buttons in one column that scrolls to keep the focused field in view
 * (PgUp and PgDn move the view a page, text included, with ^ and v in the
 * right column, which nothing else uses), each field's error message
 * beside it.
 */
#ifndef NCPKI_UI_FORM_H
#define NCPKI_UI_FORM_H

#include "term.h"

enum fw_kind { FW_HEADING, FW_LABEL, FW_INFO, FW_GAP, FW_TEXT, FW_RADIO, FW_CHECK, FW_BUTTON };

#define FW_REQUIRED 1u
#define FW_MASKED 2u
#define FW_INLINE 4u /* radio options side by side */

/* libform's types (<form.h>), kept opaque here. */
struct fieldnode;
struct formnode;

struct fm_button;

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
	/* FW_BUTTON: what it does (NULL: only sets fm.pressed) */
	const struct fm_button *button;
	/* layout */
	int y, x, h;
};

struct fm {
	struct fw *w;
	size_t n, cap;
	int focus; /* index into w, -1: none */
	int top; /* first row shown */
	int page_h, total; /* the rows shown and laid out, at the last draw */
	bool view_moved; /* PgUp/PgDn put the view: the focus does not move it */
	int label_w;
	bool dirty;
	const char *pressed; /* the button that was activated */
	const struct fm_button *finish; /* the password step's button */
	bool asking_password; /* the password step is shown */
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
/* The same for a fingerprint, shown in groups (ui_fingerprint). */
struct fw *fm_fingerprint(struct fm *f, const char *label, const char *fp);
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
bool fm_has_error(struct fm *f, const char *id);
void fm_clear_errors(struct fm *f);
void fm_focus(struct fm *f, const char *id);
/* Focuses the first field with an error; false when none. */
bool fm_focus_error(struct fm *f);
void fm_draw(struct ui *ui, struct fm *f, int y0);
int fm_key(struct fm *f, const struct ui_key *k);

/* ------------------------------------------------------------- buttons */

/*
 * A form's buttons are declared in a table, one row of buttons a table:
 * the id, the label (N_()), a function key that presses the button from
 * anywhere in the form (0: none) and what pressing it does, given the
 * form and the screen's state; it returns what the console does next (enum ui_action).
 */
/* The key that presses a form's commit button (Save, Issue Certificate,
 * Revoke...) from any of its fields. */
#define FM_KEY_COMMIT KEY_F(2)
struct fm_button {
	const char *id;
	const char *label;
	int key;
	int (*fn)(struct ui *ui, struct fm *f, void *state);
};

/* Buttons' fn: close the screen; close it, asking first when the form
 * holds unsaved input. */
int fm_close(struct ui *ui, struct fm *f, void *state);
int fm_cancel(struct ui *ui, struct fm *f, void *state);

void fm_buttons(struct fm *f, const struct fm_button *b, size_t n);
#define FM_BUTTONS(f, table) fm_buttons((f), (table), sizeof(table) / sizeof((table)[0]))
/*
 * A key for a form whose buttons come from tables: the form's keys, and a
 * button pressed runs its fn. UI_UNHANDLED for the keys the form passes on
 * (Esc...), UI_REDRAW for the others.
 */
int fm_handle(struct ui *ui, struct fm *f, void *state, const struct ui_key *k);

/* ---------------------------------------------------- the password step */

/*
 * The password step of a form whose action needs the CA's private key: a
 * line that asks for the key file's password, a masked field ("password")
 * and the Finish button `finish`, all hidden until fm_password_ask shows
 * them in place of the button `instead` and puts the cursor in the field.
 * Added before the form's other buttons.
 */
void fm_password_step(struct fm *f, const struct fm_button *finish);
void fm_password_ask(struct fm *f, const char *instead);

/* ----------------------------------------------- a screen made of a form */

/*
 * For a screen whose state begins with its form (struct { struct fm form;
 * ... }): the key handler (fm_handle), whether it holds unsaved input
 * (while its password step is shown, for fm_screen_dirty_password), and
 * the free function of a state that holds nothing else.
 */
int fm_screen_key(struct ui *ui, void *state, const struct ui_key *k);
bool fm_screen_dirty(void *state);
bool fm_screen_dirty_password(void *state);
void fm_screen_free(void *state);

#endif /* NCPKI_UI_FORM_H */
