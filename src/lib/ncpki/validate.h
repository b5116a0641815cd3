/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * validate.h: the rules for what an operator or a client types: names,
 * addresses, texts, passwords, validity days and a subject Distinguished
 * Name, each checked before it reaches a certificate, a request or the
 * database, and the safe display of text that comes from elsewhere.
 */
#ifndef NCPKI_VALIDATE_H
#define NCPKI_VALIDATE_H

#include "error.h"

/* Each returns 0 or PKI_ERR_INVALID with .field set to `field`. */
int pki_check_file_root(const char *root, const char *field, struct pki_error *err);
int pki_check_country(const char *cc, const char *field, struct pki_error *err);
int pki_check_email(const char *addr, const char *field, struct pki_error *err);
int pki_check_hostname(const char *host, const char *field, struct pki_error *err);
int pki_check_phone(const char *phone, const char *field, struct pki_error *err);
int pki_check_instance(const char *name, const char *field, struct pki_error *err);
int pki_check_text(const char *s, size_t max, const char *field, struct pki_error *err);
int pki_check_password(const char *pw, size_t len, const char *field, struct pki_error *err);
int pki_check_days(long days, const char *field, struct pki_error *err);

/*
 * A subject Distinguished Name as the guide's form has it. Each field is a
 * UTF-8 string or NULL/"" when absent; at least one must be present.
 * Pointers are borrowed.
 */
struct pki_dn {
	const char *country; /* C: two-letter ISO 3166 code */
	const char *state; /* ST */
	const char *locality; /* L */
	const char *org; /* O */
	const char *ou; /* OU */
	const char *cn; /* CN */
};
int pki_dn_check(const struct pki_dn *dn, struct pki_error *err);

/* Replaces control and non-UTF-8 bytes with '?' for safe display; caller frees. */
char *pki_sanitize(const char *s);
/* The name a person knows a request or certificate by: the first CN of
 * subject (RFC 2253, its escapes undone), else the first SAN's value
 * (sans as "DNS:a.example, IP:..."), else the subject. NULL when out of
 * memory; caller frees (not sanitized). */
char *pki_display_name(const char *subject, const char *sans);

#endif /* NCPKI_VALIDATE_H */
