/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_waiver.c - the waiver ledger (loading, errors with places, waiving
 * failing findings, expiry, unused entries, scores with and without
 * waivers) and the comparison of two JSON reports.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diff-internal.h"
#include "eval-internal.h"
#include "pack-internal.h"
#include "waiver-internal.h"
#include "testutil.h"

static const char pack_text[] =
	"standard: {id: t, title: 测试}\n"
	"grades: {good: 75, pass: 50}\n"
	"rules:\n"
	"  - {id: T-PLAQUE, title: 挂牌, weight: 1, assert: \"signage/plaque = 'true'\"}\n"
	"  - {id: T-UNIFORM, title: 着装, weight: 1, assert: \"uniform = 'true'\"}\n"
	"  - {id: T-NAME, title: 名称, weight: 2, assert: \"name != ''\"}\n";

static const char dossier[] =
	"station:\n  id: S1\n  name: 站\n  signage: {plaque: false}\n"
	"  uniform: false\n";

/* Writes text to a new temporary file; returns its name (static). */
static const char *temp_file(const char *text, int which)
{
	static char names[4][64];
	FILE *f;

	snprintf(names[which], sizeof(names[which]), "/tmp/sa-test-%ld-%d.yaml",
		 (long)getpid(), which);
	f = fopen(names[which], "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return names[which];
}

typedef struct fixture {
	sa_pack *pack;
	sai_result res;
} fixture;

static void audit(fixture *fx)
{
	sai_auditor *aud;
	sa_source *src;
	sa_record *rec;
	sa_error err;

	fx->pack = sa_pack_new();
	ck_assert_int_eq(sa_pack_set_audit_date(fx->pack, "2025-06-30", &err),
			 SA_OK);
	ck_assert_int_eq(sa_pack_load_buffer(fx->pack, pack_text,
					     strlen(pack_text), "t.yaml", NULL,
					     &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(fx->pack, &err), SA_OK);
	ck_assert_int_eq(sai_auditor_new(fx->pack, "zh", 0, &aud), SA_OK);
	ck_assert_int_eq(sa_source_open_buffer(dossier, strlen(dossier),
					       "d.yaml", &src, &err), SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_int_eq(sai_audit_record(aud, rec, &fx->res), SA_OK);
	sa_record_free(rec);
	sa_source_free(src);
	sai_auditor_free(aud);
}

static const sa_finding *finding(const fixture *fx, const char *rule)
{
	size_t i;

	for (i = 0; i < fx->res.pub.finding_count; i++)
		if (!strcmp(fx->res.findings[i].rule->id, rule))
			return &fx->res.findings[i];
	ck_abort_msg("no finding of %s", rule);
	return NULL;
}

START_TEST(waives_and_rescores)
{
	const char *path = temp_file(
		"waivers:\n"
		"  - {rule: T-PLAQUE, record: S1, reason: 装修, approver: 张三,"
		" expires: 2025-09-30}\n"
		"  - {rule: T-UNI*, record: \"*\", reason: 定制中, approver: 李四,"
		" expires: 2025-01-31}\n"
		"  - {rule: T-NAME, record: S9, reason: x, approver: y,"
		" expires: 2026-01-01}\n"
		"  - {rule: T-NOPE, record: S1, reason: x, approver: y,"
		" expires: 2026-01-01}\n"
		"  - {rule: SA-SCH*, record: S1, reason: x, approver: y,"
		" expires: 2026-01-01}\n", 0);
	sai_waivers *w = sai_waivers_new();
	const char *sha;
	sai_result rep;
	fixture fx;
	sa_error err;
	int any;

	ck_assert_int_eq(sai_waivers_load(w, path, &err), SA_OK);
	ck_assert_str_eq(sai_waivers_file(w, 0, &sha), path);
	ck_assert_uint_eq(strlen(sha), 64);
	audit(&fx);
	/* 2 of 4 points before waivers: 50. */
	ck_assert_double_eq_tol(fx.res.pub.score, 50, 0.001);
	ck_assert_uint_eq(sai_waivers_apply(w, fx.pack, "2025-06-30", &fx.res),
			  1);
	ck_assert_int_eq(finding(&fx, "T-PLAQUE")->status, SA_FINDING_WAIVED);
	ck_assert_str_eq(finding(&fx, "T-PLAQUE")->waiver->approver, "张三");
	ck_assert_uint_eq(finding(&fx, "T-PLAQUE")->waiver->line, 2);
	/* The uniform waiver expired in January: still a failure. */
	ck_assert_int_eq(finding(&fx, "T-UNIFORM")->status, SA_FINDING_FAIL);
	ck_assert_uint_eq(fx.res.pub.counts[SA_FINDING_FAIL], 1);
	ck_assert_uint_eq(fx.res.pub.counts[SA_FINDING_WAIVED], 1);
	ck_assert_double_eq_tol(fx.res.pub.score, 75, 0.001);
	ck_assert_str_eq(fx.res.pub.grade, "good");
	ck_assert_double_eq_tol(fx.res.pub.score_unwaived, 50, 0.001);
	ck_assert_str_eq(fx.res.pub.grade_unwaived, "pass");
	/* Expired (line 3) and unused (line 4) entries are reported; a rule
	 * id that no loaded rule has (line 5) says so, an engine rule's
	 * (line 6) is only unused. */
	ck_assert_int_eq(sai_waivers_report(w, fx.pack, "2025-06-30", "en",
					    &rep, &any), SA_OK);
	ck_assert_int_eq(any, 1);
	ck_assert_uint_eq(rep.pub.finding_count, 4);
	ck_assert_uint_eq(rep.findings[0].line, 3);
	ck_assert_ptr_nonnull(strstr(rep.findings[0].message, "expired"));
	ck_assert_uint_eq(rep.findings[1].line, 4);
	ck_assert_ptr_nonnull(strstr(rep.findings[1].message, "matched no"));
	ck_assert_str_eq(rep.findings[1].rule->id, "SA-WAIVER");
	ck_assert_ptr_nonnull(strstr(rep.findings[2].message,
				     "T-NOPE for S1: no loaded rule has this id"));
	ck_assert_ptr_nonnull(strstr(rep.findings[3].message, "matched no"));
	sai_result_release(&rep);
	sai_result_release(&fx.res);
	sa_pack_free(fx.pack);
	sai_waivers_free(w);
	unlink(path);
}
END_TEST

START_TEST(ledger_errors_have_places)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *says;
	} cases[] = {
		{ "waivers:\n  - rule: A\n    record: B\n    reason: C\n"
		  "    expires: 2025-01-01\n", 2, "approver" },
		{ "waivers:\n  - {rule: A, record: B, reason: C, approver: D,"
		  " expires: 2025-02-30}\n", 2, "date" },
		{ "waiver:\n  - {rule: A}\n", 2, "unknown key" },
		{ "waivers: [\n", 2, "" },
		{ "other: 1\n", 1, "unknown key" },
		{ "waivers:\n  - {rule: A, record: B, reason: C, approver: D,"
		  " expires: 2025-01-01}\n  - {rule: SA-WAIVER, record: \"*\","
		  " reason: C, approver: D, expires: 2099-01-01}\n", 3,
		  "SA-WAIVER is refused" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = temp_file(cases[i].text, 1);
		sai_waivers *w = sai_waivers_new();
		sa_error err;

		ck_assert_int_ne(sai_waivers_load(w, path, &err), SA_OK);
		ck_assert_str_eq(err.file, path);
		ck_assert_msg(err.line == cases[i].line, "case %zu: line %lu",
			      i, err.line);
		ck_assert_msg(strstr(err.message, cases[i].says), "case %zu: %s",
			      i, err.message);
		sai_waivers_free(w);
		unlink(path);
	}
}
END_TEST

/* No entry waives the ledger's own findings, whatever its pattern. */
START_TEST(ledger_findings_not_waivable)
{
	const char *path = temp_file(
		"waivers:\n"
		"  - {rule: \"*\", record: \"*\", reason: x, approver: y,"
		" expires: 2026-01-01}\n"
		"  - {rule: SA-*, record: \"*\", reason: x, approver: y,"
		" expires: 2025-01-01}\n", 2);
	sai_waivers *w = sai_waivers_new();
	sai_result rep;
	fixture fx;
	sa_error err;
	int any;

	ck_assert_int_eq(sai_waivers_load(w, path, &err), SA_OK);
	audit(&fx);
	ck_assert_int_eq(sai_waivers_report(w, fx.pack, "2025-06-30", "en",
					    &rep, &any), SA_OK);
	ck_assert_uint_eq(rep.pub.finding_count, 2);
	ck_assert_uint_eq(sai_waivers_apply(w, fx.pack, "2025-06-30", &rep),
			  0);
	ck_assert_int_eq(rep.findings[0].status, SA_FINDING_FAIL);
	ck_assert_int_eq(rep.findings[1].status, SA_FINDING_FAIL);
	ck_assert_uint_eq(rep.pub.counts[SA_FINDING_FAIL], 2);
	sai_result_release(&rep);
	sai_result_release(&fx.res);
	sa_pack_free(fx.pack);
	sai_waivers_free(w);
	unlink(path);
}
END_TEST

START_TEST(missing_ledger)
{
	sai_waivers *w = sai_waivers_new();
	sa_error err;

	ck_assert_int_eq(sai_waivers_load(w, "/nonexistent/ledger.yaml", &err),
			 SA_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.message, "waiver ledger"));
	sai_waivers_free(w);
}
END_TEST

/* A temporary folder holding a FIFO "fifo" and a link "zero" to
 * /dev/zero: inputs that must be refused at once, never read.  The
 * folder's name is in dir (size bytes); sai_test_rmtree removes it. */
static void hostile_dir(char *dir, size_t size)
{
	char p[128];

	sai_test_tmpdir(dir, size, "waiver");
	snprintf(p, sizeof(p), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	snprintf(p, sizeof(p), "%s/zero", dir);
	ck_assert_int_eq(symlink("/dev/zero", p), 0);
}

START_TEST(ledger_that_is_not_a_file)
{
	static const char *const names[] = { "fifo", "zero", "" };
	char dir[64], p[128];
	size_t i;
	time_t t0 = time(NULL);

	hostile_dir(dir, sizeof(dir));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		sai_waivers *w = sai_waivers_new();
		sa_error err;

		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		ck_assert_int_eq(sai_waivers_load(w, p, &err), SA_ERR_USAGE);
		ck_assert_msg(strstr(err.message, "not a regular file"), "%s",
			      err.message);
		ck_assert_uint_eq(err.line, 0);
		sai_waivers_free(w);
	}
	ck_assert(time(NULL) - t0 < 5);
	sai_test_rmtree(dir);
}
END_TEST

/* ---- diff ------------------------------------------------------------- */

#define REPORT(recs) "{\"schema\": \"stationaudit-report\", \"version\": 1,\n" \
	"\"rules\": [{\"id\": \"X\"}],\n\"records\": [" recs "],\n" \
	"\"summary\": {}}\n"

START_TEST(diff_matches_findings)
{
	const char *old = temp_file(REPORT(
		"{\"id\": \"S1\", \"name\": \"一\", \"score\": 50, \"findings\": ["
		"{\"rule\": \"A\", \"status\": \"fail\", \"severity\": \"major\","
		" \"path\": \"/station/a\", \"message\": \"old words\"},"
		"{\"rule\": \"B\", \"status\": \"fail\", \"severity\": \"minor\","
		" \"path\": \"/station/b\"},"
		"{\"rule\": \"C\", \"status\": \"pass\", \"path\": \"/station\"}]},"
		"{\"id\": \"S2\", \"score\": 80, \"findings\": []}"), 2);
	const char *cur = temp_file(REPORT(
		"{\"id\": \"S1\", \"name\": \"一\", \"score\": 60, \"findings\": ["
		"{\"rule\": \"A\", \"status\": \"fail\", \"severity\": \"major\","
		" \"path\": \"/station/a\", \"message\": \"new words\"},"
		"{\"rule\": \"C\", \"status\": \"fail\", \"severity\": \"critical\","
		" \"path\": \"/station\"},"
		"{\"rule\": \"D\", \"status\": \"waived\", \"path\": \"/x\"},"
		"{\"rule\": \"B\", \"status\": \"pass\", \"path\": \"/station\"}]},"
		"{\"id\": \"S3\", \"score\": 90, \"findings\": []}"), 3);
	sa_diff *d;
	sa_error err;
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_int_eq(sa_diff_reports(old, cur, &d, &err), SA_OK);
	/* C is new (critical); A unchanged despite new words; B fixed. */
	ck_assert_uint_eq(sa_diff_new_count(d, SA_SEVERITY_INFO), 1);
	ck_assert_uint_eq(sa_diff_new_count(d, SA_SEVERITY_CRITICAL), 1);
	ck_assert_int_eq(sa_diff_write(d, f, "en", "now", &err), SA_OK);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "new problems 1, fixed 1, "
				     "unchanged 1, newly waived 0; stations 3 "
				     "(added 1, removed 1), score up 1, down "
				     "0"));
	ck_assert_ptr_nonnull(strstr(buf, "S1  critical  C"));
	ck_assert_ptr_nonnull(strstr(buf, "S1  minor  B"));
	ck_assert_ptr_nonnull(strstr(buf, "50 -> 60  (+10.00)"));
	ck_assert_ptr_nonnull(strstr(buf, "-> now"));
	sa_diff_free(d);
	unlink(old);
	unlink(cur);
}
END_TEST

