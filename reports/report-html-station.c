/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html-station.c - what the HTML report makes of a record when it
 * arrives (its findings are valid only during the call): a station's
 * entry in the page's data block, with the rule table and the file table
 * it refers to, and the rows kept for the end of the page: waived
 * findings, a collection's findings, an unreadable dossier.  Apart from
 * the page's sections (report-html-summary.c, report-html-tables.c),
 * which are written only at the end from what is kept here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report-html-internal.h"
#include "report-internal.h"
#include "diff-internal.h"
#include "util-internal.h"

/* ---- one station ---------------------------------------------------------- */

/* Problems are listed worst first: failures by severity, errors, then
 * what was waived. */
static int finding_rank(const sa_finding *f)
{
	switch (f->status) {
	case SA_FINDING_FAIL:
		return (int)(SA_SEVERITY_COUNT - 1 - f->severity);
	case SA_FINDING_ERROR:
		return SA_SEVERITY_COUNT;
	case SA_FINDING_WAIVED:
		return SA_SEVERITY_COUNT + 1;
	default:
		return -1;
	}
}

#define RANK_COUNT (SA_SEVERITY_COUNT + 2)

/* The tag of a finding: its severity for a failure, else its status. */
static const char *tag_name(const sa_finding *f)
{
	const char *name = f->status == SA_FINDING_FAIL
				   ? sa_severity_name(f->severity)
				   : sa_finding_status_name(f->status);

	return name ? name : "error";
}

static void add_tag(sai_strbuf *sb, const sai_html_state *st,
		    const sa_finding *f)
{
	const char *name = tag_name(f);

	sai_strbuf_addf(sb, "<i class=\"tag s-%s\">%s</i>", name,
			word(st, name));
}

static void add_rule_link(sai_strbuf *sb, const sa_finding *f)
{
	if (!f->rule || !f->rule->id) {
		sai_strbuf_adds(sb, "<b>—</b> ");
		return;
	}
	sai_strbuf_adds(sb, "<a href=\"#rule-");
	sai_html_esc(sb, f->rule->id);
	sai_strbuf_adds(sb, "\">");
	sai_html_text(sb, f->rule->id);
	sai_strbuf_adds(sb, "</a> ");
}

/* Longer actual values stay in the JSON and CSV reports: the station
 * table is read by people and must stay small for 40,000 stations. */
#define ACTUAL_MAX 60

/* " actual: x; expected: y" when the finding has them. */
static void add_values(sai_strbuf *sb, const sai_html_state *st,
		       const sa_finding *f)
{
	if (!f->actual && !f->expected)
		return;
	sai_strbuf_adds(sb, " <span class=\"muted\">");
	if (f->actual) {
		sai_strbuf_addf(sb, "%s: ", word(st, "actual"));
		sai_html_text(sb, f->actual);
	}
	if (f->actual && f->expected)
		sai_strbuf_adds(sb, st->en ? "; " : "；");
	if (f->expected) {
		sai_strbuf_addf(sb, "%s: ", word(st, "expected"));
		sai_html_text(sb, f->expected);
	}
	sai_strbuf_adds(sb, "</span>");
}

static void add_location(sai_strbuf *sb, const char *file,
			 unsigned long line, unsigned long column)
{
	sai_html_esc_or_dash(sb, file);
	if (line)
		sai_strbuf_addf(sb, ":%lu", line);
	if (line && column)
		sai_strbuf_addf(sb, ":%lu", column);
}

/* ---- one station: a JSON array for the page's script ---------------------- */

/* ,"b":{k: kind in words, q: the standard's words, r: why, c: a
 * citation} when the pack gives the rule a basis (sa_pack_rule_basis),
 * with the standard's citation when the rule cites nothing else. */
static void j_basis(sai_html_state *st, const sa_rule_info *r)
{
	sai_strbuf *sb = &st->rulejs;
	const sa_basis *b = st->pack ? sa_pack_rule_basis(st->pack, r) : NULL;
	const sa_citation *c;
	const char *reason;

	if (!b || b->kind == SA_BASIS_NONE)
		return;
	reason = st->en && b->reason_en ? b->reason_en : b->reason;
	c = b->cite ? NULL : sa_pack_rule_citation(st->pack, r);
	sai_strbuf_adds(sb, ",\"b\":{\"k\":");
	sai_html_j_str(st, sb, sa_basis_kind_name(b->kind, st->lang));
	sai_strbuf_adds(sb, ",\"q\":");
	sai_html_j_str(st, sb, b->quote);
	sai_strbuf_adds(sb, ",\"r\":");
	sai_html_j_str(st, sb, reason);
	sai_strbuf_adds(sb, ",\"c\":");
	if (b->cite || !c || !c->headline) {
		sai_html_j_str(st, sb, b->cite);
	} else {
		sai_strbuf_reset(&st->cite);
		sai_strbuf_adds(&st->cite, c->publisher ? c->publisher : "");
		sai_strbuf_adds(&st->cite, c->publisher ? " " : "");
		sai_strbuf_adds(&st->cite, c->headline);
		if (c->date) {
			sai_strbuf_adds(&st->cite, " ");
			sai_strbuf_adds(&st->cite, c->date);
		}
		sai_html_j_str(st, sb, sai_strbuf_str(&st->cite));
	}
	sai_strbuf_adds(sb, "}");
}

