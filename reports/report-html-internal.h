/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html-internal.h - what the files of the HTML report share: the
 * writer's state, the ids of the fixed text and the helpers that more
 * than one part of the page uses.  Only reports/report-html*.c include
 * it; the other writers see the HTML report only as sai_report_html.
 *
 * The files: report-html.c (the writer, its counters, the data block),
 * report-html-text.c (the fixed text, escaping, numbers),
 * report-html-station.c (a record as it arrives), report-html-summary.c
 * and report-html-tables.c (the page's sections, written at the end),
 * report-html-page.c (the fixed style sheet and script).
 *
 * The helpers append to a sai_strbuf and set its failed flag when out of
 * memory, as sai_strbuf does; the writer checks the flags.
 */
#ifndef SA_REPORT_HTML_INTERNAL_H
#define SA_REPORT_HTML_INTERNAL_H

#include <stddef.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "util-internal.h"

/* ---- fixed text (report-html-text.c) ------------------------------------- */

enum {
	L_TITLE, L_AUDIT_DATE, L_SUMMARY, L_STANDARDS, L_STATIONS,
	L_COVERAGE, L_RULES, L_COUNTIES, L_WAIVERS, L_UNREADABLE,
	L_PROVENANCE, L_RECORDS, L_FAILING, L_MEAN, L_UNWAIVED, L_FILES,
	L_GRADE_DIST, L_SEV_DIST, L_NOT_GRADED, L_ID, L_NAME, L_REGION,
	L_FAILED_RULES, L_SEQ, L_FILTER_PH, L_ALL_GRADES, L_ALL_RESULTS,
	L_ANY_FAIL, L_NO_FAIL, L_SHOWN, L_ALL_PASS, L_RULE, L_REQUIREMENT,
	L_SOURCE, L_FIX, L_STANDARD, L_PASS_RATE, L_COUNTY, L_FAIL_SHARE,
	L_REASON, L_APPROVER, L_EXPIRES, L_MESSAGE, L_LOCATION, L_TOOL,
	L_PARAMS, L_INPUTS, L_VERSION, L_ISSUER, L_FILE, L_VALUE, L_TYPE,
	L_LANG, L_VETOED, L_NONE, L_UNKNOWN, L_RATE_NOTE, L_COLL_PASSED,
	L_SHA, L_PASS_SHARE, L_FILTER, L_SEV_FILTER, L_GRADE_FILTER,
	L_RECORD, L_NOSCRIPT, L_NO_RECORDS, L_LANGUAGE_NAME, L_STD_TITLE,
	L_PARAM, L_PASSED, L_NOT_ASSESSED, L_TOP_FAILED,
	L_RANK, L_COUNTY_RANK, L_DETAILS, L_PAGE, L_PREV, L_NEXT,
	L_PAGE_SIZE, L_ROLLUPS, L_SHOW_STATIONS, L_SCORE_DIST, L_COUNTY_MIX,
	L_PRINT_NOTE, L_MEDIAN, L_GRADE_MIX, L_LINE, L_DIVISION, L_BASIS,
	L_STATIONS_CONCERNED, L_ROLL_NOTE, L_YOY, L_YOY_NEW, L_YOY_FIXED,
	L_YOY_UNCHANGED, L_YOY_WAIVED, L_YOY_UP, L_YOY_DOWN, L_YOY_ADDED,
	L_YOY_REMOVED, L_BASELINE, L_OLD_SCORE, L_YOY_CHART, L_YOY_NOTE,
	L_TOWNSHIP_COVERAGE, L_COVERAGE_NOTE, L_NOT_PLACED, L_SCORING,
	L_JURISDICTION, L_EVERYWHERE,
	L_COUNT
};

/* The fixed text by id: [0] Chinese, [1] English. */
extern const char *const sai_html_labels[L_COUNT][2];

/* ---- state --------------------------------------------------------------- */

/* Totals of one county: the first 6 digits of a region code. */
typedef struct sai_html_county {
	char code[8];           /* "" when the region has no such prefix */
	size_t records, scored;
	sai_verdicts verdicts;  /* its stations passed and failed */
	char township[16];      /* a township code seen in it, for its name */
	double score_sum;
} sai_html_county;

typedef struct sai_html_grade {
	char *name;
	size_t n;
} sai_html_grade;

typedef struct sai_html_state {
	int en;
	const char *lang;       /* "zh" or "en", for sai_report_word */
	sai_strbuf data;        /* a JSON array per station, input order */
	sai_strbuf rulejs;      /* a JSON object per rule, as first seen */
	sai_strbuf scratch;     /* cleaned text before it is escaped */
	sai_strbuf cite;        /* a citation put together */
	const sa_rule_info **rule_ptrs; /* the rules of rulejs, in order */
	sai_strbuf filejs;      /* the dossier files named, as JSON strings */
	char *last_file;        /* the last of them */
	size_t n_files;
	size_t n_roll;          /* rollup rows written */
	size_t n_rules, last_rule;
	const sa_pack *pack;    /* for the rules' basis */
	sai_rollup *roll;       /* ranks and rollups (rollup.c), a station
				 * per row of the page, in its order */
	sai_strbuf coverage;    /* collection findings, as <tr> */
	sai_strbuf unreadable;  /* a <tr> per unreadable dossier */
	sai_strbuf waived;      /* a <tr> per waived finding */
	sai_strbuf sb;          /* the page part being written */
	size_t n_stations, n_coverage, n_unreadable, n_waived;
	size_t coll_pass;       /* collection findings that passed */
	sai_verdicts verdicts;  /* stations passed, failed, not assessed */
	sai_html_grade *grades; /* the pack's grades first, then as seen */
	size_t n_grades, n_pack_grades;
	size_t ungraded;        /* assessed stations without a grade */
	sai_html_county *counties; /* sorted by code, "" last */
	size_t n_counties;
	double score_sum, unwaived_sum;
	size_t scored;
	int any_unwaived;       /* a record scored differently without
				 * waivers */
} sai_html_state;

/* The fixed text in the report's language, its colon, and a word of
 * sai_report_word: short, so that the page's code reads as the page. */
static inline const char *L(const sai_html_state *st, int id)
{
	return sai_html_labels[id][st->en];
}

static inline const char *colon(const sai_html_state *st)
{
	return st->en ? ": " : "：";
}

static inline const char *word(const sai_html_state *st, const char *key)
{
	return sai_report_word(key, st->lang);
}

/* ---- escaping, numbers, JSON strings (report-html-text.c) ---------------- */

/* Appends text from a dossier or a pack, escaped for HTML text and
 * double-quoted attribute values; bad UTF-8 and stray controls become
 * U+FFFD.  Nothing for NULL or "". */
void sai_html_esc(sai_strbuf *sb, const char *s);
/* sai_html_esc for element content: inside <bdi> when s holds
 * right-to-left text or a bidirectional or zero-width control. */
void sai_html_text(sai_strbuf *sb, const char *s);
/* sai_html_text, or a dash when s is empty. */
void sai_html_esc_or_dash(sai_strbuf *sb, const char *s);
/* A number through sai_format_number; rounded to 2 decimals; "12.5%" of
 * part in whole, or a dash for an empty whole. */
void sai_html_num(sai_strbuf *sb, double v);
void sai_html_num2(sai_strbuf *sb, double v);
void sai_html_percent(sai_strbuf *sb, size_t part, size_t whole);
/* The grade's name in the report's language when it is one of the usual
 * ones, else as the pack wrote it (the caller escapes it). */
const char *sai_html_grade_label(const sai_html_state *st,
				 const char *name);
/* Text as a JSON string that cannot end the page's data block (uses
 * st->scratch); NULL is null. */
void sai_html_j_str(sai_html_state *st, sai_strbuf *sb, const char *s);
/* A score, or -1 when there is none. */
void sai_html_j_score(sai_strbuf *sb, double v);

/* ---- grades (report-html.c) ---------------------------------------------- */

/* The index of a grade the pack or an earlier record named, or -1. */
long sai_html_grade_known(const sai_html_state *st, const char *name);

/* ---- one station, when its record arrives (report-html-station.c) -------- */

/* The record's entry in the page's data block (st->data). */
void sai_html_station_json(sai_html_state *st,
			   const sai_report_context *ctx,
			   const sa_record_result *rr);
/* Rows kept for the end: a waived finding (st->waived), a collection's
 * findings (st->coverage), an unreadable dossier (st->unreadable). */
void sai_html_render_waiver(sai_html_state *st, const sa_record_result *rr,
			    const sa_finding *f);
void sai_html_render_coverage(sai_html_state *st,
			      const sa_record_result *rr);
void sai_html_render_unreadable(sai_html_state *st,
				const sa_record_result *rr);

/* ---- the page's sections, in page order, into st->sb --------------------- */

/* report-html-summary.c: the head and the table of contents; the
 * summary (cards, charts, standards, most-failed rules: -1 when out of
 * memory); year over year (with --baseline only); the rollups' chart and
 * notes (the section stays open for the counties). */
void sai_html_write_head(sai_html_state *st,
			 const sai_report_context *ctx);
void sai_html_write_toc(sai_html_state *st, const sai_report_context *ctx);
int sai_html_write_summary(sai_html_state *st,
			   const sai_report_context *ctx,
			   const sa_summary *sum, const sa_rule_summary *rules,
			   size_t rule_count);
void sai_html_write_yoy(sai_html_state *st, const sai_report_context *ctx);
void sai_html_write_rollups(sai_html_state *st);

/* report-html-tables.c: the stations (controls and an empty table the
 * script fills), the counties, the collection findings, the rules, the
 * waivers, the unreadable dossiers and the provenance; the optional ones
 * write nothing when they have nothing to show. */
void sai_html_write_stations(sai_html_state *st, int baseline);
void sai_html_write_counties(sai_html_state *st, const sa_pack *pack);
void sai_html_write_coverage(sai_html_state *st);
void sai_html_write_rules(sai_html_state *st, const sa_rule_summary *rules,
			  size_t n);
void sai_html_write_waivers(sai_html_state *st);
void sai_html_write_unreadable(sai_html_state *st);
void sai_html_write_provenance(sai_html_state *st,
			       const sai_report_context *ctx);

#endif
