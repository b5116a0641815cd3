/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ocsp.c: libFuzzer harness for ncpkid's OCSP responder. Each input
 * goes through the daemon's own route (nd_route_ocsp, ocsp.c) three ways:
 * as the body of POST P/ocsp; as the text after GET P/ocsp/, unescaped by
 * nd_unescape as libmicrohttpd does it; and base64-encoded with '+' and
 * '/' percent-encoded, so that the requests of the corpus reach the GET
 * form's decoding too. Behind the route: the DER parse of the OCSPRequest
 * into CertIDs (crypto_ocsp.c), the status look-ups, the cache of
 * pre-signed answers and the signing (ocsp_responder.c), against a real
 * small CA set up once per process in a temporary directory: the fixed CA
 * below (so the seeds' issuer hashes are this CA's), serials 1 (good),
 * 2 (revoked, keyCompromise), 3 (on hold) and 4 (the OCSP signer).
 * Every answer must be a whole DER OCSPResponse; the POST and encoded-GET
 * answers must have the same status; a successful one must verify against
 * the CA. FUZZ_OCSP_VERBOSE=1 prints each answer's status.
 *
 * Seeds (tests/fuzz/corpus/ocsp/): requests made with `openssl ocsp
 * -issuer ca.pem -serial N [-no_nonce] [-sha256|-sha512] -reqout F` for
 * ca.pem the certificate below: serials 1 to 4, 99 (unknown), 0, 2^63+1
 * and a 128-bit one, four at once, one signed (-signer -signkey), one of
 * another issuer; hand-made: a negative serial, truncated, nested and
 * garbage DER; get-*.txt the GET form (base64, URL-encoded or not, bad
 * padding, %00); nonce-*.der good-nonce.der with its nonce rebuilt: of
 * 32 octets (answered), 33 and 0 (malformed, RFC 8954) and 40 octets not
 * wrapped in an OCTET STRING (malformed).
 *
 * fuzz-daemon: src/daemon/ocsp.c src/daemon/json.c src/daemon/guard.c
 */
#include <config.h>

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ncpkid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The CA: EC P-256, "C=US, O=Example Corporation, CN=Fuzz OCSP CA",
 * valid until 2126. A test key, nothing else. */
static const char ca_key[] = "-----BEGIN PRIVATE KEY-----\n"
                             "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgl+erCg6/jTm4SnQE\n"
                             "lqPWXc3bgsppZyX3hUrHjI2eZ3OhRANCAARuutIcBaQiWtvYiIeyH86MtS326dqe\n"
                             "evUmA5KDvVZWgNAqCf0+mGet65cyXhdFdMlYrqlxYCz58u0w20CCDUVN\n"
                             "-----END PRIVATE KEY-----\n";
static const char ca_cert[] = "-----BEGIN CERTIFICATE-----\n"
                              "MIIB7DCCAZGgAwIBAgIUHCH+zLM5C2tmlDFYLcJ0zcP6irAwCgYIKoZIzj0EAwIw\n"
                              "QjELMAkGA1UEBhMCVVMxHDAaBgNVBAoME0V4YW1wbGUgQ29ycG9yYXRpb24xFTAT\n"
                              "BgNVBAMMDEZ1enogT0NTUCBDQTAgFw0yNjExMjMwMTIxNDBaGA8yMTI2MTAzMDAx\n"
                              "MjE0MFowQjELMAkGA1UEBhMCVVMxHDAaBgNVBAoME0V4YW1wbGUgQ29ycG9yYXRp\n"
                              "b24xFTATBgNVBAMMDEZ1enogT0NTUCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
                              "A0IABG660hwFpCJa29iIh7Ifzoy1Lfbp2p569SYDkoO9VlaA0CoJ/T6YZ63rlzJe\n"
                              "F0V0yViuqXFgLPny7TDbQIINRU2jYzBhMB0GA1UdDgQWBBTaro4jQiGoSc7G+Q4e\n"
                              "8TDy1QS+0jAfBgNVHSMEGDAWgBTaro4jQiGoSc7G+Q4e8TDy1QS+0jAPBgNVHRMB\n"
                              "Af8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNJADBGAiEAqPjq\n"
                              "hfDzXjtMFpAB+Gorrgp4iGrqdPfzscQ+5/lHeFgCIQCixo6O3Soy01Z3XjEf0rE9\n"
                              "EmfsesZ+kQBkdQLynASEgg==\n"
                              "-----END CERTIFICATE-----\n";

