/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eval.c - evaluating every rule of a compiled pack on one record.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/hash.h>
#include <libxml/xpathInternals.h>
#include "collect-internal.h"
#include "contract-internal.h"
#include "eval-internal.h"
#include "idcheck-internal.h"
#include "pack-internal.h"
#include "refs-internal.h"
#include "suppose-internal.h"
#include "score-internal.h"
#include "source-internal.h"
#include "tree-internal.h"
#include "xpfunc-internal.h"
#include "i18n.h"

/* The evaluations of one record, all together, may take the run's
 * xpath_steps (SA_XPATH_STEPS by default, about a second of CPU): the
 * rules a record has left once they are spent are error findings, so
 * that a pack of many rules at the limit cannot take hours a record.
 * Every XPath evaluation, a collection rule's too, may take a fifth of
 * them.  The collection rules of a run share COLLECTION_SHARE times
 * xpath_steps: a for-each whose assert hits the limit on each of 41,000
 * townships would otherwise take hours; once they are spent, the rule
 * at hand and each one after it is one error finding.  A message
 * template's {XPATH} counts against the same budget as its rule. */
#define XPATH_OP_SHARE 5
#define COLLECTION_SHARE 10

const sa_rule_info sai_rule_load = {
	"SA-LOAD", "档案无法读取", "Dossier could not be read", "load", NULL,
	SA_SEVERITY_CRITICAL, 0, NULL,
	"修正档案的格式后重新检查", "stationaudit", "stationaudit", "", 0, 0, 0,
};

/* Major: a misspelt key or code fails the record (and, in score.c, sets
 * its score to 0), so that a typo never buys a better verdict. */
const sa_rule_info sai_rule_schema = {
	"SA-SCHEMA", "档案符合档案契约 (字段名、类型、代码)",
	"Dossier matches the dossier contract (field names, types, codes)",
	"schema", NULL, SA_SEVERITY_MAJOR, 1, NULL,
	"按 docs/dossier.md (schemas/dossier.xsd) 修正字段名与取值; "
	"标准自有的字段在标准的 contract 中声明",
	"docs/dossier.md; schemas/dossier.xsd", "stationaudit", "", 0, 0, 0,
};

/* A dossier read with --encoding: said once per record, as a passing
 * finding with a note (provenance: the conversion the user asked for
 * fails nothing, not even --fail-on info). */
static const sa_rule_info rule_encoding = {
	"SA-ENCODING", "档案按所给编码读取 (转换为 UTF-8)",
	"Dossier read in the encoding given (converted to UTF-8)", "encoding",
	NULL, SA_SEVERITY_INFO, 0, NULL,
	"把档案另存为 UTF-8 (iconv -t UTF-8)", "stationaudit", "stationaudit",
	"", 0, 0, 0,
};

static const sa_rule_info rule_shape = {
	"SA-RECORD", "记录不属于任何已加载的标准",
	"Record matches no loaded standard", "record", NULL,
	SA_SEVERITY_CRITICAL, 0, NULL,
	"检查档案的顶层键 (station)", "stationaudit", "stationaudit", "", 0, 0,
	0,
};

struct sai_auditor {
	const sa_pack *pack;
	xmlXPathContextPtr ctx;
	sai_xpfunc_env env;
	int en;
	int mask;                  /* hide personal data */
	const char *keep[2];       /* division codes shown as written
				    * (sai_mask_digits_keep): the record's
				    * region, a value a division-code
				    * format judges */
	sai_strbuf sb;
	sai_strbuf masked;
	size_t message_bytes;      /* this record's findings' messages */
	sai_strbuf skip;           /* the areas coverage copies judge */
	char *selected;            /* per standard: selects this record */
	char *outside;             /* per standard: SAI_OUT_AREA, the record
				    * lies outside its jurisdiction;
				    * SAI_OUT_SCOPE, its `records` leaves out
				    * the record's level or kind (valid
				    * codes); else 0 */
	const char *statuses;      /* audited_statuses (NULL: no such
				    * parameter: every status) */
	const char *idle;          /* this record's status, when the run
				    * does not audit stations of it */
	xmlNodePtr *personal;      /* this record's personal nodes */
	size_t n_personal, cap_personal;
	int personal_known;        /* computed for this record */
	int personal_failed;       /* a personal expression failed (a
				    * limit, memory): every node counts as
				    * personal, so masking never fails open */
	sai_contract_check *contract;  /* per thread, over a shared contract */
	const char **extra;        /* the packs' contract extensions */
	char *has_scoped;          /* per standard: it has scoped params */
	double *rule_ns;           /* --stats: time per rule, or NULL */
	size_t *rule_calls;
	long scope;                /* the standard whose scoped params are
				    * registered now, or -1 */
	sai_path_memo paths;       /* findings' paths (cleared a record) */
	unsigned long record_budget; /* the run's xpath_steps */
	unsigned long coll_budget; /* the collection rules' together */
	unsigned long budget;      /* XPath steps this record may take (0:
				    * no bound) */
	unsigned long spent;       /* steps its evaluations took so far */
	int collecting;            /* the budget is the collection's */
	const char *root_path;     /* the record's, for key_error */
	const char *key_failed;    /* select_standards: a key (records,
				    * record-id, ...) failed to evaluate */
};

/* ---- result memory ----------------------------------------------------- */

typedef struct sai_chunk {
	struct sai_chunk *next;
	size_t used, size;
	char data[];
} sai_chunk;

