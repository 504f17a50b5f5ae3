/* SPDX-License-Identifier: Apache-2.0 */
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
 * Actions shows only a handful of annotations a step, so at most
 * --github-max (default 50) are written, the most severe first and in
 * input order within a severity: annotations go to a spool file per
 * severity as they come (one line each, with the rule, severity, place
 * and message in front) and are copied out at the end.  The rest are
 * summarised in Markdown (counts per rule and severity, then the first
 * rows) appended to the file $GITHUB_STEP_SUMMARY names, when it is set.
 *
 * Escaping is GitHub's: in the message % CR LF become %25 %0D %0A; in a
 * property value also : and , (%3A %2C), so that dossier text can
 * neither end the command nor start another one; and "##[" (the legacy
 * form, acted on anywhere in a line) gets a U+200B before its '['.  The
 * title and message are first shown as the text report shows them
 * (sai_report_add_shown) and cut to GitHub's limits.  The step
 * summary's cells are inert Markdown, as the markdown report's.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "util-internal.h"

/* Spool fields, before the annotation; cleaned text holds no control. */
#define SEP '\x1f'
#define SUMMARY_ROWS 20
/* GitHub's limits on a check run annotation (REST API, "Create a check
 * run": message at most 64 KB, title at most 255 characters): longer
 * text is cut on a character boundary and ends with an ellipsis; the
 * other reports keep all of it. */
#define MESSAGE_MAX_BYTES 65535
#define TITLE_MAX_CHARS 255

/* Left out, per rule and severity. */
typedef struct gh_count {
	char *rule;
	int severity;
	size_t n;
} gh_count;

typedef struct gh_state {
	const char *lang;
	sai_verdicts verdicts;  /* stations passed and failed */
	sai_strbuf clean;
	sai_strbuf text;        /* an annotation's title or message, shown */
	sai_strbuf line;
	FILE *spool[SA_SEVERITY_COUNT];
	size_t max, written, left_out;
	gh_count *counts;
	size_t n_counts;
	sai_strbuf rows;        /* the first left-out rows, Markdown */
	int failed;
} gh_state;

/* Appends s escaped for a workflow command: data escaping, plus ':' and
 * ',' when property is set. */
