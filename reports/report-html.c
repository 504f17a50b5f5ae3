/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html.c - the HTML report for auditors: one self-contained file
 * (inline CSS, JavaScript and SVG; nothing fetched) with the run summary,
 * charts, one row per station, the collection (coverage) findings, the
 * pass rate of every rule with the standard's text, a per-county table,
 * the waivers, the unreadable dossiers and the provenance.
 *
 * The summary comes first on the page but is known only at the end, so
 * each record is rendered to HTML when it arrives (its findings are valid
 * only during the call) and the rendered rows are kept; the totals per
 * grade and per county are kept as counters.  Nothing else of a record is
 * held, and the page's script reads what it filters and sorts on from the
 * rows themselves (data- attributes), so a row is written once.
 *
 * Every text from a dossier or a pack goes through sai_html_esc(), which lets
 * libxml2 escape it (xmlEncodeSpecialChars); attributes are always
 * double-quoted.  In element content it goes through sai_html_text(), which
 * also isolates it in a <bdi> when it holds right-to-left text or
 * bidirectional controls.  No data is ever written into the script.
 *
 * Output is deterministic: input order, numbers through
 * sai_format_number, no time other than the audit date.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>
#include <libxml/xmlmemory.h>

#include "report-html-internal.h"
#include "report-internal.h"
#include "diff-internal.h"
#include "rollup-internal.h"
#include "util-internal.h"

/* ---- fixed text ---------------------------------------------------------- */

/* Chinese first: the report's default readers are Chinese auditors. */
const char *const sai_html_labels[L_COUNT][2] = {
	[L_TITLE] = { "社工站标准符合性审核报告",
		      "Social-work station compliance audit report" },
	[L_AUDIT_DATE] = { "审核日期", "Audit date" },
	[L_SUMMARY] = { "概览", "Summary" },
	[L_STANDARDS] = { "审核标准", "Standards" },
	[L_STATIONS] = { "站点明细", "Stations" },
	[L_COVERAGE] = { "覆盖与整体情况", "Coverage and collection rules" },
	[L_RULES] = { "各规则通过率", "Pass rate per rule" },
	[L_COUNTIES] = { "按县（市、区）汇总", "By county" },
	[L_WAIVERS] = { "豁免台账", "Waivers" },
	[L_UNREADABLE] = { "无法读取的档案", "Unreadable dossiers" },
	[L_PROVENANCE] = { "审核依据与可复现信息", "Provenance" },
	[L_RECORDS] = { "站点记录", "Station records" },
	[L_FAILING] = { "不合格站点", "Stations failed" },
	[L_PASSED] = { "合格站点", "Stations passed" },
	[L_NOT_ASSESSED] = { "未评估", "not assessed" },
	[L_TOP_FAILED] = { "不通过最多的规则", "Most-failed rules" },
	[L_MEAN] = { "平均得分", "Mean score" },
	[L_UNWAIVED] = { "不计豁免", "without waivers" },
	[L_FILES] = { "档案文件", "Dossier files" },
	[L_GRADE_DIST] = { "等级分布", "Grade distribution" },
	[L_SEV_DIST] = { "检查结果（不通过按严重程度）",
			 "Findings (failures by severity)" },
	[L_NOT_GRADED] = { "未评级", "not graded" },
	[L_ID] = { "站点编号", "Station id" },
	[L_NAME] = { "站点名称", "Name" },
	[L_REGION] = { "区划代码", "Region" },
	[L_FAILED_RULES] = { "不通过的规则", "Failing rules" },
	[L_SEQ] = { "序号", "No." },
	[L_FILTER_PH] = { "输入编号、名称、区划代码或规则编号筛选",
			  "Filter by id, name, region or rule" },
	[L_ALL_GRADES] = { "全部等级", "All grades" },
	[L_ALL_RESULTS] = { "全部结果", "All results" },
	[L_ANY_FAIL] = { "有不通过项", "Any failure" },
	[L_NO_FAIL] = { "无不通过项", "No failure" },
	[L_SHOWN] = { "显示 {n} / {m} 个站点", "Showing {n} of {m} stations" },
	[L_ALL_PASS] = { "全部通过", "All rules pass" },
	[L_RULE] = { "规则", "Rule" },
	[L_REQUIREMENT] = { "要求", "Requirement" },
	[L_SOURCE] = { "标准原文", "Standard text" },
	[L_FIX] = { "整改建议", "How to fix" },
	[L_STANDARD] = { "标准", "Standard" },
	[L_PASS_RATE] = { "通过率", "Pass rate" },
	[L_COUNTY] = { "县级区划代码", "County code" },
	[L_FAIL_SHARE] = { "合格率", "Pass rate" },
	[L_REASON] = { "豁免理由", "Reason" },
	[L_APPROVER] = { "批准人", "Approved by" },
	[L_EXPIRES] = { "有效期至", "Expires" },
	[L_MESSAGE] = { "说明", "Message" },
	[L_LOCATION] = { "位置", "Location" },
	[L_TOOL] = { "工具版本", "Tool" },
	[L_PARAMS] = { "参数", "Parameters" },
	[L_INPUTS] = { "档案文件及其 SHA-256", "Dossier files and SHA-256" },
	[L_VERSION] = { "版本", "Version" },
	[L_ISSUER] = { "发布单位", "Issuer" },
	[L_FILE] = { "文件", "File" },
	[L_VALUE] = { "取值", "Value" },
	[L_TYPE] = { "类型", "Type" },
	[L_LANG] = { "报告语言", "Language" },
	[L_VETOED] = { "一票否决", "vetoed" },
	[L_NONE] = { "无", "none" },
	[L_UNKNOWN] = { "未知", "unknown" },
	[L_RATE_NOTE] = { "通过率 = 通过 ÷ (通过 + 不通过 + 已豁免 + 错误)，"
			  "不适用的不计入。",
			  "Pass rate = pass ÷ (pass + fail + waived + error); "
			  "not applicable is left out." },
	[L_COLL_PASSED] = { "通过的整体检查项", "Collection checks passed" },
	[L_SHA] = { "SHA-256", "SHA-256" },
	[L_PASS_SHARE] = { "合格率", "pass rate" },
	[L_FILTER] = { "筛选", "Filter" },
	[L_SEV_FILTER] = { "按检查结果筛选", "Filter by result" },
	[L_GRADE_FILTER] = { "按等级筛选", "Filter by grade" },
	[L_RECORD] = { "记录", "Record" },
	[L_NOSCRIPT] = { "筛选和排序需要启用 JavaScript；表格内容完整。",
			 "Filtering and sorting need JavaScript; the tables "
			 "are complete without it." },
	[L_NO_RECORDS] = { "没有站点记录。", "No station records." },
	[L_LANGUAGE_NAME] = { "中文", "English" },
	[L_STD_TITLE] = { "标准名称", "Title" },
	[L_PARAM] = { "参数名", "Parameter" },
	[L_RANK] = { "排名", "Rank" },
	[L_COUNTY_RANK] = { "县内第 {n}", "{n} in county" },
	[L_DETAILS] = { "展开或收起该站点的全部检查结果",
			"Show or hide every finding of the station" },
	[L_PAGE] = { "第 {p} / {q} 页", "Page {p} of {q}" },
	[L_PREV] = { "上一页", "Previous" },
	[L_NEXT] = { "下一页", "Next" },
	[L_PAGE_SIZE] = { "每页站点数", "Stations per page" },
	[L_ROLLUPS] = { "分级汇总（省 → 市 → 县 → 乡镇 → 站点）",
			"Rollups (province > city > county > township > "
			"station)" },
	[L_SHOW_STATIONS] = { "查看站点", "Stations" },
	[L_SCORE_DIST] = { "得分分布", "Score distribution" },
	[L_COUNTY_MIX] = { "各县（市、区）等级构成", "Grade mix per county" },
	[L_PRINT_NOTE] = { "打印时包含概览、图表、分级汇总和各表，站点明细只打印"
			   "当前筛选结果的当前页及已展开的站点详情。",
			   "Printing gives the summary, the charts, the "
			   "rollups and the tables; of the stations, the "
			   "current page of the current filter and the "
			   "details opened." },
	[L_MEDIAN] = { "中位数", "Median" },
	[L_GRADE_MIX] = { "等级构成", "Grade mix" },
	[L_LINE] = { "第 {n} 行", "line {n}" },
	[L_DIVISION] = { "区划", "Division" },
	[L_BASIS] = { "依据", "Basis" },
	[L_STATIONS_CONCERNED] = { "涉及站点", "Stations" },
	[L_YOY] = { "与上次审核对比", "Year over year" },
	[L_YOY_NEW] = { "新增问题", "new problems" },
	[L_YOY_FIXED] = { "已整改", "fixed" },
	[L_YOY_UNCHANGED] = { "仍存在", "unchanged" },
	[L_YOY_WAIVED] = { "新豁免", "newly waived" },
	[L_YOY_UP] = { "得分上升的站点", "stations up" },
	[L_YOY_DOWN] = { "得分下降的站点", "stations down" },
	[L_YOY_ADDED] = { "新增站点", "new stations" },
	[L_YOY_REMOVED] = { "本次没有的站点", "stations no longer in the run" },
	[L_BASELINE] = { "基线报告", "Baseline report" },
	[L_OLD_SCORE] = { "上次得分", "previous score" },
	[L_YOY_CHART] = { "问题与站点的变化", "Problems and stations, changed" },
	[L_YOY_NOTE] = { "问题按规则和位置对应；上次不通过、本次被豁免的记为新豁免，"
			 "不算已整改。",
			 "Problems are matched by rule and place; a failure "
			 "now waived is newly waived, not fixed." },
	[L_ROLL_NOTE] = { "点击 + 逐级展开；“查看站点”在站点明细中筛选该区划的站点。",
			  "Open a level with +; Stations filters "
			  "the station table to the division." },
	[L_TOWNSHIP_COVERAGE] = { "乡镇覆盖", "township coverage" },
	[L_COVERAGE_NOTE] = { "乡镇覆盖：区划表中该区划计入全覆盖的乡镇(街道)"
			      "（乡级代码 001-399，按 coverage 标准的口径）中，"
			      "本次有已评估站点的个数。",
			      "Township coverage: of the division's townships "
			      "that coverage counts (township digits 001-399, "
			      "as the coverage standard defines them), those "
			      "with an assessed station in this run." },
};

/* ---- escaping ------------------------------------------------------------ */

/* The length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : 2;
	size_t k;

	for (k = 1; k < n; k++)
		if (!s[k])
			return 0;
	return sai_utf8_valid((const char *)s, n) ? n : 0;
}

/* 1 for a byte a page should not carry: C0 controls other than tab,
 * newline and carriage return (libxml2 escapes CR), and DEL. */
static int is_bad_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/* A copy of s with invalid UTF-8 and stray controls replaced by U+FFFD,
 * or NULL when s needs no change (or on allocation failure: *failed). */
static char *clean_text(const char *str, int *failed)
{
	const unsigned char *s = (const unsigned char *)str;
	sai_strbuf sb;
	size_t n;

	for (; *s; s += n)
		if (!(n = utf8_len(s)) || (n == 1 && is_bad_control(*s)))
			break;
	if (!*s)
		return NULL;
	sai_strbuf_init(&sb);
	sai_strbuf_add(&sb, str, (size_t)((const char *)s - str));
	for (; *s; s += n ? n : 1) {
		n = utf8_len(s);
		if (!n || (n == 1 && is_bad_control(*s)))
			sai_strbuf_adds(&sb, "\xef\xbf\xbd");
		else
			sai_strbuf_add(&sb, (const char *)s, n);
	}
	if (sb.failed)
		*failed = 1;
	return sai_strbuf_detach(&sb, NULL);
}

