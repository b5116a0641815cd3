/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console.c: the ncpki console's loop and frame. It opens the store, sets
 * up ncursesw (the colours and keys are the widget layer's, widgets/term.h),
 * keeps the stack of screens and draws the frame around the one on top:
 * the header (what this instance is), the body, the message line and the
 * key bar. The terminal is restored on every exit, SIGINT and SIGTERM
 * included.
 *
 * Keys handled here: before the screen on top,
 *   F1          help for the screen
 *   Ctrl-L      the whole terminal drawn again
 * and after it passed them on,
 *   ?           help for the screen
 *   Esc         back one screen (asking first if a form has unsaved input)
 *   F10, q      leave the console (asking first if a form has unsaved input)
 *   KEY_RESIZE  redraw at the new size
 */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <panel.h>

#include "console.h"
#include "i18n.h"
#include "ui.h"

/* ---------------------------------------------------------------- status */

/* While the console waits: the header follows what other processes (the
 * CLI, ncpkid) change, the pending count first. */
static void
status_poll(struct ui *ui)
{
	char root[sizeof ui->server_root];
	size_t pending = ui->pending;
	bool server = ui->server_configured, client = ui->client_configured;

	memcpy(root, ui->server_root, sizeof root);
	if (ui->depth > 0 && ui->stack[ui->depth - 1].s->idle != NULL)
		ui->stack[ui->depth - 1].s->idle(ui, ui->stack[ui->depth - 1].state);
	ui_refresh_status(ui);
	if (pending != ui->pending || server != ui->server_configured ||
	    client != ui->client_configured || strcmp(root, ui->server_root) != 0)
		ui_redraw(ui);
}

bool
ui_client_config(struct ui *ui, struct pki_client_config *cfg)
{
	struct pki_error err;

	memset(cfg, 0, sizeof *cfg);
	pki_error_clear(&err);
	if (pki_client_config_get(ui->store, cfg, &err) == 0)
		return true;
	if (err.code == PKI_ERR_NOT_CONFIGURED)
		ui_error(ui, "%s",
		    _("Configure the Certificate Authority client first: "
		      "\"Configure local Certificate Authority client\"."));
	else
		ui_error_pki(ui, &err);
	return false;
}

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
	{ KB_COMMIT, N_("F2"), NULL }, /* the label: ui->key_commit */
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
	{ KB_BATCH, N_("i"), N_("Issue marked") },
	{ KB_DELETE, N_("d"), N_("Delete") },
	{ KB_REFUSED, N_("r"), N_("Refusals") },
	{ KB_FILTER, N_("/"), N_("Filter") },
	{ KB_CHECK, N_("c"), N_("Check again") },
	{ KB_RETRY, N_("r"), N_("Retry") },
	{ KB_RETRY, N_("a"), N_("Retry all") },
	{ KB_RETRY, N_("f"), N_("Send due") },
	{ KB_SORT, N_("s"), N_("Sort") },
	{ KB_EARLIER, N_("o"), N_("Resubmit, import") },
	{ KB_MARK, N_("Space"), N_("Mark") },
	{ KB_BACK, N_("Esc"), N_("Back") },
	{ KB_QUIT, N_("F10"), N_("Quit") },
};

/* A hint's label: F2's is the button it presses in the form shown. */
static const char *
hint_label(const struct ui *ui, size_t i)
{
	return hints[i].label != NULL ? _(hints[i].label) : ui->key_commit;
}

/*
 * The key bar: the hints of mask in their order (F2 when the form shown
 * has a commit button). When they do not all fit, Help, F2, PgDn, Back and Quit
 * stay and the others keep their places while they fit; F1 lists every key.
 */
