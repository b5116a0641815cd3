/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_ocsp.c: "OCSP responder's signer": the delegated OCSP signing
 * certificate the web service (ncpkid) answers OCSP requests with, so that
 * it never holds the CA's key: which one is in use, until when, whether
 * its key file is there, with a warning when it has expired or expires
 * within a week. Set Up (or Renew) makes a new key and has the CA issue
 * its certificate, the CA key's password asked in the form; a running
 * ncpkid switches to it at its next request.
 *
 * Keys: the form's; F2 sets up or renews; Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui.h"

#define WARN_DAYS 7

struct ocsp_state {
	struct fm form; /* first: fm_screen_key */
	bool stale; /* the form is built again before the next frame */
	long days; /* the validity asked for, read before the key opens */
};

static int setup(struct ui *ui, struct fm *f, void *state);
static int finish(struct ui *ui, struct fm *f, void *state);

static const struct fm_button setup_buttons[] = {
	{ "setup", N_("Set Up"), FM_KEY_COMMIT, setup },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button renew_buttons[] = {
	{ "setup", N_("Renew"), FM_KEY_COMMIT, setup },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT, finish };

static void
build(struct ui *ui, struct ocsp_state *s)
{
	struct fm *f = &s->form;
	struct pki_ocsp_signer sg;
	struct pki_error err;
	char v[128];
	time_t now = time(NULL);
	int r;

	fm_free(f);
	fm_init(f);
	memset(&sg, 0, sizeof sg);
	pki_error_clear(&err);
	r = pki_ocsp_status(ui->store, &sg, &err);
	if (r == 0) {
		const struct ui_pair_view pv = { sg.serial, sg.subject, NULL, sg.key_desc, sg.sha1,
			sg.key_path, sg.not_before, sg.not_after };

		ui_pair_info(f, &pv);
		if (!sg.key_present)
			fm_add(f, FW_LABEL, "",
			    _("The OCSP key file is missing: ncpkid cannot sign OCSP responses. "
			      "Renew to make a new one."));
		else if (sg.not_after <= now)
			fm_add(f, FW_LABEL, "",
			    _("The OCSP signing certificate has expired: ncpkid answers OCSP "
			      "requests \"unauthorized\". Renew it."));
		else if (sg.not_after - now < (time_t)WARN_DAYS * 86400)
			fm_add(f, FW_LABEL, "",
			    _("The OCSP signing certificate expires within a week: renew it."));
		pki_ocsp_signer_clear(&sg);
	} else if (r == PKI_ERR_NOT_FOUND) {
		fm_add(f, FW_LABEL, "",
		    _("No OCSP signer is set up: ncpkid does not answer OCSP requests. Set Up "
		      "makes its key and has the Certificate Authority issue its certificate."));
	} else {
		ui_error_pki(ui, &err);
	}
	fm_add(f, FW_GAP, "", "");
	ui_key_type_field(f, PKI_KEY_EC_P256);
	fm_text(f, "days", _("Validity (days)"), 3, 4, FW_REQUIRED);
	snprintf(v, sizeof v, "%d", PKI_OCSP_DAYS_DEFAULT);
	fm_set(f, "days", v);
	fm_add(f, FW_GAP, "", "");
	fm_password_step(f, &finish_button);
	if (r == 0)
		FM_BUTTONS(f, renew_buttons);
	else
		FM_BUTTONS(f, setup_buttons);
	f->focus = -1;
	fm_focus(f, "setup");
	f->dirty = false;
}

static int
ocsp_init(struct ui *ui, void **state, const void *arg)
{
	struct ocsp_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	fm_init(&s->form);
	build(ui, s);
	*state = s;
	return 0;
}

static void
ocsp_draw(struct ui *ui, void *state)
{
	struct ocsp_state *s = state;

	if (s->stale) {
		build(ui, s);
		s->stale = false;
	}
	ui_title(ui, _("OCSP responder's signer"));
	fm_draw(ui, &s->form, 2);
}

static int
setup_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct ocsp_state *s = state;
	struct pki_ocsp_setup_params p;
	struct pki_ocsp_signer res;
	struct pki_error err;

	p.key_type = (enum pki_key_type)fm_radio_value(&s->form, "key_type");
	p.days = s->days;
	pki_error_clear(&err);
	ui_busy(ui, _("Making the OCSP key and its certificate..."));
	if (pki_ocsp_setup(ui->store, signer, &p, &res, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_message(ui,
	    res.renewed ? _("OCSP signing certificate renewed: certificate number %" PRIu64 ".")
	                : _("OCSP signing certificate created: certificate number %" PRIu64 "."),
	    res.serial);
	pki_ocsp_signer_clear(&res);
	s->stale = true;
	return UI_REDRAW;
}

static bool
check(struct fm *f, void *state)
{
	return ui_days_read(f, "days", PKI_OCSP_DAYS_MAX, &((struct ocsp_state *)state)->days);
}

static const struct ui_sign_step setup_step = { "setup", check, setup_with };

static int
setup(struct ui *ui, struct fm *f, void *state)
{
	return ui_sign_step(ui, f, state, &setup_step, false);
}

static int
finish(struct ui *ui, struct fm *f, void *state)
{
	return ui_sign_step(ui, f, state, &setup_step, true);
}

const struct screen screen_ocsp = {
	.help = N_("The web service (ncpkid) answers OCSP requests, whether a "
	           "certificate is good, revoked or unknown, with a delegated OCSP "
	           "signing certificate that this Certificate Authority issues for a "
	           "key of the web service's own, so that ncpkid never holds the CA's "
	           "key. The certificate lives a short time (30 days by default, at "
	           "most 366): renew it before it ends.\n\nSet Up, or Renew, makes "
	           "a new key of the type chosen and has the CA issue its certificate "
	           "with the CA key's password, asked here (mount its media first). A "
	           "running ncpkid switches to the new signer at its next request; a "
	           "failure leaves the previous one in place."),
	.init = ocsp_init,
	.draw = ocsp_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK,
	.dirty = fm_screen_dirty_password,
};
