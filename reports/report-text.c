/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-text.c - the terminal report: grouped by file in input order,
 * within a file the worst records first, then one summary line.
 *
 * The records of one file arrive one after another; each is rendered to
 * text when it arrives (its findings are valid only during the call) and
 * kept with its sort key until the file changes, so a file of 40,000
 * stations holds only its rendered problems, never the findings.
 *
 * After the summary, the ranks (rollup.c): the best and the last
 * RANK_TOP of the run and RANK_COUNTY_TOP of each county, so each
 * station keeps its id and name (a few dozen bytes) until the end.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "util-internal.h"

/* Stations listed at each end of the ranking: of the run, of a county. */
#define RANK_TOP 10
#define RANK_COUNTY_TOP 3

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_DIM "\033[2m"
#define ANSI_RED_BOLD "\033[1;31m"
#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_MAGENTA "\033[35m"
#define ANSI_CYAN "\033[36m"

/* One buffered record: its sort key and its rendered lines. */
typedef struct text_record {
	size_t seq;
	int load_error;
	size_t fails[SA_SEVERITY_COUNT];
	size_t errors;
	double score;
	char *text;             /* NULL: nothing to show */
} text_record;

typedef struct text_state {
	char *file;             /* the file being buffered; NULL before any */
	text_record *recs;
	size_t n, cap;
	int wrote;              /* something was written: separate groups */
	int en, color, verbose;
	sai_strbuf sb;
	sai_verdicts verdicts;  /* stations passed and failed, so far */
	sai_rollup *rollup;     /* the ranks, known at the end */
	char **ids, **names;    /* per rollup station: its record id, name */
	size_t n_ids, cap_ids;
} text_state;

/* ---- small renderers ----------------------------------------------------- */

static void paint(text_state *st, const char *code)
{
	if (st->color)
		sai_strbuf_adds(&st->sb, code);
}

/* Text from a dossier or a pack, so that it cannot drive the terminal
 * or hide what a line holds (see sai_report_add_visible). */
static void add_safe(sai_strbuf *sb, const char *str)
{
	sai_report_add_visible(sb, str);
}

/* file, file:line or file:line:col. */
static void add_location(sai_strbuf *sb, const char *file,
			 unsigned long line, unsigned long column)
{
	add_safe(sb, file && file[0] ? file : "-");
	if (line)
		sai_strbuf_addf(sb, ":%lu", line);
	if (line && column)
		sai_strbuf_addf(sb, ":%lu", column);
}

static const char *word(const text_state *st, const char *key)
{
	return sai_report_word(key, st->en ? "en" : "zh");
}

/* Appends "word n" (Chinese) or "n word" (English). */
static void add_count(text_state *st, size_t n, const char *key, int first)
{
	if (!first)
		sai_strbuf_adds(&st->sb, st->en ? ", " : "，");
	if (st->en)
		sai_strbuf_addf(&st->sb, "%zu %s", n, word(st, key));
	else
		sai_strbuf_addf(&st->sb, "%s %zu", word(st, key), n);
}

/* The label and colour a finding shows: a failure its severity, any
 * other finding its status. */
static const char *finding_label(const text_state *st, const sa_finding *f,
				 const char **color)
{
	static const char *const sev_color[SA_SEVERITY_COUNT] = {
		ANSI_CYAN, ANSI_YELLOW, ANSI_RED, ANSI_RED_BOLD,
	};
	static const char *const status_color[SA_FINDING_STATUS_COUNT] = {
		ANSI_GREEN, ANSI_RED, ANSI_DIM, ANSI_MAGENTA, ANSI_DIM,
	};
	const char *name;

	if (f->status == SA_FINDING_FAIL &&
	    (unsigned)f->severity < SA_SEVERITY_COUNT) {
		*color = sev_color[f->severity];
		return word(st, sa_severity_name(f->severity));
	}
	name = sa_finding_status_name(f->status);
	*color = name ? status_color[f->status] : ANSI_MAGENTA;
	return name ? word(st, name) : "?";
}

