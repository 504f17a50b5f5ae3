/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html-tables.c - the tables of the HTML report: the stations
 * (their filter and page controls; the page's script fills the table from
 * the data block), the collection findings, the pass rate per rule, the
 * counties, the waivers, the unreadable dossiers and the provenance.
 * Apart from the summary and its charts (report-html-summary.c): each
 * table here is one section that reads the kept rows or the pack, in
 * page order.
 */
#include "config.h"

#include <math.h>

#include "report-html-internal.h"
#include "report-internal.h"
#include "util-internal.h"

/* ---- the page: stations -------------------------------------------------- */

static void add_option(sai_strbuf *sb, const char *value, const char *label)
{
	sai_strbuf_adds(sb, "<option value=\"");
	sai_html_esc(sb, value);
	sai_strbuf_adds(sb, "\">");
	sai_html_esc(sb, label);
	sai_strbuf_adds(sb, "</option>");
}

static void write_controls(sai_html_state *st, int baseline)
{
	static const char *const sev[] = {
		"critical", "major", "minor", "info", "error", "waived",
	};
	static const char *const sizes[] = { "50", "100", "500", "2000" };
	sai_strbuf *sb = &st->sb, label;
	size_t i;

	sai_strbuf_addf(sb, "<div class=\"controls\" role=\"search\">"
			"<input id=\"f-q\" type=\"search\" aria-label=\"%s\" "
			"placeholder=\"%s\"><select id=\"f-grade\" "
			"aria-label=\"%s\">", L(st, L_FILTER),
			L(st, L_FILTER_PH), L(st, L_GRADE_FILTER));
	add_option(sb, "", L(st, L_ALL_GRADES));
	/* "等级: 不合格", not a bare 不合格: the band is not the verdict
	 * (a station of a good grade may still fail, and the other way). */
	sai_strbuf_init(&label);
	for (i = 0; i < st->n_grades; i++) {
		sai_strbuf_reset(&label);
		sai_strbuf_addf(&label, "%s%s", word(st, "grade:"),
				sai_html_grade_label(st, st->grades[i].name));
		add_option(sb, st->grades[i].name, label.failed ?
			   sai_html_grade_label(st, st->grades[i].name) :
			   sai_strbuf_str(&label));
	}
	sai_strbuf_release(&label);
	sai_strbuf_addf(sb, "</select><select id=\"f-sev\" aria-label=\"%s\">",
			L(st, L_SEV_FILTER));
	add_option(sb, "", L(st, L_ALL_RESULTS));
	add_option(sb, "any", L(st, L_ANY_FAIL));
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++)
		add_option(sb, sev[i], word(st, sev[i]));
	add_option(sb, "none", L(st, L_NO_FAIL));
	if (baseline) {
		add_option(sb, "yoy-new", L(st, L_YOY_NEW));
		add_option(sb, "yoy-fixed", L(st, L_YOY_FIXED));
		add_option(sb, "yoy-waived", L(st, L_YOY_WAIVED));
		add_option(sb, "yoy-down", L(st, L_YOY_DOWN));
	}
	sai_strbuf_addf(sb, "</select><span id=\"f-chips\"></span>"
			"<output id=\"f-shown\" data-fmt=\"%s\" "
			"data-shown=\"%zu\"></output></div>\n",
			L(st, L_SHOWN), st->n_stations);
	sai_strbuf_addf(sb, "<div class=\"controls pager\"><button type=\"button\""
			" id=\"f-prev\">%s</button><output id=\"f-page\" "
			"data-fmt=\"%s\" data-page=\"1\"></output><button "
			"type=\"button\" id=\"f-next\">%s</button><select "
			"id=\"f-size\" aria-label=\"%s\">", L(st, L_PREV),
			L(st, L_PAGE), L(st, L_NEXT), L(st, L_PAGE_SIZE));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		sai_strbuf_addf(sb, "<option%s>%s</option>",
				i == 1 ? " selected" : "", sizes[i]);
	sai_strbuf_addf(sb, "</select></div>\n<noscript><p class=\"note\">%s"
			"</p></noscript>\n", L(st, L_NOSCRIPT));
}

/* The station table is empty here: the page's script fills it a page at
 * a time from the data block. */
void sai_html_write_stations(sai_html_state *st, int baseline)
{
	sai_strbuf_addf(&st->sb, "<section id=\"stations\">\n<h2>%s</h2>\n",
			L(st, L_STATIONS));
	write_controls(st, baseline);
	sai_strbuf_addf(&st->sb, "<table id=\"stations-table\"><thead><tr>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th><th>%s</th>"
			"<th>%s</th><th>%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th data-type=\"num\">%s</th>"
			"<th data-type=\"num\">%s</th></tr></thead>\n<tbody>"
			"</tbody></table>\n", L(st, L_SEQ), L(st, L_RANK),
			L(st, L_ID), L(st, L_NAME), L(st, L_REGION),
			word(st, "score"), word(st, "grade"),
			L(st, L_FAILED_RULES));
	if (!st->n_stations)
		sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n",
				L(st, L_NO_RECORDS));
	sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n</section>\n",
			L(st, L_PRINT_NOTE));
}

