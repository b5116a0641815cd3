/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_client_submit.c: "Submit Certificate Signing Request to
 * Certificate Authority server". The guide's form: the file name root of
 * the key and request files, an optional password for the private key
 * (masked, with its confirmation), the Subject Distinguished Name (at least
 * one attribute), the key type and the Subject Alternative Names. Save
 * checks every field and writes nothing until all are valid; then
 * pki_client_submit makes the key pair and the request and sends it. The
 * guide's message with the request's SHA-1 fingerprint shows in a dialog,
 * since the operator must copy it for the CA administrator's call.
 *
 * Keys: the form's (Tab/Shift-Tab/arrows move, Space selects a key type,
 * Enter presses a button); Esc goes back (asking first about unsaved input).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

#define SANS_MAX 100

struct submit_state {
	struct fm form; /* first: fm_screen_key */
};

static int save(struct ui *ui, struct fm *f, void *state);

static const struct fm_button buttons[] = {
	{ "save", N_("Save"), FM_KEY_COMMIT, save },
	{ "cancel", N_("Cancel"), 0, fm_cancel },
};

static void
build(struct submit_state *s)
{
	struct fm *f = &s->form;

	/* TRANSLATORS: the guide's "File name root for local Certificate and
	 * Private Key files (without extension)", shortened to fit 80 columns. */
	fm_text(f, "root", _("File name root (without extension)"), PKI_FILE_ROOT_MAX, 24,
	    FW_REQUIRED);
	fm_text(f, "password", _("Password to the Private Key file"), PKI_PASSWORD_MAX, 24,
	    FW_MASKED);
	fm_text(f, "password_confirm", _("Confirm password"), PKI_PASSWORD_MAX, 24, FW_MASKED);
	fm_add(f, FW_HEADING, "", _("Subject Distinguished Name (at least one)"));
	ui_dn_fields(f);
	ui_key_type_field(f, PKI_KEY_DEFAULT);
	fm_text(f, "sans", _("Subject Alternative Names"), 4000, 36, 0);
	fm_add(f, FW_LABEL, "",
	    _("Separated by commas, for example: DNS:host.example.com, "
	      "IP:192.0.2.1"));
	FM_BUTTONS(f, buttons);
	f->focus = -1;
	fm_focus(f, "root");
	f->dirty = false;
}

/* Refuses to open before the client is configured and the CA pinned: a
 * request could not be sent, and its key files would be made for nothing. */
static int
submit_init(struct ui *ui, void **state, const void *arg)
{
	struct submit_state *s;
	struct pki_client_config cfg;
	bool pinned;

	(void)arg;
	if (!ui_client_config(ui, &cfg))
		return -1;
	pinned = cfg.ca_file_root != NULL && cfg.ca_file_root[0] != '\0';
	pki_client_config_clear(&cfg);
	if (!pinned) {
		ui_error(ui, "%s",
		    _("Get the Certificate Authority certificate first: \"Get "
		      "Certificate(s) from Certificate Authority server\"."));
		return -1;
	}
	s = ui_xcalloc(1, sizeof *s);
	fm_init(&s->form);
	build(s);
	*state = s;
	return 0;
}

static void
submit_draw(struct ui *ui, void *state)
{
	struct submit_state *s = state;

	ui_title(ui, _("Submit Certificate Signing Request to Certificate Authority server"));
	fm_draw(ui, &s->form, 2);
}

/* The guide's message (sanitized), for the message line. */
static void
message_text(const struct pki_client_submitted *sub, char *out, size_t size)
{
	char *root = ui_clean(sub->file_root), *inst = ui_clean(sub->instance),
	     *node = ui_clean(sub->node), *fp = ui_fingerprint(sub->sha1);

	snprintf(out, size,
	    _("SHA-1 Fingerprint: %s, Certificate Signing Request \"%s\" "
	      "successfully submitted to the Certificate Authority at "
	      "instance %s on node %s"),
	    fp, root, inst, node);
	free(fp);
	free(root);
	free(inst);
	free(node);
}

static void
submitted_text(const struct pki_client_submitted *sub, bool created, char *out, size_t size)
{
	char *key = ui_clean(sub->key_path), *csr = ui_clean(sub->csr_path);
	size_t n;

#define ADD(...) \
	do { \
		if (n < size) \
			n += (size_t)snprintf(out + n, size - n, __VA_ARGS__); \
	} while (0)
	message_text(sub, out, size);
	n = strlen(out);
	ADD("\n\n");
	ADD(_("Request number at the Certificate Authority: %" PRId64), sub->id);
	ADD("\n\n%s\n\n",
	    _("Make a copy of the SHA-1 fingerprint now: give it to the "
	      "Certificate Authority administrator when they contact you "
	      "to verify the request."));
	if (created) {
		ADD(_("Created files \"%s\" and \"%s\"."), key, csr);
		ADD(" %s",
		    _("Store the private key on encrypted, removable media that can be "
		      "physically secured."));
	}
#undef ADD
	free(key);
	free(csr);
}

void
ui_client_submitted(struct ui *ui, const struct pki_client_submitted *sub, bool created)
{
	char text[4096], line[1024];

	submitted_text(sub, created, text, sizeof text);
	message_text(sub, line, sizeof line);
	ui_busy(ui, line);
	ui_notice(ui, _("Certificate Signing Request submitted"), text);
	ui_message(ui, "%s", line);
}

