/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mail.c: email notices. The events (server configured, certificate
 * issued) put a row in the outbox table inside their own transaction; new
 * requests are told to the administrator in a digest (pki_mail_csr_digest),
 * one notice for all that arrived since the last one; pki_mail_flush()
 * later sends the due rows over SMTP with libcurl, outside any
 * transaction, and records each outcome in a short transaction of its
 * own: sent, or a retry with exponential backoff (one minute doubling to
 * six hours), or 'failed' after PKI_MAIL_MAX_ATTEMPTS.
 * A notice that cannot be sent never fails the operation that caused it.
 *
 * Header injection: the recipient must pass pki_email_syntax (no spaces,
 * no controls), the subject may not hold CR or LF and is RFC 2047 encoded
 * when it is not plain ASCII, and the body's line ends are normalised to
 * CRLF (libcurl dot-stuffs lines that begin with '.').
 */
#include "internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define MAIL_FLUSH_MAX 1000 /* rows looked at per flush */
#define MAIL_LEASE_SECONDS 120 /* a row being sent is not due elsewhere */
#define MAIL_LINE_MAX 900 /* body lines are folded beyond this */

/* ------------------------------------------------------------- cleanup */

void
pki_mail_clear(struct pki_mail *m)
{
	if (m == NULL)
		return;
	free(m->kind);
	free(m->recipient);
	free(m->subject);
	free(m->state);
	free(m->last_error);
	memset(m, 0, sizeof *m);
}

void
pki_mail_array_free(struct pki_mail **arr, size_t n)
{
	if (arr == NULL || *arr == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		pki_mail_clear(&(*arr)[i]);
	free(*arr);
	*arr = NULL;
}

/* ------------------------------------------------------------- backoff */

time_t
pki_mail_backoff(int attempts)
{
	time_t d = 60;

	for (int i = 1; i < attempts && d < PKI_MAIL_BACKOFF_MAX; i++)
		d *= 2;
	return d > PKI_MAIL_BACKOFF_MAX ? PKI_MAIL_BACKOFF_MAX : d;
}

/* ------------------------------------------------------------- enqueue */

static bool
kind_ok(const char *kind)
{
	return kind != NULL &&
	    (strcmp(kind, "ca-configured") == 0 || strcmp(kind, "csr-received") == 0 ||
	        strcmp(kind, "cert-issued") == 0 || strcmp(kind, "expiry-notice") == 0);
}

int
pki_mail_enqueue(pki_store *s, const char *kind, const char *recipient, const char *subject,
    const char *body, struct pki_error *err)
{
	int r;

	if (!kind_ok(kind))
		return pki_err_set(err, PKI_ERR_INVALID, "kind", _("Unknown kind of email notice"));
	if ((r = pki_check_email(recipient, "recipient", err)) != 0)
		return r;
	if (subject == NULL || strpbrk(subject, "\r\n") != NULL || strlen(subject) > 500)
		return pki_err_set(err, PKI_ERR_INVALID, "subject",
		    _("An email subject must be one line of at most 500 bytes"));
	if (body == NULL || strlen(body) > 64 * 1024)
		return pki_err_set(err, PKI_ERR_INVALID, "body",
		    _("An email body must be at most 64 KiB"));
	return s->ops->outbox_insert(s, kind, recipient, subject, body, time(NULL), err);
}

/* A recipient the notices can use; others are skipped, never an error. */
static int
enqueue_soft(pki_store *s, const char *kind, const char *recipient, const char *subject,
    const char *body, struct pki_error *err)
{
	struct pki_error scratch;
	int r;

	if (pki_str_empty(recipient) || !pki_email_syntax(recipient))
		return 0;
	pki_error_clear(&scratch);
	r = pki_mail_enqueue(s, kind, recipient, subject, body, &scratch);
	if (r == PKI_ERR_INVALID)
		return 0;
	if (r != 0 && err != NULL)
		*err = scratch;
	return r;
}

/* s through pki_sanitize, for a body line; never NULL on success. */
static char *
clean(const char *s)
{
	return pki_sanitize(s != NULL ? s : "");
}

static void
fmt_utc(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, n, "?");
}

