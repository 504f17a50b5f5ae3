/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - the table of report writers and what they share: JSON
 * string escaping, the message of a finding, the fixed words in Chinese
 * and English.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pack-internal.h"
#include "report-internal.h"
#include "sha256-internal.h"
#include "util-internal.h"

/* Adding a format: one new file and one line here. */
static const sai_report_writer *const writers[] = {
	&sai_report_text,
	&sai_report_json,
	&sai_report_html,
	&sai_report_junit,
	&sai_report_sarif,
	&sai_report_github,
	&sai_report_markdown,
	&sai_report_csv,
	&sai_report_svrl,
	&sai_report_xlsx,
	&sai_report_codequality,
};

#define N_WRITERS (sizeof(writers) / sizeof(writers[0]))

const sai_report_writer *sai_report_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < N_WRITERS; i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

const char *sa_report_format_name(size_t i)
{
	return i < N_WRITERS ? writers[i]->name : NULL;
}

/* ---- JSON strings -------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (at most avail bytes), or 0
 * when the bytes there are not one. */
static size_t utf8_sequence(const unsigned char *s, size_t avail)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail || !sai_utf8_valid((const char *)s, n))
		return 0;
	return n;
}

/* The escape for the byte at s, or NULL when it goes out as it is.
 * Besides what RFC 8259 requires, "</" and "<!" are written "\u003c/" and
 * "\u003c!" so that a report can be embedded in an HTML <script> without
 * a dossier's text closing it. */
static const char *json_escape(const unsigned char *s, char *buf,
			       size_t size)
{
	switch (s[0]) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '<':
		return (s[1] == '/' || s[1] == '!') ? "\\u003c" : NULL;
	default:
		break;
	}
	if (s[0] < 0x20 || s[0] == 0x7f) {
		snprintf(buf, size, "\\u%04x", (unsigned)s[0]);
		return buf;
	}
	return NULL;
}

/* U+2028 and U+2029 are valid JSON but end a line in older JavaScript. */
static int is_js_line_end(const unsigned char *s, size_t n)
{
	return n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	       (s[2] == 0xa8 || s[2] == 0xa9);
}

/* Writes str as a JSON string through emit (which returns -1 on an
 * error). */
static int json_string(const char *str,
		       int (*emit)(void *ctx, const char *s, size_t n),
		       void *ctx)
{
	const unsigned char *s = (const unsigned char *)str, *start, *end;
	char buf[8];

	if (!str)
		return emit(ctx, "null", 4);
	end = s + strlen(str);
	if (emit(ctx, "\"", 1) < 0)
		return -1;
	for (start = s; s < end;) {
		size_t n;
		const char *esc = NULL;

		/* printable ASCII that needs no escape, the most of a
		 * report's strings (paths, digests, codes), in one run */
		while (s < end && *s >= 0x20 && *s < 0x7f && *s != '"' &&
		       *s != '\\' && *s != '<')
			s++;
		if (s == end)
			break;
		n = utf8_sequence(s, (size_t)(end - s));

		if (n == 1)
			esc = json_escape(s, buf, sizeof(buf));
		else if (n == 0)
			esc = "\xef\xbf\xbd"; /* U+FFFD for each bad byte */
		else if (is_js_line_end(s, n))
			esc = s[2] == 0xa8 ? "\\u2028" : "\\u2029";
		if (!esc) {
			s += n;
			continue;
		}
		if ((s > start && emit(ctx, (const char *)start,
				       (size_t)(s - start)) < 0) ||
		    emit(ctx, esc, strlen(esc)) < 0)
			return -1;
		s += n ? n : 1;
		start = s;
	}
	if ((s > start &&
	     emit(ctx, (const char *)start, (size_t)(s - start)) < 0) ||
	    emit(ctx, "\"", 1) < 0)
		return -1;
	return 0;
}

static int emit_file(void *ctx, const char *s, size_t n)
{
	return fwrite(s, 1, n, (FILE *)ctx) == n ? 0 : -1;
}

static int emit_strbuf(void *ctx, const char *s, size_t n)
{
	sai_strbuf *sb = ctx;

	sai_strbuf_add(sb, s, n);
	return sb->failed ? -1 : 0;
}

int sai_json_write_string(FILE *out, const char *str)
{
	return json_string(str, emit_file, out);
}

int sai_json_add_string(sai_strbuf *sb, const char *str)
{
	return json_string(str, emit_strbuf, sb);
}

/* ---- messages and words -------------------------------------------------- */

const char *sai_report_message(const sa_finding *f, const char *lang)
{
	if (!f)
		return "";
	if (f->message && f->message[0])
		return f->message;
	/* A finding without a message (a pass, or a rule whose template is
	 * empty) is named by its rule, in the report's language. */
	if (lang && !strcmp(lang, "en") && f->rule && f->rule->title_en &&
	    f->rule->title_en[0])
		return f->rule->title_en;
	if (f->rule && f->rule->title && f->rule->title[0])
		return f->rule->title;
	if (f->rule && f->rule->id)
		return f->rule->id;
	return "";
}