/* The rule's index in the page's rule table, its entry written when the
 * rule is first seen; -1 for a finding without a rule or out of memory.
 * Records list their findings in the same order: the one after the last
 * found is tried first. */
static long rule_index(sai_html_state *st, const sa_rule_info *r)
{
	const sa_rule_info **p;
	size_t i;

	if (!r)
		return -1;
	if (st->last_rule + 1 < st->n_rules &&
	    st->rule_ptrs[st->last_rule + 1] == r)
		return (long)(st->last_rule = st->last_rule + 1);
	for (i = 0; i < st->n_rules; i++)
		if (st->rule_ptrs[i] == r)
			return (long)(st->last_rule = i);
	if (!(p = realloc(st->rule_ptrs, (st->n_rules + 1) * sizeof(*p))))
		return -1;
	st->rule_ptrs = p;
	p[st->n_rules] = r;
	sai_strbuf_adds(&st->rulejs, st->n_rules ? ",\n{\"id\":" : "{\"id\":");
	sai_html_j_str(st, &st->rulejs, r->id ? r->id : "");
	sai_strbuf_adds(&st->rulejs, ",\"t\":");
	sai_html_j_str(st, &st->rulejs, sai_report_rule_title(r, st->lang));
	sai_strbuf_addf(&st->rulejs, ",\"sev\":\"%s\",\"src\":",
			sa_severity_name(r->severity) ? sa_severity_name(r->severity)
						      : "info");
	sai_html_j_str(st, &st->rulejs,
		       r->source && r->source[0] ? r->source : NULL);
	sai_strbuf_adds(&st->rulejs, ",\"fix\":");
	sai_html_j_str(st, &st->rulejs, r->fix && r->fix[0] ? r->fix : NULL);
	j_basis(st, r);
	sai_strbuf_adds(&st->rulejs, "}");
	return (long)(st->last_rule = st->n_rules++);
}

/* [rule, tag, message, actual, line]: what the record holds is given
 * when short and not already in the message (longer values stay in the
 * JSON and CSV reports). */
static void j_problem(sai_html_state *st, const sa_finding *f)
{
	sai_strbuf *sb = &st->data;
	const char *msg = sai_report_message(f, st->lang);

	sai_strbuf_addf(sb, "[%ld,\"%s\",", rule_index(st, f->rule),
			tag_name(f));
	sai_html_j_str(st, sb, msg);
	sai_strbuf_addc(sb, ',');
	sai_html_j_str(st, sb, f->actual && f->actual[0] &&
		       strlen(f->actual) <= ACTUAL_MAX &&
		       !strstr(msg, f->actual) ? f->actual : NULL);
	sai_strbuf_addf(sb, ",%lu]", f->line);
}

/* A list of rule indexes, each run of consecutive ones written as its
 * first and minus how many follow: [3,-4] is 3, 4, 5, 6, 7. */
static void j_runs(sai_strbuf *sb, const long *v, size_t n)
{
	size_t i = 0, k;

	sai_strbuf_adds(sb, "[");
	while (i < n) {
		for (k = i + 1; k < n && v[k] == v[k - 1] + 1 && v[i] >= 0; k++)
			;
		sai_strbuf_addf(sb, "%s%ld", i ? "," : "", v[i]);
		if (k - i > 1)
			sai_strbuf_addf(sb, ",-%zu", k - i - 1);
		i = k;
	}
	sai_strbuf_adds(sb, "]");
}

/* The findings of a record: its problems worst first, then the rules
 * it passed and those that did not apply, as rule indexes. */
static void j_findings(sai_html_state *st, const sa_record_result *rr)
{
	static const sa_finding_status plain[] = {
		SA_FINDING_PASS, SA_FINDING_NOT_APPLICABLE,
	};
	sai_strbuf *sb = &st->data;
	size_t i, k, n = 0;
	long *ids = malloc((rr->finding_count + 1) * sizeof(*ids));
	int rank;

	if (!ids) {
		sb->failed = 1;
		return;
	}
	sai_strbuf_adds(sb, "[");
	for (rank = 0; rank < RANK_COUNT; rank++)
		for (i = 0; i < rr->finding_count; i++)
			if (finding_rank(&rr->findings[i]) == rank) {
				sai_strbuf_adds(sb, n++ ? "," : "");
				j_problem(st, &rr->findings[i]);
			}
	sai_strbuf_adds(sb, "]");
	for (k = 0; k < 2; k++) {
		for (n = 0, i = 0; i < rr->finding_count; i++)
			if (rr->findings[i].status == plain[k])
				ids[n++] = rule_index(st, rr->findings[i].rule);
		sai_strbuf_addc(sb, ',');
		j_runs(sb, ids, n);
	}
	free(ids);
}