/* Appends text from a dossier or a pack, escaped by libxml2 for HTML
 * text and double-quoted attribute values (< > & " and CR). */
void sai_html_esc(sai_strbuf *sb, const char *s)
{
	char *clean;
	xmlChar *enc;
	int failed = 0;

	if (!s || !*s)
		return;
	clean = clean_text(s, &failed);
	if (failed) {
		sb->failed = 1;
		return;
	}
	enc = xmlEncodeSpecialChars(NULL, (const xmlChar *)(clean ? clean : s));
	free(clean);
	if (!enc) {
		sb->failed = 1;
		return;
	}
	sai_strbuf_adds(sb, (const char *)enc);
	xmlFree(enc);
}

/* sai_html_esc for element content: inside <bdi> when s holds right-to-left
 * text or a bidirectional or zero-width control, so that a U+202E in a
 * station name cannot reverse the rest of its line (the masked ID, the
 * line number). */
void sai_html_text(sai_strbuf *sb, const char *s)
{
	int isolate = sai_report_needs_isolate(s);

	if (isolate)
		sai_strbuf_adds(sb, "<bdi>");
	sai_html_esc(sb, s);
	if (isolate)
		sai_strbuf_adds(sb, "</bdi>");
}

/* sai_html_text, or a dash when s is empty. */
void sai_html_esc_or_dash(sai_strbuf *sb, const char *s)
{
	if (s && *s)
		sai_html_text(sb, s);
	else
		sai_strbuf_adds(sb, "—");
}

void sai_html_num(sai_strbuf *sb, double v)
{
	char buf[64];

	sai_format_number(v, buf, sizeof(buf));
	sai_strbuf_adds(sb, buf);
}

/* v rounded to 2 decimals, for means and percentages. */
void sai_html_num2(sai_strbuf *sb, double v)
{
	sai_html_num(sb, round(v * 100) / 100);
}

/* "12.5%" of part in whole, or a dash for an empty whole. */
void sai_html_percent(sai_strbuf *sb, size_t part, size_t whole)
{
	if (!whole) {
		sai_strbuf_adds(sb, "—");
		return;
	}
	sai_html_num(sb, round(1000.0 * (double)part / (double)whole) / 10);
	sai_strbuf_addc(sb, '%');
}

/* ---- grades and counties ------------------------------------------------- */

/* The grade's name in the report's language when it is one of the usual
 * ones, else as the pack wrote it (the caller escapes it). */
const char *sai_html_grade_label(const sai_html_state *st,
				 const char *name)
{
	return sai_report_grade_word(name, st->lang);
}

/* The CSS class of a grade: its rank among the pack's grades, "gf" for
 * fail and plain for an unknown one. */
static void add_grade_class(sai_strbuf *sb, const sai_html_state *st,
			    const char *name)
{
	size_t i;

	if (!strcmp(name, "fail")) {
		sai_strbuf_adds(sb, "g gf");
		return;
	}
	for (i = 0; i < st->n_pack_grades; i++)
		if (!strcmp(st->grades[i].name, name)) {
			sai_strbuf_addf(sb, "g g%zu", i < 4 ? i : 4);
			return;
		}
	sai_strbuf_adds(sb, "g");
}

/* The index of a grade in st->grades, added when new; -1 when out of
 * memory. */
static long grade_index(sai_html_state *st, const char *name)
{
	sai_html_grade *g;
	size_t i;

	for (i = 0; i < st->n_grades; i++)
		if (!strcmp(st->grades[i].name, name))
			return (long)i;
	g = realloc(st->grades, (st->n_grades + 1) * sizeof(*g));
	if (!g)
		return -1;
	st->grades = g;
	g = &st->grades[st->n_grades];
	if (!(g->name = sai_strdup(name)))
		return -1;
	g->n = 0;
	return (long)st->n_grades++;
}

/* Sort order: codes ascending, the unknown county ("") last. */
static int county_cmp(const char *a, const char *b)
{
	if (!*a || !*b)
		return (!*a) - (!*b);
	return strcmp(a, b);
}

/* The county of that code, inserted in order when new; NULL when out of
 * memory. */
