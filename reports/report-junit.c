/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-junit.c - JUnit XML for CI servers (Jenkins, GitLab): one
 * <testsuite> with the run's provenance and a <testcase> per record,
 * whose problems are listed inside one <failure> (failed rules) and one
 * <error> (rules that could not be evaluated, a dossier that could not
 * be read).  A passing rule is not a test case: 20,000 dossiers make
 * 20,000 test cases, not a million.
 *
 * With --junit-per-rule, the earlier layout: a <testsuite> per record, a
 * <testcase> per finding (one per rule on a record), <failure> for a
 * failed rule, <error> for one that could not be evaluated, <skipped> for
 * not applicable and waived.  Both are the Jenkins/Ant junit-4 schema
 * (tests/schemas/junit.xsd).
 *
 * The <testsuites> totals come first in the file but are known only at
 * the end, so each record's suite is written to a spool file as it comes
 * and copied under the root at the end.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "report-internal.h"
#include "util-internal.h"

typedef struct junit_state {
	sai_xw frag;            /* the suites, as fragments */
	FILE *spool;
	const char *lang;
	size_t tests, failures, errors;
	int per_rule;           /* --junit-per-rule */
	size_t input;           /* where the last record's file was found */
	sai_strbuf sb;
	xmlHashTablePtr seen;   /* per rule: a record's test case names */
} junit_state;

/* ---- provenance ---------------------------------------------------------- */

static void property(sai_xw *x, const char *name, const char *value)
{
	if (!value || !value[0])
		return;
	sai_xw_start(x, "property");
	sai_xw_attr(x, "name", name);
	sai_xw_attr(x, "value", value);
	sai_xw_end(x);
}

/* What the run used: tool, date, standards with digests, parameters. */
static void run_properties(junit_state *st, sai_xw *x,
			   const sai_report_context *ctx)
{
	const sa_pack *pack = ctx->pack;
	size_t i, n;

	property(x, "tool.version", ctx->tool_version);
	property(x, "audit.date",
		 pack ? sa_pack_audit_date(pack) : NULL);
	property(x, "lang", st->lang);
	n = pack ? sa_pack_standard_count(pack) : 0;
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(pack, i);

		sai_strbuf_reset(&st->sb);
		sai_strbuf_addf(&st->sb, "standard.%s.sha256", s->id);
		property(x, sai_strbuf_str(&st->sb), s->sha256);
	}
	n = pack ? sa_pack_param_count(pack) : 0;
	for (i = 0; i < n; i++) {
		const sa_param_info *p = sa_pack_param(pack, i);

		sai_strbuf_reset(&st->sb);
		sai_strbuf_addf(&st->sb, "param.%s", p->name);
		property(x, sai_strbuf_str(&st->sb), p->value);
	}
}

static void record_properties(junit_state *st, const sai_report_context *ctx,
			      const sa_record_result *rr)
{
	char num[64];

	sai_xw_start(&st->frag, "properties");
	property(&st->frag, "record.id", rr->record_id);
	property(&st->frag, "record.name", rr->name);
	property(&st->frag, "record.region", rr->region);
	property(&st->frag, "record.file", rr->file);
	property(&st->frag, "dossier.sha256",
		 sai_report_input_sha256(ctx, rr->file, &st->input));
	if (rr->score >= 0) {
		sai_format_number(rr->score, num, sizeof(num));
		property(&st->frag, "score", num);
		sai_format_number(sai_report_score_unwaived(rr), num,
				  sizeof(num));
		property(&st->frag, "score.unwaived", num);
	}
	property(&st->frag, "grade", rr->grade);
	property(&st->frag, "vetoed", rr->vetoed ? "true" : NULL);
	run_properties(st, &st->frag, ctx);
	sai_xw_end(&st->frag);
}

/* ---- testcases ----------------------------------------------------------- */

