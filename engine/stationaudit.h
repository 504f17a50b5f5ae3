/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stationaudit.h - the public interface of libstationaudit.
 *
 * stationaudit checks social-work station dossiers (YAML, JSON, XML)
 * against declarative standards (YAML rule packs) and writes audit reports.
 *
 * The flow a caller follows:
 *
 *   sa_pack *p = sa_pack_new();            standards
 *   sa_pack_load(p, "shiyan", &err);       by name (search path) or file
 *   sa_pack_set_param(p, "k", "v", &err); optional overrides
 *   sa_pack_compile(p, &err);              XPath, regexes, templates: once
 *
 *   sa_run *r = sa_run_new(p, &opts);      a batch
 *   sa_run_add_report(r, "json", "out.json", &err);
 *   sa_run_add_path(r, "dossiers/", &err);
 *   sa_run_execute(r, &err);               audits, writes every report
 *   sa_run_summary(r)                      counts for the exit code
 *
 * Conventions: the library never prints and never exits.  Functions return
 * an sa_status and, on failure, fill the caller's sa_error with the user's
 * file, line and column.  Every pointer a function returns is owned by the
 * object it came from unless its comment says "caller frees".
 */
#ifndef STATIONAUDIT_H
#define STATIONAUDIT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and errors ------------------------------------------------ */

typedef enum sa_status {
	SA_OK = 0,
	SA_ERR_NOMEM,     /* allocation failed */
	SA_ERR_IO,        /* a file could not be opened, read or written */
	SA_ERR_PARSE,     /* malformed YAML, JSON or XML */
	SA_ERR_LIMIT,     /* a safety limit was hit (size, depth, aliases) */
	SA_ERR_SHAPE,     /* well-formed input of the wrong shape */
	SA_ERR_PACK,      /* a rule pack is invalid */
	SA_ERR_USAGE,     /* a caller or command-line mistake */
	SA_ERR_EVAL,      /* a rule could not be evaluated on a record */
	SA_ERR_INTERNAL,  /* a bug: please report it */
	SA_ERR_PIPE       /* a report's reader went away (broken pipe); the
			   * run's other reports were written */
} sa_status;

#define SA_ERROR_FILE_MAX 1024
#define SA_ERROR_MESSAGE_MAX 1024
#define SA_ERROR_SOURCE_MAX 256

/* An error as the user should see it.  line and column are 1-based; 0 means
 * unknown.  source_line holds the offending line of the user's file when it
 * is known (empty otherwise), so that a front end can show a caret. */
typedef struct sa_error {
	sa_status status;
	char file[SA_ERROR_FILE_MAX];
	unsigned long line;
	unsigned long column;
	char message[SA_ERROR_MESSAGE_MAX];
	char source_line[SA_ERROR_SOURCE_MAX];
} sa_error;

/* Resets err to "no error". */
void sa_error_clear(sa_error *err);

/* Formats err as "file:line:col: message", followed, when the source line
 * is known, by that line (runs of 11 or more digits masked: ID numbers,
 * phones) and a caret under the column.  Writes at most
 * size bytes (always NUL-terminated) and returns buf. */
char *sa_error_format(const sa_error *err, char *buf, size_t size);

/* Reads a whole file that a front end needs besides dossiers (a config
 * file, the search path's default set): refused unless it is a regular
 * file of at most max_bytes (so a device, FIFO or folder is never read)
 * and, when inside is not NULL, resolves (links followed) inside that
 * folder; what names it in messages ("config file").  *buf is
 * NUL-terminated and the caller frees it. */
sa_status sa_file_read(const char *path, const char *what, size_t max_bytes,
		       const char *inside, char **buf, size_t *len,
		       sa_error *err);

/* A short English name for a status ("parse error", ...); never NULL. */
const char *sa_status_name(sa_status status);

/* ---- vocabulary --------------------------------------------------------- */

typedef enum sa_severity {
	SA_SEVERITY_INFO = 0,
	SA_SEVERITY_MINOR,
	SA_SEVERITY_MAJOR,
	SA_SEVERITY_CRITICAL
} sa_severity;
#define SA_SEVERITY_COUNT 4

typedef enum sa_finding_status {
	SA_FINDING_PASS = 0,
	SA_FINDING_FAIL,
	SA_FINDING_NOT_APPLICABLE,
	SA_FINDING_ERROR,
	SA_FINDING_WAIVED
} sa_finding_status;
#define SA_FINDING_STATUS_COUNT 5

