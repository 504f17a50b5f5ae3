/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-html-text.c - the words of the HTML report and how text goes
 * into it: the fixed zh/en text table, a grade's word, escaping for HTML
 * (through libxml2) and for the JSON of the page's data block, and the
 * numbers.  Apart because every other part of the page writes through
 * these: this is where to look for what a dossier's text can and cannot
 * do to the page.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>
#include <libxml/xmlmemory.h>

#include "report-html-internal.h"
#include "report-internal.h"
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
	[L_NOT_PLACED] = { "未归入区划", "not placed" },
	[L_SCORING] = { "评分设定", "Scoring settings" },
	[L_TOWNSHIP_COVERAGE] = { "有评估站点的乡镇",
				  "townships with an assessed station" },
	[L_COVERAGE_NOTE] = { "有评估站点的乡镇：区划表中该区划计入全覆盖的乡镇"
			      "(街道)（乡级代码 001-399）中，本次有已评估站点"
			      "（合格或不合格，不论其层级与运营状态）的个数。"
			      "这不是 coverage 标准的覆盖率：覆盖要求有运营中的"
			      "乡镇(街道)社工站，由覆盖规则判定（--region）。",
			      "Townships with an assessed station: of the "
			      "division's townships that coverage counts "
			      "(township digits 001-399), those with a station "
			      "assessed in this run (passed or failed, whatever "
			      "its level or status).  This is not the coverage "
			      "standard's coverage, which needs an operating "
			      "township station: the coverage rules judge that "
			      "(--region)." },
	[L_JURISDICTION] = { "适用地区", "Jurisdiction" },
	[L_EVERYWHERE] = { "不限", "everywhere" },
};

/* The grade's name in the report's language when it is one of the usual
 * ones, else as the pack wrote it (the caller escapes it). */
const char *sai_html_grade_label(const sai_html_state *st,
				 const char *name)
{
	return sai_report_grade_word(name, st->lang);
}

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
 * or NULL when s needs no change (or on allocation failure: *failed).
 * A carriage return goes too: libxml2 would write it &#13;, which HTML
 * counts a parse error (a control-character reference); one before a
 * line feed is dropped, one alone (a file name's) is replaced. */
static char *clean_text(const char *str, int *failed)
{
	const unsigned char *s = (const unsigned char *)str;
	sai_strbuf sb;
	size_t n;

	for (; *s; s += n)
		if (!(n = utf8_len(s)) ||
		    (n == 1 && (is_bad_control(*s) || *s == '\r')))
			break;
	if (!*s)
		return NULL;
	sai_strbuf_init(&sb);
	sai_strbuf_add(&sb, str, (size_t)((const char *)s - str));
	for (; *s; s += n ? n : 1) {
		n = utf8_len(s);
		if (n == 1 && *s == '\r' && s[1] == '\n')
			continue;
		if (!n || (n == 1 && (is_bad_control(*s) || *s == '\r')))
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

/* ---- JSON strings for the page's data block ------------------------------ */

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
