/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c: one JSON encoder per object for ncpki --json and ncpkid (see
 * json.h for the two views). A member is written here once; which view
 * carries it is said beside it.
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* ------------------------------------------------------------- members */

int
nc_json_set_str(json_t *obj, const char *key, const char *s)
{
	json_t *v = json_string(s != NULL ? s : "");

	if (v == NULL) {
		/* Not valid UTF-8: keep what can be shown. */
		char *clean = pki_sanitize(s);
		v = json_string(clean != NULL ? clean : "");
		free(clean);
	}
	return json_object_set_new(obj, key, v);
}

int
nc_json_set_time(json_t *obj, const char *key, time_t t, enum nc_json_view v)
{
	char buf[32] = "";
	struct tm tm;

	if (t == 0 && v == NC_JSON_OPERATOR)
		return json_object_set_new(obj, key, json_null());
	if (t != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_object_set_new(obj, key, json_string(buf));
}

int
nc_json_set_int(json_t *obj, const char *key, int64_t v)
{
	return json_object_set_new(obj, key, json_integer((json_int_t)v));
}

int
nc_json_set_uint(json_t *obj, const char *key, uint64_t v)
{
	char buf[32];

	if (v <= (uint64_t)INT64_MAX) /* json_int_t is a signed long long */
		return json_object_set_new(obj, key, json_integer((json_int_t)v));
	snprintf(buf, sizeof buf, "%" PRIu64, v);
	return json_object_set_new(obj, key, json_string(buf));
}

int
nc_json_set_bool(json_t *obj, const char *key, bool v)
{
	return json_object_set_new(obj, key, json_boolean(v));
}

/* A serial that may be absent: null when 0. */
static int
set_serial_or_null(json_t *obj, const char *key, uint64_t serial)
{
	if (serial == 0)
		return json_object_set_new(obj, key, json_null());
	return nc_json_set_uint(obj, key, serial);
}

/* -------------------------------------------------------- certificate */

json_t *
nc_json_cert(const struct pki_cert_info *c, enum nc_json_view v, bool with_pem)
{
	bool op = v == NC_JSON_OPERATOR;
	json_t *o = json_object();
	char hex[PKI_SERIAL_HEX_SIZE];

	if (o == NULL)
		return NULL;
	nc_json_set_uint(o, "serial", c->serial);
	/* The certificate's own serialNumber in hexadecimal (random mode:
	 * not the counter). API v1 gives "" for a counter serial. */
	if (c->serial_number[0] != '\0' || !op)
		nc_json_set_str(o, "serial_number", c->serial_number);
	else {
		snprintf(hex, sizeof hex, "%02" PRIX64, c->serial);
		if (strlen(hex) % 2 != 0)
			snprintf(hex, sizeof hex, "0%" PRIX64, c->serial);
		nc_json_set_str(o, "serial_number", hex);
	}
	nc_json_set_str(o, "file_root", c->file_root);
	nc_json_set_str(o, "subject", c->subject);
	if (op) {
		nc_json_set_str(o, "issuer", c->issuer);
		nc_json_set_str(o, "sans", c->sans);
	}
	nc_json_set_str(o, "usage", pki_usage_name(c->usage));
	nc_json_set_str(o, "hostname", c->hostname);
	nc_json_set_str(o, "instance", c->instance);
	if (op) {
		nc_json_set_str(o, "contact_name", c->contact_name);
		nc_json_set_str(o, "contact_phone", c->contact_phone);
		nc_json_set_str(o, "contact_email", c->contact_email);
	}
	nc_json_set_str(o, "sha1", c->sha1);
	nc_json_set_str(o, "sha256", c->sha256);
	nc_json_set_time(o, "not_before", c->not_before, v);
	nc_json_set_time(o, "not_after", c->not_after, v);
	if (op)
		nc_json_set_time(o, "issued_at", c->issued_at, v);
	nc_json_set_str(o, "status", pki_cert_status_name(pki_cert_status(c, time(NULL))));
	nc_json_set_time(o, "revoked_at", c->revoked_at, v);
	if (c->revoked_at != 0)
		nc_json_set_str(o, "reason", pki_reason_name(c->reason));
	else if (op)
		json_object_set_new(o, "reason", json_null());
	else
		nc_json_set_str(o, "reason", "");
	if (op && c->revoked_at != 0 && c->invalidity_date != 0)
		nc_json_set_time(o, "invalidity_date", c->invalidity_date, v);
	/* The serial this certificate renews, null when none. */
	set_serial_or_null(o, "renewal_of", c->renewal_of);
	if (with_pem)
		nc_json_set_str(o, "pem", c->pem);
	return o;
}

/* ------------------------------------------------------------ request */

json_t *
nc_json_csr(const struct pki_csr_info *c, enum nc_json_view v, bool with_pem)
{
	bool op = v == NC_JSON_OPERATOR;
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	nc_json_set_int(o, "id", c->id);
	nc_json_set_str(o, "file_root", c->file_root);
	nc_json_set_str(o, "subject", c->subject);
	if (op) {
		nc_json_set_str(o, "key", c->key_desc);
		nc_json_set_str(o, "sans", c->sans);
		nc_json_set_str(o, "sig_alg", c->sig_alg);
	}
	nc_json_set_str(o, "sha1", c->sha1);
	nc_json_set_str(o, "sha256", c->sha256);
	if (op) {
		nc_json_set_str(o, "contact_name", c->contact_name);
		nc_json_set_str(o, "contact_phone", c->contact_phone);
		nc_json_set_str(o, "contact_email", c->contact_email);
		nc_json_set_str(o, "hostname", c->hostname);
		nc_json_set_str(o, "instance", c->instance);
		nc_json_set_time(o, "received", c->received, v);
	}
	/* The serial the request renews: null when none (API v1: absent). */
	if (op || c->renewal_of != 0)
		set_serial_or_null(o, "renewal_of", c->renewal_of);
	if (with_pem)
		nc_json_set_str(o, "pem", c->pem);
	return o;
}

/* ----------------------------------------------------------------- CA */

json_t *
nc_json_ca(const struct pki_server_info *i, enum nc_json_view v)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (v == NC_JSON_PUBLIC) {
		/* What a client needs to trust and name the CA. */
		nc_json_set_str(o, "file_root", i->root);
		nc_json_set_str(o, "sha1", i->sha1);
		nc_json_set_str(o, "sha256", i->sha256);
		nc_json_set_str(o, "subject", i->subject);
		nc_json_set_time(o, "not_after", i->not_after, v);
		return o;
	}
	nc_json_set_str(o, "root", i->root);
	nc_json_set_str(o, "directory", i->dir);
	nc_json_set_str(o, "certificate", i->cer_path);
	nc_json_set_str(o, "key_file", i->key_path);
	nc_json_set_str(o, "srl_file", i->srl_path);
	nc_json_set_str(o, "subject", i->subject);
	nc_json_set_str(o, "key", i->key_desc);
	nc_json_set_str(o, "sha1", i->sha1);
	nc_json_set_str(o, "sha256", i->sha256);
	nc_json_set_time(o, "not_before", i->not_before, v);
	nc_json_set_time(o, "not_after", i->not_after, v);
	nc_json_set_time(o, "configured_at", i->configured_at, v);
	nc_json_set_bool(o, "created_new", i->created_new);
	nc_json_set_int(o, "ca_days", i->ca_days);
	nc_json_set_int(o, "issue_days", i->issue_days);
	nc_json_set_uint(o, "next_serial", i->next_serial);
	nc_json_set_str(o, "serial_mode", i->random_serial ? "random" : "counter");
	nc_json_set_str(o, "smtp_server", i->smtp_server);
	nc_json_set_str(o, "smtp_user", i->smtp_user);
	nc_json_set_bool(o, "smtp_password_set", i->smtp_password_set);
	nc_json_set_str(o, "smtp_insecure_host", i->smtp_insecure_host);
	nc_json_set_bool(o, "smtp_ca_set", i->smtp_ca_set);
	nc_json_set_str(o, "admin_email", i->admin_email);
	nc_json_set_bool(o, "key_present", i->key_present);
	nc_json_set_uint(o, "pending", i->pending);
	nc_json_set_uint(o, "issued", i->issued);
	return o;
}

/* ------------------------------------------------------- audit record */

json_t *
nc_json_audit(const struct pki_audit_entry *e)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	nc_json_set_int(o, "id", e->id);
	nc_json_set_time(o, "at", e->at, NC_JSON_OPERATOR);
	nc_json_set_str(o, "actor", e->actor);
	nc_json_set_str(o, "action", e->action);
	nc_json_set_str(o, "object", e->object);
	nc_json_set_str(o, "outcome", e->outcome);
	nc_json_set_str(o, "hash", e->hash);
	return o;
}
