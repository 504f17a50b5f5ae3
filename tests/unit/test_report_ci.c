/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_ci.c - the CI reports at scale, fed by hand through the
 * writers: 30,000 findings make a SARIF of 25,000 results, the most
 * severe first, that says 5,000 were left out; fingerprints do not move
 * with line numbers; JUnit has a test case per record; GitHub writes at
 * most --github-max annotations and the rest to $GITHUB_STEP_SUMMARY;
 * GitLab Code Quality parses and has its fields.  JSON is read back with
 * a small parser of our own (enough for these shapes).
 */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report-internal.h"
#include "testfiles.h"
#include "testutil.h"
#include "util-internal.h"

static const sa_rule_info rules[SA_SEVERITY_COUNT] = {
	{ "CI-INFO", "提示", NULL, "assert", "x", SA_SEVERITY_INFO, 1, NULL,
	  NULL, NULL, "ci", "ci.yaml", 1, 1, 0 },
	{ "CI-MINOR", "一般", NULL, "assert", "x", SA_SEVERITY_MINOR, 1, NULL,
	  NULL, NULL, "ci", "ci.yaml", 2, 1, 0 },
	{ "CI-MAJOR", "重要", NULL, "assert", "x", SA_SEVERITY_MAJOR, 1, NULL,
	  NULL, NULL, "ci", "ci.yaml", 3, 1, 0 },
	{ "CI-CRIT", "严重", NULL, "assert", "x", SA_SEVERITY_CRITICAL, 1, NULL,
	  NULL, NULL, "ci", "ci.yaml", 4, 1, 0 },
};

#define RECORDS 3000
#define PER_RECORD 10   /* 30,000 findings */

/* Runs writer name over RECORDS records of PER_RECORD failing findings
 * (severities cycling info, minor, major, critical, so the most severe
 * come late), lines shifted by shift.  Returns the output. */
static char *run_writer(const char *name, const sa_run_options *o,
			unsigned long shift, size_t records)
{
	const sai_report_writer *w = sai_report_find(name);
	static sa_finding f[PER_RECORD];
	static char ids[PER_RECORD + 1][32], paths[PER_RECORD][48];
	sai_report_context ctx;
	sa_record_result rr;
	sa_summary sum;
	char *buf = NULL;
	size_t size = 0, r, i;
	void *st = NULL;

	ck_assert_ptr_nonnull(w);
	memset(&ctx, 0, sizeof(ctx));
	memset(&sum, 0, sizeof(sum));
	ctx.out = open_memstream(&buf, &size);
	ctx.opts = o;
	ctx.tool_version = "9.9";
	ck_assert_int_eq(w->begin(&st, &ctx), 0);
	for (r = 0; r < records; r++) {
		memset(&rr, 0, sizeof(rr));
		snprintf(ids[PER_RECORD], sizeof(ids[0]), "R-%05zu", r);
		rr.seq = r;
		rr.file = "dossiers/a.yaml";
		rr.record_id = ids[PER_RECORD];
		rr.score = -1;
		for (i = 0; i < PER_RECORD; i++) {
			size_t k = (r * PER_RECORD + i) % SA_SEVERITY_COUNT;

			snprintf(paths[i], sizeof(paths[i]),
				 "/station/item[%zu]", i + 1);
			memset(&f[i], 0, sizeof(f[i]));
			f[i].rule = &rules[k];
			f[i].status = SA_FINDING_FAIL;
			f[i].severity = rules[k].severity;
			f[i].file = rr.file;
			f[i].line = shift + r * 20 + i + 1;
			f[i].column = 3;
			f[i].path = paths[i];
			f[i].message = "不合格";
			rr.fail_by_severity[k]++;
		}
		rr.findings = f;
		rr.finding_count = PER_RECORD;
		rr.counts[SA_FINDING_FAIL] = PER_RECORD;
		ck_assert_int_eq(w->record(st, &ctx, &rr), 0);
	}
	sum.records = records;
	ck_assert_int_eq(w->end(st, &ctx, &sum, NULL, 0), 0);
	w->free(st);
	fclose(ctx.out);
	return buf;
}

/* strstr by hand: the sanitizers' strstr measures the whole haystack at
 * each call, which makes walking a 20 MB report quadratic. */
