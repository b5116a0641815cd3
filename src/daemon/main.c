/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c: the ncpkid entry point. Reads the options, loads the service's
 * TLS key and certificate (never the CA's key), starts libmicrohttpd with
 * its own polling threads, a bounded pool of workers, connection limits and
 * timeouts, and then waits for signals in the main thread: SIGHUP reopens
 * the access log; SIGTERM and SIGINT stop accepting, let the requests in
 * progress finish (a few seconds at most) and exit 0. The service's
 * certificate is made by "ncpki service setup"; "ncpkid setup" only says so.
 * No daemonizing: systemd (data/ncpkid.service) or the operator runs it in
 * the foreground.
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "lang.h"
#include "ncpkid.h"
#include "options.h"

struct nd_config nd_cfg;

#define DEFAULT_TIMEOUT 30
#define DEFAULT_MAX_CONN 256
/* Connections one client address may hold at once (on each listener): a
 * host that opens hundreds of idle connections takes this many slots, and
 * every other client is still served. */
#define DEFAULT_MAX_CONN_PER_ADDR 32
#define CONN_MEMORY_LIMIT (128 * 1024)
/* The plain OCSP/CRL listener's: its requests are small (an OCSP GET of
 * RFC 5019 size, a POST body that arrives in pieces). Under 32 KiB
 * libmicrohttpd takes the pool from malloc rather than mmap and munmap per
 * connection, and clears 16 KiB after each request rather than 128. */
#define PUBLIC_MEMORY_LIMIT (16 * 1024)
#define DRAIN_SECONDS 5
/* Intake abuse: POST csr a minute per address and the burst, the
 * pending requests per address and per contact, the administrator's digest. */
#define DEFAULT_RATE_LIMIT 10
#define DEFAULT_RATE_BURST 20
#define DEFAULT_MAX_PER_ADDRESS 50
#define DEFAULT_MAX_PER_CONTACT 20
/*
 * GnuTLS priorities of the HTTPS listener: Mozilla's "intermediate"
 * profile. TLS 1.2 and 1.3 only; for 1.2, ECDHE key exchange (forward
 * secrecy) with AEAD ciphers only (AES-GCM, ChaCha20-Poly1305): no CBC,
 * no static RSA or DHE key exchange, no SHA-1 MAC. The client chooses
 * among these, as the profile says. `gnutls-cli --priority STRING -l`
 * lists the suites; tests/http/t0140-tls-profile.sh checks them.
 */
#define TLS_PRIORITIES \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:" \
	"-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:" \
	"-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA"

/* ncpkid's options: the table is the --help and what t0003 holds the
 * manual page ncpkid(8) to. */
struct options {
	const char *home, *listen, *path, *instance, *node;
	const char *tls_cert, *tls_key, *access_log;
	long port, threads, timeout, max_conn, max_conn_addr;
	bool insecure_http, force_http, public_listing, foreground, version;
	const char *ocsp_listen; /* --ocsp-http-listen, NULL: --listen */
	long ocsp_port; /* --ocsp-http-port, -1: no plain listener */
	long rate_limit, rate_burst, max_per_address, max_per_contact, digest_interval;
};

static const struct options defaults = {
	.listen = "0.0.0.0",
	.port = ND_DEFAULT_PORT,
	.path = ND_DEFAULT_PATH,
	.timeout = DEFAULT_TIMEOUT,
	.max_conn = DEFAULT_MAX_CONN,
	.max_conn_addr = DEFAULT_MAX_CONN_PER_ADDR,
	.ocsp_port = -1,
	.rate_limit = DEFAULT_RATE_LIMIT,
	.rate_burst = DEFAULT_RATE_BURST,
	.max_per_address = DEFAULT_MAX_PER_ADDRESS,
	.max_per_contact = DEFAULT_MAX_PER_CONTACT,
	.digest_interval = PKI_MAIL_DIGEST_INTERVAL,
};

static int
check_instance(const char *hint, const struct nc_option *opt, const char *arg, void *field,
    void *base)
{
	struct pki_error err;

	pki_error_clear(&err);
	if (pki_check_instance(arg, "instance", &err) != 0 || arg[0] == '\0')
		return nc_usage_error(hint, _("--instance: '%s' is not a valid instance name"),
		    arg);
	return 0;
}

static int
show_version(const char *hint, const struct nc_option *opt, const char *arg, void *field,
    void *base)
{
	printf("ncpkid (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	return NC_OPT_DONE;
}

#define O struct options
static const struct nc_option options[] = {
	NC_OPT_STR("home", O, home, "DIR", N_("the data directory (default: as ncpki's)")),
	NC_OPT_STR("listen", O, listen, "ADDRESS",
	    N_("the IP address to listen on (default: 0.0.0.0)")),
	NC_OPT_NUM("port", O, port, "N", N_("the TCP port (default: 8443; 0: any free port)"),
	    .min = 0, .max = 65535),
	NC_OPT_STR("path", O, path, "PATH", N_("the service path (default: /ncpki/v1)")),
	NC_OPT_STR("instance", O, instance, "NAME",
	    N_("the instance name announced (default: the CA's file name root)"),
	    .cb = check_instance),
	NC_OPT_STR("node", O, node, "NAME", N_("the node name announced (default: the host name)")),
	NC_OPT_STR("tls-cert", O, tls_cert, "FILE",
	    N_("the TLS certificate (default: DATA/ncpkid/ncpkid.cer)")),
	NC_OPT_STR("tls-key", O, tls_key, "FILE",
	    N_("the TLS key (default: DATA/ncpkid/ncpkid.key)")),
	NC_OPT_BOOL("insecure-http", O, insecure_http,
	    N_("serve plain HTTP (loopback addresses only)")),
	NC_OPT_BOOL("force-http-on-public", O, force_http,
	    N_("allow --insecure-http on any address"), .needs = "insecure-http"),
	NC_OPT_STR("access-log", O, access_log, "FILE",
	    N_("append access lines to FILE (default: standard error)")),
	NC_OPT_NUM("threads", O, threads, "N",
	    N_("worker threads (default: the number of CPUs, 2 to 16)"), .min = 1, .max = 256),
	NC_OPT_NUM("timeout", O, timeout, "SECONDS",
	    N_("idle connection timeout, and the most a client may take to send a request "
	       "(default: 30)"),
	    .min = 1, .max = 3600),
	NC_OPT_NUM("max-connections", O, max_conn, "N", N_("concurrent connections (default: 256)"),
	    .min = 1, .max = 65536),
	NC_OPT_NUM("max-connections-per-address", O, max_conn_addr, "N",
	    N_("concurrent connections from one client address (default: 32)"), .min = 1,
	    .max = 65536),
	NC_OPT_NUM("ocsp-http-port", O, ocsp_port, "N",
	    N_("also serve OCSP and the CRL, and nothing else, over plain HTTP on port N (0: any "
	       "free port)"),
	    .min = 0, .max = 65535),
	NC_OPT_STR("ocsp-http-listen", O, ocsp_listen, "ADDRESS",
	    N_("the IP address of that listener (default: --listen's)")),
	NC_OPT_NUM("rate-limit", O, rate_limit, "N",
	    N_("certificate signing requests a minute from one address (default: 10; 0: no "
	       "limit)"),
	    .min = 0, .max = 100000),
	NC_OPT_NUM("rate-burst", O, rate_burst, "N", N_("of which at most N at once (default: 20)"),
	    .min = 1, .max = 100000),
	NC_OPT_NUM("max-pending-per-address", O, max_per_address, "N",
	    N_("requests that may wait to be processed from one address (default: 50; 0: no "
	       "limit)"),
	    .min = 0, .max = 1000000),
	NC_OPT_NUM("max-pending-per-contact", O, max_per_contact, "N",
	    N_("requests that may wait to be processed for one technical contact (default: 20; "
	       "0: no limit)"),
	    .min = 0, .max = 1000000),
	NC_OPT_NUM("mail-digest-interval", O, digest_interval, "SECONDS",
	    N_("the least time between two digests of new requests mailed to the administrator "
	       "(default: 900)"),
	    .min = 1, .max = 7 * 86400),
	NC_OPT_BOOL("public-listing", O, public_listing,
	    N_("let any caller list every certificate (default: a criterion such as "
	       "contact=EMAIL is required)")),
	NC_OPT_BOOL("foreground", O, foreground, N_("run in the foreground (always the case)")),
	NC_OPT_CB("version", O, version, bool, NULL, N_("show the version and exit"), show_version,
	    .short_name = 'V', .flags = NC_OPT_NOARG),
	NC_OPT_END_OF(O, &defaults),
};
#undef O

static void
usage(FILE *fp)
{
	fprintf(fp, "%s",
	    _("Usage: ncpkid [options]\n"
	      "The ncpki certificate authority's web service (HTTPS, JSON).\n"
	      "Its TLS certificate is made by 'ncpki service setup'.\n\n"));
	fprintf(fp, "%s\n", _("Options:"));
	nc_opt_help(options, fp);
}

/* A usage error of ncpkid's own (after the table's checks). */
#define usage_error(...) nc_usage_error("ncpkid --help", __VA_ARGS__)

/* "/a/b" without a trailing slash; "/" becomes "". */
static int
normalize_path(const char *in, char **out)
{
	size_t n;
	const char *p;

	if (in[0] != '/')
		return usage_error(_("--path: '%s' must start with '/'"), in);
	for (p = in; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '?' || *p == '#' || *p == '%' ||
		    (p[0] == '/' && p[1] == '/') || (unsigned char)*p >= 0x7f)
			return usage_error(_("--path: '%s' is not a plain URL path"), in);
	if ((*out = strdup(in)) == NULL)
		return usage_error("%s", pki_strerror(PKI_ERR_NOMEM));
	n = strlen(*out);
	while (n > 0 && (*out)[n - 1] == '/')
		(*out)[--n] = '\0';
	return 0;
}

union sockaddr_any {
	struct sockaddr sa;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
};

static int
parse_listen(const char *addr, uint16_t port, union sockaddr_any *sa, bool *loopback)
{
	memset(sa, 0, sizeof *sa);
	if (strcmp(addr, "localhost") == 0)
		addr = "127.0.0.1";
	if (inet_pton(AF_INET, addr, &sa->in4.sin_addr) == 1) {
		sa->in4.sin_family = AF_INET;
		sa->in4.sin_port = htons(port);
		*loopback = (ntohl(sa->in4.sin_addr.s_addr) >> 24) == 127;
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &sa->in6.sin6_addr) == 1) {
		sa->in6.sin6_family = AF_INET6;
		sa->in6.sin6_port = htons(port);
		*loopback = IN6_IS_ADDR_LOOPBACK(&sa->in6.sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&sa->in6.sin6_addr) &&
		        sa->in6.sin6_addr.s6_addr[12] == 127);
		return 0;
	}
	return usage_error(_("--listen: '%s' is not an IP address"), addr);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];
	size_t n;

	(void)cls;
	vsnprintf(buf, sizeof buf, fmt, ap);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	nc_note("libmicrohttpd: %s", buf);
}

