/* SPDX-License-Identifier: Apache-2.0 */
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
 * are kept, not its passes.  A station given twice in one run is
 * compared once: its not-assessed copy (SA-DUPLICATE) is left out on
 * both sides.
 *
 * A problem is fixed only when its rule judged the station again and it
 * is gone: the station was assessed this time and the rule has a finding
 * on it that is not "not applicable" or an error (a pass, another
 * failure, a waiver); the engine's own checks (SA-...) judge every
 * record read.  The problems of a station that is not assessed
 * now (out of scope, not operating, a duplicate), of a rule that did not
 * judge it, and of a station the new side no longer has are "not
 * re-checked": counted, never fixed.
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

#include "diff-internal.h"
#include "eval-internal.h"
#include "report-internal.h"
#include "source-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"
#include "i18n.h"

typedef struct problem {
	char *key;                 /* rule \t path (sai_report_finding_key) */
	char *rule, *path, *message, *file;
	char *detail;              /* actual \x1f expected: what "updated"
				    * compares (not the message, which is
				    * in the report's language) */
	unsigned long line;
	sa_severity severity;
	int matched;               /* found on the other side */
	int waived;                /* a waived finding, not a problem */
} problem;

typedef struct station {
	char *id, *name, *grade;
	double score;              /* < 0: none */
	double score_unwaived;     /* < 0: unknown */
	problem *probs;            /* problems, then waived findings */
	size_t n_probs, cap_probs;
	unsigned long line, column; /* of its id in a report file; 0: it
				    * has none (known by its file) or
				    * comes from the run */
	int duplicate;             /* a not-assessed copy of a station
				    * given before (SA-DUPLICATE) */
	char *file;                /* the record's file, for fingerprints */
	unsigned long rline;       /* the record's line */
	int by_line;               /* no id or not assessed: the
				    * fingerprint names its line */
	int collection;            /* a pseudo-record (collection, waivers) */
	char *judged;              /* "\nRULE\n..." the rules that judged
				    * it (a finding not n/a nor error); the
				    * new side's only */
} station;

/* One station of the comparison, in output order. */
typedef struct change {
	station *old, *cur;        /* either may be NULL */
	size_t counts[SAI_CHANGE_COUNT];
	size_t unchecked;          /* old problems not re-checked */
} change;

