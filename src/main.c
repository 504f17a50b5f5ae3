/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - the stationaudit command: dispatch to the subcommands.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef SA_WITH_MIMALLOC
#include <unistd.h>
#endif

#include "cli-internal.h"
#include "banned.h"

static const char usage[] = N_(
"usage: stationaudit COMMAND [OPTIONS] [ARGS]\n"
"       stationaudit COMMAND --help\n"
"\n"
"Checks social-work station dossiers (YAML, JSON, XML) against standards\n"
"(YAML rule packs) and writes audit reports.\n"
"\n"
"commands:\n"
"  check [OPTIONS] PATH...   audit dossiers (files, folders, - for stdin)\n"
"  list                      the bundled standards, rule counts, sources\n"
"  explain RULE-ID           a rule's text, source, parameters and fix\n"
"  lint PACK...              validate packs; errors with file:line:col\n"
"  convert FILE              print the tree the rules see, with lines\n"
"  test PACK...              run packs' own fixtures (tests/pass, tests/fail)\n"
"  diff OLD.json NEW.json    new, fixed and unchanged findings, score changes\n"
"  init CODE                 a blank dossier for a township or village code\n"
"\n"
"options:\n"
"  -h, --help                this help; COMMAND --help: the command's\n"
"      --version             the version\n"
"\n"
"environment:\n"
"  STATIONAUDIT_PATH         folders searched for packs, ':'-separated,\n"
"                            before the installed ones\n"
"  STATIONAUDIT_SCHEMAS      the schemas folder (dossier.xsd, pack.xsd)\n"
"  NO_COLOR                  no colour in the text report\n"
"\n"
"exit status:\n"
"  0  no finding at or above --fail-on\n"
"  1  findings at or above --fail-on\n"
"  2  usage or configuration error: nothing was audited\n"
"  3  the audit is incomplete: a dossier could not be read or a rule\n"
"     could not be evaluated (wins over 1)\n"
"  4  internal error: out of memory, a report not written, a bug\n");

#ifdef SA_WITH_MIMALLOC
/* mimalloc takes 2 MiB pages for its heap only when the environment asks
 * before it starts, which is before main: so the command asks and starts
 * itself once more.  On a virtual machine a page fault costs microseconds
 * and a short run touches ~10 MB: with large pages a one-dossier check
 * takes a quarter of the faults and about half the time, the second start
 * included (bench/README.md, start-up).  MIMALLOC_LARGE_OS_PAGES set to
 * anything (0 too) is left as it is; without /proc the run goes on. */
static void large_pages(char **argv)
{
	if (getenv("MIMALLOC_LARGE_OS_PAGES") ||
	    setenv("MIMALLOC_LARGE_OS_PAGES", "1", 0) != 0)
		return;
	execv("/proc/self/exe", argv);
	unsetenv("MIMALLOC_LARGE_OS_PAGES");
}
#endif

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "check", cli_check },     { "list", cli_list },
		{ "explain", cli_explain }, { "lint", cli_lint },
		{ "convert", cli_convert }, { "test", cli_test },
		{ "diff", cli_diff },        { "init", cli_init },
	};
	size_t i;

#ifdef SA_WITH_MIMALLOC
	large_pages(argv);
#endif
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(_(usage), argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("stationaudit %s\n", sa_version());
		return EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, _("stationaudit: unknown command '%s' (see "
		"stationaudit --help)\n"), argv[1]);
	return EXIT_USAGE;
}