/* ---- one record ---------------------------------------------------------- */

static void render_values(text_state *st, const sa_finding *f)
{
	if (!f->actual && !f->expected)
		return;
	sai_strbuf_adds(&st->sb, "      ");
	paint(st, ANSI_DIM);
	if (f->actual) {
		sai_strbuf_addf(&st->sb, "%s: ", word(st, "actual"));
		add_safe(&st->sb, f->actual);
	}
	if (f->actual && f->expected)
		sai_strbuf_adds(&st->sb, st->en ? "; " : "；");
	if (f->expected) {
		sai_strbuf_addf(&st->sb, "%s: ", word(st, "expected"));
		add_safe(&st->sb, f->expected);
	}
	paint(st, ANSI_RESET);
	sai_strbuf_addc(&st->sb, '\n');
}

/* "  file:line:col  SEVERITY  RULE-ID  message", then actual/expected. */
static void render_finding(text_state *st, const sa_record_result *rr,
			   const sa_finding *f, const char *indent)
{
	const char *color;
	const char *label = finding_label(st, f, &color);

	sai_strbuf_adds(&st->sb, indent);
	add_location(&st->sb, f->file ? f->file : rr->file, f->line,
		     f->column);
	sai_strbuf_adds(&st->sb, "  ");
	paint(st, color);
	sai_strbuf_adds(&st->sb, label);
	paint(st, ANSI_RESET);
	sai_strbuf_adds(&st->sb, "  ");
	add_safe(&st->sb, f->rule && f->rule->id ? f->rule->id : "-");
	sai_strbuf_adds(&st->sb, "  ");
	add_safe(&st->sb, sai_report_message(f, st->en ? "en" : "zh"));
	sai_strbuf_addc(&st->sb, '\n');
	render_values(st, f);
	if (f->waiver) {
		sai_strbuf_adds(&st->sb, st->en ? "      waiver: " :
				"      豁免: ");
		add_safe(&st->sb, f->waiver->reason);
		sai_strbuf_adds(&st->sb, st->en ? " (approved by " : " (批准: ");
		add_safe(&st->sb, f->waiver->approver);
		sai_strbuf_adds(&st->sb, st->en ? ", until " : ", 至 ");
		add_safe(&st->sb, f->waiver->expires);
		sai_strbuf_adds(&st->sb, ")\n");
	}
}

static void render_header(text_state *st, const sa_record_result *rr)
{
	char num[64];

	paint(st, ANSI_BOLD);
	add_location(&st->sb, rr->file, rr->line, 0);
	sai_strbuf_adds(&st->sb, "  ");
	add_safe(&st->sb, rr->record_id ? rr->record_id : "-");
	if (rr->name) {
		sai_strbuf_adds(&st->sb, "  ");
		add_safe(&st->sb, rr->name);
	}
	if (rr->score >= 0) {
		sai_format_number(rr->score, num, sizeof(num));
		sai_strbuf_addf(&st->sb, "  %s %s", word(st, "score"), num);
	}
	if (rr->grade) {
		sai_strbuf_addf(&st->sb, "  %s ", word(st, "grade"));
		add_safe(&st->sb, sai_report_grade_word(rr->grade,
							st->en ? "en" : "zh"));
	}
	if (sai_report_score_unwaived(rr) != rr->score) {
		sai_format_number(sai_report_score_unwaived(rr), num,
				  sizeof(num));
		sai_strbuf_addf(&st->sb, st->en ? "  (without waivers %s)" :
				"  (不计豁免 %s)", num);
	}
	/* A one-vote veto explains a grade the score alone would not. */
	if (rr->vetoed)
		sai_strbuf_adds(&st->sb, st->en ? "  (vetoed)" : "  (一票否决)");
	paint(st, ANSI_RESET);
	sai_strbuf_addc(&st->sb, '\n');
}