/* A failure the new report waives is newly waived, not fixed, and the
 * points it gave back are the waiver's. */
START_TEST(diff_newly_waived_is_not_fixed)
{
	const char *old = temp_file(REPORT(
		"{\"id\": \"S1\", \"score\": 80, \"score_without_waivers\": 80,"
		" \"findings\": ["
		"{\"rule\": \"A\", \"status\": \"fail\", \"severity\": \"major\","
		" \"path\": \"/station/a\"},"
		"{\"rule\": \"B\", \"status\": \"fail\", \"severity\": \"minor\","
		" \"path\": \"/station/b\"}]}"), 2);
	const char *cur = temp_file(REPORT(
		"{\"id\": \"S1\", \"score\": 95, \"score_without_waivers\": 85,"
		" \"findings\": ["
		"{\"rule\": \"A\", \"status\": \"waived\", \"severity\": "
		"\"major\", \"path\": \"/station/a\"},"
		"{\"rule\": \"B\", \"status\": \"pass\", \"path\": \"/station\"}]}"), 3);
	sai_diff_station s;
	sai_diff_item it;
	sa_diff *d;
	sa_error err;

	ck_assert_int_eq(sa_diff_reports(old, cur, &d, &err), SA_OK);
	ck_assert_uint_eq(sai_diff_station_count(d), 1);
	sai_diff_station_at(d, 0, &s);
	ck_assert_int_eq(s.state, SAI_STATION_CHANGED);
	ck_assert_uint_eq(s.counts[SAI_CHANGE_WAIVED], 1);
	ck_assert_uint_eq(s.counts[SAI_CHANGE_FIXED], 1);
	ck_assert_uint_eq(s.counts[SAI_CHANGE_NEW], 0);
	ck_assert(fabs(s.waiver_gain - 10) < 1e-9);
	ck_assert_uint_eq(sai_diff_item_count(d, 0), 2);
	sai_diff_item_at(d, 0, 0, &it);
	ck_assert_int_eq(it.change, SAI_CHANGE_WAIVED);
	ck_assert_str_eq(it.rule, "A");
	sai_diff_item_at(d, 0, 1, &it);
	ck_assert_int_eq(it.change, SAI_CHANGE_FIXED);
	ck_assert_str_eq(it.rule, "B");
	sa_diff_free(d);
	unlink(old);
	unlink(cur);
}
END_TEST

