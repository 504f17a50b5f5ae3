/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-xlsx.c - the Excel workbook, through libxlsxwriter: summary
 * (provenance and totals), stations (one row per record, best score first,
 * ranked), findings (one row per fail, error or waived finding), rules
 * (per-rule counts, pass rate, the standard's text and the fix), and a
 * sheet per city, county and township (rollup.c).
 *
 * libxlsxwriter writes to a file name, not to a FILE*, so the workbook is
 * built in a temporary file of its own and its bytes are copied into
 * ctx->out at end(): the run's rename-on-success and standard output then
 * work as for every other format.
 *
 * The workbook is opened in constant-memory mode: each sheet streams its
 * rows to a temporary file, so 40,000 stations do not hold every cell in
 * memory.  Rows must then be written in order within a sheet: findings are
 * written as records arrive, stations (which are ranked) and the other
 * sheets at end().  What a station row needs is copied, since findings are
 * valid only during record().
 *
 * Text from dossiers and packs is always written as a string cell, never
 * a formula, and the document's creation time is derived from the audit
 * date, so that the same input gives the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "yoy-internal.h"
#include "util-internal.h"

/* Excel's limit on the characters of a cell; libxlsxwriter refuses more. */
#define XLSX_CELL_MAX 32767
/* Excel's last row (0-based) of a sheet. */
#define XLSX_LAST_ROW ((lxw_row_t)(LXW_ROW_MAX - 1))

/* A column of a sheet: its header (a key of sai_report_word) and width. */
typedef struct xlsx_col {
	const char *key;
	double width;
} xlsx_col;

/* What a station row needs, copied from the record. */
typedef struct xlsx_station {
	size_t seq;
	char *file;
	char *id;
	char *name;
	char *region;
	double score;           /* negative: not scored */
	char *grade;
	sai_verdict verdict;
	size_t ri;              /* its index in the rollup */
	size_t rank, county_rank; /* competition ranks; 0: not ranked */
	double score_unwaived;
	size_t fails[SA_SEVERITY_COUNT];
	size_t errors;
	char *failing;          /* failing rule ids, comma-separated */
} xlsx_station;

typedef struct xlsx_state {
	char *tmp;              /* the workbook file libxlsxwriter writes */
	int run_tmp;            /* tmp is the run's ctx->scratch: it removes
				 * it (on a signal too) */
	lxw_workbook *wb;
	lxw_worksheet *summary, *stations, *findings, *rules;
	lxw_worksheet *areas[SAI_ROLLUP_LEVELS]; /* by province ... township */
	lxw_worksheet *yoy;     /* check --baseline: year over year */
	sai_rollup *rollup;     /* ranks and per-area summaries */
	lxw_format *bold, *score, *percent;
	const char *lang;       /* "zh" or "en" */
	lxw_row_t finding_row;  /* last row written in the findings sheet */
	sai_verdicts verdicts;  /* stations passed and failed */
	size_t omitted;         /* findings past the last row of a sheet */
	xlsx_station *st;
	size_t n, cap;
	int failed;
} xlsx_state;

/* ---- columns --------------------------------------------------------------- */

static const xlsx_col summary_cols[] = {
	{ "section", 16 }, { "item", 28 }, { "value", 36 }, { "file", 40 },
	{ "SHA-256", 66 },
};

static const xlsx_col station_cols[] = {
	{ "rank", 6 }, { "rank in county", 8 }, { "file", 30 },
	{ "record id", 20 }, { "name", 28 }, { "region", 12 }, { "score", 9 },
	{ "grade", 10 }, { "verdict", 8 },
	{ "score without waivers", 12 }, { "critical failures", 10 },
	{ "major failures", 10 }, { "minor failures", 10 },
	{ "info failures", 10 }, { "error", 8 }, { "failing rules", 40 },
};

static const xlsx_col finding_cols[] = {
	{ "record id", 20 }, { "name", 28 }, { "rule id", 14 }, { "title", 36 },
	{ "severity", 10 }, { "status", 10 }, { "message", 60 },
	{ "file", 30 }, { "line", 7 }, { "column", 7 }, { "path", 36 },
	{ "actual", 20 }, { "expected", 20 }, { "waiver", 36 },
};

static const xlsx_col rule_cols[] = {
	{ "rule id", 14 }, { "title", 36 }, { "standard", 14 },
	{ "severity", 10 }, { "pass", 8 }, { "fail", 8 },
	{ "not applicable", 8 }, { "error", 8 }, { "waived", 8 },
	{ "pass rate", 10 }, { "source", 40 }, { "fix", 40 },
	{ "basis", 12 }, { "quote", 40 }, { "reason", 40 }, { "citation", 40 },
};

#define NCOLS(a) ((lxw_col_t)(sizeof(a) / sizeof((a)[0])))

/* ---- cells ----------------------------------------------------------------- */

static const char *word(const xlsx_state *x, const char *key)
{
	return sai_report_word(key, x->lang);
}

static void check(xlsx_state *x, lxw_error e)
{
	if (e != LXW_NO_ERROR)
		x->failed = 1;
}

/* 1 when s starts with _xHHHH_, which Excel reads as an escaped
 * character: such text is kept literal by escaping its underscore. */
static int is_excel_escape(const char *s)
{
	int i;

	if (s[0] != '_' || s[1] != 'x')
		return 0;
	for (i = 2; i < 6; i++)
		if (!s[i] || !strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return s[6] == '_';
}

/* The text of a cell (caller frees), cleaned as every other XML report
 * cleans text (sai_report_add_clean: bad bytes, control characters and
 * U+FFFE/U+FFFF, which no XML may hold, become U+FFFD), a literal _xHHHH_
 * kept literal, and cut at Excel's limit.  libxlsxwriter escapes the
 * markup. */
static char *cell_text(const char *str)
{
	const char *s;
	sai_strbuf clean, sb;
	size_t chars = 0;
	char *text = NULL;

	sai_strbuf_init(&clean);
	sai_strbuf_init(&sb);
	sai_report_add_clean(&clean, str);
	if (clean.failed)
		goto out;
	s = sai_strbuf_str(&clean);
	while (*s && chars < XLSX_CELL_MAX - 8) {
		size_t n = (unsigned char)*s < 0x80 ? 1 :
			   (unsigned char)*s >= 0xf0 ? 4 :
			   (unsigned char)*s >= 0xe0 ? 3 : 2;

		if (is_excel_escape(s)) {
			sai_strbuf_adds(&sb, "_x005F");
			chars += 6;
		}
		sai_strbuf_add(&sb, s, n);
		s += n;
		chars++;
	}
	text = sai_strbuf_detach(&sb, NULL);
out:
	sai_strbuf_release(&clean);
	sai_strbuf_release(&sb);
	return text;
}

/* A string cell; nothing for NULL or "". */
static void put_str(xlsx_state *x, lxw_worksheet *ws, lxw_row_t row,
		    lxw_col_t col, const char *s)
{
	char *text;

	if (!s || !s[0])
		return;
	if (!(text = cell_text(s))) {
		x->failed = 1;
		return;
	}
	check(x, worksheet_write_string(ws, row, col, text, NULL));
	free(text);
}

/* A number cell; nothing for a value that is not finite. */
static void put_num(xlsx_state *x, lxw_worksheet *ws, lxw_row_t row,
		    lxw_col_t col, double v, lxw_format *fmt)
{
	if (isfinite(v))
		check(x, worksheet_write_number(ws, row, col, v, fmt));
}

/* A line or column number: empty when unknown (0). */
static void put_pos(xlsx_state *x, lxw_worksheet *ws, lxw_row_t row,
		    lxw_col_t col, unsigned long v)
{
	if (v)
		put_num(x, ws, row, col, (double)v, NULL);
}

/* The header row in bold, the column widths, the header frozen. */
static void put_header(xlsx_state *x, lxw_worksheet *ws,
		       const xlsx_col *cols, lxw_col_t n)
{
	lxw_col_t c;

	for (c = 0; c < n; c++) {
		check(x, worksheet_set_column(ws, c, c, cols[c].width, NULL));
		check(x, worksheet_write_string(ws, 0, c, word(x, cols[c].key),
						x->bold));
	}
	worksheet_freeze_panes(ws, 1, 0);
}

/* The filter over a table of last_row rows below its header. */
static void put_filter(xlsx_state *x, lxw_worksheet *ws, lxw_row_t last_row,
		       lxw_col_t n)
{
	check(x, worksheet_autofilter(ws, 0, 0, last_row, (lxw_col_t)(n - 1)));
}

/* ---- findings: written as records arrive ------------------------------------ */

/* The rule's title in the report's language. */
static const char *rule_title(const xlsx_state *x, const sa_rule_info *r)
{
	if (!r)
		return NULL;
	if (!strcmp(x->lang, "en") && r->title_en && r->title_en[0])
		return r->title_en;
	return r->title;
}

/* "reason; approver; until" of a waiver (caller frees), or NULL. */
static char *waiver_text(const sa_waiver_info *w)
{
	sai_strbuf sb;

	if (!w)
		return NULL;
	sai_strbuf_init(&sb);
	sai_strbuf_adds(&sb, w->reason ? w->reason : "");
	if (w->approver && w->approver[0])
		sai_strbuf_addf(&sb, "; %s", w->approver);
	if (w->expires && w->expires[0])
		sai_strbuf_addf(&sb, "; %s", w->expires);
	return sai_strbuf_detach(&sb, NULL);
}

static void put_finding(xlsx_state *x, const sa_record_result *rr,
			const sa_finding *f, lxw_row_t row)
{
	lxw_worksheet *ws = x->findings;
	char *waiver = waiver_text(f->waiver);

	if (f->waiver && !waiver)
		x->failed = 1;
	put_str(x, ws, row, 0, rr->record_id);
	put_str(x, ws, row, 1, rr->name);
	put_str(x, ws, row, 2, f->rule ? f->rule->id : NULL);
	put_str(x, ws, row, 3, rule_title(x, f->rule));
	put_str(x, ws, row, 4, word(x, sa_severity_name(f->severity)));
	put_str(x, ws, row, 5, word(x, sa_finding_status_name(f->status)));
	put_str(x, ws, row, 6, sai_report_message(f, x->lang));
	put_str(x, ws, row, 7, f->file ? f->file : rr->file);
	put_pos(x, ws, row, 8, f->line);
	put_pos(x, ws, row, 9, f->column);
	put_str(x, ws, row, 10, f->path);
	put_str(x, ws, row, 11, f->actual);
	put_str(x, ws, row, 12, f->expected);
	put_str(x, ws, row, 13, waiver);
	free(waiver);
}

/* The findings sheet lists the problems: failures, errors and waived
 * failures (which stay visible, marked).  Passes and rules that did not
 * apply are counted in the rules sheet instead. */
static int is_problem(const sa_finding *f)
{
	return f->status == SA_FINDING_FAIL || f->status == SA_FINDING_ERROR ||
	       f->status == SA_FINDING_WAIVED;
}

static void put_findings(xlsx_state *x, const sa_record_result *rr)
{
	size_t i;

	for (i = 0; i < rr->finding_count; i++) {
		if (!is_problem(&rr->findings[i]))
			continue;
		if (x->finding_row >= XLSX_LAST_ROW) {
			x->omitted++;   /* counted in the summary */
			continue;
		}
		put_finding(x, rr, &rr->findings[i], ++x->finding_row);
	}
}

/* ---- stations: copied, ranked and written at end() -------------------------- */

/* The ids of the rules that failed on the record, each once, in finding
 * order (caller frees). */
static char *failing_rules(const sa_record_result *rr)
{
	sai_strbuf sb;
	size_t i, j;

	sai_strbuf_init(&sb);
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != SA_FINDING_FAIL || !f->rule || !f->rule->id)
			continue;
		for (j = 0; j < i; j++)
			if (rr->findings[j].status == SA_FINDING_FAIL &&
			    rr->findings[j].rule == f->rule)
				break;
		if (j < i)
			continue;
		if (sb.len)
			sai_strbuf_adds(&sb, ", ");
		sai_strbuf_adds(&sb, f->rule->id);
	}
	return sai_strbuf_detach(&sb, NULL);
}

