/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * issue.c: processing pending requests into certificates.
 *
 * Serial numbers: inside one write transaction (BEGIN IMMEDIATE, so issuers
 * in other processes wait their turn) the next serial is the larger of the
 * SRL file's counter and one above the highest serial in the database. The
 * SRL file is advanced (temp, fsync, rename) before the commit, so it is
 * always at or ahead of the database: a crash between the two skips a
 * number and never reuses one.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct issue_ctx {
	pki_store *store;
	pki_signer *signer;
	struct pki_ca_row row;
	char *srl_path;
	enum pki_usage usage;
	time_t now;
	long days; /* 0: the CA's issue_days */
	int pathlen; /* an intermediate's pathLenConstraint */
};

static int
ctx_open(struct issue_ctx *c, pki_store *store, pki_signer *signer, enum pki_usage usage,
    struct pki_error *err)
{
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	char *dir;
	int r;

	memset(c, 0, sizeof *c);
	c->store = store;
	c->signer = signer;
	c->usage = usage;
	c->now = time(NULL);
	if ((unsigned)usage >= PKI_USAGE__COUNT)
		return pki_err_set(err, PKI_ERR_INVALID, "usage", _("Unknown certificate usage"));
	if ((r = store->ops->ca_get(store, &c->row, err)) != 0)
		return r;
	if ((r = pki_x509_fingerprints(pki_signer_ca(signer), sha1, sha256, err)) != 0)
		return r;
	if (strcmp(sha256, c->row.sha256) != 0)
		return pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The unlocked key belongs to another Certificate Authority configuration"));
	if ((dir = pki_path_resolve(store->home, c->row.dir)) == NULL ||
	    (c->srl_path = pki_path_join3(dir, c->row.root, ".srl")) == NULL) {
		free(dir);
		return pki_err_nomem(err);
	}
	free(dir);
	return 0;
}

static void
ctx_close(struct issue_ctx *c)
{
	pki_ca_row_clear(&c->row);
	free(c->srl_path);
	memset(c, 0, sizeof *c);
}

/* First serial to use: above the SRL counter and everything recorded. An
 * SRL file that is missing, garbled or behind the database is repaired
 * forward by the SRL write that follows, and a notice says so. */
static int
next_serial(struct issue_ctx *c, uint64_t *serial, struct pki_error *err)
{
	enum pki_srl_state state;
	uint64_t max = 0;
	int r;

	if ((r = c->store->ops->cert_max_serial(c->store, &max, err)) != 0 ||
	    (r = pki_srl_next(c->srl_path, max, serial, &state, err)) != 0)
		return r;
	pki_store_notice_clear(c->store);
	if (state == PKI_SRL_MISSING)
		snprintf(c->store->notice, sizeof c->store->notice,
		    _("The serial file \"%s\" was missing; it is recreated after the highest "
		      "serial issued (%llu): the next serial is %llu"),
		    c->srl_path, (unsigned long long)max, (unsigned long long)*serial);
	else if (state == PKI_SRL_GARBAGE)
		snprintf(c->store->notice, sizeof c->store->notice,
		    _("The serial file \"%s\" did not hold a hexadecimal serial number; it is "
		      "repaired after the highest serial issued (%llu): the next serial is %llu"),
		    c->srl_path, (unsigned long long)max, (unsigned long long)*serial);
	else if (state == PKI_SRL_BEHIND)
		snprintf(c->store->notice, sizeof c->store->notice,
		    _("The serial file \"%s\" was behind the database (highest serial issued "
		      "%llu); it is repaired forward: the next serial is %llu"),
		    c->srl_path, (unsigned long long)max, (unsigned long long)*serial);
	if (*serial >= (UINT64_C(1) << 62))
		return pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The serial counter is exhausted"));
	return 0;
}

/* A request read for signing: its row and DER, and its job for the pool. */
struct prepared {
	struct pki_csr_info csr;
	unsigned char *csr_der;
	int64_t id;
};

static int
prepare(struct issue_ctx *c, int64_t id, uint64_t serial, struct prepared *p,
    struct pki_sign_job *j, struct pki_error *err)
{
	size_t csr_len = 0;
	int r;