/* The body of a failure or error: where, what was found, how to fix. */
static const char *problem_text(junit_state *st, const sa_record_result *rr,
				const sa_finding *f)
{
	const char *lang = st->lang;

	sai_strbuf_reset(&st->sb);
	sai_strbuf_adds(&st->sb, f->file ? f->file : rr->file ? rr->file : "-");
	if (f->line)
		sai_strbuf_addf(&st->sb, ":%lu", f->line);
	if (f->line && f->column)
		sai_strbuf_addf(&st->sb, ":%lu", f->column);
	if (f->path)
		sai_strbuf_addf(&st->sb, " %s", f->path);
	sai_strbuf_addf(&st->sb, "\n%s", sai_report_message(f, lang));
	if (f->actual)
		sai_strbuf_addf(&st->sb, "\n%s: %s",
				sai_report_word("actual", lang), f->actual);
	if (f->expected)
		sai_strbuf_addf(&st->sb, "\n%s: %s",
				sai_report_word("expected", lang), f->expected);
	if (f->rule && f->rule->fix)
		sai_strbuf_addf(&st->sb, "\n%s: %s",
				sai_report_word("fix", lang), f->rule->fix);
	return sai_strbuf_str(&st->sb);
}

/* "已豁免：reason (approver, until expires)". */
static const char *waiver_text(junit_state *st, const sa_finding *f)
{
	const sa_waiver_info *w = f->waiver;

	sai_strbuf_reset(&st->sb);
	sai_strbuf_adds(&st->sb, sai_report_word("waived", st->lang));
	if (w && w->reason)
		sai_strbuf_addf(&st->sb, ": %s", w->reason);
	if (w && (w->approver || w->expires))
		sai_strbuf_addf(&st->sb, " (%s%s%s %s)",
				w->approver ? w->approver : "",
				w->approver ? ", " : "",
				sai_report_word("until", st->lang),
				w->expires ? w->expires : "-");
	return sai_strbuf_str(&st->sb);
}

static void outcome(junit_state *st, const sa_record_result *rr,
		    const sa_finding *f)
{
	sai_xw *x = &st->frag;

	switch (f->status) {
	case SA_FINDING_FAIL:
	case SA_FINDING_ERROR:
		sai_xw_start(x, f->status == SA_FINDING_FAIL ? "failure"
							      : "error");
		sai_xw_attr(x, "message", sai_report_message(f, st->lang));
		sai_xw_attr(x, "type", f->status == SA_FINDING_FAIL
				       ? sa_severity_name(f->severity) : "error");
		sai_xw_text(x, problem_text(st, rr, f));
		sai_xw_end(x);
		break;
	case SA_FINDING_NOT_APPLICABLE:
	case SA_FINDING_WAIVED:
		sai_xw_start(x, "skipped");
		sai_xw_attr(x, "message", f->status == SA_FINDING_WAIVED
			    ? waiver_text(st, f)
			    : sai_report_word("not applicable", st->lang));
		sai_xw_end(x);
		break;
	default:
		break;
	}
}

/* The record's file as a test case shows it ("-" is standard input). */
static const char *shown_file(const junit_state *st, const char *file)
{
	if (!file)
		return "-";
	return sai_report_is_stdin(file) ?
	       sai_report_word("standard input", st->lang) : file;
}

/* GitLab keeps one test case of a suite per class and name: a rule that
 * fails on several nodes of a record names the node (and, a node seen
 * twice, its ordinal), so that none is dropped.  1 when name was new. */
static int unique_name(junit_state *st, const sa_finding *f)
{
	size_t n = st->sb.len, k;

	if (!st->seen)
		return 0;
	if (xmlHashLookup(st->seen, (const xmlChar *)sai_strbuf_str(&st->sb))) {
		if (f->path && f->path[0])
			sai_strbuf_addf(&st->sb, " [%s]", f->path);
		for (k = 2; !st->sb.failed && xmlHashLookup(st->seen, (const xmlChar *)
					  sai_strbuf_str(&st->sb)); k++) {
			if (!st->sb.failed) {
				st->sb.len = n;
				st->sb.buf[n] = '\0';
			}
			sai_strbuf_addf(&st->sb, " [%s#%zu]",
					f->path ? f->path : "", k);
		}
	}
	return xmlHashAddEntry(st->seen, (const xmlChar *)
			       sai_strbuf_str(&st->sb), st) == 0;
}