/* Copies a string into the result's memory; NULL stays NULL. */
static const char *keep(sai_result *res, const char *s, size_t n)
{
	sai_chunk *c = res->chunks;
	char *p;

	if (!s)
		return NULL;
	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > 4000 ? n + 1 : 4000;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = res->chunks;
		c->used = 0;
		c->size = size;
		res->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

const char *sai_result_keep(sai_result *res, const char *s)
{
	return s ? keep(res, s, strlen(s)) : NULL;
}

void sai_result_release(sai_result *res)
{
	sai_chunk *c, *next;
	size_t i;

	if (!res)
		return;
	for (c = res->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(res->findings);
	free(res->items);
	if (res->projection)
		sai_tree_free(res->projection);
	for (i = 0; i < res->n_rendered; i++)
		free(res->rendered[i].text);
	free(res->rendered);
	memset(res, 0, sizeof(*res));
}

sa_finding *sai_result_add_finding(sai_result *res)
{
	sa_finding *f;

	if (res->pub.finding_count == res->cap) {
		size_t cap = res->cap ? res->cap * 2 : 32;

		f = realloc(res->findings, cap * sizeof(*f));
		if (!f)
			return NULL;
		res->findings = f;
		res->cap = cap;
	}
	f = &res->findings[res->pub.finding_count++];
	memset(f, 0, sizeof(*f));
	res->pub.findings = res->findings;
	return f;
}

sa_status sai_result_load_error(sai_result *res, const sa_error *in,
				const char *file, const sa_pack *mask)
{
	sa_error masked, *err = &masked;
	sa_finding *f;
	size_t i;

	masked = *in;
	for (i = 0; mask && i < mask->n_standards; i++)
		sai_error_mask(err, (const char *const *)
			       mask->standards[i].personal.items,
			       mask->standards[i].personal.count);
	if (mask && !mask->n_standards)
		sai_error_mask(err, NULL, 0);

	memset(res, 0, sizeof(*res));
	res->pub.file = sai_result_keep(res, file);
	res->pub.line = err->line;
	res->pub.column = err->column;
	res->pub.load_error = 1;
	res->pub.score = -1;
	f = sai_result_add_finding(res);
	if (!f || !res->pub.file)
		return SA_ERR_NOMEM;
	f->rule = &sai_rule_load;
	f->status = SA_FINDING_ERROR;
	f->severity = SA_SEVERITY_CRITICAL;
	f->file = res->pub.file;
	f->line = err->line;
	f->column = err->column;
	f->message = sai_result_keep(res, err->message);
	f->actual = err->source_line[0] ? sai_result_keep(res, err->source_line) : NULL;
	res->pub.counts[SA_FINDING_ERROR] = 1;
	return f->message ? SA_OK : SA_ERR_NOMEM;
}

/* ---- the auditor ------------------------------------------------------- */

/* What libxml2's error says, or for the limits it raises without a
 * message (2.9.14 has none for them), what the limit is. */
static const char *eval_why(const xmlError *e)
{
	if (e->message)
		return e->message;
	if (e->code == XML_XPATH_EXPRESSION_OK + XPATH_OP_LIMIT_EXCEEDED)
		return _("the expression took too many steps");
	if (e->code == XML_XPATH_EXPRESSION_OK +
	    XPATH_RECURSION_LIMIT_EXCEEDED)
		return _("the expression nests too deeply");
	return _("XPath error");
}

static void eval_error(void *data, xmlErrorPtr e)
{
	sai_xpfunc_env *env = data;

	if (e && (e->code == XML_ERR_NO_MEMORY || e->code ==
		  XML_XPATH_EXPRESSION_OK + XPATH_MEMORY_ERROR))
		env->nomem = 1;
	if (env->failed || !e)
		return;
	env->failed = 1;
	snprintf(env->why, sizeof(env->why), "%s", eval_why(e));
	env->why[strcspn(env->why, "\n")] = '\0';
}

/* libxml2's XPath says some things (a variable of an unbound prefix)
 * through its generic handler: the evaluation's error too. */
static void eval_generic(void *data, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void eval_generic(void *data, const char *fmt, ...)
{
	sai_xpfunc_env *env = data;
	va_list ap;

	if (env->failed)
		return;
	env->failed = 1;
	va_start(ap, fmt);
	vsnprintf(env->why, sizeof(env->why), fmt, ap);
	va_end(ap);
	env->why[strcspn(env->why, "\n")] = '\0';
}

sa_status sai_auditor_new(const sa_pack *pack, const char *lang, int mask,
			  sai_auditor **out)
{
	sai_auditor *a = calloc(1, sizeof(*a));
	size_t i;

	*out = NULL;
	if (!a)
		return SA_ERR_NOMEM;
	a->pack = pack;
	a->en = lang && !strcmp(lang, "en");
	a->mask = mask;
	memcpy(a->env.audit_date, pack->audit_date, sizeof(a->env.audit_date));
	a->env.regexes = sai_regex_cache_new(pack->regexes);
	a->env.refs = pack->refs;
	a->env.scratch = sai_refs_scratch_new();
	a->ctx = xmlXPathNewContext(NULL);
	a->selected = calloc(pack->n_standards + 1, 1);
	a->outside = calloc(pack->n_standards + 1, 1);
	a->has_scoped = calloc(pack->n_standards + 1, 1);
	a->scope = -1;
	a->statuses = sai_pack_param_text(pack, "audited_statuses");
	for (i = 0; a->has_scoped && i < pack->n_standards; i++)
		a->has_scoped[i] = (char)sai_pack_has_scoped(pack, i);
	if (!a->env.regexes || !a->env.scratch || !a->ctx || !a->selected ||
	    !a->outside || !a->has_scoped ||
	    sai_xpfunc_register(a->ctx, &a->env) < 0 ||
	    sai_pack_register_params(pack, a->ctx) < 0 ||
	    xmlXPathRegisterNs(a->ctx, (const xmlChar *)SAI_TREE_NS_PREFIX,
			       (const xmlChar *)SAI_TREE_NS) != 0) {
		sai_auditor_free(a);
		return SA_ERR_NOMEM;
	}
	a->ctx->error = eval_error;
	sai_auditor_set_budget(a, 0);
	/* Node sets, strings and numbers come back from a per-context cache
	 * instead of malloc: every rule on every record makes some. */
	xmlXPathContextSetCache(a->ctx, 1, -1, 0);
	sai_strbuf_init(&a->sb);
	sai_strbuf_init(&a->masked);
	sai_strbuf_init(&a->skip);
	*out = a;
	return SA_OK;
}

void sai_auditor_free(sai_auditor *a)
{
	if (!a)
		return;
	free(a->rule_ns);
	free(a->rule_calls);
	if (a->ctx)
		xmlXPathFreeContext(a->ctx);
	sai_regex_cache_free(a->env.regexes);
	sai_xpfunc_env_release(&a->env);
	sai_strbuf_release(&a->sb);
	sai_strbuf_release(&a->masked);
	sai_strbuf_release(&a->skip);
	sai_contract_check_free(a->contract);
	free(a->extra);
	free(a->personal);
	free(a->selected);
	free(a->outside);
	free(a->has_scoped);
	free(a);
}

/* The string value of n without a copy when n is an element of one
 * text child (or none), as record values are; else a copy in *owned
 * (NULL without memory). */
static const char *node_value(xmlNodePtr n, xmlChar **owned)
{
	xmlNodePtr c = n->children;

	*owned = NULL;
	if (n->type == XML_ELEMENT_NODE) {
		if (!c)
			return "";
		if (!c->next && c->type == XML_TEXT_NODE)
			return c->content ? (const char *)c->content : "";
	}
	*owned = xmlNodeGetContent(n);
	return (const char *)*owned;
}

/* 1 when the string value of element n is lit, 0 when not, -1 without
 * memory. */
static int value_is(xmlNodePtr n, const char *lit)
{
	xmlChar *owned;
	const char *v = node_value(n, &owned);
	int eq = v ? strcmp(v, lit) == 0 : -1;

	xmlFree(owned);
	return eq;
}

/* ---- plans: the rule shapes run without XPath (pack-internal.h) ----------- */

/* What walks share: the auditor's regex cache (its match data). */
typedef struct plan_run {
	sai_regex_cache *regexes;
} plan_run;

/* plan_holds and walk: -1 without memory; PLAN_DEFER when XPath must
 * run the expression after all (a regex hit a limit: XPath's error says
 * which). */
#define PLAN_DEFER (-2)

static int plan_holds(const sai_plan *p, xmlNodePtr node, plan_run *pr);

/* Calls visit on each element the n steps reach from node, in document
 * order: what XPath's child::a[p]/child::b gives (an unprefixed name
 * matches elements in no namespace only).  Stops at the first visit
 * that returns non-zero and returns that. */
static int walk(xmlNodePtr node, const sai_plan_step *st, size_t n,
		int (*visit)(xmlNodePtr el, void *arg), void *arg,
		plan_run *pr)
{
	xmlNodePtr c;
	int rc;

	for (c = node->children; c; c = c->next) {
		/* the first byte first: most siblings differ there, and
		 * strcmp was a twentieth of a run */
		if (c->type != XML_ELEMENT_NODE || c->ns ||
		    c->name[0] != (xmlChar)st->name[0] ||
		    strcmp((const char *)c->name, st->name) != 0)
			continue;
		if (st->pred && (rc = plan_holds(st->pred, c, pr)) <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		rc = n > 1 ? walk(c, st + 1, n - 1, visit, arg, pr) :
			     visit(c, arg);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int holds(sai_plan_op op, double a, double b)
{
	switch (op) {
	case SAI_OP_EQ: return a == b;
	case SAI_OP_NE: return a != b;
	case SAI_OP_LT: return a < b;
	case SAI_OP_LE: return a <= b;
	case SAI_OP_GT: return a > b;
	case SAI_OP_GE: return a >= b;
	}
	return 0;
}

/* XPath's number() of an element's string value; -1 without memory
 * (*v unset). */
static int node_number(xmlNodePtr el, double *v)
{
	xmlChar *owned;
	const char *s = node_value(el, &owned);

	if (!s)
		return -1;
	*v = xmlXPathStringEvalNumber((const xmlChar *)s);
	xmlFree(owned);
	return 0;
}

static int visit_found(xmlNodePtr el, void *arg)
{
	(void)el;
	(void)arg;
	return 1;
}

static int visit_first(xmlNodePtr el, void *arg)
{
	*(xmlNodePtr *)arg = el;
	return 1;
}

static int visit_count(xmlNodePtr el, void *arg)
{
	(void)el;
	(*(double *)arg)++;
	return 0;
}

/* STRING: 1 when el's string value compares so with the literal. */
static int visit_string(xmlNodePtr el, void *arg)
{
	const sai_plan *p = arg;
	int eq = value_is(el, p->literal);

	return eq < 0 ? eq : p->op == SAI_OP_NE ? !eq : eq;
}

/* NUMBER: 1 when el's number compares so with the plan's number (a NaN
 * compares unequal, and neither less nor greater). */
static int visit_number(xmlNodePtr el, void *arg)
{
	const sai_plan *p = arg;
	double v;

	if (node_number(el, &v) < 0)
		return -1;
	return holds(p->op, v, p->number);
}

/* MATCH: matches() of the first node's string value ('' without one). */
static int plan_match(const sai_plan *p, xmlNodePtr first, plan_run *pr)
{
	xmlChar *owned = NULL;
	const char *s = first ? node_value(first, &owned) : "";
	int m;

	if (!s)
		return -1;
	m = sai_regex_match(pr->regexes, p->re, s, strlen(s), NULL);
	xmlFree(owned);
	return m < 0 ? PLAN_DEFER : m;
}

/* Whether p holds with node as the context: 1, 0, or below 0 as walk. */
static int plan_holds(const sai_plan *p, xmlNodePtr node, plan_run *pr)
{
	xmlNodePtr first = NULL;
	double v = 0;
	size_t i;
	int rc;

	switch (p->kind) {
	case SAI_PLAN_OR:
	case SAI_PLAN_AND:
		for (i = 0; i < p->n_kids; i++) {
			rc = plan_holds(p->kids[i], node, pr);
			if (rc < 0 || rc == (p->kind == SAI_PLAN_OR))
				return rc;
		}
		return p->kind == SAI_PLAN_AND;
	case SAI_PLAN_NOT:
		rc = plan_holds(p->kids[0], node, pr);
		return rc < 0 ? rc : !rc;
	case SAI_PLAN_PATH:
		return walk(node, p->steps, p->n_steps, visit_found, NULL, pr);
	case SAI_PLAN_STRING:
		return walk(node, p->steps, p->n_steps, visit_string,
			    (void *)p, pr);
	case SAI_PLAN_NUMBER:
		return walk(node, p->steps, p->n_steps, visit_number,
			    (void *)p, pr);
	case SAI_PLAN_FIRST:
	case SAI_PLAN_MATCH:
		/* number() and matches() of a node-set: of its first
		 * node's string value (NaN, '' when it is empty) */
		if ((rc = walk(node, p->steps, p->n_steps, visit_first,
			       &first, pr)) < 0)
			return rc;
		if (p->kind == SAI_PLAN_MATCH)
			return plan_match(p, first, pr);
		v = NAN;
		if (first && node_number(first, &v) < 0)
			return -1;
		return holds(p->op, v, p->number);
	case SAI_PLAN_COUNT:
		if ((rc = walk(node, p->steps, p->n_steps, visit_count,
			       &v, pr)) < 0)
			return rc;
		return holds(p->op, v, p->number);
	}
	return 0;
}

/* PATH at the top: adds each element it reaches to the set. */
static int visit_collect(xmlNodePtr el, void *arg)
{
	return xmlXPathNodeSetAddUnique(arg, el) < 0 ? -1 : 0;
}

void sai_auditor_set_budget(sai_auditor *a, unsigned long steps)
{
	a->record_budget = steps ? steps : SA_XPATH_STEPS;
	a->coll_budget = a->record_budget > ULONG_MAX / COLLECTION_SHARE ?
		ULONG_MAX : a->record_budget * COLLECTION_SHARE;
	a->ctx->opLimit = a->record_budget / XPATH_OP_SHARE;
	if (!a->ctx->opLimit)
		a->ctx->opLimit = 1;
}

/* Why an expression stopped at its limit, naming it and how to raise
 * it (libxml2's own message says neither). */
static void too_many(sai_auditor *a)
{
	a->env.failed = 1;
	snprintf(a->env.why, sizeof(a->env.why), _("the expression took "
		 "more than %lu XPath steps (a fifth of the record's budget; "
		 "raise it with --xpath-steps N or xpath-steps: N in "
		 ".stationaudit.yaml)"), a->ctx->opLimit);
}

/* 1, with a->env.why saying so, when the budget is spent. */
static int budget_spent(sai_auditor *a)
{
	if (!a->budget || a->spent < a->budget)
		return 0;
	a->env.failed = 1;
	if (a->collecting)
		snprintf(a->env.why, sizeof(a->env.why), _("the collection "
			 "rules' budget of %lu XPath steps (%d times the "
			 "record's) is spent; raise it with --xpath-steps N "
			 "or xpath-steps: N in .stationaudit.yaml"), a->budget,
			 COLLECTION_SHARE);
	else
		snprintf(a->env.why, sizeof(a->env.why), _("the record's budget "
			 "of %lu XPath steps is spent (by the rules before this "
			 "one); raise it with --xpath-steps N or xpath-steps: N "
			 "in .stationaudit.yaml"), a->budget);
	return 1;
}

/* Runs comp from node with libxml2's XPath, its steps charged to the
 * budget; NULL on an error (a->env.why says why; a->env.nomem when
 * memory ran out).  What libxml2 raises outside the context (a node-set
 * it cannot grow) is this evaluation's error, never text on stderr. */
static xmlXPathObjectPtr run_xpath(sai_auditor *a, xmlXPathCompExprPtr comp,
				   xmlNodePtr node)
{
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_data = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_gen = xmlGenericError;
	void *old_gen_data = xmlGenericErrorContext;
	xmlXPathObjectPtr o;

	if (budget_spent(a))
		return NULL;
	a->ctx->node = node;
	a->ctx->contextSize = 1;
	a->ctx->proximityPosition = 1;
	a->ctx->opCount = 0;
	a->env.failed = 0;
	a->env.built = 0;          /* the string budget is per evaluation */
	xmlSetStructuredErrorFunc(&a->env, eval_error);
	xmlSetGenericErrorFunc(&a->env, eval_generic);
	o = xmlXPathCompiledEval(comp, a->ctx);
	xmlSetGenericErrorFunc(old_gen_data, old_gen);
	xmlSetStructuredErrorFunc(old_data, old_fn);
	a->spent += a->ctx->opCount;
	if (o && a->env.failed) {
		xmlXPathFreeObject(o);
		o = NULL;
	}
	if (!o && a->ctx->opCount >= a->ctx->opLimit)
		too_many(a);
	if (!o && !a->env.failed) {
		a->env.failed = 1;
		snprintf(a->env.why, sizeof(a->env.why), "%s",
			 _("the expression could not be evaluated"));
	}
	return o;
}

/* Evaluates x from node; NULL on an error (a->env.why says why). */
static xmlXPathObjectPtr eval(sai_auditor *a, const sai_xpath *x,
			      xmlNodePtr node)
{
	xmlXPathObjectPtr o = NULL;
	plan_run pr;
	int rc;

	/* ref() reads the tables of the standard that wrote x (an
	 * expression of none, built in, goes on in the scope before) */
	if (x->owner) {
		const sai_standard *s = &a->pack->standards[x->owner - 1];

		a->env.tables = s->tables;
		a->env.n_tables = s->n_tables;
		a->env.scoped = 1;
	}
	/* The walks know elements and documents; any other context (an
	 * attribute, a namespace node of a for-each) goes to XPath. */
	if (!x->plan || !node || (node->type != XML_ELEMENT_NODE &&
				  node->type != XML_DOCUMENT_NODE))
		return run_xpath(a, x->comp, node);
	a->env.failed = 0;
	pr.regexes = a->env.regexes;
	if (x->plan->kind == SAI_PLAN_PATH) {
		o = xmlXPathNewNodeSet(NULL);
		rc = o && o->nodesetval ?
			walk(node, x->plan->steps, x->plan->n_steps,
			     visit_collect, o->nodesetval, &pr) : -1;
	} else {
		rc = plan_holds(x->plan, node, &pr);
		o = rc >= 0 ? xmlXPathNewBoolean(rc) : NULL;
	}
	if (o && rc >= 0)
		return o;
	xmlXPathFreeObject(o);
	if (rc == PLAN_DEFER)
		return run_xpath(a, x->comp, node);
	a->env.failed = 1;
	a->env.nomem = 1;
	snprintf(a->env.why, sizeof(a->env.why), "%s", _("out of memory"));
	return NULL;
}

/* ---- personal data ---------------------------------------------------------- */

static void find_personal(sai_auditor *a, xmlNodePtr root)
{
	const sa_pack *p = a->pack;
	size_t i, k;
	int j;

	a->n_personal = 0;
	a->personal_known = 1;
	a->personal_failed = 0;
	for (i = 0; i < p->n_standards; i++) {
		for (k = 0; a->selected[i] && k < p->standards[i].personal.count;
		     k++) {
			xmlXPathObjectPtr o = eval(a, &p->standards[i].personal_x[k],
						   root);

			if (!o)
				a->personal_failed = 1;

			for (j = 0; o && o->type == XPATH_NODESET && o->nodesetval &&
			     j < o->nodesetval->nodeNr; j++) {
				if (a->n_personal == a->cap_personal) {
					size_t cap = a->cap_personal * 2 + 8;
					xmlNodePtr *np = realloc(a->personal,
								 cap * sizeof(*np));

					if (!np) {
						a->personal_failed = 1;
						break;
					}
					a->personal = np;
					a->cap_personal = cap;
				}
				a->personal[a->n_personal++] =
					o->nodesetval->nodeTab[j];
			}
			xmlXPathFreeObject(o);
		}
	}
}

/* 1 when node is, or is inside, a personal node of the record. */
static int is_personal(sai_auditor *a, xmlNodePtr root, xmlNodePtr node)
{
	size_t i;

	if (!a->personal_known)
		find_personal(a, root);
	if (a->personal_failed)
		return 1;
	for (; node; node = node->parent)
		for (i = 0; i < a->n_personal; i++)
			if (a->personal[i] == node)
				return 1;
	return 0;
}

/* 1 when node is, is inside or holds a personal node of the record. */
static int touches_personal(sai_auditor *a, xmlNodePtr root, xmlNodePtr node)
{
	size_t i;
	xmlNodePtr p;

	if (is_personal(a, root, node))
		return 1;
	for (i = 0; i < a->n_personal; i++)
		for (p = a->personal[i]; p; p = p->parent)
			if (p == node)
				return 1;
	return 0;
}

/* The text to keep for a value or message: masked when asked. */
static const char *shown(sai_auditor *a, const char *s, int whole)
{
	if (!a->mask || !s)
		return s;
	sai_strbuf_reset(&a->masked);
	if (whole)
		sai_mask_all(s, &a->masked);
	else
		sai_mask_digits_keep(s, a->keep, 2, &a->masked);
	return sai_strbuf_str(&a->masked);
}

/* ---- findings ------------------------------------------------------------ */

typedef struct rule_run {
	sai_auditor *a;
	const sai_rule *rule;
	sai_result *res;
	xmlNodePtr root;
	const char *root_path;
	int collection;             /* findings name their node's own file */
	sa_status st;               /* SA_ERR_NOMEM when memory ran out */
	const char *undecided;      /* decided-by's missing fields: add()
				     * gives the built-in message */
	size_t problems;            /* the rule's failures and errors on
				     * this record so far */
	size_t left_out;            /* those past RULE_PROBLEMS_MAX */
	const char *skip;           /* for-each: items whose code lies in
				     * these areas are another rule's */
} rule_run;

/* What one record's findings may hold.  A hostile dossier (40,000 list
 * items, each failing a rule whose message quotes a 390 KB name) made
 * 15 GB of messages and ended the batch out of memory: a rule lists at
 * most RULE_PROBLEMS_MAX failures of a record (then one finding counts
 * the rest), and once a record's messages pass RECORD_MESSAGE_BYTES the
 * rest say only which rule failed where.  Collections (coverage: one
 * finding per missing township) are not capped by count. */
#define RULE_PROBLEMS_MAX 1000
#define RECORD_MESSAGE_BYTES ((size_t)32 << 20)

static const char *node_file(rule_run *rr, xmlNodePtr node);

/* For a template's {XPATH}: 1 when node is, is inside or holds a
 * personal node of the record, whose text must then be masked. */
static int template_personal(void *data, xmlNodePtr node)
{
	rule_run *rr = data;

	return touches_personal(rr->a, rr->root, node);
}

/* For a template's {XPATH}: evaluated from the finding's record, its
 * steps charged to the record's budget (or the collection's). */
static xmlXPathObjectPtr template_eval(void *data, xmlXPathCompExprPtr comp,
				       const char **why)
{
	rule_run *rr = data;
	xmlXPathObjectPtr o = run_xpath(rr->a, comp, rr->root);

	if (!o)
		*why = rr->a->env.nomem ? NULL : rr->a->env.why;
	return o;
}

/* After a message template's rendering (rc from sai_template_render):
 * a message cut at the bound says so; memory running out fails the run
 * (exit 4), never leaves an empty message that reports show as the
 * title. */
static void rendered(rule_run *rr, int rc)
{
	if (rc < 0)
		rr->st = SA_ERR_NOMEM;
	else if (rc > 0)
		sai_strbuf_addf(&rr->a->sb, rr->a->en ? " ... [message cut: "
				"longer than %zu MiB]" : "……[消息超过 %zu MiB, "
				"已截断]", (size_t)SAI_TEMPLATE_MAX >> 20);
}

/* The longest value kept as a division code: one is 12 digits; a typo
 * adds a few (and a long value would make the masking slow). */
#define DIVISION_KEEP_MAX 24

static void add_finding(rule_run *rr, sa_finding_status status,
			xmlNodePtr node, const char *actual,
			const char *expected, const sai_template_vars *extra)
{
	sai_result *res = rr->res;
	const sai_rule *r = rr->rule;
	sa_finding *f;
	xmlChar *path = NULL;
	sai_template_vars v;

	if ((status == SA_FINDING_FAIL || status == SA_FINDING_ERROR) &&
	    !rr->collection && rr->problems++ >= RULE_PROBLEMS_MAX) {
		rr->left_out++;
		return;
	}
	f = sai_result_add_finding(res);
	if (!f) {
		rr->st = SA_ERR_NOMEM;
		return;
	}
	f->rule = &r->info;
	f->status = status;
	f->severity = r->info.severity;
	f->file = rr->collection ? node_file(rr, node ? node : rr->root) :
		res->pub.file;
	f->line = sai_node_line(node ? node : rr->root);
	f->column = sai_node_column(node ? node : rr->root);
	res->pub.counts[status]++;
	/* A pass or not-applicable finding sits at its record's root; only
	 * problems get their own path (xmlGetNodePath walks siblings). */
	if (status == SA_FINDING_PASS || status == SA_FINDING_NOT_APPLICABLE) {
		f->path = rr->root_path ? rr->root_path : "";
		return;
	}
	if (((node && node != rr->root) || !rr->root_path) &&
	    (path = sai_node_path(node ? node : rr->root, &rr->a->paths)))
		f->path = sai_result_keep(res, (const char *)path);
	else
		f->path = rr->root_path;
	xmlFree(path);
	if (status == SA_FINDING_FAIL)
		res->pub.fail_by_severity[f->severity]++;
	f->actual = sai_result_keep(res, shown(rr->a, actual, rr->a->mask && node &&
				     is_personal(rr->a, rr->root, node)));
	f->expected = sai_result_keep(res, expected);
	if (status == SA_FINDING_ERROR) {
		sai_strbuf_reset(&rr->a->sb);
		sai_strbuf_addf(&rr->a->sb, rr->a->en ? "rule could not be "
				"evaluated: %s" : "规则无法求值: %s",
				rr->a->env.why);
		/* The reason may quote what a function was given (a regex
		 * or a table name built from an ID number). */
		f->message = sai_result_keep(res, shown(rr->a,
				sai_strbuf_str(&rr->a->sb), 0));
		return;
	}
	if (rr->a->message_bytes >= RECORD_MESSAGE_BYTES) {
		sai_strbuf_reset(&rr->a->sb);
		sai_strbuf_addf(&rr->a->sb, rr->a->en ? "%s (message left out: "
				"this record's findings passed %zu MiB of "
				"messages)" : "%s (消息从略: 该记录的检查结果消息已超过 "
				"%zu MiB)", rr->a->en && r->title_en ? r->title_en
				: r->title, RECORD_MESSAGE_BYTES >> 20);
		f->message = sai_result_keep(res, sai_strbuf_str(&rr->a->sb));
		if (!f->message)
			rr->st = SA_ERR_NOMEM;
		return;
	}
	if (rr->undecided) {
		sai_strbuf_reset(&rr->a->sb);
		sai_strbuf_addf(&rr->a->sb, rr->a->en ? "rule cannot be "
				"judged: the dossier does not give %s" :
				"规则无法判定: 档案未填写 %s", rr->undecided);
		f->message = sai_result_keep(res, sai_strbuf_str(&rr->a->sb));
		if (!f->message)
			rr->st = SA_ERR_NOMEM;
		return;
	}
	memset(&v, 0, sizeof(v));
	if (extra)
		v = *extra;
	v.actual = actual;
	v.expected = expected;
	v.id = res->pub.record_id;
	v.path = f->path;
	v.title = rr->a->en && r->title_en ? r->title_en : r->title;
	sai_strbuf_reset(&rr->a->sb);
	rr->a->ctx->node = rr->root;
	v.actual = f->actual;
	v.personal = rr->a->mask ? template_personal : NULL;
	v.personal_data = rr;
	v.eval = template_eval;
	v.eval_data = rr;
	rendered(rr, sai_template_render(rr->a->en ? r->message_en :
					 r->message, rr->a->ctx, &v, &rr->a->sb));
	f->message = sai_result_keep(res, shown(rr->a, sai_strbuf_str(&rr->a->sb), 0));
	if (!f->message || (rr->a->mask && rr->a->masked.failed))
		rr->st = SA_ERR_NOMEM;
	else
		rr->a->message_bytes += strlen(f->message);
}

/* A finding of the rule run.  A value that a division-code format
 * judges is public, malformed or not (the typo is the finding): kept
 * whole wherever the finding quotes it. */
static void add(rule_run *rr, sa_finding_status status, xmlNodePtr node,
		const char *actual, const char *expected,
		const sai_template_vars *extra)
{
	rr->a->keep[1] = rr->rule->format == SAI_FORMAT_DIVISION_CODE &&
			 actual && strlen(actual) <= DIVISION_KEEP_MAX ?
			 actual : NULL;
	add_finding(rr, status, node, actual, expected, extra);
	rr->a->keep[1] = NULL;
}

/* After a rule: the failures past RULE_PROBLEMS_MAX, counted in one
 * finding at the record. */
static void add_left_out(rule_run *rr)
{
	sa_finding *f;
	const sai_rule *r = rr->rule;

	if (!rr->left_out || rr->st != SA_OK)
		return;
	if (!(f = sai_result_add_finding(rr->res))) {
		rr->st = SA_ERR_NOMEM;
		return;
	}
	f->rule = &r->info;
	f->status = SA_FINDING_FAIL;
	f->severity = r->info.severity;
	f->file = rr->res->pub.file;
	f->line = sai_node_line(rr->root);
	f->column = sai_node_column(rr->root);
	f->path = rr->root_path ? rr->root_path : "";
	rr->res->pub.counts[SA_FINDING_FAIL]++;
	rr->res->pub.fail_by_severity[f->severity]++;
	sai_strbuf_reset(&rr->a->sb);
	sai_strbuf_addf(&rr->a->sb, rr->a->en ? "and %zu more failures of "
			"this rule in this record, not listed (a rule lists "
			"at most %d a record)" : "该记录另有 %zu 处不通过本规则, "
			"未逐一列出 (每条规则对每份记录最多列出 %d 处)",
			rr->left_out, RULE_PROBLEMS_MAX);
	f->message = sai_result_keep(rr->res, sai_strbuf_str(&rr->a->sb));
	if (!f->message)
		rr->st = SA_ERR_NOMEM;
}

static void add_error(rule_run *rr)
{
	add(rr, SA_FINDING_ERROR, NULL, NULL, NULL, NULL);
}

/* ---- values ---------------------------------------------------------------- */

static char *node_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = c ? sai_strdup((const char *)c) : NULL;

	xmlFree(c);
	return s;
}

/* 1 when a node holds something: child elements or non-blank text. */
static int node_nonempty(const xmlNode *n)
{
	const xmlNode *c;

	if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE) {
		xmlChar *t = xmlNodeGetContent(n);
		int ok = t && t[strspn((const char *)t, " \t\r\n")];

		xmlFree(t);
		return ok;
	}
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			return 1;
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
		    && c->content &&
		    c->content[strspn((const char *)c->content, " \t\r\n")])
			return 1;
	}
	return 0;
}

static const char *fmt_num(double v, char *buf, size_t size)
{
	sai_format_number(v, buf, size);
	return buf;
}

/* "≥ 2", "≤ 5", "2–5" */
static void describe_bounds(const sai_rule *r, sai_strbuf *sb)
{
	char a[32], b[32];

	if (r->min.set && r->max.set)
		sai_strbuf_addf(sb, "%s–%s", fmt_num(r->min.value, a, 32),
				fmt_num(r->max.value, b, 32));
	else if (r->min.set)
		sai_strbuf_addf(sb, "≥ %s", fmt_num(r->min.value, a, 32));
	else if (r->max.set)
		sai_strbuf_addf(sb, "≤ %s", fmt_num(r->max.value, a, 32));
}

static int out_of_bounds(const sai_rule *r, double v)
{
	return isnan(v) || (r->min.set && v < r->min.value) ||
	       (r->max.set && v > r->max.value);
}

/* What each format expects, as a finding's `expected` says it: in
 * Chinese, and in English (--lang en); by sai_format. */
const char *const sai_format_text[SAI_FORMAT_TEXTS][2] = {
	{ "", "" },
	{ "统一社会信用代码 (18 位, 校验码正确)",
	  "a unified social credit code (18 characters, valid check "
	  "characters)" },
	{ "居民身份证号码 (18 位, 出生日期有效, 校验码正确)",
	  "a resident ID number (18 characters, a real birth date, a valid "
	  "check character)" },
	{ "统计用区划代码 (2、4、6、9 或 12 位数字)",
	  "a statistical division code (2, 4, 6, 9 or 12 digits)" },
	{ "日期 (YYYY-MM-DD)", "a date (YYYY-MM-DD)" },
	{ "整数", "an integer" },
	{ "数值", "a number" },
	{ "true 或 false", "true or false" },
};

static void describe_value(const sai_rule *r, int en, sai_strbuf *sb)
{
	size_t i;
	const char *sep = "";

	if (r->in.count) {
		sai_strbuf_adds(sb, "∈ {");
		for (i = 0; i < r->in.count; i++)
			sai_strbuf_addf(sb, "%s%s", i ? ", " : "",
					r->in.items[i]);
		sai_strbuf_adds(sb, "}");
		sep = "; ";
	}
	if (r->pattern) {
		sai_strbuf_addf(sb, "%s~ /%s/", sep, r->pattern);
		sep = "; ";
	}
	if (r->format) {
		sai_strbuf_addf(sb, "%s%s", sep, sai_format_text[r->format][en]);
		sep = "; ";
	}
	if (r->min.set || r->max.set) {
		sai_strbuf_adds(sb, sep);
		describe_bounds(r, sb);
	}
}

static int parse_number(const char *s, double *out)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (!*s)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	return !*end && !errno && !isnan(*out);
}

static int format_ok(sai_format f, const char *s)
{
	size_t n = strlen(s);
	double d;

	switch (f) {
	case SAI_FORMAT_USCC:
		return sai_uscc_valid(s, n);
	case SAI_FORMAT_ID_NUMBER:
		return sai_idnumber_valid(s, n);
	case SAI_FORMAT_DIVISION_CODE:
		return sai_division_code_level(s, n) != 0;
	case SAI_FORMAT_DATE:
		return sai_date_parse(s, n, 0, NULL, NULL, NULL);
	case SAI_FORMAT_INTEGER:
		return parse_number(s, &d) && d == floor(d) &&
		       strspn(s, "+-0123456789") == n;
	case SAI_FORMAT_NUMBER:
		return parse_number(s, &d);
	case SAI_FORMAT_BOOLEAN:
		return !strcmp(s, "true") || !strcmp(s, "false");
	default:
		return 1;
	}
}

/* 1 pass, 0 fail, -1 error (regex limit). */
static int value_ok(rule_run *rr, const char *s)
{
	const sai_rule *r = rr->rule;
	size_t i;
	double d;
	int m;

	if (r->in.count) {
		for (i = 0; i < r->in.count; i++)
			if (!strcmp(s, r->in.items[i]))
				break;
		if (i == r->in.count)
			return 0;
	}
	if (r->re) {
		const char *why = NULL;

		m = sai_regex_match(rr->a->env.regexes, r->re, s, strlen(s),
				    &why);
		if (m < 0) {
			snprintf(rr->a->env.why, sizeof(rr->a->env.why), "%s",
				 why ? why : _("regular expression failed"));
			return -1;
		}
		if (!m)
			return 0;
	}
	if (r->format && !format_ok(r->format, s))
		return 0;
	if ((r->min.set || r->max.set) &&
	    (!parse_number(s, &d) || out_of_bounds(r, d)))
		return 0;
	return 1;
}

/* ---- the checks -------------------------------------------------------------- */

static void check_assert(rule_run *rr, xmlXPathObjectPtr o)
{
	add(rr, xmlXPathCastToBoolean(o) ? SA_FINDING_PASS : SA_FINDING_FAIL,
	    NULL, NULL, NULL, NULL);
}

static void check_require(rule_run *rr, xmlXPathObjectPtr o)
{
	int ok = 0, i;

	if (o->type == XPATH_NODESET) {
		for (i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++)
			if ((ok = node_nonempty(o->nodesetval->nodeTab[i])))
				break;
	} else {
		ok = xmlXPathCastToBoolean(o);
	}
	add(rr, ok ? SA_FINDING_PASS : SA_FINDING_FAIL, NULL, NULL,
	    rr->rule->test.src, NULL);
}

static xmlNodePtr first_node(xmlXPathObjectPtr o)
{
	if (o->type == XPATH_NODESET && o->nodesetval &&
	    o->nodesetval->nodeNr > 0)
		return o->nodesetval->nodeTab[0];
	return NULL;
}

static void check_count(rule_run *rr, xmlXPathObjectPtr o)
{
	double n = o->type == XPATH_NODESET ?
		(o->nodesetval ? o->nodesetval->nodeNr : 0) :
		xmlXPathCastToNumber(o);
	char actual[32];
	sai_strbuf exp;
	sai_template_vars v;

	if (!out_of_bounds(rr->rule, n)) {
		add(rr, SA_FINDING_PASS, NULL, NULL, NULL, NULL);
		return;
	}
	sai_strbuf_init(&exp);
	describe_bounds(rr->rule, &exp);
	fmt_num(n, actual, sizeof(actual));
	memset(&v, 0, sizeof(v));
	v.count = actual;
	add(rr, SA_FINDING_FAIL, first_node(o), actual, sai_strbuf_str(&exp),
	    &v);
	sai_strbuf_release(&exp);
}

/* What a value check expects ("∈ {...}; ~ /.../"), made on the first
 * failure only: passing values never show it. */
static const char *expected_text(const sai_rule *r, int en,
				 sai_strbuf *exp)
{
	if (!exp->len)
		describe_value(r, en, exp);
	return sai_strbuf_str(exp);
}

static void value_one(rule_run *rr, xmlNodePtr node, const char *text,
		      sai_strbuf *exp)
{
	int ok = value_ok(rr, text);

	if (ok < 0)
		add_error(rr);
	else if (!ok)
		add(rr, SA_FINDING_FAIL, node, text,
		    expected_text(rr->rule, rr->a->en, exp), NULL);
}

static void check_value(rule_run *rr, xmlXPathObjectPtr o)
{
	const sai_rule *r = rr->rule;
	size_t before = rr->res->pub.finding_count;
	int i, n = 0;
	sai_strbuf exp;

	sai_strbuf_init(&exp);
	if (o->type != XPATH_NODESET) {
		xmlChar *s = xmlXPathCastToString(o);

		n = 1;
		value_one(rr, NULL, s ? (const char *)s : "", &exp);
		xmlFree(s);
	} else if (o->nodesetval) {
		n = r->each ? o->nodesetval->nodeNr :
			(o->nodesetval->nodeNr > 0);
		for (i = 0; i < n; i++) {
			xmlNodePtr node = o->nodesetval->nodeTab[i];
			xmlChar *owned;
			const char *s = node_value(node, &owned);

			value_one(rr, node, s ? s : "", &exp);
			xmlFree(owned);
		}
	}
	if (n == 0)
		add(rr, r->optional ? SA_FINDING_NOT_APPLICABLE :
		    SA_FINDING_FAIL, NULL, rr->a->en ? "(missing)" : "(缺失)",
		    expected_text(r, rr->a->en, &exp), NULL);
	else if (rr->res->pub.finding_count == before)
		add(rr, SA_FINDING_PASS, NULL, NULL, NULL, NULL);
	sai_strbuf_release(&exp);
}

/* 1 when some node of o has the string value s. */
static int nodes_hold(xmlXPathObjectPtr o, const char *s)
{
	int i;

	for (i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++)
		if (value_is(o->nodesetval->nodeTab[i], s) == 1)
			return 1;
	return 0;
}

/* The values a contains check found, joined by ", " ("(none)" when
 * there are none): what {actual} shows. */
static void found_values(xmlXPathObjectPtr o, sai_strbuf *out, int en)
{
	int i;

	for (i = 0; o->type == XPATH_NODESET && o->nodesetval &&
	     i < o->nodesetval->nodeNr; i++) {
		xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[i]);

		sai_strbuf_addf(out, "%s%s", out->len ? ", " : "",
				c ? (const char *)c : "");
		xmlFree(c);
	}
	if (!out->len)
		sai_strbuf_adds(out, en ? "(none)" : "(无)");
}

