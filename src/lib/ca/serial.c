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
	struct pki_server_settings set = PKI_SERVER_SETTINGS_KEEP;

	set.random_serial = random_serial;
	return pki_server_settings_set(store, &set, err);
}
