/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack-internal.h - standards as loaded (pack.c, pack-*.c) and compiled
 * (compile.c), shared with the evaluator (eval.c); at the end, what the
 * pack-*.c loaders share among themselves.
 */
#ifndef SA_PACK_INTERNAL_H
#define SA_PACK_INTERNAL_H

#include <stdint.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "stationaudit.h"
#include "regex-internal.h"
#include "template-internal.h"

typedef enum sai_param_type {
	SAI_PARAM_STRING,
	SAI_PARAM_NUMBER,
	SAI_PARAM_BOOLEAN,
	SAI_PARAM_DATE
} sai_param_type;

typedef struct sai_param {
	sa_param_info info;        /* name, type, value, standard */
	sai_param_type type;
	char *name;
	char *value;               /* effective value as text */
	char *standard;
	int overridden;            /* set by --param */
	long scope;                /* -1: every standard; else the index of
				    * the one standard whose own default this
				    * is (packs loaded together that give one
				    * name different defaults, e.g. region) */
	const char *file;          /* where declared */
	unsigned long line, column;
} sai_param;

typedef enum sai_check_kind {
	SAI_CHECK_ASSERT,
	SAI_CHECK_REQUIRE,
	SAI_CHECK_COUNT,
	SAI_CHECK_VALUE,
	SAI_CHECK_CONTAINS,
	SAI_CHECK_RATIO,
	SAI_CHECK_UNIQUE
} sai_check_kind;

typedef enum sai_format {
	SAI_FORMAT_NONE,
	SAI_FORMAT_USCC,
	SAI_FORMAT_ID_NUMBER,
	SAI_FORMAT_DIVISION_CODE,
	SAI_FORMAT_DATE,
	SAI_FORMAT_INTEGER,
	SAI_FORMAT_NUMBER,
	SAI_FORMAT_BOOLEAN
} sai_format;

/* An XPath as written in a pack, where it was written, and compiled. */
typedef struct sai_xpath {
	char *src;
	const char *file;
	unsigned long line, column;
	xmlXPathCompExprPtr comp;
	/* When src is in the subset of XPath the evaluator runs itself
	 * (see sai_plan), its plan; NULL: libxml2's XPath runs it. */
	struct sai_plan *plan;
	size_t owner;              /* 1 + the index of the standard whose
				    * pack wrote it; 0: built in.  ref()
				    * reads its standard's tables only */
} sai_xpath;

/* The rule shapes packs write most, run by walking the record instead
 * of by libxml2's XPath interpreter, with XPath's results:
 *   path       name ('/' name)*, each step with at most one predicate
 *              [expr]: the child elements (no namespace) of those names
 *   expr       expr 'or' expr | expr 'and' expr | 'not(' expr ')'
 *              | '(' expr ')' | path
 *              | path ('=' | '!=') literal        some node's string value
 *              | path op integer                  some node's number
 *              | 'number(' path ')' op integer    the first node's number
 *              | 'count(' path ')' op integer
 *              | 'matches(' path ',' literal [',' literal] ')'
 * with op one of = != < <= > >= and integer up to 15 digits.  A whole
 * expression that is a path gives its node-set, any other a boolean. */
typedef enum sai_plan_kind {
	SAI_PLAN_OR,
	SAI_PLAN_AND,
	SAI_PLAN_NOT,
	SAI_PLAN_PATH,             /* some node (a node-set at the top) */
	SAI_PLAN_STRING,           /* some node's string value op literal */
	SAI_PLAN_NUMBER,           /* some node's number op number */
	SAI_PLAN_FIRST,            /* number(path) op number */
	SAI_PLAN_COUNT,            /* count(path) op number */
	SAI_PLAN_MATCH             /* matches(path, literal[, flags]) */
} sai_plan_kind;

typedef enum sai_plan_op {
	SAI_OP_EQ, SAI_OP_NE, SAI_OP_LT, SAI_OP_LE, SAI_OP_GT, SAI_OP_GE
} sai_plan_op;

typedef struct sai_plan_step {
	char *name;
	struct sai_plan *pred;     /* NULL: none */
} sai_plan_step;