static sai_html_county *county_get(sai_html_state *st, const char *code)
{
	size_t lo = 0, hi = st->n_counties;
	sai_html_county *c;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = county_cmp(st->counties[mid].code, code);

		if (r == 0)
			return &st->counties[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	c = realloc(st->counties, (st->n_counties + 1) * sizeof(*c));
	if (!c)
		return NULL;
	st->counties = c;
	memmove(&c[lo + 1], &c[lo], (st->n_counties - lo) * sizeof(*c));
	memset(&c[lo], 0, sizeof(*c));
	memcpy(c[lo].code, code, strlen(code) + 1);
	st->n_counties++;
	return &c[lo];
}

static int tally_record(sai_html_state *st, const sa_record_result *rr)
{
	char code[8];
	sai_html_county *c;
	long g;

	sai_report_county(rr->region, code);
	if (!(c = county_get(st, code)))
		return -1;
	c->records++;
	if (!c->township[0] && rr->region && strlen(rr->region) == 9)
		memcpy(c->township, rr->region, 10);
	sai_verdicts_add(&c->verdicts, rr);
	sai_verdicts_add(&st->verdicts, rr);
	if (rr->score >= 0) {
		c->scored++;
		c->score_sum += rr->score;
		st->scored++;
		st->score_sum += rr->score;
		st->unwaived_sum += rr->score_unwaived >= 0 ? rr->score_unwaived
							    : rr->score;
		st->any_unwaived |= rr->score_unwaived >= 0 &&
				    rr->score_unwaived != rr->score;
	}
	if (!rr->grade) {
		st->ungraded += !rr->not_assessed;
		return 0;
	}
	/* Known by index in the page's data, as the graded ones. */
	if (rr->grade_unwaived && grade_index(st, rr->grade_unwaived) < 0)
		return -1;
	if ((g = grade_index(st, rr->grade)) < 0)
		return -1;
	st->grades[g].n++;
	return 0;
}

/* ---- one station ---------------------------------------------------------- */

/* Problems are listed worst first: failures by severity, errors, then
 * what was waived. */
static int finding_rank(const sa_finding *f)
{
	switch (f->status) {
	case SA_FINDING_FAIL:
		return (int)(SA_SEVERITY_COUNT - 1 - f->severity);
	case SA_FINDING_ERROR:
		return SA_SEVERITY_COUNT;
	case SA_FINDING_WAIVED:
		return SA_SEVERITY_COUNT + 1;
	default:
		return -1;
	}
}

#define RANK_COUNT (SA_SEVERITY_COUNT + 2)

/* The tag of a finding: its severity for a failure, else its status. */
static const char *tag_name(const sa_finding *f)
{
	const char *name = f->status == SA_FINDING_FAIL
				   ? sa_severity_name(f->severity)
				   : sa_finding_status_name(f->status);

	return name ? name : "error";
}

static void add_tag(sai_strbuf *sb, const sai_html_state *st,
		    const sa_finding *f)
{
	const char *name = tag_name(f);

	sai_strbuf_addf(sb, "<i class=\"tag s-%s\">%s</i>", name,
			word(st, name));
}

static void add_rule_link(sai_strbuf *sb, const sa_finding *f)
{
	if (!f->rule || !f->rule->id) {
		sai_strbuf_adds(sb, "<b>—</b> ");
		return;
	}
	sai_strbuf_adds(sb, "<a href=\"#rule-");
	sai_html_esc(sb, f->rule->id);
	sai_strbuf_adds(sb, "\">");
	sai_html_text(sb, f->rule->id);
	sai_strbuf_adds(sb, "</a> ");
}

/* Longer actual values stay in the JSON and CSV reports: the station
 * table is read by people and must stay small for 40,000 stations. */
#define ACTUAL_MAX 60

/* " actual: x; expected: y" when the finding has them. */
static void add_values(sai_strbuf *sb, const sai_html_state *st,
		       const sa_finding *f)
{
	if (!f->actual && !f->expected)
		return;
	sai_strbuf_adds(sb, " <span class=\"muted\">");
	if (f->actual) {
		sai_strbuf_addf(sb, "%s: ", word(st, "actual"));
		sai_html_text(sb, f->actual);
	}
	if (f->actual && f->expected)
		sai_strbuf_adds(sb, st->en ? "; " : "；");
	if (f->expected) {
		sai_strbuf_addf(sb, "%s: ", word(st, "expected"));
		sai_html_text(sb, f->expected);
	}
	sai_strbuf_adds(sb, "</span>");
}

static void add_location(sai_strbuf *sb, const char *file,
			 unsigned long line, unsigned long column)
{
	sai_html_esc_or_dash(sb, file);
	if (line)
		sai_strbuf_addf(sb, ":%lu", line);
	if (line && column)
		sai_strbuf_addf(sb, ":%lu", column);
}

/* ---- one station: a JSON array for the page's script ---------------------- */

/* The code point of a bidirectional or zero-width control at s (3 bytes
 * of UTF-8, or U+061C in 2), or 0. */
static unsigned long hidden_at(const unsigned char *s)
{
	unsigned long cp;

	if (s[0] == 0xd8 && s[1] == 0x9c)
		return 0x61c;
	if ((s[0] != 0xe2 && s[0] != 0xef) || !s[1] || !s[2])
		return 0;
	cp = ((unsigned long)(s[0] & 0x0f) << 12) |
	     ((unsigned long)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	return (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || cp == 0x2060 ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ? cp : 0;
}

/* Rewrites sb from offset from on with every hidden_at control as a
 * JSON escape. */
static void hide_controls(sai_html_state *st, sai_strbuf *sb, size_t from)
{
	const unsigned char *p;

	sai_strbuf_reset(&st->scratch);
	for (p = (const unsigned char *)sb->buf + from; *p; p++) {
		unsigned long cp = hidden_at(p);

		if (!cp) {
			sai_strbuf_addc(&st->scratch, (char)*p);
			continue;
		}
		sai_strbuf_addf(&st->scratch, "\\u%04lx", cp);
		p += cp == 0x61c ? 1 : 2;
	}
	sb->len = from;
	sb->buf[from] = '\0';
	sai_strbuf_add(sb, st->scratch.buf, st->scratch.len);
	if (st->scratch.failed)
		sb->failed = 1;
}

/* Appends text from a dossier or a pack as a JSON string: bad UTF-8 and
 * stray controls become U+FFFD (as on the rest of the page), and "</" and
 * "<!" are written "\u003c/" and "\u003c!" (sai_json_add_string), so no
 * text can end the <script> block that holds the data.  NULL is null. */
void sai_html_j_str(sai_html_state *st, sai_strbuf *sb, const char *s)
{
	const unsigned char *p;
	size_t from;

	if (!s) {
		sai_strbuf_adds(sb, "null");
		return;
	}
	sai_strbuf_reset(&st->scratch);
	sai_report_add_clean(&st->scratch, s);
	from = sb->len;
	if (st->scratch.failed ||
	    sai_json_add_string(sb, sai_strbuf_str(&st->scratch)) < 0) {
		sb->failed = 1;
		return;
	}
	/* Invisible controls (bidirectional, zero-width) go as \uXXXX, so
	 * that the page's bytes never hold one outside a <bdi>: the script
	 * isolates them when it shows the text. */
	for (p = (const unsigned char *)sb->buf + from; *p; p++)
		if (p[0] == 0xd8 || p[0] == 0xe2 || p[0] == 0xef)
			break;
	if (*p)
		hide_controls(st, sb, from);
}

/* A score, or -1 when there is none. */
void sai_html_j_score(sai_strbuf *sb, double v)
{
	if (v < 0)
		sai_strbuf_adds(sb, "-1");
	else
		sai_html_num(sb, v);
}

/* ,"b":{k: kind in words, q: the standard's words, r: why, c: a
 * citation} when the pack gives the rule a basis (sa_pack_rule_basis),
 * with the standard's citation when the rule cites nothing else. */
static void j_basis(sai_html_state *st, const sa_rule_info *r)
{
	sai_strbuf *sb = &st->rulejs;
	const sa_basis *b = st->pack ? sa_pack_rule_basis(st->pack, r) : NULL;
	const sa_citation *c;
	const char *reason;

	if (!b || b->kind == SA_BASIS_NONE)
		return;
	reason = st->en && b->reason_en ? b->reason_en : b->reason;
	c = b->cite ? NULL : sa_pack_rule_citation(st->pack, r);
	sai_strbuf_adds(sb, ",\"b\":{\"k\":");
	sai_html_j_str(st, sb, sa_basis_kind_name(b->kind, st->lang));
	sai_strbuf_adds(sb, ",\"q\":");
	sai_html_j_str(st, sb, b->quote);
	sai_strbuf_adds(sb, ",\"r\":");
	sai_html_j_str(st, sb, reason);
	sai_strbuf_adds(sb, ",\"c\":");
	if (b->cite || !c || !c->headline) {
		sai_html_j_str(st, sb, b->cite);
	} else {
		sai_strbuf_reset(&st->cite);
		sai_strbuf_adds(&st->cite, c->publisher ? c->publisher : "");
		sai_strbuf_adds(&st->cite, c->publisher ? " " : "");
		sai_strbuf_adds(&st->cite, c->headline);
		if (c->date) {
			sai_strbuf_adds(&st->cite, " ");
			sai_strbuf_adds(&st->cite, c->date);
		}
		sai_html_j_str(st, sb, sai_strbuf_str(&st->cite));
	}
	sai_strbuf_adds(sb, "}");
}

/* The rule's index in the page's rule table, its entry written when the
 * rule is first seen; -1 for a finding without a rule or out of memory.
 * Records list their findings in the same order: the one after the last
 * found is tried first. */
static long rule_index(sai_html_state *st, const sa_rule_info *r)
{
	const sa_rule_info **p;
	size_t i;

	if (!r)
		return -1;
	if (st->last_rule + 1 < st->n_rules &&
	    st->rule_ptrs[st->last_rule + 1] == r)
		return (long)(st->last_rule = st->last_rule + 1);
	for (i = 0; i < st->n_rules; i++)
		if (st->rule_ptrs[i] == r)
			return (long)(st->last_rule = i);
	if (!(p = realloc(st->rule_ptrs, (st->n_rules + 1) * sizeof(*p))))
		return -1;
	st->rule_ptrs = p;
	p[st->n_rules] = r;
	sai_strbuf_adds(&st->rulejs, st->n_rules ? ",\n{\"id\":" : "{\"id\":");
	sai_html_j_str(st, &st->rulejs, r->id ? r->id : "");
	sai_strbuf_adds(&st->rulejs, ",\"t\":");
	sai_html_j_str(st, &st->rulejs, sai_report_rule_title(r, st->lang));
	sai_strbuf_addf(&st->rulejs, ",\"sev\":\"%s\",\"src\":",
			sa_severity_name(r->severity) ? sa_severity_name(r->severity)
						      : "info");
	sai_html_j_str(st, &st->rulejs,
		       r->source && r->source[0] ? r->source : NULL);
	sai_strbuf_adds(&st->rulejs, ",\"fix\":");
	sai_html_j_str(st, &st->rulejs, r->fix && r->fix[0] ? r->fix : NULL);
	j_basis(st, r);
	sai_strbuf_adds(&st->rulejs, "}");
	return (long)(st->last_rule = st->n_rules++);
}

/* [rule, tag, message, actual, line]: what the record holds is given
 * when short and not already in the message (longer values stay in the
 * JSON and CSV reports). */
static void j_problem(sai_html_state *st, const sa_finding *f)
{
	sai_strbuf *sb = &st->data;
	const char *msg = sai_report_message(f, st->lang);

	sai_strbuf_addf(sb, "[%ld,\"%s\",", rule_index(st, f->rule),
			tag_name(f));
	sai_html_j_str(st, sb, msg);
	sai_strbuf_addc(sb, ',');
	sai_html_j_str(st, sb, f->actual && f->actual[0] &&
		       strlen(f->actual) <= ACTUAL_MAX &&
		       !strstr(msg, f->actual) ? f->actual : NULL);
	sai_strbuf_addf(sb, ",%lu]", f->line);
}

/* A list of rule indexes, each run of consecutive ones written as its
 * first and minus how many follow: [3,-4] is 3, 4, 5, 6, 7. */
static void j_runs(sai_strbuf *sb, const long *v, size_t n)
{
	size_t i = 0, k;

	sai_strbuf_adds(sb, "[");
	while (i < n) {
		for (k = i + 1; k < n && v[k] == v[k - 1] + 1 && v[i] >= 0; k++)
			;
		sai_strbuf_addf(sb, "%s%ld", i ? "," : "", v[i]);
		if (k - i > 1)
			sai_strbuf_addf(sb, ",-%zu", k - i - 1);
		i = k;
	}
	sai_strbuf_adds(sb, "]");
}

/* The findings of a record: its problems worst first, then the rules
 * it passed and those that did not apply, as rule indexes. */
static void j_findings(sai_html_state *st, const sa_record_result *rr)
{
	static const sa_finding_status plain[] = {
		SA_FINDING_PASS, SA_FINDING_NOT_APPLICABLE,
	};
	sai_strbuf *sb = &st->data;
	size_t i, k, n = 0;
	long *ids = malloc((rr->finding_count + 1) * sizeof(*ids));
	int rank;

	if (!ids) {
		sb->failed = 1;
		return;
	}
	sai_strbuf_adds(sb, "[");
	for (rank = 0; rank < RANK_COUNT; rank++)
		for (i = 0; i < rr->finding_count; i++)
			if (finding_rank(&rr->findings[i]) == rank) {
				sai_strbuf_adds(sb, n++ ? "," : "");
				j_problem(st, &rr->findings[i]);
			}
	sai_strbuf_adds(sb, "]");
	for (k = 0; k < 2; k++) {
		for (n = 0, i = 0; i < rr->finding_count; i++)
			if (rr->findings[i].status == plain[k])
				ids[n++] = rule_index(st, rr->findings[i].rule);
		sai_strbuf_addc(sb, ',');
		j_runs(sb, ids, n);
	}
	free(ids);
}

/* What the station's findings hold, as bits for the page's filters:
 * failures critical 1, major 2, minor 4, info 8, then errors 16 and
 * waived findings 32. */
static unsigned sev_bits(const sa_record_result *rr)
{
	unsigned bits = 0;
	int s;

	for (s = 0; s < SA_SEVERITY_COUNT; s++)
		if (rr->fail_by_severity[s])
			bits |= 1u << (SA_SEVERITY_COUNT - 1 - s);
	if (rr->counts[SA_FINDING_ERROR])
		bits |= 16;
	if (rr->counts[SA_FINDING_WAIVED])
		bits |= 32;
	return bits;
}

/* The index of a grade the pack or an earlier record named, or -1. */
long sai_html_grade_known(const sai_html_state *st, const char *name)
{
	size_t i;

	for (i = 0; name && i < st->n_grades; i++)
		if (!strcmp(st->grades[i].name, name))
			return (long)i;
	return -1;
}

/* The index of the record's file in the page's file table: records
 * come file by file, so a file is added when it differs from the last
 * one (a file met again is listed again); -1 for none. */
static long file_index(sai_html_state *st, const char *file)
{
	if (!file)
		return -1;
	if (st->last_file && !strcmp(st->last_file, file))
		return (long)st->n_files - 1;
	free(st->last_file);
	if (!(st->last_file = sai_strdup(file))) {
		st->filejs.failed = 1;
		return -1;
	}
	sai_strbuf_adds(&st->filejs, st->n_files ? "," : "");
	sai_html_j_str(st, &st->filejs, file);
	return (long)st->n_files++;
}

/* With --baseline: [state, previous score (-1: none), new, fixed,
 * unchanged, newly waived, [[change, rule id, message] of the problems
 * fixed or newly waived]]; else 0.  The comparison has just taken the
 * record (engine/run.c compares before the writers see it). */
static void j_yoy(sai_html_state *st, const sai_report_context *ctx,
		  const sa_record_result *rr)
{
	sai_strbuf *sb = &st->data;
	size_t n = ctx->baseline ? sai_diff_station_count(ctx->baseline) : 0;
	size_t j, k = 0;
	sai_diff_station ds;
	sai_diff_item it;

	if (n)
		sai_diff_station_at(ctx->baseline, n - 1, &ds);
	if (!n || !ds.id || !rr->record_id || strcmp(ds.id, rr->record_id)) {
		sai_strbuf_adds(sb, ",0");
		return;
	}
	sai_strbuf_addf(sb, ",[\"%s\",", sai_station_state_name(ds.state));
	sai_html_j_score(sb, ds.old_score);
	sai_strbuf_addf(sb, ",%zu,%zu,%zu,%zu,[", ds.counts[SAI_CHANGE_NEW],
			ds.counts[SAI_CHANGE_FIXED], ds.counts[SAI_CHANGE_UNCHANGED],
			ds.counts[SAI_CHANGE_WAIVED]);
	for (j = 0; j < sai_diff_item_count(ctx->baseline, n - 1); j++) {
		sai_diff_item_at(ctx->baseline, n - 1, j, &it);
		if (it.change != SAI_CHANGE_FIXED &&
		    it.change != SAI_CHANGE_WAIVED)
			continue;
		sai_strbuf_addf(sb, "%s[\"%s\",", k++ ? "," : "",
				sai_change_name(it.change));
		sai_html_j_str(st, sb, it.rule);
		sai_strbuf_addc(sb, ',');
		sai_html_j_str(st, sb, it.message);
		sai_strbuf_adds(sb, "]");
	}
	sai_strbuf_adds(sb, "]]");
}

/* A station: [no, id, name, file, line, region, score, score without
 * waivers (-1: the same), grade, grade without waivers (-1: the same),
 * verdict p/f/n, vetoed, severity bits, problems, [problems], [passed],
 * [not applicable], year over year] (the page's script reads it by position). */
void sai_html_station_json(sai_html_state *st,
			   const sai_report_context *ctx,
			   const sa_record_result *rr)
{
	sai_strbuf *sb = &st->data;
	sai_verdict v = sai_report_verdict(rr);
	long gu = rr->grade_unwaived && rr->grade &&
		  strcmp(rr->grade_unwaived, rr->grade)
		  ? sai_html_grade_known(st, rr->grade_unwaived) : -1;

	sai_strbuf_addf(sb, "%s[%zu,", st->n_stations ? ",\n" : "",
			st->n_stations + 1);
	st->n_stations++;
	sai_html_j_str(st, sb, rr->record_id);
	sai_strbuf_addc(sb, ',');
	sai_html_j_str(st, sb, rr->name);
	sai_strbuf_addc(sb, ',');
	sai_strbuf_addf(sb, "%ld,%lu,", file_index(st, rr->file), rr->line);
	sai_html_j_str(st, sb, rr->region);
	sai_strbuf_addc(sb, ',');
	sai_html_j_score(sb, rr->score);
	sai_strbuf_addc(sb, ',');
	sai_html_j_score(sb, rr->score >= 0 && rr->score_unwaived >= 0 &&
			 rr->score_unwaived != rr->score ? rr->score_unwaived
			 : -1);
	sai_strbuf_addf(sb, ",%ld,%ld,\"%c\",%d,",
			sai_html_grade_known(st, rr->grade), gu,
			v == SAI_VERDICT_PASS ? 'p'
			: v == SAI_VERDICT_FAIL ? 'f' : 'n', rr->vetoed ? 1 : 0);
	sai_strbuf_addf(sb, "%u,%zu,", sev_bits(rr),
			rr->counts[SA_FINDING_FAIL] +
			rr->counts[SA_FINDING_ERROR]);
	j_findings(st, rr);
	j_yoy(st, ctx, rr);
	sai_strbuf_adds(sb, "]");
}

/* ---- waivers, coverage, unreadable dossiers ------------------------------ */

void sai_html_render_waiver(sai_html_state *st, const sa_record_result *rr,
			    const sa_finding *f)
{
	sai_strbuf *sb = &st->waived;
	const sa_waiver_info *w = f->waiver;

	st->n_waived++;
	sai_strbuf_adds(sb, "<tr><td class=\"id\">");
	sai_html_esc_or_dash(sb, rr->collection ? L(st, L_COVERAGE)
						: rr->record_id);
	sai_strbuf_adds(sb, "</td><td class=\"id\">");
	sai_html_esc_or_dash(sb, f->rule ? f->rule->id : NULL);
	sai_strbuf_adds(sb, "</td><td>");
	sai_html_text(sb, sai_report_message(f, st->lang));
	sai_strbuf_adds(sb, "</td><td>");
	sai_html_esc_or_dash(sb, w ? w->reason : NULL);
	sai_strbuf_adds(sb, "</td><td>");
	sai_html_esc_or_dash(sb, w ? w->approver : NULL);
	sai_strbuf_adds(sb, "</td><td class=\"num\">");
	sai_html_esc_or_dash(sb, w ? w->expires : NULL);
	sai_strbuf_adds(sb, "</td></tr>\n");
}

void sai_html_render_coverage(sai_html_state *st,
			      const sa_record_result *rr)
{
	sai_strbuf *sb = &st->coverage;
	size_t i;
	int rank;

	st->coll_pass += rr->counts[SA_FINDING_PASS];
	for (rank = 0; rank < RANK_COUNT; rank++)
		for (i = 0; i < rr->finding_count; i++) {
			const sa_finding *f = &rr->findings[i];

			if (finding_rank(f) != rank)
				continue;
			st->n_coverage++;
			sai_strbuf_adds(sb, "<tr><td>");
			add_tag(sb, st, f);
			sai_strbuf_adds(sb, "</td><td class=\"id\">");
			add_rule_link(sb, f);
			sai_strbuf_adds(sb, "</td><td>");
			sai_html_text(sb, sai_report_message(f, st->lang));
			add_values(sb, st, f);
			sai_strbuf_adds(sb, "</td><td class=\"loc\">");
			add_location(sb, f->file ? f->file : rr->file, f->line,
				     f->column);
			sai_strbuf_adds(sb, "</td></tr>\n");
		}
}

void sai_html_render_unreadable(sai_html_state *st,
				const sa_record_result *rr)
{
	sai_strbuf *sb = &st->unreadable;
	const sa_finding *f = rr->finding_count ? &rr->findings[0] : NULL;

	st->n_unreadable++;
	sai_strbuf_adds(sb, "<tr><td class=\"mono\">");
	if (f)
		add_location(sb, f->file ? f->file : rr->file, f->line,
			     f->column);
	else
		add_location(sb, rr->file, rr->line, rr->column);
	sai_strbuf_adds(sb, "</td><td>");
	if (f)
		sai_html_text(sb, sai_report_message(f, st->lang));
	else
		sai_strbuf_adds(sb, word(st, "unreadable"));
	if (f && f->actual && f->actual[0]) {
		sai_strbuf_adds(sb, "<div class=\"mono muted\">");
		sai_html_text(sb, f->actual);
		sai_strbuf_adds(sb, "</div>");
	}
	sai_strbuf_adds(sb, "</td></tr>\n");
}

/* ---- the page: head and summary ------------------------------------------ */

static void add_standard_line(sai_strbuf *sb, const sai_html_state *st,
			      const sa_standard_info *s)
{
	const char *title = st->en && s->title_en ? s->title_en : s->title;

	sai_html_esc_or_dash(sb, title);
	if (s->version && s->version[0]) {
		sai_strbuf_adds(sb, st->en ? " (version " : "（版本 ");
		sai_html_text(sb, s->version);
		sai_strbuf_adds(sb, st->en ? ")" : "）");
	}
}

void sai_html_write_head(sai_html_state *st,
			 const sai_report_context *ctx)
{
	sai_strbuf *sb = &st->sb;
	const char *date = ctx->pack ? sa_pack_audit_date(ctx->pack) : NULL;
	size_t i, n = ctx->pack ? sa_pack_standard_count(ctx->pack) : 0;

	sai_strbuf_addf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
			"<meta charset=\"utf-8\">\n", st->en ? "en" : "zh-CN");
	sai_strbuf_adds(sb, "<meta name=\"viewport\" content=\"width=device-"
			"width, initial-scale=1\">\n<meta http-equiv=\"Content-"
			"Security-Policy\" content=\"default-src 'none'; "
			"style-src 'unsafe-inline'; script-src 'unsafe-inline'"
			"\">\n<meta name=\"generator\" content=\"stationaudit ");
	sai_html_esc(sb, ctx->tool_version);
	sai_strbuf_addf(sb, "\">\n<title>%s", L(st, L_TITLE));
	if (date) {
		sai_strbuf_adds(sb, " · ");
		sai_html_esc(sb, date);
	}
	sai_strbuf_addf(sb, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
			"<header class=\"top\">\n<h1>%s</h1>\n", sai_html_page_css,
			L(st, L_TITLE));
	for (i = 0; i < n; i++) {
		sai_strbuf_addf(sb, "<p>%s%s", L(st, L_STANDARD), colon(st));
		add_standard_line(sb, st, sa_pack_standard(ctx->pack, i));
		sai_strbuf_adds(sb, "</p>\n");
	}
	sai_strbuf_addf(sb, "<p>%s%s", L(st, L_AUDIT_DATE), colon(st));
	sai_html_esc_or_dash(sb, date);
	sai_strbuf_adds(sb, "</p>\n</header>\n");
}

void sai_html_write_toc(sai_html_state *st, const sai_report_context *ctx)
{
	static const struct { const char *anchor; int label; } toc[] = {
		{ "summary", L_SUMMARY }, { "yoy", L_YOY },
		{ "stations", L_STATIONS }, { "rollups", L_ROLLUPS },
		{ "coverage", L_COVERAGE }, { "rules", L_RULES },
		{ "counties", L_COUNTIES }, { "waivers", L_WAIVERS },
		{ "unreadable", L_UNREADABLE }, { "provenance", L_PROVENANCE },
	};
	size_t i;

	sai_strbuf_adds(&st->sb, "<nav class=\"toc\">");
	for (i = 0; i < sizeof(toc) / sizeof(toc[0]); i++) {
		if ((toc[i].label == L_COVERAGE && !st->n_coverage &&
		     !st->coll_pass) ||
		    (toc[i].label == L_WAIVERS && !st->n_waived) ||
		    (toc[i].label == L_YOY && !ctx->baseline) ||
		    (toc[i].label == L_UNREADABLE && !st->n_unreadable))
			continue;
		sai_strbuf_addf(&st->sb, "<a href=\"#%s\">%s</a>",
				toc[i].anchor, L(st, toc[i].label));
	}
	sai_strbuf_adds(&st->sb, "</nav>\n<main>\n");
}

/* A card: a big value, its name and an optional extra line. */
static void card_open(sai_strbuf *sb, const char *cls)
{
	sai_strbuf_addf(sb, "<div class=\"card%s%s\" ", cls ? " " : "",
			cls ? cls : "");
}

static void card_count(sai_html_state *st, const char *id, int label,
		       size_t v, const char *cls)
{
	card_open(&st->sb, cls);
	sai_strbuf_addf(&st->sb, "id=\"card-%s\"><div class=\"v\">%zu</div>"
			"<div class=\"k\">%s</div></div>\n", id, v,
			L(st, label));
}

/* The verdict cards: passed, failed with the pass rate of the stations
 * judged, and not assessed when any; the rule under them. */
static void write_verdict_cards(sai_html_state *st)
{
	sai_strbuf *sb = &st->sb;
	const sai_verdicts *v = &st->verdicts;

	card_count(st, "passed", L_PASSED, v->pass, v->pass ? "good" : NULL);
	card_open(sb, v->fail ? "bad" : "good");
	sai_strbuf_addf(sb, "id=\"card-failing\"><div class=\"v\">%zu</div>"
			"<div class=\"k\">%s</div><div class=\"x\">%s ",
			v->fail, L(st, L_FAILING), L(st, L_PASS_SHARE));
	sai_html_percent(sb, v->pass, v->pass + v->fail);
	sai_strbuf_adds(sb, "</div></div>\n");
	if (v->not_assessed)
		card_count(st, "not-assessed", L_NOT_ASSESSED,
			   v->not_assessed, NULL);
}

static void write_cards(sai_html_state *st, const sa_summary *sum)
{
	sai_strbuf *sb = &st->sb;
	double mean = st->scored ? st->score_sum / (double)st->scored : 0;

	sai_strbuf_adds(sb, "<div class=\"cards\">\n");
	card_count(st, "records", L_RECORDS, st->n_stations, NULL);
	write_verdict_cards(st);
	card_open(sb, NULL);
	sai_strbuf_adds(sb, "id=\"card-mean\"><div class=\"v\">");
	if (st->scored)
		sai_html_num2(sb, mean);
	else
		sai_strbuf_adds(sb, "—");
	sai_strbuf_addf(sb, "</div><div class=\"k\">%s</div>", L(st, L_MEAN));
	if (st->any_unwaived) {
		sai_strbuf_addf(sb, "<div class=\"x\">%s ", L(st, L_UNWAIVED));
		sai_html_num2(sb, st->unwaived_sum / (double)st->scored);
		sai_strbuf_adds(sb, "</div>");
	}
	sai_strbuf_adds(sb, "</div>\n");
	card_count(st, "files", L_FILES, sum->files, NULL);
	card_count(st, "unreadable", L_UNREADABLE, sum->unreadable,
		   sum->unreadable ? "bad" : NULL);
	card_count(st, "waived", L_WAIVERS, sum->findings[SA_FINDING_WAIVED],
		   NULL);
	sai_strbuf_adds(sb, "</div>\n<p class=\"note\" id=\"verdict-rule\">");
	sai_html_esc(sb, sai_report_verdict_rule(st->lang));
	sai_strbuf_adds(sb, "</p>\n");
}

/* ---- charts: horizontal bars in inline SVG ------------------------------- */

typedef struct bar {
	const char *label;      /* escaped when written */
	size_t value;
	const char *color;
} bar;

#define BAR_H 26
#define BAR_LABEL_W 120
#define BAR_MAX_W 300

static void svg_bars(sai_strbuf *sb, const char *id, const char *caption,
		     const bar *bars, size_t n)
{
	size_t i, max = 1;
	unsigned h = (unsigned)(n * BAR_H + 8);

	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	sai_strbuf_addf(sb, "<figure id=\"%s\"><figcaption>%s</figcaption>\n"
			"<svg width=\"%d\" "
			"height=\"%u\" viewBox=\"0 0 %d %u\" role=\"img\" "
			"aria-label=\"%s\">\n", id, caption,
			BAR_LABEL_W + BAR_MAX_W + 70, h,
			BAR_LABEL_W + BAR_MAX_W + 70, h, caption);
	for (i = 0; i < n; i++) {
		unsigned y = (unsigned)(i * BAR_H + 4);
		unsigned w = (unsigned)((bars[i].value * BAR_MAX_W + max / 2) /
					max);

		sai_strbuf_addf(sb, "<g data-value=\"%zu\"><text x=\"%d\" "
				"y=\"%u\" text-anchor=\"end\">", bars[i].value,
				BAR_LABEL_W - 8, y + 16);
		sai_html_esc(sb, bars[i].label);
		sai_strbuf_addf(sb, "</text><rect x=\"%d\" y=\"%u\" width=\"%u\" "
				"height=\"%d\" rx=\"3\" fill=\"%s\"/><text x=\"%u\" "
				"y=\"%u\">%zu</text></g>\n", BAR_LABEL_W, y + 3,
				w ? w : 1, BAR_H - 8, bars[i].color,
				BAR_LABEL_W + w + 6, y + 16, bars[i].value);
	}
	sai_strbuf_adds(sb, "</svg></figure>\n");
}

static const char *grade_color(const sai_html_state *st, size_t i)
{
	static const char *const palette[] = {
		"#2e7d32", "#558b2f", "#827717", "#ef6c00", "#8d6e63",
	};

	if (!strcmp(st->grades[i].name, "fail"))
		return "#c62828";
	if (i >= st->n_pack_grades)
		return "#8d6e63";
	return palette[i < 4 ? i : 4];
}

/* Score bands of ten points, best first (100 falls in the first). */
#define SCORE_BANDS 10

static void write_score_chart(sai_html_state *st)
{
	static const char *const bands[SCORE_BANDS] = {
		"90–100", "80–90", "70–80", "60–70", "50–60", "40–50",
		"30–40", "20–30", "10–20", "0–10",
	};
	bar bars[SCORE_BANDS];
	size_t i;

	for (i = 0; i < SCORE_BANDS; i++) {
		bars[i].label = bands[i];
		bars[i].value = 0;
		bars[i].color = i < 4 ? "#2e7d32" : "#c62828";
	}
	for (i = 0; i < sai_rollup_station_count(st->roll); i++) {
		double v = sai_rollup_station_at(st->roll, i)->score;
		long band;

		if (v < 0)
			continue;
		band = 9 - (long)(v / 10);
		bars[band < 0 ? 0 : band > 9 ? 9 : band].value++;
	}
	svg_bars(&st->sb, "chart-scores", L(st, L_SCORE_DIST), bars,
		 SCORE_BANDS);
}

static int write_charts(sai_html_state *st, const sa_summary *sum)
{
	static const char *const sev_color[SA_SEVERITY_COUNT] = {
		"#1565c0", "#c98a00", "#d84315", "#b71c1c",
	};
	bar sev[SA_SEVERITY_COUNT + 3], *gr;
	size_t i, n = 0;
	int s;

	sai_strbuf_adds(&st->sb, "<div class=\"charts\">\n");
	if (!(gr = calloc(st->n_grades + 2, sizeof(*gr))))
		return -1;
	for (i = 0; i < st->n_grades; i++) {
		if (!st->grades[i].n && i >= st->n_pack_grades)
			continue;
		gr[n].label = sai_html_grade_label(st, st->grades[i].name);
		gr[n].value = st->grades[i].n;
		gr[n++].color = grade_color(st, i);
	}
	if (st->ungraded || !n) {
		gr[n].label = L(st, L_NOT_GRADED);
		gr[n].value = st->ungraded;
		gr[n++].color = "#9e9e9e";
	}
	if (st->verdicts.not_assessed) {
		gr[n].label = L(st, L_NOT_ASSESSED);
		gr[n].value = st->verdicts.not_assessed;
		gr[n++].color = "#bdbdbd";
	}
	svg_bars(&st->sb, "chart-grades", L(st, L_GRADE_DIST), gr, n);
	free(gr);
	for (n = 0, s = SA_SEVERITY_COUNT - 1; s >= 0; s--, n++) {
		sev[n].label = word(st, sa_severity_name((sa_severity)s));
		sev[n].value = sum->fail_by_severity[s];
		sev[n].color = sev_color[s];
	}
	sev[n].label = word(st, "error");
	sev[n].value = sum->findings[SA_FINDING_ERROR];
	sev[n++].color = "#6a1b9a";
	sev[n].label = word(st, "waived");
	sev[n].value = sum->findings[SA_FINDING_WAIVED];
	sev[n++].color = "#78909c";
	svg_bars(&st->sb, "chart-severity", L(st, L_SEV_DIST), sev, n);
	write_score_chart(st);
	sai_strbuf_adds(&st->sb, "</div>\n");
	return 0;
}

static void write_standards(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i, n = pack ? sa_pack_standard_count(pack) : 0;

	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"standards-table\">"
			"<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s"
			"</th><th>%s</th></tr></thead>\n<tbody>\n",
			L(st, L_STANDARDS), L(st, L_STANDARD), L(st, L_STD_TITLE),
			L(st, L_VERSION), L(st, L_ISSUER), L(st, L_SOURCE));
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(pack, i);

		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, s->id);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, st->en && s->title_en ? s->title_en
							       : s->title);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, s->version);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, s->issuer);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, s->source);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

