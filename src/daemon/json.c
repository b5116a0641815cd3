/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c: ncpkid's JSON conventions. Error bodies are
 * {"error": CODE, "message": TEXT[, "field": NAME]} with the status the
 * issue-3 contract gives each library error; request members are read
 * strictly (exact types, no unknown members); times are ISO 8601 UTC.
 * nd_json_csr_body reads POST csr's body (tests/fuzz/fuzz_json.c fuzzes it).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

void
nd_json_error(struct nd_resp *out, unsigned int status, const char *code, const char *field,
    const char *msg)
{
	json_t *j = json_object();

	if (j != NULL) {
		json_object_set_new(j, "error", json_string(code));
		/* A message that is not valid UTF-8 would be dropped by jansson:
		 * pki_sanitize makes it safe. */
		char *m = pki_sanitize(msg != NULL ? msg : "");
		json_object_set_new(j, "message", json_string(m != NULL ? m : ""));
		free(m);
		if (field != NULL && field[0] != '\0')
			json_object_set_new(j, "field", json_string(field));
	}
	json_decref(out->json);
	out->json = j;
	out->status = status;
}

/* The library names a few fields by their column; the API nests them. */
static const char *
api_field(const char *f)
{
	if (strcmp(f, "contact_name") == 0)
		return "contact.name";
	if (strcmp(f, "contact_phone") == 0)
		return "contact.phone";
	if (strcmp(f, "contact_email") == 0)
		return "contact.email";
	if (strcmp(f, "root") == 0)
		return "file_root";
	if (strcmp(f, "submitter") == 0)
		return "address";
	return f;
}

void
nd_json_pki_error(struct nd_resp *out, const struct pki_error *err)
{
	const char *msg = err->msg[0] != '\0' ? err->msg : pki_strerror(err->code);

	switch (err->code) {
	case PKI_ERR_INVALID:
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_field", api_field(err->field),
		    msg);
		break;
	case PKI_ERR_BAD_CSR:
		nd_json_error(out, MHD_HTTP_UNPROCESSABLE_CONTENT, "bad_csr", NULL, msg);
		break;
	case PKI_ERR_WEAK_KEY:
		nd_json_error(out, MHD_HTTP_UNPROCESSABLE_CONTENT, "weak_key", NULL, msg);
		break;
	case PKI_ERR_DUPLICATE:
		nd_json_error(out, MHD_HTTP_CONFLICT, "duplicate", NULL, msg);
		break;
	case PKI_ERR_TOO_LARGE:
		nd_json_error(out, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", NULL, msg);
		break;
	case PKI_ERR_NOT_RENEWAL:
		nd_json_error(out, MHD_HTTP_FORBIDDEN, "not_a_renewal", api_field(err->field), msg);
		break;
	case PKI_ERR_NOT_FOUND:
		nd_json_error(out, MHD_HTTP_NOT_FOUND, "not_found", NULL, msg);
		break;
	case PKI_ERR_NOT_CONFIGURED:
		nd_json_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "not_configured", NULL, msg);
		break;
	case PKI_ERR_QUOTA:
		/* Pending requests wait for the operator: no time is sure. */
		nd_json_error(out, MHD_HTTP_TOO_MANY_REQUESTS, "too_many_pending",
		    api_field(err->field), msg);
		out->retry_after = ND_QUOTA_RETRY_AFTER;
		break;
	default:
		/* Details of internal failures stay in the service's own log. */
		nc_warning("%s", msg);
		nd_json_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", NULL,
		    pki_strerror(err->code));
		break;
	}
}

int
nd_json_get_str(json_t *obj, const char *key, const char *field, bool required, const char **out,
    struct nd_resp *resp)
{
	json_t *v = json_object_get(obj, key);
	char msg[128];