/* The order findings are listed in: problems first. */
static int finding_class(sa_finding_status s)
{
	switch (s) {
	case SA_FINDING_FAIL:
	case SA_FINDING_ERROR:
		return 0;
	case SA_FINDING_WAIVED:
		return 1;
	case SA_FINDING_NOT_APPLICABLE:
		return 2;
	default:
		return 3;
	}
}

static int cmp_finding(const void *a, const void *b)
{
	const sa_finding *x = *(const sa_finding *const *)a;
	const sa_finding *y = *(const sa_finding *const *)b;
	const char *ix = x->rule && x->rule->id ? x->rule->id : "";
	const char *iy = y->rule && y->rule->id ? y->rule->id : "";
	int c = finding_class(x->status) - finding_class(y->status);

	if (c)
		return c;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((c = strcmp(ix, iy)) != 0)
		return c;
	/* Same array: the position keeps qsort deterministic. */
	return x < y ? -1 : x > y;
}

static int shown(const text_state *st, const sa_finding *f)
{
	return st->verbose || finding_class(f->status) < 2;
}

static void render_all_pass(text_state *st, const sa_record_result *rr)
{
	size_t na = rr->counts[SA_FINDING_NOT_APPLICABLE];
	size_t waived = rr->counts[SA_FINDING_WAIVED];

	sai_strbuf_adds(&st->sb, "  ");
	paint(st, ANSI_GREEN);
	if (st->en)
		sai_strbuf_addf(&st->sb, "✓ all %zu rules pass",
				rr->counts[SA_FINDING_PASS]);
	else
		sai_strbuf_addf(&st->sb, "✓ 全部 %zu 条规则通过",
				rr->counts[SA_FINDING_PASS]);
	paint(st, ANSI_RESET);
	if (na || waived) {
		sai_strbuf_adds(&st->sb, st->en ? " (" : "（");
		if (na)
			add_count(st, na, "not applicable", 1);
		if (waived)
			add_count(st, waived, "waived", !na);
		sai_strbuf_adds(&st->sb, st->en ? ")" : "）");
	}
	sai_strbuf_addc(&st->sb, '\n');
}

/* "    ^" under the column of a quoted line, as stderr draws it; its
 * tabs are shown as the line's are ("\t"). */
static void add_caret(text_state *st, const char *line, unsigned long col)
{
	sai_strbuf caret;

	sai_strbuf_init(&caret);
	sai_error_add_caret(&caret, line, col);
	sai_strbuf_adds(&st->sb, "    ");
	add_safe(&st->sb, sai_strbuf_str(&caret));
	sai_strbuf_addc(&st->sb, '\n');
	sai_strbuf_release(&caret);
}

/* A record that could not be read: "file:line:col  ERROR  message" and,
 * when the loader kept it (as the finding's actual), the offending line. */
static void render_load_error(text_state *st, const sa_record_result *rr)
{
	const sa_finding *f = rr->finding_count ? &rr->findings[0] : NULL;

	paint(st, ANSI_BOLD);
	if (f)
		add_location(&st->sb, f->file ? f->file : rr->file, f->line,
			     f->column);
	else
		add_location(&st->sb, rr->file, rr->line, rr->column);
	paint(st, ANSI_RESET);
	sai_strbuf_adds(&st->sb, "  ");
	paint(st, ANSI_MAGENTA);
	sai_strbuf_adds(&st->sb, word(st, "error"));
	paint(st, ANSI_RESET);
	sai_strbuf_adds(&st->sb, "  ");
	add_safe(&st->sb, f ? sai_report_message(f, st->en ? "en" : "zh") : word(st, "unreadable"));
	sai_strbuf_addc(&st->sb, '\n');
	if (f && f->actual && f->actual[0]) {
		sai_strbuf_adds(&st->sb, "    ");
		paint(st, ANSI_DIM);
		add_safe(&st->sb, f->actual);
		paint(st, ANSI_RESET);
		sai_strbuf_addc(&st->sb, '\n');
		if (f->column)
			add_caret(st, f->actual, f->column);
	}
}

