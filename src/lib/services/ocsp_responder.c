/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ocsp_responder.c: the OCSP responder (RFC 6960) behind ncpkid's OCSP
 * routes, correct first and fast second.
 *
 * The signer is the delegated OCSP certificate the database names
 * (ca_config.ocsp_signer_serial) with its key file; it is loaded on the
 * first request and again whenever the database names another one or
 * another CA. A request for one certificate without a nonce is answered
 * with a pre-signed response from a cache keyed by the CertID's encoding,
 * signed once and again when an hour old (responses are valid four hours);
 * the request's own bytes are a second key to the same responses, looked
 * up before anything is parsed. A nonce, or several certificates in one
 * request, is signed fresh; so is "unknown" (a serial this CA never
 * issued): anyone can ask about any number of those, and were they kept,
 * a flood of them would fill the cache and flush the answers about real
 * certificates with them.
 *
 * Staying true to the database: before each request the calling thread
 * asks its store whether anything was committed since it last asked
 * (ops->changed, SQLite: the header of SQLite's WAL index in shared memory,
 * no lock, no system call, and when it moved PRAGMA data_version, which
 * changes when any other connection, ncpki cert revoke in another process,
 * committed). Then the responder's epoch moves on, and a cached
 * response from an older epoch is served only after one indexed look-up
 * of its certificate's row finds the status it was signed with; else it is
 * signed again. A revocation is thus
 * seen by the very next request, at the cost of one look-up per serial
 * after each change.
 *
 * Threads: one responder serves every thread, each with its own store. A
 * mutex guards the signer (reference counted, so a request in flight keeps
 * the one it started with), a read-write lock the cache, whose entries
 * carry the signer's generation so that nothing signed by a replaced
 * signer is served.
 */
#include "services/ocsp_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_BUCKETS 65536u /* a power of two */
#define RETRY_SECONDS 2 /* a signer that failed to load is tried again */
#define CACHE_KEY_MAX 256 /* a longer request is not a cache key */

_Static_assert(CACHE_KEY_MAX >= PKI_OCSP_CERTID_MAX, "a CertID fits a cache key");

struct signer_state {
	int refs; /* under the responder's lock */
	uint64_t gen;
	pki_ocsp_key *key;
	uint64_t serial;
	char ca_sha256[PKI_FP_SHA256_SIZE];
	time_t not_after;
};

/* A response shared by the entries of both tables; refs under the write lock. */
struct blob {
	unsigned int refs;
	size_t len;
	unsigned char der[];
};

struct cache_entry {
	struct cache_entry *next;
	uint64_t hash, gen, epoch;
	struct pki_ocsp_single single;
	time_t this_update, next_update, refresh_at;
	size_t id_len;
	struct blob *der;
	unsigned char id[CACHE_KEY_MAX]; /* the CertID's or the request's DER */
};

struct cache_table {
	struct cache_entry **buckets;
	size_t count;
};

struct pki_ocsp_responder {
	pthread_mutex_t lock;
	struct signer_state *state; /* NULL: none usable */
	uint64_t next_gen;
	int problem; /* enum pki_ocsp_problem */
	struct pki_error problem_err;
	bool checked; /* the configuration was read at least once */
	bool want_reload; /* it names a signer not loaded yet */
	uint64_t cfg_serial; /* ...and said this */
	char cfg_ca_sha256[PKI_FP_SHA256_SIZE];
	time_t retry_at;
	uint64_t epoch; /* __atomic */

	pthread_rwlock_t cache_lock;
	struct cache_table by_id, by_req;
};

/* --------------------------------------------------------- error responses */

static int
error_response(int status, unsigned char **resp, size_t *len)
{
	/* OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } */
	unsigned char *p = malloc(5);

	if (p == NULL)
		return PKI_ERR_NOMEM;
	p[0] = 0x30;
	p[1] = 0x03;
	p[2] = 0x0a;
	p[3] = 0x01;
	p[4] = (unsigned char)status;
	*resp = p;
	*len = 5;
	return 0;
}

/* ------------------------------------------------------------ the cache */

/*
 * Two tables share the pre-signed responses: by CertID (what the answer is
 * about) and by the raw request's bytes, which most clients send the same
 * each time. A request found in the second is answered before any parsing;
 * an entry there is a link made from the first, with the same signer
 * generation, epoch and response, so it is exactly as fresh.
 */
static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (n-- > 0)
		h = (h ^ *p++) * UINT64_C(1099511628211);
	return h;
}

