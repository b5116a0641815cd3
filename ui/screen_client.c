/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_client.c: "Configure local Certificate Authority client", the
 * guide's form: the CA server's host name, web server port and path, the
 * local technical contact (name required, phone and email optional) and
 * this instance's name (this host's name unless changed). Save checks
 * every field (pki_client_check): each field at fault gets its message
 * beside it, all at once, and nothing is stored. Once configured the
 * form opens with the stored values; a new server host or port, which
 * drops the pinned CA certificate, is saved only once confirmed.
 *
 * Keys: the form's (Tab/Shift-Tab/arrows move, Enter presses a button);
 * Esc goes back (asking first about unsaved input).
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ui.h"

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 255
#endif

struct configure_state {
	struct fm form; /* first: fm_screen_key */
	bool configured; /* a configuration was there when the screen opened */
};

static int save(struct ui *ui, struct fm *f, void *state);

static const struct fm_button buttons[] = {
	{ "save", N_("Save"), FM_KEY_COMMIT, save },
	{ "cancel", N_("Cancel"), 0, fm_cancel },
};

static void
build(struct ui *ui, struct configure_state *s)
{
	struct pki_client_config cfg;
	struct pki_error err;
	struct fm *f = &s->form;
	char port[16], host[HOST_NAME_MAX + 1];

	fm_add(f, FW_LABEL, "",
	    _("Where this instance's Certificate Authority server is, and who "
	      "answers for this instance when the CA administrator verifies a "
	      "request."));
	fm_add(f, FW_GAP, "", "");
	fm_add(f, FW_HEADING, "", _("Certificate Authority server"));
	fm_text(f, "server_host", _("Server hostname"), 253, 36, FW_REQUIRED);
	fm_text(f, "server_port", _("WebServer port number"), 5, 6, FW_REQUIRED);
	fm_text(f, "server_path", _("Server path"), 255, 36, FW_REQUIRED);
	fm_add(f, FW_HEADING, "", _("Local technical contact"));
	fm_text(f, "contact_name", _("Name"), 128, 36, FW_REQUIRED);
	fm_text(f, "contact_phone", _("Phone number"), 64, 24, 0);
	fm_text(f, "contact_email", _("Email address"), 254, 36, 0);
	fm_add(f, FW_GAP, "", "");
	fm_text(f, "instance", _("Instance name"), 64, 36, FW_REQUIRED);
	FM_BUTTONS(f, buttons);

	memset(&cfg, 0, sizeof cfg);
	pki_error_clear(&err);
	if (pki_client_config_get(ui->store, &cfg, &err) == 0) {
		s->configured = true;
		fm_set(f, "server_host", cfg.server_host);
		snprintf(port, sizeof port, "%ld", cfg.server_port);
		fm_set(f, "server_port", port);
		fm_set(f, "server_path", cfg.server_path);
		fm_set(f, "contact_name", cfg.contact_name);
		fm_set(f, "contact_phone", cfg.contact_phone);
		fm_set(f, "contact_email", cfg.contact_email);
		fm_set(f, "instance", cfg.instance);
		pki_client_config_clear(&cfg);
	} else {
		snprintf(port, sizeof port, "%d", PKI_CLIENT_DEFAULT_PORT);
		fm_set(f, "server_port", port);
		fm_set(f, "server_path", PKI_CLIENT_DEFAULT_PATH);
		if (gethostname(host, sizeof host) == 0) {
			host[sizeof host - 1] = '\0';
			fm_set(f, "instance", host);
		}
	}
	f->focus = -1;
	fm_focus(f, "server_host");
	f->dirty = false;
}

static int
configure_init(struct ui *ui, void **state, const void *arg)
{
	struct configure_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	fm_init(&s->form);
	build(ui, s);
	*state = s;
	return 0;
}

static void
configure_draw(struct ui *ui, void *state)
{
	struct configure_state *s = state;

	ui_title(ui, _("Configure local Certificate Authority client"));
	fm_draw(ui, &s->form, 2);
}

/* Run by ui_run on its worker thread (it may look up this host's name). */
struct configure_job {
	pki_store *store;
	const struct pki_client_params *p;
	struct pki_error *err;
};

static int
configure_job(void *arg)
{
	struct configure_job *j = arg;

	return pki_client_configure(j->store, j->p, j->err);
}

/*
 * A new server host or port drops the pinned CA certificate (the library
 * keeps it only for the same server): true when nothing is pinned, the
 * server stays, or the operator agrees to get the CA certificate again.
 */
static bool
keep_or_drop_pin(struct ui *ui, const char *host, long port)
{
	struct pki_client_config cfg;
	struct pki_error err;
	char q[2048], *old;
	bool go = true;

	memset(&cfg, 0, sizeof cfg);
	pki_error_clear(&err);
	if (pki_client_config_get(ui->store, &cfg, &err) != 0)
		return true;
	if (cfg.ca_file_root[0] != '\0' &&
	    (strcmp(cfg.server_host, host) != 0 || cfg.server_port != port)) {
		old = ui_clean(cfg.server_host);
		snprintf(q, sizeof q,
		    _("The Certificate Authority certificate pinned for %s:%ld is dropped when "
		      "the server changes: you will get the new server's certificate and "
		      "compare its fingerprints again before anything is sent. Save?"),
		    old, cfg.server_port);
		free(old);
		go = ui_confirm(ui, _("Change server"), q);
	}
	pki_client_config_clear(&cfg);
	return go;
}

