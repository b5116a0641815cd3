/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cert.h: the issued certificate. The CA keeps one row per certificate it
 * signed, numbered by the SRL counter, with its usage (the profile it was
 * made to), the request's contact and host, its validity and revocation
 * state and the certificate itself. Rows are listed with a filter, read a
 * page at a time for the console, found by how soon they expire, and
 * exported as files with or without the CA's chain.
 */
#ifndef NCPKI_CERT_H
#define NCPKI_CERT_H

#include "error.h"
#include "store.h"

/* ------------------------------------------------------------------ usages */

enum pki_usage {
	PKI_USAGE_TLS, /* TLS/SSL and XML security */
	PKI_USAGE_INTERMEDIATE, /* Intermediate Certificate Authority */
	PKI_USAGE_CODESIGN, /* Code signing */
	PKI_USAGE_OCSP, /* OCSP signing: issued by pki_ocsp_setup() only */
	PKI_USAGE__COUNT,
};
int pki_usage_parse(const char *name, enum pki_usage *out); /* tls|intermediate|codesign|ocsp */
const char *pki_usage_name(enum pki_usage u);
const char *pki_usage_label(enum pki_usage u); /* translated */
/*
 * The longest validity, in days, a certificate of usage u may have; a
 * longer request is refused (and lint refuses a longer certificate). TLS
 * 398 (CA/Browser Forum Baseline Requirements 6.3.2), code signing 460
 * (Code Signing Baseline Requirements 6.3.2), an intermediate CA 1825
 * (five years), OCSP signing PKI_OCSP_DAYS_MAX.
 */
#define PKI_TLS_DAYS_MAX 398
#define PKI_CODESIGN_DAYS_MAX 460
#define PKI_INTERMEDIATE_DAYS_MAX 1825
long pki_usage_max_days(enum pki_usage u);

/* ------------------------------------------------------------- the record */

struct pki_cert_info {
	uint64_t serial;
	int64_t csr_id;
	char *file_root;
	char *subject;
	char *issuer;
	char *sans;
	char *hostname, *instance;
	char *contact_name, *contact_phone, *contact_email;
	enum pki_usage usage;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after, issued_at;
	char *pem; /* filled by pki_cert_get only */
	/* Revocation: revoked_at 0 when not revoked; reason is an enum
	 * pki_reason; invalidity_date 0 when not given. */
	time_t revoked_at, invalidity_date;
	int reason;
	uint64_t renewal_of; /* serial this certificate renews; 0: none */
	/* Random serial mode: the certificate's own serialNumber, upper-case
	 * hexadecimal; "" when it is `serial` itself. */
	char serial_number[PKI_SERIAL_HEX_SIZE];
};
void pki_cert_info_clear(struct pki_cert_info *c);
void pki_cert_info_array_free(struct pki_cert_info **arr, size_t n);

/* What a certificate says beyond its row, read from the certificate: its
 * key, signature algorithm and extensions, for a person to read. */
struct pki_cert_details {
	char key[64]; /* "EC P-256", "RSA 3072" */
	char sig_alg[64]; /* "ecdsa-with-SHA256" */
	bool has_basic_constraints, ca;
	long pathlen; /* a CA's pathLenConstraint; -1: none */
	char key_usage[256]; /* "digitalSignature, keyEncipherment"; "": none */
	char ext_key_usage[256]; /* "serverAuth, clientAuth"; "": none */
};
/* From the PEM text pki_cert_get fills in (pki_cert_info.pem). */
int pki_cert_details(const char *pem, struct pki_cert_details *out, struct pki_error *err);

/* ----------------------------------------------------------------- listing */

struct pki_cert_filter {
	uint64_t serial; /* 0: any */
	const char *hostname; /* NULL: any; exact match */
	const char *instance;
	const char *file_root;
	const char *contact_email; /* NULL: any; exact, case-insensitive */
	/* Paging: only serials above `after` (0: from the first), in serial
	 * order, at most `limit` (0: no limit) of them. */
	uint64_t after;
	size_t limit;
};
int pki_cert_list(pki_store *store, const struct pki_cert_filter *f, struct pki_cert_info **out,
    size_t *n, struct pki_error *err);
int pki_cert_get(pki_store *store, uint64_t serial, struct pki_cert_info *out,
    struct pki_error *err);

/* ------------------------------------------------------- a page at a time */

/*
 * A page of issued certificates in serial order (or q->order's), read
 * through its key (keyset pagination), for a table that never loads every
 * row. The filter
 * is pki_cert_filter's exact fields and `text`, a substring (case-insensitive
 * for ASCII) of the subject, SANs, hostname, instance or file name: three
 * characters or more go through the trigram index; one or two scan the
 * table. A read stops at the page or after about PKI_CERT_SCAN_MS (then
 * `partial`): a typed filter answers at once, a short text included.
 */
