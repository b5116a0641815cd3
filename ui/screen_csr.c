/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_csr.c: "Process pending Certificate Signing Requests". The queue
 * is a list of the pending requests (the list widget) with a filter; a row opens the process screen, which shows the request, the
 * Certificate Usage radio buttons, the guide's verification instructions
 * and the check box the operator ticks once they have verified; Issue
 * Certificate then asks for the password of the CA's private key file and
 * Finish issues. Every string from a request or the database is shown
 * through pki_sanitize.
 *
 * Several requests at once: Space marks rows (a marks every row shown) and
 * i opens the batch screen, which issues every marked request with one
 * usage, one confirmation and one unlock of the CA key, in one
 * transaction (all or none).
 *
 * Queue keys: Up/Down/PgUp/PgDn/Home/End move, Enter processes, d deletes
 * (after confirmation), / filters (Enter keeps the filter, Esc drops it),
 * s and S sort, Space and a mark (list.h), i issues the marked requests.
 * Process and batch keys: the form's; Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ui.h"

/* ================================================================ queue */

struct row {
	int64_t id;
	char *root, *subject, *hostname, *instance;
	char *name; /* the CN or first SAN, first in the table */
	char *sans; /* for the detail line */
	uint64_t renewal_of; /* 0: a new request */
	char received[32];
	time_t received_at;
};

/* What the queue hands the batch screen: the marked requests. */
struct batch_arg {
	int64_t *ids;
	char **labels; /* "ID  name  (file name)", sanitized */
	size_t n;
};

struct queue_state {
	struct row *rows;
	size_t n;
	struct ls list; /* shown: the rows the filter lets through */
	int64_t open_id;
	struct batch_arg batch;
};

static void
batch_arg_free(struct batch_arg *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->labels[i]);
	free(b->labels);
	free(b->ids);
	memset(b, 0, sizeof *b);
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
rows_free(struct queue_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->rows[i].root);
		free(s->rows[i].subject);
		free(s->rows[i].hostname);
		free(s->rows[i].instance);
		free(s->rows[i].name);
		free(s->rows[i].sans);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static bool
matches(const void *arg, size_t i, const char *f)
{
	const struct row *r = &((const struct queue_state *)arg)->rows[i];
	char id[32];

	if (f[0] == '\0')
		return true;
	snprintf(id, sizeof id, "%" PRId64, r->id);
	return strcasestr(id, f) != NULL || strcasestr(r->root, f) != NULL ||
	    strcasestr(r->subject, f) != NULL || strcasestr(r->sans, f) != NULL ||
	    strcasestr(r->name, f) != NULL || strcasestr(r->hostname, f) != NULL ||
	    strcasestr(r->instance, f) != NULL;
}

static void
apply_filter(struct queue_state *s)
{
	ls_refilter(&s->list, s->n, matches, s);
}

