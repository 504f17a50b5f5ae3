/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html-summary.c - the top of the HTML report and its pictures:
 * the head and the table of contents, the summary (cards, charts in
 * inline SVG, the standards, the most-failed rules), the comparison with
 * the baseline (check --baseline) and the rollups' grade mix per county.
 * Apart from the tables (report-html-tables.c): these sections sum the
 * run up from the writer's counters and rollup.c, and the SVG bar charts
 * are drawn only here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report-html-internal.h"
#include "report-internal.h"
#include "diff-internal.h"
#include "rollup-internal.h"
#include "util-internal.h"

/* ---- the page: head and summary ------------------------------------------ */

static void add_standard_line(sai_strbuf *sb, const sai_html_state *st,
			      const sa_standard_info *s)
{
	const char *title = st->en && s->title_en ? s->title_en : s->title;

	sai_html_esc_or_dash(sb, title);
	if (s->version && s->version[0]) {
		sai_strbuf_adds(sb, st->en ? " (version " : "（版本 ");
		sai_html_text(sb, s->version);
		sai_strbuf_adds(sb, st->en ? ")" : "）");
	}
}

void sai_html_write_head(sai_html_state *st,
			 const sai_report_context *ctx)
{
	sai_strbuf *sb = &st->sb;
	const char *date = ctx->pack ? sa_pack_audit_date(ctx->pack) : NULL;
	size_t i, n = ctx->pack ? sa_pack_standard_count(ctx->pack) : 0;

	sai_strbuf_addf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
			"<meta charset=\"utf-8\">\n", st->en ? "en" : "zh-CN");
	sai_strbuf_adds(sb, "<meta name=\"viewport\" content=\"width=device-"
			"width, initial-scale=1\">\n<meta http-equiv=\"Content-"
			"Security-Policy\" content=\"default-src 'none'; "
			"style-src 'unsafe-inline'; script-src 'unsafe-inline'"
			"\">\n<meta name=\"generator\" content=\"stationaudit ");
	sai_html_esc(sb, ctx->tool_version);
	sai_strbuf_addf(sb, "\">\n<title>%s", L(st, L_TITLE));
	if (date) {
		sai_strbuf_adds(sb, " · ");
		sai_html_esc(sb, date);
	}
	sai_strbuf_addf(sb, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
			"<header class=\"top\">\n<h1>%s</h1>\n", sai_html_page_css,
			L(st, L_TITLE));
	for (i = 0; i < n; i++) {
		sai_strbuf_addf(sb, "<p>%s%s", L(st, L_STANDARD), colon(st));
		add_standard_line(sb, st, sa_pack_standard(ctx->pack, i));
		sai_strbuf_adds(sb, "</p>\n");
	}
	sai_strbuf_addf(sb, "<p>%s%s", L(st, L_AUDIT_DATE), colon(st));
	sai_html_esc_or_dash(sb, date);
	sai_strbuf_adds(sb, "</p>\n</header>\n");
}

void sai_html_write_toc(sai_html_state *st, const sai_report_context *ctx)
{
	static const struct { const char *anchor; int label; } toc[] = {
		{ "summary", L_SUMMARY }, { "yoy", L_YOY },
		{ "stations", L_STATIONS }, { "rollups", L_ROLLUPS },
		{ "coverage", L_COVERAGE }, { "rules", L_RULES },
		{ "counties", L_COUNTIES }, { "waivers", L_WAIVERS },
		{ "unreadable", L_UNREADABLE }, { "provenance", L_PROVENANCE },
	};
	size_t i;

	sai_strbuf_adds(&st->sb, "<nav class=\"toc\">");
	for (i = 0; i < sizeof(toc) / sizeof(toc[0]); i++) {
		if ((toc[i].label == L_COVERAGE && !st->n_coverage &&
		     !st->coll_pass) ||
		    (toc[i].label == L_WAIVERS && !st->n_waived) ||
		    (toc[i].label == L_YOY && !ctx->baseline) ||
		    (toc[i].label == L_UNREADABLE && !st->n_unreadable))
			continue;
		sai_strbuf_addf(&st->sb, "<a href=\"#%s\">%s</a>",
				toc[i].anchor, L(st, toc[i].label));
	}
	sai_strbuf_adds(&st->sb, "</nav>\n<main>\n");
}

