/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_eval.c - every check kind on records, with findings, places,
 * messages and scores.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "eval-internal.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "testutil.h"

#define HEAD "standard:\n  id: t\n  title: 测试\n" \
	"params: {min_ft: 2, region: \"4203\"}\n" \
	"grades: {excellent: 90, good: 75, pass: 60}\n"

static const char dossier[] =
	"station:\n"                                   /* 1 */
	"  id: \"420302001-S01\"\n"
	"  name: 武当路街道社会工作服务站\n"
	"  level: township\n"
	"  region: {code: \"420302001\"}\n"            /* 5 */
	"  signage:\n"
	"    plaque: true\n"
	"    boards: [plaque, management_rules]\n"
	"  equipment: [computer, printer]\n"
	"  staff:\n"                                   /* 10 */
	"    - name: 王丽\n"
	"      employment: full_time\n"
	"      certificate: {level: social_worker, number: \"2021420000012345\"}\n"
	"    - name: 李明\n"
	"      employment: part_time\n"                /* 15 */
	"      certificate: {number: \"12AB\"}\n"
	"    - name: 王丽\n"
	"      employment: full_time\n"
	"  operation: {operator: {credit_code: \"91350100M000100Y43\"}}\n"
	"  established: 2021-06-15\n";                 /* 20 */

typedef struct fixture {
	sa_pack *pack;
	sai_auditor *aud;
	sai_result res;
} fixture;

/* Compiles rules (YAML text after HEAD), audits the dossier. */
static void run(fixture *fx, const char *rules, const char *doc,
		const char *lang)
{
	static char buf[32768];
	sa_error err;
	sa_source *src;
	sa_record *rec;

	snprintf(buf, sizeof(buf), HEAD "rules:\n%s", rules);
	fx->pack = sa_pack_new();
	ck_assert_int_eq(sa_pack_set_audit_date(fx->pack, "2024-06-30", &err),
			 SA_OK);
	ck_assert_msg(sa_pack_load_buffer(fx->pack, buf, strlen(buf),
					  "t.yaml", NULL, &err) == SA_OK &&
		      sa_pack_compile(fx->pack, &err) == SA_OK, "%s:%lu: %s",
		      err.file, err.line, err.message);
	ck_assert_int_eq(sai_auditor_new(fx->pack, lang, 0, &fx->aud), SA_OK);
	ck_assert_int_eq(sa_source_open_buffer(doc, strlen(doc), "d.yaml",
					       &src, &err), SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(sai_audit_record(fx->aud, rec, &fx->res), SA_OK);
	sa_record_free(rec);
	sa_source_free(src);
}

static void done(fixture *fx)
{
	sai_result_release(&fx->res);
	sai_auditor_free(fx->aud);
	sa_pack_free(fx->pack);
}

/* The findings of rule id, as "status@line" joined by spaces. */
static const char *outcome(const fixture *fx, const char *id)
{
	static char buf[512];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < fx->res.pub.finding_count; i++) {
		const sa_finding *f = &fx->res.pub.findings[i];

		if (strcmp(f->rule->id, id) != 0)
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s@%lu",
				      n ? " " : "",
				      sa_finding_status_name(f->status),
				      f->line);
	}
	return buf;
}

static const sa_finding *finding(const fixture *fx, const char *id, int k)
{
	size_t i;

	for (i = 0; i < fx->res.pub.finding_count; i++)
		if (!strcmp(fx->res.pub.findings[i].rule->id, id) && k-- == 0)
			return &fx->res.pub.findings[i];
	return NULL;
}

START_TEST(assert_and_require)
{
	fixture fx;

	run(&fx, "  - {id: A1, title: a, assert: \"level = 'township'\"}\n"
		 "  - {id: A2, title: a, assert: \"level = 'village'\"}\n"
		 "  - {id: R1, title: r, require: signage/plaque}\n"
		 "  - {id: R2, title: r, require: premises/address}\n"
		 "  - {id: R3, title: r, require: staff/certificate/level}\n",
	    dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "A1"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "A2"), "fail@1");
	ck_assert_str_eq(outcome(&fx, "R1"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "R2"), "fail@1");
	ck_assert_str_eq(outcome(&fx, "R3"), "pass@1");
	ck_assert_str_eq(finding(&fx, "R2", 0)->message, "缺少: r");
	ck_assert_str_eq(fx.res.pub.record_id, "420302001-S01");
	ck_assert_str_eq(fx.res.pub.name, "武当路街道社会工作服务站");
	ck_assert_str_eq(fx.res.pub.region, "420302001");
	done(&fx);
}
END_TEST