int
pki_mail_notify_configured(pki_store *s, const struct pki_ca_row *row, const char *cer_path,
    const char *key_path, const char *srl_path, struct pki_error *err)
{
	char *subj = NULL, *body = NULL;
	int r;

	if (pki_str_empty(row->admin_email))
		return 0;
	subj = clean(row->subject);
	if (subj == NULL)
		return pki_err_nomem(err);
	body = pki_strfmt("%s\n\n%s\n%s\n\n%s\n%s\n%s\n%s\n\n%s %s\n%s %s\n%s %s\n\n%s\n",
	    _("The Certificate Authority server has been configured."),
	    _("Certificate Authority Certificate subject:"), subj,
	    _("Certificate Authority Certificate SHA-1 fingerprint:"), row->sha1,
	    _("Certificate Authority Certificate SHA-256 fingerprint:"), row->sha256,
	    _("Certificate file:"), cer_path ? cer_path : "", _("Private key file:"),
	    key_path ? key_path : "", _("Serial file:"), srl_path ? srl_path : "",
	    _("Store the private key on removable media that can be physically secured."));
	free(subj);
	if (body == NULL)
		return pki_err_nomem(err);
	r = enqueue_soft(s, "ca-configured", row->admin_email,
	    _("Certificate Authority server configured"), body, err);
	free(body);
	return r;
}

