/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_client_get.c: "Get Certificate(s) from Certificate Authority
 * server". Two buttons, "Get Certificate Authority Certificate" and "Show
 * Certificates for This Instance", over the table of the certificates the
 * CA issued (Serial, Hostname, Instance, Filename; only Serial Number and
 * Filename for this instance), with a filter line that searches the serial,
 * hostname, instance and file name.
 *
 * On first contact nothing is trusted yet: Get Certificate Authority
 * Certificate fetches the CA's certificate, shows its SHA-1 and SHA-256
 * fingerprints and asks the operator to confirm them against the ones the
 * CA administrator reads out; only then is it pinned and saved. Every
 * string the server sent is shown through pki_sanitize.
 *
 * Keys: Tab/Shift-Tab move between the buttons and the table, Enter
 * presses a button or gets the certificate of the row, g gets it, Up/Down/
 * PgUp/PgDn/Home/End move in the table, / filters (Enter keeps the filter,
 * Esc drops it), r lists again, o opens the page that resubmits a request
 * or imports certificates from an offline CA; Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ui.h"

enum { F_CA, F_MINE, F_TABLE, F__COUNT };

struct cert_row {
	uint64_t serial;
	char *hostname, *instance, *root, *subject; /* sanitized */
	bool mine;
};

struct get_state {
	char *server; /* "host:port", sanitized */
	char *instance; /* this instance's name, as stored */
	bool pinned;
	struct cert_row *rows;
	size_t n;
	struct ls list; /* shown: the rows the filter lets through */
	bool listed; /* the last listing worked */
	bool mine; /* Show Certificates for This Instance */
	int focus;
};

static void
rows_free(struct get_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->rows[i].hostname);
		free(s->rows[i].instance);
		free(s->rows[i].root);
		free(s->rows[i].subject);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static bool
row_matches(const void *arg, size_t i, const char *f)
{
	const struct get_state *s = arg;
	const struct cert_row *r = &s->rows[i];
	char serial[32];

	if (s->mine && !r->mine)
		return false;
	if (f[0] == '\0')
		return true;
	snprintf(serial, sizeof serial, "%" PRIu64, r->serial);
	return strcasestr(serial, f) != NULL || strcasestr(r->hostname, f) != NULL ||
	    strcasestr(r->instance, f) != NULL || strcasestr(r->root, f) != NULL;
}

static void
apply_filter(struct get_state *s)
{
	ls_refilter(&s->list, s->n, row_matches, s);
}

/* The network calls, run by ui_run on its worker thread. */
struct net_job {
	pki_store *store;
	uint64_t serial;
	bool overwrite;
	struct pki_cert_info *arr, *info;
	size_t n;
	struct pki_client_ca *ca;
	char *path;
	struct pki_error err;
};

static int
list_job(void *p)
{
	struct net_job *j = p;

	return pki_client_list(j->store, NULL, &j->arr, &j->n, &j->err);
}

static int
fetch_ca_job(void *p)
{
	struct net_job *j = p;

	return pki_client_fetch_ca(j->store, j->ca, &j->err);
}

static int
get_job(void *p)
{
	struct net_job *j = p;

	return pki_client_get(j->store, j->serial, j->overwrite, &j->path, j->info, &j->err);
}

static const char *
contacting(void)
{
	return _("Contacting the Certificate Authority server...");
}

/* Reads the client's configuration; false (with the message set) when
 * the client is not configured. */
static bool
load_config(struct ui *ui, struct get_state *s)
{
	struct pki_client_config cfg;
	char server[600];

	if (!ui_client_config(ui, &cfg))
		return false;
	free(s->server);
	free(s->instance);
	snprintf(server, sizeof server, "%s:%ld", cfg.server_host, cfg.server_port);
	s->server = ui_clean(server);
	s->instance = ui_xstrdup(cfg.instance);
	s->pinned = cfg.ca_file_root != NULL && cfg.ca_file_root[0] != '\0';
	pki_client_config_clear(&cfg);
	return true;
}