START_TEST(count_with_params_and_messages)
{
	fixture fx;
	const sa_finding *f;

	run(&fx, "  - id: C1\n    title: 全职\n"
		 "    count: \"staff[employment = 'full_time']\"\n"
		 "    min: $min_ft\n"
		 "  - id: C2\n    title: 全职社工\n"
		 "    count: \"staff[employment = 'full_time']\"\n"
		 "    min: 3\n"
		 "    message: \"{name}: 全职社工 {count} 名, 少于 3 名 ({$region})\"\n"
		 "    message-en: \"{id}: {count} full-time\"\n"
		 "  - {id: C3, title: t, count: staff, max: 2}\n",
	    dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "C1"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "C2"), "fail@11");
	f = finding(&fx, "C2", 0);
	ck_assert_str_eq(f->message,
			 "武当路街道社会工作服务站: 全职社工 2 名, 少于 3 名 (4203)");
	ck_assert_str_eq(f->actual, "2");
	ck_assert_str_eq(f->expected, "≥ 3");
	ck_assert_str_eq(f->path, "/station/staff[1]");
	ck_assert_str_eq(finding(&fx, "C3", 0)->expected, "≤ 2");
	done(&fx);
	run(&fx, "  - id: C2\n    title: 全职社工\n    title-en: Full time\n"
		 "    count: \"staff[employment = 'full_time']\"\n    min: 3\n"
		 "    message-en: \"{id}: {count} full-time\"\n"
		 "  - {id: C4, title: 中, title-en: EN, count: staff, min: 9}\n",
	    dossier, "en");
	ck_assert_str_eq(finding(&fx, "C2", 0)->message,
			 "420302001-S01: 2 full-time");
	ck_assert_str_eq(finding(&fx, "C4", 0)->message,
			 "EN: found 3, expected ≥ 9");
	done(&fx);
}
END_TEST

/* A message is bounded like replace()'s strings: 600 copies of a 30 KB
 * name (18 MB) are cut at 16 MiB, at a character, and say so; once they
 * were built whole (3000 copies of 100 KB: 300 MB a finding). */
START_TEST(messages_are_bounded)
{
	const char *const langs[] = { "zh", "en" };
	const char *const tails[] = { "……[消息超过 16 MiB, 已截断]",
		" ... [message cut: longer than 16 MiB]" };
	sai_strbuf rules, doc;
	const sa_finding *f;
	size_t n, k, i;
	fixture fx;

	sai_strbuf_init(&rules);
	sai_strbuf_init(&doc);
	sai_strbuf_adds(&rules, "  - id: M1\n    title: big\n"
			"    assert: \"false()\"\n    message: \"x");
	for (i = 0; i < 600; i++)
		sai_strbuf_adds(&rules, "{name}");
	sai_strbuf_adds(&rules, "\"\n    message-en: \"{$region}{name}");
	for (i = 0; i < 600; i++)
		sai_strbuf_adds(&rules, "{name}");
	sai_strbuf_adds(&rules, "\"\n");
	sai_strbuf_adds(&doc, "station:\n  name: ");
	for (i = 0; i < 10000; i++)
		sai_strbuf_adds(&doc, "站");           /* 3 bytes */
	sai_strbuf_adds(&doc, "\n  region: {code: \"420302001\"}\n");
	for (k = 0; k < 2; k++) {
		run(&fx, sai_strbuf_str(&rules), sai_strbuf_str(&doc), langs[k]);
		f = finding(&fx, "M1", 0);
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(f->status, SA_FINDING_FAIL);
		n = strlen(f->message);
		ck_assert_uint_gt(n, strlen(tails[k]));
		ck_assert_str_eq(f->message + n - strlen(tails[k]), tails[k]);
		n -= strlen(tails[k]);
		ck_assert_uint_le(n, (size_t)16 << 20);
		ck_assert_uint_gt(n, ((size_t)16 << 20) - 4);
		/* Whole characters only: the cut text is valid UTF-8. */
		ck_assert(sai_utf8_valid(f->message, n));
		done(&fx);
	}
	/* The same template on a short name is whole. */
	run(&fx, sai_strbuf_str(&rules), dossier, "zh");
	f = finding(&fx, "M1", 0);
	ck_assert_uint_eq(strlen(f->message), 1 + 600 * strlen("武当路街道社会工作服务站"));
	done(&fx);
	sai_strbuf_release(&rules);
	sai_strbuf_release(&doc);
}
END_TEST

