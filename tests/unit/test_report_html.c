/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_html.c - the HTML report writer over hand-made results:
 * waivers, collection findings, unreadable dossiers and hostile text
 * land where they should, escaped.  The page is checked by parsing it
 * with libxml2's HTML parser and asking XPath, not by grepping.
 * (tests/browser/html.sh checks the page in a real browser.)
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "jsonreader-internal.h"
#include "report-html-internal.h"
#include "report-internal.h"
#include "testutil.h"

static const sa_rule_info rule_staff = {
	"SY-STAFF", "专职社工不少于 3 人", "At least 3 social workers",
	"count", "count(staff)", SA_SEVERITY_CRITICAL, 3, NULL,
	"补足 3 名专职社工", "十堰标准 第 5 条 <原文>", "shiyan",
	"rules/shiyan.yaml", 10, 3, 0,
};
static const sa_rule_info rule_phone = {
	"SY-PHONE", "联系电话格式", "Phone format", "assert", "matches()",
	SA_SEVERITY_MAJOR, 1, NULL, NULL, NULL, "shiyan", "rules/shiyan.yaml",
	20, 3, 0,
};
static const sa_rule_info rule_cover = {
	"SY-COVER", "乡镇全覆盖", "Every township", "assert", "lookup()",
	SA_SEVERITY_MAJOR, 1, NULL, NULL, NULL, "shiyan", "rules/shiyan.yaml",
	30, 3, 1,
};

static const sa_waiver_info waiver = {
	"SY-PHONE", "ZS-002", "新站<过渡期>", "王审批 & 李", "2026-01-01",
	"waivers.yaml", 3,
};

#define F(rule, st, sev, line, msg, act)                                    \
	{ &(rule), (st), (sev), "a.yaml", (line), 5, "/station/x", (msg),   \
	  (act), NULL, NULL }

static const sa_finding f_r0[] = {
	F(rule_staff, SA_FINDING_FAIL, SA_SEVERITY_CRITICAL, 8,
	  "专职社工只有 2 人", "2"),
	F(rule_phone, SA_FINDING_PASS, SA_SEVERITY_MAJOR, 0, NULL, NULL),
};
static const sa_finding f_r1[] = {
	F(rule_staff, SA_FINDING_PASS, SA_SEVERITY_CRITICAL, 0, NULL, NULL),
	{ &rule_phone, SA_FINDING_WAIVED, SA_SEVERITY_MAJOR, "a.yaml", 9, 3,
	  "/station/phone", "电话号码格式不正确", "123", NULL, &waiver },
};
static const sa_finding f_minor[] = {
	F(rule_phone, SA_FINDING_FAIL, SA_SEVERITY_MINOR, 5,
	  "电话号码格式不正确", "123"),
};
static const sa_finding f_assess[] = {
	F(rule_staff, SA_FINDING_FAIL, SA_SEVERITY_MAJOR, 2,
	  "标准无法评估", NULL),
};
static const sa_finding f_coll[] = {
	F(rule_cover, SA_FINDING_FAIL, SA_SEVERITY_MAJOR, 3,
	  "二堰街道 (420302002) 没有社工站", NULL),
	F(rule_cover, SA_FINDING_PASS, SA_SEVERITY_MAJOR, 2, NULL, NULL),
};
static const sa_finding f_bad[] = {
	{ NULL, SA_FINDING_ERROR, SA_SEVERITY_CRITICAL, "c.yaml", 4, 7, NULL,
	  "mapping values are not allowed here", "  name: </td><script>",
	  NULL, NULL },
};

static const sai_report_input inputs[] = {
	{ "a.yaml", "aa11" }, { "c.yaml", "" },
};

typedef struct fixture {
	sa_record_result recs[6];
	size_t n;
	sa_summary sum;
	sa_rule_summary rules[3];
} fixture;

static void set_record(sa_record_result *rr, size_t seq, const char *id,
		       const sa_finding *f, size_t n, double score)
{
	size_t i;

	memset(rr, 0, sizeof(*rr));
	rr->seq = seq;
	rr->file = "a.yaml";
	rr->line = 1 + seq * 10;
	rr->record_id = id;
	rr->findings = f;
	rr->finding_count = n;
	rr->score = score;
	rr->score_unwaived = score;
	for (i = 0; i < n; i++) {
		rr->counts[f[i].status]++;
		if (f[i].status == SA_FINDING_FAIL)
			rr->fail_by_severity[f[i].severity]++;
	}
}

