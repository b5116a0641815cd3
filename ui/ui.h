/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h: what the console's screens share: the screen table (a screen is a
 * set of functions whose .key says what happens next), the keys the key
 * bar lists, the screens themselves and what the loop does for them. The
 * screens are built on the widget layer (widgets/: the terminal, dialogs,
 * the list and the form), which never calls up into them or the loop.
 */
#ifndef NCPKI_UI_H
#define NCPKI_UI_H

#include "widgets/term.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "widgets/list.h"

/* ------------------------------------------------------------- screens */

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
	KB_REFUSED = 1 << 16,
	KB_SORT = 1 << 17,
	KB_COMMIT = 1 << 18, /* F2 and the form's commit button (ui->key_commit) */
	KB_MARK = 1 << 19,
	KB_BATCH = 1 << 20,
	KB_CHECK = 1 << 21,
	KB_RETRY = 1 << 22, /* r, a and f of the mail outbox */
	KB_EARLIER = 1 << 23, /* o: the client's resubmit and import */
};

struct screen {
	const char *help; /* N_(): shown by F1 */
	int (*init)(struct ui *ui, void **state, const void *arg);
	void (*draw)(struct ui *ui, void *state);
	int (*key)(struct ui *ui, void *state, const struct ui_key *k);
	void (*free)(void *state);
	unsigned keymask; /* the keys the key bar lists (enum ui_keyhint)... */
	unsigned (*keys)(void *state); /* ...or, when they vary, these (may be NULL) */
	bool (*dirty)(void *state); /* unsaved input? (may be NULL) */
	void (*resume)(struct ui *ui, void *state); /* back on top (may be NULL) */
	/* about once a second while the console waits for a key on this
	 * screen (not under a dialog): slow work that may wait (may be NULL) */
	void (*idle)(struct ui *ui, void *state);
};

extern const struct screen screen_main;
extern const struct screen screen_server;
extern const struct screen screen_csr_queue;
extern const struct screen screen_csr_process;
extern const struct screen screen_csr_batch;
extern const struct screen screen_client_submit;
extern const struct screen screen_client_get;
extern const struct screen screen_client_configure;
extern const struct screen screen_audit;
extern const struct screen screen_certs;
extern const struct screen screen_offline;
extern const struct screen screen_maintenance;
extern const struct screen screen_check;
extern const struct screen screen_mail;
extern const struct screen screen_crl;
extern const struct screen screen_settings;
extern const struct screen screen_ocsp;
extern const struct screen screen_service;
extern const struct screen screen_client_earlier;
extern const struct screen screen_ca_cert;

/* After a request was sent (Submit, Resubmit): the guide's message in a
 * dialog and on the message line; created: it says which files were made. */
void ui_client_submitted(struct ui *ui, const struct pki_client_submitted *sub, bool created);

/* Asks the loop to push s with arg; returns UI_OPEN. */
int ui_open(struct ui *ui, const struct screen *s, const void *arg);
/* The client's configuration (free with pki_client_config_clear); false,
 * said on the message line (not configured yet: where to do it), when it
 * cannot be read. */
bool ui_client_config(struct ui *ui, struct pki_client_config *cfg);
/* Reads the header's status (configured, pending) again. */
void ui_refresh_status(struct ui *ui);
/* The help of the screen on top. */
void ui_help(struct ui *ui);

/* The line about the CA's own certificate when it has expired or expires
 * within `days` of now, else "" (screen_certs.c). */
void ui_ca_expiry(struct ui *ui, long days, time_t now, char *buf, size_t size);

/* ------------------------------------------------- shared fields (fields.c) */

/* The subject DN's six text fields (ids country, state, locality, org,
 * ou, cn) and, read back, their texts with the pki_dn over them. */
struct ui_dn_text {
	char *country, *state, *locality, *org, *ou, *cn;
	struct pki_dn dn; /* borrows the texts */
};
void ui_dn_fields(struct fm *f);
void ui_dn_read(struct fm *f, struct ui_dn_text *t);
void ui_dn_text_free(struct ui_dn_text *t);
/* The key type radio group (id key_type, `selected` selected). */
void ui_key_type_field(struct fm *f, enum pki_key_type selected);
/* Splits "a, b,c" in place at any of seps (",", or ", " for commas or
 * spaces) into at most max trimmed, non-empty items; their count. */
size_t ui_split_list(char *text, const char *seps, const char **out, size_t max);
/* A delegated key pair's certificate: its number (when not 0), subject,
 * alternative names (when not NULL), key, validity, SHA-1 and key file. */
struct ui_pair_view {
	uint64_t serial;
	const char *subject, *sans, *key_desc, *sha1, *key_path;
	time_t not_before, not_after;
};
void ui_pair_info(struct fm *f, const struct ui_pair_view *v);
/* A whole number of days from 1 to max in text field id, into *days;
 * false (the fault beside the field, which gets the focus) when not. */
bool ui_days_read(struct fm *f, const char *id, long max, long *days);

/* ------------------------------------------------------------ the CA key */

/*
 * Opens the CA's key and runs apply(ui, state, signer) with it, then
 * closes it. The first time (finish false) the key is opened without a
 * password: an encrypted key shows f's password step in place of the
 * button `instead` (fm_password_ask), whose Finish comes back with finish
 * true to open it with the password typed, which is wiped. Errors go
 * beside the field and on the message line. Returns apply's action, or
 * UI_REDRAW.
 */
int ui_sign(struct ui *ui, struct fm *f, const char *instead, bool finish,
    int (*apply)(struct ui *ui, void *state, pki_signer *signer), void *state);
/*
 * The same for a form whose fields are read and checked first: check
 * (NULL: none) marks each fault beside its field and returns false, and
 * then nothing is done; else ui_sign. A screen's button and its password
 * step's Finish each call this with the same step (finish false, true).
 */
struct ui_sign_step {
	const char *instead; /* the button the password step takes the place of */
	bool (*check)(struct fm *f, void *state);
	int (*apply)(struct ui *ui, void *state, pki_signer *signer);
};
int ui_sign_step(struct ui *ui, struct fm *f, void *state, const struct ui_sign_step *step,
    bool finish);

#endif /* NCPKI_UI_H */
