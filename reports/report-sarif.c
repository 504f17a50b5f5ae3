/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-sarif.c - SARIF 2.1.0 (OASIS Static Analysis Results
 * Interchange Format), for code-scanning tools: one run whose driver
 * lists the rules (title, source text, fix, level), a result per failed,
 * errored or waived finding (waived ones with an external suppression),
 * locations with the dossier's line and column.
 *
 * Code scanning takes at most 25,000 results a run, so results go to one
 * spool file per severity as they come (one line each, memory does not
 * grow with the batch) and are copied out at the end most severe first,
 * in input order within a severity, up to --sarif-max; the run says how
 * many were left out (a property and a notification).  A result that the
 * cap must leave out whatever comes later is only counted: the spools
 * stop growing at --sarif-max lines of a severity or above.  Each result has
 * a partialFingerprint that does not move with line numbers: the digest
 * of its rule id, record id and node path.  Relative paths are given
 * against %SRCROOT% (the folder the command ran in).
 *
 * The run's other members (tool, artifacts with digests, invocation,
 * provenance) follow the results, since a JSON object's members have no
 * order.  Rules that no pack defines (SA-LOAD, ...) are added to the
 * driver after the pack's when a finding names them.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "diff-internal.h"
#include "util-internal.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"
/* Spools: critical, major, minor, info, then passes and not-applicable
 * (-v). */
#define N_SPOOLS (SA_SEVERITY_COUNT + 1)

/* A rule of the pack, found by address. */
typedef struct rule_ref {
	const sa_rule_info *rule;
	size_t index;
} rule_ref;

/* A rule met in a finding but not in the pack: copied, since a finding
 * is valid only during record(). */
typedef struct extra_rule {
	sa_rule_info info;      /* strings below, owned */
} extra_rule;

typedef struct sarif_state {
	FILE *out;
	const char *lang;
	int verbose;
	int failed;
	size_t n_results;
	FILE *spool[N_SPOOLS];
	size_t spooled[N_SPOOLS];
	size_t unspooled;       /* results past the cap whatever comes next */
	size_t max;             /* results kept; the rest are counted */
	size_t left_out;
	const sa_diff *baseline; /* check --baseline, or NULL */
	const sa_record_result *rr_now; /* the record being written */
	rule_ref *by_addr;      /* pack rules sorted by address */
	size_t n_pack_rules;
	extra_rule *extras;
	size_t n_extras;
	sai_strbuf sb;
} sarif_state;

/* ---- output -------------------------------------------------------------- */

static void raw(sarif_state *st, const char *s)
{
	if (!st->failed && fputs(s, st->out) == EOF)
		st->failed = 1;
}

static void str(sarif_state *st, const char *s)
{
	if (!st->failed && sai_json_write_string(st->out, s ? s : "") < 0)
		st->failed = 1;
}

/* ,"key": "value" (first: no comma). */
static void member(sarif_state *st, const char *key, const char *value,
		   int first)
{
	raw(st, first ? "\"" : ", \"");
	raw(st, key);
	raw(st, "\": ");
	str(st, value);
}

static void member_num(sarif_state *st, const char *key, double v)
{
	char buf[64];

	sai_format_number(v, buf, sizeof(buf));
	raw(st, ", \"");
	raw(st, key);
	raw(st, "\": ");
	raw(st, isfinite(v) ? buf : "null");
}

static void member_size(sarif_state *st, const char *key, size_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", v);
	raw(st, ", \"");
	raw(st, key);
	raw(st, "\": ");
	raw(st, buf);
}

/* {"text": s}: SARIF messages must not be empty. */
static void message(sarif_state *st, const char *key, const char *s)
{
	raw(st, ", \"");
	raw(st, key);
	raw(st, "\": {\"text\": ");
	str(st, s && s[0] ? s : "-");
	raw(st, "}");
}

/* ---- rules --------------------------------------------------------------- */

static int cmp_addr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const rule_ref *)a)->rule;
	uintptr_t y = (uintptr_t)((const rule_ref *)b)->rule;

	return x < y ? -1 : x > y;
}

