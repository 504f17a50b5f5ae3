/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-markdown.c - Markdown for pull-request comments (GitHub
 * flavoured): a heading, a summary table, the failing records (score,
 * grade, failing rule ids), the failures themselves, the pass rate of
 * every rule, and the provenance folded in a <details> block.
 *
 * Text from dossiers and packs is escaped: line ends become spaces and
 * the punctuation that starts inline markup gets a backslash, so a station
 * name can neither break a table (|) nor add links, HTML or mentions.
 * A comment has a size limit: at most MD_CAP failing records and MD_CAP
 * findings are listed, then "N more".  Records are rendered as they come
 * and only those first rows are kept.  GitHub refuses a comment over
 * 65,536 characters: a report over MD_BUDGET bytes (a character is at
 * least one) is made again with half the rows (and dossiers listed in
 * the provenance), cut at a row with its "N more" line, until it fits.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "yoy-internal.h"
#include "util-internal.h"

#define MD_CAP 200
#define MD_BUDGET 60000

typedef struct md_state {
	const char *lang;
	int en;
	sai_strbuf records;     /* rows of the failing-records table */
	size_t row_station[MD_CAP]; /* each row's station in the rollup */
	sai_rollup *rollup;     /* ranks, known at the end */
	size_t n_records;       /* failing records, listed or not */
	sai_strbuf findings;    /* items of the failures list */
	size_t n_findings;
	sai_strbuf out;
	sai_strbuf clean;
	sai_verdicts verdicts;  /* stations passed and failed */
} md_state;

static const char *w(const md_state *st, const char *key)
{
	return sai_report_word(key, st->lang);
}

/* Appends s as inert Markdown text. */
static void add_text(md_state *st, sai_strbuf *sb, const char *s)
{
	sai_strbuf_reset(&st->clean);
	sai_report_add_shown(&st->clean, s && s[0] ? s : "-");
	sai_report_add_md_inert(sb, sai_strbuf_str(&st->clean));
}

/* A line of the scoring settings: "- label: value". */
static void scoring_item(const char *label, const char *value, void *arg)
{
	md_state *st = arg;

	sai_strbuf_adds(&st->out, "- ");
	sai_strbuf_adds(&st->out, label);
	sai_strbuf_adds(&st->out, st->en ? ": " : "：");
	add_text(st, &st->out, value);
	sai_strbuf_addc(&st->out, '\n');
}

/* ---- records ------------------------------------------------------------- */

/* The ids of the rules a record failed, escaped, comma-separated. */
static void add_failed_rules(md_state *st, const sa_record_result *rr)
{
	size_t i;
	int first = 1;

	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != SA_FINDING_FAIL &&
		    f->status != SA_FINDING_ERROR)
			continue;
		if (!first)
			sai_strbuf_adds(&st->records, ", ");
		add_text(st, &st->records, f->rule ? f->rule->id : NULL);
		first = 0;
	}
}

static void record_row(md_state *st, const sa_record_result *rr)
{
	char num[64];

	sai_strbuf_adds(&st->records, "| ");
	add_text(st, &st->records, rr->collection ? "(collection)"
						  : rr->record_id);
	sai_strbuf_adds(&st->records, " | ");
	add_text(st, &st->records, rr->name);
	sai_strbuf_adds(&st->records, " | ");
	add_text(st, &st->records, rr->file);
	sai_format_number(rr->score, num, sizeof(num));
	sai_strbuf_addf(&st->records, " | %s | ", rr->score >= 0 ? num : "-");
	add_text(st, &st->records, sai_report_grade_word(rr->grade, st->lang));
	if (rr->vetoed)
		sai_strbuf_adds(&st->records, st->en ? " (vetoed)" : "（一票否决）");
	sai_strbuf_adds(&st->records, " | ");
	add_failed_rules(st, rr);
	sai_strbuf_adds(&st->records, " |\n");
}