typedef struct word {
	const char *key;
	const char *zh;
	const char *en;
} word;

/* Sorted by key: looked up by binary search. */
static const word words[] = {
	{ "actual", "实际", "actual" },
	{ "audit date", "审核日期", "audit date" },
	{ "audit report", "站点审核报告", "station audit report" },
	{ "basis", "依据类别", "basis" },
	{ "by city", "按市", "by city" },
	{ "by county", "按县区", "by county" },
	{ "by province", "按省", "by province" },
	{ "by township", "按乡镇", "by township" },
	{ "citation", "出处", "citation" },
	{ "city", "市", "city" },
	{ "code", "区划代码", "code" },
	{ "column", "列", "column" },
	{ "county", "县(市、区)", "county" },
	{ "coverage", "有评估站点的乡镇占比", "share with an assessed station" },
	{ "critical", "严重", "critical" },
	{ "critical failures", "严重不通过", "critical failures" },
	{ "dossier", "档案", "dossier" },
	{ "error", "错误", "error" },
	{ "expected", "应为", "expected" },
	{ "fail", "不通过", "fail" },
	{ "failing", "有不通过项的记录", "with failures" },
	{ "failing rules", "不通过规则", "failing rules" },
	{ "failures", "不通过按严重程度", "failures by severity" },
	{ "file", "文件", "file" },
	{ "files", "文件", "files" },
	{ "findings", "检查结果", "findings" },
	{ "fix", "整改建议", "fix" },
	{ "grade", "等级", "grade" },
	{ "grade:", "等级:", "grade: " },
	{ "grade:excellent", "优秀", "excellent" },
	{ "grade:fail", "不合格", "fail" },
	{ "grade:fail:veto", "否决或低于最低等级", "vetoed or below the lowest" },
	{ "grade:good", "良好", "good" },
	{ "grade:pass", "合格", "pass" },
	{ "info", "提示", "info" },
	{ "info failures", "提示不通过", "info failures" },
	{ "item", "项目", "item" },
	{ "language", "语言", "language" },
	{ "line", "行", "line" },
	{ "major", "重要", "major" },
	{ "major failures", "重要不通过", "major failures" },
	{ "mean score", "平均分", "mean score" },
	{ "median score", "得分中位数", "median score" },
	{ "message", "说明", "message" },
	{ "minor", "一般", "minor" },
	{ "minor failures", "一般不通过", "minor failures" },
	{ "name", "名称", "name" },
	{ "not applicable", "不适用", "not applicable" },
	{ "not assessed", "未评估", "not assessed" },
	{ "not listed", "未列出（超出工作表行数）", "not listed (past the last row)" },
	{ "not placed", "未归入区划", "not placed" },
	{ "not_applicable", "不适用", "not applicable" },
	{ "parameter", "参数", "parameter" },
	{ "pass", "通过", "pass" },
	{ "pass rate", "通过率", "pass rate" },
	{ "path", "路径", "path" },
	{ "province", "省", "province" },
	{ "quote", "原文", "quote" },
	{ "rank", "名次", "rank" },
	{ "rank in county", "县内名次", "rank in county" },
	{ "reason", "理由", "reason" },
	{ "record id", "记录编号", "record id" },
	{ "records", "记录", "records" },
	{ "region", "区划", "region" },
	{ "rule id", "规则编号", "rule id" },
	{ "rules", "规则", "rules" },
	{ "run", "运行", "run" },
	{ "score", "得分", "score" },
	{ "score without waivers", "不计豁免得分", "score without waivers" },
	{ "scored", "已评分", "scored" },
	{ "scoring", "评分设定", "scoring settings" },
	{ "section", "类别", "section" },
	{ "severity", "严重程度", "severity" },
	{ "source", "条文依据", "source" },
	{ "standard", "标准", "standard" },
	{ "standard input", "标准输入", "standard input" },
	{ "stations", "站点", "stations" },
	{ "stations:fail", "不合格站点", "stations failed" },
	{ "stations:pass", "合格站点", "stations passed" },
	{ "status", "状态", "status" },
	{ "summary", "概要", "summary" },
	{ "title", "标题", "title" },
	{ "totals", "合计", "totals" },
	{ "township", "乡镇(街道)", "township" },
	{ "townships counted", "应覆盖乡镇(街道)", "townships counted" },
	{ "townships covered", "有评估站点的乡镇(街道)",
	  "townships with an assessed station" },
	{ "unreadable", "无法读取", "unreadable" },
	{ "until", "有效期至", "until" },
	{ "value", "值", "value" },
	{ "verdict", "结论", "verdict" },
	{ "verdict:fail", "不合格", "failed" },
	{ "verdict:pass", "合格", "passed" },
	{ "verdict:pass rate", "合格率", "pass rate (stations)" },
	{ "version", "版本", "version" },
	{ "waived", "已豁免", "waived" },
	{ "waiver", "豁免说明", "waiver" },
};

