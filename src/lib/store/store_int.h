/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_int.h: what the store's implementations (sqlite/, pg/) share,
 * private to store/: helpers in store.c for the logic that is the same
 * whatever holds the database.
 */
#ifndef NCPKI_STORE_INT_H
#define NCPKI_STORE_INT_H

#include "internal.h"

/* A count read with one row more than cap: *n at most cap, *more beyond it. */
void pki_store_capped(int64_t counted, size_t cap, size_t *n, bool *more);

#endif /* NCPKI_STORE_INT_H */
