/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fields.c: form fields that several screens ask for alike: a subject
 * Distinguished Name (the CA server's wizard, the client's request), the
 * key type, with the guide's labels, a list typed in one field, and the
 * lines that show a delegated key pair's certificate (the OCSP signer's,
 * the web service's).
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

static const enum pki_key_type key_types[] = {
	PKI_KEY_RSA2048,
	PKI_KEY_RSA3072,
	PKI_KEY_RSA4096,
	PKI_KEY_EC_P256,
	PKI_KEY_EC_P384,
	PKI_KEY_ED25519,
};

void
ui_dn_fields(struct fm *f)
{
	fm_text(f, "country", _("Country (two letters)"), 2, 4, 0);
	fm_text(f, "state", _("State or Province"), 128, 36, 0);
	fm_text(f, "locality", _("Locality"), 128, 36, 0);
	fm_text(f, "org", _("Organization"), 64, 36, 0);
	fm_text(f, "ou", _("Organizational Unit"), 64, 36, 0);
	fm_text(f, "cn", _("Common Name"), 64, 36, 0);
}

void
ui_dn_read(struct fm *f, struct ui_dn_text *t)
{
	memset(t, 0, sizeof *t);
	t->country = fm_get(f, "country", NULL);
	t->state = fm_get(f, "state", NULL);
	t->locality = fm_get(f, "locality", NULL);
	t->org = fm_get(f, "org", NULL);
	t->ou = fm_get(f, "ou", NULL);
	t->cn = fm_get(f, "cn", NULL);
	t->dn.country = t->country;
	t->dn.state = t->state;
	t->dn.locality = t->locality;
	t->dn.org = t->org;
	t->dn.ou = t->ou;
	t->dn.cn = t->cn;
}

void
ui_dn_text_free(struct ui_dn_text *t)
{
	free(t->country);
	free(t->state);
	free(t->locality);
	free(t->org);
	free(t->ou);
	free(t->cn);
	memset(t, 0, sizeof *t);
}

void
ui_key_type_field(struct fm *f, enum pki_key_type selected)
{
	size_t i;

	for (i = 0; i < sizeof key_types / sizeof key_types[0]; i++) {
		struct fw *w = fm_radio(f, "key_type", pki_key_type_label(key_types[i]),
		    (int)key_types[i], key_types[i] == selected, FW_INLINE);

		if (i == 0)
			w->value = ui_clean(_("Key type"));
	}
}

size_t
ui_split_list(char *text, const char *seps, const char **out, size_t max)
{
	size_t n = 0;
	char *p = text, *item, *end;

	while (p != NULL && n < max) {
		item = p;
		p = strpbrk(p, seps);
		if (p != NULL)
			*p++ = '\0';
		end = item + strlen(item);
		while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		while (*item == ' ' || *item == '\t')
			item++;
		if (*item != '\0')
			out[n++] = item;
	}
	return n;
}

void
ui_pair_info(struct fm *f, const struct ui_pair_view *v)
{
	char s[128], t[32], t2[32];

	if (v->serial != 0) {
		snprintf(s, sizeof s, "%" PRIu64, v->serial);
		fm_info(f, _("Certificate number"), s);
	}
	fm_info(f, _("Subject"), v->subject);
	if (v->sans != NULL)
		fm_info(f, _("Alternative names"), v->sans[0] != '\0' ? v->sans : _("none"));
	fm_info(f, _("Key"), v->key_desc);
	ui_time(v->not_before, t, sizeof t);
	ui_time(v->not_after, t2, sizeof t2);
	/* TRANSLATORS: a validity period, from and to. */
	snprintf(s, sizeof s, _("%s to %s"), t, t2);
	fm_info(f, _("Valid"), s);
	fm_fingerprint(f, _("SHA-1"), v->sha1);
	fm_info(f, _("Key file"), v->key_path);
}

bool
ui_days_read(struct fm *f, const char *id, long max, long *days)
{
	char *text = fm_get(f, id, NULL), *end, msg[128];
	bool ok;

	*days = strtol(text, &end, 10);
	ok = text[0] != '\0' && *end == '\0' && *days >= 1 && *days <= max;
	free(text);
	if (!ok) {
		snprintf(msg, sizeof msg, _("Enter a number of days from 1 to %ld."), max);
		fm_set_error(f, id, msg);
		fm_focus(f, id);
	}
	return ok;
}
