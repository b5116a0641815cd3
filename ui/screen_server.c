/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_server.c: "Configure local Certificate Authority server", the
 * guide's two-step wizard. Step 1 asks for the file name root and the
 * directory; Next lets pki_server_probe decide what step 2 asks: the full
 * set for a new key and self-signed certificate, or the shorter set for an
 * existing pair (with the key's password only when the key is encrypted).
 * Save checks every field (pki_server_check plus the confirmations), puts
 * each message beside its field and writes nothing until all are valid.
 * Once a CA is configured the screen shows its configuration and the
 * Reinitialize button, which asks for confirmation and then for the CA
 * key's password (only whoever holds the key may reinitialize).
 *
 * Keys: the form's (Tab/Shift-Tab/arrows move, Space toggles, Enter
 * presses a button); Esc goes back: from step 2 to step 1 with its values
 * (as Back), else out, asking first about unsaved input either way.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

enum stage { ST_VIEW, ST_STEP1, ST_STEP2 };

struct server_state {
	struct fm form; /* first: fm_screen_key */
	enum stage stage;
	struct pki_server_probe probe;
	char *root, *dir; /* step 1's answers, kept for Back */
};

#define CHECK_MAX 24

static int reinit(struct ui *ui, struct fm *f, void *state);
static int reinit_finish(struct ui *ui, struct fm *f, void *state);
static int next(struct ui *ui, struct fm *f, void *state);
static int back_to_step1(struct ui *ui, struct fm *f, void *state);
static int save(struct ui *ui, struct fm *f, void *state);

static const struct fm_button view_buttons[] = {
	{ "reinit", N_("Reinitialize"), FM_KEY_COMMIT, reinit },
	{ "back", N_("Back"), 0, fm_close },
};
static const struct fm_button reinit_finish_button = { "finish", N_("Finish"), FM_KEY_COMMIT,
	reinit_finish };
static const struct fm_button step1_buttons[] = {
	{ "next", N_("Next"), FM_KEY_COMMIT, next },
	{ "cancel", N_("Cancel"), 0, fm_cancel },
};
static const struct fm_button step2_buttons[] = {
	{ "back", N_("Back"), 0, back_to_step1 },
	{ "save", N_("Save"), FM_KEY_COMMIT, save },
	{ "cancel", N_("Cancel"), 0, fm_cancel },
};

static void
build_view(struct ui *ui, struct server_state *s)
{
	struct pki_server_info info;
	struct pki_error err;
	char t[64], t2[64], num[64], line[1024], pending[64], issued[64];

	fm_free(&s->form);
	s->stage = ST_VIEW;
	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info(ui->store, &info, &err) != 0) {
		ui_error_pki(ui, &err);
		return;
	}
	fm_info(&s->form, _("File name root"), info.root);
	fm_info(&s->form, _("Certificate"), info.cer_path);
	fm_info(&s->form, _("Key file"), info.key_path);
	fm_info(&s->form, _("Subject"), info.subject);
	fm_info(&s->form, _("Key"), info.key_desc);
	fm_fingerprint(&s->form, _("SHA-1"), info.sha1);
	fm_fingerprint(&s->form, _("SHA-256"), info.sha256);
	ui_time(info.not_before, t, sizeof t);
	ui_time(info.not_after, t2, sizeof t2);
	/* TRANSLATORS: the CA certificate's validity, "FROM to UNTIL". */
	snprintf(line, sizeof line, _("%s to %s"), t, t2);
	fm_info(&s->form, _("Valid"), line);
	snprintf(num, sizeof num,
	    dngettext(PACKAGE, "%ld day", "%ld days", (unsigned long)info.issue_days),
	    info.issue_days);
	fm_info(&s->form, _("Issued validity"), num);
	if (info.next_serial != 0)
		snprintf(num, sizeof num, "%" PRIu64, info.next_serial);
	else
		snprintf(num, sizeof num, "%s", _("unknown"));
	fm_info(&s->form, _("Next serial"), num);
	fm_info(&s->form, _("Serial numbers"),
	    info.random_serial ? _("random (64 bits from the CSPRNG, then the counter)")
	                       : _("counter"));
	if (info.smtp_server != NULL && info.smtp_server[0] != '\0')
		snprintf(line, sizeof line, _("%s, user %s, password %s"), info.smtp_server,
		    info.smtp_user != NULL && info.smtp_user[0] ? info.smtp_user : "-",
		    info.smtp_password_set ? _("set") : _("not set"));
	else
		snprintf(line, sizeof line, "%s", _("not configured"));
	fm_info(&s->form, _("SMTP server"), line);
	fm_info(&s->form, _("Admin email"), info.admin_email);
	fm_info(&s->form, _("Key file present"),
	    info.key_present ? _("yes") : _("no: mount the media that holds it"));
	snprintf(pending, sizeof pending,
	    dngettext(PACKAGE, "%zu pending request", "%zu pending requests", info.pending),
	    info.pending);
	snprintf(issued, sizeof issued,
	    dngettext(PACKAGE, "%zu certificate issued", "%zu certificates issued", info.issued),
	    info.issued);
	/* TRANSLATORS: "3 pending requests, 1 certificate issued". */
	snprintf(line, sizeof line, _("%s, %s"), pending, issued);
	fm_info(&s->form, _("Requests"), line);
	fm_password_step(&s->form, &reinit_finish_button);
	FM_BUTTONS(&s->form, view_buttons);
	s->form.focus = -1;
	fm_focus(&s->form, "reinit");
	pki_server_info_clear(&info);
}

