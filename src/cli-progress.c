/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-progress.c - check's progress on standard error: one line redrawn
 * on a terminal (at most as often as the library calls, ~10 a second),
 * cleared at the end; plain lines, one a second and a last one, when
 * forced (--progress) into a pipe or a file.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli-internal.h"
#include "banned.h"

/* Seconds as 1:05 or 1:02:05. */
static void put_duration(char *buf, size_t size, double seconds)
{
	unsigned long s = seconds > 0 && seconds < 1e9 ?
		(unsigned long)(seconds + 0.5) : 0;

	if (s >= 3600)
		snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
}

/* The line's text, without an end: records, files, rate, ETA. */
static void describe(const sa_progress *p, char *buf, size_t size)
{
	double rate = p->seconds > 0 ? (double)p->records / p->seconds : 0;
	char eta[64] = "", t[24];
	size_t n;

	n = (size_t)snprintf(buf, size, _("%zu records, %zu/%zu files"),
			     p->records, p->files_done, p->files);
	if (n >= size)
		return;
	if (p->files)
		n += (size_t)snprintf(buf + n, size - n, " (%d%%)",
				      (int)(100.0 * (double)p->files_done /
					    (double)p->files));
	if (n < size && rate > 0)
		n += (size_t)snprintf(buf + n, size - n, _(", %.0f records/s"),
				      rate);
	if (p->final) {
		put_duration(t, sizeof(t), p->seconds);
		snprintf(eta, sizeof(eta), _(", done in %s"), t);
	} else if (p->files_done > 0 && p->files_done < p->files) {
		put_duration(t, sizeof(t), p->seconds *
			     (double)(p->files - p->files_done) /
			     (double)p->files_done);
		snprintf(eta, sizeof(eta), _(", ETA %s"), t);
	}
	if (n < size)
		snprintf(buf + n, size - n, "%s", eta);
}

void cli_progress_report(void *data, const sa_progress *p)
{
	cli_progress *pr = data;
	char line[256];

	if (pr->tty) {
		/* Carriage return and erase the line: redrawn in place. */
		if (p->final) {
			fputs("\r\033[K", stderr);
			return;
		}
		describe(p, line, sizeof(line));
		fprintf(stderr, "\r\033[K%s", line);
		return;
	}
	if (!p->final && p->seconds - pr->last < 1.0)
		return;
	pr->last = p->seconds;
	describe(p, line, sizeof(line));
	fprintf(stderr, _("stationaudit: progress: %s\n"), line);
}
