/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_offline.c: the offline root's removable media. "Import requests
 * from a directory" takes every NAME.csr there with its NAME.json contact
 * file (pki_csr_import_dir: all or nothing) and shows a report of each
 * file, imported or refused with its reason. "Export issued certificates
 * and CRL to a directory" writes the CA certificate and chain, each issued
 * certificate with its chain, the newest CRL and index.json
 * (pki_export_dir), optionally only from a serial number on.
 *
 * Keys: the form's (Tab/Shift-Tab/arrows move, Enter presses a button);
 * Esc goes back (asking first about unsaved input).
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

struct offline_state {
	struct fm form; /* first: fm_screen_key */
};

static int do_import(struct ui *ui, struct fm *f, void *state);
static int do_export(struct ui *ui, struct fm *f, void *state);

static const struct fm_button import_button = { "import", N_("Import"), 0, do_import };
static const struct fm_button export_button = { "export", N_("Export"), 0, do_export };
static const struct fm_button back_button = { "back", N_("Back"), 0, fm_cancel };

static void
build(struct offline_state *s)
{
	struct fm *f = &s->form;

	fm_add(f, FW_LABEL, "",
	    _("For a Certificate Authority with no network: requests arrive and "
	      "certificates leave as files on removable media."));
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_HEADING, "", _("Import requests from a directory"));
	fm_add(f, FW_LABEL, "",
	    _("Every NAME.csr with its optional NAME.json contact file. When any "
	      "file is refused, nothing is imported."));
	fm_text(f, "in_dir", _("Directory"), 4096, 40, FW_REQUIRED);
	fm_buttons(f, &import_button, 1);
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_HEADING, "", _("Export issued certificates and CRL to a directory"));
	fm_text(f, "out_dir", _("Directory"), 4096, 40, FW_REQUIRED);
	fm_text(f, "since", _("From serial number"), 20, 12, 0);
	fm_buttons(f, &export_button, 1);
	fm_add(f, FW_GAP, "", "");
	fm_buttons(f, &back_button, 1);
	f->focus = -1;
	fm_focus(f, "in_dir");
	f->dirty = false;
}

static int
offline_init(struct ui *ui, void **state, const void *arg)
{
	struct offline_state *s = ui_xcalloc(1, sizeof *s);

	(void)ui;
	(void)arg;
	fm_init(&s->form);
	build(s);
	*state = s;
	return 0;
}

static void
offline_draw(struct ui *ui, void *state)
{
	struct offline_state *s = state;

	ui_title(ui, _("Offline media"));
	fm_draw(ui, &s->form, 2);
}

/* Appends a line to the report. */
static void
report_add(char **text, size_t *len, const char *line)
{
	size_t k = strlen(line);
	char *nb = ui_xrealloc(*text, *len + k + 2, 1);

	memcpy(nb + *len, line, k);
	nb[*len + k] = '\n';
	nb[*len + k + 1] = '\0';
	*len += k + 1;
	*text = nb;
}

