/*
 * report-internal.h - the report writers: one file per format in reports/,
 * each a table of four functions over the results model of
 * stationaudit.h.  Adding a format means one new file and one line in the
 * table of reports/report.c.
 *
 * The run calls, for each report:
 *   begin   once, before any record
 *   record  once per record, in input order (findings valid only during
 *           the call: a writer that needs them later copies them)
 *   end     once, with the totals
 * and then closes the output (a file report is written to a temporary
 * file and renamed only when every call succeeded).
 *
 * Writers never parse input and never exit; they return 0, or -1 when the
 * output could not be written (then errno tells why).
 */
#ifndef SA_REPORT_INTERNAL_H
#define SA_REPORT_INTERNAL_H

#include <stdio.h>
#include "stationaudit.h"

/* One input file of the run, for provenance. */
typedef struct sai_report_input {
	const char *path;
	char sha256[65];          /* hex; "" when the file was unreadable */
} sai_report_input;

/* What every writer sees of the run. */
typedef struct sai_report_context {
	FILE *out;                      /* where to write */
	const char *path;               /* the output file, or "-" */
	const sa_pack *pack;            /* standards, rules, params, date */
	const sa_run_options *opts;     /* lang, color, verbose, ... */
	const sai_report_input *inputs; /* dossier files, in run order */
	size_t input_count;             /* complete only at end() */
	const char *tool_version;
} sai_report_context;

typedef struct sai_report_writer {
	const char *name;               /* "text", "json", ... */
	const char *description;        /* one English line for --help */
	int (*begin)(void **state, const sai_report_context *ctx);
	int (*record)(void *state, const sai_report_context *ctx,
		      const sa_record_result *rr);
	int (*end)(void *state, const sai_report_context *ctx,
		   const sa_summary *sum, const sa_rule_summary *rules,
		   size_t rule_count);
	void (*free)(void *state);      /* state may be NULL */
} sai_report_writer;

/* The writer of that name, or NULL. */
const sai_report_writer *sai_report_find(const char *name);

/* The writers, defined one per file. */
extern const sai_report_writer sai_report_text;
extern const sai_report_writer sai_report_json;
extern const sai_report_writer sai_report_html;
extern const sai_report_writer sai_report_junit;
extern const sai_report_writer sai_report_sarif;
extern const sai_report_writer sai_report_github;
extern const sai_report_writer sai_report_markdown;
extern const sai_report_writer sai_report_csv;
extern const sai_report_writer sai_report_svrl;
extern const sai_report_writer sai_report_xlsx;

/* Helpers shared by writers. */

/* Writes s as a JSON string (with quotes), escaping as RFC 8259 asks;
 * NULL writes null.  Returns 0 or -1 on a write error. */
int sai_json_write_string(FILE *out, const char *s);

/* The message of a finding (the evaluator already wrote it in the run's
 * language), or, when it has none, its rule's title in lang ("en" picks
 * the English title when the rule has one). */
const char *sai_report_message(const sa_finding *f, const char *lang);

/* Localised fixed words of the reports ("fail", "records", ...): key is an
 * English word, lang "zh" or "en". Unknown keys return the key. */
const char *sai_report_word(const char *key, const char *lang);

#endif
