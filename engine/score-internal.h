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

/* Marks res not assessed, with a failing SA-ASSESS finding per standard
 * that says why, when fewer than min-applicable-share of the record rules
 * of a standard that selects it (selected[i] for standard i) apply; a
 * standard whose jurisdiction leaves the record out (outside[i]) is
 * skipped.  Call
 * once, before sai_score_record; en: English messages. */
sa_status sai_assess_record(const sa_pack *pack, sai_result *res,
			    const char *selected, const char *outside, int en);

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
