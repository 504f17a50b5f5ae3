/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_personal.c - no personal value and no injection in any
 * report format.  Audits run through the public API (a pack in memory
 * that declares personal paths, dossiers written to a scratch folder)
 * into all ten formats at once, and each report is read back by its own
 * rules: XML and HTML parsed by libxml2 and searched with XPath, the
 * workbook unzipped, Markdown's escapes undone, the rest as text.
 */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "testfiles.h"
#include "testutil.h"
#include "util-internal.h"

/* staff/name is personal too: a value with no number shape at all. */
static const char pack_yaml[] =
	"standard:\n"
	"  id: pii\n"
	"  title: 个人信息测试\n"
	"  version: \"1\"\n"
	"  records: /station\n"
	"  record-id: id\n"
	"  record-name: name\n"
	"  personal: [staff/id_number, staff/phone, contact/wechat]\n"
	"rules:\n"
	"  - id: PII-ID\n"
	"    title: 身份证号格式\n"
	"    severity: major\n"
	"    value: staff/id_number\n"
	"    format: id-number\n"
	"    message: \"身份证号 {staff/id_number} 格式不对 ({actual})\"\n"
	"    message-en: \"ID {staff/id_number} is malformed ({actual})\"\n"
	"  - id: PII-WX\n"
	"    title: 微信号\n"
	"    severity: minor\n"
	"    value: contact/wechat\n"
	"    pattern: '^wx-'\n"
	"    message: \"微信号 {contact/wechat} 不对: {actual}; {contact}\"\n"
	"  - id: PII-NAME\n"
	"    title: 名称\n"
	"    severity: info\n"
	"    assert: \"not(contains(name, 'x'))\"\n"
	"    message: \"{name}\"\n";

/* The values that must never appear. */
static const char *const secrets[] = {
	"420302199001011234",   /* an ID on a line that fails to parse */
	"13900001111",          /* a phone beside it */
	"4203AB99ZZ",           /* a malformed ID: no number shape */
	"zhangsan-1988",        /* a personal path with no number shape */
	"lisi-2020",            /* a personal key's value on a bad line */
};

/* (b) and (c): a template interpolating a malformed ID, and a personal
 * path whose value is a plain word. */
static const char dossier_ok[] =
	"station:\n  id: \"S-1\"\n  name: 好站\n"
	"  staff:\n    - {name: 张三, id_number: \"4203AB99ZZ\"}\n"
	"  contact: {wechat: zhangsan-1988}\n";
/* (a): a load error quoting a line with an ID number and a phone. */
static const char dossier_broken[] =
	"station:\n  id: \"S-2\"\n  staff:\n"
	"    - {id_number: \"420302199001011234\", phone: 13900001111]\n";
/* (a) again: the value of a personal key that has no number shape. */
static const char dossier_broken_key[] =
	"{\"station\": {\"id\": \"S-3\", \"contact\": "
	"{\"wechat\": \"lisi-2020\", \"x\": [}}}\n";

static const char *const formats[] = {
	"text", "json", "csv", "html", "sarif", "junit", "xlsx", "markdown",
	"github", "svrl",
};
#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

typedef struct audit {
	char dir[64];
	char *out[N_FORMATS];   /* each report, NUL-terminated */
	size_t len[N_FORMATS];
} audit;

/* Audits the dossiers names[i] (contents texts[i]) with the pack into
 * every format (only those of want when it is not NULL). */
