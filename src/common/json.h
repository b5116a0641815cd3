/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.h: the JSON form of each object the front ends show (a certificate,
 * a request, the CA, an audit record), written once for ncpki's --json and
 * ncpkid's answers, and the typed setters they are made of. A view says who
 * reads it: the operator at the command line sees every member, with null
 * where there is none; a caller of the web service sees what an anonymous
 * caller may (no contacts, no paths, no mail settings), in the form of
 * API v1, where a missing string or time is "".
 */
#ifndef NCPKI_COMMON_JSON_H
#define NCPKI_COMMON_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ncpki.h"

enum nc_json_view {
	NC_JSON_OPERATOR, /* ncpki --json: every member, null for none */
	NC_JSON_PUBLIC /* ncpkid API v1: what any caller may see, "" for none */
};

/* Members of obj. A string that is not UTF-8 is set sanitized (never
 * dropped); a time is "YYYY-MM-DDTHH:MM:SSZ", and 0 is null, or "" in the
 * public view; an unsigned number beyond JSON's integers is a string.
 * Each returns jansson's status (0, or -1 when out of memory). */
int nc_json_set_str(json_t *obj, const char *key, const char *s);
int nc_json_set_time(json_t *obj, const char *key, time_t t, enum nc_json_view v);
int nc_json_set_int(json_t *obj, const char *key, int64_t v);
int nc_json_set_uint(json_t *obj, const char *key, uint64_t v);
int nc_json_set_bool(json_t *obj, const char *key, bool v);

/* The objects (NULL when out of memory; the caller owns the reference).
 * with_pem: the PEM text is a member too. */
json_t *nc_json_cert(const struct pki_cert_info *c, enum nc_json_view v, bool with_pem);
json_t *nc_json_csr(const struct pki_csr_info *c, enum nc_json_view v, bool with_pem);
json_t *nc_json_ca(const struct pki_server_info *i, enum nc_json_view v);
json_t *nc_json_audit(const struct pki_audit_entry *e);

#endif /* NCPKI_COMMON_JSON_H */