START_TEST(diff_bad_reports)
{
	const char *good = temp_file(REPORT(""), 2);
	const char *bad = temp_file(REPORT("1, 2"), 3);
	sa_diff *d;
	sa_error err;

	ck_assert_int_eq(sa_diff_reports(good, bad, &d, &err), SA_ERR_SHAPE);
	ck_assert_ptr_null(d);
	ck_assert_str_eq(err.file, bad);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_int_eq(sa_diff_reports("/nonexistent.json", good, &d, &err),
			 SA_ERR_IO);
	/* An empty records list is a valid, empty report. */
	ck_assert_int_eq(sa_diff_reports(good, good, &d, &err), SA_OK);
	ck_assert_uint_eq(sa_diff_new_count(d, SA_SEVERITY_INFO), 0);
	sa_diff_free(d);
	unlink(good);
	unlink(bad);
}
END_TEST

/* Only our JSON reports are compared: anything else is refused before it
 * is read as one, and the message never quotes it. */
START_TEST(diff_refuses_what_is_not_a_report)
{
	static const struct {
		const char *text;
		const char *says;
	} cases[] = {
		{ "[1, 2]\n", "not a stationaudit JSON report" },
		{ "{\"foo\": 1}\n", "not a stationaudit JSON report" },
		{ "waivers:\n  - {rule: A, record: B}\n", "not a stationaudit" },
		{ "{\"version\": 1, \"schema\": \"stationaudit-report\"}",
		  "not a stationaudit" },
		{ "", "not a stationaudit" },
		{ "{\"schema\": \"stationaudit-report\", \"version\": 2,"
		  " \"records\": []}", "version" },
		{ "{\"schema\": \"stationaudit-report\", \"version\": 10}",
		  "version" },
	};
	const char *good = temp_file(REPORT(""), 2);
	char dir[64], p[128];
	sa_diff *d;
	sa_error err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *bad = temp_file(cases[i].text, 3);

		ck_assert_int_eq(sa_diff_reports(good, bad, &d, &err),
				 SA_ERR_USAGE);
		ck_assert_ptr_null(d);
		ck_assert_str_eq(err.file, bad);
		ck_assert_msg(strstr(err.message, cases[i].says), "case %zu: %s",
			      i, err.message);
		ck_assert_ptr_null(strstr(err.message, "foo"));
		ck_assert_int_eq(sa_diff_check(bad, &err), SA_ERR_USAGE);
		unlink(bad);
	}
	ck_assert_int_eq(sa_diff_check(good, &err), SA_OK);
	hostile_dir(dir, sizeof(dir));
	snprintf(p, sizeof(p), "%s/fifo", dir);
	ck_assert_int_eq(sa_diff_check(p, &err), SA_ERR_USAGE);
	ck_assert_int_eq(sa_diff_reports(p, good, &d, &err), SA_ERR_USAGE);
	snprintf(p, sizeof(p), "%s/zero", dir);
	ck_assert_int_eq(sa_diff_reports(good, p, &d, &err), SA_ERR_USAGE);
	ck_assert_int_eq(sa_diff_reports(dir, good, &d, &err), SA_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "folder"));
	sai_test_rmtree(dir);
	unlink(good);
}
END_TEST