	memset(p, 0, sizeof *p);
	memset(j, 0, sizeof *j);
	p->id = id;
	if ((r = c->store->ops->csr_get(c->store, id, &p->csr, &p->csr_der, &csr_len, err)) != 0)
		return r;
	j->ir.csr_der = p->csr_der;
	j->ir.csr_len = csr_len;
	j->ir.serial = serial;
	if (c->row.random_serial && (r = pki_serial_random(serial, j->ir.serial_number, err)) != 0)
		return r;
	j->ir.usage = c->usage;
	j->ir.days = c->days > 0 ? c->days : c->row.issue_days;
	j->ir.days_explicit = c->days > 0;
	j->ir.now = c->now;
	j->ir.pathlen = c->pathlen;
	j->ir.crl_url = c->row.crl_url;
	j->ir.ocsp_url = c->row.ocsp_url;
	j->ir.ca_issuers_url = c->row.ca_issuers_url;
	return 0;
}

static void
prepared_clear(struct prepared *p, struct pki_sign_job *j)
{
	pki_csr_info_clear(&p->csr);
	free(p->csr_der);
	p->csr_der = NULL;
	pki_sign_job_clear(j);
}

/* Stores a signed job as a certificate; the caller holds the transaction. */
static int
store_one(struct issue_ctx *c, struct prepared *p, struct pki_sign_job *j,
    struct pki_cert_info *out, struct pki_error *err)
{
	struct pki_cert_info ci;
	int r;

	memset(&ci, 0, sizeof ci);
	ci.serial = j->ir.serial;
	memcpy(ci.serial_number, j->ir.serial_number, sizeof ci.serial_number);
	ci.csr_id = p->id;
	ci.usage = c->usage;
	ci.issued_at = c->now;
	ci.renewal_of = p->csr.renewal_of;
	ci.not_before = j->not_before;
	ci.not_after = j->not_after;
	memcpy(ci.sha1, j->sha1, sizeof ci.sha1);
	memcpy(ci.sha256, j->sha256, sizeof ci.sha256);
	ci.subject = j->subject;
	ci.issuer = j->issuer;
	ci.sans = j->sans;
	j->subject = j->issuer = j->sans = NULL;
	/* The request's metadata travels with the certificate. */
	ci.file_root = p->csr.file_root;
	ci.hostname = p->csr.hostname;
	ci.instance = p->csr.instance;
	ci.contact_name = p->csr.contact_name;
	ci.contact_phone = p->csr.contact_phone;
	ci.contact_email = p->csr.contact_email;
	p->csr.file_root = p->csr.hostname = p->csr.instance = NULL;
	p->csr.contact_name = p->csr.contact_phone = p->csr.contact_email = NULL;
	if ((r = c->store->ops->cert_insert(c->store, &ci, j->der, j->der_len, err)) != 0 ||
	    (r = c->store->ops->csr_delete(c->store, p->id, err)) != 0 ||
	    (r = pki_mail_notify_issued(c->store, &ci, err)) != 0 ||
	    (r = pki_audit(c->store, "cert-issued", err,
	         "certificate %llu%s%s \"%s\" for request %lld, %s, SHA-256 %s",
	         (unsigned long long)ci.serial, ci.serial_number[0] ? " serial number " : "",
	         ci.serial_number, ci.file_root, (long long)p->id, pki_usage_name(ci.usage),
	         ci.sha256)) != 0)
		goto out;
	if (out != NULL) {
		ci.pem = pki_der_to_pem("CERTIFICATE", j->der, j->der_len);
		if (ci.pem == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		*out = ci;
		memset(&ci, 0, sizeof ci);
	}
out:
	pki_cert_info_clear(&ci);
	return r;
}

/* Signs request `id` as `serial` and stores it; the caller holds the transaction. */
static int
issue_one(struct issue_ctx *c, int64_t id, uint64_t serial, struct pki_cert_info *out,
    struct pki_error *err)
{
	struct prepared p;
	struct pki_sign_job *j = malloc(sizeof *j);
	int r;