/* Most failures first; pack order among equals. */
static int cmp_top(const void *a, const void *b)
{
	const sa_rule_summary *r = *(const sa_rule_summary *const *)a;
	const sa_rule_summary *s = *(const sa_rule_summary *const *)b;

	if (r->counts[SA_FINDING_FAIL] != s->counts[SA_FINDING_FAIL])
		return r->counts[SA_FINDING_FAIL] < s->counts[SA_FINDING_FAIL]
		       ? 1 : -1;
	return r < s ? -1 : r > s;
}

#define TOP_RULES 10

/* The rules that failed most, with their counts, linked to their rows
 * in the rules table: what to fix first, near the top of the page. */
static int write_top_rules(sai_html_state *st, const sa_rule_summary *rules,
			   size_t n)
{
	sai_strbuf *sb = &st->sb;
	const sa_rule_summary **top;
	size_t i, k = 0;

	if (!(top = calloc(n + 1, sizeof(*top))))
		return -1;
	for (i = 0; rules && i < n; i++)
		if (rules[i].rule && rules[i].counts[SA_FINDING_FAIL])
			top[k++] = &rules[i];
	if (k)
		qsort(top, k, sizeof(*top), cmp_top);
	if (k > TOP_RULES)
		k = TOP_RULES;
	if (k)
		sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"top-rules\">"
				"<thead><tr><th>%s</th><th>%s</th>"
				"<th class=\"num\">%s</th><th>%s</th></tr>"
				"</thead>\n<tbody>\n", L(st, L_TOP_FAILED),
				L(st, L_RULE), L(st, L_REQUIREMENT),
				word(st, "fail"), L(st, L_STATIONS_CONCERNED));
	for (i = 0; i < k; i++) {
		sai_strbuf_adds(sb, "<tr><td class=\"id\"><a href=\"#rule-");
		sai_html_esc(sb, top[i]->rule->id);
		sai_strbuf_adds(sb, "\">");
		sai_html_text(sb, top[i]->rule->id);
		sai_strbuf_adds(sb, "</a></td><td>");
		sai_html_text(sb,
			      sai_report_rule_title(top[i]->rule, st->lang));
		sai_strbuf_addf(sb, "</td><td class=\"num\">%zu</td>"
				"<td><a href=\"#rule=",
				top[i]->counts[SA_FINDING_FAIL]);
		sai_html_esc(sb, top[i]->rule->id);
		sai_strbuf_addf(sb, "\">%s</a></td></tr>\n",
				L(st, L_STATIONS_CONCERNED));
	}
	if (k)
		sai_strbuf_adds(sb, "</tbody></table>\n");
	free(top);
	return 0;
}