static void make_fixture(fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	set_record(&fx->recs[0], 0, "ZS-001", f_r0, 2, 25);
	fx->recs[0].name = "茅箭区<b>社工站</b> \xff\x01 end";
	fx->recs[0].region = "420302001";
	fx->recs[0].grade = "fail";
	fx->recs[0].vetoed = 1;
	set_record(&fx->recs[1], 1, "ZS-002", f_r1, 2, 100);
	fx->recs[1].name = "\"引号\" & '撇号'";
	fx->recs[1].region = "420303001";
	fx->recs[1].grade = "excellent";
	fx->recs[1].score_unwaived = 75;
	fx->recs[1].grade_unwaived = "good";
	set_record(&fx->recs[2], 2, NULL, f_bad, 1, -1);
	fx->recs[2].file = "c.yaml";
	fx->recs[2].load_error = 1;
	set_record(&fx->recs[3], 3, "(collection)", f_coll, 2, -1);
	fx->recs[3].file = "(collection)";
	fx->recs[3].collection = 1;
	fx->sum.files = 2;
	fx->sum.records = 2;
	fx->sum.unreadable = 1;
	fx->sum.records_failing = 2;
	fx->sum.findings[SA_FINDING_FAIL] = 2;
	fx->sum.findings[SA_FINDING_WAIVED] = 1;
	fx->sum.fail_by_severity[SA_SEVERITY_CRITICAL] = 1;
	fx->sum.fail_by_severity[SA_SEVERITY_MAJOR] = 1;
	fx->rules[0].rule = &rule_staff;
	fx->rules[0].counts[SA_FINDING_PASS] = 1;
	fx->rules[0].counts[SA_FINDING_FAIL] = 1;
	fx->rules[1].rule = &rule_phone;
	fx->rules[1].counts[SA_FINDING_PASS] = 1;
	fx->rules[1].counts[SA_FINDING_WAIVED] = 1;
	fx->rules[2].rule = &rule_cover;
	fx->rules[2].counts[SA_FINDING_FAIL] = 1;
	fx->n = 4;
}

/* Run with two more stations (when set): one graded good at 99.27 with a
 * minor failure, which passes, and one the standard could not assess. */
static int more_stations;

static void add_more_stations(fixture *fx)
{
	sa_record_result *c = &fx->recs[3];

	fx->recs[5] = *c;       /* the collection stays last */
	set_record(&fx->recs[3], 3, "ZS-003", f_minor, 1, 99.27);
	fx->recs[3].region = "420303002";
	fx->recs[3].grade = "good";
	set_record(&fx->recs[4], 4, "ZS-004", f_assess, 1, -1);
	fx->recs[4].region = "420303003";
	fx->recs[4].not_assessed = 1;
	fx->sum.records = 4;
	fx->sum.not_assessed = 1;
	fx->rules[1].counts[SA_FINDING_FAIL] = 2;
	fx->rules[2].counts[SA_FINDING_FAIL] = 0;
	fx->rules[2].counts[SA_FINDING_PASS] = 1;
	fx->n = 6;
}

/* Runs the writer over the fixture (pack NULL: the writer must not need
 * one); returns the page (caller frees). */
static char *run_html(const char *lang, size_t *len)
{
	const sai_report_writer *w = sai_report_find("html");
	sai_report_context ctx;
	sa_run_options opts;
	fixture fx;
	char *buf = NULL;
	size_t size = 0, i;
	void *state = NULL;

	ck_assert_ptr_nonnull(w);
	make_fixture(&fx);
	if (more_stations)
		add_more_stations(&fx);
	memset(&opts, 0, sizeof(opts));
	opts.lang = lang;
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(ctx.out);
	ctx.path = "-";
	ctx.opts = &opts;
	ctx.inputs = inputs;
	ctx.input_count = 2;
	ctx.tool_version = "9.9.9";
	ck_assert_int_eq(w->begin(&state, &ctx), 0);
	for (i = 0; i < fx.n; i++)
		ck_assert_int_eq(w->record(state, &ctx, &fx.recs[i]), 0);
	ck_assert_int_eq(w->end(state, &ctx, &fx.sum, fx.rules, 3), 0);
	w->free(state);
	ck_assert_int_eq(fclose(ctx.out), 0);
	if (len)
		*len = size;
	return buf;
}