/* "info", "minor", "major", "critical"; NULL for an out-of-range value. */
const char *sa_severity_name(sa_severity severity);
/* The same in the reports' words for lang ("zh": 提示 一般 重要 严重;
 * "en" or NULL for the locale's language, sa_lang_default); NULL for an
 * out-of-range value. */
const char *sa_severity_label(sa_severity severity, const char *lang);
/* Parses a severity name; returns 0 and sets *out, or -1. */
int sa_severity_parse(const char *name, sa_severity *out);
/* "pass", "fail", "not_applicable", "error", "waived". */
const char *sa_finding_status_name(sa_finding_status status);

/* ---- standards (rule packs) --------------------------------------------- */

typedef struct sa_pack sa_pack;

/* Information about one standard (one pack file) of a compiled set. */
typedef struct sa_standard_info {
	const char *id;
	const char *title;
	const char *title_en;   /* may be NULL */
	const char *issuer;     /* may be NULL */
	const char *version;    /* may be NULL */
	const char *source;     /* may be NULL */
	const char *file;       /* the pack file, as opened */
	char sha256[65];        /* hex digest of the pack file */
	const char *jurisdiction; /* the division-code prefix whose stations
				   * it binds; NULL: everywhere */
} sa_standard_info;

/* Information about one rule; plain data owned by the pack. */
typedef struct sa_rule_info {
	const char *id;
	const char *title;
	const char *title_en;   /* may be NULL */
	const char *kind;       /* "assert", "require", "count", "value", ... */
	const char *test;       /* the rule's main XPath, as written */
	sa_severity severity;
	double weight;
	const char *message;    /* the template, as written */
	const char *fix;        /* may be NULL */
	const char *source;     /* may be NULL */
	const char *standard;   /* id of the standard that defines the rule */
	const char *file;       /* pack file */
	unsigned long line;     /* where the rule starts in it */
	unsigned long column;
	int collection;         /* 1 for collection-scope rules */
} sa_rule_info;

typedef struct sa_param_info {
	const char *name;
	const char *type;       /* "string", "number", "boolean", "date" */
	const char *value;      /* effective value, as text */
	const char *standard;   /* the pack that declared it */
} sa_param_info;

/* A new, empty standard set; NULL on allocation failure.  Free with
 * sa_pack_free. */
sa_pack *sa_pack_new(void);
void sa_pack_free(sa_pack *pack);

/* Adds a folder to the list searched for packs named without a path (a
 * name such as "shiyan" is looked up as DIR/shiyan/pack.yaml, then
 * DIR/shiyan.yaml).  Folders are searched in the order added; a pack
 * that was given none searches sa_search_dirs_default(). */
sa_status sa_pack_add_search_dir(sa_pack *pack, const char *dir, sa_error *err);

/* The folders searched for packs by default, as the command searches
 * them: those of $STATIONAUDIT_PATH (':'-separated), then the installed
 * rules folder (pkg-config --variable=pkgdatadir stationaudit, /rules).
 * The environment is read at the first call.  NULL-terminated; static,
 * never freed. */
const char *const *sa_search_dirs_default(void);

/* Loads a pack by file path or by name, with the packs it extends.  A pack
 * already loaded is not loaded twice.  Errors name the pack file, line and
 * column. */
sa_status sa_pack_load(sa_pack *pack, const char *name_or_path, sa_error *err);

/* Loads a pack from memory; file is the name used in messages and relative
 * paths resolve against base_dir (may be NULL: the current folder). */
sa_status sa_pack_load_buffer(sa_pack *pack, const char *buf, size_t len,
			      const char *file, const char *base_dir,
			      sa_error *err);

/* The pack file a name or path stands for, found as sa_pack_load finds it
 * (caller frees); NULL when there is none, or when it is not a regular
 * file inside the folder it was found in (sa_pack_load refuses it). */
char *sa_pack_find_file(const sa_pack *pack, const char *name_or_path);

/* Called once per problem; problem (file, line, column, message, source
 * line) is the caller's to read during the call only. */
typedef void (*sa_problem_fn)(void *data, const sa_error *problem);

/* Validates one pack file (not the packs it extends) against the pack
 * schema xsd_file (schemas/pack.xsd) and calls fn for every violation,
 * in file order, at the pack file's line and column; *problems (may be
 * NULL) is their number.  Returns SA_OK when the check ran, whatever it
 * found; an error (in err) when it could not: an unreadable pack or
 * schema, or YAML that does not parse.  Nothing is kept: the caller owns
 * its strings and data, the function frees all it made. */