/* Renders rr into st->sb; leaves it empty when nothing is to be shown. */
static int render_record(text_state *st, const sa_record_result *rr)
{
	const sa_finding **list = NULL;
	size_t i, n = 0;
	int problems = rr->counts[SA_FINDING_FAIL] ||
		       rr->counts[SA_FINDING_ERROR];

	sai_strbuf_reset(&st->sb);
	if (rr->load_error) {
		render_load_error(st, rr);
		return 0;
	}
	if (rr->finding_count &&
	    !(list = malloc(rr->finding_count * sizeof(*list))))
		return -1;
	for (i = 0; i < rr->finding_count; i++)
		if (shown(st, &rr->findings[i]))
			list[n++] = &rr->findings[i];
	if (n == 0 && !st->verbose)
		goto out;
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_finding);
	render_header(st, rr);
	if (!problems && st->verbose)
		render_all_pass(st, rr);
	for (i = 0; i < n; i++)
		render_finding(st, rr, list[i], "  ");
out:
	free(list);
	return 0;
}

/* ---- buffering and order ------------------------------------------------- */

static int cmp_size_desc(size_t a, size_t b)
{
	return a > b ? -1 : a < b;
}

/* Worst first: unreadable, more critical failures, more major ...,
 * more errors, lower score (unscored last), then input order. */
static int cmp_record(const void *a, const void *b)
{
	const text_record *x = a, *y = b;
	double sx = x->score < 0 ? 1000 : x->score;
	double sy = y->score < 0 ? 1000 : y->score;
	int s, c;

	if (x->load_error != y->load_error)
		return x->load_error ? -1 : 1;
	for (s = SA_SEVERITY_COUNT - 1; s >= 0; s--)
		if ((c = cmp_size_desc(x->fails[s], y->fails[s])) != 0)
			return c;
	if ((c = cmp_size_desc(x->errors, y->errors)) != 0)
		return c;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int write_str(FILE *out, const char *s)
{
	return fputs(s, out) == EOF ? -1 : 0;
}

/* Writes the buffered records of the current file, worst first. */
static int flush_file(text_state *st, FILE *out)
{
	size_t i;
	int rc = 0, first = 1;

	if (st->n)
		qsort(st->recs, st->n, sizeof(*st->recs), cmp_record);
	for (i = 0; i < st->n; i++) {
		text_record *r = &st->recs[i];

		if (rc == 0 && r->text) {
			/* A blank line between files. */
			if (st->wrote && first)
				rc = write_str(out, "\n");
			if (rc == 0)
				rc = write_str(out, r->text);
			st->wrote = 1;
			first = 0;
		}
		free(r->text);
		r->text = NULL;
	}
	st->n = 0;
	return rc;
}

static int keep_record(text_state *st, const sa_record_result *rr,
		       char *text)
{
	text_record *r;

	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 16;

		r = realloc(st->recs, cap * sizeof(*r));
		if (!r)
			return -1;
		st->recs = r;
		st->cap = cap;
	}
	r = &st->recs[st->n++];
	memset(r, 0, sizeof(*r));
	r->seq = rr->seq;
	r->load_error = rr->load_error;
	memcpy(r->fails, rr->fail_by_severity, sizeof(r->fails));
	r->errors = rr->counts[SA_FINDING_ERROR];
	r->score = rr->score;
	r->text = text;
	return 0;
}

/* ---- ranks ------------------------------------------------------------- */

/* Adds the record to the rollup and keeps its id and name at the index
 * the rollup gives it. */
static int keep_station(text_state *st, const sa_record_result *rr)
{
	size_t index, n = st->n_ids;

	if (sai_rollup_add(st->rollup, rr, &index) < 0)
		return -1;
	if (index == (size_t)-1)
		return 0;
	if (n == st->cap_ids) {
		size_t cap = st->cap_ids ? 2 * st->cap_ids : 64;
		char **ids = realloc(st->ids, cap * sizeof(*ids)), **names;

		if (!ids)
			return -1;
		st->ids = ids;
		if (!(names = realloc(st->names, cap * sizeof(*names))))
			return -1;
		st->names = names;
		st->cap_ids = cap;
	}
	st->ids[n] = sai_strdup(rr->record_id ? rr->record_id : "-");
	st->names[n] = sai_strdup(rr->name ? rr->name : "");
	st->n_ids++;
	return st->ids[n] && st->names[n] && index == n ? 0 : -1;
}