static void station_release(xlsx_station *s)
{
	free(s->file);
	free(s->id);
	free(s->name);
	free(s->region);
	free(s->grade);
	free(s->failing);
}

static int keep_station(xlsx_state *x, const sa_record_result *rr)
{
	xlsx_station *s;

	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		xlsx_station *p = realloc(x->st, cap * sizeof(*p));

		if (!p)
			return -1;
		x->st = p;
		x->cap = cap;
	}
	s = &x->st[x->n];
	memset(s, 0, sizeof(*s));
	s->seq = rr->seq;
	s->score = rr->score;
	s->score_unwaived = sai_report_score_unwaived(rr);
	memcpy(s->fails, rr->fail_by_severity, sizeof(s->fails));
	s->errors = rr->counts[SA_FINDING_ERROR];
	s->file = sai_strdup(rr->file);
	s->id = sai_strdup(rr->record_id);
	s->name = sai_strdup(rr->name);
	s->region = sai_strdup(rr->region);
	s->grade = sai_strdup(rr->grade);
	s->verdict = sai_report_verdict(rr);
	s->failing = failing_rules(rr);
	x->n++;
	if (sai_rollup_add(x->rollup, rr, &s->ri) < 0)
		return -1;
	if ((rr->file && !s->file) || (rr->record_id && !s->id) ||
	    (rr->name && !s->name) || (rr->region && !s->region) ||
	    (rr->grade && !s->grade) || !s->failing)
		return -1;
	return 0;
}

