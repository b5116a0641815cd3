/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign.c: the CA key for the screens whose action signs (issuing a
 * certificate, revoking one, releasing a hold). The key is opened without
 * a password first, so that a missing key file is said before any
 * password is typed; an encrypted key brings the form's password step.
 */
#include <config.h>

#include <stdlib.h>

#include "i18n.h"
#include "ui.h"

static int
signer_try(struct ui *ui, pki_signer **out)
{
	struct pki_error err;
	int r;

	pki_error_clear(&err);
	r = pki_signer_open(ui->store, NULL, 0, out, &err);
	if (r == PKI_ERR_PASSWORD)
		ui_message(ui, "%s",
		    _("Enter the password for the Certificate Authority's "
		      "private key file, then Finish."));
	else if (r != 0)
		ui_error_pki(ui, &err);
	return r;
}

static int
signer_unlock(struct ui *ui, struct fm *f, const char *id, pki_signer **out)
{
	struct pki_error err;
	size_t len;
	char *pw;
	int r;

	pw = fm_get(f, id, &len);
	fm_clear_text(f, id);
	fm_focus(f, id);
	if (len == 0) {
		pki_secret_free(pw, len);
		fm_set_error(f, id, _("Enter the password."));
		return PKI_ERR_PASSWORD;
	}
	ui_busy(ui, _("Opening the Certificate Authority's private key..."));
	pki_error_clear(&err);
	r = pki_signer_open(ui->store, pw, len, out, &err);
	pki_secret_free(pw, len);
	if (r != 0) {
		if (r == PKI_ERR_PASSWORD)
			fm_set_error(f, id, err.msg[0] ? err.msg : pki_strerror(err.code));
		ui_error_pki(ui, &err);
	}
	return r;
}

int
ui_sign(struct ui *ui, struct fm *f, const char *instead, bool finish,
    int (*apply)(struct ui *ui, void *state, pki_signer *signer), void *state)
{
	pki_signer *signer = NULL;
	int r;

	r = finish ? signer_unlock(ui, f, "password", &signer) : signer_try(ui, &signer);
	if (r == 0) {
		r = apply(ui, state, signer);
		pki_signer_close(&signer);
		return r;
	}
	if (r == PKI_ERR_PASSWORD && !finish)
		fm_password_ask(f, instead);
	return UI_REDRAW;
}

int
ui_sign_step(struct ui *ui, struct fm *f, void *state, const struct ui_sign_step *step, bool finish)
{
	fm_clear_errors(f);
	if (step->check != NULL && !step->check(f, state)) {
		ui_error(ui, "%s", _("Nothing was done: correct the fields marked beside them."));
		return UI_REDRAW;
	}
	return ui_sign(ui, f, step->instead, finish, step->apply, state);
}