/* A ranked station and its index in the rollup. */
typedef struct ranked {
	const sai_rollup_station *s;
	size_t i;
} ranked;

static int cmp_seq(const ranked *x, const ranked *y)
{
	return x->s->seq < y->s->seq ? -1 : x->s->seq > y->s->seq;
}

static int cmp_rank(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->s->rank != y->s->rank)
		return x->s->rank < y->s->rank ? -1 : 1;
	return cmp_seq(x, y);
}

/* By county code, then rank within it. */
static int cmp_county_rank(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int c = strncmp(x->s->region, y->s->region, 6);

	if (c)
		return c;
	if (x->s->county_rank != y->s->county_rank)
		return x->s->county_rank < y->s->county_rank ? -1 : 1;
	return cmp_seq(x, y);
}

/* "  rank  score  id name (region)" */
static void add_ranked(text_state *st, const ranked *r, size_t rank,
		       const char *indent)
{
	char num[64];

	sai_format_number(r->s->score, num, sizeof(num));
	sai_strbuf_addf(&st->sb, "%s%4zu  %6s  ", indent, rank, num);
	add_safe(&st->sb, st->ids[r->i]);
	if (st->names[r->i][0]) {
		sai_strbuf_addc(&st->sb, ' ');
		add_safe(&st->sb, st->names[r->i]);
	}
	if (r->s->region[0]) {
		sai_strbuf_adds(&st->sb, " (");
		add_safe(&st->sb, r->s->region);
		sai_strbuf_addc(&st->sb, ')');
	}
	sai_strbuf_addc(&st->sb, '\n');
}

/* The first and the last top of k stations in rank order (all of them
 * when there are at most 2 * top). */
static void add_ends(text_state *st, const ranked *a, size_t k, size_t top,
		     int county, const char *indent)
{
	size_t j;

	for (j = 0; j < k; j++) {
		if (k > 2 * top && j == top) {
			sai_strbuf_addf(&st->sb, st->en ? "%s  ... (%zu more)\n" :
					"%s  …（其余 %zu 个略）\n", indent,
					k - 2 * top);
			j = k - top;
		}
		add_ranked(st, &a[j], county ? a[j].s->county_rank :
			   a[j].s->rank, indent);
	}
}

/* The ranked stations (a rank above 0), in rollup order; their count. */
static size_t collect_ranked(const text_state *st, ranked *a, int county)
{
	size_t i, k = 0;

	for (i = 0; i < sai_rollup_station_count(st->rollup); i++) {
		const sai_rollup_station *s =
			sai_rollup_station_at(st->rollup, i);

		if (county ? s->county_rank : s->rank) {
			a[k].s = s;
			a[k++].i = i;
		}
	}
	return k;
}

static void render_run_ranks(text_state *st, ranked *a, size_t k)
{
	qsort(a, k, sizeof(*a), cmp_rank);
	if (k <= 2 * RANK_TOP)
		sai_strbuf_addf(&st->sb, st->en ? "\nRanks (equal scores share "
				"a rank) of %zu scored stations\n" :
				"\n排名（同分同名次）：%zu 个已评分站点\n", k);
	else if (st->en)
		sai_strbuf_addf(&st->sb, "\nRanks (equal scores share a rank): "
				"the best and the last %d of %zu scored "
				"stations\n", RANK_TOP, k);
	else
		sai_strbuf_addf(&st->sb, "\n排名（同分同名次）：%zu 个已评分"
				"站点的前 %d 名与后 %d 名\n", k, RANK_TOP,
				RANK_TOP);
	add_ends(st, a, k, RANK_TOP, 0, "");
}