/* Under the write lock (or alone). */
static void
entry_free(struct cache_entry *e)
{
	if (e != NULL) {
		if (e->der != NULL && --e->der->refs == 0)
			free(e->der);
		free(e);
	}
}

/* Under the write lock. */
static void
cache_flush(struct cache_table *t)
{
	for (size_t i = 0; i < CACHE_BUCKETS; i++) {
		struct cache_entry *e = t->buckets[i], *next;

		for (; e != NULL; e = next) {
			next = e->next;
			entry_free(e);
		}
		t->buckets[i] = NULL;
	}
	t->count = 0;
}

static void
cache_flush_all(pki_ocsp_responder *r)
{
	cache_flush(&r->by_id);
	cache_flush(&r->by_req);
}

static struct cache_entry *
cache_find(struct cache_table *t, uint64_t hash, const unsigned char *key, size_t len)
{
	struct cache_entry *e = t->buckets[hash & (CACHE_BUCKETS - 1)];

	for (; e != NULL; e = e->next)
		if (e->hash == hash && e->id_len == len && memcmp(e->id, key, len) == 0)
			return e;
	return NULL;
}

static bool
same_status(const struct pki_ocsp_single *a, const struct pki_ocsp_single *b)
{
	return a->status == b->status &&
	    (a->status != PKI_OCSP_REVOKED ||
	        (a->revoked_at == b->revoked_at && a->reason == b->reason &&
	            a->invalidity_date == b->invalidity_date));
}

enum lookup { CACHE_MISS, CACHE_HIT, CACHE_UNCONFIRMED };

/*
 * HIT: *der is a copy of the pre-signed response found in table t under
 * key. With `checked` (the certificate's row as just read at `epoch`), an
 * entry signed with that status is confirmed for this epoch. UNCONFIRMED:
 * an entry exists but its status is from before the last change: *was is it.
 */
static enum lookup
cache_lookup(pki_ocsp_responder *r, struct cache_table *t, uint64_t gen, const unsigned char *key,
    size_t key_len, uint64_t epoch, time_t now, const struct pki_ocsp_single *checked,
    struct pki_ocsp_single *was, unsigned char **der, size_t *len, struct pki_ocsp_answer *info)
{
	uint64_t hash = fnv1a(key, key_len);
	struct cache_entry *e;
	enum lookup res = CACHE_MISS;

	if (checked == NULL)
		pthread_rwlock_rdlock(&r->cache_lock);
	else
		pthread_rwlock_wrlock(&r->cache_lock);
	e = cache_find(t, hash, key, key_len);
	if (e == NULL || e->gen != gen || now >= e->refresh_at || now < e->this_update)
		goto out;
	if (checked != NULL && same_status(&e->single, checked) && e->epoch < epoch)
		e->epoch = epoch;
	if (e->epoch < epoch) {
		*was = e->single;
		res = CACHE_UNCONFIRMED;
		goto out;
	}
	if ((*der = malloc(e->der->len)) == NULL)
		goto out;
	memcpy(*der, e->der->der, e->der->len);
	*len = e->der->len;
	info->cert_status = e->single.status;
	info->this_update = e->this_update;
	info->next_update = e->next_update;
	res = CACHE_HIT;
out:
	pthread_rwlock_unlock(&r->cache_lock);
	return res;
}

/* Under the write lock: puts e in t, unless the entry there for the same
 * key is newer (then e is freed). */
static void
table_put(struct cache_table *t, struct cache_entry *e)
{
	struct cache_entry *old, **pp = &t->buckets[e->hash & (CACHE_BUCKETS - 1)];

	for (; (old = *pp) != NULL; pp = &old->next)
		if (old->hash == e->hash && old->id_len == e->id_len &&
		    memcmp(old->id, e->id, e->id_len) == 0)
			break;
	if (old != NULL) {
		/* Another thread may have signed a newer one meanwhile. */
		if (old->gen == e->gen && old->epoch > e->epoch) {
			entry_free(e);
			return;
		}
		e->next = old->next;
		*pp = e;
		entry_free(old);
		return;
	}
	/* Full: start afresh rather than keep an eviction order. */
	if (t->count >= PKI_OCSP_CACHE_MAX)
		cache_flush(t);
	pp = &t->buckets[e->hash & (CACHE_BUCKETS - 1)];
	e->next = *pp;
	*pp = e;
	t->count++;
}

