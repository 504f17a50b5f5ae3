/*
 * report-github.c - GitHub Actions workflow commands: one annotation a
 * problem, which GitHub shows on the dossier's line in a pull request,
 *
 *   ::error file=F,line=L,col=C,title=RULE-ID::message
 *
 * (error for critical and major failures and for rules that could not be
 * evaluated, warning for minor, notice for info), then one plain summary
 * line.  Waived findings are not problems and get no annotation.
 *
 * Escaping is GitHub's: in the message % CR LF become %25 %0D %0A; in a
 * property value also : and , (%3A %2C), so that dossier text can
 * neither end the command nor start another one.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "util-internal.h"

typedef struct gh_state {
	const char *lang;
	sai_strbuf clean;
	sai_strbuf line;
} gh_state;

/* Appends s escaped for a workflow command: data escaping, plus ':' and
 * ',' when property is set. */
static void add_escaped(gh_state *st, const char *s, int property)
{
	const char *p;

	sai_strbuf_reset(&st->clean);
	sai_report_add_clean(&st->clean, s);
	for (p = sai_strbuf_str(&st->clean); *p; p++) {
		switch (*p) {
		case '%': sai_strbuf_adds(&st->line, "%25"); break;
		case '\r': sai_strbuf_adds(&st->line, "%0D"); break;
		case '\n': sai_strbuf_adds(&st->line, "%0A"); break;
		case ':':
			sai_strbuf_adds(&st->line, property ? "%3A" : ":");
			break;
		case ',':
			sai_strbuf_adds(&st->line, property ? "%2C" : ",");
			break;
		default:
			sai_strbuf_addc(&st->line, *p);
		}
	}
}

static const char *command(const sa_finding *f)
{
	const char *level = sai_report_level(f->severity);

	if (f->status == SA_FINDING_ERROR)
		return "error";
	return strcmp(level, "note") ? level : "notice";
}

/* "::error file=F,line=L,col=C,title=RULE-ID::[record] message". */
static void annotation(gh_state *st, const sa_record_result *rr,
		       const sa_finding *f)
{
	const char *file = f->file ? f->file : rr->file;

	sai_strbuf_addf(&st->line, "::%s ", command(f));
	if (file && file[0] && file[0] != '(') {
		sai_strbuf_adds(&st->line, "file=");
		add_escaped(st, file, 1);
		if (f->line)
			sai_strbuf_addf(&st->line, ",line=%lu", f->line);
		if (f->line && f->column)
			sai_strbuf_addf(&st->line, ",col=%lu", f->column);
		sai_strbuf_addc(&st->line, ',');
	}
	sai_strbuf_adds(&st->line, "title=");
	add_escaped(st, f->rule && f->rule->id ? f->rule->id : "stationaudit",
		    1);
	sai_strbuf_adds(&st->line, "::");
	if (rr->record_id) {
		add_escaped(st, rr->record_id, 0);
		sai_strbuf_adds(&st->line, ": ");
	}
	add_escaped(st, sai_report_message(f, st->lang), 0);
	sai_strbuf_addc(&st->line, '\n');
}

static int gh_begin(void **state, const sai_report_context *ctx)
{
	gh_state *st = calloc(1, sizeof(*st));

	*state = st;
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	st->lang = sai_report_lang(ctx);
	sai_strbuf_init(&st->clean);
	sai_strbuf_init(&st->line);
	return 0;
}

static int gh_record(void *state, const sai_report_context *ctx,
		     const sa_record_result *rr)
{
	gh_state *st = state;
	size_t i;

	sai_strbuf_reset(&st->line);
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status == SA_FINDING_FAIL ||
		    f->status == SA_FINDING_ERROR)
			annotation(st, rr, f);
	}
	return sai_report_flush(&st->line, &st->clean, ctx->out);
}

/* One plain line (not a command): what the run found. */
static int gh_end(void *state, const sai_report_context *ctx,
		  const sa_summary *sum, const sa_rule_summary *rules,
		  size_t rule_count)
{
	static const sa_summary empty;
	gh_state *st = state;
	int en = !strcmp(st->lang, "en");

	(void)rules;
	(void)rule_count;
	if (!sum)
		sum = &empty;
	sai_strbuf_reset(&st->line);
	sai_strbuf_addf(&st->line, en
		? "stationaudit: %zu records, %zu failing, %zu unreadable; "
		  "%zu failures (critical %zu, major %zu, minor %zu, info %zu),"
		  " %zu errors, %zu waived\n"
		: "stationaudit: 记录 %zu，不合格 %zu，无法读取 %zu；"
		  "不通过 %zu (严重 %zu，重要 %zu，一般 %zu，提示 %zu)，"
		  "错误 %zu，已豁免 %zu\n",
		sum->records, sum->records_failing, sum->unreadable,
		sum->findings[SA_FINDING_FAIL],
		sum->fail_by_severity[SA_SEVERITY_CRITICAL],
		sum->fail_by_severity[SA_SEVERITY_MAJOR],
		sum->fail_by_severity[SA_SEVERITY_MINOR],
		sum->fail_by_severity[SA_SEVERITY_INFO],
		sum->findings[SA_FINDING_ERROR],
		sum->findings[SA_FINDING_WAIVED]);
	/* Provenance in a collapsed group of the job's log. */
	sai_strbuf_adds(&st->line, en ? "::group::stationaudit provenance\n"
			: "::group::stationaudit 审核依据\n");
	sai_report_provenance_text(ctx, "", &st->line);
	sai_strbuf_adds(&st->line, "::endgroup::\n");
	if (sai_report_flush(&st->line, &st->clean, ctx->out) < 0)
		return -1;
	return ferror(ctx->out) ? -1 : 0;
}

static void gh_free(void *state)
{
	gh_state *st = state;

	if (!st)
		return;
	sai_strbuf_release(&st->clean);
	sai_strbuf_release(&st->line);
	free(st);
}

const sai_report_writer sai_report_github = {
	"github",
	"for GitHub Actions: ::error file=...,line=...:: annotations",
	gh_begin,
	gh_record,
	gh_end,
	gh_free,
	0,
};