/* A page and its data block, read back as JSON (the JSON reader's value
 * mode makes a tree of it: XPath asks both). */
typedef struct page {
	char *raw;
	htmlDocPtr doc;
	xmlXPathContextPtr xp;
	xmlDocPtr data;
	xmlXPathContextPtr dx;
} page;

static char *xstr(page *p, const char *expr);

static void data_open(page *p)
{
	char *block = xstr(p, "string(//script[@type='application/json']"
			   "[@id='sa-data'])");
	sai_json_options o;
	sai_json_reader *r;
	unsigned long line, col;
	sa_error err;

	ck_assert_ptr_null(strstr(block, "</"));
	sai_json_options_default(&o);
	o.any_value = 1;
	ck_assert_int_eq(sai_json_open_buffer(block, strlen(block), "data",
					      &o, &r, &err), SA_OK);
	ck_assert_msg(sai_json_next_record(r, &p->data, &line, &col, &err) ==
		      SA_OK && p->data, "data block: %s", err.message);
	sai_json_free(r);
	free(block);
	p->dx = xmlXPathNewContext(p->data);
	ck_assert_ptr_nonnull(p->dx);
}

static void page_open(page *p, const char *lang)
{
	size_t len;

	p->raw = run_html(lang, &len);
	p->doc = htmlReadMemory(p->raw, (int)len, "report.html", "UTF-8",
				HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				HTML_PARSE_NONET);
	ck_assert_ptr_nonnull(p->doc);
	p->xp = xmlXPathNewContext(p->doc);
	ck_assert_ptr_nonnull(p->xp);
	data_open(p);
}

static void page_close(page *p)
{
	xmlXPathFreeContext(p->dx);
	sai_tree_free(p->data);
	xmlXPathFreeContext(p->xp);
	xmlFreeDoc(p->doc);
	free(p->raw);
}

/* The string value of an XPath expression (caller frees), on the page
 * or, when it starts with "data:", on its data block. */
static char *xstr(page *p, const char *expr)
{
	int data = !strncmp(expr, "data:", 5);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(
		(const xmlChar *)expr + (data ? 5 : 0), data ? p->dx : p->xp);
	xmlChar *s;
	char *out;

	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	s = xmlXPathCastToString(o);
	out = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}

#define ck_xpath_eq(p, expr, want)                                         \
	do {                                                               \
		char *got_ = xstr((p), (expr));                            \
		ck_assert_msg(strcmp(got_, (want)) == 0,                   \
			      "%s: got '%s', want '%s'", (expr), got_,     \
			      (want));                                     \
		free(got_);                                                \
	} while (0)

START_TEST(stations_rows_hold_only_records)
{
	page p;

	page_open(&p, NULL);
	ck_xpath_eq(&p, "string(/html/@lang)", "zh-CN");
	/* The table is filled by the page's script from the data block:
	 * a station per record, in input order, nothing else. */
	ck_xpath_eq(&p, "count(//table[@id='stations-table']/tbody/tr)", "0");
	ck_xpath_eq(&p, "data:count(/json/value/st)", "2");
	ck_xpath_eq(&p, "data:string(/json/value/st[1]/item[2])", "ZS-001");
	ck_xpath_eq(&p, "data:string(/json/value/grades[number(/json/value/"
		    "st[1]/item[9]) + 1]/l)", "不合格");
	ck_xpath_eq(&p, "data:string(/json/value/st[1]/item[12])", "1");
	/* Severity bits: critical 1, ... waived 32. */
	ck_xpath_eq(&p, "data:string(/json/value/st[1]/item[13])", "1");
	ck_xpath_eq(&p, "data:string(/json/value/st[2]/item[13])", "32");
	ck_xpath_eq(&p, "data:string(/json/value/t/vetoed)", "一票否决");
	/* Every finding of the station: its problem, its pass. */
	ck_xpath_eq(&p, "data:string(/json/value/st[1]/item[15]/item[1]"
		    "/item[3])", "专职社工只有 2 人");
	ck_xpath_eq(&p, "data:string(/json/value/rules[number(/json/value/"
		    "st[1]/item[16]/item[1]) + 1]/id)", "SY-PHONE");
	ck_xpath_eq(&p, "data:string(/json/value/rules[1]/fix)",
		    "补足 3 名专职社工");
	ck_xpath_eq(&p, "string(//*[@id='card-records']/div[1])", "2");
	ck_xpath_eq(&p, "string(//*[@id='card-failing']/div[1])", "1");
	ck_xpath_eq(&p, "string(//*[@id='f-shown']/@data-shown)", "2");
	page_close(&p);
}
END_TEST

