/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html.c - the HTML report for auditors: one self-contained file
 * (inline CSS, JavaScript and SVG; nothing fetched) with the run summary,
 * charts, one row per station, the collection (coverage) findings, the
 * pass rate of every rule with the standard's text, a per-county table,
 * the waivers, the unreadable dossiers and the provenance.
 *
 * The summary comes first on the page but is known only at the end, so
 * each record is rendered to HTML when it arrives (its findings are valid
 * only during the call) and the rendered rows are kept; the totals per
 * grade and per county are kept as counters.  Nothing else of a record is
 * held, and the page's script reads what it filters and sorts on from the
 * rows themselves (data- attributes), so a row is written once.
 *
 * Every text from a dossier or a pack goes through sai_html_esc(),
 * which lets libxml2 escape it (xmlEncodeSpecialChars); attributes are
 * always double-quoted.  In element content it goes through
 * sai_html_text(), which also isolates it in a <bdi> when it holds
 * right-to-left text or bidirectional controls.  No data is ever written
 * into the script.
 *
 * Output is deterministic: input order, numbers through
 * sai_format_number, no time other than the audit date.
 *
 * This file is the writer (begin, record, end, free), its counters per
 * grade and per county, and the page's data block; the rest is split by
 * concern, sharing report-html-internal.h: report-html-text.c (the fixed
 * text, escaping, numbers), report-html-station.c (a record as it
 * arrives), report-html-summary.c (head, summary, charts, year over year,
 * rollups), report-html-tables.c (the tables) and report-html-page.c
 * (the fixed style sheet and script).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-html-internal.h"
#include "report-internal.h"
#include "rollup-internal.h"
#include "util-internal.h"

/* ---- grades and counties ------------------------------------------------- */

/* The CSS class of a grade: its rank among the pack's grades, "gf" for
 * fail and plain for an unknown one. */
static void add_grade_class(sai_strbuf *sb, const sai_html_state *st,
			    const char *name)
{
	size_t i;

	if (!strcmp(name, "fail")) {
		sai_strbuf_adds(sb, "g gf");
		return;
	}
	for (i = 0; i < st->n_pack_grades; i++)
		if (!strcmp(st->grades[i].name, name)) {
			sai_strbuf_addf(sb, "g g%zu", i < 4 ? i : 4);
			return;
		}
	sai_strbuf_adds(sb, "g");
}

/* The index of a grade in st->grades, added when new; -1 when out of
 * memory. */
static long grade_index(sai_html_state *st, const char *name)
{
	sai_html_grade *g;
	size_t i;

	for (i = 0; i < st->n_grades; i++)
		if (!strcmp(st->grades[i].name, name))
			return (long)i;
	g = realloc(st->grades, (st->n_grades + 1) * sizeof(*g));
	if (!g)
		return -1;
	st->grades = g;
	g = &st->grades[st->n_grades];
	if (!(g->name = sai_strdup(name)))
		return -1;
	g->n = 0;
	return (long)st->n_grades++;
}

/* The index of a grade the pack or an earlier record named, or -1. */
long sai_html_grade_known(const sai_html_state *st, const char *name)
{
	size_t i;

	for (i = 0; name && i < st->n_grades; i++)
		if (!strcmp(st->grades[i].name, name))
			return (long)i;
	return -1;
}

/* Sort order: codes ascending, the unknown county ("") last. */
static int county_cmp(const char *a, const char *b)
{
	if (!*a || !*b)
		return (!*a) - (!*b);
	return strcmp(a, b);
}

/* The county of that code, inserted in order when new; NULL when out of
 * memory. */