static void testcase(junit_state *st, const sa_record_result *rr,
		     const sa_finding *f)
{
	const sa_rule_info *r = f->rule;

	sai_strbuf_reset(&st->sb);
	sai_strbuf_addf(&st->sb, "%s %s", r && r->id ? r->id : "-",
			sai_report_rule_title(r, st->lang));
	unique_name(st, f);
	sai_xw_start(&st->frag, "testcase");
	sai_xw_attr(&st->frag, "name", sai_strbuf_str(&st->sb));
	sai_xw_attr(&st->frag, "classname",
		    r && r->standard ? r->standard : "stationaudit");
	sai_xw_attr(&st->frag, "time", "0");
	outcome(st, rr, f);
	sai_xw_end(&st->frag);
}

/* ---- the writer ---------------------------------------------------------- */

/* A writer's state without its spool: the report's (junit_begin) or a
 * worker's (junit_render_new). */
static junit_state *new_state(const sai_report_context *ctx)
{
	junit_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	sai_strbuf_init(&st->sb);
	st->lang = sai_report_lang(ctx);
	st->per_rule = ctx->opts && ctx->opts->junit_per_rule;
	if (sai_xw_open_fragment(&st->frag, st->per_rule ? 1 : 2) < 0)
		st->frag.failed = 1;
	return st;
}

static int junit_begin(void **state, const sai_report_context *ctx)
{
	junit_state *st = new_state(ctx);

	*state = st;
	if (!st || st->frag.failed) {
		errno = ENOMEM;
		return -1;
	}
	return (st->spool = tmpfile()) ? 0 : -1;
}

/* A record's name: its id and file; a record without an id, or not
 * assessed (the copy of a station given twice), or a collection's
 * (coverage, a waivers ledger) is told by its file and line too, so that
 * two records never share a name (GitLab keeps one of them).  It depends
 * on the record alone: the workers make it. */
static void suite_name(junit_state *st, const sa_record_result *rr)
{
	const char *file = shown_file(st, rr->file);

	sai_strbuf_reset(&st->sb);
	if (rr->collection && (!rr->file || rr->file[0] == '('))
		sai_strbuf_adds(&st->sb, "(collection)");
	else if (rr->collection)
		sai_strbuf_addf(&st->sb, "%s (%s)", rr->record_id &&
				rr->record_id[0] == '(' ? rr->record_id :
				"(collection)", file);
	else if (rr->record_id)
		sai_strbuf_addf(&st->sb, "%s (%s", rr->record_id, file);
	else
		sai_strbuf_adds(&st->sb, file);
	if ((!rr->record_id || rr->not_assessed) && rr->line)
		sai_strbuf_addf(&st->sb, ":%lu", rr->line);
	if (rr->record_id && !rr->collection)
		sai_strbuf_addc(&st->sb, ')');
}

/* The problems of one status, listed in one element: "failure" with
 * the most severe failure's severity as its type, or "error". */
static void problems(junit_state *st, const sa_record_result *rr,
		     sa_finding_status status)
{
	sai_xw *x = &st->frag;
	sai_strbuf list;
	int worst = -1;
	size_t i, n = 0;

	if (!rr->counts[status])
		return;
	sai_strbuf_init(&list);
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != status)
			continue;
		if ((int)f->severity > worst)
			worst = (int)f->severity;
		sai_strbuf_addf(&list, "%s%s %s", n++ ? "\n\n" : "",
				f->rule && f->rule->id ? f->rule->id : "-",
				problem_text(st, rr, f));
	}
	sai_strbuf_reset(&st->sb);
	sai_strbuf_addf(&st->sb, "%zu %s", n, sai_report_word(
			status == SA_FINDING_FAIL ? "fail" : "error", st->lang));
	sai_xw_start(x, status == SA_FINDING_FAIL ? "failure" : "error");
	sai_xw_attr(x, "message", sai_strbuf_str(&st->sb));
	sai_xw_attr(x, "type", status == SA_FINDING_FAIL
		    ? sa_severity_name((sa_severity)worst) : "error");
	sai_xw_text(x, sai_strbuf_str(&list));
	sai_xw_end(x);
	if (list.failed)
		st->frag.failed = 1;
	sai_strbuf_release(&list);
}