static void check_contains(rule_run *rr, xmlXPathObjectPtr o)
{
	const sai_rule *r = rr->rule;
	sai_strbuf missing, exp, found;
	sai_template_vars v;
	size_t i;
	int any = r->any.count == 0;

	sai_strbuf_init(&missing);
	sai_strbuf_init(&exp);
	sai_strbuf_init(&found);
	for (i = 0; i < r->in.count; i++)
		if (o->type != XPATH_NODESET || !nodes_hold(o, r->in.items[i]))
			sai_strbuf_addf(&missing, "%s%s", missing.len ? ", " :
					"", r->in.items[i]);
	for (i = 0; i < r->any.count && !any; i++)
		any = o->type == XPATH_NODESET && nodes_hold(o, r->any.items[i]);
	if (!any) {
		sai_strbuf_addf(&missing, "%s%s", missing.len ? "; " : "",
				rr->a->en ? "one of " : "其中之一 ");
		for (i = 0; i < r->any.count; i++)
			sai_strbuf_addf(&missing, "%s%s", i ? "/" : "",
					r->any.items[i]);
	}
	if (!missing.len) {
		add(rr, SA_FINDING_PASS, NULL, NULL, NULL, NULL);
	} else {
		for (i = 0; i < r->in.count; i++)
			sai_strbuf_addf(&exp, "%s%s", i ? ", " : "",
					r->in.items[i]);
		for (i = 0; i < r->any.count; i++)
			sai_strbuf_addf(&exp, "%s%s", i ? "/" : exp.len ?
					"; " : "", r->any.items[i]);
		memset(&v, 0, sizeof(v));
		v.missing = sai_strbuf_str(&missing);
		found_values(o, &found, rr->a->en);
		add(rr, SA_FINDING_FAIL, first_node(o), sai_strbuf_str(&found),
		    sai_strbuf_str(&exp), &v);
	}
	sai_strbuf_release(&missing);
	sai_strbuf_release(&exp);
	sai_strbuf_release(&found);
}