sa_status sa_pack_check_schema(const char *pack_file, const char *xsd_file,
			       sa_problem_fn fn, void *data, size_t *problems,
			       sa_error *err);

/* Overrides a parameter (as --param name=value).  The value is checked
 * against the parameter's declared type when the pack is compiled. */
sa_status sa_pack_set_param(sa_pack *pack, const char *name,
			    const char *value, sa_error *err);

/* Fixes the audit date (YYYY-MM-DD) instead of today's date. */
sa_status sa_pack_set_audit_date(sa_pack *pack, const char *date,
				 sa_error *err);

/* Chooses a profile that a loaded pack declares: it selects rules (by id
 * pattern) and sets parameters, before --param overrides, and may set
 * grades, weights, vetoes and indicator points.  Called again, it adds a
 * profile: the rules kept are those every chosen profile keeps, and a
 * later profile's values win.  Every loaded standard's profile of that
 * name applies (an extending pack's after the one it extends). */
sa_status sa_pack_set_profile(sa_pack *pack, const char *name, sa_error *err);

/* Per-run overrides, applied at compile: disable the rules whose id
 * matches pattern (shell wildcards: SY-FU-*), or give them a severity.
 * A pattern that matches no rule is an error. */
sa_status sa_pack_disable_rules(sa_pack *pack, const char *pattern,
				sa_error *err);
sa_status sa_pack_set_severity(sa_pack *pack, const char *pattern,
			       sa_severity severity, sa_error *err);

/* Compiles every loaded rule: XPath, regexes and templates are compiled
 * here, once.  After this the pack is read-only and may be shared by
 * threads. */
sa_status sa_pack_compile(sa_pack *pack, sa_error *err);

size_t sa_pack_standard_count(const sa_pack *pack);
const sa_standard_info *sa_pack_standard(const sa_pack *pack, size_t i);
size_t sa_pack_rule_count(const sa_pack *pack);
const sa_rule_info *sa_pack_rule(const sa_pack *pack, size_t i);
/* The rule with this id, or NULL. */
const sa_rule_info *sa_pack_find_rule(const sa_pack *pack, const char *id);
size_t sa_pack_param_count(const sa_pack *pack);
const sa_param_info *sa_pack_param(const sa_pack *pack, size_t i);
/* The effective audit date, YYYY-MM-DD. */
const char *sa_pack_audit_date(const sa_pack *pack);
/* Grade names and thresholds, highest first; count via return value. */
/* The names of a division code in a compiled pack's division tables
 * (base's 2023 statistical codes): 9 digits a township, 12 a village.
 * Names are owned by the pack; a name the tables lack is NULL (base
 * bundles village codes without names, and only some areas' villages).  SA_ERR_USAGE for a code of another
 * shape or one the tables do not have. */
typedef struct sa_division {
	const char *province, *city, *county, *township, *village;
} sa_division;
sa_status sa_pack_division(const sa_pack *pack, const char *code,
			   sa_division *out, sa_error *err);

size_t sa_pack_grade_count(const sa_pack *pack);
const char *sa_pack_grade(const sa_pack *pack, size_t i, double *threshold);

/* ---- the basis of rules, the citation of standards (docs/rules.md) ----- */

/* What a rule rests on: the standard's own requirement, an interpretation
 * of its words, a national fact from a cited public source, or a local
 * setting (a pass mark, a weight, a veto) that the standard does not make. */
typedef enum sa_basis_kind {
	SA_BASIS_NONE = 0,      /* the rule gives no basis (a user's pack) */
	SA_BASIS_REQUIREMENT,
	SA_BASIS_INTERPRETATION,
	SA_BASIS_NATIONAL,
	SA_BASIS_SETTING
} sa_basis_kind;

typedef struct sa_basis {
	sa_basis_kind kind;
	const char *quote;      /* the standard's own words; may be NULL */
	const char *reason;     /* why (interpretation, setting); may be NULL */
	const char *reason_en;  /* may be NULL */
	const char *cite;       /* a citation other than the standard's own
				 * (a GB number, a ministry's document); may
				 * be NULL */
	const char *const *params; /* the parameters that carry the choice */
	size_t param_count;
} sa_basis;

/* How a standard names its source, as an auditor would look it up. */
typedef struct sa_citation {
	const char *headline;   /* the article's or document's title */
	const char *publisher;  /* the paper or body it quotes */
	const char *date;       /* may be NULL */
	const char *file;       /* the pack's own seed file name; may be NULL */
} sa_citation;