static void
load(struct ui *ui, struct queue_state *s)
{
	struct pki_csr_info *arr = NULL;
	struct pki_error err;
	size_t n = 0, i;
	char *name;

	int64_t *kept = ui_xcalloc(s->list.nmarked + 1, sizeof *kept);
	size_t nkept = 0;

	/* The marks stay on their requests across a reload. */
	for (i = 0; i < s->n; i++)
		if (ls_marked(&s->list, i))
			kept[nkept++] = s->rows[i].id;
	qsort(kept, nkept, sizeof *kept, id_cmp);
	rows_free(s);
	ls_marks_reset(&s->list, 0);
	pki_error_clear(&err);
	if (pki_csr_list(ui->store, &arr, &n, &err) != 0) {
		ui_error_pki(ui, &err);
		apply_filter(s);
		free(kept);
		return;
	}
	s->rows = ui_xcalloc(n, sizeof *s->rows);
	for (i = 0; i < n; i++) {
		s->rows[i].id = arr[i].id;
		s->rows[i].root = ui_clean(arr[i].file_root);
		s->rows[i].renewal_of = arr[i].renewal_of;
		s->rows[i].subject = ui_clean(arr[i].subject);
		s->rows[i].sans = ui_clean(arr[i].sans);
		name = pki_display_name(arr[i].subject, arr[i].sans);
		if (name == NULL)
			ui_nomem();
		if (arr[i].renewal_of != 0) {
			char *clean = ui_clean(name);
			size_t len = strlen(clean) + 128;

			s->rows[i].name = ui_xmalloc(len);
			/* TRANSLATORS: before the name (CN) of a request that renews
			 * certificate number N. */
			snprintf(s->rows[i].name, len, _("Renewal of %" PRIu64 ": %s"),
			    arr[i].renewal_of, clean);
			free(clean);
		} else {
			s->rows[i].name = ui_clean(name);
		}
		free(name);
		s->rows[i].hostname = ui_clean(arr[i].hostname);
		s->rows[i].instance = ui_clean(arr[i].instance);
		ui_time(arr[i].received, s->rows[i].received, sizeof s->rows[i].received);
		s->rows[i].received_at = arr[i].received;
	}
	s->n = n;
	pki_csr_info_array_free(&arr, n);
	ls_marks_reset(&s->list, n);
	for (i = 0; nkept > 0 && i < n; i++)
		if (bsearch(&s->rows[i].id, kept, nkept, sizeof *kept, id_cmp) != NULL)
			ls_mark(&s->list, i, true);
	free(kept);
	apply_filter(s);
}

enum { C_ID, C_ROOT, C_SUBJECT, C_HOST, C_INST, C_RECV, C__COUNT };

/* The order of rows a and b by column col (s and S). */
static int
queue_cmp(const void *arg, size_t a, size_t b, size_t col)
{
	const struct row *x = &((const struct queue_state *)arg)->rows[a];
	const struct row *y = &((const struct queue_state *)arg)->rows[b];

	switch (col) {
	case C_ID:
		return ls_cmp_num(x->id, y->id);
	case C_ROOT:
		return ls_cmp_text(x->root, y->root);
	case C_SUBJECT:
		return ls_cmp_text(x->name, y->name);
	case C_HOST:
		return ls_cmp_text(x->hostname, y->hostname);
	case C_INST:
		return ls_cmp_text(x->instance, y->instance);
	default:
		return ls_cmp_num(x->received_at, y->received_at);
	}
}

static int
queue_init(struct ui *ui, void **state, const void *arg)
{
	struct queue_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	ls_init(&s->list);
	ls_set_sort(&s->list, queue_cmp, s);
	load(ui, s);
	*state = s;
	return 0;
}

/* The columns for a table `cols` wide. */
static void
columns_for(struct ls *l, int cols)
{
	struct ls_column *c = l->col;
	int fixed;

	c[C_ID] = (struct ls_column){ _("ID"), 4 };
	c[C_ROOT] = (struct ls_column){ _("File name"), cols >= 120 ? 18 : 10 };
	/* TRANSLATORS: the queue's column of the requests' CN (or first SAN). */
	c[C_SUBJECT] = (struct ls_column){ _("Name"), 0 };
	c[C_HOST] = (struct ls_column){ _("Hostname"), cols >= 120 ? 22 : 12 };
	c[C_INST] = (struct ls_column){ _("Instance"), cols >= 120 ? 12 : 8 };
	c[C_RECV] = (struct ls_column){ _("Received"), 16 };
	fixed = c[C_ID].width + c[C_ROOT].width + c[C_HOST].width + c[C_INST].width +
	    c[C_RECV].width + 5 + 3;
	c[C_SUBJECT].width = cols - fixed > 8 ? cols - fixed : 8;
	l->ncols = C__COUNT;
}

static char *
queue_line(void *arg, size_t i, enum ui_role *role)
{
	const struct queue_state *s = arg;
	const struct row *r = &s->rows[s->list.shown[i]];
	char id[32];
	const char *cells[C__COUNT] = { id, r->root, r->name, r->hostname, r->instance,
		r->received };

	(void)role;
	snprintf(id, sizeof id, "%" PRId64, r->id);
	return ls_row(&s->list, cells);
}