/* The TLS pair, as PEM text (caller frees both). The default pair is read
 * as one (pki_service_tls_read): never a key and certificate of two setups. */
static int
load_tls(const struct options *o, char **cert, char **key)
{
	struct pki_error err;
	pki_store *s = NULL;
	unsigned char *c = NULL, *k = NULL;
	size_t clen = 0, klen = 0;
	int r = 0, rc;

	*cert = *key = NULL;
	pki_error_clear(&err);
	if (o->tls_cert == NULL && o->tls_key == NULL) {
		if ((rc = pki_open(o->home, &s, &err)) == 0)
			rc = pki_service_tls_read(s, &k, &klen, &c, &clen, &err);
		pki_close(&s);
	} else {
		char *dkey = NULL, *dcer = NULL;

		rc = 0;
		if (o->tls_cert == NULL || o->tls_key == NULL) {
			if ((rc = pki_open(o->home, &s, &err)) == 0)
				rc = pki_service_tls_paths(s, &dkey, &dcer, &err);
			pki_close(&s);
		}
		if (rc == 0 &&
		    (rc = pki_file_read(o->tls_cert != NULL ? o->tls_cert : dcer,
		         PKI_CERT_MAX_BYTES, &c, &clen, &err)) == 0)
			rc = pki_file_read(o->tls_key != NULL ? o->tls_key : dkey,
			    PKI_CERT_MAX_BYTES, &k, &klen, &err);
		free(dkey);
		free(dcer);
	}
	if (rc != 0) {
		r = nc_fail(&err);
		if (o->tls_cert == NULL || o->tls_key == NULL)
			fprintf(stderr, "%s\n",
			    _("Run 'ncpki service setup --hostname NAME' to make the "
			      "service's certificate, or use --tls-cert and --tls-key."));
		free(c);
		pki_secret_free(k, klen);
		goto out;
	}
	/* NUL-terminated copies for libmicrohttpd */
	*cert = realloc(c, clen + 1);
	if (*cert == NULL) {
		free(c);
		pki_secret_free(k, klen);
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		r = NC_EXIT_FAILURE;
		goto out;
	}
	(*cert)[clen] = '\0';
	if ((*key = malloc(klen + 1)) == NULL) {
		free(*cert);
		*cert = NULL;
		pki_secret_free(k, klen);
		nc_error("%s", pki_strerror(PKI_ERR_NOMEM));
		r = NC_EXIT_FAILURE;
		goto out;
	}
	memcpy(*key, k, klen);
	(*key)[klen] = '\0';
	pki_secret_free(k, klen);
out:
	return r;
}