typedef struct sai_plan {
	sai_plan_kind kind;
	struct sai_plan **kids;    /* OR, AND (two or more), NOT (one) */
	size_t n_kids;
	sai_plan_step *steps;      /* the path of the other kinds */
	size_t n_steps;
	sai_plan_op op;
	char *literal;             /* STRING; MATCH: the pattern */
	char *flags;               /* MATCH: its flags, or NULL */
	const struct sai_regex *re;  /* MATCH: compiled, in the pack's cache */
	double number;             /* NUMBER, FIRST, COUNT */
} sai_plan;

/* Sets x->plan when x->src is in the plan subset (blanks around it
 * allowed); leaves it NULL for any other expression.  matches() is in
 * the subset only with regexes, the pack's cache, to compile its pattern
 * in.  0, or -1 without memory. */
int sai_xpath_plain(sai_xpath *x, struct sai_regex_cache *regexes);
void sai_plan_free(sai_plan *p);

/* Where a key was written in a pack. */
typedef struct sai_where {
	unsigned long line, column;
} sai_where;

/* A bound (min or max): a number or a $parameter, resolved at compile. */
typedef struct sai_bound {
	int set;
	char *text;                /* as written */
	double value;
	unsigned long line, column;
} sai_bound;

typedef struct sai_strlist {
	char **items;
	size_t count;
} sai_strlist;

/* A rule's or a profile's basis (docs/rules.md "basis"): the public
 * view, and where its params were written (checked at compile, when
 * every parameter is declared). */
typedef struct sai_basis {
	sa_basis pub;
	int set;                   /* the rule or profile gave a basis */
	char *quote, *reason, *reason_en, *cite;
	sai_strlist params;
	const char **param_view;   /* params.items, as pub.params */
	const char *file;
	unsigned long line, column;
} sai_basis;

typedef struct sai_rule {
	sa_rule_info info;         /* the public view; strings below */
	sai_check_kind kind;
	size_t standard;           /* index of the defining standard */
	sai_xpath applies;
	sai_xpath *decided_by;     /* fields that decide applies: one missing
				    * when applies is false fails the rule */
	size_t n_decided_by;
	int undecided_na;          /* parameter undecided = not-applicable:
				    * a missing decided-by field leaves the
				    * rule not applicable, as without it */
	sai_xpath test;            /* the main expression of the check */
	sai_xpath where;           /* ratio: where; unique: key */
	sai_xpath for_each;        /* collection: the items checked */
	int collection;            /* scope: collection */
	sai_bound min, max;
	sai_strlist in;            /* value: in; contains: all */
	sai_strlist any;           /* contains: any */
	char *pattern, *flags;
	const sai_regex *re;
	sai_format format;
	int each, optional;
	int indicator_index;       /* -1: none */
	int has_deduct;
	double deduct;             /* points lost when the rule fails */
	int veto;                  /* one-vote veto */
	char *message_src, *message_en_src;
	sai_where pattern_at, message_at, message_en_at; /* for errors */
	sai_template *message, *message_en;
	char *id, *title, *title_en, *fix, *source, *indicator;
	sai_basis basis;
	sai_strlist tags;
	int disabled;
	int unjudged;              /* tagged coverage, and the run names no
				    * region: not run (not applicable) */
	int off_area;              /* collection rule not run: 1 a total
				    * (tag total) and the run covers part
				    * of the jurisdiction, 2 the run's
				    * region lies outside it */
} sai_rule;

/* An indicator of the scoring tree (up to three levels). */
typedef struct sai_indicator {
	char *id;
	char *title;
	double points;
	int parent;                /* index, or -1 for a top indicator */
	int level;                 /* 1-3 */
	size_t standard;           /* index of the declaring standard: a
				    * rule resolves only against its own */
} sai_indicator;

typedef struct sai_grade {
	char *name;
	double min;
} sai_grade;

typedef struct sai_standard {
	sa_standard_info info;
	char *id, *title, *title_en, *issuer, *version, *source, *file, *dir;
	char *real;                /* real path: each file loads once */
	sai_strlist extends;
	size_t *bases;             /* the standards extends loaded (indexes;
				    * a name or a path, each once) */
	size_t n_bases;
	sai_xpath records, record_id, record_name, record_region;
	sai_strlist personal;
	sa_citation citation;      /* set: headline not NULL */
	char *cite_headline, *cite_publisher, *cite_date, *cite_file;
	unsigned long line, column; /* where 'standard:' was written */
	sai_strlist contract;      /* fields added to the dossier contract:
				    * element paths from the record */
	sai_xpath *personal_x;     /* compiled personal paths */
	char *jurisdiction;        /* division-code prefix it binds (as
				    * written); NULL: everywhere */
	char *area;                /* the jurisdiction after --param (set at
				    * compile); NULL or "": everywhere */
	xmlDocPtr tree;            /* the pack as read (freed at compile) */
	const char **tables;       /* the reference tables its rules may
				    * read: its own and those of the
				    * standards it extends (names in
				    * refdecls; set at compile) */
	size_t n_tables;
} sai_standard;

