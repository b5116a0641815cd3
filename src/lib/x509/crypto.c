/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto.c: keys and certificates as files: generation, encrypted PKCS#8
 * at rest, loading any PEM/DER form, fingerprints, and the descriptions
 * (subject, key, SANs) the front ends show.
 */
#include "x509/crypto.h"

#include <arpa/inet.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

/* PBKDF2 rounds for keys at rest: a brute-force cost, paid once per unlock. */
#define KEY_PBKDF2_ITER 200000

/* ------------------------------------------------------------ fingerprints */

void
pki_fp_format(const unsigned char *md, size_t n, char *out, size_t outsz)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	if (outsz < 3 * n || n == 0) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out[o++] = ':';
		out[o++] = hex[md[i] >> 4];
		out[o++] = hex[md[i] & 15];
	}
	out[o] = '\0';
}

int
pki_fp_der(const unsigned char *der, size_t len, char sha1[PKI_FP_SHA1_SIZE],
    char sha256[PKI_FP_SHA256_SIZE], struct pki_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;

	if (!EVP_Digest(der, len, md, &n, EVP_sha1(), NULL))
		return pki_err_crypto(err, _("Cannot compute a SHA-1 fingerprint"));
	pki_fp_format(md, n, sha1, PKI_FP_SHA1_SIZE);
	if (!EVP_Digest(der, len, md, &n, EVP_sha256(), NULL))
		return pki_err_crypto(err, _("Cannot compute a SHA-256 fingerprint"));
	pki_fp_format(md, n, sha256, PKI_FP_SHA256_SIZE);
	return 0;
}

/* ------------------------------------------------------------------- keys */

int
pki_key_generate(enum pki_key_type t, pki_key **out, struct pki_error *err)
{
	EVP_PKEY *pk = NULL;

	*out = NULL;
	switch (t) {
	case PKI_KEY_RSA2048:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	case PKI_KEY_RSA3072:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
		break;
	case PKI_KEY_RSA4096:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096);
		break;
	case PKI_KEY_EC_P256:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case PKI_KEY_EC_P384:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	case PKI_KEY_ED25519:
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		break;
	default:
		return pki_err_set(err, PKI_ERR_INVALID, "key_type", _("Unknown key type"));
	}
	if (pk == NULL)
		return pki_err_crypto(err, _("Cannot generate the key pair"));
	*out = (pki_key *)pk;
	return 0;
}

void
pki_key_free(pki_key **k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(PKEY(*k));
	*k = NULL;
}

/* Copies a BIO's contents into a NUL-terminated string. */
static char *
bio_string(BIO *b, size_t *len)
{
	char *data, *s;
	long n = BIO_get_mem_data(b, &data);

	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	if (n > 0) /* an empty BIO may give no buffer at all (an empty subject) */
		memcpy(s, data, (size_t)n);
	s[n] = '\0';
	if (len)
		*len = (size_t)n;
	return s;
}

int
pki_key_to_pem(const pki_key *k, const char *pw, size_t pwlen, char **pem, size_t *len,
    struct pki_error *err)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_SIG *enc = NULL;
	BIO *b = NULL;
	int r = 0;

	*pem = NULL;
	*len = 0;
	if (pw == NULL || pwlen == 0 || pwlen > INT32_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "password", _("A password is required"));
	if ((p8 = EVP_PKEY2PKCS8(CPKEY(k))) == NULL ||
	    (enc = PKCS8_encrypt_ex(-1, EVP_aes_256_cbc(), pw, (int)pwlen, NULL, 0, KEY_PBKDF2_ITER,
	         p8, NULL, NULL)) == NULL ||
	    (b = BIO_new(BIO_s_secmem())) == NULL || !PEM_write_bio_PKCS8(b, enc)) {
		r = pki_err_crypto(err, _("Cannot encrypt the private key"));
		goto out;
	}
	if ((*pem = bio_string(b, len)) == NULL)
		r = pki_err_nomem(err);
out:
	PKCS8_PRIV_KEY_INFO_free(p8);
	X509_SIG_free(enc);
	BIO_free(b);
	return r;
}

/*
 * Whether a key file is in the project's own scheme: PKCS#8
 * EncryptedPrivateKeyInfo, PBES2 with PBKDF2 (at least KEY_PBKDF2_ITER
 * rounds) and AES-256-CBC. Anything else (unencrypted, traditional PEM
 * with Proc-Type DES or 3DES, PBES1 MD5 or SHA-1 with DES, PBES2 with
 * 3DES or few rounds) is to be re-encrypted.
 */
