/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ratelimit.c: the rate limit of POST csr per client address, a
 * token bucket per address: --rate-limit requests a minute, in bursts of at
 * most --rate-burst. Memory is bounded: a fixed table of RL_SLOTS buckets,
 * found by a hash of the address and a short probe; when the probe finds
 * neither the address nor a free slot, the bucket used longest ago in it is
 * given to the new address (it has had the longest to fill up again, so
 * forgetting it costs its owner the least). An IPv6 client is counted by
 * its /64, the block one host is usually given, so that it cannot take a
 * fresh bucket with each of its addresses.
 */
#include <config.h>

#include <arpa/inet.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "ncpkid.h"

#define RL_SLOTS 4096 /* a power of two */
#define RL_PROBE 8

struct bucket {
	unsigned char key[17]; /* family byte, then 4 or 8 octets; key[0] == 0: free */
	double tokens;
	double last; /* CLOCK_MONOTONIC seconds of the last use */
};

static struct bucket table[RL_SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The bucket's key for a printed address: false when it is not one. */
static bool
address_key(const char *addr, unsigned char key[17])
{
	unsigned char a[16];

	memset(key, 0, 17);
	if (inet_pton(AF_INET, addr, a) == 1) {
		key[0] = 4;
		memcpy(key + 1, a, 4);
		return true;
	}
	if (inet_pton(AF_INET6, addr, a) == 1) {
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		if (memcmp(a, mapped, sizeof mapped) == 0) {
			key[0] = 4;
			memcpy(key + 1, a + 12, 4);
		} else {
			key[0] = 6;
			memcpy(key + 1, a, 8); /* the /64 */
		}
		return true;
	}
	return false;
}

static uint32_t
key_hash(const unsigned char key[17])
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (int i = 0; i < 17; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

bool
nd_rate_take(const char *addr, unsigned int *retry_after)
{
	unsigned char key[17];
	struct bucket *b = NULL, *oldest = NULL;
	double t, rate, burst;
	uint32_t h;
	bool ok;

	*retry_after = 0;
	if (nd_cfg.rate_limit == 0 || !address_key(addr, key))
		return true;
	rate = (double)nd_cfg.rate_limit / 60.0;
	burst = (double)nd_cfg.rate_burst;
	t = now_seconds();
	h = key_hash(key);
	pthread_mutex_lock(&mu);
	for (int i = 0; i < RL_PROBE && b == NULL; i++) {
		struct bucket *c = &table[(h + (uint32_t)i) & (RL_SLOTS - 1)];
		if (memcmp(c->key, key, sizeof key) == 0)
			b = c;
		else if (c->key[0] == 0 && (oldest == NULL || oldest->key[0] != 0))
			oldest = c;
		else if (oldest == NULL || (oldest->key[0] != 0 && c->last < oldest->last))
			oldest = c;
	}
	if (b == NULL) {
		b = oldest;
		memcpy(b->key, key, sizeof key);
		b->tokens = burst;
		b->last = t;
	}
	if (t > b->last)
		b->tokens = fmin(burst, b->tokens + (t - b->last) * rate);
	b->last = t;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	else
		*retry_after = (unsigned int)ceil((1.0 - b->tokens) / rate);
	pthread_mutex_unlock(&mu);
	if (!ok && *retry_after == 0)
		*retry_after = 1;
	return ok;
}
