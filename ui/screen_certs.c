/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_certs.c: "Issued certificates" on the CA server. A table of the
 * certificates this CA issued (a menu that scrolls and pages) with their
 * serial, subject, usage, notAfter and status (valid, revoked with its
 * reason, on hold, expired), filtered by serial, hostname, instance or file
 * name and by a text found in the subject, SANs or those names, the table
 * following each keystroke; or, as a second view, those expiring within N days (the expired
 * ones included, soonest first: the 1000 soonest, with how many there are
 * in all) with a line for the CA's own certificate when it expires within
 * N days too. A row opens its actions screen:
 * Revoke (an RFC 5280 reason, an optional invalidity date, a confirmation,
 * then the password of the CA's private key file), Release hold (for
 * certificateHold only) or Export (the certificate as a PEM file into a
 * directory). Every string from the database goes through pki_sanitize.
 * The list holds a window of rows read a page at a time through their
 * serials (pki_cert_page_read), never the whole table: moving past either
 * end of the window reads the next page, Home and End the first and last.
 *
 * Table keys: Up/Down/PgUp/PgDn/Home/End move, Enter shows the certificate,
 * r revokes, u releases a hold, x exports, / filters (every keystroke
 * re-reads; Enter closes the form, Esc drops the filter), e shows the certificates expiring within N days (Enter
 * applies; Esc goes back to every certificate).
 * Action keys: the form's; Esc goes back.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ui.h"

#define DAYS_DEFAULT 30L
#define DAY 86400L
/* Rows read at a time, rows kept at most, and where the title's count stops. */
#define CHUNK 100
#define WINDOW_MAX (3 * CHUNK)
#define COUNT_CAP 1000
/* The expiry view's rows: the soonest, at most. */
#define EXPIRING_MAX 1000

/* The actions screen's argument. */
enum cert_action { ACT_REVOKE, ACT_RELEASE, ACT_EXPORT };
struct action_arg {
	uint64_t serial;
	enum cert_action action;
};

static const struct screen screen_cert_action;

/* Short, translated names of the usages for the table. */
static const char *
usage_short(enum pki_usage u)
{
	switch (u) {
	case PKI_USAGE_INTERMEDIATE:
		return _("Intermediate CA");
	case PKI_USAGE_CODESIGN:
		return _("Code signing");
	default:
		return _("TLS/XML");
	}
}

static void
date_of(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (t == 0 || localtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, size, "-");
}

/* "revoked (key compromise)", "on hold", "expired", "valid". */
static void
status_text(const struct pki_cert_info *c, time_t now, char *buf, size_t size)
{
	enum pki_cert_status st = pki_cert_status(c, now);

	if (st == PKI_CERT_REVOKED)
		snprintf(buf, size, "%s (%s)", pki_cert_status_label(st),
		    pki_reason_label(c->reason));
	else
		snprintf(buf, size, "%s", pki_cert_status_label(st));
}

/* ================================================================ table */

struct row {
	uint64_t serial;
	char *root, *subject;
	char *key_subject; /* the subject as stored: a key of the list's order */
	enum pki_usage u;
	time_t not_after_t;
	char usage[64], not_after[32], status[128];
	enum pki_cert_status st;
	bool expired;
};

struct certs_state {
	struct row *rows; /* the list's window, or every expiring row */
	size_t n;
	struct ls list; /* the filter's form is list.form */
	/* the list view: how many match in all */
	bool partial;
	size_t count;
	bool count_more;
	bool counted; /* the idle count ran for this filter (certs_idle) */
	/* the list view's order: s and S (the store reads it a page at a
	 * time); list.sort_col and sort_desc show it in the header */
	enum pki_cert_order order;
	bool desc;
	/* the filter (list view) */
	char f_serial[32], f_host[256], f_inst[256], f_root[256], f_text[256];
	/* the expiry view */
	bool expiring, asking_days;
	struct fm days_form;
	long days;
	char ca_line[512];
	size_t expired;
	bool expired_more;
	struct action_arg open;
};

static void
rows_free(struct certs_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->rows[i].root);
		free(s->rows[i].subject);
		free(s->rows[i].key_subject);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static bool
filter_active(const struct certs_state *s)
{
	return s->f_serial[0] || s->f_host[0] || s->f_inst[0] || s->f_root[0] || s->f_text[0];
}

static void
filter_drop(struct certs_state *s)
{
	s->f_serial[0] = s->f_host[0] = s->f_inst[0] = s->f_root[0] = s->f_text[0] = '\0';
}

/* The CA's own certificate, when it expires within the view's days. */
/* The line about the CA's own certificate when it has expired or expires
 * within `days` of now ("" otherwise). */
void
ui_ca_expiry(struct ui *ui, long days, time_t now, char *buf, size_t size)
{
	struct pki_server_info info;
	struct pki_error err;
	char date[32];

	buf[0] = '\0';
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info_brief(ui->store, &info, &err) != 0)
		return;
	date_of(info.not_after, date, sizeof date);
	if (info.not_after < now) {
		snprintf(buf, size,
		    _("The Certificate Authority's own certificate expired on %s: "
		      "every certificate it issued fails to verify."),
		    date);
	} else if (info.not_after < now + (time_t)days * DAY) {
		long left = (long)((info.not_after - now) / DAY);

		snprintf(buf, size,
		    dngettext(PACKAGE,
		        "The Certificate Authority's own certificate expires "
		        "on %s, in %ld day.",
		        "The Certificate Authority's own certificate expires on %s, "
		        "in %ld days.",
		        (unsigned long)left),
		    date, left);
	}
	pki_server_info_clear(&info);
}

static void
fill_row(struct row *w, const struct pki_cert_info *c, time_t now, bool expiring)
{
	w->serial = c->serial;
	w->root = ui_clean(c->file_root);
	w->subject = ui_clean(c->subject);
	w->key_subject = ui_xstrdup(c->subject != NULL ? c->subject : "");
	w->u = c->usage;
	w->not_after_t = c->not_after;
	w->st = pki_cert_status(c, now);
	w->expired = c->not_after < now;
	snprintf(w->usage, sizeof w->usage, "%s", usage_short(c->usage));
	date_of(c->not_after, w->not_after, sizeof w->not_after);
	if (expiring && !w->expired) {
		long left = (long)((c->not_after - now) / DAY);

		snprintf(w->status, sizeof w->status,
		    dngettext(PACKAGE, "valid, %ld day left", "valid, %ld days left",
		        (unsigned long)left),
		    left);
	} else {
		status_text(c, now, w->status, sizeof w->status);
	}
	/* TRANSLATORS: the status of an expired row, marked to stand out. */
	if (expiring && w->expired && w->st == PKI_CERT_EXPIRED)
		snprintf(w->status, sizeof w->status, "%s", _("EXPIRED"));
}

