/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pack.c - loading and compiling packs, and every pack error naming
 * file, line and column.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pack-internal.h"
#include "refs-internal.h"
#include "tree-internal.h"
#include "testutil.h"

#define HEAD "standard:\n  id: t\n  title: 测试\n"

/* Loads and compiles buf; returns the status, err filled. */
static sa_status load(const char *buf, sa_pack **out, sa_error *err)
{
	sa_pack *p = sa_pack_new();
	sa_status st;

	sa_error_clear(err);
	st = sa_pack_load_buffer(p, buf, strlen(buf), "t.yaml", NULL, err);
	if (st == SA_OK)
		st = sa_pack_compile(p, err);
	if (out)
		*out = p;
	else
		sa_pack_free(p);
	return st;
}

static void expect(const char *buf, unsigned long line, const char *what)
{
	sa_error err;
	sa_status st = load(buf, NULL, &err);

	ck_assert_msg(st != SA_OK, "loaded: %s", buf);
	ck_assert_msg(strstr(err.message, what) != NULL,
		      "message '%s' lacks '%s'", err.message, what);
	if (line)
		ck_assert_msg(err.line == line, "line %lu, want %lu: %s",
			      err.line, line, err.message);
	ck_assert_str_eq(err.file, "t.yaml");
}

START_TEST(a_good_pack)
{
	sa_pack *p;
	sa_error err;
	double t;

	ck_assert_int_eq(load(HEAD "  source: \"001: 五统一\"\n"
			      "params:\n  min_ft: 2\n  region: {type: string, "
			      "default: \"4203\"}\n"
			      "grades: {good: 75, excellent: 90, pass: 60}\n"
			      "rules:\n"
			      "  - id: R-1\n    title: 挂牌\n    severity: critical\n"
			      "    weight: 10\n    require: signage/plaque\n"
			      "  - id: R-2\n    title: 全职\n    count: staff\n"
			      "    min: $min_ft\n    message: \"{count} < "
			      "{$min_ft}\"\n", &p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_rule_count(p), 2);
	ck_assert_str_eq(sa_pack_rule(p, 0)->id, "R-1");
	ck_assert_int_eq(sa_pack_rule(p, 0)->severity, SA_SEVERITY_CRITICAL);
	ck_assert(sa_pack_rule(p, 0)->weight == 10);
	ck_assert_str_eq(sa_pack_rule(p, 1)->kind, "count");
	ck_assert_str_eq(sa_pack_rule(p, 1)->standard, "t");
	ck_assert_uint_eq(sa_pack_rule(p, 1)->line, 15);
	ck_assert(p->rules[1].min.value == 2);
	ck_assert_uint_eq(sa_pack_param_count(p), 2);
	ck_assert_str_eq(sa_pack_param(p, 0)->type, "number");
	ck_assert_str_eq(sa_pack_param(p, 1)->value, "4203");
	ck_assert_uint_eq(sa_pack_grade_count(p), 3);
	ck_assert_str_eq(sa_pack_grade(p, 0, &t), "excellent");
	ck_assert(t == 90);
	ck_assert_str_eq(sa_pack_standard(p, 0)->source, "001: 五统一");
	ck_assert_uint_eq(strlen(sa_pack_standard(p, 0)->sha256), 64);
	ck_assert_ptr_nonnull(sa_pack_find_rule(p, "R-2"));
	ck_assert_ptr_null(sa_pack_find_rule(p, "R-3"));
	sa_pack_free(p);
}
END_TEST

START_TEST(structure_errors)
{
	expect(HEAD "rulez: []\n", 4, "unknown key 'rulez'");
	expect("rules: []\n", 1, "needs a 'standard'");
	expect("standard:\n  title: x\n", 1, "needs an 'id'");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    colour: red\n"
	       "    assert: \"1\"\n", 7, "unknown key 'colour'");
	expect(HEAD "rules:\n  - title: t\n    assert: \"1\"\n", 5,
	       "needs an 'id'");
	expect(HEAD "rules:\n  - id: A\n    assert: \"1\"\n", 5,
	       "needs a 'title'");
	expect(HEAD "rules:\n  - id: A\n    title: t\n", 5, "has no check");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    assert: a\n"
	       "    require: b\n", 8, "two checks");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    count: a\n", 5,
	       "needs min or max");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    require: a\n"
	       "    min: 2\n", 5, "does not go with");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    assert: a\n"
	       "    severity: huge\n", 8, "unknown severity");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    value: a\n"
	       "    format: zip\n", 8, "unknown format");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: a}\n"
	       "  - {id: A, title: u, assert: b}\n", 6, "used twice");
	expect(HEAD "rules:\n  id: A\n", 4, "must be a list");
	expect(HEAD "rules:\n  - id: A\n    title: t\n    count: a\n"
	       "    min: lots\n", 8, "number or a $parameter");
	expect(HEAD "standard:\n  id: u\n", 4, "duplicate key");
}
END_TEST

START_TEST(expression_errors)
{
	expect(HEAD "rules:\n  - {id: A, title: t, assert: \"a[\"}\n", 5,
	       "invalid XPath");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: \"frob(a)\"}\n", 5,
	       "unknown function frob()");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: \"a > $nope\"}\n",
	       5, "unknown variable $nope");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: \"matches(a, "
	       "'(x')\"}\n", 5, "invalid regular expression");
	expect(HEAD "rules:\n  - {id: A, title: t, value: a, pattern: "
	       "\"[z-a]\"}\n", 5, "invalid pattern");
	expect(HEAD "rules:\n  - {id: A, title: t, count: a, min: $nope}\n", 5,
	       "not a number parameter");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: a, message: "
	       "\"{$nope}\"}\n", 5, "unknown parameter $nope");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: a, message: "
	       "\"x {name\"}\n", 5, "without '}'");
	expect(HEAD "rules:\n  - {id: A, title: t, assert: \"'open\"}\n", 5,
	       "unterminated string");
}
END_TEST

/* What check would turn into an error on every record, or silently not
 * do, is an error at load, at its line: lint refuses it. */
