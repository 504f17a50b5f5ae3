/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_xlsx.c - the xlsx writer on hand-built results, including
 * what a command-line run cannot produce yet (waived findings, invalid
 * UTF-8, a run without a pack).  The workbook is opened with a small ZIP
 * reader below (central directory, raw deflate through zlib) and its
 * sheets are searched as XML text.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "diff-internal.h"
#include "report-internal.h"
#include "rollup-internal.h"
#include "testfiles.h"
#include "testutil.h"
#include "util-internal.h"

/* ---- results to write ----------------------------------------------------- */

static const sa_rule_info rule_phone = {
	"SY-PHONE", "电话号码", "Phone number", "assert", "phone",
	SA_SEVERITY_MAJOR, 1, NULL, "改正电话号码", "《规范》5.1 电话", "shiyan",
	"rules/shiyan.yaml", 10, 3, 0,
};
static const sa_rule_info rule_cover = {
	"SY-COVER", "乡镇全覆盖", NULL, "count", "cover", SA_SEVERITY_CRITICAL,
	1, NULL, NULL, NULL, "shiyan", "rules/shiyan.yaml", 20, 3, 1,
};
static const sa_waiver_info waiver = {
	"SY-PHONE", "S2", "新站，号码在办理中", "民政局 张三", "2025-12-31",
	"waivers.yaml", 3,
};

/* A message that would be a formula, markup, an Excel escape, a control
 * character, a bad byte and the non-characters U+FFFE and U+FFFF (no XML
 * may hold them) if written as it came. */
#define HOSTILE "=1+1 <b> _x0041_ \x01 bad \xff \xef\xbf\xbe\xef\xbf\xbf end"

static const sa_finding f_s1[] = {
	{ &rule_phone, SA_FINDING_FAIL, SA_SEVERITY_MAJOR, "a.yaml", 8, 5,
	  "/station/phone", HOSTILE, "123", "11 位", NULL },
	{ &rule_cover, SA_FINDING_PASS, SA_SEVERITY_CRITICAL, "a.yaml", 0, 0,
	  NULL, NULL, NULL, NULL, NULL },
};
static const sa_finding f_s2[] = {
	{ &rule_phone, SA_FINDING_WAIVED, SA_SEVERITY_MAJOR, "a.yaml", 30, 5,
	  "/station/phone", "号码为空", NULL, NULL, &waiver },
};
static const sa_finding f_bad[] = {
	{ NULL, SA_FINDING_ERROR, SA_SEVERITY_CRITICAL, "c.yaml", 4, 7, NULL,
	  "mapping values are not allowed here", NULL, NULL, NULL },
};
static const sa_finding f_coll[] = {
	{ &rule_cover, SA_FINDING_FAIL, SA_SEVERITY_CRITICAL, "(collection)",
	  0, 0, "/records", "乡镇 420322102 没有社工站", NULL, NULL, NULL },
};

static const sai_report_input inputs[] = {
	{ "a.yaml", "aaaa1111" }, { "c.yaml", "" },
};

typedef struct fixture {
	sa_record_result recs[8];
	size_t n;
	sa_summary sum;
	sa_rule_summary rules[2];
} fixture;

static void set_record(sa_record_result *rr, size_t seq, const char *file,
		       const char *id, const char *name, double score,
		       const sa_finding *f, size_t n)
{
	size_t i;

	memset(rr, 0, sizeof(*rr));
	rr->seq = seq;
	rr->file = file;
	rr->record_id = id;
	rr->name = name;
	rr->score = score;
	rr->score_unwaived = score;
	rr->findings = f;
	rr->finding_count = n;
	for (i = 0; i < n; i++) {
		rr->counts[f[i].status]++;
		if (f[i].status == SA_FINDING_FAIL)
			rr->fail_by_severity[f[i].severity]++;
	}
}