/* The expiry view: the EXPIRING_MAX certificates expiring soonest within
 * the days (never every row), and how many there are. */
static void
load_expiring(struct ui *ui, struct certs_state *s)
{
	struct pki_expiring_page page;
	struct pki_error err;
	time_t now = time(NULL);
	size_t i;

	pki_error_clear(&err);
	if (pki_cert_expiring_page(ui->store, s->days, EXPIRING_MAX, COUNT_CAP, &page, &err) != 0) {
		ui_error_pki(ui, &err);
		return;
	}
	ui_ca_expiry(ui, s->days, now, s->ca_line, sizeof s->ca_line);
	s->rows = ui_xcalloc(page.n, sizeof *s->rows);
	for (i = 0; i < page.n; i++)
		fill_row(&s->rows[i], &page.rows[i], now, true);
	s->n = page.n;
	s->count = page.count;
	s->count_more = page.count_more;
	s->expired = page.expired;
	s->expired_more = page.expired_more;
	pki_expiring_page_clear(&page);
}

/* The list view's filter as a query. */
static void
filter_query(const struct certs_state *s, struct pki_cert_query *q)
{
	memset(q, 0, sizeof *q);
	q->f.serial = s->f_serial[0] ? strtoull(s->f_serial, NULL, 10) : 0;
	q->f.hostname = s->f_host[0] ? s->f_host : NULL;
	q->f.instance = s->f_inst[0] ? s->f_inst : NULL;
	q->f.file_root = s->f_root[0] ? s->f_root : NULL;
	q->text = s->f_text;
}

/* One page of the list view's filter in its order, from the row `at`
 * (AFTER, BEFORE) or, in serial order, from serial `key` (at NULL); false
 * (and the error shown) on failure. */
static bool
read_page_at(struct ui *ui, struct certs_state *s, enum pki_cert_seek seek, const struct row *at,
    uint64_t key, bool count, struct pki_cert_page *page)
{
	struct pki_cert_query q;
	struct pki_error err;

	filter_query(s, &q);
	q.order = s->order;
	q.desc = s->desc;
	q.seek = seek;
	q.key = at != NULL ? at->serial : key;
	if (at != NULL) {
		q.key_subject = at->key_subject;
		q.key_usage = at->u;
		q.key_not_after = at->not_after_t;
	}
	q.limit = CHUNK;
	q.count_cap = count ? COUNT_CAP : 0;
	pki_error_clear(&err);
	if (pki_cert_page_read(ui->store, &q, page, &err) != 0) {
		ui_error_pki(ui, &err);
		return false;
	}
	s->partial = page->partial;
	if (count) {
		s->count = page->count;
		s->count_more = page->count_more;
		s->counted = false;
	}
	return true;
}

static bool
read_page(struct ui *ui, struct certs_state *s, enum pki_cert_seek seek, uint64_t key, bool count,
    struct pki_cert_page *page)
{
	return read_page_at(ui, s, seek, NULL, key, count, page);
}

/* Time the console has to spare: the count the title stopped at 1000 (or
 * after its 30 ms) finished, about a second at most, so that the title
 * gives how many match however many there are. */
#define COUNT_IDLE_MS 1000

static void
certs_idle(struct ui *ui, void *state)
{
	struct certs_state *s = state;
	struct pki_cert_query q;
	struct pki_error err;
	size_t n = 0;
	bool more = false;

	if (s->expiring || !s->count_more || s->counted || s->list.filtering)
		return;
	s->counted = true;
	filter_query(s, &q);
	q.count_ms = COUNT_IDLE_MS;
	pki_error_clear(&err);
	if (pki_cert_count(ui->store, &q, (size_t)INT32_MAX, &n, &more, &err) != 0 || n < s->count)
		return;
	s->count = n;
	s->count_more = more;
	ui_redraw(ui);
}

/* The page's rows into the window: in its place, or before or after it. */
static void
take_page(struct certs_state *s, struct pki_cert_page *page, int where)
{
	time_t now = time(NULL);
	struct row *rows;
	size_t i, at;

	if (where == 0)
		rows_free(s);
	rows = s->rows = ui_xrealloc(s->rows, s->n + page->n + 1, sizeof *rows);
	at = where < 0 ? 0 : s->n;
	if (where < 0)
		memmove(rows + page->n, rows, s->n * sizeof *rows);
	for (i = 0; i < page->n; i++)
		fill_row(&rows[at + i], &page->rows[i], now, false);
	s->n += page->n;
	pki_cert_page_clear(page);
}

/* Rows beyond WINDOW_MAX leave from the end away from the selection. */
static void
trim(struct certs_state *s)
{
	size_t drop, i;

	if (s->n <= WINDOW_MAX)
		return;
	drop = s->n - WINDOW_MAX;
	if (s->list.sel >= (int)(s->n / 2)) {
		for (i = 0; i < drop; i++) {
			free(s->rows[i].root);
			free(s->rows[i].subject);
			free(s->rows[i].key_subject);
		}
		memmove(s->rows, s->rows + drop, (s->n - drop) * sizeof *s->rows);
		s->list.sel -= (int)drop;
		s->list.top = s->list.top > (int)drop ? s->list.top - (int)drop : 0;
		s->list.more_before = true;
	} else {
		for (i = s->n - drop; i < s->n; i++) {
			free(s->rows[i].root);
			free(s->rows[i].subject);
			free(s->rows[i].key_subject);
		}
		s->list.more_after = true;
	}
	s->n -= drop;
}

/*
 * The list view from serial `from` on (0: the first rows), the count
 * with it; the selection stays on the same row when it still matches.
 */
