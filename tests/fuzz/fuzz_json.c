/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json.c: libFuzzer harness for ncpkid's JSON request reading: the
 * body of POST csr goes through json.c's strict readers (nd_json_only,
 * nd_json_get_str) in the order nd_route_csr (routes.c) calls them, and
 * what they accept goes through the library's field checks and
 * pki_csr_inspect, as pki_csr_submit would see it. Error answers are built
 * as the daemon builds them (nd_json_error, nd_json_pki_error) and dumped.
 *
 * fuzz-daemon: src/daemon/json.c
 */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ncpkid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What json.c needs from the rest of the daemon. */
void nd_warning(const char *fmt, ...)
{
	(void)fmt;
}

static void answer(struct nd_resp *out)
{
	char *text;

	if (out->json != NULL) {
		text = json_dumps(out->json, JSON_COMPACT);
		if (text == NULL)
			__builtin_trap();   /* every answer must serialise */
		free(text);
	}
	json_decref(out->json);
	out->json = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const top[] = {"csr", "file_root", "hostname", "instance",
	                                  "contact", "renewal_of", NULL};
	static const char *const contact_members[] = {"name", "phone", "email", NULL};
	struct nd_resp out = {0, NULL, NULL, NULL, 0, NULL};
	struct pki_csr_meta meta;
	struct pki_csr_info info;
	struct pki_error err;
	json_error_t jerr;
	json_t *doc, *contact;
	const char *csr = NULL;

	memset(&meta, 0, sizeof meta);
	pki_error_clear(&err);
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		nd_json_error(&out, 400, "invalid_json", NULL, jerr.text);
		answer(&out);
		return 0;
	}
	if (!json_is_object(doc) || nd_json_only(doc, top, "", &out) != 0 ||
	    nd_json_get_str(doc, "csr", "csr", true, &csr, &out) != 0 ||
	    nd_json_get_str(doc, "file_root", "file_root", true, &meta.file_root, &out) != 0 ||
	    nd_json_get_str(doc, "hostname", "hostname", false, &meta.hostname, &out) != 0 ||
	    nd_json_get_str(doc, "instance", "instance", false, &meta.instance, &out) != 0)
		goto done;
	contact = json_object_get(doc, "contact");
	if (contact == NULL || !json_is_object(contact) ||
	    nd_json_only(contact, contact_members, "contact.", &out) != 0 ||
	    nd_json_get_str(contact, "name", "contact.name", true, &meta.contact_name, &out) != 0 ||
	    nd_json_get_str(contact, "phone", "contact.phone", false, &meta.contact_phone, &out) != 0 ||
	    nd_json_get_str(contact, "email", "contact.email", false, &meta.contact_email, &out) != 0)
		goto done;
	/* The checks pki_csr_submit makes before it stores anything. */
	if (pki_check_file_root(meta.file_root, "file_root", &err) != 0 ||
	    pki_check_text(meta.contact_name, 128, "contact", &err) != 0 ||
	    (meta.contact_phone && *meta.contact_phone &&
	     pki_check_phone(meta.contact_phone, "contact_phone", &err) != 0) ||
	    (meta.contact_email && *meta.contact_email &&
	     pki_check_email(meta.contact_email, "contact_email", &err) != 0) ||
	    (meta.hostname && *meta.hostname && pki_check_hostname(meta.hostname, "hostname", &err) != 0) ||
	    (meta.instance && *meta.instance && pki_check_instance(meta.instance, "instance", &err) != 0) ||
	    pki_csr_inspect((const unsigned char *)csr, strlen(csr), &info, &err) != 0) {
		nd_json_pki_error(&out, &err);
		goto done;
	}
	out.json = json_object();
	nd_json_str(out.json, "subject", info.subject);
	nd_json_str(out.json, "file_root", meta.file_root);
	pki_csr_info_clear(&info);
done:
	answer(&out);
	json_decref(doc);
	return 0;
}