static void make_fixture(fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	set_record(&fx->recs[0], 0, "a.yaml", "S1", "低分站", 61.5, f_s1, 2);
	set_record(&fx->recs[1], 1, "a.yaml", "S2", "高分站", 98.25, f_s2, 1);
	fx->recs[1].score_unwaived = 90;
	set_record(&fx->recs[2], 2, "c.yaml", NULL, NULL, -1, f_bad, 1);
	fx->recs[2].load_error = 1;
	set_record(&fx->recs[3], 3, "(collection)", NULL, NULL, -1, f_coll, 1);
	fx->recs[3].collection = 1;
	fx->sum.files = 2;
	fx->sum.records = 2;
	fx->sum.unreadable = 1;
	fx->rules[0].rule = &rule_phone;
	fx->rules[0].counts[SA_FINDING_FAIL] = 1;
	fx->rules[0].counts[SA_FINDING_WAIVED] = 1;
	fx->rules[1].rule = &rule_cover;
	fx->rules[1].counts[SA_FINDING_PASS] = 1;
	fx->rules[1].counts[SA_FINDING_FAIL] = 1;
	fx->n = 4;
}

/* When set, the run has five stations in two counties, three of them
 * tied on 98.25, and grades: ranks must be shared. */
static int with_ties;

static void add_ties(fixture *fx)
{
	static const sa_finding none[1];

	fx->recs[6] = fx->recs[2];      /* the unreadable file */
	fx->recs[7] = fx->recs[3];      /* the collection, last */
	fx->recs[0].region = "420302001";
	fx->recs[0].grade = "fail";
	fx->recs[1].region = "420303001";
	fx->recs[1].grade = "excellent";
	set_record(&fx->recs[2], 2, "a.yaml", "S3", "并列一", 98.25, none, 0);
	fx->recs[2].region = "420302002";
	fx->recs[2].grade = "excellent";
	set_record(&fx->recs[3], 3, "a.yaml", "S4", "并列二", 98.25, none, 0);
	fx->recs[3].region = "420302003";
	fx->recs[3].grade = "excellent";
	set_record(&fx->recs[4], 4, "a.yaml", "S5", "中间站", 70, none, 0);
	fx->recs[4].region = "420303002";
	fx->recs[4].grade = "pass";
	set_record(&fx->recs[5], 5, "a.yaml", "S6", "未评估站", -1, none, 0);
	fx->recs[5].region = "420303003";
	fx->recs[5].not_assessed = 1;
	fx->n = 8;
}

/* When set, the run was compared with a baseline (check --baseline). */
static const sa_diff *with_baseline;

/* Runs the writer into out (path names it); returns what the first
 * failing call returned, or 0. */
static int write_xlsx(FILE *out, const char *path, const char *lang)
{
	const sai_report_writer *w = sai_report_find("xlsx");
	sa_run_options opts;
	sai_report_context ctx;
	fixture fx;
	void *state = NULL;
	size_t i;
	int rc;

	ck_assert_ptr_nonnull(w);
	make_fixture(&fx);
	if (with_ties)
		add_ties(&fx);
	sa_run_options_init(&opts);
	opts.lang = lang;
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = out;
	ctx.path = path;
	ctx.opts = &opts;
	ctx.inputs = inputs;
	ctx.input_count = 2;
	ctx.tool_version = "9.9.9";
	ctx.baseline = with_baseline;
	rc = w->begin(&state, &ctx);
	for (i = 0; rc == 0 && i < fx.n; i++)
		rc = w->record(state, &ctx, &fx.recs[i]);
	if (rc == 0)
		rc = w->end(state, &ctx, &fx.sum, fx.rules, 2);
	w->free(state);
	return rc;
}

/* The workbook written to a memory file, as bytes (caller frees). */
static unsigned char *workbook(const char *lang, size_t *size)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, size);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(write_xlsx(out, "-", lang), 0);
	fclose(out);
	return (unsigned char *)buf;
}

static char *sheet(const unsigned char *zip, size_t size, int n)
{
	char name[64];
	char *xml;

	snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", n);
	xml = zip_member(zip, size, name);
	ck_assert_msg(xml != NULL, "no %s", name);
	return xml;
}

/* Sheet n of a fresh workbook in lang (caller frees). */
static char *fresh_sheet(const char *lang, int n)
{
	size_t size;
	unsigned char *zip = workbook(lang, &size);
	char *xml = sheet(zip, size, n);

	free(zip);
	return xml;
}