/* The county's heading: code, name, scored stations. */
static void add_county(text_state *st, const char *code, size_t k)
{
	const sai_rollup_group *g = NULL;
	size_t i, n = sai_rollup_group_count(st->rollup, SAI_ROLLUP_COUNTY);

	for (i = 0; i < n && !g; i++) {
		const sai_rollup_group *c =
			sai_rollup_group_at(st->rollup, SAI_ROLLUP_COUNTY, i);

		if (!strncmp(c->code, code, 6))
			g = c;
	}
	sai_strbuf_adds(&st->sb, "  ");
	add_safe(&st->sb, g ? g->code : "?");
	if (g && g->county) {
		sai_strbuf_addc(&st->sb, ' ');
		add_safe(&st->sb, g->county);
	}
	sai_strbuf_addf(&st->sb, st->en ? " (%zu scored)\n" :
			"（已评分 %zu 个）\n", k);
}

/* The end of the county that starts at a[first]. */
static size_t county_end(const ranked *a, size_t k, size_t first)
{
	size_t end;

	for (end = first + 1; end < k && !strncmp(a[end].s->region,
						  a[first].s->region, 6); end++)
		;
	return end;
}

/* Each county's best and last, when the run ranks more than one county
 * (with one, they are the run's ranks); a county with one scored station
 * has nothing to rank and is left out. */
static void render_county_ranks(text_state *st, ranked *a, size_t k)
{
	size_t first, end, several = 0;

	qsort(a, k, sizeof(*a), cmp_county_rank);
	if (!k || !strncmp(a[0].s->region, a[k - 1].s->region, 6))
		return;
	for (first = 0; first < k; first = end)
		several += (end = county_end(a, k, first)) - first > 1;
	if (!several)
		return;
	if (st->en)
		sai_strbuf_addf(&st->sb, "\nRanks within each county of two or "
				"more scored stations: the best and the last "
				"%d\n", RANK_COUNTY_TOP);
	else
		sai_strbuf_addf(&st->sb, "\n县内排名（有 2 个以上已评分站点的县）："
				"每个县(市、区)的前 %d 名与后 %d 名\n",
				RANK_COUNTY_TOP, RANK_COUNTY_TOP);
	for (first = 0; first < k; first = end) {
		if ((end = county_end(a, k, first)) - first < 2)
			continue;
		add_county(st, a[first].s->region, end - first);
		add_ends(st, a + first, end - first, RANK_COUNTY_TOP, 1,
			 "  ");
	}
}

/* The ranking section, after the summary: nothing when fewer than two
 * stations were scored. */
static int render_ranks(text_state *st)
{
	size_t n = sai_rollup_station_count(st->rollup), k;
	ranked *a;

	if (sai_rollup_finish(st->rollup) < 0)
		return -1;
	if (n < 2)
		return 0;
	if (!(a = malloc(n * sizeof(*a))))
		return -1;
	if ((k = collect_ranked(st, a, 0)) >= 2)
		render_run_ranks(st, a, k);
	render_county_ranks(st, a, collect_ranked(st, a, 1));
	free(a);
	return 0;
}

/* ---- the writer ---------------------------------------------------------- */

