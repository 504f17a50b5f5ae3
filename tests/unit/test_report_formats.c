/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_formats.c - the junit, sarif, github, markdown, csv and
 * svrl reports.  A small audit runs through the public API (a pack in
 * memory, dossiers written to a scratch folder, one of them with a
 * hostile station name: <script>, quotes, commas, a line end, =cmd) and
 * each report is read back: XML with libxml2 and XPath, the others by
 * their own rules.  Waived findings, which no public API makes yet, are
 * fed to the writers by hand.
 */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "testfiles.h"
#include "testutil.h"
#include "util-internal.h"

#define HOSTILE "<script>alert(1)</script> \"q\", a\nb =cmd"

static const char pack_yaml[] =
	"standard:\n"
	"  id: fmt\n"
	"  title: 格式测试标准\n"
	"  title-en: Format test standard\n"
	"  version: \"1\"\n"
	"params:\n"
	"  min_area: 60\n"
	"rules:\n"
	"  - id: FMT-NAME\n"
	"    title: 名称不含尖括号\n"
	"    title-en: Name without angle brackets\n"
	"    severity: critical\n"
	"    weight: 2\n"
	"    assert: \"not(contains(name, '<'))\"\n"
	"    message: \"{name} 含尖括号\"\n"
	"    message-en: \"{name} has angle brackets\"\n"
	"    fix: 删除名称中的尖括号\n"
	"    source: 格式测试第 1 条\n"
	"  - id: FMT-AREA\n"
	"    title: 面积达标\n"
	"    severity: minor\n"
	"    weight: 1\n"
	"    assert: \"number(area) >= $min_area\"\n"
	"    message: \"面积 {area} 不足\"\n"
	"  - id: FMT-PHONE\n"
	"    title: 电话\n"
	"    severity: info\n"
	"    weight: 1\n"
	"    applies: \"phone\"\n"
	"    assert: \"string-length(phone) = 11\"\n"
	"    message: \"电话位数不对\"\n";

static const char dossier_good[] =
	"station:\n  id: \"S-1\"\n  name: 好站\n  area: 80\n"
	"  phone: \"13800000000\"\n";
static const char dossier_bad[] =
	"station:\n  id: \"=cmd|' /C calc'!A0\"\n"
	"  name: \"<script>alert(1)</script> \\\"q\\\", a\\nb =cmd\"\n"
	"  area: 10\n  phone: \"123\"\n";

/* --junit-per-rule for the next run_audit or run_waived. */
static int junit_per_rule;

typedef struct audit {
	char dir[64];
	char *out;              /* the report */
	size_t len;
	int status;             /* sa_run_execute's */
} audit;

/* Audits good.yaml and bad.yaml with the pack into one report. */
static void run_audit(audit *a, const char *format, const char *lang,
		      int verbose)
{
	sa_pack *p = sa_pack_new();
	sa_run_options o;
	sa_run *r;
	sa_error err;
	char path[128], report[128];

	sai_test_tmpdir(a->dir, sizeof(a->dir), "fmt");
	snprintf(path, sizeof(path), "%s/good.yaml", a->dir);
	write_file(path, dossier_good);
	snprintf(path, sizeof(path), "%s/bad.yaml", a->dir);
	write_file(path, dossier_bad);
	snprintf(report, sizeof(report), "%s/report.out", a->dir);
	ck_assert_int_eq(sa_pack_set_audit_date(p, "2025-06-01", &err), SA_OK);
	ck_assert_msg(sa_pack_load_buffer(p, pack_yaml, strlen(pack_yaml),
					  "fmt.yaml", NULL, &err) == SA_OK,
		      "%s", err.message);
	ck_assert_msg(sa_pack_compile(p, &err) == SA_OK, "%s", err.message);
	sa_run_options_init(&o);
	o.schema = NULL;        /* toy records, not dossiers of the contract */
	o.jobs = 1;
	o.lang = lang;
	o.verbose = verbose;
	o.bom = 1;
	o.junit_per_rule = junit_per_rule;
	r = sa_run_new(p, &o);
	ck_assert_int_eq(sa_run_add_report(r, format, report, &err), SA_OK);
	snprintf(path, sizeof(path), "%s/good.yaml", a->dir);
	ck_assert_int_eq(sa_run_add_path(r, path, &err), SA_OK);
	snprintf(path, sizeof(path), "%s/bad.yaml", a->dir);
	ck_assert_int_eq(sa_run_add_path(r, path, &err), SA_OK);
	a->status = sa_run_execute(r, &err);
	ck_assert_msg(a->status == SA_OK, "%s", err.message);
	a->out = read_file(report, &a->len);
	sa_run_free(r);
	sa_pack_free(p);
	sai_test_rmtree(a->dir);
}