static sai_html_county *county_get(sai_html_state *st, const char *code)
{
	size_t lo = 0, hi = st->n_counties;
	sai_html_county *c;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = county_cmp(st->counties[mid].code, code);

		if (r == 0)
			return &st->counties[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	c = realloc(st->counties, (st->n_counties + 1) * sizeof(*c));
	if (!c)
		return NULL;
	st->counties = c;
	memmove(&c[lo + 1], &c[lo], (st->n_counties - lo) * sizeof(*c));
	memset(&c[lo], 0, sizeof(*c));
	memcpy(c[lo].code, code, strlen(code) + 1);
	st->n_counties++;
	return &c[lo];
}

static int tally_record(sai_html_state *st, const sa_record_result *rr)
{
	char code[8];
	sai_html_county *c;
	long g;

	sai_report_county(rr->region, code);
	if (!(c = county_get(st, code)))
		return -1;
	c->records++;
	if (!c->township[0] && rr->region && strlen(rr->region) == 9)
		memcpy(c->township, rr->region, 10);
	sai_verdicts_add(&c->verdicts, rr);
	sai_verdicts_add(&st->verdicts, rr);
	if (rr->score >= 0) {
		c->scored++;
		c->score_sum += rr->score;
		st->scored++;
		st->score_sum += rr->score;
		st->unwaived_sum += rr->score_unwaived >= 0 ? rr->score_unwaived
							    : rr->score;
		st->any_unwaived |= rr->score_unwaived >= 0 &&
				    rr->score_unwaived != rr->score;
	}
	if (!rr->grade) {
		st->ungraded += !rr->not_assessed;
		return 0;
	}
	/* Known by index in the page's data, as the graded ones. */
	if (rr->grade_unwaived && grade_index(st, rr->grade_unwaived) < 0)
		return -1;
	if ((g = grade_index(st, rr->grade)) < 0)
		return -1;
	st->grades[g].n++;
	return 0;
}

/* ---- the data block --------------------------------------------------------- */

static void j_key(sai_html_state *st, const char *key, const char *value)
{
	sai_strbuf_addf(&st->sb, ",\"%s\":", key);
	sai_html_j_str(st, &st->sb, value);
}

/* The words the script writes, in the report's language. */
static void j_words(sai_html_state *st)
{
	static const char *const words[] = {
		"critical", "major", "minor", "info", "error", "waived",
		"pass", "not_applicable", "fail", "actual",
	};
	static const struct { const char *key; int label; } named[] = {
		{ "allPass", L_ALL_PASS }, { "vetoed", L_VETOED },
		{ "unwaived", L_UNWAIVED }, { "notAssessed", L_NOT_ASSESSED },
		{ "line", L_LINE }, { "details", L_DETAILS },
		{ "crank", L_COUNTY_RANK }, { "basis", L_BASIS },
		{ "source", L_SOURCE }, { "fix", L_FIX }, { "rule", L_RULE },
		{ "region", L_REGION }, { "unknown", L_UNKNOWN },
		{ "showStations", L_SHOW_STATIONS }, { "yoyNew", L_YOY_NEW },
		{ "yoyFixed", L_YOY_FIXED }, { "yoyUnchanged", L_YOY_UNCHANGED },
		{ "yoyWaived", L_YOY_WAIVED }, { "oldScore", L_OLD_SCORE },
		{ "yoyAdded", L_YOY_ADDED }, { "yoy", L_YOY },
		{ "notPlaced", L_NOT_PLACED },
	};
	size_t i;

	sai_strbuf_addf(&st->sb, "{\"colon\":\"%s\"", colon(st));
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		j_key(st, words[i], word(st, words[i]));
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		j_key(st, named[i].key, L(st, named[i].label));
	sai_strbuf_addf(&st->sb, ",\"rollCols\":[\"%s\",\"%s\",\"%s\",\"%s\","
			"\"%s\",\"%s\",\"%s\",\"\"]}", L(st, L_DIVISION),
			L(st, L_RECORDS), L(st, L_MEAN), L(st, L_MEDIAN),
			L(st, L_PASS_SHARE), L(st, L_TOWNSHIP_COVERAGE),
			L(st, L_GRADE_MIX));
}

static void j_grades(sai_html_state *st)
{
	size_t i;

	sai_strbuf_adds(&st->sb, ",\n\"grades\":[");
	for (i = 0; i < st->n_grades; i++) {
		sai_strbuf_adds(&st->sb, i ? ",{\"n\":" : "{\"n\":");
		sai_html_j_str(st, &st->sb, st->grades[i].name);
		j_key(st, "l", sai_html_grade_label(st, st->grades[i].name));
		sai_strbuf_adds(&st->sb, ",\"c\":\"");
		add_grade_class(&st->sb, st, st->grades[i].name);
		sai_strbuf_addf(&st->sb, "\",\"r\":%zu}", i < st->n_pack_grades
				? i : st->n_pack_grades);
	}
	sai_strbuf_adds(&st->sb, "]");
}

/* Ranks over the run (rank) or the county (crank), in station order
 * (the unreadable, in the rollup, are no station of the page). */
static void j_ranks(sai_html_state *st, int in_county)
{
	size_t i, k = 0, n = sai_rollup_station_count(st->roll);

	sai_strbuf_addf(&st->sb, ",\n\"%s\":[", in_county ? "crank" : "rank");
	for (i = 0; i < n; i++) {
		const sai_rollup_station *s = sai_rollup_station_at(st->roll, i);

		if (s->verdict == SAI_VERDICT_UNREADABLE)
			continue;
		sai_strbuf_addf(&st->sb, k++ ? ",%zu" : "%zu",
				in_county ? s->county_rank : s->rank);
	}
	sai_strbuf_adds(&st->sb, "]");
}

/* ---- the data block: rollups, every level -------------------------------- */

/* [level (0 province ... 3 township), code, name, stations, mean,
 * median (-1: none scored), passed, failed, not assessed, [count per
 * grade of "rgrades"], [townships counted, covered] or null when the
 * division tables are not loaded] */
static void j_group(sai_html_state *st, int level, const sai_rollup_group *g,
		    const char *name)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "%s[%d,\"%s\",", st->n_roll++ ? ",\n" : "", level,
			g->code);
	sai_html_j_str(st, sb, name);
	sai_strbuf_addf(sb, ",%zu,", g->stations);
	sai_html_j_score(sb, g->scored ? round(g->mean * 100) / 100 : -1);
	sai_strbuf_addc(sb, ',');
	sai_html_j_score(sb, g->scored ? g->median : -1);
	sai_strbuf_addf(sb, ",%zu,%zu,%zu,[", g->verdicts.pass,
			g->verdicts.fail, g->verdicts.not_assessed);
	for (i = 0; i < sai_rollup_grade_count(st->roll); i++)
		sai_strbuf_addf(sb, i ? ",%zu" : "%zu", g->grades[i]);
	if (g->has_coverage)
		sai_strbuf_addf(sb, "],[%zu,%zu]]", g->units, g->covered);
	else
		sai_strbuf_adds(sb, "],null]");
}