/* "- **major** RULE file:line — record: message". */
static void finding_item(md_state *st, const sa_record_result *rr,
			 const sa_finding *f)
{
	sai_strbuf *sb = &st->findings;

	sai_strbuf_addf(sb, "- **%s** ", f->status == SA_FINDING_ERROR
			? w(st, "error") : w(st, sa_severity_name(f->severity)));
	add_text(st, sb, f->rule ? f->rule->id : NULL);
	sai_strbuf_adds(sb, " ");
	add_text(st, sb, f->file ? f->file : rr->file);
	if (f->line)
		sai_strbuf_addf(sb, "\\:%lu", f->line);
	sai_strbuf_adds(sb, " — ");
	if (rr->record_id) {
		add_text(st, sb, rr->record_id);
		sai_strbuf_adds(sb, ": ");
	}
	add_text(st, sb, sai_report_message(f, st->lang));
	sai_strbuf_addc(sb, '\n');
}

static int md_record(void *state, const sai_report_context *ctx,
		     const sa_record_result *rr)
{
	md_state *st = state;
	size_t i;

	size_t station;

	(void)ctx;
	sai_verdicts_add(&st->verdicts, rr);
	if (sai_rollup_add(st->rollup, rr, &station) < 0) {
		errno = ENOMEM;
		return -1;
	}
	if (!rr->counts[SA_FINDING_FAIL] && !rr->counts[SA_FINDING_ERROR])
		return 0;
	if (st->n_records < MD_CAP) {
		st->row_station[st->n_records] = station;
		record_row(st, rr);
	}
	st->n_records++;
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != SA_FINDING_FAIL &&
		    f->status != SA_FINDING_ERROR)
			continue;
		if (st->n_findings++ < MD_CAP)
			finding_item(st, rr, f);
	}
	if (st->records.failed || st->findings.failed || st->clean.failed) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* ---- the report ---------------------------------------------------------- */

static void more(md_state *st, size_t total, size_t cap)
{
	if (total > cap)
		sai_strbuf_addf(&st->out, st->en ? "\n… and %zu more\n"
						 : "\n……另有 %zu 项未列出\n",
				total - cap);
}

/* The first cap lines of s (rows and list items are one line each). */
static void first_lines(sai_strbuf *out, const char *s, size_t cap)
{
	const char *end = s;
	size_t k;

	for (k = 0; k < cap && (end = strchr(end, '\n')); k++)
		end++;
	sai_strbuf_add(out, s, end ? (size_t)(end - s) : strlen(s));
}

static void summary_row(md_state *st, const char *key, size_t n)
{
	sai_strbuf_addf(&st->out, "| %s | %zu |\n", w(st, key), n);
}

static void summary(md_state *st, const sa_summary *sum)
{
	int s;

	sai_strbuf_addf(&st->out, "| %s | %s |\n|---|---:|\n",
			st->en ? "item" : "项目", st->en ? "count" : "数量");
	summary_row(st, "records", sum->records);
	summary_row(st, "verdict:pass", st->verdicts.pass);
	summary_row(st, "verdict:fail", st->verdicts.fail);
	if (st->verdicts.pass + st->verdicts.fail) {
		char num[64];
		double rate = sai_verdicts_rate(&st->verdicts);

		sai_format_number(floor(rate * 1000 + 0.5) / 10, num,
				  sizeof(num));
		sai_strbuf_addf(&st->out, "| %s | %s%% |\n",
				w(st, "verdict:pass rate"), num);
	}
	if (st->verdicts.not_assessed)
		summary_row(st, "not assessed", st->verdicts.not_assessed);
	summary_row(st, "unreadable", sum->unreadable);
	summary_row(st, "failing", sum->records_failing);
	for (s = SA_SEVERITY_COUNT - 1; s >= 0; s--) {
		sai_strbuf_addf(&st->out, "| %s: %s | %zu |\n", w(st, "fail"),
				w(st, sa_severity_name((sa_severity)s)),
				sum->fail_by_severity[s]);
	}
	summary_row(st, "error", sum->findings[SA_FINDING_ERROR]);
	summary_row(st, "waived", sum->findings[SA_FINDING_WAIVED]);
}

/* Pass rate: passes over the findings that were not "not applicable"
 * (a waived failure is not a pass). */
