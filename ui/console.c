/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console.c: a placeholder for the ncpki console. It shows, centred on an
 * ncursesw screen, that the console is not built yet and points to the
 * commands; any key leaves. Without a terminal on standard output it
 * prints the same text to standard error and fails. Keys: any key quits.
 */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "console.h"
#include "i18n.h"

static const char *const lines[] = {
	N_("The ncpki console is not built yet."),
	N_("Use the ncpki commands (ncpki --help)."),
	N_("Press any key to leave."),
};
#define N_LINES ((int)(sizeof lines / sizeof lines[0]))

/* Display columns of s in the current locale; bytes when it will not say. */
static int columns(const char *s)
{
	wchar_t wide[256];
	size_t n = mbstowcs(wide, s, sizeof wide / sizeof wide[0]);
	int w;

	if (n == (size_t)-1 || n >= sizeof wide / sizeof wide[0])
		return (int)strlen(s);
	w = wcswidth(wide, n);
	return w < 0 ? (int)n : w;
}

static void print_plain(void)
{
	int i;

	for (i = 0; i < N_LINES; i++)
		fprintf(stderr, "%s%s", i > 0 ? " " : "", _(lines[i]));
	fputc('\n', stderr);
}

int console_run(const char *home)
{
	SCREEN *screen;
	int rows, cols, i, x, y;

	(void)home;  /* the real console opens the store here */
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		print_plain();
		return 1;
	}
	/* newterm, unlike initscr, returns NULL for an unusable $TERM. */
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		print_plain();
		return 1;
	}
	cbreak();
	noecho();
	curs_set(0);
	keypad(stdscr, TRUE);
	getmaxyx(stdscr, rows, cols);
	y = (rows - N_LINES) / 2;
	for (i = 0; i < N_LINES; i++) {
		x = (cols - columns(_(lines[i]))) / 2;
		mvaddstr(y + i, x > 0 ? x : 0, _(lines[i]));
	}
	refresh();
	while (getch() == KEY_RESIZE)
		;
	endwin();
	delscreen(screen);
	return 0;
}
