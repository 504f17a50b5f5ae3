/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-test.c - `stationaudit test PACK...`: a pack's own fixtures.
 *
 * A pack folder may hold tests/:
 *   tests/pass/          dossiers that must fail no rule of the pack,
 *                        and pass as `check` would: no failure of the
 *                        engine's checks (SA-ASSESS, SA-SCHEMA...)
 *   tests/fail/RULE-ID[--what].yaml|.xml|.json
 *                        a dossier that must fail RULE-ID and no other
 *   tests/fail/RULE-ID[--what]/
 *                        dossiers audited together (collection rules)
 *   tests/test.conf      optional lines: audit-date=YYYY-MM-DD, NAME=VALUE
 *                        (parameters); default audit date 2025-06-30
 * Every rule the pack itself defines must have a fail fixture (the rules
 * it extends are tested in their own packs); a fixture must fail no
 * other rule, extended ones included.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-internal.h"
#include "banned.h"

#define MAX_FIXTURES 2048
#define MAX_TEST_CONF (64u * 1024)

typedef struct suite {
	const char *pack;          /* as given */
	char dir[4096];            /* the pack's folder */
	const sa_pack *probe;      /* the pack loaded without test.conf: the
				    * parameters it declares */
	int failures;
} suite;

/* Reports a mistake on line n of test.conf (text: that line) at col. */
static void conf_error(sa_error *err, const char *path, unsigned long n,
		       const char *text, unsigned long col)
{
	if (!err->file[0]) {
		snprintf(err->file, sizeof(err->file), "%.*s",
			 (int)sizeof(err->file) - 1, path);
		err->line = n;
		err->column = col;
	}
	snprintf(err->source_line, sizeof(err->source_line), "%s", text);
	cli_print_error(err);
}

/* 1 when the pack (probe) declares parameter name. */
static int declared(const sa_pack *probe, const char *name)
{
	const sa_param_info *pi;
	size_t i;

	for (i = 0; i < sa_pack_param_count(probe); i++)
		if ((pi = sa_pack_param(probe, i)) && pi->name &&
		    strcmp(pi->type, "override") != 0 &&
		    !strcmp(pi->name, name))
			return 1;
	return 0;
}

/* One line of test.conf: audit-date=YYYY-MM-DD or NAME=VALUE.  A NAME
 * the pack does not declare is reported here, at its line: the run
 * would blame a --param nobody gave. */
static int conf_line(sa_pack *p, const suite *s, const char *path,
		     unsigned long n, char *line)
{
	char text[SA_ERROR_SOURCE_MAX], *eq;
	sa_error err;
	sa_status st;

	line[strcspn(line, "\r")] = '\0';
	if (!line[0] || line[0] == '#')
		return 0;
	snprintf(text, sizeof(text), "%s", line);
	sa_error_clear(&err);
	if (!(eq = strchr(line, '='))) {
		err.status = SA_ERR_USAGE;
		snprintf(err.message, sizeof(err.message), _("expected "
			 "NAME=VALUE, not '%s'"), text);
		conf_error(&err, path, n, text, 1);
		return -1;
	}
	*eq = '\0';
	if (strcmp(line, "audit-date") != 0 && s->probe &&
	    !declared(s->probe, line)) {
		err.status = SA_ERR_USAGE;
		snprintf(err.message, sizeof(err.message), _("no loaded "
			 "standard has a parameter '%s'"), line);
		conf_error(&err, path, n, text, 1);
		return -1;
	}
	st = !strcmp(line, "audit-date") ?
		sa_pack_set_audit_date(p, eq + 1, &err) :
		sa_pack_set_param(p, line, eq + 1, &err);
	if (st == SA_OK)
		return 0;
	conf_error(&err, path, n, text, (unsigned long)(eq - line) + 2);
	return -1;
}

/* Sets the audit date and the parameters tests/test.conf gives.  The file
 * is read like the pack's own files: a regular file of at most
 * MAX_TEST_CONF bytes inside the pack's folder, so a FIFO, a device, a
 * link out of the pack or a huge file is refused, never read. */