static void
build_step1(struct server_state *s)
{
	fm_free(&s->form);
	s->stage = ST_STEP1;
	fm_add(&s->form, FW_LABEL, "",
	    _("The file name root is the part common to the names of the CA's "
	      "certificate and private key files: with MyCA, the key is MyCA.key "
	      "and the certificate MyCA.cer. Letters, digits, the hyphen and the "
	      "underscore, not beginning with a hyphen; not \"cache\". If both files already exist in the "
	      "directory they are used; otherwise a new pair is created there."));
	fm_add(&s->form, FW_GAP, "", "");
	fm_text(&s->form, "root", _("File name root (without extension)"), PKI_FILE_ROOT_MAX, 30,
	    FW_REQUIRED);
	fm_text(&s->form, "dir", _("Directory for the CA's files"), 4096, 40, FW_REQUIRED);
	fm_add(&s->form, FW_LABEL, "",
	    _("Keep this directory on removable, preferably encrypted media. A "
	      "relative path is relative to the data directory."));
	FM_BUTTONS(&s->form, step1_buttons);
	if (s->root != NULL)
		fm_set(&s->form, "root", s->root);
	if (s->dir != NULL)
		fm_set(&s->form, "dir", s->dir);
	s->form.focus = -1;
	fm_focus(&s->form, "root");
}

static void
add_email(struct fm *f)
{
	fm_add(f, FW_HEADING, "", _("Configure email"));
	fm_text(f, "smtp_server", _("SMTP server"), 255, 36, 0);
	fm_text(f, "smtp_user", _("SMTP username"), 256, 36, 0);
	fm_text(f, "smtp_password", _("SMTP password"), PKI_PASSWORD_MAX, 24, FW_MASKED);
	fm_text(f, "smtp_confirm", _("Confirm SMTP password"), PKI_PASSWORD_MAX, 24, FW_MASKED);
	fm_text(f, "admin_email", _("Administrator's email address"), 254, 36, 0);
}

