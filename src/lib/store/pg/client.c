/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/client.c: the PostgreSQL store's SQL for the CA client's
 * configuration row (as sqlite/client.c).
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_client_get(pki_store *s, struct pki_client_config *c, struct pki_error *err)
{
	return pki_store_client_get(s, pg_rows, c, err);
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