static int configure(sa_pack *p, const suite *s)
{
	char path[4200], *buf = NULL, *line, *next;
	unsigned long n = 0;
	struct stat st;
	sa_error err;
	size_t len;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/tests/test.conf", s->dir);
	if (sa_pack_set_audit_date(p, "2025-06-30", &err) != SA_OK)
		return -1;
	/* The probe that finds the folder reads no configuration. */
	if (!s->dir[0] || (lstat(path, &st) != 0 && errno == ENOENT))
		return 0;
	if (sa_file_read(path, _("test configuration"), MAX_TEST_CONF, s->dir,
			 &buf, &len, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	for (line = buf; rc == 0 && line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		rc = conf_line(p, s, path, ++n, line);
	}
	free(buf);
	return rc;
}

static sa_pack *load(const suite *s)
{
	sa_pack *p = sa_pack_new();
	sa_error err;

	sa_error_clear(&err);
	if (!p || cli_add_search_path(p) < 0 || configure(p, s) < 0 ||
	    sa_pack_load(p, s->pack, &err) != SA_OK ||
	    sa_pack_compile(p, &err) != SA_OK) {
		if (err.message[0])
			cli_print_error(&err);
		sa_pack_free(p);
		return NULL;
	}
	return p;
}

/* The failing findings (minor or above) and errors of the engine's own
 * checks in a run: SA-ASSESS and SA-DUPLICATE (a record not assessed),
 * SA-SCHEMA, SA-RECORD...; the run's totals less the pack's rules' own.
 * Information (SA-SCOPE, SA-ENCODING) fails nothing. */
static size_t engine_failures(sa_run *run, const sa_pack *p)
{
	const sa_summary *sum = sa_run_summary(run);
	const sa_rule_summary *rs = sa_run_rule_summaries(run);
	size_t all = sum->findings[SA_FINDING_ERROR], rules = 0, i;

	for (i = SA_SEVERITY_MINOR; i < SA_SEVERITY_COUNT; i++)
		all += sum->fail_by_severity[i];
	for (i = 0; i < sa_pack_rule_count(p); i++) {
		rules += rs[i].counts[SA_FINDING_ERROR];
		if (sa_pack_rule(p, i)->severity != SA_SEVERITY_INFO)
			rules += rs[i].counts[SA_FINDING_FAIL];
	}
	return all > rules ? all - rules : 0;
}

/* Audits path (a file or folder) and fills failed[i] with whether rule i
 * failed or erred, and *engine (when not NULL) with engine_failures().
 * Returns the number of unreadable dossiers, or -1. */
static long audit(const sa_pack *p, const char *path, char *failed,
		  size_t *engine)
{
	sa_run_options o;
	sa_run *run;
	sa_error err;
	const sa_rule_summary *rs;
	size_t i;
	long bad = -1;

	sa_run_options_init(&o);
	o.jobs = 1;
	/* a run sets the messages' language: keep --lang's */
	if (cli_lang)
		o.lang = cli_lang;
	if (!(run = sa_run_new(p, &o)))
		return -1;
	if (sa_run_add_path(run, path, &err) == SA_OK &&
	    sa_run_execute(run, &err) == SA_OK) {
		rs = sa_run_rule_summaries(run);
		for (i = 0; i < sa_pack_rule_count(p); i++)
			failed[i] = rs[i].counts[SA_FINDING_FAIL] ||
				    rs[i].counts[SA_FINDING_ERROR];
		bad = (long)sa_run_summary(run)->unreadable;
		if (engine)
			*engine = engine_failures(run, p);
	} else {
		cli_print_error(&err);
	}
	sa_run_free(run);
	return bad;
}

/* The rule a fail fixture is for: its name up to "--" or the extension. */
static void fixture_rule(const char *name, char *out, size_t size)
{
	size_t n = strcspn(name, ".");
	const char *dd = strstr(name, "--");

	if (dd && (size_t)(dd - name) < n)
		n = (size_t)(dd - name);
	snprintf(out, size, "%.*s", (int)n, name);
}

static void list_failed(const sa_pack *p, const char *failed, FILE *out)
{
	size_t i;
	int any = 0;

	for (i = 0; i < sa_pack_rule_count(p); i++)
		if (failed[i]) {
			fprintf(out, "%s%s", any ? ", " : "",
				sa_pack_rule(p, i)->id);
			any = 1;
		}
	if (!any)
		fputs(_("nothing"), out);
}

static void run_pass(suite *s, const sa_pack *p, char *failed)
{
	size_t engine = 0;
	char path[4200];
	struct stat st;
	long bad;

	snprintf(path, sizeof(path), "%s/tests/pass", s->dir);
	if (stat(path, &st) != 0) {
		printf(_("FAIL %s: no tests/pass fixtures\n"), s->pack);
		s->failures++;
		return;
	}
	bad = audit(p, path, failed, &engine);
	/* A pass fixture passes as `check` would pass it: no failure of the
	 * engine's own checks either (a record not assessed among them). */
	if (bad != 0 || memchr(failed, 1, sa_pack_rule_count(p)) || engine) {
		printf(_("FAIL %s tests/pass: "), s->pack);
		if (bad != 0)
			printf(_("%ld unreadable; "), bad);
		if (engine)
			printf(_("check fails it: %zu failing findings of the "
				 "engine's own checks (SA-ASSESS, SA-DUPLICATE, "
				 "SA-SCHEMA...); "), engine);
		fputs(_("failed "), stdout);
		list_failed(p, failed, stdout);
		putchar('\n');
		s->failures++;
	} else {
		printf(_("ok   %s tests/pass\n"), s->pack);
	}
}

static void run_fail(suite *s, const sa_pack *p, const char *name,
		     char *failed, char *covered)
{
	char path[4200], rule[256];
	const sa_rule_info *r;
	size_t i, idx = 0;
	long bad;
	int only;

	fixture_rule(name, rule, sizeof(rule));
	snprintf(path, sizeof(path), "%s/tests/fail/%s", s->dir, name);
	if (!(r = sa_pack_find_rule(p, rule))) {
		printf(_("FAIL %s tests/fail/%s: no rule %s in the pack\n"),
		       s->pack, name, rule);
		s->failures++;
		return;
	}
	for (i = 0; i < sa_pack_rule_count(p); i++)
		if (sa_pack_rule(p, i) == r)
			idx = i;
	bad = audit(p, path, failed, NULL);
	only = bad == 0 && failed[idx];
	for (i = 0; i < sa_pack_rule_count(p); i++)
		if (i != idx && failed[i])
			only = 0;
	covered[idx] |= only;
	if (only) {
		printf("ok   %s %s\n", s->pack, name);
		return;
	}
	printf(_("FAIL %s tests/fail/%s: expected only %s to fail; failed "),
	       s->pack, name, rule);
	list_failed(p, failed, stdout);
	if (bad)
		printf(_(" (%ld unreadable)"), bad);
	putchar('\n');
	s->failures++;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_fails(suite *s, const sa_pack *p, char *failed,
		      char *covered)
{
	char path[4200], *names[MAX_FIXTURES];
	size_t n = 0, i;
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/tests/fail", s->dir);
	if ((d = opendir(path))) {
		while ((e = readdir(d)) && n < MAX_FIXTURES)
			if (e->d_name[0] != '.' &&
			    (names[n] = malloc(strlen(e->d_name) + 1)))
				memcpy(names[n++], e->d_name,
				       strlen(e->d_name) + 1);
		closedir(d);
	}
	qsort(names, n, sizeof(char *), cmp_name);
	for (i = 0; i < n; i++) {
		run_fail(s, p, names[i], failed, covered);
		free(names[i]);
	}
	for (i = 0; i < sa_pack_rule_count(p); i++)
		if (!covered[i] && !strcmp(sa_pack_rule(p, i)->standard,
					   sa_pack_standard(p, 0)->id)) {
			printf(_("FAIL %s %s: no fail fixture shows this rule "
			       "failing alone\n"), s->pack,
			       sa_pack_rule(p, i)->id);
			s->failures++;
		}
}

/* The folder of a pack named or given by path. */
static int pack_dir(const sa_pack *p, suite *s)
{
	const char *file = sa_pack_standard(p, 0)->file;
	const char *slash = strrchr(file, '/');

	snprintf(s->dir, sizeof(s->dir), "%.*s",
		 slash ? (int)(slash - file) : 1, slash ? file : ".");
	return 0;
}

static int test_one(const char *pack)
{
	suite s;
	sa_pack *p, *probe;
	char *failed, *covered;

	memset(&s, 0, sizeof(s));
	s.pack = pack;
	/* Find the folder first (its test.conf sets the parameters); the
	 * probe has none. */
	s.dir[0] = '\0';
	/* A pack that does not load is a configuration error (2). */
	if (!(probe = load(&s)))
		return EXIT_USAGE;
	pack_dir(probe, &s);
	s.probe = probe;
	p = load(&s);
	s.probe = NULL;
	sa_pack_free(probe);
	if (!p)
		return EXIT_USAGE;
	failed = calloc(sa_pack_rule_count(p) + 1, 1);
	covered = calloc(sa_pack_rule_count(p) + 1, 1);
	if (failed && covered) {
		run_pass(&s, p, failed);
		run_fails(&s, p, failed, covered);
	} else {
		s.failures++;
	}
	printf(_("%s: %zu rules, %d failed\n"), pack, sa_pack_rule_count(p),
	       s.failures);
	free(failed);
	free(covered);
	sa_pack_free(p);
	return s.failures ? EXIT_FINDINGS : EXIT_CLEAN;
}

static const cli_spec test_spec = { "test", N_(
"usage: stationaudit test [--lang LANG] PACK...\n"
"\n"
"Runs packs' own fixtures: every dossier of tests/pass must fail no rule,\n"
"each tests/fail/RULE-ID (or RULE-ID--NOTE) must fail that rule and no\n"
"other, and\n"
"every rule of the pack needs a fail fixture.  Exit status 1 when a\n"
"fixture fails, 2 when a pack cannot be loaded.\n"
"\n"
"      --lang LANG   zh or en; default: the locale's, as check's\n"
"  -h, --help        this help\n"), "", cli_lang_options };

int cli_test(int argc, char **argv)
{
	int i, code = EXIT_CLEAN, rc;
	int first = cli_parse(&test_spec, argc, argv, cli_lang_option,
			      (void *)&test_spec);

	if (first <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (first >= argc) {
		cli_usage_error(&test_spec, _("needs pack names or "
				"paths"));
		return EXIT_USAGE;
	}
	/* The worst of the packs: a pack not loaded (2) over failures. */
	for (i = first; i < argc; i++)
		if ((rc = test_one(argv[i])) > code)
			code = rc;
	return code;
}
