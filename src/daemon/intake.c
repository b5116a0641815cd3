/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake.c: group commit of POST csr. The worker thread that
 * received a request has libncpki check it (pki_csr_pending_prepare), then
 * suspends the connection and queues the request. One writer thread, with
 * a store of its own, takes everything queued and stores it in one write
 * transaction (pki_csr_store_group: one fsync for the whole group, each
 * request in its own savepoint), then resumes the connections; libmicrohttpd
 * calls nd_access() again and the answer (the id, or this request's own
 * refusal) is sent only then, once the request is durable. While the
 * writer waits for the disk, the workers keep reading and checking new
 * requests, which form the next group. When the writer is not running
 * (not started, or stopped at shutdown) a request is stored at once on its
 * own thread, as a group of one.
 */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ncpkid.h"

/* The most requests one transaction holds. */
#define GROUP_MAX 512

struct nd_intake {
	struct pki_csr_pending p;
	char *instance; /* the CA's file name root when stored (answer's "instance") */
	struct MHD_Connection *conn;
	struct nd_intake *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct nd_intake *head, **tail = &head;
static bool running, stopping;
static pthread_t writer;

/* The answer names the service's instance: without --instance, the CA's
 * file name root, read once for the whole group (pki_server_info counts
 * the tables: not a cost to pay per request). */
static void
name_instance(pki_store *s, struct nd_intake **group, size_t n)
{
	struct pki_server_info si;
	struct pki_error err;

	if (nd_cfg.instance != NULL)
		return;
	memset(&si, 0, sizeof si);
	pki_error_clear(&err);
	if (pki_server_info(s, &si, &err) == 0 && si.root != NULL)
		for (size_t i = 0; i < n; i++)
			group[i]->instance = strdup(si.root);
	pki_server_info_clear(&si);
}

/* Stores one group with the writer's store (opened again after a failure). */
static void
store_group(pki_store **s, struct nd_intake **group, size_t n)
{
	struct pki_csr_pending *items[GROUP_MAX];
	struct pki_error err;
	bool stored = false;
	size_t i;

	pki_error_clear(&err);
	for (i = 0; i < n; i++)
		items[i] = &group[i]->p;
	if (*s == NULL && pki_open(nd_cfg.home, s, &err) != 0) {
		for (i = 0; i < n; i++) {
			items[i]->code = err.code;
			items[i]->err = err;
		}
		return;
	}
	if (pki_csr_store_group(*s, items, n, &err) != 0) {
		nc_warning(dngettext(PACKAGE, "storing %zu certificate signing request: %s",
		               "storing %zu certificate signing requests: %s", n),
		    n, err.msg);
		pki_close(s); /* a fresh connection for the next group */
		return;
	}
	for (i = 0; i < n && !stored; i++)
		stored = items[i]->code == 0;
	if (stored) {
		nd_mailer_kick(); /* the administrator's notices */
		name_instance(*s, group, n);
	}
}

static void *
writer_main(void *arg)
{
	struct nd_intake *group[GROUP_MAX];
	pki_store *s = NULL;
	size_t n, i;

	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		while (head == NULL && !stopping)
			pthread_cond_wait(&cv, &mu);
		if (head == NULL)
			break;
		for (n = 0; n < GROUP_MAX && head != NULL; n++) {
			group[n] = head;
			head = head->next;
		}
		if (head == NULL)
			tail = &head;
		pthread_mutex_unlock(&mu);
		store_group(&s, group, n);
		/* The request belongs to its connection again once resumed:
		 * nothing of it is touched after. */
		for (i = 0; i < n; i++)
			MHD_resume_connection(group[i]->conn);
		pthread_mutex_lock(&mu);
	}
	running = false;
	pthread_mutex_unlock(&mu);
	pki_close(&s);
	return NULL;
}

int
nd_intake_start(void)
{
	pthread_mutex_lock(&mu);
	stopping = false;
	running = pthread_create(&writer, NULL, writer_main, NULL) == 0;
	pthread_mutex_unlock(&mu);
	if (!running)
		nc_warning("%s",
		    _("cannot start the intake writer: each request is stored "
		      "in a transaction of its own"));
	return running ? 0 : -1;
}

void
nd_intake_stop(void)
{
	bool was;

	pthread_mutex_lock(&mu);
	was = running;
	stopping = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	if (was)
		pthread_join(writer, NULL);
}

void
nd_intake_free(struct nd_intake *it)
{
	if (it == NULL)
		return;
	pki_csr_pending_clear(&it->p);
	free(it->instance);
	free(it);
}

const struct pki_csr_pending *
nd_intake_result(const struct nd_req *rq)
{
	return rq->intake != NULL ? &rq->intake->p : NULL;
}

const char *
nd_intake_instance(const struct nd_req *rq)
{
	if (nd_cfg.instance != NULL)
		return nd_cfg.instance;
	return rq->intake != NULL && rq->intake->instance != NULL ? rq->intake->instance : "";
}

bool
nd_intake_submit(struct MHD_Connection *conn, struct nd_req *rq, const char *csr,
    const struct pki_csr_meta *meta)
{
	struct nd_intake *it;
	struct pki_csr_pending *one;
	struct pki_error err;
	pki_store *s;
	char actor[96];

	if ((it = calloc(1, sizeof *it)) == NULL)
		return true; /* answered now: out of memory */
	rq->intake = it;
	it->conn = conn;
	snprintf(actor, sizeof actor, "ncpkid:%s", rq->peer); /* the audit trail's */
	if ((it->p.code = pki_csr_pending_prepare((const unsigned char *)csr, strlen(csr), meta,
	         actor, &it->p, &it->p.err)) != 0)
		return true; /* refused by the checks: nothing to store */
	/* Its quotas, counted by the writer in the transaction that stores it. */
	snprintf(it->p.submitter, sizeof it->p.submitter, "%s", rq->peer);
	it->p.max_per_submitter = nd_cfg.max_per_address;
	it->p.max_per_contact = nd_cfg.max_per_contact;
	pthread_mutex_lock(&mu);
	if (running && !stopping) {
		/* Suspended before it is queued, so that the writer never
		 * resumes a connection that is not suspended yet. */
		MHD_suspend_connection(conn);
		*tail = it;
		tail = &it->next;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mu);
		return false;
	}
	pthread_mutex_unlock(&mu);
	one = &it->p;
	pki_error_clear(&err);
	if ((s = nd_store(&err)) == NULL) {
		it->p.code = err.code;
		it->p.err = err;
	} else if (pki_csr_store_group(s, &one, 1, &err) == 0 && it->p.code == 0) {
		nd_mailer_kick();
		name_instance(s, &it, 1);
	}
	return true;
}
