/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c: each worker thread's own store (SQLite connections are not
 * shared between threads), opened on first use and closed when the thread
 * ends. The handlers (routes.c, ocsp.c, intake.c) reach the database
 * through nd_store() alone.
 */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ncpkid.h"

static pthread_key_t store_key;
static bool store_key_made;

static void
store_destroy(void *p)
{
	pki_store *s = p;

	pki_close(&s);
}

/* Once, before the worker threads start (main.c): 0, or an errno value. */
int
nd_store_init(void)
{
	int e;

	if (store_key_made)
		return 0;
	if ((e = pthread_key_create(&store_key, store_destroy)) != 0)
		return e;
	store_key_made = true;
	return 0;
}

pki_store *
nd_store(struct pki_error *err)
{
	pki_store *s;

	if (!store_key_made) {
		pki_error_clear(err);
		err->code = PKI_ERR_NOMEM;
		return NULL;
	}
	s = pthread_getspecific(store_key);
	if (s != NULL)
		return s;
	if (pki_open(nd_cfg.home, &s, err) != 0)
		return NULL;
	if (pthread_setspecific(store_key, s) != 0) {
		pki_close(&s);
		pki_error_clear(err);
		err->code = PKI_ERR_NOMEM;
		return NULL;
	}
	return s;
}