/* Key generation and the POST, run by ui_run on its worker thread. */
struct submit_job {
	pki_store *store;
	const struct pki_client_request *rq;
	struct pki_client_submitted *sub;
	struct pki_error *err;
};

static int
submit_job(void *p)
{
	struct submit_job *j = p;

	return pki_client_submit(j->store, j->rq, j->sub, j->err);
}

static int
save(struct ui *ui, struct fm *f, void *state)
{
	struct submit_job job;
	struct pki_client_request rq;
	struct pki_client_submitted sub;
	struct pki_error err;
	const char *sans[SANS_MAX];
	char *root, *pw, *pw2, *san_text;
	struct ui_dn_text dn;
	size_t pw_len, pw2_len, i;
	bool invalid = false;
	int r = UI_REDRAW;

	(void)state;

	memset(&rq, 0, sizeof rq);
	memset(&sub, 0, sizeof sub);
	fm_clear_errors(f);
	root = fm_get(f, "root", NULL);
	pw = fm_get(f, "password", &pw_len);
	pw2 = fm_get(f, "password_confirm", &pw2_len);
	ui_dn_read(f, &dn);
	san_text = fm_get(f, "sans", NULL);

	rq.csr.root = root;
	rq.csr.password = pw_len > 0 ? pw : NULL;
	rq.csr.password_len = pw_len;
	rq.csr.subject = dn.dn;
	rq.csr.key_type = (enum pki_key_type)fm_radio_value(f, "key_type");
	rq.csr.sans = sans;
	rq.csr.nsans = ui_split_list(san_text, ",", sans, SANS_MAX);

	pki_error_clear(&err);
	if (pki_check_file_root(root, "root", &err) != 0) {
		fm_set_error(f, "root", err.msg[0] ? err.msg : pki_strerror(err.code));
		invalid = true;
	}
	pki_error_clear(&err);
	if (pw_len > 0 && pki_check_password(pw, pw_len, "password", &err) != 0) {
		fm_set_error(f, "password", err.msg[0] ? err.msg : pki_strerror(err.code));
		invalid = true;
	}
	if (pw_len != pw2_len || memcmp(pw, pw2, pw_len) != 0) {
		fm_set_error(f, "password_confirm", _("The passwords do not match."));
		invalid = true;
	}
	pki_error_clear(&err);
	if (pki_dn_check(&rq.csr.subject, &err) != 0) {
		fm_set_error(f, err.field[0] ? err.field : "cn",
		    err.msg[0] ? err.msg : pki_strerror(err.code));
		invalid = true;
	}
	/* The SANs too, with the other fields, before a key is made. */
	for (i = 0; i < rq.csr.nsans; i++) {
		pki_error_clear(&err);
		if (pki_san_check(rq.csr.sans[i], &err) != 0) {
			fm_set_error(f, "sans", err.msg[0] ? err.msg : pki_strerror(err.code));
			invalid = true;
			break;
		}
	}
	if (invalid) {
		fm_focus_error(f);
		ui_error(ui, "%s",
		    _("Nothing was saved: correct the fields marked beside "
		      "them."));
		goto out;
	}

	job.store = ui->store;
	job.rq = &rq;
	job.sub = &sub;
	job.err = &err;
	pki_error_clear(&err);
	if (ui_run(ui,
	        _("Creating the key pair, then contacting the Certificate Authority "
	          "server..."),
	        true, submit_job, &job) != 0) {
		const char *msg = err.msg[0] ? err.msg : pki_strerror(err.code);

		if (err.field[0] != '\0' && fm_set_error(f, err.field, msg))
			fm_focus_error(f);
		ui_error_pki(ui, &err);
		goto out;
	}
	fm_clear_text(f, "password");
	fm_clear_text(f, "password_confirm");
	ui_client_submitted(ui, &sub, true);
	r = UI_CLOSE;
out:
	pki_client_submitted_clear(&sub);
	pki_secret_free(pw, pw_len);
	pki_secret_free(pw2, pw2_len);
	free(root);
	ui_dn_text_free(&dn);
	free(san_text);
	return r;
}

const struct screen screen_client_submit = {
	.help = N_("Make a key pair and a Certificate Signing Request here and submit "
	           "the request to the Certificate Authority (CA) server, with your "
	           "details as this instance's technical contact.\n\nFile name root: "
	           "the part common to the names of the private key and request files "
	           "(ROOT.key and ROOT.csr, later ROOT.cer): letters, digits, the "
	           "hyphen and the underscore, not beginning with a hyphen; not "
	           "\"cache\". Password: optional; when "
	           "given, the private key file is encrypted with it. Subject "
	           "Distinguished Name: at least one attribute; Country is a two-letter "
	           "ISO code, State and Locality are spelled out in full, the "
	           "Organization by its full legal name, the Common Name describes this "
	           "client. Subject Alternative Names: the host names and addresses the "
	           "certificate is for, separated by commas.\n\nSave creates the files "
	           "and sends the request; if sending fails the files are kept. Make a "
	           "copy of the SHA-1 fingerprint shown: the CA administrator will ask "
	           "you for it when they verify the request. Store the private key on "
	           "encrypted, removable media that can be physically secured. Once the "
	           "CA issued the certificate, get it with \"Get Certificate(s) from "
	           "Certificate Authority server\"."),
	.init = submit_init,
	.draw = submit_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK,
	.dirty = fm_screen_dirty,
};