int sai_html_write_summary(sai_html_state *st,
			   const sai_report_context *ctx,
			   const sa_summary *sum, const sa_rule_summary *rules,
			   size_t rule_count)
{
	sai_strbuf_addf(&st->sb, "<section id=\"summary\">\n<h2>%s</h2>\n",
			L(st, L_SUMMARY));
	write_cards(st, sum);
	if (write_charts(st, sum) < 0 ||
	    write_top_rules(st, rules, rule_count) < 0)
		return -1;
	write_standards(st, ctx->pack);
	sai_strbuf_adds(&st->sb, "</section>\n");
	return 0;
}

/* ---- year over year (check --baseline) ------------------------------------ */

/* The stations only the baseline had, listed (the table holds only this
 * run's); at most this many. */
#define REMOVED_MAX 500

static void write_removed(sai_html_state *st, const sa_diff *d, size_t removed)
{
	sai_strbuf *sb = &st->sb;
	size_t i, k = 0, n = sai_diff_station_count(d);
	sai_diff_station ds;

	if (!removed)
		return;
	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"yoy-removed\"><thead><tr>"
			"<th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>"
			"</thead>\n<tbody>\n", L(st, L_YOY_REMOVED), L(st, L_ID),
			L(st, L_NAME), L(st, L_OLD_SCORE));
	for (i = 0; i < n && k < REMOVED_MAX; i++) {
		sai_diff_station_at(d, i, &ds);
		if (ds.state != SAI_STATION_REMOVED || !ds.station)
			continue;
		k++;
		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, ds.id);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, ds.name);
		sai_strbuf_adds(sb, "</td><td class=\"num\">");
		if (ds.old_score >= 0)
			sai_html_num(sb, ds.old_score);
		else
			sai_strbuf_adds(sb, "—");
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

/* The comparison with the baseline: problems new, fixed, unchanged and
 * newly waived, stations up, down, added and removed, as a chart and
 * cards; each station's marks are in its row. */
void sai_html_write_yoy(sai_html_state *st, const sai_report_context *ctx)
{
	sai_diff_totals t;
	bar bars[8];
	size_t i;

	if (!ctx->baseline)
		return;
	sai_diff_totals_of(ctx->baseline, &t);
	bars[0] = (bar){ L(st, L_YOY_NEW), t.problems[SAI_CHANGE_NEW],
			 "#c62828" };
	bars[1] = (bar){ L(st, L_YOY_FIXED), t.problems[SAI_CHANGE_FIXED],
			 "#2e7d32" };
	bars[2] = (bar){ L(st, L_YOY_WAIVED), t.problems[SAI_CHANGE_WAIVED],
			 "#78909c" };
	bars[3] = (bar){ L(st, L_YOY_UNCHANGED),
			 t.problems[SAI_CHANGE_UNCHANGED], "#c98a00" };
	bars[4] = (bar){ L(st, L_YOY_UP), t.up, "#2e7d32" };
	bars[5] = (bar){ L(st, L_YOY_DOWN), t.down, "#c62828" };
	bars[6] = (bar){ L(st, L_YOY_ADDED), t.added, "#1565c0" };
	bars[7] = (bar){ L(st, L_YOY_REMOVED), t.removed, "#8d6e63" };
	sai_strbuf_addf(&st->sb, "<section id=\"yoy\">\n<h2>%s</h2>\n<p>%s%s"
			"<span class=\"mono\">", L(st, L_YOY), L(st, L_BASELINE),
			colon(st));
	sai_html_esc_or_dash(&st->sb, sai_diff_old_path(ctx->baseline));
	sai_strbuf_adds(&st->sb, "</span></p>\n<div class=\"cards\">\n");
	for (i = 0; i < 8; i++)
		sai_strbuf_addf(&st->sb, "<div class=\"card\" id=\"yoy-%zu\"><div "
				"class=\"v\">%zu</div><div class=\"k\">%s</div>"
				"</div>\n", i, bars[i].value, bars[i].label);
	sai_strbuf_adds(&st->sb, "</div>\n<div class=\"charts\">\n");
	svg_bars(&st->sb, "chart-yoy", L(st, L_YOY_CHART), bars, 8);
	sai_strbuf_adds(&st->sb, "</div>\n");
	write_removed(st, ctx->baseline, t.removed);
	sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n</section>\n",
			L(st, L_YOY_NOTE));
}

