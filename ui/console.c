/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console.c: the ncpki console's loop and frame. It opens the store, sets
 * up ncursesw (colour unless NO_COLOR is set or the terminal has none),
 * keeps the stack of screens and draws the frame around the one on top:
 * the header (what this instance is), the body, the message line and the
 * key bar. The terminal is restored on every exit, SIGINT and SIGTERM
 * included.
 *
 * Keys handled here, after the screen on top passed them on:
 *   F1          help for the screen
 *   Esc         back one screen (asking first if a form has unsaved input)
 *   KEY_RESIZE  redraw at the new size
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <panel.h>

#include "console.h"
#include "i18n.h"
#include "ui.h"

static volatile sig_atomic_t got_signal;
/* Esc during ui_run: the library's network calls stop (pki_client_set_cancel). */
static volatile sig_atomic_t cancel_flag;
/* The handlers console_run replaced, put back on the way out. */
static struct sigaction old_int, old_term;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* ------------------------------------------------------------- colours */

enum { P_HEADER = 1, P_KEYBAR, P_KEY, P_ERROR, P_FIELD, P_FOCUS, P_TITLE, P_DIALOG, P_HEADING };

static void
colours_init(struct ui *ui)
{
	const char *no = getenv("NO_COLOR");

	ui->color = (no == NULL || no[0] == '\0') && has_colors();
	if (!ui->color || start_color() == ERR) {
		ui->color = false;
		return;
	}
	use_default_colors();
	init_pair(P_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_KEYBAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_KEY, COLOR_WHITE, COLOR_BLACK);
	init_pair(P_ERROR, COLOR_RED, -1);
	init_pair(P_FIELD, COLOR_BLACK, COLOR_WHITE);
	init_pair(P_FOCUS, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_TITLE, COLOR_BLUE, -1);
	init_pair(P_DIALOG, COLOR_BLACK, COLOR_WHITE);
	init_pair(P_HEADING, COLOR_CYAN, -1);
}

