/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-json.c - the JSON report (docs/report-json.md), streamed: the
 * head (provenance, standards, parameters, rules) at begin, each record
 * as it comes, the inputs and totals at end.  Nothing of the run is held,
 * so memory does not grow with the number of records.
 *
 * Output is deterministic: fixed key order, numbers through
 * sai_format_number, no time other than the audit date.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "yoy-internal.h"
#include "util-internal.h"

#define JSON_SCHEMA_NAME "stationaudit-report"
#define JSON_SCHEMA_VERSION 1
#define JW_DEPTH 8

/* A writer that knows where it is: per nesting level, whether the next
 * member is the first (no comma) and whether members go one per line
 * (two-space indent) or on one line.  The first write error sticks.
 * Each part (head, record, tail) is built in buf and written in one go:
 * stdio's cost per call was most of a national report's. */
/* The text of a quiet finding (pass or not applicable, no message) is
 * the same for every record: it is made once per rule, status and
 * severity and copied after that. */
#define QUIET_SLOTS 256

typedef struct quiet_text {
	const sa_rule_info *rule;
	int status, severity;
	char *text;                /* {"rule": ..., "severity": ...} */
	size_t len;
} quiet_text;

typedef struct jw {
	FILE *out;
	sai_strbuf buf;
	quiet_text quiet[QUIET_SLOTS];
	const char *lang;          /* the run's language, for fallbacks */
	sai_verdicts verdicts;     /* stations passed and failed */
	sai_rollup *rollup;        /* ranks and rollups, written at the end */
	int failed;
	int depth;
	struct {
		int first;
		int lines;
	} lv[JW_DEPTH];
} jw;

static void jw_write(jw *w, const char *s, size_t n)
{
	sai_strbuf_add(&w->buf, s, n);
}

/* A string literal, without counting it at run time. */
#define JW_LIT(w, lit) jw_write((w), "" lit, sizeof(lit) - 1)

static void jw_raw(jw *w, const char *s)
{
	jw_write(w, s, strlen(s));
}

/* A new line and the indent of depth, in one write. */
static void jw_indent(jw *w, int depth)
{
	static const char line[] = "\n                ";
	_Static_assert(sizeof(line) == 2 + 2 * JW_DEPTH, "one indent a level");

	if (depth > JW_DEPTH)
		depth = JW_DEPTH;
	jw_write(w, line, 1 + 2 * (size_t)depth);
}

/* Before a member or element: a comma unless first, then a new line or
 * a space. */
static void jw_next(jw *w)
{
	int d = w->depth - 1;

	if (d < 0)
		return;
	if (w->lv[d].lines) {
		if (!w->lv[d].first)
			JW_LIT(w, ",");
		jw_indent(w, w->depth);
	} else if (!w->lv[d].first) {
		JW_LIT(w, ", ");
	}
	w->lv[d].first = 0;
}

/* Opens an object ("{") or array ("["); lines: one member per line. */
static void jw_open(jw *w, const char *bracket, int lines)
{
	jw_raw(w, bracket);
	if (w->depth >= JW_DEPTH) {
		w->failed = 1;  /* a bug in this file, not in the input */
		return;
	}
	w->lv[w->depth].first = 1;
	w->lv[w->depth].lines = lines;
	w->depth++;
}

static void jw_close(jw *w, const char *bracket)
{
	if (w->depth <= 0) {
		w->failed = 1;
		return;
	}
	w->depth--;
	if (w->lv[w->depth].lines && !w->lv[w->depth].first)
		jw_indent(w, w->depth);
	jw_raw(w, bracket);
}

/* Keys are this file's own ASCII words: no escaping. */
static void jw_key(jw *w, const char *key)
{
	jw_next(w);
	JW_LIT(w, "\"");
	jw_raw(w, key);
	JW_LIT(w, "\": ");
}

static void jw_str(jw *w, const char *key, const char *value)
{
	jw_key(w, key);
	sai_json_add_string(&w->buf, value);
}

