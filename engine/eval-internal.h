/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eval-internal.h - the evaluator: every rule of a compiled pack on one
 * record, giving findings and a score.  One auditor per thread.
 */
#ifndef SA_EVAL_INTERNAL_H
#define SA_EVAL_INTERNAL_H

#include "stationaudit.h"
#include "util-internal.h"

typedef struct sai_auditor sai_auditor;

/* A record's result with the memory it owns. */
/* A report's text for the record, made by a worker (run.c, prerender). */
typedef struct sai_rendered {
	char *text;
	size_t len;
} sai_rendered;

typedef struct sai_result {
	sa_record_result pub;
	sa_finding *findings;
	size_t cap;
	struct sai_chunk *chunks;  /* the result's strings */
	void *projection;          /* xmlDocPtr: what collection rules read */
	sa_score_item *items;      /* the score's explanation */
	size_t n_items, cap_items;
	sai_rendered *rendered;    /* per report of the run, or NULL */
	size_t n_rendered;
} sai_result;

/* lang: "en" for English messages, anything else Chinese.  mask: hide
 * personal data (the standards' `personal` paths, and ID-number and
 * phone shapes) in the findings' values and messages. */
sa_status sai_auditor_new(const sa_pack *pack, const char *lang, int mask,
			  sai_auditor **out);
void sai_auditor_free(sai_auditor *a);

/* Validates every record against the dossier contract c (which the caller
 * keeps alive and shares read-only; NULL: no validation), extended by the
 * pack's standards' `contract` paths, as rule SA-SCHEMA: one failing
 * finding per violation, with its line and a message in the auditor's
 * language, or a pass. */
struct sai_contract;
/* The XPath steps one record's rules may take together (0: the
 * default, SA_XPATH_STEPS); one evaluation may take a fifth of them. */
void sai_auditor_set_budget(sai_auditor *a, unsigned long steps);
sa_status sai_auditor_set_contract(sai_auditor *a,
				   const struct sai_contract *c);

/* The pseudo-rule of contract validation ("SA-SCHEMA"). */
extern const sa_rule_info sai_rule_schema;

/* The value of pack's parameter name, or NULL when it declares none. */
const char *sai_pack_param_text(const sa_pack *pack, const char *name);

/* Audits rec into res (initialised here; release with
 * sai_result_release). */
sa_status sai_audit_record(sai_auditor *a, const sa_record *rec,
			   sai_result *res);

/* A result for a file or record that could not be read: one error
 * finding carrying err's place, message and quoted line; when mask is a
 * pack, with ID-number and phone shapes and the values of its personal
 * keys masked in both (sai_error_mask). */
sa_status sai_result_load_error(sai_result *res, const sa_error *err,
				const char *file, const sa_pack *mask);

void sai_result_release(sai_result *res);

/* A new zeroed finding at the end of res (NULL when out of memory), and a
 * copy of s that lives as long as res (NULL for NULL or no memory). */
sa_finding *sai_result_add_finding(sai_result *res);
const char *sai_result_keep(sai_result *res, const char *s);

/* Runs the collection-scope rules once over coll (a <records> document of
 * the records' projections, in run order) into res; label names the
 * pseudo-record in reports. */
sa_status sai_audit_collection(sai_auditor *a, void *coll, const char *label,
			       sai_result *res);

/* --stats: the auditor times every rule from now on (-1: no memory), and
 * adds its times (ns) and evaluation counts, per rule of the pack, into
 * ns[] and calls[]. */
int sai_auditor_enable_stats(sai_auditor *a);
void sai_auditor_add_stats(const sai_auditor *a, double *ns, size_t *calls);

/* The pseudo-rule of load errors ("SA-LOAD"). */
extern const sa_rule_info sai_rule_load;

/* What a value check's format expects, as `expected` says it:
 * [sai_format][0] in Chinese, [1] in English (diff.c compares the two
 * languages' as one). */
#define SAI_FORMAT_TEXTS 8
extern const char *const sai_format_text[SAI_FORMAT_TEXTS][2];

#endif