static const char *group_name(const sai_html_state *st,
			      const sai_rollup_group *g,
			      sai_rollup_level level)
{
	if (g->unplaced)
		return L(st, L_NOT_PLACED);
	switch (level) {
	case SAI_ROLLUP_PROVINCE: return g->province;
	case SAI_ROLLUP_CITY: return g->city;
	case SAI_ROLLUP_COUNTY: return g->county;
	default: return g->township;
	}
}

/* Every level, provinces first (rollup.c); the page's script nests them
 * by code.  Of the not-placed groups only the provinces' is written (code
 * "", at the top): below, the script shows an area's stations in none of
 * its parts as their own row, the area's numbers less its parts'. */
static int j_rollups(sai_html_state *st)
{
	int l;
	size_t i;

	sai_strbuf_adds(&st->sb, ",\n\"rgrades\":[");
	for (i = 0; i < sai_rollup_grade_count(st->roll); i++) {
		sai_strbuf_adds(&st->sb, i ? "," : "");
		sai_html_j_str(st, &st->sb, sai_html_grade_label(st,
			       sai_rollup_grade_name(st->roll, i)));
	}
	sai_strbuf_adds(&st->sb, "],\n\"roll\":[");
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++)
		for (i = 0; i < sai_rollup_group_count(st->roll,
						      (sai_rollup_level)l); i++) {
			const sai_rollup_group *g = sai_rollup_group_at(
				st->roll, (sai_rollup_level)l, i);

			if (!g->unplaced || l == SAI_ROLLUP_PROVINCE)
				j_group(st, l, g, group_name(st, g,
						(sai_rollup_level)l));
		}
	sai_strbuf_adds(&st->sb, "]");
	return 0;
}

/* Writes st->sb (or buf when given) and empties st->sb. */
static int flush_sb(sai_html_state *st, FILE *out)
{
	int rc = 0;

	if (st->sb.failed) {
		errno = ENOMEM;
		rc = -1;
	} else if (st->sb.len &&
		   fwrite(st->sb.buf, 1, st->sb.len, out) != st->sb.len) {
		rc = -1;
	}
	sai_strbuf_reset(&st->sb);
	return rc;
}

/* The one data block: no markup is ever built from it but through text
 * nodes, and sai_html_j_str keeps "</" out of it. */
static int write_data(sai_html_state *st, const sai_report_context *ctx)
{
	sai_strbuf_adds(&st->sb, "<script type=\"application/json\" "
			"id=\"sa-data\">{\"t\":");
	j_words(st);
	j_grades(st);
	sai_strbuf_adds(&st->sb, ",\n\"files\":[");
	sai_strbuf_add(&st->sb, st->filejs.buf, st->filejs.len);
	sai_strbuf_adds(&st->sb, "],\n\"rules\":[");
	sai_strbuf_add(&st->sb, st->rulejs.buf, st->rulejs.len);
	sai_strbuf_adds(&st->sb, "]");
	j_ranks(st, 0);
	j_ranks(st, 1);
	if (j_rollups(st) < 0)
		return -1;
	sai_strbuf_adds(&st->sb, ",\n\"st\":[\n");
	if (flush_sb(st, ctx->out) < 0 ||
	    (st->data.len && fwrite(st->data.buf, 1, st->data.len, ctx->out)
				     != st->data.len))
		return -1;
	sai_strbuf_adds(&st->sb, "]}</script>\n");
	return 0;
}

/* ---- the writer ---------------------------------------------------------- */