int
pki_mail_notify_issued(pki_store *s, const struct pki_cert_info *ci, struct pki_error *err)
{
	char *root, *subj, *subject = NULL, *body = NULL;
	char until[64];
	int r = 0;

	if (pki_str_empty(ci->contact_email))
		return 0;
	root = clean(ci->file_root);
	subj = clean(ci->subject);
	if (root == NULL || subj == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	fmt_utc(ci->not_after, until, sizeof until);
	subject =
	    pki_strfmt(_("Certificate number %llu issued for Certificate Signing Request \"%s\""),
	        (unsigned long long)ci->serial, root);
	body = pki_strfmt(
	    "%s\n\n%s %llu\n%s %s\n%s %s\n%s %s\n%s\n%s\n\n%s\n    ncpki client get %llu\n",
	    _("Your Certificate Signing Request was processed and a certificate was issued."),
	    _("Certificate number:"), (unsigned long long)ci->serial, _("File name:"), root,
	    _("Subject:"), subj, _("Valid until:"), until, _("SHA-1 fingerprint:"), ci->sha1,
	    _("To download it on the Certificate Authority client:"),
	    (unsigned long long)ci->serial);
	if (subject == NULL || body == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	r = enqueue_soft(s, "cert-issued", ci->contact_email, subject, body, err);
out:
	free(root);
	free(subj);
	free(subject);
	free(body);
	return r;
}

/* ------------------------------------------------- SMTP password file */

/* The SMTP password lives in DATA/smtp-password (0600), never in the
 * database. */
char *
pki_mail_password_path(const pki_store *store)
{
	return pki_path_resolve(pki_store_home(store), PKI_SMTP_PASSWORD_FILE);
}

int
pki_mail_password_save(const pki_store *store, const char *pw, size_t len, struct pki_error *err)
{
	char *path = pki_mail_password_path(store);
	int r;

	if (path == NULL)
		return pki_err_nomem(err);
	if (pw == NULL || len == 0) {
		if (unlink(path) != 0 && errno != ENOENT)
			r = pki_err_set(err, PKI_ERR_IO, "smtp_password",
			    _("Cannot remove \"%s\": %s"), path, strerror(errno));
		else
			r = 0;
	} else
		r = pki_file_write_atomic(path, pw, len, 0600, err);
	free(path);
	return r;
}

/* *pw: the password, or NULL when the file does not exist. A file that
 * group or others can read is refused. */
static int
password_load(const pki_store *store, char **pw, struct pki_error *err)
{
	char *path = pki_mail_password_path(store);
	unsigned char *buf = NULL;
	size_t len = 0, pwlen;
	struct stat st;
	int r = 0;

	*pw = NULL;
	if (path == NULL)
		return pki_err_nomem(err);
	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			r = pki_err_set(err, PKI_ERR_IO, "smtp_password",
			    _("Cannot read \"%s\": %s"), path, strerror(errno));
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		r = pki_err_set(err, PKI_ERR_IO, "smtp_password",
		    _("The SMTP password file \"%s\" can be read by other users; "
		      "make it private with: chmod 600 %s"),
		    path, path);
		goto out;
	}
	if ((r = pki_file_read(path, PKI_PASSWORD_MAX, &buf, &len, err)) != 0)
		goto out;
	/* An operator may edit the file: its first line is the password. */
	for (pwlen = 0; pwlen < len && buf[pwlen] != '\n' && buf[pwlen] != '\r'; pwlen++)
		;
	if ((*pw = malloc(pwlen + 1)) == NULL)
		r = pki_err_nomem(err);
	else {
		memcpy(*pw, buf, pwlen);
		(*pw)[pwlen] = '\0';
	}
	pki_secret_free(buf, len);
out:
	free(path);
	return r;
}

/* An older database may hold the password in ca_config: move it to its
 * file and clear the column. Done by each flush before the password is
 * used (the store itself knows nothing of mail). */
int
pki_mail_password_migrate(pki_store *store, struct pki_error *err)
{
	struct pki_ca_row row;
	char *path = NULL;
	int r;

	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r == PKI_ERR_NOT_CONFIGURED ? 0 : r;
	if (pki_str_empty(row.smtp_password))
		goto out;
	if ((path = pki_mail_password_path(store)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (access(path, F_OK) != 0 &&
	    (r = pki_mail_password_save(store, row.smtp_password, strlen(row.smtp_password),
	         err)) != 0)
		goto out;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto out;
	if ((r = store->ops->ca_clear_smtp_password(store, err)) != 0) {
		store->ops->tx_rollback(store);
		goto out;
	}
	r = store->ops->tx_commit(store, err);
out:
	free(path);
	pki_ca_row_clear(&row);
	return r;
}

/* ---------------------------------------------------------- SMTP URL */

static bool
host_is_loopback(const char *host)
{
	unsigned char a[16];

	if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
		return true;
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char one[16] = { [15] = 1 };
		return memcmp(a, one, 16) == 0;
	}
	return false;
}

int
pki_mail_smtp_target(const char *server, struct pki_smtp_target *t, struct pki_error *err)
{
	const char *p = server, *hend, *port = NULL;
	bool smtps = false, scheme = false;
	long pn = 0;

	memset(t, 0, sizeof *t);
	if (pki_str_empty(server))
		return pki_err_set(err, PKI_ERR_NOT_CONFIGURED, "smtp_server",
		    _("No SMTP server is configured"));
	if (strncasecmp(p, "smtps://", 8) == 0) {
		smtps = scheme = true;
		p += 8;
	} else if (strncasecmp(p, "smtp://", 7) == 0) {
		scheme = true;
		p += 7;
	}
	if (*p == '[') {
		const char *rb = strchr(p, ']');
		if (rb == NULL)
			goto bad;
		p++;
		hend = rb;
		if (rb[1] == ':')
			port = rb + 2;
		else if (rb[1] != '\0' && !(rb[1] == '/' && rb[2] == '\0'))
			goto bad;
	} else {
		const char *colon = strchr(p, ':');
		hend = colon ? colon : p + strlen(p);
		if (hend > p && hend[-1] == '/' && colon == NULL)
			hend--;
		if (colon != NULL)
			port = colon + 1;
	}
	if (hend == p || (size_t)(hend - p) >= sizeof t->host)
		goto bad;
	memcpy(t->host, p, (size_t)(hend - p));
	t->host[hend - p] = '\0';
	if (strpbrk(t->host, "/@?#% \t\r\n") != NULL)
		goto bad;
	if (port != NULL) {
		char *end;
		errno = 0;
		pn = strtol(port, &end, 10);
		if (*end == '/' && end[1] == '\0')
			end++;
		if (errno || end == port || *end || pn < 1 || pn > 65535)
			goto bad;
	}
	if (!scheme && pn == 465)
		smtps = true;
	t->port = pn ? pn : smtps ? 465 : 25;
	t->smtps = smtps;
	t->loopback = host_is_loopback(t->host);
	return 0;
bad:
	return pki_err_set(err, PKI_ERR_INVALID, "smtp_server",
	    _("The SMTP server must be HOST, HOST:PORT, smtp://HOST:PORT or smtps://HOST:PORT"));
}

/* ---------------------------------------------------------- message */

/* Appends to a growing buffer; false when out of memory. */
struct buf {
	char *p;
	size_t len, cap;
};

static bool
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *np;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL)
			return false;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

static bool
buf_str(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

static bool
needs_encoding(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x7f || *p < 0x20)
			return true;
	/* "=?" could be read as an encoded word. */
	return strstr(s, "=?") != NULL;
}

/* The Subject header's value: ASCII as is, otherwise RFC 2047 B words. */
static bool
add_subject(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;
	bool first = true;

	if (!needs_encoding(s))
		return buf_str(b, s);
	while (i < len) {
		/* 45 bytes of text make 60 of base64: a word under 75. */
		size_t n = len - i > 45 ? 45 : len - i;
		unsigned char out[80];
		/* Do not split a UTF-8 sequence. */
		while (n > 1 && i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--;
		EVP_EncodeBlock(out, (const unsigned char *)s + i, (int)n);
		if ((!first && !buf_str(b, "\r\n ")) || !buf_str(b, "=?UTF-8?B?") ||
		    !buf_str(b, (const char *)out) || !buf_str(b, "?="))
			return false;
		first = false;
		i += n;
	}
	return true;
}

/* The body with CRLF line ends; long lines folded. */
static bool
add_body(struct buf *b, const char *s)
{
	size_t col = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			if (!buf_add(b, "\r\n", 2))
				return false;
			col = 0;
			continue;
		}
		if (col >= MAIL_LINE_MAX && ((unsigned char)*p & 0xC0) != 0x80) {
			if (!buf_add(b, "\r\n", 2))
				return false;
			col = 0;
		}
		if (!buf_add(b, p, 1))
			return false;
		col++;
	}
	if (col > 0)
		return buf_add(b, "\r\n", 2);
	return true;
}