static void
load_list(struct ui *ui, struct certs_state *s, uint64_t from)
{
	struct pki_cert_page page, before;
	uint64_t selected = from > 0 && s->list.sel < (int)s->n ? s->rows[s->list.sel].serial : 0;
	size_t i;

	/* In another order a serial is no place to start from: the first
	 * rows, the selection kept when it is among them. */
	if (s->order != PKI_ORDER_SERIAL)
		from = 0;
	rows_free(s);
	s->list.more_before = s->list.more_after = false;
	if (!read_page(ui, s, from > 1 ? PKI_SEEK_AFTER : PKI_SEEK_FIRST, from - 1, true, &page))
		return;
	if (page.n == 0 && from > 1) { /* nothing from there on: the last rows */
		pki_cert_page_clear(&page);
		if (!read_page(ui, s, PKI_SEEK_LAST, 0, false, &page))
			return;
		s->list.more_before = page.more;
	} else {
		s->list.more_after = page.more;
	}
	take_page(s, &page, 0);
	if (from > 1 && !s->list.more_before && s->n > 0) {
		if (!read_page_at(ui, s, PKI_SEEK_BEFORE, &s->rows[0], 0, false, &before))
			return;
		s->list.more_before = before.n > 0;
		pki_cert_page_clear(&before);
	}
	for (i = 0; selected != 0 && i < s->n; i++)
		if (s->rows[i].serial == selected)
			s->list.sel = (int)i;
}

/* Reads further so that `ahead` rows lie after (or before) the selection. */
static void
extend(struct ui *ui, struct certs_state *s, int ahead)
{
	struct pki_cert_page page;

	if (ahead > 0 && s->list.more_after && s->list.sel + ahead >= (int)s->n && s->n > 0) {
		if (!read_page_at(ui, s, PKI_SEEK_AFTER, &s->rows[s->n - 1], 0, false, &page))
			return;
		s->list.more_after = page.more;
		take_page(s, &page, 1);
	} else if (ahead < 0 && s->list.more_before && s->list.sel + ahead < 0 && s->n > 0) {
		if (!read_page_at(ui, s, PKI_SEEK_BEFORE, &s->rows[0], 0, false, &page))
			return;
		s->list.more_before = page.more;
		s->list.sel += (int)page.n;
		s->list.top += (int)page.n;
		take_page(s, &page, -1);
	}
	trim(s);
}

/* Home and End past the window: the first or the last rows. */
static void
jump(struct ui *ui, struct certs_state *s, bool end)
{
	struct pki_cert_page page;

	if (!read_page(ui, s, end ? PKI_SEEK_LAST : PKI_SEEK_FIRST, 0, false, &page))
		return;
	s->list.more_before = end && page.more;
	s->list.more_after = !end && page.more;
	take_page(s, &page, 0);
	s->list.sel = s->list.top = end && s->n > 0 ? (int)s->n - 1 : 0;
}

/* Moves in the list view that leave the window read the rows they reach. */
static bool
list_move(struct ui *ui, struct certs_state *s, const struct ui_key *k)
{
	int page = s->list.view > 0 ? s->list.view : 10;

	if (!k->fn) {
		if (k->ch == L'\t')
			extend(ui, s, 1);
		return false;
	}
	switch (k->ch) {
	case KEY_DOWN:
		extend(ui, s, 1);
		break;
	case KEY_UP:
	case KEY_BTAB:
		extend(ui, s, -1);
		break;
	case KEY_NPAGE:
		extend(ui, s, page + 1);
		break;
	case KEY_PPAGE:
		extend(ui, s, -page - 1);
		break;
	case KEY_HOME:
		if (!s->list.more_before)
			return false;
		jump(ui, s, false);
		return true;
	case KEY_END:
		if (!s->list.more_after)
			return false;
		jump(ui, s, true);
		return true;
	default:
		break;
	}
	return false;
}

static void
load(struct ui *ui, struct certs_state *s)
{
	s->expired = 0;
	s->expired_more = false;
	if (s->expiring) {
		rows_free(s);
		load_expiring(ui, s);
	} else {
		load_list(ui, s, 0);
	}
	if (s->list.sel >= (int)s->n)
		s->list.sel = s->n > 0 ? (int)s->n - 1 : 0;
}

static int
certs_init(struct ui *ui, void **state, const void *arg)
{
	struct certs_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	ls_init(&s->list);
	fm_init(&s->days_form);
	s->days = DAYS_DEFAULT;
	load(ui, s);
	*state = s;
	return 0;
}

enum { C_SERIAL, C_ROOT, C_SUBJECT, C_USAGE, C_DATE, C_STATUS, C__COUNT };
/* The column of each order the store reads in. */
static const int order_column[PKI_ORDER__COUNT] = { C_SERIAL, C_SUBJECT, C_USAGE, C_DATE };

/* The columns for a table `cols` wide (the file name from 110 on). */
static void
columns_for(struct ls *l, int cols)
{
	struct ls_column *c = l->col;
	bool wide = cols >= 110;
	int fixed;

	c[C_SERIAL] = (struct ls_column){ _("Serial"), 6 };
	c[C_ROOT] = (struct ls_column){ _("File name"), wide ? 16 : 0 };
	c[C_SUBJECT] = (struct ls_column){ _("Subject"), 0 };
	c[C_USAGE] = (struct ls_column){ _("Usage"), wide ? 15 : 12 };
	c[C_DATE] = (struct ls_column){ _("Not after"), 10 };
	c[C_STATUS] = (struct ls_column){ _("Status"), wide ? 26 : 24 };
	fixed = c[C_SERIAL].width + c[C_ROOT].width + c[C_USAGE].width + c[C_DATE].width +
	    c[C_STATUS].width + (wide ? 5 : 4);
	c[C_SUBJECT].width = cols - fixed > 10 ? cols - fixed : 10;
	l->ncols = C__COUNT;
}

static char *
certs_line(void *arg, size_t i, enum ui_role *role)
{
	const struct certs_state *s = arg;
	const struct row *r = &s->rows[i];
	char serial[32];
	const char *cells[C__COUNT] = { serial, r->root, r->subject, r->usage, r->not_after,
		r->status };

	(void)role;
	snprintf(serial, sizeof serial, "%" PRIu64, r->serial);
	return ls_row(&s->list, cells);
}