bool
pki_key_scheme_current(const unsigned char *data, size_t len)
{
	const unsigned char *p = data;
	const X509_ALGOR *alg = NULL;
	X509_SIG *sig = NULL;
	PBE2PARAM *pbe2 = NULL;
	PBKDF2PARAM *kdf = NULL;
	BIO *b;
	bool ok = false;

	if (len > INT_MAX)
		return false;
	if ((b = BIO_new_mem_buf(data, (int)len)) != NULL) {
		sig = PEM_read_bio_PKCS8(b, NULL, NULL, NULL);
		BIO_free(b);
	}
	if (sig == NULL)
		sig = d2i_X509_SIG(NULL, &p, (long)len);
	if (sig == NULL)
		return false;
	X509_SIG_get0(sig, &alg, NULL);
	if (alg != NULL && OBJ_obj2nid(alg->algorithm) == NID_pbes2 &&
	    (pbe2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter)) != NULL &&
	    pbe2->encryption != NULL &&
	    OBJ_obj2nid(pbe2->encryption->algorithm) == NID_aes_256_cbc && pbe2->keyfunc != NULL &&
	    OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2 &&
	    (kdf = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM),
	         pbe2->keyfunc->parameter)) != NULL) {
		uint64_t iter = 0;
		ok = ASN1_INTEGER_get_uint64(&iter, kdf->iter) == 1 && iter >= KEY_PBKDF2_ITER;
	}
	PBKDF2PARAM_free(kdf);
	PBE2PARAM_free(pbe2);
	X509_SIG_free(sig);
	return ok;
}

struct pw_state {
	const char *pw;
	size_t len;
	bool asked;
};

static int
pw_cb(char *buf, int size, int rwflag, void *u)
{
	struct pw_state *st = u;

	(void)rwflag;
	st->asked = true;
	if (st->pw == NULL || st->len == 0 || st->len > (size_t)size)
		return -1;
	memcpy(buf, st->pw, st->len);
	return (int)st->len;
}

static EVP_PKEY *
decode_key(const unsigned char *data, size_t len, OSSL_LIB_CTX *libctx, struct pw_state *st)
{
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY *pk = NULL;
	const unsigned char *p = data;
	size_t left = len;

	dctx = OSSL_DECODER_CTX_new_for_pkey(&pk, NULL, NULL, NULL, EVP_PKEY_KEYPAIR, libctx, NULL);
	if (dctx == NULL)
		return NULL;
	OSSL_DECODER_CTX_set_pem_password_cb(dctx, pw_cb, st);
	if (!OSSL_DECODER_from_data(dctx, &p, &left))
		pk = NULL;
	OSSL_DECODER_CTX_free(dctx);
	ERR_clear_error();
	return pk;
}

/*
 * A key encrypted with DES (PBES1 MD5-DES or SHA1-DES, traditional PEM
 * with DES-CBC) needs OpenSSL's legacy provider, which ncpki otherwise
 * never loads: it is loaded into a context of its own only to decrypt such
 * a key, which is then carried over to the default context as unencrypted
 * DER in memory (cleansed) and re-encrypted by the caller.
 */
static EVP_PKEY *
decode_key_legacy(const unsigned char *data, size_t len, struct pw_state *st)
{
	OSSL_LIB_CTX *libctx = OSSL_LIB_CTX_new();
	OSSL_PROVIDER *legacy = NULL, *deflt = NULL;
	EVP_PKEY *old = NULL, *pk = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	int n = 0;

	if (libctx == NULL || (legacy = OSSL_PROVIDER_load(libctx, "legacy")) == NULL ||
	    (deflt = OSSL_PROVIDER_load(libctx, "default")) == NULL ||
	    (old = decode_key(data, len, libctx, st)) == NULL ||
	    (n = i2d_PrivateKey(old, &der)) <= 0)
		goto out;
	p = der;
	pk = d2i_AutoPrivateKey(NULL, &p, n);
out:
	if (der != NULL)
		OPENSSL_clear_free(der, (size_t)n);
	EVP_PKEY_free(old);
	OSSL_PROVIDER_unload(deflt);
	OSSL_PROVIDER_unload(legacy);
	OSSL_LIB_CTX_free(libctx);
	ERR_clear_error();
	return pk;
}

