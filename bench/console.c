/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console.c: times, for `make bench-console`, the queries the console's
 * "Issued certificates" page makes (ui/screen_certs.c): opening the page
 * (the first page and the capped count), End (the last page), and each
 * keystroke of a filter typed one character at a time (the count and the
 * first page of the text typed so far). One line per measurement:
 * "KIND MILLISECONDS ROWS COUNT[+] [partial]", KIND being open, end, short (one or two
 * characters typed) or indexed (three or more).
 * Usage: ncpki-bench-console HOME TEXT
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ncpki.h"

/* The page's own figures (ui/screen_certs.c). */
#define CHUNK 100
#define COUNT_CAP 1000

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What the page does for one state of the filter: a page and its count. */
static int
step(pki_store *store, const char *kind, const char *text, enum pki_cert_seek seek)
{
	struct pki_cert_query q;
	struct pki_cert_page page;
	struct pki_error err;
	double t0;

	memset(&q, 0, sizeof q);
	q.text = text;
	q.seek = seek;
	q.limit = CHUNK;
	q.count_cap = COUNT_CAP;
	t0 = now_ms();
	if (pki_cert_page_read(store, &q, &page, &err) != 0) {
		fprintf(stderr, "ncpki-bench-console: %s\n", err.msg);
		return 1;
	}
	printf("%s %.3f %zu %zu%s%s\n", kind, now_ms() - t0, page.n, page.count,
	    page.count_more ? "+" : "", page.partial ? " partial" : "");
	pki_cert_page_clear(&page);
	return 0;
}

int
main(int argc, char **argv)
{
	struct pki_error err;
	pki_store *store = NULL;
	char typed[256];
	size_t i, len;
	int r = 0;

	if (argc != 3 || (len = strlen(argv[2])) >= sizeof typed) {
		fprintf(stderr, "usage: ncpki-bench-console HOME TEXT\n");
		return 2;
	}
	pki_init();
	if (pki_open(argv[1], &store, &err) != 0) {
		fprintf(stderr, "ncpki-bench-console: %s\n", err.msg);
		return 1;
	}
	r |= step(store, "open", NULL, PKI_SEEK_FIRST);
	r |= step(store, "end", NULL, PKI_SEEK_LAST);
	for (i = 1; i <= len && r == 0; i++) {
		memcpy(typed, argv[2], i);
		typed[i] = '\0';
		r |= step(store, i < 3 ? "short" : "indexed", typed, PKI_SEEK_FIRST);
	}
	pki_close(&store);
	return r;
}
