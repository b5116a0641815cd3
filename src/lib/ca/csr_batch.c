/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csr_batch.c: CSR intake in groups, for a service that receives
 * many requests at once. Each request is checked on its own, on the
 * submitter's thread (pki_csr_pending_prepare: every check pki_csr_submit
 * makes that needs no database); a writer then stores a whole group in one
 * write transaction, so that one fsync makes them all durable. Each request
 * is stored inside a SAVEPOINT of its own: one that is refused there (a
 * duplicate, a renewal of an unknown certificate) is rolled back alone with
 * its own error, and the others are stored. A request has its id, and may
 * be acknowledged, only once the COMMIT that holds it has returned.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
pki_csr_pending_clear(struct pki_csr_pending *p)
{
	if (p == NULL)
		return;
	pki_csr_info_clear(&p->info);
	free(p->der);
	memset(p, 0, sizeof *p);
}

int
pki_csr_pending_prepare(const unsigned char *data, size_t len, const struct pki_csr_meta *meta,
    const char *actor, struct pki_csr_pending *p, struct pki_error *err)
{
	int r;

	memset(p, 0, sizeof *p);
	pki_error_clear(err);
	if ((r = pki_csr_prepare(data, len, meta, &p->info, &p->der, &p->der_len, err)) != 0)
		return r;
	snprintf(p->actor, sizeof p->actor, "%s", actor != NULL ? actor : "");
	return 0;
}

/* Every request of the group gets the error that failed the group. */
static void
group_failed(struct pki_csr_pending **items, size_t n, const struct pki_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (items[i]->code != 0)
			continue; /* its own refusal says more */
		items[i]->code = err->code != 0 ? err->code : PKI_ERR_DB;
		items[i]->err = *err;
		items[i]->info.id = 0;
	}
}

/* The request's quotas, counted inside the transaction that stores it,
 * so that concurrent submissions cannot pass them together. */
static int
check_quota(pki_store *store, const struct pki_csr_pending *p, struct pki_error *err)
{
	size_t by_submitter = 0, by_contact = 0;
	int r;

	if (p->max_per_submitter == 0 && p->max_per_contact == 0)
		return 0;
	if ((r = store->ops->csr_pending_counts(store, p->submitter, p->info.contact_email,
	         p->info.contact_name, &by_submitter, &by_contact, err)) != 0)
		return r;
	if (p->max_per_submitter != 0 && p->submitter[0] != '\0' &&
	    by_submitter >= p->max_per_submitter)
		return pki_err_set(err, PKI_ERR_QUOTA, "submitter",
		    dngettext(PACKAGE,
		        "This address already has %u request waiting to be processed, the most "
		        "allowed: try again once the Certificate Authority has processed it",
		        "This address already has %u requests waiting to be processed, the most "
		        "allowed: try again once the Certificate Authority has processed them",
		        p->max_per_submitter),
		    p->max_per_submitter);
	if (p->max_per_contact != 0 && by_contact >= p->max_per_contact)
		return pki_err_set(err, PKI_ERR_QUOTA, "contact",
		    dngettext(PACKAGE,
		        "This technical contact already has %u request waiting to be processed, "
		        "the most allowed: try again once the Certificate Authority has processed it",
		        "This technical contact already has %u requests waiting to be processed, "
		        "the most allowed: try again once the Certificate Authority has processed them",
		        p->max_per_contact),
		    p->max_per_contact);
	return 0;
}

/* One request inside the group's transaction, in its own savepoint. */
static int
store_one(pki_store *store, struct pki_csr_pending *p, struct pki_error *err)
{
	int r;

	pki_error_clear(&p->err);
	p->code = 0;
	if ((r = store->ops->tx_savepoint(store, err)) != 0)
		return r;
	if (p->actor[0] != '\0')
		pki_store_set_actor(store, p->actor);
	if ((r = check_quota(store, p, &p->err)) == 0 &&
	    (r = pki_csr_store_tx(store, &p->info, p->der, p->der_len, &p->err)) == 0 &&
	    p->submitter[0] != '\0')
		r = store->ops->csr_set_submitter(store, p->info.id, p->submitter, &p->err);
	if (r != 0) {
		p->code = r;
		p->info.id = 0;
		if ((r = store->ops->tx_savepoint_undo(store, err)) != 0)
			return r;
	}
	return store->ops->tx_savepoint_release(store, err);
}

int
pki_csr_store_group(pki_store *store, struct pki_csr_pending **items, size_t n,
    struct pki_error *err)
{
	char actor[sizeof store->actor];
	size_t i;
	int r;

	pki_error_clear(err);
	if (n == 0)
		return 0;
	memcpy(actor, store->actor, sizeof actor);
	for (i = 0; i < n; i++)
		items[i]->code = 0;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto failed;
	for (i = 0; i < n; i++)
		if ((r = store_one(store, items[i], err)) != 0) {
			store->ops->tx_rollback(store);
			goto failed;
		}
	if ((r = store->ops->tx_commit(store, err)) != 0)
		goto failed;
	memcpy(store->actor, actor, sizeof actor);
	return 0;
failed:
	memcpy(store->actor, actor, sizeof actor);
	/* Nothing of the group was kept: the requests refused on their own
	 * keep their refusal, every other one gets the group's error. */
	group_failed(items, n, err);
	return r;
}
