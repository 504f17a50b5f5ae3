/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-check.c - `stationaudit check`, and what every subcommand shares.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-internal.h"
#include "banned.h"

void cli_write_shown(FILE *f, const char *s, const char *newline)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; p && *p; p++) {
		if (*p == '\n')
			fputs(newline, f);
		else if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(f, "\\u00%02x", *++p);
		else
			putc(*p, f);
	}
}

/* Line ends in s written as the two characters \n (as they would be
 * written in YAML), within size bytes. */
static void quote_line_ends(char *s, size_t size)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		if (n + 2 > size) {
			s[i] = ' ';
			continue;
		}
		memmove(s + i + 2, s + i + 1, n - i);
		s[i] = '\\';
		s[i + 1] = 'n';
		n++;
		i++;
	}
}

/* A message quotes a pack's or a dossier's text (an expression, a line
 * of it, a configuration value): its control characters are shown,
 * never sent to the terminal, and its line ends too, so that the only
 * line ends are the message's own (before the quoted source line and
 * its caret, which are indented): a value can never start a line of
 * its own, as a GitHub workflow command ("::error ...") in a checkout's
 * configuration or pack would. */
void cli_print_error(const sa_error *err)
{
	char buf[SA_ERROR_MESSAGE_MAX + SA_ERROR_FILE_MAX + 3 * SA_ERROR_SOURCE_MAX];
	sa_error e = *err;

	quote_line_ends(e.message, sizeof(e.message));
	quote_line_ends(e.file, sizeof(e.file));
	fputs("stationaudit: ", stderr);
	cli_write_shown(stderr, sa_error_format(&e, buf, sizeof(buf)), "\n");
	putc('\n', stderr);
}

const char *const *cli_search_dirs(void)
{
	return sa_search_dirs_default();
}

int cli_add_search_path(sa_pack *pack)
{
	const char *const *d;
	sa_error err;

	for (d = cli_search_dirs(); *d; d++)
		if (sa_pack_add_search_dir(pack, *d, &err) != SA_OK) {
			cli_print_error(&err);
			return -1;
		}
	return 0;
}

/* The default standards: the names listed in the first `default` file of
 * the search path, one a line.  The file is read like a pack's: a regular
 * file of at most 64 KiB inside its search folder (a link to a file
 * outside would print that file's lines as unknown names). */
/* Copies src into dst of size bytes, cut to fit. */
static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A standard's name as the search path knows it (shiyan, base): no
 * folder part, not a file (.yaml), not "." or ".." or a hidden name. */
static int plain_name(const char *name)
{
	size_t n = strlen(name);

	return !strchr(name, '/') && name[0] != '.' &&
	       !(n >= 5 && !strcmp(name + n - 5, ".yaml"));
}

static int load_default(sa_pack *pack, sa_error *err)
{
	const char *const *d;
	char path[4096], *buf = NULL, *line, *next, *name;
	size_t len = 0, col;
	unsigned long n;
	int loaded = 0;

	for (d = cli_search_dirs(); *d; d++) {
		snprintf(path, sizeof(path), "%s/default", *d);
		if (access(path, F_OK) == 0)
			break;
	}
	if (!*d) {
		snprintf(err->message, sizeof(err->message), "no standard "
			 "given (-s) and no default set found in the search "
			 "path");
		err->file[0] = '\0';
		err->line = 0;
		err->source_line[0] = '\0';
		return -1;
	}
	if (sa_file_read(path, _("default set"), 64u * 1024, *d, &buf, &len,
			 err) != SA_OK)
		return -1;
	for (line = buf, n = 1; line; line = next, n++) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		col = strspn(line, " \t");
		name = line + col;
		name[strcspn(name, " \t\r#")] = '\0';
		if (!*name)
			continue;
		/* Names only: the set may come with a pull request's rules
		 * folder, and a path would be read wherever it points (and
		 * its first line quoted in the error) before anything else. */
		if (!plain_name(name)) {
			snprintf(err->message, sizeof(err->message),
				 _("the default set lists standards by name "
				   "(as -s NAME does), not a path: '%s'"), name);
			err->status = SA_ERR_USAGE;
			err->line = n;
			err->column = (unsigned long)col + 1;
			copy_cut(err->file, sizeof(err->file), path);
			copy_cut(err->source_line, sizeof(err->source_line),
				 line);
			free(buf);
			return -1;
		}
		if (sa_pack_load(pack, name, err) != SA_OK) {
			free(buf);
			return -1;
		}
		loaded++;
	}
	free(buf);
	return loaded ? 0 : -1;
}