/* "requirement", "interpretation", "national", "setting" (lang NULL or
 * "id"), or in words: lang "zh" 原文要求 / 解释 / 国家规定 / 本包设定, "en"
 * "Requirement of the text" / "Interpretation" / "National rule" / "Setting
 * of this pack".  NULL for SA_BASIS_NONE or an unknown kind. */
const char *sa_basis_kind_name(sa_basis_kind kind, const char *lang);

/* The basis of a rule of a compiled pack; NULL when the rule gives none or
 * is not one of the pack's (the engine's own rules: SA-SCHEMA, ...). */
const sa_basis *sa_pack_rule_basis(const sa_pack *pack,
				   const sa_rule_info *rule);
/* The English message template of a rule of a compiled pack, as written
 * (its message-en); NULL when the rule gives none or is not one of the
 * pack's.  sa_rule_info's message is the Chinese one. */
const char *sa_pack_rule_message_en(const sa_pack *pack,
				    const sa_rule_info *rule);
/* The citation of standard i (sa_pack_standard), or of the standard that
 * defines a rule; NULL when it gives none. */
const sa_citation *sa_pack_citation(const sa_pack *pack, size_t i);
const sa_citation *sa_pack_rule_citation(const sa_pack *pack,
					 const sa_rule_info *rule);

/* A profile a loaded standard declares (`profiles:`): chosen says whether
 * the run chose it (--profile).  What a chosen profile sets shows in the
 * compiled pack: grades in sa_pack_grade, weights in sa_rule_info.weight,
 * vetoes in sa_pack_rule_veto, parameters in sa_pack_param. */
typedef struct sa_profile_info {
	const char *name;
	const char *description; /* may be NULL */
	const sa_basis *basis;   /* may be NULL */
	const char *standard;    /* the id of the declaring standard */
	int chosen;
} sa_profile_info;
size_t sa_pack_profile_count(const sa_pack *pack);
const sa_profile_info *sa_pack_profile(const sa_pack *pack, size_t i);
/* 1 when a failure of the rule is a one-vote veto (its own `veto: true`
 * or a chosen profile's `veto:` list), else 0. */
int sa_pack_rule_veto(const sa_pack *pack, const sa_rule_info *rule);

/* What `lint` requires of the basis of standard i of a compiled pack
 * (docs/rules.md "basis"): a citation; a basis on every rule; a reason
 * for an interpretation or a setting; a setting carried by a parameter
 * or a profile, not on by default; a basis on a profile that sets
 * grades, weights, points or vetoes.  Calls fn (may be NULL) for each
 * problem, at the pack file's line and column; returns their number. */
size_t sa_pack_check_basis(const sa_pack *pack, size_t i, sa_problem_fn fn,
			   void *data);

/* ---- dossiers ----------------------------------------------------------- */

typedef struct sa_source sa_source;
typedef struct sa_record sa_record;

/* Opens a dossier file ("-" for standard input).  The format is taken from
 * the extension (.yaml .yml .json .xml) or, failing that, from the first
 * bytes.  Records are read one at a time: a stream of 40,000 stations is
 * never held whole. */
sa_status sa_source_open(const char *path, sa_source **out, sa_error *err);

/* Opens a dossier held in memory; file names it in messages.  The buffer
 * must outlive the source. */
sa_status sa_source_open_buffer(const char *buf, size_t len, const char *file,
				sa_source **out, sa_error *err);

/* The next record of the source.  On SA_OK, *out is a record (caller frees
 * with sa_record_free) or NULL at the end.  On an error, *out is NULL and
 * err names the place; the next call goes on after it where the format
 * allows (YAML: with the next item of a list of records, or the next
 * document of a stream), else gives the end (SA_OK, NULL). */
sa_status sa_source_next(sa_source *src, sa_record **out, sa_error *err);
void sa_source_free(sa_source *src);

/* Where a record came from. */
const char *sa_record_file(const sa_record *rec);
unsigned long sa_record_line(const sa_record *rec);
unsigned long sa_record_column(const sa_record *rec);
/* The 1-based position of the record within its file. */
size_t sa_record_index(const sa_record *rec);
/* "yaml", "json" or "xml". */
const char *sa_record_format(const sa_record *rec);

/* The record as the XML tree the rules see, with the source line of every
 * element in a sa:line attribute (and sa:col where known) when
 * with_positions is set.  Caller frees *out with free(). */
sa_status sa_record_serialize(const sa_record *rec, int with_positions,
			      char **out, size_t *len, sa_error *err);