/* ---- XML ----------------------------------------------------------------- */

typedef struct xdoc {
	xmlDocPtr doc;
	xmlXPathContextPtr ctx;
} xdoc;

static void x_open(xdoc *x, const audit *a)
{
	x->doc = xmlReadMemory(a->out, (int)a->len, "report.xml", NULL,
			       XML_PARSE_NONET);
	ck_assert_msg(x->doc != NULL, "not well-formed XML:\n%s", a->out);
	x->ctx = xmlXPathNewContext(x->doc);
	xmlXPathRegisterNs(x->ctx, BAD_CAST "svrl",
			   BAD_CAST "http://purl.oclc.org/dsdl/svrl");
}

static double x_num(xdoc *x, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x->ctx);
	double v;

	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	return v;
}

static char *x_str(xdoc *x, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x->ctx);
	xmlChar *s;
	char *copy;

	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	s = xmlXPathCastToString(o);
	copy = sai_strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	return copy;
}

#define ASSERT_XNUM(x, expr, want)                                          \
	ck_assert_msg(x_num(x, expr) == (want), "%s = %g, want %g", expr,   \
		      x_num(x, expr), (double)(want))

#define ASSERT_XSTR(x, expr, want)                                          \
	do {                                                                \
		char *got_ = x_str(x, expr);                                \
		ck_assert_msg(!strcmp(got_, want), "%s = '%s', want '%s'",  \
			      expr, got_, want);                            \
		free(got_);                                                 \
	} while (0)

static void x_close(xdoc *x)
{
	xmlXPathFreeContext(x->ctx);
	xmlFreeDoc(x->doc);
}

START_TEST(junit_counts_and_escapes)
{
	audit a;
	xdoc x;

	junit_per_rule = 1;
	run_audit(&a, "junit", "zh", 0);
	junit_per_rule = 0;
	x_open(&x, &a);
	ASSERT_XNUM(&x, "count(/testsuites/testsuite)", 2);
	ASSERT_XNUM(&x, "sum(/testsuites/testsuite/@tests)", 6);
	ASSERT_XNUM(&x, "/testsuites/@tests", 6);
	ASSERT_XNUM(&x, "/testsuites/@failures", 3);
	ASSERT_XNUM(&x, "/testsuites/@errors", 0);
	ASSERT_XNUM(&x, "count(//testcase[failure])", 3);
	ASSERT_XNUM(&x, "/testsuites/testsuite[2]/@failures", 3);
	ASSERT_XNUM(&x, "/testsuites/testsuite[1]/@failures", 0);
	ASSERT_XSTR(&x, "//testcase[failure][1]/@classname", "fmt");
	ASSERT_XSTR(&x, "//testcase[failure][1]/@name",
		    "FMT-NAME 名称不含尖括号");
	ASSERT_XSTR(&x, "//testcase[failure][1]/failure/@type", "critical");
	/* The hostile name comes back exactly: the library escaped it. */
	ASSERT_XSTR(&x, "//testsuite[2]/properties/property"
		    "[@name='record.name']/@value", HOSTILE);
	ASSERT_XSTR(&x, "//testcase[failure][1]/failure/@message",
		    HOSTILE " 含尖括号");
	ASSERT_XNUM(&x, "count(//script)", 0);
	ASSERT_XNUM(&x, "string-length(//testsuite[1]/properties/property"
		    "[@name='standard.fmt.sha256']/@value)", 64);
	ASSERT_XNUM(&x, "string-length(//testsuite[2]/properties/property"
		    "[@name='dossier.sha256']/@value)", 64);
	ASSERT_XSTR(&x, "//testsuite[1]/properties/property"
		    "[@name='param.min_area']/@value", "60");
	ASSERT_XSTR(&x, "//testsuite[1]/properties/property"
		    "[@name='audit.date']/@value", "2025-06-01");
	x_close(&x);
	free(a.out);
}
END_TEST