/* ---- the page: coverage, rules, counties, waivers, unreadable ------------ */

void sai_html_write_coverage(sai_html_state *st)
{
	sai_strbuf *sb = &st->sb;

	if (!st->n_coverage && !st->coll_pass)
		return;
	sai_strbuf_addf(sb, "<section id=\"coverage\">\n<h2>%s</h2>\n"
			"<p>%s%s<b id=\"coverage-passed\">%zu</b></p>\n",
			L(st, L_COVERAGE), L(st, L_COLL_PASSED), colon(st),
			st->coll_pass);
	if (st->n_coverage) {
		sai_strbuf_addf(sb, "<table id=\"coverage-table\"><thead><tr>"
				"<th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
				"</tr></thead>\n<tbody>\n", word(st, "severity"),
				L(st, L_RULE), L(st, L_MESSAGE),
				L(st, L_LOCATION));
		sai_strbuf_add(sb, st->coverage.buf, st->coverage.len);
		sai_strbuf_adds(sb, "</tbody></table>\n");
	}
	sai_strbuf_adds(sb, "</section>\n");
}

static void add_rule_text(sai_strbuf *sb, const sai_html_state *st,
			  const sa_rule_info *r)
{
	const char *title = st->en && r->title_en ? r->title_en : r->title;

	sai_strbuf_adds(sb, "<td><b>");
	sai_html_esc_or_dash(sb, title);
	sai_strbuf_adds(sb, "</b>");
	if (r->source && r->source[0]) {
		sai_strbuf_addf(sb, "<div><span class=\"muted\">%s%s</span>",
				L(st, L_SOURCE), colon(st));
		sai_html_text(sb, r->source);
		sai_strbuf_adds(sb, "</div>");
	}
	if (r->fix && r->fix[0]) {
		sai_strbuf_addf(sb, "<div><span class=\"muted\">%s%s</span>",
				L(st, L_FIX), colon(st));
		sai_html_text(sb, r->fix);
		sai_strbuf_adds(sb, "</div>");
	}
	sai_strbuf_adds(sb, "</td>");
}

static void add_rate_cell(sai_strbuf *sb, size_t pass, size_t whole)
{
	long per_mille = whole ? lround(1000.0 * (double)pass / (double)whole)
			       : -1;

	sai_strbuf_addf(sb, "<td class=\"num\" data-v=\"%ld\">", per_mille);
	if (whole) {
		sai_strbuf_addf(sb, "<span class=\"bar\"><i class=\"%s\" "
				"style=\"width:%ld%%\"></i></span>",
				per_mille >= 900 ? "hi" : per_mille >= 600
				? "mid" : "low", (per_mille + 5) / 10);
	}
	sai_html_percent(sb, pass, whole);
	sai_strbuf_adds(sb, "</td>");
}

static void write_rule_row(sai_html_state *st, const sa_rule_summary *rs)
{
	static const sa_finding_status cols[] = {
		SA_FINDING_PASS, SA_FINDING_FAIL, SA_FINDING_WAIVED,
		SA_FINDING_ERROR, SA_FINDING_NOT_APPLICABLE,
	};
	sai_strbuf *sb = &st->sb;
	const sa_rule_info *r = rs->rule;
	const char *sev = sa_severity_name(r->severity);
	size_t i, whole = rs->counts[SA_FINDING_PASS] +
			  rs->counts[SA_FINDING_FAIL] +
			  rs->counts[SA_FINDING_WAIVED] +
			  rs->counts[SA_FINDING_ERROR];

	sai_strbuf_adds(sb, "<tr id=\"rule-");
	sai_html_esc(sb, r->id);
	sai_strbuf_adds(sb, "\"><td class=\"id\">");
	sai_html_esc_or_dash(sb, r->id);
	sai_strbuf_adds(sb, "</td>");
	add_rule_text(sb, st, r);
	sai_strbuf_addf(sb, "<td data-v=\"%d\"><span class=\"tag s-%s\">%s"
			"</span></td><td class=\"id\">", (int)r->severity,
			sev ? sev : "info", word(st, sev ? sev : "info"));
	sai_html_esc_or_dash(sb, r->standard);
	sai_strbuf_adds(sb, "</td>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		sai_strbuf_addf(sb, "<td class=\"num\">%zu</td>",
				rs->counts[cols[i]]);
	add_rate_cell(sb, rs->counts[SA_FINDING_PASS], whole);
	sai_strbuf_adds(sb, "</tr>\n");
}

