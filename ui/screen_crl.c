/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_crl.c: "Certificate revocation list": the newest CRL (its number,
 * this and next update, how many certificates it lists, its size) and
 * where it is published; Generate signs a new one of every revoked
 * certificate with the CA's key (its password asked in the form), and
 * Save writes the newest to a file (PEM) for publishing from the offline
 * root's media.
 *
 * Keys: the form's; F2 generates; Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui.h"

struct crl_state {
	struct fm form; /* first: fm_screen_key */
	bool stale; /* the form is built again before the next frame */
};

static int generate(struct ui *ui, struct fm *f, void *state);
static int finish(struct ui *ui, struct fm *f, void *state);
static int save(struct ui *ui, struct fm *f, void *state);

static const struct fm_button generate_buttons[] = {
	{ "generate", N_("Generate a New CRL"), FM_KEY_COMMIT, generate },
};
static const struct fm_button save_buttons[] = {
	{ "save", N_("Save to File"), 0, save },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT, finish };

/* The form, the newest CRL read again; file: the file field's text kept. */
static void
build(struct ui *ui, struct crl_state *s, const char *file)
{
	struct fm *f = &s->form;
	struct pki_crl_info crl;
	struct pki_server_urls urls;
	struct pki_error err;
	unsigned char *der = NULL;
	size_t len = 0;
	char v[128], t[32];
	int r;

	fm_free(f);
	fm_init(f);
	memset(&crl, 0, sizeof crl);
	pki_error_clear(&err);
	r = pki_crl_latest(ui->store, false, &der, &len, &crl, &err);
	free(der);
	if (r == 0) {
		snprintf(v, sizeof v, "%" PRIu64, crl.number);
		fm_info(f, _("CRL number"), v);
		ui_time(crl.this_update, t, sizeof t);
		fm_info(f, _("This update"), t);
		ui_time(crl.next_update, t, sizeof t);
		if (crl.next_update < time(NULL))
			/* TRANSLATORS: a CRL's next update, when it has passed. */
			snprintf(v, sizeof v, _("%s (overdue: generate a new CRL)"), t);
		else
			snprintf(v, sizeof v, "%s", t);
		fm_info(f, _("Next update"), v);
		snprintf(v, sizeof v, "%zu", crl.revoked_count);
		fm_info(f, _("Revoked"), v);
		snprintf(v, sizeof v,
		    dngettext(PACKAGE, "%zu byte (DER)", "%zu bytes (DER)", crl.der_len),
		    crl.der_len);
		fm_info(f, _("Size"), v);
	} else if (r == PKI_ERR_NOT_FOUND) {
		fm_info(f, _("CRL number"), _("none: no CRL has been generated yet"));
	} else {
		ui_error_pki(ui, &err);
	}
	memset(&urls, 0, sizeof urls);
	pki_error_clear(&err);
	if (pki_server_get_urls(ui->store, &urls, &err) == 0) {
		fm_info(f, _("Published at"),
		    urls.crl_url[0] != '\0' ? urls.crl_url : _("no CRL distribution point set"));
		snprintf(v, sizeof v, dngettext(PACKAGE, "%ld day", "%ld days", urls.crl_days),
		    urls.crl_days);
		fm_info(f, _("Valid for"), v);
		pki_server_urls_clear(&urls);
	}
	fm_add(f, FW_GAP, "", "");
	fm_password_step(f, &finish_button);
	FM_BUTTONS(f, generate_buttons);
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_LABEL, "", _("Save the newest CRL to a file (PEM), to publish it:"));
	fm_text(f, "file", _("File"), 4096, 40, FW_REQUIRED);
	if (file != NULL)
		fm_set(f, "file", file);
	FM_BUTTONS(f, save_buttons);
	f->focus = -1;
	fm_focus(f, "generate");
	f->dirty = false;
}

static int
crl_init(struct ui *ui, void **state, const void *arg)
{
	struct crl_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	fm_init(&s->form);
	build(ui, s, NULL);
	*state = s;
	return 0;
}

static void
crl_draw(struct ui *ui, void *state)
{
	struct crl_state *s = state;

	if (s->stale) {
		size_t len;
		char *file = fm_get(&s->form, "file", &len);

		build(ui, s, file);
		free(file);
		s->stale = false;
	}
	ui_title(ui, _("Certificate revocation list"));
	fm_draw(ui, &s->form, 2);
}

static int
generate_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct crl_state *s = state;
	struct pki_crl_info crl;
	struct pki_error err;

	pki_error_clear(&err);
	ui_busy(ui, _("Signing the CRL..."));
	if (pki_crl_generate(ui->store, signer, &crl, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_message(ui,
	    dngettext(PACKAGE, "CRL number %" PRIu64 " generated: %zu revoked certificate.",
	        "CRL number %" PRIu64 " generated: %zu revoked certificates.", crl.revoked_count),
	    crl.number, crl.revoked_count);
	s->stale = true;
	return UI_REDRAW;
}

static int
generate(struct ui *ui, struct fm *f, void *state)
{
	fm_clear_errors(f);
	return ui_sign(ui, f, "generate", false, generate_with, state);
}

static int
finish(struct ui *ui, struct fm *f, void *state)
{
	fm_clear_errors(f);
	return ui_sign(ui, f, "generate", true, generate_with, state);
}

static int
save(struct ui *ui, struct fm *f, void *state)
{
	struct pki_crl_info crl;
	struct pki_error err;
	size_t len;
	char *file = fm_get(f, "file", &len), *shown;

	(void)state;
	fm_clear_errors(f);
	if (len == 0) {
		fm_set_error(f, "file", _("Enter the file to save the CRL in."));
		fm_focus(f, "file");
		free(file);
		return UI_REDRAW;
	}
	pki_error_clear(&err);
	if (pki_crl_export(ui->store, file, true, &crl, &err) != 0) {
		fm_set_error(f, "file", err.msg[0] ? err.msg : pki_strerror(err.code));
		fm_focus(f, "file");
		ui_error_pki(ui, &err);
		free(file);
		return UI_REDRAW;
	}
	shown = ui_clean(file);
	ui_message(ui, _("CRL number %" PRIu64 " saved in file \"%s\"."), crl.number, shown);
	free(shown);
	free(file);
	f->dirty = false;
	return UI_REDRAW;
}

const struct screen screen_crl = {
	.help = N_("The certificate revocation list (CRL) names every certificate "
	           "this Certificate Authority revoked; relying parties fetch it from "
	           "the CRL distribution point written in the certificates. A new CRL "
	           "is signed whenever a certificate is revoked or released, and must "
	           "be signed again before its next update even when nothing changed: "
	           "Generate a New CRL (F2) does that with the CA's private key (mount "
	           "its media; its password is asked here). Save to File writes the "
	           "newest CRL in PEM to the file named, to carry it to the web server "
	           "that publishes it."),
	.init = crl_init,
	.draw = crl_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK,
	.dirty = fm_screen_dirty_password,
};