START_TEST(svrl_groups_failures_under_their_pattern)
{
	audit a;
	xdoc x;

	run_audit(&a, "svrl", "en", 0);
	x_open(&x, &a);
	ASSERT_XNUM(&x, "count(/svrl:schematron-output)", 1);
	ASSERT_XNUM(&x, "count(//svrl:active-pattern)", 1);
	ASSERT_XSTR(&x, "//svrl:active-pattern/@id", "fmt");
	ASSERT_XNUM(&x, "count(//svrl:fired-rule)", 2);
	ASSERT_XNUM(&x, "count(//svrl:failed-assert)", 3);
	ASSERT_XSTR(&x, "//svrl:failed-assert[@id='FMT-NAME.2.1']/@role",
		    "critical");
	ASSERT_XSTR(&x, "//svrl:failed-assert[@id='FMT-NAME.2.1']/@location",
		    "/station");
	ASSERT_XSTR(&x, "//svrl:failed-assert[@id='FMT-NAME.2.1']/@test",
		    "not(contains(name, '<'))");
	ASSERT_XSTR(&x, "//svrl:failed-assert[@id='FMT-NAME.2.1']/svrl:text",
		    HOSTILE " has angle brackets");
	/* Ids are xsd:IDs (ISO svrl.rnc): rule id and record, never twice. */
	ASSERT_XNUM(&x, "count(//svrl:failed-assert[@id = preceding::"
		    "svrl:failed-assert/@id])", 0);
	/* The asserts follow the fired rule of their record. */
	ASSERT_XNUM(&x, "count(//svrl:failed-assert[preceding-sibling::"
		    "svrl:fired-rule[1][contains(@document, 'bad.yaml')]])",
		    3);
	x_close(&x);
	free(a.out);
}
END_TEST

/* ---- SARIF: JSON read with a few string searches; the meta test
 * validates it against the SARIF schema. ---------------------------------- */

START_TEST(sarif_has_rules_results_and_levels)
{
	audit a;

	run_audit(&a, "sarif", "zh", 0);
	ck_assert_ptr_nonnull(strstr(a.out, "\"version\": \"2.1.0\""));
	ck_assert_ptr_nonnull(strstr(a.out, "{\"id\": \"FMT-NAME\", \"name\": "
					    "\"Name without angle brackets\""));
	ck_assert_ptr_nonnull(strstr(a.out, "\"help\": {\"text\": "
					    "\"删除名称中的尖括号\"}"));
	ck_assert_ptr_nonnull(strstr(a.out, "\"ruleId\": \"FMT-NAME\", "
					    "\"ruleIndex\": 0, \"kind\": "
					    "\"fail\", \"level\": \"error\""));
	ck_assert_ptr_nonnull(strstr(a.out, "\"ruleId\": \"FMT-AREA\", "
					    "\"ruleIndex\": 1, \"kind\": "
					    "\"fail\", \"level\": \"warning\""));
	ck_assert_ptr_nonnull(strstr(a.out, "\"ruleId\": \"FMT-PHONE\", "
					    "\"ruleIndex\": 2, \"kind\": "
					    "\"fail\", \"level\": \"note\""));
	/* The hostile name, JSON-escaped, and a URI for the file. */
	ck_assert_ptr_nonnull(strstr(a.out, "\\u003c/script> \\\"q\\\", "
					    "a\\nb =cmd"));
	ck_assert_ptr_nonnull(strstr(a.out, "/bad.yaml\"}, \"region\": "
					    "{\"startLine\": 1"));
	ck_assert_ptr_nonnull(strstr(a.out, "\"sha-256\": \""));
	/* No "</" that could close a <script> the report is embedded in. */
	ck_assert_ptr_null(strstr(a.out, "</script>"));
	free(a.out);
}
END_TEST

/* ---- GitHub -------------------------------------------------------------- */

START_TEST(github_annotations_escape_properties_and_data)
{
	audit a;
	char *line;

	run_audit(&a, "github", "en", 0);
	line = strstr(a.out, "::error ");
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, ",line=1,col="));
	ck_assert_ptr_nonnull(strstr(line, ",title=FMT-NAME::"));
	/* The record id "=cmd|' /C calc'!A0" and the name with its line
	 * end stay in one annotation. */
	ck_assert_ptr_nonnull(strstr(line, "::=cmd|' /C calc'!A0: <script>"
					   "alert(1)</script> \"q\", a%0Ab "
					   "=cmd has angle brackets\n"));
	ck_assert_ptr_nonnull(strstr(a.out, "::warning file="));
	ck_assert_ptr_nonnull(strstr(a.out, "::notice file="));
	/* Verdicts, not records with a failure: the old "1 failing". */
	ck_assert_ptr_nonnull(strstr(a.out, "stationaudit: 2 records, "
					    "1 passed, 1 failed, 0 not "
					    "assessed, 0 unreadable; 3 "
					    "failures (critical 1, major 0, "
					    "minor 1, info 1)"));
	free(a.out);
}
END_TEST