static void
rfc5322_date(time_t t, char *out, size_t n)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(out, n, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
	    months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int
pki_mail_message(int64_t id, const char *from, const char *to, const char *subject,
    const char *body, time_t now, char **out, struct pki_error *err)
{
	struct buf b = { NULL, 0, 0 };
	unsigned char rnd[8];
	char date[64], mid[256], hex[17];
	const char *domain = strchr(from, '@');

	*out = NULL;
	if (!pki_email_syntax(from) || !pki_email_syntax(to))
		return pki_err_set(err, PKI_ERR_INVALID, "recipient",
		    _("An email address is not valid"));
	if (strpbrk(subject, "\r\n") != NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "subject",
		    _("An email subject must be one line of at most 500 bytes"));
	if (RAND_bytes(rnd, sizeof rnd) != 1)
		memset(rnd, 0, sizeof rnd);
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	rfc5322_date(now, date, sizeof date);
	snprintf(mid, sizeof mid, "<ncpki.%lld.%lld.%s@%s>", (long long)id, (long long)now, hex,
	    domain + 1);
	if (!buf_str(&b, "Date: ") || !buf_str(&b, date) || !buf_str(&b, "\r\nFrom: ncpki <") ||
	    !buf_str(&b, from) || !buf_str(&b, ">\r\nTo: <") || !buf_str(&b, to) ||
	    !buf_str(&b, ">\r\nSubject: ") || !add_subject(&b, subject) ||
	    !buf_str(&b, "\r\nMessage-ID: ") || !buf_str(&b, mid) ||
	    !buf_str(&b,
	        "\r\nMIME-Version: 1.0\r\n"
	        "Content-Type: text/plain; charset=UTF-8\r\n"
	        "Content-Transfer-Encoding: 8bit\r\n"
	        "Auto-Submitted: auto-generated\r\n\r\n") ||
	    !add_body(&b, body)) {
		free(b.p);
		return pki_err_nomem(err);
	}
	*out = b.p;
	return 0;
}

/* ---------------------------------------------------------- sending */

struct upload {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* The SMTP server is verified against the system's roots plus the CAs
 * the operator gave (DATA/smtp-ca.pem), never this CA's own
 * certificate by default. */
struct ssl_extra {
	const unsigned char *pem;
	size_t len;
};

/* Each certificate of a PEM buffer, into `store` if non-NULL; how many. */
static int
pem_certs(const unsigned char *pem, size_t len, X509_STORE *store)
{
	BIO *b = BIO_new_mem_buf(pem, (int)len);
	X509 *cert;
	int n = 0;

	if (b == NULL)
		return 0;
	while ((cert = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (store == NULL || X509_STORE_add_cert(store, cert) == 1)
			n++;
		X509_free(cert);
	}
	BIO_free(b);
	ERR_clear_error();
	return n;
}

static CURLcode
ssl_ctx_cb(CURL *curl, void *ssl_ctx, void *ud)
{
	struct ssl_extra *x = ud;

	(void)curl;
	if (x->pem != NULL && x->len > 0)
		pem_certs(x->pem, x->len, SSL_CTX_get_cert_store((SSL_CTX *)ssl_ctx));
	return CURLE_OK;
}

static char *
ca_path(const pki_store *store)
{
	return pki_path_resolve(pki_store_home(store), PKI_SMTP_CA_FILE);
}

bool
pki_mail_ca_present(const pki_store *store)
{
	char *path = ca_path(store);
	bool ok = path != NULL && access(path, F_OK) == 0;

	free(path);
	return ok;
}

int
pki_mail_ca_save(const pki_store *store, const char *from, struct pki_error *err)
{
	char *path = ca_path(store);
	unsigned char *buf = NULL;
	size_t len = 0;
	int r;

	if (path == NULL)
		return pki_err_nomem(err);
	if (from == NULL) {
		r = 0;
		if (unlink(path) != 0 && errno != ENOENT)
			r = pki_err_set(err, PKI_ERR_IO, "smtp_ca_file",
			    _("Cannot remove \"%s\": %s"), path, strerror(errno));
	} else if ((r = pki_file_read(from, 1024 * 1024, &buf, &len, err)) == 0) {
		if (pem_certs(buf, len, NULL) == 0)
			r = pki_err_set(err, PKI_ERR_INVALID, "smtp_ca_file",
			    _("\"%s\" holds no PEM certificate to trust for the SMTP server"),
			    from);
		else
			r = pki_file_write_atomic(path, buf, len, 0644, err);
	}
	free(buf);
	free(path);
	return r;
}

/* What a flush records on one row, each in its own short transaction. */
enum outcome { CLAIM, SENT, FAILED, NOTE };

/* *claimed: CLAIM took the row (no other flusher did). */
static int
record_tx(pki_store *s, enum outcome what, const struct pki_outbox_due *d, const char *error,
    int64_t now, int64_t next, int attempts, bool *claimed, struct pki_error *err)
{
	int r;

	if ((r = s->ops->tx_begin(s, true, err)) != 0)
		return r;
	switch (what) {
	case CLAIM:
		r = s->ops->outbox_claim(s, d->id, d->next_at, next, claimed, err);
		break;
	case SENT:
		r = s->ops->outbox_sent(s, d->id, now, err);
		break;
	case FAILED:
		r = s->ops->outbox_failed(s, d->id, attempts, PKI_MAIL_MAX_ATTEMPTS, error, next,
		    err);
		break;
	case NOTE:
		r = s->ops->outbox_note(s, d->id, error, err);
		break;
	}
	if (r != 0) {
		s->ops->tx_rollback(s);
		return r;
	}
	return s->ops->tx_commit(s, err);
}

/* Errors that concern the server, not one message: the rest of the round
 * gets the same answer without another try. */
static bool
server_wide(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return true;
	default:
		return false;
	}
}

static void
default_from(char *out, size_t n)
{
	char host[256];

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	snprintf(out, n, "ncpki@%s", host);
	if (!pki_email_syntax(out))
		snprintf(out, n, "ncpki@localhost.localdomain");
}

int
pki_mail_flush(pki_store *store, bool all, size_t *sent, size_t *failed, struct pki_error *err)
{
	struct pki_ca_row row;
	struct pki_smtp_target tgt;
	struct pki_error terr;
	struct ssl_extra extra = { NULL, 0 };
	struct pki_outbox_due *due = NULL;
	struct curl_slist *rcpt = NULL;
	CURL *curl = NULL;
	char from[300], fromarg[320], url[600], ehlo[256], errbuf[CURL_ERROR_SIZE];
	char wide[PKI_ERROR_MSG_MAX] = "";
	char *smtp_pw = NULL;
	bool insecure = false;
	size_t n = 0, ok = 0, bad = 0;
	bool have_row = false, global = false;
	int r;

	if (sent)
		*sent = 0;
	if (failed)
		*failed = 0;
	memset(&row, 0, sizeof row);
	if ((r = pki_mail_password_migrate(store, err)) != 0 ||
	    (r = store->ops->outbox_due(store, all, time(NULL), MAIL_FLUSH_MAX, &due, &n, err)) !=
	        0)
		return r;
	if (n == 0)
		return 0;
	pki_error_clear(&terr);
	r = store->ops->ca_get(store, &row, &terr);
	if (r == 0)
		have_row = true;
	else if (r != PKI_ERR_NOT_CONFIGURED) {
		if (err)
			*err = terr;
		goto out;
	}
	if ((r = pki_mail_smtp_target(have_row ? row.smtp_server : NULL, &tgt, &terr)) != 0) {
		/* Nothing to send with: the rows wait, saying why. */
		for (size_t i = 0; i < n; i++) {
			if ((r = record_tx(store, NOTE, &due[i], terr.msg, 0, 0, 0, NULL, err)) !=
			    0)
				goto out;
			bad++;
		}
		r = 0;
		goto out;
	}
	if (have_row && pki_email_syntax(row.admin_email))
		snprintf(from, sizeof from, "%s", row.admin_email);
	else
		default_from(from, sizeof from);
	snprintf(fromarg, sizeof fromarg, "<%s>", from);
	/* Plain SMTP only to the host the operator named; loopback alone is no exemption. */
	insecure = !tgt.smtps && have_row && !pki_str_empty(row.smtp_insecure_host) &&
	    strcasecmp(row.smtp_insecure_host, tgt.host) == 0;
	if (gethostname(ehlo, sizeof ehlo) != 0 || !pki_hostname_syntax(ehlo, false))
		snprintf(ehlo, sizeof ehlo, "localhost");
	ehlo[sizeof ehlo - 1] = '\0';
	snprintf(url, sizeof url, "%s://%s%s%s:%ld/%s", tgt.smtps ? "smtps" : "smtp",
	    strchr(tgt.host, ':') ? "[" : "", tgt.host, strchr(tgt.host, ':') ? "]" : "", tgt.port,
	    ehlo);
	{
		char *cp = ca_path(store);
		unsigned char *pem = NULL;
		size_t plen = 0;

		if (cp != NULL && access(cp, F_OK) == 0 &&
		    pki_file_read(cp, 1024 * 1024, &pem, &plen, &terr) != 0)
			snprintf(wide, sizeof wide, "%s", terr.msg);
		extra.pem = pem;
		extra.len = plen;
		free(cp);
	}
	if (!pki_str_empty(row.smtp_user) && password_load(store, &smtp_pw, &terr) != 0)
		snprintf(wide, sizeof wide, "%s", terr.msg);

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		r = pki_err_set(err, PKI_ERR_NOMEM, NULL, _("libcurl could not be initialised"));
		goto out;
	}
	global = true;
	if ((curl = curl_easy_init()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct pki_outbox_due *d = &due[i];
		struct upload up;
		char *msg = NULL;
		char errtext[PKI_ERROR_MSG_MAX];
		int64_t now = (int64_t)time(NULL);
		bool claimed = false;
		int attempts;
		CURLcode cc = CURLE_OK;
		long code = 0;

		/* Claim the row for this round. */
		if ((r = record_tx(store, CLAIM, d, NULL, now, now + MAIL_LEASE_SECONDS, 0,
		         &claimed, err)) != 0)
			goto out;
		if (!claimed)
			continue;
		errtext[0] = '\0';
		if (wide[0] != '\0') {
			snprintf(errtext, sizeof errtext, "%s", wide);
		} else if (pki_mail_message(d->id, from, d->recipient, d->subject, d->body,
		               (time_t)now, &msg, &terr) != 0) {
			snprintf(errtext, sizeof errtext, "%s", terr.msg);
		} else {
			char rcptarg[300];

			snprintf(rcptarg, sizeof rcptarg, "<%s>", d->recipient);
			curl_slist_free_all(rcpt);
			rcpt = curl_slist_append(NULL, rcptarg);
			up.p = msg;
			up.left = strlen(msg);
			errbuf[0] = '\0';
			curl_easy_reset(curl);
			curl_easy_setopt(curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
			curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
			curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
			curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
			curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
			curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
			curl_easy_setopt(curl, CURLOPT_USE_SSL,
			    insecure ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
			curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
			curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
			curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, ssl_ctx_cb);
			curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, &extra);
			if (!pki_str_empty(row.smtp_user)) {
				curl_easy_setopt(curl, CURLOPT_USERNAME, row.smtp_user);
				curl_easy_setopt(curl, CURLOPT_PASSWORD, smtp_pw ? smtp_pw : "");
			}
			curl_easy_setopt(curl, CURLOPT_MAIL_FROM, fromarg);
			curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
			curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
			curl_easy_setopt(curl, CURLOPT_READDATA, &up);
			curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
			curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.left);
			cc = rcpt ? curl_easy_perform(curl) : CURLE_OUT_OF_MEMORY;
			curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
			if (cc != CURLE_OK) {
				const char *why = errbuf[0] ? errbuf : curl_easy_strerror(cc);
				if (code > 0)
					snprintf(errtext, sizeof errtext,
					    _("%s (SMTP response %ld)"), why, code);
				else
					snprintf(errtext, sizeof errtext, "%s", why);
				if (server_wide(cc))
					snprintf(wide, sizeof wide, "%s", errtext);
			}
			pki_secret_free(msg, strlen(msg));
			msg = NULL;
		}
		now = (int64_t)time(NULL);
		if (errtext[0] == '\0') {
			r = record_tx(store, SENT, d, NULL, now, 0, 0, NULL, err);
			ok++;
		} else {
			attempts = d->attempts + 1;
			r = record_tx(store, FAILED, d, errtext, now,
			    now + (int64_t)pki_mail_backoff(attempts), attempts, NULL, err);
			bad++;
		}
		if (r != 0)
			goto out;
	}
out:
	curl_slist_free_all(rcpt);
	if (curl)
		curl_easy_cleanup(curl);
	if (global)
		curl_global_cleanup();
	if (smtp_pw)
		pki_secret_free(smtp_pw, strlen(smtp_pw));
	free((void *)extra.pem);
	pki_ca_row_clear(&row);
	pki_outbox_due_free(due, n);
	if (sent)
		*sent = ok;
	if (failed)
		*failed = bad;
	return r;
}

/* ---------------------------------------------------------- list, retry */

int
pki_mail_list(pki_store *store, struct pki_mail **out, size_t *n, struct pki_error *err)
{
	return store->ops->outbox_list(store, out, n, err);
}

int
pki_mail_get(pki_store *store, int64_t id, struct pki_mail *out, struct pki_error *err)
{
	return store->ops->outbox_get(store, id, out, err);
}

int
pki_mail_last(pki_store *store, const char *kind, struct pki_mail *out, struct pki_error *err)
{
	return store->ops->outbox_last(store, kind, out, err);
}

int
pki_mail_retry(pki_store *store, int64_t id, size_t *count, struct pki_error *err)
{
	struct pki_mail m;
	int r, changed = 0;

	if (count)
		*count = 0;
	if (id < 0)
		return pki_err_set(err, PKI_ERR_INVALID, "id", _("No email notice %lld"),
		    (long long)id);
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = store->ops->outbox_retry(store, id, time(NULL), &changed, err)) != 0)
		goto fail;
	if (id != 0 && changed == 0) {
		if ((r = pki_mail_get(store, id, &m, err)) == 0) {
			r = pki_err_set(err, PKI_ERR_INVALID, "id",
			    _("Email notice %lld was already sent"), (long long)id);
			pki_mail_clear(&m);
		}
		goto fail;
	}
	if ((r = store->ops->tx_commit(store, err)) != 0)
		return r;
	if (count)
		*count = (size_t)changed;
	return 0;