/* text as the XML reports carry it (their one cleaner): invalid UTF-8,
 * control characters but tab, LF and CR, DEL, U+FFFE and U+FFFF become
 * U+FFFD; markup is left alone, so a serialized record stays XML.  Caller
 * frees; NULL when out of memory. */
char *sa_text_clean(const char *text);
void sa_record_free(sa_record *rec);

/* ---- results ------------------------------------------------------------ */

/* An entry of a waiver ledger: a rule accepted as failing on a record,
 * for a reason, until a date. */
typedef struct sa_waiver_info {
	const char *rule;       /* rule id (wildcards allowed: SY-FU-*) */
	const char *record;     /* record id, or "*" */
	const char *reason;
	const char *approver;
	const char *expires;    /* YYYY-MM-DD */
	const char *file;       /* the ledger */
	unsigned long line;
} sa_waiver_info;

/* One rule's outcome on one record (or, for collection rules, one item). */
typedef struct sa_finding {
	const sa_rule_info *rule;
	sa_finding_status status;
	sa_severity severity;
	const char *file;
	unsigned long line;     /* 0 when unknown */
	unsigned long column;   /* 0 when unknown */
	const char *path;       /* node path, e.g. /station/staff[2]/phone */
	const char *message;    /* interpolated; NULL for passes */
	const char *actual;     /* may be NULL */
	const char *expected;   /* may be NULL */
	const sa_waiver_info *waiver; /* set when status is SA_FINDING_WAIVED */
} sa_finding;

/* One line of a score's explanation: an indicator of the pack's tree (rule
 * NULL), or a rule under it that gained or lost points.  Without an
 * indicator tree every rule is a line of its own (indicator NULL). */
typedef struct sa_score_item {
	const char *indicator;  /* indicator id, or NULL */
	const char *title;      /* the indicator's or rule's title */
	int level;              /* 1-3 for indicators, 0 for rules */
	const char *rule;       /* the rule id, or NULL for an indicator */
	double points;          /* the most it can give */
	double lost;            /* what the record lost (capped) */
	double earned;          /* points - lost; 0 when not applicable */
	int applicable;         /* 0: left out of the score */
	int veto;               /* 1: a one-vote-veto rule that failed */
} sa_score_item;

/* The audit of one record: all its findings and its score. */
typedef struct sa_record_result {
	size_t seq;             /* 0-based position in the run */
	const char *file;
	unsigned long line;
	unsigned long column;
	const char *record_id;  /* NULL when the record could not be read */
	const char *name;       /* station name, when the record has one */
	const char *region;     /* region code, when the record has one */
	int load_error;         /* 1: the file could not be read */
	int collection;         /* 1: the findings of collection rules,
				 * reported once after every record */
	size_t finding_count;
	const sa_finding *findings;
	size_t counts[SA_FINDING_STATUS_COUNT];
	size_t fail_by_severity[SA_SEVERITY_COUNT];
	double score;           /* 0-100; negative when nothing was scored */
	const char *grade;      /* NULL when not graded */
	int vetoed;             /* a one-vote-veto rule failed: grade "fail" */
	double score_unwaived;  /* the score had no waiver applied; equals
				 * score when nothing was waived */
	const char *grade_unwaived;
	size_t score_item_count;
	const sa_score_item *score_items; /* where each point went */
	int not_assessed;       /* 1: a standard could not assess the record
				 * (finding SA-ASSESS says why): no score,
				 * no grade */
	int verdict_at;         /* the run's sa_run_options.verdict_at */
	int below_pass;         /* graded below the chosen profile's
				 * pass-grade: verdict 不合格 (a failing
				 * SA-GRADE finding says why) */
} sa_record_result;

/* Totals of a run. */
typedef struct sa_summary {
	size_t files;
	size_t records;
	size_t unreadable;      /* files or records that could not be read */
	size_t findings[SA_FINDING_STATUS_COUNT];
	size_t fail_by_severity[SA_SEVERITY_COUNT];
	size_t records_failing; /* records with at least one failure */
	size_t not_assessed;    /* records a standard could not assess */
	size_t coverage_unjudged; /* coverage rules not judged: the run named
				   * no region (--region, a region param) */
} sa_summary;

/* Per-rule totals of a run. */
typedef struct sa_rule_summary {
	const sa_rule_info *rule;
	size_t counts[SA_FINDING_STATUS_COUNT];
} sa_rule_summary;

/* ---- the environment ---------------------------------------------------- */