START_TEST(github_property_values_escape_colon_and_comma)
{
	static const sa_rule_info rule = {
		"R:1,x", "t", NULL, "assert", "x", SA_SEVERITY_MAJOR, 1,
		NULL, NULL, NULL, "s", "p.yaml", 1, 1, 0,
	};
	sa_finding f = { &rule, SA_FINDING_FAIL, SA_SEVERITY_MAJOR,
			 "dir,a:b/100%.yaml", 2, 3, "/station", "m%\r\nx",
			 NULL, NULL, NULL };
	sa_record_result rr;
	const sai_report_writer *w = sai_report_find("github");
	sai_report_context ctx;
	sa_run_options o;
	char *buf = NULL;
	size_t size = 0;
	void *st = NULL;

	memset(&rr, 0, sizeof(rr));
	rr.file = f.file;
	rr.findings = &f;
	rr.finding_count = 1;
	rr.counts[SA_FINDING_FAIL] = 1;
	sa_run_options_init(&o);
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = open_memstream(&buf, &size);
	ctx.opts = &o;
	ck_assert_int_eq(w->begin(&st, &ctx), 0);
	ck_assert_int_eq(w->record(st, &ctx, &rr), 0);
	ck_assert_int_eq(w->end(st, &ctx, NULL, NULL, 0), 0);
	w->free(st);
	fclose(ctx.out);
	/* The annotation, then the summary line. */
	ck_assert_ptr_nonnull(buf);
	ck_assert_msg(!strncmp(buf, "::error file=dir%2Ca%3Ab/100%25.yaml,"
			       "line=2,col=3,title=R%3A1%2Cx::m%25%0D%0Ax\n"
			       "stationaudit: ", 93), "%s", buf);
	free(buf);
}
END_TEST

/* ---- Markdown ------------------------------------------------------------ */

START_TEST(markdown_tables_are_not_broken_by_dossier_text)
{
	audit a;
	const char *p;

	run_audit(&a, "markdown", "zh", 0);
	ck_assert_ptr_nonnull(strstr(a.out, "## stationaudit 审核报告\n"));
	ck_assert_ptr_nonnull(strstr(a.out, "| 记录 | 2 |\n"));
	ck_assert_ptr_nonnull(strstr(a.out, "| 不通过: 严重 | 1 |\n"));
	ck_assert_ptr_nonnull(strstr(a.out, "| 有不通过项的记录 | 1 |\n"));
	/* The hostile row: escaped, on one line, with the failed rules. */
	p = strstr(a.out, "| =cmd\\|' /C calc'!A0 | \\<script\\>alert(1)"
			  "\\</script\\> \"q\", a b =cmd | ");
	ck_assert_msg(p != NULL, "%s", a.out);
	ck_assert_ptr_nonnull(strstr(p, " | 0 | "));
	ck_assert_ptr_nonnull(strstr(p, " | FMT-NAME, FMT-AREA, FMT-PHONE |\n"));
	ck_assert_ptr_null(strstr(a.out, "<script>"));
	ck_assert_ptr_nonnull(strstr(a.out, "| FMT-NAME | 名称不含尖括号 | 1 | 1 "
					    "| 0 | 0 | 50.0% |\n"));
	ck_assert_ptr_nonnull(strstr(a.out, "<details><summary>审核依据"));
	free(a.out);
}
END_TEST

/* ---- CSV: parsed here by RFC 4180's rules ---------------------------------- */

/* The cells of the row at *p, which moves past it. */
static size_t csv_row(const char **p, char cells[][256], size_t max)
{
	size_t n = 0, k = 0;
	int quoted = 0;

	for (; **p; (*p)++) {
		char c = **p;

		if (quoted) {
			if (c == '"' && (*p)[1] == '"') {
				(*p)++;
			} else if (c == '"') {
				quoted = 0;
				continue;
			}
		} else if (c == '"') {
			quoted = 1;
			continue;
		} else if (c == ',' || (c == '\r' && (*p)[1] == '\n')) {
			cells[n++][k] = '\0';
			k = 0;
			ck_assert_uint_lt(n, max);
			if (c == '\r') {
				*p += 2;
				return n;
			}
			continue;
		} else {
			ck_assert_msg(c != '\n', "bare LF outside quotes");
		}
		if (k < 255)
			cells[n][k++] = c;
	}
	ck_abort_msg("row without CRLF");
	return n;
}