	*out = NULL;
	if (v == NULL || (json_is_null(v) && !required)) {
		if (!required)
			return 0;
		snprintf(msg, sizeof msg, _("The member \"%s\" is required"), field);
		nd_json_error(resp, MHD_HTTP_BAD_REQUEST, "invalid_field", field, msg);
		return -1;
	}
	if (!json_is_string(v)) {
		snprintf(msg, sizeof msg, _("The member \"%s\" must be a string"), field);
		nd_json_error(resp, MHD_HTTP_BAD_REQUEST, "invalid_field", field, msg);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

int
nd_json_only(json_t *obj, const char *const *allowed, const char *prefix, struct nd_resp *resp)
{
	const char *key;
	json_t *v;
	char name[96], msg[192];

	json_object_foreach(obj, key, v)
	{
		const char *const *a;
		bool known = false;

		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, key) == 0)
				known = true;
		if (known)
			continue;
		snprintf(name, sizeof name, "%s%s", prefix, key);
		char *shown = pki_sanitize(name);
		snprintf(msg, sizeof msg, _("Unknown member \"%s\""), shown != NULL ? shown : "");
		nd_json_error(resp, MHD_HTTP_BAD_REQUEST, "unknown_field",
		    shown != NULL ? shown : "", msg);
		free(shown);
		return -1;
	}
	return 0;
}

int
nd_json_csr_body(const unsigned char *body, size_t len, json_t **doc, const char **csr,
    struct pki_csr_meta *meta, struct nd_resp *out)
{
	static const char *const top[] = { "csr", "file_root", "hostname", "instance", "contact",
		"renewal_of", "renewal_proof", NULL };
	static const char *const contact_members[] = { "name", "phone", "email", NULL };
	json_error_t jerr;
	json_t *contact, *j;
	char msg[256];

	*doc = NULL;
	*csr = NULL;
	memset(meta, 0, sizeof *meta);
	*doc = json_loadb((const char *)(body != NULL ? body : (const unsigned char *)""), len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (*doc == NULL) {
		char *t = pki_sanitize(jerr.text);
		snprintf(msg, sizeof msg,
		    _("The request is not valid JSON: %s (line %d, column %d)"), t != NULL ? t : "",
		    jerr.line, jerr.column);
		free(t);
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_json", NULL, msg);
		return -1;
	}
	if (!json_is_object(*doc)) {
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_json", NULL,
		    _("The request must be a JSON object"));
		return -1;
	}
	if (nd_json_only(*doc, top, "", out) != 0 ||
	    nd_json_get_str(*doc, "csr", "csr", true, csr, out) != 0 ||
	    nd_json_get_str(*doc, "file_root", "file_root", true, &meta->file_root, out) != 0 ||
	    nd_json_get_str(*doc, "hostname", "hostname", false, &meta->hostname, out) != 0 ||
	    nd_json_get_str(*doc, "instance", "instance", false, &meta->instance, out) != 0)
		return -1;
	/* A renewal names the serial it renews: a positive integer. */
	j = json_object_get(*doc, "renewal_of");
	if (j != NULL && !json_is_null(j)) {
		if (!json_is_integer(j) || json_integer_value(j) <= 0) {
			nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_field", "renewal_of",
			    _("The member \"renewal_of\" must be a certificate's serial "
			      "number: a positive integer"));
			return -1;
		}
		meta->renewal_of = (uint64_t)json_integer_value(j);
	}
	/* Its proof of possession of the renewed certificate's key:
	 * checked by the library against that certificate. */
	if (nd_json_get_str(*doc, "renewal_proof", "renewal_proof", false, &meta->renewal_proof,
	        out) != 0)
		return -1;
	contact = json_object_get(*doc, "contact");
	if (contact == NULL || !json_is_object(contact)) {
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_field", "contact",
		    contact == NULL ? _("The member \"contact\" is required")
		                    : _("The member \"contact\" must be an object"));
		return -1;
	}
	if (nd_json_only(contact, contact_members, "contact.", out) != 0 ||
	    nd_json_get_str(contact, "name", "contact.name", true, &meta->contact_name, out) != 0 ||
	    nd_json_get_str(contact, "phone", "contact.phone", false, &meta->contact_phone, out) !=
	        0 ||
	    nd_json_get_str(contact, "email", "contact.email", false, &meta->contact_email, out) !=
	        0)
		return -1;
	if (meta->contact_name[0] == '\0') {
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_field", "contact.name",
		    _("The technical contact's name is required"));
		return -1;
	}
	return 0;
}
