/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xpfunc-internal.h - the XPath extension functions that rules may call,
 * registered without a prefix (so a rule writes matches(name, '社工站$')).
 *
 *   matches(s, pattern [, flags])        boolean; PCRE2, UTF + UCP
 *   replace(s, pattern, repl [, flags])  string
 *   ends-with(s, suffix)                 boolean
 *   lower-case(s), upper-case(s)         string (ASCII letters; others kept)
 *   trim(s)                              string, leading/trailing white
 *                                        space (incl. U+3000) removed
 *   uscc-valid(s)                        boolean, GB 32100 credit code
 *   id-number-valid(s)                   boolean, GB 11643 ID number
 *   id-birth-date(s)                     string YYYY-MM-DD or ''
 *   division-code-valid(s [, digits])    boolean, statistical division
 *                                        code shape (2/4/6/9/12 digits)
 *   date-valid(s)                        boolean, strict YYYY-MM-DD
 *   today()                              string, the audit date
 *   days-between(a, b)                   number b - a in days, NaN if
 *                                        either is not a date
 *   years-between(a, b)                  number of whole years, NaN ...
 *   days-since(d), years-since(d)        against the audit date
 *   distinct-count(node-set)             number of distinct string values
 *   typeof(node-set)                     string: the first node's YAML
 *                                        type (see tree-internal.h)
 *   ref(table [, key])                   node-set: the rows of a pack's
 *                                        reference table, or the row
 *                                        whose key column is key; a
 *                                        table of the evaluating
 *                                        standard or one it extends
 *                                        (env->tables), else an error
 *   lookup([nodes,] path, value)         node-set: the nodes (default:
 *                                        the collection's records) whose
 *                                        path (an XPath from each) has
 *                                        value; indexed once per
 *                                        node-set, so coverage of 41,352
 *                                        townships stays linear; the
 *                                        path may call these functions
 *                                        (not lookup()) but reads no
 *                                        variable, and its steps count
 *                                        against the calling
 *                                        expression's operation limit
 *                                        (and nesting depth)
 *
 * A string argument follows XPath 1.0: a node-set gives the string value
 * of its first node.  A function that hits a limit (regex match limit)
 * or gets a bad regex raises an XPath error and records why in the
 * environment, so that the evaluator reports an "error" finding rather
 * than a silent false.
 *
 * Strings that the functions build are bounded per evaluation: the
 * evaluator sets env->built to 0 before each, and replace() charges the
 * largest result it could build (the subject's length plus, for each
 * possible match, the replacement with every $ reference as long as the
 * subject) against SAI_XPATH_BUILD_MAX.  Past it the call raises an error
 * (an error finding), so replace(replace(..., '', 'xxxxx'), '', 'xxxxx')
 * nested a few deep cannot take gigabytes.  concat() is registered here
 * in place of libxml2's and charges its result to the same budget.  The
 * other string functions never grow their argument, and libxml2's own
 * (substring, translate, ...) never make a string longer than their
 * argument.
 */
#ifndef SA_XPFUNC_INTERNAL_H
#define SA_XPFUNC_INTERNAL_H

#include <libxml/xpath.h>
#include "regex-internal.h"

/* What the functions need; set as the XPath context's userData.  One per
 * thread. */
typedef struct sai_xpfunc_env {
	sai_regex_cache *regexes;  /* per-thread cache (parent: the pack's) */
	char audit_date[11];       /* YYYY-MM-DD */
	int failed;                /* set by a function that raised an error */
	int nomem;                 /* memory ran out in an evaluation (the
				    * evaluator clears it) */
	size_t built;              /* bytes built in this evaluation */
	char why[512];             /* the reason, when failed */
	const struct sai_refs *refs; /* the pack's reference tables */
	void *lookup;              /* lookup()'s index (owned) */
	void *records;             /* xmlNodeSetPtr of the collection's
				    * records, borrowed (collection rules) */
	struct sai_refs_scratch *scratch; /* rows ref(table, key) built
				    * (owned; NULL: in the shared table) */
	xmlXPathContextPtr sub;    /* lookup() evaluates its path in (owned) */
	const char *const *tables; /* the tables ref() may read (scoped set):
				    * the evaluating rule's standard's own
				    * and its bases' */
	size_t n_tables;
	int scoped;                /* 0: ref() reads every table */
	int sub_code;              /* the first XPath error there */
} sai_xpfunc_env;

/* Rows that ref(table, key) built for one record, at most, before they
 * are freed between records. */
#define SAI_XPFUNC_SCRATCH_ROWS 256

/* Bytes the string functions may build in one evaluation. */
#define SAI_XPATH_BUILD_MAX ((size_t)16 << 20)

/* Frees what the functions cached in env (lookup()'s index and its
 * context, the rows ref() built). */
void sai_xpfunc_env_release(sai_xpfunc_env *env);
/* After a record, when no node of its evaluation is referenced any more:
 * drops lookup()'s index (it was of this record's nodes) and frees the
 * rows ref(table, key) built once they are many. */
void sai_xpfunc_record_done(sai_xpfunc_env *env);

/* Registers every function on ctx and sets ctx->userData = env.
 * Returns 0, or -1 on allocation failure. */
int sai_xpfunc_register(xmlXPathContextPtr ctx, sai_xpfunc_env *env);

/* The names of the regex functions and the 0-based index of their pattern
 * argument, so that the pack compiler can find literal patterns in an
 * expression and compile (and check) them at load time.  Returns -1 when
 * name is not a regex function. */
int sai_xpfunc_pattern_arg(const char *name, size_t len);

/* 1 when name (len bytes) is a function this module registers. */
int sai_xpfunc_known(const char *name, size_t len);

#endif