/* What ocsp.c and json.c need from the rest of the daemon. */
struct nd_config nd_cfg;
static pki_store *store;
static X509_STORE *trust;
static char tmpdir[256];
/* FUZZ_OCSP_VERBOSE set: each answer's status on stderr (to check seeds). */
static bool verbose;

pki_store *
nd_store(struct pki_error *err)
{
	(void)err;
	return store;
}

void
nc_warning(const char *fmt, ...)
{
	(void)fmt;
}

void
nc_note(const char *fmt, ...)
{
	(void)fmt;
}

int
nc_fail(const struct pki_error *err)
{
	(void)err;
	__builtin_trap(); /* only nd_ocsp_start calls it: the set-up failed */
}

static void
die(const char *what, const struct pki_error *err)
{
	fprintf(stderr, "fuzz_ocsp: set-up failed: %s: %s\n", what, err != NULL ? err->msg : "");
	abort();
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	nd_ocsp_stop();
	pki_close(&store);
	X509_STORE_free(trust);
	if (tmpdir[0] != '\0')
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		die(path, NULL);
}

/* A pending CSR for a fresh P-256 key: its id. */
static int64_t
submit(const char *root, const char *cn)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509_REQ *req = X509_REQ_new();
	struct pki_csr_meta meta = { .file_root = root, .contact_name = "Jane Doe" };
	struct pki_csr_info info;
	struct pki_error err;
	unsigned char *der = NULL;
	int64_t id;
	int n;

	pki_error_clear(&err);
	if (k == NULL || req == NULL ||
	    !X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
	        (const unsigned char *)cn, -1, -1, 0) ||
	    !X509_REQ_set_pubkey(req, k) || X509_REQ_sign(req, k, EVP_sha256()) <= 0 ||
	    (n = i2d_X509_REQ(req, &der)) <= 0)
		die("CSR", NULL);
	if (pki_csr_submit(store, der, (size_t)n, &meta, &info, &err) != 0)
		die("pki_csr_submit", &err);
	OPENSSL_free(der);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
	id = info.id;
	pki_csr_info_clear(&info);
	return id;
}

#define FUZZ_CA_PASSWORD "fuzz-ocsp-ca-password"

