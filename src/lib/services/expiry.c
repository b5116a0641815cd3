/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expiry.c: certificates nearing their notAfter. The listing the console
 * and `ncpki cert expiring` show, the CA's notice period (ca_config
 * notice_days), and the expiry notices: one outbox row per certificate,
 * queued once (cert.expiry_notice_at), for the mailer to send.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

int
pki_cert_list_expiring(pki_store *store, long days, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	*out = NULL;
	*n = 0;
	if (days < 0 || days > PKI_DAYS_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("The number of days must be a whole number from 0 to %d"), PKI_DAYS_MAX);
	return store->ops->cert_expiring(store, time(NULL) + (time_t)days * DAY, 0, out, n, err);
}

int
pki_cert_expiring_page(pki_store *store, long days, size_t limit, size_t count_cap,
    struct pki_expiring_page *out, struct pki_error *err)
{
	time_t now = time(NULL);
	int r;

	memset(out, 0, sizeof *out);
	if (days < 0 || days > PKI_DAYS_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("The number of days must be a whole number from 0 to %d"), PKI_DAYS_MAX);
	/* one read: the rows and both counts agree */
	if ((r = store->ops->tx_begin(store, false, err)) != 0)
		return r;
	if ((r = store->ops->cert_expiring(store, now + (time_t)days * DAY, limit, &out->rows,
	         &out->n, err)) == 0 &&
	    (r = store->ops->cert_expiring_count(store, now + (time_t)days * DAY, count_cap,
	         &out->count, &out->count_more, err)) == 0)
		r = store->ops->cert_expiring_count(store, now, count_cap, &out->expired,
		    &out->expired_more, err);
	store->ops->tx_rollback(store);
	if (r != 0)
		pki_expiring_page_clear(out);
	return r;
}

void
pki_expiring_page_clear(struct pki_expiring_page *p)
{
	pki_cert_info_array_free(&p->rows, p->n);
	memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------ notice days */

int
pki_server_set_notice_days(pki_store *store, long days, struct pki_error *err)
{
	struct pki_server_settings set = PKI_SERVER_SETTINGS_KEEP;

	set.notice_days = days < 0 ? -2 : days; /* -1 would mean "as it is" */
	return pki_server_settings_set(store, &set, err);
}

int
pki_server_get_notice_days(pki_store *store, long *days, struct pki_error *err)
{
	int r;

	*days = 0;
	if ((r = store->ops->tx_begin(store, false, err)) != 0)
		return r;
	r = store->ops->ca_notice_days(store, days, err);
	store->ops->tx_rollback(store);
	return r;
}

/* ---------------------------------------------------------------- notices */

static void
utc(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, n, "?");
}

/*
 * Queues one notice; a recipient the outbox refuses is skipped (the
 * certificate is still marked: asking again every hour would not help).
 * The subject line holds only the serial, the file name root (its syntax
 * has no CR or LF) and a date; body fields go through pki_sanitize.
 */
static int
queue_one(pki_store *s, const struct pki_expiry_due *d, time_t now, bool *queued,
    struct pki_error *err)
{
	struct pki_error scratch;
	char *root = pki_sanitize(d->file_root), *subj = pki_sanitize(d->subject);
	char *subject = NULL, *body = NULL, until[64];
	long left = (long)((d->not_after - now + DAY - 1) / DAY);
	int r = 0;

	*queued = false;
	if (root == NULL || subj == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	utc(d->not_after, until, sizeof until);
	subject = pki_strfmt(_("Certificate number %llu \"%s\" expires on %s"),
	    (unsigned long long)d->serial, root, until);
	body = pki_strfmt(
	    "%s\n\n%s %llu\n%s %s\n%s %s\n%s %s\n%s %ld\n\n%s\n    ncpki client renew --serial %llu\n\n%s\n",
	    _("A certificate issued by the Certificate Authority expires soon."),
	    _("Certificate number:"), (unsigned long long)d->serial, _("File name:"), root,
	    _("Subject:"), subj, _("Valid until:"), until, _("Days left:"), left,
	    _("To renew it, run on the Certificate Authority client (a new key and a request "
	      "with the same subject and subjectAltNames, sent as a renewal):"),
	    (unsigned long long)d->serial,
	    _("The Certificate Authority then processes the renewal request like any other."));
	if (subject == NULL || body == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	pki_error_clear(&scratch);
	r = pki_mail_enqueue(s, "expiry-notice", d->email, subject, body, &scratch);
	if (r == 0)
		*queued = true;
	else if (r == PKI_ERR_INVALID)
		r = 0;
	else if (err != NULL)
		*err = scratch;
out:
	free(root);
	free(subj);
	free(subject);
	free(body);
	return r;
}

int
pki_expiry_notices_queue(pki_store *store, time_t now, size_t *queued, struct pki_error *err)
{
	struct pki_expiry_due *due = NULL;
	size_t n = 0, count = 0;
	long days = 0;
	bool q;
	int r;

	*queued = 0;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	r = store->ops->ca_notice_days(store, &days, err);
	if (r == PKI_ERR_NOT_CONFIGURED || (r == 0 && days == 0)) {
		/* No CA here, or notices turned off: nothing to do. */
		pki_error_clear(err);
		store->ops->tx_rollback(store);
		return 0;
	}
	/* The rows first, then the inserts and updates: no writes under a scan. */
	if (r != 0 ||
	    (r = store->ops->cert_expiry_due(store, now, now + (time_t)days * DAY, &due, &n,
	         err)) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if ((r = queue_one(store, &due[i], now, &q, err)) != 0 ||
		    (r = store->ops->cert_expiry_mark(store, due[i].serial, now, err)) != 0)
			goto fail;
		count += q;
	}
	if ((r = store->ops->tx_commit(store, err)) != 0)
		goto out;
	*queued = count;
	goto out;
fail:
	store->ops->tx_rollback(store);
out:
	pki_expiry_due_free(due, n);
	return r;
}