static void
draw_keybar(struct ui *ui, unsigned mask)
{
	const unsigned always = KB_HELP | KB_COMMIT | KB_PAGE | KB_BACK | KB_QUIT;
	int y = ui->rows - 1, x = 0, room = ui->cols, bar = ui_attr(ui, R_KEYBAR);
	bool shown[sizeof hints / sizeof hints[0]];
	size_t i;
	int pass;

	mask = ui->key_commit != NULL ? mask | KB_COMMIT : mask & ~(unsigned)KB_COMMIT;
	if (ui->key_page)
		mask |= KB_PAGE;
	attron(bar);
	mvhline(y, 0, ' ', ui->cols);
	attroff(bar);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < sizeof hints / sizeof hints[0]; i++) {
			int need;

			if (pass == 0)
				shown[i] = false;
			if (!(mask & hints[i].mask) ||
			    (pass == 0) != ((hints[i].mask & always) != 0))
				continue;
			need = ui_width(_(hints[i].key)) + ui_width(hint_label(ui, i)) + 3;
			if (need <= room) {
				shown[i] = true;
				room -= need;
			}
		}
	for (i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		if (!shown[i])
			continue;
		x += ui_put(stdscr, y, x + 1, _(hints[i].key), ui->cols, ui_attr(ui, R_KEY)) + 1;
		x += ui_put(stdscr, y, x + 1, hint_label(ui, i), ui->cols, bar) + 2;
	}
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
	    ui->rows - top - 1 - ui_message_lines(ui) > 1
	        ? ui->rows - top - 1 - ui_message_lines(ui)
	        : 1,
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

/* The frame and the screen on top (ui->redraw). */
static void
frame_redraw(struct ui *ui)
{
	const struct screen *s = ui->stack[ui->depth - 1].s;
	void *state = ui->stack[ui->depth - 1].state;
	int cy, cx, shown;

	layout(ui);
	if (ui->body == NULL)
		return;
	werase(ui->body);
	curs_set(0);
	ui->key_commit = NULL;
	ui->key_page = false;
	s->draw(ui, state);
	/* A form may have placed (and shown) the cursor in a text field (on
	 * stdscr): put it back there once the message line and key bar are
	 * drawn. */
	getyx(stdscr, cy, cx);
	shown = curs_set(0);
	ui_draw_message(ui);
	draw_keybar(ui, s->keys != NULL ? s->keys(state) : s->keymask | KB_HELP);
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
ui_help(struct ui *ui)
{
	const struct screen *s = ui->stack[ui->depth - 1].s;
	const char *common = _("Keys: Tab and Shift-Tab or the arrows move, Enter "
	                       "activates, Space toggles, F2 presses a form's main "
	                       "button (Save, Next, Issue Certificate...) from any of "
	                       "its fields, Esc goes back one screen, F10 or q on the "
	                       "main page quits.");
	size_t len = strlen(_(s->help)) + strlen(common) + 3;
	char *text = ui_xmalloc(len);

	snprintf(text, len, "%s\n\n%s", _(s->help), common);
	ui_notice(ui, _("Help"), text);
	free(text);
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

/* F10 or q on any page: leave, once no screen holds unsaved input (or the
 * operator agrees to drop it). */
static bool
may_quit(struct ui *ui)
{
	for (int i = (int)ui->depth - 1; i >= 0; i--) {
		const struct screen *s = ui->stack[i].s;

		if (s->dirty != NULL && s->dirty(ui->stack[i].state))
			return ui_confirm_discard(ui);
	}
	return true;
}

#define CTRL_L 0x0c

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
		if (!k.fn && k.ch == CTRL_L) {
			clearok(curscr, TRUE);
			ui_redraw(ui);
			continue;
		}
		ui->msg[0] = '\0';
		a = s->key(ui, state, &k);
		switch (a) {
		case UI_UNHANDLED:
			if (!k.fn && k.ch == UI_ESC)
				go_back(ui);
			else if (!k.fn && k.ch == L'?')
				ui_help(ui);
			else if (((k.fn && k.ch == KEY_F(10)) || (!k.fn && k.ch == L'q')) &&
			    may_quit(ui))
				return;
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
	ui_signals_catch();

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
	ui_colours_init(&ui);
	ui.redraw = frame_redraw;
	ui.idle = status_poll;

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
	ui_signals_restore();
	/* As every operator command does: seal what ncpkid appended to the
	 * audit trail (silent when the CA directory is not here). */
	pki_error_clear(&err);
	if (pki_audit_seal(ui.store, true, NULL, &err) != 0)
		print_plain(err.msg);
	pki_close(&ui.store);
	if (ui_signal_caught() != 0) {
		int sig = ui_signal_caught();

		signal(sig, SIG_DFL);
		raise(sig);
	}
	return code;
}
