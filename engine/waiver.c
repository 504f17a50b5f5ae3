/* SPDX-License-Identifier: Apache-2.0 */
/*
 * waiver.c - the waiver ledger: loading, applying to findings, and
 * reporting the entries that expired or were never used.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "idcheck-internal.h"
#include "score-internal.h"
#include "sha256-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "waiver-internal.h"
#include "yamlreader-internal.h"
#include "i18n.h"

#define MAX_LEDGER_BYTES (16ul << 20)

const sa_rule_info sai_rule_waiver = {
	"SA-WAIVER", "豁免台账有效", "Waiver ledger entry in force", "waiver",
	NULL, SA_SEVERITY_MINOR, 0, NULL,
	"续签或删除过期的豁免, 删除不再需要的豁免", "stationaudit",
	"stationaudit", "", 0, 0, 0,
};

typedef struct entry {
	sa_waiver_info info;
	int used;                  /* waived at least one finding */
	int expired_hit;           /* matched a failure but had expired */
} entry;

typedef struct ledger_file {
	char *path;
	char sha256[65];
} ledger_file;

struct sai_waivers {
	entry *entries;
	size_t n, cap;
	ledger_file *files;
	size_t n_files;
	int show;                  /* --show-personal: nothing masked */
};

sai_waivers *sai_waivers_new(void)
{
	return calloc(1, sizeof(sai_waivers));
}

void sai_waivers_show_personal(sai_waivers *w, int show)
{
	w->show = show;
}

/* s (freed) with its digit runs masked unless w shows them; NULL when
 * out of memory. */
static char *shown(const sai_waivers *w, char *s)
{
	sai_strbuf sb;

	if (w->show || !s)
		return s;
	sai_strbuf_init(&sb);
	sai_mask_digits(s, &sb);
	free(s);
	return sai_strbuf_detach(&sb, NULL);
}

static void entry_release(entry *e)
{
	free((char *)e->info.rule);
	free((char *)e->info.record);
	free((char *)e->info.reason);
	free((char *)e->info.approver);
	free((char *)e->info.expires);
}

void sai_waivers_free(sai_waivers *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		entry_release(&w->entries[i]);
	for (i = 0; i < w->n_files; i++)
		free(w->files[i].path);
	free(w->entries);
	free(w->files);
	free(w);
}

size_t sai_waivers_file_count(const sai_waivers *w)
{
	return w ? w->n_files : 0;
}

const char *sai_waivers_file(const sai_waivers *w, size_t i,
			     const char **sha256)
{
	if (!w || i >= w->n_files)
		return NULL;
	if (sha256)
		*sha256 = w->files[i].sha256;
	return w->files[i].path;
}

/* ---- loading ------------------------------------------------------------ */

static sa_status at(sa_error *err, const char *path, const xmlNode *n,
		    const char *fmt, const char *what)
{
	sai_error_set(err, SA_ERR_USAGE, path, sai_node_line(n),
		      sai_node_column(n), fmt, what);
	sai_error_read_source(err);
	return SA_ERR_USAGE;
}

/* The text of the child element name of n, or NULL. */
static char *child_text(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, name)) {
			xmlChar *t = xmlNodeGetContent(c);
			char *s = t ? sai_strdup((const char *)t) : NULL;

			xmlFree(t);
			return s;
		}
	return NULL;
}

static sa_status read_entry(sai_waivers *w, const char *path,
			    const xmlNode *n, sa_error *err)
{
	static const char *const fields[] = { "rule", "record", "reason",
					      "approver", "expires" };
	char *v[5];
	entry *e;
	size_t i;

	for (i = 0; i < 5; i++)
		v[i] = child_text(n, fields[i]);
	for (i = 0; i < 5; i++)
		if (!v[i] || !v[i][strspn(v[i], " \t")])
			break;
	if (i < 5 || !sai_date_parse(v[4], strlen(v[4]), 0, NULL, NULL,
				     NULL)) {
		for (size_t k = 0; k < 5; k++)
			free(v[k]);
		if (i < 5)
			return at(err, path, n, _("waiver entry without '%s': "
				  "each entry needs rule, record, reason, "
				  "approver and expires"), fields[i]);
		return at(err, path, n, "%s", _("expires must be a date "
			  "YYYY-MM-DD"));
	}
	/* The ledger's own findings are its audit trail: none is waived. */
	if (!strcmp(v[0], sai_rule_waiver.id)) {
		for (i = 0; i < 5; i++)
			free(v[i]);
		return at(err, path, n, "%s", _("a waiver of rule SA-WAIVER is "
			  "refused: the ledger's own findings (expired or "
			  "unused entries) cannot be waived"));
	}
	/* The reason and approver are shown as written only with
	 * --show-personal: "经 139... 同意" names a person. */
	v[2] = shown(w, v[2]);
	v[3] = shown(w, v[3]);
	if (!v[2] || !v[3]) {
		for (i = 0; i < 5; i++)
			free(v[i]);
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		entry *ne = realloc(w->entries, cap * sizeof(*ne));

		if (!ne) {
			for (i = 0; i < 5; i++)
				free(v[i]);
			return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
					     _("out of memory"));
		}
		w->entries = ne;
		w->cap = cap;
	}
	e = &w->entries[w->n++];
	memset(e, 0, sizeof(*e));
	e->info.rule = v[0];
	e->info.record = v[1];
	e->info.reason = v[2];
	e->info.approver = v[3];
	e->info.expires = v[4];
	e->info.file = w->files[w->n_files - 1].path;
	e->info.line = sai_node_line(n);
	return SA_OK;
}