START_TEST(csv_rows_are_rfc4180_and_formula_safe)
{
	static char cells[32][256];
	audit a;
	const char *p;
	size_t rows = 0;
	int hostile = 0;

	run_audit(&a, "csv", "zh", 0);
	ck_assert(!memcmp(a.out, "\xef\xbb\xbf", 3));
	p = a.out + 3;
	ck_assert_uint_eq(csv_row(&p, cells, 32), 19);
	ck_assert_str_eq(cells[0], "文件");
	ck_assert_str_eq(cells[10], "状态");
	while (*p) {
		ck_assert_uint_eq(csv_row(&p, cells, 32), 19);
		rows++;
		ck_assert_str_eq(cells[10], "不通过");
		if (!strcmp(cells[6], "FMT-NAME")) {
			hostile = 1;
			ck_assert_str_eq(cells[3], "'=cmd|' /C calc'!A0");
			ck_assert_str_eq(cells[4], HOSTILE);
			ck_assert_str_eq(cells[9], "严重");
			ck_assert_str_eq(cells[1], "1");
		}
	}
	/* Three failures; the good record's passes are not rows. */
	ck_assert_uint_eq(rows, 3);
	ck_assert(hostile);
	free(a.out);
}
END_TEST

START_TEST(csv_verbose_and_english)
{
	static char cells[32][256];
	audit a;
	const char *p;
	size_t rows = 0;

	run_audit(&a, "csv", "en", 1);
	p = a.out + 3;
	csv_row(&p, cells, 32);
	ck_assert_str_eq(cells[0], "file");
	ck_assert_str_eq(cells[18], "score");
	while (*p) {
		csv_row(&p, cells, 32);
		rows++;
	}
	ck_assert_uint_eq(rows, 6);
	free(a.out);
}
END_TEST

/* ---- determinism: same input, same bytes --------------------------------- */

/* Writes the name of folder to over every from in text. */
static void same_folder(char *text, const char *from, const char *to)
{
	size_t n = strlen(from);
	char *p;

	for (p = strstr(text, from); p; p = strstr(p + n, from))
		memcpy(p, to, n);
}

/* Writes 64 zeros over the digest after every key in text. */
static void same_digests(char *text, const char *key)
{
	char *p;

	for (p = strstr(text, key); p; p = strstr(p, key)) {
		p += strlen(key);
		if (strlen(p) >= 64)
			memset(p, '0', 64);
	}
}

START_TEST(reports_are_deterministic)
{
	static const char *const formats[] = {
		"junit", "sarif", "github", "markdown", "csv", "svrl",
	};
	audit a, b;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		run_audit(&a, formats[i], "zh", 0);
		run_audit(&b, formats[i], "zh", 0);
		/* The scratch folders differ in name (not in length). */
		ck_assert_uint_eq(a.len, b.len);
		ck_assert_msg(a.len > 0, "%s is empty", formats[i]);
		same_folder(a.out, a.dir, b.dir);
		/* SARIF's fingerprints hash the file's path (outside the
		 * current folder, the scratch folder's): test_report_ci
		 * checks them. */
		same_digests(a.out, "\"stationaudit/v2\": \"");
		same_digests(b.out, "\"stationaudit/v2\": \"");
		ck_assert_msg(!memcmp(a.out, b.out, a.len), "%s differs",
			      formats[i]);
		free(a.out);
		free(b.out);
	}
}
END_TEST

/* ---- waived findings, fed by hand ---------------------------------------- */

static const sa_waiver_info waiver = {
	"FMT-AREA", "S-9", "新建站，装修中", "民政局李科长", "2025-12-31",
	"waivers.yaml", 3,
};
static const sa_rule_info rule_area = {
	"FMT-AREA", "面积达标", "Area", "assert", "area >= 60",
	SA_SEVERITY_MINOR, 1, NULL, NULL, NULL, "fmt", "fmt.yaml", 10, 3, 0,
};

