/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_service.c: "Web service certificate": the TLS key and certificate
 * the web service (ncpkid) serves HTTPS with, issued by this CA: which one
 * is in service, for which names, until when, whether its key file is
 * there, with a warning when it has expired or ends within the expiry
 * notice period. Set Up (or Renew) makes a new key and has the CA issue
 * its certificate for the host names and addresses typed, the CA key's
 * password asked in the form; the new pair replaces the old one as one
 * (a failure leaves the old one in service), and ncpkid serves it once
 * restarted.
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

#define NAMES_MAX 32 /* pki_service_tls_check's bound, host names and addresses */
#define WARN_DAYS 30

struct service_state {
	struct fm form; /* first: fm_screen_key */
	bool stale; /* the form is built again before the next frame */
	/* read before the key opens: the texts, and the lists over them */
	char *hosts_text, *ips_text;
	const char *hosts[NAMES_MAX], *ips[NAMES_MAX];
	size_t nhosts, nips;
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

/* The certificate's DNS: and IP: names, each kind as one field's text. */
static void
names_of(const char *sans, char **hosts, char **ips)
{
	size_t n = strlen(sans) + 1;
	char *copy = ui_xstrdup(sans), *item, *save = NULL;

	*hosts = ui_xcalloc(1, n);
	*ips = ui_xcalloc(1, n);
	for (item = strtok_r(copy, ", ", &save); item != NULL; item = strtok_r(NULL, ", ", &save)) {
		char *to = strncmp(item, "DNS:", 4) == 0 ? *hosts
		    : strncmp(item, "IP:", 3) == 0       ? *ips
		                                         : NULL;

		if (to == NULL)
			continue;
		if (to[0] != '\0')
			strcat(to, " ");
		strcat(to, strchr(item, ':') + 1);
	}
	free(copy);
}

static void
build(struct ui *ui, struct service_state *s)
{
	struct fm *f = &s->form;
	struct pki_service_tls_status st;
	struct pki_error err;
	char *hosts = NULL, *ips = NULL;
	time_t now = time(NULL);
	long notice = WARN_DAYS, days = 0;
	int r;

	fm_free(f);
	fm_init(f);
	pki_error_clear(&err);
	if (pki_server_get_notice_days(ui->store, &days, &err) == 0 && days > 0)
		notice = days;
	pki_error_clear(&err);
	r = pki_service_tls_status(ui->store, &st, &err);
	if (r == 0) {
		const struct ui_pair_view pv = { st.serial, st.subject, st.sans, st.key_desc,
			st.sha1, st.key_path, st.not_before, st.not_after };

		ui_pair_info(f, &pv);
		if (!st.key_present)
			fm_add(f, FW_LABEL, "",
			    _("The web service's key file is missing: ncpkid cannot start. Renew "
			      "to make a new pair."));
		else if (st.not_after <= now)
			fm_add(f, FW_LABEL, "",
			    _("The web service's certificate has expired: clients refuse to "
			      "connect. Renew it."));
		else if (st.not_after - now < (time_t)notice * 86400)
			fm_add(f, FW_LABEL, "",
			    _("The web service's certificate expires within the notice period: "
			      "renew it."));
		names_of(st.sans, &hosts, &ips);
		pki_service_tls_status_clear(&st);
	} else if (r == PKI_ERR_NOT_FOUND) {
		fm_add(f, FW_LABEL, "",
		    _("The web service has no TLS certificate yet: ncpkid cannot start. Set Up "
		      "makes its key and has the Certificate Authority issue its "
		      "certificate."));
	} else {
		ui_error_pki(ui, &err);
	}
	fm_add(f, FW_GAP, "", "");
	fm_text(f, "hosts", _("Host names (the first is the CN)"), 2000, 40, FW_REQUIRED);
	fm_text(f, "ips", _("IP addresses"), 1000, 40, 0);
	fm_add(f, FW_LABEL, "", _("Several names or addresses: separate them with spaces."));
	if (hosts != NULL)
		fm_set(f, "hosts", hosts);
	if (ips != NULL)
		fm_set(f, "ips", ips);
	free(hosts);
	free(ips);
	ui_key_type_field(f, PKI_KEY_EC_P256);
	fm_add(f, FW_GAP, "", "");
	fm_password_step(f, &finish_button);
	if (r == 0)
		FM_BUTTONS(f, renew_buttons);
	else
		FM_BUTTONS(f, setup_buttons);
	f->focus = -1;
	fm_focus(f, "hosts");
	f->dirty = false;
}

static void
forget_names(struct service_state *s)
{
	free(s->hosts_text);
	free(s->ips_text);
	s->hosts_text = s->ips_text = NULL;
	s->nhosts = s->nips = 0;
}

static int
service_init(struct ui *ui, void **state, const void *arg)
{
	struct service_state *s = ui_xcalloc(1, sizeof *s);

	(void)arg;
	fm_init(&s->form);
	build(ui, s);
	*state = s;
	return 0;
}

static void
service_draw(struct ui *ui, void *state)
{
	struct service_state *s = state;

	if (s->stale) {
		build(ui, s);
		s->stale = false;
	}
	ui_title(ui, _("Web service certificate"));
	fm_draw(ui, &s->form, 2);
}

static void
service_free(void *state)
{
	forget_names(state);
	fm_screen_free(state);
}

static int
setup_with(struct ui *ui, void *state, pki_signer *signer)
{
	struct service_state *s = state;
	struct pki_service_tls_params p;
	struct pki_service_tls_result res;
	struct pki_error err;
	int r;

	memset(&p, 0, sizeof p);
	p.hostnames = s->hosts;
	p.nhostnames = s->nhosts;
	p.ips = s->ips;
	p.nips = s->nips;
	p.key_type = (enum pki_key_type)fm_radio_value(&s->form, "key_type");
	pki_error_clear(&err);
	ui_busy(ui, _("Making the web service's key and its certificate..."));
	r = pki_service_tls_setup(ui->store, signer, &p, &res, &err);
	if (r != 0) {
		ui_error_pki(ui, &err);
		return UI_REDRAW;
	}
	ui_message(ui,
	    res.renewed ? _("The web service's TLS certificate was renewed: certificate number "
	                    "%" PRIu64 ". Restart ncpkid to serve it.")
	                : _("The web service's TLS certificate was created: certificate number "
	                    "%" PRIu64 ". Start ncpkid to serve it."),
	    res.serial);
	pki_service_tls_result_clear(&res);
	s->stale = true;
	return UI_REDRAW;
}

/* Both fields, each fault beside its field; false when there is one. */
static bool
read_names(struct service_state *s, struct fm *f)
{
	struct pki_service_tls_params p;
	struct pki_error err;
	bool ok = true;

	forget_names(s);
	s->hosts_text = fm_get(f, "hosts", NULL);
	s->ips_text = fm_get(f, "ips", NULL);
	s->nhosts = ui_split_list(s->hosts_text, ", \t", s->hosts, NAMES_MAX);
	s->nips = ui_split_list(s->ips_text, ", \t", s->ips, NAMES_MAX);
	memset(&p, 0, sizeof p);
	p.hostnames = s->hosts;
	p.nhostnames = s->nhosts;
	pki_error_clear(&err);
	if (pki_service_tls_check(&p, &err) != 0) {
		fm_set_error(f, "hosts", err.msg);
		ok = false;
	}
	for (size_t i = 0; i < s->nips; i++) {
		char san[128];

		snprintf(san, sizeof san, "IP:%s", s->ips[i]);
		pki_error_clear(&err);
		if (strlen(s->ips[i]) > 64 || pki_san_check(san, &err) != 0) {
			char msg[256];

			snprintf(msg, sizeof msg, _("\"%s\" is not an IP address."), s->ips[i]);
			fm_set_error(f, "ips", msg);
			ok = false;
			break;
		}
	}
	if (ok && s->nhosts + s->nips > NAMES_MAX) {
		char msg[128];

		snprintf(msg, sizeof msg, _("At most %d host names and addresses in all."),
		    NAMES_MAX);
		fm_set_error(f, "ips", msg);
		ok = false;
	}
	if (!ok)
		fm_focus(f, fm_find(f, "hosts")->error != NULL ? "hosts" : "ips");
	return ok;
}

static bool
check(struct fm *f, void *state)
{
	return read_names(state, f);
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

const struct screen screen_service = {
	.help = N_("The web service (ncpkid) serves HTTPS with a key of its own and a "
	           "certificate this Certificate Authority issues for the host names "
	           "and addresses clients reach it by (the first host name is its "
	           "Common Name). Its key is kept unencrypted, readable only by its "
	           "owner, so that the service starts unattended; it never holds the "
	           "CA's key.\n\nSet Up, or Renew, makes a new key of the type chosen "
	           "and has the CA issue its certificate with the CA key's password, "
	           "asked here (mount its media first). The new key and certificate "
	           "replace the old ones together; a failure leaves the old ones in "
	           "service. Restart ncpkid to serve the new certificate."),
	.init = service_init,
	.draw = service_draw,
	.key = fm_screen_key,
	.free = service_free,
	.keymask = KB_HELP | KB_MOVE | KB_SELECT | KB_BACK,
	.dirty = fm_screen_dirty_password,
};