static void run_audit_pack(audit *a, const char *pack,
			   const char *const *names,
			   const char *const *texts, size_t n, int show,
			   const char *want)
{
	sa_pack *p = sa_pack_new();
	sa_run_options o;
	sa_run *r;
	sa_error err;
	char path[512];
	size_t i;

	memset(a, 0, sizeof(*a));
	sai_test_tmpdir(a->dir, sizeof(a->dir), "pii");
	ck_assert_int_eq(sa_pack_set_audit_date(p, "2025-06-01", &err), SA_OK);
	ck_assert_msg(sa_pack_load_buffer(p, pack, strlen(pack),
					  "pii.yaml", NULL, &err) == SA_OK,
		      "%s", err.message);
	ck_assert_msg(sa_pack_compile(p, &err) == SA_OK, "%s", err.message);
	sa_run_options_init(&o);
	o.jobs = 1;
	o.show_personal = show;
	r = sa_run_new(p, &o);
	for (i = 0; i < N_FORMATS; i++) {
		if (want && strcmp(want, formats[i]))
			continue;
		snprintf(path, sizeof(path), "%s/report.%s", a->dir,
			 formats[i]);
		ck_assert_int_eq(sa_run_add_report(r, formats[i], path, &err),
				 SA_OK);
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", a->dir, names[i]);
		write_file(path, texts[i]);
		ck_assert_int_eq(sa_run_add_path(r, path, &err), SA_OK);
	}
	ck_assert_msg(sa_run_execute(r, &err) == SA_OK, "%s", err.message);
	sa_run_free(r);
	sa_pack_free(p);
	for (i = 0; i < N_FORMATS; i++) {
		if (want && strcmp(want, formats[i]))
			continue;
		snprintf(path, sizeof(path), "%s/report.%s", a->dir,
			 formats[i]);
		a->out[i] = read_file(path, &a->len[i]);
	}
	sai_test_rmtree(a->dir);
}

static void run_audit(audit *a, const char *const *names,
		      const char *const *texts, size_t n, int show,
		      const char *want)
{
	run_audit_pack(a, pack_yaml, names, texts, n, show, want);
}

static void audit_free(audit *a)
{
	size_t i;

	for (i = 0; i < N_FORMATS; i++)
		free(a->out[i]);
}

static size_t format_index(const char *name)
{
	size_t i;

	for (i = 0; i < N_FORMATS; i++)
		if (!strcmp(formats[i], name))
			return i;
	ck_abort_msg("no format %s", name);
	return 0;
}

/* ---- reading the reports back -------------------------------------------- */

/* The number of nodes expr selects in doc. */
static int x_count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	int n;

	ck_assert_ptr_nonnull(ctx);
	xmlXPathRegisterNs(ctx, BAD_CAST "svrl",
			   BAD_CAST "http://purl.oclc.org/dsdl/svrl");
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	n = o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

/* The text and attribute nodes of doc that hold s. */
static int x_holding(xmlDocPtr doc, const char *s)
{
	char expr[256];

	snprintf(expr, sizeof(expr), "//text()[contains(., '%s')] | "
		 "//@*[contains(., '%s')]", s, s);
	return x_count(doc, expr);
}

/* Markdown as it renders: each backslash escape undone. */
static char *md_unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	ck_assert_ptr_nonnull(out);
	for (; *s; s++) {
		if (*s == '\\' && s[1] && strchr("\\`*_[]<>|~&@:.", s[1]))
			s++;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* What report i says, as one text to search: the XML formats parsed,
 * the workbook's sheets and shared strings, Markdown unescaped. */
static int report_holds(const audit *a, size_t i, const char *s)
{
	const char *name = formats[i];
	int found;

	if (!strcmp(name, "junit") || !strcmp(name, "svrl")) {
		xmlDocPtr doc = xmlReadMemory(a->out[i], (int)a->len[i],
					      "r.xml", NULL, XML_PARSE_NONET);

		ck_assert_msg(doc != NULL, "%s: not XML", name);
		found = x_holding(doc, s) > 0;
		xmlFreeDoc(doc);
	} else if (!strcmp(name, "html")) {
		htmlDocPtr doc = htmlReadMemory(a->out[i], (int)a->len[i],
						"r.html", "UTF-8",
						HTML_PARSE_NONET |
						HTML_PARSE_NOERROR |
						HTML_PARSE_NOWARNING);

		ck_assert_ptr_nonnull(doc);
		found = x_holding(doc, s) > 0;
		xmlFreeDoc(doc);
	} else if (!strcmp(name, "xlsx")) {
		static const char *const parts[] = {
			"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
			"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
		};
		size_t k;

		found = 0;
		for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
			char *x = zip_member((const unsigned char *)a->out[i],
					     a->len[i], parts[k]);

			found |= x && strstr(x, s) != NULL;
			free(x);
		}
	} else if (!strcmp(name, "markdown")) {
		char *text = md_unescape(a->out[i]);

		found = strstr(text, s) != NULL;
		free(text);
	} else {
		found = strstr(a->out[i], s) != NULL;
	}
	return found;
}