typedef struct check_opts {
	const char *standards[64];
	int n_standards;
	const char *formats[16];
	int n_formats;
	const char *waivers[16];
	int n_waivers;
	const char *baseline;
	sa_severity fail_on;
	int fail_none;
	int quiet;
	int no_schema;
	int no_config;             /* --no-config: no file read */
	int progress;              /* --progress 1, --no-progress 0, else -1 */
	int config_lists[3];       /* standards, formats, waivers so far from
				    * the configuration file */
	char schema_path[4096];
	sa_run_options run;
	const char *params[64];    /* --param words: a value the compile
				    * refuses is blamed on its config line */
	int n_params;
} check_opts;

/* The discovered configuration file ("" when none, for -v) and where its
 * words end in check's arguments: the command line's options that come
 * after them win (lists the file filled start again, see from_config). */
static char config_used[4096];
/* The --config files read (expand_config): a report may not replace
 * them, nor config_used (sa_run_add_input). */
#define MAX_CONFIGS 16
static const char *configs_read[MAX_CONFIGS];
static int n_configs_read;
static int config_end = 1;

static int parse_fail_on(const char *s, check_opts *o)
{
	if (!strcmp(s, "none")) {
		o->fail_none = 1;
		return 0;
	}
	if (sa_severity_parse(s, &o->fail_on) == 0)
		return 0;
	return cli_bad_value("--fail-on", s, _("takes critical, major, minor, "
			     "info or none, not '%s'"), s);
}

/* Prints err, at the configuration file's line when arg came from it. */
static int value_error(const char *arg, sa_error *err)
{
	cli_config_blame(arg, err);
	cli_print_error(err);
	return -1;
}

/* Set when the run names what it covers (--region, --param region=):
 * coverage is then judged, by the coverage standard if no loaded one
 * brings it (load_standards). */
static int region_given;

static int add_param(sa_pack *pack, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char name[256];
	sa_error err;

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(name))
		return cli_bad_value("--param", kv, _("takes NAME=VALUE, not "
				     "'%s'"), kv);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
	if (sa_pack_set_param(pack, name, eq + 1, &err) != SA_OK)
		return value_error(kv, &err);
	if (!strcmp(name, "region"))
		region_given = 1;
	return 0;
}

/* --region CODE: what the run covers, the parameter region set by the
 * run (coverage rules judge only then). */
static int set_region(sa_pack *pack, const char *code)
{
	size_t n = strspn(code, "0123456789");
	sa_error err;

	if (code[n] || (n != 2 && n != 4 && n != 6 && n != 9) ||
	    !strncmp(code, "00", 2))
		return cli_bad_value("--region", code, _("takes a division code "
				     "of 2, 4, 6 or 9 digits (e.g. 4203), not "
				     "'%s'"), code);
	if (sa_pack_set_param(pack, "region", code, &err) != SA_OK)
		return value_error(code, &err);
	region_given = 1;
	return 0;
}

/* The configuration files this run read are inputs: no report of it may
 * replace them (-f json:.stationaudit.yaml). */