static void add_escaped(gh_state *st, const char *s, int property)
{
	const char *p;

	sai_strbuf_reset(&st->clean);
	sai_report_add_clean(&st->clean, s);
	for (p = sai_strbuf_str(&st->clean); *p; p++) {
		/* The runner acts on a legacy "##[command]" anywhere in a
		 * line: an invisible U+200B keeps the '[' from the "##". */
		if (*p == '[' && st->line.len >= 2 &&
		    !memcmp(st->line.buf + st->line.len - 2, "##", 2))
			sai_strbuf_adds(&st->line, "\xe2\x80\x8b");
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

/* Cuts st->text to max bytes (chars: characters), the ellipsis "…"
 * included, on a UTF-8 character boundary. */
static void cut_text(gh_state *st, size_t max, int chars)
{
	const unsigned char *s = (const unsigned char *)sai_strbuf_str(&st->text);
	size_t i = 0, used = 0, fits = 0, room = max - (chars ? 1 : 3);

	while (s[i]) {
		size_t n = s[i] < 0x80 ? 1 : s[i] >= 0xf0 ? 4 :
			   s[i] >= 0xe0 ? 3 : s[i] >= 0xc0 ? 2 : 1;

		while (n > 1 && !s[i + n - 1])
			n--;
		used += chars ? 1 : n;
		if (used > max)
			break;
		i += n;
		if (used <= room)
			fits = i;
	}
	if (!s[i])
		return;
	st->text.len = fits;
	st->text.buf[fits] = '\0';
	sai_strbuf_adds(&st->text, "\xe2\x80\xa6");
}

/* Appends the record's id and s (a title when title is set) to the
 * annotation, shown as the text report shows it and cut to GitHub's
 * limits. */
static void add_text(gh_state *st, const char *id, const char *s,
		     int title)
{
	sai_strbuf_reset(&st->text);
	if (id) {
		sai_report_add_shown(&st->text, id);
		sai_strbuf_adds(&st->text, ": ");
	}
	sai_report_add_shown(&st->text, s);
	cut_text(st, title ? TITLE_MAX_CHARS : MESSAGE_MAX_BYTES, title);
	add_escaped(st, st->text.failed ? "" : sai_strbuf_str(&st->text),
		    title);
}

static const char *command(const sa_finding *f)
{
	const char *level = sai_report_level(f->severity);

	if (f->status == SA_FINDING_ERROR)
		return "error";
	return strcmp(level, "note") ? level : "notice";
}

/* Appends s for a Markdown table cell: one line (SEP, a control, is
 * shown as \x1f), inert as the markdown report's cells are. */
static void add_cell(gh_state *st, const char *s)
{
	sai_strbuf_reset(&st->clean);
	sai_report_add_visible(&st->clean, s);
	sai_report_add_md_inert(&st->line, sai_strbuf_str(&st->clean));
}

/* "RULE<SEP>severity<SEP>| sev | rule | place | message |<SEP>" */
static void spool_fields(gh_state *st, const sa_record_result *rr,
			 const sa_finding *f, const char *file)
{
	const char *rule = f->rule && f->rule->id ? f->rule->id
						  : "stationaudit";

	add_cell(st, rule);
	sai_strbuf_addf(&st->line, "%c%d%c| ", SEP, (int)f->severity, SEP);
	sai_strbuf_adds(&st->line, f->status == SA_FINDING_ERROR ? "error"
			: sai_report_word(sa_severity_name(f->severity),
					  st->lang));
	sai_strbuf_adds(&st->line, " | ");
	add_cell(st, rule);
	sai_strbuf_adds(&st->line, " | ");
	add_cell(st, file && file[0] != '(' ? file : "-");
	if (file && file[0] != '(' && f->line)
		sai_strbuf_addf(&st->line, ":%lu", f->line);
	sai_strbuf_adds(&st->line, " | ");
	if (rr->record_id) {
		add_cell(st, rr->record_id);
		sai_strbuf_adds(&st->line, ": ");
	}
	add_cell(st, sai_report_message(f, st->lang));
	sai_strbuf_addf(&st->line, " |%c", SEP);
}

/* "::error file=F,line=L,col=C,title=RULE-ID::[record] message". */
static void annotation(gh_state *st, const sa_record_result *rr,
		       const sa_finding *f)
{
	const char *file = f->file ? f->file : rr->file;

	spool_fields(st, rr, f, file);
	sai_strbuf_addf(&st->line, "::%s ", command(f));
	/* Standard input is no file of the repository ("-" would name one
	 * at its root): annotated without a file, as a collection is. */
	if (file && file[0] && file[0] != '(' && !sai_report_is_stdin(file)) {
		sai_strbuf_adds(&st->line, "file=");
		add_escaped(st, file, 1);
		if (f->line)
			sai_strbuf_addf(&st->line, ",line=%lu", f->line);
		if (f->line && f->column)
			sai_strbuf_addf(&st->line, ",col=%lu", f->column);
		sai_strbuf_addc(&st->line, ',');
	}
	sai_strbuf_adds(&st->line, "title=");
	add_text(st, NULL, f->rule && f->rule->id ? f->rule->id
					       : "stationaudit", 1);
	sai_strbuf_adds(&st->line, "::");
	add_text(st, rr->record_id, sai_report_message(f, st->lang), 0);
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
	st->max = ctx->opts && ctx->opts->github_max ? ctx->opts->github_max
						     : SA_GITHUB_MAX;
	sai_strbuf_init(&st->clean);
	sai_strbuf_init(&st->text);
	sai_strbuf_init(&st->line);
	sai_strbuf_init(&st->rows);
	return 0;
}

static int gh_record(void *state, const sai_report_context *ctx,
		     const sa_record_result *rr)
{
	gh_state *st = state;
	size_t i, k;

	(void)ctx;
	sai_verdicts_add(&st->verdicts, rr);
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != SA_FINDING_FAIL &&
		    f->status != SA_FINDING_ERROR)
			continue;
		k = (unsigned)f->severity < SA_SEVERITY_COUNT
		    ? SA_SEVERITY_CRITICAL - f->severity : SA_SEVERITY_COUNT - 1;
		if (!st->spool[k] && !(st->spool[k] = tmpfile()))
			return -1;
		sai_strbuf_reset(&st->line);
		annotation(st, rr, f);
		if (sai_report_flush(&st->line, &st->clean, st->spool[k]) < 0)
			return -1;
	}
	return 0;
}

/* Counts a left-out annotation under its rule and severity. */
static int count_left_out(gh_state *st, const char *rule, int severity)
{
	gh_count *c;
	size_t i;

	st->left_out++;
	for (i = 0; i < st->n_counts; i++)
		if (st->counts[i].severity == severity &&
		    !strcmp(st->counts[i].rule, rule)) {
			st->counts[i].n++;
			return 0;
		}
	c = realloc(st->counts, (st->n_counts + 1) * sizeof(*c));
	if (!c)
		return -1;
	st->counts = c;
	c[st->n_counts].rule = sai_strdup(rule);
	c[st->n_counts].severity = severity;
	c[st->n_counts].n = 1;
	return c[st->n_counts++].rule ? 0 : -1;
}

/* One spooled line: written as an annotation while there is room, else
 * counted (and its row kept while there are fewer than SUMMARY_ROWS). */
static int spooled_line(gh_state *st, char *line, FILE *out)
{
	char *sev = strchr(line, SEP), *row, *ann;

	if (!sev || !(row = strchr(sev + 1, SEP)) ||
	    !(ann = strchr(row + 1, SEP)))
		return -1;
	*sev++ = '\0';
	*row++ = '\0';
	*ann++ = '\0';
	if (st->written < st->max) {
		st->written++;
		return fputs(ann, out) == EOF ? -1 : 0;
	}
	if (st->left_out < SUMMARY_ROWS)
		sai_strbuf_addf(&st->rows, "%s\n", row);
	return count_left_out(st, line, sev[0] - '0');
}

