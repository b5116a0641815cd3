/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * guard.c: defences at the connection level, below the routes.
 *
 * URLs: libmicrohttpd decodes %XX in the path and the query in place, so a
 * %00 would cut the string short ("certs/1%00junk" read as "certs/1").
 * nd_unescape turns an encoded NUL into DEL instead, which every check
 * (serial, file name root, host name) refuses.
 *
 * Deadline: a bound on the time a client takes to send one whole request.
 * libmicrohttpd's own timeout counts idleness only, so a client that sends
 * one byte a second would hold its connection for ever. Each connection is
 * tracked from its start (and again from the end of each answered request,
 * for keep-alive) until its request has arrived whole; a reaper thread
 * shuts down the socket of any that takes longer than --timeout (unless
 * bytes the client sent wait unread: then the service is the slow one),
 * and libmicrohttpd closes it as it would a vanished peer.
 *
 * libmicrohttpd reports a connection closed (nd_deadline_notify) before it
 * closes the socket, and the reaper works under the same lock, so it never
 * touches a descriptor that was closed and reused.
 */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ncpkid.h"

size_t
nd_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *p;

	(void)cls;
	(void)conn;
	for (p = s; (p = strstr(p, "%00")) != NULL; p += 3)
		memcpy(p + 1, "7F", 2);
	return MHD_http_unescape(s);
}

struct tracked {
	struct tracked *prev, *next;
	int fd;
	bool waiting; /* the request is not complete yet */
	bool cut; /* shut down already */
	time_t deadline; /* CLOCK_MONOTONIC seconds */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct tracked *head;
static long limit = 30;
static bool running, stopping;
static pthread_t reaper;
static unsigned long cut_count;

static time_t
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void
nd_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct tracked *t;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = NULL;
		if (ci == NULL || (t = calloc(1, sizeof *t)) == NULL)
			return;
		t->fd = ci->connect_fd;
		t->waiting = true;
		pthread_mutex_lock(&lock);
		t->deadline = now_mono() + limit;
		t->next = head;
		if (head != NULL)
			head->prev = t;
		head = t;
		pthread_mutex_unlock(&lock);
		*socket_context = t;
		return;
	}
	if ((t = *socket_context) == NULL)
		return;
	pthread_mutex_lock(&lock);
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		head = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	pthread_mutex_unlock(&lock);
	free(t);
	*socket_context = NULL;
}

static struct tracked *
of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

void
nd_deadline_arrived(struct MHD_Connection *conn)
{
	struct tracked *t = of(conn);

	if (t == NULL)
		return;
	pthread_mutex_lock(&lock);
	t->waiting = false;
	pthread_mutex_unlock(&lock);
}

void
nd_deadline_rearm(struct MHD_Connection *conn)
{
	struct tracked *t = of(conn);

	if (t == NULL)
		return;
	pthread_mutex_lock(&lock);
	t->waiting = true;
	t->deadline = now_mono() + limit;
	pthread_mutex_unlock(&lock);
}

/* Bytes the client sent that the service has not read yet: then the delay
 * is the busy service's, not the client's, and the connection stays. */
static bool
unread(int fd)
{
	int n = 0;

	return ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

static void *
reap(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		time_t now = now_mono();
		for (struct tracked *t = head; t != NULL; t = t->next)
			if (t->waiting && !t->cut && now >= t->deadline && !unread(t->fd)) {
				/* libmicrohttpd sees the end of the stream and closes it */
				shutdown(t->fd, SHUT_RDWR);
				t->cut = true;
				cut_count++;
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&wake, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int
nd_deadline_start(long seconds)
{
	limit = seconds;
	stopping = false;
	if (pthread_create(&reaper, NULL, reap, NULL) != 0)
		return -1;
	running = true;
	return 0;
}

void
nd_deadline_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(reaper, NULL);
	running = false;
}

unsigned long
nd_deadline_cuts(void)
{
	unsigned long n;

	pthread_mutex_lock(&lock);
	n = cut_count;
	pthread_mutex_unlock(&lock);
	return n;
}
