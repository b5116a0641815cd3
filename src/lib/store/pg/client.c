/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/client.c: the PostgreSQL store's SQL for the CA client's
 * configuration row (as sqlite/client.c).
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_client_get[] =
    "SELECT server_host, server_port, server_path, contact_name, contact_phone,"
    " contact_email, instance, dir, ca_file_root, ca_sha256, configured_at"
    " FROM client_config WHERE id = 1";

int
pg_client_get(pki_store *s, struct pki_client_config *c, struct pki_error *err)
{
	PGresult *res;
	int r;

	memset(c, 0, sizeof *c);
	if ((r = pg_exec(s, sql_client_get, NULL, &res, _("reading the client configuration"),
	         err)) != 0)
		return r;
	if (PQntuples(res) == 1) {
		c->server_host = pg_text(res, 0, 0);
		c->server_port = (long)pg_int(res, 0, 1);
		c->server_path = pg_text(res, 0, 2);
		c->contact_name = pg_text(res, 0, 3);
		c->contact_phone = pg_text(res, 0, 4);
		c->contact_email = pg_text(res, 0, 5);
		c->instance = pg_text(res, 0, 6);
		c->dir = pg_text(res, 0, 7);
		c->ca_file_root = pg_text(res, 0, 8);
		snprintf(c->ca_sha256, sizeof c->ca_sha256, "%s", PQgetvalue(res, 0, 9));
		c->configured_at = (time_t)pg_int(res, 0, 10);
		if (!c->server_host || !c->server_path || !c->contact_name || !c->contact_phone ||
		    !c->contact_email || !c->instance || !c->dir || !c->ca_file_root) {
			pki_client_config_clear(c);
			r = pki_err_nomem(err);
		}
	} else
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("The Certificate Authority client is not configured: run "
		      "\"ncpki client configure\" first."));
	PQclear(res);
	return r;
}

static const char sql_client_put[] =
    "INSERT INTO client_config (id, server_host, server_port, server_path,"
    " contact_name, contact_phone, contact_email, instance, dir, ca_file_root,"
    " ca_sha256, configured_at)"
    " VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    " ON CONFLICT (id) DO UPDATE SET server_host = excluded.server_host,"
    " server_port = excluded.server_port, server_path = excluded.server_path,"
    " contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,"
    " contact_email = excluded.contact_email, instance = excluded.instance,"
    " dir = excluded.dir, ca_file_root = excluded.ca_file_root,"
    " ca_sha256 = excluded.ca_sha256, configured_at = excluded.configured_at";

int
pg_client_put(pki_store *s, const struct pki_client_config *c, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, c->server_host);
	pg_p_int(&p, c->server_port);
	pg_p_text(&p, c->server_path);
	pg_p_text(&p, c->contact_name);
	pg_p_text(&p, c->contact_phone);
	pg_p_text(&p, c->contact_email);
	pg_p_text(&p, c->instance);
	pg_p_text(&p, c->dir);
	pg_p_text(&p, c->ca_file_root);
	pg_p_text(&p, c->ca_sha256);
	pg_p_int(&p, (int64_t)c->configured_at);
	return pg_exec(s, sql_client_put, &p, NULL, _("storing the client configuration"), err);
}

int
pg_client_pin(pki_store *s, const char *file_root, const char *sha256, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, file_root);
	pg_p_text(&p, sha256);
	return pg_exec(s, "UPDATE client_config SET ca_file_root = $1, ca_sha256 = $2 WHERE id = 1",
	    &p, NULL, _("pinning the CA certificate"), err);
}