static void rule_rates(md_state *st, const sa_rule_summary *rules,
		       size_t n)
{
	size_t i;

	sai_strbuf_addf(&st->out, "| %s | %s | %s | %s | %s | %s | %s |\n"
			"|---|---|---:|---:|---:|---:|---:|\n",
			w(st, "rules"), st->en ? "title" : "名称", w(st, "pass"),
			w(st, "fail"), w(st, "error"), w(st, "waived"),
			st->en ? "pass rate" : "通过率");
	for (i = 0; rules && i < n; i++) {
		const size_t *c = rules[i].counts;
		size_t applicable = c[SA_FINDING_PASS] + c[SA_FINDING_FAIL] +
				    c[SA_FINDING_ERROR] + c[SA_FINDING_WAIVED];

		sai_strbuf_adds(&st->out, "| ");
		add_text(st, &st->out, rules[i].rule ? rules[i].rule->id : NULL);
		sai_strbuf_adds(&st->out, " | ");
		add_text(st, &st->out,
			 sai_report_rule_title(rules[i].rule, st->lang));
		sai_strbuf_addf(&st->out, " | %zu | %zu | %zu | %zu | ",
				c[SA_FINDING_PASS], c[SA_FINDING_FAIL],
				c[SA_FINDING_ERROR], c[SA_FINDING_WAIVED]);
		if (applicable)
			sai_strbuf_addf(&st->out, "%.1f%% |\n", 100.0 *
					(double)c[SA_FINDING_PASS] /
					(double)applicable);
		else
			sai_strbuf_adds(&st->out, "- |\n");
	}
}

static void provenance_item(md_state *st, const char *what,
			    const char *name, const char *detail)
{
	sai_strbuf_addf(&st->out, "- %s ", what);
	add_text(st, &st->out, name);
	if (detail && detail[0])
		sai_strbuf_addf(&st->out, " sha256 `%s`", detail);
	sai_strbuf_addc(&st->out, '\n');
}

static void provenance(md_state *st, const sai_report_context *ctx,
		       size_t cap)
{
	const sa_pack *p = ctx->pack;
	size_t i, n = p ? sa_pack_standard_count(p) : 0;

	sai_strbuf_addf(&st->out, "\n<details><summary>%s</summary>\n\n",
			st->en ? "Provenance" : "审核依据");
	provenance_item(st, "stationaudit", ctx->tool_version, NULL);
	provenance_item(st, st->en ? "audit date" : "审核日期",
			p ? sa_pack_audit_date(p) : NULL, NULL);
	for (i = 0; i < n; i++)
		provenance_item(st, st->en ? "standard" : "标准",
				sa_pack_standard(p, i)->id,
				sa_pack_standard(p, i)->sha256);
	n = p ? sa_pack_param_count(p) : 0;
	for (i = 0; i < n; i++) {
		sai_strbuf_addf(&st->out, "- %s ", st->en ? "param" : "参数");
		add_text(st, &st->out, sa_pack_param(p, i)->name);
		sai_strbuf_adds(&st->out, " \\= ");
		add_text(st, &st->out, sa_pack_param(p, i)->value);
		sai_strbuf_addc(&st->out, '\n');
	}
	if (sai_report_scoring_each(p, st->en ? "en" : "zh", scoring_item,
				    st) < 0)
		st->out.failed = 1;
	for (i = 0; ctx->inputs && i < ctx->input_count && i < cap; i++)
		provenance_item(st, st->en ? "dossier" : "档案",
				ctx->inputs[i].path, ctx->inputs[i].sha256);
	more(st, ctx->inputs ? ctx->input_count : 0, cap);
	sai_strbuf_adds(&st->out, "\n</details>\n");
}

