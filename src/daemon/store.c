/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c: each worker thread's own store (SQLite connections are not
 * shared between threads), opened on first use and closed when the thread
 * ends. The handlers (routes.c, ocsp.c, intake.c) reach the database
 * through nd_store() alone.
 */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>

#include "ncpkid.h"

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;

static void
store_destroy(void *p)
{
	pki_store *s = p;

	pki_close(&s);
}

static void
store_key_make(void)
{
	if (pthread_key_create(&store_key, store_destroy) != 0)
		abort();
}

void
nd_store_init(void)
{
	pthread_once(&store_once, store_key_make);
}

pki_store *
nd_store(struct pki_error *err)
{
	pki_store *s;

	nd_store_init();
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