/* Calls fn(data, message) once for each tuning variable of the
 * environment that the library reads (STATIONAUDIT_CUT,
 * STATIONAUDIT_ROLLUP_SPILL) and that is set to a value it cannot use,
 * and so ignores: message (translated, valid until fn returns) names the
 * variable, its value and the default used instead.  The library never
 * prints: the command shows these as warnings. */
void sa_env_check(void (*fn)(void *data, const char *message), void *data);

/* ---- configuration files ------------------------------------------------- */

/* Called for each option a configuration file gives: the long option's
 * name ("standard", "param", "fail-on", ...) and its value (NULL for an
 * option that takes none; "NAME=VALUE" for params and severity), with
 * the line and column of the value.  Non-zero refuses the value (the
 * callback has said why). */
typedef int (*sa_config_fn)(void *data, const char *option, const char *value,
			    unsigned long line, unsigned long column);

/* Reads a project's configuration (.stationaudit.yaml): a YAML mapping
 * of standards, params, formats, fail-on, waivers and other options of
 * check (docs/config.md), in file order; a list gives one call per item.
 * The file must be a regular file of at most 64 KiB.  The paths it names
 * (waivers, schema, standards given as paths, the FILE of formats' FORMAT:
 * FILE) are taken from the current folder and must stay inside the folder
 * holding the file: not absolute, no `..` above it, no symbolic link out
 * of it (a found file may come with an untrusted checkout).  SA_ERR_USAGE
 * with file, line and column for such a path, an unknown key, or a list or
 * mapping where a value belongs; SA_ERR_PARSE for bad YAML. */
sa_status sa_config_read(const char *path, sa_config_fn fn, void *data,
			 sa_error *err);

/* ---- runs ---------------------------------------------------------------- */

typedef struct sa_run sa_run;

/* What a progress callback is told. */
typedef struct sa_progress {
	size_t records;         /* records reported so far */
	size_t files_done;      /* input files fully reported */
	size_t files;           /* input files of the run (the total) */
	double seconds;         /* since the audit started */
	int final;              /* the audit is over: the last call */
} sa_progress;

#define SA_PROGRESS_MS 100

/* The default of sa_run_options.xpath_steps (about a second of CPU). */
#define SA_XPATH_STEPS 100000000ul

typedef struct sa_run_options {
	int jobs;               /* worker threads; 0 = one per core */
	const char *lang;       /* "zh" or "en" (default: sa_lang_default) */
	int color;              /* text report colour: 1 on, 0 off */
	int verbose;            /* text report: also list passes */
	int show_personal;      /* do not mask personal data */
	const char *schema;     /* an XSD every record is validated against
				 * (rule SA-SCHEMA); default the dossier
				 * contract (sa_schema_default), NULL:
				 * records are not validated */
	int bom;                /* CSV report: start with a UTF-8 BOM */
	int stats;              /* time phases and rules (sa_run_write_stats) */
	const char *encoding;   /* dossiers are in this encoding (an iconv
				 * name), converted to UTF-8; NULL: UTF-8 */
	/* CI reports at scale; 0 takes the default. */
	size_t sarif_max;       /* SARIF results kept, most severe first
				 * (SA_SARIF_MAX) */
	size_t github_max;      /* GitHub annotations (SA_GITHUB_MAX); the
				 * rest go to $GITHUB_STEP_SUMMARY */
	int junit_per_rule;     /* JUnit: a test case per failing rule, not
				 * per record */
	unsigned long xpath_steps; /* XPath steps the rules of one record
				 * may take together, one expression a
				 * fifth of them (0: SA_XPATH_STEPS) */
	/* Progress (may be NULL): called as records are reported, at most
	 * every progress_ms milliseconds (0: SA_PROGRESS_MS), and once more
	 * with final set when the audit ends, before the reports are
	 * completed.  One call at a time, from whichever thread writes the
	 * reports (with -j, not always the same one): keep it short. */
	void (*progress)(void *data, const sa_progress *p);
	void *progress_data;
	unsigned progress_ms;
	/* The verdict (合格/不合格) of a record the standards do not grade
	 * (no grades, or no profile that sets them): it fails at a failure
	 * of this severity or above, as --fail-on: 0 major (the default),
	 * 1 + an sa_severity, or -1 never (--fail-on none).  A graded record
	 * passes unless its grade is fail. */
	int verdict_at;
} sa_run_options;


/* GitHub code scanning takes at most 25,000 results a run; Actions shows
 * a handful of annotations a step. */