/* ---- the page: stations -------------------------------------------------- */

static void add_option(sai_strbuf *sb, const char *value, const char *label)
{
	sai_strbuf_adds(sb, "<option value=\"");
	sai_html_esc(sb, value);
	sai_strbuf_adds(sb, "\">");
	sai_html_esc(sb, label);
	sai_strbuf_adds(sb, "</option>");
}

static void write_controls(sai_html_state *st, int baseline)
{
	static const char *const sev[] = {
		"critical", "major", "minor", "info", "error", "waived",
	};
	static const char *const sizes[] = { "50", "100", "500", "2000" };
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<div class=\"controls\" role=\"search\">"
			"<input id=\"f-q\" type=\"search\" aria-label=\"%s\" "
			"placeholder=\"%s\"><select id=\"f-grade\" "
			"aria-label=\"%s\">", L(st, L_FILTER),
			L(st, L_FILTER_PH), L(st, L_GRADE_FILTER));
	add_option(sb, "", L(st, L_ALL_GRADES));
	for (i = 0; i < st->n_grades; i++)
		add_option(sb, st->grades[i].name,
			   sai_html_grade_label(st, st->grades[i].name));
	sai_strbuf_addf(sb, "</select><select id=\"f-sev\" aria-label=\"%s\">",
			L(st, L_SEV_FILTER));
	add_option(sb, "", L(st, L_ALL_RESULTS));
	add_option(sb, "any", L(st, L_ANY_FAIL));
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++)
		add_option(sb, sev[i], word(st, sev[i]));
	add_option(sb, "none", L(st, L_NO_FAIL));
	if (baseline) {
		add_option(sb, "yoy-new", L(st, L_YOY_NEW));
		add_option(sb, "yoy-fixed", L(st, L_YOY_FIXED));
		add_option(sb, "yoy-waived", L(st, L_YOY_WAIVED));
		add_option(sb, "yoy-down", L(st, L_YOY_DOWN));
	}
	sai_strbuf_addf(sb, "</select><span id=\"f-chips\"></span>"
			"<output id=\"f-shown\" data-fmt=\"%s\" "
			"data-shown=\"%zu\"></output></div>\n",
			L(st, L_SHOWN), st->n_stations);
	sai_strbuf_addf(sb, "<div class=\"controls pager\"><button type=\"button\""
			" id=\"f-prev\">%s</button><output id=\"f-page\" "
			"data-fmt=\"%s\" data-page=\"1\"></output><button "
			"type=\"button\" id=\"f-next\">%s</button><select "
			"id=\"f-size\" aria-label=\"%s\">", L(st, L_PREV),
			L(st, L_PAGE), L(st, L_NEXT), L(st, L_PAGE_SIZE));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		sai_strbuf_addf(sb, "<option%s>%s</option>",
				i == 1 ? " selected" : "", sizes[i]);
	sai_strbuf_addf(sb, "</select></div>\n<noscript><p class=\"note\">%s"
			"</p></noscript>\n", L(st, L_NOSCRIPT));
}

/* The station table is empty here: the page's script fills it a page at
 * a time from the data block. */
void sai_html_write_stations(sai_html_state *st, int baseline)
{
	sai_strbuf_addf(&st->sb, "<section id=\"stations\">\n<h2>%s</h2>\n",
			L(st, L_STATIONS));
	write_controls(st, baseline);
	sai_strbuf_addf(&st->sb, "<table id=\"stations-table\"><thead><tr>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th><th>%s</th>"
			"<th>%s</th><th>%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th data-type=\"num\">%s</th>"
			"<th data-type=\"num\">%s</th></tr></thead>\n<tbody>"
			"</tbody></table>\n", L(st, L_SEQ), L(st, L_RANK),
			L(st, L_ID), L(st, L_NAME), L(st, L_REGION),
			word(st, "score"), word(st, "grade"),
			L(st, L_FAILED_RULES));
	if (!st->n_stations)
		sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n",
				L(st, L_NO_RECORDS));
	sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n</section>\n",
			L(st, L_PRINT_NOTE));
}

/* ---- the page: coverage, rules, counties, waivers, unreadable ------------ */

void sai_html_write_coverage(sai_html_state *st)
{
	sai_strbuf *sb = &st->sb;

	if (!st->n_coverage && !st->coll_pass)
		return;
	sai_strbuf_addf(sb, "<section id=\"coverage\">\n<h2>%s</h2>\n"
			"<p>%s%s<b id=\"coverage-passed\">%zu</b></p>\n",
			L(st, L_COVERAGE), L(st, L_COLL_PASSED), colon(st),
			st->coll_pass);
	if (st->n_coverage) {
		sai_strbuf_addf(sb, "<table id=\"coverage-table\"><thead><tr>"
				"<th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
				"</tr></thead>\n<tbody>\n", word(st, "severity"),
				L(st, L_RULE), L(st, L_MESSAGE),
				L(st, L_LOCATION));
		sai_strbuf_add(sb, st->coverage.buf, st->coverage.len);
		sai_strbuf_adds(sb, "</tbody></table>\n");
	}
	sai_strbuf_adds(sb, "</section>\n");
}

static void add_rule_text(sai_strbuf *sb, const sai_html_state *st,
			  const sa_rule_info *r)
{
	const char *title = st->en && r->title_en ? r->title_en : r->title;

	sai_strbuf_adds(sb, "<td><b>");
	sai_html_esc_or_dash(sb, title);
	sai_strbuf_adds(sb, "</b>");
	if (r->source && r->source[0]) {
		sai_strbuf_addf(sb, "<div><span class=\"muted\">%s%s</span>",
				L(st, L_SOURCE), colon(st));
		sai_html_text(sb, r->source);
		sai_strbuf_adds(sb, "</div>");
	}
	if (r->fix && r->fix[0]) {
		sai_strbuf_addf(sb, "<div><span class=\"muted\">%s%s</span>",
				L(st, L_FIX), colon(st));
		sai_html_text(sb, r->fix);
		sai_strbuf_adds(sb, "</div>");
	}
	sai_strbuf_adds(sb, "</td>");
}

static void add_rate_cell(sai_strbuf *sb, size_t pass, size_t whole)
{
	long per_mille = whole ? lround(1000.0 * (double)pass / (double)whole)
			       : -1;

	sai_strbuf_addf(sb, "<td class=\"num\" data-v=\"%ld\">", per_mille);
	if (whole) {
		sai_strbuf_addf(sb, "<span class=\"bar\"><i class=\"%s\" "
				"style=\"width:%ld%%\"></i></span>",
				per_mille >= 900 ? "hi" : per_mille >= 600
				? "mid" : "low", (per_mille + 5) / 10);
	}
	sai_html_percent(sb, pass, whole);
	sai_strbuf_adds(sb, "</td>");
}

static void write_rule_row(sai_html_state *st, const sa_rule_summary *rs)
{
	static const sa_finding_status cols[] = {
		SA_FINDING_PASS, SA_FINDING_FAIL, SA_FINDING_WAIVED,
		SA_FINDING_ERROR, SA_FINDING_NOT_APPLICABLE,
	};
	sai_strbuf *sb = &st->sb;
	const sa_rule_info *r = rs->rule;
	const char *sev = sa_severity_name(r->severity);
	size_t i, whole = rs->counts[SA_FINDING_PASS] +
			  rs->counts[SA_FINDING_FAIL] +
			  rs->counts[SA_FINDING_WAIVED] +
			  rs->counts[SA_FINDING_ERROR];

	sai_strbuf_adds(sb, "<tr id=\"rule-");
	sai_html_esc(sb, r->id);
	sai_strbuf_adds(sb, "\"><td class=\"id\">");
	sai_html_esc_or_dash(sb, r->id);
	sai_strbuf_adds(sb, "</td>");
	add_rule_text(sb, st, r);
	sai_strbuf_addf(sb, "<td data-v=\"%d\"><span class=\"tag s-%s\">%s"
			"</span></td><td class=\"id\">", (int)r->severity,
			sev ? sev : "info", word(st, sev ? sev : "info"));
	sai_html_esc_or_dash(sb, r->standard);
	sai_strbuf_adds(sb, "</td>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		sai_strbuf_addf(sb, "<td class=\"num\">%zu</td>",
				rs->counts[cols[i]]);
	add_rate_cell(sb, rs->counts[SA_FINDING_PASS], whole);
	sai_strbuf_adds(sb, "</tr>\n");
}

void sai_html_write_rules(sai_html_state *st, const sa_rule_summary *rules,
			  size_t n)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<section id=\"rules\">\n<h2>%s</h2>\n"
			"<table id=\"rules-table\" class=\"sortable\"><thead><tr>"
			"<th>%s</th><th>%s</th><th data-type=\"num\">%s</th>"
			"<th>%s</th>", L(st, L_RULES), L(st, L_RULE),
			L(st, L_REQUIREMENT), word(st, "severity"),
			L(st, L_STANDARD));
	sai_strbuf_addf(sb, "<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"</tr></thead>\n<tbody>\n", word(st, "pass"),
			word(st, "fail"), word(st, "waived"), word(st, "error"),
			word(st, "not_applicable"), L(st, L_PASS_RATE));
	for (i = 0; rules && i < n; i++)
		if (rules[i].rule)
			write_rule_row(st, &rules[i]);
	sai_strbuf_addf(sb, "</tbody></table>\n<p class=\"note\">%s</p>\n"
			"</section>\n", L(st, L_RATE_NOTE));
}

/* The county's name and its city's from the pack's division tables,
 * found through a township of the county; nothing when the tables do not
 * have it. */
static void add_county_name(sai_strbuf *sb, const sai_html_county *c,
			    const sa_pack *pack)
{
	sa_division d;
	sa_error err;

	sa_error_clear(&err);
	if (!pack || !c->township[0] ||
	    sa_pack_division(pack, c->township, &d, &err) != SA_OK ||
	    !d.county)
		return;
	sai_strbuf_adds(sb, " <span class=\"name\">");
	if (d.city) {
		sai_html_text(sb, d.city);
		sai_strbuf_adds(sb, " ");
	}
	sai_html_text(sb, d.county);
	sai_strbuf_adds(sb, "</span>");
}