static void write_rule(sarif_state *st, const sa_rule_info *r, int first)
{
	const char *title = sai_report_rule_title(r, st->lang);

	raw(st, first ? "\n        {" : ",\n        {");
	member(st, "id", r->id, 1);
	member(st, "name", r->title_en && r->title_en[0] ? r->title_en
							   : title, 0);
	message(st, "shortDescription", title);
	message(st, "fullDescription", r->source && r->source[0]
				       ? r->source : title);
	if (r->fix && r->fix[0])
		message(st, "help", r->fix);
	raw(st, ", \"defaultConfiguration\": {\"level\": ");
	str(st, sai_report_level(r->severity));
	raw(st, "}, \"properties\": {");
	member(st, "standard", r->standard, 1);
	member(st, "severity", sa_severity_name(r->severity), 0);
	member(st, "kind", r->kind, 0);
	member_num(st, "weight", r->weight);
	raw(st, "}}");
}

/* The index of f's rule in the driver's rules, adding a rule the pack
 * does not define; (size_t)-1 when out of memory. */
static size_t rule_index(sarif_state *st, const sa_rule_info *r)
{
	rule_ref key = { r, 0 }, *hit;
	extra_rule *e;
	size_t i;

	/* bsearch wants a real array, even an empty one (no pack). */
	hit = st->n_pack_rules ? bsearch(&key, st->by_addr, st->n_pack_rules,
					 sizeof(key), cmp_addr) : NULL;
	if (hit)
		return hit->index;
	for (i = 0; i < st->n_extras; i++)
		if (!strcmp(st->extras[i].info.id, r->id))
			return st->n_pack_rules + i;
	e = realloc(st->extras, (st->n_extras + 1) * sizeof(*e));
	if (!e)
		return (size_t)-1;
	st->extras = e;
	e = &st->extras[st->n_extras];
	memset(e, 0, sizeof(*e));
	e->info.severity = r->severity;
	e->info.weight = r->weight;
	e->info.id = sai_strdup(r->id);
	e->info.title = sai_strdup(r->title);
	e->info.title_en = sai_strdup(r->title_en);
	e->info.kind = sai_strdup(r->kind);
	e->info.fix = sai_strdup(r->fix);
	e->info.source = sai_strdup(r->source);
	e->info.standard = sai_strdup(r->standard);
	st->n_extras++;
	return e->info.id ? st->n_pack_rules + st->n_extras - 1 : (size_t)-1;
}

static void free_extra(extra_rule *e)
{
	free((char *)e->info.id);
	free((char *)e->info.title);
	free((char *)e->info.title_en);
	free((char *)e->info.kind);
	free((char *)e->info.fix);
	free((char *)e->info.source);
	free((char *)e->info.standard);
}

/* ---- results ------------------------------------------------------------- */

static int reported(const sarif_state *st, const sa_finding *f)
{
	return f->status == SA_FINDING_FAIL || f->status == SA_FINDING_ERROR ||
	       f->status == SA_FINDING_WAIVED || st->verbose;
}

static const char *result_kind(sa_finding_status s)
{
	switch (s) {
	case SA_FINDING_PASS:
		return "pass";
	case SA_FINDING_NOT_APPLICABLE:
		return "notApplicable";
	default:
		return "fail";
	}
}

/* {"uri": ..., "uriBaseId": "%SRCROOT%"} (the base for relative paths). */
static void artifact_location(sarif_state *st, const char *path)
{
	raw(st, "{\"uri\": ");
	str(st, sai_report_uri(&st->sb, path));
	if (path && path[0] != '/')
		raw(st, ", \"uriBaseId\": \"" SRCROOT "\"");
	raw(st, "}");
}

/* The node path, when the finding has one. */
static void logical_location(sarif_state *st, const sa_finding *f)
{
	if (!f->path)
		return;
	raw(st, ", \"logicalLocations\": [{");
	member(st, "fullyQualifiedName", f->path, 1);
	member(st, "kind", "element", 0);
	raw(st, "}]");
}