/* A report never replaces a file the caller read for the run (its
 * configuration file): refused before anything is written. */
START_TEST(report_over_caller_input)
{
	const char *conf = temp_file("jobs: 1\n", 1);
	const char *station = temp_file(dossier, 2);
	sa_pack *p = sa_pack_new();
	sa_run_options o;
	struct stat before, after;
	sa_run *r;
	sa_error err;

	ck_assert_int_eq(sa_pack_set_audit_date(p, "2025-06-30", &err), SA_OK);
	ck_assert_int_eq(sa_pack_load_buffer(p, pack_text, strlen(pack_text),
					     "t.yaml", NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	sa_run_options_init(&o);
	o.jobs = 1;
	o.schema = NULL;
	r = sa_run_new(p, &o);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(stat(conf, &before), 0);
	ck_assert_int_eq(sa_run_add_report(r, "json", conf, &err), SA_OK);
	ck_assert_int_eq(sa_run_add_input(r, conf, &err), SA_OK);
	ck_assert_int_eq(sa_run_add_path(r, station, &err), SA_OK);
	ck_assert_int_eq(sa_run_execute(r, &err), SA_ERR_USAGE);
	ck_assert_str_eq(err.file, conf);
	ck_assert_ptr_nonnull(strstr(err.message, "the run reads this file"));
	ck_assert_int_eq(stat(conf, &after), 0);
	ck_assert_int_eq(after.st_size, before.st_size);
	sa_run_free(r);
	sa_pack_free(p);
	unlink(conf);
	unlink(station);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("waiver");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, waives_and_rescores);
	tcase_add_test(tc, ledger_errors_have_places);
	tcase_add_test(tc, missing_ledger);
	tcase_add_test(tc, ledger_findings_not_waivable);
	tcase_add_test(tc, diff_matches_findings);
	tcase_add_test(tc, diff_bad_reports);
	tcase_add_test(tc, diff_newly_waived_is_not_fixed);
	tcase_add_test(tc, diff_refuses_what_is_not_a_report);
	tcase_add_test(tc, ledger_that_is_not_a_file);
	tcase_add_test(tc, report_over_caller_input);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
