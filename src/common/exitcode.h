/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * exitcode.h: the exit statuses of ncpki and ncpkid, and the one mapping of
 * a libncpki error code (enum pki_err) to them. The manual pages list them
 * under EXIT STATUS (data/ncpki.1, data/ncpkid.8). The nc_ prefix names
 * src/common, the code the front ends share.
 */
#ifndef NCPKI_COMMON_EXITCODE_H
#define NCPKI_COMMON_EXITCODE_H

enum nc_exit {
	NC_EXIT_OK = 0,
	NC_EXIT_FAILURE = 1, /* I/O, database, crypto, not found, declined */
	NC_EXIT_USAGE = 2, /* bad command line, no terminal for a prompt */
	NC_EXIT_REJECTED = 3, /* the input was refused */
	NC_EXIT_PASSWORD = 4, /* wrong password */
	NC_EXIT_KEY = 5 /* CA key file not reachable */
};

/* The exit status for a libncpki code (PKI_OK: NC_EXIT_OK). */
int nc_exit_code(int pki_code);

#endif /* NCPKI_COMMON_EXITCODE_H */