static int
save(struct ui *ui, struct fm *f, void *state)
{
	struct configure_job job;
	struct pki_client_params p;
	struct pki_error err, errs[16];
	char *host, *port, *path, *name, *phone, *email, *instance, *end;
	size_t count = 0, i;
	bool invalid = false;
	int r = UI_REDRAW;

	(void)state;

	memset(&p, 0, sizeof p);
	fm_clear_errors(f);
	host = fm_get(f, "server_host", NULL);
	port = fm_get(f, "server_port", NULL);
	path = fm_get(f, "server_path", NULL);
	name = fm_get(f, "contact_name", NULL);
	phone = fm_get(f, "contact_phone", NULL);
	email = fm_get(f, "contact_email", NULL);
	instance = fm_get(f, "instance", NULL);

	errno = 0;
	p.server_port = strtol(port, &end, 10);
	if (port[0] == '\0' || *end != '\0' || errno != 0 || p.server_port < 1 ||
	    p.server_port > 65535) {
		fm_set_error(f, "server_port", _("Enter a port number between 1 and 65535."));
		invalid = true;
	}
	if (path[0] == '\0') {
		fm_set_error(f, "server_path",
		    _("The Certificate Authority server path is "
		      "required."));
		invalid = true;
	}
	if (instance[0] == '\0') {
		fm_set_error(f, "instance", _("The instance name is required."));
		invalid = true;
	}
	/* The library's checks of every field too, all marked at once. */
	p.server_host = host;
	p.server_path = path;
	p.contact_name = name;
	p.contact_phone = phone;
	p.contact_email = email;
	p.instance = instance;
	if (pki_client_check(&p, errs, sizeof errs / sizeof errs[0], &count) != 0) {
		for (i = 0; i < count; i++)
			if (!fm_has_error(f, errs[i].field))
				fm_set_error(f, errs[i].field,
				    errs[i].msg[0] ? errs[i].msg : pki_strerror(errs[i].code));
		invalid = true;
	}
	if (invalid) {
		fm_focus_error(f);
		ui_error(ui, "%s",
		    _("Nothing was saved: correct the fields marked beside "
		      "them."));
		goto out;
	}
	if (!keep_or_drop_pin(ui, host, p.server_port)) {
		ui_message(ui, "%s", _("Nothing was saved."));
		goto out;
	}
	job.store = ui->store;
	job.p = &p;
	job.err = &err;
	pki_error_clear(&err);
	if (ui_run(ui, _("Saving the Certificate Authority client's configuration..."), false,
	        configure_job, &job) != 0) {
		const char *msg = err.msg[0] ? err.msg : pki_strerror(err.code);

		if (err.field[0] != '\0' && fm_set_error(f, err.field, msg)) {
			fm_focus_error(f);
			ui_error(ui, "%s",
			    _("Nothing was saved: correct the fields marked "
			      "beside them."));
		} else {
			ui_error_pki(ui, &err);
		}
		goto out;
	}
	ui_refresh_status(ui);
	ui_message(ui, "%s %s", _("Certificate Authority client successfully configured."),
	    _("Next, get the Certificate Authority certificate: \"Get "
	      "Certificate(s) from Certificate Authority server\"."));
	r = UI_CLOSE;
out:
	free(host);
	free(port);
	free(path);
	free(name);
	free(phone);
	free(email);
	free(instance);
	return r;
}

const struct screen screen_client_configure = {
	.help = N_("Configure this instance as a Certificate Authority (CA) client: "
	           "where its CA server is, and who its technical contact is.\n\n"
	           "Certificate Authority server hostname: the fully qualified name of "
	           "the machine where the CA server's web service (ncpkid) runs; that "
	           "instance must be configured as a CA server first. WebServer port "
	           "number: the port of that web service. Server path: the path of the "
	           "web service; keep the default unless the CA administrator says "
	           "otherwise.\n\nLocal technical contact: the person who answers for "
	           "this instance when the CA administrator verifies a request. The "
	           "name is required. The phone number lets the administrator call to "
	           "verify a request before issuing the certificate; the email address "
	           "receives the notice that a certificate was issued. Both are "
	           "optional: the verification can happen another way, in person for "
	           "example.\n\nInstance name: how this instance is known to the CA; "
	           "this host's name unless you change it.\n\nNext, get the CA "
	           "certificate with \"Get Certificate(s) from Certificate Authority "
	           "server\"."),
	.init = configure_init,
	.draw = configure_draw,
	.key = fm_screen_key,
	.free = fm_screen_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK,
	.dirty = fm_screen_dirty,
};