/* Keeps a copy of a response just signed; silently skipped without memory. */
static void
cache_put(pki_ocsp_responder *r, uint64_t gen, const struct pki_ocsp_certid *id, uint64_t epoch,
    const struct pki_ocsp_single *single, time_t this_update, time_t next_update,
    const unsigned char *der, size_t len)
{
	struct cache_entry *e = calloc(1, sizeof *e);
	time_t life = (next_update - this_update) / 2;

	if (e == NULL || (e->der = malloc(sizeof *e->der + len)) == NULL) {
		free(e);
		return;
	}
	e->der->refs = 1;
	e->der->len = len;
	memcpy(e->der->der, der, len);
	memcpy(e->id, id->der, id->der_len);
	e->id_len = id->der_len;
	e->hash = fnv1a(id->der, id->der_len);
	e->gen = gen;
	e->epoch = epoch;
	e->single = *single;
	e->this_update = this_update;
	e->next_update = next_update;
	e->refresh_at = this_update + (life < PKI_OCSP_REFRESH ? life : PKI_OCSP_REFRESH);

	pthread_rwlock_wrlock(&r->cache_lock);
	table_put(&r->by_id, e);
	pthread_rwlock_unlock(&r->cache_lock);
}

/* After a request for id was answered from or into the CertID table:
 * links its raw bytes to that entry, as it stands now. */
static void
cache_link(pki_ocsp_responder *r, uint64_t gen, const struct pki_ocsp_certid *id,
    const unsigned char *req, size_t len)
{
	struct cache_entry *e, *from;

	if (len == 0 || len > CACHE_KEY_MAX || (e = calloc(1, sizeof *e)) == NULL)
		return;
	pthread_rwlock_wrlock(&r->cache_lock);
	from = cache_find(&r->by_id, fnv1a(id->der, id->der_len), id->der, id->der_len);
	if (from == NULL || from->gen != gen) {
		pthread_rwlock_unlock(&r->cache_lock);
		free(e);
		return;
	}
	*e = *from;
	e->next = NULL;
	e->der->refs++;
	memcpy(e->id, req, len);
	e->id_len = len;
	e->hash = fnv1a(req, len);
	table_put(&r->by_req, e);
	pthread_rwlock_unlock(&r->cache_lock);
}

/* ----------------------------------------------------------- the signer */

/* Under r->lock (or alone). */
static void
state_drop(struct signer_state *s)
{
	if (s != NULL && --s->refs == 0) {
		pki_ocsp_key_free(&s->key);
		free(s);
	}
}

