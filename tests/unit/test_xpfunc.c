/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xpfunc.c - the XPath extension functions, evaluated by libxml2 over
 * a small dossier: results, XPath 1.0 conversions, arity and failures.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "testutil.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "xpfunc-internal.h"

static const char dossier[] =
	"<station xmlns:sa='" SAI_TREE_NS "'>"
	"<name>十堰市张湾区社工站</name>"
	"<region><code>420303</code></region>"
	"<operator><credit_code>52420300MJ12345610</credit_code>"
	"<bad_code>91350100M000100Y44</bad_code></operator>"
	"<director><id>11010519491231002X</id><birth>1949-12-31</birth>"
	"</director>"
	"<staff><name>张三</name><count sa:type='integer'>2</count></staff>"
	"<staff><name>李四</name><count sa:type='integer'>3</count></staff>"
	"<staff><name>张三</name><count>4</count></staff>"
	"<staff><name>\xe3\x80\x80张三 </name></staff>"
	"<opened>2021-06-15</opened>"
	"<phone>０７１９１２３</phone>"
	"</station>";

static xmlDocPtr doc;
static xmlXPathContextPtr ctx;
static sai_regex_cache *parent;
static sai_xpfunc_env env;
static int xpath_errors;

/* Counts errors instead of letting libxml2 print them. */
static void count_error(void *data, xmlErrorPtr e)
{
	(void)data;
	(void)e;
	xpath_errors++;
}