static void location(sarif_state *st, const sa_record_result *rr,
		     const sa_finding *f)
{
	const char *file = f->file ? f->file : rr->file;
	unsigned long line = f->line;
	char buf[32];

	/* GitHub refuses a whole file when one result has no physical
	 * location: standard input and collection findings (no file of
	 * their own) get the Code Quality report's path, relative to
	 * %SRCROOT% ("(standard input)", the rule's pack file when it is
	 * local, else "(collection)" at line 1); standard input says so in
	 * words too. */
	if (!file || !file[0] || file[0] == '(' || sai_report_is_stdin(file))
		file = sai_report_ci_path(rr, f, &line);
	raw(st, ", \"locations\": [{\"physicalLocation\": "
		"{\"artifactLocation\": ");
	artifact_location(st, file);
	if (line) {
		snprintf(buf, sizeof(buf), "%lu", line);
		raw(st, ", \"region\": {\"startLine\": ");
		raw(st, buf);
		if (f->column && line == f->line) {
			snprintf(buf, sizeof(buf), "%lu", f->column);
			raw(st, ", \"startColumn\": ");
			raw(st, buf);
		}
		raw(st, "}");
	}
	raw(st, "}");
	if (sai_report_is_stdin(f->file ? f->file : rr->file)) {
		raw(st, ", \"message\": {\"text\": ");
		str(st, sai_report_word("standard input", st->lang));
		raw(st, "}");
	}
	logical_location(st, f);
	raw(st, "}]");
}

static void suppression(sarif_state *st, const sa_finding *f)
{
	const sa_waiver_info *w = f->waiver;

	raw(st, ", \"suppressions\": [{");
	member(st, "kind", "external", 1);
	member(st, "status", "accepted", 0);
	member(st, "justification", w && w->reason ? w->reason
				    : sai_report_word("waived", st->lang), 0);
	if (w) {
		raw(st, ", \"properties\": {");
		member(st, "approver", w->approver, 1);
		member(st, "expires", w->expires, 0);
		raw(st, "}");
	}
	raw(st, "}]");
}

static void result_properties(sarif_state *st, const sa_record_result *rr,
			      const sa_finding *f)
{
	raw(st, ", \"properties\": {");
	member(st, "status", sa_finding_status_name(f->status), 1);
	member(st, "severity", sa_severity_name(f->severity), 0);
	if (rr->record_id)
		member(st, "record", rr->record_id, 0);
	if (rr->name)
		member(st, "station", rr->name, 0);
	if (f->actual)
		member(st, "actual", f->actual, 0);
	if (f->expected)
		member(st, "expected", f->expected, 0);
	if (rr->score >= 0) {
		member_num(st, "score", rr->score);
		member_num(st, "scoreUnwaived",
			   sai_report_score_unwaived(rr));
	}
	if (rr->grade)
		member(st, "grade", rr->grade, 0);
	raw(st, "}");
}

/* A fingerprint that survives edits which move lines. */
static void fingerprint(sarif_state *st, const sa_record_result *rr,
			const sa_finding *f)
{
	char hex[65];

	if (sai_report_fingerprint(rr, f, hex) < 0) {
		st->failed = 1;
		return;
	}
	raw(st, ", \"partialFingerprints\": {");
	member(st, "stationaudit/v2", hex, 1);
	raw(st, "}");
}

static void result(sarif_state *st, const sa_record_result *rr,
		   const sa_finding *f)
{
	size_t idx = f->rule ? rule_index(st, f->rule) : (size_t)-1;

	if (f->rule && idx == (size_t)-1)
		st->failed = 1;
	raw(st, "{");
	member(st, "ruleId", f->rule && f->rule->id ? f->rule->id
						    : "SA-UNKNOWN", 1);
	if (idx != (size_t)-1)
		member_size(st, "ruleIndex", idx);
	member(st, "kind", result_kind(f->status), 0);
	member(st, "level", f->status == SA_FINDING_FAIL ||
		   f->status == SA_FINDING_WAIVED ? sai_report_level(f->severity)
		   : f->status == SA_FINDING_ERROR ? "error" : "none", 0);
	message(st, "message", sai_report_message(f, st->lang));
	location(st, rr, f);
	if (f->status == SA_FINDING_WAIVED)
		suppression(st, f);
	if (st->baseline) {
		const char *bs = sai_diff_finding_state(st->baseline, rr, f);

		if (bs)
			member(st, "baselineState", bs, 0);
	}
	fingerprint(st, rr, f);
	result_properties(st, rr, f);
	raw(st, "}\n");
}

