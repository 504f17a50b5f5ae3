/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xpfunc.c - the XPath extension functions rules call: regular
 * expressions, identifier checks, dates, case and trimming, counting.
 *
 * Every function follows the libxml2 calling convention: its arguments are
 * on the parser context's value stack (last on top) and it pushes exactly
 * one result, or raises an XPath error and pushes nothing.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "idcheck-internal.h"
#include "refs-internal.h"
#include "tree-internal.h"
#include "xpfunc-internal.h"
#include "i18n.h"

#define MAX_ARGS 4

/* Checks the argument count against [lo, hi] and that the stack holds
 * that many values; raises XPATH_INVALID_ARITY and returns otherwise. */
#define ARGS(lo, hi)                                                   \
	do {                                                           \
		if (nargs < (lo) || nargs > (hi))                      \
			XP_ERROR(XPATH_INVALID_ARITY);                 \
		CHECK_ARITY(nargs);                                    \
	} while (0)

static sai_xpfunc_env *env_of(xmlXPathParserContextPtr ctxt)
{
	return ctxt->context ? ctxt->context->userData : NULL;
}

/* Cuts a UTF-8 sequence that snprintf truncated, so that a reason never
 * ends in half a Chinese character. */
static void utf8_cut(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	if (c < 0x80)
		return;
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Records why evaluation must stop and raises an XPath error, so that the
 * evaluator reports an error finding instead of a silent false.  The
 * first reason wins: a later generic XPath error must not hide it. */
static void fail(xmlXPathParserContextPtr ctxt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void fail(xmlXPathParserContextPtr ctxt, const char *fmt, ...)
{
	sai_xpfunc_env *env = env_of(ctxt);
	va_list ap;

	if (env && !env->failed) {
		env->failed = 1;
		va_start(ap, fmt);
		vsnprintf(env->why, sizeof(env->why), fmt, ap);
		va_end(ap);
		utf8_cut(env->why);
	}
	xmlXPathErr(ctxt, XPATH_EXPR_ERROR);
}

/* Pushes the result; obj NULL means its allocation failed. */
static void push(xmlXPathParserContextPtr ctxt, xmlXPathObjectPtr obj)
{
	int before = ctxt->valueNr, rc;

	if (!obj) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	/* When the stack cannot grow, libxml2 2.9 returns 0 and keeps
	 * nothing (0 is also a success index), while 2.11 and later free
	 * obj and return -1: the stack height tells the cases apart. */
	rc = valuePush(ctxt, obj);
	if (rc >= 0 && ctxt->valueNr > before)
		return;
	if (rc >= 0)
		xmlXPathFreeObject(obj);
	if (ctxt->error == XPATH_EXPRESSION_OK)
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
}

static void push_string(xmlXPathParserContextPtr ctxt, const char *s)
{
	push(ctxt, xmlXPathNewString((const xmlChar *)s));
}

/* Pushes s, which the result then owns; NULL means allocation failed. */
static void push_owned(xmlXPathParserContextPtr ctxt, xmlChar *s)
{
	xmlXPathObjectPtr obj = s ? xmlXPathWrapString(s) : NULL;

	if (s && !obj)
		xmlFree(s);
	push(ctxt, obj);
}

static void free_strings(xmlChar **s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		xmlFree(s[i]);
}

/* Pops the n arguments as strings (XPath 1.0 string(): a node-set gives
 * its first node's string value) into s[0..n-1] in call order.  On
 * failure frees what it popped, leaves an error set and returns -1. */
static int pop_strings(xmlXPathParserContextPtr ctxt, int n, xmlChar **s)
{
	int i;

	for (i = 0; i < n; i++)
		s[i] = NULL;
	for (i = n - 1; i >= 0; i--) {
		s[i] = xmlXPathPopString(ctxt);
		if (!s[i]) {
			if (ctxt->error == XPATH_EXPRESSION_OK)
				xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
			free_strings(s, n);
			return -1;
		}
	}
	return 0;
}

#define STR(x) ((const char *)(x))

/* The bytes of s to quote in a reason: at most max, never half a UTF-8
 * character. */
static int clip(const xmlChar *s, int max)
{
	int n = xmlStrlen(s);

	if (n <= max)
		return n;
	while (max > 0 && (s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* ---- regular expressions -------------------------------------------- */

static const sai_regex *get_regex(xmlXPathParserContextPtr ctxt,
				  const char *fn, const xmlChar *pattern,
				  const xmlChar *flags)
{
	sai_xpfunc_env *env = env_of(ctxt);
	sai_regex_error err;
	const sai_regex *re;

	if (!env || !env->regexes) {
		fail(ctxt, _("%s(): no regular expression cache"), fn);
		return NULL;
	}
	re = sai_regex_cache_get(env->regexes, STR(pattern), STR(flags),
				 &err);
	if (!re)
		fail(ctxt, _("%s(): invalid regular expression '%.*s': %s "
		     "(at offset %zu of the pattern)"), fn, clip(pattern, 80),
		     STR(pattern), err.message, err.offset);
	return re;
}

static void xp_matches(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *a[MAX_ARGS];
	const sai_regex *re;
	const char *why = NULL;
	int m;

	ARGS(2, 3);
	if (pop_strings(ctxt, nargs, a) < 0)
		return;
	re = get_regex(ctxt, "matches", a[1], nargs == 3 ? a[2] : NULL);
	if (!re)
		goto out;
	m = sai_regex_match(env_of(ctxt)->regexes, re, STR(a[0]),
			    strlen(STR(a[0])), &why);
	if (m < 0)
		fail(ctxt, _("matches() with pattern '%.*s': %s"),
		     clip(a[1], 80), STR(a[1]), why);
	else
		push(ctxt, xmlXPathNewBoolean(m));
out:
	free_strings(a, nargs);
}

/* Charges the largest result replace(subject, ..., repl) could build to
 * this evaluation's budget; raises an error and returns -1 past it. */
static int charge_replace(xmlXPathParserContextPtr ctxt,
			  const xmlChar *subject, const xmlChar *repl)
{
	sai_xpfunc_env *env = env_of(ctxt);
	size_t len = strlen(STR(subject)), r = strlen(STR(repl)), refs = 0;
	size_t max = SAI_XPATH_BUILD_MAX, per, most, i;

	if (!env)
		return 0;
	for (i = 0; i < r; i++)
		refs += repl[i] == '$';
	/* most = len + (len + 1) * (r + refs * len), without overflow. */
	if (len > max || r > max || (refs && len > (max - r) / refs))
		goto over;
	per = r + refs * len;
	if (per && len + 1 > (max - len) / per)
		goto over;
	most = len + (len + 1) * per;
	if (env->built > max - most)
		goto over;
	env->built += most;
	return 0;
over:
	fail(ctxt, _("replace() could build a string of more than %zu MiB in "
	     "this evaluation (the largest result counts; its subject has "
	     "%zu bytes): that is the limit"), max >> 20, len);
	return -1;
}

static void xp_replace(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *a[MAX_ARGS];
	const sai_regex *re;
	const char *why = NULL;
	char *r;

	ARGS(3, 4);
	if (pop_strings(ctxt, nargs, a) < 0)
		return;
	re = get_regex(ctxt, "replace", a[1], nargs == 4 ? a[3] : NULL);
	if (!re || charge_replace(ctxt, a[0], a[2]) < 0)
		goto out;
	r = sai_regex_replace(env_of(ctxt)->regexes, re, STR(a[0]),
			      strlen(STR(a[0])), STR(a[2]), &why);
	if (!r) {
		fail(ctxt, _("replace() with pattern '%.*s': %s"),
		     clip(a[1], 80), STR(a[1]), why);
		goto out;
	}
	push_string(ctxt, r);
	free(r);
out:
	free_strings(a, nargs);
}

/* ---- strings ---------------------------------------------------------- */

/* Charges len bytes a function builds to this evaluation's budget (the
 * one replace() counts against); raises an error and returns -1 past it. */
static int charge(xmlXPathParserContextPtr ctxt, const char *fn, size_t len)
{
	sai_xpfunc_env *env = env_of(ctxt);
	size_t max = SAI_XPATH_BUILD_MAX, before = env ? env->built : 0;

	if (len <= max && before <= max - len) {
		if (env)
			env->built += len;
		return 0;
	}
	fail(ctxt, _("%s() would build more than %zu MiB of strings in this "
	     "evaluation (its result has %zu bytes): that is the limit"), fn,
	     max >> 20, len);
	return -1;
}

/* XPath 1.0 concat(), in place of libxml2's: the same result, counted
 * against the evaluation's budget, so that concat() nested a few deep
 * over a long value cannot take gigabytes. */
static void xp_concat(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar **a, *r = NULL;
	size_t total = 0, len, at = 0;
	int i;

	if (nargs < 2)
		XP_ERROR(XPATH_INVALID_ARITY);
	CHECK_ARITY(nargs);
	if (!(a = calloc((size_t)nargs, sizeof(*a))))
		XP_ERROR(XPATH_MEMORY_ERROR);
	if (pop_strings(ctxt, nargs, a) < 0) {
		free(a);               /* pop_strings freed the strings */
		return;
	}
	for (i = 0; i < nargs; i++) {
		len = strlen(STR(a[i]));
		total = len > SIZE_MAX - total ? SIZE_MAX : total + len;
	}
	if (charge(ctxt, "concat", total) < 0)
		goto out;
	if (!(r = xmlMallocAtomic(total + 1))) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		goto out;
	}
	for (i = 0; i < nargs; i++) {
		len = strlen(STR(a[i]));
		memcpy(r + at, a[i], len);
		at += len;
	}
	r[at] = '\0';
	push_owned(ctxt, r);
out:
	free_strings(a, nargs);
	free(a);
}

static void xp_ends_with(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *a[2];
	size_t n, k;

	ARGS(2, 2);
	if (pop_strings(ctxt, 2, a) < 0)
		return;
	n = strlen(STR(a[0]));
	k = strlen(STR(a[1]));
	push(ctxt, xmlXPathNewBoolean(k <= n &&
				      !memcmp(a[0] + n - k, a[1], k)));
	free_strings(a, 2);
}

/* Changes only ASCII letters: XPath 2.0's full Unicode case mapping would
 * need tables, and identifiers here are ASCII anyway. */
static void change_case(xmlXPathParserContextPtr ctxt, int nargs, int upper)
{
	xmlChar *s;
	size_t i;

	ARGS(1, 1);
	if (pop_strings(ctxt, 1, &s) < 0)
		return;
	for (i = 0; s[i]; i++) {
		if (upper && s[i] >= 'a' && s[i] <= 'z')
			s[i] = (xmlChar)(s[i] - 'a' + 'A');
		else if (!upper && s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (xmlChar)(s[i] - 'A' + 'a');
	}
	push_owned(ctxt, s);
}

static void xp_lower_case(xmlXPathParserContextPtr ctxt, int nargs)
{
	change_case(ctxt, nargs, 0);
}

static void xp_upper_case(xmlXPathParserContextPtr ctxt, int nargs)
{
	change_case(ctxt, nargs, 1);
}

/* The length of the white space at the start (dir > 0) or the end
 * (dir < 0) of s[0..n): ASCII white space and U+3000, which Chinese
 * forms often pad with. */
static size_t space_len(const xmlChar *s, size_t n, int dir)
{
	size_t k = 0;

	while (k < n) {
		const xmlChar *c = dir > 0 ? s + k : s + n - k - 1;

		if (*c == ' ' || (*c >= '\t' && *c <= '\r')) {
			k++;
		} else if (n - k >= 3 &&
			   !memcmp(dir > 0 ? c : c - 2, "\xe3\x80\x80", 3)) {
			k += 3;
		} else {
			break;
		}
	}
	return k;
}

static void xp_trim(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *s;
	size_t n, lead, tail;

	ARGS(1, 1);
	if (pop_strings(ctxt, 1, &s) < 0)
		return;
	n = strlen(STR(s));
	lead = space_len(s, n, 1);
	tail = lead < n ? space_len(s + lead, n - lead, -1) : 0;
	push_owned(ctxt, xmlStrndup(s + lead, (int)(n - lead - tail)));
	xmlFree(s);
}

/* ---- identifiers ------------------------------------------------------ */

/* A boolean function of one string argument. */
static void string_test(xmlXPathParserContextPtr ctxt, int nargs,
			int (*test)(const char *, size_t))
{
	xmlChar *s;

	ARGS(1, 1);
	if (pop_strings(ctxt, 1, &s) < 0)
		return;
	push(ctxt, xmlXPathNewBoolean(test(STR(s), strlen(STR(s)))));
	xmlFree(s);
}

static void xp_uscc_valid(xmlXPathParserContextPtr ctxt, int nargs)
{
	string_test(ctxt, nargs, sai_uscc_valid);
}

static void xp_id_number_valid(xmlXPathParserContextPtr ctxt, int nargs)
{
	string_test(ctxt, nargs, sai_idnumber_valid);
}

static int date_strict(const char *s, size_t len)
{
	return sai_date_parse(s, len, 0, NULL, NULL, NULL);
}

static void xp_date_valid(xmlXPathParserContextPtr ctxt, int nargs)
{
	string_test(ctxt, nargs, date_strict);
}

/* The birth date of an ID number even when its check character is wrong,
 * so that an age rule still works on a number another rule flags; '' when
 * the shape or the date is wrong. */
static void xp_id_birth_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *s;
	const char *p;
	char date[11] = "";
	size_t n, i;

	ARGS(1, 1);
	if (pop_strings(ctxt, 1, &s) < 0)
		return;
	p = STR(s);
	n = strlen(p);
	for (i = 0; n == 18 && i < 17 && p[i] >= '0' && p[i] <= '9'; i++)
		;
	if (i == 17 && strchr("0123456789Xx", p[17])) {
		snprintf(date, sizeof(date), "%.4s-%.2s-%.2s", p + 6, p + 10,
			 p + 12);
		if (!sai_date_parse(date, 10, 0, NULL, NULL, NULL) ||
		    memcmp(date, "1900", 4) < 0)
			date[0] = '\0';
	}
	push_string(ctxt, date);
	xmlFree(s);
}

static void xp_division_code_valid(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *s;
	double digits = 0;
	int level;

	ARGS(1, 2);
	if (nargs == 2) {
		digits = xmlXPathPopNumber(ctxt);
		if (ctxt->error != XPATH_EXPRESSION_OK)
			return;
	}
	if (pop_strings(ctxt, 1, &s) < 0)
		return;
	level = sai_division_code_level(STR(s), strlen(STR(s)));
	push(ctxt, xmlXPathNewBoolean(level != 0 &&
				      (nargs == 1 || digits == level)));
	xmlFree(s);
}

/* ---- dates ------------------------------------------------------------ */

static const char *audit_date(xmlXPathParserContextPtr ctxt)
{
	sai_xpfunc_env *env = env_of(ctxt);

	if (!env || !memchr(env->audit_date, '\0', sizeof(env->audit_date)))
		return "";
	return env->audit_date;
}

static void xp_today(xmlXPathParserContextPtr ctxt, int nargs)
{
	ARGS(0, 0);
	push_string(ctxt, audit_date(ctxt));
}

/* b - a in days (or whole years), NaN unless both are dates.  A
 * date-time counts as its date, so that YAML timestamps work too. */
static double span(const char *a, const char *b, int years)
{
	int ay, am, ad, by, bm, bd;

	if (!sai_date_parse(a, strlen(a), 1, &ay, &am, &ad) ||
	    !sai_date_parse(b, strlen(b), 1, &by, &bm, &bd))
		return NAN;
	if (years)
		return sai_date_years_between(ay, am, ad, by, bm, bd);
	return (double)(sai_date_days(by, bm, bd) - sai_date_days(ay, am, ad));
}

static void between(xmlXPathParserContextPtr ctxt, int nargs, int years)
{
	xmlChar *a[2];

	ARGS(2, 2);
	if (pop_strings(ctxt, 2, a) < 0)
		return;
	push(ctxt, xmlXPathNewFloat(span(STR(a[0]), STR(a[1]), years)));
	free_strings(a, 2);
}

static void since(xmlXPathParserContextPtr ctxt, int nargs, int years)
{
	xmlChar *s;

	ARGS(1, 1);
	if (pop_strings(ctxt, 1, &s) < 0)
		return;
	push(ctxt, xmlXPathNewFloat(span(STR(s), audit_date(ctxt), years)));
	xmlFree(s);
}

static void xp_days_between(xmlXPathParserContextPtr ctxt, int nargs)
{
	between(ctxt, nargs, 0);
}

static void xp_years_between(xmlXPathParserContextPtr ctxt, int nargs)
{
	between(ctxt, nargs, 1);
}

static void xp_days_since(xmlXPathParserContextPtr ctxt, int nargs)
{
	since(ctxt, nargs, 0);
}

static void xp_years_since(xmlXPathParserContextPtr ctxt, int nargs)
{
	since(ctxt, nargs, 1);
}

/* ---- node-sets -------------------------------------------------------- */

static int compare_strings(const void *a, const void *b)
{
	return xmlStrcmp(*(xmlChar *const *)a, *(xmlChar *const *)b);
}

/* Sorting the string values makes equal ones neighbours: O(n log n) and
 * no hash table whose insert failure would look like a duplicate. */
static void xp_distinct_count(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodeSetPtr ns;
	xmlChar **vals = NULL;
	int i, n = 0, count = 0;

	ARGS(1, 1);
	ns = xmlXPathPopNodeSet(ctxt);
	if (ctxt->error != XPATH_EXPRESSION_OK)
		goto out;
	n = ns ? ns->nodeNr : 0;
	if (n > 0 && !(vals = calloc((size_t)n, sizeof(*vals))))
		goto nomem;
	for (i = 0; i < n; i++)
		if (!(vals[i] = xmlXPathCastNodeToString(ns->nodeTab[i])))
			goto nomem;
	if (n > 0)
		qsort(vals, (size_t)n, sizeof(*vals), compare_strings);
	for (i = 0; i < n; i++)
		if (i == 0 || xmlStrcmp(vals[i], vals[i - 1]))
			count++;
	push(ctxt, xmlXPathNewFloat(count));
	goto out;
nomem:
	xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
out:
	for (i = 0; vals && i < n; i++)
		xmlFree(vals[i]);
	free(vals);
	xmlXPathFreeNodeSet(ns);
}

static void xp_typeof(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodeSetPtr ns;

	ARGS(1, 1);
	ns = xmlXPathPopNodeSet(ctxt);
	if (ctxt->error != XPATH_EXPRESSION_OK)
		goto out;
	if (ns && ns->nodeNr > 1)
		xmlXPathNodeSetSort(ns);
	push_string(ctxt, ns && ns->nodeNr > 0 ?
		    sai_node_type(ns->nodeTab[0]) : "");
out:
	xmlXPathFreeNodeSet(ns);
}

/* Whether ref() may read table name: a standard's tables are its own
 * and its bases' (a table of an unrelated standard loaded beside it is
 * not, whatever its name). */
static int table_in_scope(const sai_xpfunc_env *env, const char *name)
{
	size_t i;

	for (i = 0; env->scoped && i < env->n_tables; i++)
		if (!strcmp(env->tables[i], name))
			return 1;
	return !env->scoped;
}

/* ref(table) is every row of a reference table; ref(table, key) the row
 * whose key column is key (an indexed look-up, cheap enough to run on
 * every record). */
static void xp_ref(xmlXPathParserContextPtr ctxt, int nargs)
{
	sai_xpfunc_env *env = env_of(ctxt);
	const sai_refs *refs = env ? env->refs : NULL;
	xmlChar *a[2];
	xmlNodeSetPtr ns;
	xmlNodePtr row;

	ARGS(1, 2);
	if (pop_strings(ctxt, nargs, a) < 0)
		return;
	if (!sai_refs_has(refs, STR(a[0]))) {
		fail(ctxt, _("ref(): no reference table '%.*s' (declare it "
		     "under references)"), clip(a[0], 60), STR(a[0]));
		free_strings(a, nargs);
		return;
	}
	if (!table_in_scope(env, STR(a[0]))) {
		fail(ctxt, _("ref(): reference table '%.*s' is not this "
		     "standard's: a rule reads the tables of its own standard "
		     "and of the standards it extends"), clip(a[0], 60),
		     STR(a[0]));
		free_strings(a, nargs);
		return;
	}
	ns = xmlXPathNodeSetCreate(NULL);
	if (nargs == 2) {
		/* rows of the thread's own for a record; a collection
		 * rule's are the shared ones (ref(table) is read whole) */
		row = sai_refs_lookup_scratch(refs, STR(a[0]), STR(a[1]),
					      env->records ? NULL :
					      env->scratch);
		if (ns && row && xmlXPathNodeSetAdd(ns, row) < 0)
			goto nomem;
	} else if (sai_refs_fields(refs, STR(a[0])) > SAI_REFS_WHOLE_FIELDS) {
		fail(ctxt, _("ref('%.*s') reads the table whole, and its %lu "
		     "fields (rows times columns) are more than the %lu a "
		     "table read whole may have: read its rows by key, "
		     "ref(table, key)"), clip(a[0], 60), STR(a[0]),
		     sai_refs_fields(refs, STR(a[0])), SAI_REFS_WHOLE_FIELDS);
		xmlXPathFreeNodeSet(ns);
		free_strings(a, nargs);
		return;
	} else {
		size_t lost;

		for (row = sai_refs_rows(refs, STR(a[0])); ns && row;
		     row = xmlNextElementSibling(row))
			if (xmlXPathNodeSetAddUnique(ns, row) < 0)
				goto nomem;
		lost = sai_refs_unbuilt(refs, STR(a[0]));
		if (lost && sai_refs_indexed(refs, STR(a[0]))) {
			fail(ctxt, _("ref('%.*s'): %zu of its rows could not "
			     "be read (out of memory, or its index file does "
			     "not match it)"), clip(a[0], 60), STR(a[0]), lost);
			xmlXPathFreeNodeSet(ns);
			free_strings(a, nargs);
			return;
		}
		if (lost)
			goto nomem;
	}
	free_strings(a, nargs);
	push(ctxt, ns ? xmlXPathWrapNodeSet(ns) : NULL);
	return;
nomem:
	free_strings(a, nargs);
	xmlXPathFreeNodeSet(ns);
	xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
}

/* lookup(): an index from the values of a path under each node of a
 * node-set to those nodes, built on first use and kept while the same
 * node-set and path come back, as they do for every item of a
 * collection rule's for-each.  The node-set is known exactly: the
 * collection's records by identity (they stay for the run), any other
 * by its nodes, in order, since two sets of one first node and size may
 * differ (and a verdict must not depend on which rule ran before). */
typedef struct lookup_index {
	const void *records;       /* env->records it indexes, or NULL */
	xmlNodePtr *nodes;         /* else: a copy of the set's nodes */
	int count;
	xmlChar *path;
	const char *const *tables; /* ref()'s scope when it was built */
	xmlHashTablePtr map;       /* value -> xmlNodeSetPtr */
} lookup_index;

static void free_set(void *payload, const xmlChar *name)
{
	(void)name;
	xmlXPathFreeNodeSet(payload);
}

static void lookup_free(lookup_index *ix)
{
	if (!ix)
		return;
	if (ix->map)
		xmlHashFree(ix->map, free_set);
	xmlFree(ix->path);
	free(ix->nodes);
	free(ix);
}

void sai_xpfunc_env_release(sai_xpfunc_env *env)
{
	if (env) {
		lookup_free(env->lookup);
		env->lookup = NULL;
		sai_refs_scratch_free(env->scratch);
		env->scratch = NULL;
		if (env->sub)
			xmlXPathFreeContext(env->sub);
		env->sub = NULL;
	}
}

void sai_xpfunc_record_done(sai_xpfunc_env *env)
{
	/* lookup()'s index knows nodes by their address, which the next
	 * record's nodes (or rows built later) may reuse */
	lookup_free(env->lookup);
	env->lookup = NULL;
	sai_refs_scratch_trim(env->scratch, SAI_XPFUNC_SCRATCH_ROWS);
}

/* Whether ix indexes set (records: env->records when set is them) by
 * path. */
static int lookup_fits(const lookup_index *ix, const void *records,
		       xmlNodeSetPtr set, const xmlChar *path)
{
	int n = set ? set->nodeNr : 0;

	if (!ix || ix->records != records || ix->count != n ||
	    !xmlStrEqual(ix->path, path))
		return 0;
	return records || n == 0 ||
	       !memcmp(ix->nodes, set->nodeTab, (size_t)n * sizeof(*ix->nodes));
}

static int index_value(lookup_index *ix, const xmlChar *key, xmlNodePtr node)
{
	xmlNodeSetPtr set = xmlHashLookup(ix->map, key);

	if (!set) {
		if (!(set = xmlXPathNodeSetCreate(NULL)) ||
		    xmlHashAddEntry(ix->map, key, set) < 0) {
			xmlXPathFreeNodeSet(set);
			return -1;
		}
	}
	return xmlXPathNodeSetAddUnique(set, node);
}

/* Indexes node under every value its path gives (a node-set path counts
 * each node's value, as XPath's = does). */
static int index_node(lookup_index *ix, xmlXPathContextPtr x,
		      xmlXPathCompExprPtr comp, xmlNodePtr node)
{
	xmlXPathObjectPtr o;
	int i, rc = 0;

	x->doc = node->doc;
	x->node = node;
	x->contextSize = x->proximityPosition = 1;
	if (!(o = xmlXPathCompiledEval(comp, x)))
		return -1;
	if (o->type == XPATH_NODESET) {
		for (i = 0; o->nodesetval && i < o->nodesetval->nodeNr && !rc; i++) {
			xmlChar *v = xmlXPathCastNodeToString(
				o->nodesetval->nodeTab[i]);

			rc = v ? index_value(ix, v, node) : -1;
			xmlFree(v);
		}
	} else {
		xmlChar *v = xmlXPathCastToString(o);

		rc = v ? index_value(ix, v, node) : -1;
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	return rc < 0 ? -1 : 0;
}

/* The path's evaluation raises errors here: the first one's code is
 * kept (lookup() says what it means), and nothing is printed. */
static void sub_error(void *data, xmlErrorPtr e)
{
	sai_xpfunc_env *env = data;

	if (env && e && !env->sub_code)
		env->sub_code = e->code;
}

/* lookup() inside a lookup() path: the index being built is the one it
 * would use.  (Unregistered, libxml2 would print its own message.) */
static void xp_lookup_nested(xmlXPathParserContextPtr ctxt, int nargs)
{
	(void)nargs;
	fail(ctxt, "%s", _("lookup(): a lookup() path cannot call lookup()"));
}

/* The context lookup() evaluates its path in, made on first use: the
 * rules' functions but lookup() itself (whose index it is building) and
 * no variables, so that the index depends on the nodes and the path
 * only. */
static xmlXPathContextPtr sub_context(sai_xpfunc_env *env)
{
	xmlXPathContextPtr x = env->sub;

	if (x)
		return x;
	if (!(x = xmlXPathNewContext(NULL)))
		return NULL;
	if (sai_xpfunc_register(x, env) < 0 ||
	    xmlXPathRegisterFuncNS(x, (const xmlChar *)"lookup", NULL,
				   NULL) != 0 ||
	    xmlXPathRegisterFuncNS(x, (const xmlChar *)"lookup", NULL,
				   xp_lookup_nested) != 0 ||
	    xmlXPathRegisterNs(x, (const xmlChar *)SAI_TREE_NS_PREFIX,
			       (const xmlChar *)SAI_TREE_NS) != 0) {
		xmlXPathFreeContext(x);
		return NULL;
	}
	x->error = sub_error;
	return env->sub = x;
}

/* Builds the index of set by path, in x, which runs under the calling
 * evaluation's limits: its operation limit and the steps it took so far
 * (the path's steps count as the rule's), and its nesting depth. */
static lookup_index *lookup_build(xmlXPathContextPtr caller,
				  xmlXPathContextPtr x, const void *records,
				  xmlNodeSetPtr set, const xmlChar *path)
{
	lookup_index *ix = calloc(1, sizeof(*ix));
	xmlXPathCompExprPtr comp = NULL;
	int i, n = set ? set->nodeNr : 0, ok = ix != NULL;

	x->opLimit = caller->opLimit;
	x->opCount = caller->opCount;
	x->depth = caller->depth;
	if (ok) {
		ix->records = records;
		ix->count = n;
		ix->path = xmlStrdup(path);
		ix->map = xmlHashCreate(n > 16 ? n : 16);
		if (!records && n > 0 &&
		    (ix->nodes = malloc((size_t)n * sizeof(*ix->nodes))))
			memcpy(ix->nodes, set->nodeTab,
			       (size_t)n * sizeof(*ix->nodes));
		comp = xmlXPathCtxtCompile(x, path);
		ok = ix->path && ix->map && comp &&
		     (records || n == 0 || ix->nodes);
	}
	for (i = 0; ok && i < n; i++)
		ok = index_node(ix, x, comp, set->nodeTab[i]) == 0;
	caller->opCount = x->opCount;
	if (comp)
		xmlXPathFreeCompExpr(comp);
	if (!ok) {
		lookup_free(ix);
		return NULL;
	}
	return ix;
}

/* Why the index could not be built: a limit says so as for any
 * expression; a function of the path that failed has said why. */
static void lookup_failed(xmlXPathParserContextPtr ctxt,
			  const sai_xpfunc_env *env, const xmlChar *path)
{
	if (env->sub_code == XML_XPATH_EXPRESSION_OK + XPATH_OP_LIMIT_EXCEEDED)
		fail(ctxt, "%s", _("the expression took too many steps"));
	else if (env->sub_code == XML_XPATH_EXPRESSION_OK +
		 XPATH_RECURSION_LIMIT_EXCEEDED)
		fail(ctxt, "%s", _("the expression nests too deeply"));
	else
		fail(ctxt, _("lookup(): cannot index by '%.*s' (not a valid "
		     "XPath, or out of memory)"), clip(path, 60), STR(path));
}

/* The index of set by path: env's when it fits, else built anew. */
static lookup_index *lookup_index_of(xmlXPathParserContextPtr ctxt,
				     sai_xpfunc_env *env, const void *records,
				     xmlNodeSetPtr set, const xmlChar *path)
{
	const lookup_index *old = env->lookup;
	xmlXPathContextPtr x;

	if (lookup_fits(old, records, set, path) && old->tables == env->tables)
		return env->lookup;
	lookup_free(env->lookup);
	env->lookup = NULL;
	env->sub_code = 0;
	if (!(x = sub_context(env))) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		return NULL;
	}
	if (!(env->lookup = lookup_build(ctxt->context, x, records, set,
					 path)))
		lookup_failed(ctxt, env, path);
	else
		((lookup_index *)env->lookup)->tables = env->tables;
	return env->lookup;
}

static void xp_lookup(xmlXPathParserContextPtr ctxt, int nargs)
{
	sai_xpfunc_env *env = env_of(ctxt);
	xmlChar *value = NULL, *path = NULL;
	xmlNodeSetPtr ns = NULL, hit;
	lookup_index *ix;

	ARGS(2, 3);
	value = xmlXPathPopString(ctxt);
	path = xmlXPathPopString(ctxt);
	/* Two arguments: the collection's records, without copying them
	 * (a variable's node-set is copied at every use). */
	if (nargs == 3)
		ns = xmlXPathPopNodeSet(ctxt);
	if (ctxt->error != XPATH_EXPRESSION_OK || !value || !path || !env)
		goto out;
	if (nargs == 2 && !env->records) {
		fail(ctxt, _("lookup(path, value) needs the collection's records: "
		     "use it in rules with scope: collection"));
		goto out;
	}
	ix = nargs == 3 ? lookup_index_of(ctxt, env, NULL, ns, path) :
			  lookup_index_of(ctxt, env, env->records,
					  env->records, path);
	if (!ix)
		goto out;
	hit = xmlHashLookup(ix->map, value);
	push(ctxt, xmlXPathWrapNodeSet(xmlXPathNodeSetMerge(NULL, hit)));
out:
	xmlFree(value);
	xmlFree(path);
	xmlXPathFreeNodeSet(ns);
}

/* ---- registration ----------------------------------------------------- */

typedef struct xpfunc {
	const char *name;
	xmlXPathFunction fn;
	int pattern_arg;           /* 0-based, -1 when no regex */
} xpfunc;

static const xpfunc functions[] = {
	{ "matches", xp_matches, 1 },
	{ "replace", xp_replace, 1 },
	{ "concat", xp_concat, -1 },
	{ "ends-with", xp_ends_with, -1 },
	{ "lower-case", xp_lower_case, -1 },
	{ "upper-case", xp_upper_case, -1 },
	{ "trim", xp_trim, -1 },
	{ "uscc-valid", xp_uscc_valid, -1 },
	{ "id-number-valid", xp_id_number_valid, -1 },
	{ "id-birth-date", xp_id_birth_date, -1 },
	{ "division-code-valid", xp_division_code_valid, -1 },
	{ "date-valid", xp_date_valid, -1 },
	{ "today", xp_today, -1 },
	{ "days-between", xp_days_between, -1 },
	{ "years-between", xp_years_between, -1 },
	{ "days-since", xp_days_since, -1 },
	{ "years-since", xp_years_since, -1 },
	{ "distinct-count", xp_distinct_count, -1 },
	{ "typeof", xp_typeof, -1 },
	{ "ref", xp_ref, -1 },
	{ "lookup", xp_lookup, -1 },
};

#define N_FUNCTIONS (sizeof(functions) / sizeof(functions[0]))

static const xpfunc *find(const char *name, size_t len)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < N_FUNCTIONS; i++)
		if (strlen(functions[i].name) == len &&
		    !memcmp(functions[i].name, name, len))
			return &functions[i];
	return NULL;
}

int sai_xpfunc_register(xmlXPathContextPtr ctx, sai_xpfunc_env *env)
{
	size_t i;
	const xmlChar *name;

	if (!ctx)
		return -1;
	for (i = 0; i < N_FUNCTIONS; i++) {
		name = (const xmlChar *)functions[i].name;
		/* libxml2 refuses to add a name twice: drop an earlier
		 * registration so that registering again is harmless. */
		if (xmlXPathFunctionLookupNS(ctx, name, NULL))
			xmlXPathRegisterFuncNS(ctx, name, NULL, NULL);
		if (xmlXPathRegisterFuncNS(ctx, name, NULL,
					   functions[i].fn) != 0)
			return -1;
	}
	ctx->userData = env;
	return 0;
}

int sai_xpfunc_pattern_arg(const char *name, size_t len)
{
	const xpfunc *f = find(name, len);

	return f ? f->pattern_arg : -1;
}

int sai_xpfunc_known(const char *name, size_t len)
{
	return find(name, len) != NULL;
}