/* Asks the server for the issued certificates. */
static void
load_list(struct ui *ui, struct get_state *s)
{
	struct pki_cert_info *arr = NULL;
	struct net_job job;
	size_t n = 0, i;

	rows_free(s);
	s->listed = false;
	apply_filter(s);
	if (!s->pinned)
		return;
	memset(&job, 0, sizeof job);
	job.store = ui->store;
	pki_error_clear(&job.err);
	if (ui_run(ui, contacting(), true, list_job, &job) != 0) {
		ui_error_pki(ui, &job.err);
		return;
	}
	arr = job.arr;
	n = job.n;
	s->rows = ui_xcalloc(n, sizeof *s->rows);
	for (i = 0; i < n; i++) {
		s->rows[i].serial = arr[i].serial;
		s->rows[i].hostname = ui_clean(arr[i].hostname);
		s->rows[i].instance = ui_clean(arr[i].instance);
		s->rows[i].root = ui_clean(arr[i].file_root);
		s->rows[i].subject = ui_clean(arr[i].subject);
		s->rows[i].mine =
		    arr[i].instance != NULL && strcmp(arr[i].instance, s->instance) == 0;
	}
	s->n = n;
	s->listed = true;
	pki_cert_info_array_free(&arr, n);
	apply_filter(s);
}

static void get_free(void *state);

enum { C_SERIAL, C_HOST, C_INST, C_ROOT, C_SUBJECT, C__COUNT };

/* The order of rows a and b by column col (s and S). */
static int
row_cmp(const void *arg, size_t a, size_t b, size_t col)
{
	const struct cert_row *x = &((const struct get_state *)arg)->rows[a];
	const struct cert_row *y = &((const struct get_state *)arg)->rows[b];

	switch (col) {
	case C_SERIAL:
		return ls_cmp_num((long long)x->serial, (long long)y->serial);
	case C_HOST:
		return ls_cmp_text(x->hostname, y->hostname);
	case C_INST:
		return ls_cmp_text(x->instance, y->instance);
	case C_ROOT:
		return ls_cmp_text(x->root, y->root);
	default:
		return ls_cmp_text(x->subject, y->subject);
	}
}

static int
get_init(struct ui *ui, void **state, const void *arg)
{
	struct get_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	ls_init(&s->list);
	ls_set_sort(&s->list, row_cmp, s);
	if (!load_config(ui, s)) {
		get_free(s);
		return -1;
	}
	s->focus = s->pinned ? F_TABLE : F_CA;
	load_list(ui, s);
	if (!s->pinned)
		ui_message(ui, "%s",
		    _("First contact: get the Certificate Authority "
		      "certificate and confirm its fingerprints."));
	*state = s;
	return 0;
}

/* ---------------------------------------------------------------- drawing */

/* The columns for a table `cols` wide: Serial Number and Filename only
 * for this instance's certificates. */
static void
columns_for(struct get_state *s, int cols)
{
	struct ls_column *c = s->list.col;

	c[C_SERIAL] = (struct ls_column){ s->mine ? _("Serial Number") : _("Serial"), 8 };
	c[C_HOST] = (struct ls_column){ _("Hostname"), 0 };
	c[C_INST] = (struct ls_column){ _("Instance"), 0 };
	c[C_ROOT] = (struct ls_column){ _("Filename"), 0 };
	c[C_SUBJECT] = (struct ls_column){ _("Subject"), 0 };
	if (s->mine) {
		c[C_SERIAL].width = 14;
		c[C_ROOT].width = cols - 14 - 1;
	} else if (cols >= 120) {
		c[C_HOST].width = 28;
		c[C_INST].width = 16;
		c[C_ROOT].width = 20;
		c[C_SUBJECT].width = cols - 8 - 28 - 16 - 20 - 4;
	} else {
		c[C_INST].width = 14;
		c[C_ROOT].width = 18;
		c[C_HOST].width = cols - 8 - 14 - 18 - 3;
	}
	s->list.ncols = C__COUNT;
}

static char *
get_line(void *arg, size_t i, enum ui_role *role)
{
	const struct get_state *s = arg;
	const struct cert_row *r = &s->rows[s->list.shown[i]];
	char serial[32];
	const char *cells[C__COUNT] = { serial, r->hostname, r->instance, r->root, r->subject };

	(void)role;
	snprintf(serial, sizeof serial, "%" PRIu64, r->serial);
	return ls_row(&s->list, cells);
}

static int
draw_button(struct ui *ui, int y, int x, const char *label, bool focus)
{
	int n = 0;

	n += ui_put(ui->body, y, x, "[ ", 2, A_NORMAL);
	n += ui_put(ui->body, y, x + n, label, 60, focus ? ui_attr(ui, R_FOCUS) : (int)A_BOLD);
	n += ui_put(ui->body, y, x + n, " ]", 2, A_NORMAL);
	return n;
}

#define TABLE_Y 8