struct sa_diff {
	char *old_path, *new_path;
	xmlHashTablePtr index;     /* id -> station of the old report */
	xmlHashTablePtr new_ids;   /* id -> station of the new report */
	station **olds;            /* in old order */
	size_t n_olds, cap_olds;
	change *changes;
	size_t n_changes, cap_changes;
	size_t n_new, n_fixed, n_unchanged, n_waived, n_unchecked;
	size_t new_by_severity[SA_SEVERITY_COUNT];
	int last_valid;            /* changes[n_changes - 1] is the record
				    * the run reports now */
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

static const xmlNode *child_of(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

static char *text_of(const xmlNode *n, const char *name)
{
	const xmlNode *c = child_of(n, name);
	xmlChar *t;
	char *s;

	if (!c)
		return NULL;
	t = xmlNodeGetContent(c);
	s = t && t[0] ? sai_strdup((const char *)t) : NULL;
	xmlFree(t);
	return s;
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

/* The score in n's child name into *out: -1 when absent or null.  Any
 * other value than a number from 0 to 100 (1e999 is infinite) is an
 * error at its line and column. */
static sa_status score_of(const xmlNode *n, const char *name,
			  const char *path, double *out, sa_error *err)
{
	const xmlNode *c = child_of(n, name);
	char *t = text_of(n, name), *end;
	double v = -1;
	int ok = 1;

	if (t) {
		v = strtod(t, &end);
		ok = end != t && !*end && isfinite(v) && v >= 0 && v <= 100;
	}
	free(t);
	*out = ok ? v : -1;
	if (ok)
		return SA_OK;
	return sai_error_set(err, SA_ERR_SHAPE, path, sai_node_line(c),
			     sai_node_column(c), _("'%s' must be a number from "
			     "0 to 100, or null"), name);
}

static void station_free(station *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_probs; i++) {
		free(s->probs[i].key);
		free(s->probs[i].rule);
		free(s->probs[i].path);
		free(s->probs[i].message);
		free(s->probs[i].detail);
		free(s->probs[i].file);
	}
	free(s->probs);
	free(s->judged);
	free(s->file);
	free(s->id);
	free(s->name);
	free(s->grade);
	free(s);
}

/* The engine's finding on the copy of a station given twice in a run: the
 * copy is not assessed, and left out of the comparison (the first one
 * stands for the station), in reports read and in the run. */
#define DUPLICATE_RULE "SA-DUPLICATE"

/* Appends expected with each format's description (in either language)
 * written as its number: "updated" compares values, not the report's
 * language. */
static void add_expected(sai_strbuf *sb, const char *expected)
{
	const char *p = expected;
	size_t f, l, n;

	while (p && *p) {
		for (f = 1, n = 0; f < SAI_FORMAT_TEXTS && !n; f++)
			for (l = 0; l < 2 && !n; l++)
				if (!strncmp(p, sai_format_text[f][l],
					     strlen(sai_format_text[f][l]))) {
					n = strlen(sai_format_text[f][l]);
					sai_strbuf_addf(sb, "\x1e%zu", f);
				}
		if (!n)
			sai_strbuf_addc(sb, *p);
		p += n ? n : 1;
	}
}

/* Adds a problem (or, waived, a waived finding) with its key. */
static sa_status push_problem(station *s, const char *rule, const char *path,
			      const char *message, const char *file,
			      unsigned long line, sa_severity severity,
			      int waived, const char *actual,
			      const char *expected)
{
	problem *p;
	sai_strbuf sb;
	char buf[32];

	GROW(s->probs, s->n_probs, s->cap_probs);
	p = &s->probs[s->n_probs++];
	memset(p, 0, sizeof(*p));
	p->rule = rule ? sai_strdup(rule) : NULL;
	p->path = path ? sai_strdup(path) : NULL;
	p->message = message ? sai_strdup(message) : NULL;
	p->file = file ? sai_strdup(file) : NULL;
	p->line = line;
	p->severity = severity;
	p->waived = waived;
	if (!waived && rule && !strcmp(rule, DUPLICATE_RULE))
		s->duplicate = 1;
	sai_strbuf_init(&sb);
	/* A pseudo-record's findings without a path (a ledger's) are told
	 * apart by line, as their fingerprints are. */
	sai_strbuf_addf(&sb, "%s\t%s", rule ? rule : "",
			sai_report_finding_key(s->id[0] == '(', path, line,
					       buf));
	p->key = sai_strbuf_detach(&sb, NULL);
	sai_strbuf_addf(&sb, "%s\x1f", actual ? actual : "");
	add_expected(&sb, expected);
	p->detail = sai_strbuf_detach(&sb, NULL);
	if (!p->key || !p->detail || (rule && !p->rule) || (path && !p->path) ||
	    (message && !p->message) || (file && !p->file))
		return SA_ERR_NOMEM;
	return SA_OK;
}

/* Notes that rule judged s (sai_diff_station: a fix needs it). */
static sa_status note_judged(station *s, const char *rule)
{
	sai_strbuf sb;
	size_t n = strlen(rule);
	const char *p;

	for (p = s->judged; p && (p = strstr(p, rule)); p++)
		if (p[-1] == '\n' && p[n] == '\n')
			return SA_OK;
	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s%s\n", s->judged ? s->judged : "\n", rule);
	free(s->judged);
	s->judged = sai_strbuf_detach(&sb, NULL);
	return s->judged ? SA_OK : SA_ERR_NOMEM;
}

/* Whether rule judged s again (note_judged). */
static int judged_by(const station *s, const char *rule)
{
	size_t n = rule ? strlen(rule) : 0;
	const char *p;

	for (p = s->judged; n && p && (p = strstr(p + 1, rule)); )
		if (p[-1] == '\n' && p[n] == '\n')
			return 1;
	return 0;
}

static sa_status add_problem(station *s, const xmlNode *f)
{
	char *status = text_of(f, "status"), *sev = NULL, *rule = NULL;
	char *path = NULL, *message = NULL, *file = NULL;
	char *actual = NULL, *expected = NULL;
	sa_severity severity;
	sa_status st = SA_OK;
	int waived = status && !strcmp(status, "waived");

	if (status && !strcmp(status, "pass") &&
	    (rule = text_of(f, "rule")) != NULL)
		st = note_judged(s, rule);
	if (!status || (strcmp(status, "fail") && strcmp(status, "error") &&
			!waived))
		goto out;
	rule = text_of(f, "rule");
	if (rule && strcmp(status, "error") && (st = note_judged(s, rule)))
		goto out;
	path = text_of(f, "path");
	message = text_of(f, "message");
	file = text_of(f, "file");
	sev = text_of(f, "severity");
	actual = text_of(f, "actual");
	expected = text_of(f, "expected");
	if (!sev || sa_severity_parse(sev, &severity) < 0)
		severity = SA_SEVERITY_MAJOR;
	st = push_problem(s, rule, path, message, file,
			  (unsigned long)fmax(0, number_of(f, "line")),
			  severity, waived, actual, expected);
out:
	free(actual);
	free(expected);
	free(status);
	free(sev);
	free(rule);
	free(path);
	free(message);
	free(file);
	return st;
}

/* The station of one <record> of the report path. */
static sa_status read_station(const xmlNode *rec, const char *path,
			      station **out, sa_error *err)
{
	station *s = calloc(1, sizeof(*s));
	const xmlNode *c;
	sa_status st = SA_OK;

	*out = s;
	if (!s)
		return SA_ERR_NOMEM;
	s->id = text_of(rec, "id");
	if (s->id) {
		s->line = sai_node_line(child_of(rec, "id"));
		s->column = sai_node_column(child_of(rec, "id"));
	} else {
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
	s->file = text_of(rec, "file");
	s->rline = (unsigned long)fmax(0, number_of(rec, "line"));
	{
		char *v = text_of(rec, "verdict"), *coll = text_of(rec,
								 "collection");

		s->by_line = !child_of(rec, "id") || (v &&
			     !strcmp(v, "not_assessed"));
		s->collection = coll && !strcmp(coll, "true");
		free(v);
		free(coll);
	}
	if ((st = score_of(rec, "score", path, &s->score, err)) != SA_OK ||
	    (st = score_of(rec, "score_without_waivers", path,
			   &s->score_unwaived, err)) != SA_OK)
		return st;
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

typedef sa_status (*station_fn)(sa_diff *d, station *s, const char *path,
				sa_error *err);

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
		st = read_station(xmlDocGetRootElement(doc), path, &s, err);
		sai_tree_free(doc);
		if (st == SA_OK)
			st = fn(d, s, path, err);
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

/* Refuses s of the report path, whose id first already has: which of
 * the two the other report's station is compared with would be a guess.
 * Frees s. */
static sa_status given_twice(const station *first, station *s,
			     const char *path, sa_error *err)
{
	sai_error_set(err, SA_ERR_SHAPE, path, s->line, s->column,
		      _("the station id '%s' is given twice: first at line "
		      "%lu, column %lu"), s->id, first->line, first->column);
	station_free(s);
	return SA_ERR_SHAPE;
}

static sa_status keep_old(sa_diff *d, station *s, const char *path,
			  sa_error *err)
{
	const station *first = xmlHashLookup(d->index,
					     (const xmlChar *)s->id);

	if (s->duplicate) {
		station_free(s);
		return SA_OK;
	}
	free(s->judged);       /* the old side's is not asked */
	s->judged = NULL;
	if (first && s->line && first->line)
		return given_twice(first, s, path, err);
	if (first) {
		station_free(s);   /* no id, known by a file: the first counts */
		return SA_OK;
	}
	GROW(d->olds, d->n_olds, d->cap_olds);
	d->olds[d->n_olds++] = s;
	return xmlHashAddEntry(d->index, (const xmlChar *)s->id, s) == 0 ?
		SA_OK : SA_ERR_NOMEM;
}

/* A finding of st with key, a problem or (waived) a waived one, not
 * matched yet. */
static problem *find_key(station *st, const char *key, int waived)
{
	size_t i;

	for (i = 0; st && i < st->n_probs; i++)
		if (!st->probs[i].matched && st->probs[i].waived == waived &&
		    !strcmp(st->probs[i].key, key))
			return &st->probs[i];
	return NULL;
}

/* Whether the old problem p of a station is judged again by the new
 * side s (see the head of this file): the records without an id that
 * are re-read each run (collections, ledgers, unreadable files) are; a
 * station when it is assessed and p's rule judged it. */
static int rechecked(const station *s, const problem *p)
{
	/* The engine's own checks (SA-SCOPE, SA-LOAD, ...) judge every
	 * record read, assessed or not. */
	if (s->id[0] == '(' || (p->rule && !strncmp(p->rule, "SA-", 3)))
		return 1;
	return !s->by_line && judged_by(s, p->rule);
}

/* Old problems' matched: 1 still there, 2 waived now, 0 fixed, 3 not
 * re-checked. */
static void compare_problems(sa_diff *d, change *c)
{
	station *old = c->old, *s = c->cur;
	size_t i;

	for (i = 0; i < s->n_probs; i++) {
		problem *p = &s->probs[i], *m;

		if (p->waived)
			continue;
		if ((m = find_key(old, p->key, 0))) {
			m->matched = p->matched = 1;
			c->counts[SAI_CHANGE_UNCHANGED]++;
		} else {
			c->counts[SAI_CHANGE_NEW]++;
			d->new_by_severity[p->severity]++;
		}
	}
	for (i = 0; old && i < old->n_probs; i++) {
		problem *p = &old->probs[i], *w;

		if (p->waived || p->matched)
			continue;
		if ((w = find_key(s, p->key, 1))) {
			w->matched = 1;
			p->matched = 2;
			c->counts[SAI_CHANGE_WAIVED]++;
		} else if (rechecked(s, p)) {
			c->counts[SAI_CHANGE_FIXED]++;
		} else {
			p->matched = 3;
			c->unchecked++;
		}
	}
	d->n_unchecked += c->unchecked;
	d->n_new += c->counts[SAI_CHANGE_NEW];
	d->n_unchanged += c->counts[SAI_CHANGE_UNCHANGED];
	d->n_fixed += c->counts[SAI_CHANGE_FIXED];
	d->n_waived += c->counts[SAI_CHANGE_WAIVED];
}

static sa_status compare_new(sa_diff *d, station *s)
{
	station *old = xmlHashLookup(d->index, (const xmlChar *)s->id);
	change *c;

	if (d->n_changes == d->cap_changes) {
		size_t cap = d->cap_changes ? d->cap_changes * 2 : 16;
		change *p = realloc(d->changes, cap * sizeof(*p));

		if (!p) {
			station_free(s);
			return SA_ERR_NOMEM;
		}
		d->changes = p;
		d->cap_changes = cap;
	}
	c = &d->changes[d->n_changes++];
	memset(c, 0, sizeof(*c));
	c->old = old;
	c->cur = s;
	if (old)
		xmlHashRemoveEntry(d->index, (const xmlChar *)s->id, NULL);
	compare_problems(d, c);
	d->last_valid = 1;
	return SA_OK;
}

/* A station of the new report: refused when its id came before. */
static sa_status compare_read(sa_diff *d, station *s, const char *path,
			      sa_error *err)
{
	const station *first;

	if (s->duplicate) {
		station_free(s);
		return SA_OK;
	}
	if (!s->line)
		return compare_new(d, s);
	if (!d->new_ids && !(d->new_ids = xmlHashCreate(1024))) {
		station_free(s);
		return SA_ERR_NOMEM;
	}
	if ((first = xmlHashLookup(d->new_ids, (const xmlChar *)s->id)))
		return given_twice(first, s, path, err);
	if (xmlHashAddEntry(d->new_ids, (const xmlChar *)s->id, s) != 0) {
		station_free(s);
		return SA_ERR_NOMEM;
	}
	return compare_new(d, s);
}

static int is_station(const change *c);

/* Stations of the old report that the new one no longer has (their
 * problems are not re-checked, never fixed). */
static sa_status add_removed(sa_diff *d)
{
	size_t i, k;

	for (i = 0; i < d->n_olds; i++) {
		station *o = d->olds[i];
		change *c;

		if (!xmlHashLookup(d->index, (const xmlChar *)o->id))
			continue;
		GROW(d->changes, d->n_changes, d->cap_changes);
		c = &d->changes[d->n_changes++];
		memset(c, 0, sizeof(*c));
		c->old = o;
		for (k = 0; is_station(c) && k < o->n_probs; k++)
			c->unchecked += !o->probs[k].waived;
		d->n_unchecked += c->unchecked;
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
	xmlHashFree(d->new_ids, NULL);
	free(d->old_path);
	free(d->new_path);
	free(d);
}

/* A comparison with its old side read; new_path names the new side. */
static sa_status diff_open(const char *old_path, const char *new_path,
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
	if ((st = read_report(d, old_path, keep_old, err)) != SA_OK) {
		sa_diff_free(d);
		return st;
	}
	*out = d;
	return SA_OK;
}

sa_status sa_diff_reports(const char *old_path, const char *new_path,
			  sa_diff **out, sa_error *err)
{
	sa_diff *d;
	sa_status st;

	*out = NULL;
	/* Both are checked before either is read: a dossier given as the
	 * new report fails at once, not after a national baseline. */
	if ((st = sa_diff_check(new_path, err)) != SA_OK ||
	    (st = diff_open(old_path, new_path, &d, err)) != SA_OK)
		return st;
	st = read_report(d, new_path, compare_read, err);
	if (st == SA_OK && (st = sai_diff_finish(d)) != SA_OK)
		sai_error_set(err, st, NULL, 0, 0, _("out of memory"));
	if (st != SA_OK) {
		sa_diff_free(d);
		return st;
	}
	*out = d;
	return SA_OK;
}

/* ---- check --baseline: the new side from the run's results -------------- */

sa_status sai_diff_begin(const char *old_report, sa_diff **out, sa_error *err)
{
	return diff_open(old_report, "-", out, err);
}

sa_status sai_diff_finish(sa_diff *d)
{
	d->last_valid = 0;
	return add_removed(d);
}

/* What the JSON report would say of the finding's message. */
static const char *finding_message(const sa_finding *f)
{
	if (f->message)
		return f->message;
	if (f->rule && f->rule->title && f->rule->title[0])
		return f->rule->title;
	return f->rule ? f->rule->id : NULL;
}

/* The station a record of the run is, as read_station reads the JSON
 * report that the run writes. */
static sa_status station_of(const sa_record_result *rr, station **out)
{
	station *s = calloc(1, sizeof(*s));
	sai_strbuf sb;
	size_t i;
	sa_status st = SA_OK;

	if (!(*out = s))
		return SA_ERR_NOMEM;
	sai_strbuf_init(&sb);
	if (rr->record_id)
		sai_strbuf_adds(&sb, rr->record_id);
	else
		sai_strbuf_addf(&sb, "(%s)", rr->file ? rr->file : "-");
	s->id = sai_strbuf_detach(&sb, NULL);
	s->file = rr->file ? sai_strdup(rr->file) : NULL;
	s->rline = rr->line;
	s->by_line = !rr->record_id || !rr->record_id[0] || rr->not_assessed;
	s->collection = rr->collection;
	s->name = rr->name && rr->name[0] ? sai_strdup(rr->name) : NULL;
	s->grade = rr->grade ? sai_strdup(rr->grade) : NULL;
	s->score = rr->score >= 0 ? rr->score : -1;
	s->score_unwaived = rr->counts[SA_FINDING_WAIVED] ?
			    rr->score_unwaived : s->score;
	for (i = 0; i < rr->finding_count && st == SA_OK; i++) {
		const sa_finding *f = &rr->findings[i];

		if ((f->status == SA_FINDING_PASS ||
		     f->status == SA_FINDING_FAIL ||
		     f->status == SA_FINDING_WAIVED) && f->rule && f->rule->id &&
		    (st = note_judged(s, f->rule->id)) != SA_OK)
			break;
		if (f->status == SA_FINDING_FAIL ||
		    f->status == SA_FINDING_ERROR ||
		    f->status == SA_FINDING_WAIVED)
			st = push_problem(s, f->rule ? f->rule->id : NULL,
					  f->path, finding_message(f),
					  f->file ? f->file : rr->file,
					  f->line, f->severity,
					  f->status == SA_FINDING_WAIVED,
					  f->actual, f->expected);
	}
	if (!s->id || (rr->name && rr->name[0] && !s->name) ||
	    (rr->file && !s->file) ||
	    (rr->grade && !s->grade))
		st = SA_ERR_NOMEM;
	return st;
}

sa_status sai_diff_add_result(sa_diff *d, const sa_record_result *rr)
{
	station *s;
	sa_status st = station_of(rr, &s);

	if (st != SA_OK || s->duplicate) {
		/* A copy: its findings get no year-over-year state. */
		station_free(s);
		d->last_valid = 0;
		return st;
	}
	return compare_new(d, s);
}

/* The detail of the old problem that a new one matched. */
static const char *old_detail(const station *old, const char *key)
{
	size_t i;

	for (i = 0; old && i < old->n_probs; i++)
		if (old->probs[i].matched == 1 && !old->probs[i].waived &&
		    !strcmp(old->probs[i].key, key))
			return old->probs[i].detail;
	return NULL;
}

/* Whether old has a finding with key, waived or not. */
static int old_has(const station *old, const char *key, int waived)
{
	size_t i;

	for (i = 0; old && i < old->n_probs; i++)
		if (old->probs[i].waived == waived &&
		    !strcmp(old->probs[i].key, key))
			return 1;
	return 0;
}

const char *sai_diff_finding_state(const sa_diff *d,
				   const sa_record_result *rr,
				   const sa_finding *f)
{
	const change *c;
	const char *old;
	const char *rule = f->rule && f->rule->id ? f->rule->id : "";
	const char *path;
	char buf[32];
	int waived = f->status == SA_FINDING_WAIVED;
	size_t i, rl;

	if (!d || !d->last_valid || !d->n_changes ||
	    (f->status != SA_FINDING_FAIL && f->status != SA_FINDING_ERROR &&
	     !waived))
		return NULL;
	c = &d->changes[d->n_changes - 1];
	if (!c->cur || (rr->record_id && strcmp(c->cur->id, rr->record_id)))
		return NULL;
	path = sai_report_finding_key(c->cur->id[0] == '(', f->path, f->line,
				      buf);
	rl = strlen(rule);
	for (i = 0; i < c->cur->n_probs; i++) {
		const problem *p = &c->cur->probs[i];

		if (p->waived != waived || strncmp(p->key, rule, rl) ||
		    p->key[rl] != '\t' || strcmp(p->key + rl + 1, path))
			continue;
		/* Waived now: updated when it was a problem then. */
		if (waived)
			return p->matched ? "updated" :
			       old_has(c->old, p->key, 1) ? "unchanged" :
			       "new";
		/* A finding repeated at one path: the first stands for all. */
		if (!p->matched)
			return "new";
		/* Updated: its values changed, not the report's language. */
		old = old_detail(c->old, p->key);
		return old && strcmp(old, p->detail) ? "updated" :
		       "unchanged";
	}
	return "new";
}

size_t sa_diff_new_count(const sa_diff *d, sa_severity at_least)
{
	size_t n = 0;
	int s;

	for (s = (int)at_least; s < SA_SEVERITY_COUNT; s++)
		n += d->new_by_severity[s];
	return n;
}

/* ---- reading the comparison (diff-internal.h) ----------------------------- */

const char *sai_diff_old_path(const sa_diff *d)
{
	return d->old_path;
}

const char *sai_diff_new_path(const sa_diff *d)
{
	return d->new_path;
}

size_t sai_diff_station_count(const sa_diff *d)
{
	return d->n_changes;
}

/* Pseudo-records (collection rules, waivers) are not stations. */
static int is_station(const change *c)
{
	const station *s = c->cur ? c->cur : c->old;

	return s->id[0] != '(' || s->score >= 0;
}

void sai_diff_station_at(const sa_diff *d, size_t i, sai_diff_station *out)
{
	const change *c = &d->changes[i];
	const station *s = c->cur ? c->cur : c->old;
	int k;

	memset(out, 0, sizeof(*out));
	out->id = s->id;
	out->name = s->name;
	out->old_score = c->old ? c->old->score : -1;
	out->new_score = c->cur ? c->cur->score : -1;
	memcpy(out->counts, c->counts, sizeof(out->counts));
	out->unchecked = c->unchecked;
	out->station = is_station(c);
	if (c->old && c->cur && c->old->score_unwaived >= 0 &&
	    c->cur->score_unwaived >= 0 && c->old->score >= 0 &&
	    c->cur->score >= 0)
		out->waiver_gain = (c->cur->score - c->cur->score_unwaived) -
				   (c->old->score - c->old->score_unwaived);
	if (!c->old)
		out->state = SAI_STATION_ADDED;
	else if (!c->cur)
		out->state = SAI_STATION_REMOVED;
	else
		out->state = SAI_STATION_UNCHANGED;
	for (k = 0; k < SAI_CHANGE_COUNT; k++)
		if (k != SAI_CHANGE_UNCHANGED && c->counts[k] &&
		    out->state == SAI_STATION_UNCHANGED)
			out->state = SAI_STATION_CHANGED;
	if (out->state == SAI_STATION_UNCHANGED &&
	    out->old_score != out->new_score)
		out->state = SAI_STATION_CHANGED;
}

/* The problems listed of a station: the new side's, then the old side's
 * that were fixed or waived (none for a removed station). */
static const problem *item_problem(const change *c, size_t j, int *from_old)
{
	size_t i;

	for (i = 0; c->cur && i < c->cur->n_probs; i++)
		if (!c->cur->probs[i].waived && j-- == 0) {
			*from_old = 0;
			return &c->cur->probs[i];
		}
	for (i = 0; c->cur && c->old && i < c->old->n_probs; i++)
		if (!c->old->probs[i].waived &&
		    c->old->probs[i].matched != 1 &&
		    c->old->probs[i].matched != 3 && j-- == 0) {
			*from_old = 1;
			return &c->old->probs[i];
		}
	return NULL;
}

size_t sai_diff_item_count(const sa_diff *d, size_t i)
{
	const change *c = &d->changes[i];

	if (!c->cur)
		return 0;
	return c->counts[SAI_CHANGE_NEW] + c->counts[SAI_CHANGE_UNCHANGED] +
	       c->counts[SAI_CHANGE_FIXED] + c->counts[SAI_CHANGE_WAIVED];
}

void sai_diff_item_at(const sa_diff *d, size_t i, size_t j,
		      sai_diff_item *out)
{
	int from_old = 0;
	const problem *p = item_problem(&d->changes[i], j, &from_old);
	const station *s;

	memset(out, 0, sizeof(*out));
	if (!p)
		return;
	s = from_old ? d->changes[i].old : d->changes[i].cur;
	out->record = s->by_line ? NULL : s->id;
	out->record_file = s->file;
	out->record_line = s->rline;
	out->collection = s->collection;
	if (from_old)
		out->change = p->matched == 2 ? SAI_CHANGE_WAIVED :
			      SAI_CHANGE_FIXED;
	else
		out->change = p->matched ? SAI_CHANGE_UNCHANGED :
			      SAI_CHANGE_NEW;
	out->rule = p->rule;
	out->path = p->path;
	out->message = p->message;
	out->file = p->file;
	out->line = p->line;
	out->severity = p->severity;
}

void sai_diff_totals_of(const sa_diff *d, sai_diff_totals *t)
{
	sai_diff_station s;
	size_t i;
	int k;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < d->n_changes; i++) {
		sai_diff_station_at(d, i, &s);
		for (k = 0; k < SAI_CHANGE_COUNT; k++)
			t->problems[k] += s.counts[k];
		t->unchecked += s.unchecked;
		if (!s.station)
			continue;
		t->stations++;
		t->added += s.state == SAI_STATION_ADDED;
		t->removed += s.state == SAI_STATION_REMOVED;
		if (s.old_score >= 0 && s.new_score >= 0) {
			t->up += s.new_score > s.old_score;
			t->down += s.new_score < s.old_score;
		} else if (s.state != SAI_STATION_ADDED &&
			   s.state != SAI_STATION_REMOVED) {
			t->unscored += s.old_score >= 0 && s.new_score < 0;
			t->first_scored += s.old_score < 0 &&
					   s.new_score >= 0;
		}
	}
}

const char *sai_change_name(sai_change c)
{
	static const char *const names[SAI_CHANGE_COUNT] = {
		"new", "fixed", "unchanged", "newly_waived"
	};

	return names[c];
}

const char *sai_station_state_name(sai_station_state s)
{
	static const char *const names[] = {
		"added", "removed", "changed", "unchanged"
	};

	return names[s];
}