/* ---- personal data --------------------------------------------------------- */

static const char *const names3[] = { "ok.yaml", "broken.yaml",
				      "broken-key.json" };
static const char *const texts3[] = { dossier_ok, dossier_broken,
				      dossier_broken_key };

START_TEST(no_format_shows_a_personal_value)
{
	audit a;
	size_t i, k;

	run_audit(&a, names3, texts3, 3, 0, NULL);
	for (i = 0; i < N_FORMATS; i++)
		for (k = 0; k < sizeof(secrets) / sizeof(secrets[0]); k++)
			ck_assert_msg(!report_holds(&a, i, secrets[k]),
				      "%s shows %s", formats[i], secrets[k]);
	/* The findings are there, masked: the quoted lines keep their
	 * shape, a malformed ID and a plain word are masked whole. */
	i = format_index("text");
	ck_assert_ptr_nonnull(strstr(a.out[i], "{id_number: \"420"
					       "***********1234\", phone: "
					       "139****1111]"));
	ck_assert_ptr_nonnull(strstr(a.out[i], "身份证号 4********Z 格式不对"
					       " (4********Z)"));
	ck_assert_ptr_nonnull(strstr(a.out[i], "微信号 zha******1988 不对: "
					       "zha******1988; zha******1988"));
	ck_assert_ptr_nonnull(strstr(a.out[i], "\"wechat\": \"l*******0\""));
	audit_free(&a);
}
END_TEST

START_TEST(show_personal_shows_them)
{
	audit a;
	size_t i, k;

	run_audit(&a, names3, texts3, 3, 1, NULL);
	/* The values do reach every format: the test above can fail. */
	for (i = 0; i < N_FORMATS; i++) {
		int any = 0;

		for (k = 0; k < sizeof(secrets) / sizeof(secrets[0]); k++)
			any |= report_holds(&a, i, secrets[k]);
		ck_assert_msg(any, "%s shows no value", formats[i]);
	}
	i = format_index("text");
	for (k = 0; k < sizeof(secrets) / sizeof(secrets[0]); k++)
		ck_assert_msg(strstr(a.out[i], secrets[k]) != NULL,
			      "text lacks %s", secrets[k]);
	audit_free(&a);
}
END_TEST

START_TEST(masking_a_quoted_line_by_key)
{
	static const char *const paths[] = { "staff/id_number",
					     "contact/@wechat", "//phone[1]",
					     "text()" };
	static const struct { const char *in, *want; } cases[] = {
		{ "  id_number: 4203AB99", "  id_number: 4******9" },
		{ "{\"id_number\" : \"42x\", \"n\": 1}",
		  "{\"id_number\" : \"***\", \"n\": 1}" },
		{ "<phone>12345</phone><phone/>", "<phone>*****</phone><phone/>" },
		{ "<c wechat='ab-cd'/>", "<c wechat='*****'/>" },
		{ "my_id_number: 42x, phone_no: 1", "my_id_number: 42x, "
		  "phone_no: 1" },
		{ "note: 13800001111 call", "note: 138****1111 call" },
		{ "id_number: \"未填\" # 稍后", "id_number: \"**\" # 稍后" },
	};
	sai_strbuf sb;
	size_t i;

	sai_strbuf_init(&sb);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sai_strbuf_reset(&sb);
		sai_mask_keyed(cases[i].in, paths, 4, &sb);
		ck_assert_str_eq(sai_strbuf_str(&sb), cases[i].want);
	}
	sai_strbuf_release(&sb);
}
END_TEST