/* ---- tests ------------------------------------------------------------------ */

static void has(const char *xml, const char *s)
{
	ck_assert_msg(strstr(xml, s) != NULL, "missing: %s", s);
}

START_TEST(dossier_text_stays_text)
{
	size_t size;
	unsigned char *zip = workbook("zh", &size);
	char *findings = sheet(zip, size, 3);
	int i;

	/* One string cell, markup escaped, _x0041_ kept literal, the control
	 * character, the bad byte and the non-characters replaced with U+FFFD
	 * as in the other XML reports. */
	has(findings, "<t>=1+1 &lt;b&gt; _x005F_x0041_ \xef\xbf\xbd bad "
		"\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd end</t>");
	for (i = 1; i <= 4; i++) {
		char *xml = sheet(zip, size, i);

		ck_assert_ptr_null(strstr(xml, "<f>"));
		ck_assert_ptr_null(strstr(xml, "\xff"));
		ck_assert_ptr_null(strstr(xml, "\xef\xbf\xbe"));
		ck_assert_ptr_null(strstr(xml, "\xef\xbf\xbf"));
		free(xml);
	}
	free(findings);
	free(zip);
}
END_TEST

START_TEST(findings_list_problems_with_waivers)
{
	char *xml = fresh_sheet("zh", 3);

	/* The fail, the waived failure with its ledger entry, the read
	 * error and the collection failure: four rows under the header,
	 * and the pass is not listed. */
	has(xml, "<autoFilter ref=\"A1:N5\"/>");
	has(xml, "<t>已豁免</t>");
	has(xml, "<t>新站，号码在办理中; 民政局 张三; 2025-12-31</t>");
	has(xml, "<t>乡镇 420322102 没有社工站</t>");
	has(xml, "<t>mapping values are not allowed here</t>");
	ck_assert_ptr_null(strstr(xml, "<row r=\"6\""));
	free(xml);
}
END_TEST

START_TEST(stations_ranked_best_first)
{
	char *xml = fresh_sheet("zh", 2);
	char *high = strstr(xml, "<t>高分站</t>");
	char *low = strstr(xml, "<t>低分站</t>");

	/* Two stations and the unreadable file; not the collection. */
	ck_assert_ptr_nonnull(high);
	ck_assert_ptr_nonnull(low);
	ck_assert(high < low);
	has(xml, "<autoFilter ref=\"A1:P4\"/>");
	has(xml, "<v>98.25</v>");
	has(xml, "<v>90</v>");    /* unwaived */
	has(xml, "<t>c.yaml</t>");
	ck_assert_ptr_null(strstr(xml, "(collection)"));
	has(xml, "state=\"frozen\"");
	free(xml);
}
END_TEST

/* The text or number in cell ref of a sheet ("" when the cell is empty
 * or absent; caller frees). */
static char *cell(const char *xml, const char *ref)
{
	char key[32];
	const char *c, *end, *v;
	size_t n;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	if (!(c = strstr(xml, key)) || !(end = strstr(c, "</c>")))
		return strdup("");
	if ((!(v = strstr(c, "<v>")) || v > end) &&
	    (!(v = strstr(c, "<t>")) || v > end))
		return strdup("");
	v += 3;
	n = strcspn(v, "<");
	return strndup(v, n);
}

#define ck_cell(xml, ref, want)                                            \
	do {                                                               \
		char *got_ = cell((xml), (ref));                           \
		ck_assert_msg(strcmp(got_, (want)) == 0,                   \
			      "cell %s: got '%s', want '%s'", (ref), got_, \
			      (want));                                     \
		free(got_);                                                \
	} while (0)