static void
queue_draw(struct ui *ui, void *state)
{
	struct queue_state *s = state;
	char title[256];

	if (s->list.filter[0] != '\0')
		snprintf(title, sizeof title, _("Pending Certificate Signing Requests: %zu of %zu"),
		    s->list.nshown, s->n);
	else
		snprintf(title, sizeof title, _("Pending Certificate Signing Requests: %zu"), s->n);
	if (s->list.nmarked > 0) {
		size_t used = strlen(title);

		snprintf(title + used, sizeof title - used,
		    dngettext(PACKAGE, " (%zu marked)", " (%zu marked)", s->list.nmarked),
		    s->list.nmarked);
	}
	ui_title(ui, title);
	ls_filter_draw(ui, &s->list, 1);
	columns_for(&s->list, getmaxx(ui->body) - 3);
	/* Under the rows, the selected request's whole subject and SANs. */
	s->list.below = s->list.nshown > 0 ? 2 : 0;
	ls_draw(ui, &s->list, 3, s->list.nshown,
	    s->n == 0 ? _("No pending Certificate Signing Requests.")
	              : _("No request matches the filter."),
	    queue_line, s);
	if (s->list.nshown > 0 && s->list.sel < (int)s->list.nshown) {
		const struct row *r = &s->rows[s->list.shown[s->list.sel]];
		int rows = getmaxy(ui->body), cols = getmaxx(ui->body);
		char line[4096];

		snprintf(line, sizeof line, _("Subject: %s"), r->subject);
		ui_put(ui->body, rows - 2, 2, line, cols - 4, A_NORMAL);
		if (r->sans[0] != '\0') {
			snprintf(line, sizeof line, _("SANs: %s"), r->sans);
			ui_put(ui->body, rows - 1, 2, line, cols - 4, A_NORMAL);
		}
	}
}

static int
delete_row(struct ui *ui, struct queue_state *s)
{
	const struct row *r = &s->rows[s->list.shown[s->list.sel]];
	struct pki_error err;
	char q[1024];
	int64_t id = r->id;
	char *root = ui_clean(r->root);

	snprintf(q, sizeof q,
	    _("Delete Certificate Signing Request %" PRId64 " \"%s\"? "
	      "The request is rejected and leaves the pending list."),
	    id, root);
	if (ui_confirm(ui, _("Delete"), q)) {
		pki_error_clear(&err);
		if (pki_csr_delete(ui->store, id, &err) != 0) {
			ui_error_pki(ui, &err);
		} else {
			ui_message(ui, _("Certificate Signing Request %" PRId64 " \"%s\" deleted."),
			    id, root);
			load(ui, s);
			ui_refresh_status(ui);
		}
	}
	free(root);
	return UI_REDRAW;
}

/* i: the batch screen for the marked requests, in the order shown. */
static int
open_batch(struct ui *ui, struct queue_state *s)
{
	struct batch_arg *b = &s->batch;
	size_t i;

	if (s->list.nmarked == 0) {
		ui_error(ui, "%s",
		    _("Mark the requests to issue first: Space marks one, a marks all."));
		return UI_REDRAW;
	}
	batch_arg_free(b);
	b->ids = ui_xcalloc(s->list.nmarked, sizeof *b->ids);
	b->labels = ui_xcalloc(s->list.nmarked, sizeof *b->labels);
	for (i = 0; i < s->n && b->n < s->list.nmarked; i++) {
		const struct row *r = &s->rows[i];
		size_t len;

		if (!ls_marked(&s->list, i))
			continue;
		len = strlen(r->name) + strlen(r->root) + 64;
		b->labels[b->n] = ui_xmalloc(len);
		snprintf(b->labels[b->n], len, "%" PRId64 "  %s  (%s)", r->id, r->name, r->root);
		b->ids[b->n++] = r->id;
	}
	return ui_open(ui, &screen_csr_batch, b);
}