/* The rows of the records table, each after its competition rank. */
static void ranked_rows(md_state *st, size_t cap)
{
	const char *row = sai_strbuf_str(&st->records), *end;
	size_t k;

	for (k = 0; *row && k < cap; k++, row = end + 1) {
		const sai_rollup_station *s = sai_rollup_station_at(
			st->rollup, st->row_station[k]);

		if (!(end = strchr(row, '\n')))
			break;
		if (s && s->rank)
			sai_strbuf_addf(&st->out, "| %zu ", s->rank);
		else
			sai_strbuf_adds(&st->out, "| ");
		sai_strbuf_add(&st->out, row, (size_t)(end - row) + 1);
	}
}

static void body(md_state *st, const sai_report_context *ctx,
		 const sa_summary *sum, const sa_rule_summary *rules,
		 size_t rule_count, size_t cap)
{
	sai_strbuf_addf(&st->out, "## stationaudit %s\n\n",
			st->en ? "audit report" : "审核报告");
	summary(st, sum);
	sai_strbuf_addf(&st->out, "\n### %s\n\n",
			st->en ? "Records with failures" : "有不通过项的记录");
	if (st->n_records) {
		sai_strbuf_addf(&st->out, "| %s | %s | %s | %s | %s | %s | "
				"%s |\n|---:|---|---|---|---:|---|---|\n",
				w(st, "rank"), w(st, "records"),
				st->en ? "station" : "站点",
				w(st, "files"), w(st, "score"), w(st, "grade"),
				st->en ? "failed rules" : "不通过规则");
		ranked_rows(st, cap);
		more(st, st->n_records, cap);
		sai_strbuf_addf(&st->out, "\n### %s\n\n",
				st->en ? "Failures" : "不通过项");
		first_lines(&st->out, sai_strbuf_str(&st->findings), cap);
		more(st, st->n_findings, cap);
	} else {
		sai_strbuf_adds(&st->out, st->en ? "None.\n" : "无。\n");
	}
	if (ctx->baseline) {
		/* check --baseline: as diff -f markdown writes it. */
		sai_strbuf_addc(&st->out, '\n');
		sai_yoy_markdown(ctx->baseline, st->en ? "this run" :
				 "本次检查", st->lang, cap, &st->out);
	}
	sai_strbuf_addf(&st->out, "\n### %s\n\n",
			st->en ? "Pass rate per rule" : "各规则通过率");
	rule_rates(st, rules, rule_count);
	provenance(st, ctx, cap);
}

static int md_end(void *state, const sai_report_context *ctx,
		  const sa_summary *sum, const sa_rule_summary *rules,
		  size_t rule_count)
{
	static const sa_summary empty;
	md_state *st = state;
	size_t cap = MD_CAP;

	if (st->n_records && sai_rollup_finish(st->rollup) < 0)
		st->out.failed = 1;
	body(st, ctx, sum ? sum : &empty, rules, rule_count, cap);
	while (st->out.len > MD_BUDGET && cap > 1 && !st->out.failed) {
		cap /= 2;
		sai_strbuf_reset(&st->out);
		body(st, ctx, sum ? sum : &empty, rules, rule_count, cap);
	}
	if (st->out.failed || st->clean.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (fwrite(st->out.buf, 1, st->out.len, ctx->out) != st->out.len)
		return -1;
	return ferror(ctx->out) ? -1 : 0;
}

static int md_begin(void **state, const sai_report_context *ctx)
{
	md_state *st = calloc(1, sizeof(*st));

	*state = st;
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	st->lang = sai_report_lang(ctx);
	st->en = !strcmp(st->lang, "en");
	sai_strbuf_init(&st->records);
	sai_strbuf_init(&st->findings);
	sai_strbuf_init(&st->out);
	sai_strbuf_init(&st->clean);
	if (!(st->rollup = sai_rollup_new(ctx->pack))) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static void md_free(void *state)
{
	md_state *st = state;

	if (!st)
		return;
	sai_strbuf_release(&st->records);
	sai_strbuf_release(&st->findings);
	sai_strbuf_release(&st->out);
	sai_strbuf_release(&st->clean);
	sai_rollup_free(st->rollup);
	free(st);
}

const sai_report_writer sai_report_markdown = {
	"markdown",
	"for pull-request comments: summary, failing records, pass rates",
	md_begin,
	md_record,
	md_end,
	md_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
