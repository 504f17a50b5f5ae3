/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yoy-internal.h - year over year in the reports (report-diff.c): the
 * comparison of engine/diff.c written as JSON and Markdown, for `diff -f`
 * and for the reports of `check --baseline`, so that both say the same.
 */
#ifndef SA_YOY_INTERNAL_H
#define SA_YOY_INTERNAL_H

#include "diff-internal.h"
#include "util-internal.h"

/* The comparison as the members of a JSON object (old, new, summary,
 * stations; docs/report-json.md), each on its own line at depth (two
 * spaces a level), separated by commas, with no braces around them and
 * no line end after the last.  new_label names the new side (NULL: its
 * path). */
void sai_yoy_json_members(const sa_diff *d, const char *new_label, int depth,
			  sai_strbuf *sb);

/* A Markdown section (heading level ###): totals and the stations that
 * changed, at most cap rows; lang "en" or Chinese. */
void sai_yoy_markdown(const sa_diff *d, const char *new_label,
		      const char *lang, size_t cap, sai_strbuf *sb);

/* Score change rounded as the reports write it (4 places). */
double sai_yoy_round(double v);

#endif