START_TEST(verdicts_add_up)
{
	page p;

	/* The headline, the grade chart and the county table count the
	 * same verdicts: a good grade with a minor failure passes, the
	 * vetoed station fails, the not-assessed one is apart. */
	more_stations = 1;
	page_open(&p, NULL);
	more_stations = 0;
	ck_xpath_eq(&p, "string(//*[@id='card-records']/div[1])", "4");
	ck_xpath_eq(&p, "string(//*[@id='card-passed']/div[1])", "2");
	ck_xpath_eq(&p, "string(//*[@id='card-failing']/div[1])", "1");
	ck_xpath_eq(&p, "normalize-space(//*[@id='card-failing']/div[3])",
		    "合格率 66.7%");
	ck_xpath_eq(&p, "string(//*[@id='card-not-assessed']/div[1])", "1");
	ck_xpath_eq(&p, "string(//*[@id='chart-grades']//*[text()='不合格']"
		    "/parent::*/@data-value)", "1");
	ck_xpath_eq(&p, "sum(//*[@id='chart-grades']//*[text()='优秀' or "
		    "text()='良好']/parent::*/@data-value)", "2");
	ck_xpath_eq(&p, "string(//*[@id='chart-grades']//*[text()='未评估']"
		    "/parent::*/@data-value)", "1");
	ck_xpath_eq(&p, "data:string(/json/value/st[item[11]='p'][2]"
		    "/item[2])", "ZS-003");
	ck_xpath_eq(&p, "data:string(/json/value/st[4]/item[11])", "n");
	ck_xpath_eq(&p, "data:string(/json/value/st[4]/item[9])", "-1");
	/* Competition ranks, over the run and in the county; the station
	 * not assessed has none. */
	ck_xpath_eq(&p, "data:string(/json/value/rank)", "3");
	ck_xpath_eq(&p, "data:string(/json/value/rank[3])", "2");
	ck_xpath_eq(&p, "data:string(/json/value/rank[4])", "0");
	ck_xpath_eq(&p, "data:string(/json/value/crank[3])", "2");
	/* The rollup of county 420303: 3 stations, 2 passed, mean and
	 * median of 100 and 99.27. */
	ck_xpath_eq(&p, "data:string(/json/value/roll[item[2]='420303']"
		    "/item[4])", "3");
	ck_xpath_eq(&p, "data:string(/json/value/roll[item[2]='420303']"
		    "/item[6])", "99.635");
	ck_xpath_eq(&p, "data:string(/json/value/roll[item[2]='420303']"
		    "/item[7])", "2");
	ck_xpath_eq(&p, "data:string(/json/value/roll[item[2]='42']/item[4])",
		    "4");
	ck_xpath_eq(&p, "count(//*[@id='chart-scores']//*[@data-value='2'])",
		    "1");
	ck_xpath_eq(&p, "string(//*[@id='chart-county-mix']/*/*[@data-code="
		    "'420303']/@data-grades)", "0");
	/* County 420303: two passed, none failed, the third not judged. */
	ck_xpath_eq(&p, "string(//table[@id='counties-table']/tbody/tr[2]"
		    "/td[3])", "2");
	ck_xpath_eq(&p, "string(//table[@id='counties-table']/tbody/tr[2]"
		    "/td[5])", "100%");
	ck_xpath_eq(&p, "contains(//*[@id='verdict-rule'], '合格等级')",
		    "true");
	/* The grade filter names the band as a grade: 等级:不合格 is not
	 * the verdict 不合格. */
	ck_xpath_eq(&p, "string(//select[@id='f-grade']/option[@value="
		    "'fail'])", "等级:不合格");
	ck_xpath_eq(&p, "string(//select[@id='f-grade']/option[@value="
		    "'excellent'])", "等级:优秀");
	/* The most-failed rules, most first, linked to their rows; a rule
	 * that never failed is not listed. */
	ck_xpath_eq(&p, "count(//table[@id='top-rules']/tbody/tr)", "2");
	ck_xpath_eq(&p, "string(//table[@id='top-rules']/tbody/tr[1]/td[3])",
		    "2");
	ck_xpath_eq(&p, "string(//table[@id='top-rules']/tbody/tr[1]/td[1]"
		    "/a/@href)", "#rule-SY-PHONE");
	ck_xpath_eq(&p, "string(//table[@id='top-rules']/tbody/tr[2]/td[1])",
		    "SY-STAFF");
	ck_xpath_eq(&p, "count(//section[@id='summary']//table[@id='top-rules'])",
		    "1");
	page_close(&p);
}
END_TEST