int
pki_key_load(const unsigned char *data, size_t len, const char *pw, size_t pwlen, pki_key **out,
    bool *needs_password, struct pki_error *err)
{
	struct pw_state st = { pw, pwlen, false };
	EVP_PKEY *pk;

	*out = NULL;
	if (needs_password)
		*needs_password = false;
	pk = decode_key(data, len, NULL, &st);
	if (pk == NULL && st.asked && pw != NULL && pwlen > 0)
		pk = decode_key_legacy(data, len, &st);
	if (needs_password)
		*needs_password = st.asked;
	if (pk == NULL) {
		if (st.asked && (pw == NULL || pwlen == 0))
			return pki_err_set(err, PKI_ERR_PASSWORD, "password",
			    _("The private key file is encrypted: its password is needed"));
		if (st.asked)
			return pki_err_set(err, PKI_ERR_PASSWORD, "password",
			    _("Wrong password for the private key file"));
		return pki_err_set(err, PKI_ERR_INVALID, "key",
		    _("The file is not a private key in PEM or DER form"));
	}
	*out = (pki_key *)pk;
	return 0;
}

char *
pki_pkey_desc(const EVP_PKEY *pk)
{
	char group[64] = "";

	if (pk == NULL)
		return strdup("?");
	if (EVP_PKEY_is_a(pk, "RSA") || EVP_PKEY_is_a(pk, "RSA-PSS"))
		return pki_strfmt("RSA %d", EVP_PKEY_get_bits(pk));
	if (EVP_PKEY_is_a(pk, "EC")) {
		size_t n = 0;
		EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
		    &n);
		if (strcmp(group, "prime256v1") == 0)
			return strdup("EC P-256");
		if (strcmp(group, "secp384r1") == 0)
			return strdup("EC P-384");
		if (strcmp(group, "secp521r1") == 0)
			return strdup("EC P-521");
		return pki_strfmt("EC %s", group[0] ? group : "?");
	}
	if (EVP_PKEY_is_a(pk, "ED25519"))
		return strdup("Ed25519");
	if (EVP_PKEY_is_a(pk, "ED448"))
		return strdup("Ed448");
	return pki_strfmt("%s %d", EVP_PKEY_get0_type_name(pk), EVP_PKEY_get_bits(pk));
}

char *
pki_key_desc(const pki_key *k)
{
	return pki_pkey_desc(CPKEY(k));
}

const EVP_MD *
pki_sign_md(const EVP_PKEY *pk)
{
	if (EVP_PKEY_is_a(pk, "ED25519") || EVP_PKEY_is_a(pk, "ED448"))
		return NULL;
	if (EVP_PKEY_is_a(pk, "EC") && EVP_PKEY_get_bits(pk) > 384)
		return EVP_sha512();
	if (EVP_PKEY_is_a(pk, "EC") && EVP_PKEY_get_bits(pk) > 256)
		return EVP_sha384();
	return EVP_sha256();
}

/* ------------------------------------------------------------ certificates */

static bool
looks_pem(const unsigned char *data, size_t len)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return len - i >= 10 && memcmp(data + i, "-----BEGIN", 10) == 0;
}

int
pki_x509_load(const unsigned char *data, size_t len, pki_x509 **out, bool *was_der,
    struct pki_error *err)
{
	X509 *x = NULL;

	*out = NULL;
	if (was_der)
		*was_der = false;
	if (len > INT32_MAX)
		return pki_err_set(err, PKI_ERR_TOO_LARGE, "cert",
		    _("The certificate is too large"));
	if (looks_pem(data, len)) {
		BIO *b = BIO_new_mem_buf(data, (int)len);
		if (b != NULL)
			x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		BIO_free(b);
	} else {
		const unsigned char *p = data;
		x = d2i_X509(NULL, &p, (long)len);
		if (x != NULL && p != data + len) {
			X509_free(x);
			x = NULL;
		}
		if (x != NULL && was_der)
			*was_der = true;
	}
	ERR_clear_error();
	if (x == NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "cert",
		    _("The file is not an X.509 certificate in PEM or DER form"));
	*out = (pki_x509 *)x;
	return 0;
}

void
pki_x509_free(pki_x509 **x)
{
	if (x == NULL)
		return;
	X509_free(X509P(*x));
	*x = NULL;
}