/* The default: a test case per record, its problems inside.  It
 * depends on the record alone, so a worker can make it (junit_render). */
static void write_testcase(junit_state *st, const sa_record_result *rr)
{
	suite_name(st, rr);
	sai_xw_start(&st->frag, "testcase");
	sai_xw_attr(&st->frag, "name", sai_strbuf_str(&st->sb));
	/* CI servers group test cases by class: by dossier file. */
	sai_xw_attr(&st->frag, "classname", shown_file(st, rr->file));
	sai_xw_attr(&st->frag, "time", "0");
	problems(st, rr, SA_FINDING_ERROR);
	problems(st, rr, SA_FINDING_FAIL);
	sai_xw_end(&st->frag);
}

/* The totals of the default layout's suite, for one more record. */
static int count_testcase(junit_state *st, const sa_record_result *rr)
{
	st->tests++;
	st->failures += rr->counts[SA_FINDING_FAIL] != 0;
	st->errors += rr->counts[SA_FINDING_ERROR] != 0;
	if (st->frag.failed || st->sb.failed) {
		errno = errno ? errno : ENOMEM;
		return -1;
	}
	return 0;
}

static int record_testcase(junit_state *st, const sa_record_result *rr)
{
	write_testcase(st, rr);
	sai_xw_spool(&st->frag, st->spool);
	return count_testcase(st, rr);
}

static int junit_record(void *state, const sai_report_context *ctx,
			const sa_record_result *rr)
{
	junit_state *st = state;
	const char *date = ctx->pack ? sa_pack_audit_date(ctx->pack) : NULL;
	size_t i;

	if (!st->per_rule)
		return record_testcase(st, rr);
	suite_name(st, rr);
	sai_xw_start(&st->frag, "testsuite");
	sai_xw_attr(&st->frag, "name", sai_strbuf_str(&st->sb));
	sai_xw_attr_size(&st->frag, "tests", rr->finding_count);
	sai_xw_attr_size(&st->frag, "failures", rr->counts[SA_FINDING_FAIL]);
	sai_xw_attr_size(&st->frag, "errors", rr->counts[SA_FINDING_ERROR]);
	sai_xw_attr_size(&st->frag, "skipped",
			 rr->counts[SA_FINDING_NOT_APPLICABLE] +
			 rr->counts[SA_FINDING_WAIVED]);
	sai_xw_attr(&st->frag, "time", "0");
	sai_xw_attr_size(&st->frag, "id", rr->seq);
	if (date) {
		sai_strbuf_reset(&st->sb);
		sai_strbuf_addf(&st->sb, "%sT00:00:00", date);
		sai_xw_attr(&st->frag, "timestamp", sai_strbuf_str(&st->sb));
	}
	record_properties(st, ctx, rr);
	if (!st->seen && !(st->seen = xmlHashCreate(64)))
		st->frag.failed = 1;
	for (i = 0; i < rr->finding_count; i++)
		testcase(st, rr, &rr->findings[i]);
	xmlHashFree(st->seen, NULL);
	st->seen = NULL;
	sai_xw_end(&st->frag);
	sai_xw_spool(&st->frag, st->spool);
	st->tests += rr->finding_count;
	st->failures += rr->counts[SA_FINDING_FAIL];
	st->errors += rr->counts[SA_FINDING_ERROR];
	if (st->frag.failed || st->sb.failed) {
		errno = errno ? errno : ENOMEM;
		return -1;
	}
	return 0;
}