/* A card: a big value, its name and an optional extra line. */
static void card_open(sai_strbuf *sb, const char *cls)
{
	sai_strbuf_addf(sb, "<div class=\"card%s%s\" ", cls ? " " : "",
			cls ? cls : "");
}

static void card_count(sai_html_state *st, const char *id, int label,
		       size_t v, const char *cls)
{
	card_open(&st->sb, cls);
	sai_strbuf_addf(&st->sb, "id=\"card-%s\"><div class=\"v\">%zu</div>"
			"<div class=\"k\">%s</div></div>\n", id, v,
			L(st, label));
}

/* The verdict cards: passed, failed with the pass rate of the stations
 * judged, and not assessed when any; the rule under them. */
static void write_verdict_cards(sai_html_state *st)
{
	sai_strbuf *sb = &st->sb;
	const sai_verdicts *v = &st->verdicts;

	card_count(st, "passed", L_PASSED, v->pass, v->pass ? "good" : NULL);
	card_open(sb, v->fail ? "bad" : "good");
	sai_strbuf_addf(sb, "id=\"card-failing\"><div class=\"v\">%zu</div>"
			"<div class=\"k\">%s</div><div class=\"x\">%s ",
			v->fail, L(st, L_FAILING), L(st, L_PASS_SHARE));
	sai_html_percent(sb, v->pass, v->pass + v->fail);
	sai_strbuf_adds(sb, "</div></div>\n");
	if (v->not_assessed)
		card_count(st, "not-assessed", L_NOT_ASSESSED,
			   v->not_assessed, NULL);
}

static void write_cards(sai_html_state *st, const sa_summary *sum)
{
	sai_strbuf *sb = &st->sb;
	double mean = st->scored ? st->score_sum / (double)st->scored : 0;

	sai_strbuf_adds(sb, "<div class=\"cards\">\n");
	card_count(st, "records", L_RECORDS, st->n_stations, NULL);
	write_verdict_cards(st);
	card_open(sb, NULL);
	sai_strbuf_adds(sb, "id=\"card-mean\"><div class=\"v\">");
	if (st->scored)
		sai_html_num2(sb, mean);
	else
		sai_strbuf_adds(sb, "—");
	sai_strbuf_addf(sb, "</div><div class=\"k\">%s</div>", L(st, L_MEAN));
	if (st->any_unwaived) {
		sai_strbuf_addf(sb, "<div class=\"x\">%s ", L(st, L_UNWAIVED));
		sai_html_num2(sb, st->unwaived_sum / (double)st->scored);
		sai_strbuf_adds(sb, "</div>");
	}
	sai_strbuf_adds(sb, "</div>\n");
	card_count(st, "files", L_FILES, sum->files, NULL);
	card_count(st, "unreadable", L_UNREADABLE, sum->unreadable,
		   sum->unreadable ? "bad" : NULL);
	card_count(st, "waived", L_WAIVERS, sum->findings[SA_FINDING_WAIVED],
		   NULL);
	sai_strbuf_adds(sb, "</div>\n<p class=\"note\" id=\"verdict-rule\">");
	sai_html_esc(sb, sai_report_verdict_rule(st->lang));
	sai_strbuf_adds(sb, "</p>\n");
}

/* ---- charts: horizontal bars in inline SVG ------------------------------- */

typedef struct bar {
	const char *label;      /* escaped when written */
	size_t value;
	const char *color;
} bar;

#define BAR_H 26
#define BAR_LABEL_W 120
#define BAR_MAX_W 300

