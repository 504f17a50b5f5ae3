/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-csv.c - CSV for spreadsheets (RFC 4180): a header row, then one
 * row per finding that is not a pass (failures, errors, waived, not
 * applicable; passes too with --verbose), UTF-8 (with a byte order mark
 * when the run asks: Excel needs it to read UTF-8), CRLF line ends.
 *
 * A cell is quoted when it holds a comma, a quote or a line end.  A cell
 * that starts with = + - @ tab or CR gets a leading apostrophe, so that
 * a spreadsheet shows dossier text instead of running it as a formula
 * (CSV injection).  The header is Chinese, or English with --lang en.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "util-internal.h"

#define N_COLUMNS 19

static const char *const header_zh[N_COLUMNS] = {
	"文件", "行", "列", "记录编号", "站点名称", "区划代码", "规则",
	"规则名称", "标准", "严重程度", "状态", "说明", "节点路径", "实际",
	"应为", "豁免理由", "豁免批准人", "豁免到期", "得分",
};
static const char *const header_en[N_COLUMNS] = {
	"file", "line", "column", "record", "station", "region", "rule",
	"rule title", "standard", "severity", "status", "message", "path",
	"actual", "expected", "waiver reason", "waiver approver",
	"waiver expires", "score",
};

typedef struct csv_state {
	const char *lang;
	int verbose;
	sai_strbuf row;
	sai_strbuf clean;
} csv_state;

static void cell(csv_state *st, const char *value, int first)
{
	const char *v;
	int quote;

	if (!first)
		sai_strbuf_addc(&st->row, ',');
	sai_strbuf_reset(&st->clean);
	sai_report_add_clean(&st->clean, value);
	v = sai_strbuf_str(&st->clean);
	quote = v[strcspn(v, ",\"\r\n")] != '\0';
	if (quote)
		sai_strbuf_addc(&st->row, '"');
	if (v[0] && strchr("=+-@\t\r", v[0]))
		sai_strbuf_addc(&st->row, '\'');
	for (; *v; v++) {
		if (*v == '"')
			sai_strbuf_addc(&st->row, '"');
		sai_strbuf_addc(&st->row, *v);
	}
	if (quote)
		sai_strbuf_addc(&st->row, '"');
}

static void cell_ulong(csv_state *st, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", v);
	cell(st, v ? buf : "", 0);
}

static void row(csv_state *st, const sa_record_result *rr,
		const sa_finding *f)
{
	const sa_waiver_info *w = f->waiver;
	char num[64];

	cell(st, f->file ? f->file : rr->file, 1);
	cell_ulong(st, f->line);
	cell_ulong(st, f->column);
	cell(st, rr->collection ? "(collection)" : rr->record_id, 0);
	cell(st, rr->name, 0);
	cell(st, rr->region, 0);
	cell(st, f->rule ? f->rule->id : NULL, 0);
	cell(st, sai_report_rule_title(f->rule, st->lang), 0);
	cell(st, f->rule ? f->rule->standard : NULL, 0);
	cell(st, sai_report_word(sa_severity_name(f->severity), st->lang), 0);
	cell(st, sai_report_word(sa_finding_status_name(f->status), st->lang),
	     0);
	cell(st, sai_report_message(f, st->lang), 0);
	cell(st, f->path, 0);
	cell(st, f->actual, 0);
	cell(st, f->expected, 0);
	cell(st, w ? w->reason : NULL, 0);
	cell(st, w ? w->approver : NULL, 0);
	cell(st, w ? w->expires : NULL, 0);
	sai_format_number(rr->score, num, sizeof(num));
	cell(st, rr->score >= 0 ? num : NULL, 0);
	sai_strbuf_adds(&st->row, "\r\n");
}

static csv_state *new_state(const sai_report_context *ctx)
{
	csv_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	sai_strbuf_init(&st->row);
	sai_strbuf_init(&st->clean);
	st->lang = sai_report_lang(ctx);
	st->verbose = ctx->opts ? ctx->opts->verbose : 0;
	return st;
}

static int csv_begin(void **state, const sai_report_context *ctx)
{
	csv_state *st = new_state(ctx);
	const char *const *header;
	size_t i;

	*state = st;
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	if (ctx->opts && ctx->opts->bom)
		sai_strbuf_adds(&st->row, "\xef\xbb\xbf");
	header = strcmp(st->lang, "en") ? header_zh : header_en;
	for (i = 0; i < N_COLUMNS; i++)
		cell(st, header[i], i == 0);
	sai_strbuf_adds(&st->row, "\r\n");
	return sai_report_flush(&st->row, &st->clean, ctx->out);
}

static int csv_record(void *state, const sai_report_context *ctx,
		      const sa_record_result *rr)
{
	csv_state *st = state;
	size_t i;

	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		if (f->status != SA_FINDING_PASS || st->verbose)
			row(st, rr, f);
		/* A row at a time: a batch of 40,000 stations is not held. */
		if (sai_report_flush(&st->row, &st->clean, ctx->out) < 0)
			return -1;
	}
	return 0;
}

static int csv_end(void *state, const sai_report_context *ctx,
		   const sa_summary *sum, const sa_rule_summary *rules,
		   size_t rule_count)
{
	(void)state;
	(void)sum;
	(void)rules;
	(void)rule_count;
	return ferror(ctx->out) ? -1 : 0;
}

/* A record's rows, made by a worker (sai_report_writer.render): the rows
 * do not depend on where the record falls in the report. */
static void *csv_render_new(const sai_report_context *ctx)
{
	return new_state(ctx);
}

static int csv_render(void *rstate, const sa_record_result *rr, char **text,
		      size_t *len)
{
	csv_state *st = rstate;
	size_t i;

	sai_strbuf_reset(&st->row);
	for (i = 0; i < rr->finding_count; i++)
		if (rr->findings[i].status != SA_FINDING_PASS || st->verbose)
			row(st, rr, &rr->findings[i]);
	if (st->row.failed || st->clean.failed ||
	    !(*text = sai_strndup(st->row.buf ? st->row.buf : "",
				  st->row.len)))
		return -1;
	*len = st->row.len;
	return 0;
}

static int csv_record_rendered(void *state, const sai_report_context *ctx,
			       const sa_record_result *rr, const char *text,
			       size_t len)
{
	(void)state;
	(void)rr;
	return len && fwrite(text, 1, len, ctx->out) != len ? -1 : 0;
}

static void csv_free(void *state)
{
	csv_state *st = state;

	if (!st)
		return;
	sai_strbuf_release(&st->row);
	sai_strbuf_release(&st->clean);
	free(st);
}

const sai_report_writer sai_report_csv = {
	"csv",
	"for spreadsheets: one row per finding, safe against formulas",
	csv_begin,
	csv_record,
	csv_end,
	csv_free,
	0,
	csv_render_new,
	csv_render,
	csv_free,
	csv_record_rendered,
};