int
pki_x509_pem(const pki_x509 *x, char **pem, size_t *len, struct pki_error *err)
{
	BIO *b = BIO_new(BIO_s_mem());
	int r = 0;

	*pem = NULL;
	if (b == NULL || !PEM_write_bio_X509(b, X509P(x)))
		r = pki_err_crypto(err, _("Cannot encode the certificate"));
	else if ((*pem = bio_string(b, len)) == NULL)
		r = pki_err_nomem(err);
	BIO_free(b);
	return r;
}

int
pki_x509_der(const pki_x509 *x, unsigned char **der, size_t *len, struct pki_error *err)
{
	unsigned char *buf = NULL;
	int n = i2d_X509(CX509P(x), &buf);

	*der = NULL;
	*len = 0;
	if (n <= 0)
		return pki_err_crypto(err, _("Cannot encode the certificate"));
	/* Hand back libc memory so callers free() it. */
	if ((*der = malloc((size_t)n)) == NULL) {
		OPENSSL_free(buf);
		return pki_err_nomem(err);
	}
	memcpy(*der, buf, (size_t)n);
	OPENSSL_free(buf);
	*len = (size_t)n;
	return 0;
}

/* SHA-1 and SHA-256 fetched once: an implicit fetch per digest (EVP_sha256)
 * takes the provider store's locks, which batch issuance feels. */
static EVP_MD *fp_md_sha1, *fp_md_sha256;
static pthread_once_t fp_md_once = PTHREAD_ONCE_INIT;

static void
fp_md_fetch(void)
{
	fp_md_sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	fp_md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

int
pki_der_fingerprints(const unsigned char *der, size_t len, char sha1[PKI_FP_SHA1_SIZE],
    char sha256[PKI_FP_SHA256_SIZE], struct pki_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;

	pthread_once(&fp_md_once, fp_md_fetch);
	if (fp_md_sha1 == NULL || !EVP_Digest(der, len, md, &n, fp_md_sha1, NULL))
		return pki_err_crypto(err, _("Cannot compute a SHA-1 fingerprint"));
	pki_fp_format(md, n, sha1, PKI_FP_SHA1_SIZE);
	if (fp_md_sha256 == NULL || !EVP_Digest(der, len, md, &n, fp_md_sha256, NULL))
		return pki_err_crypto(err, _("Cannot compute a SHA-256 fingerprint"));
	pki_fp_format(md, n, sha256, PKI_FP_SHA256_SIZE);
	return 0;
}

int
pki_x509_fingerprints(const pki_x509 *x, char sha1[PKI_FP_SHA1_SIZE],
    char sha256[PKI_FP_SHA256_SIZE], struct pki_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;

	if (!X509_digest(CX509P(x), EVP_sha1(), md, &n))
		return pki_err_crypto(err, _("Cannot compute a SHA-1 fingerprint"));
	pki_fp_format(md, n, sha1, PKI_FP_SHA1_SIZE);
	if (!X509_digest(CX509P(x), EVP_sha256(), md, &n))
		return pki_err_crypto(err, _("Cannot compute a SHA-256 fingerprint"));
	pki_fp_format(md, n, sha256, PKI_FP_SHA256_SIZE);
	return 0;
}

char *
pki_name_string(const X509_NAME *name)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s = NULL;

	if (b == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
		s = bio_string(b, NULL);
	BIO_free(b);
	return s;
}

char *
pki_x509_subject(const pki_x509 *x)
{
	return pki_name_string(X509_get_subject_name(CX509P(x)));
}

char *
pki_x509_issuer(const pki_x509 *x)
{
	return pki_name_string(X509_get_issuer_name(CX509P(x)));
}

time_t
pki_asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

void
pki_x509_validity(const pki_x509 *x, time_t *nb, time_t *na)
{
	*nb = pki_asn1_time(X509_get0_notBefore(CX509P(x)));
	*na = pki_asn1_time(X509_get0_notAfter(CX509P(x)));
}

bool
pki_x509_is_ca(const pki_x509 *x)
{
	/* X509_check_ca() 1: a v3 CA with basicConstraints CA:TRUE. */
	return X509_check_ca(X509P(x)) == 1;
}

uint64_t
pki_x509_serial_u64(const pki_x509 *x)
{
	uint64_t v = 0;

	if (!ASN1_INTEGER_get_uint64(&v, X509_get0_serialNumber(CX509P(x))))
		v = 0;
	ERR_clear_error();
	return v;
}

/* Two upper-case hexadecimal digits per octet of p[0..n). */
static void
hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		*out++ = digits[p[i] >> 4];
		*out++ = digits[p[i] & 0x0f];
	}
	*out = '\0';
}