static void
build_step2(struct server_state *s)
{
	struct fm *f = &s->form;
	char *dir = ui_clean(s->probe.dir), *root = ui_clean(s->root), line[8192];

	fm_free(f);
	s->stage = ST_STEP2;
	if (s->probe.mode == PKI_SERVER_NEW) {
		snprintf(line, sizeof line,
		    _("A new private key and self-signed certificate will be created: "
		      "%s/%s.key and .cer."),
		    dir, root);
		fm_add(f, FW_LABEL, "", line);
		fm_text(f, "password", _("Password to CA's private key file"), PKI_PASSWORD_MAX, 24,
		    FW_REQUIRED | FW_MASKED);
		fm_text(f, "password_confirm", _("Confirm password"), PKI_PASSWORD_MAX, 24,
		    FW_REQUIRED | FW_MASKED);
		fm_add(f, FW_HEADING, "",
		    _("Certificate Authority Subject Distinguished Name (at least one)"));
		ui_dn_fields(f);
		ui_key_type_field(f, PKI_KEY_DEFAULT);
		fm_text(f, "ca_days", _("CA certificate validity (days)"), 6, 8, FW_REQUIRED);
		fm_set(f, "ca_days", "3650");
	} else {
		snprintf(line, sizeof line, _("Using existing files: %s/%s.cer and .key"), dir,
		    root);
		fm_add(f, FW_LABEL, "", line);
		if (s->probe.key_encrypted) {
			fm_text(f, "password", _("Password for CA's private key file"),
			    PKI_PASSWORD_MAX, 24, FW_REQUIRED | FW_MASKED);
		} else {
			/* An unencrypted key is encrypted under a new password. */
			fm_text(f, "password", _("Password to encrypt the CA's private key file"),
			    PKI_PASSWORD_MAX, 24, FW_REQUIRED | FW_MASKED);
			fm_text(f, "password_confirm", _("Confirm password"), PKI_PASSWORD_MAX, 24,
			    FW_REQUIRED | FW_MASKED);
		}
	}
	fm_text(f, "days", _("Issued certificates validity (days)"), 6, 8, FW_REQUIRED);
	fm_set(f, "days", "365");
	add_email(f);
	FM_BUTTONS(f, step2_buttons);
	f->focus = -1;
	fm_focus(f, "password");
	f->dirty = false;
	free(dir);
	free(root);
}

static int
server_init(struct ui *ui, void **state, const void *arg)
{
	struct server_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	fm_init(&s->form);
	if (ui->server_configured)
		build_view(ui, s);
	else
		build_step1(s);
	*state = s;
	return 0;
}

static void
server_draw(struct ui *ui, void *state)
{
	struct server_state *s = state;

	switch (s->stage) {
	case ST_VIEW:
		ui_title(ui, _("Configure local Certificate Authority server"));
		break;
	case ST_STEP1:
		ui_title(ui, _("Configure local Certificate Authority server (step 1 of 2)"));
		break;
	case ST_STEP2:
		ui_title(ui,
		    s->probe.mode == PKI_SERVER_NEW
		        ? _("Configure local CA server (step 2 of 2): new key and certificate")
		        : _("Configure local CA server (step 2 of 2): existing key and certificate"));
		break;
	}
	fm_draw(ui, &s->form, 2);
}

/* Step 1's Next: the probe decides what step 2 asks. */
static int
next(struct ui *ui, struct fm *f, void *state)
{
	struct server_state *s = state;
	struct pki_error err;
	bool bad = false;

	(void)f;
	free(s->root);
	free(s->dir);
	s->root = fm_get(&s->form, "root", NULL);
	s->dir = fm_get(&s->form, "dir", NULL);
	fm_clear_errors(&s->form);
	pki_server_probe_clear(&s->probe);
	/* Both fields' own faults at once, before the probe looks further. */
	pki_error_clear(&err);
	if (pki_check_file_root(s->root, "root", &err) != 0)
		bad = fm_set_error(&s->form, "root", err.msg[0] ? err.msg : pki_strerror(err.code));
	pki_error_clear(&err);
	if (pki_check_ca_dir(s->dir, &err) != 0)
		bad |= fm_set_error(&s->form, "dir", err.msg[0] ? err.msg : pki_strerror(err.code));
	if (bad) {
		ui_error(ui, "%s", _("Correct the fields marked beside them."));
		fm_focus_error(&s->form);
		return UI_REDRAW;
	}
	pki_error_clear(&err);
	if (pki_server_probe(ui->store, s->root, s->dir, &s->probe, &err) != 0) {
		if (!fm_set_error(&s->form, err.field,
		        err.msg[0] ? err.msg : pki_strerror(err.code)))
			ui_error_pki(ui, &err);
		else
			ui_error(ui, "%s", _("Correct the fields marked beside them."));
		fm_focus_error(&s->form);
		return UI_REDRAW;
	}
	build_step2(s);
	return UI_REDRAW;
}