static void check_ratio(rule_run *rr, xmlXPathObjectPtr o)
{
	int i, n = o->type == XPATH_NODESET && o->nodesetval ?
		o->nodesetval->nodeNr : 0, k = 0;
	char actual[96], num[32], total[32], cnt[32];
	sai_strbuf exp;
	sai_template_vars v;

	if (n == 0) {
		add(rr, SA_FINDING_NOT_APPLICABLE, NULL, NULL, NULL, NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		xmlXPathObjectPtr w = eval(rr->a, &rr->rule->where,
					   o->nodesetval->nodeTab[i]);

		if (!w) {
			add_error(rr);
			return;
		}
		k += xmlXPathCastToBoolean(w);
		xmlXPathFreeObject(w);
	}
	if (!out_of_bounds(rr->rule, (double)k / n)) {
		add(rr, SA_FINDING_PASS, NULL, NULL, NULL, NULL);
		return;
	}
	snprintf(actual, sizeof(actual), "%d/%d = %s", k, n,
		 fmt_num((double)k / n, num, sizeof(num)));
	snprintf(cnt, sizeof(cnt), "%d", k);
	snprintf(total, sizeof(total), "%d", n);
	sai_strbuf_init(&exp);
	describe_bounds(rr->rule, &exp);
	memset(&v, 0, sizeof(v));
	v.count = cnt;
	v.total = total;
	add(rr, SA_FINDING_FAIL, NULL, actual, sai_strbuf_str(&exp), &v);
	sai_strbuf_release(&exp);
}

static char *unique_key(rule_run *rr, xmlNodePtr node)
{
	xmlXPathObjectPtr k;
	xmlChar *s;
	char *out;

	if (!rr->rule->where.comp)
		return node_text(node);
	if (!(k = eval(rr->a, &rr->rule->where, node)))
		return NULL;
	s = xmlXPathCastToString(k);
	out = s ? sai_strdup((const char *)s) : NULL;
	xmlFree(s);
	xmlXPathFreeObject(k);
	return out;
}

static void check_unique(rule_run *rr, xmlXPathObjectPtr o)
{
	int i, n = o->type == XPATH_NODESET && o->nodesetval ?
		o->nodesetval->nodeNr : 0, dup = 0;
	xmlHashTablePtr seen = xmlHashCreate(n > 8 ? n : 8);

	if (!seen) {
		rr->st = SA_ERR_NOMEM;
		return;
	}
	for (i = 0; i < n; i++) {
		xmlNodePtr node = o->nodesetval->nodeTab[i];
		char *key = unique_key(rr, node);

		if (!key) {
			if (rr->a->env.failed)
				add_error(rr);
			else
				rr->st = SA_ERR_NOMEM;
			break;
		}
		if (*key && xmlHashAddEntry(seen, (const xmlChar *)key,
					    node) != 0) {
			add(rr, SA_FINDING_FAIL, node, key, NULL, NULL);
			dup = 1;
		}
		free(key);
	}
	xmlHashFree(seen, NULL);
	if (!dup && i == n)
		add(rr, SA_FINDING_PASS, NULL, NULL, NULL, NULL);
}

/* The parameters a rule sees are its own standard's (packs loaded
 * together may each give `region` their own default). */
static int use_scope(sai_auditor *a, size_t std)
{
	long want = a->has_scoped[std] ? (long)std : -1;

	if (a->scope == want)
		return 0;
	if (a->scope >= 0 &&
	    sai_pack_register_scoped(a->pack, a->ctx, (size_t)a->scope, 1) < 0)
		return -1;
	if (want >= 0 &&
	    sai_pack_register_scoped(a->pack, a->ctx, (size_t)want, 0) < 0)
		return -1;
	a->scope = want;
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int sai_auditor_enable_stats(sai_auditor *a)
{
	a->rule_ns = calloc(a->pack->n_rules + 1, sizeof(*a->rule_ns));
	a->rule_calls = calloc(a->pack->n_rules + 1, sizeof(*a->rule_calls));
	return a->rule_ns && a->rule_calls ? 0 : -1;
}

void sai_auditor_add_stats(const sai_auditor *a, double *ns, size_t *calls)
{
	size_t i;

	for (i = 0; a->rule_ns && i < a->pack->n_rules; i++) {
		ns[i] += a->rule_ns[i];
		calls[i] += a->rule_calls[i];
	}
}

static void run_rule_at(rule_run *rr);

/* 1 when decided-by field x gives the record nothing: no node, or only
 * empty ones (as value checks read "missing"); -1 on an error. */
static int field_missing(rule_run *rr, const sai_xpath *x)
{
	xmlXPathObjectPtr o = eval(rr->a, x, rr->root);
	int i, missing = 1;

	if (!o)
		return -1;
	for (i = 0; o->type == XPATH_NODESET && o->nodesetval &&
	     i < o->nodesetval->nodeNr && missing; i++)
		missing = !node_nonempty(o->nodesetval->nodeTab[i]);
	xmlXPathFreeObject(o);
	return missing;
}

/* The failure of a rule whose deciding fields are missing. */
static void undecided(rule_run *rr, const char *fields)
{
	sai_strbuf exp;

	sai_strbuf_init(&exp);
	sai_strbuf_addf(&exp, rr->a->en ? "%s given" : "填写 %s", fields);
	if (exp.failed) {
		rr->st = SA_ERR_NOMEM;
		return;
	}
	rr->undecided = fields;
	add(rr, SA_FINDING_FAIL, NULL, rr->a->en ? "(missing)" : "(缺失)",
	    sai_strbuf_str(&exp), NULL);
	rr->undecided = NULL;
	sai_strbuf_release(&exp);
}

/* The missing decided-by fields of one record, and the values each may
 * take, for trying them (could_apply). */
#define SUPPOSE_FIELDS 8           /* missing fields tried at once */
#define SUPPOSE_TRIES 1024         /* combinations of their values */
typedef struct supposing {
	const sai_xpath *field[SUPPOSE_FIELDS];
	const char *const *values[SUPPOSE_FIELDS];
	size_t n_values[SUPPOSE_FIELDS], at[SUPPOSE_FIELDS];
	size_t n;
	int open;                  /* some field takes any value */
} supposing;

/* Notes missing field x and its vocabulary from the bundled contract
 * (the record's fields, whatever the run validates against). */
static void suppose_field(supposing *sp, xmlNodePtr root, const sai_xpath *x)
{
	const sai_contract *c = sai_contract_bundled();

	if (sp->n == SUPPOSE_FIELDS || !c ||
	    strcmp((const char *)root->name, "station") != 0) {
		sp->open = 1;
		return;
	}
	sp->field[sp->n] = x;
	sp->n_values[sp->n] = sai_contract_field_values(c, x->src,
							&sp->values[sp->n]);
	sp->at[sp->n] = 0;
	if (!sp->n_values[sp->n])
		sp->open = 1;
	sp->n++;
}

/* applies with the fields given one combination of values (sp->at; an
 * empty code is skipped: it is "missing" again).  1 true, 0 false or
 * skipped, -1 when it could not be evaluated. */
static int applies_supposing(rule_run *rr, const supposing *sp)
{
	sai_supposed s[SUPPOSE_FIELDS];
	xmlXPathObjectPtr o = NULL;
	size_t i, linked = 0;
	int rc = 0;

	for (i = 0; i < sp->n; i++) {
		const char *v = sp->values[i][sp->at[i]];

		if (!*v)
			goto out;
		if (sai_suppose(&s[i], rr->root, sp->field[i]->src, v) < 0) {
			rc = 1;        /* a path it cannot write: undecided */
			goto out;
		}
		linked++;
	}
	o = eval(rr->a, &rr->rule->applies, rr->root);
	rc = o ? xmlXPathCastToBoolean(o) : -1;
out:
	while (linked)
		sai_suppose_undo(&s[--linked]);
	xmlXPathFreeObject(o);
	return rc;
}

/* Whether some values of the missing fields make applies true, trying
 * each combination (an odometer over sp->at): 1 when one does, or when a
 * field takes any value or the combinations are too many (the rule is
 * undecided), 0 when none does (the record is outside the rule whatever
 * the fields say), -1 when applies could not be evaluated. */
static int could_apply(rule_run *rr, supposing *sp)
{
	size_t tries = 1, i;
	int rc;

	for (i = 0; !sp->open && i < sp->n; i++)
		if ((tries *= sp->n_values[i]) > SUPPOSE_TRIES)
			sp->open = 1;
	if (sp->open)
		return 1;
	for (;;) {
		if ((rc = applies_supposing(rr, sp)) != 0)
			return rc;
		for (i = 0; i < sp->n && ++sp->at[i] == sp->n_values[i]; i++)
			sp->at[i] = 0;
		if (i == sp->n)
			return 0;
	}
}

/* applies is false: not applicable when every field of decided-by is
 * given (the record says the rule does not concern it) or when no value
 * of the missing ones would make it true, else a failure naming the
 * missing ones in the dossier's dotted form (operation.mode). */
static void not_applicable(rule_run *rr)
{
	const sai_rule *r = rr->rule;
	sai_strbuf missing;
	supposing sp;
	size_t i;
	char *c;
	int m = 0;

	sai_strbuf_init(&missing);
	memset(&sp, 0, sizeof(sp));
	for (i = 0; !r->undecided_na && i < r->n_decided_by && m >= 0; i++) {
		if ((m = field_missing(rr, &r->decided_by[i])) <= 0)
			continue;
		sai_strbuf_addf(&missing, "%s%s", missing.len ? ", " : "",
				r->decided_by[i].src);
		suppose_field(&sp, rr->root, &r->decided_by[i]);
	}
	for (c = missing.buf; c && *c; c++)
		if (*c == '/')
			*c = '.';
	/* m: 1 undecided, 0 not applicable, -1 an error */
	if (m >= 0)
		m = missing.len && !missing.failed ? could_apply(rr, &sp) : 0;
	if (missing.failed)
		rr->st = SA_ERR_NOMEM;
	else if (m < 0)
		add_error(rr);
	else if (!m)
		add(rr, SA_FINDING_NOT_APPLICABLE, NULL, NULL, NULL, NULL);
	else
		undecided(rr, sai_strbuf_str(&missing));
	sai_strbuf_release(&missing);
}

/* Runs one rule, timing it when --stats asks. */
static void run_rule(rule_run *rr)
{
	size_t i;
	double t0;

	rr->problems = rr->left_out = 0;
	if (!rr->a->rule_ns) {
		run_rule_at(rr);
		add_left_out(rr);
		return;
	}
	i = (size_t)(rr->rule - rr->a->pack->rules);
	t0 = now_ns();
	run_rule_at(rr);
	add_left_out(rr);
	rr->a->rule_ns[i] += now_ns() - t0;
	rr->a->rule_calls[i]++;
}

static void run_rule_at(rule_run *rr)
{
	static void (*const checks[])(rule_run *, xmlXPathObjectPtr) = {
		check_assert, check_require, check_count, check_value,
		check_contains, check_ratio, check_unique,
	};
	const sai_rule *r = rr->rule;
	xmlXPathObjectPtr o;

	if (!rr->a->selected[r->standard]) {
		add(rr, SA_FINDING_NOT_APPLICABLE, NULL, NULL, NULL, NULL);
		return;
	}
	if (use_scope(rr->a, r->standard) < 0) {
		rr->st = SA_ERR_NOMEM;
		return;
	}
	if (r->applies.comp) {
		if (!(o = eval(rr->a, &r->applies, rr->root))) {
			add_error(rr);
			return;
		}
		int applies = xmlXPathCastToBoolean(o);

		xmlXPathFreeObject(o);
		if (!applies) {
			not_applicable(rr);
			return;
		}
	}
	if (!(o = eval(rr->a, &r->test, rr->root))) {
		add_error(rr);
		return;
	}
	checks[r->kind](rr, o);
	xmlXPathFreeObject(o);
}

/* ---- a record ------------------------------------------------------------------ */

/* An expression that says which records a standard reads, or what a
 * record is called (key: records, record-id, ...), could not be
 * evaluated: an SA-RECORD error says so, with its place in the pack, so
 * that a record is never silently left out or left without its id
 * (waivers, SA-DUPLICATE and diff match records by it). */
static void key_error(sai_auditor *a, sai_result *res, xmlNodePtr root,
		      size_t std, const char *key, const sai_xpath *x)
{
	sa_finding *f;
	char msg[1024];

	a->key_failed = key;
	if (!(f = sai_result_add_finding(res))) {
		a->env.nomem = 1;
		return;
	}
	snprintf(msg, sizeof(msg), _("the %s expression of standard %s "
		 "(%s:%lu:%lu) could not be evaluated: %s"), key, a->pack->standards[std].id,
		 x->file ? x->file : "", x->line, x->column, a->env.why);
	f->rule = &rule_shape;
	f->status = SA_FINDING_ERROR;
	f->severity = SA_SEVERITY_CRITICAL;
	f->file = res->pub.file;
	f->line = sai_node_line(root);
	f->column = sai_node_column(root);
	f->path = a->root_path ? a->root_path : "/";
	f->message = sai_result_keep(res, shown(a, msg, 0));
	res->pub.counts[SA_FINDING_ERROR]++;
	if (!f->message)
		a->env.nomem = 1;
}

/* The string value of x (standard std's key) from the record, kept in
 * the result; NULL when empty. */
static const char *record_string(sai_auditor *a, sai_result *res,
				 size_t std, const char *key,
				 const sai_xpath *x, xmlNodePtr root)
{
	xmlXPathObjectPtr o = eval(a, x, root);
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	const char *out = s && *s ? sai_result_keep(res, (const char *)s) : NULL;

	if (!o)
		key_error(a, res, root, std, key, x);
	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}

/* Whether the record's region (record-region) lies inside the
 * jurisdiction of standard std (everywhere when it states none). */
static int in_area(sai_auditor *a, sai_result *res, size_t std,
		   xmlNodePtr root)
{
	const sai_standard *s = &a->pack->standards[std];
	xmlXPathObjectPtr o;
	xmlChar *v;
	int in;

	if (!s->area || !*s->area)
		return 1;
	o = eval(a, &s->record_region, root);
	if (!o)
		key_error(a, res, root, std, "record-region",
			  &s->record_region);
	v = o ? xmlXPathCastToString(o) : NULL;
	in = v && sai_area_holds(s->area, (const char *)v);
	xmlFree(v);
	xmlXPathFreeObject(o);
	return in;
}

/* The value of parameter name, or NULL when the pack declares none. */
const char *sai_pack_param_text(const sa_pack *p, const char *name)
{
	size_t i;

	for (i = 0; i < sa_pack_param_count(p); i++) {
		const sa_param_info *pi = sa_pack_param(p, i);

		if (pi && pi->name && !strcmp(pi->name, name))
			return pi->value;
	}
	return NULL;
}

/* The text of the record's field name (a child of root), or NULL when it
 * has none; the caller frees it. */
static xmlChar *field_text(xmlNodePtr root, const char *name)
{
	xmlNodePtr c;

	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)c->name, name))
			return xmlNodeGetContent(c);
	return NULL;
}