START_TEST(values)
{
	fixture fx;

	run(&fx, "  - {id: V1, title: v, value: level, in: [township, village]}\n"
		 "  - {id: V2, title: v, value: level, in: [city]}\n"
		 "  - {id: V3, title: v, value: staff/certificate/number, each: "
		 "true, pattern: \"^[0-9]{16}$\"}\n"
		 "  - {id: V4, title: v, value: operation/operator/credit_code, "
		 "format: uscc}\n"
		 "  - {id: V5, title: v, value: premises/area_m2, min: 30}\n"
		 "  - {id: V6, title: v, value: premises/area_m2, min: 30, "
		 "optional: true}\n"
		 "  - {id: V7, title: v, value: established, format: date}\n"
		 "  - {id: V8, title: v, value: name, pattern: \"社工站$|服务站$\"}\n"
		 "  - {id: V9, title: v, value: \"string(region/code)\", "
		 "format: division-code}\n",
	    dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "V1"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "V2"), "fail@4");
	ck_assert_str_eq(finding(&fx, "V2", 0)->actual, "township");
	ck_assert_str_eq(finding(&fx, "V2", 0)->expected, "∈ {city}");
	ck_assert_str_eq(outcome(&fx, "V3"), "fail@16");
	ck_assert_str_eq(finding(&fx, "V3", 0)->actual, "12AB");
	ck_assert_str_eq(outcome(&fx, "V4"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "V5"), "fail@1");
	ck_assert_str_eq(outcome(&fx, "V6"), "not_applicable@1");
	ck_assert_str_eq(outcome(&fx, "V7"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "V8"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "V9"), "pass@1");
	done(&fx);
}
END_TEST

/* Each of srcs is left to XPath: not in the plan subset. */
static void assert_not_plain(const char *const *srcs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sai_xpath x;

		memset(&x, 0, sizeof(x));
		x.src = (char *)srcs[i];
		ck_assert_int_eq(sai_xpath_plain(&x, NULL), 0);
		ck_assert_msg(!x.plan, "%s taken for plain", srcs[i]);
		sai_plan_free(x.plan);
	}
}

/* Rule Pi (a fast path) has the findings of rule Xi (XPath). */
static void assert_same_outcome(const fixture *fx, size_t i, const char *src)
{
	char id[16], want[512];

	snprintf(id, sizeof(id), "X%zu", i);
	snprintf(want, sizeof(want), "%s", outcome(fx, id));
	snprintf(id, sizeof(id), "P%zu", i);
	ck_assert_msg(!strcmp(outcome(fx, id), want), "%s: %s, want %s", src,
		      outcome(fx, id), want);
}

/* A plain child path is walked without XPath: the same findings, in the
 * same order, as the XPath spelling of the same path. */
START_TEST(plain_paths_walk_like_xpath)
{
	static const char *const paths[][2] = {
		{ "staff/certificate/number", "./staff/certificate/number" },
		{ " staff/name ", "child::staff/child::name" },
		{ "signage/boards", "signage/self::*/boards" },
		{ "nothing/here", "./nothing/here" },
		{ "id", "./id" },
		{ "staff[employment = 'full_time']",
		  "./staff[employment = 'full_time']" },
		{ "staff[certificate/level != '' or employment = 'part_time']",
		  "./staff[certificate/level != '' or employment = 'part_time']" },
		{ "staff[name = '王丽' and employment != 'part_time']",
		  "./staff[name = '王丽' and employment != 'part_time']" },
		{ "staff[employment = 'full_time']/certificate/number",
		  "./staff[employment = 'full_time']/certificate/number" },
		{ "staff [ certificate/level ] / certificate / number",
		  "./staff[certificate/level]/certificate/number" },
		{ "staff[not(certificate/level)]/certificate/number",
		  "./staff[not(certificate/level)]/certificate/number" },
		{ "(staff/certificate/number)", "./staff/certificate/number" },
		{ "staff[count(certificate/level) = 0]/certificate/number",
		  "./staff[count(certificate/level) = 0]/certificate/number" },
	};
	static const char *const not_plain[] = {
		"./id", "/station/id", "staff[1]/name", "staff//number",
		"$region", "count(staff)", "sa:type", "staff/", "..", "a b",
		"staff[1]", "[a = 'b']", "staff[last()]/name",
		"staff[a = 'b'][c = 'd']", "staff[a = 'b']]", "staff | id",
		"staff/text()", "staff/*", "staff[. = 'x']", "@id",
		"child::staff", "(staff)[1]", "(staff)/name",
	};
	char rules[8192];
	size_t i, n = 0;
	fixture fx;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		n += (size_t)snprintf(rules + n, sizeof(rules) - n,
			"  - {id: P%zu, title: p, value: \"%s\", each: true, "
			"pattern: \"^[0-9a-z]{4,}$\"}\n"
			"  - {id: X%zu, title: p, value: \"%s\", each: true, "
			"pattern: \"^[0-9a-z]{4,}$\"}\n",
			i, paths[i][0], i, paths[i][1]);
	ck_assert_uint_lt(n, sizeof(rules) - 1);
	run(&fx, rules, dossier, "zh");
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const sai_plan *pl = fx.pack->rules[2 * i].test.plan;

		ck_assert_msg(pl && pl->kind == SAI_PLAN_PATH,
			      "%s not taken as a path", paths[i][0]);
		ck_assert_ptr_null(fx.pack->rules[2 * i + 1].test.plan);
		assert_same_outcome(&fx, i, paths[i][0]);
	}
	/* Not vacuous: the paths found what they should. */
	ck_assert_str_eq(outcome(&fx, "P0"), "fail@16");
	ck_assert_str_eq(outcome(&fx, "P3"), "fail@1");
	ck_assert_str_eq(outcome(&fx, "P8"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "P10"), "fail@16");
	done(&fx);

	assert_not_plain(not_plain, sizeof(not_plain) / sizeof(not_plain[0]));
}
END_TEST

