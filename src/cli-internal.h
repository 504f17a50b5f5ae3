/*
 * cli-internal.h - the stationaudit command: shared option handling.
 */
#ifndef SA_CLI_INTERNAL_H
#define SA_CLI_INTERNAL_H

#include "stationaudit.h"

/* Exit codes, as documented in --help and the man page. */
enum {
	EXIT_CLEAN = 0,     /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,  /* findings at or above it, or unreadable input */
	EXIT_USAGE = 2,     /* bad usage or a bad pack: nothing audited */
	EXIT_INTERNAL = 3,  /* internal error */
	EXIT_BROKEN_PIPE = -1 /* not a status: end as SIGPIPE would */
};

/* Prints err to stderr the way every command does ("stationaudit: ..."),
 * with the offending line and a caret when known. */
void cli_print_error(const sa_error *err);

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
