/*
 * rollup.c - competition ranks and per-level summaries of stations
 * (rollup-internal.h), shared by the reports that show them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rollup-internal.h"

/* ---- ranks ------------------------------------------------------------------ */

static const sai_rank_item *rank_base;

static const char *county_of(const sai_rank_item *it)
{
	return it->county ? it->county : "";
}

/* Best score first. */
static int cmp_score(const void *a, const void *b)
{
	double s = rank_base[*(const size_t *)a].score;
	double t = rank_base[*(const size_t *)b].score;

	return s > t ? -1 : s < t;
}

/* County, then best score first. */
static int cmp_county_score(const void *a, const void *b)
{
	int c = strcmp(county_of(&rank_base[*(const size_t *)a]),
		       county_of(&rank_base[*(const size_t *)b]));

	return c ? c : cmp_score(a, b);
}

int sai_rank_competition(sai_rank_item *items, size_t n)
{
	size_t *by, i, k = 0, first = 0;

	for (i = 0; i < n; i++)
		items[i].rank = items[i].county_rank = 0;
	if (!n)
		return 0;
	if (!(by = malloc(n * sizeof(*by))))
		return -1;
	for (i = 0; i < n; i++)
		if (items[i].score >= 0)
			by[k++] = i;
	/* qsort takes no context: the items are reached through a file
	 * variable, set only for the call (the reports run one at a time
	 * on the run's thread). */
	rank_base = items;
	qsort(by, k, sizeof(*by), cmp_score);
	for (i = 0; i < k; i++)
		items[by[i]].rank = i && items[by[i - 1]].score ==
				    items[by[i]].score ? items[by[i - 1]].rank
						       : i + 1;
	qsort(by, k, sizeof(*by), cmp_county_score);
	for (i = 0; i < k; i++) {
		sai_rank_item *it = &items[by[i]], *prev = i ? &items[by[i - 1]]
							     : NULL;

		if (!prev || strcmp(county_of(prev), county_of(it)))
			first = i;
		if (!county_of(it)[0])
			continue;
		it->county_rank = prev && i > first && prev->score == it->score
				  ? prev->county_rank : i - first + 1;
	}
	rank_base = NULL;
	free(by);
	return 0;
}

/* ---- rollups ---------------------------------------------------------------- */

static const size_t level_digits[SAI_LEVEL_COUNT] = { 2, 4, 6, 9 };

static const sai_rollup_item *roll_base;

/* How many digits the region starts with, at most 9. */
static size_t lead_digits(const char *r)
{
	size_t d = 0;

	while (r && d < 9 && r[d] >= '0' && r[d] <= '9')
		d++;
	return d;
}

/* The item's code at a level into key (10 bytes): "" when it has too
 * few digits (for the province level, the unknown region). */
static void level_key(const sai_rollup_item *it, int level, char key[10])
{
	size_t n = level_digits[level];

	key[0] = '\0';
	if (lead_digits(it->region) < n)
		return;
	memcpy(key, it->region, n);
	key[n] = '\0';
}

/* Region codes in order, the unknown region last; input order among
 * equals (the index). */