/* "" when the field is empty, else a number of days or -1. */
static long
days_of(struct fm *f, const char *id, bool *bad)
{
	char *text = fm_get(f, id, NULL), *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	*bad = text[0] == '\0' || *end != '\0' || errno != 0;
	free(text);
	return *bad ? 0 : v;
}

static void
configured_text(const struct pki_server_result *res, char *out, size_t size)
{
	char *cer = ui_clean(res->cer_path), *fp1, *fp256;
	size_t n = 0;

#define ADD(...) \
	do { \
		if (n < size) \
			n += (size_t)snprintf(out + n, size - n, __VA_ARGS__); \
	} while (0)
	ADD("%s\n", _("Certificate Authority server successfully configured."));
	if (res->renamed_from != NULL) {
		char *from = ui_clean(res->renamed_from), *to = ui_clean(res->renamed_to);

		ADD(_("Renamed lone existing file \"%s\" to \"%s\".\n"), from, to);
		free(from);
		free(to);
	}
	if (res->mode == PKI_SERVER_NEW) {
		ADD(_("Created new files: %s .key, and .srl.\n"), cer);
	} else {
		ADD(_("Using existing files: %s and .key\n"), cer);
		if (res->key_reencrypted) {
			char *key = ui_clean(res->key_path);

			ADD(_("Re-encrypted the private key file %s (PKCS#8, AES-256-CBC, "
			      "PBKDF2): it was unencrypted or in an outdated scheme.\n"),
			    key);
			free(key);
		}
		if (res->srl_created) {
			char *srl = ui_clean(res->srl_path);

			ADD(_("Created serial file %s (next serial %" PRIu64 ").\n"), srl,
			    res->next_serial);
			free(srl);
		}
	}
	fp1 = ui_fingerprint(res->sha1);
	fp256 = ui_fingerprint(res->sha256);
	ADD("%s\n%s\n", _("Certificate Authority Certificate SHA-1 fingerprint:"), fp1);
	ADD("%s\n%s\n", _("Certificate Authority Certificate SHA-256 fingerprint:"), fp256);
	free(fp1);
	free(fp256);
	ADD("%s\n",
	    _("Store the private key on removable media that can be "
	      "physically secured."));
	if (res->admin_email != NULL && res->admin_email[0] != '\0') {
		char *mail = ui_clean(res->admin_email);

		ADD("%s %s\n", _("Administrator's email address:"), mail);
		free(mail);
	}
#undef ADD
	free(cer);
}

/* Key generation (RSA 4096 takes seconds), run by ui_run on its worker thread. */
struct configure_job {
	pki_store *store;
	const struct pki_server_params *p;
	struct pki_server_result *res;
	struct pki_error *err;
};

static int
configure_job(void *arg)
{
	struct configure_job *j = arg;

	return pki_server_configure(j->store, j->p, j->res, j->err);
}