#define SA_SARIF_MAX 25000
#define SA_GITHUB_MAX 50

/* Fills opts with the defaults. */
void sa_run_options_init(sa_run_options *opts);

/* The dossier contract every run validates records against unless told
 * otherwise: dossier.xsd in $STATIONAUDIT_SCHEMAS, else in the installed
 * schemas folder (pkgdatadir/schemas).  The environment is read at the
 * first call.  Static, never freed. */
const char *sa_schema_default(void);

/* A run over a compiled pack; the pack must outlive the run.  NULL on
 * allocation failure. */
sa_run *sa_run_new(const sa_pack *pack, const sa_run_options *opts);
void sa_run_free(sa_run *run);

/* Adds a report: format is a writer name (sa_report_format_name lists
 * them), path a file or NULL/"-" for standard output.  A regular file (or
 * a new path) is written to a temporary file beside it, and the run's
 * files are renamed over their targets together when every report is
 * complete; a symbolic link is followed to its target.  A character
 * device, a FIFO, /dev/stdout or /dev/fd/N is written in place, never
 * replaced.  SA_ERR_USAGE for a folder, a block device, a socket, a
 * dangling link, or a file or stream that another report of the run
 * already writes. */
sa_status sa_run_add_report(sa_run *run, const char *format, const char *path,
			    sa_error *err);

/* Whether path may be written by the rules of sa_run_add_report (no
 * folder, no empty name, no symbolic link that leads outside its folder
 * or to nothing, ...): SA_OK, or SA_ERR_USAGE with the same message.
 * Nothing is created.  For other files the tool writes (init -o). */
sa_status sa_output_path_check(const char *path, sa_error *err);

/* Adds a dossier file, a folder (walked for .yaml .yml .json .xml, in
 * name order) or "-" (standard input).  Add the reports first: a file
 * that is one of them (the same regular file, or the same name for one
 * not written yet) is never a dossier: a folder walk leaves it out
 * (sa_run_skipped_report), and naming it is SA_ERR_USAGE. */
sa_status sa_run_add_path(sa_run *run, const char *path, sa_error *err);

/* The number of input files added so far ("-" counts as one): 0 after
 * paths that held no dossier file (an empty folder). */
size_t sa_run_file_count(const sa_run *run);

/* The i'th file (from 0) that a folder walk left out because it is one
 * of the run's reports (the previous run's, about to be replaced), as
 * walked; NULL past the last.  Owned by the run. */
const char *sa_run_skipped_report(const sa_run *run, size_t i);

/* The i'th file (from 0) that a folder walk left out because the run
 * reads it as no dossier: a waiver ledger, the baseline, a configuration
 * file (sa_run_add_input), a pack file or the schema, known by identity
 * (device and inode) whatever name led there.  Add those before the
 * paths.  A ledger named as a path is still read as a dossier (and
 * fails).  NULL past the last; owned by the run. */
const char *sa_run_skipped_input(const sa_run *run, size_t i);

/* Adds a waiver ledger (a YAML file; docs/waivers.md): failing findings
 * that an unexpired entry matches are reported as waived.  Errors name
 * the file, line and column. */
sa_status sa_run_add_waivers(sa_run *run, const char *path, sa_error *err);

/* Names a file the caller read for this run (a configuration file):
 * sa_run_execute refuses (SA_ERR_USAGE) a report that would replace it,
 * as it refuses one over a waiver ledger, a pack file or the schema. */
sa_status sa_run_add_input(sa_run *run, const char *path, sa_error *err);

/* Compares the run with an earlier JSON report (check --baseline): the
 * reports show year over year (JSON `baseline`, a Markdown section, an
 * XLSX sheet, SARIF baselineState).  The report is read now; errors as
 * sa_diff_reports (SA_ERR_USAGE for anything but a stationaudit JSON
 * report of version 1). */
sa_status sa_run_set_baseline(sa_run *run, const char *report,
			      sa_error *err);

/* Audits every record and writes every report.  A dossier that cannot be
 * read becomes an error finding and the batch goes on; the return value
 * is not SA_OK only when a report could not be written or the run itself
 * failed. */
sa_status sa_run_execute(sa_run *run, sa_error *err);

/* Removes the temporary files of the run's reports now, and keeps the run
 * from renaming any: what a command calls when it is interrupted, so that
 * the previous reports stay whole.  Thread-safe (callable from another
 * thread while sa_run_execute runs, e.g. a thread that waits for
 * signals), but not async-signal-safe: do not call it from a handler. */
void sa_run_abandon(sa_run *run);