static void
certs_draw(struct ui *ui, void *state)
{
	struct certs_state *s = state;
	int cols, y = 1;
	char title[256], line[512], *hd;

	cols = getmaxx(ui->body);
	if (s->expiring && s->count_more)
		snprintf(title, sizeof title,
		    dngettext(PACKAGE, "Issued certificates expiring within %ld day: %zu or more",
		        "Issued certificates expiring within %ld days: %zu or more",
		        (unsigned long)s->days),
		    s->days, s->count);
	else if (s->expiring)
		snprintf(title, sizeof title,
		    dngettext(PACKAGE, "Issued certificates expiring within %ld day: %zu",
		        "Issued certificates expiring within %ld days: %zu",
		        (unsigned long)s->days),
		    s->days, s->count);
	else if (filter_active(s))
		snprintf(title, sizeof title,
		    s->count_more ? _("Issued certificates matching the filter: %zu or more")
		                  : _("Issued certificates matching the filter: %zu"),
		    s->count);
	else
		snprintf(title, sizeof title,
		    s->count_more ? _("Issued certificates: %zu or more")
		                  : _("Issued certificates: %zu"),
		    s->count);
	ui_title(ui, title);
	if (s->list.filtering) {
		fm_draw(ui, &s->list.form, 1);
		y = 6;
	} else if (s->asking_days) {
		fm_draw(ui, &s->days_form, 1);
		y = 2;
	} else if (s->expiring) {
		if (s->expired_more)
			snprintf(line, sizeof line, _("%zu or more already expired"), s->expired);
		else
			snprintf(line, sizeof line,
			    dngettext(PACKAGE, "%zu already expired", "%zu already expired",
			        (unsigned long)s->expired),
			    s->expired);
		if (s->count_more || s->count > s->n) {
			size_t used = strlen(line);

			/* TRANSLATORS: follows "N already expired" when the view holds
			 * only the soonest rows. */
			snprintf(line + used, sizeof line - used, _("; the %zu soonest are listed"),
			    s->n);
		}
		ui_put(ui->body, y++, 2, line, cols - 4,
		    s->expired ? ui_attr(ui, R_ERROR) : (int)A_BOLD);
		if (s->ca_line[0] != '\0')
			y += ui_put_wrapped(ui->body, y, 2, s->ca_line, cols - 4, 2,
			    getmaxy(ui->body), ui_attr(ui, R_ERROR));
	} else if (filter_active(s)) {
		if (s->f_text[0] != '\0')
			snprintf(line, sizeof line,
			    _("Filter: containing \"%s\", serial %s, hostname "
			      "%s, instance %s, file name %s"),
			    s->f_text, s->f_serial[0] ? s->f_serial : "*",
			    s->f_host[0] ? s->f_host : "*", s->f_inst[0] ? s->f_inst : "*",
			    s->f_root[0] ? s->f_root : "*");
		else
			snprintf(line, sizeof line,
			    _("Filter: serial %s, hostname %s, instance %s, "
			      "file name %s"),
			    s->f_serial[0] ? s->f_serial : "*", s->f_host[0] ? s->f_host : "*",
			    s->f_inst[0] ? s->f_inst : "*", s->f_root[0] ? s->f_root : "*");
		hd = ui_clean(line);
		ui_put(ui->body, y++, 2, hd, cols - 4, A_BOLD);
		free(hd);
	}
	if (!s->expiring && s->partial)
		ui_put(ui->body, y++, 2,
		    s->order != PKI_ORDER_SERIAL
		        ? _("The search stopped early: too many matches to sort; type more "
		            "characters, or sort by serial (s).")
		        : _("The search stopped early: type more characters to "
		            "search every certificate."),
		    cols - 4, A_BOLD);
	columns_for(&s->list, cols - 3);
	/* The header's arrow: the list view's order (none in serial order
	 * ascending, the rows' own; none in the expiry view, soonest first). */
	s->list.sort_col =
	    s->expiring || (s->order == PKI_ORDER_SERIAL && !s->desc) ? -1 : order_column[s->order];
	s->list.sort_desc = s->desc;
	ls_draw(ui, &s->list, y + 1, s->n,
	    s->expiring            ? _("No certificate expires within these days.")
	        : filter_active(s) ? _("No certificate matches the filter.")
	                           : _("No certificate has been issued yet."),
	    certs_line, s);
}

static void
start_filter(struct certs_state *s)
{
	fm_free(&s->list.form);
	fm_text(&s->list.form, "serial", _("Serial"), 20, 12, 0);
	fm_text(&s->list.form, "hostname", _("Hostname"), 250, 30, 0);
	fm_text(&s->list.form, "instance", _("Instance"), 250, 30, 0);
	fm_text(&s->list.form, "root", _("File name"), 250, 30, 0);
	/* TRANSLATORS: the filter field for a text found anywhere in the
	 * subject, the SANs, the hostname, the instance or the file name. */
	fm_text(&s->list.form, "text", _("Containing"), 250, 30, 0);
	fm_set(&s->list.form, "serial", s->f_serial);
	fm_set(&s->list.form, "hostname", s->f_host);
	fm_set(&s->list.form, "instance", s->f_inst);
	fm_set(&s->list.form, "root", s->f_root);
	fm_set(&s->list.form, "text", s->f_text);
	fm_focus(&s->list.form, s->f_text[0] ? "text" : "serial");
	s->list.filtering = true;
}

static void
copy_field(struct fm *f, const char *id, char *out, size_t size)
{
	char *t = fm_get(f, id, NULL);

	snprintf(out, size, "%s", t != NULL ? t : "");
	free(t);
}

/* The form's fields as the filter; false when the serial is not a number. */
static bool
take_filter(struct certs_state *s)
{
	char serial[32], *end;

	copy_field(&s->list.form, "serial", serial, sizeof serial);
	errno = 0;
	if (serial[0] != '\0' &&
	    (strtoull(serial, &end, 10) == 0 || *end != '\0' || errno != 0 || serial[0] == '-'))
		return false;
	snprintf(s->f_serial, sizeof s->f_serial, "%s", serial);
	copy_field(&s->list.form, "hostname", s->f_host, sizeof s->f_host);
	copy_field(&s->list.form, "instance", s->f_inst, sizeof s->f_inst);
	copy_field(&s->list.form, "root", s->f_root, sizeof s->f_root);
	copy_field(&s->list.form, "text", s->f_text, sizeof s->f_text);
	s->list.sel = s->list.top = 0;
	return true;
}

