/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.h: the store, one open data directory: the SQLite database ncpki.db
 * and the files beside it. Every other object is read and written through
 * a pki_store; each thread of a process opens its own.
 */
#ifndef NCPKI_STORE_H
#define NCPKI_STORE_H

#include "error.h"

typedef struct pki_store pki_store;

/*
 * The data directory: $NCPKI_HOME, else $XDG_DATA_HOME/ncpki, else
 * ~/.local/share/ncpki. Caller frees.
 */
int pki_home_default(char **out, struct pki_error *err);

/*
 * Opens (creating 0700 and migrating as needed) the data directory `home`
 * (NULL: the default) and its ncpki.db.
 */
int pki_open(const char *home, pki_store **out, struct pki_error *err);
void pki_close(pki_store **store);
const char *pki_store_home(const pki_store *store);
const char *pki_store_db_path(const pki_store *store);
int pki_store_schema_version(pki_store *store);

/*
 * A translated message about something the last call repaired without
 * failing (an SRL file brought forward by issuing), or NULL; front ends
 * show it as a warning and clear it.
 */
const char *pki_store_notice(const pki_store *store);
void pki_store_notice_clear(pki_store *store);

#endif /* NCPKI_STORE_H */
