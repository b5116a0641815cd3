/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * serial.c: the serial number mode (issue 6). The guide's counter, or
 * random serial numbers as the CA/Browser Forum Baseline Requirements 7.1
 * ask: at least 64 bits from the CSPRNG. See pki_server_set_serial_mode in
 * ncpki.h for the layout; the random bits are drawn in crypto.c.
 */
#include "internal.h"

static const char sql_serial_mode_set[] =
	"UPDATE ca_config SET serial_mode = :mode WHERE id = 1";

int
pki_server_set_serial_mode(pki_store *store, bool random_serial, struct pki_error *err)
{
	const char *mode = random_serial ? "random" : "counter";
	sqlite3_stmt *st;
	int r;

	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_stmt(store, sql_serial_mode_set, &st, err)) != 0) {
		pki_tx_rollback(store);
		return r;
	}
	pki_bind_text(st, ":mode", mode);
	if (sqlite3_step(st) != SQLITE_DONE)
		r = pki_err_db(err, store->db, _("storing the serial number mode"));
	else if (sqlite3_changes(store->db) == 0)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("The Certificate Authority server is not configured"));
	pki_stmt_done(store, st);
	if (r == 0)
		r = pki_audit(store, "config-changed", err, "serial number mode %s", mode);
	if (r != 0) {
		pki_tx_rollback(store);
		return r;
	}
	return pki_tx_commit(store, err);
}