static int cmp_word(const void *key, const void *elem)
{
	return strcmp(key, ((const word *)elem)->key);
}

const char *sai_report_word(const char *key, const char *lang)
{
	const word *w;

	if (!key)
		return "";
	w = bsearch(key, words, sizeof(words) / sizeof(words[0]),
		    sizeof(words[0]), cmp_word);
	if (!w)
		return key;
	return (lang && !strcmp(lang, "en")) ? w->en : w->zh;
}

double sai_report_score_unwaived(const sa_record_result *rr)
{
	return rr->counts[SA_FINDING_WAIVED] ? rr->score_unwaived : rr->score;
}

/* ---- verdicts -------------------------------------------------------------- */

sai_verdict sai_report_verdict(const sa_record_result *rr)
{
	if (rr->collection)
		return SAI_VERDICT_NONE;
	/* Unreadable means one thing in every report: the dossier could
	 * not be loaded (summary.unreadable counts the same).  A readable
	 * record without an id is judged by its findings, the missing id
	 * among them (BASE-ID-01). */
	if (rr->load_error)
		return SAI_VERDICT_UNREADABLE;
	if (rr->not_assessed)
		return SAI_VERDICT_NOT_ASSESSED;
	/* A rule that could not be evaluated leaves the audit incomplete
	 * (exit 3): whatever the others gave, the station has not shown
	 * that it passes. */
	if (rr->counts[SA_FINDING_ERROR])
		return SAI_VERDICT_FAIL;
	if (rr->grade)
		return strcmp(rr->grade, "fail") && !rr->below_pass ?
			SAI_VERDICT_PASS : SAI_VERDICT_FAIL;
	return sai_report_fails_at(rr, sai_report_verdict_at(rr->verdict_at)) ?
		SAI_VERDICT_FAIL : SAI_VERDICT_PASS;
}

int sai_report_verdict_at(int verdict_at)
{
	if (verdict_at < 0 || verdict_at > SA_SEVERITY_COUNT)
		return -1;
	return verdict_at ? verdict_at - 1 : SA_SEVERITY_MAJOR;
}

int sai_report_fails_at(const sa_record_result *rr, int at)
{
	int s;

	for (s = at; s >= 0 && s < SA_SEVERITY_COUNT; s++)
		if (rr->fail_by_severity[s])
			return 1;
	return 0;
}

void sai_verdicts_add(sai_verdicts *v, const sa_record_result *rr)
{
	switch (sai_report_verdict(rr)) {
	case SAI_VERDICT_PASS: v->pass++; break;
	case SAI_VERDICT_FAIL: v->fail++; break;
	case SAI_VERDICT_NOT_ASSESSED: v->not_assessed++; break;
	case SAI_VERDICT_UNREADABLE: v->unreadable++; break;
	case SAI_VERDICT_NONE: break;
	}
}

double sai_verdicts_rate(const sai_verdicts *v)
{
	if (v->pass + v->fail == 0)
		return -1;
	return (double)v->pass / (double)(v->pass + v->fail);
}

const char *sai_report_verdict_key(sai_verdict v)
{
	switch (v) {
	case SAI_VERDICT_PASS: return "verdict:pass";
	case SAI_VERDICT_FAIL: return "verdict:fail";
	case SAI_VERDICT_NOT_ASSESSED: return "not assessed";
	case SAI_VERDICT_UNREADABLE: return "unreadable";
	case SAI_VERDICT_NONE: break;
	}
	return NULL;
}

const char *sai_report_verdict_rule(const char *lang)
{
	if (lang && !strcmp(lang, "en"))
		return "A station passes when it reaches the standard's pass "
		       "grade (no one-vote veto); a station the standard does "
		       "not grade (a score, no grade) passes when it has no "
		       "failure at or above --fail-on (default major). "
		       "Not-assessed and unreadable records are counted "
		       "apart.";
	return "站点达到标准的合格等级（且未触发一票否决）为合格；标准未评级的"
	       "站点（有得分、无等级）无 --fail-on 所定级别（默认：重要）及以上的"
	       "不通过项为合格。未评估与无法读取的记录单独计数。";
}

const char *sai_report_grade_word(const char *grade, const char *lang)
{
	char key[64];
	const char *w;

	if (!grade)
		return "";
	if (snprintf(key, sizeof(key), "grade:%s", grade) >= (int)sizeof(key))
		return grade;
	w = sai_report_word(key, lang);
	return w == key ? grade : w;
}

/* ---- the scoring settings ---------------------------------------------- */