/* The spool of a finding: most severe first, passes last. */
static size_t spool_of(const sa_finding *f)
{
	if (f->status == SA_FINDING_PASS ||
	    f->status == SA_FINDING_NOT_APPLICABLE ||
	    (unsigned)f->severity >= SA_SEVERITY_COUNT)
		return N_SPOOLS - 1;
	return SA_SEVERITY_CRITICAL - f->severity;
}

/* 1 when a result for spool k can no longer be among the first max: the
 * spools up to k already hold max (and only grow), so it would be cut.
 * It is counted, not written (at village scale the cut ones are most). */
static int past_cap(const sarif_state *st, size_t k)
{
	size_t j, ahead = 0;

	for (j = 0; j <= k; j++)
		ahead += st->spooled[j];
	return ahead >= st->max;
}

/* Copies up to *room results (lines) of spool into the results array. */
static void copy_spool(sarif_state *st, FILE *spool, size_t n, size_t *room)
{
	char buf[8192];
	int line_start = 1;
	size_t len;

	if (!n || !*room || fflush(spool) == EOF || fseek(spool, 0, SEEK_SET)) {
		st->failed |= n && *room;
		return;
	}
	while (*room && fgets(buf, sizeof(buf), spool)) {
		len = strlen(buf);
		if (line_start)
			raw(st, st->n_results++ ? ",\n        "
						: "\n        ");
		line_start = len && buf[len - 1] == '\n';
		if (line_start) {
			buf[len - 1] = '\0';
			(*room)--;
		}
		raw(st, buf);
	}
}

/* ---- year over year: the baseline's problems that are gone ----------------- */

/* One absent result (SARIF 2.1.0 3.27.24): a problem of the baseline
 * that this run fixed, where the baseline saw it. */
static void absent_result(sarif_state *st, const sai_diff_item *it)
{
	sa_finding f;
	sa_rule_info r;
	sa_record_result rr;
	size_t idx = (size_t)-1, i;

	/* The result as it was, so that its rule, location and fingerprint
	 * are the ones the alert has (GitHub closes it by fingerprint). */
	memset(&f, 0, sizeof(f));
	memset(&r, 0, sizeof(r));
	memset(&rr, 0, sizeof(rr));
	r.id = it->rule ? it->rule : "SA-UNKNOWN";
	r.title = r.id;
	r.severity = it->severity;
	f.rule = &r;
	/* A rule of this year's packs is that rule; one that is gone (or
	 * an engine's check) joins the driver's rules as its id. */
	for (i = 0; it->rule && i < st->n_pack_rules; i++)
		if (!strcmp(st->by_addr[i].rule->id, it->rule))
			f.rule = st->by_addr[i].rule;
	f.path = it->path && it->path[0] ? it->path : NULL;
	f.file = it->file;
	f.line = it->line;
	rr.file = it->record_file;
	rr.line = it->record_line;
	rr.record_id = it->record;
	rr.collection = it->collection;
	if (it->rule && (idx = rule_index(st, f.rule)) == (size_t)-1)
		st->failed = 1;
	raw(st, "{");
	member(st, "ruleId", r.id, 1);
	if (idx != (size_t)-1)
		member_size(st, "ruleIndex", idx);
	member(st, "kind", "pass", 0);
	member(st, "level", "none", 0);
	message(st, "message", it->message ? it->message : "");
	location(st, &rr, &f);
	member(st, "baselineState", "absent", 0);
	fingerprint(st, &rr, &f);
	raw(st, "}\n");
}

/* The fixed problems of the baseline as absent results, in a spool of
 * their own; their number. */
static size_t spool_absent(sarif_state *st, FILE **spool)
{
	const sa_diff *d = st->baseline;
	sai_diff_item it;
	size_t i, j, n = 0;

	*spool = NULL;
	for (i = 0; d && i < sai_diff_station_count(d); i++)
		for (j = 0; j < sai_diff_item_count(d, i); j++) {
			sai_diff_item_at(d, i, j, &it);
			if (it.change != SAI_CHANGE_FIXED)
				continue;
			if (!*spool && !(*spool = tmpfile())) {
				st->failed = 1;
				return 0;
			}
			st->out = *spool;
			absent_result(st, &it);
			n++;
		}
	return n;
}

/* ---- the run ------------------------------------------------------------- */