static int
filter_key(struct ui *ui, struct certs_state *s, const struct ui_key *k)
{
	if (!k->fn && k->ch == UI_ESC) {
		s->list.filtering = false;
		filter_drop(s);
		load(ui, s);
		return UI_REDRAW;
	}
	if (!ui_key_enter(k)) {
		/* Every change re-reads the table: a page and a capped count. */
		if (fm_key(&s->list.form, k) == FM_CHANGED && take_filter(s))
			load(ui, s);
		return UI_REDRAW;
	}
	fm_clear_errors(&s->list.form);
	if (!take_filter(s)) {
		fm_set_error(&s->list.form, "serial", _("Enter a serial number (digits)."));
		fm_focus(&s->list.form, "serial");
		return UI_REDRAW;
	}
	s->list.filtering = false;
	load(ui, s);
	return UI_REDRAW;
}

static void
start_days(struct certs_state *s)
{
	char days[32];

	fm_free(&s->days_form);
	fm_text(&s->days_form, "days", _("Expiring within (days)"), 5, 6, FW_REQUIRED);
	snprintf(days, sizeof days, "%ld", s->days);
	fm_set(&s->days_form, "days", days);
	fm_focus(&s->days_form, "days");
	s->asking_days = true;
}

static int
days_key(struct ui *ui, struct certs_state *s, const struct ui_key *k)
{
	char days[32], *end;
	long d;

	if (!k->fn && k->ch == UI_ESC) {
		s->asking_days = false;
		return UI_REDRAW;
	}
	if (!ui_key_enter(k)) {
		fm_key(&s->days_form, k);
		return UI_REDRAW;
	}
	fm_clear_errors(&s->days_form);
	copy_field(&s->days_form, "days", days, sizeof days);
	errno = 0;
	d = strtol(days, &end, 10);
	if (days[0] == '\0' || *end != '\0' || errno != 0 || d < 0 || d > PKI_DAYS_MAX) {
		fm_set_error(&s->days_form, "days", _("Enter a number of days."));
		return UI_REDRAW;
	}
	s->days = d;
	s->asking_days = false;
	s->expiring = true;
	s->list.sel = s->list.top = 0;
	load(ui, s);
	return UI_REDRAW;
}

/* Enter: the certificate's details in a notice; what came from outside
 * (names, contacts) is cleaned field by field, so that the lines stay. */
