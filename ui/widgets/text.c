/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.c: the console's text. Text is UTF-8 and measured in display
 * columns (a subject in Japanese takes two columns a character); text
 * from outside goes through pki_sanitize first, and a control character
 * never reaches the terminal.
 */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <time.h>

#include "i18n.h"
#include "term.h"

/* ------------------------------------------------------------------ text */

/*
 * UTF-8 text the locale cannot show (LANG=C) made ASCII: each character
 * beyond ASCII as \u00E9 (\U0001F600 beyond the BMP), a byte that is not
 * UTF-8 as \xFF, so that a subject stays readable and its cell never
 * empty. Caller frees.
 */
static char *
escape_ascii(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t size = strlen(s) * 10 + 1, n = 0;
	char *out = ui_xmalloc(size);

	while (*p != '\0') {
		unsigned long cp;
		int len;

		if (*p < 0x80) {
			out[n++] = (char)*p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0)
			len = 2, cp = *p & 0x1f;
		else if ((*p & 0xf0) == 0xe0)
			len = 3, cp = *p & 0x0f;
		else if ((*p & 0xf8) == 0xf0)
			len = 4, cp = *p & 0x07;
		else
			len = 0, cp = 0;
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				len = 0;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (len == 0) {
			n += (size_t)snprintf(out + n, size - n, "\\x%02X", *p++);
			continue;
		}
		n += (size_t)snprintf(out + n, size - n, cp > 0xffff ? "\\U%08lX" : "\\u%04lX", cp);
		p += len;
	}
	out[n] = '\0';
	return out;
}

/* s as wide characters; caller frees. Text the locale cannot hold comes
 * escaped (escape_ascii). NULL only when even that fails. */
static wchar_t *
widen(const char *s, size_t *n)
{
	size_t len = mbstowcs(NULL, s, 0);
	char *escaped = NULL;
	wchar_t *w;

	if (len == (size_t)-1) {
		escaped = escape_ascii(s);
		s = escaped;
		if ((len = mbstowcs(NULL, s, 0)) == (size_t)-1) {
			free(escaped);
			return NULL;
		}
	}
	w = ui_xcalloc(len + 1, sizeof *w);
	mbstowcs(w, s, len + 1);
	*n = len;
	free(escaped);
	return w;
}

static int
wc_cols(wchar_t c)
{
	int w = wcwidth(c);

	return w < 0 ? 1 : w;
}

int
ui_width(const char *s)
{
	size_t n, i;
	wchar_t *w = widen(s, &n);
	int cols = 0;

	if (w == NULL)
		return (int)strlen(s);
	for (i = 0; i < n; i++)
		cols += wc_cols(w[i]);
	free(w);
	return cols;
}

int
ui_put(WINDOW *win, int y, int x, const char *s, int maxw, int attr)
{
	size_t n, i;
	wchar_t *w;
	int cols = 0, wy, wx;

	getmaxyx(win, wy, wx);
	if (y < 0 || y >= wy || x < 0 || x >= wx || maxw <= 0)
		return 0;
	if (maxw > wx - x)
		maxw = wx - x;
	if ((w = widen(s, &n)) == NULL) {
		/* Not valid in this locale: show it byte by byte, harmlessly. */
		char *clean = pki_sanitize(s);

		wattron(win, attr);
		mvwaddnstr(win, y, x, clean != NULL ? clean : "?", maxw);
		wattroff(win, attr);
		cols = clean != NULL ? (int)strlen(clean) : 1;
		free(clean);
		return cols < maxw ? cols : maxw;
	}
	for (i = 0; i < n; i++) {
		int c = wc_cols(w[i]);

		if (cols + c > maxw)
			break;
		if (w[i] < 0x20 || w[i] == 0x7f)
			w[i] = L'?';
		cols += c;
	}
	wattron(win, attr);
	mvwaddnwstr(win, y, x, w, (int)i);
	wattroff(win, attr);
	free(w);
	return cols;
}