int sai_report_has_scoring(const sa_pack *pack)
{
	size_t i;

	if (!pack)
		return 0;
	if (sa_pack_grade_count(pack))
		return 1;
	for (i = 0; i < sa_pack_profile_count(pack); i++)
		if (sa_pack_profile(pack, i)->chosen)
			return 1;
	return 0;
}

const char *sai_report_pass_grade(const sa_pack *pack, double *min)
{
	size_t i, n = pack ? sa_pack_grade_count(pack) : 0, at = n;

	/* Highest first: the last at or above the pass-grade's bound. */
	for (i = 0; i < n; i++)
		if (!pack->has_pass_min || pack->grades[i].min >= pack->pass_min)
			at = i;
	if (at == n)
		return NULL;
	if (min)
		*min = pack->grades[at].min;
	return pack->grades[at].name;
}

/* One line: the label in lang, the value in sb (then emptied). */
static void scoring_line(sai_scoring_fn fn, void *arg, int en,
			 const char *zh, const char *english, sai_strbuf *sb)
{
	fn(en ? english : zh, sb->buf ? sb->buf : "", arg);
	sai_strbuf_reset(sb);
}

/* A chosen profile: name (standard): description; its basis. */
static void scoring_profile(sai_strbuf *sb, const sa_profile_info *pr,
			    int en)
{
	const sa_basis *b = pr->basis;
	const char *reason = b ? (en && b->reason_en ? b->reason_en :
				  b->reason) : NULL;

	sai_report_add_visible(sb, pr->name);
	sai_strbuf_adds(sb, " (");
	sai_report_add_visible(sb, pr->standard);
	sai_strbuf_addc(sb, ')');
	if (pr->description) {
		sai_strbuf_adds(sb, en ? ": " : "：");
		sai_report_add_visible(sb, pr->description);
	}
	if (b && sa_basis_kind_name(b->kind, en ? "en" : "zh")) {
		sai_strbuf_adds(sb, en ? "; basis: " : "；依据：");
		sai_strbuf_adds(sb, sa_basis_kind_name(b->kind,
						       en ? "en" : "zh"));
		if (reason) {
			sai_strbuf_adds(sb, en ? ": " : "：");
			sai_report_add_visible(sb, reason);
		}
	}
}

int sai_report_scoring_each(const sa_pack *pack, const char *lang,
			    sai_scoring_fn fn, void *arg)
{
	int en = lang && !strcmp(lang, "en"), lines = 0;
	size_t i, k, n;
	const char *pass;
	double min = 0;
	sai_strbuf sb;

	if (!sai_report_has_scoring(pack))
		return 0;
	sai_strbuf_init(&sb);
	for (i = 0; i < sa_pack_profile_count(pack); i++)
		if (sa_pack_profile(pack, i)->chosen) {
			scoring_profile(&sb, sa_pack_profile(pack, i), en);
			scoring_line(fn, arg, en, "评分方案", "scoring profile",
				     &sb);
			lines++;
		}
	n = sa_pack_grade_count(pack);
	for (i = 0; i < n; i++) {
		double t = 0;
		const char *g = sa_pack_grade(pack, i, &t);

		sai_strbuf_adds(&sb, i ? (en ? ", " : "，") : "");
		sai_report_add_visible(&sb, sai_report_grade_word(g, lang));
		sai_strbuf_addf(&sb, " >= %g", t);
	}
	if (n) {
		sai_strbuf_adds(&sb, en ? "; below the lowest: fail" :
				"；低于最低等级为不合格");
		scoring_line(fn, arg, en, "等级 (得分)", "grades (score)", &sb);
		lines++;
	}
	if ((pass = sai_report_pass_grade(pack, &min))) {
		sai_report_add_visible(&sb, sai_report_grade_word(pass, lang));
		sai_strbuf_addf(&sb, " (>= %g)", min);
		sai_strbuf_adds(&sb, en ? ": a lower grade is not passed" :
				"：低于此等级的站点不合格");
		scoring_line(fn, arg, en, "合格等级", "pass grade", &sb);
		lines++;
	}
	n = sa_pack_rule_count(pack);
	for (i = k = 0; i < n; i++)
		if (sa_pack_rule_veto(pack, sa_pack_rule(pack, i))) {
			sai_strbuf_adds(&sb, k++ ? ", " : "");
			sai_report_add_visible(&sb, sa_pack_rule(pack, i)->id);
		}
	if (!k)
		sai_strbuf_adds(&sb, en ? "none" : "无");
	scoring_line(fn, arg, en, "一票否决", "one-vote vetoes", &sb);
	for (i = 0; i < n; i++) {
		const sa_rule_info *r = sa_pack_rule(pack, i);

		sai_strbuf_adds(&sb, i ? ", " : "");
		sai_report_add_visible(&sb, r->id);
		sai_strbuf_addf(&sb, " %g", r->weight);
	}
	scoring_line(fn, arg, en, "规则权重", "rule weights", &sb);
	lines += 2;
	if (sb.failed) {
		sai_strbuf_release(&sb);
		return -1;
	}
	sai_strbuf_release(&sb);
	return lines;
}