fail:
	store->ops->tx_rollback(store);
	return r;
}

/* ------------------------------------------------------------- digest */

/* The most requests a digest lists one by one; the others are counted. */
#define DIGEST_LIST_MAX 40
/* A digest's body stays well under pki_mail_enqueue's 64 KiB. */
#define DIGEST_BODY_MAX (48 * 1024)

/* One request's lines, as the single notice had them. */
static bool
digest_block(struct buf *b, const struct pki_csr_info *c)
{
	char *f[8], *text;
	bool ok = false;

	f[0] = clean(c->file_root);
	f[1] = clean(c->subject);
	f[2] = clean(c->contact_name);
	f[3] = clean(c->contact_phone);
	f[4] = clean(c->contact_email);
	f[5] = clean(c->hostname);
	f[6] = clean(c->instance);
	f[7] = clean(c->sans);
	for (int i = 0; i < 8; i++)
		if (f[i] == NULL)
			goto out;
	text = pki_strfmt("%s %lld\n%s %s\n%s %s\n%s %s\n%s\n%s\n%s\n%s\n\n"
	                  "%s %s\n%s %s\n%s %s\n%s %s\n%s %s\n\n",
	    _("Request:"), (long long)c->id, _("File name:"), f[0], _("Subject:"), f[1],
	    _("Requested SANs:"), f[7], _("SHA-1 fingerprint:"), c->sha1, _("SHA-256 fingerprint:"),
	    c->sha256, _("Technical contact:"), f[2], _("Phone:"), f[3], _("Email:"), f[4],
	    _("Hostname:"), f[5], _("Instance:"), f[6]);
	ok = text != NULL && buf_str(b, text);
	free(text);
out:
	for (int i = 0; i < 8; i++)
		free(f[i]);
	return ok;
}

