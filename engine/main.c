/*
 * main.c - the stationaudit command: dispatch to the subcommands.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "banned.h"

static const char usage[] =
"usage: stationaudit COMMAND [OPTIONS] [ARGS]\n"
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
"check options:\n"
"  -s, --standard PACK       a standard by name or path (repeatable);\n"
"                            default: the set listed in rules/default\n"
"      --param NAME=VALUE    override a parameter (repeatable)\n"
"      --region CODE         judge coverage over this division code\n"
"                            (same as --param region=CODE)\n"
"      --audit-date DATE     the audit date (YYYY-MM-DD); default today\n"
"  -f, --format FMT[:FILE]   a report (repeatable): text, json, html,\n"
"                            junit, sarif, github, markdown, csv, svrl, xlsx,\n"
"                            codequality;\n"
"                            default text on standard output\n"
"      --fail-on SEVERITY    critical, major (default), minor, info, none\n"
"      --lang LANG           zh (default) or en\n"
"  -j, --jobs N              worker threads; default one per core\n"
"  -q, --quiet               no text report unless asked with -f\n"
"  -v, --verbose             list passes and not-applicable rules too\n"
"      --bom                 CSV report: start with a UTF-8 byte order mark\n"
"      --sarif-max N         SARIF: at most N results, most severe first\n"
"                            (default 25000, GitHub code scanning's limit)\n"
"      --github-max N        GitHub: at most N annotations, most severe\n"
"                            first (default 50); the rest summarised in\n"
"                            $GITHUB_STEP_SUMMARY\n"
"      --junit-per-rule      JUnit: a test case per rule, not one\n"
"                            per record\n"
"      --stats               time per phase and per rule, on standard error\n"
"      --show-personal       do not mask personal data (the standards'\n"
"                            personal paths, ID-number and phone shapes)\n"
"      --profile NAME        a profile of the standards (rules, params,\n"
"                            grades, weights, vetoes); repeatable\n"
"      --schema XSD          validate every dossier against this XSD instead\n"
"                            of the installed contract (rule SA-SCHEMA)\n"
"      --no-schema           do not validate dossiers against the contract\n"
"      --encoding NAME       dossiers are in this encoding (e.g. gb18030),\n"
"                            converted to UTF-8 before they are read\n"
"      --disable RULE        leave out rules (wildcards: SY-FU-*; repeatable)\n"
"      --severity RULE=SEV   change the severity of rules (repeatable)\n"
"      --waivers FILE        a waiver ledger (YAML; repeatable)\n"
"      --baseline OLD.json   compare with an earlier JSON report: list new\n"
"                            and fixed findings; fail only on new ones\n"
"      --config FILE         read options from FILE (one per line, as on\n"
"                            the command line; # starts a comment)\n"
"\n"
"environment:\n"
"  STATIONAUDIT_PATH         folders searched for packs, ':'-separated,\n"
"                            before the installed ones\n"
"  NO_COLOR                  no colour in the text report\n"
"\n"
"exit status:\n"
"  0  no finding at or above --fail-on\n"
"  1  findings at or above --fail-on, or a dossier could not be read\n"
"  2  bad usage or an invalid pack: nothing was audited\n"
"  3  internal error\n";

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

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("stationaudit %s\n", sa_version());
		return EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "stationaudit: unknown command '%s' (see "
		"stationaudit --help)\n", argv[1]);
	return EXIT_USAGE;
}