static int
save(struct ui *ui, struct fm *f, void *state)
{
	struct server_state *s = state;
	struct configure_job job;
	struct pki_server_params p;
	struct pki_server_result res;
	struct pki_error errs[CHECK_MAX], err;
	char *smtp_server, *smtp_user, *admin;
	struct ui_dn_text dn;
	char *pw, *pw2, *spw, *spw2, text[4096];
	size_t pw_len, pw2_len, spw_len, spw2_len, count = 0, i;
	bool bad_ca = false, bad_days = false, invalid, ok = false;
	int r = UI_REDRAW;

	memset(&p, 0, sizeof p);
	memset(&res, 0, sizeof res);
	memset(errs, 0, sizeof errs);
	fm_clear_errors(f);
	ui_dn_read(f, &dn);
	smtp_server = fm_get(f, "smtp_server", NULL);
	smtp_user = fm_get(f, "smtp_user", NULL);
	admin = fm_get(f, "admin_email", NULL);
	pw = fm_get(f, "password", &pw_len);
	pw2 = fm_get(f, "password_confirm", &pw2_len);
	spw = fm_get(f, "smtp_password", &spw_len);
	spw2 = fm_get(f, "smtp_confirm", &spw2_len);

	p.root = s->root;
	p.dir = s->dir;
	p.password = pw_len > 0 ? pw : NULL;
	p.password_len = pw_len;
	p.subject = dn.dn;
	p.key_type = s->probe.mode == PKI_SERVER_NEW
	    ? (enum pki_key_type)fm_radio_value(f, "key_type")
	    : PKI_KEY_DEFAULT;
	p.ca_days = s->probe.mode == PKI_SERVER_NEW ? days_of(f, "ca_days", &bad_ca) : 0;
	p.issue_days = days_of(f, "days", &bad_days);
	p.smtp_server = smtp_server;
	p.smtp_user = smtp_user;
	p.smtp_password = spw_len > 0 ? spw : NULL;
	p.smtp_password_len = spw_len;
	p.admin_email = admin;

	invalid = pki_server_check(&p, s->probe.mode, errs, CHECK_MAX, &count) != 0;
	for (i = 0; i < count && i < CHECK_MAX; i++) {
		const char *msg = errs[i].msg[0] ? errs[i].msg : pki_strerror(errs[i].code);

		if (!fm_set_error(f, errs[i].field, msg))
			ui_error(ui, "%s", msg);
	}
	if (bad_ca) {
		fm_set_error(f, "ca_days", _("Enter a number of days."));
		invalid = true;
	}
	if (bad_days) {
		fm_set_error(f, "days", _("Enter a number of days."));
		invalid = true;
	}
	if ((s->probe.mode == PKI_SERVER_NEW || !s->probe.key_encrypted) &&
	    (pw_len != pw2_len || memcmp(pw, pw2, pw_len) != 0)) {
		fm_set_error(f, "password_confirm", _("The passwords do not match."));
		invalid = true;
	}
	if (spw_len != spw2_len || memcmp(spw, spw2, spw_len) != 0) {
		fm_set_error(f, "smtp_confirm", _("The SMTP passwords do not match."));
		invalid = true;
	}
	if (s->probe.key_encrypted && s->probe.mode == PKI_SERVER_EXISTING && pw_len == 0) {
		fm_set_error(f, "password",
		    _("The private key file is encrypted: enter its "
		      "password."));
		invalid = true;
	}
	if (invalid) {
		fm_focus_error(f);
		if (ui->msg[0] == '\0')
			ui_error(ui, "%s",
			    _("Nothing was saved: correct the fields marked "
			      "beside them."));
		goto out;
	}

	job.store = ui->store;
	job.p = &p;
	job.res = &res;
	job.err = &err;
	pki_error_clear(&err);
	if (ui_run(ui,
	        s->probe.mode == PKI_SERVER_NEW
	            ? _("Creating the private key and the certificate...")
	            : _("Checking the private key and the certificate..."),
	        false, configure_job, &job) != 0) {
		if (err.field[0] != '\0' &&
		    fm_set_error(f, err.field, err.msg[0] ? err.msg : pki_strerror(err.code))) {
			fm_focus_error(f);
			if (err.code == PKI_ERR_PASSWORD)
				fm_clear_text(f, "password");
		}
		ui_error_pki(ui, &err);
		goto out;
	}
	ok = true;
	configured_text(&res, text, sizeof text);
	fm_clear_text(f, "password");
	fm_clear_text(f, "password_confirm");
	fm_clear_text(f, "smtp_password");
	fm_clear_text(f, "smtp_confirm");
	ui_refresh_status(ui);
	ui_notice(ui, _("Certificate Authority server configured"), text);
	build_view(ui, s);
	ui_message(ui, "%s", _("Certificate Authority server successfully configured."));
out:
	(void)ok;
	pki_server_result_clear(&res);
	pki_secret_free(pw, pw_len);
	pki_secret_free(pw2, pw2_len);
	pki_secret_free(spw, spw_len);
	pki_secret_free(spw2, spw2_len);
	ui_dn_text_free(&dn);
	free(smtp_server);
	free(smtp_user);
	free(admin);
	return r;
}

/* Reinitializes once the CA's key opened (its password proven). */
static int
reinit_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct server_state *s = state;
	struct pki_error err;

	(void)signer;
	pki_error_clear(&err);
	if (pki_server_reinit(ui->store, &err) != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_refresh_status(ui);
	build_step1(s);
	ui_message(ui, "%s",
	    _("Certificate Authority server reinitialized. The key, "
	      "certificate and SRL files were kept."));
	return UI_REDRAW;
}