/* A reference table a pack declares (loaded at compile). */
typedef struct sai_refdecl {
	char *name;
	char *path;                /* resolved, inside the pack's folder */
	char *key;                 /* may be NULL */
	const char *file;          /* the declaring pack */
	size_t standard;           /* its index */
	const char *dir;           /* its real folder: the table must
				    * resolve inside it when read */
	unsigned long line, column;
} sai_refdecl;

/* An entry of a profile's grades, weights, points or veto: a name (a
 * grade, a rule id, an indicator id) and a number, and where written. */
typedef struct sai_profile_entry {
	char *key;
	double value;
	unsigned long line, column;
} sai_profile_entry;

typedef struct sai_profile_list {
	sai_profile_entry *items;
	size_t count;
	int set;                   /* the key was written (grades: {} too) */
} sai_profile_list;

/* A profile as declared (applied at compile when chosen). */
typedef struct sai_profile {
	sa_profile_info pub;
	char *name, *description;
	sai_basis basis;
	sai_profile_list grades, weights, points, veto;
	sai_profile_list pass_grade; /* pass-grade: one entry, the lowest
				      * grade whose stations pass */
	sai_strlist params;        /* "name=value" */
	sai_strlist rules;         /* rule id patterns kept; none: every rule */
	size_t standard;           /* the declaring standard */
	const char *file;
	unsigned long line, column;
} sai_profile;

struct sa_pack {
	sai_strlist search;        /* folders searched for packs by name */
	sai_standard *standards;
	size_t n_standards, cap_standards;
	sai_rule *rules;
	size_t n_rules, cap_rules;
	sai_param *params;
	size_t n_params, cap_params;
	sai_grade *grades;
	size_t n_grades;
	int has_pass_min;          /* a chosen profile's pass-grade: a */
	double pass_min;           /* named grade below this score fails */
	sai_indicator *indicators;
	size_t n_indicators;
	sai_strlist overrides;     /* name=value pairs from sa_pack_set_param */
	sai_strlist profile;       /* chosen profiles, in the order given */
	sai_profile *profile_decls; /* every profile every standard declares */
	size_t n_profiles;
	sai_strlist disabled;      /* rule id patterns */
	sai_strlist severities;    /* "SEV=pattern" */
	sa_param_info *run_view;   /* profiles, disabled patterns and
				    * severities as settings listed after
				    * the params (sai_pack_view_run) */
	size_t n_run_view;
	sai_strlist run_texts;     /* their values, "pattern=severity" */
	char audit_date[11];
	int compiled;
	sai_regex_cache *regexes;  /* patterns compiled at load (shared) */
	sai_refdecl *refdecls;
	size_t n_refdecls;
	struct sai_refs *refs;     /* loaded at compile (shared) */
	size_t n_collection;       /* collection-scope rules */
	size_t n_unjudged;         /* coverage rules not judged */
	char *run_region;          /* the region the run names, or NULL */
	void *collect_names;       /* xmlHashTable: record children kept */
	int collect_any;           /* a collection rule is judged: records
				    * keep what it reads */
	int collect_whole;         /* a rule reads more than names say:
				    * named root children kept whole */
	sai_strlist collect_prefixes; /* the judged collection rules read
				    * only records whose region/code starts
				    * with one of these (compile.c) ... */
	int collect_unfiltered;    /* ... unless one may read any record */
	const sa_param_info **param_view;
};

/* What collect_names maps an element name to: its subtree is kept
 * whole (a rule reads its value), or it is kept with only the children
 * that are named (rules only go through it). */
#define SAI_KEEP_VALUE ((void *)(uintptr_t)2)
#define SAI_KEEP_STEP ((void *)(uintptr_t)1)

/* Appends to a list; returns 0 or -1 on allocation failure. */
int sai_strlist_add(sai_strlist *l, const char *s);
void sai_strlist_release(sai_strlist *l);

/* Frees what a basis owns (pack.c). */
void sai_basis_release(sai_basis *b);