/* An empty string is as good as absent: null. */
static void jw_opt(jw *w, const char *key, const char *value)
{
	jw_str(w, key, value && value[0] ? value : NULL);
}

static void jw_size(jw *w, const char *key, size_t v)
{
	char buf[24];
	size_t n = sai_format_uint(v, buf);

	jw_key(w, key);
	jw_write(w, buf, n);
}

/* A line or column: null when unknown (0). */
static void jw_pos(jw *w, const char *key, unsigned long v)
{
	char buf[24];

	sai_format_uint(v, buf);
	jw_key(w, key);
	jw_raw(w, v ? buf : "null");
}

static void jw_num(jw *w, const char *key, double v)
{
	char buf[64];

	sai_format_number(v, buf, sizeof(buf));
	jw_key(w, key);
	jw_raw(w, isfinite(v) ? buf : "null");
}

static void jw_bool(jw *w, const char *key, int v)
{
	jw_key(w, key);
	jw_raw(w, v ? "true" : "false");
}

/* Writes out what was built; 0, or -1 with errno set when the output
 * could not be written. */
static int jw_status(jw *w)
{
	if (w->buf.failed) {
		w->failed = 1;
		errno = ENOMEM;
	} else if (!w->failed && w->buf.len &&
		   fwrite(w->buf.buf, 1, w->buf.len, w->out) != w->buf.len) {
		w->failed = 1;
	}
	sai_strbuf_reset(&w->buf);
	if (w->failed || ferror(w->out)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* ---- the head: provenance and the standards in force --------------------- */

/* The source as an auditor looks it up; null when the pack gives none. */
static void write_citation(jw *w, const sa_citation *c)
{
	jw_key(w, "citation");
	if (!c) {
		jw_raw(w, "null");
		return;
	}
	jw_open(w, "{", 0);
	jw_str(w, "headline", c->headline);
	jw_str(w, "publisher", c->publisher);
	jw_str(w, "date", c->date);
	jw_str(w, "file", c->file);
	jw_close(w, "}");
}

/* What a rule rests on (docs/rules.md "basis"); null when none given. */
static void write_basis(jw *w, const sa_basis *b)
{
	size_t i;

	jw_key(w, "basis");
	if (!b) {
		jw_raw(w, "null");
		return;
	}
	jw_open(w, "{", 0);
	jw_str(w, "kind", sa_basis_kind_name(b->kind, NULL));
	jw_str(w, "quote", b->quote);
	jw_str(w, "reason", b->reason);
	jw_str(w, "reason_en", b->reason_en);
	jw_str(w, "cite", b->cite);
	jw_key(w, "params");
	jw_open(w, "[", 0);
	for (i = 0; i < b->param_count; i++) {
		jw_next(w);
		sai_json_add_string(&w->buf, b->params[i]);
	}
	jw_close(w, "]");
	jw_close(w, "}");
}

static void write_standards(jw *w, const sa_pack *pack)
{
	size_t i, n = pack ? sa_pack_standard_count(pack) : 0;

	jw_key(w, "standards");
	jw_open(w, "[", 1);
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(pack, i);

		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "id", s->id);
		jw_str(w, "title", s->title);
		jw_str(w, "title_en", s->title_en);
		jw_str(w, "issuer", s->issuer);
		jw_str(w, "version", s->version);
		jw_str(w, "source", s->source);
		write_citation(w, sa_pack_citation(pack, i));
		jw_str(w, "jurisdiction", s->jurisdiction);
		jw_str(w, "file", s->file);
		jw_opt(w, "sha256", s->sha256);
		jw_close(w, "}");
	}
	jw_close(w, "]");
}

static void write_params(jw *w, const sa_pack *pack)
{
	size_t i, n = pack ? sa_pack_param_count(pack) : 0;

	jw_key(w, "params");
	jw_open(w, "[", 1);
	for (i = 0; i < n; i++) {
		const sa_param_info *p = sa_pack_param(pack, i);

		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "name", p->name);
		jw_str(w, "type", p->type);
		jw_str(w, "value", p->value);
		jw_str(w, "standard", p->standard);
		jw_close(w, "}");
	}
	jw_close(w, "]");
}