static void write_driver(sarif_state *st, const sai_report_context *ctx)
{
	size_t i, n = ctx->pack ? sa_pack_rule_count(ctx->pack) : 0;

	raw(st, ",\n      \"tool\": {\"driver\": {");
	member(st, "name", "stationaudit", 1);
	member(st, "version", ctx->tool_version, 0);
	/* Optional in SARIF: only when configure was given a real home. */
	if (sizeof(PACKAGE_URL) > 1)
		member(st, "informationUri", PACKAGE_URL, 0);
	raw(st, ", \"rules\": [");
	for (i = 0; i < n; i++)
		write_rule(st, sa_pack_rule(ctx->pack, i), i == 0);
	for (i = 0; i < st->n_extras; i++)
		write_rule(st, &st->extras[i].info, n + i == 0);
	raw(st, "\n      ]}}");
}

static void write_artifacts(sarif_state *st, const sai_report_context *ctx)
{
	size_t i;

	raw(st, ",\n      \"artifacts\": [");
	for (i = 0; ctx->inputs && i < ctx->input_count; i++) {
		raw(st, i ? ",\n        {" : "\n        {");
		if (sai_report_is_stdin(ctx->inputs[i].path)) {
			raw(st, "\"description\": {\"text\": ");
			str(st, sai_report_word("standard input", st->lang));
			raw(st, "}, \"roles\": [\"analysisTarget\"]");
		} else {
			raw(st, "\"location\": ");
			artifact_location(st, ctx->inputs[i].path);
		}
		if (ctx->inputs[i].sha256[0]) {
			raw(st, ", \"hashes\": {");
			member(st, "sha-256", ctx->inputs[i].sha256, 1);
			raw(st, "}");
		}
		raw(st, "}");
	}
	raw(st, "\n      ]");
}

/* Provenance: the audit date, the standards with digests, parameters. */
static void write_run_properties(sarif_state *st,
				 const sai_report_context *ctx)
{
	const sa_pack *p = ctx->pack;
	size_t i, n = p ? sa_pack_standard_count(p) : 0;

	raw(st, ",\n      \"properties\": {");
	member(st, "auditDate", p ? sa_pack_audit_date(p) : NULL, 1);
	member(st, "lang", st->lang, 0);
	member_size(st, "resultsLeftOut", st->left_out);
	member_size(st, "resultsMax", st->max);
	raw(st, ", \"standards\": [");
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(p, i);

		raw(st, i ? ", {" : "{");
		member(st, "id", s->id, 1);
		member(st, "version", s->version, 0);
		member(st, "sha256", s->sha256, 0);
		raw(st, "}");
	}
	raw(st, "], \"params\": {");
	n = p ? sa_pack_param_count(p) : 0;
	for (i = 0; i < n; i++)
		member(st, sa_pack_param(p, i)->name,
		       sa_pack_param(p, i)->value, i == 0);
	raw(st, "}}");
}

/* Says how many results the cap left out, when it left some. */
static void left_out_notification(sarif_state *st)
{
	char text[256];

	if (!st->left_out)
		return;
	/* In the report's language, as its results are. */
	if (!strcmp(st->lang, "en"))
		snprintf(text, sizeof(text), "%zu results left out: at most "
			 "%zu a run (--sarif-max), the most severe first",
			 st->left_out, st->max);
	else
		snprintf(text, sizeof(text), "另有 %zu 个结果未列出：每次最多 "
			 "%zu 个 (--sarif-max)，最严重的在前", st->left_out,
			 st->max);
	raw(st, ", \"toolExecutionNotifications\": [{");
	member(st, "level", "warning", 1);
	message(st, "message", text);
	raw(st, ", \"descriptor\": {\"id\": \"SA-SARIF-MAX\"}}]");
}

/* ---- the writer ---------------------------------------------------------- */

static int index_rules(sarif_state *st, const sa_pack *pack)
{
	size_t i, n = pack ? sa_pack_rule_count(pack) : 0;

	if (n && !(st->by_addr = calloc(n, sizeof(*st->by_addr))))
		return -1;
	for (i = 0; i < n; i++) {
		st->by_addr[i].rule = sa_pack_rule(pack, i);
		st->by_addr[i].index = i;
	}
	st->n_pack_rules = n;
	if (n)
		qsort(st->by_addr, n, sizeof(*st->by_addr), cmp_addr);
	return 0;
}