START_TEST(ties_share_their_rank)
{
	size_t size;
	unsigned char *zip;
	char *xml, *summary;

	with_ties = 1;
	zip = workbook("zh", &size);
	with_ties = 0;
	xml = sheet(zip, size, 2);
	summary = sheet(zip, size, 1);
	/* Best first: 98.25 three times (1, 1, 1), then 70 (4), 61.5 (5);
	 * in county 420302: 1, 1, 3; in 420303: 1, 2. */
	ck_cell(xml, "D2", "S2");
	ck_cell(xml, "A2", "1");
	ck_cell(xml, "B2", "1");
	ck_cell(xml, "D3", "S3");
	ck_cell(xml, "A3", "1");
	ck_cell(xml, "B3", "1");
	ck_cell(xml, "D4", "S4");
	ck_cell(xml, "A4", "1");
	ck_cell(xml, "B4", "1");
	ck_cell(xml, "D5", "S5");
	ck_cell(xml, "A5", "4");
	ck_cell(xml, "B5", "2");
	ck_cell(xml, "D6", "S1");
	ck_cell(xml, "A6", "5");
	ck_cell(xml, "B6", "3");
	/* Grades and verdicts in the workbook's language. */
	ck_cell(xml, "H2", "优秀");
	ck_cell(xml, "I2", "合格");
	ck_cell(xml, "H5", "合格");
	ck_cell(xml, "H6", "不合格");
	ck_cell(xml, "I6", "不合格");
	/* Not assessed and unreadable: no rank, no verdict, said why. */
	ck_cell(xml, "C7", "c.yaml");
	ck_cell(xml, "A7", "");
	ck_cell(xml, "H7", "无法读取");
	ck_cell(xml, "D8", "S6");
	ck_cell(xml, "A8", "");
	ck_cell(xml, "B8", "");
	ck_cell(xml, "H8", "未评估");
	ck_cell(xml, "I8", "");
	ck_assert_ptr_null(strstr(xml, ">excellent<"));
	/* The summary counts the same verdicts: 4 passed, 1 failed. */
	has(summary, "<t>合格率</t>");
	has(summary, "<v>0.8</v>");
	free(summary);
	free(xml);
	free(zip);
}
END_TEST

/* Sheets 5-8 sum the stations per province, city, county and township
 * (column B the province's name). */
START_TEST(areas_have_their_sheets)
{
	size_t size;
	unsigned char *zip;
	char *prov, *city, *county, *town;

	with_ties = 1;
	zip = workbook("zh", &size);
	with_ties = 0;
	prov = sheet(zip, size, 5);
	city = sheet(zip, size, 6);
	county = sheet(zip, size, 7);
	town = sheet(zip, size, 8);
	has(county, "<t>区划代码</t>");
	has(county, "<t>平均分</t>");
	/* 420302: 61.5 (grade fail), 98.25, 98.25. Without a pack the one
	 * grade column is fail (J), then pass, fail, not assessed,
	 * unreadable, pass rate. */
	ck_cell(county, "A2", "420302");
	ck_cell(county, "F2", "3");
	ck_cell(county, "G2", "3");
	ck_cell(county, "H2", "86");
	ck_cell(county, "I2", "98.25");
	/* Grade and verdict columns are told apart (等级:不合格 vs
	 * 不合格站点), also when a grade bears a verdict's name. */
	ck_cell(county, "J1", "等级:不合格");
	ck_cell(county, "K1", "合格站点");
	ck_cell(county, "L1", "不合格站点");
	ck_cell(county, "J2", "1");
	ck_cell(county, "K2", "2");
	ck_cell(county, "L2", "1");
	/* 420303: 98.25, 70 and one not assessed. */
	ck_cell(county, "A3", "420303");
	ck_cell(county, "F3", "3");
	ck_cell(county, "G3", "2");
	ck_cell(county, "H3", "84.125");
	ck_cell(county, "I3", "84.125");
	ck_cell(county, "K3", "2");
	ck_cell(county, "M3", "1");
	ck_cell(county, "O3", "1");
	/* The unreadable file has no region: each level's last row, not
	 * placed, holds it in its unreadable column, so that the level adds
	 * up to the run. */
	ck_cell(county, "A4", "未归入区划");
	ck_cell(county, "F4", "1");
	ck_cell(county, "G4", "0");
	ck_cell(county, "N4", "1");
	ck_cell(county, "A5", "");
	/* The city holds all six stations. */
	ck_cell(city, "A2", "4203");
	ck_cell(city, "F2", "6");
	ck_cell(city, "H2", "85.25");
	ck_cell(city, "A3", "未归入区划");
	ck_cell(city, "N3", "1");
	ck_cell(city, "A4", "");
	/* The province: the same six stations and numbers. */
	ck_cell(prov, "A2", "42");
	ck_cell(prov, "F2", "6");
	ck_cell(prov, "H2", "85.25");
	ck_cell(prov, "A3", "未归入区划");
	ck_cell(prov, "F3", "1");
	ck_cell(prov, "A4", "");
	/* No division tables (no pack): no coverage, not 0. */
	ck_cell(prov, "P1", "应覆盖乡镇(街道)");
	ck_cell(prov, "Q1", "有评估站点的乡镇(街道)");
	ck_cell(prov, "R1", "有评估站点的乡镇占比");
	ck_cell(prov, "P2", "");
	ck_cell(prov, "R2", "");
	ck_cell(town, "A2", "420302001");
	ck_cell(town, "A7", "420303003");
	ck_cell(town, "G7", "0");
	ck_cell(town, "A8", "未归入区划");
	ck_cell(town, "A9", "");
	free(prov);
	free(city);
	free(county);
	free(town);
	free(zip);
}
END_TEST