static void svg_bars(sai_strbuf *sb, const char *id, const char *caption,
		     const bar *bars, size_t n)
{
	size_t i, max = 1;
	unsigned h = (unsigned)(n * BAR_H + 8);

	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	sai_strbuf_addf(sb, "<figure id=\"%s\"><figcaption>%s</figcaption>\n"
			"<svg width=\"%d\" "
			"height=\"%u\" viewBox=\"0 0 %d %u\" role=\"img\" "
			"aria-label=\"%s\">\n", id, caption,
			BAR_LABEL_W + BAR_MAX_W + 70, h,
			BAR_LABEL_W + BAR_MAX_W + 70, h, caption);
	for (i = 0; i < n; i++) {
		unsigned y = (unsigned)(i * BAR_H + 4);
		unsigned w = (unsigned)((bars[i].value * BAR_MAX_W + max / 2) /
					max);

		sai_strbuf_addf(sb, "<g data-value=\"%zu\"><text x=\"%d\" "
				"y=\"%u\" text-anchor=\"end\">", bars[i].value,
				BAR_LABEL_W - 8, y + 16);
		sai_html_esc(sb, bars[i].label);
		sai_strbuf_addf(sb, "</text><rect x=\"%d\" y=\"%u\" width=\"%u\" "
				"height=\"%d\" rx=\"3\" fill=\"%s\"/><text x=\"%u\" "
				"y=\"%u\">%zu</text></g>\n", BAR_LABEL_W, y + 3,
				w ? w : 1, BAR_H - 8, bars[i].color,
				BAR_LABEL_W + w + 6, y + 16, bars[i].value);
	}
	sai_strbuf_adds(sb, "</svg></figure>\n");
}

static const char *grade_color(const sai_html_state *st, size_t i)
{
	static const char *const palette[] = {
		"#2e7d32", "#558b2f", "#827717", "#ef6c00", "#8d6e63",
	};

	if (!strcmp(st->grades[i].name, "fail"))
		return "#c62828";
	if (i >= st->n_pack_grades)
		return "#8d6e63";
	return palette[i < 4 ? i : 4];
}

/* Score bands of ten points, best first (100 falls in the first). */
#define SCORE_BANDS 10

static void write_score_chart(sai_html_state *st)
{
	static const char *const bands[SCORE_BANDS] = {
		"90–100", "80–90", "70–80", "60–70", "50–60", "40–50",
		"30–40", "20–30", "10–20", "0–10",
	};
	bar bars[SCORE_BANDS];
	size_t i;

	for (i = 0; i < SCORE_BANDS; i++) {
		bars[i].label = bands[i];
		bars[i].value = 0;
		bars[i].color = i < 4 ? "#2e7d32" : "#c62828";
	}
	for (i = 0; i < sai_rollup_station_count(st->roll); i++) {
		double v = sai_rollup_station_at(st->roll, i)->score;
		long band;

		if (v < 0)
			continue;
		band = 9 - (long)(v / 10);
		bars[band < 0 ? 0 : band > 9 ? 9 : band].value++;
	}
	svg_bars(&st->sb, "chart-scores", L(st, L_SCORE_DIST), bars,
		 SCORE_BANDS);
}

static int write_charts(sai_html_state *st, const sa_summary *sum)
{
	static const char *const sev_color[SA_SEVERITY_COUNT] = {
		"#1565c0", "#c98a00", "#d84315", "#b71c1c",
	};
	bar sev[SA_SEVERITY_COUNT + 3], *gr;
	size_t i, n = 0;
	int s;

	sai_strbuf_adds(&st->sb, "<div class=\"charts\">\n");
	if (!(gr = calloc(st->n_grades + 2, sizeof(*gr))))
		return -1;
	for (i = 0; i < st->n_grades; i++) {
		if (!st->grades[i].n && i >= st->n_pack_grades)
			continue;
		gr[n].label = sai_html_grade_label(st, st->grades[i].name);
		gr[n].value = st->grades[i].n;
		gr[n++].color = grade_color(st, i);
	}
	if (st->ungraded || !n) {
		gr[n].label = L(st, L_NOT_GRADED);
		gr[n].value = st->ungraded;
		gr[n++].color = "#9e9e9e";
	}
	if (st->verdicts.not_assessed) {
		gr[n].label = L(st, L_NOT_ASSESSED);
		gr[n].value = st->verdicts.not_assessed;
		gr[n++].color = "#bdbdbd";
	}
	svg_bars(&st->sb, "chart-grades", L(st, L_GRADE_DIST), gr, n);
	free(gr);
	for (n = 0, s = SA_SEVERITY_COUNT - 1; s >= 0; s--, n++) {
		sev[n].label = word(st, sa_severity_name((sa_severity)s));
		sev[n].value = sum->fail_by_severity[s];
		sev[n].color = sev_color[s];
	}
	sev[n].label = word(st, "error");
	sev[n].value = sum->findings[SA_FINDING_ERROR];
	sev[n++].color = "#6a1b9a";
	sev[n].label = word(st, "waived");
	sev[n].value = sum->findings[SA_FINDING_WAIVED];
	sev[n++].color = "#78909c";
	svg_bars(&st->sb, "chart-severity", L(st, L_SEV_DIST), sev, n);
	write_score_chart(st);
	sai_strbuf_adds(&st->sb, "</div>\n");
	return 0;
}