START_TEST(hostile_text_is_escaped_text)
{
	page p;

	page_open(&p, NULL);
	/* The raw bytes never hold the dossier's markup. */
	ck_assert_ptr_null(strstr(p.raw, "<b>社工站</b>"));
	ck_assert_ptr_null(strstr(p.raw, "</td><script>"));
	ck_assert_ptr_null(strstr(p.raw, "</b>社工站"));
	ck_assert_ptr_nonnull(strstr(p.raw, "\\u003c/b>"));
	/* Read back, the name is the text; bad UTF-8 and controls are
	 * U+FFFD. */
	ck_xpath_eq(&p, "data:string(/json/value/st[1]/item[3])",
		    "茅箭区<b>社工站</b> \xef\xbf\xbd\xef\xbf\xbd end");
	ck_xpath_eq(&p, "data:string(/json/value/st[2]/item[3])",
		    "\"引号\" & '撇号'");
	ck_xpath_eq(&p, "count(//script)", "2");
	ck_xpath_eq(&p, "count(//script[not(@type)])", "1");
	ck_xpath_eq(&p, "count(//*[@src])", "0");
	ck_xpath_eq(&p, "count(//a[not(starts-with(@href, '#'))])", "0");
	ck_xpath_eq(&p, "string(//tr[@id='rule-SY-STAFF']/td[2]/div[1])",
		    "标准原文：十堰标准 第 5 条 <原文>");
	page_close(&p);
}
END_TEST

/* A carriage return is no character reference (&#13; is an HTML parse
 * error): dropped before a line feed, U+FFFD alone; the rest escaped. */
START_TEST(carriage_returns_are_no_references)
{
	sai_strbuf sb;

	sai_strbuf_init(&sb);
	sai_html_esc(&sb, "a\rb.xml");
	ck_assert_str_eq(sai_strbuf_str(&sb), "a\xef\xbf\xbd" "b.xml");
	sai_strbuf_reset(&sb);
	sai_html_esc(&sb, "一\r\n二 <&>");
	ck_assert_str_eq(sai_strbuf_str(&sb), "一\n二 &lt;&amp;&gt;");
	ck_assert_ptr_null(strstr(sai_strbuf_str(&sb), "&#"));
	sai_strbuf_release(&sb);
}
END_TEST

