/*
 * rollup-internal.h - what evaluators ask of a run's stations, for every
 * report that shows it: competition ranks (1, 1, 1, 4) over the run and
 * within each county, and per-level summaries (province, city, county,
 * township) of the region codes.  No report state: callers copy what
 * they need into the plain items below.
 */
#ifndef SA_ROLLUP_INTERNAL_H
#define SA_ROLLUP_INTERNAL_H

#include <stddef.h>

#include "report-internal.h"

/* One station to rank. */
typedef struct sai_rank_item {
	double score;           /* negative: not scored, not ranked */
	const char *county;     /* NULL or "": no county rank */
	size_t rank;            /* out: 1 + stations scoring more; 0: none */
	size_t county_rank;     /* out: the same within its county */
} sai_rank_item;

/* Fills rank and county_rank of the n items (in any order): stations
 * with equal scores share a rank and the next one skips (competition
 * ranking, "1224").  0, or -1 when out of memory. */
int sai_rank_competition(sai_rank_item *items, size_t n);

/* The levels of a region code and how many digits name each. */
enum { SAI_LEVEL_PROVINCE, SAI_LEVEL_CITY, SAI_LEVEL_COUNTY,
       SAI_LEVEL_TOWNSHIP, SAI_LEVEL_COUNT };

/* One station to roll up. */
typedef struct sai_rollup_item {
	const char *region;     /* a division code; may be NULL */
	double score;           /* negative: not scored */
	long grade;             /* the caller's grade index, or -1 */
	sai_verdict verdict;
} sai_rollup_item;

/* One division of one level and its stations' totals. */
typedef struct sai_rollup {
	int level;              /* SAI_LEVEL_*; an unknown region is a
				 * province of code "" */
	char code[10];          /* the level's digits of the code */
	char township[10];      /* a township code in it ("" if none): what
				 * sa_pack_division needs for its name */
	size_t parent;          /* index of the enclosing division, or
				 * SAI_ROLLUP_NONE */
	size_t stations, scored;
	double mean, median;    /* of the scored stations; 0 when none */
	sai_verdicts verdicts;
	size_t *grades;         /* count per grade index (n_grades) */
} sai_rollup;

#define SAI_ROLLUP_NONE ((size_t)-1)

/* The divisions of the n items, depth first in code order (a province,
 * its first city, that city's first county, its townships, the next
 * county...), the unknown region last; each grades array has n_grades
 * counts (a grade index at or past n_grades is not counted).  Free with
 * sai_rollup_free.  0, or -1 when out of memory. */
int sai_rollup_build(const sai_rollup_item *items, size_t n,
		     size_t n_grades, sai_rollup **out, size_t *count);
void sai_rollup_free(sai_rollup *r, size_t count);

#endif