static void write_standards(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i, n = pack ? sa_pack_standard_count(pack) : 0;

	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"standards-table\">"
			"<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s"
			"</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			L(st, L_STANDARDS), L(st, L_STANDARD), L(st, L_STD_TITLE),
			L(st, L_VERSION), L(st, L_ISSUER), L(st, L_JURISDICTION),
			L(st, L_SOURCE));
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(pack, i);

		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, s->id);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, st->en && s->title_en ? s->title_en
							       : s->title);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, s->version);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, s->issuer);
		/* the one the run used (a refinement's is its base's) */
		sai_strbuf_adds(sb, "</td><td class=\"id\">");
		sai_html_esc(sb, s->jurisdiction ? s->jurisdiction :
			     L(st, L_EVERYWHERE));
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, s->source);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

/* Most failures first; pack order among equals. */
static int cmp_top(const void *a, const void *b)
{
	const sa_rule_summary *r = *(const sa_rule_summary *const *)a;
	const sa_rule_summary *s = *(const sa_rule_summary *const *)b;

	if (r->counts[SA_FINDING_FAIL] != s->counts[SA_FINDING_FAIL])
		return r->counts[SA_FINDING_FAIL] < s->counts[SA_FINDING_FAIL]
		       ? 1 : -1;
	return r < s ? -1 : r > s;
}

#define TOP_RULES 10

/* The rules that failed most, with their counts, linked to their rows
 * in the rules table: what to fix first, near the top of the page. */
static int write_top_rules(sai_html_state *st, const sa_rule_summary *rules,
			   size_t n)
{
	sai_strbuf *sb = &st->sb;
	const sa_rule_summary **top;
	size_t i, k = 0;

	if (!(top = calloc(n + 1, sizeof(*top))))
		return -1;
	for (i = 0; rules && i < n; i++)
		if (rules[i].rule && rules[i].counts[SA_FINDING_FAIL])
			top[k++] = &rules[i];
	if (k)
		qsort(top, k, sizeof(*top), cmp_top);
	if (k > TOP_RULES)
		k = TOP_RULES;
	if (k)
		sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"top-rules\">"
				"<thead><tr><th>%s</th><th>%s</th>"
				"<th class=\"num\">%s</th><th>%s</th></tr>"
				"</thead>\n<tbody>\n", L(st, L_TOP_FAILED),
				L(st, L_RULE), L(st, L_REQUIREMENT),
				word(st, "fail"), L(st, L_STATIONS_CONCERNED));
	for (i = 0; i < k; i++) {
		sai_strbuf_adds(sb, "<tr><td class=\"id\"><a href=\"#rule-");
		sai_html_esc(sb, top[i]->rule->id);
		sai_strbuf_adds(sb, "\">");
		sai_html_text(sb, top[i]->rule->id);
		sai_strbuf_adds(sb, "</a></td><td>");
		sai_html_text(sb,
			      sai_report_rule_title(top[i]->rule, st->lang));
		sai_strbuf_addf(sb, "</td><td class=\"num\">%zu</td>"
				"<td><a href=\"#rule=",
				top[i]->counts[SA_FINDING_FAIL]);
		sai_html_esc(sb, top[i]->rule->id);
		sai_strbuf_addf(sb, "\">%s</a></td></tr>\n",
				L(st, L_STATIONS_CONCERNED));
	}
	if (k)
		sai_strbuf_adds(sb, "</tbody></table>\n");
	free(top);
	return 0;
}

int sai_html_write_summary(sai_html_state *st,
			   const sai_report_context *ctx,
			   const sa_summary *sum, const sa_rule_summary *rules,
			   size_t rule_count)
{
	sai_strbuf_addf(&st->sb, "<section id=\"summary\">\n<h2>%s</h2>\n",
			L(st, L_SUMMARY));
	write_cards(st, sum);
	if (write_charts(st, sum) < 0 ||
	    write_top_rules(st, rules, rule_count) < 0)
		return -1;
	write_standards(st, ctx->pack);
	sai_strbuf_adds(&st->sb, "</section>\n");
	return 0;
}