static int
queue_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct queue_state *s = state;

	if (s->list.filtering) {
		if (ls_filter_key(&s->list, k) >= LS_CHANGED)
			apply_filter(s);
		return UI_REDRAW;
	}
	if (ls_key(&s->list, s->list.nshown, k) || ls_sort_key(&s->list, k) ||
	    ls_mark_key(&s->list, k))
		return UI_REDRAW;
	if (!k->fn && k->ch == L'i')
		return open_batch(ui, s);
	if (ui_key_enter(k)) {
		if (s->list.nshown == 0)
			return UI_NONE;
		s->open_id = s->rows[s->list.shown[s->list.sel]].id;
		return ui_open(ui, &screen_csr_process, &s->open_id);
	}
	if ((k->fn && k->ch == KEY_DC) || (!k->fn && (k->ch == L'd' || k->ch == L'D'))) {
		if (s->list.nshown == 0)
			return UI_NONE;
		return delete_row(ui, s);
	}
	if (k->fn)
		return UI_UNHANDLED;
	switch (k->ch) {
	case L'/':
		ls_filter_start(&s->list);
		return UI_REDRAW;
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
queue_resume(struct ui *ui, void *state)
{
	load(ui, state);
}

static void
queue_free(void *state)
{
	struct queue_state *s = state;

	rows_free(s);
	ls_free(&s->list);
	batch_arg_free(&s->batch);
	free(s);
}

static unsigned
queue_keys(void *state)
{
	struct queue_state *s = state;

	if (s->list.filtering)
		return KB_HELP | KB_EDIT | KB_SELECT | KB_BACK;
	if (s->list.nshown == 0)
		return KB_HELP | KB_FILTER | KB_BACK;
	return KB_HELP | KB_PAGE | KB_PROCESS | KB_MARK | (s->list.nmarked > 0 ? KB_BATCH : 0) |
	    KB_DELETE | KB_FILTER | KB_SORT | KB_BACK;
}

const struct screen screen_csr_queue = {
	.help = N_(
	    "The Certificate Signing Requests that CA clients sent and that are "
	    "neither processed nor deleted, oldest first.\n\nMount the media "
	    "that holds the CA's certificate and private key before processing. "
	    "Enter opens a request: it shows its contents and lets you choose "
	    "the certificate's usage, confirm that you verified the requester, "
	    "and issue the certificate with the password of the CA's private "
	    "key file. d deletes (rejects) a request after a confirmation. / "
	    "filters the table by ID, file name, subject, hostname or "
	    "instance. s sorts it by the next column (after the last, oldest "
	    "first again), S reverses the order.\n\nSpace marks a request (a "
	    "marks every request shown) and i issues the marked ones together: "
	    "one usage, one confirmation that you verified each of them, one "
	    "entry of the password; all are issued or none.\n\nWhen you are done, remove the media and store it in "
	    "a secure place."),
	.init = queue_init,
	.draw = queue_draw,
	.key = queue_key,
	.free = queue_free,
	.keys = queue_keys,
	.resume = queue_resume,
};

/* ============================================================== process */

struct process_state {
	struct fm form; /* first: fm_screen_key */
	int64_t id;
	char *root; /* sanitized */
	char *pem; /* the request */
	long days; /* 0: the CA's default */
	int pathlen;
};

static const enum pki_usage usages[] = {
	PKI_USAGE_TLS,
	PKI_USAGE_INTERMEDIATE,
	PKI_USAGE_CODESIGN,
};

static int issue(struct ui *ui, struct fm *f, void *state);
static int finish(struct ui *ui, struct fm *f, void *state);
static int delete_this(struct ui *ui, struct fm *f, void *state);
static int view_request(struct ui *ui, struct fm *f, void *state);

static const struct fm_button process_buttons[] = {
	{ "issue", N_("Issue Certificate"), FM_KEY_COMMIT, issue },
	{ "view", N_("View Request"), 0, view_request },
	{ "delete", N_("Delete"), 0, delete_this },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT, finish };

static void
build_process(struct process_state *s, const struct pki_csr_info *c, long default_days)
{
	struct fm *f = &s->form;
	const char *parts[3] = { c->contact_name, c->contact_phone, c->contact_email };
	char num[64], t[32], contact[1024];
	size_t i, used = 0;
	struct fw *w;

	if (c->renewal_of != 0)
		/* TRANSLATORS: the request's number, then the serial it renews. */
		snprintf(num, sizeof num, _("%" PRId64 " (Renewal of %" PRIu64 ")"), c->id,
		    c->renewal_of);
	else
		snprintf(num, sizeof num, "%" PRId64, c->id);
	fm_info(f, _("Request"), num);
	fm_info(f, _("File name"), c->file_root);
	fm_info(f, _("Subject"), c->subject);
	fm_info(f, _("Key"), c->key_desc);
	fm_info(f, _("Requested SANs"), c->sans != NULL && c->sans[0] ? c->sans : _("none"));
	fm_info(f, _("Signature"), c->sig_alg);
	fm_fingerprint(f, _("SHA-1"), c->sha1);
	fm_fingerprint(f, _("SHA-256"), c->sha256);
	contact[0] = '\0';
	for (i = 0; i < 3; i++)
		if (parts[i] != NULL && parts[i][0] != '\0' && used < sizeof contact)
			used += (size_t)snprintf(contact + used, sizeof contact - used, "%s%s",
			    used > 0 ? ", " : "", parts[i]);
	fm_info(f, _("Contact"), contact);
	fm_info(f, _("Hostname"), c->hostname);
	fm_info(f, _("Instance"), c->instance);
	ui_time(c->received, t, sizeof t);
	fm_info(f, _("Received"), t);
	fm_add(f, FW_GAP, "", "");
	for (i = 0; i < sizeof usages / sizeof usages[0]; i++) {
		w = fm_radio(f, "usage", pki_usage_label(usages[i]), (int)usages[i], i == 0, 0);
		if (i == 0)
			w->value = ui_clean(_("Certificate Usage"));
	}
	fm_text(f, "days", _("Validity (days)"), 5, 6, 0);
	snprintf(contact, sizeof contact,
	    _("Blank: the CA's default, %ld days. At most %ld for TLS/SSL, %ld for an "
	      "intermediate CA, %ld for code signing."),
	    default_days, pki_usage_max_days(PKI_USAGE_TLS),
	    pki_usage_max_days(PKI_USAGE_INTERMEDIATE), pki_usage_max_days(PKI_USAGE_CODESIGN));
	fm_add(f, FW_LABEL, "", contact);
	/* TRANSLATORS: an intermediate CA's pathLenConstraint. */
	fm_text(f, "pathlen", _("Path length"), 1, 2, 0);
	fm_set(f, "pathlen", "0");
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_LABEL, "",
	    _("Before issuing, call the technical contact by a means that prevents "
	      "impersonation (by phone or in person) and verify: their identity; "
	      "their authority to hold a certificate with the Subject Distinguished "
	      "Name shown above, signed by this CA; that the SHA-1 fingerprint "
	      "shown above matches the one reported to them when they submitted "
	      "the request."));
	fm_add(f, FW_CHECK, "verified",
	    _("I have verified the identity, the authority and the fingerprint"));
	fm_password_step(f, &finish_button);
	FM_BUTTONS(f, process_buttons);
	f->focus = -1;
	fm_focus(f, "usage");
}