/* Boolean plans are evaluated without XPath: the same outcome as the
 * spelling "(expr) and true()", which XPath runs. */
START_TEST(plain_comparisons_like_xpath)
{
	static const char *const exprs[] = {
		"level = 'township'",
		"level = 'village'",
		"level = \\\"township\\\" or level = 'village'",
		"level = 'city' or level = 'county'",
		"staff/employment = 'full_time'",
		"staff/employment = 'part_time' and staff/name = '李明'",
		"staff/employment = 'part_time' and staff/name = '张三'",
		"signage/plaque = 'true'",
		"signage/plaque = 'TRUE'",
		"nothing = ''",
		"region = '420302001'",           /* an element's string value */
		"region/code='420302001'or level='x'",
		"staff/certificate = '2021420000012345'",
		"level != 'township'",
		"level != 'x'",
		"staff/employment != 'full_time'",
		"staff/certificate/level != ''",
		"nothing != ''",
		"staff/employment != 'full_time' and level = 'township'",
		"not(level = 'village')",
		"not(staff[not(employment = 'full_time' or name = '李明')])",
		"staff and not(staff[not(employment = 'full_time')])",
		"staff and not(staff[not(name)])",
		"(level = 'township' or level = 'village') and not(nothing)",
		"level = 'city' or level = 'town' and staff",
		"level = 'township' or level = 'town' and nothing",
		"level = 'a' and staff or level = 'township'",
		"count(staff) >= 3",
		"count(staff) = 2",
		"count(staff[employment = 'full_time']) > 1",
		"count(nothing) = 0",
		"not(count(staff) != 3)",
		"number(region/code) > 420302000",
		"number(region/code) < 420302000",
		"number(region/code)=420302001",
		"number(nothing) != 1",
		"number(nothing) = 1",
		"number(staff/name) >= 0",
		"number(established) = 2021",
		"region/code >= 420302001 and region/code <= 420302001",
		"staff/certificate/number != 5",
		"staff/employment = 1",
		"staff/certificate/number < 100",
		"staff[certificate/level]/name = '王丽'",
		"staff[certificate]/certificate/number = '12AB'",
		"signage/boards = 'management_rules'",
		"not(signage/boards = 'service_content')",
		"matches(region/code, '^[0-9]{9}$')",
		"level = 'township' and matches(region/code, '^4203')",
		"matches(nothing, '^$')",
		"matches(staff/name, '李')",
		"matches(staff/name, '王')",
		"matches(name, '社会工作服务站$')",
		"matches(level, 'TOWN', 'i')",
		"matches(level, 'TOWN')",
		"staff[matches(name, '^李')]/employment = 'part_time'",
	};
	static const char *const not_plain[] = {
		"'x' = level", "level !== 'x'", "level ! = 'x'",
		"level = $region", "level = 'a", "count(staff) = '3'",
		"level = 'a' andb = 'c'", "level == 'a'",
		"number(region/code) >= 1.5", "count(staff) > -1",
		"level < 'x'", "number(staff)", "count(staff) + 1 = 4",
		"level = 1e3", "true()", "not(level) = 'x'",
		"number(region/code) = 1234567890123456",
		"level = 'a' and", "not level", "a div 2 = 1",
		"contains(level, 'town')", "staff/name = staff/name",
		"matches(level, 'town')", "matches(level, $region)",
		"matches('x', 'x')",
	};
	char rules[16384];
	size_t i, n = 0, k = sizeof(exprs) / sizeof(exprs[0]);
	fixture fx;

	for (i = 0; i < k; i++)
		n += (size_t)snprintf(rules + n, sizeof(rules) - n,
			"  - {id: P%zu, title: p, assert: \"%s\"}\n"
			"  - {id: X%zu, title: p, assert: \"(%s) and "
			"true()\"}\n",
			i, exprs[i], i, exprs[i]);
	ck_assert_uint_lt(n, sizeof(rules) - 1);
	run(&fx, rules, dossier, "zh");
	for (i = 0; i < k; i++) {
		const sai_plan *pl = fx.pack->rules[2 * i].test.plan;

		ck_assert_msg(pl && pl->kind != SAI_PLAN_PATH,
			      "%s not taken as a boolean plan", exprs[i]);
		ck_assert_ptr_null(fx.pack->rules[2 * i + 1].test.plan);
		assert_same_outcome(&fx, i, exprs[i]);
	}
	/* Not vacuous: both outcomes occur. */
	ck_assert_str_eq(outcome(&fx, "P0"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "P1"), "fail@1");
	ck_assert_str_eq(outcome(&fx, "P6"), "fail@1");
	ck_assert_str_eq(outcome(&fx, "P5"), "pass@1");
	done(&fx);

	assert_not_plain(not_plain, sizeof(not_plain) / sizeof(not_plain[0]));
}
END_TEST