static int
do_import(struct ui *ui, struct fm *f, void *state)
{
	struct pki_import_report rep;
	struct pki_error err;
	char *dir = fm_get(f, "in_dir", NULL), *text = NULL, line[PKI_ERROR_MSG_MAX + 512];
	size_t len = 0, i;
	int r;

	fm_clear_errors(f);
	if (dir == NULL || dir[0] == '\0') {
		fm_set_error(f, "in_dir", _("The directory is required."));
		fm_focus_error(f);
		free(dir);
		return UI_REDRAW;
	}
	ui_busy(ui, _("Importing the requests..."));
	pki_error_clear(&err);
	r = pki_csr_import_dir(ui->store, dir, &rep, &err);
	for (i = 0; i < rep.n; i++) {
		const struct pki_import_item *it = &rep.items[i];
		char *file = ui_clean(it->file), *msg = ui_clean(it->msg);

		if (it->code != 0)
			snprintf(line, sizeof line, _("%s: refused: %s"), file, msg);
		else if (rep.stored) {
			char *fp = ui_fingerprint(it->sha1);

			snprintf(line, sizeof line,
			    _("%s: imported as request %" PRId64 ", SHA-1 fingerprint %s"), file,
			    it->id, fp);
			free(fp);
		} else
			snprintf(line, sizeof line, _("%s: acceptable, not imported"), file);
		free(file);
		free(msg);
		report_add(&text, &len, line);
	}
	if (r != 0) {
		char *msg = ui_clean(err.msg[0] ? err.msg : pki_strerror(err.code));
		if (text != NULL)
			report_add(&text, &len, "");
		report_add(&text, &len, msg);
		free(msg);
	} else {
		snprintf(line, sizeof line,
		    dngettext(PACKAGE, "%zu Certificate Signing Request imported.",
		        "%zu Certificate Signing Requests imported.", rep.n),
		    rep.n);
		report_add(&text, &len, "");
		report_add(&text, &len, line);
		ui_refresh_status(ui);
		f->dirty = false;
	}
	ui_notice(ui, _("Import requests from a directory"), text != NULL ? text : "");
	if (r != 0)
		ui_error_pki(ui, &err);
	else
		ui_message(ui, "%s", line);
	free(text);
	free(dir);
	pki_import_report_clear(&rep);
	return UI_REDRAW;
}

static int
do_export(struct ui *ui, struct fm *f, void *state)
{
	struct pki_export_params p;
	struct pki_export_result res;
	struct pki_error err;
	char *dir = fm_get(f, "out_dir", NULL), *since = fm_get(f, "since", NULL);
	char *end, text[PKI_ERROR_MSG_MAX + 1024], *man;
	unsigned long long v = 0;

	memset(&p, 0, sizeof p);
	fm_clear_errors(f);
	if (dir == NULL || dir[0] == '\0')
		fm_set_error(f, "out_dir", _("The directory is required."));
	if (since != NULL && since[0] != '\0') {
		errno = 0;
		v = strtoull(since, &end, 10);
		if (*end != '\0' || errno != 0 || v == 0 || since[0] == '-')
			fm_set_error(f, "since", _("A serial number is a positive integer."));
	}
	if (fm_focus_error(f))
		goto out;
	p.dir = dir;
	p.since_serial = v;
	ui_busy(ui, _("Exporting..."));
	pki_error_clear(&err);
	if (pki_export_dir(ui->store, &p, &res, &err) != 0) {
		ui_error_pki(ui, &err);
		goto out;
	}
	man = ui_clean(res.manifest);
	snprintf(text, sizeof text, "%s\n%s %s\n\n%s",
	    _("The CA certificate and its chain were written as ca.pem and ca-chain.pem, "
	      "each certificate as FILENAME.cer with FILENAME-chain.pem."),
	    _("Manifest:"), man,
	    res.crl ? _("The newest CRL was written as crl.der and crl.pem.")
	            : _("No CRL has been signed yet, so none was exported."));
	free(man);
	ui_notice(ui, _("Export issued certificates and CRL to a directory"), text);
	ui_message(ui,
	    dngettext(PACKAGE, "%zu certificate exported.", "%zu certificates exported.",
	        res.certs),
	    res.certs);
	f->dirty = false;
	pki_export_result_clear(&res);
out:
	free(dir);
	free(since);
	return UI_REDRAW;
}

const struct screen screen_offline = {
	.help = N_("A Certificate Authority kept off the network (an offline root) "
	           "works with removable media.\n\nImport requests from a directory: "
	           "every NAME.csr (PEM or DER) in the directory, with the contact "
	           "details of its optional NAME.json (written by \"ncpki client submit "
	           "--offline\"). Each file is checked like any request; when one is "
	           "refused nothing is imported, and the report says why for each "
	           "file.\n\nExport issued certificates and CRL to a directory: ca.pem "
	           "and ca-chain.pem, FILENAME.cer and FILENAME-chain.pem for each "
	           "issued certificate (only from the serial number given, if any), "
	           "crl.der and crl.pem (the newest CRL; none is signed here) and the "
	           "manifest index.json, which \"ncpki client import\" reads."),
	.init = offline_init,
	.draw = offline_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK,
	.dirty = fm_screen_dirty,
};