/* Opens the store once in this thread: a bad data directory stops here. */
static int
check_store(const struct options *o)
{
	struct pki_server_info info;
	struct pki_error err;
	pki_store *s = NULL;

	pki_error_clear(&err);
	if (pki_open(o->home, &s, &err) != 0)
		return nc_fail(&err);
	if (pki_server_info(s, &info, &err) != 0) {
		if (err.code != PKI_ERR_NOT_CONFIGURED) {
			pki_close(&s);
			return nc_fail(&err);
		}
		nc_warning("%s",
		    _("No CA server is configured yet: requests are answered "
		      "503 until one is."));
	} else
		pki_server_info_clear(&info);
	pki_close(&s);
	return 0;
}

static unsigned int
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 2)
		return 2;
	return n > 16 ? 16 : (unsigned int)n;
}

/*
 * --ocsp-http-port: a second listener, plain HTTP, serving OCSP and the CRL
 * only: signed, public data, which clients fetch over http:// (a TLS check
 * that needs OCSP cannot start with TLS). It shares the workers' settings.
 */
static struct MHD_Daemon *
start_public(const struct options *o, const struct MHD_OptionItem *common, unsigned int n)
{
	static union sockaddr_any sa;
	struct MHD_OptionItem items[20];
	const union MHD_DaemonInfo *di;
	const char *addr = o->ocsp_listen != NULL ? o->ocsp_listen : o->listen;
	struct MHD_Daemon *d;
	unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	bool loopback;

	if (parse_listen(addr, (uint16_t)o->ocsp_port, &sa, &loopback) != 0)
		return NULL;
	for (unsigned int j = 0; j < n; j++) {
		items[j] = common[j];
		if (items[j].option == MHD_OPTION_SOCK_ADDR)
			items[j].ptr_value = &sa;
		if (items[j].option == MHD_OPTION_CONNECTION_MEMORY_LIMIT)
			items[j].value = PUBLIC_MEMORY_LIMIT;
	}
	items[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	if (sa.sa.sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, (uint16_t)o->ocsp_port, NULL, NULL, nd_access,
	    nd_public_listener, MHD_OPTION_ARRAY, items, MHD_OPTION_END);
	if (d == NULL) {
		nc_error(_("Cannot start the plain HTTP OCSP listener on %s port %ld."), addr,
		    o->ocsp_port);
		return NULL;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	nc_note(_("listening on http://%s%s%s:%u%s/ (OCSP and CRL only)"),
	    sa.sa.sa_family == AF_INET6 ? "[" : "", addr, sa.sa.sa_family == AF_INET6 ? "]" : "",
	    di != NULL ? (unsigned int)di->port : (unsigned int)o->ocsp_port, nd_cfg.path);
	return d;
}

static int
serve(const struct options *o)
{
	union sockaddr_any sa;
	struct MHD_OptionItem items[20];
	struct MHD_Daemon *d, *d2 = NULL;
	const union MHD_DaemonInfo *di;
	char *cert = NULL, *key = NULL, host[256];
	unsigned int flags, i = 0, ncommon;
	bool loopback = false, tls = !o->insecure_http;
	sigset_t sigs;
	int sig, r;

	if ((r = parse_listen(o->listen, (uint16_t)o->port, &sa, &loopback)) != 0)
		return r;
	if (!tls && !loopback && !o->force_http)
		return usage_error(_("--insecure-http serves plain HTTP: it needs a loopback "
		                     "--listen address (or --force-http-on-public), not %s"),
		    o->listen);
	if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		nc_error("%s", _("This libmicrohttpd has no TLS support."));
		return NC_EXIT_FAILURE;
	}
	if ((r = check_store(o)) != 0)
		return r;
	if (tls && (r = load_tls(o, &cert, &key)) != 0)
		return r;
	if (o->node != NULL)
		nd_cfg.node = strdup(o->node);
	else if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = '\0';
		nd_cfg.node = strdup(host);
	} else
		nd_cfg.node = strdup("");
	if (o->instance != NULL)
		nd_cfg.instance = strdup(o->instance);
	if (nd_log_open(o->access_log) != 0) {
		r = NC_EXIT_FAILURE;
		goto out;
	}

	/* Workers inherit this mask: the signals come to sigwait() below. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((r = nd_store_init()) != 0) {
		nc_error(_("Cannot set up the worker threads' database connections: %s"),
		    strerror(r));
		r = NC_EXIT_FAILURE;
		goto out;
	}
	if ((r = nd_ocsp_start()) != 0)
		goto out;

	items[i++] =
	    (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)(void *)mhd_log, NULL };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &sa };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE,
		o->threads > 0 ? o->threads : default_threads(), NULL };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT, o->timeout, NULL };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT, o->max_conn, NULL };
	items[i++] =
	    (struct MHD_OptionItem){ MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_conn_addr, NULL };
	items[i++] =
	    (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY_LIMIT, NULL };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED,
		(intptr_t)(void *)nd_completed, NULL };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_CONNECTION,
		(intptr_t)(void *)nd_deadline_notify, NULL };
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_UNESCAPE_CALLBACK,
		(intptr_t)(void *)nd_unescape, NULL };
	ncommon = i; /* the plain OCSP listener shares these */
	if (tls) {
		items[i++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, key };
		items[i++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, cert };
		items[i++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
			(void *)TLS_PRIORITIES };
	}
	items[i++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };

	/* POST csr waits, suspended, for its group commit (intake.c). */
	flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
	    MHD_ALLOW_SUSPEND_RESUME;
	if (tls)
		flags |= MHD_USE_TLS;
	if (sa.sa.sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (nd_deadline_start(o->timeout) != 0) {
		nc_error("%s", _("Cannot start the connection timeout thread."));
		r = NC_EXIT_FAILURE;
		goto out;
	}
	d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, nd_access, NULL,
	    MHD_OPTION_ARRAY, items, MHD_OPTION_END);
	if (d == NULL) {
		nd_deadline_stop();
		nc_error(_("Cannot start the web service on %s port %ld."), o->listen, o->port);
		r = NC_EXIT_FAILURE;
		goto out;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	nc_note(_("listening on %s://%s%s%s:%u%s/"), tls ? "https" : "http",
	    sa.sa.sa_family == AF_INET6 ? "[" : "", o->listen,
	    sa.sa.sa_family == AF_INET6 ? "]" : "",
	    di != NULL ? (unsigned int)di->port : (unsigned int)o->port, nd_cfg.path);
	if (o->ocsp_port >= 0 && (d2 = start_public(o, items, ncommon)) == NULL) {
		MHD_stop_daemon(d);
		nd_deadline_stop();
		r = NC_EXIT_FAILURE;
		goto out;
	}
	nd_mailer_start();
	nd_intake_start();

	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			if (nd_log_reopen() == 0)
				nc_note("%s", _("access log reopened"));
			continue;
		}
		break;
	}
	nc_note("%s", _("stopping: finishing the requests in progress"));
	{
		MHD_socket ls = MHD_quiesce_daemon(d);
		time_t until = time(NULL) + DRAIN_SECONDS;
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (ls != MHD_INVALID_SOCKET)
			close(ls);
		while (time(NULL) < until) {
			di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
			if (di == NULL || di->num_connections == 0)
				break;
			nanosleep(&ts, NULL);
		}
	}
	/* Requests still queued are stored and answered; any later one is
	 * stored on its own thread. */
	nd_intake_stop();
	if (d2 != NULL)
		MHD_stop_daemon(d2);
	MHD_stop_daemon(d);
	nd_deadline_stop();
	nd_mailer_stop();
	nc_note("%s", _("stopped"));
	r = NC_EXIT_OK;