/* What the station's findings hold, as bits for the page's filters:
 * failures critical 1, major 2, minor 4, info 8, then errors 16 and
 * waived findings 32. */
static unsigned sev_bits(const sa_record_result *rr)
{
	unsigned bits = 0;
	int s;

	for (s = 0; s < SA_SEVERITY_COUNT; s++)
		if (rr->fail_by_severity[s])
			bits |= 1u << (SA_SEVERITY_COUNT - 1 - s);
	if (rr->counts[SA_FINDING_ERROR])
		bits |= 16;
	if (rr->counts[SA_FINDING_WAIVED])
		bits |= 32;
	return bits;
}

/* The index of the record's file in the page's file table: records
 * come file by file, so a file is added when it differs from the last
 * one (a file met again is listed again); -1 for none. */
static long file_index(sai_html_state *st, const char *file)
{
	if (!file)
		return -1;
	if (st->last_file && !strcmp(st->last_file, file))
		return (long)st->n_files - 1;
	free(st->last_file);
	if (!(st->last_file = sai_strdup(file))) {
		st->filejs.failed = 1;
		return -1;
	}
	sai_strbuf_adds(&st->filejs, st->n_files ? "," : "");
	sai_html_j_str(st, &st->filejs, file);
	return (long)st->n_files++;
}

/* With --baseline: [state, previous score (-1: none), new, fixed,
 * unchanged, newly waived, [[change, rule id, message] of the problems
 * fixed or newly waived]]; else 0.  The comparison has just taken the
 * record (engine/run.c compares before the writers see it). */
static void j_yoy(sai_html_state *st, const sai_report_context *ctx,
		  const sa_record_result *rr)
{
	sai_strbuf *sb = &st->data;
	size_t n = ctx->baseline ? sai_diff_station_count(ctx->baseline) : 0;
	size_t j, k = 0;
	sai_diff_station ds;
	sai_diff_item it;

	if (n)
		sai_diff_station_at(ctx->baseline, n - 1, &ds);
	if (!n || !ds.id || !rr->record_id || strcmp(ds.id, rr->record_id)) {
		sai_strbuf_adds(sb, ",0");
		return;
	}
	sai_strbuf_addf(sb, ",[\"%s\",", sai_station_state_name(ds.state));
	sai_html_j_score(sb, ds.old_score);
	sai_strbuf_addf(sb, ",%zu,%zu,%zu,%zu,[", ds.counts[SAI_CHANGE_NEW],
			ds.counts[SAI_CHANGE_FIXED], ds.counts[SAI_CHANGE_UNCHANGED],
			ds.counts[SAI_CHANGE_WAIVED]);
	for (j = 0; j < sai_diff_item_count(ctx->baseline, n - 1); j++) {
		sai_diff_item_at(ctx->baseline, n - 1, j, &it);
		if (it.change != SAI_CHANGE_FIXED &&
		    it.change != SAI_CHANGE_WAIVED)
			continue;
		sai_strbuf_addf(sb, "%s[\"%s\",", k++ ? "," : "",
				sai_change_name(it.change));
		sai_html_j_str(st, sb, it.rule);
		sai_strbuf_addc(sb, ',');
		sai_html_j_str(st, sb, it.message);
		sai_strbuf_adds(sb, "]");
	}
	sai_strbuf_adds(sb, "]]");
}

/* A station: [no, id, name, file, line, region, score, score without
 * waivers (-1: the same), grade, grade without waivers (-1: the same),
 * verdict p/f/n, vetoed, severity bits, problems, [problems], [passed],
 * [not applicable], year over year] (the page's script reads it by position). */