/* The scoring settings, when the run has them (a chosen profile, grades):
 * the profiles chosen with their basis, the grades, the pass grade, the
 * vetoes and the effective weight of every rule. */
static void write_scoring(jw *w, const sa_pack *pack)
{
	size_t i, n;

	if (!sai_report_has_scoring(pack))
		return;
	jw_key(w, "scoring");
	jw_open(w, "{", 1);
	jw_key(w, "profiles");
	jw_open(w, "[", 1);
	for (i = 0; i < sa_pack_profile_count(pack); i++) {
		const sa_profile_info *pr = sa_pack_profile(pack, i);

		if (!pr->chosen)
			continue;
		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "name", pr->name);
		jw_str(w, "standard", pr->standard);
		jw_str(w, "description", pr->description);
		write_basis(w, pr->basis);
		jw_close(w, "}");
	}
	jw_close(w, "]");
	jw_key(w, "grades");
	jw_open(w, "[", 0);
	for (i = 0; i < sa_pack_grade_count(pack); i++) {
		double min = 0;
		const char *g = sa_pack_grade(pack, i, &min);

		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "name", g);
		jw_num(w, "min", min);
		jw_close(w, "}");
	}
	jw_close(w, "]");
	jw_str(w, "pass_grade", sai_report_pass_grade(pack, NULL));
	n = sa_pack_rule_count(pack);
	jw_key(w, "vetoes");
	jw_open(w, "[", 0);
	for (i = 0; i < n; i++)
		if (sa_pack_rule_veto(pack, sa_pack_rule(pack, i))) {
			jw_next(w);
			sai_json_add_string(&w->buf, sa_pack_rule(pack, i)->id);
		}
	jw_close(w, "]");
	jw_key(w, "weights");
	jw_open(w, "[", 1);
	for (i = 0; i < n; i++) {
		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "rule", sa_pack_rule(pack, i)->id);
		jw_num(w, "weight", sa_pack_rule(pack, i)->weight);
		jw_close(w, "}");
	}
	jw_close(w, "]");
	jw_close(w, "}");
}

static void write_rule(jw *w, const sa_pack *pack, const sa_rule_info *r)
{
	jw_next(w);
	jw_open(w, "{", 0);
	jw_str(w, "id", r->id);
	jw_str(w, "title", r->title);
	jw_str(w, "title_en", r->title_en);
	jw_str(w, "kind", r->kind);
	jw_str(w, "severity", sa_severity_name(r->severity));
	jw_num(w, "weight", r->weight);
	jw_str(w, "standard", r->standard);
	jw_str(w, "source", r->source);
	write_basis(w, sa_pack_rule_basis(pack, r));
	jw_str(w, "fix", r->fix);
	jw_opt(w, "file", r->file);
	jw_pos(w, "line", r->line);
	jw_close(w, "}");
}

static void write_rules(jw *w, const sa_pack *pack)
{
	size_t i, n = pack ? sa_pack_rule_count(pack) : 0;

	jw_key(w, "rules");
	jw_open(w, "[", 1);
	for (i = 0; i < n; i++)
		write_rule(w, pack, sa_pack_rule(pack, i));
	jw_close(w, "]");
}

static void write_head(jw *w, const sai_report_context *ctx)
{
	const char *lang = ctx->opts && ctx->opts->lang ? ctx->opts->lang
							: "zh";

	jw_open(w, "{", 1);
	jw_str(w, "schema", JSON_SCHEMA_NAME);
	jw_size(w, "version", JSON_SCHEMA_VERSION);
	jw_key(w, "tool");
	jw_open(w, "{", 0);
	jw_str(w, "name", "stationaudit");
	jw_str(w, "version", ctx->tool_version);
	jw_close(w, "}");
	jw_str(w, "audit_date", ctx->pack ? sa_pack_audit_date(ctx->pack)
					  : NULL);
	jw_str(w, "lang", lang);
	write_standards(w, ctx->pack);
	write_params(w, ctx->pack);
	write_scoring(w, ctx->pack);
	write_rules(w, ctx->pack);
	jw_key(w, "records");
	jw_open(w, "[", 1);
}