/* The digest's subject and body (caller frees both). */
static int
digest_text(const struct pki_csr_info *list, size_t n, size_t total, char **subject, char **body,
    struct pki_error *err)
{
	struct buf b = { NULL, 0, 0 };
	char *root = NULL, *head = NULL, *tail = NULL;
	size_t shown = 0;
	bool ok;

	*subject = *body = NULL;
	if (total == 1 && n == 1) {
		if ((root = clean(list[0].file_root)) != NULL)
			*subject = pki_strfmt(
			    _("Certificate Signing Request \"%s\" received as request %lld"), root,
			    (long long)list[0].id);
		free(root);
		head = pki_strfmt("%s\n\n",
		    _("A Certificate Signing Request was received and waits to be processed."));
	} else {
		*subject = pki_strfmt(dngettext(PACKAGE, "%zu Certificate Signing Request received",
		                          "%zu Certificate Signing Requests received", total),
		    total);
		head = pki_strfmt(
		    dngettext(PACKAGE,
		        "%zu Certificate Signing Request was received and waits to be processed.\n\n",
		        "%zu Certificate Signing Requests were received and wait to be processed.\n\n",
		        total),
		    total);
	}
	ok = *subject != NULL && head != NULL && buf_str(&b, head);
	for (shown = 0; ok && shown < n && b.len < DIGEST_BODY_MAX; shown++)
		ok = digest_block(&b, &list[shown]);
	if (ok && shown < total) {
		tail = pki_strfmt(dngettext(PACKAGE,
		                      "And %zu more request: ncpki csr list shows them all.\n\n",
		                      "And %zu more requests: ncpki csr list shows them all.\n\n",
		                      total - shown),
		    total - shown);
		ok = tail != NULL && buf_str(&b, tail);
	}
	free(head);
	free(tail);
	if (ok) {
		char id[32] = "ID";

		if (total == 1 && n == 1)
			snprintf(id, sizeof id, "%lld", (long long)list[0].id);
		head = pki_strfmt(
		    "%s\n\n%s\n    ncpki csr process %s --usage tls|intermediate|codesign\n",
		    _("Before issuing, contact the technical contact by a means that prevents "
		      "impersonation and verify: their identity; their authority to hold a "
		      "certificate with the Subject Distinguished Name shown above; that the "
		      "SHA-1 fingerprint shown above matches the one reported to them when "
		      "they submitted the request."),
		    total == 1 && n == 1 ? _("To process it:") : _("To process them:"), id);
		ok = head != NULL && buf_str(&b, head);
		free(head);
	}
	if (!ok) {
		free(*subject);
		*subject = NULL;
		free(b.p);
		return pki_err_nomem(err);
	}
	*body = b.p;
	return 0;
}

