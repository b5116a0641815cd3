/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_ca_cert.c: "Certificate Authority certificate": the CA's own
 * certificate (subject, key, validity, fingerprints, files), with the main
 * page's warning when it expires within the notice period, and Renew: a
 * root's certificate made again with its key for the validity typed (the
 * same subject, key and extensions, a new serial number), the CA key's
 * password asked in the form (pki_ca_renew). Certificates issued before
 * keep verifying. An intermediate's is renewed by its root: the page says
 * so and offers no Renew.
 *
 * Keys: the form's; F2 renews; Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui.h"

struct ca_cert_state {
	struct fm form; /* first: fm_screen_key */
	bool stale; /* the form is built again before the next frame */
	long days; /* the validity asked for, read before the key opens */
};

static int renew(struct ui *ui, struct fm *f, void *state);
static int finish(struct ui *ui, struct fm *f, void *state);

static const struct fm_button renew_buttons[] = {
	{ "renew", N_("Renew"), FM_KEY_COMMIT, renew },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button back_buttons[] = {
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT, finish };

static void
build(struct ui *ui, struct ca_cert_state *s)
{
	struct fm *f = &s->form;
	struct pki_server_info info;
	struct pki_error err;
	char **pems = NULL, warn[512], v[32];
	size_t npems = 0;
	long notice = 0;
	bool root;

	fm_free(f);
	fm_init(f);
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info_brief(ui->store, &info, &err) != 0) {
		ui_error_pki(ui, &err);
		FM_BUTTONS(f, back_buttons);
		return;
	}
	pki_error_clear(&err);
	root = pki_ca_chain(ui->store, &pems, &npems, &err) == 0 && npems == 1;
	pki_pem_array_free(&pems, npems);
	{
		const struct ui_pair_view pv = { 0, info.subject, NULL, info.key_desc, info.sha1,
			info.key_path, info.not_before, info.not_after };

		ui_pair_info(f, &pv);
	}
	fm_info(f, _("Certificate file"), info.cer_path);
	pki_error_clear(&err);
	if (pki_server_get_notice_days(ui->store, &notice, &err) != 0 || notice <= 0)
		notice = 30;
	ui_ca_expiry(ui, notice, time(NULL), warn, sizeof warn);
	if (warn[0] != '\0')
		fm_add(f, FW_LABEL, "", warn);
	fm_add(f, FW_GAP, "", "");
	if (!root) {
		fm_add(f, FW_LABEL, "",
		    _("This Certificate Authority is an intermediate: its root renews its "
		      "certificate (a new request to the root, then the CA server's "
		      "configuration with the certificate it issues)."));
		FM_BUTTONS(f, back_buttons);
	} else {
		fm_add(f, FW_LABEL, "",
		    _("Renew makes the certificate again with the same key, subject and "
		      "extensions and a new serial number; certificates issued before keep "
		      "verifying."));
		fm_text(f, "days", _("Validity (days)"), 5, 6, FW_REQUIRED);
		snprintf(v, sizeof v, "%ld",
		    info.not_after > info.not_before
		        ? (long)((info.not_after - info.not_before + 43200) / 86400)
		        : 3650L);
		fm_set(f, "days", v);
		fm_add(f, FW_GAP, "", "");
		fm_password_step(f, &finish_button);
		FM_BUTTONS(f, renew_buttons);
	}
	f->focus = -1;
	fm_focus(f, root ? "days" : "back");
	f->dirty = false;
	pki_server_info_clear(&info);
}

static int
ca_cert_init(struct ui *ui, void **state, const void *arg)
{
	struct ca_cert_state *s;
	struct pki_server_info info;
	struct pki_error err;

	(void)arg;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info_brief(ui->store, &info, &err) != 0) {
		ui_error(ui, "%s",
		    _("Configure the Certificate Authority server first: \"Configure local "
		      "Certificate Authority server\"."));
		return -1;
	}
	pki_server_info_clear(&info);
	s = ui_xcalloc(1, sizeof *s);
	fm_init(&s->form);
	build(ui, s);
	*state = s;
	return 0;
}

static void
ca_cert_draw(struct ui *ui, void *state)
{
	struct ca_cert_state *s = state;

	if (s->stale) {
		build(ui, s);
		s->stale = false;
	}
	ui_title(ui, _("Certificate Authority certificate"));
	fm_draw(ui, &s->form, 2);
}

static int
renew_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct ca_cert_state *s = state;
	struct pki_ca_renewed res;
	struct pki_error err;
	char t[32];

	pki_error_clear(&err);
	if (pki_ca_renew(ui->store, signer, s->days, &res, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_time(res.not_after, t, sizeof t);
	ui_message(ui,
	    _("The Certificate Authority's certificate was renewed: valid until %s. Give it to "
	      "the clients again and restart ncpkid."),
	    t);
	pki_ca_renewed_clear(&res);
	ui_refresh_status(ui);
	s->stale = true;
	return UI_REDRAW;
}

static bool
check(struct fm *f, void *state)
{
	return ui_days_read(f, "days", PKI_DAYS_MAX, &((struct ca_cert_state *)state)->days);
}

static const struct ui_sign_step renew_step = { "renew", check, renew_with };

static int
renew(struct ui *ui, struct fm *f, void *state)
{
	return ui_sign_step(ui, f, state, &renew_step, false);
}

static int
finish(struct ui *ui, struct fm *f, void *state)
{
	return ui_sign_step(ui, f, state, &renew_step, true);
}

const struct screen screen_ca_cert = {
	.help = N_("The Certificate Authority's own certificate: every certificate it "
	           "issued verifies only while it is valid, so renew it well before it "
	           "ends (the main page warns within the expiry notice period).\n\nRenew "
	           "(a root only) makes the certificate again with the same key, subject "
	           "and extensions, a new serial number and the validity given, with the "
	           "CA key's password, asked here (mount its media first). Certificates "
	           "issued before keep verifying, since the same name and key identify "
	           "their issuer. The previous certificate file is kept as NAME.cer.old. "
	           "Give the new certificate to the clients (they compare its "
	           "fingerprints when they fetch it again) and restart the web service. "
	           "An intermediate's certificate is renewed by its root."),
	.init = ca_cert_init,
	.draw = ca_cert_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK,
	.dirty = fm_screen_dirty_password,
};