/* Frees what a rule owns (pack.c). */
void sai_pack_release_rule(sai_rule *r);

/* Lists the run's overrides (--profile, --disable, --severity) after
 * the parameters, type "override", standard "run", so that every report
 * that shows the parameters shows what the run changed (at compile). */
sa_status sai_pack_view_run(sa_pack *p);

/* Applies the chosen profiles (profile.c): params become overrides
 * before --param's, rules select, grades, weights, points and vetoes are
 * set; and checks the ids every declared profile names. */
sa_status sai_pack_apply_profiles(sa_pack *pack, sa_error *err);
/* Whether sa_pack_load takes ref for a file's path (a '/', ".yaml" or
 * ".yml" in it) rather than a standard's name in the search path. */
int sai_pack_ref_is_path(const char *ref);
/* Checks that every basis names declared parameters, and fills the
 * public views of bases, citations and profiles (profile.c). */
sa_status sai_pack_bind_basis(sa_pack *pack, sa_error *err);

/* Compiles one standard's rules (compile.c); called by sa_pack_compile. */
sa_status sai_pack_compile_rules(sa_pack *pack, sa_error *err);
/* Evaluation helpers (compile.c): registers the pack's parameters as XPath
 * variables on ctx. */
int sai_pack_register_params(const sa_pack *pack, xmlXPathContextPtr ctx);
const char *sai_param_type_name(sai_param_type t);
/* NULL when v is a valid value of type t, else what is expected. */
const char *sai_param_value_problem(int type, const char *v);
/* A parameter by name, or NULL. */
const sai_param *sai_pack_find_param(const sa_pack *pack, const char *name);
/* The value a rule of standard std sees: its own scoped default, else
 * the common one. */
const sai_param *sai_pack_find_param_for(const sa_pack *pack, const char *name,
					 size_t std);
/* Registers the parameters scoped to standard std (their values), or,
 * with restore set, the common values of those names again. */
int sai_pack_register_scoped(const sa_pack *p, void *xpath_ctx, size_t std,
			     int restore);
/* 1 when some parameter is scoped to standard std. */
int sai_pack_has_scoped(const sa_pack *p, size_t std);
/* A jurisdiction is division-code prefixes (2, 4, 6, 9 or 12 digits)
 * separated by blanks or commas, "" everywhere: whether area is one;
 * whether it holds code (code starts with one of them; "" holds every
 * code); whether all of area lies within region (each starts with it). */
int sai_area_ok(const char *area);
int sai_area_holds(const char *area, const char *code);
int sai_area_within(const char *area, const char *region);
/* Gives standard std its own value of parameter name (declared). */
sa_status sai_pack_scope_param(sa_pack *p, const char *name, size_t std,
			       const char *value);

/* ---- loading: shared by pack.c and the pack-*.c files it is split into -- */

#define SAI_MAX_EXTENDS_DEPTH 16

typedef struct sai_pack_loader {
	sa_pack *pack;
	sai_standard *std;         /* the standard being read */
	size_t std_index;
	const char *buf;           /* the pack file's bytes (for carets) */
	size_t len;
	sa_error *err;
	int depth;                 /* extends nesting */
	const struct sai_pack_loader *up; /* the extending pack's loader */
	const char *root;          /* the folder the first pack was found in:
				    * a name in `extends` is looked up in
				    * the search path, then here, never
				    * above */
} sai_pack_loader;

/* Grows an array of elements of size sz to hold one more (pack.c). */
void *sai_pack_grow(void *arr, size_t *cap, size_t n, size_t sz);

/* Reading the tree (pack-read.c): the key an element stands for; an
 * item of a list; an empty list ("key: []"); a mapping. */