/* Scored stations first, best score first; then input order. */
static int cmp_station(const void *a, const void *b)
{
	const xlsx_station *s = a, *t = b;
	int ss = s->score >= 0, ts = t->score >= 0;

	if (ss != ts)
		return ss ? -1 : 1;
	if (ss && s->score != t->score)
		return s->score > t->score ? -1 : 1;
	return s->seq < t->seq ? -1 : s->seq > t->seq;
}

/* The grade cell: the grade in the workbook's language, or why there
 * is none. */
static const char *grade_text(const xlsx_state *x, const xlsx_station *s)
{
	if (s->grade)
		return sai_report_grade_word(s->grade, x->lang);
	if (s->verdict == SAI_VERDICT_NOT_ASSESSED ||
	    s->verdict == SAI_VERDICT_UNREADABLE)
		return word(x, sai_report_verdict_key(s->verdict));
	return NULL;
}

static void put_station(xlsx_state *x, const xlsx_station *s, lxw_row_t row)
{
	lxw_worksheet *ws = x->stations;
	const char *verdict = sai_report_verdict_key(s->verdict);
	int i;

	if (s->rank)
		put_num(x, ws, row, 0, (double)s->rank, NULL);
	if (s->county_rank)
		put_num(x, ws, row, 1, (double)s->county_rank, NULL);
	put_str(x, ws, row, 2, s->file);
	put_str(x, ws, row, 3, s->id);
	put_str(x, ws, row, 4, s->name);
	put_str(x, ws, row, 5, s->region);
	if (s->score >= 0) {
		put_num(x, ws, row, 6, s->score, x->score);
		put_num(x, ws, row, 9, s->score_unwaived, x->score);
	}
	put_str(x, ws, row, 7, grade_text(x, s));
	if (s->verdict == SAI_VERDICT_PASS || s->verdict == SAI_VERDICT_FAIL)
		put_str(x, ws, row, 8, word(x, verdict));
	for (i = SA_SEVERITY_COUNT - 1; i >= 0; i--)
		put_num(x, ws, row, (lxw_col_t)(10 + SA_SEVERITY_COUNT - 1 - i),
			(double)s->fails[i], NULL);
	put_num(x, ws, row, 14, (double)s->errors, NULL);
	put_str(x, ws, row, 15, s->failing);
}