static void
get_draw(struct ui *ui, void *state)
{
	struct get_state *s = state;
	char line[4 * 1024], *text;
	int rows, cols;

	getmaxyx(ui->body, rows, cols);
	ui_title(ui, _("Get Certificate(s) from Certificate Authority server"));
	/* The server and the state of trust in it: one line when both fit
	 * (never cut), else one each. */
	snprintf(line, sizeof line, _("Certificate Authority server: %s   %s"), s->server,
	    s->pinned ? _("CA certificate: pinned") : _("CA certificate: not yet confirmed"));
	if (ui_width(line) <= cols - 4) {
		ui_put(ui->body, 1, 2, line, cols - 4, A_NORMAL);
	} else {
		snprintf(line, sizeof line, _("Certificate Authority server: %s"), s->server);
		ui_put(ui->body, 1, 2, line, cols - 4, A_NORMAL);
		ui_put(ui->body, 2, 2,
		    s->pinned ? _("CA certificate: pinned")
		              : _("CA certificate: not yet confirmed"),
		    cols - 4, A_NORMAL);
	}
	/* One line each: both do not fit on 80 columns in every language. */
	draw_button(ui, 3, 2, _("Get Certificate Authority Certificate"), s->focus == F_CA);
	draw_button(ui, 4, 2,
	    s->mine ? _("Show All Certificates") : _("Show Certificates for This Instance"),
	    s->focus == F_MINE);
	ls_filter_draw(ui, &s->list, 5);
	if (!s->pinned) {
		ui_put_wrapped(ui->body, TABLE_Y, 2,
		    _("Nothing from this server is trusted yet. Press \"Get "
		      "Certificate Authority Certificate\": its SHA-1 and "
		      "SHA-256 fingerprints are shown; compare them with the "
		      "ones the Certificate Authority administrator reads out "
		      "to you before you accept the certificate."),
		    cols - 4, 12, rows, A_NORMAL);
		return;
	}
	if (s->mine) {
		text = ui_clean(s->instance);
		snprintf(line, sizeof line, _("Certificates for this instance (%s): %zu"), text,
		    s->list.nshown);
		free(text);
	} else {
		snprintf(line, sizeof line, _("Issued certificates: %zu"), s->list.nshown);
	}
	ui_put(ui->body, TABLE_Y - 1, 2, line, cols - 4, ui_attr(ui, R_HEADING));
	columns_for(s, cols - 3);
	s->list.unfocused = s->focus != F_TABLE;
	ls_draw(ui, &s->list, TABLE_Y, s->list.nshown,
	    !s->listed                      ? _("The list could not be read: r tries again.")
	        : s->n == 0                 ? _("No issued certificates.")
	        : s->list.filter[0] != '\0' ? _("No certificate matches the filter.")
	                                    : _("No certificate was issued for this instance."),
	    get_line, s);
}

/* ----------------------------------------------------------------- actions */

static void
ca_text(const struct pki_client_ca *ca, const char *pinned_sha256, char *out, size_t size)
{
	char *subject = ui_clean(ca->subject), *inst = ui_clean(ca->instance),
	     *node = ui_clean(ca->node), *root = ui_clean(ca->file_root), *fp1, *fp256;
	size_t n = 0;

#define ADD(...) \
	do { \
		if (n < size) \
			n += (size_t)snprintf(out + n, size - n, __VA_ARGS__); \
	} while (0)
	if (pinned_sha256 != NULL)
		ADD("%s\n\n",
		    _("WARNING: this is not the Certificate Authority certificate "
		      "pinned before. Accept it only if the Certificate Authority "
		      "administrator confirms that the CA changed."));
	else if (ca->unverified_tls)
		ADD("%s\n\n",
		    _("The server's TLS certificate could not be verified (no "
		      "Certificate Authority certificate is trusted yet): only the "
		      "fingerprint check below establishes trust."));
	ADD("%s %s\n", _("Subject:"), subject);
	ADD("%s %s\n", _("File name root:"), root);
	ADD("%s %s\n", _("Instance:"), inst);
	ADD("%s %s\n\n", _("Node:"), node);
	fp1 = ui_fingerprint(ca->sha1);
	fp256 = ui_fingerprint(ca->sha256);
	ADD("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"), fp1);
	ADD("%s\n%s\n\n", _("Certificate Authority Certificate SHA-256 fingerprint:"), fp256);
	free(fp1);
	free(fp256);
	ADD("%s",
	    _("Do these fingerprints match the ones the Certificate Authority "
	      "administrator read out to you?"));
#undef ADD
	free(subject);
	free(inst);
	free(node);
	free(root);
}