/* ---- year over year (check --baseline) ------------------------------------ */

/* The stations only the baseline had, listed (the table holds only this
 * run's); at most this many. */
#define REMOVED_MAX 500

static void write_removed(sai_html_state *st, const sa_diff *d, size_t removed)
{
	sai_strbuf *sb = &st->sb;
	size_t i, k = 0, n = sai_diff_station_count(d);
	sai_diff_station ds;

	if (!removed)
		return;
	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"yoy-removed\"><thead><tr>"
			"<th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>"
			"</thead>\n<tbody>\n", L(st, L_YOY_REMOVED), L(st, L_ID),
			L(st, L_NAME), L(st, L_OLD_SCORE));
	for (i = 0; i < n && k < REMOVED_MAX; i++) {
		sai_diff_station_at(d, i, &ds);
		if (ds.state != SAI_STATION_REMOVED || !ds.station)
			continue;
		k++;
		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, ds.id);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, ds.name);
		sai_strbuf_adds(sb, "</td><td class=\"num\">");
		if (ds.old_score >= 0)
			sai_html_num(sb, ds.old_score);
		else
			sai_strbuf_adds(sb, "—");
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

/* The comparison with the baseline: problems new, fixed, unchanged and
 * newly waived, stations up, down, added and removed, as a chart and
 * cards; each station's marks are in its row. */
void sai_html_write_yoy(sai_html_state *st, const sai_report_context *ctx)
{
	sai_diff_totals t;
	bar bars[8];
	size_t i;

	if (!ctx->baseline)
		return;
	sai_diff_totals_of(ctx->baseline, &t);
	bars[0] = (bar){ L(st, L_YOY_NEW), t.problems[SAI_CHANGE_NEW],
			 "#c62828" };
	bars[1] = (bar){ L(st, L_YOY_FIXED), t.problems[SAI_CHANGE_FIXED],
			 "#2e7d32" };
	bars[2] = (bar){ L(st, L_YOY_WAIVED), t.problems[SAI_CHANGE_WAIVED],
			 "#78909c" };
	bars[3] = (bar){ L(st, L_YOY_UNCHANGED),
			 t.problems[SAI_CHANGE_UNCHANGED], "#c98a00" };
	bars[4] = (bar){ L(st, L_YOY_UP), t.up, "#2e7d32" };
	bars[5] = (bar){ L(st, L_YOY_DOWN), t.down, "#c62828" };
	bars[6] = (bar){ L(st, L_YOY_ADDED), t.added, "#1565c0" };
	bars[7] = (bar){ L(st, L_YOY_REMOVED), t.removed, "#8d6e63" };
	sai_strbuf_addf(&st->sb, "<section id=\"yoy\">\n<h2>%s</h2>\n<p>%s%s"
			"<span class=\"mono\">", L(st, L_YOY), L(st, L_BASELINE),
			colon(st));
	sai_html_esc_or_dash(&st->sb, sai_diff_old_path(ctx->baseline));
	sai_strbuf_adds(&st->sb, "</span></p>\n<div class=\"cards\">\n");
	for (i = 0; i < 8; i++)
		sai_strbuf_addf(&st->sb, "<div class=\"card\" id=\"yoy-%zu\"><div "
				"class=\"v\">%zu</div><div class=\"k\">%s</div>"
				"</div>\n", i, bars[i].value, bars[i].label);
	sai_strbuf_adds(&st->sb, "</div>\n<div class=\"charts\">\n");
	svg_bars(&st->sb, "chart-yoy", L(st, L_YOY_CHART), bars, 8);
	sai_strbuf_adds(&st->sb, "</div>\n");
	write_removed(st, ctx->baseline, t.removed);
	sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n</section>\n",
			L(st, L_YOY_NOTE));
}

/* ---- the page: rollups, the grade mix per county ------------------------- */

#define MIX_ROW 18
#define MIX_LABEL_W 150
#define MIX_W 360

/* The colour of rollup grade i: the page's colour of that grade. */
static const char *rollup_grade_color(const sai_html_state *st, size_t i)
{
	long k = sai_html_grade_known(st, sai_rollup_grade_name(st->roll, i));

	return k >= 0 ? grade_color(st, (size_t)k) : "#9e9e9e";
}