int
ui_attr(const struct ui *ui, enum ui_role role)
{
	if (!ui->color) {
		switch (role) {
		case R_HEADER:
		case R_KEYBAR:
		case R_SELECT:
		case R_FOCUS:
			return A_REVERSE;
		case R_TITLE:
		case R_KEY:
		case R_ERROR:
		case R_HEADING:
			return A_BOLD;
		case R_FIELD:
			return A_UNDERLINE;
		case R_DIM:
			return A_DIM;
		default:
			return A_NORMAL;
		}
	}
	switch (role) {
	case R_HEADER:
		return COLOR_PAIR(P_HEADER) | A_BOLD;
	case R_KEYBAR:
		return COLOR_PAIR(P_KEYBAR);
	case R_KEY:
		return COLOR_PAIR(P_KEY) | A_BOLD;
	case R_ERROR:
		return COLOR_PAIR(P_ERROR) | A_BOLD;
	case R_FIELD:
		return COLOR_PAIR(P_FIELD);
	case R_FOCUS:
		return COLOR_PAIR(P_FOCUS);
	case R_SELECT:
		return A_REVERSE;
	case R_TITLE:
		return COLOR_PAIR(P_TITLE) | A_BOLD;
	case R_DIALOG:
		return COLOR_PAIR(P_DIALOG);
	case R_HEADING:
		return COLOR_PAIR(P_HEADING) | A_BOLD;
	case R_DIM:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

/* ------------------------------------------------------------ messages */

static void set_message(struct ui *ui, bool error, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
set_message(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	char raw[sizeof ui->msg], *clean;

	vsnprintf(raw, sizeof raw, fmt, ap);
	clean = ui_clean(raw);
	snprintf(ui->msg, sizeof ui->msg, "%s", clean);
	free(clean);
	ui->msg_error = error;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, false, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, true, fmt, ap);
	va_end(ap);
}

void
ui_error_pki(struct ui *ui, const struct pki_error *err)
{
	ui_error(ui, "%s", err->msg[0] != '\0' ? err->msg : pki_strerror(err->code));
}

/* ---------------------------------------------------------------- status */

void
ui_refresh_status(struct ui *ui)
{
	struct pki_server_info info;
	struct pki_client_config cfg;
	struct pki_error err;
	size_t n = 0;

	memset(&info, 0, sizeof info);
	memset(&cfg, 0, sizeof cfg);
	pki_error_clear(&err);
	ui->client_configured = pki_client_config_get(ui->store, &cfg, &err) == 0;
	pki_client_config_clear(&cfg);
	pki_error_clear(&err);
	ui->server_configured = false;
	ui->server_root[0] = '\0';
	if (pki_server_info_brief(ui->store, &info, &err) == 0) {
		char *root = ui_clean(info.root);

		ui->server_configured = true;
		snprintf(ui->server_root, sizeof ui->server_root, "%s", root);
		free(root);
		ui->pending = info.pending;
		pki_server_info_clear(&info);
		return;
	}
	/* Requests can arrive before the server is configured. */
	if (pki_csr_count(ui->store, &n, &err) == 0)
		ui->pending = n;
}

/* ----------------------------------------------------------------- frame */

static int header_lines;

static void
draw_header(struct ui *ui)
{
	const char *title = _("ncpki - Public Key Infrastructure");
	char server[256], client[128], pending[64], status[512];
	int attr = ui_attr(ui, R_HEADER);

	snprintf(server, sizeof server, _("CA server: %s"),
	    ui->server_configured ? ui->server_root : _("not configured"));
	/* TRANSLATORS: "on" says this instance is configured as a CA client. */
	snprintf(client, sizeof client, _("CA client: %s"),
	    ui->client_configured ? _("on") : _("not configured"));
	snprintf(pending, sizeof pending,
	    dngettext(PACKAGE, "%zu pending", "%zu pending", ui->pending), ui->pending);
	snprintf(status, sizeof status, "%s  %s  %s", server, client, pending);

	attron(attr);
	mvhline(0, 0, ' ', ui->cols);
	ui_put(stdscr, 0, 1, title, ui->cols - 2, attr);
	if (ui_width(title) + ui_width(status) + 4 <= ui->cols) {
		header_lines = 1;
		ui_put(stdscr, 0, ui->cols - 1 - ui_width(status), status, ui->cols, attr);
	} else {
		header_lines = 2;
		snprintf(status, sizeof status, "%s  %s", server, client);
		if (ui_width(title) + ui_width(pending) + 4 <= ui->cols)
			ui_put(stdscr, 0, ui->cols - 1 - ui_width(pending), pending, ui->cols,
			    attr);
		else
			snprintf(status, sizeof status, "%s  %s  %s", server, client, pending);
		mvhline(1, 0, ' ', ui->cols);
		ui_put(stdscr, 1, 1, status, ui->cols - 2, attr);
	}
	attroff(attr);
}

static const struct {
	unsigned mask;
	const char *key;
	const char *label;
} hints[] = {
	{ KB_HELP, N_("F1"), N_("Help") },
	{ KB_MOVE, N_("Tab"), N_("Next") },
	{ KB_MOVE, N_("S-Tab"), N_("Prev") },
	{ KB_PAGE, N_("PgDn"), N_("Page") },
	{ KB_SELECT, N_("Enter"), N_("Select") },
	{ KB_PROCESS, N_("Enter"), N_("Process") },
	{ KB_TOGGLE, N_("Space"), N_("Toggle") },
	{ KB_EDIT, N_("Type"), N_("Edit") },
	{ KB_GET, N_("g"), N_("Get") },
	{ KB_REVOKE, N_("r"), N_("Revoke") },
	{ KB_RELEASE, N_("u"), N_("Release") },
	{ KB_EXPORT, N_("x"), N_("Export") },
	{ KB_EXPIRY, N_("e"), N_("Expiring") },
	{ KB_DELETE, N_("d"), N_("Delete") },
	{ KB_FILTER, N_("/"), N_("Filter") },
	{ KB_BACK, N_("Esc"), N_("Back") },
	{ KB_QUIT, N_("F10"), N_("Quit") },
};

static void
draw_keybar(struct ui *ui, unsigned mask)
{
	int y = ui->rows - 1, x = 0, bar = ui_attr(ui, R_KEYBAR);
	size_t i;

	attron(bar);
	mvhline(y, 0, ' ', ui->cols);
	attroff(bar);
	for (i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		const char *key = _(hints[i].key), *label = _(hints[i].label);
		int need = ui_width(key) + ui_width(label) + 3;

		if (!(mask & hints[i].mask))
			continue;
		if (x + need > ui->cols)
			break;
		x += ui_put(stdscr, y, x + 1, key, ui->cols, ui_attr(ui, R_KEY)) + 1;
		x += ui_put(stdscr, y, x + 1, label, ui->cols, bar) + 2;
	}
}

#define MSG_LINES_MAX 3

/* The message as shown: "Error: " before an error; caller frees. */
static char *
message_text(const struct ui *ui)
{
	/* TRANSLATORS: marks an error on the message line. */
	const char *mark = ui->msg_error ? _("Error:") : "";
	size_t len = strlen(mark) + strlen(ui->msg) + 2;
	char *text = malloc(len);

	if (text != NULL)
		snprintf(text, len, "%s%s%s", mark, mark[0] ? " " : "", ui->msg);
	return text;
}

/* Lines the message line needs (1 to MSG_LINES_MAX). */
static int
message_lines(const struct ui *ui)
{
	char *text;
	int n;

	if (ui->msg[0] == '\0' || (text = message_text(ui)) == NULL)
		return 1;
	n = ui_wrap(text, ui->cols - 2, NULL, 0);
	free(text);
	return n < 1 ? 1 : n > MSG_LINES_MAX ? MSG_LINES_MAX : n;
}

static void
draw_message(struct ui *ui)
{
	char *lines[MSG_LINES_MAX], *text;
	int n = message_lines(ui), y = ui->rows - 1 - n, i, got;

	for (i = 0; i < n; i++) {
		move(y + i, 0);
		clrtoeol();
	}
	if (ui->msg[0] == '\0' || (text = message_text(ui)) == NULL)
		return;
	got = ui_wrap(text, ui->cols - 2, lines, MSG_LINES_MAX);
	for (i = 0; i < got && i < MSG_LINES_MAX; i++) {
		ui_put(stdscr, y + i, 1, lines[i], ui->cols - 2,
		    ui->msg_error ? ui_attr(ui, R_ERROR) : (int)A_NORMAL);
		free(lines[i]);
	}
	free(text);
}

static void
layout(struct ui *ui)
{
	int top;

	getmaxyx(stdscr, ui->rows, ui->cols);
	erase();
	draw_header(ui);
	top = header_lines;
	if (ui->body != NULL)
		delwin(ui->body);
	ui->body = derwin(stdscr,
	    ui->rows - top - 1 - message_lines(ui) > 1 ? ui->rows - top - 1 - message_lines(ui) : 1,
	    ui->cols, top, 0);
}

/*
 * NCPKI_BENCH_TRACE=FILE (bench/console-bench.sh): every drawn frame
 * appends "frame PID SECONDS.NANOSECONDS" (CLOCK_REALTIME, the clock the
 * script reads with date +%s%N) to FILE, so that the time from the
 * process's start to its first frame, and from a key sent to the frame
 * that shows its effect, can be measured from outside.
 */
static void
bench_trace(void)
{
	static int off;
	const char *path;
	struct timespec ts;
	FILE *f;

	if (off || (path = getenv("NCPKI_BENCH_TRACE")) == NULL || path[0] == '\0') {
		off = 1;
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	if ((f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "frame %ld %lld.%09ld\n", (long)getpid(), (long long)ts.tv_sec, ts.tv_nsec);
	fclose(f);
}

void
ui_redraw(struct ui *ui)
{
	const struct screen *s = ui->stack[ui->depth - 1].s;
	void *state = ui->stack[ui->depth - 1].state;
	int cy, cx, shown;

	layout(ui);
	if (ui->body == NULL)
		return;
	werase(ui->body);
	curs_set(0);
	s->draw(ui, state);
	/* A form may have placed (and shown) the cursor in a text field (on
	 * stdscr): put it back there once the message line and key bar are
	 * drawn. */
	getyx(stdscr, cy, cx);
	shown = curs_set(0);
	draw_message(ui);
	draw_keybar(ui, s->keys != NULL ? s->keys(state) : KB_HELP);
	if (shown > 0) {
		wmove(stdscr, cy, cx);
		curs_set(shown);
	}
	wnoutrefresh(stdscr);
	update_panels();
	doupdate();
	bench_trace();
}

void
ui_busy(struct ui *ui, const char *text)
{
	snprintf(ui->msg, sizeof ui->msg, "%s", text);
	ui->msg_error = false;
	draw_message(ui);
	wnoutrefresh(stdscr);
	doupdate();
}

/* ------------------------------------------------------------ the CA key */

int
ui_signer_try(struct ui *ui, pki_signer **out)
{
	struct pki_error err;
	int r;

	pki_error_clear(&err);
	r = pki_signer_open(ui->store, NULL, 0, out, &err);
	if (r == PKI_ERR_PASSWORD)
		ui_message(ui, "%s",
		    _("Enter the password for the Certificate Authority's "
		      "private key file, then Finish."));
	else if (r != 0)
		ui_error_pki(ui, &err);
	return r;
}

int
ui_signer_unlock(struct ui *ui, struct fm *f, const char *id, pki_signer **out)
{
	struct pki_error err;
	size_t len;
	char *pw;
	int r;

	pw = fm_get(f, id, &len);
	fm_clear_text(f, id);
	fm_focus(f, id);
	if (len == 0) {
		pki_secret_free(pw, len);
		fm_set_error(f, id, _("Enter the password."));
		return PKI_ERR_PASSWORD;
	}
	ui_busy(ui, _("Opening the Certificate Authority's private key..."));
	pki_error_clear(&err);
	r = pki_signer_open(ui->store, pw, len, out, &err);
	pki_secret_free(pw, len);
	if (r != 0) {
		if (r == PKI_ERR_PASSWORD)
			fm_set_error(f, id, err.msg[0] ? err.msg : pki_strerror(err.code));
		ui_error_pki(ui, &err);
	}
	return r;
}

/* ------------------------------------------------------------ long work */

/* A signal came while a worker ran: the terminal is restored and the
 * process ends by that signal, as it would on the main loop. */
static void
leave_on_signal(void)
{
	int sig = got_signal;

	endwin();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

struct job {
	int (*fn)(void *arg);
	void *arg;
	int result;
	bool done;
	pthread_mutex_t lock;
};

static void *
job_main(void *p)
{
	struct job *j = p;
	int r = j->fn(j->arg);

	pthread_mutex_lock(&j->lock);
	j->result = r;
	j->done = true;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

static bool
job_done(struct job *j)
{
	bool done;

	pthread_mutex_lock(&j->lock);
	done = j->done;
	pthread_mutex_unlock(&j->lock);
	return done;
}

static long
elapsed_s(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t0->tv_sec) - (now.tv_nsec < t0->tv_nsec ? 1 : 0);
}

static int message_lines(const struct ui *ui);
static void draw_message(struct ui *ui);

int
ui_run(struct ui *ui, const char *text, bool cancellable, int (*fn)(void *arg), void *arg)
{
	static const char spin[] = "|/-\\";
	struct job j;
	struct timespec t0;
	sigset_t block, old;
	pthread_t thread;
	const char *note;
	int tick = 0, lines = 0, r;
	wint_t ch;

	memset(&j, 0, sizeof j);
	j.fn = fn;
	j.arg = arg;
	pthread_mutex_init(&j.lock, NULL);
	ui->cancelled = false;
	cancel_flag = 0;
	note = cancellable ? _("Esc cancels") : "";
	/* The worker never takes the signals: they reach this thread. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	r = pthread_create(&thread, NULL, job_main, &j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		/* No thread: do the work here, with a still message. */
		pthread_mutex_destroy(&j.lock);
		ui_busy(ui, text);
		r = fn(arg);
		ui->msg[0] = '\0';
		return r;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	timeout(100);
	while (!job_done(&j)) {
		if (got_signal) {
			int i;

			cancel_flag = 1;
			/* A cancelled call ends within a second or so: let it. */
			for (i = 0; i < 30 && !job_done(&j); i++)
				napms(100);
			leave_on_signal();
		}
		/* TRANSLATORS: the spinner, the work going on, the seconds it has
		 * taken so far, and what Esc does (or nothing). */
		snprintf(ui->msg, sizeof ui->msg, _("%c %s  %ld s  %s"), spin[tick++ % 4], text,
		    elapsed_s(&t0), note);
		ui->msg_error = false;
		if (message_lines(ui) != lines) {
			lines = message_lines(ui);
			ui_redraw(ui);
		} else {
			draw_message(ui);
			wnoutrefresh(stdscr);
			doupdate();
		}
		r = get_wch(&ch);
		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_redraw(ui);
		} else if (r == OK && ch == UI_ESC) {
			if (cancellable) {
				cancel_flag = 1;
				ui->cancelled = true;
				note = _("cancelling...");
			} else {
				note = _("please wait: this cannot be interrupted");
			}
		}
	}
	pthread_join(thread, NULL);
	pthread_mutex_destroy(&j.lock);
	timeout(200);
	cancel_flag = 0;
	ui->msg[0] = '\0';
	return j.result;
}

bool
ui_getkey(struct ui *ui, WINDOW *w, struct ui_key *k)
{
	wint_t ch;
	int r;

	for (;;) {
		if (got_signal)
			return false;
		r = wget_wch(w, &ch);
		if (r == ERR)
			continue; /* the timeout: look at the signal flag */
		k->fn = r == KEY_CODE_YES;
		k->ch = ch;
		if (k->fn && ch == KEY_RESIZE) {
			ui_redraw(ui);
			if (w != stdscr)
				return true; /* dialogs redraw themselves */
			continue;
		}
		return true;
	}
}

int
ui_open(struct ui *ui, const struct screen *s, const void *arg)
{
	ui->next = s;
	ui->next_arg = arg;
	return UI_OPEN;
}

/* ------------------------------------------------------------ the stack */

static bool
push(struct ui *ui, const struct screen *s, const void *arg)
{
	void *state = NULL;

	if (ui->depth >= UI_STACK_MAX)
		return false;
	if (s->init(ui, &state, arg) != 0)
		return false;
	ui->stack[ui->depth].s = s;
	ui->stack[ui->depth].state = state;
	ui->depth++;
	return true;
}

static void
pop(struct ui *ui)
{
	ui->depth--;
	ui->stack[ui->depth].s->free(ui->stack[ui->depth].state);
	ui->stack[ui->depth].state = NULL;
	if (ui->depth > 0) {
		ui_refresh_status(ui);
		if (ui->stack[ui->depth - 1].s->resume != NULL)
			ui->stack[ui->depth - 1].s->resume(ui, ui->stack[ui->depth - 1].state);
	}
}

/* Esc: back one screen, asking first about unsaved input. */
static void
go_back(struct ui *ui)
{
	const struct screen *s = ui->stack[ui->depth - 1].s;
	void *state = ui->stack[ui->depth - 1].state;

	if (ui->depth <= 1)
		return;
	if (s->dirty != NULL && s->dirty(state) && !ui_confirm_discard(ui))
		return;
	pop(ui);
}

static void
run(struct ui *ui)
{
	struct ui_key k;

	ui_redraw(ui);
	while (ui->depth > 0 && ui_getkey(ui, stdscr, &k)) {
		const struct screen *s = ui->stack[ui->depth - 1].s;
		void *state = ui->stack[ui->depth - 1].state;
		int a;

		if (k.fn && k.ch == KEY_F(1)) {
			ui_help(ui);
			ui_redraw(ui);
			continue;
		}
		ui->msg[0] = '\0';
		a = s->key(ui, state, &k);
		switch (a) {
		case UI_UNHANDLED:
			if (!k.fn && k.ch == UI_ESC)
				go_back(ui);
			break;
		case UI_OPEN:
			if (!push(ui, ui->next, ui->next_arg) && ui->msg[0] == '\0')
				ui_error(ui, "%s", _("This screen cannot be opened."));
			break;
		case UI_CLOSE:
			pop(ui);
			break;
		case UI_QUIT:
			return;
		default:
			break;
		}
		if (a != UI_NONE)
			ui_redraw(ui);
	}
}

static void
print_plain(const char *text)
{
	fprintf(stderr, "ncpki: %s\n", text);
}

int
console_run(const char *home)
{
	struct sigaction sa;
	struct pki_error err;
	struct ui ui;
	SCREEN *screen;
	int code = 0;

	memset(&ui, 0, sizeof ui);
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		print_plain(_("The console needs a terminal. Use the ncpki commands "
		              "(ncpki --help)."));
		return 1;
	}
	pki_error_clear(&err);
	if (pki_open(home, &ui.store, &err) == 0)
		pki_store_set_actor_local(ui.store, "console");
	if (ui.store == NULL) {
		print_plain(err.msg[0] != '\0' ? err.msg : pki_strerror(err.code));
		return 1;
	}
	/* newterm, unlike initscr, returns NULL for an unusable $TERM. */
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		pki_close(&ui.store);
		print_plain(_("The terminal type is unknown: set TERM."));
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	pki_client_set_cancel(&cancel_flag);

	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Home and End as tmux, screen and rxvt send them: unknown to some
	 * terminfo entries, they would otherwise read as Esc (back). */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[8~", KEY_END);
	timeout(200);
	curs_set(0);
	colours_init(&ui);

	ui_refresh_status(&ui);
	if (!push(&ui, &screen_main, NULL)) {
		code = 1;
	} else {
		run(&ui);
		while (ui.depth > 0)
			pop(&ui);
	}
	if (ui.body != NULL)
		delwin(ui.body);
	endwin();
	delscreen(screen);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	pki_client_set_cancel(NULL);
	/* As every operator command does: seal what ncpkid appended to the
	 * audit trail (silent when the CA directory is not here). */
	pki_error_clear(&err);
	if (pki_audit_seal(ui.store, true, NULL, &err) != 0)
		print_plain(err.msg);
	pki_close(&ui.store);
	if (got_signal) {
		int sig = got_signal;

		got_signal = 0;
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return code;
}