	if (j == NULL)
		return pki_err_nomem(err);
	if ((r = prepare(c, id, serial, &p, j, err)) == 0 &&
	    (r = pki_sign_jobs(c->signer, j, 1, err)) == 0)
		r = store_one(c, &p, j, out, err);
	prepared_clear(&p, j);
	free(j);
	return r;
}

/*
 * Issues ids[0..n) as serial, serial + 1, ... in chunks: the requests are
 * read here, built, linted and signed on every core (issue_pool.c), then
 * stored here in order. Pipelined, three chunks deep: while the pool signs
 * chunk k, this thread reads chunk k + 1 and stores chunk k - 1, then
 * joins the signing; the pool never waits for a read. The caller holds the
 * transaction: all or none.
 */
#define ISSUE_CHUNK 256

struct chunk {
	struct prepared p[ISSUE_CHUNK];
	struct pki_sign_job j[ISSUE_CHUNK];
	size_t got; /* prepared */
	size_t k; /* signed, to store */
};

static void
chunk_clear(struct chunk *ch)
{
	for (size_t i = 0; i < ch->got; i++)
		prepared_clear(&ch->p[i], &ch->j[i]);
	ch->got = ch->k = 0;
}

/* Reads ids[base..base + ISSUE_CHUNK) (fewer at the end) into ch. */
static int
chunk_prepare(struct issue_ctx *c, struct chunk *ch, const int64_t *ids, size_t n, size_t base,
    uint64_t serial, struct pki_error *err)
{
	size_t k = n - base < ISSUE_CHUNK ? n - base : ISSUE_CHUNK;
	int r;

	for (; ch->got < k; ch->got++)
		if ((r = prepare(c, ids[base + ch->got], serial + base + ch->got, &ch->p[ch->got],
		         &ch->j[ch->got], err)) != 0)
			return r;
	return 0;
}

static int
issue_many(struct issue_ctx *c, const int64_t *ids, size_t n, uint64_t serial,
    struct pki_error *err)
{
	struct chunk *ch = calloc(3, sizeof *ch), *cur, *prev = NULL;
	pki_sign_batch *run;
	struct pki_error serr;
	size_t b = 0, base;
	int r = 0, rs = 0;

	if (ch == NULL)
		return pki_err_nomem(err);
	if (n > 0)
		r = chunk_prepare(c, &ch[0], ids, n, 0, serial, err);
	for (base = 0; r == 0 && base < n; base += ISSUE_CHUNK, b = (b + 1) % 3) {
		cur = &ch[b];
		if ((r = pki_sign_jobs_start(c->signer, cur->j, cur->got, &run, err)) != 0)
			break;
		/* while this chunk is signed: read the next, store the one before */
		if (base + ISSUE_CHUNK < n)
			rs = chunk_prepare(c, &ch[(b + 1) % 3], ids, n, base + ISSUE_CHUNK, serial,
			    &serr);
		for (size_t i = 0; prev != NULL && rs == 0 && i < prev->k; i++)
			rs = store_one(c, &prev->p[i], &prev->j[i], NULL, &serr);
		r = pki_sign_jobs_finish(run, err);
		if (r == 0 && rs != 0) {
			r = rs;
			*err = serr;
		}
		if (prev != NULL)
			chunk_clear(prev);
		cur->k = cur->got;
		prev = cur;
	}
	for (size_t i = 0; r == 0 && prev != NULL && i < prev->k; i++)
		r = store_one(c, &prev->p[i], &prev->j[i], NULL, err);
	for (int i = 0; i < 3; i++)
		chunk_clear(&ch[i]);
	free(ch);
	return r;
}

/* The OCSP signing usage is a delegation of the CA's revocation authority:
 * only pki_ocsp_setup() issues it, for a key it made itself. */
static int
refuse_ocsp(enum pki_usage usage, struct pki_error *err)
{
	if (usage == PKI_USAGE_OCSP)
		return pki_err_set(err, PKI_ERR_INVALID, "usage",
		    _("OCSP signing certificates are issued by 'ncpki ocsp setup' only"));
	return 0;
}

int
pki_csr_issue(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
    struct pki_cert_info *out, struct pki_error *err)
{
	int r;

