/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c: ncpkid's JSON conventions. Error bodies are
 * {"error": CODE, "message": TEXT[, "field": NAME]} with the status the
 * issue-3 contract gives each library error; request members are read
 * strictly (exact types, no unknown members); times are ISO 8601 UTC.
 */
#include <config.h>

#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

void nd_json_error(struct nd_resp *out, unsigned int status, const char *code,
                   const char *field, const char *msg)
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
static const char *api_field(const char *f)
{
	if (strcmp(f, "contact_name") == 0)
		return "contact.name";
	if (strcmp(f, "contact_phone") == 0)
		return "contact.phone";
	if (strcmp(f, "contact_email") == 0)
		return "contact.email";
	if (strcmp(f, "root") == 0)
		return "file_root";
	return f;
}

void nd_json_pki_error(struct nd_resp *out, const struct pki_error *err)
{
	const char *msg = err->msg[0] != '\0' ? err->msg : pki_strerror(err->code);

	switch (err->code) {
	case PKI_ERR_INVALID:
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_field", api_field(err->field), msg);
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
	case PKI_ERR_NOT_FOUND:
		nd_json_error(out, MHD_HTTP_NOT_FOUND, "not_found", NULL, msg);
		break;
	case PKI_ERR_NOT_CONFIGURED:
		nd_json_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "not_configured", NULL, msg);
		break;
	default:
		/* Details of internal failures stay in the service's own log. */
		nd_warning("%s", msg);
		nd_json_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", NULL,
		              pki_strerror(err->code));
		break;
	}
}

int nd_json_str(json_t *obj, const char *key, const char *s)
{
	json_t *v = json_string(s != NULL ? s : "");

	if (v == NULL) {
		/* not UTF-8: show it sanitized rather than lose the member */
		char *m = pki_sanitize(s);
		v = json_string(m != NULL ? m : "");
		free(m);
	}
	return json_object_set_new(obj, key, v);
}

int nd_json_time(json_t *obj, const char *key, time_t t)
{
	char buf[32] = "";
	struct tm tm;

	if (t != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_object_set_new(obj, key, json_string(buf));
}

int nd_json_int(json_t *obj, const char *key, json_int_t v)
{
	return json_object_set_new(obj, key, json_integer(v));
}

int nd_json_get_str(json_t *obj, const char *key, const char *field, bool required,
                    const char **out, struct nd_resp *resp)
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

int nd_json_only(json_t *obj, const char *const *allowed, const char *prefix,
                 struct nd_resp *resp)
{
	const char *key;
	json_t *v;
	char name[96], msg[192];

	json_object_foreach(obj, key, v) {
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