/* The ranks of rollup.c: the same in every format. */
static int rank_stations(xlsx_state *x)
{
	size_t i;

	if (sai_rollup_finish(x->rollup) < 0)
		return -1;
	for (i = 0; i < x->n; i++) {
		const sai_rollup_station *r = sai_rollup_station_at(x->rollup,
								    x->st[i].ri);

		x->st[i].rank = r ? r->rank : 0;
		x->st[i].county_rank = r ? r->county_rank : 0;
	}
	return 0;
}

static void put_stations(xlsx_state *x)
{
	size_t i;
	lxw_row_t row = 0;

	if (x->n)
		qsort(x->st, x->n, sizeof(*x->st), cmp_station);
	if (rank_stations(x) < 0)
		x->failed = 1;
	for (i = 0; i < x->n && row < XLSX_LAST_ROW; i++)
		put_station(x, &x->st[i], ++row);
	put_filter(x, x->stations, row, NCOLS(station_cols));
}

/* ---- areas: a sheet per level of rollup.c ------------------------------------ */

static const xlsx_col area_cols[] = {
	{ "code", 11 }, { "province", 12 }, { "city", 14 }, { "county", 14 },
	{ "township", 16 },
	{ "stations", 8 }, { "scored", 8 }, { "mean score", 9 },
	{ "median score", 9 },
};
static const xlsx_col verdict_cols[] = {
	{ "stations:pass", 8 }, { "stations:fail", 8 }, { "not assessed", 8 },
	{ "unreadable", 8 }, { "verdict:pass rate", 10 },
	/* township coverage, filled only where the division tables are */
	{ "townships counted", 10 }, { "townships covered", 10 },
	{ "coverage", 10 },
};

/* The heading of grade column g: 等级: and the grade's word.  The last
 * grade, fail (below the lowest, or vetoed), says so when a grade of the
 * pack reads the same (a band called 不合格). */
static void grade_heading(xlsx_state *x, size_t g, size_t n, char *head,
			  size_t size)
{
	const char *w = sai_report_grade_word(sai_rollup_grade_name(
		x->rollup, g), x->lang);
	size_t k;

	for (k = 0; g + 1 == n && k + 1 < n; k++)
		if (!strcmp(w, sai_report_grade_word(sai_rollup_grade_name(
				x->rollup, k), x->lang)))
			w = word(x, "grade:fail:veto");
	snprintf(head, size, "%s%s", word(x, "grade:"), w);
}

/* The header: the area's columns, a column per grade, the verdicts.  A
 * grade may bear a verdict's name (合格): its column says 等级:合格 and
 * the verdicts' say 合格站点, as the HTML report does. */
static void put_area_header(xlsx_state *x, lxw_worksheet *ws)
{
	lxw_col_t c = NCOLS(area_cols), g, v;
	size_t n = sai_rollup_grade_count(x->rollup);
	char head[160];

	put_header(x, ws, area_cols, c);
	for (g = 0; g < n; g++, c++) {
		grade_heading(x, g, n, head, sizeof(head));
		check(x, worksheet_write_string(ws, 0, c, head, x->bold));
	}
	for (v = 0; v < NCOLS(verdict_cols); v++, c++) {
		check(x, worksheet_set_column(ws, c, c, verdict_cols[v].width,
					      NULL));
		check(x, worksheet_write_string(ws, 0, c,
						word(x, verdict_cols[v].key),
						x->bold));
	}
}

static void put_area(xlsx_state *x, lxw_worksheet *ws, lxw_row_t row,
		     const sai_rollup_group *a)
{
	size_t g, n = sai_rollup_grade_count(x->rollup);
	lxw_col_t c = NCOLS(area_cols);
	double rate = sai_verdicts_rate(&a->verdicts);

	put_str(x, ws, row, 0, a->unplaced ? word(x, "not placed") : a->code);
	put_str(x, ws, row, 1, a->province);
	put_str(x, ws, row, 2, a->city);
	put_str(x, ws, row, 3, a->county);
	put_str(x, ws, row, 4, a->township);
	put_num(x, ws, row, 5, (double)a->stations, NULL);
	put_num(x, ws, row, 6, (double)a->scored, NULL);
	if (a->scored) {
		put_num(x, ws, row, 7, a->mean, x->score);
		put_num(x, ws, row, 8, a->median, x->score);
	}
	for (g = 0; g < n; g++)
		put_num(x, ws, row, c++, (double)a->grades[g], NULL);
	put_num(x, ws, row, c++, (double)a->verdicts.pass, NULL);
	put_num(x, ws, row, c++, (double)a->verdicts.fail, NULL);
	put_num(x, ws, row, c++, (double)a->verdicts.not_assessed, NULL);
	put_num(x, ws, row, c++, (double)a->verdicts.unreadable, NULL);
	if (rate >= 0)
		put_num(x, ws, row, c, rate, x->percent);
	c++;
	if (!a->has_coverage)
		return;
	put_num(x, ws, row, c++, (double)a->units, NULL);
	put_num(x, ws, row, c++, (double)a->covered, NULL);
	if (sai_rollup_coverage(a) >= 0)
		put_num(x, ws, row, c, sai_rollup_coverage(a), x->percent);
}