void sai_html_station_json(sai_html_state *st,
			   const sai_report_context *ctx,
			   const sa_record_result *rr)
{
	sai_strbuf *sb = &st->data;
	sai_verdict v = sai_report_verdict(rr);
	long gu = rr->grade_unwaived && rr->grade &&
		  strcmp(rr->grade_unwaived, rr->grade)
		  ? sai_html_grade_known(st, rr->grade_unwaived) : -1;

	sai_strbuf_addf(sb, "%s[%zu,", st->n_stations ? ",\n" : "",
			st->n_stations + 1);
	st->n_stations++;
	sai_html_j_str(st, sb, rr->record_id);
	sai_strbuf_addc(sb, ',');
	sai_html_j_str(st, sb, rr->name);
	sai_strbuf_addc(sb, ',');
	sai_strbuf_addf(sb, "%ld,%lu,", file_index(st, rr->file), rr->line);
	sai_html_j_str(st, sb, rr->region);
	sai_strbuf_addc(sb, ',');
	sai_html_j_score(sb, rr->score);
	sai_strbuf_addc(sb, ',');
	sai_html_j_score(sb, rr->score >= 0 && rr->score_unwaived >= 0 &&
			 rr->score_unwaived != rr->score ? rr->score_unwaived
			 : -1);
	sai_strbuf_addf(sb, ",%ld,%ld,\"%c\",%d,",
			sai_html_grade_known(st, rr->grade), gu,
			v == SAI_VERDICT_PASS ? 'p'
			: v == SAI_VERDICT_FAIL ? 'f' : 'n', rr->vetoed ? 1 : 0);
	sai_strbuf_addf(sb, "%u,%zu,", sev_bits(rr),
			rr->counts[SA_FINDING_FAIL] +
			rr->counts[SA_FINDING_ERROR]);
	j_findings(st, rr);
	j_yoy(st, ctx, rr);
	sai_strbuf_adds(sb, "]");
}

/* ---- waivers, coverage, unreadable dossiers ------------------------------ */

void sai_html_render_waiver(sai_html_state *st, const sa_record_result *rr,
			    const sa_finding *f)
{
	sai_strbuf *sb = &st->waived;
	const sa_waiver_info *w = f->waiver;

	st->n_waived++;
	sai_strbuf_adds(sb, "<tr><td class=\"id\">");
	sai_html_esc_or_dash(sb, rr->collection ? L(st, L_COVERAGE)
						: rr->record_id);
	sai_strbuf_adds(sb, "</td><td class=\"id\">");
	sai_html_esc_or_dash(sb, f->rule ? f->rule->id : NULL);
	sai_strbuf_adds(sb, "</td><td>");
	sai_html_text(sb, sai_report_message(f, st->lang));
	sai_strbuf_adds(sb, "</td><td>");
	sai_html_esc_or_dash(sb, w ? w->reason : NULL);
	sai_strbuf_adds(sb, "</td><td>");
	sai_html_esc_or_dash(sb, w ? w->approver : NULL);
	sai_strbuf_adds(sb, "</td><td class=\"num\">");
	sai_html_esc_or_dash(sb, w ? w->expires : NULL);
	sai_strbuf_adds(sb, "</td></tr>\n");
}

void sai_html_render_coverage(sai_html_state *st,
			      const sa_record_result *rr)
{
	sai_strbuf *sb = &st->coverage;
	size_t i;
	int rank;

	st->coll_pass += rr->counts[SA_FINDING_PASS];
	for (rank = 0; rank < RANK_COUNT; rank++)
		for (i = 0; i < rr->finding_count; i++) {
			const sa_finding *f = &rr->findings[i];

			if (finding_rank(f) != rank)
				continue;
			st->n_coverage++;
			sai_strbuf_adds(sb, "<tr><td>");
			add_tag(sb, st, f);
			sai_strbuf_adds(sb, "</td><td class=\"id\">");
			add_rule_link(sb, f);
			sai_strbuf_adds(sb, "</td><td>");
			sai_html_text(sb, sai_report_message(f, st->lang));
			add_values(sb, st, f);
			sai_strbuf_adds(sb, "</td><td class=\"loc\">");
			add_location(sb, f->file ? f->file : rr->file, f->line,
				     f->column);
			sai_strbuf_adds(sb, "</td></tr>\n");
		}
}

void sai_html_render_unreadable(sai_html_state *st,
				const sa_record_result *rr)
{
	sai_strbuf *sb = &st->unreadable;
	const sa_finding *f = rr->finding_count ? &rr->findings[0] : NULL;

	st->n_unreadable++;
	sai_strbuf_adds(sb, "<tr><td class=\"mono\">");
	if (f)
		add_location(sb, f->file ? f->file : rr->file, f->line,
			     f->column);
	else
		add_location(sb, rr->file, rr->line, rr->column);
	sai_strbuf_adds(sb, "</td><td>");
	if (f)
		sai_html_text(sb, sai_report_message(f, st->lang));
	else
		sai_strbuf_adds(sb, word(st, "unreadable"));
	if (f && f->actual && f->actual[0]) {
		sai_strbuf_adds(sb, "<div class=\"mono muted\">");
		sai_html_text(sb, f->actual);
		sai_strbuf_adds(sb, "</div>");
	}
	sai_strbuf_adds(sb, "</td></tr>\n");
}
