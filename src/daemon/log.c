/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c: ncpkid's access log. One line per request: ISO 8601 UTC time,
 * peer address, method, path, status and body bytes, space separated, the
 * path with control and non-UTF-8 bytes replaced. The log is a file opened
 * for appending (SIGHUP reopens it, for logrotate) or standard error.
 * Worker threads share it under a mutex. ncpkid's own messages are
 * src/common's (message.h).
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_fp; /* NULL: stderr */
static char *log_path;

/* ------------------------------------------------------------ access log */

static FILE *
open_log(const char *path)
{
	FILE *fp = fopen(path, "ae");

	if (fp == NULL)
		nc_error(_("Cannot open the access log %s: %s"), path, strerror(errno));
	else
		setvbuf(fp, NULL, _IOLBF, 0);
	return fp;
}

int
nd_log_open(const char *path)
{
	if (path == NULL)
		return 0;
	if ((log_path = strdup(path)) == NULL || (log_fp = open_log(path)) == NULL)
		return -1;
	return 0;
}

int
nd_log_reopen(void)
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
		r = -1; /* keep writing to the old file */
	pthread_mutex_unlock(&log_lock);
	return r;
}

void
nd_log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
	pthread_mutex_unlock(&log_lock);
	free(log_path);
	log_path = NULL;
}

void
nd_log_request(const struct nd_req *rq)
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
	    rq->method[0] != '\0' ? rq->method : "-", path != NULL && path[0] != '\0' ? path : "-",
	    rq->status, rq->bytes);
	fflush(fp);
	pthread_mutex_unlock(&log_lock);
	free(path);
}