/* After put_stations (which finishes the rollup). */
static void put_areas(xlsx_state *x)
{
	lxw_col_t cols = (lxw_col_t)(NCOLS(area_cols) + NCOLS(verdict_cols) +
				     sai_rollup_grade_count(x->rollup));
	size_t i;
	int l;

	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_level level = (sai_rollup_level)l;
		lxw_worksheet *ws = x->areas[l];
		lxw_row_t row = 0;

		put_area_header(x, ws);
		for (i = 0; i < sai_rollup_group_count(x->rollup, level) &&
		     row < XLSX_LAST_ROW; i++)
			put_area(x, ws, ++row,
				 sai_rollup_group_at(x->rollup, level, i));
		put_filter(x, ws, row, cols);
	}
}

/* ---- year over year (check --baseline) ------------------------------------- */

/* Column headers, Chinese and English. */
static const char *const yoy_cols[][2] = {
	{ "记录编号", "record id" }, { "名称", "name" }, { "变化", "state" },
	{ "上次得分", "score before" }, { "本次得分", "score after" },
	{ "得分变化", "score change" }, { "其中豁免", "of which waivers" },
	{ "新增问题", "new" }, { "已修复", "fixed" },
	{ "新豁免", "newly waived" }, { "未变", "unchanged" },
	{ "新增规则", "new rules" }, { "已修复规则", "fixed rules" },
	{ "新豁免规则", "newly waived rules" },
};
static const char *const yoy_states[][2] = {
	{ "新增站点", "added" }, { "已移除", "removed" },
	{ "有变化", "changed" }, { "无变化", "unchanged" },
};
#define YOY_COLS (sizeof(yoy_cols) / sizeof(yoy_cols[0]))

/* The rule ids of station i's problems that changed so (caller frees). */
static char *yoy_rules(const sa_diff *d, size_t i, sai_change which)
{
	sai_diff_item it;
	sai_strbuf sb;
	size_t j;

	sai_strbuf_init(&sb);
	for (j = 0; j < sai_diff_item_count(d, i); j++) {
		sai_diff_item_at(d, i, j, &it);
		if (it.change != which)
			continue;
		if (sb.len)
			sai_strbuf_adds(&sb, ", ");
		sai_strbuf_adds(&sb, it.rule ? it.rule : "-");
	}
	return sai_strbuf_detach(&sb, NULL);
}

static void put_yoy_row(xlsx_state *x, const sa_diff *d, size_t i,
			lxw_row_t row)
{
	static const sai_change lists[] = { SAI_CHANGE_NEW, SAI_CHANGE_FIXED,
					    SAI_CHANGE_WAIVED };
	lxw_worksheet *ws = x->yoy;
	int en = !strcmp(x->lang, "en");
	sai_diff_station s;
	size_t k;

	sai_diff_station_at(d, i, &s);
	put_str(x, ws, row, 0, s.id);
	put_str(x, ws, row, 1, s.name);
	put_str(x, ws, row, 2, yoy_states[s.state][en]);
	if (s.old_score >= 0)
		put_num(x, ws, row, 3, s.old_score, x->score);
	if (s.new_score >= 0)
		put_num(x, ws, row, 4, s.new_score, x->score);
	if (s.old_score >= 0 && s.new_score >= 0) {
		put_num(x, ws, row, 5, sai_yoy_round(s.new_score -
						      s.old_score), x->score);
		put_num(x, ws, row, 6, sai_yoy_round(s.waiver_gain),
			x->score);
	}
	put_num(x, ws, row, 7, (double)s.counts[SAI_CHANGE_NEW], NULL);
	put_num(x, ws, row, 8, (double)s.counts[SAI_CHANGE_FIXED], NULL);
	put_num(x, ws, row, 9, (double)s.counts[SAI_CHANGE_WAIVED], NULL);
	put_num(x, ws, row, 10, (double)s.counts[SAI_CHANGE_UNCHANGED],
		NULL);
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		char *ids = yoy_rules(d, i, lists[k]);

		if (!ids)
			x->failed = 1;
		put_str(x, ws, row, (lxw_col_t)(11 + k), ids);
		free(ids);
	}
}

/* One row per station of the comparison, in its order (the collection
 * findings are no station). */
static void put_yoy(xlsx_state *x, const sa_diff *d)
{
	int en = !strcmp(x->lang, "en");
	lxw_row_t row = 0;
	lxw_col_t c;
	sai_diff_station s;
	size_t i;

	if (!x->yoy || !d)
		return;
	for (c = 0; c < YOY_COLS; c++) {
		check(x, worksheet_set_column(x->yoy, c, c, c < 2 ? 24 : 10,
					      NULL));
		check(x, worksheet_write_string(x->yoy, 0, c, yoy_cols[c][en],
						x->bold));
	}
	worksheet_freeze_panes(x->yoy, 1, 0);
	for (i = 0; i < sai_diff_station_count(d) && row < XLSX_LAST_ROW;
	     i++) {
		sai_diff_station_at(d, i, &s);
		if (s.station)
			put_yoy_row(x, d, i, ++row);
	}
	put_filter(x, x->yoy, row, (lxw_col_t)YOY_COLS);
}

/* ---- rules ----------------------------------------------------------------- */

/* What the rule rests on: its kind in words, the standard's words, the
 * pack's reason, and the citation (the rule's own, else the standard's). */