static int add_config_inputs(sa_run *run)
{
	sa_error err;
	int i;

	if (config_used[0] && sa_run_add_input(run, config_used, &err) != SA_OK) {
		cli_print_error(&err);
		return err.status == SA_ERR_NOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	for (i = 0; i < n_configs_read; i++)
		if (sa_run_add_input(run, configs_read[i], &err) != SA_OK) {
			cli_print_error(&err);
			return err.status == SA_ERR_NOMEM ? EXIT_INTERNAL :
			       EXIT_USAGE;
		}
	return 0;
}

static int check_main(int argc, char **argv);

/* --severity RULE-PATTERN=SEVERITY */
static int set_severity(sa_pack *pack, const char *arg)
{
	const char *eq = strrchr(arg, '=');
	char pat[256];
	sa_severity sev;
	sa_error err;

	if (!eq || eq == arg || sa_severity_parse(eq + 1, &sev) < 0 ||
	    (size_t)(eq - arg) >= sizeof(pat))
		return cli_bad_value("--severity", arg, _("takes RULE=SEVERITY "
				     "(critical, major, minor, info), not "
				     "'%s'"), arg);
	snprintf(pat, sizeof(pat), "%.*s", (int)(eq - arg), arg);
	if (sa_pack_set_severity(pack, pat, sev, &err) != SA_OK)
		return value_error(arg, &err);
	return 0;
}

/* --encoding: a name iconv knows. */
static int set_encoding(check_opts *o, const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return cli_bad_value("--encoding", name, _("'%s': no such "
				     "encoding (iconv -l lists them)"), name);
	iconv_close(cd);
	o->run.encoding = name;
	return 0;
}

/* --sarif-max N, --github-max N: a count of 1 or more. */
static int parse_max(const char *opt, const char *arg, size_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(arg, &end, 10);
	if (!arg[0] || *end || arg[0] == '-' || errno || n == 0 ||
	    n > 100000000ULL)
		return cli_bad_value(opt, arg, _("takes a count of 1 or more, "
				     "not '%s'"), arg);
	*out = (size_t)n;
	return 0;
}

static const char check_usage[] = N_(
"usage: stationaudit check [OPTIONS] PATH...\n"
"\n"
"Audits dossier files, folders (walked for .yaml, .yml, .json, .xml) and\n"
"standard input (-) against standards, and writes reports.\n"
"\n"
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
"      --lang LANG           zh or en; default: the locale's (LC_ALL,\n"
"                            LC_MESSAGES, LANG; C or unset: zh)\n"
"  -j, --jobs N              worker threads; default one per core\n"
"  -q, --quiet               no text report unless asked with -f, no\n"
"                            progress\n"
"  -v, --verbose             list passes and not-applicable rules too\n"
"      --progress            records done, rate and ETA on standard error\n"
"                            (default: when it is a terminal)\n"
"      --no-progress         no progress, even on a terminal\n"
"      --bom                 CSV report: start with a UTF-8 byte order mark\n"
"      --sarif-max N         SARIF: at most N results, most severe first\n"
"                            (default 25000, GitHub code scanning's limit)\n"
"      --github-max N        GitHub: at most N annotations, most severe\n"
"                            first (default 50); the rest summarised in\n"
"                            $GITHUB_STEP_SUMMARY\n"
"      --junit-per-rule      JUnit: a test case per rule, not one\n"
"                            per record\n"
"      --xpath-steps N       XPath steps one record's rules may take\n"
"                            together (default 100000000)\n"
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
"      --no-config           do not look for .stationaudit.yaml (by default\n"
"                            the first in this folder or a parent, up to\n"
"                            the repository's root, gives options that the\n"
"                            command line's override)\n"
"  -h, --help                this help\n"
"\n"
"exit status: 0 no finding at or above --fail-on, 1 findings at or above\n"
"it, 2 usage or configuration error, 3 audit incomplete (a dossier not\n"
"read, a rule not evaluated; wins over 1), 4 internal error\n");

/* check's long options (getopt_long). */
static const struct option check_options[] = {
	{ "standard", required_argument, NULL, 's' },
	{ "param", required_argument, NULL, 'p' },
	{ "audit-date", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "fail-on", required_argument, NULL, 'F' },
	{ "lang", required_argument, NULL, 'L' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "show-personal", no_argument, NULL, 'P' },
	{ "profile", required_argument, NULL, 'R' },
	{ "schema", required_argument, NULL, 'X' },
	{ "no-schema", no_argument, NULL, 'N' },
	{ "disable", required_argument, NULL, 'D' },
	{ "severity", required_argument, NULL, 'S' },
	{ "bom", no_argument, NULL, 'B' },
	{ "stats", no_argument, NULL, 'T' },
	{ "waivers", required_argument, NULL, 'W' },
	{ "baseline", required_argument, NULL, 'b' },
	{ "region", required_argument, NULL, 'g' },
	{ "encoding", required_argument, NULL, 'E' },
	{ "sarif-max", required_argument, NULL, 'M' },
	{ "github-max", required_argument, NULL, 'G' },
	{ "xpath-steps", required_argument, NULL, 'K' },
	{ "junit-per-rule", no_argument, NULL, 'J' },
	{ "progress", no_argument, NULL, 'O' },
	{ "no-progress", no_argument, NULL, 'o' },
	/* Read before the options (cli_config_words). */
	{ "no-config", no_argument, NULL, 'n' },
	/* Read by expand_config; here so that a last --config with no
	 * file is said to need one. */
	{ "config", required_argument, NULL, 'C' },
	{ NULL, 0, NULL, 0 },
};

static const cli_spec check_spec = {
	"check", check_usage, "s:f:j:qv", check_options
};

typedef struct check_parse {
	check_opts *o;
	sa_pack *pack;
} check_parse;

/* A list (standards, formats, waivers) that the configuration file
 * filled is replaced by the command line's, which come after its words:
 * the command line wins. */
static void from_config(int *n, int *filled)
{
	int in_file = optind <= config_end;

	if (!in_file && *filled)
		*n = 0;
	*filled = in_file;
}

/* Options that only set a field of the run or of check. */
static int check_flag(check_opts *o, int c, char *arg)
{
	switch (c) {
	case 's':
		from_config(&o->n_standards, &o->config_lists[0]);
		if (o->n_standards < 64)
			o->standards[o->n_standards++] = arg;
		return 0;
	case 'f':
		from_config(&o->n_formats, &o->config_lists[1]);
		if (o->n_formats < 16)
			o->formats[o->n_formats++] = arg;
		return 0;
	case 'q': o->quiet = 1; return 0;
	case 'v': o->run.verbose = 1; return 0;
	case 'P': o->run.show_personal = 1; return 0;
	case 'X': o->run.schema = arg; return 0;
	case 'N': o->no_schema = 1; return 0;
	case 'B': o->run.bom = 1; return 0;
	case 'T': o->run.stats = 1; return 0;
	case 'J': o->run.junit_per_rule = 1; return 0;
	case 'O': o->progress = 1; return 0;
	case 'o': o->progress = 0; return 0;
	case 'n': o->no_config = 1; return 0;
	case 'b': o->baseline = arg; return 0;
	case 'W':
		from_config(&o->n_waivers, &o->config_lists[2]);
		if (o->n_waivers < 16)
			o->waivers[o->n_waivers++] = arg;
		return 0;
	}
	return 1;
}

/* Options whose value is checked here. */
static int check_value(check_opts *o, int c, char *arg)
{
	char *end;
	long j;

	switch (c) {
	case 'F':
		return parse_fail_on(arg, o);
	case 'L':
		if (strcmp(arg, "zh") && strcmp(arg, "en"))
			return cli_bad_value("--lang", arg, _("takes zh or en, "
					     "not '%s'"), arg);
		/* Messages follow it from here on, as the reports do. */
		o->run.lang = sa_lang_set(arg);
		return 0;
	case 'j':
		j = strtol(arg, &end, 10);
		if (!*arg || *end || j < 0 || j > 1024)
			return cli_bad_value("-j", arg, _("takes a number of "
					     "threads (0-1024), not '%s'"), arg);
		o->run.jobs = (int)j;
		return 0;
	case 'E':
		return set_encoding(o, arg);
	case 'M':
		return parse_max("--sarif-max", arg, &o->run.sarif_max);
	case 'G':
		return parse_max("--github-max", arg, &o->run.github_max);
	case 'K':
		return cli_parse_steps(arg, &o->run.xpath_steps);
	case 'C':
		cli_usage_error(&check_spec, _("write --config FILE, as two "
				"words"));
		return -1;
	}
	return 1;
}

/* Options that change the pack. */
static int check_pack_option(sa_pack *pack, int c, char *arg)
{
	sa_error err;
	sa_status st = SA_OK;

	sa_error_clear(&err);
	switch (c) {
	case 'p': return add_param(pack, arg);
	case 'g': return set_region(pack, arg);
	case 'S': return set_severity(pack, arg);
	case 'd': st = sa_pack_set_audit_date(pack, arg, &err); break;
	case 'R': st = sa_pack_set_profile(pack, arg, &err); break;
	case 'D': st = sa_pack_disable_rules(pack, arg, &err); break;
	}
	return st == SA_OK ? 0 : value_error(arg, &err);
}

static int check_option(void *data, int c, char *arg)
{
	check_parse *cp = data;
	int rc;

	if ((rc = check_flag(cp->o, c, arg)) <= 0 ||
	    (rc = check_value(cp->o, c, arg)) <= 0)
		return rc;
	if (c == 'p' && cp->o->n_params < 64)
		cp->o->params[cp->o->n_params++] = arg;
	return check_pack_option(cp->pack, c, arg);
}

/* Returns the index of the first path, 0 after --help, -1 on a usage
 * error. */
static int parse_check_args(int argc, char **argv, check_opts *o,
			    sa_pack *pack)
{
	check_parse cp = { o, pack };
	int first = cli_parse(&check_spec, argc, argv, check_option, &cp);

	if (first > 0 && first >= argc) {
		cli_usage_error(&check_spec, _("needs a dossier file or "
				"folder (or - for standard input)"));
		return -1;
	}
	return first;
}

/* The dossier contract every record is validated against: --schema's
 * XSD, else dossier.xsd in $STATIONAUDIT_SCHEMAS (tests use the source
 * tree's) or the installed schemas folder; none with --no-schema. */
static int choose_contract(check_opts *o)
{
	if (o->no_schema && o->run.schema) {
		fprintf(stderr, _("stationaudit: check: --schema and --no-schema "
			"contradict each other\n"));
		return -1;
	}
	if (o->run.schema && access(o->run.schema, R_OK) != 0) {
		if (cli_from_config(o->run.schema))
			return cli_bad_value("--schema", o->run.schema,
					     "%s: %s", o->run.schema,
					     strerror(errno));
		cli_usage_error(&check_spec, _("--schema %s: %s"),
				o->run.schema, strerror(errno));
		return -1;
	}
	if (o->no_schema || o->run.schema)
		return 0;
	snprintf(o->schema_path, sizeof(o->schema_path), "%s",
		 sa_schema_default());
	/* A binary run before `make install` has no contract yet. */
	if (access(o->schema_path, R_OK) != 0) {
		fprintf(stderr, _("stationaudit: note: no dossier contract at %s "
			"(set STATIONAUDIT_SCHEMAS to the schemas folder); "
			"records are not validated\n"), o->schema_path);
		return 0;
	}
	o->run.schema = o->schema_path;
	return 0;
}

static int exit_of(const sa_error *err);

/* 0, or the exit status of a report that cannot be written (4) or is
 * refused (2). */
static int add_reports(sa_run *run, const check_opts *o)
{
	sa_error err;
	int i;

	if (o->n_formats == 0 && !o->quiet &&
	    sa_run_add_report(run, "text", NULL, &err) != SA_OK) {
		cli_print_error(&err);
		return exit_of(&err);
	}
	for (i = 0; i < o->n_formats; i++) {
		char fmt[32];
		const char *colon = strchr(o->formats[i], ':');
		size_t n = colon ? (size_t)(colon - o->formats[i]) :
			strlen(o->formats[i]);

		snprintf(fmt, sizeof(fmt), "%.*s", (int)n, o->formats[i]);
		if (sa_run_add_report(run, fmt, colon ? colon + 1 : NULL,
				      &err) != SA_OK) {
			value_error(o->formats[i], &err);
			return exit_of(&err);
		}
	}
	return 0;
}

/* 3 (the audit is incomplete: a dossier not read, a rule not evaluated)
 * before 1 (findings at or above --fail-on): --fail-on none keeps 3. */
static int exit_code(const sa_summary *s, const check_opts *o)
{
	int sev;

	if (s->unreadable || s->findings[SA_FINDING_ERROR])
		return EXIT_INCOMPLETE;
	if (o->fail_none)
		return EXIT_CLEAN;
	for (sev = (int)o->fail_on; sev < SA_SEVERITY_COUNT; sev++)
		if (s->fail_by_severity[sev])
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

static int load_standards(sa_pack *pack, const check_opts *o)
{
	sa_error err;
	int i;

	sa_error_clear(&err);
	if (cli_add_search_path(pack) < 0)
		return -1;
	if (o->n_standards == 0 && load_default(pack, &err) < 0) {
		cli_print_error(&err);
		return -1;
	}
	for (i = 0; i < o->n_standards; i++)
		if (sa_pack_load(pack, o->standards[i], &err) != SA_OK)
			return value_error(o->standards[i], &err);
	/* A run that names its region is judged for coverage whatever its
	 * standards: -s suining --region 510921 by the national definition
	 * (coverage's COVER-01), as -s shiyan --region 4203 by 十堰's.  (A
	 * standard that extends coverage has loaded its file already, which
	 * is then not loaded again.) */
	if (region_given && sa_pack_load(pack, "coverage", &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	if (sa_pack_compile(pack, &err) != SA_OK) {
		/* "--param NAME=VALUE: the value must be ..." names the word */
		for (i = 0; err.status == SA_ERR_USAGE && i < o->n_params; i++)
			if (strstr(err.message, o->params[i]) &&
			    cli_config_blame(o->params[i], &err))
				break;
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

/* A config file is a few options: 64 KiB is far more than any needs. */
#define MAX_CONFIG_BYTES (64u * 1024)

static int config_problem(const char *path, unsigned long line,
			  const char *why)
{
	fprintf(stderr, "stationaudit: %s:%lu: %s\n", path, line, why);
	return -1;
}

/* Appends the option word and its value (if any) of one line. */
static int config_words(char *p, char ***words, int *n, int *cap)
{
	char *end;
	int k;

	for (k = 0; k < 2 && *p; k++) {
		end = k == 0 ? p + strcspn(p, " \t") : p + strlen(p);
		while (k == 1 && end > p && (end[-1] == ' ' ||
					      end[-1] == '\t'))
			end--;
		if (*n + 2 >= *cap) {
			char **w = realloc(*words, (size_t)(*cap * 2 + 8) *
					   sizeof(char *));

			if (!w)
				return -1;
			*words = w;
			*cap = *cap * 2 + 8;
		}
		if (!((*words)[*n] = strndup(p, (size_t)(end - p))))
			return -1;
		(*n)++;
		p = end + strspn(end, " \t");
	}
	return 0;
}

/* The words of a config file: one option a line, as on the command line
 * ("--param region=4203", "-s shiyan", "--disable SY-FU-05"); blank lines
 * and lines starting with # are skipped.  Anything else (a device, a
 * folder, a binary or a YAML file) is refused before it is used. */
static int read_config(const char *path, char ***words, int *n, int *cap)
{
	sa_error err;
	char *buf = NULL, *p, *next, *c, *end;
	size_t len = 0;
	unsigned long no = 0;
	int rc = 0;

	if (sa_file_read(path, _("config file"), MAX_CONFIG_BYTES, NULL, &buf,
			 &len, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	for (p = buf; p < buf + len && rc == 0; p = next) {
		no++;
		if (!(end = memchr(p, '\n', len - (size_t)(p - buf))))
			end = buf + len;
		*end = '\0';
		next = end + 1;
		for (c = p; c < end; c++)
			if ((unsigned char)*c < 0x20 && *c != '\t' && *c != '\r')
				break;
		if (c < end)
			rc = config_problem(path, no, "a config file is text: "
					    "this line holds control bytes");
		p[strcspn(p, "\r")] = '\0';
		p += strspn(p, " \t");
		if (rc || !*p || *p == '#')
			continue;
		if (*p != '-')
			rc = config_problem(path, no, "not an option: a config "
					    "file holds options, one a line, as "
					    "on the command line (--param "
					    "region=4203)");
		else if (config_words(p, words, n, cap) < 0)
			rc = -1;
	}
	free(buf);
	return rc;
}

/* argv with every --config FILE replaced by the file's words. */
static char **expand_config(int argc, char **argv, int *nargc, char ***owned,
			    int *nowned)
{
	char **out = calloc((size_t)argc + 1, sizeof(char *)), **w = NULL;
	int i, n = 0, cap = argc + 1, nw = 0, wcap = 0, k;

	if (!out)
		return NULL;
	for (i = 0; i < argc; i++) {
		int start = nw;

		if (strcmp(argv[i], "--config") != 0 || i + 1 >= argc) {
			out[n++] = argv[i];
			continue;
		}
		if (read_config(argv[++i], &w, &nw, &wcap) < 0)
			goto fail;
		if (n_configs_read < MAX_CONFIGS)
			configs_read[n_configs_read++] = argv[i];
		if (n + (nw - start) + (argc - i) + 1 > cap) {
			char **o2;

			cap = n + (nw - start) + (argc - i) + 1;
			if (!(o2 = realloc(out, (size_t)cap * sizeof(char *))))
				goto fail;
			out = o2;
		}
		for (k = start; k < nw; k++)
			out[n++] = w[k];
	}
	out[n] = NULL;
	*nargc = n;
	*owned = w;
	*nowned = nw;
	return out;
fail:
	for (k = 0; k < nw; k++)
		free(w[k]);
	free(w);
	free(out);
	return NULL;
}

/* argv[0], then the configuration file's words, then the rest. */
static char **with_config(int argc, char **argv, char **cfg, int ncfg)
{
	char **out = calloc((size_t)(argc + ncfg + 1), sizeof(char *));
	int i;

	if (!out)
		return NULL;
	out[0] = argv[0];
	for (i = 0; i < ncfg; i++)
		out[1 + i] = cfg[i];
	for (i = 1; i < argc; i++)
		out[ncfg + i] = argv[i];
	config_end = 1 + ncfg;
	return out;
}

/* A tuning variable the library ignores (sa_env_check): a warning; the
 * run goes on with the default. */
static void env_warning(void *data, const char *message)
{
	(void)data;
	fputs(_("stationaudit: warning: "), stderr);
	cli_write_shown(stderr, message, "\n");
	putc('\n', stderr);
}

int cli_check(int argc, char **argv)
{
	char **args = NULL, **all = NULL, **owned = NULL, **cfg = NULL;
	int nargs = 0, nowned = 0, ncfg = 0, code = EXIT_USAGE, rc;

	sa_env_check(env_warning, NULL);
	rc = cli_config_words(argc, argv, config_used, sizeof(config_used),
			      &cfg, &ncfg);
	if (rc < 0)
		return rc == -2 ? EXIT_INTERNAL : EXIT_USAGE;
	if ((args = expand_config(argc, argv, &nargs, &owned, &nowned)) &&
	    (all = with_config(nargs, args, cfg, ncfg)))
		code = check_main(nargs + ncfg, all);
	while (nowned > 0)
		free(owned[--nowned]);
	while (ncfg > 0)
		free(cfg[--ncfg]);
	free(owned);
	free(cfg);
	free(args);
	free(all);
	return code;
}

/* A JSON report of this run in a temporary file, to compare with the
 * baseline when the run ends; path receives its name. */
static int baseline_report(sa_run *run, char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	sa_error err;
	int fd;

	snprintf(path, size, "%s/stationaudit-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		fprintf(stderr, _("stationaudit: cannot make a temporary file "
			"for --baseline: %s\n"), strerror(errno));
		path[0] = '\0';
		return -1;
	}
	close(fd);
	if (sa_run_add_report(run, "json", path, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

/* Progress: forced by --progress or --no-progress, else on standard
 * error when it is a terminal, not with -q, and not when a report goes
 * to standard output on a terminal (the line would cut into it). */
static int want_progress(const check_opts *o, int *tty)
{
	int i, to_stdout = o->n_formats == 0 && !o->quiet;

	*tty = isatty(STDERR_FILENO);
	if (o->progress >= 0)
		return o->progress;
	for (i = 0; i < o->n_formats; i++) {
		const char *colon = strchr(o->formats[i], ':');

		to_stdout |= !colon || !strcmp(colon + 1, "-") ||
			     !strcmp(colon + 1, "/dev/stdout");
	}
	return *tty && !o->quiet && !(to_stdout && isatty(STDOUT_FILENO));
}

/* The paths to audit: a pattern the shell left unexpanded (it matched
 * nothing) or paths that hold no dossier at all are usage errors. */
static int add_inputs(sa_run *run, int argc, char **argv, int first,
		      int verbose)
{
	sa_error err;
	int i;

	for (i = first; i < argc; i++) {
		if (strpbrk(argv[i], "*?[") && access(argv[i], F_OK) != 0) {
			cli_usage_error(&check_spec, _("no file matches '%s'"),
					argv[i]);
			return -1;
		}
		if (sa_run_add_path(run, argv[i], &err) != SA_OK) {
			cli_print_error(&err);
			return -1;
		}
	}
	for (i = 0; verbose && sa_run_skipped_report(run, (size_t)i); i++)
		fprintf(stderr, _("stationaudit: %s: a stationaudit report "
			"(of this run, or an older one), not audited\n"),
			sa_run_skipped_report(run, (size_t)i));
	for (i = 0; verbose && sa_run_skipped_input(run, (size_t)i); i++)
		fprintf(stderr, _("stationaudit: %s: a file this run reads "
			"(waiver ledger, baseline, configuration or pack "
			"file), not audited\n"),
			sa_run_skipped_input(run, (size_t)i));
	if (sa_run_file_count(run) == 0) {
		cli_usage_error(&check_spec, _("nothing to audit: no dossier "
				"file (.yaml, .yml, .json, .xml) in the paths "
				"given"));
		return -1;
	}
	return 0;
}

/* The run's waivers, reports and paths: 0, or the exit status. */
static int prepare_run(sa_run *run, check_opts *o, char *base, size_t size,
		       int argc, char **argv, int first)
{
	sa_error err;
	int i, code;

	if ((code = add_reports(run, o)) != 0)
		return code;
	if (o->baseline && baseline_report(run, base, size) < 0)
		return EXIT_USAGE;
	/* The reports show year over year too. */
	if (o->baseline && sa_run_set_baseline(run, o->baseline, &err) !=
	    SA_OK) {
		cli_print_error(&err);
		return EXIT_USAGE;
	}
	for (i = 0; i < o->n_waivers; i++)
		if (sa_run_add_waivers(run, o->waivers[i], &err) != SA_OK) {
			value_error(o->waivers[i], &err);
			return EXIT_USAGE;
		}
	return add_inputs(run, argc, argv, first, o->run.verbose) < 0 ?
	       EXIT_USAGE : 0;
}

/* The exit status of a failure: a report that cannot be written, memory,
 * a bug are internal (4); what the user asked for that cannot be done is
 * usage (2).  (The library classes a report's errno: output.c.) */
static int exit_of(const sa_error *err)
{
	switch (err->status) {
	case SA_ERR_NOMEM:
	case SA_ERR_IO:
	case SA_ERR_INTERNAL:
	case SA_ERR_EVAL:
		return EXIT_INTERNAL;
	default:
		return EXIT_USAGE;
	}
}

/* A run that failed. */
static int failed_run(const sa_error *err)
{
	cli_print_error(err);
	return exit_of(err);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The comparison with the baseline, printed after the run's reports are
 * written (base is the run's own JSON report, a temporary file): the
 * exit status for what is new, or -1 when it could not be made, said as
 * a warning that names no temporary file (the reports stand). */
static int baseline_diff(const check_opts *o, const char *base,
			 const char *label)
{
	sa_diff *d;
	sa_error err;
	int code;

	if (sa_diff_reports(o->baseline, base, &d, &err) != SA_OK) {
		if (!strcmp(err.file, base)) {
			snprintf(err.file, sizeof(err.file), "%s", label);
			err.line = err.column = 0;
			err.source_line[0] = '\0';
		}
		cli_print_error(&err);
		return -1;
	}
	if (!o->quiet && sa_diff_write(d, stdout, o->run.lang, label, &err) !=
	    SA_OK)
		cli_print_error(&err);
	code = !o->fail_none && sa_diff_new_count(d, o->fail_on) ?
	       EXIT_FINDINGS : EXIT_CLEAN;
	sa_diff_free(d);
	return code;
}

/* What happens after a complete run: stats, the baseline's comparison
 * (with one, only what is new fails the run; an incomplete audit still
 * says so; a comparison that cannot be made leaves the run's own
 * status: its reports are written). */
static int after_run(sa_run *run, const check_opts *o, const char *base,
		     double compile_ms)
{
	int code = exit_code(sa_run_summary(run), o), d;
	sa_error err;

	if (o->run.stats) {
		fprintf(stderr, _("stationaudit stats: load and compile the "
			"standards: %.1f ms\n"), compile_ms);
		if (sa_run_write_stats(run, stderr, 20, &err) != SA_OK)
			cli_print_error(&err);
	}
	if (!o->baseline)
		return code;
	d = baseline_diff(o, base, o->run.lang[0] == 'e' ? "this run" :
			  "本次检查");
	if (d < 0)
		return code;
	return code == EXIT_INCOMPLETE && d <= EXIT_FINDINGS ? code : d;
}

static int check_main(int argc, char **argv)
{
	char base[4096] = "";
	struct timespec t0;
	double compile_ms = 0;
	cli_progress progress = { 0, 0 };
	check_opts o;
	sa_pack *pack = sa_pack_new();
	sa_run *run = NULL;
	sa_error err;
	sa_status st;
	int code = EXIT_USAGE, first, rc;

	memset(&o, 0, sizeof(o));
	o.fail_on = SA_SEVERITY_MAJOR;
	o.progress = -1;
	sa_run_options_init(&o.run);
	/* --schema, --no-schema or the installed one: choose_contract. */
	o.run.schema = NULL;
	if (!pack)
		return EXIT_INTERNAL;
	if ((first = parse_check_args(argc, argv, &o, pack)) <= 0 ||
	    choose_contract(&o) < 0) {
		code = first == 0 ? EXIT_CLEAN : EXIT_USAGE;
		goto out;
	}
	if (o.run.verbose)
		fprintf(stderr, config_used[0] ? _("stationaudit: configuration "
			"file: %s\n") : o.no_config ? _("stationaudit: no "
			"configuration file read (--no-config)\n") :
			_("stationaudit: no configuration file found\n"),
			config_used);
	if (cli_signals_start() < 0) {
		code = EXIT_INTERNAL;
		goto out;
	}
	/* A baseline that is not a report fails before the audit. */
	if (o.baseline && sa_diff_check(o.baseline, &err) != SA_OK) {
		cli_print_error(&err);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (load_standards(pack, &o) < 0)
		goto out;
	compile_ms = ms_since(&t0);
	o.run.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (want_progress(&o, &progress.tty)) {
		o.run.progress = cli_progress_report;
		o.run.progress_data = &progress;
	}
	o.run.verdict_at = o.fail_none ? -1 : 1 + (int)o.fail_on;
	if (!(run = sa_run_new(pack, &o.run))) {
		code = EXIT_INTERNAL;
		goto out;
	}
	if ((rc = add_config_inputs(run)) != 0) {
		code = rc;
		goto out;
	}
	if ((rc = prepare_run(run, &o, base, sizeof(base), argc, argv,
			      first)) != 0) {
		code = rc;
		goto out;
	}
	cli_signals_watch(run, base[0] ? base : NULL);
	if ((st = sa_run_execute(run, &err)) == SA_ERR_PIPE)
		code = EXIT_BROKEN_PIPE;
	else
		code = st != SA_OK ? failed_run(&err) :
			after_run(run, &o, base, compile_ms);
out:
	cli_signals_watch(NULL, NULL);
	if (base[0])
		unlink(base);
	sa_run_free(run);
	sa_pack_free(pack);
	if (code == EXIT_BROKEN_PIPE)
		cli_die_of_sigpipe();
	return code;
}