static void
state_release(pki_ocsp_responder *r, struct signer_state **sp)
{
	if (*sp == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	state_drop(*sp);
	pthread_mutex_unlock(&r->lock);
	*sp = NULL;
}

int
pki_ocsp_responder_new(pki_ocsp_responder **out, struct pki_error *err)
{
	pki_ocsp_responder *r = calloc(1, sizeof *r);

	*out = NULL;
	if (r == NULL ||
	    (r->by_id.buckets = calloc(CACHE_BUCKETS, sizeof *r->by_id.buckets)) == NULL ||
	    (r->by_req.buckets = calloc(CACHE_BUCKETS, sizeof *r->by_req.buckets)) == NULL) {
		if (r != NULL)
			free(r->by_id.buckets);
		free(r);
		return pki_err_nomem(err);
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_rwlock_init(&r->cache_lock, NULL);
	r->problem = PKI_OCSP_NO_SIGNER;
	*out = r;
	return 0;
}

void
pki_ocsp_responder_free(pki_ocsp_responder **rp)
{
	pki_ocsp_responder *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	cache_flush_all(r);
	free(r->by_id.buckets);
	free(r->by_req.buckets);
	state_drop(r->state);
	pthread_rwlock_destroy(&r->cache_lock);
	pthread_mutex_destroy(&r->lock);
	free(r);
	*rp = NULL;
}

static int
signer_load(pki_store *store, uint64_t serial, struct signer_state **out, struct pki_error *err)
{
	struct pki_ca_row row;
	struct pki_cert_info ci;
	struct signer_state *s = NULL;
	unsigned char *cert = NULL, *key = NULL, *cfile = NULL;
	size_t cert_len = 0, key_len = 0, cfile_len = 0;
	char *key_path = NULL, *dir = NULL;
	int r;

	*out = NULL;
	memset(&ci, 0, sizeof ci);
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((r = store->ops->cert_get(store, serial, &ci, &cert, &cert_len, err)) != 0)
		goto out;
	if ((key_path = pki_ocsp_path(store, PKI_OCSP_ROOT, ".key")) == NULL ||
	    (dir = pki_path_join(pki_store_home(store), PKI_OCSP_DIR)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	/* The key of the version the database names (pair.c), else (a signer
	 * set up before versions) the plain file. */
	if (pki_pair_read(dir, PKI_OCSP_ROOT, serial, &key, &key_len, &cfile, &cfile_len, err) !=
	        0 &&
	    (r = pki_file_read(key_path, PKI_CERT_MAX_BYTES, &key, &key_len, err)) != 0)
		goto out;
	pki_error_clear(err);
	if ((s = calloc(1, sizeof *s)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pki_ocsp_key_new(key, key_len, cert, cert_len, row.cert_der, row.cert_len, &s->key,
	         err)) != 0)
		goto out;
	s->refs = 1;
	s->serial = serial;
	s->not_after = pki_ocsp_key_not_after(s->key);
	memcpy(s->ca_sha256, row.sha256, sizeof s->ca_sha256);
	*out = s;
	s = NULL;
out:
	free(s);
	pki_secret_free(key, key_len);
	free(cert);
	free(cfile);
	free(key_path);
	free(dir);
	pki_cert_info_clear(&ci);
	pki_ca_row_clear(&row);
	return r;
}

/* Under r->lock: reads the configuration and (re)loads the signer when it
 * names another one. A signer that fails to load leaves the previous one of
 * the same CA in service (a renewal under way pairs them in a moment) and
 * is tried again RETRY_SECONDS later. */
static void
config_check(pki_ocsp_responder *r, pki_store *store, time_t now, bool force)
{
	struct signer_state *s = NULL, *old;
	char sha256[PKI_FP_SHA256_SIZE];
	uint64_t serial;
	struct pki_error err;
	bool same;
	int rc;

	pki_error_clear(&err);
	if (store->ops->ca_ocsp_config(store, sha256, &serial, &err) != 0)
		return; /* a busy database: keep what we have */
	same = r->checked && serial == r->cfg_serial && strcmp(sha256, r->cfg_ca_sha256) == 0;
	if (same && (!r->want_reload || (now < r->retry_at && !force)))
		return;
	r->checked = true;
	r->cfg_serial = serial;
	memcpy(r->cfg_ca_sha256, sha256, sizeof sha256);
	r->want_reload = false;
	old = r->state;
	if (old != NULL && (strcmp(old->ca_sha256, sha256) != 0 || serial == 0)) {
		/* Another CA, or the signer withdrawn: the old one must not answer. */
		r->state = NULL;
		state_drop(old);
		old = NULL;
	}
	if (sha256[0] == '\0' || serial == 0) {
		r->problem = PKI_OCSP_NO_SIGNER;
		pki_err_set(&r->problem_err, PKI_ERR_NOT_FOUND, NULL,
		    _("No OCSP signing certificate is set up: OCSP requests are answered "
		      "'unauthorized'. Run 'ncpki ocsp setup' on the CA host."));
		return;
	}
	if (old != NULL && old->serial == serial)
		return;
	if ((rc = signer_load(store, serial, &s, &err)) != 0) {
		r->want_reload = true;
		r->retry_at = now + RETRY_SECONDS;
		if (old != NULL)
			return; /* keep signing with the previous signer */
		r->problem = PKI_OCSP_SIGNER_UNUSABLE;
		pki_err_set(&r->problem_err, rc, NULL,
		    _("The OCSP signer (certificate %llu) cannot be used: %s OCSP requests are "
		      "answered 'unauthorized'; run 'ncpki ocsp setup' again."),
		    (unsigned long long)serial, err.msg);
		return;
	}
	s->gen = ++r->next_gen;
	r->state = s;
	state_drop(old);
	r->problem = PKI_OCSP_SIGNER_OK;
	pki_error_clear(&r->problem_err);
	pthread_rwlock_wrlock(&r->cache_lock);
	cache_flush_all(r);
	pthread_rwlock_unlock(&r->cache_lock);
}

/*
 * Whether the database changed since this thread last asked, through the
 * store it serves with: each thread has its own store (the daemon's
 * workers keep theirs), so the watch is the thread's; a thread that turns
 * to another store starts it afresh (counted as a change).
 */
static _Thread_local struct pki_store_watch watch;

/*
 * The signer to answer with (a reference: release it), after following the
 * database. NULL when there is none: *problem and err say why.
 */
static struct signer_state *
state_get(pki_ocsp_responder *r, pki_store *store, time_t now, bool force, int *problem,
    struct pki_error *err)
{
	struct signer_state *s;
	bool changed = store->ops->changed(store, &watch);

	if (changed)
		__atomic_add_fetch(&r->epoch, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&r->lock);
	if (changed || force || !r->checked || (r->want_reload && now >= r->retry_at))
		config_check(r, store, now, force);
	if ((s = r->state) != NULL && s->not_after <= now) {
		*problem = PKI_OCSP_SIGNER_EXPIRED;
		if (err != NULL)
			pki_err_set(err, PKI_ERR_INVALID, NULL,
			    _("The OCSP signing certificate (%llu) has expired: OCSP requests are "
			      "answered 'unauthorized'. Run 'ncpki ocsp setup' to renew it."),
			    (unsigned long long)s->serial);
		s = NULL;
	} else if (s != NULL) {
		s->refs++;
		*problem = PKI_OCSP_SIGNER_OK;
	} else {
		*problem = r->problem;
		if (err != NULL)
			*err = r->problem_err;
	}
	pthread_mutex_unlock(&r->lock);
	return s;
}

/* ------------------------------------------------------------- answers */

int
pki_ocsp_respond(pki_ocsp_responder *r, pki_store *store, const unsigned char *req, size_t len,
    unsigned char **resp, size_t *resp_len, struct pki_ocsp_answer *info, struct pki_error *err)
{
	struct pki_ocsp_answer none;
	struct pki_ocsp_single one, was, *singles = &one;
	struct pki_ocsp_req q;
	struct pki_error e;
	struct signer_state *s;
	time_t now = time(NULL), next;
	uint64_t epoch;
	bool cacheable = false;
	enum lookup hit = CACHE_MISS;
	int problem, rc;

	*resp = NULL;
	*resp_len = 0;
	if (info == NULL)
		info = &none;
	memset(info, 0, sizeof *info);
	memset(&q, 0, sizeof q);
	if (err == NULL)
		err = &e;
	pki_error_clear(err);

	s = state_get(r, store, now, false, &problem, err);
	info->problem = problem;
	if (s == NULL) {
		info->status = PKI_OCSP_UNAUTHORIZED;
		goto error;
	}
	info->signer_serial = s->serial;
	epoch = __atomic_load_n(&r->epoch, __ATOMIC_SEQ_CST);
	/* The same bytes as a request answered before: no parsing. */
	if (req != NULL && len > 0 && len <= CACHE_KEY_MAX &&
	    (hit = cache_lookup(r, &r->by_req, s->gen, req, len, epoch, now, NULL, &was, resp,
	         resp_len, info)) == CACHE_HIT) {
		info->ncerts = 1;
		goto done;
	}
	hit = CACHE_MISS;
	rc = pki_ocsp_req_parse(s->key, req, len, &q);
	if (rc == PKI_ERR_NOMEM) {
		info->status = PKI_OCSP_INTERNAL_ERROR;
		goto error;
	}
	if (rc != 0) {
		info->status = PKI_OCSP_MALFORMED;
		pki_err_set(err, PKI_ERR_INVALID, NULL, _("The OCSP request is malformed"));
		goto error;
	}
	info->ncerts = q.n;
	info->nonce = q.nonce;
	/*
	 * RFC 6960 2.3 and RFC 5019 2.2.3: a responder that cannot answer
	 * authoritatively for a certificate says unauthorized. A signed
	 * "unknown" would not help: our delegated signer is authorised for
	 * this CA's certificates only, so no client could verify it.
	 */
	for (size_t i = 0; i < q.n; i++)
		if (!q.ids[i].ours) {
			info->status = PKI_OCSP_UNAUTHORIZED;
			pki_err_set(err, PKI_ERR_INVALID, NULL,
			    _("The OCSP request asks about a certificate of another issuer"));
			goto error;
		}

	cacheable = q.n == 1 && !q.nonce && q.ids[0].der_len > 0;
	if (cacheable) {
		hit = cache_lookup(r, &r->by_id, s->gen, q.ids[0].der, q.ids[0].der_len, epoch, now,
		    NULL, &was, resp, resp_len, info);
		if (hit == CACHE_HIT)
			goto done;
	}
	if (q.n > 1 && (singles = calloc(q.n, sizeof *singles)) == NULL) {
		info->status = PKI_OCSP_INTERNAL_ERROR;
		goto error;
	}
	for (size_t i = 0; i < q.n; i++)
		if (store->ops->ocsp_status(store, &q.ids[i], &singles[i], err) != 0) {
			info->status = PKI_OCSP_TRY_LATER;
			goto error;
		}
	if (hit == CACHE_UNCONFIRMED && same_status(&was, &singles[0]) &&
	    (hit = cache_lookup(r, &r->by_id, s->gen, q.ids[0].der, q.ids[0].der_len, epoch, now,
	         &singles[0], &was, resp, resp_len, info)) == CACHE_HIT)
		goto done;
	/* Valid four hours, never past the signer's own end. */
	next = now + PKI_OCSP_VALIDITY;
	if (next > s->not_after)
		next = s->not_after;
	if (pki_ocsp_sign(s->key, &q, singles, true, now, next, resp, resp_len, err) != 0) {
		info->status = PKI_OCSP_INTERNAL_ERROR;
		goto error;
	}
	/* unknown serials take no slot (and so are never linked by request) */
	if (cacheable && singles[0].status != PKI_OCSP_UNKNOWN)
		cache_put(r, s->gen, &q.ids[0], epoch, &singles[0], now, next, *resp, *resp_len);
	info->cert_status = singles[0].status;
	info->this_update = now;
	info->next_update = next;
	hit = CACHE_MISS;
done:
	if (cacheable)
		cache_link(r, s->gen, &q.ids[0], req, len);
	info->status = PKI_OCSP_SUCCESSFUL;
	info->cached = hit == CACHE_HIT;
	rc = 0;
	goto out;
error:
	free(*resp);
	*resp = NULL;
	*resp_len = 0;
	rc = error_response(info->status, resp, resp_len);
	if (rc != 0)
		pki_err_nomem(err);
out:
	if (singles != &one)
		free(singles);
	pki_ocsp_req_clear(&q);
	state_release(r, &s);
	return rc;
}

/* --------------------------------------------------------- the GET form */

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pki_ocsp_respond_get(pki_ocsp_responder *r, pki_store *store, const char *encoded,
    unsigned char **resp, size_t *resp_len, struct pki_ocsp_answer *info, struct pki_error *err)
{
	/* Base64 of the largest request, every character percent-encoded. */
	size_t max = (PKI_OCSP_REQUEST_MAX / 3 + 1) * 4 * 3, n = 0, len = 0;
	size_t inlen = strnlen(encoded, max + 1);
	unsigned char *der = NULL;
	char *text;
	int rc;

	if (inlen > max || (text = malloc(inlen + 1)) == NULL)
		return pki_ocsp_respond(r, store, NULL, 0, resp, resp_len, info, err);
	/* URL decoding: libmicrohttpd may already have done it; %25 stays safe
	 * because a decoded '%' is never a base64 character. */
	for (size_t i = 0; i < inlen; i++) {
		int hi, lo;

		if (encoded[i] == '%' && i + 2 < inlen && (hi = hex_value(encoded[i + 1])) >= 0 &&
		    (lo = hex_value(encoded[i + 2])) >= 0) {
			text[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			text[n++] = encoded[i];
	}
	rc = pki_base64_decode(text, n, &der, &len);
	free(text);
	if (rc == PKI_ERR_NOMEM)
		return pki_err_nomem(err);
	/* Undecodable: an empty request, answered malformedRequest. */
	rc = pki_ocsp_respond(r, store, der, len, resp, resp_len, info, err);
	free(der);
	return rc;
}

int
pki_ocsp_responder_check(pki_ocsp_responder *r, pki_store *store, struct pki_ocsp_signer *out,
    struct pki_error *err)
{
	struct signer_state *s;
	uint64_t serial;
	int problem, rc;

	if (out != NULL)
		memset(out, 0, sizeof *out);
	s = state_get(r, store, time(NULL), true, &problem, err);
	if (s == NULL)
		return err->code != 0 ? err->code : PKI_ERR_NOT_FOUND;
	serial = s->serial;
	state_release(r, &s);
	if (out == NULL)
		return 0;
	if ((rc = pki_ocsp_status(store, out, err)) == 0 && out->serial != serial) {
		/* Renewed between the two reads: say what is in service. */
		pki_ocsp_signer_clear(out);
		rc = pki_ocsp_status(store, out, err);
	}
	return rc;
}