static int
process_init(struct ui *ui, void **state, const void *arg)
{
	struct process_state *s = ui_xcalloc(1, sizeof *s);
	struct pki_server_info info;
	struct pki_csr_info c;
	struct pki_error err;
	long default_days = 0;

	s->id = *(const int64_t *)arg;
	memset(&c, 0, sizeof c);
	pki_error_clear(&err);
	if (pki_csr_get(ui->store, s->id, &c, &err) != 0) {
		ui_error_pki(ui, &err);
		free(s);
		return -1;
	}
	fm_init(&s->form);
	s->root = ui_clean(c.file_root);
	s->pem = ui_xstrdup(c.pem != NULL ? c.pem : "");
	memset(&info, 0, sizeof info);
	if (pki_server_info_brief(ui->store, &info, &err) == 0)
		default_days = info.issue_days;
	pki_server_info_clear(&info);
	build_process(s, &c, default_days);
	pki_csr_info_clear(&c);
	*state = s;
	return 0;
}

static void
process_draw(struct ui *ui, void *state)
{
	struct process_state *s = state;
	char title[512];

	snprintf(title, sizeof title, _("Process Certificate Signing Request \"%s\""), s->root);
	ui_title(ui, title);
	fm_draw(ui, &s->form, 2);
}

/* Issues with an open signer; UI_CLOSE on success. */
static int
issue_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct process_state *s = state;
	struct pki_cert_info cert;
	struct pki_error err;
	int usage = fm_radio_value(&s->form, "usage");

	memset(&cert, 0, sizeof cert);
	pki_error_clear(&err);
	ui_busy(ui, _("Issuing the certificate..."));
	if (pki_csr_issue_for_days(ui->store, signer, s->id, (enum pki_usage)usage, s->days,
	        usage == PKI_USAGE_INTERMEDIATE ? s->pathlen : 0, &cert, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_message(ui,
	    _("Certificate number %" PRIu64 " issued for Certificate Signing "
	      "Request \"%s\""),
	    cert.serial, s->root);
	pki_cert_info_clear(&cert);
	return UI_CLOSE;
}

/* Reads the validity and the path length; false, each at fault marked
 * beside its field, when either is not a number in its range. */
static bool
read_numbers(struct process_state *s, struct fm *f)
{
	enum pki_usage usage = (enum pki_usage)fm_radio_value(f, "usage");
	long max = pki_usage_max_days(usage);
	bool ok = true;
	char msg[256];
	size_t len;
	char *days = fm_get(f, "days", &len), *pathlen = fm_get(f, "pathlen", NULL), *end;

	s->days = 0;
	if (len > 0) {
		s->days = strtol(days, &end, 10);
		if (*end != '\0' || s->days < 1 || s->days > max) {
			snprintf(msg, sizeof msg,
			    _("Enter a number of days from 1 to %ld (%s), or leave it blank."), max,
			    pki_usage_label(usage));
			fm_set_error(f, "days", msg);
			ok = false;
		}
	}
	s->pathlen = (int)strtol(pathlen[0] ? pathlen : "0", &end, 10);
	if (*end != '\0' || s->pathlen < 0 || s->pathlen > PKI_PATHLEN_MAX) {
		snprintf(msg, sizeof msg, _("Enter a path length from 0 to %d."), PKI_PATHLEN_MAX);
		fm_set_error(f, "pathlen", msg);
		ok = false;
	}
	free(days);
	free(pathlen);
	return ok;
}

static int
issue(struct ui *ui, struct fm *f, void *state)
{
	struct process_state *s = state;
	bool numbers;

	fm_clear_errors(f);
	numbers = read_numbers(s, f);
	if (!fm_checked(f, "verified"))
		fm_set_error(f, "verified",
		    _("Tick this box once you have verified the identity, the "
		      "authority and the fingerprint with the technical contact."));
	if (!numbers || !fm_checked(f, "verified")) {
		fm_focus_error(f);
		ui_error(ui, "%s",
		    !numbers
		        ? _("The certificate was not issued: correct the fields marked beside them.")
		        : _("The certificate was not issued: the verification is "
		            "not confirmed."));
		return UI_REDRAW;
	}
	return ui_sign(ui, f, "issue", false, issue_with, s);
}

static int
finish(struct ui *ui, struct fm *f, void *state)
{
	fm_clear_errors(f);
	if (!fm_checked(f, "verified") || !read_numbers(state, f))
		return issue(ui, f, state);
	return ui_sign(ui, f, "issue", true, issue_with, state);
}

/* View Request: the extensions the request asks for, then its PEM. */
static int
view_request(struct ui *ui, struct fm *f, void *state)
{
	struct process_state *s = state;
	struct pki_error err;
	char **exts = NULL, *text, *shown;
	size_t n = 0, size, used;

	(void)f;
	pki_error_clear(&err);
	if (pki_csr_extensions(s->pem, &exts, &n, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	size = strlen(s->pem) + 1024;
	for (size_t i = 0; i < n; i++)
		size += strlen(exts[i]) * 4 + 8;
	text = ui_xmalloc(size);
	used = (size_t)snprintf(text, size, "%s\n",
	    n > 0 ? _("Extensions the request asks for (only the subjectAltNames are taken; "
	              "the usage decides the others):")
	          : _("The request asks for no extensions."));
	for (size_t i = 0; i < n; i++) {
		shown = ui_clean(exts[i]);
		used += (size_t)snprintf(text + used, size - used, "  %s\n", shown);
		free(shown);
	}
	snprintf(text + used, size - used, "\n%s", s->pem);
	pki_pem_array_free(&exts, n);
	ui_notice(ui, _("The request"), text);
	free(text);
	return UI_REDRAW;
}

static int
delete_this(struct ui *ui, struct fm *f, void *state)
{
	struct process_state *s = state;

	(void)f;
	struct pki_error err;
	char q[1024];

	snprintf(q, sizeof q,
	    _("Delete Certificate Signing Request %" PRId64 " \"%s\"? "
	      "The request is rejected and leaves the pending list."),
	    s->id, s->root);
	if (!ui_confirm(ui, _("Delete"), q))
		return UI_REDRAW;
	pki_error_clear(&err);
	if (pki_csr_delete(ui->store, s->id, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_message(ui, _("Certificate Signing Request %" PRId64 " \"%s\" deleted."), s->id,
	    s->root);
	return UI_CLOSE;
}

static void
process_free(void *state)
{
	struct process_state *s = state;

	fm_free(&s->form);
	free(s->root);
	free(s->pem);
	free(s);
}

const struct screen screen_csr_process = {
	.help = N_("Processing a Certificate Signing Request turns it into a "
	           "certificate signed with the CA's private key.\n\nRead the request: "
	           "its subject, key, requested names (SANs), fingerprints and the "
	           "technical contact. Choose the Certificate Usage: TLS/SSL and XML "
	           "security for CA clients that use those directly; Intermediate "
	           "Certificate Authority for clients that will themselves act as CAs; "
	           "Code signing for clients that sign code.\n\nThen contact the "
	           "technical contact by a means that prevents impersonation, by phone "
	           "or in person, and verify their identity, their authority to hold a "
	           "certificate with this subject signed by this CA, and that the SHA-1 "
	           "fingerprint shown matches the one reported to them when they "
	           "submitted the request. Tick the box to confirm.\n\nIssue "
	           "Certificate asks for the password of the CA's private key file "
	           "(the media that holds it must be mounted); Finish issues the "
	           "certificate and the contact is told it is ready. View Request shows "
	           "the extensions the request asks for and the request itself (PEM). "
	           "Delete rejects the request."),
	.init = process_init,
	.draw = process_draw,
	.key = fm_screen_key,
	.free = process_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK,
	.dirty = fm_screen_dirty_password,
};

/* ================================================================ batch */

/* Labels listed before "and N more". */
#define BATCH_LISTED 6

struct batch_state {
	struct fm form; /* first: fm_screen_key */
	int64_t *ids;
	size_t n;
};

static int batch_issue(struct ui *ui, struct fm *f, void *state);
static int batch_finish(struct ui *ui, struct fm *f, void *state);

static const struct fm_button batch_buttons[] = {
	{ "issue", N_("Issue Certificates"), FM_KEY_COMMIT, batch_issue },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button batch_finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT,
	batch_finish };

static int
batch_init(struct ui *ui, void **state, const void *arg)
{
	const struct batch_arg *b = arg;
	struct batch_state *s = ui_xcalloc(1, sizeof *s);
	struct fm *f = &s->form;
	char more[128];
	size_t i;
	struct fw *w;

	(void)ui;
	s->ids = ui_xcalloc(b->n, sizeof *s->ids);
	memcpy(s->ids, b->ids, b->n * sizeof *s->ids);
	s->n = b->n;
	fm_init(f);
	for (i = 0; i < b->n && i < BATCH_LISTED; i++)
		fm_info(f, i == 0 ? _("Requests") : "", b->labels[i]);
	if (b->n > BATCH_LISTED) {
		snprintf(more, sizeof more,
		    dngettext(PACKAGE, "and %zu more", "and %zu more", b->n - BATCH_LISTED),
		    b->n - BATCH_LISTED);
		fm_info(f, "", more);
	}
	fm_add(f, FW_GAP, "", "");
	for (i = 0; i < sizeof usages / sizeof usages[0]; i++) {
		w = fm_radio(f, "usage", pki_usage_label(usages[i]), (int)usages[i], i == 0, 0);
		if (i == 0)
			w->value = ui_clean(_("Certificate Usage"));
	}
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_LABEL, "",
	    _("Each of these requests needs the verification one request needs: call "
	      "its technical contact by a means that prevents impersonation and "
	      "verify their identity, their authority to hold its subject, and its "
	      "SHA-1 fingerprint (Enter on a row of the queue shows them)."));
	fm_add(f, FW_CHECK, "verified",
	    _("I have verified each request's identity, authority and fingerprint"));
	fm_password_step(f, &batch_finish_button);
	FM_BUTTONS(f, batch_buttons);
	f->focus = -1;
	fm_focus(f, "usage");
	*state = s;
	return 0;
}

static void
batch_draw(struct ui *ui, void *state)
{
	struct batch_state *s = state;
	char title[256];

	snprintf(title, sizeof title,
	    dngettext(PACKAGE, "Issue a certificate for %zu marked request",
	        "Issue certificates for %zu marked requests", s->n),
	    s->n);
	ui_title(ui, title);
	fm_draw(ui, &s->form, 2);
}

/* Issues every marked request with an open signer, in one transaction;
 * UI_CLOSE on success. */
static int
batch_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct batch_state *s = state;
	struct pki_error err;
	int usage = fm_radio_value(&s->form, "usage");
	size_t issued = 0;

	pki_error_clear(&err);
	ui_busy(ui, _("Issuing the certificates..."));
	if (pki_csr_issue_batch(ui->store, signer, s->ids, s->n, (enum pki_usage)usage, &issued,
	        &err) != 0) {
		ui_error(ui, _("No certificate was issued: %s"),
		    err.msg[0] ? err.msg : pki_strerror(err.code));
		return UI_REDRAW;
	}
	ui_refresh_status(ui);
	ui_message(ui,
	    dngettext(PACKAGE, "%zu certificate issued for the marked request.",
	        "%zu certificates issued for the marked requests.", issued),
	    issued);
	return UI_CLOSE;
}

static int
batch_issue(struct ui *ui, struct fm *f, void *state)
{
	fm_clear_errors(f);
	if (!fm_checked(f, "verified")) {
		fm_set_error(f, "verified",
		    _("Tick this box once you have verified each request with its "
		      "technical contact."));
		fm_focus(f, "verified");
		ui_error(ui, "%s",
		    _("No certificate was issued: the verification is not confirmed."));
		return UI_REDRAW;
	}
	return ui_sign(ui, f, "issue", false, batch_with, state);
}

static int
batch_finish(struct ui *ui, struct fm *f, void *state)
{
	fm_clear_errors(f);
	if (!fm_checked(f, "verified"))
		return batch_issue(ui, f, state);
	return ui_sign(ui, f, "issue", true, batch_with, state);
}

static void
batch_free(void *state)
{
	struct batch_state *s = state;

	fm_free(&s->form);
	free(s->ids);
	free(s);
}

const struct screen screen_csr_batch = {
	.help = N_("Issues a certificate for each request marked in the queue, with "
	           "one Certificate Usage, one confirmation and one entry of the "
	           "password of the CA's private key file.\n\nVerify each request "
	           "first as you would one at a time: its subject, names and SHA-1 "
	           "fingerprint with its technical contact. The certificates are "
	           "issued together, in one transaction: if one of the requests "
	           "cannot be issued (it was deleted meanwhile, or a rule refuses "
	           "it), none is, and the message says why."),
	.init = batch_init,
	.draw = batch_draw,
	.key = fm_screen_key,
	.free = batch_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK,
	.dirty = fm_screen_dirty_password,
};