/* ---- records ------------------------------------------------------------- */

static void write_counts(jw *w, const size_t *counts)
{
	int i;

	jw_key(w, "counts");
	jw_open(w, "{", 0);
	for (i = 0; i < SA_FINDING_STATUS_COUNT; i++)
		jw_size(w, sa_finding_status_name((sa_finding_status)i),
			counts[i]);
	jw_close(w, "}");
}

static void write_finding(jw *w, const sa_record_result *rr,
			  const sa_finding *f)
{
	/* Only problems (fail, error, waived) fall back to the rule's title
	 * when the evaluator gave no message: a consumer can tell that a
	 * pass or not-applicable finding said nothing. */
	int quiet = f->status == SA_FINDING_PASS ||
		    f->status == SA_FINDING_NOT_APPLICABLE;
	const char *msg = quiet ? f->message : sai_report_message(f, w->lang);

	size_t start;
	quiet_text *q = NULL;

	jw_next(w);
	/* A pass or not-applicable finding without a message sits at its
	 * record: its place would repeat the record's (and make most of a
	 * national report's bytes). */
	if (quiet && !msg) {
		q = &w->quiet[(((uintptr_t)f->rule >> 4) * 31 +
			       (unsigned)f->status * 7 +
			       (unsigned)f->severity) % QUIET_SLOTS];
		if (q->text && q->rule == f->rule &&
		    q->status == (int)f->status &&
		    q->severity == (int)f->severity) {
			jw_write(w, q->text, q->len);
			return;
		}
	}
	start = w->buf.len;
	jw_open(w, "{", 0);
	jw_str(w, "rule", f->rule ? f->rule->id : NULL);
	jw_str(w, "status", sa_finding_status_name(f->status));
	jw_str(w, "severity", sa_severity_name(f->severity));
	if (q) {
		jw_close(w, "}");
		if (!w->buf.failed && w->buf.len > start) {
			char *t = sai_strndup(w->buf.buf + start,
					      w->buf.len - start);

			if (t) {
				free(q->text);
				*q = (quiet_text){ f->rule, (int)f->status,
					      (int)f->severity, t,
					      w->buf.len - start };
			}
		}
		return;
	}
	jw_str(w, "file", f->file ? f->file : rr->file);
	jw_pos(w, "line", f->line);
	jw_pos(w, "column", f->column);
	jw_str(w, "path", f->path);
	jw_str(w, "message", msg);
	jw_str(w, "actual", f->actual);
	jw_str(w, "expected", f->expected);
	if (f->waiver) {
		jw_key(w, "waiver");
		jw_open(w, "{", 0);
		jw_str(w, "reason", f->waiver->reason);
		jw_str(w, "approver", f->waiver->approver);
		jw_str(w, "expires", f->waiver->expires);
		jw_str(w, "ledger", f->waiver->file);
		jw_pos(w, "line", f->waiver->line);
		jw_close(w, "}");
	}
	jw_close(w, "}");
}

/* Where each point of the score went: indicators (with their rules) or
 * rules. */
static void write_score_items(jw *w, const sa_record_result *rr)
{
	size_t i;

	jw_key(w, "score_explanation");
	jw_open(w, "[", 1);
	for (i = 0; i < rr->score_item_count; i++) {
		const sa_score_item *it = &rr->score_items[i];

		/* A rule that kept all its points is its passing finding;
		 * listing it again would double a national report. */
		if (it->rule && it->lost == 0)
			continue;
		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "indicator", it->indicator);
		jw_str(w, "rule", it->rule);
		jw_str(w, "title", it->title);
		jw_size(w, "level", (size_t)it->level);
		jw_num(w, "points", it->points);
		jw_num(w, "lost", it->lost);
		jw_num(w, "earned", it->earned);
		jw_bool(w, "applicable", it->applicable);
		jw_bool(w, "veto", it->veto);
		jw_close(w, "}");
	}
	jw_close(w, "]");
}