START_TEST(numbers_are_masked_in_any_writing)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "id 42030219920314024X.", "id 420***********024X." },
		{ "tel 139-0719-1024", "tel 139******1024" },
		{ "tel 139 0719 1024 ok", "tel 139******1024 ok" },
		{ "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x99"
		  "07191024", "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x99"
		  "****1024" },
		{ "420302-19920314-0248", "420*************0248" },
		/* Not a phone or an ID: dates, codes, short groups. */
		{ "2021-06-15 2024-06-14", "2021-06-15 2024-06-14" },
		{ "420302001-S01 4203 02", "420302001-S01 4203 02" },
		/* A village's division code is public: it stays; twelve
		 * digits of no province, or any other length, do not. */
		{ "420302001001-S01 (420302001001)",
		  "420302001001-S01 (420302001001)" },
		{ "071987654321 420302001001X", "071*****4321 420******001X" },
		{ "4203020010011", "420******0011" },
		{ "239-0719-1024", "239-0719-1024" },
		{ "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
		  "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1" },
		/* Grouped numbers inside a longer run of groups, and dots
		 * and full-width blanks between groups. */
		{ "x 139-0719-1024 152-7193-7706: y",
		  "x 139******1024 152******7706: y" },
		{ "第 2 4203 0219 9203 1402 48", "第 2 420***************2 48" },
		{ "139.0719.1024", "139******1024" },
		{ "139\xe3\x80\x80" "0719\xe3\x80\x80" "1024",
		  "139******1024" },
		{ "100.25 200.50 300.75 400.25 500.50",
		  "100.25 200.50 300.75 400.25 500.50" },
	};
	sai_strbuf sb;
	size_t i;

	sai_strbuf_init(&sb);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sai_strbuf_reset(&sb);
		sai_mask_digits(cases[i].in, &sb);
		ck_assert_str_eq(sai_strbuf_str(&sb), cases[i].want);
	}
	sai_strbuf_release(&sb);
}
END_TEST

START_TEST(numbers_in_a_station_name_are_masked)
{
	static const char *const names[] = { "n.yaml" };
	static const char *const texts[] = {
		"station:\n  id: \"S-1\"\n  name: \"x站 139-0719-1024\"\n",
	};
	audit a;
	size_t i;

	run_audit(&a, names, texts, 1, 0, NULL);
	for (i = 0; i < N_FORMATS; i++)
		ck_assert_msg(!report_holds(&a, i, "0719"), "%s shows the "
			      "number", formats[i]);
	audit_free(&a);
}
END_TEST

START_TEST(error_format_masks_the_quoted_line)
{
	sa_error err;
	char buf[2048];

	sa_error_clear(&err);
	sai_error_set(&err, SA_ERR_PARSE, "d.yaml", 3, 16, "bad");
	snprintf(err.source_line, sizeof(err.source_line),
		 "  id_number: 42030219900101123X ]");
	ck_assert_str_eq(sa_error_format(&err, buf, sizeof(buf)),
			 "d.yaml:3:16: bad\n"
			 "      id_number: 420***********123X ]\n"
			 "                   ^");
}
END_TEST