START_TEST(contains_ratio_unique)
{
	fixture fx;
	const sa_finding *f;

	run(&fx, "  - id: K1\n    title: 四牌\n    contains: signage/boards\n"
		 "    all: [plaque, management_rules, operating_model, "
		 "service_content]\n"
		 "  - {id: K2, title: k, contains: equipment, all: [computer]}\n"
		 "  - {id: K3, title: k, contains: equipment, any: [camera, "
		 "printer]}\n"
		 "  - id: Q1\n    title: 持证\n    ratio: {of: staff, where: "
		 "\"certificate/level\", min: 0.5}\n"
		 "  - id: Q2\n    title: 无\n    ratio: {of: volunteers, where: "
		 "\"true()\", min: 0.5}\n"
		 "  - {id: U1, title: u, unique: staff/name}\n"
		 "  - {id: U2, title: u, unique: staff, key: employment}\n",
	    dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "K1"), "fail@8");
	f = finding(&fx, "K1", 0);
	ck_assert_str_eq(f->actual, "plaque, management_rules");
	ck_assert_str_eq(f->message, "四牌: 缺少 operating_model, service_content");
	ck_assert_str_eq(outcome(&fx, "K2"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "K3"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "Q1"), "fail@1");
	ck_assert_str_eq(finding(&fx, "Q1", 0)->actual, "1/3 = 0.333333");
	ck_assert_str_eq(outcome(&fx, "Q2"), "not_applicable@1");
	ck_assert_str_eq(outcome(&fx, "U1"), "fail@17");
	ck_assert_str_eq(finding(&fx, "U1", 0)->actual, "王丽");
	ck_assert_str_eq(outcome(&fx, "U2"), "fail@17");
	done(&fx);
}
END_TEST

START_TEST(applies_and_selection)
{
	fixture fx;

	run(&fx, "  - {id: P1, title: p, applies: \"level = 'village'\", "
		 "assert: \"false()\"}\n"
		 "  - {id: P2, title: p, applies: \"level = 'township'\", "
		 "assert: \"false()\"}\n",
	    dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "P1"), "not_applicable@1");
	ck_assert_str_eq(outcome(&fx, "P2"), "fail@1");
	ck_assert_uint_eq(fx.res.pub.counts[SA_FINDING_NOT_APPLICABLE], 1);
	ck_assert_uint_eq(fx.res.pub.counts[SA_FINDING_FAIL], 1);
	done(&fx);
	/* a record no standard selects: one error, rules not applicable */
	run(&fx, "  - {id: P1, title: p, assert: \"true()\"}\n",
	    "room: {id: x}\n", "zh");
	ck_assert_str_eq(outcome(&fx, "SA-RECORD"), "error@1");
	ck_assert_str_eq(outcome(&fx, "P1"), "not_applicable@1");
	done(&fx);
}
END_TEST

/* applies false: not applicable when the decided-by fields are given, a
 * failure at the rule's severity naming the missing (absent or blank)
 * ones otherwise; applies true runs the check as ever. */