/* The verdict as the schema names it (null for collection findings). */
static const char *verdict_name(sai_verdict v)
{
	switch (v) {
	case SAI_VERDICT_PASS: return "pass";
	case SAI_VERDICT_FAIL: return "fail";
	case SAI_VERDICT_NOT_ASSESSED: return "not_assessed";
	case SAI_VERDICT_UNREADABLE: return "unreadable";
	case SAI_VERDICT_NONE: break;
	}
	return NULL;
}

/* A record is its head, which only the writer at the head of the run
 * knows (the comma before it, its seq), and the rest, which any worker
 * can make beforehand (json_render). */
static void write_record_head(jw *w, const sa_record_result *rr)
{
	jw_next(w);
	jw_open(w, "{", 1);
	jw_size(w, "seq", rr->seq);
}

/* After the head: the members from "file" on, and the closing brace. */
static void write_record_rest(jw *w, const sa_record_result *rr)
{
	size_t i;

	jw_str(w, "file", rr->file);
	jw_pos(w, "line", rr->line);
	jw_pos(w, "column", rr->column);
	jw_str(w, "id", rr->record_id);
	jw_str(w, "name", rr->name);
	jw_str(w, "region", rr->region);
	jw_bool(w, "load_error", rr->load_error);
	if (rr->score >= 0)
		jw_num(w, "score", rr->score);
	else
		jw_str(w, "score", NULL);
	jw_str(w, "grade", rr->grade);
	if (sai_report_score_unwaived(rr) >= 0)
		jw_num(w, "score_without_waivers",
		       sai_report_score_unwaived(rr));
	else
		jw_str(w, "score_without_waivers", NULL);
	jw_str(w, "grade_without_waivers", rr->counts[SA_FINDING_WAIVED] ?
	       rr->grade_unwaived : rr->grade);
	jw_bool(w, "vetoed", rr->vetoed);
	jw_str(w, "verdict", verdict_name(sai_report_verdict(rr)));
	jw_bool(w, "collection", rr->collection);
	write_counts(w, rr->counts);
	write_score_items(w, rr);
	jw_key(w, "findings");
	jw_open(w, "[", 1);
	for (i = 0; i < rr->finding_count; i++)
		write_finding(w, rr, &rr->findings[i]);
	jw_close(w, "]");
	jw_close(w, "}");
}

static void write_record(jw *w, const sa_record_result *rr)
{
	write_record_head(w, rr);
	write_record_rest(w, rr);
}

/* ---- the tail: inputs and totals ----------------------------------------- */

static void write_files(jw *w, const char *key, const sai_report_input *in,
			size_t n)
{
	size_t i;

	jw_key(w, key);
	jw_open(w, "[", 1);
	for (i = 0; in && i < n; i++) {
		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "path", in[i].path);
		jw_opt(w, "sha256", in[i].sha256);
		jw_close(w, "}");
	}
	jw_close(w, "]");
}

static void write_inputs(jw *w, const sai_report_context *ctx)
{
	write_files(w, "inputs", ctx->inputs, ctx->input_count);
	write_files(w, "waiver_ledgers", ctx->ledgers, ctx->ledger_count);
}

/* A rate rounded to 4 places, or null when nothing was judged. */
static void jw_rate(jw *w, const char *key, double rate)
{
	if (rate >= 0)
		jw_num(w, key, floor(rate * 10000 + 0.5) / 10000);
	else
		jw_str(w, key, NULL);
}

/* Stations passed and failed under the rule of sai_report_verdict, and
 * the pass rate of those judged; o (the run's, for the summary): say
 * which rule gave them. */