static int
get_ca(struct ui *ui, struct get_state *s)
{
	struct pki_client_config cfg;
	struct pki_client_ca ca;
	struct pki_error err;
	struct net_job job;
	char text[4096], *path = NULL, *shown, *fp, *pinned = NULL;
	bool same;

	memset(&cfg, 0, sizeof cfg);
	memset(&ca, 0, sizeof ca);
	memset(&job, 0, sizeof job);
	job.store = ui->store;
	job.ca = &ca;
	pki_error_clear(&job.err);
	if (ui_run(ui, contacting(), true, fetch_ca_job, &job) != 0) {
		ui_error_pki(ui, &job.err);
		return UI_REDRAW;
	}
	pki_error_clear(&err);
	if (pki_client_config_get(ui->store, &cfg, &err) == 0 && cfg.ca_sha256[0] != '\0')
		pinned = cfg.ca_sha256;
	same = pinned != NULL && strcmp(pinned, ca.sha256) == 0;
	/* The certificate pinned before needs no new confirmation. */
	if (!same) {
		ca_text(&ca, pinned, text, sizeof text);
		if (!ui_confirm(ui, _("Confirm the Certificate Authority certificate"), text)) {
			ui_error(ui, "%s",
			    _("The Certificate Authority certificate was not "
			      "saved."));
			goto out;
		}
	}
	pki_error_clear(&err);
	if (pki_client_pin_ca(ui->store, &ca, &path, &err) != 0) {
		ui_error_pki(ui, &err);
		goto out;
	}
	shown = ui_clean(path);
	fp = ui_fingerprint(ca.sha1);
	snprintf(text, sizeof text,
	    _("Certificate Authority Certificate (SHA-1 "
	      "Fingerprint: %s) saved in file \"%s\""),
	    fp, shown);
	free(fp);
	ui_busy(ui, text);
	ui_notice(ui, _("Certificate Authority certificate saved"), text);
	free(shown);
	free(path);
	s->pinned = true;
	s->focus = F_TABLE;
	load_list(ui, s);
	if (s->listed)
		ui_message(ui, "%s", text);
out:
	pki_client_config_clear(&cfg);
	pki_client_ca_clear(&ca);
	return UI_REDRAW;
}

static int
get_row(struct ui *ui, struct get_state *s)
{
	struct pki_cert_info info;
	struct net_job job;
	uint64_t serial;
	char text[2048], q[512], *path = NULL, *shown, *fp;
	int r;

	if (!s->pinned || s->list.nshown == 0)
		return UI_NONE;
	serial = s->rows[s->list.shown[s->list.sel]].serial;
	memset(&info, 0, sizeof info);
	memset(&job, 0, sizeof job);
	job.store = ui->store;
	job.serial = serial;
	job.info = &info;
	pki_error_clear(&job.err);
	r = ui_run(ui, contacting(), true, get_job, &job);
	if (r == PKI_ERR_EXISTS) {
		char *root = ui_clean(s->rows[s->list.shown[s->list.sel]].root);

		ui->msg[0] = '\0';
		snprintf(q, sizeof q,
		    _("The files of certificate number %" PRIu64 " (%s.cer "
		      "and %s-chain.pem) already exist. Replace them?"),
		    serial, root, root);
		free(root);
		if (!ui_confirm(ui, _("Replace files"), q)) {
			ui_message(ui, "%s", _("Nothing was replaced."));
			return UI_REDRAW;
		}
		free(job.path);
		job.path = NULL;
		job.overwrite = true;
		pki_error_clear(&job.err);
		r = ui_run(ui, contacting(), true, get_job, &job);
	}
	path = job.path;
	if (r != 0) {
		ui_error_pki(ui, &job.err);
		free(path);
		return UI_REDRAW;
	}
	shown = ui_clean(path);
	fp = ui_fingerprint(info.sha1);
	snprintf(text, sizeof text,
	    _("Certificate number %" PRIu64 " (SHA-1 Fingerprint: "
	      "%s) saved in file \"%s\""),
	    info.serial, fp, shown);
	free(fp);
	ui_busy(ui, text);
	ui_notice(ui, _("Certificate saved"), text);
	free(shown);
	free(path);
	pki_cert_info_clear(&info);
	return UI_REDRAW;
}

static void
toggle_mine(struct get_state *s)
{
	s->mine = !s->mine;
	s->list.sel = s->list.top = 0;
	apply_filter(s);
}

static int
table_move(struct get_state *s, const struct ui_key *k)
{
	if (k->fn && k->ch == KEY_UP && s->list.sel == 0) {
		s->focus = F_MINE;
		return UI_REDRAW;
	}
	return ls_key(&s->list, s->list.nshown, k) ? UI_REDRAW : UI_UNHANDLED;
}

