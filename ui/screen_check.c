/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_check.c: "Integrity check", the console's `ncpki check`: the
 * re-audit of the whole database (pki_check) run when the page opens and
 * again on c: what was checked, the serial counter, the audit trail, the
 * verdict, and each anomaly a row of the list (Enter shows it whole).
 * A check that could not be done never shows as clean.
 *
 * Keys: Up/Down/PgUp/PgDn/Home/End move, Enter shows the anomaly, c checks
 * again, Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

struct check_state {
	struct pki_check_report rep;
	bool ran; /* rep holds a check that was done */
	struct ls list;
};

static void
run(struct ui *ui, struct check_state *s)
{
	struct pki_error err;

	if (s->ran)
		pki_check_report_clear(&s->rep);
	memset(&s->rep, 0, sizeof s->rep);
	s->ran = false;
	s->list.sel = s->list.top = 0;
	ui_busy(ui, _("Checking the database, the certificates, the CRLs and the audit trail..."));
	pki_error_clear(&err);
	if (pki_check(ui->store, &s->rep, &err) != 0) {
		ui_error(ui, _("The check could not be completed: %s"),
		    err.msg[0] ? err.msg : pki_strerror(err.code));
		return;
	}
	s->ran = true;
	ui_message(ui, "%s", _("Integrity check done."));
}

static int
check_init(struct ui *ui, void **state, const void *arg)
{
	struct check_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	ls_init(&s->list);
	run(ui, s);
	*state = s;
	return 0;
}

static char *
anomaly_line(void *arg, size_t i, enum ui_role *role)
{
	const struct check_state *s = arg;

	*role = R_ERROR;
	return ui_clean(s->rep.anomalies[i]);
}

static void
check_draw(struct ui *ui, void *state)
{
	struct check_state *s = state;
	int cols = getmaxx(ui->body), rows = getmaxy(ui->body), y = 2;
	size_t found = s->rep.n + s->rep.dropped;
	char line[512], certs[64], crls[96];

	ui_title(ui, _("Integrity check"));
	if (!s->ran) {
		ui_put_wrapped(ui->body, y, 2,
		    _("The check could not be completed: nothing is known to be clean."), cols - 4,
		    4, rows, ui_attr(ui, R_ERROR));
		return;
	}
	/* TRANSLATORS: "Checked 3 certificates and 1 certificate revocation
	 * list.": the two counts come from the CLI's own messages. */
	snprintf(certs, sizeof certs,
	    dngettext(PACKAGE, "%zu certificate", "%zu certificates", s->rep.certs), s->rep.certs);
	snprintf(crls, sizeof crls,
	    dngettext(PACKAGE, "%zu certificate revocation list",
	        "%zu certificate revocation lists", s->rep.crls),
	    s->rep.crls);
	snprintf(line, sizeof line, _("Checked %s and %s."), certs, crls);
	y += ui_put_wrapped(ui->body, y, 2, line, cols - 4, 3, rows, A_NORMAL);
	if (s->rep.srl_unchecked)
		snprintf(line, sizeof line, "%s",
		    _("The Certificate Authority's directory is not mounted: the serial counter "
		      "file was not checked."));
	else
		snprintf(line, sizeof line,
		    _("Serial counter: next %" PRIu64 ", highest issued %" PRIu64 "."),
		    s->rep.srl_next, s->rep.max_serial);
	y += ui_put_wrapped(ui->body, y, 2, line, cols - 4, 3, rows, A_NORMAL);
	snprintf(line, sizeof line,
	    dngettext(PACKAGE, "Audit trail: %zu entry's chain walked.",
	        "Audit trail: %zu entries' chain walked.", s->rep.audit_rows),
	    s->rep.audit_rows);
	y += ui_put_wrapped(ui->body, y, 2, line, cols - 4, 3, rows, A_NORMAL);
	if (found == 0)
		snprintf(line, sizeof line, "%s", _("No anomalies found."));
	else
		snprintf(line, sizeof line,
		    dngettext(PACKAGE, "%zu anomaly found.", "%zu anomalies found.", found), found);
	y += ui_put_wrapped(ui->body, y, 2, line, cols - 4, 3, rows,
	    found == 0 ? (int)A_BOLD : ui_attr(ui, R_ERROR));
	if (s->rep.dropped > 0) {
		snprintf(line, sizeof line,
		    dngettext(PACKAGE, "%zu more anomaly could not be recorded (out of memory).",
		        "%zu more anomalies could not be recorded (out of memory).",
		        s->rep.dropped),
		    s->rep.dropped);
		y += ui_put_wrapped(ui->body, y, 2, line, cols - 4, 3, rows, ui_attr(ui, R_ERROR));
	}
	if (s->rep.n == 0)
		return;
	s->list.col[0] = (struct ls_column){ _("Anomaly"), -1 };
	s->list.ncols = 1;
	ls_draw(ui, &s->list, y + 1, s->rep.n, "", anomaly_line, s);
}

static int
check_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct check_state *s = state;

	if (s->ran && ls_key(&s->list, s->rep.n, k))
		return UI_REDRAW;
	if (ui_key_enter(k)) {
		if (!s->ran || s->rep.n == 0)
			return UI_NONE;
		char *text = ui_clean(s->rep.anomalies[s->list.sel]);

		ui_notice(ui, _("Anomaly"), text);
		free(text);
		return UI_REDRAW;
	}
	if (!k->fn && (k->ch == L'c' || k->ch == L'C')) {
		run(ui, s);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
check_free(void *state)
{
	struct check_state *s = state;

	if (s->ran)
		pki_check_report_clear(&s->rep);
	ls_free(&s->list);
	free(s);
}

static unsigned
check_keys(void *state)
{
	const struct check_state *s = state;

	return KB_HELP | KB_CHECK | KB_BACK | (s->ran && s->rep.n > 0 ? KB_PAGE | KB_SELECT : 0);
}

const struct screen screen_check = {
	.help = N_("The integrity check re-audits what the Certificate Authority "
	           "stores: the database's own integrity, the serial counter file "
	           "(above every serial issued), each issued certificate against its "
	           "record, the rules of its usage and the CA's signature, each CRL "
	           "against its record and the CA's signature, the newest CRL against "
	           "the revoked certificates, and the audit trail's hash chain.\n\nIt "
	           "runs when the page opens; c runs it again. Each anomaly is a row: "
	           "Enter shows it whole. Mount the media that holds the CA's "
	           "directory first, or the serial counter file is not checked."),
	.init = check_init,
	.draw = check_draw,
	.key = check_key,
	.free = check_free,
	.keys = check_keys,
};
