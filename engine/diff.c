/*
 * diff.c - two JSON reports compared: the findings that are new, fixed or
 * unchanged, and each station's score change (what an annual evaluation
 * team asks first).
 *
 * A finding is identified by its record id, rule id and node path, so
 * that a message that changes wording (a count, a date) is still the same
 * problem.  Problems are `fail` and `error` findings; a waived finding is
 * not one.  Both reports are read record by record (the JSON report of a
 * national audit is large); of each station only its problems and score
 * are kept, not its passes.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "source-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"
#include "i18n.h"

typedef struct problem {
	char *key;                 /* rule \t path */
	char *rule, *message, *file;
	unsigned long line;
	sa_severity severity;
	int matched;
} problem;

typedef struct station {
	char *id, *name, *grade;
	double score;              /* < 0: none */
	problem *probs;
	size_t n_probs, cap_probs;
} station;

/* One station of the comparison, in output order. */
typedef struct change {
	station *old, *cur;        /* either may be NULL */
	size_t unchanged;
} change;

struct sa_diff {
	char *old_path, *new_path;
	xmlHashTablePtr index;     /* id -> station of the old report */
	station **olds;            /* in old order */
	size_t n_olds, cap_olds;
	change *changes;
	size_t n_changes, cap_changes;
	size_t n_new, n_fixed, n_unchanged;
	size_t new_by_severity[SA_SEVERITY_COUNT];
};

#define GROW(arr, n, cap) do { \
	if ((n) == (cap)) { \
		size_t c_ = (cap) ? (cap) * 2 : 16; \
		void *p_ = realloc((arr), c_ * sizeof(*(arr))); \
		if (!p_) \
			return SA_ERR_NOMEM; \
		(arr) = p_; \
		(cap) = c_; \
	} \
} while (0)

/* ---- reading a report ---------------------------------------------------- */

static char *text_of(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, name)) {
			xmlChar *t = xmlNodeGetContent(c);
			char *s = t && t[0] ? sai_strdup((const char *)t) :
				NULL;

			xmlFree(t);
			return s;
		}
	return NULL;
}

static double number_of(const xmlNode *n, const char *name)
{
	char *t = text_of(n, name), *end;
	double v = -1;

	if (t) {
		v = strtod(t, &end);
		if (*end || end == t)
			v = -1;
	}
	free(t);
	return v;
}

static void station_free(station *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_probs; i++) {
		free(s->probs[i].key);
		free(s->probs[i].rule);
		free(s->probs[i].message);
		free(s->probs[i].file);
	}
	free(s->probs);
	free(s->id);
	free(s->name);
	free(s->grade);
	free(s);
}

static sa_status add_problem(station *s, const xmlNode *f)
{
	char *status = text_of(f, "status"), *sev, *path;
	problem *p;
	int bad = !status || (strcmp(status, "fail") && strcmp(status,
								"error"));

	free(status);
	if (bad)
		return SA_OK;
	GROW(s->probs, s->n_probs, s->cap_probs);
	p = &s->probs[s->n_probs++];
	memset(p, 0, sizeof(*p));
	p->rule = text_of(f, "rule");
	p->message = text_of(f, "message");
	p->file = text_of(f, "file");
	p->line = (unsigned long)fmax(0, number_of(f, "line"));
	sev = text_of(f, "severity");
	if (!sev || sa_severity_parse(sev, &p->severity) < 0)
		p->severity = SA_SEVERITY_MAJOR;
	free(sev);
	path = text_of(f, "path");
	{
		sai_strbuf sb;

		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "%s\t%s", p->rule ? p->rule : "",
				path ? path : "");
		p->key = sai_strbuf_detach(&sb, NULL);
	}
	free(path);
	return p->key ? SA_OK : SA_ERR_NOMEM;
}

/* The station of one <record> of a report. */
static sa_status read_station(const xmlNode *rec, station **out)
{
	station *s = calloc(1, sizeof(*s));
	const xmlNode *c;
	sa_status st = SA_OK;

	*out = s;
	if (!s)
		return SA_ERR_NOMEM;
	s->id = text_of(rec, "id");
	if (!s->id) {
		/* An unreadable file: known by its file name. */
		char *file = text_of(rec, "file");
		sai_strbuf sb;

		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "(%s)", file ? file : "-");
		free(file);
		s->id = sai_strbuf_detach(&sb, NULL);
	}
	s->name = text_of(rec, "name");
	s->grade = text_of(rec, "grade");
	s->score = number_of(rec, "score");
	for (c = rec->children; c && st == SA_OK; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, "findings"))
			st = add_problem(s, c);
	return s->id ? st : SA_ERR_NOMEM;
}