static void
setup(void)
{
	static const char *const roots[] = { "good", "revoked", "held" };
	struct pki_ocsp_setup_params op = { .key_type = PKI_KEY_EC_P256, .days = 30 };
	struct pki_server_params p;
	struct pki_server_result res;
	struct pki_ocsp_signer os;
	struct pki_cert_info ci;
	struct pki_error err;
	pki_signer *signer = NULL;
	const char *tmp = getenv("TMPDIR");
	char path[512];
	BIO *b;
	X509 *ca;

	pki_error_clear(&err);
	verbose = getenv("FUZZ_OCSP_VERBOSE") != NULL;
	snprintf(tmpdir, sizeof tmpdir, "%s/ncpki-fuzz-ocsp.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		die(tmpdir, NULL);
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/home", tmpdir);
	nd_cfg.home = strdup(path);
	snprintf(path, sizeof path, "%s/ca", tmpdir);
	if (mkdir(path, 0700) != 0)
		die(path, NULL);
	write_file(path, "FuzzCA.key", ca_key);
	write_file(path, "FuzzCA.cer", ca_cert);
	if (pki_open(nd_cfg.home, &store, &err) != 0)
		die("pki_open", &err);
	memset(&p, 0, sizeof p);
	p.root = "FuzzCA";
	p.dir = path;
	p.issue_days = 365;
	/* the unencrypted test key is re-encrypted under this password */
	p.password = FUZZ_CA_PASSWORD;
	p.password_len = sizeof FUZZ_CA_PASSWORD - 1;
	if (pki_server_configure(store, &p, &res, &err) != 0 || res.mode != PKI_SERVER_EXISTING)
		die("pki_server_configure", &err);
	pki_server_result_clear(&res);
	if (pki_signer_open(store, FUZZ_CA_PASSWORD, sizeof FUZZ_CA_PASSWORD - 1, &signer, &err) !=
	    0)
		die("pki_signer_open", &err);
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
		if (pki_csr_issue(store, signer, submit(roots[i], roots[i]), PKI_USAGE_TLS, &ci,
		        &err) != 0 ||
		    ci.serial != i + 1)
			die("pki_csr_issue", &err);
		pki_cert_info_clear(&ci);
	}
	if (pki_cert_revoke(store, signer, 2, PKI_REASON_KEY_COMPROMISE, 0, NULL, &err) != 0 ||
	    pki_cert_revoke(store, signer, 3, PKI_REASON_CERTIFICATE_HOLD, 0, NULL, &err) != 0)
		die("pki_cert_revoke", &err);
	if (pki_ocsp_setup(store, signer, &op, &os, &err) != 0)
		die("pki_ocsp_setup", &err);
	pki_ocsp_signer_clear(&os);
	pki_signer_close(&signer);
	if (nd_ocsp_start() != 0)
		die("nd_ocsp_start", NULL);
	if ((b = BIO_new_mem_buf(ca_cert, -1)) == NULL ||
	    (ca = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL ||
	    (trust = X509_STORE_new()) == NULL || !X509_STORE_add_cert(trust, ca))
		die("the CA for verifying", NULL);
	X509_free(ca);
	BIO_free(b);
}

/* The route's answer: a whole DER OCSPResponse; its status. */
static int
answer(const char *how, struct nd_resp *out)
{
	const unsigned char *p = out->body;
	OCSP_RESPONSE *resp;
	int status;

	if (out->status != MHD_HTTP_OK || out->json != NULL || out->body == NULL ||
	    (resp = d2i_OCSP_RESPONSE(NULL, &p, (long)out->body_len)) == NULL ||
	    p != out->body + out->body_len) {
		fprintf(stderr, "fuzz_ocsp: %s: not an OCSPResponse (HTTP %u)\n", how, out->status);
		__builtin_trap();
	}
	status = OCSP_response_status(resp);
	if (status == OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
		if (bs == NULL || OCSP_basic_verify(bs, NULL, trust, 0) != 1) {
			fprintf(stderr, "fuzz_ocsp: %s: the response does not verify\n", how);
			__builtin_trap();
		}
		if (verbose) {
			int reason;
			OCSP_SINGLERESP *one = OCSP_resp_get0(bs, 0);
			int cs = one != NULL
			    ? OCSP_single_get0_status(one, &reason, NULL, NULL, NULL)
			    : -1;
			fprintf(stderr, "fuzz_ocsp: %s: successful, %d certificates, first %s\n",
			    how, OCSP_resp_count(bs), cs >= 0 ? OCSP_cert_status_str(cs) : "?");
		}
		OCSP_BASICRESP_free(bs);
	} else if (verbose)
		fprintf(stderr, "fuzz_ocsp: %s: %s\n", how, OCSP_response_status_str(status));
	OCSP_RESPONSE_free(resp);
	free(out->body);
	json_decref(out->json);
	memset(out, 0, sizeof *out);
	return status;
}

static int
ask(const char *how, const unsigned char *body, size_t len, const char *encoded)
{
	struct nd_req rq;
	struct nd_resp out;

	memset(&rq, 0, sizeof rq);
	memset(&out, 0, sizeof out);
	strcpy(rq.method, encoded != NULL ? "GET" : "POST");
	rq.body = (unsigned char *)body;
	rq.body_len = len;
	nd_route_ocsp(NULL, &rq, encoded, &out);
	return answer(how, &out);
}

/* Base64 of data, '+' and '/' percent-encoded as a client would; caller frees. */
static char *
encode(const uint8_t *data, size_t size)
{
	size_t b64len = 4 * ((size + 2) / 3);
	unsigned char *b64 = malloc(b64len + 1);
	char *url = malloc(3 * b64len + 1), *u = url;

	if (b64 == NULL || url == NULL) {
		free(b64);
		free(url);
		return NULL;
	}
	EVP_EncodeBlock(b64, data, (int)size);
	for (size_t i = 0; i < b64len; i++)
		if (b64[i] == '+' || b64[i] == '/')
			u += sprintf(u, "%%%02X", b64[i]);
		else
			*u++ = (char)b64[i];
	*u = '\0';
	free(b64);
	return url;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char *text, *url;
	int post, get;

	if (!ready) {
		setup();
		ready = true;
	}
	post = ask("POST", data, size, NULL);

	/* The path as libmicrohttpd hands it over. */
	if ((text = malloc(size + 1)) != NULL) {
		memcpy(text, data, size);
		text[size] = '\0';
		nd_unescape(NULL, NULL, text);
		ask("GET", NULL, 0, text);
		free(text);
	}

	/* Within the GET form's bound, the same request must get the same status. */
	if (size <= PKI_OCSP_REQUEST_MAX && (url = encode(data, size)) != NULL) {
		get = ask("GET base64", NULL, 0, url);
		free(url);
		if (get != post) {
			fprintf(stderr, "fuzz_ocsp: POST answered %d, GET %d\n", post, get);
			__builtin_trap();
		}
	}
	return 0;
}