static sa_status read_ledger(sai_waivers *w, const char *path,
			     xmlDocPtr doc, sa_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	sa_status st = SA_OK;
	int seen = 0;

	for (n = root ? root->children : NULL; n && st == SA_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "waivers"))
			return at(err, path, n, _("unknown key '%s' in a waiver "
				  "ledger: expected 'waivers'"),
				  (const char *)n->name);
		seen = 1;
		if (n->children)
			st = read_entry(w, path, n, err);
	}
	if (st == SA_OK && !seen)
		return sai_error_set(err, SA_ERR_USAGE, path, 1, 1, _("a waiver "
				     "ledger holds a list under 'waivers:'"));
	return st;
}

/* Keeps the ledger's name and digest (for the reports' provenance). */
static sa_status add_file(sai_waivers *w, const char *path, const char *buf,
			  size_t len, sa_error *err)
{
	ledger_file *f = realloc(w->files, (w->n_files + 1) * sizeof(*f));

	if (!f)
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	w->files = f;
	f = &w->files[w->n_files];
	memset(f, 0, sizeof(*f));
	if (!(f->path = sai_strdup(path)))
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	sai_sha256_hex(buf, len, f->sha256);
	w->n_files++;
	return SA_OK;
}

sa_status sai_waivers_load(sai_waivers *w, const char *path, sa_error *err)
{
	sai_input_rule rule = { _("waiver ledger"), MAX_LEDGER_BYTES, 0, NULL,
				SA_ERR_USAGE };
	sai_yaml_options yo;
	sai_yaml_reader *r = NULL;
	xmlDocPtr doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	sa_status st;

	/* Read whole first: a device, a FIFO or a file over the limit is
	 * refused before a byte is parsed or hashed. */
	if ((st = sai_input_read(path, &rule, &buf, &len, err)) != SA_OK ||
	    (st = add_file(w, path, buf, len, err)) != SA_OK)
		goto out;
	sai_yaml_options_default(&yo);
	yo.max_record_bytes = MAX_LEDGER_BYTES;
	st = sai_yaml_open_buffer(buf, len, path, &yo, &r, err);
	if (st == SA_OK)
		st = sai_yaml_next_document(r, "ledger", &doc, err);
	if (st == SA_OK && !doc)
		st = sai_error_set(err, SA_ERR_USAGE, path, 1, 1, _("empty "
				   "waiver ledger"));
	if (st == SA_OK)
		st = read_ledger(w, path, doc, err);
	else if (err && err->line)
		sai_error_set_source(err, buf, len, err->line);
	if (doc)
		sai_tree_free(doc);
	sai_yaml_free(r);
out:
	free(buf);
	return st;
}

/* ---- applying ----------------------------------------------------------- */

static entry *match(sai_waivers *w, const sa_finding *f, const char *record)
{
	size_t i;

	if (f->rule == &sai_rule_waiver)
		return NULL;  /* the ledger's own findings: never waived */
	for (i = 0; i < w->n; i++) {
		entry *e = &w->entries[i];

		if (fnmatch(e->info.rule, f->rule->id, 0) == 0 &&
		    (!strcmp(e->info.record, "*") ||
		     fnmatch(e->info.record, record, 0) == 0))
			return e;
	}
	return NULL;
}

