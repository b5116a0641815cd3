/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_client_earlier.c: "Resubmit or import" (the client's requests
 * made earlier), opened with o from "Get Certificate(s) from Certificate
 * Authority server". Two tasks of the client that the command line has
 * (ncpki client resubmit, ncpki client import):
 *   - Resubmit sends a request made here before (ROOT.csr in the client's
 *     directory) again, when sending it failed, optionally with another
 *     host name or as the renewal of a certificate; the guide's message
 *     with its fingerprint shows as after Submit.
 *   - Import picks up, from an offline CA's export directory (ncpki cert
 *     export-all, or the CA's Offline media page), the certificates of the
 *     requests made here, each checked up to its self-signed root, and
 *     shows the CA's fingerprints to compare with the CA administrator's.
 * Every fault of a section's fields shows beside it at once; nothing is
 * sent or written until they are right.
 *
 * Keys: the form's; F2 imports; Esc goes back.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

struct earlier_state {
	struct fm form; /* first: fm_screen_key */
};

static int import(struct ui *ui, struct fm *f, void *state);
static int resubmit(struct ui *ui, struct fm *f, void *state);

static const struct fm_button import_buttons[] = {
	{ "import", N_("Import"), FM_KEY_COMMIT, import },
};
static const struct fm_button resubmit_buttons[] = {
	{ "resubmit", N_("Resubmit"), 0, resubmit },
};
static const struct fm_button back_buttons[] = {
	{ "back", N_("Back"), 0, fm_close },
};

static void
build(struct earlier_state *s, const char *client_dir)
{
	struct fm *f = &s->form;

	fm_add(f, FW_HEADING, "", _("Import from an offline Certificate Authority"));
	fm_text(f, "dir", _("Export directory"), 1000, 36, FW_REQUIRED);
	fm_add(f, FW_CHECK, "force", _("Replace files already in the client's directory"));
	FM_BUTTONS(f, import_buttons);
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_HEADING, "", _("Resubmit a request made earlier"));
	fm_info(f, _("Client's directory"), client_dir);
	fm_text(f, "root", _("File name root"), PKI_FILE_ROOT_MAX, 24, 0);
	fm_text(f, "hostname", _("Host name sent"), 253, 24, 0);
	fm_text(f, "renewal_of", _("Renewal of certificate"), 20, 12, 0);
	fm_add(f, FW_LABEL, "",
	    _("ROOT.csr in the client's directory. Host name: blank for this host's. "
	      "Renewal: the number of the certificate it renews, or blank."));
	FM_BUTTONS(f, resubmit_buttons);
	fm_add(f, FW_GAP, "", "");
	FM_BUTTONS(f, back_buttons);
	f->focus = -1;
	fm_focus(f, "dir");
	f->dirty = false;
}

static int
earlier_init(struct ui *ui, void **state, const void *arg)
{
	struct earlier_state *s;
	struct pki_client_config cfg;

	(void)arg;
	if (!ui_client_config(ui, &cfg))
		return -1;
	s = ui_xcalloc(1, sizeof *s);
	fm_init(&s->form);
	build(s, cfg.dir != NULL ? cfg.dir : "");
	pki_client_config_clear(&cfg);
	*state = s;
	return 0;
}

static void
earlier_draw(struct ui *ui, void *state)
{
	struct earlier_state *s = state;

	ui_title(ui, _("Resubmit a request or import certificates"));
	fm_draw(ui, &s->form, 2);
}

static int
import(struct ui *ui, struct fm *f, void *state)
{
	struct pki_client_import res;
	struct pki_error err;
	char *dir, *fp1, *fp2;
	char text[4096];
	size_t n = 0;

	(void)state;
	fm_clear_errors(f);
	dir = fm_get(f, "dir", NULL);
	if (dir[0] == '\0') {
		fm_set_error(f, "dir", _("Enter the export directory to import from."));
		fm_focus(f, "dir");
		free(dir);
		return UI_REDRAW;
	}
	pki_error_clear(&err);
	if (pki_client_import_dir(ui->store, dir, fm_checked(f, "force"), &res, &err) != 0) {
		fm_set_error(f, "dir", err.msg[0] ? err.msg : pki_strerror(err.code));
		fm_focus(f, "dir");
		ui_error_pki(ui, &err);
		free(dir);
		return UI_REDRAW;
	}
	free(dir);
	fp1 = ui_fingerprint(res.ca_sha1);
	fp2 = ui_fingerprint(res.root_sha256);
	n += (size_t)snprintf(text + n, sizeof text - n,
	    dngettext(PACKAGE,
	        "%zu certificate imported. Compare the fingerprints below with the "
	        "Certificate Authority's.",
	        "%zu certificates imported. Compare the fingerprints below with the "
	        "Certificate Authority's.",
	        res.certs),
	    res.certs);
	if (n < sizeof text) {
		char *subj = ui_clean(res.ca_subject);

		n += (size_t)snprintf(text + n, sizeof text - n, "\n\n%s: %s\n%s: %s\n%s: %s",
		    _("CA subject"), subj, _("CA SHA-1"), fp1, _("Root SHA-256"), fp2);
		free(subj);
	}
	for (size_t i = 0; i < res.nfiles && n < sizeof text; i++) {
		char *file = ui_clean(res.files[i]);

		n += (size_t)snprintf(text + n, sizeof text - n, "%s%s %s", i == 0 ? "\n\n" : "\n",
		    _("Saved"), file);
		free(file);
	}
	ui_notice(ui, _("Certificates imported"), text);
	ui_message(ui,
	    dngettext(PACKAGE, "%zu certificate imported from the export directory.",
	        "%zu certificates imported from the export directory.", res.certs),
	    res.certs);
	free(fp1);
	free(fp2);
	pki_client_import_clear(&res);
	f->dirty = false;
	return UI_REDRAW;
}