static void write_verdicts(jw *w, const sai_verdicts *v,
			   const sa_run_options *o, int rule)
{
	int at = sai_report_verdict_at(o ? o->verdict_at : 0);

	jw_key(w, "verdicts");
	jw_open(w, "{", 0);
	if (rule) {
		jw_str(w, "rule", "grade");
		/* an ungraded record fails at this severity (--fail-on) */
		jw_str(w, "fail_on",
		       at < 0 ? NULL : sa_severity_name((sa_severity)at));
	}
	jw_size(w, "pass", v->pass);
	jw_size(w, "fail", v->fail);
	jw_size(w, "not_assessed", v->not_assessed);
	jw_size(w, "unreadable", v->unreadable);
	jw_rate(w, "pass_rate", sai_verdicts_rate(v));
	jw_close(w, "}");
}

static void write_summary(jw *w, const sa_summary *sum,
			  const sa_run_options *o)
{
	static const sa_summary empty;
	int i;

	if (!sum)
		sum = &empty;
	jw_key(w, "summary");
	jw_open(w, "{", 1);
	jw_size(w, "files", sum->files);
	jw_size(w, "records", sum->records);
	jw_size(w, "unreadable", sum->unreadable);
	jw_size(w, "records_failing", sum->records_failing);
	jw_size(w, "not_assessed", sum->not_assessed);
	write_verdicts(w, &w->verdicts, o, 1);
	jw_size(w, "coverage_not_judged", sum->coverage_unjudged);
	jw_key(w, "findings");
	jw_open(w, "{", 0);
	for (i = 0; i < SA_FINDING_STATUS_COUNT; i++)
		jw_size(w, sa_finding_status_name((sa_finding_status)i),
			sum->findings[i]);
	jw_close(w, "}");
	jw_key(w, "failures_by_severity");
	jw_open(w, "{", 0);
	for (i = SA_SEVERITY_COUNT - 1; i >= 0; i--)
		jw_size(w, sa_severity_name((sa_severity)i),
			sum->fail_by_severity[i]);
	jw_close(w, "}");
	jw_close(w, "}");
}

static void write_rule_summary(jw *w, const sa_rule_summary *rules,
			       size_t count)
{
	size_t i;
	int s;

	jw_key(w, "rule_summary");
	jw_open(w, "[", 1);
	for (i = 0; rules && i < count; i++) {
		jw_next(w);
		jw_open(w, "{", 0);
		jw_str(w, "rule", rules[i].rule ? rules[i].rule->id : NULL);
		for (s = 0; s < SA_FINDING_STATUS_COUNT; s++)
			jw_size(w,
				sa_finding_status_name((sa_finding_status)s),
				rules[i].counts[s]);
		jw_close(w, "}");
	}
	jw_close(w, "]");
}

/* ---- ranks and rollups (rollup.c) ----------------------------------------- */

/* A score rounded to 2 places, or null. */
static void jw_score(jw *w, const char *key, double v)
{
	if (v >= 0)
		jw_num(w, key, floor(v * 100 + 0.5) / 100);
	else
		jw_str(w, key, NULL);
}

static void jw_rank(jw *w, const char *key, size_t rank)
{
	if (rank)
		jw_size(w, key, rank);
	else
		jw_str(w, key, NULL);
}

/* One station's competition ranks, streamed in record order. */
static int write_rank(const sai_rollup_station *s, void *arg)
{
	jw *w = arg;

	jw_next(w);
	jw_open(w, "{", 0);
	jw_size(w, "seq", s->seq);
	jw_rank(w, "rank", s->rank);
	jw_rank(w, "rank_in_county", s->county_rank);
	jw_close(w, "}");
	if (w->buf.len >= 65536)        /* one entry a record */
		return jw_status(w);
	return 0;
}

/* Each station's competition rank, in record order (by seq); -1 with
 * errno set when the rollup's temporary file cannot be read. */