START_TEST(a_personal_station_name_is_masked)
{
	static const char pack[] =
		"standard:\n  id: case\n  title: 个案\n  version: \"1\"\n"
		"  records: /client\n  record-id: id\n"
		"  record-name: name\n  personal: [name]\n"
		"rules:\n  - id: C-1\n    title: 有电话\n"
		"    severity: major\n    require: phone\n"
		"    message: \"{id} 缺少电话\"\n";
	static const char *const names[] = { "c.yaml" };
	static const char *const texts[] = {
		"client:\n  id: C-0001\n  name: 王小明同学\n",
	};
	audit a;
	size_t i;

	run_audit_pack(&a, pack, names, texts, 1, 0, NULL);
	for (i = 0; i < N_FORMATS; i++)
		ck_assert_msg(!report_holds(&a, i, "王小明"), "%s shows the "
			      "name", formats[i]);
	ck_assert_ptr_nonnull(strstr(a.out[format_index("json")],
				     "\"name\": \"*****\""));
	ck_assert_ptr_nonnull(strstr(a.out[format_index("text")], "C-0001"));
	audit_free(&a);
	run_audit_pack(&a, pack, names, texts, 1, 1, "json");
	ck_assert_ptr_nonnull(strstr(a.out[format_index("json")], "王小明同学"));
	audit_free(&a);
}
END_TEST

/* ---- injection ------------------------------------------------------------- */

static const char dossier_plain[] =
	"station:\n  id: \"S-9\"\n  name: x站\n";

START_TEST(github_file_names_start_no_command)
{
	static const char *const names[] = {
		"a\n::error file=x::pwned.yaml",
	};
	static const char *const texts[] = { dossier_plain };
	audit a;
	const char *line;
	size_t i = format_index("github");

	run_audit(&a, names, texts, 1, 0, "github");
	ck_assert_ptr_nonnull(strstr(a.out[i], "::notice file="));
	for (line = a.out[i]; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		ck_assert_msg(strncmp(line, "::error file=x", 14) != 0,
			      "a command from a file name:\n%s", a.out[i]);
		ck_assert_msg(strncmp(line, "::", 2) != 0 ||
			      !strncmp(line, "::error file=/tmp/", 18) ||
			      !strncmp(line, "::warning file=/tmp/", 20) ||
			      !strncmp(line, "::notice file=/tmp/", 19) ||
			      !strncmp(line, "::group::", 9) ||
			      !strncmp(line, "::endgroup::", 12),
			      "unexpected command:\n%s", a.out[i]);
	}
	/* The file name shows, escaped, in the annotation and the group. */
	ck_assert_ptr_nonnull(strstr(a.out[i], "a%0A%3A%3Aerror file=x%3A%3A"
					       "pwned.yaml,line="));
	ck_assert_ptr_nonnull(strstr(a.out[i], "a\\n::error file=x::pwned.yaml"
					       " sha256 "));
	audit_free(&a);
}
END_TEST

START_TEST(html_isolates_a_right_to_left_override)
{
	static const char *const names[] = { "rlo.yaml" };
	static const char *const texts[] = {
		"station:\n  id: \"S-7\"\n  name: \"x站\xe2\x80\xae" "evil\"\n",
	};
	audit a;
	size_t i = format_index("html");
	htmlDocPtr doc;

	run_audit(&a, names, texts, 1, 0, "html");
	doc = htmlReadMemory(a.out[i], (int)a.len[i], "r.html", "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
			     HTML_PARSE_NOWARNING);
	ck_assert_ptr_nonnull(doc);
	/* The name is in the page's data, the override escaped; the
	 * page's script puts it in a <bdi> when it shows it. */
	ck_assert_ptr_nonnull(strstr(a.out[i], "x站\\u202eevil"));
	ck_assert_int_eq(x_count(doc, "//text()[contains(., '\xe2\x80\xae')]"
				 "[not(ancestor::bdi)]"), 0);
	/* Plain Chinese text needs no isolate. */
	ck_assert_int_eq(x_count(doc, "//bdi[not(contains(., '\xe2\x80\xae'))]"),
			 0);
	xmlFreeDoc(doc);
	audit_free(&a);
}
END_TEST

/* 1 when every '%' of s starts a %XX escape. */
static int percent_escapes_whole(const char *s)
{
	for (; (s = strchr(s, '%')) != NULL; s++)
		if (!strchr("0123456789ABCDEF", s[1]) || !s[1] ||
		    !strchr("0123456789ABCDEF", s[2]) || !s[2])
			return 0;
	return 1;
}

