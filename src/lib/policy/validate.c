/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * validate.c: the guide's field rules (file name root, ISO 3166 country,
 * email, host names, passwords, validity periods), the subject DN rule
 * (at least one attribute), and the text rule every stored string obeys:
 * valid UTF-8 with no control characters, so nothing a requester sends can
 * drive an operator's terminal.
 */
#include "internal.h"

#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>

/* ISO 3166-1 alpha-2, officially assigned codes. */
static const char iso3166[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI "
    "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN "
    "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK "
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK "
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP "
    "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

/*
 * Decodes one UTF-8 sequence at s; returns its length, or 0 when it is
 * malformed (overlong, surrogate, beyond U+10FFFF, truncated).
 */
static size_t
utf8_decode(const unsigned char *s, unsigned long *cp)
{
	unsigned long c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Characters that drive a terminal: C0, DEL, C1. */
static bool
is_control(unsigned long c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

/* Characters that make text read other than it is: bidirectional
 * controls, invisible characters (soft hyphen, zero-width space, joiner
 * and non-joiner, word joiner, byte-order mark) and non-characters. */
static bool
is_hidden(unsigned long c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
	    c == 0x200F || c == 0x061C || c == 0x00AD || (c >= 0x200B && c <= 0x200D) ||
	    c == 0x2060 || c == 0xFEFF || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

static bool
is_unsafe(unsigned long c)
{
	return is_control(c) || is_hidden(c);
}

/* 0: fine; 1: control character; 2: invalid UTF-8; 3: a hidden character,
 * *bad. *chars: code points. */
static int
text_scan(const char *s, size_t *chars, unsigned long *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n;

	*chars = 0;
	*bad = 0;
	while (*p) {
		if ((n = utf8_decode(p, &c)) == 0)
			return 2;
		if (is_control(c))
			return 1;
		if (is_hidden(c)) {
			*bad = c;
			return 3;
		}
		p += n;
		(*chars)++;
	}
	return 0;
}

char *
pki_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = malloc(strlen((const char *)p) + 1), *o = out;
	unsigned long c;
	size_t n;

	if (out == NULL)
		return NULL;
	while (*p) {
		if ((n = utf8_decode(p, &c)) == 0 || is_unsafe(c)) {
			*o++ = '?';
			p += n ? n : 1;
			continue;
		}
		memcpy(o, p, n);
		o += n;
		p += n;
	}
	*o = '\0';
	return out;
}

/* The value of the RDN at p ("CN=a\\,b,O=..." gives "a,b") up to the next
 * unescaped ',' or '+', unescaped; *end is where it stopped. */
static char *
rdn_value(const char *p, const char **end)
{
	char *out = malloc(strlen(p) + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (*p != '\0' && *p != ',' && *p != '+') {
		if (*p == '\\' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = { p[1], p[2], '\0' };

			*o++ = (char)strtoul(hex, NULL, 16);
			p += 3;
		} else if (*p == '\\' && p[1] != '\0') {
			*o++ = p[1];
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*end = p;
	return out;
}

char *
pki_display_name(const char *subject, const char *sans)
{
	const char *p = subject != NULL ? subject : "", *end;
	char *v;

	/* The first CN among the RDNs. */
	while (*p != '\0') {
		bool cn = strncasecmp(p, "CN=", 3) == 0;

		if ((v = rdn_value(cn ? p + 3 : p, &end)) == NULL)
			return NULL;
		if (cn && v[0] != '\0')
			return v;
		free(v);
		p = *end != '\0' ? end + 1 : end;
	}
	/* Else the first SAN's value ("DNS:a.example, IP:..." gives a.example). */
	if (sans != NULL && sans[0] != '\0') {
		const char *colon = strchr(sans, ':');
		const char *from = colon != NULL ? colon + 1 : sans;
		size_t n = strcspn(from, ",");

		if ((v = malloc(n + 1)) == NULL)
			return NULL;
		memcpy(v, from, n);
		v[n] = '\0';
		return v;
	}
	return strdup(subject != NULL ? subject : "");
}

int
pki_check_text(const char *s, size_t max, const char *field, struct pki_error *err)
{
	size_t chars;
	unsigned long bad;

	if (s == NULL)
		return 0;
	switch (text_scan(s, &chars, &bad)) {
	case 1:
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("%s contains control characters or terminal escape sequences"), field);
	case 3:
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("%s contains U+%04lX, an invisible, bidirectional-control or non-character "
		      "that would make it read other than it is"),
		    field, bad);
	case 2:
		return pki_err_set(err, PKI_ERR_INVALID, field, _("%s is not valid UTF-8 text"),
		    field);
	}
	if (chars > max)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("%s is longer than %zu characters"), field, max);
	return 0;
}

int
pki_check_file_root(const char *root, const char *field, struct pki_error *err)
{
	const char *p;

	if (pki_str_empty(root))
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The file name root is required"));
	for (p = root; *p; p++)
		if (!(isascii((unsigned char)*p) && isalnum((unsigned char)*p)) && *p != '-' &&
		    *p != '_') {
			char *shown = pki_sanitize(root);
			int r = pki_err_set(err, PKI_ERR_INVALID, field,
			    _("The file name root \"%s\" may contain only letters, digits, "
			      "the hyphen and the underscore"),
			    shown ? shown : "");
			free(shown);
			return r;
		}
	if (strlen(root) > PKI_FILE_ROOT_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The file name root is longer than %d characters"), PKI_FILE_ROOT_MAX);
	/* "-rf.key" would be read as options by openssl, ls, rm, tar... */
	if (root[0] == '-')
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The file name root \"%s\" cannot begin with a hyphen: commands such as "
		      "openssl and ls would read the file names made from it as options"),
		    root);
	if (strcasecmp(root, "cache") == 0)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The file name root cannot be \"cache\""));
	return 0;
}