static const char *find(const char *s, const char *needle)
{
	size_t len = strlen(needle);

	for (; *s; s++)
		if (*s == needle[0] && !strncmp(s, needle, len))
			return s;
	return NULL;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = find(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* ---- SARIF ---------------------------------------------------------------- */

START_TEST(sarif_caps_at_25000_most_severe_first)
{
	sa_run_options o;
	char *out, *p;
	int rank, last = 3;
	size_t n = 0;

	sa_run_options_init(&o);
	out = run_writer("sarif", &o, 0, RECORDS);
	ck_assert_uint_eq(count(out, "\"ruleId\": "), SA_SARIF_MAX);
	ck_assert_ptr_nonnull(strstr(out, "\"resultsLeftOut\": 5000"));
	ck_assert_ptr_nonnull(strstr(out, "\"toolExecutionNotifications\": "
					  "[{\"level\": \"warning\", "
					  "\"message\": {\"text\": \"另有 "
					  "5000 个结果未列出"));
	/* Severity never rises along the results: 7,500 critical, 7,500
	 * major, 7,500 minor, then 2,500 of the info ones. */
	for (p = out; (p = (char *)find(p, "\"ruleId\": \"CI-")); p++, n++) {
		p += strlen("\"ruleId\": \"CI-");
		rank = !strncmp(p, "CRIT", 4) ? 3 : !strncmp(p, "MAJOR", 5) ? 2
		       : !strncmp(p, "MINOR", 5) ? 1 : 0;
		if (rank > last)
			break;
		last = rank;
	}
	ck_assert_msg(n == SA_SARIF_MAX, "result %zu rises", n);
	ck_assert_uint_eq(count(out, "\"ruleId\": \"CI-INFO\""), 2500);
	ck_assert_uint_eq(count(out, "\"ruleId\": \"CI-CRIT\""), 7500);
	/* Stable within a severity: the first critical is record 0's. */
	p = (char *)find(out, "\"ruleId\": \"CI-CRIT\"");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(find(p, "\"record\": \"R-00000\""));
	ck_assert_ptr_eq(find(p, "\"record\": \"R-00000\""),
			 find(out, "\"record\": \"R-00000\""));
	free(out);
}
END_TEST

START_TEST(sarif_max_option_and_relative_uris)
{
	sa_run_options o;
	char *out;

	sa_run_options_init(&o);
	o.sarif_max = 7;
	out = run_writer("sarif", &o, 0, 2);
	ck_assert_uint_eq(count(out, "\"ruleId\": "), 7);
	ck_assert_ptr_nonnull(strstr(out, "\"resultsLeftOut\": 13"));
	/* The 5 critical ones (the last of each 4) and the first 2 major:
	 * the minor and info ones that came first were spooled, the later
	 * ones only counted once 7 more severe were in. */
	ck_assert_uint_eq(count(out, "\"ruleId\": \"CI-CRIT\""), 5);
	ck_assert_uint_eq(count(out, "\"ruleId\": \"CI-MAJOR\""), 2);
	ck_assert_uint_eq(count(out, "\"ruleId\": \"CI-MINOR\""), 0);
	ck_assert_ptr_nonnull(find(out, "\"record\": \"R-00001\""));
	ck_assert_ptr_nonnull(strstr(out, "{\"uri\": \"dossiers/a.yaml\", "
					  "\"uriBaseId\": \"%SRCROOT%\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"originalUriBaseIds\": "
					  "{\"%SRCROOT%\": "));
	ck_assert_ptr_null(strstr(out, ".invalid"));
	free(out);
	/* Nothing left out: no notification. */
	o.sarif_max = 0;
	out = run_writer("sarif", &o, 0, 2);
	ck_assert_ptr_nonnull(strstr(out, "\"resultsLeftOut\": 0"));
	ck_assert_ptr_null(strstr(out, "toolExecutionNotifications"));
	free(out);
}
END_TEST

/* The fingerprints of a run (the 64 hex digits after key), in order, one
 * a line. */
static char *fingerprints(const char *out, const char *key)
{
	sai_strbuf sb;
	const char *p = out;

	sai_strbuf_init(&sb);
	while ((p = find(p, key))) {
		p += strlen(key);
		sai_strbuf_add(&sb, p, 64);
		sai_strbuf_addc(&sb, '\n');
	}
	return sai_strbuf_detach(&sb, NULL);
}

#define SARIF_KEY "\"stationaudit/v2\": \""
#define CQ_KEY "\"fingerprint\": \""

/* The same set: every Code Quality fingerprint (of cq) is among the SARIF
 * ones (sarif_fps); returns the Code Quality list when so. */
static char *cq_list;
static const char *fingerprints_in_order_kept(const char *sarif_fps,
					      const char *cq)
{
	const char *p;

	free(cq_list);
	cq_list = fingerprints(cq, CQ_KEY);
	for (p = cq_list; *p; p += 65) {
		char one[65];

		memcpy(one, p, 64);
		one[64] = '\0';
		ck_assert_ptr_nonnull(find(sarif_fps, one));
	}
	return cq_list;
}

START_TEST(fingerprints_do_not_move_with_lines)
{
	sa_run_options o;
	char *a, *b, *fa, *fb;

	sa_run_options_init(&o);
	a = run_writer("sarif", &o, 0, 20);
	b = run_writer("sarif", &o, 7, 20);
	ck_assert_str_ne(a, b);         /* the lines did move */
	fa = fingerprints(a, SARIF_KEY);
	fb = fingerprints(b, SARIF_KEY);
	ck_assert_uint_eq(strlen(fa), 200 * 65);
	ck_assert_str_eq(fa, fb);
	/* Different records, rules or paths: different fingerprints. */
	ck_assert(strncmp(fa, fa + 65, 64) != 0);
	free(fb);
	free(a);
	free(b);
	/* Code Quality has the same ones, in input order. */
	a = run_writer("codequality", &o, 0, 20);
	b = run_writer("codequality", &o, 7, 20);
	ck_assert_str_ne(a, b);
	fb = fingerprints(b, CQ_KEY);
	ck_assert_uint_eq(strlen(fb), 200 * 65);
	ck_assert_str_eq(fb, fingerprints_in_order_kept(fa, a));
	free(fa);
	free(fb);
	free(a);
	free(b);
}
END_TEST

/* ---- JUnit ---------------------------------------------------------------- */

START_TEST(junit_one_testcase_per_record)
{
	sa_run_options o;
	xmlDocPtr doc;
	xmlXPathContextPtr x;
	xmlXPathObjectPtr v;
	char *out;

	sa_run_options_init(&o);
	out = run_writer("junit", &o, 0, 300);
	doc = xmlReadMemory(out, (int)strlen(out), "j.xml", NULL,
			    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	x = xmlXPathNewContext(doc);
#define NUM(expr, want)                                                      \
	do {                                                                 \
		v = xmlXPathEvalExpression(BAD_CAST(expr), x);               \
		ck_assert_msg(xmlXPathCastToNumber(v) == (want), "%s = %g",  \
			      expr, xmlXPathCastToNumber(v));                \
		xmlXPathFreeObject(v);                                       \
	} while (0)
	NUM("count(//testcase)", 300);
	NUM("count(/testsuites/testsuite)", 1);
	NUM("/testsuites/@tests", 300);
	NUM("/testsuites/@failures", 300);
	NUM("count(//testcase[count(failure) = 1])", 300);
	/* The record's ten failures are listed inside its one failure. */
	NUM("count(//testcase[1]/failure[contains(., 'CI-CRIT') and "
	    "contains(., 'CI-INFO') and contains(., '/station/item[10]')])", 1);
	NUM("count(//testcase[1]/failure[@type = 'critical'])", 1);
#undef NUM
	xmlXPathFreeContext(x);
	xmlFreeDoc(doc);
	free(out);
	/* --junit-per-rule: a test case per finding, as before. */
	o.junit_per_rule = 1;
	out = run_writer("junit", &o, 0, 30);
	ck_assert_uint_eq(count(out, "<testcase "), 300);
	ck_assert_uint_eq(count(out, "<testsuite "), 30);
	free(out);
}
END_TEST

/* ---- GitHub --------------------------------------------------------------- */

START_TEST(github_caps_annotations_and_writes_step_summary)
{
	char path[] = "/tmp/sa-summary-XXXXXX";
	sa_run_options o;
	char *out, *sum;
	size_t len;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	setenv("GITHUB_STEP_SUMMARY", path, 1);
	sa_run_options_init(&o);
	o.lang = "en";
	out = run_writer("github", &o, 0, 100);        /* 1,000 problems */
	ck_assert_uint_eq(count(out, "title=CI-"), SA_GITHUB_MAX);
	/* The most severe first: the 50 are all critical (250 of them). */
	ck_assert_uint_eq(count(out, "title=CI-CRIT::"), SA_GITHUB_MAX);
	ck_assert_ptr_nonnull(strstr(out, "stationaudit: 950 more problems "
					  "not annotated (--github-max 50); "
					  "see the step summary\n"));
	sum = read_file(path, &len);
	ck_assert_ptr_nonnull(strstr(sum, "### stationaudit: 950 more "
					  "problems\n"));
	ck_assert_ptr_nonnull(strstr(sum, "| critical | CI-CRIT | 200 |\n"));
	ck_assert_ptr_nonnull(strstr(sum, "| major | CI-MAJOR | 250 |\n"));
	ck_assert_ptr_nonnull(strstr(sum, "| info | CI-INFO | 250 |\n"));
	ck_assert_uint_eq(count(sum, "| critical | CI-CRIT | dossiers/a.yaml:"),
			  20);
	free(sum);
	free(out);
	/* Appended, not replaced; --github-max raises the cap. */
	o.github_max = 2000;
	out = run_writer("github", &o, 0, 100);
	ck_assert_uint_eq(count(out, "title=CI-"), 1000);
	ck_assert_ptr_null(strstr(out, "more problems"));
	free(out);
	o.github_max = 5;
	out = run_writer("github", &o, 0, 1);
	ck_assert_uint_eq(count(out, "title=CI-"), 5);
	free(out);
	sum = read_file(path, &len);
	ck_assert_uint_eq(count(sum, "### stationaudit"), 2);
	ck_assert_ptr_nonnull(strstr(sum, "### stationaudit: 5 more "));
	free(sum);
	unsetenv("GITHUB_STEP_SUMMARY");
	unlink(path);
}
END_TEST

/* ---- GitLab Code Quality -------------------------------------------------- */

START_TEST(codequality_has_gitlab_fields)
{
	sa_run_options o;
	char *out;

	sa_run_options_init(&o);
	out = run_writer("codequality", &o, 0, 2);
	ck_assert_int_eq(out[0], '[');
	ck_assert_ptr_nonnull(strstr(out, "\n]\n"));
	ck_assert_uint_eq(count(out, "{\"description\": \"R-0000"), 20);
	ck_assert_uint_eq(count(out, "\"check_name\": \"CI-"), 20);
	ck_assert_uint_eq(count(out, "\"fingerprint\": \""), 20);
	ck_assert_uint_eq(count(out, "\"severity\": \"critical\""), 5);
	ck_assert_uint_eq(count(out, "\"severity\": \"info\""), 5);
	ck_assert_ptr_nonnull(strstr(out, "\"location\": {\"path\": "
					  "\"dossiers/a.yaml\", \"lines\": "
					  "{\"begin\": 1}}}"));
	/* A JSON array: issues separated by commas, none after the last. */
	ck_assert_uint_eq(count(out, "}},\n"), 19);
	free(out);
}
END_TEST

/* ---- where collection findings are shown ---------------------------------- */

START_TEST(local_path_is_relative_or_nothing)
{
	char cwd[4096], in[4200];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(in, sizeof(in), "%s/pack/towns.csv", cwd);
	ck_assert_str_eq(sai_report_local_path(in), "pack/towns.csv");
	ck_assert_str_eq(sai_report_local_path("a/b.csv"), "a/b.csv");
	ck_assert_ptr_null(sai_report_local_path(
		"/usr/share/stationaudit/rules/base/data/streets.csv"));
	/* A sibling that starts with the same letters is outside. */
	snprintf(in, sizeof(in), "%sx/towns.csv", cwd);
	ck_assert_ptr_null(sai_report_local_path(in));
	ck_assert_ptr_null(sai_report_local_path(NULL));
}
END_TEST

static void free_cq_list(void)
{
	free(cq_list);
}

static Suite *make_suite(void)
{
	Suite *s = suite_create("CI reports");
	TCase *tc = tcase_create("ci");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sarif_caps_at_25000_most_severe_first);
	tcase_add_test(tc, sarif_max_option_and_relative_uris);
	tcase_add_test(tc, fingerprints_do_not_move_with_lines);
	tcase_add_test(tc, junit_one_testcase_per_record);
	tcase_add_test(tc, github_caps_annotations_and_writes_step_summary);
	tcase_add_test(tc, codequality_has_gitlab_fields);
	tcase_add_test(tc, local_path_is_relative_or_nothing);
	suite_add_tcase(s, tc);
	atexit(free_cq_list);
	return s;
}

SAI_TEST_MAIN(make_suite)