/* Whether the record's field name holds one of the dossier contract's
 * codes for it (1 for an absent field when absent_ok). */
static int field_is_code(xmlNodePtr root, const char *name, int absent_ok)
{
	const sai_contract *c = sai_contract_bundled();
	const char *const *codes = NULL;
	size_t n = c ? sai_contract_field_values(c, name, &codes) : 0, i;
	xmlChar *v = field_text(root, name);
	int ok = v ? 0 : absent_ok;

	for (i = 0; v && i < n; i++)
		ok |= !strcmp((const char *)v, codes[i]);
	xmlFree(v);
	return ok;
}

/* Whether word is one of the blank- or comma-separated words of list. */
static int listed_word(const char *list, const char *word)
{
	size_t len = strlen(word), n;
	const char *p = list;

	while (p && *p) {
		p += strspn(p, " ,\t");
		n = strcspn(p, " ,\t");
		if (n == len && n && !strncmp(p, word, n))
			return 1;
		p += n;
	}
	return 0;
}

/* The record's status when the run does not audit stations of it (a
 * valid status code that audited_statuses does not list), else NULL. */
static const char *idle_status(sai_auditor *a, sai_result *res,
			       xmlNodePtr root)
{
	xmlChar *v;
	const char *out = NULL;

	if (!a->statuses || strcmp((const char *)root->name, "station") ||
	    !field_is_code(root, "status", 0))
		return NULL;
	v = field_text(root, "status");
	if (v && !listed_word(a->statuses, (const char *)v))
		out = sai_result_keep(res, (const char *)v);
	xmlFree(v);
	return out;
}