static int status(sarif_state *st)
{
	if (st->failed || st->sb.failed || ferror(st->out)) {
		if (errno == 0)
			errno = st->sb.failed ? ENOMEM : EIO;
		return -1;
	}
	return 0;
}

static int sarif_begin(void **state, const sai_report_context *ctx)
{
	sarif_state *st = calloc(1, sizeof(*st));

	*state = st;
	if (!st || index_rules(st, ctx->pack) < 0) {
		errno = ENOMEM;
		return -1;
	}
	sai_strbuf_init(&st->sb);
	st->out = ctx->out;
	st->lang = sai_report_lang(ctx);
	st->verbose = ctx->opts ? ctx->opts->verbose : 0;
	st->max = ctx->opts && ctx->opts->sarif_max ? ctx->opts->sarif_max
						    : SA_SARIF_MAX;
	raw(st, "{\n  ");
	member(st, "$schema", SARIF_SCHEMA, 1);
	raw(st, ",\n  ");
	member(st, "version", "2.1.0", 1);
	raw(st, ",\n  \"runs\": [\n    {\n      \"results\": [");
	return status(st);
}

static int sarif_record(void *state, const sai_report_context *ctx,
			const sa_record_result *rr)
{
	sarif_state *st = state;
	size_t i;

	st->baseline = ctx->baseline;
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];
		size_t k = spool_of(f);

		if (!reported(st, f))
			continue;
		if (past_cap(st, k)) {
			/* the driver still lists its rule, as when kept */
			if (f->rule && rule_index(st, f->rule) == (size_t)-1)
				st->failed = 1;
			st->unspooled++;
			continue;
		}
		if (!st->spool[k] && !(st->spool[k] = tmpfile())) {
			st->failed = 1;
			break;
		}
		st->out = st->spool[k];
		result(st, rr, f);
		st->spooled[k]++;
	}
	st->out = ctx->out;
	return status(st);
}

static int sarif_end(void *state, const sai_report_context *ctx,
		     const sa_summary *sum, const sa_rule_summary *rules,
		     size_t rule_count)
{
	sarif_state *st = state;
	size_t k, room, total = 0, n_absent;
	FILE *absent;

	(void)sum;
	(void)rules;
	(void)rule_count;
	st->baseline = ctx->baseline;
	n_absent = spool_absent(st, &absent);
	st->out = ctx->out;
	for (k = 0; k < N_SPOOLS; k++)
		total += st->spooled[k];
	total += st->unspooled + n_absent;
	room = st->max;
	for (k = 0; k < N_SPOOLS; k++)
		copy_spool(st, st->spool[k], st->spooled[k], &room);
	copy_spool(st, absent, n_absent, &room);
	if (absent)
		fclose(absent);
	st->left_out = total - st->n_results;
	raw(st, st->n_results ? "\n      ]" : "]");
	write_driver(st, ctx);
	write_artifacts(st, ctx);
	raw(st, ",\n      \"originalUriBaseIds\": {\"" SRCROOT "\": "
		"{\"description\": {\"text\": \"the folder stationaudit ran "
		"in\"}}}");
	raw(st, ",\n      \"invocations\": [{\"executionSuccessful\": ");
	/* The run completed: unreadable dossiers are results, not a failed
	 * execution. */
	raw(st, "true");
	left_out_notification(st);
	raw(st, "}]");
	raw(st, ",\n      \"columnKind\": \"unicodeCodePoints\"");
	write_run_properties(st, ctx);
	raw(st, "\n    }\n  ]\n}\n");
	return status(st);
}

static void sarif_free(void *state)
{
	sarif_state *st = state;
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n_extras; i++)
		free_extra(&st->extras[i]);
	free(st->extras);
	free(st->by_addr);
	for (i = 0; i < N_SPOOLS; i++)
		if (st->spool[i])
			fclose(st->spool[i]);
	sai_strbuf_release(&st->sb);
	free(st);
}

const sai_report_writer sai_report_sarif = {
	"sarif",
	"for code-scanning tools: SARIF 2.1.0 with rules and locations",
	sarif_begin,
	sarif_record,
	sarif_end,
	sarif_free,
	0,
	NULL, NULL, NULL, NULL,    /* no rendering by the workers */
};