void sai_html_write_rules(sai_html_state *st, const sa_rule_summary *rules,
			  size_t n)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<section id=\"rules\">\n<h2>%s</h2>\n"
			"<table id=\"rules-table\" class=\"sortable\"><thead><tr>"
			"<th>%s</th><th>%s</th><th data-type=\"num\">%s</th>"
			"<th>%s</th>", L(st, L_RULES), L(st, L_RULE),
			L(st, L_REQUIREMENT), word(st, "severity"),
			L(st, L_STANDARD));
	sai_strbuf_addf(sb, "<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"</tr></thead>\n<tbody>\n", word(st, "pass"),
			word(st, "fail"), word(st, "waived"), word(st, "error"),
			word(st, "not_applicable"), L(st, L_PASS_RATE));
	for (i = 0; rules && i < n; i++)
		if (rules[i].rule)
			write_rule_row(st, &rules[i]);
	sai_strbuf_addf(sb, "</tbody></table>\n<p class=\"note\">%s</p>\n"
			"</section>\n", L(st, L_RATE_NOTE));
}

/* The county's name and its city's from the pack's division tables,
 * found through a township of the county; nothing when the tables do not
 * have it. */
static void add_county_name(sai_strbuf *sb, const sai_html_county *c,
			    const sa_pack *pack)
{
	sa_division d;
	sa_error err;

	sa_error_clear(&err);
	if (!pack || !c->township[0] ||
	    sa_pack_division(pack, c->township, &d, &err) != SA_OK ||
	    !d.county)
		return;
	sai_strbuf_adds(sb, " <span class=\"name\">");
	if (d.city) {
		sai_html_text(sb, d.city);
		sai_strbuf_adds(sb, " ");
	}
	sai_html_text(sb, d.county);
	sai_strbuf_adds(sb, "</span>");
}

void sai_html_write_counties(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<h3 id=\"counties\">%s</h3>\n"
			"<table id=\"counties-table\" class=\"sortable\"><thead>"
			"<tr><th>%s</th><th class=\"num\" data-type=\"num\">%s"
			"</th><th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th></tr>"
			"</thead>\n<tbody>\n", L(st, L_COUNTIES),
			L(st, L_COUNTY), L(st, L_RECORDS), L(st, L_PASSED),
			L(st, L_FAILING), L(st, L_FAIL_SHARE), L(st, L_MEAN));
	for (i = 0; i < st->n_counties; i++) {
		const sai_html_county *c = &st->counties[i];

		sai_strbuf_addf(sb, "<tr><td class=\"id\">%s",
				c->code[0] ? c->code : L(st, L_UNKNOWN));
		add_county_name(sb, c, pack);
		sai_strbuf_addf(sb, "</td><td class=\"num\">%zu</td>"
				"<td class=\"num\">%zu</td>"
				"<td class=\"num\">%zu</td><td class=\"num\">",
				c->records, c->verdicts.pass, c->verdicts.fail);
		sai_html_percent(sb, c->verdicts.pass,
				 c->verdicts.pass + c->verdicts.fail);
		sai_strbuf_adds(sb, "</td><td class=\"num\">");
		if (c->scored)
			sai_html_num2(sb, c->score_sum / (double)c->scored);
		else
			sai_strbuf_adds(sb, "—");
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

void sai_html_write_waivers(sai_html_state *st)
{
	if (!st->n_waived)
		return;
	sai_strbuf_addf(&st->sb, "<section id=\"waivers\">\n<h2>%s</h2>\n"
			"<table id=\"waivers-table\" class=\"sortable\"><thead>"
			"<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			"<th>%s</th><th class=\"num\">%s</th></tr></thead>\n"
			"<tbody>\n", L(st, L_WAIVERS), L(st, L_ID),
			L(st, L_RULE), L(st, L_MESSAGE), L(st, L_REASON),
			L(st, L_APPROVER), L(st, L_EXPIRES));
	sai_strbuf_add(&st->sb, st->waived.buf, st->waived.len);
	sai_strbuf_adds(&st->sb, "</tbody></table>\n</section>\n");
}

void sai_html_write_unreadable(sai_html_state *st)
{
	if (!st->n_unreadable)
		return;
	sai_strbuf_addf(&st->sb, "<section id=\"unreadable\">\n<h2>%s</h2>\n"
			"<table id=\"unreadable-table\"><thead><tr><th>%s</th>"
			"<th>%s</th></tr></thead>\n<tbody>\n",
			L(st, L_UNREADABLE), L(st, L_LOCATION),
			L(st, L_MESSAGE));
	sai_strbuf_add(&st->sb, st->unreadable.buf, st->unreadable.len);
	sai_strbuf_adds(&st->sb, "</tbody></table>\n</section>\n");
}

/* ---- the page: provenance ------------------------------------------------ */

static void write_run_facts(sai_html_state *st, const sai_report_context *ctx)
{
	sai_strbuf *sb = &st->sb;

	sai_strbuf_addf(sb, "<dl class=\"kv\"><dt>%s</dt><dd>stationaudit ",
			L(st, L_TOOL));
	sai_html_text(sb, ctx->tool_version);
	sai_strbuf_addf(sb, "</dd><dt>%s</dt><dd>", L(st, L_AUDIT_DATE));
	sai_html_esc_or_dash(sb, ctx->pack ? sa_pack_audit_date(ctx->pack)
					   : NULL);
	sai_strbuf_addf(sb, "</dd><dt>%s</dt><dd>%s</dd></dl>\n",
			L(st, L_LANG), L(st, L_LANGUAGE_NAME));
}

static void write_standard_digests(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i, n = pack ? sa_pack_standard_count(pack) : 0;

	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"standard-digests\">"
			"<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>"
			"</thead>\n<tbody>\n", L(st, L_STANDARDS),
			L(st, L_STANDARD), L(st, L_FILE), L(st, L_SHA));
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(pack, i);

		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, s->id);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, s->file);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, s->sha256);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