/* Inside the caller's transaction. */
static int
digest_tx(pki_store *s, time_t now, time_t interval, time_t *next_due, bool *queued,
    struct pki_error *err)
{
	struct pki_csr_info *list = NULL;
	char *admin = NULL, *subject = NULL, *body = NULL;
	size_t n = 0, total = 0;
	time_t last = 0;
	int r;

	if ((r = s->ops->ca_digest_state(s, &admin, &last, err)) == PKI_ERR_NOT_CONFIGURED) {
		pki_error_clear(err);
		return 0; /* not configured: the requests wait for a digest */
	}
	if (r != 0)
		goto out;
	if ((r = s->ops->csr_unnotified(s, 0, &list, &n, &total, err)) != 0 || total == 0)
		goto out;
	/* A clock set back does not hold the digest for long. */
	if (last <= now && now - last < interval) {
		*next_due = last + interval;
		goto out;
	}
	if (!pki_str_empty(admin)) {
		if ((r = s->ops->csr_unnotified(s, DIGEST_LIST_MAX, &list, &n, &total, err)) != 0 ||
		    (r = digest_text(list, n, total, &subject, &body, err)) != 0 ||
		    (r = enqueue_soft(s, "csr-received", admin, subject, body, err)) != 0)
			goto out;
		*queued = true;
	}
	if ((r = s->ops->csr_mark_notified(s, err)) == 0)
		r = s->ops->ca_set_digest_at(s, now, err);
out:
	pki_csr_info_array_free(&list, n);
	free(admin);
	free(subject);
	free(body);
	return r;
}

int
pki_mail_csr_digest(pki_store *s, time_t now, time_t interval, time_t *next_due, bool *queued,
    struct pki_error *err)
{
	int r;

	*next_due = 0;
	*queued = false;
	if ((r = s->ops->tx_begin(s, true, err)) != 0)
		return r;
	if ((r = digest_tx(s, now, interval, next_due, queued, err)) != 0) {
		s->ops->tx_rollback(s);
		*queued = false;
		return r;
	}
	if ((r = s->ops->tx_commit(s, err)) != 0)
		*queued = false;
	return r;
}