int
pki_check_country(const char *cc, const char *field, struct pki_error *err)
{
	char up[3];

	if (cc != NULL && strlen(cc) == 2 && isalpha((unsigned char)cc[0]) &&
	    isalpha((unsigned char)cc[1])) {
		up[0] = (char)toupper((unsigned char)cc[0]);
		up[1] = (char)toupper((unsigned char)cc[1]);
		up[2] = '\0';
		/* Codes are two letters and a space: the last has no space. */
		for (size_t i = 0; i + 2 <= sizeof iso3166 - 1; i += 3)
			if (iso3166[i] == up[0] && iso3166[i + 1] == up[1])
				return 0;
	}
	return pki_err_set(err, PKI_ERR_INVALID, field,
	    _("Country must be a two-letter ISO 3166 code, such as US or FR"));
}

static bool
is_label_char(int c)
{
	return isascii(c) && (isalnum(c) || c == '-');
}

/* The public suffix list: the distribution's copy (Debian's publicsuffix)
 * when it is newer than libpsl's built-in one. Loaded once, shared by
 * every thread that builds or lints a certificate. */
static const psl_ctx_t *psl;
static pthread_once_t psl_once = PTHREAD_ONCE_INIT;

static void
psl_load(void)
{
	psl = psl_latest(NULL);
	if (psl == NULL)
		psl = psl_builtin();
}

bool
pki_public_suffix(const char *domain)
{
	char low[256];
	size_t n = strlen(domain);

	if (n == 0 || n >= sizeof low)
		return false;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)domain[i]);
	pthread_once(&psl_once, psl_load);
	if (psl == NULL) /* no list at all: a single label is a TLD */
		return strchr(low, '.') == NULL;
	/* PSL_TYPE_ANY keeps the implicit "*" rule: an unlisted TLD is one. */
	return psl_is_public_suffix2(psl, low, PSL_TYPE_ANY) != 0;
}

enum host_verdict { HOST_OK, HOST_BAD, HOST_WILDCARD_PLACE, HOST_WILDCARD_SUFFIX };

/* RFC 1123 host name: dot-separated labels of 1-63, 253 in all. A
 * wildcard, when allowed, is the whole leftmost label, never directly
 * above a public suffix (RFC 6125 6.4.3, CA/Browser Forum BR 3.2.2.6). */
static enum host_verdict
hostname_scan(const char *h, bool allow_wildcard)
{
	size_t label = 0, total = strlen(h);

	if (total == 0 || total > 253)
		return HOST_BAD;
	if (allow_wildcard && h[0] == '*' && h[1] == '.')
		h += 2;
	for (const char *p = h;; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0 || label > 63 || p[-1] == '-')
				return HOST_BAD;
			if (*p == '\0')
				break;
			label = 0;
			continue;
		}
		if (*p == '*' && allow_wildcard)
			return HOST_WILDCARD_PLACE;
		if (!is_label_char((unsigned char)*p) || (label == 0 && *p == '-'))
			return HOST_BAD;
		label++;
	}
	return HOST_OK;
}

static enum host_verdict
hostname_check(const char *h, bool allow_wildcard)
{
	enum host_verdict v = hostname_scan(h, allow_wildcard);

	if (v == HOST_OK && allow_wildcard && h[0] == '*' && pki_public_suffix(h + 2))
		return HOST_WILDCARD_SUFFIX;
	return v;
}