START_TEST(svrl_and_sarif_uris_are_percent_encoded)
{
	static const char *const names[] = { "100% 站#1.yaml" };
	static const char *const texts[] = {
		"station:\n  id: \"S-8\"\n  name: x站\n",
	};
	audit a;
	size_t i = format_index("svrl");
	xmlDocPtr doc;
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o;
	xmlChar *uri;
	xmlURIPtr parsed;

	run_audit(&a, names, texts, 1, 0, NULL);
	doc = xmlReadMemory(a.out[i], (int)a.len[i], "r.xml", NULL,
			    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "svrl",
			   BAD_CAST "http://purl.oclc.org/dsdl/svrl");
	o = xmlXPathEvalExpression(BAD_CAST "string(//svrl:fired-rule/"
				   "@document)", ctx);
	ck_assert_ptr_nonnull(o);
	uri = xmlXPathCastToString(o);
	ck_assert_msg(strstr((const char *)uri, "/100%25%20%E7%AB%99%231.yaml")
		      != NULL, "%s", uri);
	ck_assert_msg(!strncmp((const char *)uri, "file:///tmp/", 12), "%s",
		      uri);
	ck_assert(percent_escapes_whole((const char *)uri));
	parsed = xmlParseURI((const char *)uri);
	ck_assert_ptr_nonnull(parsed);
	ck_assert_ptr_null(parsed->fragment);
	xmlFreeURI(parsed);
	xmlFree(uri);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	/* SARIF's artifact URIs come from the same encoder. */
	i = format_index("sarif");
	ck_assert_ptr_nonnull(strstr(a.out[i], "/100%25%20%E7%AB%99%231.yaml\""));
	ck_assert_ptr_null(strstr(a.out[i], "100% "));
	audit_free(&a);
}
END_TEST

START_TEST(markdown_makes_no_autolink)
{
	static const char *const names[] = { "url.yaml" };
	static const char *const texts[] = {
		"station:\n  id: \"S-6\"\n"
		"  name: \"x站 https://example.com WWW.example.org\"\n",
	};
	audit a;
	size_t i = format_index("markdown");
	const char *p;
	char *shown;

	run_audit(&a, names, texts, 1, 0, "markdown");
	/* What GitHub's autolinker looks for is never in the source... */
	ck_assert_ptr_null(strstr(a.out[i], "https://example.com"));
	for (p = a.out[i]; (p = strstr(p, "://")) != NULL; p++)
		ck_assert_msg(p > a.out[i] && p[-1] == '\\', "%s", a.out[i]);
	ck_assert_ptr_null(strstr(a.out[i], "WWW.example"));
	ck_assert_ptr_nonnull(strstr(a.out[i], "https\\://example.com "
					       "WWW\\.example.org"));
	/* ...and the text renders as the dossier wrote it. */
	shown = md_unescape(a.out[i]);
	ck_assert_ptr_nonnull(strstr(shown, "x站 https://example.com "
					    "WWW.example.org"));
	free(shown);
	audit_free(&a);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("report personal data and injection");
	TCase *tc = tcase_create("personal");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, no_format_shows_a_personal_value);
	tcase_add_test(tc, show_personal_shows_them);
	tcase_add_test(tc, masking_a_quoted_line_by_key);
	tcase_add_test(tc, error_format_masks_the_quoted_line);
	tcase_add_test(tc, numbers_are_masked_in_any_writing);
	tcase_add_test(tc, numbers_in_a_station_name_are_masked);
	tcase_add_test(tc, a_personal_station_name_is_masked);
	tcase_add_test(tc, github_file_names_start_no_command);
	tcase_add_test(tc, html_isolates_a_right_to_left_override);
	tcase_add_test(tc, svrl_and_sarif_uris_are_percent_encoded);
	tcase_add_test(tc, markdown_makes_no_autolink);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