static int html_begin(void **state, const sai_report_context *ctx)
{
	sai_html_state *st = calloc(1, sizeof(*st));
	size_t i, n;

	*state = st;
	if (!st)
		goto nomem;
	st->en = ctx->opts && ctx->opts->lang && !strcmp(ctx->opts->lang, "en");
	st->lang = st->en ? "en" : "zh";
	sai_strbuf_init(&st->data);
	sai_strbuf_init(&st->rulejs);
	sai_strbuf_init(&st->scratch);
	sai_strbuf_init(&st->cite);
	sai_strbuf_init(&st->filejs);
	st->pack = ctx->pack;
	if (!(st->roll = sai_rollup_new(ctx->pack)))
		goto nomem;
	sai_rollup_want_coverage(st->roll);
	sai_strbuf_init(&st->coverage);
	sai_strbuf_init(&st->unreadable);
	sai_strbuf_init(&st->waived);
	sai_strbuf_init(&st->sb);
	/* The pack's grades come first, best first, even when no record
	 * got them: the chart shows the whole scale. */
	n = ctx->pack ? sa_pack_grade_count(ctx->pack) : 0;
	for (i = 0; i < n; i++)
		if (grade_index(st, sa_pack_grade(ctx->pack, i, NULL)) < 0)
			goto nomem;
	st->n_pack_grades = st->n_grades;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static int html_record(void *state, const sai_report_context *ctx,
		       const sa_record_result *rr)
{
	sai_html_state *st = state;
	size_t i;

	(void)ctx;
	if (rr->load_error) {
		/* In the rollups (not placed), as in the JSON report's, so
		 * that the drill-down adds up to the summary. */
		sai_html_render_unreadable(st, rr);
		if (sai_rollup_add(st->roll, rr, NULL) < 0)
			goto nomem;
	} else if (rr->collection)
		sai_html_render_coverage(st, rr);
	else if (tally_record(st, rr) < 0 ||
		 sai_rollup_add(st->roll, rr, NULL) < 0)
		goto nomem;
	else
		sai_html_station_json(st, ctx, rr);
	for (i = 0; i < rr->finding_count; i++)
		if (rr->findings[i].status == SA_FINDING_WAIVED)
			sai_html_render_waiver(st, rr, &rr->findings[i]);
	if (st->data.failed || st->rulejs.failed || st->filejs.failed || st->coverage.failed || st->unreadable.failed ||
	    st->waived.failed)
		goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static int html_end(void *state, const sai_report_context *ctx,
		    const sa_summary *sum, const sa_rule_summary *rules,
		    size_t rule_count)
{
	static const sa_summary empty;
	sai_html_state *st = state;
	if (!sum)
		sum = &empty;
	if (sai_rollup_finish(st->roll) < 0)
		goto nomem;
	sai_html_write_head(st, ctx);
	sai_html_write_toc(st, ctx);
	if (sai_html_write_summary(st, ctx, sum, rules, rule_count) < 0)
		goto nomem;
	sai_html_write_yoy(st, ctx);
	sai_html_write_stations(st, ctx->baseline != NULL);
	sai_html_write_rollups(st);
	sai_html_write_counties(st, ctx->pack);
	sai_strbuf_adds(&st->sb, "</section>\n");
	sai_html_write_coverage(st);
	sai_html_write_rules(st, rules, rule_count);
	sai_html_write_waivers(st);
	sai_html_write_unreadable(st);
	sai_html_write_provenance(st, ctx);
	sai_strbuf_adds(&st->sb, "</main>\n");
	if (write_data(st, ctx) < 0)
		goto nomem;
	sai_strbuf_addf(&st->sb, "<script>\n%s</script>\n</body>\n</html>\n",
			sai_html_page_js);
	if (flush_sb(st, ctx->out) < 0)
		return -1;
	return ferror(ctx->out) ? -1 : 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static void html_free(void *state)
{
	sai_html_state *st = state;
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n_grades; i++)
		free(st->grades[i].name);
	free(st->grades);
	free(st->counties);
	sai_strbuf_release(&st->data);
	sai_strbuf_release(&st->rulejs);
	sai_strbuf_release(&st->scratch);
	sai_strbuf_release(&st->cite);
	sai_strbuf_release(&st->filejs);
	free(st->last_file);
	free(st->rule_ptrs);
	sai_rollup_free(st->roll);
	sai_strbuf_release(&st->coverage);
	sai_strbuf_release(&st->unreadable);
	sai_strbuf_release(&st->waived);
	sai_strbuf_release(&st->sb);
	free(st);
}

const sai_report_writer sai_report_html = {
	"html",
	"for auditors: one self-contained page with summary, charts, "
	"filters and a print layout",
	html_begin,
	html_record,
	html_end,
	html_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