static bool
hostname_ok(const char *h, bool allow_wildcard)
{
	return hostname_check(h, allow_wildcard) == HOST_OK;
}

bool
pki_hostname_syntax(const char *h, bool allow_wildcard)
{
	return h != NULL && hostname_ok(h, allow_wildcard);
}

int
pki_check_dns_name(const char *h, bool allow_wildcard, const char *field, struct pki_error *err)
{
	enum host_verdict v = h != NULL ? hostname_check(h, allow_wildcard) : HOST_BAD;
	char *shown;
	int r;

	if (v == HOST_OK)
		return 0;
	shown = pki_sanitize(h);
	switch (v) {
	case HOST_WILDCARD_PLACE:
		r = pki_err_set(err, PKI_ERR_INVALID, field,
		    _("\"%s\": a wildcard may only be the whole leftmost label, as in *.example.com"),
		    shown ? shown : "");
		break;
	case HOST_WILDCARD_SUFFIX:
		r = pki_err_set(err, PKI_ERR_INVALID, field,
		    _("\"%s\": a wildcard directly under a public suffix (a top-level domain such "
		      "as com or co.uk) would cover every domain registered there"),
		    shown ? shown : "");
		break;
	default:
		r = pki_err_set(err, PKI_ERR_INVALID, field, _("\"%s\" is not a valid host name"),
		    shown ? shown : "");
	}
	free(shown);
	return r;
}

int
pki_check_hostname(const char *host, const char *field, struct pki_error *err)
{
	return pki_check_dns_name(host, false, field, err);
}

bool
pki_email_syntax(const char *addr)
{
	const char *at, *p;

	if (addr == NULL || strlen(addr) > 254 || (at = strchr(addr, '@')) == NULL || at == addr ||
	    at - addr > 64 || strchr(at + 1, '@') != NULL)
		return false;
	for (p = addr; p < at; p++)
		if (!isascii((unsigned char)*p) || !isgraph((unsigned char)*p) ||
		    strchr("()<>[]:;,\\\"", *p) != NULL)
			return false;
	if (addr[0] == '.' || at[-1] == '.' || strstr(addr, "..") != NULL)
		return false;
	/* A fully qualified domain: at least two labels. */
	return hostname_ok(at + 1, false) && strchr(at + 1, '.') != NULL;
}

int
pki_check_email(const char *addr, const char *field, struct pki_error *err)
{
	if (pki_email_syntax(addr))
		return 0;
	char *shown = pki_sanitize(addr);
	int r = pki_err_set(err, PKI_ERR_INVALID, field,
	    _("\"%s\" is not a fully qualified email address such as CAMgr@MyDomain.com"),
	    shown ? shown : "");
	free(shown);
	return r;
}

int
pki_check_phone(const char *phone, const char *field, struct pki_error *err)
{
	size_t digits = 0;

	if (phone != NULL && strlen(phone) <= 40) {
		const char *p;
		for (p = phone; *p; p++) {
			if (isdigit((unsigned char)*p))
				digits++;
			else if (!strchr(" +-().", *p) && !(*p == 'x' && digits > 0))
				break;
		}
		if (*p == '\0' && digits >= 3)
			return 0;
	}
	return pki_err_set(err, PKI_ERR_INVALID, field,
	    _("The phone number may contain only digits, spaces and + - ( ) ."));
}

int
pki_check_instance(const char *name, const char *field, struct pki_error *err)
{
	const char *p;

	if (pki_str_empty(name) || strlen(name) > 64)
		goto bad;
	for (p = name; *p; p++)
		if (!(isascii((unsigned char)*p) && isalnum((unsigned char)*p)) &&
		    !strchr("-_.:", *p))
			goto bad;
	return 0;
bad:
	return pki_err_set(err, PKI_ERR_INVALID, field,
	    _("The instance name must be 1 to 64 letters, digits, '-', '_', '.' or ':'"));
}

