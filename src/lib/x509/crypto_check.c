/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_check.c: what `ncpki check` asks of each stored certificate and
 * CRL, in DER: a certificate's serial, dates and fingerprints are its row's,
 * it still passes every lint rule for the usage its row records (so its
 * extensions are what that usage grants), it verifies against the CA and
 * passes X509_verify_cert with X509_V_FLAG_X509_STRICT over the stored
 * chain (what `openssl verify -x509_strict` checks, time aside); a
 * CRL is signed by the CA, its number and dates are its row's, and the
 * serials it lists are handed back for the caller to compare with the
 * revoked certificates.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "x509/crypto.h"
#include "i18n.h"

#define ADD(...) \
	do { \
		char *m_ = pki_strfmt(__VA_ARGS__); \
		if (m_ != NULL) \
			add(ctx, m_); \
	} while (0)

void
pki_check_cert_der(const pki_x509 *cap, const pki_strict *strict, const struct pki_check_cert *row,
    pki_anomaly_fn add, void *ctx)
{
	const X509 *ca = CX509P(cap);
	const unsigned char *p = row->der;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	struct pki_error e;
	enum pki_usage u;
	X509 *x;
	time_t nb, na;
	uint64_t sn = row->serial;

	if ((x = d2i_X509(NULL, &p, (long)row->der_len)) == NULL ||
	    p != (const unsigned char *)row->der + row->der_len) {
		ADD(_("certificate %llu: its DER does not decode"), (unsigned long long)sn);
		X509_free(x);
		return;
	}
	if (row->serial_number != NULL) {
		char hex[PKI_SERIAL_HEX_SIZE];
		pki_x509_serial_hex((const pki_x509 *)x, hex);
		if (strcmp(hex, row->serial_number) != 0)
			ADD(_("certificate %llu: the certificate's own serial number differs from its row's"),
			    (unsigned long long)sn);
	} else if (pki_x509_serial_u64((const pki_x509 *)x) != sn)
		ADD(_("certificate %llu: the certificate's own serial number differs from its row's"),
		    (unsigned long long)sn);
	pki_x509_validity((const pki_x509 *)x, &nb, &na);
	if (nb != row->not_before || na != row->not_after)
		ADD(_("certificate %llu: its validity dates differ from its row's"),
		    (unsigned long long)sn);
	pki_error_clear(&e);
	if (pki_x509_fingerprints((const pki_x509 *)x, sha1, sha256, &e) != 0 ||
	    strcmp(sha1, row->sha1) != 0 || strcmp(sha256, row->sha256) != 0)
		ADD(_("certificate %llu: its fingerprints differ from its row's"),
		    (unsigned long long)sn);
	/* the signature first: the lint reads the TBSCertificate's bytes */
	if (X509_check_issued((X509 *)ca, x) != X509_V_OK ||
	    X509_verify(x, X509_get0_pubkey(ca)) != 1) {
		ADD(_("certificate %llu: it does not verify against the Certificate Authority's certificate"),
		    (unsigned long long)sn);
	} else if (strict != NULL) {
		/* What `openssl verify -x509_strict` would reject, with the
		 * stored chain (time aside) */
		const char *why;

		if (pki_strict_verify(strict, (const pki_x509 *)x, &why) != 0)
			ADD(_("certificate %llu: openssl verify -x509_strict rejects it: %s"),
			    (unsigned long long)sn, why);
	}
	ERR_clear_error();
	if (pki_usage_parse(row->usage, &u) != 0) {
		ADD(_("certificate %llu: unknown usage \"%s\""), (unsigned long long)sn,
		    row->usage);
	} else {
		pki_error_clear(&e);
		if (pki_lint_cert(x, row->der, row->der_len, ca, NULL, u, &e) != 0)
			ADD(_("certificate %llu: %s"), (unsigned long long)sn, e.msg);
	}
	X509_free(x);
}

int
pki_hex_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

void
pki_serial_list_clear(struct pki_serial_list *l)
{
	free(l->u64);
	free(l->wide);
	memset(l, 0, sizeof *l);
}

void
pki_check_crl_der(const pki_x509 *cap, const struct pki_check_crl *row,
    struct pki_serial_list *listed, pki_anomaly_fn add, void *ctx)
{
	const X509 *ca = CX509P(cap);
	const unsigned char *p = row->der;
	unsigned long long num = row->number;
	STACK_OF(X509_REVOKED) * rev;
	ASN1_INTEGER *number = NULL;
	X509_CRL *crl;
	uint64_t v = 0;
	int count;

	memset(listed, 0, sizeof *listed);
	if ((crl = d2i_X509_CRL(NULL, &p, (long)row->der_len)) == NULL) {
		ADD(_("CRL %llu: its DER does not decode"), num);
		return;
	}
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(ca)) != 0 ||
	    X509_CRL_verify(crl, X509_get0_pubkey(ca)) != 1)
		ADD(_("CRL %llu: it does not verify against the Certificate Authority's certificate"),
		    num);
	number = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	if (number == NULL || !ASN1_INTEGER_get_uint64(&v, number) || v != row->number)
		ADD(_("CRL %llu: the CRL number inside it differs from its row's"), num);
	ASN1_INTEGER_free(number);
	if (pki_asn1_time(X509_CRL_get0_lastUpdate(crl)) != row->this_update ||
	    X509_CRL_get0_nextUpdate(crl) == NULL ||
	    pki_asn1_time(X509_CRL_get0_nextUpdate(crl)) != row->next_update ||
	    row->next_update <= row->this_update)
		ADD(_("CRL %llu: its thisUpdate or nextUpdate differs from its row's"), num);
	rev = X509_CRL_get_REVOKED(crl);
	count = rev != NULL ? sk_X509_REVOKED_num(rev) : 0;
	if ((size_t)count != row->revoked_count)
		ADD(_("CRL %llu: it lists %d certificates, its row says %zu"), num, count,
		    row->revoked_count);
	if (count > 0 && (listed->u64 = calloc((size_t)count, sizeof *listed->u64)) != NULL &&
	    (listed->wide = calloc((size_t)count, sizeof *listed->wide)) != NULL) {
		for (int i = 0; i < count; i++) {
			uint64_t s = 0;
			const ASN1_INTEGER *ai =
			    X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(rev, i));
			if (ASN1_INTEGER_get_uint64(&s, ai) && s < (UINT64_C(1) << 63))
				listed->u64[listed->n++] = s;
			else if (pki_asn1_serial_hex(ai, listed->wide[listed->nwide]))
				listed->nwide++;
		}
		ERR_clear_error();
		qsort(listed->u64, listed->n, sizeof *listed->u64, pki_u64_cmp);
		qsort(listed->wide, listed->nwide, sizeof *listed->wide, pki_hex_cmp);
	}
	X509_CRL_free(crl);
}
