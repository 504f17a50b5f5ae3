/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rollup.c - stations ranked and summed per province, city, county and
 * township (rollup-internal.h).  A station costs a few dozen bytes, so a province
 * of 40,000 is kept whole; groups are made at the end by sorting indexes
 * of the stations by their region code.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "division-internal.h"
#include "rollup-internal.h"
#include "banned.h"

static const size_t level_digits[SAI_ROLLUP_LEVELS] = { 2, 4, 6, 9 };

#define CHUNK 4096

struct sai_rollup {
	const sa_pack *pack;
	const char **grade_names;  /* the pack's, then "fail" */
	size_t n_grades;
	sai_rollup_station **chunk; /* the stations, CHUNK a piece: no
				    * copy (and no freed copy left behind)
				    * as a run of 600,000 grows */
	size_t n, n_chunks;
	sai_rollup_group *groups[SAI_ROLLUP_LEVELS];
	size_t n_groups[SAI_ROLLUP_LEVELS];
	int coverage;              /* count township coverage at finish */
	sai_rollup_station **by;   /* the stations, sorted per use */
	double *scores;            /* scratch for medians */
};

sai_rollup *sai_rollup_new(const sa_pack *pack)
{
	sai_rollup *r = calloc(1, sizeof(*r));
	size_t i, n = pack ? sa_pack_grade_count(pack) : 0;

	if (!r)
		return NULL;
	r->pack = pack;
	if (!(r->grade_names = calloc(n + 1, sizeof(*r->grade_names)))) {
		free(r);
		return NULL;
	}
	for (i = 0; i < n; i++)
		r->grade_names[i] = sa_pack_grade(pack, i, NULL);
	r->grade_names[n] = "fail";
	r->n_grades = n + 1;
	return r;
}

void sai_rollup_free(sai_rollup *r)
{
	size_t l, i;

	if (!r)
		return;
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		for (i = 0; i < r->n_groups[l]; i++)
			free(r->groups[l][i].grades);
		free(r->groups[l]);
	}
	free(r->grade_names);
	for (i = 0; i < r->n_chunks; i++)
		free(r->chunk[i]);
	free(r->chunk);
	free(r->by);
	free(r->scores);
	free(r);
}

static int grade_index(const sai_rollup *r, const char *grade)
{
	size_t i;

	for (i = 0; grade && i < r->n_grades; i++)
		if (!strcmp(r->grade_names[i], grade))
			return (int)i;
	return -1;
}

int sai_rollup_add(sai_rollup *r, const sa_record_result *rr, size_t *index)
{
	sai_rollup_station *s;

	if (index)
		*index = (size_t)-1;
	if (rr->collection)
		return 0;
	if (r->n == r->n_chunks * CHUNK) {
		sai_rollup_station **p = realloc(r->chunk, (r->n_chunks + 1) *
						 sizeof(*p));

		if (!p)
			return -1;
		r->chunk = p;
		if (!(p[r->n_chunks] = malloc(CHUNK * sizeof(**p))))
			return -1;
		r->n_chunks++;
	}
	s = &r->chunk[r->n / CHUNK][r->n % CHUNK];
	memset(s, 0, sizeof(*s));
	s->seq = rr->seq;
	s->score = rr->not_assessed || rr->load_error ? -1 : rr->score;
	s->grade = grade_index(r, rr->grade);
	s->verdict = sai_report_verdict(rr);
	if (rr->region)
		snprintf(s->region, sizeof(s->region), "%s", rr->region);
	if (index)
		*index = r->n;
	r->n++;
	return 0;
}

/* ---- ranking --------------------------------------------------------------- */

void sai_rank_sorted(const double *scores, size_t n, size_t *ranks)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (scores[i] < 0)
			ranks[i] = 0;
		else
			ranks[i] = i > 0 && ranks[i - 1] &&
				   scores[i] == scores[i - 1] ? ranks[i - 1] :
				   i + 1;
}

/* Scored first, best first, then run order. */
static int cmp_score(const sai_rollup_station *s, const sai_rollup_station *t)
{
	int ss = s->score >= 0, ts = t->score >= 0;

	if (ss != ts)
		return ss ? -1 : 1;
	if (ss && s->score != t->score)
		return s->score > t->score ? -1 : 1;
	return s->seq < t->seq ? -1 : s->seq > t->seq;
}

/* The first digits of the region, then best first.  qsort has no context
 * argument: a comparator per level keeps the library free of globals. */
static int cmp_area(const void *a, const void *b, size_t digits)
{
	const sai_rollup_station *s = *(sai_rollup_station *const *)a;
	const sai_rollup_station *t = *(sai_rollup_station *const *)b;
	int c = digits ? strncmp(s->region, t->region, digits) : 0;

	return c ? c : cmp_score(s, t);
}

