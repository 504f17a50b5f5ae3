/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-internal.h - the stationaudit command: shared option handling.
 */
#ifndef SA_CLI_INTERNAL_H
#define SA_CLI_INTERNAL_H

#include <getopt.h>

#include "i18n.h"
#include "stationaudit.h"

/* Exit codes, as documented in --help and the man page.  An incomplete
 * audit (3) wins over findings (1): a CI job must not read a run that
 * skipped a dossier or a rule as an ordinary failure. */
enum {
	EXIT_CLEAN = 0,     /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,  /* findings at or above it */
	EXIT_USAGE = 2,     /* bad usage or configuration: nothing audited */
	EXIT_INCOMPLETE = 3, /* a dossier could not be read or a rule could
			      * not be evaluated */
	EXIT_INTERNAL = 4,  /* out of memory, a report not written, a bug */
	EXIT_BROKEN_PIPE = -1 /* not a status: end as SIGPIPE would */
};

/* A subcommand's command line (cli-opts.c): getopt_long's options, less
 * -h/--help, which every subcommand answers with its usage. */
typedef struct cli_spec {
	const char *name;              /* "check" */
	const char *usage;             /* the whole --help text (N_()) */
	const char *shortopts;         /* getopt's, without ':' and 'h' */
	const struct option *longopts; /* NULL-terminated; may be NULL */
} cli_spec;

/* Called for each option with getopt_long's value and its argument
 * (NULL when it takes none); returns < 0 after printing why it refuses
 * the value. */
typedef int (*cli_option_fn)(void *data, int opt, char *arg);

/* Parses argv by spec (GNU order: options and operands mixed, "--"
 * ends the options).  Returns the index of the first operand; 0 when
 * -h/--help printed the usage on standard output (exit 0); -1 after a
 * usage error was printed (exit 2). */
int cli_parse(const cli_spec *spec, int argc, char **argv, cli_option_fn fn,
	      void *data);

/* The cli_option_fn of a subcommand with no option but --help. */
int cli_no_option(void *data, int opt, char *arg);
/* --xpath-steps N (a run limit, sa_run_options.xpath_steps) into *out;
 * -1 after saying what is wrong. */
int cli_parse_steps(const char *arg, unsigned long *out);

/* --lang LANG (zh or en) for subcommands whose only option it is
 * (list, explain, test): the spec's longopts, and its cli_option_fn,
 * called with the spec as data; messages and output follow it, the
 * locale's language otherwise (sa_lang_default), as check's. */
extern const struct option cli_lang_options[];
int cli_lang_option(void *data, int opt, char *arg);
/* The language --lang chose ("zh", "en"), NULL without it. */
extern const char *cli_lang;

/* "stationaudit: NAME: message" and where to find the usage, on
 * standard error; the caller exits EXIT_USAGE. */
void cli_usage_error(const cli_spec *spec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints err to stderr the way every command does ("stationaudit: ..."),
 * with the offending line and a caret when known. */
void cli_print_error(const sa_error *err);
/* Writes s to f as the reports show untrusted text: a control character
 * as \xNN, a C1 control as \u00NN, a new line as newline (which may
 * indent what follows, so that no line of it starts where a CI runner
 * reads commands).  Tabs stay. */
void cli_write_shown(FILE *f, const char *s, const char *newline);

/* Adds STATIONAUDIT_PATH's folders and the installed rules folder. */
int cli_add_search_path(sa_pack *pack);

/* The folders searched for packs, in order; NULL-terminated, static. */
const char *const *cli_search_dirs(void);

/* check's signals (cli-signal.c): SIGINT, SIGTERM and SIGHUP abandon the
 * watched run and remove the watched file, then end the command by the
 * same signal; SIGPIPE is ignored.  Call start before any thread. */
int cli_signals_start(void);
void cli_signals_watch(sa_run *run, const char *file);
/* Ends the command as a write to a closed pipe would have. */
void cli_die_of_sigpipe(void);

/* The path of a file in the schemas folder: $STATIONAUDIT_SCHEMAS when
 * set (the tests use the source tree's), else the installed one. */
void cli_schema_file(const char *name, char *out, size_t size);

/* check's progress (cli-progress.c), an sa_run_options.progress: one
 * line redrawn on a terminal (tty), else a plain line a second. */
typedef struct cli_progress {
	int tty;
	double last;               /* seconds at the last plain line */
} cli_progress;
void cli_progress_report(void *data, const sa_progress *p);

/* check's configuration found, not passed (cli-config.c): unless
 * --no-config is among the options, the option words of the first
 * .stationaudit.yaml of the current folder or a parent (up to a folder
 * with .git, or /); path receives its name ("" when none).  The caller
 * frees each of the *n words of *out and *out.  0; -1 after an error was
 * printed (exit 2); -2 out of memory. */
int cli_config_words(int argc, char **argv, char *path, size_t size,
		     char ***out, int *n);
/* When arg is a value word of that file and err has no line of its own
 * (a refused value, a file it names that cannot be opened), points err
 * at the value's line and column in the file, its message kept (after
 * err's file name, if any); 1 when it did.  path (above) must still
 * hold the file's name. */
int cli_config_blame(const char *arg, sa_error *err);
/* 1 when arg is a value word of that file. */
int cli_from_config(const char *arg);
/* Refuses arg, the value of option opt ("-j", "--fail-on"): "stationaudit:
 * OPT WHY" where WHY is fmt formatted, or, for a value of the
 * configuration file, "stationaudit: FILE:LINE:COL: KEY WHY" and the
 * line with a caret.  Returns -1. */
int cli_bad_value(const char *opt, const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int cli_init(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_list(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_lint(int argc, char **argv);
int cli_convert(int argc, char **argv);
int cli_test(int argc, char **argv);
int cli_diff(int argc, char **argv);
/* The comparison of two JSON reports on standard output (nothing when
 * quiet; label names the new one, NULL: its path); returns the exit
 * status (1: new problems at or above fail_on, unless fail_none). */
int cli_print_diff(const char *old_report, const char *new_report,
		   const char *label, const char *lang, sa_severity fail_on,
		   int fail_none, int quiet);

#endif
