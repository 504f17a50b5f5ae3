/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rollup-internal.h - what evaluators read first: stations ranked as they
 * rank them (competition ranking, 1 1 1 4, over the run and within each
 * county) and summaries per province, city, county and township, named
 * from the division tables, with their township coverage.  Written once here so that every report format shows
 * the same numbers.
 *
 * A writer adds each record as it comes (sai_rollup_add keeps a few
 * numbers a station, never its findings), calls sai_rollup_finish at
 * end() and reads ranks and groups.  Collection findings are not a
 * station and are not added.
 *
 * A writer that streams its report (JSON) bounds the rollup
 * (sai_rollup_bounded): past a number of stations they go, a fixed-size
 * record each, to an anonymous temporary file, finish sorts them there
 * (sorted runs, then merges of a few runs at a time) and the stations are
 * read back in run order with sai_rollup_each_station.  Memory then no
 * longer grows with the stations, only with the areas (the groups).  The
 * ranks and groups are the same either way: one walk over the stations in
 * each sort order makes them, whether the order comes from one sorted run
 * in memory or from a merge of runs in the file.
 */
#ifndef SA_ROLLUP_INTERNAL_H
#define SA_ROLLUP_INTERNAL_H

#include <stddef.h>

#include "report-internal.h"

/* One station as ranked. */
typedef struct sai_rollup_station {
	size_t seq;             /* the record's place in the run */
	double score;           /* negative: not scored (not ranked) */
	int grade;              /* index of sai_rollup_grade_name, or -1 */
	sai_verdict verdict;
	char region[13];        /* the region code's first 12 characters */
	size_t rank;            /* competition rank; 0: not ranked */
	size_t county_rank;     /* within the county; 0: not ranked or no
				 * county code */
	size_t index;           /* its place among the stations added */
} sai_rollup_station;

/* SAI_ROLLUP_SPILL (util-internal.h, with the other tuning variables'
 * defaults): the stations a bounded rollup holds in memory. */

typedef enum sai_rollup_level {
	SAI_ROLLUP_PROVINCE,    /* 2 digits of the region code */
	SAI_ROLLUP_CITY,        /* 4 digits */
	SAI_ROLLUP_COUNTY,      /* 6 digits */
	SAI_ROLLUP_TOWNSHIP,    /* 9 digits */
} sai_rollup_level;
#define SAI_ROLLUP_LEVELS 4

/* The stations of one area.  A station whose region code does not start
 * with the digits of a level is in no area of that level: it is counted
 * in the level's not-placed group (unplaced), so that every level's
 * groups add up to the stations added.  A region code is a division
 * code only when it is 2, 4, 6, 9 or 12 digits; any other (none, 8 or
 * 13 digits, letters) places its station in no area of any level, and so
 * does an unreadable dossier, which has none. */
typedef struct sai_rollup_group {
	char code[10];          /* 2, 4, 6 or 9 digits; "" when unplaced */
	int unplaced;           /* the level's stations in no area of it */
	const char *province, *city, *county, *township; /* names from the
					       * division tables (owned by
					       * the pack); NULL when unknown
					       * or below the level */
	size_t stations;        /* every record of the area */
	size_t scored;
	double mean, median;    /* of the scored; negative when none */
	size_t *grades;         /* per grade, sai_rollup_grade_count long */
	sai_verdicts verdicts;
	/* Township coverage, only when the pack has division tables
	 * (has_coverage): the area's township units that coverage counts
	 * (sai_division_each_counted: the coverage pack's definition) and
	 * those of them with at least one assessed station (a verdict
	 * pass or fail) in the run. */
	int has_coverage;
	size_t units, covered;
} sai_rollup_group;

typedef struct sai_rollup sai_rollup;

/* A rollup over pack's grades (pack may be NULL: no grades, no names).
 * NULL when out of memory; free with sai_rollup_free. */
sai_rollup *sai_rollup_new(const sa_pack *pack);
void sai_rollup_free(sai_rollup *r);

/* Holds at most max stations in memory (0: SAI_ROLLUP_SPILL or
 * STATIONAUDIT_ROLLUP_SPILL) and spills the others to an anonymous
 * temporary file in $TMPDIR (else /tmp).  Once it has spilled,
 * sai_rollup_station_at returns NULL: read the stations with
 * sai_rollup_each_station.  Before the first add. */
void sai_rollup_bounded(sai_rollup *r, size_t max);

/* Adds the record (collection findings are skipped); 0, or -1 with errno
 * set when out of memory or the temporary file cannot be made or
 * written.  *index (may be NULL) receives the station's index, or
 * (size_t)-1 when it was skipped. */
int sai_rollup_add(sai_rollup *r, const sa_record_result *rr, size_t *index);

/* Ranks the stations and builds the groups; once, after the last add.
 * 0, or -1 with errno set (out of memory, the temporary file). */
int sai_rollup_finish(sai_rollup *r);

/* Stations in the order they were added.  station_at: NULL past the end
 * and for a rollup that spilled. */
size_t sai_rollup_station_count(const sai_rollup *r);
const sai_rollup_station *sai_rollup_station_at(const sai_rollup *r,
						size_t i);
/* Calls fn with each station in the order they were added (after
 * finish), until fn returns non-zero.  Returns fn's non-zero value, 0, or
 * -1 with errno set when the temporary file cannot be read.  The station
 * is valid during the call only. */
int sai_rollup_each_station(sai_rollup *r,
			    int (*fn)(const sai_rollup_station *s, void *arg),
			    void *arg);

/* After a call failed: the folder of the temporary file when the file
 * was what failed (it could not be made, written or read back), so that
 * the report's error names it and not the report; else NULL. */
const char *sai_rollup_failed_file(const sai_rollup *r);

/* The groups of a level, in code order, then the not-placed group when
 * some station is in no area of the level (after finish).  The groups'
 * stations add up to sai_rollup_station_count. */
size_t sai_rollup_group_count(const sai_rollup *r, sai_rollup_level level);
const sai_rollup_group *sai_rollup_group_at(const sai_rollup *r,
					    sai_rollup_level level, size_t i);
/* Asks finish to count township coverage (has_coverage and the counts
 * stay 0 otherwise): it reads the whole townships table, which a writer
 * that does not show coverage need not pay for. */
void sai_rollup_want_coverage(sai_rollup *r);
/* covered / units of a group; negative when not known (no division
 * tables, or no unit counted in the area). */
double sai_rollup_coverage(const sai_rollup_group *g);
/* "province", "city", "county" or "township". */
const char *sai_rollup_level_name(sai_rollup_level level);

/* The grades counted: the pack's, highest first, then "fail". */
size_t sai_rollup_grade_count(const sai_rollup *r);
const char *sai_rollup_grade_name(const sai_rollup *r, size_t i);

/* Competition ranks ("1224"): scores holds n scores sorted best first,
 * negative ones (not scored) last; ranks[i] gets scores[i]'s rank, 0 for
 * the unscored.  The one ranking function of the reports. */
void sai_rank_sorted(const double *scores, size_t n, size_t *ranks);

#endif