static void put_basis(xlsx_state *x, const sa_pack *p, const sa_rule_info *r,
		      lxw_row_t row)
{
	const sa_basis *b = sa_pack_rule_basis(p, r);
	const sa_citation *c = sa_pack_rule_citation(p, r);
	char cite[1024];

	if (b) {
		put_str(x, x->rules, row, 12, sa_basis_kind_name(b->kind,
								 x->lang));
		put_str(x, x->rules, row, 13, b->quote);
		put_str(x, x->rules, row, 14,
			!strcmp(x->lang, "en") && b->reason_en ? b->reason_en :
			b->reason);
	}
	if (b && b->cite) {
		put_str(x, x->rules, row, 15, b->cite);
	} else if (c) {
		snprintf(cite, sizeof(cite), "%s. %s%s%s", c->headline,
			 c->publisher, c->date ? ", " : "",
			 c->date ? c->date : "");
		put_str(x, x->rules, row, 15, cite);
	}
}

static void put_rule(xlsx_state *x, const sa_pack *p,
		     const sa_rule_summary *rs, lxw_row_t row)
{
	lxw_worksheet *ws = x->rules;
	const sa_rule_info *r = rs->rule;
	const size_t *c = rs->counts;
	double judged = (double)(c[SA_FINDING_PASS] + c[SA_FINDING_FAIL] +
				 c[SA_FINDING_ERROR] + c[SA_FINDING_WAIVED]);
	int s;

	put_str(x, ws, row, 0, r->id);
	put_str(x, ws, row, 1, rule_title(x, r));
	put_str(x, ws, row, 2, r->standard);
	put_str(x, ws, row, 3, word(x, sa_severity_name(r->severity)));
	for (s = 0; s < SA_FINDING_STATUS_COUNT; s++)
		put_num(x, ws, row, (lxw_col_t)(4 + s), (double)c[s], NULL);
	/* Of the records the rule applied to, the share that passed. */
	if (judged > 0)
		put_num(x, ws, row, 9, (double)c[SA_FINDING_PASS] / judged,
			x->percent);
	put_str(x, ws, row, 10, r->source);
	put_str(x, ws, row, 11, r->fix);
	put_basis(x, p, r, row);
}

static void put_rules(xlsx_state *x, const sa_pack *p,
		      const sa_rule_summary *rules, size_t count)
{
	size_t i;
	lxw_row_t row = 0;

	for (i = 0; rules && i < count; i++)
		if (rules[i].rule)
			put_rule(x, p, &rules[i], ++row);
	put_filter(x, x->rules, row, NCOLS(rule_cols));
}

/* ---- summary --------------------------------------------------------------- */

/* A row of the summary: section, item, value (text or, when text is NULL,
 * the number n), file and digest. */
typedef struct xlsx_line {
	const char *section;
	const char *item;
	const char *text;
	double n;
	const char *file;
	const char *sha256;
} xlsx_line;

static void put_line(xlsx_state *x, lxw_row_t *row, const xlsx_line *l)
{
	lxw_worksheet *ws = x->summary;

	if (*row >= XLSX_LAST_ROW)
		return;
	++*row;
	put_str(x, ws, *row, 0, l->section);
	put_str(x, ws, *row, 1, l->item);
	if (l->text)
		put_str(x, ws, *row, 2, l->text);
	else
		put_num(x, ws, *row, 2, l->n, NULL);
	put_str(x, ws, *row, 3, l->file);
	put_str(x, ws, *row, 4, l->sha256);
}

static void put_text_line(xlsx_state *x, lxw_row_t *row, const char *section,
			  const char *item, const char *text)
{
	xlsx_line l = { section, item, text ? text : "", 0, NULL, NULL };

	put_line(x, row, &l);
}

/* A line of the scoring settings, under 评分设定. */
typedef struct xlsx_scoring {
	xlsx_state *x;
	lxw_row_t *row;
} xlsx_scoring;

static void scoring_row(const char *label, const char *value, void *arg)
{
	xlsx_scoring *xs = arg;

	put_text_line(xs->x, xs->row, word(xs->x, "scoring"), label, value);
}

static void put_count_line(xlsx_state *x, lxw_row_t *row,
			   const char *section, const char *item, size_t n)
{
	xlsx_line l = { section, item, NULL, (double)n, NULL, NULL };

	put_line(x, row, &l);
}

/* A share (0-1) in the value column, as a percentage. */
static void put_rate_line(xlsx_state *x, lxw_row_t *row, const char *section,
			  const char *item, double rate)
{
	if (*row >= XLSX_LAST_ROW)
		return;
	++*row;
	put_str(x, x->summary, *row, 0, section);
	put_str(x, x->summary, *row, 1, item);
	put_num(x, x->summary, *row, 2, rate, x->percent);
}

/* Tool, audit date, language, standards, parameters. */
static void put_run(xlsx_state *x, const sai_report_context *ctx,
		    lxw_row_t *row)
{
	const sa_pack *p = ctx->pack;
	const char *run = word(x, "run");
	size_t i, n;

	put_text_line(x, row, run, "stationaudit", ctx->tool_version);
	put_text_line(x, row, run, word(x, "audit date"),
		      p ? sa_pack_audit_date(p) : NULL);
	put_text_line(x, row, run, word(x, "language"), x->lang);
	n = p ? sa_pack_standard_count(p) : 0;
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(p, i);
		int en = !strcmp(x->lang, "en") && s->title_en;
		xlsx_line l = { word(x, "standard"), s->id,
				en ? s->title_en : s->title, 0, s->file,
				s->sha256 };

		put_line(x, row, &l);
		if (s->version && s->version[0])
			put_text_line(x, row, word(x, "standard"),
				      word(x, "version"), s->version);
	}
	n = p ? sa_pack_param_count(p) : 0;
	for (i = 0; i < n; i++)
		put_text_line(x, row, word(x, "parameter"),
			      sa_pack_param(p, i)->name,
			      sa_pack_param(p, i)->value);
	{
		xlsx_scoring xs = { x, row };

		if (sai_report_scoring_each(p, x->lang, scoring_row, &xs) < 0)
			x->failed = 1;
	}
}

