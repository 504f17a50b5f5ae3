/*
 * report.c - the table of report writers and what they share: JSON
 * string escaping, the message of a finding, the fixed words in Chinese
 * and English.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
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

/* Writes the run of len plain bytes ending before p. */
static int flush_plain(FILE *out, const unsigned char *start,
		       const unsigned char *p)
{
	size_t len = (size_t)(p - start);

	return (len && fwrite(start, 1, len, out) != len) ? -1 : 0;
}

int sai_json_write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *start, *end;
	char buf[8];

	if (!str)
		return fputs("null", out) == EOF ? -1 : 0;
	end = s + strlen(str);
	if (putc('"', out) == EOF)
		return -1;
	for (start = s; s < end;) {
		size_t n = utf8_sequence(s, (size_t)(end - s));
		const char *esc = NULL;

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
		if (flush_plain(out, start, s) < 0 || fputs(esc, out) == EOF)
			return -1;
		s += n ? n : 1;
		start = s;
	}
	if (flush_plain(out, start, s) < 0 || putc('"', out) == EOF)
		return -1;
	return 0;
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
	{ "critical", "严重", "critical" },
	{ "error", "错误", "error" },
	{ "expected", "应为", "expected" },
	{ "fail", "不通过", "fail" },
	{ "failing", "不合格记录", "failing" },
	{ "failures", "不通过按严重程度", "failures by severity" },
	{ "files", "文件", "files" },
	{ "findings", "检查结果", "findings" },
	{ "grade", "等级", "grade" },
	{ "grade:excellent", "优秀", "excellent" },
	{ "grade:fail", "不合格", "fail" },
	{ "grade:good", "良好", "good" },
	{ "grade:pass", "合格", "pass" },
	{ "info", "提示", "info" },
	{ "major", "重要", "major" },
	{ "minor", "一般", "minor" },
	{ "not applicable", "不适用", "not applicable" },
	{ "not_applicable", "不适用", "not applicable" },
	{ "pass", "通过", "pass" },
	{ "records", "记录", "records" },
	{ "rules", "规则", "rules" },
	{ "score", "得分", "score" },
	{ "severity", "严重程度", "severity" },
	{ "unreadable", "无法读取", "unreadable" },
	{ "waived", "已豁免", "waived" },
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
