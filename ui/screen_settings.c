/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_settings.c: "Certificate Authority settings", what an operator
 * changes on a configured CA without reinitializing it: the public URLs
 * written in the certificates (CRL distribution point, OCSP responder, CA
 * issuers), the CRL period, the expiry notice period and how serial
 * numbers are drawn. Save checks every field at once (each fault beside
 * its field, nothing saved) and then saves them together, in one
 * transaction (pki_server_settings_set).
 *
 * Keys: the form's; F2 saves; Esc goes back (asking when input is unsaved).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

/* The form's fields by the library's field names of the faults. */
static const struct {
	const char *field, *id;
} fields[] = {
	{ "crl", "crl_url" },
	{ "ocsp", "ocsp_url" },
	{ "ca-issuers", "ca_issuers_url" },
	{ "crl-days", "crl_days" },
	{ "notice_days", "notice_days" },
};

static int save(struct ui *ui, struct fm *f, void *state);

static const struct fm_button buttons[] = {
	{ "save", N_("Save"), FM_KEY_COMMIT, save },
	{ "cancel", N_("Cancel"), 0, fm_cancel },
};

static int
settings_init(struct ui *ui, void **state, const void *arg)
{
	struct fm *f = ui_xcalloc(1, sizeof *f);
	struct pki_server_urls urls;
	struct pki_server_info info;
	struct pki_error err;
	long notice = 0;
	char num[32];

	(void)arg;
	memset(&urls, 0, sizeof urls);
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_get_urls(ui->store, &urls, &err) != 0 ||
	    pki_server_get_notice_days(ui->store, &notice, &err) != 0 ||
	    pki_server_info_brief(ui->store, &info, &err) != 0) {
		ui_error_pki(ui, &err);
		pki_server_urls_clear(&urls);
		free(f);
		return -1;
	}
	fm_init(f);
	fm_add(f, FW_HEADING, "", _("Written in the certificates issued from now on"));
	fm_text(f, "crl_url", _("CRL distribution point"), 512, 44, 0);
	fm_set(f, "crl_url", urls.crl_url);
	fm_text(f, "ocsp_url", _("OCSP responder"), 512, 44, 0);
	fm_set(f, "ocsp_url", urls.ocsp_url);
	fm_text(f, "ca_issuers_url", _("CA issuers"), 512, 44, 0);
	fm_set(f, "ca_issuers_url", urls.ca_issuers_url);
	fm_add(f, FW_LABEL, "", _("http:// or https:// URLs; empty: none."));
	fm_add(f, FW_GAP, "", "");
	fm_text(f, "crl_days", _("CRL period (days)"), 3, 4, FW_REQUIRED);
	snprintf(num, sizeof num, "%ld", urls.crl_days);
	fm_set(f, "crl_days", num);
	fm_text(f, "notice_days", _("Expiry notices (days)"), 3, 4, FW_REQUIRED);
	snprintf(num, sizeof num, "%ld", notice);
	fm_set(f, "notice_days", num);
	fm_add(f, FW_LABEL, "",
	    _("Days before a certificate's end when its technical contact is told; 0: "
	      "no notices."));
	fm_radio(f, "serial", _("Counter"), 0, !info.random_serial, FW_INLINE)->value =
	    ui_clean(_("Serial numbers"));
	fm_radio(f, "serial", _("Random (64 bits and the counter)"), 1, info.random_serial,
	    FW_INLINE);
	FM_BUTTONS(f, buttons);
	f->focus = -1;
	fm_focus(f, "crl_url");
	f->dirty = false;
	pki_server_urls_clear(&urls);
	pki_server_info_clear(&info);
	*state = f;
	return 0;
}

static void
settings_draw(struct ui *ui, void *state)
{
	ui_title(ui, _("Certificate Authority settings"));
	fm_draw(ui, state, 2);
}

/* A number field: its value, or `bad` (which the check refuses) when it
 * is not a whole number. */
static long
number(struct fm *f, const char *id, long bad)
{
	char *text = fm_get(f, id, NULL), *end;
	long v = strtol(text, &end, 10);

	if (text[0] == '\0' || *end != '\0')
		v = bad;
	free(text);
	return v;
}

static int
save(struct ui *ui, struct fm *f, void *state)
{
	struct pki_server_settings set = PKI_SERVER_SETTINGS_KEEP;
	struct pki_error errs[8], err;
	char *crl = fm_get(f, "crl_url", NULL), *ocsp = fm_get(f, "ocsp_url", NULL),
	     *issuers = fm_get(f, "ca_issuers_url", NULL);
	size_t n = 0;
	int action = UI_REDRAW;

	(void)state;
	fm_clear_errors(f);
	set.crl_url = crl;
	set.ocsp_url = ocsp;
	set.ca_issuers_url = issuers;
	set.crl_days = number(f, "crl_days", -1);
	set.notice_days = number(f, "notice_days", -2);
	set.random_serial = fm_radio_value(f, "serial");
	if (pki_server_settings_check(&set, errs, 8, &n) != 0) {
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < sizeof fields / sizeof fields[0]; j++)
				if (strcmp(errs[i].field, fields[j].field) == 0)
					fm_set_error(f, fields[j].id, errs[i].msg);
		fm_focus_error(f);
		ui_error(ui, "%s", _("Nothing was saved: correct the fields marked beside them."));
		goto out;
	}
	pki_error_clear(&err);
	if (pki_server_settings_set(ui->store, &set, &err) != 0) {
		ui_error_pki(ui, &err);
		goto out;
	}
	ui_message(ui, "%s", _("Certificate Authority settings saved."));
	action = UI_CLOSE;
out:
	free(crl);
	free(ocsp);
	free(issuers);
	return action;
}

const struct screen screen_settings = {
	.help = N_("The Certificate Authority's settings that can change without "
	           "reinitializing it. The URLs are written in every certificate "
	           "issued from now on: where relying parties fetch the CRL (CRL "
	           "distribution point), ask about a certificate's status (OCSP "
	           "responder) and get the CA's certificate (CA issuers); empty "
	           "leaves one out. The CRL period is how long each CRL stays valid "
	           "(1 to 366 days). Expiry notices go to a certificate's technical "
	           "contact that many days before it ends (0: none). Serial numbers "
	           "are the counter's, or 64 random bits followed by the counter, as "
	           "public CAs must use.\n\nSave (F2) checks every field, marks each "
	           "one at fault and saves nothing until all are right; then it saves "
	           "them together."),
	.init = settings_init,
	.draw = settings_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK,
	.dirty = fm_screen_dirty,
};