#define PKI_CERT_SCAN_MS 60
enum pki_cert_seek {
	PKI_SEEK_FIRST = 0, /* the first rows */
	PKI_SEEK_AFTER = 1, /* the rows just after serial `key` */
	PKI_SEEK_BEFORE = 2, /* the rows just before serial `key` */
	PKI_SEEK_LAST = 3 /* the last rows */
};
/* The order of a listing's pages: by serial (the default), or by another
 * column, ties by serial; desc: the other way. */
enum pki_cert_order {
	PKI_ORDER_SERIAL = 0,
	PKI_ORDER_SUBJECT, /* byte order of the subject text */
	PKI_ORDER_USAGE, /* the usage's name: codesign, intermediate, ocsp, tls */
	PKI_ORDER_NOT_AFTER,
	PKI_ORDER__COUNT
};
struct pki_cert_query {
	struct pki_cert_filter f;
	const char *text; /* NULL or "": any */
	enum pki_cert_order order;
	bool desc;
	enum pki_cert_seek seek;
	/* AFTER and BEFORE: the row to read on from, by its serial and, in
	 * another order, its subject (key_subject), usage (key_usage) or
	 * notAfter (key_not_after) */
	uint64_t key;
	const char *key_subject;
	enum pki_usage key_usage;
	time_t key_not_after;
	size_t limit; /* rows wanted; 0: 50 */
	size_t count_cap; /* > 0: count the matches too, up to this */
	int count_ms; /* the count's time, about; 0: about 30 ms */
};
struct pki_cert_page {
	struct pki_cert_info *rows; /* in q's order; no PEM, no contacts, no issuer */
	size_t n;
	bool more; /* more rows beyond, in the direction read (after the last
	                * for FIRST/AFTER, before the first for BEFORE/LAST) */
	bool partial; /* the read stopped at its time limit */
	/* With count_cap: how many match (seek and key aside), at most
	 * count_cap; count_more when there are more, or when counting stopped
	 * after about 30 ms ("at least count"). A first page that holds every
	 * match is its own count; a partial one is not counted further. */
	size_t count;
	bool count_more;
};
/* Fills *out (free with pki_cert_page_clear). */
int pki_cert_page_read(pki_store *store, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err);
void pki_cert_page_clear(struct pki_cert_page *p);
/* How many certificates match q (its seek and key ignored), counting at
 * most `cap`: *more when there are more, or when counting stopped after
 * about q->count_ms (then "at least *n"). */
int pki_cert_count(pki_store *store, const struct pki_cert_query *q, size_t cap, size_t *n,
    bool *more, struct pki_error *err);

/* ---------------------------------------------------------------- expiring */

/* Not revoked certificates whose notAfter is before now + days, the already
 * expired included, soonest first. Caller frees with pki_cert_info_array_free. */
int pki_cert_list_expiring(pki_store *store, long days, struct pki_cert_info **out, size_t *n,
    struct pki_error *err);
/* The console's view of the same, never every row: the `limit` soonest
 * (limit > 0), how many expire within the days and how many have expired
 * already, each counted up to count_cap (*_more: more than that). One
 * read, so that the rows and the counts agree. */
struct pki_expiring_page {
	struct pki_cert_info *rows;
	size_t n;
	size_t count, expired;
	bool count_more, expired_more;
};
int pki_cert_expiring_page(pki_store *store, long days, size_t limit, size_t count_cap,
    struct pki_expiring_page *out, struct pki_error *err);
void pki_expiring_page_clear(struct pki_expiring_page *p);

/* ------------------------------------------------------------------ export */

/*
 * Writes certificate `serial` as PEM to `path`; a directory (or NULL, the
 * current directory) gets FILENAME.cer; a path ending in '/' is a
 * directory, made when it is missing. Refuses to overwrite unless
 * `overwrite`. *written is the file's path (caller frees).
 */
int pki_cert_export(pki_store *store, uint64_t serial, const char *path, bool overwrite,
    char **written, struct pki_cert_info *info, struct pki_error *err);
/* pki_cert_export, the file holding the certificate then the CA's
 * certificate and chain (the root only when with_root); in a directory
 * it is FILENAME-chain.pem, as ncpki cert export-all names it. */
int pki_cert_export_chain(pki_store *store, uint64_t serial, const char *path, bool overwrite,
    bool with_root, char **written, struct pki_cert_info *info, struct pki_error *err);

#endif /* NCPKI_CERT_H */