START_TEST(waivers_show_as_waived_with_their_ledger)
{
	page p;

	page_open(&p, NULL);
	ck_xpath_eq(&p, "count(//table[@id='waivers-table']/tbody/tr)", "1");
	ck_xpath_eq(&p, "normalize-space(//table[@id='waivers-table']/tbody"
		    "/tr/td[4])", "新站<过渡期>");
	ck_xpath_eq(&p, "string(//table[@id='waivers-table']/tbody/tr/td[5])",
		    "王审批 & 李");
	ck_xpath_eq(&p, "string(//table[@id='waivers-table']/tbody/tr/td[6])",
		    "2026-01-01");
	/* In the station's row: waived, not a failure, and the score and
	 * grade without the waiver beside the ones with it. */
	ck_xpath_eq(&p, "data:string(/json/value/st[2]/item[15]/item[1]"
		    "/item[2])", "waived");
	ck_xpath_eq(&p, "data:string(/json/value/st[2]/item[14])", "0");
	ck_xpath_eq(&p, "data:string(/json/value/st[2]/item[7])", "100");
	ck_xpath_eq(&p, "data:string(/json/value/st[2]/item[8])", "75");
	ck_xpath_eq(&p, "data:string(/json/value/grades[number(/json/value/"
		    "st[2]/item[10]) + 1]/l)", "良好");
	ck_xpath_eq(&p, "normalize-space(//*[@id='card-mean']/div[3])",
		    "不计豁免 50");
	page_close(&p);
}
END_TEST

START_TEST(collection_and_unreadable_have_their_sections)
{
	page p;

	page_open(&p, NULL);
	ck_xpath_eq(&p, "count(//table[@id='coverage-table']/tbody/tr)", "1");
	ck_xpath_eq(&p, "string(//table[@id='coverage-table']/tbody/tr/td[3])",
		    "二堰街道 (420302002) 没有社工站");
	ck_xpath_eq(&p, "string(//*[@id='coverage-passed'])", "1");
	ck_xpath_eq(&p, "count(//table[@id='unreadable-table']/tbody/tr)", "1");
	ck_xpath_eq(&p, "string(//table[@id='unreadable-table']/tbody/tr/td[1])",
		    "c.yaml:4:7");
	ck_xpath_eq(&p, "string(//table[@id='unreadable-table']/tbody/tr/td[2]"
		    "/div)", "  name: </td><script>");
	/* Counties: the first 6 digits of the region, in code order. */
	ck_xpath_eq(&p, "count(//table[@id='counties-table']/tbody/tr)", "2");
	ck_xpath_eq(&p, "string(//table[@id='counties-table']/tbody/tr[2]"
		    "/td[1])", "420303");
	ck_xpath_eq(&p, "string(//table[@id='counties-table']/tbody/tr[1]"
		    "/td[4])", "1");
	/* Pass rates: waived counts against, not applicable is left out. */
	ck_xpath_eq(&p, "string(//tr[@id='rule-SY-PHONE']/td[last()])",
		    "50%");
	ck_xpath_eq(&p, "string(//table[@id='inputs-table']/tbody/tr[1]"
		    "/td[2])", "aa11");
	ck_xpath_eq(&p, "string(//table[@id='inputs-table']/tbody/tr[2]"
		    "/td[2])", "—");
	page_close(&p);
}
END_TEST

START_TEST(english_and_deterministic)
{
	page p;
	size_t l1, l2;
	char *a = run_html("en", &l1), *b = run_html("en", &l2);

	ck_assert_uint_eq(l1, l2);
	ck_assert_int_eq(memcmp(a, b, l1), 0);
	free(a);
	free(b);
	page_open(&p, "en");
	ck_xpath_eq(&p, "string(/html/@lang)", "en");
	ck_xpath_eq(&p, "string(//h1)",
		    "Social-work station compliance audit report");
	ck_xpath_eq(&p, "data:string(/json/value/grades[number(/json/value/"
		    "st[1]/item[9]) + 1]/l)", "fail");
	ck_xpath_eq(&p, "data:string(/json/value/t/vetoed)", "vetoed");
	ck_xpath_eq(&p, "string(//select[@id='f-grade']/option[@value="
		    "'fail'])", "grade: fail");
	ck_xpath_eq(&p, "string(//tr[@id='rule-SY-STAFF']/td[2]/b)",
		    "At least 3 social workers");
	page_close(&p);
}
END_TEST