static int cmp_region(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const sai_rollup_item *s = &roll_base[i], *t = &roll_base[j];
	int ks = lead_digits(s->region) >= 2, kt = lead_digits(t->region) >= 2;
	int c;

	if (ks != kt)
		return ks ? -1 : 1;
	c = ks ? strcmp(s->region, t->region) : 0;
	return c ? c : (i > j) - (i < j);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Counts item into r; its score also goes to scores (for the median). */
static void roll_add(sai_rollup *r, const sai_rollup_item *it,
		     size_t n_grades, double *scores)
{
	r->stations++;
	if (it->verdict == SAI_VERDICT_PASS)
		r->verdicts.pass++;
	else if (it->verdict == SAI_VERDICT_FAIL)
		r->verdicts.fail++;
	else if (it->verdict == SAI_VERDICT_NOT_ASSESSED)
		r->verdicts.not_assessed++;
	if (it->grade >= 0 && (size_t)it->grade < n_grades)
		r->grades[it->grade]++;
	if (it->score >= 0) {
		scores[r->scored++] = it->score;
		r->mean += it->score;
	}
	if (!r->township[0] && lead_digits(it->region) == 9) {
		memcpy(r->township, it->region, 9);
		r->township[9] = '\0';
	}
}

/* The mean and median of the scores gathered for r. */
static void roll_close(sai_rollup *r, double *scores)
{
	size_t k = r->scored;

	if (!k)
		return;
	r->mean /= (double)k;
	qsort(scores, k, sizeof(*scores), cmp_double);
	r->median = k % 2 ? scores[k / 2]
			  : (scores[k / 2 - 1] + scores[k / 2]) / 2;
}

static sai_rollup *roll_open(sai_rollup **out, size_t *count, size_t *cap,
			     int level, const char *code, size_t parent,
			     size_t n_grades)
{
	sai_rollup *r;

	if (*count == *cap) {
		size_t c = *cap ? 2 * *cap : 64;

		if (!(r = realloc(*out, c * sizeof(*r))))
			return NULL;
		*out = r;
		*cap = c;
	}
	r = &(*out)[*count];
	memset(r, 0, sizeof(*r));
	r->level = level;
	memcpy(r->code, code, strlen(code) + 1);
	r->parent = parent;
	if (!(r->grades = calloc(n_grades + 1, sizeof(*r->grades))))
		return NULL;
	(*count)++;
	return r;
}

/* Walks the items in region order: a division opens where its code
 * first appears and, the codes being sorted, closes before the next
 * one of its level or above opens. */
static int roll_walk(const size_t *order, size_t n, size_t n_grades,
		     double *scores, sai_rollup **out, size_t *count)
{
	size_t open[SAI_LEVEL_COUNT], cap = 0, i;
	double *sc[SAI_LEVEL_COUNT];
	int l;

	for (l = 0; l < SAI_LEVEL_COUNT; l++) {
		open[l] = SAI_ROLLUP_NONE;
		sc[l] = scores + (size_t)l * n;
	}
	for (i = 0; i < n; i++) {
		const sai_rollup_item *it = &roll_base[order[i]];

		for (l = 0; l < SAI_LEVEL_COUNT; l++) {
			char key[10];
			size_t parent = l ? open[l - 1] : SAI_ROLLUP_NONE;

			level_key(it, l, key);
			if (open[l] != SAI_ROLLUP_NONE &&
			    !strcmp((*out)[open[l]].code, key) &&
			    (l == 0 || (*out)[open[l]].parent == parent))
				goto add;
			if (open[l] != SAI_ROLLUP_NONE)
				roll_close(&(*out)[open[l]], sc[l]);
			open[l] = SAI_ROLLUP_NONE;
			if (l && !key[0])
				continue;
			if (!roll_open(out, count, &cap, l, key, parent,
				       n_grades))
				return -1;
			open[l] = *count - 1;
add:
			roll_add(&(*out)[open[l]], it, n_grades, sc[l]);
		}
	}
	for (l = 0; l < SAI_LEVEL_COUNT; l++)
		if (open[l] != SAI_ROLLUP_NONE)
			roll_close(&(*out)[open[l]], sc[l]);
	return 0;
}

int sai_rollup_build(const sai_rollup_item *items, size_t n,
		     size_t n_grades, sai_rollup **out, size_t *count)
{
	size_t *order = NULL, i;
	double *scores = NULL;
	int rc = -1;

	*out = NULL;
	*count = 0;
	if (!n)
		return 0;
	order = malloc(n * sizeof(*order));
	scores = malloc((size_t)SAI_LEVEL_COUNT * n * sizeof(*scores));
	if (!order || !scores)
		goto out;
	for (i = 0; i < n; i++)
		order[i] = i;
	roll_base = items;
	qsort(order, n, sizeof(*order), cmp_region);
	rc = roll_walk(order, n, n_grades, scores, out, count);
	roll_base = NULL;
out:
	if (rc < 0) {
		sai_rollup_free(*out, *count);
		*out = NULL;
		*count = 0;
	}
	free(order);
	free(scores);
	return rc;
}

void sai_rollup_free(sai_rollup *r, size_t count)
{
	size_t i;

	for (i = 0; r && i < count; i++)
		free(r[i].grades);
	free(r);
}