/* Reports are streamed, so the limit only stops a runaway input. */
#define MAX_REPORT_BYTES (4ull << 30)

/* Skips JSON white space, then the literal lit; NULL when absent. */
static const char *json_expect(const char *p, const char *end,
			       const char *lit)
{
	size_t n = strlen(lit);

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			   *p == '\r'))
		p++;
	return (size_t)(end - p) >= n && !memcmp(p, lit, n) ? p + n : NULL;
}

/* Refuses anything but a stationaudit JSON report of a version this
 * reader knows: it starts {"schema": "stationaudit-report", "version": N
 * (docs/report-json.md fixes the order of the keys). */
static sa_status check_report(FILE *f, const char *path, sa_error *err)
{
	char head[256];
	size_t n = fread(head, 1, sizeof(head), f);
	const char *p, *end = head + n;
	static const char *const steps[] = { "{", "\"schema\"", ":",
					     "\"stationaudit-report\"", ",",
					     "\"version\"", ":", NULL };
	int i;

	for (p = head, i = 0; p && steps[i]; i++)
		p = json_expect(p, end, steps[i]);
	if (!p)
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0, _("not a "
				     "stationaudit JSON report (one starts "
				     "{\"schema\": \"stationaudit-report\", "
				     "\"version\": 1, ...}): diff and --baseline "
				     "read only those"));
	if (!(p = json_expect(p, end, "1")) || (p < end && *p >= '0' &&
						 *p <= '9'))
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0, _("a "
				     "stationaudit JSON report of a version "
				     "this stationaudit does not read (it "
				     "reads version 1)"));
	if (fseek(f, 0, SEEK_SET) != 0)
		return sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot read "
				     "the report: %s"), strerror(errno));
	return SA_OK;
}

/* Opens a report: a regular file under the limit, and ours. */
static sa_status open_report(const char *path, FILE **out, sa_error *err)
{
	sai_input_rule rule = { _("report"), MAX_REPORT_BYTES, 0, NULL,
				SA_ERR_USAGE };
	unsigned long long size;
	sa_status st;
	int fd;

	*out = NULL;
	if ((st = sai_input_open(path, &rule, &fd, &size, err)) != SA_OK)
		return st;
	if (!(*out = fdopen(fd, "rb"))) {
		close(fd);
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	}
	if ((st = check_report(*out, path, err)) != SA_OK) {
		fclose(*out);
		*out = NULL;
	}
	return st;
}

sa_status sa_diff_check(const char *report, sa_error *err)
{
	FILE *f;
	sa_status st = open_report(report, &f, err);

	if (f)
		fclose(f);
	return st;
}

typedef sa_status (*station_fn)(sa_diff *d, station *s);

static sa_status read_report(sa_diff *d, const char *path, station_fn fn,
			     sa_error *err)
{
	sai_yaml_options yo;
	sai_yaml_reader *r = NULL;
	unsigned long line, col;
	xmlDocPtr doc = NULL;
	FILE *f;
	sa_status st;
	station *s;

	if ((st = open_report(path, &f, err)) != SA_OK)
		return st;
	sai_yaml_options_default(&yo);
	yo.format = "json";
	yo.list_key = "records";
	st = sai_yaml_open_file(f, path, &yo, &r, err);
	while (st == SA_OK &&
	       (st = sai_yaml_next_record(r, &doc, &line, &col, err)) ==
	       SA_OK && doc) {
		st = read_station(xmlDocGetRootElement(doc), &s);
		sai_tree_free(doc);
		if (st == SA_OK)
			st = fn(d, s);
		else
			station_free(s);
		if (st == SA_ERR_NOMEM)
			sai_error_set(err, st, path, 0, 0, _("out of memory"));
	}
	if (st != SA_OK && err && err->line)
		sai_error_read_source(err);
	sai_yaml_free(r);
	fclose(f);
	return st;
}

/* ---- comparing ----------------------------------------------------------- */

