/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c: `ncpki check`, a re-audit of what the database holds.
 * SQLite's integrity check; the SRL counter above every serial; every
 * stored certificate against its row, the lint rules of its usage and the
 * CA's signature; every CRL against its row and the CA's signature, CRL
 * numbers that only grow with time; and the newest CRL listing exactly the
 * revoked, unexpired certificates it should. It reads in one pass and
 * never holds the certificate table in memory. Anything it cannot read is
 * an error, never a clean report: it fails closed.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct check_ctx {
	struct pki_check_report *rep;
	pki_x509 *ca;
	pki_strict *strict; /* openssl verify -x509_strict */
	/* CRLs */
	uint64_t last_number;
	time_t last_this_update;
	struct pki_serial_list listed; /* the newest CRL's serials */
	bool *matched, *matched_wide;
	bool have_crl;
	struct pki_check_crl newest;
};

static void
add_anomaly(void *vctx, char *msg)
{
	struct check_ctx *c = vctx;
	struct pki_check_report *r = c->rep;
	struct pki_error e;

	if (PKI_GROW(r->anomalies, r->cap, r->n + 1, 16, &e) != 0) {
		free(msg);
		r->dropped++;
		return;
	}
	r->anomalies[r->n++] = msg;
}

/* The comparator crypto_check.c sorts the CRL's serials with. */
int
pki_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

#define ANOMALY(c, ...) \
	do { \
		char *m_ = pki_strfmt(__VA_ARGS__); \
		if (m_ != NULL) \
			add_anomaly((c), m_); \
		else \
			(c)->rep->dropped++; \
	} while (0)

static int
on_crl(void *vctx, const struct pki_check_crl *row, struct pki_error *err)
{
	struct check_ctx *c = vctx;
	struct pki_serial_list l;

	(void)err;
	c->rep->crls++;
	if (c->have_crl && row->this_update < c->last_this_update)
		ANOMALY(c, _("CRL %llu: its thisUpdate is before that of CRL %llu"),
		    (unsigned long long)row->number, (unsigned long long)c->last_number);
	pki_check_crl_der(c->ca, row, &l, add_anomaly, c);
	/* rows come in number order: the last one is the newest */
	pki_serial_list_clear(&c->listed);
	free(c->matched);
	free(c->matched_wide);
	c->listed = l;
	c->matched = calloc(l.n + 1, sizeof *c->matched);
	c->matched_wide = calloc(l.nwide + 1, sizeof *c->matched_wide);
	if (c->matched == NULL || c->matched_wide == NULL)
		return pki_err_nomem(err);
	c->have_crl = true;
	c->last_number = row->number;
	c->last_this_update = row->this_update;
	c->newest = *row;
	c->newest.der = NULL;
	return 0;
}

static int
on_cert(void *vctx, const struct pki_check_cert *row, struct pki_error *err)
{
	struct check_ctx *c = vctx;
	time_t t = c->newest.this_update;

	(void)err;
	c->rep->certs++;
	pki_check_cert_der(c->ca, c->strict, row, add_anomaly, c);
	if (c->have_crl) {
		const struct pki_serial_list *l = &c->listed;
		bool hit = false;
		if (row->serial_number != NULL) {
			char(*w)[PKI_SERIAL_HEX_SIZE] = l->nwide == 0
			    ? NULL
			    : bsearch(row->serial_number, l->wide, l->nwide, sizeof *l->wide,
			          pki_hex_cmp);
			if ((hit = w != NULL))
				c->matched_wide[w - l->wide] = true;
		} else {
			uint64_t *u = l->n == 0
			    ? NULL
			    : bsearch(&row->serial, l->u64, l->n, sizeof *l->u64, pki_u64_cmp);
			if ((hit = u != NULL))
				c->matched[u - l->u64] = true;
		}
		if (row->revoked_at != 0 && row->revoked_at <= t && row->not_after > t && !hit)
			ANOMALY(c, _("certificate %llu: revoked but missing from CRL %llu"),
			    (unsigned long long)row->serial, (unsigned long long)c->newest.number);
		if (row->revoked_at == 0 && hit)
			ANOMALY(c, _("certificate %llu: listed on CRL %llu but not revoked"),
			    (unsigned long long)row->serial, (unsigned long long)c->newest.number);
	}
	return 0;
}