/* Takes the record's id, name and region as standard std reads them. */
static void name_record(sai_auditor *a, sai_result *res, size_t std,
			xmlNodePtr root)
{
	const sai_standard *s = &a->pack->standards[std];

	res->pub.record_id = record_string(a, res, std, "record-id",
					   &s->record_id, root);
	res->pub.name = record_string(a, res, std, "record-name",
				      &s->record_name, root);
	res->pub.region = record_string(a, res, std, "record-region",
					&s->record_region, root);
}

/* Marks the standards whose `records` expression selects the root and
 * whose jurisdiction holds it.  A standard whose jurisdiction leaves the
 * record out is marked SAI_OUT_AREA, whatever its `records` says (a
 * station of another city is none of its business); one whose `records`
 * leaves out a record whose level and kind are valid codes (a village
 * room for a standard of township stations) SAI_OUT_SCOPE.  Sets
 * a->idle (the caller unselects every standard after naming and masking
 * the record: a station is named whatever its status).  The first selecting standard names the record.  Returns how many
 * standards' `records` select it (0: no standard reads such records). */
static size_t select_standards(sai_auditor *a, sai_result *res,
			       xmlNodePtr root)
{
	const sa_pack *p = a->pack;
	size_t i, n = 0, raw = 0;
	int j, valid = field_is_code(root, "level", 0) &&
		       field_is_code(root, "kind", 1);

	a->idle = idle_status(a, res, root);
	for (i = 0; i < p->n_standards; i++) {
		xmlXPathObjectPtr o = eval(a, &p->standards[i].records, root);

		if (!o)
			key_error(a, res, root, i, "records",
				  &p->standards[i].records);
		a->selected[i] = a->outside[i] = 0;
		for (j = 0; o && o->type == XPATH_NODESET && o->nodesetval &&
		     j < o->nodesetval->nodeNr; j++)
			if (o->nodesetval->nodeTab[j] == root)
				a->selected[i] = 1;
		xmlXPathFreeObject(o);
		raw += a->selected[i];
		if (!in_area(a, res, i, root))
			a->outside[i] = SAI_OUT_AREA;
		else if (!a->selected[i] && valid)
			a->outside[i] = SAI_OUT_SCOPE;
		if (a->outside[i])
			a->selected[i] = 0;
		if (a->selected[i] && n++ == 0)
			name_record(a, res, i, root);
	}
	return raw;
}