const char *sai_pack_key_of(const xmlNode *n);
int sai_pack_is_item(const xmlNode *n);
int sai_pack_is_empty_list(const xmlNode *n);
int sai_pack_has_children(const xmlNode *n);
/* Sets l->err at n (the pack's file, line, column and caret); returns st. */
sa_status sai_pack_lerr(sai_pack_loader *l, const xmlNode *n, sa_status st,
			const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
sa_status sai_pack_nomem(sai_pack_loader *l);
/* A scalar's text (caller frees *out); refuses mappings and (unless
 * item_ok) list items. */
sa_status sai_pack_scalar_ex(sai_pack_loader *l, const xmlNode *n, int item_ok,
			     char **out);
sa_status sai_pack_scalar(sai_pack_loader *l, const xmlNode *n, char **out);
sa_status sai_pack_nonempty_scalar(sai_pack_loader *l, const xmlNode *n,
				   char **out);
/* A value or a list of values into out; *last: the list's last item. */
sa_status sai_pack_list_of(sai_pack_loader *l, const xmlNode *n,
			   sai_strlist *out, const xmlNode **last);
/* Judges one value v of a list at its element n (SA_OK to keep it). */
typedef sa_status (*sai_pack_item_check)(sai_pack_loader *l, const xmlNode *n,
					 const char *v);
/* sai_pack_list_of, each value judged by check (NULL: none); nonempty
 * refuses a list of no value at n. */
sa_status sai_pack_list_each(sai_pack_loader *l, const xmlNode *n,
			     sai_strlist *out, const xmlNode **last,
			     int nonempty, sai_pack_item_check check);
/* 1 when s is element names joined by '/' (the last one an @attribute
 * too when attr): a path from the record that computes nothing. */
int sai_pack_plain_path(const char *s, int attr);
/* Fields set once (a second one is an error), remembering where. */
sa_status sai_pack_set_xpath(sai_pack_loader *l, const xmlNode *n,
			     sai_xpath *x);
sa_status sai_pack_set_string(sai_pack_loader *l, const xmlNode *n,
			      char **field);
sa_status sai_pack_set_string_at(sai_pack_loader *l, const xmlNode *n,
				 char **field, sai_where *at);
/* A number of 0 or more. */
sa_status sai_pack_set_number(sai_pack_loader *l, const xmlNode *n,
			      double *out);

/* Parameters (pack-params.c): 1 when standard a (transitively) extends
 * the standard with id b_id; the params section. */
int sai_pack_extends_std(const sa_pack *p, size_t a, const char *b_id,
			 int depth);
/* 1 when standard a is b or extends it, directly or through others
 * (extends given as a name or as a path alike). */
int sai_pack_std_reaches(const sa_pack *p, size_t a, size_t b, int depth);
sa_status sai_pack_read_params(sai_pack_loader *l, const xmlNode *params);
/* Declares the parameter jurisdiction of a standard that states one
 * (key: where it was written), after its extends are loaded. */
sa_status sai_pack_declare_jurisdiction(sai_pack_loader *l,
					const xmlNode *key);
/* A standard that states no jurisdiction takes its bases' (their union;
 * none when one of them binds everywhere); one that states its own must
 * lie within each base's, else a pack error at key (its 'jurisdiction',
 * or where the standard is written). */
sa_status sai_pack_inherit_jurisdiction(sai_pack_loader *l,
					const xmlNode *key);

/* Rules (pack-rules.c): a basis (rules and profiles have one); the rules
 * list starting at first. */
sa_status sai_pack_read_basis(sai_pack_loader *l, const xmlNode *n,
			      sai_basis *b);
sa_status sai_pack_read_rules(sai_pack_loader *l, const xmlNode *first);

/* The other sections (pack-sections.c). */
sa_status sai_pack_read_standard(sai_pack_loader *l, const xmlNode *n);
sa_status sai_pack_read_grades(sai_pack_loader *l, const xmlNode *g);
/* Whether indicator idx has children whose points do not add up to its
 * own (a parent's points are its children's, so that the tree's
 * arithmetic is what it says); the error's format, one %s: the id. */
int sai_indicator_sum_differs(const sa_pack *p, int idx);
const char *sai_indicator_sum_message(void);
/* NULL when a grade called name, of minimum min, gets the verdict its
 * name says (合格/pass pass, 不合格/fail fail) under a pass-grade of
 * minimum bound (has_pass; without one every named grade passes), else a
 * message format (one %s: the grade) saying why not. */
const char *sai_grade_verdict_clash(const char *name, double min,
				    int has_pass, double bound);
sa_status sai_pack_read_references(sai_pack_loader *l, const xmlNode *refs);
sa_status sai_pack_keep_profiles(sai_pack_loader *l, const xmlNode *profiles);
sa_status sai_pack_read_indicators(sai_pack_loader *l, const xmlNode *first,
				   int parent, int level);

/* Refuses a path (what names it) outside dir (pack-load.c). */
sa_status sai_pack_check_inside(sai_pack_loader *l, const char *what,
				const char *path, const char *dir,
				const xmlNode *from);

#endif