static int
reinit(struct ui *ui, struct fm *f, void *state)
{
	struct server_state *s = state;
	struct pki_error err;
	char q[512];

	struct pki_server_info info;
	size_t issued = 0, pending = ui->pending;

	memset(&info, 0, sizeof info);
	pki_error_clear(&err);
	if (pki_server_info(ui->store, &info, &err) == 0) {
		issued = info.issued;
		pending = info.pending;
		pki_server_info_clear(&info);
	}
	snprintf(q, sizeof q,
	    _("Reinitialize the Certificate Authority server? This deletes its "
	      "configuration, the records of the %zu issued certificates and the "
	      "%zu pending requests. The key, certificate and SRL files are kept "
	      "and certificates already issued stay valid."),
	    issued, pending);
	if (!ui_confirm(ui, _("Reinitialize"), q))
		return UI_REDRAW;
	/* Only whoever holds the CA's key may: its password first. */
	return ui_sign(ui, f, "reinit", false, reinit_with, s);
}

static int
reinit_finish(struct ui *ui, struct fm *f, void *state)
{
	return ui_sign(ui, f, "reinit", true, reinit_with, state);
}

/* Step 2's Back: step 1 with its answers. */
static int
back_to_step1(struct ui *ui, struct fm *f, void *state)
{
	(void)ui;
	(void)f;
	build_step1(state);
	return UI_REDRAW;
}

static void
server_free(void *state)
{
	struct server_state *s = state;

	fm_free(&s->form);
	pki_server_probe_clear(&s->probe);
	free(s->root);
	free(s->dir);
	free(s);
}

static int
server_key(struct ui *ui, void *state, const struct ui_key *k)
{
	struct server_state *s = state;
	int r = fm_screen_key(ui, state, k);

	if (r == UI_UNHANDLED && s->stage == ST_STEP2 && !k->fn && k->ch == UI_ESC) {
		/* What was typed on step 2 goes: ask first, as leaving would. */
		if (s->form.dirty && !ui_confirm_discard(ui))
			return UI_REDRAW;
		return back_to_step1(ui, &s->form, s);
	}
	return r;
}

static unsigned
server_keys(void *state)
{
	struct server_state *s = state;

	if (s->stage == ST_VIEW)
		return KB_HELP | KB_MOVE | KB_SELECT | KB_BACK;
	return KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK;
}

const struct screen screen_server = {
	.help = N_("Configure this instance as a Certificate Authority (CA) server: "
	           "nothing else is possible before.\n\nStep 1: give the file name root "
	           "shared by the CA's certificate (ROOT.cer) and private key (ROOT.key) "
	           "and the directory that holds them. Keep that directory on removable, "
	           "preferably encrypted media. If both files exist there, they are "
	           "used; otherwise a new key and self-signed certificate are created "
	           "(a lone existing file is renamed with .old).\n\nStep 2, new pair: the "
	           "password that encrypts the private key (twice), the CA's subject "
	           "Distinguished Name (at least one attribute; Country is a two-letter "
	           "ISO code; by convention State and Locality stay empty for a CA, and "
	           "the Organization is spelled out in full), the key type, the validity "
	           "of the CA certificate and of the certificates it issues, and the "
	           "email settings: SMTP server (a fully qualified host name), username, "
	           "password, and the administrator's fully qualified address, who "
	           "receives the requests.\n\nStep 2, existing pair: the validity of "
	           "issued certificates and the email settings (and the key's password "
	           "when it is encrypted). If more fields show, the file name root or "
	           "directory does not point at the pair you meant.\n\nSave checks every "
	           "field and writes nothing until all are valid; on success it shows "
	           "the CA certificate's fingerprints. Then store the private key on "
	           "removable media that can be physically secured.\n\nReinitialize "
	           "deletes the configuration, the records of issued certificates and "
	           "the pending requests; the key, certificate and SRL files are kept "
	           "and issued certificates stay valid."),
	.init = server_init,
	.draw = server_draw,
	.key = server_key,
	.free = server_free,
	.keys = server_keys,
	.dirty = fm_screen_dirty,
};
