/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * intake-prep.c: writes the pool of POST csr bodies for bench/intake-bench.sh
 * as a Lua table `bodies`: N real PKCS#10 requests (one EC P-256 key, a
 * distinct subject each, so that no two have the same SHA-256 and none is
 * refused as a duplicate), each wrapped in the JSON ncpkid's POST csr takes.
 * Usage: ncpki-intake-prep N OUT.lua
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* The request as PEM with its newlines written "\n" (a JSON string's body). */
static int
write_csr_json(FILE *out, X509_REQ *req)
{
	BIO *mem = BIO_new(BIO_s_mem());
	char *pem;
	long len;

	if (mem == NULL || PEM_write_bio_X509_REQ(mem, req) != 1) {
		BIO_free(mem);
		return -1;
	}
	len = BIO_get_mem_data(mem, &pem);
	for (long i = 0; i < len; i++) {
		if (pem[i] == '\n')
			fputs("\\n", out);
		else
			fputc(pem[i], out);
	}
	BIO_free(mem);
	return 0;
}

int
main(int argc, char **argv)
{
	EVP_PKEY *key;
	FILE *out;
	long n;

	if (argc != 3 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: ncpki-intake-prep N OUT.lua\n");
		return 2;
	}
	if ((out = fopen(argv[2], "w")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (key == NULL) {
		fprintf(stderr, "ncpki-intake-prep: cannot make a P-256 key\n");
		return 1;
	}
	fputs("bodies = {\n", out);
	for (long i = 0; i < n; i++) {
		X509_REQ *req = X509_REQ_new();
		X509_NAME *name = X509_NAME_new();
		char cn[64];

		snprintf(cn, sizeof cn, "intake%ld.bench.example", i);
		if (req == NULL || name == NULL ||
		    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (unsigned char *)cn, -1,
		        -1, 0) != 1 ||
		    X509_REQ_set_subject_name(req, name) != 1 ||
		    X509_REQ_set_pubkey(req, key) != 1 ||
		    X509_REQ_sign(req, key, EVP_sha256()) <= 0) {
			fprintf(stderr, "ncpki-intake-prep: cannot make request %ld\n", i);
			return 1;
		}
		fputs("[==[{\"csr\":\"", out);
		if (write_csr_json(out, req) != 0) {
			fprintf(stderr, "ncpki-intake-prep: cannot encode request %ld\n", i);
			return 1;
		}
		fprintf(out,
		    "\",\"file_root\":\"intake%ld\",\"hostname\":\"%s\","
		    "\"contact\":{\"name\":\"Bench\"}}]==],\n",
		    i, cn);
		X509_NAME_free(name);
		X509_REQ_free(req);
	}
	fputs("}\n", out);
	EVP_PKEY_free(key);
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