START_TEST(refused_at_load_not_per_record)
{
	/* $param in in/all/any/pattern would be the text "$p" */
	expect(HEAD "params: {p: x}\nrules:\n  - {id: A, title: t, value: a,"
	       "\n    pattern: $p}\n", 7, "takes its values as written");
	expect(HEAD "params: {p: x}\nrules:\n  - {id: A, title: t, value: a,"
	       "\n    in: [a,\n     $p]}\n", 8, "'$p' would be that text");
	expect(HEAD "rules:\n  - {id: A, title: t, contains: a,\n"
	       "    any: [$cats]}\n", 6, "'any' takes its values");
	expect(HEAD "rules:\n  - {id: A, title: t, contains: a,\n"
	       "    all: [$cats]}\n", 6, "'all' takes its values");
	/* an empty list holds no value, with min or alone */
	expect(HEAD "rules:\n  - {id: A, title: t, value: a, min: 1,\n"
	       "    in: []}\n", 6, "'in' is an empty list");
	expect(HEAD "rules:\n  - {id: A, title: t, contains: a,\n"
	       "    any: []}\n", 6, "'any' is an empty list");
	/* a contract entry is a path of element names */
	expect(HEAD "  contract: [notes,\n    \"*\"]\n", 5,
	       "contract: '*' is not a path");
	expect(HEAD "  contract: [\"staff[1]\"]\n", 4, "'staff[1]'");
	expect(HEAD "  contract: [\"a/../region\"]\n", 4, "'a/../region'");
	expect(HEAD "  contract: [\"\"]\n", 4, "contract: '' is not");
	expect(HEAD "  contract: [\"@type\"]\n", 4, "'@type'");
	/* a table nobody declares, a literal lookup() path, a regex param */
	expect(HEAD "rules:\n  - {id: A, title: t,\n    assert: \"ref('townz',"
	       " code)\"}\n", 6, "no reference table 'townz'");
	expect(HEAD "rules:\n  - {id: A, title: t, scope: collection,\n"
	       "    assert: \"lookup('region/[code', 'x')\"}\n", 6,
	       "lookup(): the path 'region/[code' is not a valid XPath");
	expect(HEAD "rules:\n  - {id: A, title: t, scope: collection,\n"
	       "    assert: \"true()\",\n    message: \"{count(lookup("
	       "'region/[code', 'x'))}\"}\n", 7, "lookup(): the path");
	expect(HEAD "params: {re: \"(a\"}\nrules:\n  - {id: A, title: t,\n"
	       "    assert: \"matches(name, $re)\"}\n", 7,
	       "invalid regular expression in parameter $re");
	expect(HEAD "params: {re: \"(a\"}\nrules:\n  - {id: A, title: t,\n"
	       "    assert: \"replace(name, $re, 'b') = 'c'\"}\n", 7,
	       "invalid regular expression in parameter $re");
	/* personal: its own line; pass-grade with no grades */
	expect(HEAD "  personal:\n    - staff/phone\n    - \"staff/id[\"\n", 6,
	       "invalid XPath");
	expect(HEAD "pass-grade: good\n", 4, "has no 'grades'");
}
END_TEST

/* decided-by names fields of the record, goes with applies, and not with
 * a collection rule; a bad one is an error at its own line. */
START_TEST(decided_by_errors)
{
	sa_pack *p;
	sa_error err;

	expect(HEAD "rules:\n  - id: A\n    title: t\n    applies: a\n"
	       "    decided-by:\n      - a\n      - \"count(b)\"\n"
	       "    assert: a\n", 10, "takes paths of fields");
	expect(HEAD "rules:\n  - {id: A, title: t, applies: a, decided-by: "
	       "/station/a, assert: a}\n", 5, "not '/station/a'");
	expect(HEAD "rules:\n  - {id: A, title: t, applies: a, decided-by: "
	       "\"b[1]\", assert: a}\n", 5, "takes paths of fields");
	expect(HEAD "rules:\n  - {id: A, title: t, applies: a, decided-by: "
	       "\"a//b\", assert: a}\n", 5, "takes paths of fields");
	expect(HEAD "rules:\n  - {id: A, title: t, applies: a, decided-by: "
	       "\"@a/b\", assert: a}\n", 5, "takes paths of fields");
	expect(HEAD "rules:\n  - {id: A, title: t, applies: a, decided-by: "
	       "[], assert: a}\n", 5, "at least one field");
	expect(HEAD "rules:\n  - {id: A, title: t, decided-by: a, "
	       "assert: a}\n", 5, "'decided-by' needs 'applies'");
	expect(HEAD "rules:\n  - {id: A, title: t, scope: collection, "
	       "applies: a, decided-by: a, assert: a}\n", 5,
	       "not scope: collection");
	/* a list, an attribute last and CJK names load */
	ck_assert_int_eq(load(HEAD "rules:\n  - {id: A, title: t, applies: a, "
			      "decided-by: [a/b, c/@d, 运营/模式], assert: a}\n",
			      &p, &err), SA_OK);
	ck_assert_uint_eq(p->rules[0].n_decided_by, 3);
	ck_assert_str_eq(p->rules[0].decided_by[1].src, "c/@d");
	ck_assert_ptr_nonnull(p->rules[0].decided_by[2].comp);
	sa_pack_free(p);
}
END_TEST

START_TEST(operators_are_not_functions)
{
	sa_error err;

	/* 'and' followed by '(' is the operator, and node() a node test */
	ck_assert_int_eq(load(HEAD "rules:\n  - {id: A, title: t, assert: "
			      "\"a and (b or c) and count(node()) > 0 and "
			      "matches(x, '^[0-9]+$', 'i')\"}\n", NULL, &err),
			 SA_OK);
}
END_TEST

