/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prep.c: fills a data directory with N pending requests for `make bench`.
 * The CSRs are real PKCS#10 requests (one EC P-256 client key, a distinct
 * subject each), submitted through the same library call as `csr import`.
 * Usage: ncpki-bench-prep HOME N [FIRST]  (subjects hostFIRST.. on; FIRST 0)
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ncpki.h"

int
main(int argc, char **argv)
{
	struct pki_error err;
	pki_store *store = NULL;
	EVP_PKEY *key;
	long n, first = 0;

	if (argc < 3 || argc > 4 || (n = strtol(argv[2], NULL, 10)) <= 0 ||
	    (argc == 4 && (first = strtol(argv[3], NULL, 10)) < 0)) {
		fprintf(stderr, "usage: ncpki-bench-prep HOME N [FIRST]\n");
		return 2;
	}
	pki_init();
	if (pki_open(argv[1], &store, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	for (long i = first; i < first + n; i++) {
		X509_REQ *req = X509_REQ_new();
		X509_NAME *name = X509_NAME_new();
		unsigned char *der = NULL;
		char cn[64], root[32];
		struct pki_csr_info info;
		struct pki_csr_meta meta = { 0 };
		int len;

		snprintf(cn, sizeof cn, "host%ld.bench.example", i);
		snprintf(root, sizeof root, "host%ld", i);
		X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (unsigned char *)cn, -1, -1,
		    0);
		X509_REQ_set_subject_name(req, name);
		X509_REQ_set_pubkey(req, key);
		X509_REQ_sign(req, key, EVP_sha256());
		len = i2d_X509_REQ(req, &der);
		meta.file_root = root;
		meta.hostname = cn;
		meta.contact_name = "Bench";
		if (len <= 0 || pki_csr_submit(store, der, (size_t)len, &meta, &info, &err) != 0) {
			fprintf(stderr, "submit %ld: %s\n", i, err.msg);
			return 1;
		}
		pki_csr_info_clear(&info);
		OPENSSL_free(der);
		X509_NAME_free(name);
		X509_REQ_free(req);
	}
	EVP_PKEY_free(key);
	pki_close(&store);
	return 0;
}
