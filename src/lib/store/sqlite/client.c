/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/client.c: SQL for the CA client's configuration (one client_config
 * row): read (by store.c, the same on both databases), written whole, and
 * the pin of the CA certificate.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

int
sqlite_client_get(pki_store *s, struct pki_client_config *c, struct pki_error *err)
{
	return pki_store_client_get(s, sqlite_rows, c, err);
}

static const char sql_client_put[] =
    "INSERT INTO client_config (id, server_host, server_port, server_path,"
    " contact_name, contact_phone, contact_email, instance, dir, ca_file_root,"
    " ca_sha256, configured_at)"
    " VALUES (1, :host, :port, :path, :name, :phone, :email, :instance, :dir,"
    " :ca_file_root, :ca_sha256, :now)"
    " ON CONFLICT (id) DO UPDATE SET server_host = excluded.server_host,"
    " server_port = excluded.server_port, server_path = excluded.server_path,"
    " contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,"
    " contact_email = excluded.contact_email, instance = excluded.instance,"
    " dir = excluded.dir, ca_file_root = excluded.ca_file_root,"
    " ca_sha256 = excluded.ca_sha256, configured_at = excluded.configured_at";

int
sqlite_client_put(pki_store *s, const struct pki_client_config *c, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":host", c->server_host);
	sqlite_p_int(&p, ":port", c->server_port);
	sqlite_p_text(&p, ":path", c->server_path);
	sqlite_p_text(&p, ":name", c->contact_name);
	sqlite_p_text(&p, ":phone", c->contact_phone);
	sqlite_p_text(&p, ":email", c->contact_email);
	sqlite_p_text(&p, ":instance", c->instance);
	sqlite_p_text(&p, ":dir", c->dir);
	sqlite_p_text(&p, ":ca_file_root", c->ca_file_root);
	sqlite_p_text(&p, ":ca_sha256", c->ca_sha256);
	sqlite_p_int(&p, ":now", (int64_t)c->configured_at);
	return sqlite_run(s, sql_client_put, &p, NULL, _("storing the client configuration"), err);
}

static const char sql_client_pin[] =
    "UPDATE client_config SET ca_file_root = :root, ca_sha256 = :sha256 WHERE id = 1";

int
sqlite_client_pin(pki_store *s, const char *file_root, const char *sha256, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":root", file_root);
	sqlite_p_text(&p, ":sha256", sha256);
	return sqlite_run(s, sql_client_pin, &p, NULL, _("pinning the CA certificate"), err);
}
