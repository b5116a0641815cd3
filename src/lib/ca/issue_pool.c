/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * issue_pool.c: signing a batch of certificates on every core.
 * The database stays on the calling thread: it reads the requests and
 * assigns the serials, the pool builds, lints and signs each certificate
 * and computes what the row needs (DER, fingerprints, names, dates), and
 * the calling thread stores them in order inside its transaction. Each job
 * is independent; the CA key is only read (OpenSSL 3 allows concurrent
 * signing with one key), and every job's error stays in the job.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POOL_MAX_THREADS 16

static void
job_run(pki_signer *s, struct pki_sign_job *j)
{
	struct pki_issued info;

	pki_error_clear(&j->err);
	if ((j->r = pki_signer_issue(s, &j->ir, &j->der, &j->der_len, &info, &j->err)) != 0)
		return;
	j->not_before = info.not_before;
	j->not_after = info.not_after;
	j->subject = info.subject;
	j->issuer = info.issuer;
	j->sans = info.sans;
	j->r = pki_der_fingerprints(j->der, j->der_len, j->sha1, j->sha256, &j->err);
}

struct pool {
	pki_signer *signer;
	struct pki_sign_job *jobs;
	size_t n;
	size_t next; /* atomically taken */
	int failed; /* set once a job failed: the others stop early */
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n) {
		if (__atomic_load_n(&p->failed, __ATOMIC_RELAXED)) {
			p->jobs[i].r = -1; /* not run */
			continue;
		}
		job_run(p->signer, &p->jobs[i]);
		if (p->jobs[i].r != 0)
			__atomic_store_n(&p->failed, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static int
pool_threads(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("NCPKI_SIGN_THREADS");
	long t = cpus > 0 ? cpus : 1;

	if (env != NULL && env[0] != '\0')
		t = strtol(env, NULL, 10);
	if (t < 1)
		t = 1;
	if (t > POOL_MAX_THREADS)
		t = POOL_MAX_THREADS;
	/* a thread is worth starting for a few jobs at least */
	if ((size_t)t > n / 4 + 1)
		t = (long)(n / 4 + 1);
	return (int)t;
}

struct pki_sign_batch {
	struct pool p;
	pthread_t tid[POOL_MAX_THREADS];
	int started;
};

/* A batch with `threads` pool threads working on it (fewer if some
 * cannot start: the calling thread does the rest in _finish). */
static struct pki_sign_batch *
batch_new(pki_signer *signer, struct pki_sign_job *jobs, size_t n, int threads)
{
	struct pki_sign_batch *b = calloc(1, sizeof *b);

	if (b == NULL)
		return NULL;
	b->p.signer = signer;
	b->p.jobs = jobs;
	b->p.n = n;
	for (int i = 0; i < threads; i++) {
		if (pthread_create(&b->tid[b->started], NULL, worker, &b->p) != 0)
			break;
		b->started++;
	}
	return b;
}

int
pki_sign_jobs_start(pki_signer *signer, struct pki_sign_job *jobs, size_t n, pki_sign_batch **out,
    struct pki_error *err)
{
	/* every core: the calling thread has other work until _finish */
	if ((*out = batch_new(signer, jobs, n, pool_threads(n))) == NULL)
		return pki_err_nomem(err);
	return 0;
}

int
pki_sign_jobs_finish(pki_sign_batch *b, struct pki_error *err)
{
	int r = 0;

	worker(&b->p); /* the calling thread works too */
	for (int i = 0; i < b->started; i++)
		pthread_join(b->tid[i], NULL);
	for (size_t i = 0; i < b->p.n; i++)
		if (b->p.jobs[i].r > 0) {
			*err = b->p.jobs[i].err;
			r = b->p.jobs[i].r;
			break;
		}
	free(b);
	return r;
}

int
pki_sign_jobs(pki_signer *signer, struct pki_sign_job *jobs, size_t n, struct pki_error *err)
{
	struct pki_sign_batch *b = batch_new(signer, jobs, n, pool_threads(n) - 1);

	if (b == NULL)
		return pki_err_nomem(err);
	return pki_sign_jobs_finish(b, err);
}

void
pki_sign_job_clear(struct pki_sign_job *j)
{
	free(j->der);
	free(j->subject);
	free(j->issuer);
	free(j->sans);
	j->der = NULL;
	j->subject = j->issuer = j->sans = NULL;
}