/* A JSON report in a temporary file (caller unlinks and frees). */
static char *report_file(const char *records)
{
	char *path = strdup("/tmp/sa-xlsx-yoy-XXXXXX");
	FILE *f;
	int fd;

	ck_assert_ptr_nonnull(path);
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fprintf(f, "{\"schema\": \"stationaudit-report\", \"version\": 1,\n"
		"\"records\": [%s],\n\"summary\": {}}\n", records);
	fclose(f);
	return path;
}

/* With a baseline the workbook has a year-over-year sheet (the eighth):
 * a row per station, a failure now waived counted as newly waived with
 * the points the waiver gave, a fixed one (its rule passes now) as
 * fixed. */
START_TEST(year_over_year_sheet)
{
	char *old = report_file(
		"{\"id\": \"S2\", \"name\": \"高分站\", \"score\": 80, "
		"\"score_without_waivers\": 80, \"findings\": ["
		"{\"rule\": \"PHONE\", \"status\": \"fail\", \"severity\": "
		"\"major\", \"path\": \"/station/phone\"},"
		"{\"rule\": \"GONE\", \"status\": \"fail\", \"severity\": "
		"\"minor\", \"path\": \"/station/x\"}]},"
		"{\"id\": \"S0\", \"name\": \"撤销站\", \"score\": 70, "
		"\"findings\": []}");
	char *cur = report_file(
		"{\"id\": \"S2\", \"name\": \"高分站\", \"score\": 98.25, "
		"\"score_without_waivers\": 90, \"findings\": ["
		"{\"rule\": \"PHONE\", \"status\": \"waived\", \"severity\": "
		"\"major\", \"path\": \"/station/phone\"},"
		"{\"rule\": \"GONE\", \"status\": \"pass\", \"path\": "
		"\"/station\"}]}");
	sa_diff *d;
	sa_error err;
	size_t size;
	unsigned char *zip;
	char *xml, *wbk;

	ck_assert_int_eq(sa_diff_reports(old, cur, &d, &err), SA_OK);
	with_baseline = d;
	zip = workbook("zh", &size);
	with_baseline = NULL;
	wbk = zip_member(zip, size, "xl/workbook.xml");
	ck_assert_ptr_nonnull(wbk);
	has(wbk, "name=\"对比基线\"");
	xml = sheet(zip, size, 9);
	has(xml, "<t>新豁免</t>");
	ck_cell(xml, "A2", "S2");
	ck_cell(xml, "C2", "有变化");
	ck_cell(xml, "D2", "80");
	ck_cell(xml, "E2", "98.25");
	ck_cell(xml, "F2", "18.25");
	ck_cell(xml, "G2", "8.25");
	ck_cell(xml, "H2", "0");
	ck_cell(xml, "I2", "1");
	ck_cell(xml, "J2", "1");
	ck_cell(xml, "M2", "GONE");
	ck_cell(xml, "N2", "PHONE");
	ck_cell(xml, "A3", "S0");
	ck_cell(xml, "C3", "已移除");
	ck_cell(xml, "E3", "");
	ck_cell(xml, "A4", "");
	free(xml);
	free(wbk);
	free(zip);
	sa_diff_free(d);
	unlink(old);
	unlink(cur);
	free(old);
	free(cur);
}
END_TEST