size_t sai_waivers_apply(sai_waivers *w, const sa_pack *pack,
			 const char *date, sai_result *res)
{
	sa_record_result *rr = &res->pub;
	double score = rr->score;
	const char *grade = rr->grade;
	size_t i, n = 0;

	if (!w || !w->n || !rr->record_id)
		return 0;
	for (i = 0; i < rr->finding_count; i++) {
		sa_finding *f = &res->findings[i];
		entry *e;

		if (f->status != SA_FINDING_FAIL ||
		    !(e = match(w, f, rr->record_id)))
			continue;
		if (strcmp(e->info.expires, date) < 0) {
			e->expired_hit = 1;
			continue;
		}
		e->used = 1;
		f->status = SA_FINDING_WAIVED;
		f->waiver = &e->info;
		rr->counts[SA_FINDING_FAIL]--;
		rr->counts[SA_FINDING_WAIVED]++;
		rr->fail_by_severity[f->severity]--;
		n++;
	}
	if (n && !rr->collection) {
		/* Scored again with the waived rules met. */
		res->n_items = 0;
		rr->vetoed = 0;
		sai_score_record(pack, res);
		rr->score_unwaived = score;
		rr->grade_unwaived = grade;
	}
	return n;
}

/* ---- reporting ---------------------------------------------------------- */

/* Whether the entry's rule (a pattern) names a loaded rule or one of
 * the engine's own, SA-WAIVER aside. */
static int rule_known(const entry *e, const sa_pack *pack)
{
	static const char *const own[] = { "SA-LOAD", "SA-SCHEMA",
					   "SA-ENCODING", "SA-RECORD",
					   "SA-ASSESS", "SA-DUPLICATE",
					   "SA-GRADE", "SA-SCOPE" };
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (fnmatch(e->info.rule, own[i], 0) == 0)
			return 1;
	for (i = 0; pack && i < sa_pack_rule_count(pack); i++)
		if (fnmatch(e->info.rule, sa_pack_rule(pack, i)->id, 0) == 0)
			return 1;
	return !pack;
}

/* What is wrong with the entry, in the report's language. */
static void problem_text(sai_strbuf *sb, const entry *e, int expired,
			 int known, int en)
{
	if (expired)
		sai_strbuf_addf(sb, en ? "waiver of %s for %s expired on %s"
				: "%s 对 %s 的豁免已于 %s 到期", e->info.rule,
				e->info.record, e->info.expires);
	else if (!known)
		sai_strbuf_addf(sb, en ? "waiver of %s for %s: no loaded rule "
				"has this id" : "%s 对 %s 的豁免: 已加载的标准"
				"中没有这个规则编号", e->info.rule,
				e->info.record);
	else
		sai_strbuf_addf(sb, en ? "waiver of %s for %s matched no "
				"failing finding: remove it" : "%s 对 %s 的豁免"
				"未用到 (没有对应的不通过项), 应删除",
				e->info.rule, e->info.record);
}

static sa_status add_problem(const sai_waivers *w, sai_result *res,
			     const entry *e, int expired, int known, int en)
{
	sa_finding *f = sai_result_add_finding(res);
	sai_strbuf sb, raw;

	if (!f)
		return SA_ERR_NOMEM;
	sai_strbuf_init(&sb);
	sai_strbuf_init(&raw);
	/* The entry's rule and record patterns as written, for matching;
	 * masked in the message. */
	problem_text(w->show ? &sb : &raw, e, expired, known, en);
	if (!w->show)
		sai_mask_digits(sai_strbuf_str(&raw), &sb);
	sai_strbuf_release(&raw);
	f->rule = &sai_rule_waiver;
	f->status = SA_FINDING_FAIL;
	f->severity = sai_rule_waiver.severity;
	f->file = sai_result_keep(res, e->info.file);
	f->line = e->info.line;
	f->path = "";
	f->message = sai_result_keep(res, sai_strbuf_str(&sb));
	f->actual = expired ? sai_result_keep(res, e->info.expires) : NULL;
	sai_strbuf_release(&sb);
	res->pub.counts[SA_FINDING_FAIL]++;
	res->pub.fail_by_severity[f->severity]++;
	return f->message && f->file ? SA_OK : SA_ERR_NOMEM;
}

sa_status sai_waivers_report(const sai_waivers *w, const sa_pack *pack,
			     const char *date, const char *lang,
			     sai_result *res, int *any)
{
	int en = lang && !strcmp(lang, "en");
	sa_status st = SA_OK;
	size_t i;

	memset(res, 0, sizeof(*res));
	res->pub.score = res->pub.score_unwaived = -1;
	res->pub.collection = 1;
	*any = 0;
	for (i = 0; w && i < w->n && st == SA_OK; i++) {
		const entry *e = &w->entries[i];
		int expired = strcmp(e->info.expires, date) < 0;

		if (!expired && e->used)
			continue;
		if (!*any) {
			res->pub.file = sai_result_keep(res, e->info.file);
			res->pub.record_id = "(waivers)";
			*any = 1;
		}
		st = add_problem(w, res, e, expired, rule_known(e, pack), en);
	}
	return st;
}
