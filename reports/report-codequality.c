/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-codequality.c - GitLab Code Quality (a subset of Code Climate's
 * issue format), which GitLab shows in merge requests: a JSON array with
 * one object per failed or errored finding,
 *
 *   {"description": "record: message", "check_name": "RULE-ID",
 *    "fingerprint": "<sha-256>", "severity": "major",
 *    "location": {"path": "dossiers/a.yaml", "lines": {"begin": 3}}}
 *
 * Severities map one to one (info, minor, major, critical); a rule that
 * could not be evaluated is "major".  Waived findings are left out.  The
 * fingerprint is the one SARIF uses (rule, record, node path), so an
 * issue keeps its identity when lines move.  Paths inside the current
 * folder are made relative (GitLab wants them relative to the
 * repository).  GitLab wants a path on every issue: one without a file
 * of its own (a collection finding) names its rule's pack file when that
 * is local, else "(collection)"; standard input is "(standard input)",
 * no file of the repository (line numbers kept).
 * Issues are streamed, one line each.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "util-internal.h"

typedef struct cq_state {
	const char *lang;
	size_t n;
	sai_strbuf line;
	sai_strbuf msg;
} cq_state;

static const char *cq_severity(const sa_finding *f)
{
	if (f->status == SA_FINDING_ERROR)
		return "major";
	switch (f->severity) {
	case SA_SEVERITY_CRITICAL:
		return "critical";
	case SA_SEVERITY_MAJOR:
		return "major";
	case SA_SEVERITY_MINOR:
		return "minor";
	default:
		return "info";
	}
}

static void issue(cq_state *st, const sa_record_result *rr,
		  const sa_finding *f, char hex[65])
{
	sai_strbuf *sb = &st->line;
	unsigned long line;
	const char *path = sai_report_ci_path(rr, f, &line);

	sai_strbuf_adds(sb, st->n++ ? ",\n  {" : "\n  {");
	sai_strbuf_adds(sb, "\"description\": ");
	sai_strbuf_reset(&st->msg);
	if (rr->record_id)
		sai_strbuf_addf(&st->msg, "%s: ", rr->record_id);
	sai_strbuf_adds(&st->msg, sai_report_message(f, st->lang));
	sai_json_add_string(sb, sai_strbuf_str(&st->msg));
	sai_strbuf_adds(sb, ", \"check_name\": ");
	sai_json_add_string(sb, f->rule && f->rule->id ? f->rule->id
						       : "stationaudit");
	sai_strbuf_addf(sb, ", \"fingerprint\": \"%s\", \"severity\": \"%s\"",
			hex, cq_severity(f));
	sai_strbuf_adds(sb, ", \"location\": {\"path\": ");
	sai_json_add_string(sb, path);
	sai_strbuf_addf(sb, ", \"lines\": {\"begin\": %lu}}}", line);
}

static int cq_begin(void **state, const sai_report_context *ctx)
{
	cq_state *st = calloc(1, sizeof(*st));

	*state = st;
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	st->lang = sai_report_lang(ctx);
	sai_strbuf_init(&st->line);
	sai_strbuf_init(&st->msg);
	if (fputc('[', ctx->out) == EOF)
		return -1;
	return 0;
}

static int cq_record(void *state, const sai_report_context *ctx,
		     const sa_record_result *rr)
{
	cq_state *st = state;
	char hex[65];
	size_t i;

	sai_strbuf_reset(&st->line);
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != SA_FINDING_FAIL &&
		    f->status != SA_FINDING_ERROR)
			continue;
		if (sai_report_fingerprint(rr, f, hex) < 0) {
			errno = ENOMEM;
			return -1;
		}
		issue(st, rr, f, hex);
	}
	return sai_report_flush(&st->line, &st->msg, ctx->out);
}

static int cq_end(void *state, const sai_report_context *ctx,
		  const sa_summary *sum, const sa_rule_summary *rules,
		  size_t rule_count)
{
	cq_state *st = state;

	(void)sum;
	(void)rules;
	(void)rule_count;
	if (fputs(st->n ? "\n]\n" : "]\n", ctx->out) == EOF)
		return -1;
	return ferror(ctx->out) ? -1 : 0;
}

static void cq_free(void *state)
{
	cq_state *st = state;

	if (!st)
		return;
	sai_strbuf_release(&st->line);
	sai_strbuf_release(&st->msg);
	free(st);
}

const sai_report_writer sai_report_codequality = {
	"codequality",
	"for GitLab merge requests: a Code Quality report (JSON)",
	cq_begin,
	cq_record,
	cq_end,
	cq_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