int
ui_wrap(const char *s, int width, char **lines, int max)
{
	size_t n, start = 0, i, brk;
	wchar_t *w = widen(s, &n);
	int count = 0, cols;

	if (width < 1)
		width = 1;
	if (w == NULL)
		return 0;
	while (start < n) {
		cols = 0;
		brk = 0;
		for (i = start; i < n && w[i] != L'\n'; i++) {
			int c = wc_cols(w[i]);

			if (cols + c > width)
				break;
			if (w[i] == L' ')
				brk = i;
			cols += c;
		}
		if (i < n && w[i] != L'\n' && brk > start)
			i = brk;
		if (i == start && i < n && w[i] != L'\n')
			i++; /* a character wider than the line */
		if (lines != NULL && count < max) {
			size_t bytes = (i - start) * MB_CUR_MAX + 1;
			char *line = ui_xmalloc(bytes);
			wchar_t saved = w[i];

			w[i] = L'\0';
			if (wcstombs(line, w + start, bytes) == (size_t)-1)
				line[0] = '\0';
			w[i] = saved;
			lines[count] = line;
		}
		count++;
		start = i;
		if (start < n && (w[start] == L' ' || w[start] == L'\n'))
			start++;
	}
	free(w);
	return count;
}

int
ui_put_wrapped(WINDOW *w, int y, int x, const char *s, int width, int max, int bottom, int attr)
{
	char *lines[32];
	int n, i, drawn = 0;

	if (max > 32)
		max = 32;
	n = ui_wrap(s, width, lines, max);
	for (i = 0; i < n && i < max; i++) {
		if (y + drawn < bottom) {
			ui_put(w, y + drawn, x, lines[i], width, attr);
			drawn++;
		}
		free(lines[i]);
	}
	return drawn;
}

void
ui_title(struct ui *ui, const char *title)
{
	int y, x;

	getmaxyx(ui->body, y, x);
	(void)y;
	ui_put(ui->body, 0, 1, title, x - 2, ui_attr(ui, R_TITLE));
}

char *
ui_clean(const char *s)
{
	char *c = pki_sanitize(s != NULL ? s : "");

	return c != NULL ? c : ui_xstrdup("?");
}

/* "XX:XX:...:XX": hexadecimal bytes joined by colons. */
static bool
is_fingerprint(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 2 || (n + 1) % 3 != 0)
		return false;
	for (i = 0; i < n; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

#define FP_GROUP 4 /* bytes a group */

char *
ui_fingerprint(const char *fp)
{
	char *out;
	size_t i, n;

	if (fp == NULL || !is_fingerprint(fp))
		return ui_clean(fp);
	n = strlen(fp);
	out = ui_xstrdup(fp);
	/* Every FP_GROUP-th colon becomes the space between two groups. */
	for (i = 3 * FP_GROUP - 1; i < n; i += 3 * FP_GROUP)
		out[i] = ' ';
	return out;
}

void
ui_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (t == 0 || localtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, size, "-");
}

int
ui_fit(char *out, size_t size, const char *s, int width)
{
	size_t n, i, used = 0;
	wchar_t *w = widen(s, &n);
	int cols = 0;
	char mb[MB_LEN_MAX];

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (w != NULL) {
		for (i = 0; i < n; i++) {
			int c = wc_cols(w[i]);
			int k;

			if (cols + c > width)
				break;
			k = wctomb(mb, w[i] < 0x20 || w[i] == 0x7f ? L'?' : w[i]);
			if (k <= 0 || used + (size_t)k + 1 >= size)
				break;
			memcpy(out + used, mb, (size_t)k);
			used += (size_t)k;
			cols += c;
		}
		free(w);
	}
	while (cols < width && used + 2 < size) {
		out[used++] = ' ';
		cols++;
	}
	out[used] = '\0';
	return cols;
}