static int write_ranks(jw *w)
{
	jw_key(w, "ranks");
	jw_open(w, "[", 1);
	if (sai_rollup_each_station(w->rollup, write_rank, w) != 0)
		return -1;
	jw_close(w, "]");
	return 0;
}

/* Only when the division tables are loaded: absent is not known, not
 * none. */
static void write_coverage(jw *w, const sai_rollup_group *g)
{
	if (!g->has_coverage)
		return;
	jw_key(w, "coverage");
	jw_open(w, "{", 0);
	jw_size(w, "townships", g->units);
	jw_size(w, "covered", g->covered);
	jw_rate(w, "share", sai_rollup_coverage(g));
	jw_close(w, "}");
}

static void write_group(jw *w, const sai_rollup_group *g)
{
	size_t i;

	jw_next(w);
	jw_open(w, "{", 0);
	jw_str(w, "code", g->unplaced ? NULL : g->code);
	jw_str(w, "province", g->province);
	jw_str(w, "city", g->city);
	jw_str(w, "county", g->county);
	jw_str(w, "township", g->township);
	jw_size(w, "stations", g->stations);
	jw_size(w, "scored", g->scored);
	jw_score(w, "mean_score", g->mean);
	jw_score(w, "median_score", g->median);
	jw_key(w, "grades");
	jw_open(w, "{", 0);
	for (i = 0; i < sai_rollup_grade_count(w->rollup); i++)
		jw_size(w, sai_rollup_grade_name(w->rollup, i), g->grades[i]);
	jw_close(w, "}");
	write_verdicts(w, &g->verdicts, NULL, 0);
	write_coverage(w, g);
	jw_close(w, "}");
	if (w->buf.len >= 65536)                /* one a township */
		(void)jw_status(w);
}

/* Per province, city, county and township: stations, scores, grade mix,
 * verdicts, coverage. */
static void write_rollups(jw *w)
{
	size_t i;
	int l;

	jw_key(w, "rollups");
	jw_open(w, "{", 1);
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_level level = (sai_rollup_level)l;

		jw_key(w, sai_rollup_level_name(level));
		jw_open(w, "[", 1);
		for (i = 0; i < sai_rollup_group_count(w->rollup, level); i++)
			write_group(w, sai_rollup_group_at(w->rollup, level,
							   i));
		jw_close(w, "]");
	}
	jw_close(w, "}");
}

/* ---- the writer ---------------------------------------------------------- */

static int json_begin(void **state, const sai_report_context *ctx)
{
	jw *w = calloc(1, sizeof(*w));

	*state = w;
	if (!w) {
		errno = ENOMEM;
		return -1;
	}
	w->out = ctx->out;
	w->lang = ctx->opts ? ctx->opts->lang : NULL;
	if (!(w->rollup = sai_rollup_new(ctx->pack))) {
		errno = ENOMEM;
		return -1;
	}
	sai_rollup_want_coverage(w->rollup);
	/* Streamed: past a number of stations, to a temporary file. */
	sai_rollup_bounded(w->rollup, 0);
	write_head(w, ctx);
	return jw_status(w);
}

/* The rollup failed (errno: memory, or its temporary file): -1, with the
 * temporary file's folder given to the run when the file was the cause. */
static int rollup_failed(jw *w, const sai_report_context *ctx)
{
	const char *dir = sai_rollup_failed_file(w->rollup);
	int saved = errno;

	if (dir && ctx->temp_failed)
		ctx->temp_failed(ctx->scratch_arg, dir);
	errno = saved;
	return -1;
}

/* What every record does to the report beside its text: the verdicts
 * and the rollup count it.  0, or -1 (errno set). */
static int count_record(jw *w, const sai_report_context *ctx,
			const sa_record_result *rr)
{
	w->out = ctx->out;
	w->lang = ctx->opts ? ctx->opts->lang : NULL;
	sai_verdicts_add(&w->verdicts, rr);
	if (sai_rollup_add(w->rollup, rr, NULL) < 0)
		return rollup_failed(w, ctx);
	return 0;
}