/* The POST, run by ui_run on its worker thread. */
struct resubmit_job {
	pki_store *store;
	const char *root, *hostname;
	uint64_t renewal_of;
	struct pki_client_submitted *sub;
	struct pki_error *err;
};

static int
resubmit_job(void *p)
{
	struct resubmit_job *j = p;

	return pki_client_resubmit_renewal(j->store, j->root, j->hostname, j->renewal_of, j->sub,
	    j->err);
}

static int
resubmit(struct ui *ui, struct fm *f, void *state)
{
	struct resubmit_job job;
	struct pki_client_submitted sub;
	struct pki_error err;
	char *root, *host, *renewal, *end;
	unsigned long long n = 0;
	bool ok = true;

	(void)state;
	fm_clear_errors(f);
	root = fm_get(f, "root", NULL);
	host = fm_get(f, "hostname", NULL);
	renewal = fm_get(f, "renewal_of", NULL);
	pki_error_clear(&err);
	if (root[0] == '\0') {
		fm_set_error(f, "root", _("Enter the file name root of the request (ROOT.csr)."));
		ok = false;
	} else if (pki_check_file_root(root, "root", &err) != 0) {
		fm_set_error(f, "root", err.msg);
		ok = false;
	}
	pki_error_clear(&err);
	if (host[0] != '\0' && pki_check_hostname(host, "hostname", &err) != 0) {
		fm_set_error(f, "hostname", err.msg);
		ok = false;
	}
	if (renewal[0] != '\0') {
		n = strtoull(renewal, &end, 10);
		if (*end != '\0' || n == 0 || renewal[0] == '-') {
			fm_set_error(f, "renewal_of", _("Enter a certificate number, or nothing."));
			ok = false;
		}
	}
	if (!ok) {
		fm_focus_error(f);
		ui_error(ui, "%s", _("Nothing was sent: correct the fields marked beside them."));
		goto out;
	}
	memset(&sub, 0, sizeof sub);
	job.store = ui->store;
	job.root = root;
	job.hostname = host[0] != '\0' ? host : NULL;
	job.renewal_of = n;
	job.sub = &sub;
	job.err = &err;
	pki_error_clear(&err);
	if (ui_run(ui, _("Contacting the Certificate Authority server..."), true, resubmit_job,
	        &job) != 0) {
		const char *msg = err.msg[0] ? err.msg : pki_strerror(err.code);

		fm_set_error(f, err.field[0] != '\0' && fm_find(f, err.field) ? err.field : "root",
		    msg);
		fm_focus_error(f);
		ui_error_pki(ui, &err);
		goto out;
	}
	ui_client_submitted(ui, &sub, false);
	pki_client_submitted_clear(&sub);
	f->dirty = false;
out:
	free(root);
	free(host);
	free(renewal);
	return UI_REDRAW;
}

const struct screen screen_client_earlier = {
	.help = N_("Two tasks for requests made on this client before.\n\nImport from "
	           "an offline Certificate Authority: the CA administrator exports the "
	           "issued certificates to a directory (removable media); give that "
	           "directory here. Each certificate for a request made here (same file "
	           "name root and public key) is checked up to its self-signed root and "
	           "saved as FILENAME.cer and FILENAME-chain.pem, with the CA "
	           "certificate, in the client's directory. Compare the fingerprints "
	           "shown with the ones the CA administrator reads out.\n\nResubmit a "
	           "request made earlier: when sending a request failed, its files "
	           "(ROOT.key and ROOT.csr) were kept; give its file name root to send "
	           "it again, optionally with another host name, or as the renewal of "
	           "a certificate whose renewal could not be sent."),
	.init = earlier_init,
	.draw = earlier_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_TOGGLE | KB_BACK,
	.dirty = fm_screen_dirty,
};