int
pki_check_password(const char *pw, size_t len, const char *field, struct pki_error *err)
{
	if (pw == NULL || len == 0)
		return pki_err_set(err, PKI_ERR_INVALID, field, _("A password is required"));
	if (len < PKI_PASSWORD_MIN)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The password must be at least %d characters long"), PKI_PASSWORD_MIN);
	if (len > PKI_PASSWORD_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The password must be at most %d characters long"), PKI_PASSWORD_MAX);
	if (memchr(pw, '\0', len) != NULL)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The password cannot contain a NUL character"));
	return 0;
}

int
pki_check_days(long days, const char *field, struct pki_error *err)
{
	if (days >= 1 && days <= PKI_DAYS_MAX)
		return 0;
	return pki_err_set(err, PKI_ERR_INVALID, field,
	    _("The validity period must be a whole number of days from 1 to %d"), PKI_DAYS_MAX);
}

/* RFC 5280 upper bounds, in characters. */
static const struct {
	size_t off;
	const char *field;
	const char *label;
	size_t max;
} dn_fields[] = {
	{ offsetof(struct pki_dn, state), "state", N_("State or Province"), 128 },
	{ offsetof(struct pki_dn, locality), "locality", N_("Locality"), 128 },
	{ offsetof(struct pki_dn, org), "org", N_("Organization"), 64 },
	{ offsetof(struct pki_dn, ou), "ou", N_("Organizational Unit"), 64 },
	{ offsetof(struct pki_dn, cn), "cn", N_("Common Name"), 64 },
};

void
pki_faults_init(struct pki_faults *c, struct pki_error *errs, size_t max)
{
	memset(c, 0, sizeof *c);
	c->errs = errs;
	c->max = errs != NULL ? max : 0;
}

struct pki_error *
pki_fault_slot(struct pki_faults *c)
{
	struct pki_error *e = c->n < c->max ? &c->errs[c->n] : &c->scratch;

	pki_error_clear(e);
	return e;
}

int
pki_faults_end(const struct pki_faults *c, size_t *count)
{
	*count = c->n < c->max ? c->n : c->max;
	return c->n > 0 ? PKI_ERR_INVALID : 0;
}

int
pki_dn_check_all(const struct pki_dn *dn, struct pki_error *errs, size_t max, size_t *count)
{
	struct pki_faults c;
	bool any = false;

	pki_faults_init(&c, errs, max);
	if (!pki_str_empty(dn->country)) {
		PKI_FAULT(&c, pki_check_country(dn->country, "country", pki_fault_slot(&c)));
		any = true;
	}
	for (size_t i = 0; i < sizeof dn_fields / sizeof dn_fields[0]; i++) {
		const char *v = *(const char *const *)((const char *)dn + dn_fields[i].off);
		struct pki_error *e;

		if (pki_str_empty(v))
			continue;
		any = true;
		e = pki_fault_slot(&c);
		if (pki_check_text(v, dn_fields[i].max, _(dn_fields[i].label), e) != 0) {
			snprintf(e->field, sizeof e->field, "%s", dn_fields[i].field);
			c.n++;
		}
	}
	if (!any)
		PKI_FAULT(&c,
		    pki_err_set(pki_fault_slot(&c), PKI_ERR_INVALID, "cn",
		        _("The Subject Distinguished Name needs a value for at least one "
		          "attribute")));
	return pki_faults_end(&c, count);
}

int
pki_dn_check(const struct pki_dn *dn, struct pki_error *err)
{
	size_t n;

	return pki_dn_check_all(dn, err, 1, &n);
}

/* ------------------------------------------------------ names of things */

static const struct {
	const char *name;
	const char *alias;
	const char *label;
} key_types[PKI_KEY__COUNT] = {
	[PKI_KEY_RSA2048] = { "rsa2048", "rsa:2048", "RSA 2048" },
	[PKI_KEY_RSA3072] = { "rsa3072", "rsa:3072", "RSA 3072" },
	[PKI_KEY_RSA4096] = { "rsa4096", "rsa:4096", "RSA 4096" },
	[PKI_KEY_EC_P256] = { "p256", "ec-p256", "EC P-256" },
	[PKI_KEY_EC_P384] = { "p384", "ec-p384", "EC P-384" },
	[PKI_KEY_ED25519] = { "ed25519", "ed25519", "Ed25519" },
};

int
pki_key_type_parse(const char *name, enum pki_key_type *out)
{
	for (int i = 0; i < PKI_KEY__COUNT; i++)
		if (name &&
		    (strcasecmp(name, key_types[i].name) == 0 ||
		        strcasecmp(name, key_types[i].alias) == 0 ||
		        strcasecmp(name, key_types[i].label) == 0)) {
			*out = (enum pki_key_type)i;
			return 0;
		}
	return PKI_ERR_INVALID;
}

const char *
pki_key_type_name(enum pki_key_type t)
{
	return (unsigned)t < PKI_KEY__COUNT ? key_types[t].name : "?";
}

const char *
pki_key_type_label(enum pki_key_type t)
{
	return (unsigned)t < PKI_KEY__COUNT ? key_types[t].label : "?";
}