START_TEST(decided_by_missing_fails)
{
	fixture fx;
	const sa_finding *f;

	run(&fx, "  - {id: D1, title: d, applies: \"operation/mode = "
		 "'purchased'\", decided-by: [operation/mode], "
		 "assert: \"true()\"}\n"
		 "  - {id: D2, title: d, applies: \"level = 'village'\", "
		 "decided-by: level, assert: \"false()\"}\n"
		 "  - {id: D3, title: d, severity: minor, applies: \"level = "
		 "'village' or operation/mode = 'post'\", decided-by: [level, "
		 "operation/mode, operation/purchaser], assert: \"true()\"}\n"
		 "  - {id: D4, title: d, applies: \"not(operation/mode = "
		 "'post')\", decided-by: operation/mode, "
		 "assert: \"false()\"}\n",
	    dossier, "en");
	ck_assert_str_eq(outcome(&fx, "D1"), "fail@1");
	f = finding(&fx, "D1", 0);
	ck_assert_str_eq(f->message, "rule cannot be judged: the dossier does "
			 "not give operation.mode");
	ck_assert_str_eq(f->actual, "(missing)");
	ck_assert_str_eq(f->expected, "operation.mode given");
	ck_assert_int_eq(f->severity, SA_SEVERITY_MAJOR);
	ck_assert_str_eq(outcome(&fx, "D2"), "not_applicable@1");
	ck_assert_str_eq(outcome(&fx, "D3"), "fail@1");
	ck_assert_str_eq(finding(&fx, "D3", 0)->message, "rule cannot be "
			 "judged: the dossier does not give operation.mode, "
			 "operation.purchaser");
	ck_assert_int_eq(finding(&fx, "D3", 0)->severity, SA_SEVERITY_MINOR);
	ck_assert_str_eq(outcome(&fx, "D4"), "fail@1");
	ck_assert_ptr_null(strstr(finding(&fx, "D4", 0)->message, "judged"));
	ck_assert_uint_eq(fx.res.pub.fail_by_severity[SA_SEVERITY_MINOR], 1);
	ck_assert_uint_eq(fx.res.pub.counts[SA_FINDING_NOT_APPLICABLE], 1);
	done(&fx);
	/* a blank field is missing too; the Chinese message */
	run(&fx, "  - {id: D1, title: d, applies: \"operation/mode = "
		 "'purchased'\", decided-by: [operation/mode], "
		 "assert: \"true()\"}\n",
	    "station:\n  operation: {mode: \" \"}\n", "zh");
	ck_assert_str_eq(outcome(&fx, "D1"), "fail@1");
	ck_assert_str_eq(finding(&fx, "D1", 0)->message,
			 "规则无法判定: 档案未填写 operation.mode");
	ck_assert_str_eq(finding(&fx, "D1", 0)->actual, "(缺失)");
	done(&fx);
}
END_TEST

START_TEST(errors_are_findings)
{
	fixture fx;

	run(&fx, "  - {id: E1, title: e, assert: \"matches(name, '^(a+)+$')\"}\n"
		 "  - {id: E2, title: e, assert: \"true()\"}\n",
	    "station:\n  name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n",
	    "zh");
	ck_assert_str_eq(outcome(&fx, "E1"), "error@1");
	ck_assert_ptr_nonnull(strstr(finding(&fx, "E1", 0)->message,
				     "规则无法求值"));
	ck_assert_str_eq(outcome(&fx, "E2"), "pass@1");
	done(&fx);
}
END_TEST

START_TEST(scores_and_grades)
{
	fixture fx;

	run(&fx, "  - {id: S1, title: s, weight: 6, assert: \"true()\"}\n"
		 "  - {id: S2, title: s, weight: 3, assert: \"true()\"}\n"
		 "  - {id: S3, title: s, weight: 1, assert: \"false()\"}\n"
		 "  - {id: S4, title: s, weight: 50, applies: \"false()\", "
		 "assert: \"false()\"}\n", dossier, "zh");
	ck_assert(fx.res.pub.score == 90);
	ck_assert_str_eq(fx.res.pub.grade, "excellent");
	done(&fx);
	run(&fx, "  - {id: S1, title: s, weight: 1, assert: \"true()\"}\n"
		 "  - {id: S3, title: s, weight: 1, assert: \"false()\"}\n",
	    dossier, "zh");
	ck_assert(fx.res.pub.score == 50);
	ck_assert_str_eq(fx.res.pub.grade, "fail");
	done(&fx);
	/* a rule failing on three nodes still weighs once */
	run(&fx, "  - {id: S1, title: s, weight: 1, assert: \"true()\"}\n"
		 "  - {id: S5, title: s, weight: 1, value: staff/name, each: "
		 "true, pattern: \"^X\"}\n", dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "S5"), "fail@11 fail@14 fail@17");
	ck_assert(fx.res.pub.score == 50);
	done(&fx);
}
END_TEST

/* An evaluation team's scheme: indicators with points, deductions capped
 * per indicator, a veto. */