static sa_status keep_old(sa_diff *d, station *s)
{
	if (xmlHashLookup(d->index, (const xmlChar *)s->id)) {
		station_free(s);   /* a repeated id: the first one counts */
		return SA_OK;
	}
	GROW(d->olds, d->n_olds, d->cap_olds);
	d->olds[d->n_olds++] = s;
	return xmlHashAddEntry(d->index, (const xmlChar *)s->id, s) == 0 ?
		SA_OK : SA_ERR_NOMEM;
}

static problem *find_match(station *old, const problem *p)
{
	size_t i;

	for (i = 0; old && i < old->n_probs; i++)
		if (!old->probs[i].matched && !strcmp(old->probs[i].key,
						      p->key))
			return &old->probs[i];
	return NULL;
}

static sa_status compare_new(sa_diff *d, station *s)
{
	station *old = xmlHashLookup(d->index, (const xmlChar *)s->id);
	change *c;
	size_t i;

	GROW(d->changes, d->n_changes, d->cap_changes);
	c = &d->changes[d->n_changes++];
	memset(c, 0, sizeof(*c));
	c->old = old;
	c->cur = s;
	if (old)
		xmlHashRemoveEntry(d->index, (const xmlChar *)s->id, NULL);
	for (i = 0; i < s->n_probs; i++) {
		problem *m = find_match(old, &s->probs[i]);

		if (m) {
			m->matched = s->probs[i].matched = 1;
			c->unchanged++;
		} else {
			d->n_new++;
			d->new_by_severity[s->probs[i].severity]++;
		}
	}
	d->n_unchanged += c->unchanged;
	for (i = 0; old && i < old->n_probs; i++)
		d->n_fixed += !old->probs[i].matched;
	return SA_OK;
}

/* Stations of the old report that the new one no longer has (their
 * problems are gone with them, not fixed). */
static sa_status add_removed(sa_diff *d)
{
	size_t i;

	for (i = 0; i < d->n_olds; i++) {
		station *o = d->olds[i];
		change *c;

		if (!xmlHashLookup(d->index, (const xmlChar *)o->id))
			continue;
		GROW(d->changes, d->n_changes, d->cap_changes);
		c = &d->changes[d->n_changes++];
		memset(c, 0, sizeof(*c));
		c->old = o;
	}
	return SA_OK;
}

void sa_diff_free(sa_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n_olds; i++)
		station_free(d->olds[i]);
	for (i = 0; i < d->n_changes; i++)
		station_free(d->changes[i].cur);
	free(d->olds);
	free(d->changes);
	xmlHashFree(d->index, NULL);
	free(d->old_path);
	free(d->new_path);
	free(d);
}

sa_status sa_diff_reports(const char *old_path, const char *new_path,
			  sa_diff **out, sa_error *err)
{
	sa_diff *d = calloc(1, sizeof(*d));
	sa_status st;

	*out = NULL;
	if (!d || !(d->index = xmlHashCreate(1024)) ||
	    !(d->old_path = sai_strdup(old_path)) ||
	    !(d->new_path = sai_strdup(new_path))) {
		sa_diff_free(d);
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	}
	st = read_report(d, old_path, keep_old, err);
	if (st == SA_OK)
		st = read_report(d, new_path, compare_new, err);
	if (st == SA_OK && (st = add_removed(d)) != SA_OK)
		sai_error_set(err, st, NULL, 0, 0, _("out of memory"));
	if (st != SA_OK) {
		sa_diff_free(d);
		return st;
	}
	*out = d;
	return SA_OK;
}