const sa_summary *sa_run_summary(const sa_run *run);

/* After a run made with opts.stats: the time of each phase and the top
 * slowest rules (time, evaluations, time per evaluation, share), as a
 * table for people.  SA_ERR_USAGE when the run kept no stats. */
sa_status sa_run_write_stats(const sa_run *run, FILE *out, size_t top,
			     sa_error *err);
/* Per-rule totals, in pack order; count is sa_pack_rule_count. */
const sa_rule_summary *sa_run_rule_summaries(const sa_run *run);

/* ---- comparing two runs -------------------------------------------------- */

typedef struct sa_diff sa_diff;

/* Compares two JSON reports of stationaudit (-f json): findings are
 * matched by record id, rule id and node path; `fail` and `error`
 * findings are problems, and a problem of the old report that the new
 * one waives is newly waived, not fixed.  Both files are checked first:
 * anything but a stationaudit JSON report of version 1 is SA_ERR_USAGE.
 * Both files are read record by record: a score that is not a number
 * from 0 to 100 or null, or a station id on two records, is SA_ERR_SHAPE
 * at its line and column.  Free
 * *out with sa_diff_free. */
sa_status sa_diff_reports(const char *old_report, const char *new_report,
			  sa_diff **out, sa_error *err);
/* SA_OK when report is a file sa_diff_reports can read: a regular file
 * that starts as a stationaudit JSON report of a version it knows (its
 * records are not read).  SA_ERR_USAGE (or SA_ERR_IO, SA_ERR_LIMIT) with
 * a message otherwise: check --baseline refuses before it audits. */
sa_status sa_diff_check(const char *report, sa_error *err);
void sa_diff_free(sa_diff *diff);
/* Problems of the new report that the old one did not have, of severity
 * at_least or above. */
size_t sa_diff_new_count(const sa_diff *diff, sa_severity at_least);
/* Writes the comparison as text: totals, new problems, fixed problems and
 * the score change of every station whose score changed; lang "en" or
 * Chinese; label names the new report (NULL: its path). */
sa_status sa_diff_write(const sa_diff *diff, FILE *out, const char *lang,
			const char *label, sa_error *err);
/* Writes the comparison in format (sa_diff_format_name: "text", "json",
 * "markdown" or "md") to path, as check writes its reports: NULL or "-"
 * standard output, a file replaced whole when complete (docs/report-json.md
 * describes the JSON: new, fixed, unchanged and newly waived problems and
 * the score change of every station, with what waivers gave).
 * SA_ERR_USAGE for an unknown format or a path that cannot be written. */
sa_status sa_diff_report(const sa_diff *diff, const char *format,
			 const char *path, const char *lang, const char *label,
			 sa_error *err);
/* The comparison formats, i = 0, 1, ... until NULL. */
const char *sa_diff_format_name(size_t i);

/* ---- reports ------------------------------------------------------------- */

/* The names of the report formats, i = 0, 1, ... until NULL. */
const char *sa_report_format_name(size_t i);

/* The library version, e.g. "0.1.0". */
const char *sa_version(void);

/* ---- language ------------------------------------------------------------ */

/* The language the environment asks for, "zh" or "en": the first of
 * LC_ALL, LC_MESSAGES and LANG that is set and not empty decides; zh...
 * gives "zh", C, POSIX, C.UTF-8 or none at all "zh" (the default
 * audience), any other locale (en_US.UTF-8, fr_FR) "en".  A static
 * string. */
const char *sa_lang_default(void);
/* Chooses the language of the messages of the library and the command
 * (gettext's text domain "stationaudit"), "zh" or "en"; NULL: the
 * environment's (sa_lang_default).  The catalogue is read from
 * $STATIONAUDIT_LOCALEDIR when it is set (empty: messages stay
 * English), else from the installed locale folder.  Chinese works even
 * when the process locale is C: LC_MESSAGES becomes C.UTF-8 then, and
 * LANGUAGE is set to the choice.  Call it from the main thread before
 * other threads start (sa_run_new calls it with the run's lang).
 * Returns the language chosen (a static string), NULL for another lang. */
const char *sa_lang_set(const char *lang);
/* msgid translated into the chosen language (the environment's until
 * sa_lang_set is called): what _() is in the library and the command. */
const char *sa_gettext(const char *msgid)
#if defined(__GNUC__) || defined(__clang__)
	__attribute__((format_arg(1)))
#endif
	;

#ifdef __cplusplus
}
#endif

#endif /* STATIONAUDIT_H */