void sai_html_write_counties(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<h3 id=\"counties\">%s</h3>\n"
			"<table id=\"counties-table\" class=\"sortable\"><thead>"
			"<tr><th>%s</th><th class=\"num\" data-type=\"num\">%s"
			"</th><th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th>"
			"<th class=\"num\" data-type=\"num\">%s</th></tr>"
			"</thead>\n<tbody>\n", L(st, L_COUNTIES),
			L(st, L_COUNTY), L(st, L_RECORDS), L(st, L_PASSED),
			L(st, L_FAILING), L(st, L_FAIL_SHARE), L(st, L_MEAN));
	for (i = 0; i < st->n_counties; i++) {
		const sai_html_county *c = &st->counties[i];

		sai_strbuf_addf(sb, "<tr><td class=\"id\">%s",
				c->code[0] ? c->code : L(st, L_UNKNOWN));
		add_county_name(sb, c, pack);
		sai_strbuf_addf(sb, "</td><td class=\"num\">%zu</td>"
				"<td class=\"num\">%zu</td>"
				"<td class=\"num\">%zu</td><td class=\"num\">",
				c->records, c->verdicts.pass, c->verdicts.fail);
		sai_html_percent(sb, c->verdicts.pass,
				 c->verdicts.pass + c->verdicts.fail);
		sai_strbuf_adds(sb, "</td><td class=\"num\">");
		if (c->scored)
			sai_html_num2(sb, c->score_sum / (double)c->scored);
		else
			sai_strbuf_adds(sb, "—");
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

void sai_html_write_waivers(sai_html_state *st)
{
	if (!st->n_waived)
		return;
	sai_strbuf_addf(&st->sb, "<section id=\"waivers\">\n<h2>%s</h2>\n"
			"<table id=\"waivers-table\" class=\"sortable\"><thead>"
			"<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			"<th>%s</th><th class=\"num\">%s</th></tr></thead>\n"
			"<tbody>\n", L(st, L_WAIVERS), L(st, L_ID),
			L(st, L_RULE), L(st, L_MESSAGE), L(st, L_REASON),
			L(st, L_APPROVER), L(st, L_EXPIRES));
	sai_strbuf_add(&st->sb, st->waived.buf, st->waived.len);
	sai_strbuf_adds(&st->sb, "</tbody></table>\n</section>\n");
}

void sai_html_write_unreadable(sai_html_state *st)
{
	if (!st->n_unreadable)
		return;
	sai_strbuf_addf(&st->sb, "<section id=\"unreadable\">\n<h2>%s</h2>\n"
			"<table id=\"unreadable-table\"><thead><tr><th>%s</th>"
			"<th>%s</th></tr></thead>\n<tbody>\n",
			L(st, L_UNREADABLE), L(st, L_LOCATION),
			L(st, L_MESSAGE));
	sai_strbuf_add(&st->sb, st->unreadable.buf, st->unreadable.len);
	sai_strbuf_adds(&st->sb, "</tbody></table>\n</section>\n");
}

/* ---- the page: provenance ------------------------------------------------ */

static void write_run_facts(sai_html_state *st, const sai_report_context *ctx)
{
	sai_strbuf *sb = &st->sb;

	sai_strbuf_addf(sb, "<dl class=\"kv\"><dt>%s</dt><dd>stationaudit ",
			L(st, L_TOOL));
	sai_html_text(sb, ctx->tool_version);
	sai_strbuf_addf(sb, "</dd><dt>%s</dt><dd>", L(st, L_AUDIT_DATE));
	sai_html_esc_or_dash(sb, ctx->pack ? sa_pack_audit_date(ctx->pack)
					   : NULL);
	sai_strbuf_addf(sb, "</dd><dt>%s</dt><dd>%s</dd></dl>\n",
			L(st, L_LANG), L(st, L_LANGUAGE_NAME));
}

static void write_standard_digests(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i, n = pack ? sa_pack_standard_count(pack) : 0;

	sai_strbuf_addf(sb, "<h3>%s</h3>\n<table id=\"standard-digests\">"
			"<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>"
			"</thead>\n<tbody>\n", L(st, L_STANDARDS),
			L(st, L_STANDARD), L(st, L_FILE), L(st, L_SHA));
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(pack, i);

		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, s->id);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, s->file);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, s->sha256);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

static void write_params(sai_html_state *st, const sa_pack *pack)
{
	sai_strbuf *sb = &st->sb;
	size_t i, n = pack ? sa_pack_param_count(pack) : 0;

	sai_strbuf_addf(sb, "<h3>%s</h3>\n", L(st, L_PARAMS));
	if (!n) {
		sai_strbuf_addf(sb, "<p class=\"muted\">%s</p>\n",
				L(st, L_NONE));
		return;
	}
	sai_strbuf_addf(sb, "<table id=\"params-table\"><thead><tr><th>%s</th>"
			"<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n"
			"<tbody>\n", L(st, L_PARAM), L(st, L_VALUE),
			L(st, L_TYPE), L(st, L_STANDARD));
	for (i = 0; i < n; i++) {
		const sa_param_info *p = sa_pack_param(pack, i);

		sai_strbuf_adds(sb, "<tr><td class=\"id\">");
		sai_html_esc_or_dash(sb, p->name);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, p->value);
		sai_strbuf_adds(sb, "</td><td>");
		sai_html_esc_or_dash(sb, p->type);
		sai_strbuf_adds(sb, "</td><td class=\"id\">");
		sai_html_esc_or_dash(sb, p->standard);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n");
}

/* The inputs are open on screen for a small run and folded for a big one
 * (the page's script unfolds them for printing). */
#define INPUTS_OPEN_MAX 50

static void write_input_digests(sai_html_state *st,
				const sai_report_context *ctx)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "<details id=\"inputs\"%s><summary>%s (%zu)"
			"</summary>\n<table id=\"inputs-table\"><thead><tr>"
			"<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			ctx->input_count <= INPUTS_OPEN_MAX ? " open" : "",
			L(st, L_INPUTS), ctx->input_count, L(st, L_FILE),
			L(st, L_SHA));
	for (i = 0; ctx->inputs && i < ctx->input_count; i++) {
		sai_strbuf_adds(sb, "<tr><td class=\"mono\">");
		sai_html_esc_or_dash(sb, ctx->inputs[i].path);
		sai_strbuf_adds(sb, "</td><td class=\"mono\">");
		sai_html_esc_or_dash(sb, ctx->inputs[i].sha256);
		sai_strbuf_adds(sb, "</td></tr>\n");
	}
	sai_strbuf_adds(sb, "</tbody></table>\n</details>\n");
}

void sai_html_write_provenance(sai_html_state *st,
			       const sai_report_context *ctx)
{
	sai_strbuf_addf(&st->sb, "<section id=\"provenance\">\n<h2>%s</h2>\n",
			L(st, L_PROVENANCE));
	write_run_facts(st, ctx);
	write_standard_digests(st, ctx->pack);
	write_params(st, ctx->pack);
	write_input_digests(st, ctx);
	sai_strbuf_adds(&st->sb, "</section>\n");
}

/* Writes st->sb (or buf when given) and empties st->sb. */
static int flush_sb(sai_html_state *st, FILE *out)
{
	int rc = 0;

	if (st->sb.failed) {
		errno = ENOMEM;
		rc = -1;
	} else if (st->sb.len &&
		   fwrite(st->sb.buf, 1, st->sb.len, out) != st->sb.len) {
		rc = -1;
	}
	sai_strbuf_reset(&st->sb);
	return rc;
}

/* ---- ranks, rollups and what only they show ------------------------------- */

/* [level (0 province ... 3 township), code, name, stations, mean,
 * median (-1: none scored), passed, failed, not assessed, [count per
 * grade of "rgrades"], [townships counted, covered] or null when the
 * division tables are not loaded] */
static void j_group(sai_html_state *st, int level, const sai_rollup_group *g,
		    const char *name)
{
	sai_strbuf *sb = &st->sb;
	size_t i;

	sai_strbuf_addf(sb, "%s[%d,\"%s\",", st->n_roll++ ? ",\n" : "", level,
			g->code);
	sai_html_j_str(st, sb, name);
	sai_strbuf_addf(sb, ",%zu,", g->stations);
	sai_html_j_score(sb, g->scored ? round(g->mean * 100) / 100 : -1);
	sai_strbuf_addc(sb, ',');
	sai_html_j_score(sb, g->scored ? g->median : -1);
	sai_strbuf_addf(sb, ",%zu,%zu,%zu,[", g->verdicts.pass,
			g->verdicts.fail, g->verdicts.not_assessed);
	for (i = 0; i < sai_rollup_grade_count(st->roll); i++)
		sai_strbuf_addf(sb, i ? ",%zu" : "%zu", g->grades[i]);
	if (g->has_coverage)
		sai_strbuf_addf(sb, "],[%zu,%zu]]", g->units, g->covered);
	else
		sai_strbuf_adds(sb, "],null]");
}

static const char *group_name(const sai_rollup_group *g,
			      sai_rollup_level level)
{
	switch (level) {
	case SAI_ROLLUP_PROVINCE: return g->province;
	case SAI_ROLLUP_CITY: return g->city;
	case SAI_ROLLUP_COUNTY: return g->county;
	default: return g->township;
	}
}

/* Every level, provinces first (rollup.c); the page's script nests them
 * by code. */
static int j_rollups(sai_html_state *st)
{
	int l;
	size_t i;

	sai_strbuf_adds(&st->sb, ",\n\"rgrades\":[");
	for (i = 0; i < sai_rollup_grade_count(st->roll); i++) {
		sai_strbuf_adds(&st->sb, i ? "," : "");
		sai_html_j_str(st, &st->sb, sai_html_grade_label(st,
			       sai_rollup_grade_name(st->roll, i)));
	}
	sai_strbuf_adds(&st->sb, "],\n\"roll\":[");
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++)
		for (i = 0; i < sai_rollup_group_count(st->roll,
						      (sai_rollup_level)l); i++) {
			const sai_rollup_group *g = sai_rollup_group_at(
				st->roll, (sai_rollup_level)l, i);

			j_group(st, l, g,
				group_name(g, (sai_rollup_level)l));
		}
	sai_strbuf_adds(&st->sb, "]");
	return 0;
}

#define MIX_ROW 18
#define MIX_LABEL_W 150
#define MIX_W 360

/* The colour of rollup grade i: the page's colour of that grade. */
static const char *rollup_grade_color(const sai_html_state *st, size_t i)
{
	long k = sai_html_grade_known(st, sai_rollup_grade_name(st->roll, i));

	return k >= 0 ? grade_color(st, (size_t)k) : "#9e9e9e";
}

/* One county's bar: a segment per grade, as wide as its share. */
static void mix_bar(sai_html_state *st, const sai_rollup_group *c, unsigned y)
{
	sai_strbuf *sb = &st->sb;
	size_t g, done = 0, ng = sai_rollup_grade_count(st->roll);

	for (g = 0; g < ng; g++) {
		unsigned x0 = (unsigned)(done * MIX_W / c->stations);
		unsigned x1 = (unsigned)((done + c->grades[g]) * MIX_W /
					 c->stations);

		done += c->grades[g];
		if (!c->grades[g])
			continue;
		sai_strbuf_addf(sb, "<rect x=\"%u\" y=\"%u\" width=\"%u\" "
				"height=\"%d\" fill=\"%s\"><title>",
				MIX_LABEL_W + x0, y, x1 > x0 ? x1 - x0 : 1,
				MIX_ROW - 4, rollup_grade_color(st, g));
		sai_html_esc(sb, sai_html_grade_label(st,
			     sai_rollup_grade_name(st->roll, g)));
		sai_strbuf_addf(sb, " %zu</title></rect>", c->grades[g]);
	}
}

/* The grade mix of each county as 100% bars on grey (the stations not
 * graded); the counts are in each segment's tooltip and in data-grades
 * (in the order of the rollup's grades). */