START_TEST(params_override)
{
	sa_pack *p = sa_pack_new();
	sa_error err;
	const char *src = HEAD "params: {n: 2, flag: true, d: 2024-01-01}\n"
		"rules:\n  - {id: A, title: t, count: a, min: $n}\n";

	ck_assert_int_eq(sa_pack_load_buffer(p, src, strlen(src), "t.yaml",
					     NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_param(p, "n", "5", &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert(p->rules[0].min.value == 5);
	ck_assert_str_eq(sa_pack_param(p, 0)->value, "5");
	sa_pack_free(p);

	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	sa_pack_set_param(p, "n", "many", &err);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "must be a number"));
	sa_pack_free(p);

	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	sa_pack_set_param(p, "zzz", "1", &err);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "zzz"));
	sa_pack_free(p);

	p = sa_pack_new();
	ck_assert_int_eq(sa_pack_set_audit_date(p, "2023-02-29", &err),
			 SA_ERR_USAGE);
	ck_assert_int_eq(sa_pack_set_audit_date(p, "2024-02-29", &err), SA_OK);
	ck_assert_str_eq(sa_pack_audit_date(p), "2024-02-29");
	sa_pack_free(p);
}
END_TEST

/* A jurisdiction's prefixes, its key and parameter, and how a run's
 * region narrows a standard's collection rules (docs/rules.md). */
static sa_pack *with_region(const char *region, sa_error *err)
{
	sa_pack *p = sa_pack_new();
	const char *src = HEAD "  jurisdiction: \"5325\"\n"
		"params: {region: \"5325\"}\n"
		"rules:\n  - {id: A, title: t, scope: collection, "
		"tags: [coverage, total], assert: \"count($records) >= 0\"}\n"
		"  - {id: B, title: t, scope: collection, tags: [coverage], "
		"assert: \"count($records) >= 0\"}\n";

	ck_assert_int_eq(sa_pack_load_buffer(p, src, strlen(src), "t.yaml",
					     NULL, err), SA_OK);
	ck_assert_int_eq(sa_pack_set_param(p, "region", region, err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, err), SA_OK);
	return p;
}

START_TEST(jurisdictions)
{
	sa_pack *p;
	sa_error err;

	ck_assert(sai_area_ok("5325") && sai_area_ok("") &&
		  sai_area_ok("510903005 510904002, 11"));
	ck_assert(!sai_area_ok("532") && !sai_area_ok("53a5") &&
		  !sai_area_ok("5325 1"));
	ck_assert(sai_area_holds("5325", "532501001") &&
		  !sai_area_holds("5325", "420302001") &&
		  sai_area_holds("", "420302001") &&
		  sai_area_holds("11 12", "120101001"));
	ck_assert(sai_area_within("5325", "53") &&
		  sai_area_within("5325", "5325") &&
		  !sai_area_within("5325", "532501") &&
		  sai_area_within("510903005 510904002", "5109") &&
		  !sai_area_within("510903005 510904002", "510903"));

	expect(HEAD "  jurisdiction: \"532\"\nrules: []\n", 4,
	       "'jurisdiction' must be");
	expect(HEAD "  jurisdiction: [\"5325\"]\nrules: []\n", 4,
	       "'jurisdiction' must be");
	expect(HEAD "  jurisdiction: \"5325\"\n"
	       "params: {jurisdiction_t: \"11\"}\nrules: []\n", 4,
	       "is the standard's jurisdiction");

	/* A run inside the jurisdiction: coverage runs, the total not. */
	p = with_region("532501", &err);
	ck_assert_str_eq(p->standards[0].area, "5325");
	ck_assert_int_eq(p->rules[0].off_area, 1);
	ck_assert_int_eq(p->rules[1].off_area, 0);
	sa_pack_free(p);
	/* Outside it: neither runs. */
	p = with_region("4203", &err);
	ck_assert_int_eq(p->rules[0].off_area, 2);
	ck_assert_int_eq(p->rules[1].off_area, 2);
	sa_pack_free(p);
	/* Holding it: both run, over the jurisdiction, not the province. */
	p = with_region("53", &err);
	ck_assert_int_eq(p->rules[0].off_area, 0);
	ck_assert_int_eq(p->rules[1].off_area, 0);
	ck_assert_str_eq(sai_pack_find_param_for(p, "region", 0)->value,
			 "5325");
	sa_pack_free(p);

	/* The parameter moves it; a bad value is a usage error. */
	p = sa_pack_new();
	ck_assert_int_eq(sa_pack_load_buffer(p, HEAD "  jurisdiction: \"5325\"\n"
		"rules: []\n", strlen(HEAD "  jurisdiction: \"5325\"\n"
		"rules: []\n"), "t.yaml", NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_param(p, "jurisdiction_t", "4203",
					   &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert_str_eq(sa_pack_standard(p, 0)->jurisdiction, "4203");
	sa_pack_free(p);
	p = sa_pack_new();
	sa_pack_load_buffer(p, HEAD "  jurisdiction: \"5325\"\nrules: []\n",
			    strlen(HEAD "  jurisdiction: \"5325\"\n"
				   "rules: []\n"), "t.yaml", NULL, &err);
	sa_pack_set_param(p, "jurisdiction_t", "42x", &err);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "jurisdiction_t=42x"));
	sa_pack_free(p);
}
END_TEST

START_TEST(profiles_and_overrides)
{
	const char *src = HEAD "params: {n: 2}\n"
		"profiles:\n  light: {params: {n: 7}, rules: [A-*]}\n"
		"rules:\n  - {id: A-1, title: a, count: a, min: $n}\n"
		"  - {id: A-2, title: a, assert: \"true()\"}\n"
		"  - {id: B-1, title: b, assert: \"true()\"}\n";
	sa_pack *p = sa_pack_new();
	sa_error err;

	ck_assert_int_eq(sa_pack_load_buffer(p, src, strlen(src), "t.yaml",
					     NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_profile(p, "light", &err), SA_OK);
	ck_assert_int_eq(sa_pack_disable_rules(p, "A-2", &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_rule_count(p), 1);
	ck_assert_str_eq(sa_pack_rule(p, 0)->id, "A-1");
	ck_assert(p->rules[0].min.value == 7);
	sa_pack_free(p);

	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	ck_assert_int_eq(sa_pack_set_profile(p, "light", &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_param(p, "n", "9", &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_severity(p, "A-*", SA_SEVERITY_INFO,
					      &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	/* --param wins over the profile */
	ck_assert(p->rules[0].min.value == 9);
	ck_assert_int_eq(sa_pack_rule(p, 1)->severity, SA_SEVERITY_INFO);
	sa_pack_free(p);

	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	sa_pack_set_profile(p, "heavy", &err);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "heavy"));
	sa_pack_free(p);

	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	sa_pack_disable_rules(p, "Z-*", &err);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_USAGE);
	sa_pack_free(p);
	expect(HEAD "profiles:\n  x: {colour: red}\n", 5, "unknown key "
	       "'colour' in profile 'x'");
}
END_TEST

START_TEST(basis_and_citation)
{
	sa_pack *p;
	sa_error err;
	const sa_basis *b;
	const sa_citation *c;

	ck_assert_int_eq(load("standard:\n  id: t\n  title: 测试\n"
			      "  citation: {headline: 标题, publisher: 据某报, "
			      "date: \"2024-05\", file: 003.txt}\n"
			      "params: {n: 2}\n"
			      "rules:\n  - id: A\n    title: a\n"
			      "    count: a\n    min: $n\n"
			      "    basis:\n      kind: interpretation\n"
			      "      quote: 配备2-3名\n      reason: 下限\n"
			      "      params: [n]\n"
			      "  - {id: B, title: b, assert: \"true()\", "
			      "source: 旧式}\n", &p, &err), SA_OK);
	b = sa_pack_rule_basis(p, sa_pack_rule(p, 0));
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(b->kind, SA_BASIS_INTERPRETATION);
	ck_assert_str_eq(b->quote, "配备2-3名");
	ck_assert_str_eq(b->reason, "下限");
	ck_assert_ptr_null(b->cite);
	ck_assert_uint_eq(b->param_count, 1);
	ck_assert_str_eq(b->params[0], "n");
	/* the old free-text source still loads, without a basis */
	ck_assert_ptr_null(sa_pack_rule_basis(p, sa_pack_rule(p, 1)));
	ck_assert_str_eq(sa_pack_rule(p, 1)->source, "旧式");
	c = sa_pack_rule_citation(p, sa_pack_rule(p, 1));
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->headline, "标题");
	ck_assert_str_eq(c->publisher, "据某报");
	ck_assert_str_eq(c->date, "2024-05");
	ck_assert_str_eq(sa_basis_kind_name(b->kind, "zh"), "解释");
	ck_assert_str_eq(sa_basis_kind_name(SA_BASIS_SETTING, NULL),
			 "setting");
	ck_assert_str_eq(sa_basis_kind_name(SA_BASIS_REQUIREMENT, "zh"),
			 "原文要求");
	ck_assert_ptr_null(sa_basis_kind_name(SA_BASIS_NONE, "zh"));
	sa_pack_free(p);

	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: a\n"
	       "    basis: {kind: guess, quote: x}\n", 8, "unknown basis "
	       "kind 'guess'");
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: a\n"
	       "    basis:\n      kind: setting\n      quote: x\n", 8,
	       "needs a 'reason'");
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: a\n"
	       "    basis: {quote: x}\n", 8, "needs a 'kind'");
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: a\n"
	       "    basis: {kind: national, cite: GB, colour: x}\n", 8,
	       "unknown key 'colour' in 'basis'");
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: a\n"
	       "    basis: {kind: setting, reason: r, params: [nope]}\n", 8,
	       "parameter 'nope'");
	expect("standard:\n  id: t\n  title: x\n  citation: {headline: "
	       "h}\n", 4, "needs a 'headline' and a 'publisher'");
	expect("standard:\n  id: t\n  title: x\n  citation: {headline: "
	       "h, publisher: p, page: 3}\n", 4, "unknown key 'page'");
}
END_TEST