static void setup(void)
{
	doc = xmlReadMemory(dossier, (int)strlen(dossier), "dossier.xml",
			    "UTF-8", XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ctx = xmlXPathNewContext(doc);
	ck_assert_ptr_nonnull(ctx);
	memset(&env, 0, sizeof(env));
	parent = sai_regex_cache_new(NULL);
	env.regexes = sai_regex_cache_new(parent);
	ck_assert_ptr_nonnull(env.regexes);
	memcpy(env.audit_date, "2021-06-15", 11);
	ck_assert_int_eq(sai_xpfunc_register(ctx, &env), 0);
	ck_assert_ptr_eq(ctx->userData, &env);
	ctx->error = count_error;
	ctx->node = xmlDocGetRootElement(doc);
	ck_assert_int_eq(xmlXPathRegisterNs(ctx, BAD_CAST SAI_TREE_NS_PREFIX,
					    BAD_CAST SAI_TREE_NS), 0);
}

static void teardown(void)
{
	sai_xpfunc_env_release(&env);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	sai_regex_cache_free(env.regexes);
	sai_regex_cache_free(parent);
	ctx = NULL;
	doc = NULL;
}

static xmlXPathObjectPtr eval(const char *expr)
{
	env.failed = 0;
	env.why[0] = '\0';
	env.built = 0;             /* as the evaluator does */
	xpath_errors = 0;
	xmlResetError(&ctx->lastError);
	return xmlXPathEvalExpression(BAD_CAST expr, ctx);
}

static void check_str(const char *expr, const char *want)
{
	xmlXPathObjectPtr o = eval(expr);
	xmlChar *s;

	ck_assert_msg(o != NULL, "%s failed: %s", expr, env.why);
	s = xmlXPathCastToString(o);
	ck_assert_msg(s && !strcmp((const char *)s, want),
		      "%s gave '%s', want '%s'", expr, s, want);
	xmlFree(s);
	xmlXPathFreeObject(o);
}

static void check_bool(const char *expr, int want)
{
	xmlXPathObjectPtr o = eval(expr);

	ck_assert_msg(o != NULL, "%s failed: %s", expr, env.why);
	ck_assert_msg(o->type == XPATH_BOOLEAN, "%s is not a boolean", expr);
	ck_assert_msg(o->boolval == want, "%s gave %d, want %d", expr,
		      o->boolval, want);
	xmlXPathFreeObject(o);
}

static void check_num(const char *expr, double want)
{
	xmlXPathObjectPtr o = eval(expr);

	ck_assert_msg(o != NULL, "%s failed: %s", expr, env.why);
	ck_assert_msg(o->type == XPATH_NUMBER, "%s is not a number", expr);
	if (isnan(want))
		ck_assert_msg(isnan(o->floatval), "%s gave %g, want NaN", expr,
			      o->floatval);
	else
		ck_assert_msg(o->floatval == want, "%s gave %g, want %g",
			      expr, o->floatval, want);
	xmlXPathFreeObject(o);
}

/* The expression must fail with XPath error code (XML_XPATH_*) and, when
 * why is set, record a reason containing it. */
static void check_error(const char *expr, int code, const char *why)
{
	xmlXPathObjectPtr o = eval(expr);

	ck_assert_msg(o == NULL, "%s did not fail", expr);
	ck_assert_int_gt(xpath_errors, 0);
	ck_assert_msg(ctx->lastError.code == code, "%s: error %d, want %d",
		      expr, ctx->lastError.code, code);
	if (why) {
		ck_assert_int_eq(env.failed, 1);
		ck_assert_msg(strstr(env.why, why) != NULL,
			      "%s: reason '%s' lacks '%s'", expr, env.why,
			      why);
	}
}

#define ARITY XML_XPATH_INVALID_ARITY
#define EXPR XML_XPATH_EXPR_ERROR
#define TYPE XML_XPATH_INVALID_TYPE

/* ---- regular expressions ---------------------------------------------- */

/* lookup(nodes, path, value) over a record's nodes: its index is
 * dropped with the record, since the next record's nodes may take the
 * same memory (and the same first node and count would find it). */
START_TEST(lookup_index_ends_with_the_record)
{
	check_str("count(lookup(staff, 'name', '张三'))", "2");
	check_str("lookup(staff, 'name', '李四')/count", "3");
	ck_assert_ptr_nonnull(env.lookup);
	sai_xpfunc_record_done(&env);
	ck_assert_ptr_null(env.lookup);
	check_str("count(lookup(staff, 'name', '张三'))", "2");
	sai_xpfunc_env_release(&env);
	ck_assert_ptr_null(env.lookup);
}
END_TEST

/* Two node-sets of one first node and one size are different sets: the
 * second look-up must not answer from the first one's index. */
START_TEST(lookup_index_knows_its_set)
{
	check_str("count(lookup(staff[1] | staff[2], 'name', '张三'))", "1");
	check_str("count(lookup(staff[1] | staff[3], 'name', '张三'))", "2");
	check_str("count(lookup(staff[1] | staff[2], 'name', '张三'))", "1");
	/* the same set again keeps its index */
	ck_assert_ptr_nonnull(env.lookup);
	{
		void *ix = env.lookup;

		check_str("count(lookup(staff[1] | staff[2], 'name', '李四'))",
			  "1");
		ck_assert_ptr_eq(env.lookup, ix);
	}
	check_str("count(lookup(staff, 'count', '3'))", "1");
	check_str("count(lookup(staff, 'name', '李四'))", "1");
}
END_TEST

/* The path runs under the caller's operation limit, and its steps count
 * as the caller's: an expression that stops at the limit stops inside
 * lookup() too, with the usual reason. */
START_TEST(lookup_path_has_the_limits)
{
	xmlXPathObjectPtr o;
	unsigned long plain;

	ctx->opLimit = 100000;
	ctx->opCount = 0;
	check_str("count(staff)", "4");
	plain = ctx->opCount;
	ctx->opCount = 0;
	check_str("count(lookup(staff, 'count(//*)', count(//*)))", "4");
	ck_assert_uint_gt(ctx->opCount, plain + 4 * 20);
	ctx->opCount = 0;
	check_error("count(lookup(., 'count(//*[. = //*[. = //*[. = //*]]])', "
		    "'x'))", EXPR, "took too many steps");
	ck_assert_ptr_null(env.lookup);
	/* the steps taken before lookup() count too */
	ctx->opCount = ctx->opLimit - 50;
	o = eval("count(lookup(staff, 'count(//*)', 'x'))");
	ck_assert_ptr_null(o);
	ck_assert_msg(ctx->opCount >= ctx->opLimit, "%lu", ctx->opCount);
	ctx->opLimit = 0;
	/* the depth limit holds inside the path: 6000 parentheses */
	{
		static const char head[] = "lookup(staff, '", tail[] = "', '1')";
		char *expr = malloc(sizeof(head) + 12001 + sizeof(tail));
		size_t n = sizeof(head) - 1;

		ck_assert_ptr_nonnull(expr);
		memcpy(expr, head, n);
		memset(expr + n, '(', 6000);
		expr[n + 6000] = '1';
		memset(expr + n + 6001, ')', 6000);
		memcpy(expr + n + 12001, tail, sizeof(tail));
		o = eval(expr);
		free(expr);
		ck_assert_ptr_null(o);
		ck_assert_int_eq(env.failed, 1);
		ck_assert_msg(strstr(env.why, "nests too deeply") != NULL,
			      "%s", env.why);
	}
}
END_TEST

/* The path may call the functions but not lookup() (whose index it is
 * building), and reads no variable: the index depends on the nodes and
 * the path alone. */
START_TEST(lookup_path_functions_no_variables)
{
	check_str("count(lookup(staff, 'trim(name)', '张三'))", "3");
	check_error("lookup(staff, 'lookup(., name, 1)', '张三')", EXPR,
		    "a lookup() path cannot call lookup()");
	check_error("lookup(staff, '$x', '张三')", EXPR, "cannot index by");
	check_error("lookup(staff, 'name[', '张三')", EXPR, "cannot index by");
	check_str("count(lookup(staff, 'name', '张三'))", "2");
}
END_TEST

START_TEST(matches_chinese)
{
	check_bool("matches(/station/name, '社工站$')", 1);
	check_bool("matches(/station/name, '^社工站')", 0);
	check_bool("matches(/station/name, '^\\p{Han}+$')", 1);
	check_bool("matches('社工站A', '^\\p{Han}+$')", 0);
	check_bool("matches(/station/phone, '^\\d{7}$')", 1);
	check_bool("matches(/station/region/code, '^42')", 1);
	/* A node-set gives its first node's string value. */
	check_bool("matches(//staff/name, '^张三$')", 1);
	check_bool("matches(//nothing, '^$')", 1);
	/* A number is converted as string() would. */
	check_bool("matches(420303, '^4203')", 1);
}
END_TEST

START_TEST(matches_flags)
{
	check_bool("matches('ABC', '^abc$')", 0);
	check_bool("matches('ABC', '^abc$', 'i')", 1);
	check_bool("matches('a\nb', '^b$', 'm')", 1);
	check_bool("matches('a b', '^a b$', 'x')", 0);
	check_bool("matches('ab', '^a b$', 'x')", 1);
	check_error("matches('a', 'a', 'q')", EXPR, "flag 'q'");
}
END_TEST

START_TEST(matches_arity)
{
	check_error("matches('a')", ARITY, NULL);
	check_error("matches('a', 'b', 'i', 'x')", ARITY, NULL);
	check_error("matches()", ARITY, NULL);
	ck_assert_int_eq(env.failed, 0);
}
END_TEST

START_TEST(matches_bad_pattern)
{
	check_error("matches(/station/name, 'a(b')", EXPR,
		    "invalid regular expression 'a(b'");
	ck_assert_ptr_nonnull(strstr(env.why, "offset 3"));
	ck_assert_ptr_nonnull(strstr(env.why, "missing closing parenthesis"));
	check_error("matches('x', '社工[站')", EXPR, "offset 10");
}
END_TEST

START_TEST(matches_limit)
{
	check_error("matches('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', "
		    "'^(a+)+$')", EXPR, "match limit");
	ck_assert_ptr_nonnull(strstr(env.why, "^(a+)+$"));
	/* The error stops the whole expression: no silent false. */
	check_error("not(matches('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', "
		    "'^(a+)+$')) or true()", EXPR, "match limit");
}
END_TEST

START_TEST(matches_uses_the_cache)
{
	const sai_regex *p, *c;

	/* A pattern the pack compiled into the parent is found there. */
	p = sai_regex_cache_get(parent, "^十堰", NULL, NULL);
	ck_assert_ptr_nonnull(p);
	check_bool("matches(/station/name, '^十堰')", 1);
	ck_assert_ptr_eq(sai_regex_cache_get(env.regexes, "^十堰", NULL, NULL),
			 p);
	/* One first met while evaluating goes into the per-thread cache. */
	check_bool("matches(/station/name, '张湾')", 1);
	c = sai_regex_cache_get(env.regexes, "张湾", NULL, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_ne(sai_regex_cache_get(parent, "张湾", NULL, NULL), c);
}
END_TEST

START_TEST(replace_works)
{
	check_str("replace(/station/name, '社工站$', '社会工作服务站')",
		  "十堰市张湾区社会工作服务站");
	check_str("replace('2021-06-15', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1')",
		  "15/06/2021");
	check_str("replace('AbA', 'a', 'x', 'i')", "xbx");
	check_str("replace('abc', 'z', 'x')", "abc");
	check_str("replace(//staff/name, '三', '3')", "张3");
}
END_TEST

START_TEST(replace_failures)
{
	check_error("replace('a', 'a')", ARITY, NULL);
	check_error("replace('a', 'a', 'b', 'i', 'x')", ARITY, NULL);
	check_error("replace('a', '(', 'b')", EXPR,
		    "invalid regular expression");
	check_error("replace('a', '(a)', '$2')", EXPR, "replace()");
	check_error("replace('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', "
		    "'^(a+)+$', '')", EXPR, "match limit");
}
END_TEST

/* replace(s, pattern, repl) with s a literal of n copies of c. */
static void nest_replace(sai_strbuf *sb, int depth, size_t n, char c,
			 const char *pattern, const char *repl)
{
	int i;

	for (i = 0; i < depth; i++)
		sai_strbuf_adds(sb, "replace(");
	sai_strbuf_addc(sb, '\'');
	for (i = 0; i < (int)n; i++)
		sai_strbuf_addc(sb, c);
	sai_strbuf_addc(sb, '\'');
	for (i = 0; i < depth; i++)
		sai_strbuf_addf(sb, ", '%s', '%s')", pattern, repl);
}

/* Nested replace(..., '', ...) multiplies its subject at every level:
 * seven levels on 2,000 characters once took 450 MB and minutes.  The
 * budget stops it with an error, at once. */
START_TEST(replace_output_is_bounded)
{
	sai_strbuf sb;

	sai_strbuf_init(&sb);
	nest_replace(&sb, 7, 2000, 'x', "", "abcde");
	ck_assert(!sb.failed);
	check_error(sai_strbuf_str(&sb), EXPR, "16 MiB");
	/* Two levels are fine (2,000 * 36 bytes). */
	sai_strbuf_reset(&sb);
	nest_replace(&sb, 2, 2000, 'x', "", "abcde");
	sai_strbuf_adds(&sb, " = ''");
	check_bool(sai_strbuf_str(&sb), 0);
	/* A $ reference counts as long as the subject: 3,000 bytes with
	 * '$0' may give 9 MB, which fits once per evaluation... */
	sai_strbuf_reset(&sb);
	sai_strbuf_adds(&sb, "string-length(");
	nest_replace(&sb, 1, 3000, 'y', "z", "$0");
	sai_strbuf_addc(&sb, ')');
	check_num(sai_strbuf_str(&sb), 3000);
	/* ...and again in the next one (the budget is per evaluation)... */
	check_num(sai_strbuf_str(&sb), 3000);
	/* ...but not twice in the same one. */
	sai_strbuf_reset(&sb);
	sai_strbuf_adds(&sb, "concat(");
	nest_replace(&sb, 1, 3000, 'y', "z", "$0");
	sai_strbuf_addc(&sb, ',');
	nest_replace(&sb, 1, 3000, 'y', "z", "$0");
	sai_strbuf_addc(&sb, ')');
	check_error(sai_strbuf_str(&sb), EXPR, "16 MiB");
	sai_strbuf_release(&sb);
}
END_TEST

/* concat(first, big, big, ...) with n arguments in all. */
static void big_concat(sai_strbuf *sb, const char *first, int n)
{
	int i;

	sai_strbuf_adds(sb, "concat(");
	sai_strbuf_adds(sb, first);
	for (i = 1; i < n; i++)
		sai_strbuf_adds(sb, ", big");
	sai_strbuf_addc(sb, ')');
}

/* concat() is ours, counted against the same budget: 17 copies of a
 * 1 MiB value once built 17 MiB (nested, gigabytes) unbounded. */
START_TEST(concat_output_is_bounded)
{
	char *big = malloc((1u << 20) + 1);
	xmlNodePtr n;
	sai_strbuf sb;

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', 1u << 20);
	big[1u << 20] = '\0';
	n = xmlNewTextChild(xmlDocGetRootElement(doc), NULL, BAD_CAST "big",
			    BAD_CAST big);
	free(big);
	ck_assert_ptr_nonnull(n);
	check_str("concat('a', 1, true(), name)", "a1true十堰市张湾区社工站");
	check_error("concat('a')", XML_XPATH_INVALID_ARITY, NULL);
	sai_strbuf_init(&sb);
	sai_strbuf_adds(&sb, "string-length(");
	big_concat(&sb, "big", 16);
	sai_strbuf_addc(&sb, ')');
	check_num(sai_strbuf_str(&sb), 16 << 20);     /* 16 MiB: the limit */
	sai_strbuf_reset(&sb);
	big_concat(&sb, "big", 17);
	check_error(sai_strbuf_str(&sb), XML_XPATH_EXPR_ERROR, "16 MiB");
	ck_assert_ptr_nonnull(strstr(env.why, "concat()"));
	/* Every level counts: 2 MiB inside, 15 MiB outside. */
	sai_strbuf_reset(&sb);
	big_concat(&sb, "concat(big, big)", 14);
	check_error(sai_strbuf_str(&sb), XML_XPATH_EXPR_ERROR, "16 MiB");
	sai_strbuf_release(&sb);
}
END_TEST

START_TEST(without_environment)
{
	xmlXPathContextPtr bare = xmlXPathNewContext(doc);

	ck_assert_ptr_nonnull(bare);
	ck_assert_int_eq(sai_xpfunc_register(bare, NULL), 0);
	/* Registering again is harmless. */
	ck_assert_int_eq(sai_xpfunc_register(bare, NULL), 0);
	bare->error = count_error;
	{
		xmlXPathObjectPtr o = xmlXPathEvalExpression(
			BAD_CAST "matches('a', 'a')", bare);

		ck_assert_ptr_null(o);
		o = xmlXPathEvalExpression(BAD_CAST "today()", bare);
		ck_assert_ptr_nonnull(o);
		ck_assert_str_eq((const char *)o->stringval, "");
		xmlXPathFreeObject(o);
		o = xmlXPathEvalExpression(BAD_CAST "days-since('2021-01-01')",
					   bare);
		ck_assert_ptr_nonnull(o);
		ck_assert(isnan(o->floatval));
		xmlXPathFreeObject(o);
	}
	xmlXPathFreeContext(bare);
	ck_assert_int_eq(sai_xpfunc_register(NULL, &env), -1);
}
END_TEST

/* ---- strings ------------------------------------------------------------ */

START_TEST(ends_with_works)
{
	check_bool("ends-with(/station/name, '社工站')", 1);
	check_bool("ends-with(/station/name, '十堰')", 0);
	check_bool("ends-with('abc', '')", 1);
	check_bool("ends-with('', 'a')", 0);
	check_bool("ends-with('bc', 'abc')", 0);
	check_bool("ends-with(//staff/name, '三')", 1);
	check_error("ends-with('a')", ARITY, NULL);
	check_error("ends-with('a', 'b', 'c')", ARITY, NULL);
}
END_TEST

START_TEST(case_changes_ascii_only)
{
	check_str("upper-case('abcXyz é 社 ß')", "ABCXYZ é 社 ß");
	check_str("lower-case('ABCxYZ É 社')", "abcxyz É 社");
	check_str("upper-case(/operator/none)", "");
	check_str("lower-case(//credit_code)", "52420300mj12345610");
	check_str("upper-case(1.5)", "1.5");
	check_error("upper-case()", ARITY, NULL);
	check_error("lower-case('a', 'b')", ARITY, NULL);
}
END_TEST

START_TEST(trim_works)
{
	check_str("trim('  社工站 ')", "社工站");
	check_str("trim(//staff[4]/name)", "张三");
	check_str("trim('\xe3\x80\x80\xe3\x80\x80 社 工\xe3\x80\x80站 \t')",
		  "社 工\xe3\x80\x80站");
	check_str("trim('   ')", "");
	check_str("trim('\xe3\x80\x80')", "");
	check_str("trim('')", "");
	check_str("trim('abc')", "abc");
	/* A lone ideographic space inside a longer character is not cut:
	 * U+3000 is E3 80 80, U+3001 is E3 80 81. */
	check_str("trim('\xe3\x80\x81')", "\xe3\x80\x81");
	check_error("trim()", ARITY, NULL);
	check_error("trim('a', 'b')", ARITY, NULL);
}
END_TEST

/* ---- identifiers -------------------------------------------------------- */

START_TEST(uscc_function)
{
	check_bool("uscc-valid('91350100M000100Y43')", 1);
	check_bool("uscc-valid('91110000600037341L')", 1);
	check_bool("uscc-valid(//credit_code)", 1);
	check_bool("uscc-valid(//bad_code)", 0);
	check_bool("uscc-valid('91350100Z000100Y43')", 0);
	check_bool("uscc-valid('')", 0);
	check_bool("uscc-valid(//nothing)", 0);
	check_error("uscc-valid()", ARITY, NULL);
	check_error("uscc-valid('a', 'b')", ARITY, NULL);
}
END_TEST

START_TEST(id_number_function)
{
	check_bool("id-number-valid('11010519491231002X')", 1);
	check_bool("id-number-valid('11010519491231002x')", 1);
	check_bool("id-number-valid(/station/director/id)", 1);
	check_bool("id-number-valid('110105194912310021')", 0);
	check_bool("id-number-valid('110105194902300020')", 0);
	check_bool("id-number-valid('1101051949123100')", 0);
	check_error("id-number-valid()", ARITY, NULL);
}
END_TEST

START_TEST(id_birth_date_function)
{
	check_str("id-birth-date('11010519491231002X')", "1949-12-31");
	check_str("id-birth-date('11010519491231002x')", "1949-12-31");
	check_str("id-birth-date(/station/director/id)", "1949-12-31");
	/* A wrong check character still has a birth date. */
	check_str("id-birth-date('110105194912310021')", "1949-12-31");
	check_str("id-birth-date('110105194902300020')", "");
	check_str("id-birth-date('110105189912310023')", "");
	check_str("id-birth-date('1101051949123100')", "");
	check_str("id-birth-date('11010519491231002Y')", "");
	check_str("id-birth-date('')", "");
	check_bool("id-birth-date(//id) = //birth", 1);
	check_error("id-birth-date()", ARITY, NULL);
}
END_TEST

START_TEST(division_code_function)
{
	check_bool("division-code-valid('420303')", 1);
	check_bool("division-code-valid(//region/code)", 1);
	check_bool("division-code-valid('420303001001')", 1);
	check_bool("division-code-valid(420303)", 1);
	check_bool("division-code-valid('42030')", 0);
	check_bool("division-code-valid('000000')", 0);
	check_bool("division-code-valid('社工站')", 0);
	check_bool("division-code-valid('420303', 6)", 1);
	check_bool("division-code-valid('420303', '6')", 1);
	check_bool("division-code-valid('420303', 12)", 0);
	check_bool("division-code-valid('420303001', 9)", 1);
	check_bool("division-code-valid('42030', 5)", 0);
	check_bool("division-code-valid('420303', 'six')", 0);
	check_error("division-code-valid()", ARITY, NULL);
	check_error("division-code-valid('42', 2, 3)", ARITY, NULL);
}
END_TEST

/* ---- dates -------------------------------------------------------------- */

START_TEST(date_valid_function)
{
	check_bool("date-valid('2021-06-15')", 1);
	check_bool("date-valid(/station/opened)", 1);
	check_bool("date-valid('2024-02-29')", 1);
	check_bool("date-valid('2021-02-29')", 0);
	check_bool("date-valid('2021-6-15')", 0);
	check_bool("date-valid('2021-06-15T10:00:00')", 0);
	check_bool("date-valid('')", 0);
	check_error("date-valid()", ARITY, NULL);
}
END_TEST

START_TEST(today_function)
{
	check_str("today()", "2021-06-15");
	check_bool("today() = /station/opened", 1);
	memcpy(env.audit_date, "2030-01-01", 11);
	check_str("today()", "2030-01-01");
	check_error("today(1)", ARITY, NULL);
}
END_TEST

START_TEST(days_between_function)
{
	check_num("days-between('2021-01-01', '2021-12-31')", 364);
	check_num("days-between('2021-12-31', '2021-01-01')", -364);
	check_num("days-between('2020-02-28', '2020-03-01')", 2);
	check_num("days-between('2021-06-15', /station/opened)", 0);
	check_num("days-between('2021-06-14T23:59:59', '2021-06-15')", 1);
	check_num("days-between('2021-02-30', '2021-03-01')", NAN);
	check_num("days-between('2021-01-01', 'tomorrow')", NAN);
	check_num("days-between(//nothing, '2021-03-01')", NAN);
	check_error("days-between('2021-01-01')", ARITY, NULL);
	check_error("days-between('a', 'b', 'c')", ARITY, NULL);
}
END_TEST

START_TEST(years_between_function)
{
	check_num("years-between('1949-12-31', '2021-06-15')", 71);
	check_num("years-between('1949-12-31', '2021-12-31')", 72);
	check_num("years-between(//birth, today())", 71);
	check_num("years-between('2021-06-15', '1949-12-31')", -71);
	check_num("years-between('2000-02-29', '2001-02-28')", 0);
	check_num("years-between('1949-13-01', '2021-06-15')", NAN);
	check_bool("years-between(id-birth-date(//id), today()) >= 18", 1);
	check_error("years-between('2021-01-01')", ARITY, NULL);
}
END_TEST

START_TEST(since_functions)
{
	check_num("days-since('2021-06-14')", 1);
	check_num("days-since(/station/opened)", 0);
	check_num("days-since('2021-06-16')", -1);
	check_num("days-since('2021-06-45')", NAN);
	check_num("years-since('1949-12-31')", 71);
	check_num("years-since('2020-06-15')", 1);
	check_num("years-since('2020-06-16')", 0);
	check_num("years-since('x')", NAN);
	/* A bad audit date makes every span NaN rather than a guess. */
	memcpy(env.audit_date, "2021-02-30", 11);
	check_num("days-since('2021-01-01')", NAN);
	check_error("days-since()", ARITY, NULL);
	check_error("years-since('a', 'b')", ARITY, NULL);
}
END_TEST

/* ---- node-sets ---------------------------------------------------------- */

START_TEST(distinct_count_function)
{
	/* 张三 twice, 李四, and a padded 张三 that is a different string. */
	check_num("distinct-count(//staff/name)", 3);
	check_num("count(//staff/name)", 4);
	check_num("distinct-count(//staff)", 4);
	check_num("distinct-count(//nothing)", 0);
	check_num("distinct-count(/station/name)", 1);
	check_num("distinct-count(//staff/count)", 3);
	check_error("distinct-count('abc')", TYPE, NULL);
	check_error("distinct-count()", ARITY, NULL);
	check_error("distinct-count(//a, //b)", ARITY, NULL);
}
END_TEST

START_TEST(typeof_function)
{
	/* An XML dossier has no types. */
	check_str("typeof(//staff/count)", "");
	check_str("typeof(/station)", "");
	/* A YAML one does (the loader marks the document). */
	sai_tree_set_format(doc, "yaml");
	check_str("typeof(//staff/count)", "integer");
	check_str("typeof(//staff[2]/count)", "integer");
	check_str("typeof(//staff[3]/count)", "string");
	check_str("typeof(/station/name)", "string");
	check_str("typeof(//nothing)", "");
	check_str("typeof(//staff/count/text())", "");
	check_str("typeof(//count/@sa:type)", "");
	sai_tree_set_format(doc, NULL);
	check_error("typeof('integer')", TYPE, NULL);
	check_error("typeof()", ARITY, NULL);
	check_error("typeof(/a, /b)", ARITY, NULL);
}
END_TEST

/* ---- reasons and allocation failure ------------------------------------- */

START_TEST(reasons_are_whole_utf8)
{
	static const char expr[] =
		"matches('x', '社会工作服务站社会工作服务站社会工作服务站"
		"社会工作服务站社会工作服务站(')";

	check_error(expr, EXPR, "missing closing parenthesis");
	ck_assert_int_eq(sai_utf8_valid(env.why, strlen(env.why)), 1);
	check_error("matches('x', 'x', '社')", EXPR, "flag '?'");
	ck_assert_int_eq(sai_utf8_valid(env.why, strlen(env.why)), 1);
}
END_TEST

static long allocs_left = -1;

static void *failing_malloc(size_t n)
{
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	return malloc(n);
}

static void *failing_realloc(void *p, size_t n)
{
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	return realloc(p, n);
}

static char *failing_strdup(const char *s)
{
	char *d = failing_malloc(strlen(s) + 1);

	if (d)
		memcpy(d, s, strlen(s) + 1);
	return d;
}

static void quiet(void *data, const char *msg, ...)
{
	(void)data;
	(void)msg;
}

static xmlXPathFunction wrapped;
static long fail_after;

/* Lets allocations fail only inside the function under test: libxml2
 * 2.9.14's own evaluator does not survive every failure (xmlXPathEval
 * frees its parser context twice), and it is not what this tests. */
static void failing_call(xmlXPathParserContextPtr ctxt, int nargs)
{
	allocs_left = fail_after;
	wrapped(ctxt, nargs);
	allocs_left = -1;
}

/* Every libxml2 allocation a function makes fails in turn: each run either
 * succeeds or fails cleanly, with nothing leaked (valgrind, ASan). */
START_TEST(allocation_failures)
{
	static const char *const exprs[][2] = {
		{ "matches", "matches(/station/name, '社工站$')" },
		{ "replace", "replace(/station/name, '社工', 'x')" },
		{ "upper-case", "upper-case(//credit_code)" },
		{ "trim", "trim(//staff[4]/name)" },
		{ "id-birth-date", "id-birth-date(//id)" },
		{ "distinct-count", "distinct-count(//staff/name)" },
		{ "typeof", "typeof(//staff/count)" },
		{ "days-since", "days-since(/station/opened)" },
		{ "division-code-valid", "division-code-valid(//code, 6)" },
		{ "today", "today()" },
	};
	size_t i;
	long n;

	xmlSetGenericErrorFunc(NULL, quiet);
	/* Pass-through until allocs_left is set: blocks allocated before
	 * and after the switch are all plain malloc blocks. */
	ck_assert_int_eq(xmlMemSetup(free, failing_malloc, failing_realloc,
				     failing_strdup), 0);
	for (i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		const xmlChar *name = BAD_CAST exprs[i][0];

		wrapped = xmlXPathFunctionLookup(ctx, name);
		ck_assert_ptr_nonnull(wrapped);
		xmlXPathRegisterFunc(ctx, name, NULL);
		ck_assert_int_eq(xmlXPathRegisterFunc(ctx, name,
						      failing_call), 0);
		for (n = 0; n < 100; n++) {
			xmlXPathObjectPtr o;

			fail_after = n;
			o = eval(exprs[i][1]);
			xmlXPathFreeObject(o);
			if (o)
				break;
			ck_assert_int_gt(xpath_errors, 0);
		}
		ck_assert_msg(n > 0 && n < 100, "%s: %ld", exprs[i][1], n);
	}
	xmlSetGenericErrorFunc(NULL, NULL);
}
END_TEST

/* ---- registry ----------------------------------------------------------- */

START_TEST(known_names)
{
	static const char *const names[] = {
		"matches", "replace", "ends-with", "lower-case", "upper-case",
		"trim", "uscc-valid", "id-number-valid", "id-birth-date",
		"division-code-valid", "date-valid", "today", "days-between",
		"years-between", "days-since", "years-since", "distinct-count",
		"typeof",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_msg(sai_xpfunc_known(names[i], strlen(names[i])),
			      "%s unknown", names[i]);
		ck_assert_ptr_nonnull(xmlXPathFunctionLookup(ctx,
						BAD_CAST names[i]));
	}
	ck_assert_int_eq(sai_xpfunc_known("match", 5), 0);
	ck_assert_int_eq(sai_xpfunc_known("matchesx", 8), 0);
	/* concat() is registered here, in place of libxml2's (bounded). */
	ck_assert_int_eq(sai_xpfunc_known("concat", 6), 1);
	ck_assert_int_eq(sai_xpfunc_known("contains", 8), 0);
	ck_assert_int_eq(sai_xpfunc_known("", 0), 0);
	ck_assert_int_eq(sai_xpfunc_known(NULL, 0), 0);
	/* The name need not end in NUL: it is cut out of an expression. */
	ck_assert_int_eq(sai_xpfunc_known("trim(x)", 4), 1);
	ck_assert_int_eq(sai_xpfunc_known("trim(x)", 5), 0);
}
END_TEST

START_TEST(pattern_arguments)
{
	ck_assert_int_eq(sai_xpfunc_pattern_arg("matches", 7), 1);
	ck_assert_int_eq(sai_xpfunc_pattern_arg("replace", 7), 1);
	ck_assert_int_eq(sai_xpfunc_pattern_arg("matches(a, 'b')", 7), 1);
	ck_assert_int_eq(sai_xpfunc_pattern_arg("trim", 4), -1);
	ck_assert_int_eq(sai_xpfunc_pattern_arg("ends-with", 9), -1);
	ck_assert_int_eq(sai_xpfunc_pattern_arg("nope", 4), -1);
	ck_assert_int_eq(sai_xpfunc_pattern_arg(NULL, 0), -1);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("xpfunc");
	TCase *tc = tcase_create("regex");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, lookup_index_ends_with_the_record);
	tcase_add_test(tc, lookup_index_knows_its_set);
	tcase_add_test(tc, lookup_path_has_the_limits);
	tcase_add_test(tc, lookup_path_functions_no_variables);
	tcase_add_test(tc, matches_chinese);
	tcase_add_test(tc, matches_flags);
	tcase_add_test(tc, matches_arity);
	tcase_add_test(tc, matches_bad_pattern);
	tcase_add_test(tc, matches_limit);
	tcase_add_test(tc, matches_uses_the_cache);
	tcase_add_test(tc, replace_works);
	tcase_add_test(tc, replace_failures);
	tcase_add_test(tc, replace_output_is_bounded);
	tcase_add_test(tc, concat_output_is_bounded);
	tcase_add_test(tc, without_environment);
	suite_add_tcase(s, tc);
	tc = tcase_create("strings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ends_with_works);
	tcase_add_test(tc, case_changes_ascii_only);
	tcase_add_test(tc, trim_works);
	suite_add_tcase(s, tc);
	tc = tcase_create("identifiers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, uscc_function);
	tcase_add_test(tc, id_number_function);
	tcase_add_test(tc, id_birth_date_function);
	tcase_add_test(tc, division_code_function);
	suite_add_tcase(s, tc);
	tc = tcase_create("dates");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, date_valid_function);
	tcase_add_test(tc, today_function);
	tcase_add_test(tc, days_between_function);
	tcase_add_test(tc, years_between_function);
	tcase_add_test(tc, since_functions);
	suite_add_tcase(s, tc);
	tc = tcase_create("node-sets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, distinct_count_function);
	tcase_add_test(tc, typeof_function);
	tcase_add_test(tc, reasons_are_whole_utf8);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, known_names);
	tcase_add_test(tc, pattern_arguments);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