	if (out)
		memset(out, 0, sizeof *out);
	if ((r = refuse_ocsp(usage, err)) != 0)
		return r;
	return pki_csr_issue_days(store, signer, csr_id, usage, 0, out, err);
}

static int issue_single(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
    long days, int pathlen, struct pki_cert_info *out, struct pki_error *err);

int
pki_csr_issue_days(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
    long days, struct pki_cert_info *out, struct pki_error *err)
{
	return issue_single(store, signer, csr_id, usage, days, 0, out, err);
}

int
pki_csr_issue_pathlen(pki_store *store, pki_signer *signer, int64_t csr_id, int pathlen,
    struct pki_cert_info *out, struct pki_error *err)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (pathlen < 0 || pathlen > PKI_PATHLEN_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "pathlen",
		    _("The path length constraint must be between 0 and %d"), PKI_PATHLEN_MAX);
	return issue_single(store, signer, csr_id, PKI_USAGE_INTERMEDIATE, 0, pathlen, out, err);
}

int
pki_csr_issue_for_days(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
    long days, int pathlen, struct pki_cert_info *out, struct pki_error *err)
{
	int r;

	if (out)
		memset(out, 0, sizeof *out);
	if ((r = refuse_ocsp(usage, err)) != 0)
		return r;
	if (days < 0 || days > PKI_DAYS_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("The validity must be between 1 and %d days"), PKI_DAYS_MAX);
	if (pathlen < 0 || pathlen > PKI_PATHLEN_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "pathlen",
		    _("The path length constraint must be between 0 and %d"), PKI_PATHLEN_MAX);
	return issue_single(store, signer, csr_id, usage, days, pathlen, out, err);
}

static int
issue_single(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage, long days,
    int pathlen, struct pki_cert_info *out, struct pki_error *err)
{
	struct issue_ctx c;
	struct pki_cert_info ci;
	uint64_t serial;
	int r;

	if (out)
		memset(out, 0, sizeof *out);
	memset(&ci, 0, sizeof ci);
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = ctx_open(&c, store, signer, usage, err)) == 0) {
		c.days = days;
		c.pathlen = pathlen;
	}
	if (r != 0 || (r = next_serial(&c, &serial, err)) != 0 ||
	    (r = issue_one(&c, csr_id, serial, &ci, err)) != 0 ||
	    (r = pki_srl_write(c.srl_path, serial + 1, err)) != 0) {
		store->ops->tx_rollback(store);
		pki_store_notice_clear(store); /* nothing was repaired */
		goto out;
	}
	if ((r = store->ops->tx_commit(store, err)) != 0)
		goto out;
	if (out) {
		*out = ci;
		memset(&ci, 0, sizeof ci);
	}
out:
	pki_cert_info_clear(&ci);
	ctx_close(&c);
	return r;
}

int
pki_csr_issue_batch(pki_store *store, pki_signer *signer, const int64_t *ids, size_t n,
    enum pki_usage usage, size_t *issued, struct pki_error *err)
{
	struct issue_ctx c;
	int64_t *all = NULL;
	uint64_t serial;
	int r;

	*issued = 0;
	if ((r = refuse_ocsp(usage, err)) != 0)
		return r;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = ctx_open(&c, store, signer, usage, err)) != 0 ||
	    (r = next_serial(&c, &serial, err)) != 0)
		goto fail;
	if (ids == NULL) {
		if ((r = store->ops->csr_ids(store, &all, &n, err)) != 0)
			goto fail;
		ids = all;
	}
	if ((r = issue_many(&c, ids, n, serial, err)) != 0)
		goto fail;
	/* One SRL update and one commit for the whole batch. */
	if (n > 0 && (r = pki_srl_write(c.srl_path, serial + n, err)) != 0)
		goto fail;
	if (n == 0)
		pki_store_notice_clear(store); /* the SRL file was not written */
	if ((r = store->ops->tx_commit(store, err)) != 0)
		goto out;
	*issued = n;
	goto out;
fail:
	store->ops->tx_rollback(store);
	pki_store_notice_clear(store);
out:
	free(all);
	ctx_close(&c);
	return r;
}
