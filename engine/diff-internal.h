/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diff-internal.h - a comparison with an earlier report (diff.c), read by
 * the writers of year over year: `diff -f FORMAT` and the reports of
 * `check --baseline` (reports/report-diff.c, the JSON, Markdown, XLSX and
 * SARIF writers).
 *
 * A comparison is a list of stations, those of the new run in its order,
 * then those only the old report had.  Each station's problems (fail and
 * error findings, known by rule id and node path) are new, unchanged,
 * fixed, or newly waived: a failure of the old report that a waiver now
 * covers is not fixed, and the points it gave back are the waivers'.
 */
#ifndef SA_DIFF_INTERNAL_H
#define SA_DIFF_INTERNAL_H

#include <stddef.h>

#include "stationaudit.h"

typedef enum sai_change {
	SAI_CHANGE_NEW,         /* a problem the old report did not have */
	SAI_CHANGE_FIXED,       /* gone from a station still there */
	SAI_CHANGE_UNCHANGED,
	SAI_CHANGE_WAIVED,      /* a problem then, waived now */
} sai_change;
#define SAI_CHANGE_COUNT 4

typedef enum sai_station_state {
	SAI_STATION_ADDED,      /* only in the new run */
	SAI_STATION_REMOVED,    /* only in the old report */
	SAI_STATION_CHANGED,    /* new, fixed or newly waived problems, or
				 * another score */
	SAI_STATION_UNCHANGED,
} sai_station_state;

/* One station of the comparison; strings are owned by the comparison. */
typedef struct sai_diff_station {
	const char *id, *name;
	sai_station_state state;
	double old_score, new_score; /* negative: none */
	double waiver_gain;     /* of new_score - old_score, what waivers
				 * added since the old report (0 when the
				 * scores without waivers are unknown) */
	size_t counts[SAI_CHANGE_COUNT];
	size_t unchecked;       /* old problems not judged again (the
				 * station is not assessed now, or gone,
				 * or the rule did not judge it): neither
				 * fixed nor listed */
	int station;            /* 0: collection findings, not a station */
} sai_diff_station;

/* One problem of a station. */
typedef struct sai_diff_item {
	sai_change change;
	const char *rule, *path, *message, *file;
	unsigned long line;
	sa_severity severity;
	/* Its record, as the fingerprint names it: the id (NULL when the
	 * record has none or was not assessed: its line), file, line. */
	const char *record, *record_file;
	unsigned long record_line;
	int collection;
} sai_diff_item;

/* Totals over the stations (not the collection findings). */
typedef struct sai_diff_totals {
	size_t problems[SAI_CHANGE_COUNT];
	size_t unchecked;
	size_t stations, added, removed, up, down;
	size_t unscored;        /* scored then, not now (not assessed) */
	size_t first_scored;    /* scored now, not then */
} sai_diff_totals;

/* The stations of the comparison. */
size_t sai_diff_station_count(const sa_diff *d);
void sai_diff_station_at(const sa_diff *d, size_t i, sai_diff_station *out);
/* Station i's problems: new and unchanged ones in the new run's order,
 * then fixed and newly waived ones in the old report's. */
size_t sai_diff_item_count(const sa_diff *d, size_t i);
void sai_diff_item_at(const sa_diff *d, size_t i, size_t j,
		      sai_diff_item *out);
void sai_diff_totals_of(const sa_diff *d, sai_diff_totals *out);
/* The two reports' paths (the new one may be a temporary file). */
const char *sai_diff_old_path(const sa_diff *d);
const char *sai_diff_new_path(const sa_diff *d);

/* "new", "fixed", "unchanged", "newly_waived"; "added", "removed",
 * "changed", "unchanged". */
const char *sai_change_name(sai_change c);
const char *sai_station_state_name(sai_station_state s);

/* ---- check --baseline: the new side from the run ---------------------- */

/* A comparison whose old side is read from old_report and whose new side
 * is added record by record (sai_diff_add_result) and closed by
 * sai_diff_finish.  Errors as sa_diff_reports. */
sa_status sai_diff_begin(const char *old_report, sa_diff **out,
			 sa_error *err);
/* Compares one record of the run; SA_ERR_NOMEM. */
sa_status sai_diff_add_result(sa_diff *d, const sa_record_result *rr);
/* Adds the stations only the old report had; SA_ERR_NOMEM. */
sa_status sai_diff_finish(sa_diff *d);
/* The baseline state of finding f of the record last added (SARIF's
 * baselineState): "new", "unchanged", or "updated" when its message
 * changed or it was a problem then and is waived now; NULL when f is not
 * a problem or a waived finding, or rr is not that record. */
const char *sai_diff_finding_state(const sa_diff *d,
				   const sa_record_result *rr,
				   const sa_finding *f);

#endif