static int
press(struct ui *ui, struct get_state *s)
{
	switch (s->focus) {
	case F_CA:
		return get_ca(ui, s);
	case F_MINE:
		toggle_mine(s);
		return UI_REDRAW;
	default:
		return get_row(ui, s);
	}
}

static int
get_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct get_state *s = state;

	if (s->list.filtering) {
		int r = ls_filter_key(&s->list, k);

		if (r >= LS_CHANGED)
			apply_filter(s);
		else if (r == LS_KEPT)
			s->focus = F_TABLE;
		return UI_REDRAW;
	}
	if (k->fn) {
		if (k->ch == KEY_BTAB) {
			s->focus = (s->focus + F__COUNT - 1) % F__COUNT;
			return UI_REDRAW;
		}
		if (k->ch == KEY_ENTER)
			return press(ui, s);
		if (s->focus == F_TABLE)
			return table_move(s, k);
		switch (k->ch) {
		case KEY_LEFT:
		case KEY_UP:
			s->focus = F_CA;
			return UI_REDRAW;
		case KEY_RIGHT:
			s->focus = F_MINE;
			return UI_REDRAW;
		case KEY_DOWN:
			s->focus = s->focus == F_CA ? F_MINE : F_TABLE;
			return UI_REDRAW;
		default:
			return UI_UNHANDLED;
		}
	}
	switch (k->ch) {
	case L'\t':
		s->focus = (s->focus + 1) % F__COUNT;
		return UI_REDRAW;
	case L'\r':
	case L'\n':
	case L' ':
		return press(ui, s);
	case L'g':
	case L'G':
		return get_row(ui, s);
	case L'/':
		if (!s->pinned)
			return UI_NONE;
		ls_filter_start(&s->list);
		return UI_REDRAW;
	case L'r':
	case L'R':
		load_list(ui, s);
		return UI_REDRAW;
	case L's':
	case L'S':
		return s->pinned && ls_sort_key(&s->list, k) ? UI_REDRAW : UI_NONE;
	case L'o':
	case L'O':
		return ui_open(ui, &screen_client_earlier, NULL);
	case UI_ESC:
		if (ls_filter_drop(&s->list)) {
			apply_filter(s);
			return UI_REDRAW;
		}
		return UI_UNHANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static void
get_free(void *state)
{
	struct get_state *s = state;

	rows_free(s);
	ls_free(&s->list);
	free(s->server);
	free(s->instance);
	free(s);
}

static unsigned
get_keys(void *state)
{
	struct get_state *s = state;

	if (s->list.filtering)
		return KB_HELP | KB_EDIT | KB_SELECT | KB_BACK;
	if (!s->pinned)
		return KB_HELP | KB_MOVE | KB_SELECT | KB_EARLIER | KB_BACK;
	if (s->list.nshown == 0)
		return KB_HELP | KB_MOVE | KB_SELECT | KB_FILTER | KB_EARLIER | KB_BACK;
	return KB_HELP | KB_MOVE | KB_SELECT | KB_GET | KB_FILTER | KB_SORT | KB_EARLIER | KB_BACK;
}

const struct screen screen_client_get = {
	.help = N_("Get the certificates the Certificate Authority (CA) server issued: "
	           "its own certificate, this instance's certificates and those of any "
	           "other CA client.\n\nGet Certificate Authority Certificate: on first "
	           "contact nothing from the server is trusted yet, so its certificate "
	           "is shown with its SHA-1 and SHA-256 fingerprints. Compare them with "
	           "the ones the CA administrator reads out to you, by a means that "
	           "prevents impersonation; accept only if they match. The certificate "
	           "is then saved and every later exchange with the server is checked "
	           "against it.\n\nThe table lists the issued certificates: Serial, "
	           "Hostname, Instance and Filename. / filters it by serial number, "
	           "hostname, instance or file name. s sorts it by the next column, S "
	           "reverses the order. Enter or g on a row gets that "
	           "certificate (FILENAME.cer, with FILENAME-chain.pem) after checking "
	           "it against the CA certificate. Show Certificates for This Instance "
	           "lists only this instance's certificates, by Serial Number and "
	           "Filename. r lists again.\n\nThe files are saved in the client's "
	           "directory; once there you can move them anywhere.\n\no opens the "
	           "page that sends a request made earlier again, or imports "
	           "certificates from an offline Certificate Authority's export "
	           "directory."),
	.init = get_init,
	.draw = get_draw,
	.key = get_key,
	.free = get_free,
	.keys = get_keys,
};