void sai_report_county(const char *region, char code[8])
{
	size_t i;

	code[0] = '\0';
	for (i = 0; region && i < 6; i++)
		if (region[i] < '0' || region[i] > '9')
			return;
	if (region) {
		memcpy(code, region, 6);
		code[6] = '\0';
	}
}

/* ---- shared by the writers ----------------------------------------------- */

const char *sai_report_lang(const sai_report_context *ctx)
{
	return ctx && ctx->opts && ctx->opts->lang &&
	       !strcmp(ctx->opts->lang, "en") ? "en" : "zh";
}

const char *sai_report_rule_title(const sa_rule_info *r, const char *lang)
{
	if (!r)
		return "";
	if (lang && !strcmp(lang, "en") && r->title_en && r->title_en[0])
		return r->title_en;
	if (r->title && r->title[0])
		return r->title;
	return r->id ? r->id : "";
}

const char *sai_report_input_sha256(const sai_report_context *ctx,
				    const char *path, size_t *hint)
{
	size_t i, k, n = ctx->inputs ? ctx->input_count : 0;

	/* Records come in the order of the inputs: the search starts at
	 * the last one found (a scan from the start for every record made
	 * a JUnit report of 10,000 files quadratic). */
	for (k = 0; path && k < n; k++) {
		i = ((hint ? *hint : 0) + k) % n;
		if (!strcmp(ctx->inputs[i].path, path)) {
			if (hint)
				*hint = i;
			return ctx->inputs[i].sha256[0] ?
				ctx->inputs[i].sha256 : NULL;
		}
	}
	return NULL;
}

int sai_report_flush(sai_strbuf *sb, const sai_strbuf *scratch, FILE *out)
{
	if (sb->failed || (scratch && scratch->failed)) {
		errno = ENOMEM;
		return -1;
	}
	if (sb->len && fwrite(sb->buf, 1, sb->len, out) != sb->len)
		return -1;
	sai_strbuf_reset(sb);
	return 0;
}

const char *sai_report_level(sa_severity severity)
{
	switch (severity) {
	case SA_SEVERITY_CRITICAL:
	case SA_SEVERITY_MAJOR:
		return "error";
	case SA_SEVERITY_MINOR:
		return "warning";
	default:
		return "note";
	}
}

/* 1 for what XML 1.0 refuses or a report should not carry: C0 controls
 * but tab, LF and CR; DEL; U+FFFE and U+FFFF. */
static int unwanted(const unsigned char *s, size_t n)
{
	if (n == 1)
		return (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' &&
			s[0] != '\r') || s[0] == 0x7f;
	return n == 3 && s[0] == 0xef && s[1] == 0xbf &&
	       (s[2] == 0xbe || s[2] == 0xbf);
}

void sai_report_add_clean(sai_strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *end;

	if (!str)
		return;
	end = s + strlen(str);
	while (s < end) {
		size_t n = utf8_sequence(s, (size_t)(end - s));

		if (n == 0 || unwanted(s, n)) {
			sai_strbuf_adds(sb, "\xef\xbf\xbd");
			s += n ? n : 1;
			continue;
		}
		sai_strbuf_add(sb, (const char *)s, n);
		s += n;
	}
}

char *sa_text_clean(const char *text)
{
	sai_strbuf sb;

	sai_strbuf_init(&sb);
	sai_report_add_clean(&sb, text);
	return sai_strbuf_detach(&sb, NULL);
}

