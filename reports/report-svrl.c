/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-svrl.c - ISO Schematron SVRL (ISO/IEC 19757-3, Validation
 * Report Language), for Schematron tooling: an svrl:active-pattern per
 * standard, after it an svrl:fired-rule per record the standard applied
 * to, after that an svrl:failed-assert per failed rule (role = severity,
 * location = node path, test = the rule's XPath) and per rule that could
 * not be evaluated (role "error").  A waived failure is not a failure: it
 * is an svrl:successful-report with role "waived" and the waiver's text.
 *
 * SVRL groups by pattern, records arrive one by one: each standard's
 * fired rules go to a spool file of their own and are copied under its
 * active-pattern at the end, so memory does not grow with the batch.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "util-internal.h"

#define SVRL_NS "http://purl.oclc.org/dsdl/svrl"
/* Findings of rules that no loaded standard defines (SA-LOAD, ...). */
#define ENGINE_PATTERN "stationaudit"

typedef struct svrl_state {
	sai_xw frag;
	FILE **spools;          /* one per standard, then the engine's */
	size_t n_spools;
	const char *lang;
	sai_strbuf sb;
} svrl_state;

/* The spool of the standard that defines f's rule. */
static size_t bucket_of(const sai_report_context *ctx, const sa_finding *f,
			size_t n_standards)
{
	size_t i;

	for (i = 0; f->rule && f->rule->standard && i < n_standards; i++)
		if (!strcmp(sa_pack_standard(ctx->pack, i)->id,
			    f->rule->standard))
			return i;
	return n_standards;
}

/* The record's root as the rules saw it: the first step of a node path
 * ("/station"), "/" when none is known. */
static const char *record_context(svrl_state *st, const sa_record_result *rr)
{
	size_t i;

	sai_strbuf_reset(&st->sb);
	for (i = 0; i < rr->finding_count; i++) {
		const char *p = rr->findings[i].path;

		if (p && p[0] == '/' && p[1]) {
			sai_strbuf_add(&st->sb, p, 1 + strcspn(p + 1, "/["));
			return sai_strbuf_str(&st->sb);
		}
	}
	return "/";
}

static int is_problem(const sa_finding *f)
{
	return f->status == SA_FINDING_FAIL || f->status == SA_FINDING_ERROR ||
	       f->status == SA_FINDING_WAIVED;
}

/* The id a finding's rule has in the report. */
static const char *rule_id_of(const sa_finding *f)
{
	return f->rule && f->rule->id ? f->rule->id : ENGINE_PATTERN;
}

/* A failed-assert's id, an xsd:ID unique in the report by construction:
 * "RULE-ID.N.K", N the record's position in the run from 1, K the
 * finding's place among that record's findings of the rule from 1 (the
 * engine's SA-SCHEMA, for one, comes many times a record).  N and K hold
 * no dot, so that the rule id is what comes before the last two dots and
 * no two findings share an id, whatever dots rule ids hold.  A rule id
 * that cannot start an xsd:ID (a digit, '-', '.') gets a '_' before it. */
static const char *assert_id(svrl_state *st, const sa_record_result *rr,
			     size_t i)
{
	const char *id = rule_id_of(&rr->findings[i]);
	size_t j, k = 1;

	for (j = 0; j < i; j++)
		k += is_problem(&rr->findings[j]) &&
		     !strcmp(rule_id_of(&rr->findings[j]), id);
	sai_strbuf_reset(&st->sb);
	sai_strbuf_addf(&st->sb, "%s%s.%zu.%zu",
			(*id >= '0' && *id <= '9') || *id == '-' ||
			*id == '.' ? "_" : "", id, rr->seq + 1, k);
	return sai_strbuf_str(&st->sb);
}

static void failed_assert(svrl_state *st, const sa_record_result *rr,
			  size_t i)
{
	const sa_finding *f = &rr->findings[i];
	sai_xw *x = &st->frag;
	const sa_rule_info *r = f->rule;
	int waived = f->status == SA_FINDING_WAIVED;

	sai_xw_start(x, waived ? "svrl:successful-report"
			       : "svrl:failed-assert");
	sai_xw_attr(x, "id", assert_id(st, rr, i));
	sai_xw_attr(x, "test", r && r->test ? r->test
				 : r && r->kind ? r->kind : "-");
	sai_xw_attr(x, "location", f->path ? f->path : "/");
	sai_xw_attr(x, "role", waived ? "waived"
			       : f->status == SA_FINDING_ERROR
			       ? "error" : sa_severity_name(f->severity));
	sai_xw_start(x, "svrl:text");
	sai_strbuf_reset(&st->sb);
	if (waived) {
		sai_strbuf_addf(&st->sb, "%s: ",
				sai_report_word("waived", st->lang));
		if (f->waiver && f->waiver->reason)
			sai_strbuf_addf(&st->sb, "%s; ", f->waiver->reason);
	}
	sai_strbuf_adds(&st->sb, sai_report_message(f, st->lang));
	sai_xw_text(x, sai_strbuf_str(&st->sb));
	sai_xw_end(x);
	sai_xw_end(x);
}

/* The record's fired-rule under standard b, when the standard applied. */
static void fired_rule(svrl_state *st, const sai_report_context *ctx,
		       const sa_record_result *rr, size_t b)
{
	size_t i, n = st->n_spools - 1, applied = 0;

	for (i = 0; i < rr->finding_count; i++)
		if (bucket_of(ctx, &rr->findings[i], n) == b &&
		    rr->findings[i].status != SA_FINDING_NOT_APPLICABLE)
			applied++;
	if (!applied)
		return;
	sai_xw_start(&st->frag, "svrl:fired-rule");
	sai_xw_attr(&st->frag, "context", record_context(st, rr));
	sai_xw_attr(&st->frag, "name", rr->collection ? "(collection)"
				       : rr->record_id);
	sai_xw_attr(&st->frag, "document",
		    sai_report_uri(&st->sb, rr->file));
	/* SVRL is flat: the asserts follow their fired rule. */
	sai_xw_end(&st->frag);
	for (i = 0; i < rr->finding_count; i++)
		if (is_problem(&rr->findings[i]) &&
		    bucket_of(ctx, &rr->findings[i], n) == b)
			failed_assert(st, rr, i);
	sai_xw_spool(&st->frag, st->spools[b]);
}

static int svrl_begin(void **state, const sai_report_context *ctx)
{
	svrl_state *st = calloc(1, sizeof(*st));
	size_t i;

	*state = st;
	if (!st)
		goto nomem;
	sai_strbuf_init(&st->sb);
	st->lang = sai_report_lang(ctx);
	st->n_spools = (ctx->pack ? sa_pack_standard_count(ctx->pack) : 0) + 1;
	if (!(st->spools = calloc(st->n_spools, sizeof(*st->spools))))
		goto nomem;
	for (i = 0; i < st->n_spools; i++)
		if (!(st->spools[i] = tmpfile()))
			return -1;
	if (sai_xw_open_fragment(&st->frag, 1) < 0)
		goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static int svrl_record(void *state, const sai_report_context *ctx,
		       const sa_record_result *rr)
{
	svrl_state *st = state;
	size_t b;

	for (b = 0; b < st->n_spools; b++)
		fired_rule(st, ctx, rr, b);
	if (st->frag.failed || st->sb.failed) {
		errno = errno ? errno : ENOMEM;
		return -1;
	}
	return 0;
}

static void digest_line(svrl_state *st, sai_xw *doc, const char *what,
			const char *name, const char *sha256)
{
	if (!sha256 || !sha256[0])
		return;
	sai_strbuf_reset(&st->sb);
	sai_strbuf_addf(&st->sb, "%s %s sha256 %s", what, name, sha256);
	sai_xw_start(doc, "svrl:text");
	sai_xw_text(doc, sai_strbuf_str(&st->sb));
	sai_xw_end(doc);
}

/* Provenance as svrl:text lines: tool, date, parameters, digests. */
static void provenance(svrl_state *st, sai_xw *doc,
		       const sai_report_context *ctx)
{
	size_t i, n = ctx->pack ? sa_pack_param_count(ctx->pack) : 0;

	sai_strbuf_reset(&st->sb);
	sai_strbuf_addf(&st->sb, "stationaudit %s; audit date %s",
			ctx->tool_version ? ctx->tool_version : "-",
			ctx->pack ? sa_pack_audit_date(ctx->pack) : "-");
	for (i = 0; i < n; i++)
		sai_strbuf_addf(&st->sb, "; param %s=%s",
				sa_pack_param(ctx->pack, i)->name,
				sa_pack_param(ctx->pack, i)->value);
	sai_xw_start(doc, "svrl:text");
	sai_xw_text(doc, sai_strbuf_str(&st->sb));
	sai_xw_end(doc);
	n = ctx->pack ? sa_pack_standard_count(ctx->pack) : 0;
	for (i = 0; i < n; i++)
		digest_line(st, doc, "standard",
			    sa_pack_standard(ctx->pack, i)->id,
			    sa_pack_standard(ctx->pack, i)->sha256);
	for (i = 0; ctx->inputs && i < ctx->input_count; i++)
		digest_line(st, doc, "dossier", ctx->inputs[i].path,
			    ctx->inputs[i].sha256);
}

static void active_pattern(svrl_state *st, sai_xw *doc,
			   const sai_report_context *ctx, size_t b)
{
	const sa_standard_info *s = b + 1 < st->n_spools
				    ? sa_pack_standard(ctx->pack, b) : NULL;

	sai_xw_start(doc, "svrl:active-pattern");
	sai_xw_attr(doc, "id", s ? s->id : ENGINE_PATTERN);
	if (s) {
		sai_xw_attr(doc, "name", !strcmp(st->lang, "en") &&
			    s->title_en ? s->title_en : s->title);
		sai_xw_attr(doc, "documents",
			    sai_report_uri(&st->sb, s->file));
	}
	sai_xw_end(doc);
	sai_xw_copy_spool(doc, st->spools[b], 0);
}

static int svrl_end(void *state, const sai_report_context *ctx,
		    const sa_summary *sum, const sa_rule_summary *rules,
		    size_t rule_count)
{
	svrl_state *st = state;
	sai_xw doc;
	size_t b;
	int rc;

	(void)sum;
	(void)rules;
	(void)rule_count;
	if (sai_xw_open_document(&doc, ctx->out) < 0)
		return -1;
	sai_xw_start(&doc, "svrl:schematron-output");
	sai_xw_attr(&doc, "xmlns:svrl", SVRL_NS);
	sai_xw_attr(&doc, "title", "stationaudit");
	sai_xw_attr(&doc, "schemaVersion", ctx->tool_version);
	provenance(st, &doc, ctx);
	for (b = 0; b < st->n_spools; b++)
		/* The engine's own rules only when one fired. */
		if (b + 1 < st->n_spools || ftell(st->spools[b]) > 0)
			active_pattern(st, &doc, ctx, b);
	sai_xw_end(&doc);
	rc = sai_xw_finish(&doc);
	sai_xw_free(&doc);
	return rc;
}

static void svrl_free(void *state)
{
	svrl_state *st = state;
	size_t i;

	if (!st)
		return;
	sai_xw_free(&st->frag);
	for (i = 0; st->spools && i < st->n_spools; i++)
		if (st->spools[i])
			fclose(st->spools[i]);
	free(st->spools);
	sai_strbuf_release(&st->sb);
	free(st);
}

const sai_report_writer sai_report_svrl = {
	"svrl",
	"for Schematron tooling: ISO Schematron Validation Report Language",
	svrl_begin,
	svrl_record,
	svrl_end,
	svrl_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