/* With masking on, the station name that names the record in every
 * report is masked whole when its path selects personal data, and
 * otherwise has its ID and phone numbers masked as messages do.  The
 * record id (the key waivers and baselines match) and the region (a
 * division code: public statistics, and the key of ranks and rollups)
 * stay. */
static void mask_record_names(sai_auditor *a, sai_result *res,
			      xmlNodePtr root)
{
	const sa_pack *p = a->pack;
	const sai_xpath *xs[1];
	const char **vals[1] = { &res->pub.name };
	size_t i, k;
	int j, hit;

	if (!a->mask)
		return;
	for (i = 0; i < p->n_standards && !a->selected[i]; i++)
		;
	if (i == p->n_standards)
		return;
	if (!a->personal_known)
		find_personal(a, root);
	xs[0] = &p->standards[i].record_name;
	for (k = 0; k < 1; k++) {
		xmlXPathObjectPtr o;
		const char *v;

		if (!*vals[k])
			continue;
		o = a->n_personal && !a->personal_failed ?
		    eval(a, xs[k], root) : NULL;

		for (hit = a->personal_failed, j = 0; o && o->type == XPATH_NODESET &&
		     o->nodesetval && j < o->nodesetval->nodeNr; j++)
			hit |= touches_personal(a, root,
						o->nodesetval->nodeTab[j]);
		xmlXPathFreeObject(o);
		v = shown(a, *vals[k], hit);
		if (strcmp(v, *vals[k]))
			*vals[k] = sai_result_keep(res, v);
	}
}

static void not_selected(rule_run *rr)
{
	sa_finding *f = sai_result_add_finding(rr->res);
	char msg[512];

	if (!f) {
		rr->st = SA_ERR_NOMEM;
		return;
	}
	if (rr->root->ns && rr->root->ns->href)
		snprintf(msg, sizeof(msg), rr->a->en ?
			 "the record <%s> is in namespace '%.128s', and no "
			 "loaded standard reads records of a namespace "
			 "(expected <station> without xmlns)" : "记录 <%s> 属于"
			 "命名空间 '%.128s', 已加载的标准不读取带命名空间的记录 "
			 "(应为不带 xmlns 的 <station>)",
			 (const char *)rr->root->name,
			 (const char *)rr->root->ns->href);
	else
		snprintf(msg, sizeof(msg), rr->a->en ?
			 "the record <%s> is not a record of any loaded "
			 "standard (expected <station>)" : "记录 <%s> 不属于任何"
			 "已加载的标准 (应为 <station>)",
			 (const char *)rr->root->name);
	f->rule = &rule_shape;
	f->status = SA_FINDING_ERROR;
	f->severity = SA_SEVERITY_CRITICAL;
	f->file = rr->res->pub.file;
	f->line = sai_node_line(rr->root);
	f->column = sai_node_column(rr->root);
	f->path = rr->root_path;
	f->message = sai_result_keep(rr->res, msg);
	rr->res->pub.counts[SA_FINDING_ERROR]++;
}

/* ---- the dossier contract ------------------------------------------------ */

#define MAX_SCHEMA_ERRORS 100

sa_status sai_auditor_set_contract(sai_auditor *a, const sai_contract *c)
{
	size_t i, j, n = 0;

	sai_contract_check_free(a->contract);
	free(a->extra);
	a->contract = NULL;
	a->extra = NULL;
	if (!c)
		return SA_OK;
	for (i = 0; i < a->pack->n_standards; i++)
		n += a->pack->standards[i].contract.count;
	if (n && !(a->extra = malloc(n * sizeof(*a->extra))))
		return SA_ERR_NOMEM;
	n = 0;
	for (i = 0; i < a->pack->n_standards; i++)
		for (j = 0; j < a->pack->standards[i].contract.count; j++)
			a->extra[n++] = a->pack->standards[i].contract.items[j];
	a->contract = sai_contract_check_new(c, a->extra, n, a->en);
	return a->contract ? SA_OK : SA_ERR_NOMEM;
}

static sa_finding *contract_finding(sai_result *res, sa_finding_status st,
				    unsigned long line, unsigned long col)
{
	sa_finding *f = sai_result_add_finding(res);

	if (!f)
		return NULL;
	f->rule = &sai_rule_schema;
	f->status = st;
	f->severity = sai_rule_schema.severity;
	f->file = res->pub.file;
	f->line = line;
	f->column = col;
	f->path = "/";
	res->pub.counts[st]++;
	if (st == SA_FINDING_FAIL)
		res->pub.fail_by_severity[f->severity]++;
	return f;
}

/* One failing SA-SCHEMA finding per violation, or one pass. */
static sa_status validate(sai_auditor *a, const sa_record *rec,
			  sai_result *res)
{
	const sai_violation *v;
	long n = sai_contract_validate(a->contract, rec->doc,
				       MAX_SCHEMA_ERRORS, &v), i;
	sa_finding *f;
	xmlChar *path;

	if (n < 0)
		return SA_ERR_NOMEM;
	if (n == 0 && !contract_finding(res, SA_FINDING_PASS, rec->line,
					rec->column))
		return SA_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		f = contract_finding(res, SA_FINDING_FAIL,
				     sai_node_line(v[i].node),
				     sai_node_column(v[i].node));
		if (!f)
			return SA_ERR_NOMEM;
		path = sai_node_path(v[i].node, &a->paths);
		f->path = path ? sai_result_keep(res, (const char *)path) : "/";
		xmlFree(path);
		f->message = sai_result_keep(res, shown(a, v[i].message, 0));
		f->actual = sai_result_keep(res, shown(a, v[i].actual, 0));
		f->expected = sai_result_keep(res, v[i].expected);
		if (!f->message)
			return SA_ERR_NOMEM;
	}
	return SA_OK;
}

/* ---- collection scope ------------------------------------------------------- */

/* The file a collection finding's node comes from: a record's (sa:file
 * on its root) or a reference table's. */
static const char *node_file(rule_run *rr, xmlNodePtr node)
{
	const char *f = sai_refs_file_of(node);
	xmlNodePtr n;

	if (f)
		return sai_result_keep(rr->res, f);
	for (n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"file",
					  (const xmlChar *)SAI_TREE_NS);

		if (v) {
			f = sai_result_keep(rr->res, (const char *)v);
			xmlFree(v);
			return f;
		}
	}
	return rr->res->pub.file;
}

static int set_var(sai_auditor *a, const char *name, xmlNodeSetPtr ns)
{
	xmlXPathObjectPtr o = xmlXPathWrapNodeSet(ns);

	if (!o) {
		xmlXPathFreeNodeSet(ns);
		return -1;
	}
	/* Registering a name again replaces (and frees) the old value. */
	return xmlXPathRegisterVariable(a->ctx, (const xmlChar *)name, o);
}

/* Whether item (a unit of the division tables) has a code inside skip,
 * the areas that copies of the rule judge. */
static int skipped(const char *skip, xmlNodePtr item)
{
	xmlChar *code;
	int in;

	if (!skip || !*skip)
		return 0;
	code = field_text(item, "code");
	in = code && sai_area_holds(skip, (const char *)code);
	xmlFree(code);
	return in;
}

/* Whether standard s extends standard base, directly or through others
 * (depth bounds a chain; extends has no cycles once loaded). */
static int extends_std(const sa_pack *p, size_t s, size_t base, int depth)
{
	size_t k, j;

	for (k = 0; depth > 0 && k < p->standards[s].extends.count; k++)
		for (j = 0; j < p->n_standards; j++)
			if (!strcmp(p->standards[j].id,
				    p->standards[s].extends.items[k]) &&
			    (j == base || extends_std(p, j, base, depth - 1)))
				return 1;
	return 0;
}

/* Whether rule c is a copy of rule r: tagged coverage, over the same
 * for-each and the same assert, in a standard that extends r's. */
static int same_coverage(const sa_pack *p, const sai_rule *r,
			 const sai_rule *c)
{
	size_t k;
	int tagged = 0;

	if (c == r || c->standard == r->standard || !c->collection ||
	    !extends_std(p, c->standard, r->standard, 16) ||
	    !c->for_each.src || !c->test.src || !r->test.src ||
	    strcmp(c->for_each.src, r->for_each.src) ||
	    strcmp(c->test.src, r->test.src))
		return 0;
	for (k = 0; k < c->tags.count; k++)
		tagged |= !strcmp(c->tags.items[k], "coverage");
	return tagged;
}

/* Township coverage is defined once (the coverage pack's COVER-01) and
 * copied by the city standards that extend it, each with its own
 * severity and date, over its jurisdiction.  So that one township gets
 * one finding, a rule tagged coverage leaves to each copy the run judges
 * the units of that copy's jurisdiction: returns 1 when a copy judges
 * every unit (its standard binds everywhere), -1 when out of memory,
 * else 0 with *skip (in a->skip) the areas the copies judge, or NULL
 * when none does. */
static int deferred(sai_auditor *a, const sai_rule *r, const char **skip)
{
	const sa_pack *p = a->pack;
	size_t i, k;
	int tagged = 0;

	*skip = NULL;
	for (k = 0; k < r->tags.count; k++)
		tagged |= !strcmp(r->tags.items[k], "coverage");
	if (!tagged || !r->for_each.src)
		return 0;
	sai_strbuf_reset(&a->skip);
	for (i = 0; i < p->n_rules; i++) {
		const sai_rule *c = &p->rules[i];
		const char *area = p->standards[c->standard].area;

		if (c->unjudged || c->off_area || !same_coverage(p, r, c))
			continue;
		if (!area || !*area)
			return 1;
		sai_strbuf_addf(&a->skip, "%s%s", a->skip.len ? " " : "",
				area);
	}
	if (a->skip.failed)
		return -1;
	*skip = a->skip.len ? sai_strbuf_str(&a->skip) : NULL;
	return 0;
}

/* Adds to a->env.why how many of a for-each's items were not judged. */
static void left_unjudged(sai_auditor *a, int left, int n)
{
	char why[sizeof(a->env.why)];

	snprintf(why, sizeof(why), "%s", a->env.why);
	snprintf(a->env.why, sizeof(a->env.why), _("%s (%d of the %d items "
		 "not judged)"), why, left, n);
}

/* A collection rule over each item of for-each, the item as context and
 * as $item; one finding per failing item, one pass when all pass. */