/* The code point of the valid UTF-8 sequence s of n bytes. */
static unsigned long code_point(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned long cp = s[0] & lead_mask[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/* 1 for a character that changes how text reads without showing
 * itself: the bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069), the zero-width and blank-looking ones
 * (U+00AD, U+115F, U+1160, U+180E, U+200B-U+200D, U+2060, U+3164,
 * U+FEFF, U+FFA0), the line and paragraph separators U+2028 and U+2029,
 * and the non-characters U+FFFE and U+FFFF. */
static int is_hidden(unsigned long cp)
{
	return cp == 0x00ad || cp == 0x061c || cp == 0x115f ||
	       cp == 0x1160 || cp == 0x180e ||
	       (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || cp == 0x2060 ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x3164 ||
	       cp == 0xfeff || cp == 0xffa0 || cp == 0xfffe || cp == 0xffff;
}

/* 1 for a character of a right-to-left script (Hebrew to NKo and their
 * presentation forms, the RTL planes of the SMP). */
static int is_rtl(unsigned long cp)
{
	return (cp >= 0x0590 && cp <= 0x08ff) ||
	       (cp >= 0xfb1d && cp <= 0xfdff) ||
	       (cp >= 0xfe70 && cp <= 0xfefe) ||
	       (cp >= 0x10800 && cp <= 0x10fff) ||
	       (cp >= 0x1e800 && cp <= 0x1efff);
}

int sai_report_needs_isolate(const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	const unsigned char *end = s + strlen((const char *)s);

	while (s < end) {
		size_t n = utf8_sequence(s, (size_t)(end - s));
		unsigned long cp;

		if (n == 0) {
			s++;
			continue;
		}
		cp = code_point(s, n);
		if (is_hidden(cp) || is_rtl(cp))
			return 1;
		s += n;
	}
	return 0;
}

/* 1 when p is the dot of "www." (GitHub's extended autolinks start
 * there; an escaped dot does not). */
static int is_www_dot(const char *start, const char *p)
{
	return *p == '.' && p - start >= 3 &&
	       (p[-1] | 0x20) == 'w' && (p[-2] | 0x20) == 'w' &&
	       (p[-3] | 0x20) == 'w';
}

void sai_report_add_md_inert(sai_strbuf *sb, const char *s)
{
	static const char punct[] = "\\`*_[]<>|~&@:#";
	const char *p;

	for (p = s; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			sai_strbuf_addc(sb, ' ');
		else if (strchr(punct, *p) || is_www_dot(s, p)) {
			sai_strbuf_addc(sb, '\\');
			sai_strbuf_addc(sb, *p);
		} else
			sai_strbuf_addc(sb, *p);
	}
}

/* add_visible (line set) and add_shown: one table of what is escaped. */
static void add_escaped_text(sai_strbuf *sb, const char *str, int line)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	const unsigned char *end = s + strlen((const char *)s);

	while (s < end) {
		size_t n = utf8_sequence(s, (size_t)(end - s));
		unsigned long cp = n ? code_point(s, n) : 0;

		if (n == 0)
			sai_strbuf_adds(sb, "\xef\xbf\xbd");
		else if (!line && (cp == '\n' || cp == '\t' || cp == '\r'))
			sai_strbuf_addc(sb, (char)cp);
		else if (cp == '\n' || cp == '\t')
			sai_strbuf_adds(sb, cp == '\n' ? "\\n" : "\\t");
		else if (cp < 0x20 || cp == 0x7f || (cp == '[' && sb->len >= 2 &&
		    !memcmp(sb->buf + sb->len - 2, "##", 2)))
			sai_strbuf_addf(sb, "\\x%02x", (unsigned)cp);
		else if ((cp >= 0x80 && cp < 0xa0) || is_hidden(cp))
			sai_strbuf_addf(sb, "\\u%04lx", cp);
		else
			sai_strbuf_add(sb, (const char *)s, n);
		s += n ? n : 1;
	}
}

void sai_report_add_visible(sai_strbuf *sb, const char *str)
{
	add_escaped_text(sb, str, 1);
}

void sai_report_add_shown(sai_strbuf *sb, const char *str)
{
	add_escaped_text(sb, str, 0);
}

/* ---- URIs ---------------------------------------------------------------- */

const char *sai_report_uri(sai_strbuf *sb, const char *path)
{
	static const char keep[] = "-._~/";
	const unsigned char *p = (const unsigned char *)(path ? path : "");

	sai_strbuf_reset(sb);
	if (*p == '/')
		sai_strbuf_adds(sb, "file://");
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			sai_strbuf_addc(sb, (char)*p);
		else
			sai_strbuf_addf(sb, "%%%02X", (unsigned)*p);
	}
	return sai_strbuf_str(sb);
}

/* ---- CI --------------------------------------------------------------- */

const char *sai_report_finding_key(int collection, const char *path,
				   unsigned long line, char buf[32])
{
	if (path && path[0])
		return path;
	if (!collection || !line)
		return "";
	snprintf(buf, 32, "line %lu", line);
	return buf;
}

int sai_report_fingerprint(const sa_record_result *rr, const sa_finding *f,
			   char hex[65])
{
	sai_sha256 *h = sai_sha256_begin();
	const char *parts[4];
	char line[32], key[32];
	size_t i;

	/* The record is its id in its file; a record without one, or not
	 * assessed (a copy of a station: the same id again), is its line. */
	snprintf(line, sizeof(line), "line %lu", rr->line);
	parts[0] = f->rule && f->rule->id ? f->rule->id : "";
	/* The file as the reports show it: inside the current folder,
	 * relative to it, so that a checkout's place does not count. */
	parts[1] = rr->file ? sai_report_local_path(rr->file) : "";
	parts[1] = parts[1] ? parts[1] : rr->file;
	parts[2] = rr->record_id && *rr->record_id && !rr->not_assessed ?
		   rr->record_id : line;
	parts[3] = sai_report_finding_key(rr->collection, f->path, f->line,
					  key);
	for (i = 0; h && i < 4; i++)
		sai_sha256_add(h, parts[i], strlen(parts[i]) + 1);
	return h ? sai_sha256_end(h, hex) : -1;
}

int sai_report_is_stdin(const char *file)
{
	return file && !strcmp(file, "-");
}

const char *sai_report_local_path(const char *path)
{
	char cwd[4096];
	size_t n;

	if (!path || path[0] != '/')
		return path;
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	n = strlen(cwd);
	if (n == 1)             /* / : every path is inside */
		return path[1] ? path + 1 : NULL;
	if (!strncmp(path, cwd, n) && path[n] == '/' && path[n + 1])
		return path + n + 1;
	return NULL;
}

const char *sai_report_ci_path(const sa_record_result *rr,
			       const sa_finding *f, unsigned long *line)
{
	const char *file = f->file ? f->file : rr->file;
	const char *local = sai_report_local_path(file);

	*line = f->line ? f->line : 1;
	if (sai_report_is_stdin(file))
		return "(standard input)";
	if (file && file[0] && file[0] != '(')
		return local ? local : file;
	local = f->rule ? sai_report_local_path(f->rule->file) : NULL;
	if (local && local[0]) {
		*line = f->rule->line ? f->rule->line : 1;
		return local;
	}
	*line = 1;
	return "(collection)";
}

/* ---- XML reports --------------------------------------------------------- */

static int xw_check(sai_xw *x, int rc)
{
	if (rc < 0)
		x->failed = 1;
	return rc;
}

static void xw_indent(sai_xw *x)
{
	xw_check(x, xmlTextWriterSetIndent(x->w, 1));
	xw_check(x, xmlTextWriterSetIndentString(x->w, BAD_CAST "  "));
}

int sai_xw_open_document(sai_xw *x, FILE *out)
{
	xmlOutputBufferPtr ob;

	memset(x, 0, sizeof(*x));
	sai_strbuf_init(&x->tmp);
	/* The output buffer flushes but does not close out: the run does. */
	if (!(ob = xmlOutputBufferCreateFile(out, NULL)))
		goto fail;
	if (!(x->w = xmlNewTextWriter(ob))) {
		xmlOutputBufferClose(ob);
		goto fail;
	}
	xw_indent(x);
	xw_check(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
	if (!x->failed)
		return 0;
fail:
	sai_xw_free(x);
	errno = errno ? errno : ENOMEM;
	return -1;
}

int sai_xw_open_fragment(sai_xw *x, int depth)
{
	int i;

	memset(x, 0, sizeof(*x));
	sai_strbuf_init(&x->tmp);
	if (!(x->buf = xmlBufferCreate()) ||
	    !(x->w = xmlNewTextWriterMemory(x->buf, 0)))
		return -1;
	xw_indent(x);
	/* A declaration, thrown away: it tells the writer that the output
	 * is UTF-8, which it otherwise escapes in attributes (&#x5341;). */
	xw_check(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
	/* Wrappers, thrown away too, so that the fragments are indented as the
	 * children they will be. */
	for (i = 0; i < depth; i++)
		sai_xw_start(x, "w");
	if (depth) {
		/* And a child, to have the open tag closed. */
		sai_xw_start(x, "w");
		sai_xw_end(x);
	}
	xw_check(x, xmlTextWriterFlush(x->w));
	xmlBufferEmpty(x->buf);
	return x->failed ? -1 : 0;
}

void sai_xw_start(sai_xw *x, const char *name)
{
	if (!x->failed)
		xw_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void sai_xw_attr(sai_xw *x, const char *name, const char *value)
{
	if (x->failed || !value)
		return;
	sai_strbuf_reset(&x->tmp);
	sai_report_add_clean(&x->tmp, value);
	if (x->tmp.failed)
		x->failed = 1;
	else
		xw_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
			 BAD_CAST sai_strbuf_str(&x->tmp)));
}

void sai_xw_attr_size(sai_xw *x, const char *name, size_t value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", value);
	sai_xw_attr(x, name, buf);
}

void sai_xw_text(sai_xw *x, const char *text)
{
	if (x->failed || !text)
		return;
	sai_strbuf_reset(&x->tmp);
	sai_report_add_clean(&x->tmp, text);
	if (x->tmp.failed)
		x->failed = 1;
	else
		xw_check(x, xmlTextWriterWriteString(x->w,
			 BAD_CAST sai_strbuf_str(&x->tmp)));
}

void sai_xw_end(sai_xw *x)
{
	if (!x->failed)
		xw_check(x, xmlTextWriterEndElement(x->w));
}

void sai_xw_spool(sai_xw *x, FILE *spool)
{
	size_t n;

	if (x->failed || xw_check(x, xmlTextWriterFlush(x->w)) < 0)
		return;
	n = (size_t)xmlBufferLength(x->buf);
	if (n && fwrite(xmlBufferContent(x->buf), 1, n, spool) != n)
		x->failed = 1;
	xmlBufferEmpty(x->buf);
}

int sai_xw_take(sai_xw *x, char **text, size_t *len)
{
	if (x->failed || xw_check(x, xmlTextWriterFlush(x->w)) < 0)
		return -1;
	*len = (size_t)xmlBufferLength(x->buf);
	*text = sai_strndup((const char *)xmlBufferContent(x->buf), *len);
	xmlBufferEmpty(x->buf);
	return *text ? 0 : -1;
}

void sai_xw_copy_spool(sai_xw *x, FILE *spool, int newline)
{
	char chunk[8192];
	size_t n;

	if (x->failed || fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0) {
		x->failed = 1;
		return;
	}
	if (newline)
		xw_check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST "\n"));
	while (!x->failed && (n = fread(chunk, 1, sizeof(chunk), spool)) > 0)
		xw_check(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST chunk,
						     (int)n));
	if (ferror(spool))
		x->failed = 1;
}