/* One county's bar: a segment per grade, as wide as its share. */
static void mix_bar(sai_html_state *st, const sai_rollup_group *c, unsigned y)
{
	sai_strbuf *sb = &st->sb;
	size_t g, done = 0, ng = sai_rollup_grade_count(st->roll);

	for (g = 0; g < ng; g++) {
		unsigned x0 = (unsigned)(done * MIX_W / c->stations);
		unsigned x1 = (unsigned)((done + c->grades[g]) * MIX_W /
					 c->stations);

		done += c->grades[g];
		if (!c->grades[g])
			continue;
		sai_strbuf_addf(sb, "<rect x=\"%u\" y=\"%u\" width=\"%u\" "
				"height=\"%d\" fill=\"%s\"><title>",
				MIX_LABEL_W + x0, y, x1 > x0 ? x1 - x0 : 1,
				MIX_ROW - 4, rollup_grade_color(st, g));
		sai_html_esc(sb, sai_html_grade_label(st,
			     sai_rollup_grade_name(st->roll, g)));
		sai_strbuf_addf(sb, " %zu</title></rect>", c->grades[g]);
	}
}

/* The grade mix of each county as 100% bars on grey (the stations not
 * graded); the counts are in each segment's tooltip and in data-grades
 * (in the order of the rollup's grades). */
static void write_county_mix(sai_html_state *st)
{
	sai_strbuf *sb = &st->sb;
	size_t i, g, rows = sai_rollup_group_count(st->roll, SAI_ROLLUP_COUNTY);
	unsigned y = 4;

	/* Counties only: the not placed (last) are no county. */
	if (rows && sai_rollup_group_at(st->roll, SAI_ROLLUP_COUNTY,
					rows - 1)->unplaced)
		rows--;
	if (!rows)
		return;
	sai_strbuf_addf(sb, "<figure id=\"chart-county-mix\"><figcaption>%s"
			"</figcaption>\n<svg width=\"%d\" height=\"%zu\" "
			"viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"%s\">\n"
			"<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%zu\" "
			"fill=\"#eceff1\"/>\n", L(st, L_COUNTY_MIX),
			MIX_LABEL_W + MIX_W + 10, rows * MIX_ROW + 8,
			MIX_LABEL_W + MIX_W + 10, rows * MIX_ROW + 8,
			L(st, L_COUNTY_MIX), MIX_LABEL_W, MIX_W,
			rows * MIX_ROW + 8);
	for (i = 0; i < rows; i++) {
		const sai_rollup_group *c =
			sai_rollup_group_at(st->roll, SAI_ROLLUP_COUNTY, i);

		sai_strbuf_addf(sb, "<g data-code=\"%s\" data-grades=\"", c->code);
		for (g = 0; g < sai_rollup_grade_count(st->roll); g++)
			sai_strbuf_addf(sb, "%s%zu", g ? " " : "", c->grades[g]);
		sai_strbuf_addf(sb, "\"><text x=\"%d\" y=\"%u\" "
				"text-anchor=\"end\">", MIX_LABEL_W - 6, y + 11);
		sai_html_esc(sb, c->county ? c->county : c->code);
		sai_strbuf_adds(sb, "</text>");
		mix_bar(st, c, y);
		sai_strbuf_adds(sb, "</g>\n");
		y += MIX_ROW;
	}
	sai_strbuf_adds(sb, "</svg></figure>\n");
}

void sai_html_write_rollups(sai_html_state *st)
{
	const sai_rollup_group *any = sai_rollup_group_at(st->roll,
						       SAI_ROLLUP_PROVINCE, 0);

	sai_strbuf_addf(&st->sb, "<section id=\"rollups\">\n<h2>%s</h2>\n"
			"<div class=\"charts\">\n", L(st, L_ROLLUPS));
	write_county_mix(st);
	sai_strbuf_addf(&st->sb, "</div>\n<div id=\"drill\"></div>\n"
			"<p class=\"note\">%s</p>\n", L(st, L_ROLL_NOTE));
	if (any && any->has_coverage)
		sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n",
				L(st, L_COVERAGE_NOTE));
}
