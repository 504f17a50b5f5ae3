/* SPDX-License-Identifier: Apache-2.0 */
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
#include <libxml/xmlwriter.h>
#include "stationaudit.h"
#include "util-internal.h"

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
	const sai_report_input *ledgers; /* waiver ledgers read (--waivers) */
	size_t ledger_count;
	const char *tool_version;
	const sa_diff *baseline;        /* check --baseline: the comparison
					 * so far (diff-internal.h; complete
					 * at end()), or NULL */
	/* When set (a run's report): makes the writer's work file, an empty
	 * private file beside the report (or in $TMPDIR) that the run
	 * removes, on a signal too; its path (caller frees), or NULL with
	 * errno set.  Call it as ctx->scratch(ctx->scratch_arg). */
	char *(*scratch)(void *scratch_arg);
	/* When set: a writer that fails because a temporary file of its
	 * own failed (the JSON report's ranks past SAI_ROLLUP_SPILL
	 * stations) gives that file's folder here before it returns -1, so
	 * that the run's error names the folder and not the report. */
	void (*temp_failed)(void *scratch_arg, const char *dir);
	void *scratch_arg;
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
	int record_digests;             /* record() gives the record's file
					 * digest: a cut file's records wait
					 * for it */
	/* Optional, all four or none: a record's text made by any worker
	 * beside the run, so that the writer, one at a time in record
	 * order, only copies it.  render_new: a worker's own state (NULL
	 * without memory); render: the text (caller frees) that
	 * record_rendered then writes for rr, in the place of record;
	 * 0, or -1 (record is used instead).  The run renders only records
	 * that no later step changes (no waivers, no --baseline) and only
	 * with more than one job: record_rendered must write what record
	 * would have. */
	void *(*render_new)(const sai_report_context *ctx);
	int (*render)(void *rstate, const sa_record_result *rr, char **text,
		      size_t *len);
	void (*render_free)(void *rstate);
	int (*record_rendered)(void *state, const sai_report_context *ctx,
			       const sa_record_result *rr, const char *text,
			       size_t len);
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
extern const sai_report_writer sai_report_codequality;

/* The HTML report's fixed style sheet and script (report-html-page.c). */
extern const char sai_html_page_css[];
extern const char sai_html_page_js[];

/* Helpers shared by writers. */

/* Writes s as a JSON string (with quotes), escaping as RFC 8259 asks;
 * NULL writes null.  Returns 0 or -1 on a write error. */
int sai_json_write_string(FILE *out, const char *s);
/* The same, appended to a buffer. */
int sai_json_add_string(sai_strbuf *sb, const char *s);

/* The message of a finding (the evaluator already wrote it in the run's
 * language), or, when it has none, its rule's title in lang ("en" picks
 * the English title when the rule has one). */
const char *sai_report_message(const sa_finding *f, const char *lang);

/* The record's score without its waivers: score_unwaived when a finding
 * was waived, else the score (results made by hand may leave the field
 * zero). */
double sai_report_score_unwaived(const sa_record_result *rr);

/* Localised fixed words of the reports ("fail", "records", ...): key is an
 * English word, lang "zh" or "en". Unknown keys return the key. */
const char *sai_report_word(const char *key, const char *lang);

/* ---- verdicts ------------------------------------------------------------
 * A station's verdict (合格/不合格) follows the standard's pass grade: a
 * graded record passes unless its grade is "fail" (below the pack's lowest
 * grade, or a one-vote veto).  A record the pack does not grade fails when
 * it has a failure at or above the run's --fail-on severity (major by
 * default; sa_record_result.verdict_at).
 * Not-assessed and unreadable records get no verdict and are counted
 * apart; collection findings are not a station. */
typedef enum sai_verdict {
	SAI_VERDICT_NONE,       /* collection findings */
	SAI_VERDICT_PASS,
	SAI_VERDICT_FAIL,
	SAI_VERDICT_NOT_ASSESSED,
	SAI_VERDICT_UNREADABLE,
} sai_verdict;

typedef struct sai_verdicts {
	size_t pass, fail, not_assessed, unreadable;
} sai_verdicts;

sai_verdict sai_report_verdict(const sa_record_result *rr);
/* The severity at or above which a failure fails an ungraded record's
 * verdict (sa_record_result.verdict_at read), or -1: none does. */
int sai_report_verdict_at(int verdict_at);
/* 1 when rr has a failure of severity at or above (at -1: never). */
int sai_report_fails_at(const sa_record_result *rr, int at);
/* Counts rr's verdict into v. */
void sai_verdicts_add(sai_verdicts *v, const sa_record_result *rr);
/* The share of the judged stations (pass + fail) that passed, 0-1, or -1
 * when none was judged. */
