/* SPDX-License-Identifier: Apache-2.0 */
/*
 * score-internal.h - a record's score, grade and the explanation of every
 * point, from its findings (rules.md capability 9).
 *
 * Without indicators: score = 100 x the weight of the rules passed / the
 * weight of the rules applicable.  With an indicator tree: each
 * indicator has points; a failing rule deducts its `deduct` (or its
 * share of its indicator's points, by weight); an indicator loses at most
 * its points (the cap), and so does each level above it; the score is
 * 100 x the points kept / the points of the applicable top indicators.
 * A failing `veto` rule grades the record "fail" whatever its points.
 * A record that is not assessed (sai_assess_record) has no score and no
 * grade.
 */
#ifndef SA_SCORE_INTERNAL_H
#define SA_SCORE_INTERNAL_H

#include "eval-internal.h"
#include "pack-internal.h"

/* The share of a standard's record rules that must apply for it to
 * assess a record, when no min-applicable-share parameter says. */
#define SAI_MIN_APPLICABLE_SHARE 0.5

/* The pseudo-rule of a record that a standard cannot assess. */
extern const sa_rule_info sai_rule_assess;

/* Why a standard does not select a record that its base selects
 * (sai_assess_record's outside[i]). */
#define SAI_OUT_AREA 1         /* outside its jurisdiction */
#define SAI_OUT_SCOPE 2        /* its `records` leaves out the record's
				* level or kind, both valid codes */

/* The pseudo-rule of a record that a standard does not assess because it
 * is written for other levels or kinds of station, or of a station whose
 * status the run does not audit: information. */
extern const sa_rule_info sai_rule_scope;

/* Marks res not assessed, with a failing SA-ASSESS finding per standard
 * that says why, when fewer than min-applicable-share of the record rules
 * of a standard that selects it (selected[i] for standard i) apply, or
 * when no standard the run asked for selects it; a standard whose
 * jurisdiction leaves the record out (outside[i] SAI_OUT_AREA) is
 * skipped, and one written for other levels or kinds (SAI_OUT_SCOPE)
 * gets one SA-SCOPE note (info) instead.  Call once, before
 * sai_score_record; en: English messages. */
sa_status sai_assess_record(const sa_pack *pack, sai_result *res,
			    const char *selected, const char *outside, int en);

/* Adds the SA-SCOPE note of a station whose status (a valid code) is not
 * one of audited (the parameter audited_statuses): every per-station rule
 * is then not applicable, and the record is not assessed (no score, no
 * verdict).  en: English. */
sa_status sai_idle_note(sai_result *res, const char *status,
			const char *audited, int en);

/* The pseudo-rule of a second record of one station id in a run. */
extern const sa_rule_info sai_rule_duplicate;

/* Marks res, whose station id an earlier record of the run (at file:line)
 * has, not assessed with a failing SA-DUPLICATE finding, and scores it
 * again (no score, no grade).  en: English. */
sa_status sai_assess_duplicate(const sa_pack *pack, sai_result *res,
			       const char *file, unsigned long line, int en);

/* The pseudo-rule of a station graded below the pass-grade. */
extern const sa_rule_info sai_rule_grade;

/* Fills res->pub.score, grade, vetoed, below_pass (and its SA-GRADE
 * finding) and the explanation (owned by res,
 * freed by sai_result_release).  Returns SA_ERR_NOMEM or SA_OK. */
sa_status sai_score_record(const sa_pack *pack, sai_result *res);

#endif