START_TEST(an_empty_run_is_a_page)
{
	const sai_report_writer *w = sai_report_find("html");
	sai_report_context ctx;
	char *buf = NULL;
	size_t size = 0;
	void *state = NULL;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(ctx.out);
	ck_assert_int_eq(w->begin(&state, &ctx), 0);
	ck_assert_int_eq(w->end(state, &ctx, NULL, NULL, 0), 0);
	w->free(state);
	w->free(NULL);
	ck_assert_int_eq(fclose(ctx.out), 0);
	ck_assert_ptr_nonnull(strstr(buf, "没有站点记录。"));
	ck_assert_ptr_nonnull(strstr(buf, "</html>\n"));
	free(buf);
}
END_TEST

/* A rule's basis (h-basis: sa_pack_rule_basis) goes with the rule into
 * the data block, for the detail view: its kind in words, the
 * standard's words and why; the standard's citation when the rule cites
 * nothing else. */
START_TEST(basis_in_the_rule_table)
{
	static const char src[] =
		"standard:\n  id: t\n  title: 测试\n"
		"  citation: {headline: 标题, publisher: 据某报}\n"
		"params: {n: 2}\n"
		"rules:\n  - id: A\n    title: a\n    count: a\n    min: $n\n"
		"    basis:\n      kind: interpretation\n"
		"      quote: 配备2-3名</script>\n      reason: 下限\n"
		"      params: [n]\n"
		"  - {id: B, title: b, assert: \"true()\", source: 旧式}\n";
	const sai_report_writer *w = sai_report_find("html");
	sa_pack *pack = sa_pack_new();
	sai_report_context ctx;
	sa_record_result rr;
	sa_finding f[2];
	sa_error err;
	page p;
	size_t len = 0;
	void *state = NULL;

	ck_assert_int_eq(sa_pack_load_buffer(pack, src, strlen(src), "t.yaml",
					     NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(pack, &err), SA_OK);
	memset(f, 0, sizeof(f));
	f[0].rule = sa_pack_rule(pack, 0);
	f[0].status = SA_FINDING_FAIL;
	f[0].message = "少了";
	f[1].rule = sa_pack_rule(pack, 1);
	f[1].status = SA_FINDING_PASS;
	set_record(&rr, 0, "ZS-009", f, 2, 50);
	memset(&ctx, 0, sizeof(ctx));
	ctx.pack = pack;
	ctx.out = open_memstream(&p.raw, &len);
	ck_assert_int_eq(w->begin(&state, &ctx), 0);
	ck_assert_int_eq(w->record(state, &ctx, &rr), 0);
	ck_assert_int_eq(w->end(state, &ctx, NULL, NULL, 0), 0);
	w->free(state);
	ck_assert_int_eq(fclose(ctx.out), 0);
	p.doc = htmlReadMemory(p.raw, (int)len, "report.html", "UTF-8",
			       HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			       HTML_PARSE_NONET);
	p.xp = xmlXPathNewContext(p.doc);
	data_open(&p);
	ck_xpath_eq(&p, "data:string(/json/value/rules[id='A']/b/k)", "解释");
	ck_xpath_eq(&p, "data:string(/json/value/rules[id='A']/b/q)",
		    "配备2-3名</script>");
	ck_xpath_eq(&p, "data:string(/json/value/rules[id='A']/b/r)", "下限");
	ck_xpath_eq(&p, "data:string(/json/value/rules[id='A']/b/c)",
		    "据某报 标题");
	ck_xpath_eq(&p, "data:count(/json/value/rules[id='B']/b)", "0");
	ck_xpath_eq(&p, "data:string(/json/value/rules[id='B']/src)", "旧式");
	page_close(&p);
	sa_pack_free(pack);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("report_html");
	TCase *tc = tcase_create("html");

	tcase_add_test(tc, stations_rows_hold_only_records);
	tcase_add_test(tc, verdicts_add_up);
	tcase_add_test(tc, hostile_text_is_escaped_text);
	tcase_add_test(tc, waivers_show_as_waived_with_their_ledger);
	tcase_add_test(tc, collection_and_unreadable_have_their_sections);
	tcase_add_test(tc, english_and_deterministic);
	tcase_add_test(tc, an_empty_run_is_a_page);
	tcase_add_test(tc, basis_in_the_rule_table);
	tcase_add_test(tc, carriage_returns_are_no_references);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
