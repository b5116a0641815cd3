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
 * Esc drops it), r lists again; Esc goes back.
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
	size_t *shown;
	size_t nshown;
	bool listed; /* the last listing worked */
	bool mine; /* Show Certificates for This Instance */
	int focus;
	int sel, top;
	char filter[256];
	bool filtering;
	struct fm filter_form;
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
	free(s->shown);
	s->rows = NULL;
	s->shown = NULL;
	s->n = s->nshown = 0;
}

static bool
row_matches(const struct get_state *s, const struct cert_row *r)
{
	const char *f = s->filter;
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
	size_t i;

	s->nshown = 0;
	for (i = 0; i < s->n; i++)
		if (row_matches(s, &s->rows[i]))
			s->shown[s->nshown++] = i;
	if (s->sel >= (int)s->nshown)
		s->sel = s->nshown > 0 ? (int)s->nshown - 1 : 0;
	if (s->top > s->sel)
		s->top = s->sel;
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
	struct pki_error err;
	char server[600];

	memset(&cfg, 0, sizeof cfg);
	pki_error_clear(&err);
	if (pki_client_config_get(ui->store, &cfg, &err) != 0) {
		if (err.code == PKI_ERR_NOT_CONFIGURED)
			ui_error(ui, "%s",
			    _("Configure the Certificate Authority client first: "
			      "\"Configure local Certificate Authority client\"."));
		else
			ui_error_pki(ui, &err);
		return false;
	}
	free(s->server);
	free(s->instance);
	snprintf(server, sizeof server, "%s:%ld", cfg.server_host, cfg.server_port);
	s->server = ui_clean(server);
	s->instance = strdup(cfg.instance != NULL ? cfg.instance : "");
	s->pinned = cfg.ca_file_root != NULL && cfg.ca_file_root[0] != '\0';
	pki_client_config_clear(&cfg);
	if (s->instance == NULL)
		abort();
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
	s->rows = calloc(n ? n : 1, sizeof *s->rows);
	s->shown = calloc(n ? n : 1, sizeof *s->shown);
	if (s->rows == NULL || s->shown == NULL)
		abort();
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

static int
get_init(struct ui *ui, void **state, const void *arg)
{
	struct get_state *s = calloc(1, sizeof *s);

	(void)arg;
	if (s == NULL)
		return -1;
	fm_init(&s->filter_form);
	if (!load_config(ui, s)) {
		free(s);
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

struct widths {
	int serial, host, inst, root, subject;
};

static struct widths
widths_for(const struct get_state *s, int cols)
{
	struct widths w = { 8, 0, 0, 0, 0 };

	if (s->mine) {
		w.serial = 14;
		w.root = cols - w.serial - 1;
		return w;
	}
	if (cols >= 120) {
		w.host = 28;
		w.inst = 16;
		w.root = 20;
		w.subject = cols - w.serial - w.host - w.inst - w.root - 4;
	} else {
		w.inst = 14;
		w.root = 18;
		w.host = cols - w.serial - w.inst - w.root - 3;
	}
	return w;
}

static void
format_row(char *out, size_t size, const struct widths *w, const char *serial, const char *host,
    const char *inst, const char *root, const char *subject)
{
	char cell[4 * 256 + 1];
	size_t used = 0;

	out[0] = '\0';
#define CELL(text, width) \
	do { \
		if ((width) > 0 && used < size) { \
			ui_fit(cell, sizeof cell, text, width); \
			used += (size_t)snprintf(out + used, size - used, "%s ", cell); \
		} \
	} while (0)
	CELL(serial, w->serial);
	CELL(host, w->host);
	CELL(inst, w->inst);
	CELL(root, w->root);
	CELL(subject, w->subject);
#undef CELL
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

#define TABLE_Y 7

static void
get_draw(struct ui *ui, void *state)
{
	struct get_state *s = state;
	char line[4 * 1024], serial[32], *text;
	struct widths w;
	int rows, cols, h, i;

	getmaxyx(ui->body, rows, cols);
	ui_title(ui, _("Get Certificate(s) from Certificate Authority server"));
	snprintf(line, sizeof line, _("Certificate Authority server: %s   %s"), s->server,
	    s->pinned ? _("CA certificate: pinned") : _("CA certificate: not yet confirmed"));
	ui_put(ui->body, 1, 2, line, cols - 4, A_NORMAL);
	/* One line each: both do not fit on 80 columns in every language. */
	draw_button(ui, 2, 2, _("Get Certificate Authority Certificate"), s->focus == F_CA);
	draw_button(ui, 3, 2,
	    s->mine ? _("Show All Certificates") : _("Show Certificates for This Instance"),
	    s->focus == F_MINE);
	if (s->filtering) {
		fm_draw(ui, &s->filter_form, 4);
	} else if (s->filter[0] != '\0') {
		snprintf(line, sizeof line, _("Filter: %s"), s->filter);
		ui_put(ui->body, 4, 2, line, cols - 4, A_BOLD);
	}
	if (!s->pinned) {
		char *lines[12];
		int n = ui_wrap(_("Nothing from this server is trusted yet. Press \"Get "
		                  "Certificate Authority Certificate\": its SHA-1 and "
		                  "SHA-256 fingerprints are shown; compare them with the "
		                  "ones the Certificate Authority administrator reads out "
		                  "to you before you accept the certificate."),
		    cols - 4, lines, 12);

		for (i = 0; i < n && i < 12; i++) {
			if (TABLE_Y + i < rows)
				ui_put(ui->body, TABLE_Y + i, 2, lines[i], cols - 4, A_NORMAL);
			free(lines[i]);
		}
		return;
	}
	if (s->mine) {
		text = ui_clean(s->instance);
		snprintf(line, sizeof line, _("Certificates for this instance (%s): %zu"), text,
		    s->nshown);
		free(text);
	} else {
		snprintf(line, sizeof line, _("Issued certificates: %zu"), s->nshown);
	}
	ui_put(ui->body, TABLE_Y - 1, 2, line, cols - 4, ui_attr(ui, R_HEADING));
	w = widths_for(s, cols - 2);
	format_row(line, sizeof line, &w, s->mine ? _("Serial Number") : _("Serial"), _("Hostname"),
	    _("Instance"), _("Filename"), _("Subject"));
	ui_put(ui->body, TABLE_Y, 1, line, cols - 2, A_BOLD | A_UNDERLINE);
	h = rows - TABLE_Y - 1;
	if (h < 1)
		return;
	if (s->nshown == 0) {
		ui_put(ui->body, TABLE_Y + 1, 2,
		    !s->listed                 ? _("The list could not be read: r tries again.")
		        : s->n == 0            ? _("No issued certificates.")
		        : s->filter[0] != '\0' ? _("No certificate matches the filter.")
		                               : _("No certificate was issued for this instance."),
		    cols - 4, A_NORMAL);
		return;
	}
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + h)
		s->top = s->sel - h + 1;
	for (i = 0; i < h && s->top + i < (int)s->nshown; i++) {
		const struct cert_row *r = &s->rows[s->shown[s->top + i]];
		bool sel = s->top + i == s->sel;

		snprintf(serial, sizeof serial, "%" PRIu64, r->serial);
		format_row(line, sizeof line, &w, serial, r->hostname, r->instance, r->root,
		    r->subject);
		ui_put(ui->body, TABLE_Y + 1 + i, 1, line, cols - 2,
		    sel && s->focus == F_TABLE ? ui_attr(ui, R_SELECT)
		        : sel                  ? (int)A_BOLD
		                               : (int)A_NORMAL);
	}
	if (s->top > 0)
		ui_put(ui->body, TABLE_Y, cols - 2, "^", 1, A_BOLD);
	if ((int)s->nshown - s->top > h)
		ui_put(ui->body, rows - 1, cols - 2, "v", 1, A_BOLD);
}

/* ----------------------------------------------------------------- actions */

static void
ca_text(const struct pki_client_ca *ca, const char *pinned_sha256, char *out, size_t size)
{
	char *subject = ui_clean(ca->subject), *inst = ui_clean(ca->instance),
	     *node = ui_clean(ca->node), *root = ui_clean(ca->file_root);
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
	ADD("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"), ca->sha1);
	ADD("%s\n%s\n\n", _("Certificate Authority Certificate SHA-256 fingerprint:"), ca->sha256);
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
	char text[4096], *path = NULL, *shown, *pinned = NULL;
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
	snprintf(text, sizeof text,
	    _("Certificate Authority Certificate (SHA-1 "
	      "Fingerprint: %s) saved in file \"%s\""),
	    ca.sha1, shown);
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
	char text[2048], q[512], *path = NULL, *shown;
	int r;

	if (!s->pinned || s->nshown == 0)
		return UI_NONE;
	serial = s->rows[s->shown[s->sel]].serial;
	memset(&info, 0, sizeof info);
	memset(&job, 0, sizeof job);
	job.store = ui->store;
	job.serial = serial;
	job.info = &info;
	pki_error_clear(&job.err);
	r = ui_run(ui, contacting(), true, get_job, &job);
	if (r == PKI_ERR_EXISTS) {
		char *root = ui_clean(s->rows[s->shown[s->sel]].root);

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
	snprintf(text, sizeof text,
	    _("Certificate number %" PRIu64 " (SHA-1 Fingerprint: "
	      "%s) saved in file \"%s\""),
	    info.serial, info.sha1, shown);
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
	s->sel = s->top = 0;
	apply_filter(s);
}

static void
start_filter(struct get_state *s)
{
	fm_free(&s->filter_form);
	fm_text(&s->filter_form, "filter", _("Filter"), 200, 30, 0);
	fm_set(&s->filter_form, "filter", s->filter);
	s->filtering = true;
}

static int
filter_key(struct get_state *s, const struct ui_key *k)
{
	char *text;

	if (!k->fn && k->ch == UI_ESC) {
		s->filtering = false;
		s->filter[0] = '\0';
		apply_filter(s);
		return UI_REDRAW;
	}
	if ((!k->fn && (k->ch == L'\r' || k->ch == L'\n')) || (k->fn && k->ch == KEY_ENTER)) {
		s->filtering = false;
		s->focus = F_TABLE;
		return UI_REDRAW;
	}
	if ((k->fn && (k->ch == KEY_UP || k->ch == KEY_DOWN || k->ch == KEY_BTAB)) ||
	    (!k->fn && k->ch == L'\t'))
		return UI_NONE;
	fm_key(&s->filter_form, k);
	text = fm_get(&s->filter_form, "filter", NULL);
	snprintf(s->filter, sizeof s->filter, "%s", text);
	free(text);
	s->sel = s->top = 0;
	apply_filter(s);
	return UI_REDRAW;
}

static int
table_move(struct ui *ui, struct get_state *s, const struct ui_key *k)
{
	int page = ui->body != NULL ? getmaxy(ui->body) - TABLE_Y - 1 : 10;
	int last = s->nshown > 0 ? (int)s->nshown - 1 : 0;

	if (page < 1)
		page = 1;
	switch (k->ch) {
	case KEY_UP:
		if (s->sel > 0)
			s->sel--;
		else
			s->focus = F_MINE;
		break;
	case KEY_DOWN:
		if (s->sel < last)
			s->sel++;
		break;
	case KEY_NPAGE:
		s->sel = s->sel + page > last ? last : s->sel + page;
		break;
	case KEY_PPAGE:
		s->sel = s->sel > page ? s->sel - page : 0;
		break;
	case KEY_HOME:
		s->sel = 0;
		break;
	case KEY_END:
		s->sel = last;
		break;
	default:
		return UI_UNHANDLED;
	}
	return UI_REDRAW;
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

	if (s->filtering)
		return filter_key(s, k);
	if (k->fn) {
		if (k->ch == KEY_BTAB) {
			s->focus = (s->focus + F__COUNT - 1) % F__COUNT;
			return UI_REDRAW;
		}
		if (k->ch == KEY_ENTER)
			return press(ui, s);
		if (s->focus == F_TABLE)
			return table_move(ui, s, k);
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
		start_filter(s);
		return UI_REDRAW;
	case L'r':
	case L'R':
		load_list(ui, s);
		return UI_REDRAW;
	case UI_ESC:
		if (s->filter[0] != '\0') {
			s->filter[0] = '\0';
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
	fm_free(&s->filter_form);
	free(s->server);
	free(s->instance);
	free(s);
}

static unsigned
get_keys(void *state)
{
	struct get_state *s = state;

	if (s->filtering)
		return KB_HELP | KB_EDIT | KB_SELECT | KB_BACK;
	if (!s->pinned)
		return KB_HELP | KB_MOVE | KB_SELECT | KB_BACK;
	if (s->nshown == 0)
		return KB_HELP | KB_MOVE | KB_SELECT | KB_FILTER | KB_BACK;
	return KB_HELP | KB_MOVE | KB_SELECT | KB_GET | KB_FILTER | KB_BACK;
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
	           "hostname, instance or file name. Enter or g on a row gets that "
	           "certificate (FILENAME.cer, with FILENAME-chain.pem) after checking "
	           "it against the CA certificate. Show Certificates for This Instance "
	           "lists only this instance's certificates, by Serial Number and "
	           "Filename. r lists again.\n\nThe files are saved in the client's "
	           "directory; once there you can move them anywhere."),
	.init = get_init,
	.draw = get_draw,
	.key = get_key,
	.free = get_free,
	.keys = get_keys,
};