START_TEST(profile_settings)
{
	const char *src = HEAD "params: {n: 2}\n"
		"profiles:\n"
		"  graded:\n"
		"    description: 评分设定\n"
		"    basis: {kind: setting, reason: 评估团队选用}\n"
		"    grades: {优秀: 90, pass: 60}\n"
		"    weights: {A-1: 20}\n"
		"    veto: [B-1]\n"
		"  coverage: {params: {n: 5}, rules: [A-*]}\n"
		"rules:\n  - {id: A-1, title: a, count: a, min: $n}\n"
		"  - {id: A-2, title: a, assert: \"true()\"}\n"
		"  - {id: B-1, title: b, assert: \"true()\"}\n";
	sa_pack *p = sa_pack_new();
	sa_error err;
	double t;

	/* without the profile: no grades, weight 1, no veto */
	ck_assert_int_eq(sa_pack_load_buffer(p, src, strlen(src), "t.yaml",
					     NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_grade_count(p), 0);
	ck_assert(sa_pack_rule(p, 0)->weight == 1);
	ck_assert_int_eq(sa_pack_rule_veto(p, sa_pack_rule(p, 2)), 0);
	ck_assert_uint_eq(sa_pack_profile_count(p), 2);
	ck_assert_str_eq(sa_pack_profile(p, 0)->name, "graded");
	ck_assert_str_eq(sa_pack_profile(p, 0)->description, "评分设定");
	ck_assert_int_eq(sa_pack_profile(p, 0)->basis->kind,
			 SA_BASIS_SETTING);
	ck_assert_int_eq(sa_pack_profile(p, 0)->chosen, 0);
	sa_pack_free(p);

	/* graded alone keeps every rule */
	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	ck_assert_int_eq(sa_pack_set_profile(p, "graded", &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_rule_count(p), 3);
	ck_assert_uint_eq(sa_pack_grade_count(p), 2);
	ck_assert_str_eq(sa_pack_grade(p, 0, &t), "优秀");
	ck_assert(t == 90);
	ck_assert(sa_pack_rule(p, 0)->weight == 20);
	ck_assert(sa_pack_rule(p, 1)->weight == 1);
	ck_assert_int_eq(sa_pack_rule_veto(p, sa_pack_rule(p, 2)), 1);
	ck_assert_int_eq(sa_pack_profile(p, 0)->chosen, 1);
	ck_assert_int_eq(sa_pack_profile(p, 1)->chosen, 0);
	sa_pack_free(p);

	/* two profiles together: coverage's selection, graded's settings */
	p = sa_pack_new();
	sa_pack_load_buffer(p, src, strlen(src), "t.yaml", NULL, &err);
	ck_assert_int_eq(sa_pack_set_profile(p, "coverage", &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_profile(p, "graded", &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_rule_count(p), 2);
	ck_assert(sa_pack_rule(p, 0)->weight == 20);
	ck_assert(p->rules[0].min.value == 5);
	ck_assert_uint_eq(sa_pack_grade_count(p), 2);
	sa_pack_free(p);

	expect(HEAD "profiles:\n  g:\n    weights: {NOPE: 2}\n"
	       "rules:\n  - {id: A, title: a, assert: a}\n", 6,
	       "'weights' names rule 'NOPE'");
	expect(HEAD "profiles:\n  g:\n    veto: [A, NOPE]\n"
	       "rules:\n  - {id: A, title: a, assert: a}\n", 6,
	       "'veto' names rule 'NOPE'");
	expect(HEAD "profiles:\n  g:\n    grades: {good: 120}\n", 6,
	       "from 0 to 100");
	expect(HEAD "profiles:\n  g:\n    points: {X: 3}\n", 6,
	       "indicator 'X'");
	expect(HEAD "profiles:\n  g:\n    basis: {kind: setting}\n", 6,
	       "needs a 'reason'");
}
END_TEST

static void count_problem(void *data, const sa_error *e)
{
	ck_assert_str_eq(e->file, "t.yaml");
	ck_assert_uint_gt(e->line, 0);
	(*(size_t *)data)++;
}

START_TEST(lint_requires_basis)
{
	sa_pack *p;
	sa_error err;
	size_t seen = 0;

	/* no citation (line 1), B without basis, C a setting on by default,
	 * the profile's grades without a basis */
	ck_assert_int_eq(load(HEAD "params: {n: 2}\n"
			      "profiles:\n  g: {grades: {pass: 60}}\n"
			      "rules:\n"
			      "  - {id: A, title: a, count: a, min: $n, basis: "
			      "{kind: setting, reason: r, params: [n]}}\n"
			      "  - {id: B, title: b, assert: a}\n"
			      "  - {id: C, title: c, assert: a, basis: {kind: "
			      "setting, reason: r}}\n"
			      "  - {id: D, title: d, assert: a, basis: {kind: "
			      "requirement, quote: q}}\n", &p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_check_basis(p, 0, count_problem, &seen), 4);
	ck_assert_uint_eq(seen, 4);
	ck_assert_uint_eq(sa_pack_check_basis(p, 1, NULL, NULL), 0);
	sa_pack_free(p);
	ck_assert_int_eq(load("standard:\n  id: t\n  title: x\n"
			      "  citation: {headline: h, publisher: p}\n"
			      "profiles:\n  g: {veto: [C], basis: {kind: "
			      "setting, reason: r}}\n"
			      "rules:\n"
			      "  - {id: C, title: c, assert: a, basis: {kind: "
			      "setting, reason: r}}\n", &p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_check_basis(p, 0, NULL, NULL), 0);
	sa_pack_free(p);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(extends_and_search)
{
	char dir[] = "/tmp/sa-pack-XXXXXX", path[256];
	sa_pack *p = sa_pack_new();
	sa_error err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/base", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/city", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/base/pack.yaml", dir);
	write_file(path, "standard: {id: base, title: 基础}\n"
		   "params: {n: 1}\nrules:\n"
		   "  - {id: B-1, title: b1, assert: \"true()\"}\n"
		   "  - {id: B-2, title: b2, count: a, min: $n}\n");
	snprintf(path, sizeof(path), "%s/city/pack.yaml", dir);
	write_file(path, "standard: {id: city, title: 市, extends: base}\n"
		   "params: {n: 3}\nrules:\n"
		   "  - {id: B-2, title: 改, count: a, min: $n}\n"
		   "  - {id: C-1, title: c1, assert: \"true()\"}\n");
	ck_assert_int_eq(sa_pack_add_search_dir(p, dir, &err), SA_OK);
	ck_assert_int_eq(sa_pack_load(p, "city", &err), SA_OK);
	ck_assert_int_eq(sa_pack_load(p, "base", &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_OK);
	ck_assert_uint_eq(sa_pack_standard_count(p), 2);
	ck_assert_uint_eq(sa_pack_rule_count(p), 3);
	ck_assert_str_eq(sa_pack_rule(p, 1)->title, "改");
	ck_assert(p->rules[1].min.value == 3);
	ck_assert_str_eq(sa_pack_rule(p, 2)->id, "C-1");
	sa_pack_free(p);

	/* a path that leaves the pack's folder is refused */
	snprintf(path, sizeof(path), "%s/city/pack.yaml", dir);
	write_file(path, "standard: {id: city, title: 市, extends: "
		   "../base/pack.yaml}\n");
	p = sa_pack_new();
	ck_assert_int_eq(sa_pack_load(p, path, &err), SA_ERR_PACK);
	ck_assert_ptr_nonnull(strstr(err.message, "outside"));
	sa_pack_free(p);

	p = sa_pack_new();
	sa_pack_add_search_dir(p, dir, &err);
	ck_assert_int_eq(sa_pack_load(p, "nosuch", &err), SA_ERR_USAGE);
	sa_pack_free(p);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* ---- hostile pack folders ------------------------------------------------ */

static char tmp[64];

/* Writes text at tmp/rel (folders made as needed). */
static void put(const char *rel, const char *text)
{
	char path[256], *slash;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	for (slash = strchr(path + strlen(tmp) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	write_file(path, text);
}

static void link_at(const char *target, const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	unlink(path);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* Loads name (searching tmp/packs) and compiles; the status, err filled,
 * and the error as the command prints it in shown. */
static sa_status load_named(const char *name, sa_error *err, char *shown,
			    size_t size)
{
	char dir[128];
	sa_pack *p = sa_pack_new();
	sa_status st;

	sa_error_clear(err);
	snprintf(dir, sizeof(dir), "%s/packs", tmp);
	ck_assert_int_eq(sa_pack_add_search_dir(p, dir, err), SA_OK);
	st = sa_pack_load(p, name, err);
	if (st == SA_OK)
		st = sa_pack_compile(p, err);
	sa_pack_free(p);
	sa_error_format(err, shown, size);
	return st;
}

#define SECRET "CI_TOKEN=s3cr3t-do-not-print"

/* Refused with status st, and nothing of the file in the error. */
static void refused_as(const char *name, sa_status st, const char *says)
{
	char shown[4096];
	sa_error err;

	ck_assert_int_eq(load_named(name, &err, shown, sizeof(shown)), st);
	ck_assert_msg(strstr(err.message, says), "%s: %s", name, shown);
	ck_assert_msg(!strstr(shown, "CI_TOKEN"), "%s leaks: %s", name, shown);
}

static void refused(const char *name, const char *says)
{
	refused_as(name, SA_ERR_PACK, says);
}

START_TEST(pack_files_stay_in_their_folder)
{
	char path[256];
	sa_error err;
	char shown[4096];
	time_t t0 = time(NULL);

	sai_test_tmpdir(tmp, sizeof(tmp), "pack");
	put("secret", SECRET "\nsecond line\n");
	put("packs/good/pack.yaml", HEAD "references: {t: {csv: t.csv}}\n"
	    "rules:\n  - {id: G-1, title: g, assert: \"count(ref('t')) = 1\"}\n");
	put("packs/good/t.csv", "code,name\n1,一\n");
	ck_assert_int_eq(load_named("good", &err, shown, sizeof(shown)),
			 SA_OK);
	/* the pack file itself, a folder's pack.yaml or a NAME.yaml */
	put("packs/evil/x", "");
	link_at("../../secret", "packs/evil/pack.yaml");
	refused("evil", "outside");
	link_at("../secret", "packs/sib.yaml");
	refused("sib", "outside");
	snprintf(path, sizeof(path), "%s/packs/evil", tmp);
	refused(path, "outside");
	/* not a regular file: the search skips it, a path is refused at
	 * once; neither is read */
	link_at("/dev/zero", "packs/zero.yaml");
	refused_as("zero", SA_ERR_USAGE, "no standard of that name");
	snprintf(path, sizeof(path), "%s/packs/zero.yaml", tmp);
	refused(path, "outside");
	snprintf(path, sizeof(path), "%s/packs/fifo.yaml", tmp);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	refused_as("fifo", SA_ERR_USAGE, "no standard of that name");
	refused(path, "a pipe (FIFO), not a regular file");
	/* extends: a named pack found through the search path is held to
	 * the search folder too */
	put("packs/city/pack.yaml", "standard: {id: city, title: 市, "
	    "extends: evil}\n");
	refused("city", "outside");
	/* a reference table that links out, at load... */
	put("packs/refs/pack.yaml", HEAD "references: {t: {csv: t.csv}}\n");
	link_at("../../secret", "packs/refs/t.csv");
	refused("refs", "outside");
	/* ...or is swapped for a link after the pack was loaded */
	{
		sa_pack *p = sa_pack_new();

		snprintf(path, sizeof(path), "%s/packs/good", tmp);
		ck_assert_int_eq(sa_pack_load(p, path, &err), SA_OK);
		link_at("../../secret", "packs/good/t.csv");
		ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_PACK);
		sa_error_format(&err, shown, sizeof(shown));
		ck_assert_msg(strstr(err.message, "outside"), "%s", shown);
		ck_assert_msg(!strstr(shown, "CI_TOKEN"), "leaks: %s", shown);
		sa_pack_free(p);
	}
	ck_assert(time(NULL) - t0 < 5);
	sai_test_rmtree(tmp);
}
END_TEST

/* Every number a pack gives is a finite decimal: nan would pass every
 * bound it feeds, 0x10 is not 16; min above max can never pass. */
START_TEST(numbers_are_finite_decimals)
{
	sa_pack *p;
	sa_error err;

	expect(HEAD "params:\n  lo: {type: number, default: nan}\n", 5,
	       "must be a number");
	expect(HEAD "params:\n  lo: .nan\n", 5, "must be a number");
	expect(HEAD "params:\n  lo: -.inf\n", 5, "must be a number");
	expect(HEAD "params:\n  lo: 0x10\n", 5, "must be a number");
	expect(HEAD "params:\n  lo: 1e999\n", 5, "must be a number");
	expect(HEAD "rules:\n  - {id: A, title: a, value: v, min: 0x10}\n",
	       5, "not '0x10'");
	expect(HEAD "rules:\n  - {id: A, title: a, value: v, max: -inf}\n",
	       5, "not '-inf'");
	expect(HEAD "rules:\n  - {id: A, title: a, assert: x, weight: .inf}\n",
	       5, "'weight'");
	expect(HEAD "rules:\n  - {id: A, title: a, count: s, min: 5, max: 1}\n",
	       5, "min (5) is above max (1)");
	expect(HEAD "params: {lo: 3}\nrules:\n  - {id: A, title: a, count: s, "
	       "min: $lo, max: 2.5}\n", 6, "min ($lo = 3) is above max (2.5)");
	/* --param is checked at compile as the pack's defaults are */
	p = sa_pack_new();
	ck_assert_int_eq(sa_pack_load_buffer(p, HEAD "params: {lo: 1}\n",
					     strlen(HEAD "params: {lo: 1}\n"),
					     "t.yaml", NULL, &err), SA_OK);
	ck_assert_int_eq(sa_pack_set_param(p, "lo", "-nan", &err), SA_OK);
	ck_assert_int_eq(sa_pack_compile(p, &err), SA_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "lo=-nan"));
	sa_pack_free(p);
	/* decimals as YAML writes them still read */
	ck_assert_int_eq(load(HEAD "params: {lo: -1.5e1, hi: .5}\nrules:\n"
			      "  - {id: A, title: a, count: s, min: $lo, "
			      "max: 5., weight: 2E0}\n", &p, &err), SA_OK);
	ck_assert(p->rules[0].min.value == -15 && p->rules[0].max.value == 5);
	sa_pack_free(p);
}
END_TEST

/* A pack saved in GB18030 is quoted with U+FFFD for its bytes, not with
 * the UTF-8 characters that some pairs of them happen to spell. */
START_TEST(a_gb18030_line_is_quoted_escaped)
{
	/* 示例 in GB18030: CA BE C0 FD; CA BE alone is valid UTF-8 */
	static const char src[] = "standard: {id: t, title: \xca\xbe\xc0\xfd}\n";
	sa_error err;

	ck_assert_int_eq(load(src, NULL, &err), SA_ERR_PARSE);
	ck_assert_uint_eq(err.line, 1);
	ck_assert_ptr_null(strstr(err.source_line, "\xca\xbe"));
	ck_assert_ptr_null(strstr(err.source_line, "\xca"));
	ck_assert_ptr_nonnull(strstr(err.source_line, "title: \xef\xbf\xbd"
				     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd}"));
}
END_TEST

/* A template's {XPATH} is checked at load as an assert is: an unknown
 * function or variable is a pack error at the message's place. */
START_TEST(template_functions_checked_at_load)
{
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: x\n"
	       "    message-en: \"{document('/etc/passwd')}\"\n", 8,
	       "unknown function document()");
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: x\n"
	       "    message: \"{nmae-of(name)} 未挂牌\"\n", 8,
	       "unknown function nmae-of()");
	expect(HEAD "rules:\n  - id: A\n    title: a\n    assert: x\n"
	       "    message: \"{count($nope/a)}\"\n", 8,
	       "unknown variable $nope");
	ck_assert_int_eq(load(HEAD "params: {n: 2}\nrules:\n  - id: A\n"
			      "    title: a\n    assert: x\n    message: "
			      "\"{upper-case(name)} {count(a)} {$n}\"\n",
			      NULL, &(sa_error){ 0 }), SA_OK);
}
END_TEST

/* A name in `extends` is looked up in the search path and in the folder
 * the first pack was found in, never above it: "beside" a pack at the top
 * of a checkout is the checkout's parent. */
START_TEST(extends_names_never_climb)
{
	char path[256], shown[4096];
	sa_pack *p;
	sa_error err;

	sai_test_tmpdir(tmp, sizeof(tmp), "pack");
	put("secret.yaml", SECRET "\n");
	put("repo/top.yaml", "standard: {id: top, title: 顶, extends: secret}\n");
	put("repo/my/pack.yaml", "standard: {id: my, title: 我, "
	    "extends: [inner, top]}\n");
	put("repo/my/inner.yaml", "standard: {id: inner, title: 内}\n");
	p = sa_pack_new();
	snprintf(path, sizeof(path), "%s/repo/top.yaml", tmp);
	ck_assert_int_eq(sa_pack_load(p, path, &err), SA_ERR_PACK);
	sa_error_format(&err, shown, sizeof(shown));
	ck_assert_msg(strstr(err.message, "not found"), "%s", shown);
	ck_assert_msg(!strstr(shown, "CI_TOKEN"), "leaks: %s", shown);
	sa_pack_free(p);
	/* inner.yaml, in my/, is found; top.yaml, beside my/, is not */
	p = sa_pack_new();
	snprintf(path, sizeof(path), "%s/repo/my", tmp);
	ck_assert_int_eq(sa_pack_load(p, path, &err), SA_ERR_PACK);
	ck_assert_msg(strstr(err.message, "extends 'top'"), "%s", err.message);
	ck_assert_uint_eq(sa_pack_standard_count(p), 2);
	sa_pack_free(p);
	sai_test_rmtree(tmp);
}
END_TEST

START_TEST(extends_cycles_are_errors)
{
	char shown[4096];
	sa_error err;

	sai_test_tmpdir(tmp, sizeof(tmp), "pack");
	put("packs/self/pack.yaml", "standard: {id: self, title: 自, "
	    "extends: self}\n");
	put("packs/a/pack.yaml", "standard: {id: a, title: 甲, extends: b}\n");
	put("packs/b/pack.yaml", "standard: {id: b, title: 乙, extends: a}\n");
	put("packs/c/pack.yaml", "standard: {id: c, title: 丙, extends: d}\n");
	put("packs/d/pack.yaml", "standard: {id: d, title: 丁, extends: e}\n");
	put("packs/e/pack.yaml", "standard: {id: e, title: 戊, "
	    "extends: [./pack.yaml]}\n");
	put("packs/f/pack.yaml", "standard: {id: f, title: 己, extends: c}\n");
	refused("self", "self → self");
	refused("a", "a → b → a");
	/* the error points at the `extends` that closes the cycle */
	ck_assert_int_eq(load_named("a", &err, shown, sizeof(shown)),
			 SA_ERR_PACK);
	ck_assert_ptr_nonnull(strstr(err.file, "packs/b/pack.yaml"));
	ck_assert_uint_eq(err.line, 1);
	ck_assert_ptr_nonnull(strstr(err.source_line, "extends: a"));
	refused("b", "b → a → b");
	refused("c", "e → e");
	ck_assert_int_eq(load_named("f", &err, shown, sizeof(shown)),
			 SA_ERR_PACK);
	ck_assert_msg(strstr(err.message, "cycle: e → e"), "%s", shown);
	put("packs/e/pack.yaml", "standard: {id: e, title: 戊, extends: c}\n");
	refused("c", "cycle: c → d → e → c");
	refused("f", "cycle: c → d → e → c");
	/* two packs that extend one base is no cycle */
	put("packs/base/pack.yaml", "standard: {id: base, title: 基}\n");
	put("packs/g/pack.yaml", "standard: {id: g, title: 庚, "
	    "extends: [base, h]}\n");
	put("packs/h/pack.yaml", "standard: {id: h, title: 辛, "
	    "extends: base}\n");
	ck_assert_msg(load_named("g", &err, shown, sizeof(shown)) == SA_OK,
		      "%s", shown);
	sai_test_rmtree(tmp);
}
END_TEST

START_TEST(reference_tables_are_utf8)
{
	char shown[4096];
	sa_error err;

	sai_test_tmpdir(tmp, sizeof(tmp), "pack");
	put("packs/gbk/pack.yaml", HEAD "references: {t: {csv: t.csv}}\n"
	    "rules:\n  - {id: G-1, title: g, assert: \"count(ref('t')) = 2\"}\n");
	/* 社工站 in GBK on the third line */
	put("packs/gbk/t.csv", "code,name\n1,ok\n2,\xc9\xe7\xb9\xa4\xd5\xbe\n");
	ck_assert_int_eq(load_named("gbk", &err, shown, sizeof(shown)),
			 SA_ERR_PACK);
	ck_assert_msg(strstr(err.message, "not UTF-8"), "%s", shown);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_uint_eq(err.column, 3);
	ck_assert_ptr_nonnull(strstr(err.file, "t.csv"));
	sai_test_rmtree(tmp);
}
END_TEST

/* Rows are built when first asked for, in any order, yet the table reads
 * as if built whole: file order, lines, the first of duplicate keys. */
static const char *cell(xmlNodePtr row, const char *col)
{
	xmlNodePtr c;

	for (c = row ? row->children : NULL; c; c = c->next)
		if (!strcmp((const char *)c->name, col))
			return c->children ?
				(const char *)c->children->content : "";
	return NULL;
}

static sa_status load_table(const char *csv, const char *key, sa_error *err,
			    sai_refs **out)
{
	char path[256];

	put("t.csv", csv);
	snprintf(path, sizeof(path), "%s/t.csv", tmp);
	*out = sai_refs_new();
	ck_assert_ptr_nonnull(*out);
	sa_error_clear(err);
	return sai_refs_load_csv_in(*out, "t", path, key, NULL, err);
}

START_TEST(reference_rows_built_on_demand)
{
	sai_refs *r;
	sa_error err;
	xmlNodePtr row, third, first;
	const char *order[] = { "1", "2", "a\"b", "6", "", "5" };
	size_t i = 0;

	sai_test_tmpdir(tmp, sizeof(tmp), "pack");
	ck_assert_int_eq(load_table("\xef\xbb\xbf" "code,name\n1,一\n\n2,二\r\n"
				    "\"a\"\"b\",\"三\n行\"\n6,重复\n,空\n5,五",
				    "code", &err, &r), SA_OK);
	third = sai_refs_lookup(r, "t", "a\"b");
	ck_assert_str_eq(cell(third, "name"), "三\n行");
	ck_assert_uint_eq(sai_node_line(third), 5);
	ck_assert_str_eq(cell(sai_refs_lookup(r, "t", "2"), "name"), "二");
	ck_assert_ptr_null(sai_refs_lookup(r, "t", ""));
	ck_assert_ptr_null(sai_refs_lookup(r, "t", "9"));
	ck_assert_uint_eq(sai_node_line(sai_refs_lookup(r, "t", "5")), 9);
	/* the same node twice, and every row in file order */
	ck_assert_ptr_eq(sai_refs_lookup(r, "t", "a\"b"), third);
	first = sai_refs_rows(r, "t");
	for (row = first; row; row = xmlNextElementSibling(row), i++) {
		ck_assert_uint_lt(i, 6);
		ck_assert_str_eq(cell(row, "code"), order[i]);
	}
	ck_assert_uint_eq(i, 6);
	ck_assert_ptr_eq(first->next->next, third);
	ck_assert_ptr_eq(sai_refs_lookup(r, "t", "1"), first);
	ck_assert_str_eq(sai_refs_file_of(third) + strlen(tmp), "/t.csv");
	/* a second pack declaring the same, unchanged file shares it */
	{
		sai_refs *r2;
		char path[256];

		snprintf(path, sizeof(path), "%s/t.csv", tmp);
		r2 = sai_refs_new();
		ck_assert_int_eq(sai_refs_load_csv_in(r2, "t", path, "code",
						      NULL, &err), SA_OK);
		ck_assert_ptr_eq(sai_refs_lookup(r2, "t", "a\"b"), third);
		sai_refs_free(r2);
		sai_refs_free(r);
		r = NULL;
		/* ...and one changed since is read again */
		ck_assert_int_eq(load_table("code,name\n1,新\n", "code", &err,
					    &r2), SA_OK);
		ck_assert_str_eq(cell(sai_refs_lookup(r2, "t", "1"), "name"),
				 "新");
		sai_refs_free(r2);
	}
	/* the whole file is checked at load, not when a row is first used */
	ck_assert_int_eq(load_table("code,name\n1,a\n2,\"b\n", "code", &err, &r),
			 SA_ERR_PACK);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_ptr_nonnull(strstr(err.message, "broken quoting"));
	sai_refs_free(r);
	ck_assert_int_eq(load_table("code,name\n1,a\n2,b,c\n", "code", &err,
				    &r), SA_ERR_PACK);
	ck_assert_uint_eq(err.line, 3);
	sai_refs_free(r);
	ck_assert_int_eq(load_table("name,code\na,1\nb\n", "code", &err, &r),
			 SA_ERR_PACK);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_ptr_nonnull(strstr(err.message, "no key column"));
	sai_refs_free(r);
	sai_test_rmtree(tmp);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("pack");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, a_good_pack);
	tcase_add_test(tc, structure_errors);
	tcase_add_test(tc, expression_errors);
	tcase_add_test(tc, decided_by_errors);
	tcase_add_test(tc, jurisdictions);
	tcase_add_test(tc, operators_are_not_functions);
	tcase_add_test(tc, params_override);
	tcase_add_test(tc, extends_and_search);
	tcase_add_test(tc, profiles_and_overrides);
	tcase_add_test(tc, pack_files_stay_in_their_folder);
	tcase_add_test(tc, extends_cycles_are_errors);
	tcase_add_test(tc, extends_names_never_climb);
	tcase_add_test(tc, numbers_are_finite_decimals);
	tcase_add_test(tc, a_gb18030_line_is_quoted_escaped);
	tcase_add_test(tc, template_functions_checked_at_load);
	tcase_add_test(tc, reference_tables_are_utf8);
	tcase_add_test(tc, reference_rows_built_on_demand);
	tcase_add_test(tc, basis_and_citation);
	tcase_add_test(tc, profile_settings);
	tcase_add_test(tc, lint_requires_basis);
	tcase_add_test(tc, refused_at_load_not_per_record);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