static int cmp_run(const void *a, const void *b)
{
	return cmp_area(a, b, 0);
}

static int cmp_province(const void *a, const void *b)
{
	return cmp_area(a, b, 2);
}

static int cmp_city(const void *a, const void *b)
{
	return cmp_area(a, b, 4);
}

static int cmp_county(const void *a, const void *b)
{
	return cmp_area(a, b, 6);
}

static int cmp_township(const void *a, const void *b)
{
	return cmp_area(a, b, 9);
}

/* Whether the region starts with digits digits. */
static int has_area(const sai_rollup_station *s, size_t digits)
{
	size_t i;

	for (i = 0; i < digits; i++)
		if (s->region[i] < '0' || s->region[i] > '9')
			return 0;
	return 1;
}

/* r->by: the stations by the first digits of their region, best first
 * within each area (digits 0: the whole run best first); r->scores their
 * scores in that order. */
static void sort_by(sai_rollup *r, size_t digits)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		r->by[i] = &r->chunk[i / CHUNK][i % CHUNK];
	qsort(r->by, r->n, sizeof(*r->by), digits == 2 ? cmp_province :
	      digits == 4 ? cmp_city :
	      digits == 6 ? cmp_county : digits == 9 ? cmp_township :
	      cmp_run);
	for (i = 0; i < r->n; i++)
		r->scores[i] = r->by[i]->score;
}

/* The end of the area that starts at by[first]. */
static size_t area_end(const sai_rollup *r, size_t first, size_t digits)
{
	const char *code = r->by[first]->region;
	size_t i;

	for (i = first + 1; i < r->n &&
	     !strncmp(r->by[i]->region, code, digits); i++)
		;
	return i;
}

static int rank_all(sai_rollup *r, size_t *ranks)
{
	size_t i, first, end;

	sort_by(r, 0);
	sai_rank_sorted(r->scores, r->n, ranks);
	for (i = 0; i < r->n; i++)
		r->by[i]->rank = ranks[i];
	sort_by(r, 6);
	for (first = 0; first < r->n; first = end) {
		end = area_end(r, first, 6);
		if (!has_area(r->by[first], 6))
			continue;
		sai_rank_sorted(r->scores + first, end - first, ranks);
		for (i = first; i < end; i++)
			r->by[i]->county_rank = ranks[i - first];
	}
	return 0;
}

/* ---- groups ---------------------------------------------------------------- */

/* Names of the area from the division tables, through one of its
 * stations' township codes. */
static void name_group(const sai_rollup *r, sai_rollup_group *g,
		       const sai_rollup_station *s, sai_rollup_level level)
{
	char township[10];
	sa_division d;
	sa_error err;

	if (!r->pack || !has_area(s, 9))
		return;
	memcpy(township, s->region, 9);
	township[9] = '\0';
	sa_error_clear(&err);
	if (sa_pack_division(r->pack, township, &d, &err) != SA_OK)
		return;
	g->province = d.province;
	g->city = level >= SAI_ROLLUP_CITY ? d.city : NULL;
	g->county = level >= SAI_ROLLUP_COUNTY ? d.county : NULL;
	g->township = level >= SAI_ROLLUP_TOWNSHIP ? d.township : NULL;
}

/* The group of by[first, end): scores are sorted best first, the scored
 * ones first, so the median is read off directly. */
static int fill_group(sai_rollup *r, sai_rollup_group *g, size_t first,
		      size_t end, sai_rollup_level level)
{
	const double *sc = r->scores + first;
	double sum = 0;
	size_t i, k;

	memcpy(g->code, r->by[first]->region, level_digits[level]);
	g->code[level_digits[level]] = '\0';
	if (!(g->grades = calloc(r->n_grades, sizeof(*g->grades))))
		return -1;
	g->stations = end - first;
	for (i = first; i < end; i++) {
		const sai_rollup_station *s = r->by[i];

		if (s->grade >= 0)
			g->grades[s->grade]++;
		switch (s->verdict) {
		case SAI_VERDICT_PASS: g->verdicts.pass++; break;
		case SAI_VERDICT_FAIL: g->verdicts.fail++; break;
		case SAI_VERDICT_NOT_ASSESSED: g->verdicts.not_assessed++;
			break;
		case SAI_VERDICT_UNREADABLE: g->verdicts.unreadable++; break;
		case SAI_VERDICT_NONE: break;
		}
	}
	for (k = 0; k < g->stations && sc[k] >= 0; k++)
		sum += sc[k];
	g->scored = k;
	g->mean = k ? sum / (double)k : -1;
	g->median = !k ? -1 : k % 2 ? sc[k / 2] :
		    (sc[k / 2 - 1] + sc[k / 2]) / 2;
	name_group(r, g, r->by[first], level);
	return 0;
}