static void write_county_mix(sai_html_state *st)
{
	sai_strbuf *sb = &st->sb;
	size_t i, g, rows = sai_rollup_group_count(st->roll, SAI_ROLLUP_COUNTY);
	unsigned y = 4;

	if (!rows)
		return;
	sai_strbuf_addf(sb, "<figure id=\"chart-county-mix\"><figcaption>%s"
			"</figcaption>\n<svg width=\"%d\" height=\"%zu\" "
			"viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"%s\">\n"
			"<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%zu\" "
			"fill=\"#eceff1\"/>\n", L(st, L_COUNTY_MIX),
			MIX_LABEL_W + MIX_W + 10, rows * MIX_ROW + 8,
			MIX_LABEL_W + MIX_W + 10, rows * MIX_ROW + 8,
			L(st, L_COUNTY_MIX), MIX_LABEL_W, MIX_W,
			rows * MIX_ROW + 8);
	for (i = 0; i < rows; i++) {
		const sai_rollup_group *c =
			sai_rollup_group_at(st->roll, SAI_ROLLUP_COUNTY, i);

		sai_strbuf_addf(sb, "<g data-code=\"%s\" data-grades=\"", c->code);
		for (g = 0; g < sai_rollup_grade_count(st->roll); g++)
			sai_strbuf_addf(sb, "%s%zu", g ? " " : "", c->grades[g]);
		sai_strbuf_addf(sb, "\"><text x=\"%d\" y=\"%u\" "
				"text-anchor=\"end\">", MIX_LABEL_W - 6, y + 11);
		sai_html_esc(sb, c->county ? c->county : c->code);
		sai_strbuf_adds(sb, "</text>");
		mix_bar(st, c, y);
		sai_strbuf_adds(sb, "</g>\n");
		y += MIX_ROW;
	}
	sai_strbuf_adds(sb, "</svg></figure>\n");
}

void sai_html_write_rollups(sai_html_state *st)
{
	const sai_rollup_group *any = sai_rollup_group_at(st->roll,
						       SAI_ROLLUP_PROVINCE, 0);

	sai_strbuf_addf(&st->sb, "<section id=\"rollups\">\n<h2>%s</h2>\n"
			"<div class=\"charts\">\n", L(st, L_ROLLUPS));
	write_county_mix(st);
	sai_strbuf_addf(&st->sb, "</div>\n<div id=\"drill\"></div>\n"
			"<p class=\"note\">%s</p>\n", L(st, L_ROLL_NOTE));
	if (any && any->has_coverage)
		sai_strbuf_addf(&st->sb, "<p class=\"note\">%s</p>\n",
				L(st, L_COVERAGE_NOTE));
}

/* ---- the data block --------------------------------------------------------- */

static void j_key(sai_html_state *st, const char *key, const char *value)
{
	sai_strbuf_addf(&st->sb, ",\"%s\":", key);
	sai_html_j_str(st, &st->sb, value);
}

/* The words the script writes, in the report's language. */
static void j_words(sai_html_state *st)
{
	static const char *const words[] = {
		"critical", "major", "minor", "info", "error", "waived",
		"pass", "not_applicable", "fail", "actual",
	};
	static const struct { const char *key; int label; } named[] = {
		{ "allPass", L_ALL_PASS }, { "vetoed", L_VETOED },
		{ "unwaived", L_UNWAIVED }, { "notAssessed", L_NOT_ASSESSED },
		{ "line", L_LINE }, { "details", L_DETAILS },
		{ "crank", L_COUNTY_RANK }, { "basis", L_BASIS },
		{ "source", L_SOURCE }, { "fix", L_FIX }, { "rule", L_RULE },
		{ "region", L_REGION }, { "unknown", L_UNKNOWN },
		{ "showStations", L_SHOW_STATIONS }, { "yoyNew", L_YOY_NEW },
		{ "yoyFixed", L_YOY_FIXED }, { "yoyUnchanged", L_YOY_UNCHANGED },
		{ "yoyWaived", L_YOY_WAIVED }, { "oldScore", L_OLD_SCORE },
		{ "yoyAdded", L_YOY_ADDED }, { "yoy", L_YOY },
	};
	size_t i;

	sai_strbuf_addf(&st->sb, "{\"colon\":\"%s\"", colon(st));
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		j_key(st, words[i], word(st, words[i]));
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		j_key(st, named[i].key, L(st, named[i].label));
	sai_strbuf_addf(&st->sb, ",\"rollCols\":[\"%s\",\"%s\",\"%s\",\"%s\","
			"\"%s\",\"%s\",\"%s\",\"\"]}", L(st, L_DIVISION),
			L(st, L_RECORDS), L(st, L_MEAN), L(st, L_MEDIAN),
			L(st, L_PASS_SHARE), L(st, L_TOWNSHIP_COVERAGE),
			L(st, L_GRADE_MIX));
}

static void j_grades(sai_html_state *st)
{
	size_t i;

	sai_strbuf_adds(&st->sb, ",\n\"grades\":[");
	for (i = 0; i < st->n_grades; i++) {
		sai_strbuf_adds(&st->sb, i ? ",{\"n\":" : "{\"n\":");
		sai_html_j_str(st, &st->sb, st->grades[i].name);
		j_key(st, "l", sai_html_grade_label(st, st->grades[i].name));
		sai_strbuf_adds(&st->sb, ",\"c\":\"");
		add_grade_class(&st->sb, st, st->grades[i].name);
		sai_strbuf_addf(&st->sb, "\",\"r\":%zu}", i < st->n_pack_grades
				? i : st->n_pack_grades);
	}
	sai_strbuf_adds(&st->sb, "]");
}

/* Ranks over the run (rank) or the county (crank), in station order. */
static void j_ranks(sai_html_state *st, int in_county)
{
	size_t i, n = sai_rollup_station_count(st->roll);

	sai_strbuf_addf(&st->sb, ",\n\"%s\":[", in_county ? "crank" : "rank");
	for (i = 0; i < n; i++) {
		const sai_rollup_station *s = sai_rollup_station_at(st->roll, i);

		sai_strbuf_addf(&st->sb, i ? ",%zu" : "%zu",
				in_county ? s->county_rank : s->rank);
	}
	sai_strbuf_adds(&st->sb, "]");
}

/* The one data block: no markup is ever built from it but through text
 * nodes, and sai_html_j_str keeps "</" out of it. */
static int write_data(sai_html_state *st, const sai_report_context *ctx)
{
	sai_strbuf_adds(&st->sb, "<script type=\"application/json\" "
			"id=\"sa-data\">{\"t\":");
	j_words(st);
	j_grades(st);
	sai_strbuf_adds(&st->sb, ",\n\"files\":[");
	sai_strbuf_add(&st->sb, st->filejs.buf, st->filejs.len);
	sai_strbuf_adds(&st->sb, "],\n\"rules\":[");
	sai_strbuf_add(&st->sb, st->rulejs.buf, st->rulejs.len);
	sai_strbuf_adds(&st->sb, "]");
	j_ranks(st, 0);
	j_ranks(st, 1);
	if (j_rollups(st) < 0)
		return -1;
	sai_strbuf_adds(&st->sb, ",\n\"st\":[\n");
	if (flush_sb(st, ctx->out) < 0 ||
	    (st->data.len && fwrite(st->data.buf, 1, st->data.len, ctx->out)
				     != st->data.len))
		return -1;
	sai_strbuf_adds(&st->sb, "]}</script>\n");
	return 0;
}

/* ---- the writer ---------------------------------------------------------- */

static int html_begin(void **state, const sai_report_context *ctx)
{
	sai_html_state *st = calloc(1, sizeof(*st));
	size_t i, n;

	*state = st;
	if (!st)
		goto nomem;
	st->en = ctx->opts && ctx->opts->lang && !strcmp(ctx->opts->lang, "en");
	st->lang = st->en ? "en" : "zh";
	sai_strbuf_init(&st->data);
	sai_strbuf_init(&st->rulejs);
	sai_strbuf_init(&st->scratch);
	sai_strbuf_init(&st->cite);
	sai_strbuf_init(&st->filejs);
	st->pack = ctx->pack;
	if (!(st->roll = sai_rollup_new(ctx->pack)))
		goto nomem;
	sai_rollup_want_coverage(st->roll);
	sai_strbuf_init(&st->coverage);
	sai_strbuf_init(&st->unreadable);
	sai_strbuf_init(&st->waived);
	sai_strbuf_init(&st->sb);
	/* The pack's grades come first, best first, even when no record
	 * got them: the chart shows the whole scale. */
	n = ctx->pack ? sa_pack_grade_count(ctx->pack) : 0;
	for (i = 0; i < n; i++)
		if (grade_index(st, sa_pack_grade(ctx->pack, i, NULL)) < 0)
			goto nomem;
	st->n_pack_grades = st->n_grades;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static int html_record(void *state, const sai_report_context *ctx,
		       const sa_record_result *rr)
{
	sai_html_state *st = state;
	size_t i;

	(void)ctx;
	if (rr->load_error)
		sai_html_render_unreadable(st, rr);
	else if (rr->collection)
		sai_html_render_coverage(st, rr);
	else if (tally_record(st, rr) < 0 ||
		 sai_rollup_add(st->roll, rr, NULL) < 0)
		goto nomem;
	else
		sai_html_station_json(st, ctx, rr);
	for (i = 0; i < rr->finding_count; i++)
		if (rr->findings[i].status == SA_FINDING_WAIVED)
			sai_html_render_waiver(st, rr, &rr->findings[i]);
	if (st->data.failed || st->rulejs.failed || st->filejs.failed || st->coverage.failed || st->unreadable.failed ||
	    st->waived.failed)
		goto nomem;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static int html_end(void *state, const sai_report_context *ctx,
		    const sa_summary *sum, const sa_rule_summary *rules,
		    size_t rule_count)
{
	static const sa_summary empty;
	sai_html_state *st = state;
	if (!sum)
		sum = &empty;
	if (sai_rollup_finish(st->roll) < 0)
		goto nomem;
	sai_html_write_head(st, ctx);
	sai_html_write_toc(st, ctx);
	if (sai_html_write_summary(st, ctx, sum, rules, rule_count) < 0)
		goto nomem;
	sai_html_write_yoy(st, ctx);
	sai_html_write_stations(st, ctx->baseline != NULL);
	sai_html_write_rollups(st);
	sai_html_write_counties(st, ctx->pack);
	sai_strbuf_adds(&st->sb, "</section>\n");
	sai_html_write_coverage(st);
	sai_html_write_rules(st, rules, rule_count);
	sai_html_write_waivers(st);
	sai_html_write_unreadable(st);
	sai_html_write_provenance(st, ctx);
	sai_strbuf_adds(&st->sb, "</main>\n");
	if (write_data(st, ctx) < 0)
		goto nomem;
	sai_strbuf_addf(&st->sb, "<script>\n%s</script>\n</body>\n</html>\n",
			sai_html_page_js);
	if (flush_sb(st, ctx->out) < 0)
		return -1;
	return ferror(ctx->out) ? -1 : 0;
nomem:
	errno = ENOMEM;
	return -1;
}

static void html_free(void *state)
{
	sai_html_state *st = state;
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n_grades; i++)
		free(st->grades[i].name);
	free(st->grades);
	free(st->counties);
	sai_strbuf_release(&st->data);
	sai_strbuf_release(&st->rulejs);
	sai_strbuf_release(&st->scratch);
	sai_strbuf_release(&st->cite);
	sai_strbuf_release(&st->filejs);
	free(st->last_file);
	free(st->rule_ptrs);
	sai_rollup_free(st->roll);
	sai_strbuf_release(&st->coverage);
	sai_strbuf_release(&st->unreadable);
	sai_strbuf_release(&st->waived);
	sai_strbuf_release(&st->sb);
	free(st);
}

const sai_report_writer sai_report_html = {
	"html",
	"for auditors: one self-contained page with summary, charts, "
	"filters and a print layout",
	html_begin,
	html_record,
	html_end,
	html_free,
	0,
};
