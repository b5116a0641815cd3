/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c: ncpkid's access log and its own messages. One access line per
 * request: ISO 8601 UTC time, peer address, method, path, status and body
 * bytes, space separated, the path with control and non-UTF-8 bytes
 * replaced. The log is a file opened for appending (SIGHUP reopens it, for
 * logrotate) or standard error. Worker threads share it under a mutex.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_fp;        /* NULL: stderr */
static char *log_path;

/* ------------------------------------------------------------- messages */

static void vmessage(const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	if (kind != NULL)
		fprintf(stderr, "ncpkid: %s: ", kind);
	else
		fputs("ncpkid: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void nd_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(_("error"), fmt, ap);
	va_end(ap);
}

void nd_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(_("warning"), fmt, ap);
	va_end(ap);
}

void nd_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
}

int nd_exit_code(int code)
{
	switch (code) {
	case PKI_OK:
		return ND_EXIT_OK;
	case PKI_ERR_INVALID:
	case PKI_ERR_BAD_CSR:
	case PKI_ERR_WEAK_KEY:
	case PKI_ERR_DUPLICATE:
	case PKI_ERR_TOO_LARGE:
	case PKI_ERR_MISMATCH:
	case PKI_ERR_NOT_CA:
	case PKI_ERR_EXISTS:
	case PKI_ERR_QUOTA:
	case PKI_ERR_NOT_RENEWAL:
		return ND_EXIT_REJECTED;
	case PKI_ERR_PASSWORD:
		return ND_EXIT_PASSWORD;
	case PKI_ERR_KEY_UNAVAILABLE:
		return ND_EXIT_KEY;
	default:
		return ND_EXIT_FAILURE;
	}
}

int nd_fail(const struct pki_error *err)
{
	nd_error("%s", err->msg[0] != '\0' ? err->msg : pki_strerror(err->code));
	return nd_exit_code(err->code);
}

/* ------------------------------------------------------------ access log */

static FILE *open_log(const char *path)
{
	FILE *fp = fopen(path, "ae");

	if (fp == NULL)
		nd_error(_("Cannot open the access log %s: %s"), path, strerror(errno));
	else
		setvbuf(fp, NULL, _IOLBF, 0);
	return fp;
}

int nd_log_open(const char *path)
{
	if (path == NULL)
		return 0;
	if ((log_path = strdup(path)) == NULL || (log_fp = open_log(path)) == NULL)
		return -1;
	return 0;
}

int nd_log_reopen(void)
{
	FILE *fp;
	int r = 0;

	if (log_path == NULL)
		return 0;
	fp = open_log(log_path);
	pthread_mutex_lock(&log_lock);
	if (fp != NULL) {
		if (log_fp != NULL)
			fclose(log_fp);
		log_fp = fp;
	} else
		r = -1;   /* keep writing to the old file */
	pthread_mutex_unlock(&log_lock);
	return r;
}

void nd_log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
	pthread_mutex_unlock(&log_lock);
	free(log_path);
	log_path = NULL;
}

void nd_log_request(const struct nd_req *rq)
{
	char when[32] = "-";
	struct timespec ts;
	struct tm tm;
	char *path;
	FILE *fp;
	size_t i;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (gmtime_r(&ts.tv_sec, &tm) != NULL) {
		size_t n = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(when + n, sizeof when - n, ".%03ldZ", ts.tv_nsec / 1000000L);
	}
	path = pki_sanitize(rq->url != NULL ? rq->url : "");
	/* a path is one field: no spaces in it */
	for (i = 0; path != NULL && path[i] != '\0'; i++)
		if (path[i] == ' ')
			path[i] = '+';
	pthread_mutex_lock(&log_lock);
	fp = log_fp != NULL ? log_fp : stderr;
	fprintf(fp, "%s %s %s %s %u %zu\n", when, rq->peer,
	        rq->method[0] != '\0' ? rq->method : "-",
	        path != NULL && path[0] != '\0' ? path : "-", rq->status, rq->bytes);
	fflush(fp);
	pthread_mutex_unlock(&log_lock);
	free(path);
}