/* The dossier files with their digests, then the totals. */
static void put_totals(xlsx_state *x, const sai_report_context *ctx,
		       const sa_summary *sum, lxw_row_t *row)
{
	const char *totals = word(x, "totals");
	size_t i;
	int s;

	for (i = 0; ctx->inputs && i < ctx->input_count; i++) {
		xlsx_line l = { word(x, "dossier"), NULL, "", 0,
				ctx->inputs[i].path, ctx->inputs[i].sha256 };

		put_line(x, row, &l);
	}
	put_count_line(x, row, totals, word(x, "files"), sum->files);
	put_count_line(x, row, totals, word(x, "records"), sum->records);
	put_count_line(x, row, totals, word(x, "verdict:pass"),
		       x->verdicts.pass);
	put_count_line(x, row, totals, word(x, "verdict:fail"),
		       x->verdicts.fail);
	if (x->verdicts.pass + x->verdicts.fail)
		put_rate_line(x, row, totals, word(x, "verdict:pass rate"),
			      sai_verdicts_rate(&x->verdicts));
	put_count_line(x, row, totals, word(x, "not assessed"),
		       x->verdicts.not_assessed);
	put_count_line(x, row, totals, word(x, "unreadable"), sum->unreadable);
	put_count_line(x, row, totals, word(x, "failing"),
		       sum->records_failing);
	for (s = 0; s < SA_FINDING_STATUS_COUNT; s++)
		put_count_line(x, row, word(x, "findings"),
			       word(x, sa_finding_status_name(
					       (sa_finding_status)s)),
			       sum->findings[s]);
	for (s = SA_SEVERITY_COUNT - 1; s >= 0; s--)
		put_count_line(x, row, word(x, "failures"),
			       word(x, sa_severity_name((sa_severity)s)),
			       sum->fail_by_severity[s]);
	if (x->omitted)
		put_count_line(x, row, word(x, "findings"),
			       word(x, "not listed"), x->omitted);
}

static void put_summary(xlsx_state *x, const sai_report_context *ctx,
			const sa_summary *sum)
{
	static const sa_summary empty;
	lxw_row_t row = 0;

	put_run(x, ctx, &row);
	put_totals(x, ctx, sum ? sum : &empty, &row);
	put_filter(x, x->summary, row, NCOLS(summary_cols));
}

/* ---- the workbook ------------------------------------------------------------ */

/* Noon UTC of a YYYY-MM-DD date as a time_t (noon keeps the day in any
 * time zone), or of 2000-01-01 when the date does not parse: never 0,
 * which would make libxlsxwriter stamp the current time. */
