/* SPDX-License-Identifier: Apache-2.0 */
/*
 * waiver-internal.h - the waiver ledger of the audit cycle.
 *
 * A ledger is a YAML file:
 *
 *   waivers:
 *     - rule: SY-FU-05          # rule id; shell wildcards allowed
 *       record: "420302001-S01" # record id; wildcards allowed, "*" all
 *       reason: 新址装修, 制度牌 7 月上墙
 *       approver: 茅箭区民政局 张三
 *       expires: 2025-09-30     # the last day the waiver holds
 *
 * A failing finding that an unexpired entry matches becomes "waived": it
 * stays in every report, no longer fails the run, and the record's score
 * counts it as met (the score without waivers is kept beside it).  An
 * entry that has expired, or that matched no failing finding in the whole
 * run, is itself reported, as a finding of rule SA-WAIVER.
 */
#ifndef SA_WAIVER_INTERNAL_H
#define SA_WAIVER_INTERNAL_H

#include "stationaudit.h"
#include "eval-internal.h"

typedef struct sai_waivers sai_waivers;

/* A new, empty ledger set; NULL when out of memory. */
sai_waivers *sai_waivers_new(void);
void sai_waivers_free(sai_waivers *w);

/* Whether reasons, approvers and SA-WAIVER messages keep their digit
 * runs (--show-personal); by default a phone or ID number in them is
 * masked (sai_mask_digits).  Set before loading. */
void sai_waivers_show_personal(sai_waivers *w, int show);

/* Adds the entries of the ledger file at path; errors name the file, line
 * and column of the entry and what was expected. */
sa_status sai_waivers_load(sai_waivers *w, const char *path, sa_error *err);

/* The ledger files loaded, in order, with their SHA-256 (hex). */
size_t sai_waivers_file_count(const sai_waivers *w);
const char *sai_waivers_file(const sai_waivers *w, size_t i,
			     const char **sha256);

/* Marks the failing findings of res that an unexpired entry matches as
 * waived and scores the record again; date is the audit date.  Returns
 * the number of findings waived. */
size_t sai_waivers_apply(sai_waivers *w, const sa_pack *pack,
			 const char *date, sai_result *res);

/* Fills res (initialised here) with one failing SA-WAIVER finding per
 * expired or unused entry (an unused one whose rule no rule of pack has
 * says so).  *any is 0 when there is nothing to report (res is then
 * empty). */
sa_status sai_waivers_report(const sai_waivers *w, const sa_pack *pack,
			     const char *date, const char *lang,
			     sai_result *res, int *any);

/* The pseudo-rule of waiver problems ("SA-WAIVER"). */
extern const sa_rule_info sai_rule_waiver;

#endif
