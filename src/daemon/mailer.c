/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailer.c: ncpkid's outbox sender. A CSR that arrives wakes this thread,
 * which queues the administrator's digest of new requests when it is due
 * (at once after a quiet period, else at most every --mail-digest-interval
 * seconds); the thread talks SMTP, not the request, so a slow or absent
 * mail server never delays an answer; the thread also wakes on a
 * timer to retry what is due. It has its own database connection.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

/* Seconds between looks at the outbox when nothing wakes the thread. */
#define MAILER_INTERVAL 30
/* Seconds between looks for certificates near expiry (and one at start). */
#define EXPIRY_INTERVAL 3600

static pthread_t mailer;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool kicked = true, stopping, running; /* a first pass at start-up */

/* Queues the expiry notices that are due, about hourly. */
static void
expiry_check(pki_store *store, time_t *last)
{
	struct pki_error err;
	time_t now = time(NULL);
	size_t queued = 0;

	if (*last != 0 && now - *last < EXPIRY_INTERVAL && now >= *last)
		return;
	*last = now;
	pki_error_clear(&err);
	if (pki_expiry_notices_queue(store, now, &queued, &err) != 0)
		nc_warning(_("mail: expiry notices: %s"), err.msg);
	else if (queued > 0)
		nc_note(dngettext(PACKAGE, "mail: %zu expiry notice queued",
		            "mail: %zu expiry notices queued", queued),
		    queued);
}

/* Queues the administrator's digest of new requests when it is due;
 * returns when the next one may go, 0: none waits. */
static time_t
digest(pki_store *store)
{
	struct pki_error err;
	time_t next = 0;
	bool queued = false;

	pki_error_clear(&err);
	if (pki_mail_csr_digest(store, time(NULL), (time_t)nd_cfg.digest_interval, &next, &queued,
	        &err) != 0)
		nc_warning(_("mail: the digest of new requests: %s"), err.msg);
	return next;
}

static void *
mailer_main(void *arg)
{
	struct pki_error err;
	pki_store *store = NULL;
	time_t expiry_last = 0, digest_due = 0;

	(void)arg;
	for (;;) {
		struct timespec until;
		bool stop;
		size_t sent = 0, failed = 0;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MAILER_INTERVAL;
		/* A digest held back goes when its interval is over. */
		if (digest_due != 0 && digest_due < until.tv_sec) {
			until.tv_sec = digest_due > time(NULL) ? digest_due : time(NULL);
			until.tv_nsec = 0;
		}
		pthread_mutex_lock(&mu);
		while (!kicked && !stopping)
			if (pthread_cond_timedwait(&cv, &mu, &until) == ETIMEDOUT)
				break;
		kicked = false;
		stop = stopping;
		pthread_mutex_unlock(&mu);
		pki_error_clear(&err);
		if (store == NULL && pki_open(nd_cfg.home, &store, &err) != 0) {
			nc_warning(_("mail: %s"), err.msg);
		} else if (store != NULL) {
			expiry_check(store, &expiry_last);
			digest_due = digest(store);
			if (pki_mail_flush(store, false, &sent, &failed, &err) != 0 &&
			    err.code != PKI_ERR_NOT_CONFIGURED)
				nc_warning(_("mail: %s"), err.msg);
			else if (sent + failed > 0)
				nc_note(dngettext(PACKAGE,
				            "mail: %zu notice sent, %zu waiting to be retried",
				            "mail: %zu notices sent, %zu waiting to be retried",
				            sent),
				    sent, failed);
		}
		if (stop)
			break;
	}
	pki_close(&store);
	return NULL;
}

void
nd_mailer_start(void)
{
	running = pthread_create(&mailer, NULL, mailer_main, NULL) == 0;
	if (!running)
		nc_warning("%s",
		    _("mail: cannot start the sender thread; notices wait in the outbox"));
}

void
nd_mailer_kick(void)
{
	pthread_mutex_lock(&mu);
	kicked = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

void
nd_mailer_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(mailer, NULL);
	running = false;
}