static void write_params(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i, n = pack ? sa_pack_param_count(pack) : 0;

	sai_strbuf_addf(sb, "<h3>%s</h3>\n", L(st, L_PARAMS));
	if (!n) {
		sai_strbuf_addf(sb, "<p class=\"muted\">%s</p>\n",
				L(st, L_NONE));
		return;
	}
	sai_strbuf_addf(sb, "<table id=\"params-table\"><thead><tr><th>%s</th>"
			"<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n"
			"<tbody>\n", L(st, L_PARAM), L(st, L_VALUE),
			L(st, L_TYPE), L(st, L_STANDARD));
	for (i = 0; i < n; i++) {
		const sa_param_info *p = sa_pack_param(pack, i);

		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, p->name);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, p->value);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, p->type);
		sai_strbuf_adds(sb, "</td><td class=\"id\">");
		sai_html_esc_or_dash(sb, p->standard);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

static void scoring_row(const char *label, const char *value, void *arg)
{
	sai_strbuf *sb = arg;

	sai_strbuf_adds(sb, "<tr><th scope=\"row\">");
	sai_html_esc(sb, label);
	sai_strbuf_adds(sb, "</th><td>");
	sai_html_esc(sb, value);
	sai_strbuf_adds(sb, "</td></tr>\n");
}

/* The scoring settings (a chosen profile, grades): what score makes
 * which grade, which grade passes, the vetoes, each rule's weight. */
static void write_scoring(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;

	if (!sai_report_has_scoring(pack))
		return;
	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"scoring-table\">"
			"<tbody>\n", L(st, L_SCORING));
	if (sai_report_scoring_each(pack, st->en ? "en" : "zh", scoring_row,
				    sb) < 0)
		sb->failed = 1;
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

/* The inputs are open on screen for a small run and folded for a big one
 * (the page's script unfolds them for printing). */
#define INPUTS_OPEN_MAX 50

static void write_input_digests(sai_html_state *st,
				const sai_report_context *ctx)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<details id=\"inputs\"%s><summary>%s (%zu)"
			"</summary>\n<table id=\"inputs-table\"><thead><tr>"
			"<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			ctx->input_count <= INPUTS_OPEN_MAX ? " open" : "",
			L(st, L_INPUTS), ctx->input_count, L(st, L_FILE),
			L(st, L_SHA));
	for (i = 0; ctx->inputs && i < ctx->input_count; i++) {
		sai_strbuf_adds(sb, "<tr><td class=\"mono\">");
		sai_html_esc_or_dash(sb, ctx->inputs[i].path);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, ctx->inputs[i].sha256);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n</details>\n");
}

void sai_html_write_provenance(sai_html_state *st,
			       const sai_report_context *ctx)
{
	sai_strbuf_addf(&st->sb, "<section id=\"provenance\">\n<h2>%s</h2>\n",
			L(st, L_PROVENANCE));
	write_run_facts(st, ctx);
	write_standard_digests(st, ctx->pack);
	write_params(st, ctx->pack);
	write_scoring(st, ctx->pack);
	write_input_digests(st, ctx);
	sai_strbuf_adds(&st->sb, "</section>\n");
}