START_TEST(indicators_deductions_veto)
{
	static const char pack[] =
		"standard: {id: t, title: 评估}\n"
		"grades: {excellent: 90, good: 75, pass: 60}\n"
		"indicators:\n"
		"  - id: 基础建设\n    points: 60\n    children:\n"
		"      - {id: 场地, points: 20}\n"
		"      - {id: 人员, points: 40}\n"
		"  - {id: 服务提供, points: 40}\n"
		"rules:\n"
		"  - {id: I1, title: 挂牌, indicator: 场地, deduct: 15, assert: \"false()\"}\n"
		"  - {id: I2, title: 设备, indicator: 场地, deduct: 15, assert: \"false()\"}\n"
		"  - {id: I3, title: 人数, indicator: 人员, weight: 3, assert: \"false()\"}\n"
		"  - {id: I4, title: 证书, indicator: 人员, weight: 1, assert: \"true()\"}\n"
		"  - {id: I5, title: 服务, indicator: 服务提供, assert: \"true()\"}\n"
		"  - {id: I6, title: 无关, applies: \"false()\", indicator: 服务提供, "
		"veto: true, assert: \"false()\"}\n";
	sa_pack *p = sa_pack_new();
	sai_auditor *aud;
	sa_source *src;
	sa_record *rec;
	sai_result res;
	sa_error err;
	const sa_score_item *it;

	ck_assert_int_eq(sa_pack_load_buffer(p, pack, strlen(pack), "p.yaml",
					     NULL, &err), SA_OK);
	ck_assert_msg(sa_pack_compile(p, &err) == SA_OK, "%s", err.message);
	ck_assert_int_eq(sai_auditor_new(p, "zh", 0, &aud), SA_OK);
	ck_assert_int_eq(sa_source_open_buffer(dossier, strlen(dossier),
					       "d.yaml", &src, &err), SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_int_eq(sai_audit_record(aud, rec, &res), SA_OK);
	/* 场地 loses 30 but is capped at its 20 points; 人员 loses 3/4 of
	 * 40 = 30; 基础建设 keeps 60 - 50 = 10; 服务提供 keeps 40: 50/100 */
	ck_assert(res.pub.score == 50);
	ck_assert_str_eq(res.pub.grade, "fail");
	ck_assert_int_eq(res.pub.vetoed, 0);
	ck_assert_uint_eq(res.pub.score_item_count, 7);
	it = &res.pub.score_items[0];
	ck_assert_str_eq(it->indicator, "基础建设");
	ck_assert(it->points == 60 && it->lost == 50 && it->earned == 10);
	it = &res.pub.score_items[1];
	ck_assert_str_eq(it->indicator, "场地");
	ck_assert(it->lost == 20 && it->level == 2);
	ck_assert_str_eq(res.pub.score_items[2].rule, "I1");
	ck_assert(res.pub.score_items[2].lost == 15);
	ck_assert_str_eq(res.pub.score_items[5].rule, "I3");
	ck_assert(res.pub.score_items[5].lost == 30);
	ck_assert(res.pub.score_items[6].earned == 40);
	sai_result_release(&res);
	sa_record_free(rec);
	sa_source_free(src);
	sai_auditor_free(aud);
	sa_pack_free(p);
}
END_TEST

START_TEST(veto_grades_fail)
{
	fixture fx;

	run(&fx, "  - {id: S1, title: s, weight: 99, assert: \"true()\"}\n"
		 "  - {id: V1, title: 一票否决, weight: 1, veto: true, "
		 "assert: \"false()\"}\n", dossier, "zh");
	ck_assert(fx.res.pub.score == 99);
	ck_assert_int_eq(fx.res.pub.vetoed, 1);
	ck_assert_str_eq(fx.res.pub.grade, "fail");
	ck_assert_uint_eq(fx.res.pub.score_item_count, 2);
	ck_assert_int_eq(fx.res.pub.score_items[1].veto, 1);
	done(&fx);
}
END_TEST

START_TEST(dates_against_audit_date)
{
	fixture fx;

	run(&fx, "  - {id: D1, title: d, assert: \"days-between(established, "
		 "$audit_date) >= 0\"}\n"
		 "  - {id: D2, title: d, assert: \"years-since(established) "
		 ">= 5\"}\n", dossier, "zh");
	ck_assert_str_eq(outcome(&fx, "D1"), "pass@1");
	ck_assert_str_eq(outcome(&fx, "D2"), "fail@1");
	done(&fx);
}
END_TEST

START_TEST(personal_data_is_masked)
{
	static const char doc[] =
		"station:\n  staff:\n    - id_number: \"420325197910230826\"\n"
		"      phone: \"1380000123\"\n";
	static char pack[1024];
	sa_error err;
	sa_source *src;
	sa_record *rec;
	fixture fx;

	snprintf(pack, sizeof(pack), "standard: {id: t, title: t, personal: "
		 "[staff/id_number, staff/phone]}\nrules:\n"
		 "  - {id: M1, title: m, value: staff/id_number, format: "
		 "id-number, message: \"bad {staff/id_number}\"}\n"
		 "  - {id: M2, title: m, value: staff/phone, pattern: "
		 "\"^1[0-9]{10}$\"}\n");
	fx.pack = sa_pack_new();
	ck_assert_int_eq(sa_pack_load_buffer(fx.pack, pack, strlen(pack),
					     "p.yaml", NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(fx.pack, &err), SA_OK);
	ck_assert_int_eq(sai_auditor_new(fx.pack, "zh", 1, &fx.aud), SA_OK);
	ck_assert_int_eq(sa_source_open_buffer(doc, strlen(doc), "d.yaml",
					       &src, &err), SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_int_eq(sai_audit_record(fx.aud, rec, &fx.res), SA_OK);
	ck_assert_str_eq(finding(&fx, "M1", 0)->actual, "420***********0826");
	ck_assert_str_eq(finding(&fx, "M1", 0)->message,
			 "bad 420***********0826");
	ck_assert_str_eq(finding(&fx, "M2", 0)->actual, "1********3");
	sa_record_free(rec);
	sa_source_free(src);
	done(&fx);
}
END_TEST

START_TEST(load_error_result)
{
	sai_result res;
	sa_error err;

	sa_error_clear(&err);
	err.line = 7;
	err.column = 3;
	snprintf(err.message, sizeof(err.message), "malformed yaml: x");
	ck_assert_int_eq(sai_result_load_error(&res, &err, "bad.yaml", NULL), SA_OK);
	ck_assert_int_eq(res.pub.load_error, 1);
	ck_assert_uint_eq(res.pub.finding_count, 1);
	ck_assert_str_eq(res.pub.findings[0].rule->id, "SA-LOAD");
	ck_assert_uint_eq(res.pub.findings[0].line, 7);
	ck_assert_str_eq(res.pub.findings[0].file, "bad.yaml");
	sai_result_release(&res);
}
END_TEST

/* Every node of the tree in the order given. */
static size_t all_nodes(xmlNodePtr n, xmlNodePtr *out, size_t at)
{
	xmlAttrPtr a;

	out[at++] = n;
	if (n->type == XML_ELEMENT_NODE)
		for (a = n->properties; a; a = a->next)
			out[at++] = (xmlNodePtr)a;
	for (n = n->children; n; n = n->next)
		at = all_nodes(n, out, at);
	return at;
}

/* sai_node_path says what xmlGetNodePath says, for elements with and
 * without namesakes, text, comments, attributes and namespaced elements,
 * asked in document order, backwards and in a shuffled order, with one
 * memo throughout. */
START_TEST(node_path_is_libxml2s)
{
	sai_strbuf sb;
	xmlDocPtr doc;
	xmlNodePtr *nodes;
	sai_path_memo memo;
	size_t n, i, k, pass;
	unsigned long seed = 12345;

	sai_strbuf_init(&sb);
	sai_strbuf_adds(&sb, "<station><id>x</id><name>n</name>");
	for (i = 0; i < 300; i++)
		sai_strbuf_addf(&sb, "<staff><name>s%zu</name>%s<cert><n>1</n>"
				"<n>2</n></cert></staff>%s", i, i % 7 ? "" :
				"<!-- c --><note a=\"1\">t</note>",
				i % 50 ? "" : "<other/>");
	sai_strbuf_adds(&sb, "<x:y xmlns:x=\"urn:x\"><name/><name/></x:y>"
			"<tail>t</tail></station>");
	doc = xmlReadMemory(sai_strbuf_str(&sb), (int)sb.len, "t.xml", NULL,
			    0);
	ck_assert_ptr_nonnull(doc);
	nodes = malloc(20000 * sizeof(*nodes));
	ck_assert_ptr_nonnull(nodes);
	n = all_nodes(xmlDocGetRootElement(doc), nodes, 0);
	ck_assert_uint_gt(n, 2500);
	memset(&memo, 0, sizeof(memo));
	for (pass = 0; pass < 3; pass++) {
		for (k = 0; k < n; k++) {
			xmlChar *want, *got;

			if (pass == 0)
				i = k;
			else if (pass == 1)
				i = n - 1 - k;
			else
				i = (seed = seed * 1103515245 + 12345) % n;
			want = xmlGetNodePath(nodes[i]);
			got = sai_node_path(nodes[i], &memo);
			ck_assert_ptr_nonnull(want);
			ck_assert_ptr_nonnull(got);
			ck_assert_msg(xmlStrEqual(want, got), "pass %zu node %zu: "
				      "%s, libxml2 %s", pass, i, got, want);
			xmlFree(want);
			xmlFree(got);
		}
	}
	free(nodes);
	xmlFreeDoc(doc);
	sai_strbuf_release(&sb);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, assert_and_require);
	tcase_add_test(tc, count_with_params_and_messages);
	tcase_add_test(tc, messages_are_bounded);
	tcase_add_test(tc, values);
	tcase_add_test(tc, plain_paths_walk_like_xpath);
	tcase_add_test(tc, plain_comparisons_like_xpath);
	tcase_add_test(tc, contains_ratio_unique);
	tcase_add_test(tc, applies_and_selection);
	tcase_add_test(tc, decided_by_missing_fails);
	tcase_add_test(tc, errors_are_findings);
	tcase_add_test(tc, scores_and_grades);
	tcase_add_test(tc, dates_against_audit_date);
	tcase_add_test(tc, load_error_result);
	tcase_add_test(tc, personal_data_is_masked);
	tcase_add_test(tc, indicators_deductions_veto);
	tcase_add_test(tc, veto_grades_fail);
	tcase_add_test(tc, node_path_is_libxml2s);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