size_t
pki_serial_hex_bytes(const char *hex, unsigned char out[20])
{
	size_t len = strlen(hex), n = len / 2;

	if (len == 0 || len % 2 != 0 || n > 20 || strncmp(hex, "00", 2) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int hi = OPENSSL_hexchar2int((unsigned char)hex[2 * i]);
		int lo = OPENSSL_hexchar2int((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return 0;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return n;
}

bool
pki_asn1_serial_hex(const ASN1_INTEGER *ai, char hex[PKI_SERIAL_HEX_SIZE])
{
	const unsigned char *p = ASN1_STRING_get0_data(ai);
	int len = ASN1_STRING_length(ai), i = 0;

	hex[0] = '\0';
	/* OpenSSL keeps the magnitude, big-endian, without leading zeros. */
	while (i < len && p[i] == 0)
		i++;
	if (ASN1_STRING_type(ai) != V_ASN1_INTEGER || i == len || len - i > 20)
		return false;
	hex_encode(p + i, (size_t)(len - i), hex);
	return true;
}

int
pki_asn1_serial_set_hex(ASN1_INTEGER *ai, const char *hex, struct pki_error *err)
{
	unsigned char bytes[20];
	size_t n = pki_serial_hex_bytes(hex, bytes);
	BIGNUM *bn;
	int r = 0;

	if (n == 0)
		return pki_err_set(err, PKI_ERR_INVALID, "serial_number",
		    _("\"%s\" is not a serial number"), hex);
	if ((bn = BN_bin2bn(bytes, (int)n, NULL)) == NULL || BN_to_ASN1_INTEGER(bn, ai) == NULL)
		r = pki_err_crypto(err, _("Cannot build the certificate"));
	BN_free(bn);
	return r;
}

void
pki_x509_serial_hex(const pki_x509 *x, char hex[PKI_SERIAL_HEX_SIZE])
{
	(void)pki_asn1_serial_hex(X509_get0_serialNumber(CX509P(x)), hex);
}

bool
pki_x509_serial_is(const pki_x509 *x, uint64_t counter)
{
	char hex[PKI_SERIAL_HEX_SIZE], tail[17];
	size_t n;

	if (counter == 0)
		return false;
	if (pki_x509_serial_u64(x) == counter)
		return true;
	pki_x509_serial_hex(x, hex);
	snprintf(tail, sizeof tail, "%016llX", (unsigned long long)counter);
	n = strlen(hex);
	return n > 16 && strcmp(hex + n - 16, tail) == 0;
}

int
pki_serial_random(uint64_t counter, char hex[PKI_SERIAL_HEX_SIZE], struct pki_error *err)
{
	unsigned char b[16];
	size_t i = 0;

	do {
		if (RAND_bytes(b, 8) != 1)
			return pki_err_crypto(err, _("Cannot draw a random serial number"));
	} while ((b[0] | b[1] | b[2] | b[3] | b[4] | b[5] | b[6] | b[7]) == 0);
	for (int k = 0; k < 8; k++)
		b[8 + k] = (unsigned char)(counter >> (56 - 8 * k));
	while (b[i] == 0)
		i++;
	hex_encode(b + i, sizeof b - i, hex);
	OPENSSL_cleanse(b, sizeof b);
	return 0;
}

bool
pki_x509_matches_key(const pki_x509 *x, const pki_key *k)
{
	bool ok = X509_check_private_key(CX509P(x), CPKEY(k)) == 1;

	ERR_clear_error();
	return ok;
}

char *
pki_x509_key_desc(const pki_x509 *x)
{
	return pki_pkey_desc(X509_get0_pubkey(CX509P(x)));
}

char *
pki_gens_describe(const GENERAL_NAMES *gens)
{
	BIO *b = BIO_new(BIO_s_mem());
	char ip[INET6_ADDRSTRLEN];
	char *s;

	if (b == NULL)
		return NULL;
	for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const ASN1_STRING *v;
		if (i > 0)
			BIO_puts(b, ", ");
		switch (g->type) {
		case GEN_DNS:
			v = g->d.dNSName;
			BIO_printf(b, "DNS:%.*s", ASN1_STRING_length(v), ASN1_STRING_get0_data(v));
			break;
		case GEN_EMAIL:
			v = g->d.rfc822Name;
			BIO_printf(b, "email:%.*s", ASN1_STRING_length(v),
			    ASN1_STRING_get0_data(v));
			break;
		case GEN_URI:
			v = g->d.uniformResourceIdentifier;
			BIO_printf(b, "URI:%.*s", ASN1_STRING_length(v), ASN1_STRING_get0_data(v));
			break;
		case GEN_IPADD:
			v = g->d.iPAddress;
			if (inet_ntop(ASN1_STRING_length(v) == 4 ? AF_INET : AF_INET6,
			        ASN1_STRING_get0_data(v), ip, sizeof ip) == NULL)
				snprintf(ip, sizeof ip, "?");
			BIO_printf(b, "IP:%s", ip);
			break;
		default:
			BIO_puts(b, "other:?");
		}
	}
	s = bio_string(b, NULL);
	BIO_free(b);
	return s;
}

char *
pki_x509_sans(const pki_x509 *x)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(CX509P(x), NID_subject_alt_name, NULL, NULL);
	char *s = gens ? pki_gens_describe(gens) : strdup("");

	GENERAL_NAMES_free(gens);
	ERR_clear_error();
	return s;
}

/* PEM as PEM_write_bio writes it (64 base64 characters a line), without
 * a BIO: this runs for every request listed and certificate shown. */
char *
pki_der_to_pem(const char *label, const unsigned char *der, size_t len)
{
	size_t lines = (len + 47) / 48, ll = strlen(label), cap;
	char *s, *o;

	if (len > INT32_MAX)
		return NULL;
	/* "-----BEGIN " label "-----\n", 65 a line, "-----END " label "-----\n" */
	cap = 11 + ll + 6 + lines * 65 + 9 + ll + 6 + 1;
	if ((s = malloc(cap)) == NULL)
		return NULL;
	o = s + sprintf(s, "-----BEGIN %s-----\n", label);
	for (size_t i = 0; i < len; i += 48) {
		size_t k = len - i < 48 ? len - i : 48;

		o += EVP_EncodeBlock((unsigned char *)o, der + i, (int)k);
		*o++ = '\n';
	}
	sprintf(o, "-----END %s-----\n", label);
	return s;
}

/* ------------------------------------------------------------ DER writing */

void
pki_der_put(struct pki_der *b, const void *data, size_t n)
{
	unsigned char *np;
	size_t cap;

	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		cap = b->cap ? b->cap : 512;
		while (cap < b->len + n)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->failed = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

/* A tag and a definite length in the fewest octets: 2 to 6 of them. */
static size_t
der_header_bytes(unsigned char h[6], unsigned char tag, size_t len)
{
	size_t n = 0, octets;

	h[n++] = tag;
	if (len < 0x80) {
		h[n++] = (unsigned char)len;
	} else {
		octets = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
		h[n++] = (unsigned char)(0x80 | octets);
		while (octets-- > 0)
			h[n++] = (unsigned char)(len >> (8 * octets));
	}
	return n;
}

void
pki_der_header(struct pki_der *b, unsigned char tag, size_t len)
{
	unsigned char h[6];

	pki_der_put(b, h, der_header_bytes(h, tag, len));
}

void
pki_der_tlv(struct pki_der *b, unsigned char tag, const void *v, size_t n)
{
	pki_der_header(b, tag, n);
	pki_der_put(b, v, n);
}

void
pki_der_wrap(struct pki_der *b, size_t from, unsigned char tag)
{
	unsigned char h[6];
	size_t n = b->len - from, hl;

	if (b->failed)
		return;
	hl = der_header_bytes(h, tag, n);
	pki_der_put(b, h, hl); /* room for the header, then the contents move */
	if (b->failed)
		return;
	memmove(b->p + from + hl, b->p + from, n);
	memcpy(b->p + from, h, hl);
}

size_t
pki_der_time(unsigned char out[17], time_t t, bool generalized)
{
	struct tm tm;
	char s[64];
	size_t n;
	int year;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	year = tm.tm_year + 1900;
	if (year < 0 || year > 9999)
		year = 9999;
	if (!generalized && year >= 1950 && year < 2050) {
		snprintf(s, sizeof s, "%02d%02d%02d%02d%02d%02dZ", year % 100, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		out[0] = V_ASN1_UTCTIME;
	} else {
		snprintf(s, sizeof s, "%04d%02d%02d%02d%02d%02dZ", year, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
		out[0] = V_ASN1_GENERALIZEDTIME;
	}
	n = strlen(s);
	out[1] = (unsigned char)n;
	memcpy(out + 2, s, n);
	return n + 2;
}