double sai_verdicts_rate(const sai_verdicts *v);
/* "pass", "fail", "not assessed", "unreadable" or NULL: a key of
 * sai_report_word (verdict:pass and verdict:fail are 合格 and 不合格). */
const char *sai_report_verdict_key(sai_verdict v);
/* The rule above in one sentence, in lang. */
const char *sai_report_verdict_rule(const char *lang);
/* A grade's name in lang (grade:NAME in the words), or the name itself
 * when the pack made up its own; "" for NULL. */
const char *sai_report_grade_word(const char *grade, const char *lang);

/* ---- the scoring settings (every report that lists parameters) --------- */

/* Whether the run scores by settings a report must show: a profile chosen
 * (--profile), or grades. */
int sai_report_has_scoring(const sa_pack *pack);
/* The lowest grade whose stations pass: the chosen profile's pass-grade,
 * else the lowest grade; NULL when there are no grades.  *min (may be
 * NULL) receives its threshold. */
const char *sai_report_pass_grade(const sa_pack *pack, double *min);
/* The scoring settings as lines of a label and a value, in lang: each
 * chosen profile with its description and basis, the grades with their
 * thresholds, the pass grade, the one-vote vetoes and the effective weight
 * of every rule.  Calls fn for each; returns their number (0 when
 * sai_report_has_scoring is 0), or -1 when out of memory. */
typedef void (*sai_scoring_fn)(const char *label, const char *value,
			       void *arg);
int sai_report_scoring_each(const sa_pack *pack, const char *lang,
			    sai_scoring_fn fn, void *arg);

/* The county of a region code: its first 6 characters when they are
 * digits, else "" (code holds 7 bytes). */
void sai_report_county(const char *region, char code[8]);

/* "en" when the run asks for English, else "zh". */
const char *sai_report_lang(const sai_report_context *ctx);

/* Provenance as plain lines for people (each ending in a newline): tool
 * version and audit date, then each standard, parameter, dossier and
 * waiver ledger with its SHA-256, each line after the first starting with
 * indent.  For the text (-v) and github reports; call at end(). */
void sai_report_provenance_text(const sai_report_context *ctx,
				const char *indent, sai_strbuf *out);

/* A rule's title in lang ("en" picks title_en when there is one), else
 * its id; "" for NULL. */
const char *sai_report_rule_title(const sa_rule_info *r, const char *lang);

/* The SHA-256 (hex) of the input file path, or NULL when it is not an
 * input of the run or could not be read.  hint (may be NULL) keeps where
 * the last path was found: the search starts there. */
const char *sai_report_input_sha256(const sai_report_context *ctx,
				    const char *path, size_t *hint);

/* Appends text from a dossier or a pack so that any structured format
 * can carry it: each byte of invalid UTF-8, each control character other
 * than tab, LF and CR (C0 and DEL) and the non-characters U+FFFE and
 * U+FFFF become U+FFFD.  NULL appends nothing. */
void sai_report_add_clean(sai_strbuf *sb, const char *s);

/* Appends text from a dossier or a pack for a terminal or a log, one
 * line whatever it holds: LF and tab become \n and \t, other C0
 * controls and DEL \xNN, C1 controls and the characters that change how
 * a line reads without showing themselves (bidirectional controls,
 * zero-width and blank-looking characters, U+2028/U+2029, U+FFFE/F:
 * see is_hidden in report.c) \uXXXX; invalid UTF-8 becomes U+FFFD.  The
 * '[' of "##[" (a CI runner's legacy command, acted on anywhere in a
 * line) becomes \x5b. */
void sai_report_add_visible(sai_strbuf *sb, const char *s);

/* Appends text as sai_report_add_visible does, but LF, CR and tab as
 * they are, for a format that has its own way with line breaks
 * (GitHub's %0A, a Markdown cell's blank). */
void sai_report_add_shown(sai_strbuf *sb, const char *s);

/* Appends s, one line of text already cleaned, as inert Markdown (GitHub
 * flavoured): the characters that can start markup in the middle of a
 * line are escaped (emphasis, code, links, HTML, entities, tables,
 * strike-through, @mentions, #references, and the ':' of "https://" and
 * the '.' of "www." that autolinks need; an escaped character renders
 * the same but is not matched), line breaks and tabs become blanks. */
void sai_report_add_md_inert(sai_strbuf *sb, const char *s);