int sai_xw_finish(sai_xw *x)
{
	if (!x->failed)
		xw_check(x, xmlTextWriterEndDocument(x->w));
	if (!x->failed)
		xw_check(x, xmlTextWriterFlush(x->w));
	if (x->failed && errno == 0)
		errno = EIO;
	return x->failed ? -1 : 0;
}

void sai_xw_free(sai_xw *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	sai_strbuf_release(&x->tmp);
	memset(x, 0, sizeof(*x));
}

/* One provenance line: indent, label, then each value (NULL ends them,
 * "" shows "-") after a space, as visible text so that no value can
 * start a line of its own. */
static void provenance_line(sai_strbuf *out, const char *indent,
			    const char *label, ...)
{
	const char *v;
	va_list ap;

	sai_strbuf_adds(out, indent);
	sai_strbuf_adds(out, label);
	va_start(ap, label);
	while ((v = va_arg(ap, const char *)) != NULL) {
		sai_strbuf_addc(out, ' ');
		sai_report_add_visible(out, v[0] ? v : "-");
	}
	va_end(ap);
	sai_strbuf_addc(out, '\n');
}

/* A scoring line of the provenance: indent, label, value. */
typedef struct provenance_scoring {
	const char *indent;
	sai_strbuf *out;
} provenance_scoring;