/* The one ranking function: shared ranks skip (1, 1, 1, 4). */
START_TEST(competition_ranks)
{
	static const double scores[] = { 100, 100, 100, 90, 90, 80, -1, -1 };
	static const size_t want[] = { 1, 1, 1, 4, 4, 6, 0, 0 };
	size_t ranks[8], i;

	sai_rank_sorted(scores, 8, ranks);
	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(ranks[i], want[i]);
	sai_rank_sorted(scores, 0, ranks);
}
END_TEST

START_TEST(rules_have_counts_and_rates)
{
	size_t size;
	unsigned char *zip = workbook("en", &size);
	char *xml = sheet(zip, size, 4);
	char *book = zip_member(zip, size, "xl/workbook.xml");

	has(xml, "<t>Phone number</t>");
	has(xml, "<t>《规范》5.1 电话</t>");
	has(xml, "<v>0.5</v>");  /* 1 of 2 */
	has(xml, "<v>0</v>");    /* 0 of 2 */
	ck_assert_ptr_nonnull(book);
	has(book, "<sheet name=\"summary\"");
	has(book, "<sheet name=\"rules\"");
	free(book);
	free(xml);
	free(zip);
}
END_TEST

START_TEST(without_a_pack_the_date_is_fixed)
{
	size_t size, size2;
	unsigned char *zip = workbook("zh", &size);
	unsigned char *zip2 = workbook("zh", &size2);
	char *core = zip_member(zip, size, "docProps/core.xml");
	char *summary = sheet(zip, size, 1);

	ck_assert_ptr_nonnull(core);
	has(core, "2000-01-01T12:00:00Z");
	has(summary, "<t>aaaa1111</t>");
	has(summary, "<t>9.9.9</t>");
	ck_assert_uint_eq(size, size2);
	ck_assert(!memcmp(zip, zip2, size));
	free(summary);
	free(core);
	free(zip2);
	free(zip);
}
END_TEST

START_TEST(no_temporary_file_is_left)
{
	char dir[64], path[128];
	FILE *out;

	sai_test_tmpdir(dir, sizeof(dir), "xlsx");
	snprintf(path, sizeof(path), "%s/r.xlsx", dir);
	out = fopen(path, "wb");
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(write_xlsx(out, path, "zh"), 0);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_uint_eq(sai_test_entries(dir, 0), 1);
	sai_test_rmtree(dir);
}
END_TEST

START_TEST(failures_are_reported)
{
	FILE *full = fopen("/dev/full", "wb");

	/* No folder to build the workbook in. */
	errno = 0;
	ck_assert_int_eq(write_xlsx(stdout, "/nonexistent-sa/r.xlsx", "zh"), -1);
	ck_assert_int_eq(errno, ENOENT);
	if (full) {
		setvbuf(full, NULL, _IONBF, 0);
		ck_assert_int_eq(write_xlsx(full, "-", "zh"), -1);
		fclose(full);
	}
	sai_report_xlsx.free(NULL);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("report-xlsx");
	TCase *tc = tcase_create("xlsx");

	tcase_add_test(tc, dossier_text_stays_text);
	tcase_add_test(tc, findings_list_problems_with_waivers);
	tcase_add_test(tc, stations_ranked_best_first);
	tcase_add_test(tc, ties_share_their_rank);
	tcase_add_test(tc, areas_have_their_sheets);
	tcase_add_test(tc, competition_ranks);
	tcase_add_test(tc, year_over_year_sheet);
	tcase_add_test(tc, rules_have_counts_and_rates);
	tcase_add_test(tc, without_a_pack_the_date_is_fixed);
	tcase_add_test(tc, no_temporary_file_is_left);
	tcase_add_test(tc, failures_are_reported);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