static int
check_srl(pki_store *store, const struct pki_ca_row *row, struct check_ctx *c,
    struct pki_error *err)
{
	char *dir = pki_path_resolve(store->home, row->dir);
	char *srl = dir != NULL ? pki_path_join3(dir, row->root, ".srl") : NULL;
	uint64_t next = 0, max = 0;
	struct pki_error e;
	struct stat sb;
	int r = 0;

	if (srl == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = store->ops->cert_max_serial(store, &max, err)) != 0)
		goto out;
	c->rep->max_serial = max;
	if (stat(dir, &sb) != 0) {
		c->rep->srl_unchecked = true; /* the media is not mounted */
		goto out;
	}
	pki_error_clear(&e);
	if (pki_srl_read(srl, &next, &e) != 0)
		ANOMALY(c, _("the serial counter file \"%s\" cannot be read: %s"), srl, e.msg);
	else if (next == 0 && max > 0)
		ANOMALY(c, _("the serial counter file \"%s\" is missing"), srl);
	else if (next != 0 && next <= max)
		ANOMALY(c,
		    _("the serial counter file says %llu next, but serial %llu is already used"),
		    (unsigned long long)next, (unsigned long long)max);
	c->rep->srl_next = next;
out:
	free(dir);
	free(srl);
	return r;
}

int
pki_check(pki_store *store, struct pki_check_report *out, struct pki_error *err)
{
	struct check_ctx c;
	struct pki_ca_row row;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	struct pki_audit_verify av;
	char *problem = NULL;
	int r;

	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	memset(&row, 0, sizeof row);
	c.rep = out;
	if ((r = store->ops->integrity(store, &problem, err)) != 0)
		goto out;
	if (problem != NULL) {
		ANOMALY(&c, _("the database fails SQLite's integrity check: %s"), problem);
		goto out; /* nothing else can be trusted */
	}
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		goto out;
	if ((r = pki_x509_load(row.cert_der, row.cert_len, &c.ca, NULL, err)) != 0)
		goto out;
	if ((r = pki_x509_fingerprints(c.ca, sha1, sha256, err)) != 0)
		goto out;
	if (strcmp(sha256, row.sha256) != 0)
		ANOMALY(&c,
		    _("the Certificate Authority's stored certificate is not the one configured "
		      "(SHA-256 %s expected)"),
		    row.sha256);
	{
		struct pki_error e;

		pki_error_clear(&e);
		if ((r = pki_strict_new(c.ca, row.chain_pem, &c.strict, &e)) == PKI_ERR_INVALID)
			ANOMALY(&c, _("the stored chain of the Certificate Authority: %s"), e.msg);
		else if (r != 0) {
			*err = e;
			goto out;
		}
		r = 0;
	}
	if ((r = check_srl(store, &row, &c, err)) != 0 ||
	    (r = store->ops->check_crls(store, on_crl, &c, err)) != 0 ||
	    (r = store->ops->check_certs(store, on_cert, &c, err)) != 0)
		goto out;
	for (size_t i = 0; i < c.listed.n; i++)
		if (!c.matched[i])
			ANOMALY(&c, _("CRL %llu lists serial %llu, which this CA never issued"),
			    (unsigned long long)c.newest.number,
			    (unsigned long long)c.listed.u64[i]);
	for (size_t i = 0; i < c.listed.nwide; i++)
		if (!c.matched_wide[i])
			ANOMALY(&c,
			    _("CRL %llu lists serial number %s, which this CA never issued"),
			    (unsigned long long)c.newest.number, c.listed.wide[i]);
	if ((r = pki_audit_verify(store, &av, err)) != 0)
		goto out;
	out->audit_rows = av.rows;
	if (av.first_bad != 0)
		ANOMALY(&c, _("the audit trail is broken at entry %lld: %s"),
		    (long long)av.first_bad, av.why);
out:
	free(problem);
	pki_serial_list_clear(&c.listed);
	free(c.matched);
	free(c.matched_wide);
	pki_strict_free(&c.strict);
	pki_x509_free(&c.ca);
	pki_ca_row_clear(&row);
	if (r != 0)
		pki_check_report_clear(out);
	return r;
}

void
pki_check_report_clear(struct pki_check_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->anomalies[i]);
	free(r->anomalies);
	memset(r, 0, sizeof *r);
}