static void scoring_text_line(const char *label, const char *value,
			      void *arg)
{
	provenance_scoring *ps = arg;

	sai_strbuf_adds(ps->out, ps->indent);
	sai_strbuf_adds(ps->out, label);
	sai_strbuf_addc(ps->out, ' ');
	sai_strbuf_adds(ps->out, value);
	sai_strbuf_addc(ps->out, '\n');
}

void sai_report_provenance_text(const sai_report_context *ctx,
				const char *indent, sai_strbuf *out)
{
	int en = !strcmp(sai_report_lang(ctx), "en");
	size_t i, n = ctx->pack ? sa_pack_standard_count(ctx->pack) : 0;

	sai_strbuf_adds(out, en ? "provenance: stationaudit " :
			"审核依据: stationaudit ");
	sai_report_add_visible(out, ctx->tool_version ? ctx->tool_version : "?");
	sai_strbuf_adds(out, en ? ", audit date " : "，审核日期 ");
	sai_report_add_visible(out, ctx->pack ? sa_pack_audit_date(ctx->pack)
						 : "-");
	sai_strbuf_addc(out, '\n');
	for (i = 0; i < n; i++) {
		const sa_standard_info *s = sa_pack_standard(ctx->pack, i);

		provenance_line(out, indent, en ? "standard" : "标准", s->id,
				s->version ? s->version : "-",
				s->file ? s->file : "-", "sha256",
				s->sha256, (const char *)NULL);
	}
	n = ctx->pack ? sa_pack_param_count(ctx->pack) : 0;
	for (i = 0; i < n; i++) {
		const sa_param_info *p = sa_pack_param(ctx->pack, i);

		sai_strbuf_adds(out, indent);
		sai_strbuf_adds(out, en ? "parameter " : "参数 ");
		sai_report_add_visible(out, p->name);
		sai_strbuf_addc(out, '=');
		sai_report_add_visible(out, p->value);
		sai_strbuf_adds(out, " (");
		sai_report_add_visible(out, p->standard);
		sai_strbuf_adds(out, ")\n");
	}
	{
		provenance_scoring ps = { indent, out };

		(void)sai_report_scoring_each(ctx->pack,
					      sai_report_lang(ctx),
					      scoring_text_line, &ps);
	}
	for (i = 0; ctx->inputs && i < ctx->input_count; i++)
		provenance_line(out, indent, en ? "dossier" : "档案",
				ctx->inputs[i].path, "sha256",
				ctx->inputs[i].sha256, (const char *)NULL);
	for (i = 0; ctx->ledgers && i < ctx->ledger_count; i++)
		provenance_line(out, indent, en ? "waivers" : "豁免台账",
				ctx->ledgers[i].path, "sha256",
				ctx->ledgers[i].sha256, (const char *)NULL);
}