static int text_begin(void **state, const sai_report_context *ctx)
{
	text_state *st = calloc(1, sizeof(*st));

	*state = st;
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	sai_strbuf_init(&st->sb);
	if (ctx->opts) {
		st->en = ctx->opts->lang && !strcmp(ctx->opts->lang, "en");
		st->color = ctx->opts->color == 1;
		st->verbose = ctx->opts->verbose;
	}
	if (!(st->rollup = sai_rollup_new(ctx->pack))) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static int same_file(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int text_record_cb(void *state, const sai_report_context *ctx,
			  const sa_record_result *rr)
{
	text_state *st = state;
	char *text = NULL;

	sai_verdicts_add(&st->verdicts, rr);
	if (keep_station(st, rr) < 0)
		goto nomem;
	if (!st->file || !same_file(st->file, rr->file)) {
		if (flush_file(st, ctx->out) < 0)
			return -1;
		free(st->file);
		if (!(st->file = sai_strdup(rr->file ? rr->file : "")))
			goto nomem;
	}
	if (render_record(st, rr) < 0 || st->sb.failed)
		goto nomem;
	if (st->sb.len && !(text = sai_strbuf_detach(&st->sb, NULL)))
		goto nomem;
	if (keep_record(st, rr, text) < 0) {
		free(text);
		goto nomem;
	}
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static void render_summary(text_state *st, const sa_summary *sum)
{
	static const sa_finding_status order[] = {
		SA_FINDING_FAIL, SA_FINDING_ERROR, SA_FINDING_WAIVED,
		SA_FINDING_PASS, SA_FINDING_NOT_APPLICABLE,
	};
	const char *sep = st->en ? "; " : "；";
	const char *colon = st->en ? ": " : "：";
	size_t i;
	int s;

	sai_strbuf_reset(&st->sb);
	paint(st, sum->records_failing || sum->unreadable ? ANSI_RED_BOLD
							   : ANSI_GREEN);
	add_count(st, sum->files, "files", 1);
	add_count(st, sum->records, "records", 0);
	add_count(st, st->verdicts.pass, "verdict:pass", 0);
	add_count(st, st->verdicts.fail, "verdict:fail", 0);
	add_count(st, sum->unreadable, "unreadable", 0);
	add_count(st, sum->records_failing, "failing", 0);
	if (sum->not_assessed)
		add_count(st, sum->not_assessed, "not assessed", 0);
	sai_strbuf_addf(&st->sb, "%s%s%s", sep, word(st, "findings"), colon);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		add_count(st, sum->findings[order[i]],
			  sa_finding_status_name(order[i]), i == 0);
	sai_strbuf_addf(&st->sb, "%s%s%s", sep, word(st, "failures"), colon);
	for (s = SA_SEVERITY_COUNT - 1; s >= 0; s--)
		add_count(st, sum->fail_by_severity[s],
			  sa_severity_name((sa_severity)s),
			  s == SA_SEVERITY_COUNT - 1);
	paint(st, ANSI_RESET);
	sai_strbuf_addc(&st->sb, '\n');
}

static int text_end(void *state, const sai_report_context *ctx,
		    const sa_summary *sum, const sa_rule_summary *rules,
		    size_t rule_count)
{
	text_state *st = state;

	(void)rules;
	(void)rule_count;
	if (flush_file(st, ctx->out) < 0)
		return -1;
	if (!sum)
		return ferror(ctx->out) ? -1 : 0;
	render_summary(st, sum);
	if (sum->coverage_unjudged)
		sai_strbuf_addf(&st->sb, st->en ? "Coverage not judged: the "
				"run names no region (--region CODE)\n" :
				"全覆盖未判定：本次运行未指定区域 (--region 区划代码)\n");
	if (render_ranks(st) < 0) {
		errno = ENOMEM;
		return -1;
	}
	/* With -v, where the verdict comes from: the standards, parameters
	 * and every file read, with their digests. */
	if (st->verbose)
		sai_report_provenance_text(ctx, "  ", &st->sb);
	if (st->sb.failed) {
		errno = ENOMEM;
		return -1;
	}
	if ((st->wrote && write_str(ctx->out, "\n") < 0) ||
	    write_str(ctx->out, sai_strbuf_str(&st->sb)) < 0)
		return -1;
	return ferror(ctx->out) ? -1 : 0;
}

static void text_free(void *state)
{
	text_state *st = state;
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n; i++)
		free(st->recs[i].text);
	free(st->recs);
	free(st->file);
	for (i = 0; i < st->n_ids; i++) {
		free(st->ids[i]);
		free(st->names[i]);
	}
	free(st->ids);
	free(st->names);
	sai_rollup_free(st->rollup);
	sai_strbuf_release(&st->sb);
	free(st);
}

const sai_report_writer sai_report_text = {
	"text",
	"for people at a terminal: grouped by file, worst first",
	text_begin,
	text_record_cb,
	text_end,
	text_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