static int
show_row(struct ui *ui, struct certs_state *s)
{
	struct pki_cert_info c;
	struct pki_cert_details d;
	struct pki_error err;
	char text[6144], a[32], b[32], title[128], st[160], num[32];
	size_t n = 0;
	char *f[9], *fp1, *fp256;
	uint64_t serial = s->rows[s->list.sel].serial;
	bool have_details;

	memset(&c, 0, sizeof c);
	pki_error_clear(&err);
	if (pki_cert_get(ui->store, serial, &c, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	have_details = pki_cert_details(c.pem, &d, &err) == 0;
	f[0] = ui_clean(c.subject);
	f[1] = ui_clean(c.issuer);
	f[2] = ui_clean(c.file_root);
	f[3] = ui_clean(c.sans != NULL && c.sans[0] ? c.sans : _("none"));
	f[4] = ui_clean(c.hostname);
	f[5] = ui_clean(c.instance);
	f[6] = ui_clean(c.contact_name);
	f[7] = ui_clean(c.contact_phone);
	f[8] = ui_clean(c.contact_email);
#define ADD(...) \
	do { \
		if (n < sizeof text) \
			n += (size_t)snprintf(text + n, sizeof text - n, __VA_ARGS__); \
	} while (0)
	status_text(&c, time(NULL), st, sizeof st);
	ADD("%s %s\n", _("Subject:"), f[0]);
	ADD("%s %s\n", _("Issuer:"), f[1]);
	ADD("%s %s\n", _("File name root:"), f[2]);
	ADD("%s %s\n", _("Serial number:"),
	    c.serial_number[0] != '\0' ? c.serial_number
	                               : (snprintf(num, sizeof num, "%" PRIu64, c.serial), num));
	ADD("%s %s\n", _("Subject Alternative Names:"), f[3]);
	ADD("%s %s\n", _("Certificate Usage:"), pki_usage_label(c.usage));
	ui_time(c.not_before, a, sizeof a);
	ui_time(c.not_after, b, sizeof b);
	ADD("%s %s - %s\n", _("Validity:"), a, b);
	ADD("%s %s\n", _("Status:"), st);
	if (c.revoked_at != 0) {
		ui_time(c.revoked_at, a, sizeof a);
		ADD("%s %s\n", _("Revoked on:"), a);
		if (c.invalidity_date != 0) {
			date_of(c.invalidity_date, a, sizeof a);
			ADD("%s %s\n", _("Invalidity date:"), a);
		}
	}
	if (c.renewal_of != 0)
		ADD(_("Renewal of certificate %" PRIu64 "\n"), c.renewal_of);
	if (have_details) {
		ADD("%s %s, %s\n", _("Key and signature:"), d.key, d.sig_alg);
		if (!d.has_basic_constraints)
			ADD("%s %s\n", _("Basic constraints:"), _("none"));
		else if (!d.ca)
			ADD("%s %s\n", _("Basic constraints:"), _("not a CA"));
		else if (d.pathlen < 0)
			ADD("%s %s\n", _("Basic constraints:"), _("CA, no path length limit"));
		else
			ADD("%s %s %ld\n", _("Basic constraints:"), _("CA, path length"),
			    d.pathlen);
		ADD("%s %s\n", _("Key usage:"), d.key_usage[0] ? d.key_usage : _("none"));
		ADD("%s %s\n", _("Extended key usage:"),
		    d.ext_key_usage[0] ? d.ext_key_usage : _("none"));
	}
	ADD("%s %s / %s\n", _("Hostname / instance:"), f[4], f[5]);
	ADD("%s %s %s %s\n", _("Contact:"), f[6], f[7], f[8]);
	fp1 = ui_fingerprint(c.sha1);
	fp256 = ui_fingerprint(c.sha256);
	ADD("SHA-1 %s\nSHA-256 %s\n", fp1, fp256);
	/* To copy: the certificate itself (Down and PgDn scroll to it). */
	if (c.pem != NULL && c.pem[0] != '\0')
		ADD("\n%s\n%s", _("The certificate (PEM):"), c.pem);
	free(fp1);
	free(fp256);
#undef ADD
	snprintf(title, sizeof title, _("Certificate number %" PRIu64), serial);
	ui_notice(ui, title, text);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		free(f[i]);
	pki_cert_info_clear(&c);
	return UI_REDRAW;
}

/* s: the next column the store orders by (serial, subject, usage, not
 * after, then serial again); S: the other way. The status is no column
 * the store orders by. */
static void
sort_key(struct certs_state *s, bool reverse)
{
	if (reverse) {
		s->desc = !s->desc;
	} else {
		s->order = (enum pki_cert_order)((s->order + 1) % PKI_ORDER__COUNT);
		s->desc = false;
	}
}

static int
certs_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct certs_state *s = state;

	if (s->list.filtering)
		return filter_key(ui, s, k);
	if (s->asking_days)
		return days_key(ui, s, k);
	if (!s->expiring && list_move(ui, s, k))
		return UI_REDRAW;
	if (ls_key(&s->list, s->n, k))
		return UI_REDRAW;
	if (k->fn) {
		if (k->ch == KEY_ENTER)
			return s->n > 0 ? show_row(ui, s) : UI_NONE;
		return UI_UNHANDLED;
	}
	switch (k->ch) {
	case L'\r':
	case L'\n':
		return s->n > 0 ? show_row(ui, s) : UI_NONE;
	case L'/':
		if (s->expiring)
			return UI_NONE;
		start_filter(s);
		return UI_REDRAW;
	case L'e':
	case L'E':
		start_days(s);
		return UI_REDRAW;
	case L's':
	case L'S':
		if (s->expiring)
			return UI_NONE;
		sort_key(s, k->ch == L'S');
		s->list.sel = s->list.top = 0;
		load(ui, s);
		return UI_REDRAW;
	case L'r':
	case L'R':
		s->open.action = ACT_REVOKE;
		break;
	case L'u':
	case L'U':
		s->open.action = ACT_RELEASE;
		break;
	case L'x':
	case L'X':
		s->open.action = ACT_EXPORT;
		break;
	case UI_ESC:
		if (s->expiring) {
			s->expiring = false;
			s->list.sel = s->list.top = 0;
			load(ui, s);
			return UI_REDRAW;
		}
		if (filter_active(s)) {
			filter_drop(s);
			s->list.sel = s->list.top = 0;
			load(ui, s);
			return UI_REDRAW;
		}
		return UI_UNHANDLED;
	default:
		return UI_UNHANDLED;
	}
	if (s->n == 0)
		return UI_NONE;
	if (s->open.action == ACT_RELEASE && s->rows[s->list.sel].st != PKI_CERT_ON_HOLD) {
		ui_error(ui,
		    _("Certificate number %" PRIu64 " is not on hold: only a "
		      "certificateHold revocation can be released."),
		    s->rows[s->list.sel].serial);
		return UI_REDRAW;
	}
	if (s->open.action == ACT_REVOKE && s->rows[s->list.sel].st == PKI_CERT_REVOKED) {
		ui_error(ui, _("Certificate number %" PRIu64 " is already revoked."),
		    s->rows[s->list.sel].serial);
		return UI_REDRAW;
	}
	s->open.serial = s->rows[s->list.sel].serial;
	return ui_open(ui, &screen_cert_action, &s->open);
}

/* Back from an action: the same rows from the top of the screen on, read
 * again, the same one selected. */
static void
certs_resume(struct ui *ui, void *state)
{
	struct certs_state *s = state;
	uint64_t from;

	if (s->expiring) {
		load(ui, s);
		return;
	}
	from = s->list.top < (int)s->n ? s->rows[s->list.top].serial : 0;
	s->list.top = 0;
	load_list(ui, s, from);
}

static void
certs_free(void *state)
{
	struct certs_state *s = state;

	rows_free(s);
	ls_free(&s->list);
	fm_free(&s->days_form);
	free(s);
}

static unsigned
certs_keys(void *state)
{
	struct certs_state *s = state;
	unsigned m = KB_HELP | KB_EXPIRY | KB_BACK;

	if (s->list.filtering || s->asking_days)
		return KB_HELP | KB_EDIT | KB_SELECT | KB_BACK;
	if (!s->expiring)
		m |= KB_FILTER;
	if (s->n == 0)
		return m;
	if (!s->expiring)
		m |= KB_SORT;
	m |= KB_SELECT | KB_EXPORT;
	if (s->rows[s->list.sel].st == PKI_CERT_ON_HOLD)
		m |= KB_RELEASE | KB_REVOKE;
	else if (s->rows[s->list.sel].st != PKI_CERT_REVOKED)
		m |= KB_REVOKE;
	return m;
}

const struct screen screen_certs = {
	.help = N_("The certificates this Certificate Authority issued, with their "
	           "serial number, subject, usage, end of validity (not after) and "
	           "status: valid, revoked (with the reason), on hold or expired.\n\n"
	           "Enter shows a certificate. r revokes it: choose the reason (RFC "
	           "5280), optionally the date from which it is known or suspected to "
	           "be invalid, confirm, then give the password of the CA's private key "
	           "file (mount the media that holds it first). A revocation is "
	           "recorded, the certificate stays in this list, and a new Certificate "
	           "Revocation List (CRL) with a higher number is signed at once. A "
	           "revocation cannot be undone, except certificateHold: u releases "
	           "such a hold. x exports a certificate as a PEM file into a "
	           "directory.\n\n/ filters the table by serial number, hostname, "
	           "instance or file name (exact values; empty fields match all) and by "
	           "a text contained in the subject, the Subject Alternative Names, the "
	           "hostname, the instance or the file name (any case); the table follows "
	           "each keystroke. A text of three characters or more is looked up in an "
	           "index; one or two characters search only for a moment. Only the rows "
	           "on the screen are read, and the count first stops at 1000 (\"1000 "
	           "or more\"), then, while the console waits for a key, goes on to "
	           "every match. s sorts by the next column (serial, subject, usage, "
	           "not after; the arrow marks it), S the other way; the rows are still "
	           "read a page at a time. e "
	           "lists the certificates that expire within a number of days (30 by "
	           "default), the expired ones included and marked, soonest first, "
	           "and says when the CA's own certificate expires within those days "
	           "too; Esc goes back to every certificate."),
	.init = certs_init,
	.draw = certs_draw,
	.key = certs_key,
	.free = certs_free,
	.keys = certs_keys,
	.resume = certs_resume,
	.idle = certs_idle,
};

/* ============================================================= actions */

static const int reasons[] = {
	PKI_REASON_UNSPECIFIED,
	PKI_REASON_KEY_COMPROMISE,
	PKI_REASON_CA_COMPROMISE,
	PKI_REASON_AFFILIATION_CHANGED,
	PKI_REASON_SUPERSEDED,
	PKI_REASON_CESSATION_OF_OPERATION,
	PKI_REASON_CERTIFICATE_HOLD,
	PKI_REASON_PRIVILEGE_WITHDRAWN,
	PKI_REASON_AA_COMPROMISE,
};

struct action_state {
	struct fm form; /* first: fm_screen_key */
	struct action_arg arg;
	char *subject, *root; /* sanitized */
	time_t invalidity;
	int reason;
};

static int go(struct ui *ui, struct fm *f, void *state);
static int finish(struct ui *ui, struct fm *f, void *state);

/* The buttons of each action, in the order of enum cert_action. */
static const struct fm_button action_buttons[][2] = {
	{ { "go", N_("Revoke"), FM_KEY_COMMIT, go }, { "back", N_("Back"), 0, fm_close } },
	{ { "go", N_("Release hold"), FM_KEY_COMMIT, go }, { "back", N_("Back"), 0, fm_close } },
	{ { "go", N_("Export"), FM_KEY_COMMIT, go }, { "back", N_("Back"), 0, fm_close } },
};
static const struct fm_button finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT, finish };