/* 1 when s holds a right-to-left character or one of the invisible
 * controls above: HTML must isolate it (<bdi>) so that it cannot reorder
 * the text around it. */
int sai_report_needs_isolate(const char *s);

/* A file path as a URI reference (RFC 3986), written into sb (emptied
 * first) and returned: every byte but the unreserved ones and '/'
 * percent-encoded (%, spaces, #, UTF-8 bytes); a relative path stays
 * relative, an absolute one gets "file://". */
const char *sai_report_uri(sai_strbuf *sb, const char *path);

/* Writes sb's contents to out and empties it; -1 with errno set when it
 * or scratch (may be NULL) ran out of memory or the write failed. */
int sai_report_flush(sai_strbuf *sb, const sai_strbuf *scratch, FILE *out);

/* The level of a failure of this severity in SARIF and GitHub terms:
 * critical and major "error", minor "warning", info "note". */
const char *sai_report_level(sa_severity severity);

/* A finding's fingerprint for CI (SARIF, GitLab Code Quality), which does
 * not move when lines do: the SHA-256 (hex) of its rule id, record id
 * (its file when the record has none) and node path.  0, or -1. */
int sai_report_fingerprint(const sa_record_result *rr, const sa_finding *f,
			   char hex[65]);

/* What tells a finding from the record's others of its rule: its node
 * path; for one without a path in a collection record (a waivers
 * ledger's SA-WAIVER findings) its line, "line N", written into buf;
 * else "".  The fingerprint and the baseline's key both use it. */
const char *sai_report_finding_key(int collection, const char *path,
				   unsigned long line, char buf[32]);

/* 1 when a record's file is standard input ("-"; a file of that name is
 * named "./-"): it has no path a CI server can show, so the CI formats
 * name it "(standard input)" (sai_report_ci_path). */
int sai_report_is_stdin(const char *file);

/* path as a report may show it: as it is when relative, the part after
 * the current folder when it is inside it, NULL when it is absolute and
 * outside (an installed pack's data file: no use in a repository's CI).
 * Points into path. */
const char *sai_report_local_path(const char *path);

/* Where a CI server (SARIF, GitLab Code Quality) shows a finding, which
 * must have a path there: its file (made local), "(standard input)" for
 * standard input (line kept), for a finding without a file of its own (a
 * collection finding) its rule's pack file when that is local, else
 * "(collection)" at line 1.  *line is set (1 when unknown). */
const char *sai_report_ci_path(const sa_record_result *rr,
			       const sa_finding *f, unsigned long *line);

/* ---- XML reports (junit, svrl) -------------------------------------------
 * An xmlTextWriter (it does the escaping) with a sticky failure flag.
 * Parts that must come before totals known only at the end are written
 * as fragments to memory (sai_xw_open_fragment), moved to a spool file
 * after each record (sai_xw_spool) and copied into the document at the
 * end (sai_xw_copy_spool): memory does not grow with the batch. */
typedef struct sai_xw {
	xmlTextWriterPtr w;
	xmlBufferPtr buf;       /* fragments only */
	sai_strbuf tmp;         /* cleaned text */
	int failed;
} sai_xw;

/* A document on out (XML declaration written), or fragments in memory,
 * indented as children of depth elements.  Return 0, or -1 with errno
 * set (a document writer is then already freed). */
int sai_xw_open_document(sai_xw *x, FILE *out);
int sai_xw_open_fragment(sai_xw *x, int depth);
void sai_xw_start(sai_xw *x, const char *name);
void sai_xw_attr(sai_xw *x, const char *name, const char *value);
void sai_xw_attr_size(sai_xw *x, const char *name, size_t value);
void sai_xw_text(sai_xw *x, const char *text);
void sai_xw_end(sai_xw *x);
/* Moves what a fragment writer holds to the end of spool. */
void sai_xw_spool(sai_xw *x, FILE *spool);
/* Moves what a fragment writer holds to a new string (*text, *len; the
 * caller frees it): a record made by a worker, spooled by the writer.
 * 0, or -1 when anything failed. */
int sai_xw_take(sai_xw *x, char **text, size_t *len);
/* Writes the spool's contents into the document as they are, after a
 * line end when newline is set (the fragments start indented: right
 * after a start tag they need one, after an end tag the writer has
 * written it). */
void sai_xw_copy_spool(sai_xw *x, FILE *spool, int newline);
/* Ends the document and flushes it; 0, or -1 with errno set when
 * anything failed. */
int sai_xw_finish(sai_xw *x);
void sai_xw_free(sai_xw *x);

#endif