out:
	nd_ocsp_stop();
	nd_log_close();
	free(cert);
	if (key != NULL)
		pki_secret_free(key, strlen(key) + 1);
	return r;
}

/* The service holds its TLS and OCSP signing keys and what clients send: no core file and no ptrace by its own user (the
 * kernel also makes /proc/PID/ root's). Soft and hard limits both, so
 * that nothing in the process can raise them back. */
static void
no_dumps(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	struct options o = defaults;
	int first, r;

	nc_set_program("ncpkid");
	no_dumps();
	pki_init();
	nc_lang_init(); /* after pki_init, which binds the domain to LOCALEDIR */

	if (argc == 2 && strcmp(argv[1], "--list-options") == 0) {
		nc_opt_list(options, "ncpkid", stdout); /* for t0003 */
		return NC_EXIT_OK;
	}
	r = nc_opt_parse(options, &o, argc, argv, NC_OPT_STOP_AT_OPERAND, "ncpkid --help", &first);
	if (r == NC_OPT_HELP) {
		usage(stdout);
		return NC_EXIT_OK;
	}
	if (r == NC_OPT_DONE)
		return NC_EXIT_OK;
	if (r != 0)
		return r;
	if (first < argc) {
		/* Moved to the CLI, which unlocks the CA key: ncpkid never does.
		 * The old command stays a release as a pointer. */
		if (strcmp(argv[first], "setup") == 0) {
			nc_error("%s",
			    _("'ncpkid setup' has moved: run 'ncpki service setup' "
			      "with the same options (ncpki [--home DIR] service setup "
			      "--hostname NAME ...)."));
			return NC_EXIT_USAGE;
		}
		return usage_error(_("unexpected argument '%s'"), argv[first]);
	}
	nd_cfg.rate_limit = (unsigned int)o.rate_limit;
	nd_cfg.rate_burst = (unsigned int)o.rate_burst;
	nd_cfg.max_per_address = (unsigned int)o.max_per_address;
	nd_cfg.max_per_contact = (unsigned int)o.max_per_contact;
	nd_cfg.digest_interval = (unsigned int)o.digest_interval;
	nd_cfg.public_listing = o.public_listing;
	if (o.home != NULL)
		nd_cfg.home = o.home;
	if ((r = normalize_path(o.path, &nd_cfg.path)) != 0)
		return r;
	r = serve(&o);
	free(nd_cfg.path);
	free(nd_cfg.node);
	free(nd_cfg.instance);
	return r;
}