static void
build_action(struct action_state *s, const struct pki_cert_info *c)
{
	struct fm *f = &s->form;
	char num[64], st[160], date[32];
	size_t i;
	struct fw *w;
	bool first;

	snprintf(num, sizeof num, "%" PRIu64, c->serial);
	fm_info(f, _("Certificate number"), num);
	fm_info(f, _("Subject"), c->subject);
	fm_info(f, _("File name"), c->file_root);
	status_text(c, time(NULL), st, sizeof st);
	date_of(c->not_after, date, sizeof date);
	fm_info(f, _("Status"), st);
	fm_info(f, _("Not after"), date);
	fm_add(f, FW_GAP, "", "");
	switch (s->arg.action) {
	case ACT_REVOKE:
		for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
			char label[160];

			/* A certificate on hold can only be revoked for good. */
			if (c->revoked_at != 0 && reasons[i] == PKI_REASON_CERTIFICATE_HOLD)
				continue;
			if (reasons[i] == PKI_REASON_CERTIFICATE_HOLD)
				snprintf(label, sizeof label, "%s (%s)",
				    pki_reason_label(reasons[i]), _("can be released"));
			else
				snprintf(label, sizeof label, "%s", pki_reason_label(reasons[i]));
			first = fm_find(f, "reason") == NULL;
			w = fm_radio(f, "reason", label, reasons[i], first, 0);
			if (first)
				w->value = ui_clean(_("Reason"));
		}
		fm_text(f, "invalidity", _("Invalidity date (YYYY-MM-DD)"), 10, 12, 0);
		fm_add(f, FW_GAP, "", "");
		fm_add(f, FW_LABEL, "",
		    _("A revocation cannot be undone, except certificateHold, which can "
		      "be released later."));
		break;
	case ACT_RELEASE:
		fm_add(f, FW_LABEL, "",
		    _("Releasing the hold makes the certificate valid again: it leaves "
		      "the Certificate Revocation List."));
		break;
	case ACT_EXPORT: {
		char cwd[4096];

		fm_text(f, "dir", _("Directory"), 1000, 40, FW_REQUIRED);
		if (getcwd(cwd, sizeof cwd) != NULL)
			fm_set(f, "dir", cwd);
		fm_add(f, FW_CHECK, "chain",
		    _("Also FILENAME-chain.pem: the certificate, then the CA's certificate and "
		      "chain"));
		fm_add(f, FW_LABEL, "", _("A directory that does not exist is created."));
		break;
	}
	}
	if (s->arg.action != ACT_EXPORT)
		fm_password_step(f, &finish_button);
	FM_BUTTONS(f, action_buttons[s->arg.action]);
	f->focus = -1;
	if (s->arg.action == ACT_REVOKE)
		fm_focus(f, "reason");
	else if (s->arg.action == ACT_EXPORT)
		fm_focus(f, "dir");
	else
		fm_focus(f, "go");
}

static int
action_init(struct ui *ui, void **state, const void *arg)
{
	struct action_state *s = ui_xcalloc(1, sizeof *s);
	struct pki_cert_info c;
	struct pki_error err;

	s->arg = *(const struct action_arg *)arg;
	memset(&c, 0, sizeof c);
	pki_error_clear(&err);
	if (pki_cert_get(ui->store, s->arg.serial, &c, &err) != 0) {
		ui_error_pki(ui, &err);
		free(s);
		return -1;
	}
	fm_init(&s->form);
	s->subject = ui_clean(c.subject);
	s->root = ui_clean(c.file_root);
	build_action(s, &c);
	pki_cert_info_clear(&c);
	*state = s;
	return 0;
}

static void
action_draw(struct ui *ui, void *state)
{
	struct action_state *s = state;
	char title[256];

	snprintf(title, sizeof title,
	    s->arg.action == ACT_REVOKE ? _("Revoke certificate number %" PRIu64)
	        : s->arg.action == ACT_RELEASE
	        ? _("Release the hold on certificate number %" PRIu64)
	        : _("Export certificate number %" PRIu64),
	    s->arg.serial);
	ui_title(ui, title);
	fm_draw(ui, &s->form, 2);
}