size_t sa_diff_new_count(const sa_diff *d, sa_severity at_least)
{
	size_t n = 0;
	int s;

	for (s = (int)at_least; s < SA_SEVERITY_COUNT; s++)
		n += d->new_by_severity[s];
	return n;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct words {
	const char *title, *summary, *added, *fixed, *scores, *gone, *fresh;
	const char *severity[SA_SEVERITY_COUNT];
} words;

static const words zh = {
	"对比基线", "新增问题 %zu，已修复 %zu，未变 %zu；站点 %zu (新增 %zu，"
	"移除 %zu)，得分上升 %zu，下降 %zu\n", "新增问题", "已修复", "得分变化",
	"(已移除)", "(新增站点)", { "提示", "一般", "重要", "严重" },
};
static const words en = {
	"Compared with the baseline", "new problems %zu, fixed %zu, "
	"unchanged %zu; stations %zu (added %zu, removed %zu), score up %zu, "
	"down %zu\n", "New problems", "Fixed", "Score changes", "(removed)",
	"(new station)", { "info", "minor", "major", "critical" },
};

static void fmt_score(char *buf, size_t n, double v)
{
	if (v < 0)
		snprintf(buf, n, "-");
	else
		sai_format_number(v, buf, n);
}

static void text_problems(FILE *out, const change *c, int fixed,
			  const words *w)
{
	const station *s = fixed ? c->old : c->cur;
	size_t i;

	if (fixed && !c->cur)
		return;

	for (i = 0; s && i < s->n_probs; i++) {
		const problem *p = &s->probs[i];

		if (p->matched)
			continue;
		fprintf(out, "  %s  %s  %s  %s", s->id,
			w->severity[p->severity], p->rule ? p->rule : "-",
			p->message ? p->message : "");
		if (!fixed && p->file)
			fprintf(out, "  (%s:%lu)", p->file, p->line);
		fputc('\n', out);
	}
}

/* Pseudo-records (collection rules, waivers) are not stations. */
static int is_station(const change *c)
{
	return (c->cur ? c->cur : c->old)->id[0] != '(' ||
	       (c->cur ? c->cur : c->old)->score >= 0;
}

static void count_changes(const sa_diff *d, size_t *stations, size_t *up,
			  size_t *down, size_t *added, size_t *removed)
{
	size_t i;

	*stations = *up = *down = *added = *removed = 0;
	for (i = 0; i < d->n_changes; i++) {
		const change *c = &d->changes[i];

		if (!is_station(c))
			continue;
		(*stations)++;
		*added += !c->old;
		*removed += !c->cur;
		if (c->old && c->cur && c->old->score >= 0 &&
		    c->cur->score >= 0) {
			*up += c->cur->score > c->old->score;
			*down += c->cur->score < c->old->score;
		}
	}
}

static void text_scores(FILE *out, const sa_diff *d, const words *w)
{
	char a[32], b[32];
	size_t i;

	for (i = 0; i < d->n_changes; i++) {
		const change *c = &d->changes[i];
		double o = c->old ? c->old->score : -1;
		double n = c->cur ? c->cur->score : -1;
		const station *s = c->cur ? c->cur : c->old;

		if (o == n || !is_station(c))
			continue;
		fmt_score(a, sizeof(a), o);
		fmt_score(b, sizeof(b), n);
		fprintf(out, "  %s  %s  %s -> %s", s->id, s->name ? s->name :
			"", a, b);
		if (o >= 0 && n >= 0)
			fprintf(out, "  (%+.2f)", n - o);
		else
			fprintf(out, "  %s", c->cur ? w->fresh : w->gone);
		fputc('\n', out);
	}
}

static int write_text(const sa_diff *d, FILE *out, const words *w,
		      const char *label)
{
	size_t stations, up, down, added, removed, i;

	count_changes(d, &stations, &up, &down, &added, &removed);
	fprintf(out, "%s: %s -> %s\n", w->title, d->old_path,
		label ? label : d->new_path);
	fprintf(out, w->summary, d->n_new, d->n_fixed, d->n_unchanged,
		stations, added, removed, up, down);
	if (d->n_new) {
		fprintf(out, "\n%s:\n", w->added);
		for (i = 0; i < d->n_changes; i++)
			text_problems(out, &d->changes[i], 0, w);
	}
	if (d->n_fixed) {
		fprintf(out, "\n%s:\n", w->fixed);
		for (i = 0; i < d->n_changes; i++)
			text_problems(out, &d->changes[i], 1, w);
	}
	if (up + down + added + removed) {
		fprintf(out, "\n%s:\n", w->scores);
		text_scores(out, d, w);
	}
	return ferror(out) ? -1 : 0;
}

sa_status sa_diff_write(const sa_diff *d, FILE *out, const char *lang,
			const char *label, sa_error *err)
{
	const words *w = lang && !strcmp(lang, "en") ? &en : &zh;

	if (write_text(d, out, w, label) < 0 || fflush(out) != 0)
		return sai_error_set(err, SA_ERR_IO, NULL, 0, 0, _("cannot write "
				     "the comparison: %s"), strerror(errno));
	return SA_OK;
}