static int group_level(sai_rollup *r, sai_rollup_level level)
{
	size_t digits = level_digits[level], first, end, n = 0;
	sai_rollup_group *g;

	sort_by(r, digits);
	for (first = 0; first < r->n; first = end) {
		end = area_end(r, first, digits);
		n += has_area(r->by[first], digits);
	}
	if (!n)
		return 0;
	if (!(g = calloc(n, sizeof(*g))))
		return -1;
	r->groups[level] = g;
	for (first = 0; first < r->n; first = end) {
		end = area_end(r, first, digits);
		if (!has_area(r->by[first], digits))
			continue;
		if (fill_group(r, &g[r->n_groups[level]++], first, end,
			       level) < 0)
			return -1;
	}
	return 0;
}

/* ---- township coverage ----------------------------------------------------- */

/* The group of level whose code starts code, or NULL (groups are in code
 * order). */
static sai_rollup_group *find_group(sai_rollup *r, sai_rollup_level level,
				    const char *code)
{
	size_t lo = 0, hi = r->n_groups[level], digits = level_digits[level];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(r->groups[level][mid].code, code, digits);

		if (!c)
			return &r->groups[level][mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One counted unit (code: 9 digits, not NUL-terminated): its areas
 * count it, and it is covered when one of its stations was assessed.
 * Most units of the tables are in no province of the run. */
static void count_unit(const char *code, void *arg)
{
	sai_rollup *r = arg;
	sai_rollup_group *p = find_group(r, SAI_ROLLUP_PROVINCE, code);
	const sai_rollup_group *t;
	int covered, l;

	if (!p)
		return;
	t = find_group(r, SAI_ROLLUP_TOWNSHIP, code);
	covered = t && t->verdicts.pass + t->verdicts.fail > 0;
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_group *g = find_group(r, (sai_rollup_level)l, code);

		if (g) {
			g->units++;
			g->covered += (size_t)covered;
		}
	}
}

/* Only where the pack has division tables: otherwise coverage is not
 * known (has_coverage stays 0), which is not the same as none. */
static void count_coverage(sai_rollup *r)
{
	size_t i, n = r->n_groups[SAI_ROLLUP_PROVINCE];
	char *provinces = malloc(2 * n + 1);
	long rc;
	int l;

	/* Only the tables' units of the run's provinces. */
	for (i = 0; provinces && i < n; i++)
		memcpy(provinces + 2 * i, r->groups[SAI_ROLLUP_PROVINCE][i].code,
		       2);
	if (provinces)
		provinces[2 * n] = '\0';
	rc = sai_division_each_counted(r->pack, provinces, count_unit, r);
	free(provinces);
	if (rc < 0)
		return;
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++)
		for (i = 0; i < r->n_groups[l]; i++)
			r->groups[l][i].has_coverage = 1;
}

void sai_rollup_want_coverage(sai_rollup *r)
{
	r->coverage = 1;
}

double sai_rollup_coverage(const sai_rollup_group *g)
{
	if (!g->has_coverage || !g->units)
		return -1;
	return (double)g->covered / (double)g->units;
}

int sai_rollup_finish(sai_rollup *r)
{
	size_t *ranks;
	int l, rc = 0;

	if (!r->n)
		return 0;
	r->by = malloc(r->n * sizeof(*r->by));
	r->scores = malloc(r->n * sizeof(*r->scores));
	ranks = malloc(r->n * sizeof(*ranks));
	if (!r->by || !r->scores || !ranks || rank_all(r, ranks) < 0)
		rc = -1;
	for (l = 0; rc == 0 && l < SAI_ROLLUP_LEVELS; l++)
		rc = group_level(r, (sai_rollup_level)l);
	free(ranks);
	if (rc == 0 && r->coverage)
		count_coverage(r);
	return rc;
}

/* ---- reading --------------------------------------------------------------- */

size_t sai_rollup_station_count(const sai_rollup *r)
{
	return r->n;
}

const sai_rollup_station *sai_rollup_station_at(const sai_rollup *r,
						size_t i)
{
	return i < r->n ? &r->chunk[i / CHUNK][i % CHUNK] : NULL;
}

size_t sai_rollup_group_count(const sai_rollup *r, sai_rollup_level level)
{
	return r->n_groups[level];
}

const sai_rollup_group *sai_rollup_group_at(const sai_rollup *r,
					    sai_rollup_level level, size_t i)
{
	return i < r->n_groups[level] ? &r->groups[level][i] : NULL;
}

const char *sai_rollup_level_name(sai_rollup_level level)
{
	static const char *const names[SAI_ROLLUP_LEVELS] = {
		"province", "city", "county", "township"
	};

	return names[level];
}

size_t sai_rollup_grade_count(const sai_rollup *r)
{
	return r->n_grades;
}

const char *sai_rollup_grade_name(const sai_rollup *r, size_t i)
{
	return i < r->n_grades ? r->grade_names[i] : NULL;
}