/* "YYYY-MM-DD" as midnight UTC; false when not a date. */
static bool
parse_date(const char *text, time_t *out)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(text, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return false;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

/* The change itself, with an open signer; UI_CLOSE on success. */
static int
apply(struct ui *ui, void *state, pki_signer *signer)
{
	struct action_state *s = state;
	struct pki_crl_info crl;
	struct pki_error err;
	int r;

	memset(&crl, 0, sizeof crl);
	pki_error_clear(&err);
	if (s->arg.action == ACT_REVOKE)
		r = pki_cert_revoke(ui->store, signer, s->arg.serial, s->reason, s->invalidity,
		    &crl, &err);
	else
		r = pki_cert_release_hold(ui->store, signer, s->arg.serial, &crl, &err);
	if (r != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	if (s->arg.action == ACT_REVOKE)
		ui_message(ui,
		    _("Certificate number %" PRIu64 " revoked (reason %s). CRL "
		      "number %" PRIu64 " generated."),
		    s->arg.serial, pki_reason_label(s->reason), crl.number);
	else
		ui_message(ui,
		    _("The hold on certificate number %" PRIu64 " was released. CRL "
		      "number %" PRIu64 " generated."),
		    s->arg.serial, crl.number);
	return UI_CLOSE;
}

/* One file of the export (the chain file when `chain`), asking before it
 * replaces one; *written NULL when the operator kept the old one. */
static int
export_file(struct ui *ui, uint64_t serial, const char *dir, bool chain, char **written,
    struct pki_error *err)
{
	char q[1024];
	int r;

	r = chain ? pki_cert_export_chain(ui->store, serial, dir, false, true, written, NULL, err)
	          : pki_cert_export(ui->store, serial, dir, false, written, NULL, err);
	if (r != PKI_ERR_EXISTS)
		return r;
	snprintf(q, sizeof q, "%s %s", err->msg, _("Replace it?"));
	if (!ui_confirm(ui, _("Replace file"), q))
		return 0;
	pki_error_clear(err);
	return chain ? pki_cert_export_chain(ui->store, serial, dir, true, true, written, NULL, err)
	             : pki_cert_export(ui->store, serial, dir, true, written, NULL, err);
}

static int
export_now(struct ui *ui, struct action_state *s)
{
	struct pki_error err;
	char *dir, *path, *written[2] = { NULL, NULL }, *shown[2];
	bool chain = fm_checked(&s->form, "chain");
	int r;

	fm_clear_errors(&s->form);
	dir = fm_get(&s->form, "dir", NULL);
	if (dir[0] == '\0') {
		fm_set_error(&s->form, "dir", _("Enter the directory to export into."));
		free(dir);
		return UI_REDRAW;
	}
	/* "DIR/": pki_cert_export makes the directory when it is missing. */
	path = ui_xmalloc(strlen(dir) + 2);
	snprintf(path, strlen(dir) + 2, "%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
	free(dir);
	pki_error_clear(&err);
	r = export_file(ui, s->arg.serial, path, false, &written[0], &err);
	if (r == 0 && chain)
		r = export_file(ui, s->arg.serial, path, true, &written[1], &err);
	free(path);
	if (r != 0) {
		fm_set_error(&s->form, "dir", err.msg[0] ? err.msg : pki_strerror(err.code));
		ui_error_pki(ui, &err);
		free(written[0]);
		free(written[1]);
		return UI_REDRAW;
	}
	shown[0] = written[0] != NULL ? ui_clean(written[0]) : NULL;
	shown[1] = written[1] != NULL ? ui_clean(written[1]) : NULL;
	if (shown[0] != NULL && shown[1] != NULL)
		ui_message(ui,
		    _("Certificate number %" PRIu64 " saved in files \"%s\" and \"%s\"."),
		    s->arg.serial, shown[0], shown[1]);
	else if (shown[0] != NULL || shown[1] != NULL)
		ui_message(ui, _("Certificate number %" PRIu64 " saved in file \"%s\"."),
		    s->arg.serial, shown[0] != NULL ? shown[0] : shown[1]);
	else
		ui_message(ui, "%s", _("Nothing was replaced."));
	for (int i = 0; i < 2; i++) {
		free(shown[i]);
		free(written[i]);
	}
	return UI_CLOSE;
}

static int
go(struct ui *ui, struct fm *f, void *state)
{
	struct action_state *s = state;
	char q[1024], *date;

	if (s->arg.action == ACT_EXPORT)
		return export_now(ui, s);
	fm_clear_errors(&s->form);
	if (s->arg.action == ACT_REVOKE) {
		s->reason = fm_radio_value(&s->form, "reason");
		s->invalidity = 0;
		date = fm_get(&s->form, "invalidity", NULL);
		if (date[0] != '\0' &&
		    (!parse_date(date, &s->invalidity) || s->invalidity > time(NULL))) {
			fm_set_error(&s->form, "invalidity",
			    _("Enter a date that is not in the future, as YYYY-MM-DD."));
			fm_focus(&s->form, "invalidity");
			free(date);
			ui_error(ui, "%s",
			    _("Nothing was revoked: correct the field marked "
			      "beside it."));
			return UI_REDRAW;
		}
		free(date);
		snprintf(q, sizeof q,
		    _("Revoke certificate number %" PRIu64 " \"%s\" with the "
		      "reason %s? A revocation cannot be undone, except "
		      "certificateHold, which can be released."),
		    s->arg.serial, s->subject, pki_reason_label(s->reason));
		if (!ui_confirm(ui, _("Revoke"), q)) {
			ui_message(ui, "%s", _("Nothing was revoked."));
			return UI_REDRAW;
		}
	}
	return ui_sign(ui, f, "go", false, apply, s);
}

static int
finish(struct ui *ui, struct fm *f, void *state)
{
	fm_clear_errors(f);
	return ui_sign(ui, f, "go", true, apply, state);
}

static void
action_free(void *state)
{
	struct action_state *s = state;

	fm_free(&s->form);
	free(s->subject);
	free(s->root);
	free(s);
}

static const struct screen screen_cert_action = {
	.help = N_("Revoke: choose the reason the certificate is revoked for (RFC 5280 "
	           "CRLReason): keyCompromise when its private key may be known to "
	           "others, superseded when a new certificate replaces it, "
	           "cessationOfOperation when it is no longer needed, certificateHold to "
	           "suspend it for a while. The invalidity date, optional, is the day "
	           "from which the key is known or suspected to be compromised. After "
	           "a confirmation, give the password of the CA's private key file "
	           "(mount the media that holds it first); Finish revokes and signs a "
	           "new Certificate Revocation List. A revocation cannot be undone, "
	           "except certificateHold.\n\nRelease hold: takes a certificateHold "
	           "back, with the password; the certificate is valid again and leaves "
	           "the next CRL.\n\nExport: writes the certificate as FILENAME.cer "
	           "(PEM) into the directory, asking before it replaces a file."),
	.init = action_init,
	.draw = action_draw,
	.key = fm_screen_key,
	.free = action_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK,
	.dirty = fm_screen_dirty_password,
};