static char *run_waived(const char *name)
{
	static const sa_finding f = {
		&rule_area, SA_FINDING_WAIVED, SA_SEVERITY_MINOR, "w.yaml", 4,
		2, "/station/area", "面积 10 不足", "10", "≥ 60", &waiver,
	};
	const sai_report_writer *w = sai_report_find(name);
	sai_report_context ctx;
	sa_record_result rr;
	sa_summary sum;
	sa_run_options o;
	char *buf = NULL;
	size_t size = 0;
	void *st = NULL;

	memset(&rr, 0, sizeof(rr));
	memset(&sum, 0, sizeof(sum));
	rr.file = "w.yaml";
	rr.record_id = "S-9";
	rr.findings = &f;
	rr.finding_count = 1;
	rr.counts[SA_FINDING_WAIVED] = 1;
	rr.score = 100;
	sum.records = 1;
	sum.findings[SA_FINDING_WAIVED] = 1;
	sa_run_options_init(&o);
	o.junit_per_rule = junit_per_rule;
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = open_memstream(&buf, &size);
	ctx.opts = &o;
	ctx.tool_version = "9.9";
	ck_assert_int_eq(w->begin(&st, &ctx), 0);
	ck_assert_int_eq(w->record(st, &ctx, &rr), 0);
	ck_assert_int_eq(w->end(st, &ctx, &sum, NULL, 0), 0);
	w->free(st);
	fclose(ctx.out);
	return buf;
}

START_TEST(waived_findings_are_never_failures)
{
	char *out;

	junit_per_rule = 1;
	out = run_waived("junit");
	junit_per_rule = 0;
	ck_assert_ptr_nonnull(strstr(out, "<skipped message=\"已豁免: 新建站，"
					  "装修中 (民政局李科长, 有效期至 "
					  "2025-12-31)\"/>"));
	ck_assert_ptr_null(strstr(out, "<failure"));
	ck_assert_ptr_nonnull(strstr(out, "failures=\"0\""));
	free(out);
	/* A test case per record: the waived record passes. */
	out = run_waived("junit");
	ck_assert_ptr_nonnull(strstr(out, "<testcase name=\"S-9 (w.yaml)\" "
					  "classname=\"w.yaml\" time=\"0\"/>"));
	ck_assert_ptr_null(strstr(out, "<failure"));
	free(out);
	out = run_waived("codequality");
	ck_assert_str_eq(out, "[]\n");
	free(out);
	out = run_waived("sarif");
	ck_assert_ptr_nonnull(strstr(out, "\"suppressions\": [{\"kind\": "
					  "\"external\", \"status\": "
					  "\"accepted\", \"justification\": "
					  "\"新建站，装修中\""));
	free(out);
	out = run_waived("svrl");
	ck_assert_ptr_nonnull(strstr(out, "<svrl:successful-report id=\""
					  "FMT-AREA.1.1\""));
	ck_assert_ptr_nonnull(strstr(out, "role=\"waived\""));
	ck_assert_ptr_null(strstr(out, "failed-assert"));
	free(out);
	/* No annotation for a waived finding: the only commands are the
	 * provenance group's. */
	out = run_waived("github");
	ck_assert_ptr_null(strstr(out, "::error"));
	ck_assert_ptr_null(strstr(out, "::warning"));
	ck_assert_ptr_null(strstr(out, "::notice"));
	ck_assert_ptr_nonnull(strstr(out, "::group::"));
	free(out);
	out = run_waived("csv");
	ck_assert_ptr_nonnull(strstr(out, "已豁免"));
	ck_assert_ptr_nonnull(strstr(out, ",新建站，装修中,民政局李科长,"
					  "2025-12-31,100\r\n"));
	free(out);
	out = run_waived("markdown");
	ck_assert_ptr_nonnull(strstr(out, "| 已豁免 | 1 |"));
	ck_assert_ptr_nonnull(strstr(out, "无。"));
	free(out);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("report formats");
	TCase *tc = tcase_create("formats");

	tcase_add_test(tc, junit_counts_and_escapes);
	tcase_add_test(tc, svrl_groups_failures_under_their_pattern);
	tcase_add_test(tc, sarif_has_rules_results_and_levels);
	tcase_add_test(tc, github_annotations_escape_properties_and_data);
	tcase_add_test(tc, github_property_values_escape_colon_and_comma);
	tcase_add_test(tc, markdown_tables_are_not_broken_by_dossier_text);
	tcase_add_test(tc, csv_rows_are_rfc4180_and_formula_safe);
	tcase_add_test(tc, csv_verbose_and_english);
	tcase_add_test(tc, reports_are_deterministic);
	tcase_add_test(tc, waived_findings_are_never_failures);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