static time_t audit_time(const char *date)
{
	long y = 2000, m = 1, d = 1, era, yoe, doy, doe;
	int i;

	if (date && strlen(date) == 10 && date[4] == '-' && date[7] == '-') {
		for (i = 0; i < 10; i++)
			if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
				break;
		if (i == 10) {
			y = strtol(date, NULL, 10);
			m = strtol(date + 5, NULL, 10);
			d = strtol(date + 8, NULL, 10);
		}
	}
	/* Days since 1970-01-01 of a proleptic Gregorian date. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (time_t)(era * 146097 + doe - 719468) * 86400 + 12 * 3600;
}

/* A private file for the workbook: the run's (ctx->scratch), else beside
 * the report, or in $TMPDIR (or /tmp) for standard output.  Returns 0, or
 * -1 with errno set. */
static int make_tmp(xlsx_state *x, const sai_report_context *ctx)
{
	const char *dir = getenv("TMPDIR");
	sai_strbuf sb;
	int fd;

	if (ctx->scratch) {
		x->run_tmp = 1;
		return (x->tmp = ctx->scratch(ctx->scratch_arg)) ? 0 : -1;
	}
	sai_strbuf_init(&sb);
	if (ctx->path && strcmp(ctx->path, "-") != 0)
		sai_strbuf_addf(&sb, "%s.xlsx-XXXXXX", ctx->path);
	else
		sai_strbuf_addf(&sb, "%s/stationaudit-xlsx-XXXXXX",
				dir && dir[0] ? dir : "/tmp");
	if (!(x->tmp = sai_strbuf_detach(&sb, NULL))) {
		errno = ENOMEM;
		return -1;
	}
	if ((fd = mkstemp(x->tmp)) < 0) {
		free(x->tmp);
		x->tmp = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

static int add_sheets(xlsx_state *x, const sai_report_context *ctx)
{
	lxw_workbook *wb = x->wb;

	x->summary = workbook_add_worksheet(wb, word(x, "summary"));
	x->stations = workbook_add_worksheet(wb, word(x, "stations"));
	x->findings = workbook_add_worksheet(wb, word(x, "findings"));
	x->rules = workbook_add_worksheet(wb, word(x, "rules"));
	x->areas[SAI_ROLLUP_PROVINCE] = workbook_add_worksheet(wb, word(x,
							       "by province"));
	x->areas[SAI_ROLLUP_CITY] = workbook_add_worksheet(wb, word(x,
							   "by city"));
	x->areas[SAI_ROLLUP_COUNTY] = workbook_add_worksheet(wb, word(x,
							     "by county"));
	x->areas[SAI_ROLLUP_TOWNSHIP] = workbook_add_worksheet(wb, word(x,
							       "by township"));
	if (ctx->baseline && !(x->yoy = workbook_add_worksheet(wb,
			!strcmp(x->lang, "en") ? "year over year" : "对比基线")))
		return -1;
	x->bold = workbook_add_format(wb);
	x->score = workbook_add_format(wb);
	x->percent = workbook_add_format(wb);
	if (!x->summary || !x->stations || !x->findings || !x->rules ||
	    !x->areas[0] || !x->areas[1] || !x->areas[2] || !x->areas[3] ||
	    !x->bold || !x->score || !x->percent)
		return -1;
	format_set_bold(x->bold);
	format_set_num_format(x->score, "0.00");
	format_set_num_format(x->percent, "0.0%");
	put_header(x, x->summary, summary_cols, NCOLS(summary_cols));
	put_header(x, x->stations, station_cols, NCOLS(station_cols));
	put_header(x, x->findings, finding_cols, NCOLS(finding_cols));
	put_header(x, x->rules, rule_cols, NCOLS(rule_cols));
	return x->failed ? -1 : 0;
}

static int open_workbook(xlsx_state *x, const sai_report_context *ctx)
{
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	char *dir = getenv("TMPDIR");

	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = dir && dir[0] ? dir : NULL;
	/* No ZIP64: Excel has trouble with it, and no sheet comes near
	 * 4 GB (the findings stop at Excel's last row). */
	opt.use_zip64 = LXW_FALSE;
	if (!(x->wb = workbook_new_opt(x->tmp, &opt)))
		return -1;
	props.title = (char *)word(x, "audit report");
	props.created = audit_time(ctx->pack ? sa_pack_audit_date(ctx->pack)
					     : NULL);
	check(x, workbook_set_properties(x->wb, &props));
	if (x->failed || add_sheets(x, ctx) < 0)
		return -1;
	return 0;
}

/* Copies the finished workbook into the report's output. */
static int copy_out(const char *path, FILE *out)
{
	char buf[65536];
	FILE *in = fopen(path, "rb");
	size_t n;
	int ret = 0;

	if (!in)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			ret = -1;
			break;
		}
	if (ferror(in))
		ret = -1;
	fclose(in);
	return ret;
}

/* ---- the writer -------------------------------------------------------------- */

static int xlsx_begin(void **state, const sai_report_context *ctx)
{
	xlsx_state *x = calloc(1, sizeof(*x));

	*state = x;
	if (!x) {
		errno = ENOMEM;
		return -1;
	}
	x->lang = ctx->opts && ctx->opts->lang &&
		  !strcmp(ctx->opts->lang, "en") ? "en" : "zh";
	if (!(x->rollup = sai_rollup_new(ctx->pack))) {
		errno = ENOMEM;
		return -1;
	}
	sai_rollup_want_coverage(x->rollup);
	if (make_tmp(x, ctx) < 0)
		return -1;
	if (open_workbook(x, ctx) < 0) {
		errno = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static int xlsx_record(void *state, const sai_report_context *ctx,
		       const sa_record_result *rr)
{
	xlsx_state *x = state;

	(void)ctx;
	sai_verdicts_add(&x->verdicts, rr);
	/* Collection findings (townships without a station, ...) are
	 * findings of no station: they are listed, not ranked. */
	if (!rr->collection && keep_station(x, rr) < 0) {
		errno = ENOMEM;
		return -1;
	}
	put_findings(x, rr);
	if (x->failed) {
		errno = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static int xlsx_end(void *state, const sai_report_context *ctx,
		    const sa_summary *sum, const sa_rule_summary *rules,
		    size_t rule_count)
{
	xlsx_state *x = state;
	lxw_error e;

	put_filter(x, x->findings, x->finding_row, NCOLS(finding_cols));
	put_stations(x);
	put_rules(x, ctx->pack, rules, rule_count);
	put_areas(x);
	put_yoy(x, ctx->baseline);
	put_summary(x, ctx, sum);
	e = workbook_close(x->wb);   /* writes and frees the workbook */
	x->wb = NULL;
	if (x->failed || e != LXW_NO_ERROR) {
		errno = errno ? errno : EIO;
		return -1;
	}
	if (copy_out(x->tmp, ctx->out) < 0) {
		errno = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static void xlsx_free(void *state)
{
	xlsx_state *x = state;
	size_t i;

	if (!x)
		return;
	if (x->wb)
		lxw_workbook_free(x->wb);
	if (x->tmp && !x->run_tmp)
		unlink(x->tmp);
	free(x->tmp);
	for (i = 0; i < x->n; i++)
		station_release(&x->st[i]);
	free(x->st);
	sai_rollup_free(x->rollup);
	free(x);
}

const sai_report_writer sai_report_xlsx = {
	"xlsx",
	"for auditors in Excel: summary, stations, findings and rules sheets",
	xlsx_begin,
	xlsx_record,
	xlsx_end,
	xlsx_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