static int copy_spools(gh_state *st, FILE *out)
{
	sai_strbuf buf;
	int c, rc = 0;
	size_t k;

	sai_strbuf_init(&buf);
	for (k = 0; k < SA_SEVERITY_COUNT && !rc; k++) {
		if (!st->spool[k])
			continue;
		if (fseek(st->spool[k], 0, SEEK_SET))
			rc = -1;
		while (!rc && (c = getc(st->spool[k])) != EOF) {
			sai_strbuf_addc(&buf, (char)c);
			if (c != '\n')
				continue;
			rc = buf.failed ? -1 : spooled_line(st, buf.buf, out);
			sai_strbuf_reset(&buf);
		}
	}
	sai_strbuf_release(&buf);
	return rc;
}

static int cmp_count(const void *a, const void *b)
{
	const gh_count *x = a, *y = b;

	if (x->severity != y->severity)
		return y->severity - x->severity;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->rule, y->rule);
}

/* The left-out annotations, appended to $GITHUB_STEP_SUMMARY. */
static int step_summary(gh_state *st)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	int en = !strcmp(st->lang, "en");
	FILE *f;
	size_t i;
	int rc;

	if (!st->left_out || !path || !path[0])
		return 0;
	if (!(f = fopen(path, "a")))
		return -1;
	qsort(st->counts, st->n_counts, sizeof(*st->counts), cmp_count);
	fprintf(f, en ? "### stationaudit: %zu more problems\n\n"
		"Not annotated (--github-max %zu), by rule and severity:\n\n"
		"| severity | rule | count |\n| --- | --- | ---: |\n"
		: "### stationaudit：另有 %zu 个问题\n\n"
		"未标注（--github-max %zu），按规则和严重程度：\n\n"
		"| 严重程度 | 规则 | 数量 |\n| --- | --- | ---: |\n",
		st->left_out, st->max);
	for (i = 0; i < st->n_counts; i++)
		fprintf(f, "| %s | %s | %zu |\n",
			sai_report_word(sa_severity_name(st->counts[i].severity),
					st->lang),
			st->counts[i].rule, st->counts[i].n);
	fprintf(f, en ? "\nThe first %zu:\n\n| severity | rule | place | "
		"message |\n| --- | --- | --- | --- |\n%s\n"
		: "\n前 %zu 个：\n\n| 严重程度 | 规则 | 位置 | 说明 |\n"
		"| --- | --- | --- | --- |\n%s\n",
		st->left_out < SUMMARY_ROWS ? st->left_out : SUMMARY_ROWS,
		sai_strbuf_str(&st->rows));
	rc = ferror(f) ? -1 : 0;
	return fclose(f) == EOF ? -1 : rc;
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
	if (copy_spools(st, ctx->out) < 0 || st->rows.failed ||
	    step_summary(st) < 0)
		return -1;
	sai_strbuf_reset(&st->line);
	if (st->left_out)
		sai_strbuf_addf(&st->line, en
			? "stationaudit: %zu more problems not annotated "
			  "(--github-max %zu)%s\n"
			: "stationaudit: 另有 %zu 个问题未标注 "
			  "(--github-max %zu)%s\n", st->left_out, st->max,
			getenv("GITHUB_STEP_SUMMARY") ? (en ? "; see the step "
			"summary" : "；见步骤摘要") : "");
	/* Verdicts as every report counts them (sai_report_verdict): a
	 * station with one minor failure can still pass. */
	sai_strbuf_addf(&st->line, en
		? "stationaudit: %zu records, %zu passed, %zu failed, "
		  "%zu not assessed, %zu unreadable; "
		  "%zu failures (critical %zu, major %zu, minor %zu, info %zu),"
		  " %zu errors, %zu waived\n"
		: "stationaudit: 记录 %zu，合格 %zu，不合格 %zu，未评估 %zu，"
		  "无法读取 %zu；"
		  "不通过 %zu (严重 %zu，重要 %zu，一般 %zu，提示 %zu)，"
		  "错误 %zu，已豁免 %zu\n",
		sum->records, st->verdicts.pass, st->verdicts.fail,
		st->verdicts.not_assessed, sum->unreadable,
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
	size_t i;

	if (!st)
		return;
	sai_strbuf_release(&st->clean);
	sai_strbuf_release(&st->text);
	sai_strbuf_release(&st->line);
	sai_strbuf_release(&st->rows);
	for (i = 0; i < SA_SEVERITY_COUNT; i++)
		if (st->spool[i])
			fclose(st->spool[i]);
	for (i = 0; i < st->n_counts; i++)
		free(st->counts[i].rule);
	free(st->counts);
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
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
