/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keys.c: the console's input side: keys (a resize redraws the frame),
 * SIGINT and SIGTERM (the terminal is restored on every exit), and long
 * work on a worker thread under a busy spinner on the message line.
 *
 * Keys while work runs: Esc cancels a network call (or says to wait);
 * a resize redraws.
 */
#include <config.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "term.h"

static volatile sig_atomic_t got_signal;
/* Esc during ui_run: the library's network calls stop (pki_client_set_cancel). */
static volatile sig_atomic_t cancel_flag;
/* The handlers ui_signals_catch replaced, put back on the way out. */
static struct sigaction old_int, old_term;

static void
on_signal(int sig)
{
	got_signal = sig;
}

void
ui_signals_catch(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	pki_client_set_cancel(&cancel_flag);
}

void
ui_signals_restore(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	pki_client_set_cancel(NULL);
}

int
ui_signal_caught(void)
{
	return got_signal;
}

bool
ui_getkey(struct ui *ui, WINDOW *w, struct ui_key *k)
{
	struct timespec now;
	time_t last = 0;
	wint_t ch;
	int r;

	for (;;) {
		if (got_signal)
			return false;
		r = wget_wch(w, &ch);
		if (r == ERR) {
			/* The timeout: look at the signal flag, and now and then
			 * let the loop look at the database. */
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (last == 0)
				last = now.tv_sec;
			else if (w == stdscr && ui->idle != NULL && now.tv_sec - last >= 1) {
				last = now.tv_sec;
				ui->idle(ui);
			}
			continue;
		}
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

void
ui_busy(struct ui *ui, const char *text)
{
	snprintf(ui->msg, sizeof ui->msg, "%s", text);
	ui->msg_error = false;
	ui_draw_message(ui);
	wnoutrefresh(stdscr);
	doupdate();
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
		if (ui_message_lines(ui) != lines) {
			lines = ui_message_lines(ui);
			ui_redraw(ui);
		} else {
			ui_draw_message(ui);
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