static void run_for_each(rule_run *rr, xmlNodePtr coll_root)
{
	const sai_rule *r = rr->rule;
	size_t before = rr->res->pub.finding_count;
	size_t passes = 0, i, k;
	xmlXPathObjectPtr items = eval(rr->a, &r->for_each, coll_root);
	int j, n;

	rr->root = coll_root;
	if (!items) {
		add_error(rr);
		return;
	}
	n = items->type == XPATH_NODESET && items->nodesetval ?
		items->nodesetval->nodeNr : 0;
	for (j = 0; j < n && rr->st == SA_OK; j++) {
		xmlNodePtr item = items->nodesetval->nodeTab[j];
		xmlNodeSetPtr one;

		/* Once the budget is spent, the items left are one error
		 * finding, not one each. */
		if (budget_spent(rr->a)) {
			left_unjudged(rr->a, n - j, n);
			break;
		}
		one = xmlXPathNodeSetCreate(item);
		if (!one || set_var(rr->a, "item", one) != 0) {
			rr->st = SA_ERR_NOMEM;
			break;
		}
		rr->root = item;
		rr->root_path = NULL;
		if (!skipped(rr->skip, item))
			run_rule(rr);
	}
	xmlXPathFreeObject(items);
	/* Keep the failures and errors; passes (and items the rule does not
	 * apply to) fold into one finding. */
	for (i = k = before; i < rr->res->pub.finding_count; i++) {
		sa_finding *f = &rr->res->findings[i];

		if (f->status == SA_FINDING_PASS ||
		    f->status == SA_FINDING_NOT_APPLICABLE) {
			passes += f->status == SA_FINDING_PASS;
			rr->res->pub.counts[f->status]--;
			continue;
		}
		rr->res->findings[k++] = *f;
	}
	rr->res->pub.finding_count = k;
	rr->root = coll_root;
	if (j < n && rr->st == SA_OK)
		add_error(rr);
	else if (k == before)
		add(rr, passes ? SA_FINDING_PASS : SA_FINDING_NOT_APPLICABLE,
		    NULL, NULL, NULL, NULL);
}

/* A collection rule of a standard whose jurisdiction the run's region
 * does not cover whole (a total) or lies outside: not applicable, and
 * the finding says why. */
static void off_area(rule_run *rr)
{
	sai_auditor *a = rr->a;
	const sai_standard *s = &a->pack->standards[rr->rule->standard];
	const char *run = a->pack->run_region;
	sa_finding *f;

	add(rr, SA_FINDING_NOT_APPLICABLE, NULL, NULL, NULL, NULL);
	if (rr->st != SA_OK)
		return;
	f = &rr->res->findings[rr->res->pub.finding_count - 1];
	sai_strbuf_reset(&a->sb);
	if (rr->rule->off_area == 1 && a->en)
		sai_strbuf_addf(&a->sb, "not judged: the run (--region %s) "
				"covers only part of %s's jurisdiction %s, and "
				"this is a total for all of %s (judged with "
				"--region %s)", run, s->id, s->area, s->area,
				s->area);
	else if (rr->rule->off_area == 1)
		sai_strbuf_addf(&a->sb, "未判定: 本次审核 (--region %s) 只覆盖"
				"标准“%s”辖区 %s 的一部分, 本条是全辖区的总量"
				"或比例 (以 --region %s 审核时判定)", run,
				s->title, s->area, s->area);
	else if (a->en)
		sai_strbuf_addf(&a->sb, "not judged: the run's region %s lies "
				"outside %s's jurisdiction %s", run, s->id,
				s->area);
	else
		sai_strbuf_addf(&a->sb, "未判定: 本次审核的区域 %s 不在标准"
				"“%s”的辖区 %s 之内", run, s->title, s->area);
	if (!(f->message = sai_result_keep(rr->res,
					   sai_strbuf_str(&a->sb))))
		rr->st = SA_ERR_NOMEM;
}

/* A collection rule's for-each, timed as a whole (the item set is most
 * of its cost) when --stats asks. */
static void timed_for_each(rule_run *rr, xmlNodePtr root, size_t i)
{
	double t0, before;

	if (!rr->a->rule_ns) {
		run_for_each(rr, root);
		return;
	}
	before = rr->a->rule_ns[i];
	t0 = now_ns();
	run_for_each(rr, root);
	rr->a->rule_ns[i] = before + (now_ns() - t0);
	rr->a->rule_calls[i]++;
}

sa_status sai_audit_collection(sai_auditor *a, void *coll_doc,
			       const char *label, sai_result *res)
{
	xmlDocPtr coll = coll_doc;
	xmlNodePtr root = xmlDocGetRootElement(coll), c;
	xmlNodeSetPtr all = xmlXPathNodeSetCreate(NULL);
	rule_run rr;
	size_t i;
	int defer;

	memset(res, 0, sizeof(*res));
	memset(&rr, 0, sizeof(rr));
	memset(&a->paths, 0, sizeof(a->paths));      /* another tree */
	rr.a = a;
	rr.res = res;
	rr.collection = 1;
	res->pub.collection = 1;
	a->budget = a->coll_budget;
	a->spent = 0;
	a->collecting = 1;
	a->env.nomem = 0;
	a->message_bytes = 0;
	res->pub.file = sai_result_keep(res, label);
	res->pub.record_id = sai_result_keep(res, label);
	for (c = root ? root->children : NULL; all && c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlXPathNodeSetAddUnique(all, c) < 0)
			break;
	if (!root || !all || !res->pub.file || set_var(a, "records", all)) {
		if (!all || !root)
			xmlXPathFreeNodeSet(all);
		return SA_ERR_NOMEM;
	}
	/* lookup(path, value) reads the records without a copy: the set
	 * now belongs to the variable, which lives as long as the run. */
	a->env.records = all;
	a->ctx->doc = coll;
	memset(a->selected, 1, a->pack->n_standards);
	for (i = 0; i < a->pack->n_rules && rr.st == SA_OK; i++) {
		rr.rule = &a->pack->rules[i];
		if (!rr.rule->collection)
			continue;
		rr.root = root;
		rr.root_path = "/records";
		if (use_scope(a, rr.rule->standard) < 0)
			rr.st = SA_ERR_NOMEM;
		else if (rr.rule->unjudged)
			add(&rr, SA_FINDING_NOT_APPLICABLE, NULL, NULL, NULL,
			    NULL);
		else if (rr.rule->off_area)
			off_area(&rr);
		else if (rr.rule->for_each.comp &&
			 (defer = deferred(a, rr.rule, &rr.skip)) < 0)
			rr.st = SA_ERR_NOMEM;
		else if (rr.rule->for_each.comp && defer)
			add(&rr, SA_FINDING_NOT_APPLICABLE, NULL, NULL, NULL,
			    NULL);
		else if (rr.rule->for_each.comp)
			timed_for_each(&rr, root, i);
		else
			run_rule(&rr);
	}
	a->ctx->doc = NULL;
	a->env.records = NULL;
	a->collecting = 0;
	if (rr.st == SA_OK && a->env.nomem)
		rr.st = SA_ERR_NOMEM;
	/* lookup()'s index of these records goes with them */
	sai_xpfunc_record_done(&a->env);
	/* The run as a whole has no score: coverage is not a station's. */
	res->pub.score = res->pub.score_unwaived = -1;
	res->pub.grade = res->pub.grade_unwaived = NULL;
	return rr.st;
}

/* The record was converted from another encoding (--encoding). */
static sa_status encoding_note(sai_auditor *a, const sa_record *rec,
			       sai_result *res)
{
	sa_finding *f = sai_result_add_finding(res);

	if (!f)
		return SA_ERR_NOMEM;
	sai_strbuf_reset(&a->sb);
	sai_strbuf_addf(&a->sb, a->en ? "converted from %s to UTF-8 "
			"(--encoding) before it was read" :
			"已从 %s 编码转换为 UTF-8 后读取 (--encoding)",
			rec->encoding);
	f->rule = &rule_encoding;
	f->status = SA_FINDING_PASS;
	f->severity = rule_encoding.severity;
	f->file = res->pub.file;
	f->line = rec->line;
	f->column = rec->column;
	f->path = "/";
	f->message = sai_result_keep(res, sai_strbuf_str(&a->sb));
	res->pub.counts[SA_FINDING_PASS]++;
	return f->message ? SA_OK : SA_ERR_NOMEM;
}

sa_status sai_audit_record(sai_auditor *a, const sa_record *rec,
			   sai_result *res)
{
	rule_run rr;
	xmlChar *path;
	size_t i;

	memset(res, 0, sizeof(*res));
	memset(&rr, 0, sizeof(rr));
	rr.a = a;
	rr.res = res;
	rr.root = xmlDocGetRootElement(rec->doc);
	res->pub.file = sai_result_keep(res, rec->file);
	res->pub.line = rec->line;
	res->pub.column = rec->column;
	if (!rr.root || !res->pub.file)
		return SA_ERR_NOMEM;
	a->ctx->doc = rec->doc;
	a->budget = a->record_budget;
	a->spent = 0;
	a->collecting = 0;
	a->env.nomem = 0;
	a->personal_known = 0;
	a->message_bytes = 0;
	memset(&a->paths, 0, sizeof(a->paths));
	path = sai_node_path(rr.root, &a->paths);
	rr.root_path = path ? sai_result_keep(res, (const char *)path) : "/";
	xmlFree(path);
	a->key_failed = NULL;
	a->root_path = rr.root_path;
	a->keep[0] = a->keep[1] = NULL;
	/* a standard that could not tell has said so (key_error) */
	if (select_standards(a, res, rr.root) == 0 && !a->key_failed)
		not_selected(&rr);
	if (res->pub.region && strlen(res->pub.region) <= DIVISION_KEEP_MAX)
		a->keep[0] = res->pub.region;
	mask_record_names(a, res, rr.root);
	/* A station of a status the run does not audit: no per-station
	 * rule judges it, and a coverage audit (collection rules only)
	 * needs no word about it. */
	if (a->idle && a->pack->n_rules == a->pack->n_collection)
		a->idle = NULL;
	if (a->idle) {
		memset(a->selected, 0, a->pack->n_standards);
		res->pub.not_assessed = 1;
		rr.st = sai_idle_note(res, a->idle, a->statuses, a->en);
	}
	/* +85 in XML is the number 85 and "  " in YAML is left blank, as
	 * in the other formats: for the contract and the rules alike. */
	if (rr.st == SA_OK)
		sai_contract_tidy(sai_contract_bundled(), rec->doc);
	if (rr.st == SA_OK && a->contract &&
	    sai_contract_declares(a->contract, rec->doc))
		rr.st = validate(a, rec, res);
	/* A field of one value given again leaves the record once its
	 * SA-SCHEMA findings have their paths, so that every rule, and the
	 * collection, reads the first value (a dossier listing seven regions
	 * must not cover seven townships), whether or not the contract is
	 * checked, and against which schema. */
	if (rr.st == SA_OK)
		sai_contract_keep_first(sai_contract_bundled(), rec->doc);
	if (rr.st == SA_OK && rec->encoding)
		rr.st = encoding_note(a, rec, res);
	for (i = 0; i < a->pack->n_rules && rr.st == SA_OK; i++) {
		rr.rule = &a->pack->rules[i];
		if (!rr.rule->collection)
			run_rule(&rr);
	}
	if (rr.st == SA_OK && a->pack->n_collection) {
		xmlDocPtr proj = NULL;

		rr.st = sai_collect_project(a->pack, rec, &proj);
		res->projection = proj;
	}
	a->ctx->doc = NULL;
	if (rr.st == SA_OK && a->env.nomem)
		rr.st = SA_ERR_NOMEM;
	sai_xpfunc_record_done(&a->env);
	if (rr.st == SA_OK && !a->idle)
		rr.st = sai_assess_record(a->pack, res, a->selected,
					  a->outside, a->en);
	if (rr.st == SA_OK)
		rr.st = sai_score_record(a->pack, res);
	a->keep[0] = a->keep[1] = NULL;
	return rr.st;
}
