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
	EXIT_INTERNAL = 3   /* internal error */
};

/* Prints err to stderr the way every command does ("stationaudit: ..."),
 * with the offending line and a caret when known. */
void cli_print_error(const sa_error *err);

/* Adds STATIONAUDIT_PATH's folders and the installed rules folder. */
int cli_add_search_path(sa_pack *pack);

/* The folders searched for packs, in order; NULL-terminated, static. */
const char *const *cli_search_dirs(void);

int cli_check(int argc, char **argv);
int cli_list(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_lint(int argc, char **argv);
int cli_convert(int argc, char **argv);
int cli_test(int argc, char **argv);

#endif
