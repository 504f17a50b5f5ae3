/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_packschema.c - schemas/pack.xsd and sa_pack_check_schema: valid
 * packs pass, every bundled pack passes, and a pack with several problems
 * gets every one of them at its line.
 */
#include "config.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stationaudit.h"
#include "testutil.h"

#define XSD SA_SRCDIR "/schemas/pack.xsd"
#define MAX_SEEN 16

typedef struct seen {
	size_t n;
	unsigned long line[MAX_SEEN];
	char message[MAX_SEEN][SA_ERROR_MESSAGE_MAX];
} seen;

static void remember(void *data, const sa_error *problem)
{
	seen *s = data;

	ck_assert_int_eq(problem->status, SA_ERR_PACK);
	ck_assert_uint_gt(problem->column, 0);
	if (s->n < MAX_SEEN) {
		s->line[s->n] = problem->line;
		snprintf(s->message[s->n], SA_ERROR_MESSAGE_MAX, "%s",
			 problem->message);
	}
	s->n++;
}

/* Writes text to a temporary pack file and checks it; returns the number
 * of problems, s filled. */
static size_t check_text(const char *text, seen *s)
{
	char path[] = "/tmp/sa-packschema-XXXXXX";
	int fd = mkstemp(path);
	size_t n = 99;
	sa_error err;
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(sa_pack_check_schema(path, XSD, remember, s, &n,
					      &err), SA_OK);
	unlink(path);
	ck_assert_uint_eq(n, s->n);
	return n;
}

START_TEST(valid_packs_pass)
{
	seen s;

	ck_assert_uint_eq(check_text(
		"standard: {title: 测试, id: t, extends: [base]}\n"
		"params:\n  n: 2\n  m: {type: number, default: 3, "
		"description: 说明}\n"
		"grades: {优秀: 90, pass: 60}\n"
		"references:\n  towns: {csv: data/t.csv, key: code}\n"
		"profiles:\n  light: {params: {n: 7}, rules: [A-*]}\n"
		"indicators:\n  - id: 一\n    points: 40\n    children:\n"
		"      - id: 二\n        children: [{id: 三, points: 5}]\n"
		"rules:\n"
		"  - {require: name, title: 名称, id: A-1, severity: info}\n"
		"  - id: A-2\n    ratio: {min: 0.5, where: x, of: y}\n"
		"    title: 比例\n    scope: collection\n"
		"  - {id: A-3, title: 值, value: x, in: [a, b], each: true,"
		" min: $n, format: uscc}\n", &s), 0);
	ck_assert_uint_eq(check_text("standard: {id: t, title: x}\n"
				     "rules: []\n", &s), 0);
}
END_TEST

/* Three problems in three places: the loader would stop at the first. */
START_TEST(every_problem_at_its_line)
{
	seen s;

	ck_assert_uint_eq(check_text(
		"standard: {id: t, title: 测试}\n"          /* 1 */
		"params:\n"                                  /* 2 */
		"  years: {type: money, default: 2}\n"       /* 3 */
		"rules:\n"                                   /* 4 */
		"  - id: A-1\n"                              /* 5 */
		"    title: 一\n"                            /* 6 */
		"    severity: urgent\n"                     /* 7 */
		"    require: name\n"                        /* 8 */
		"  - id: A-2\n"                              /* 9 */
		"    colour: red\n"                          /* 10 */
		"    title: 二\n"                            /* 11 */
		"    shape: round\n"                         /* 12 */
		"    assert: x\n", &s), 4);                  /* 13 */
	ck_assert_uint_eq(s.line[0], 3);
	ck_assert_ptr_nonnull(strstr(s.message[0], "'money'"));
	ck_assert_uint_eq(s.line[1], 7);
	ck_assert_ptr_nonnull(strstr(s.message[1], "'urgent'"));
	/* both unknown keys of one rule, not only the first */
	ck_assert_uint_eq(s.line[2], 10);
	ck_assert_ptr_nonnull(strstr(s.message[2], "'colour'"));
	ck_assert_uint_eq(s.line[3], 12);
	ck_assert_ptr_nonnull(strstr(s.message[3], "'shape'"));
}
END_TEST

START_TEST(structure_problems)
{
	seen s;

	/* indicators nest three levels, not four */
	ck_assert_uint_eq(check_text(
		"standard: {id: t, title: x}\nindicators:\n"
		"  - id: a\n    children:\n      - id: b\n        children:\n"
		"          - id: c\n            children: [{id: d}]\n", &s), 1);
	ck_assert_uint_eq(s.line[0], 8);
	ck_assert_ptr_nonnull(strstr(s.message[0], "'children'"));
	/* two checks in a rule; a rule without a title; no standard */
	ck_assert_uint_eq(check_text(
		"standard: {id: t, title: x}\nrules:\n"
		"  - {id: A, title: a, assert: x, require: y}\n", &s), 1);
	ck_assert_ptr_nonnull(strstr(s.message[0], "'require'"));
	ck_assert_uint_eq(check_text(
		"standard: {id: t, title: x}\nrules:\n"
		"  - {id: A, assert: x}\n", &s), 1);
	ck_assert_ptr_nonnull(strstr(s.message[0], "Missing child"));
	ck_assert_uint_eq(check_text("rules: []\n", &s), 1);
	/* the same rule id twice; a bad scope; an odd key named as written */
	ck_assert_uint_eq(check_text(
		"standard: {id: t, title: x}\nrules:\n"
		"  - {id: A, title: a, assert: x}\n"
		"  - {id: A, title: b, assert: y, scope: world}\n"
		"  - {id: B, title: c, assert: z, \"odd key\": 1}\n", &s), 3);
	ck_assert_ptr_nonnull(strstr(s.message[0], "Duplicate"));
	ck_assert_ptr_nonnull(strstr(s.message[1], "'world'"));
	ck_assert_ptr_nonnull(strstr(s.message[2], "Key 'odd key'"));
}
END_TEST

START_TEST(bundled_packs_are_valid)
{
	glob_t g;
	size_t i, n;
	seen s;
	sa_error err;

	ck_assert_int_eq(glob(SA_SRCDIR "/rules/*/pack.yaml", 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 12);
	for (i = 0; i < g.gl_pathc; i++) {
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(sa_pack_check_schema(g.gl_pathv[i], XSD,
						      remember, &s, &n, &err),
				 SA_OK);
		ck_assert_msg(n == 0, "%s: %zu problems, the first at line "
			      "%lu: %s", g.gl_pathv[i], n, s.line[0],
			      s.message[0]);
	}
	globfree(&g);
}
END_TEST

START_TEST(errors_that_stop_the_check)
{
	sa_error err;
	size_t n = 5;
	seen s;
	char path[] = "/tmp/sa-packschema-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_eq(sa_pack_check_schema("/nonexistent/pack.yaml", XSD,
					      remember, &s, &n, &err),
			 SA_ERR_IO);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "rules: [\n", 9), 9);
	close(fd);
	ck_assert_int_eq(sa_pack_check_schema(path, XSD, remember, &s, &n,
					      &err), SA_ERR_PARSE);
	ck_assert_int_eq(sa_pack_check_schema(path, "/nonexistent.xsd",
					      remember, &s, &n, &err),
			 SA_ERR_USAGE);
	unlink(path);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("packschema");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, valid_packs_pass);
	tcase_add_test(tc, every_problem_at_its_line);
	tcase_add_test(tc, structure_problems);
	tcase_add_test(tc, bundled_packs_are_valid);
	tcase_add_test(tc, errors_that_stop_the_check);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