static int json_record(void *state, const sai_report_context *ctx,
		       const sa_record_result *rr)
{
	jw *w = state;

	if (count_record(w, ctx, rr) < 0)
		return -1;
	write_record(w, rr);
	return jw_status(w);
}

/* ---- records made by the workers ----------------------------------------
 *
 * A national report is ~17 KB a record, and its writer, one at a time in
 * record order, was what sixteen workers waited for.  A worker renders
 * the rest of a record (write_record_rest) with a writer of its own, set
 * where the report's writer stands after the record's head; the report's
 * writer then writes the head and copies the rest. */

/* The depth of a record's members: the report object, "records", the
 * record. */
#define RECORD_DEPTH 3

static void *json_render_new(const sai_report_context *ctx)
{
	jw *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->lang = ctx->opts ? ctx->opts->lang : NULL;
	return w;
}

static int json_render(void *rstate, const sa_record_result *rr,
		       char **text, size_t *len)
{
	jw *w = rstate;
	int d;

	sai_strbuf_reset(&w->buf);
	w->failed = 0;
	for (d = 0; d < RECORD_DEPTH; d++)
		w->lv[d].first = 0, w->lv[d].lines = 1;
	w->depth = RECORD_DEPTH;
	write_record_rest(w, rr);
	if (w->failed || w->buf.failed || w->depth != RECORD_DEPTH - 1 ||
	    !(*text = sai_strndup(w->buf.buf, w->buf.len)))
		return -1;
	*len = w->buf.len;
	return 0;
}

/* A writer's text: its buffer and its quiet findings. */
static void release_text(jw *w)
{
	size_t i;

	sai_strbuf_release(&w->buf);
	for (i = 0; i < QUIET_SLOTS; i++)
		free(w->quiet[i].text);
}

static void json_render_free(void *rstate)
{
	if (rstate)
		release_text(rstate);
	free(rstate);
}

static int json_record_rendered(void *state, const sai_report_context *ctx,
				const sa_record_result *rr, const char *text,
				size_t len)
{
	jw *w = state;

	if (count_record(w, ctx, rr) < 0)
		return -1;
	write_record_head(w, rr);
	/* The rest closed the record: the writer stands after it. */
	w->depth--;
	if (jw_status(w) < 0)
		return -1;
	if (fwrite(text, 1, len, w->out) != len) {
		w->failed = 1;
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

static int json_end(void *state, const sai_report_context *ctx,
		    const sa_summary *sum, const sa_rule_summary *rules,
		    size_t rule_count)
{
	jw *w = state;

	w->out = ctx->out;
	w->lang = ctx->opts ? ctx->opts->lang : NULL;
	jw_close(w, "]");       /* records */
	write_inputs(w, ctx);
	write_summary(w, sum, ctx->opts);
	write_rule_summary(w, rules, rule_count);
	if (sai_rollup_finish(w->rollup) < 0 || write_ranks(w) < 0)
		return rollup_failed(w, ctx);
	write_rollups(w);
	if (ctx->baseline) {
		/* check --baseline: the comparison as diff -f json has it. */
		jw_key(w, "baseline");
		jw_raw(w, "{");
		sai_yoy_json_members(ctx->baseline, w->lang && !strcmp(w->lang,
				     "en") ? "this run" : "本次检查", 2,
				     &w->buf);
		jw_raw(w, "\n  }");
	}
	jw_close(w, "}");
	jw_raw(w, "\n");
	if (w->depth != 0)
		w->failed = 1;
	return jw_status(w);
}

static void json_free(void *state)
{
	jw *w = state;

	if (w) {
		release_text(w);
		sai_rollup_free(w->rollup);
	}
	free(w);
}

const sai_report_writer sai_report_json = {
	"json",
	"for machines, diff and --baseline: the documented JSON schema",
	json_begin,
	json_record,
	json_end,
	json_free,
	0,
	json_render_new,
	json_render,
	json_render_free,
	json_record_rendered,
};