/* The default layout's one suite: totals, provenance, the records. */
static void one_suite(junit_state *st, sai_xw *doc,
		      const sai_report_context *ctx)
{
	const char *date = ctx->pack ? sa_pack_audit_date(ctx->pack) : NULL;

	sai_xw_start(doc, "testsuite");
	sai_xw_attr(doc, "name", "stationaudit");
	sai_xw_attr_size(doc, "tests", st->tests);
	sai_xw_attr_size(doc, "failures", st->failures);
	sai_xw_attr_size(doc, "errors", st->errors);
	sai_xw_attr(doc, "time", "0");
	sai_xw_attr(doc, "id", "0");
	if (date) {
		sai_strbuf_reset(&st->sb);
		sai_strbuf_addf(&st->sb, "%sT00:00:00", date);
		sai_xw_attr(doc, "timestamp", sai_strbuf_str(&st->sb));
	}
	sai_xw_start(doc, "properties");
	run_properties(st, doc, ctx);
	sai_xw_end(doc);
	sai_xw_copy_spool(doc, st->spool, 0);
	sai_xw_end(doc);
}

static int junit_end(void *state, const sai_report_context *ctx,
		     const sa_summary *sum, const sa_rule_summary *rules,
		     size_t rule_count)
{
	junit_state *st = state;
	sai_xw doc;
	int rc;

	(void)sum;
	(void)rules;
	(void)rule_count;
	if (sai_xw_open_document(&doc, ctx->out) < 0)
		return -1;
	sai_xw_start(&doc, "testsuites");
	sai_xw_attr(&doc, "name", "stationaudit");
	sai_xw_attr_size(&doc, "tests", st->tests);
	sai_xw_attr_size(&doc, "failures", st->failures);
	sai_xw_attr_size(&doc, "errors", st->errors);
	sai_xw_attr(&doc, "time", "0");
	if (st->per_rule) {
		sai_xw_copy_spool(&doc, st->spool, 1);
	} else {
		one_suite(st, &doc, ctx);
	}
	sai_xw_end(&doc);
	rc = sai_xw_finish(&doc);
	sai_xw_free(&doc);
	return rc;
}

static void junit_free(void *state)
{
	junit_state *st = state;

	if (!st)
		return;
	sai_xw_free(&st->frag);
	if (st->spool)
		fclose(st->spool);
	sai_strbuf_release(&st->sb);
	xmlHashFree(st->seen, NULL);
	free(st);
}

/* ---- test cases made by the workers ---------------------------------------
 *
 * The default layout's test case depends on the record alone: with more
 * than one job a worker makes it with a fragment writer of its own, and
 * the report's writer only spools the text and counts (a record's list
 * of problems is most of the report's work).  The per-rule layout's
 * suites carry the record's sequence and input digest, which the writer
 * knows: it makes them itself. */
static void *junit_render_new(const sai_report_context *ctx)
{
	junit_state *st = new_state(ctx);

	if (st && st->frag.failed) {
		junit_free(st);
		return NULL;
	}
	return st;
}

static int junit_render(void *rstate, const sa_record_result *rr,
			char **text, size_t *len)
{
	junit_state *st = rstate;

	if (st->per_rule)
		return -1;
	write_testcase(st, rr);
	if (st->sb.failed)
		return -1;
	return sai_xw_take(&st->frag, text, len);
}

static int junit_record_rendered(void *state, const sai_report_context *ctx,
				 const sa_record_result *rr, const char *text,
				 size_t len)
{
	junit_state *st = state;

	(void)ctx;
	if (len && fwrite(text, 1, len, st->spool) != len)
		st->frag.failed = 1;
	return count_testcase(st, rr);
}

const sai_report_writer sai_report_junit = {
	"junit",
	"for CI servers: a testcase per record, its failures inside",
	junit_begin,
	junit_record,
	junit_end,
	junit_free,
	1,
	junit_render_new,
	junit_render,
	junit_free,
	junit_record_rendered,
};
