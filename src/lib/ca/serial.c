/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * serial.c: the serial number mode. The guide's counter, or
 * random serial numbers as the CA/Browser Forum Baseline Requirements 7.1
 * ask: at least 64 bits from the CSPRNG. See pki_server_set_serial_mode in
 * ncpki/ca.h for the layout; the random bits are drawn in crypto.c.
 */
#include "internal.h"

int
pki_server_set_serial_mode(pki_store *store, bool random_serial, struct pki_error *err)
{
	int r;

	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	r = store->ops->ca_set_serial_mode(store, random_serial, err);
	if (r == 0)
		r = pki_audit(store, "config-changed", err, "serial number mode %s",
		    random_serial ? "random" : "counter");
	if (r != 0) {
		store->ops->tx_rollback(store);
		return r;
	}
	return store->ops->tx_commit(store, err);
}
