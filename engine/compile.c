/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compile.c - compiling a loaded pack once: parameters bound, every XPath
 * checked (functions and variables known) and compiled, literal regexes
 * compiled into the shared cache, templates compiled, bounds resolved.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "contract-internal.h"
#include "tree-internal.h"
#include "pack-internal.h"
#include "refs-internal.h"
#include "util-internal.h"
#include "xpfunc-internal.h"
#include "i18n.h"

/* XPath 1.0's own functions, and libxml2's one extra. */
static const char *const core_functions[] = {
	"last", "position", "count", "id", "local-name", "namespace-uri",
	"name", "string", "concat", "starts-with", "contains",
	"substring-before", "substring-after", "substring", "string-length",
	"normalize-space", "translate", "boolean", "not", "true", "false",
	"lang", "number", "sum", "floor", "ceiling", "round", "escape-uri",
	NULL,
};

static const char *const node_tests[] = {
	"node", "text", "comment", "processing-instruction", NULL,
};

static int in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !memcmp(s, *list, n))
			return 1;
	return 0;
}

/* ---- errors from libxml2's XPath compiler ----------------------------------- */

typedef struct compile_env {
	int failed;
	char msg[256];
	int offset;
} compile_env;

static void compile_error(void *data, xmlErrorPtr e)
{
	compile_env *ce = data;
	size_t n;

	if (ce->failed || !e)
		return;
	ce->failed = 1;
	ce->offset = e->int1;
	snprintf(ce->msg, sizeof(ce->msg), "%s",
		 e->message ? e->message : _("invalid expression"));
	n = strlen(ce->msg);
	while (n && (ce->msg[n - 1] == '\n' || ce->msg[n - 1] == ' '))
		ce->msg[--n] = '\0';
}

static sa_status xp_error(const sai_xpath *x, size_t offset, sa_error *err,
			  const char *fmt, const char *arg)
{
	char what[512];

	snprintf(what, sizeof(what), fmt, arg ? arg : "");
	sai_error_set(err, SA_ERR_PACK, x->file, x->line, x->column,
		      _("%s, at character %zu of the expression \"%s\""), what,
		      offset + 1, x->src);
	sai_error_read_source(err);
	return SA_ERR_PACK;
}

/* ---- a small XPath lexer, to check names and find literal regexes -------- */

typedef enum tok_kind { T_END, T_STR, T_NUM, T_NAME, T_VAR, T_OP } tok_kind;

typedef struct token {
	tok_kind kind;
	const char *s;     /* start in the expression */
	size_t n;          /* length (for T_STR: of the inside) */
	size_t at;         /* offset in the expression */
} token;

static int name_char(unsigned char c, int first)
{
	if (c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return 1;
	return !first && (c == '-' || c == '.' || (c >= '0' && c <= '9'));
}

/* Reads the token at *pos; returns -1 on an unterminated literal. */
static int lex(const char *e, size_t *pos, token *t)
{
	size_t i = *pos;

	while (e[i] == ' ' || e[i] == '\t' || e[i] == '\n' || e[i] == '\r')
		i++;
	t->at = i;
	t->s = e + i;
	if (!e[i]) {
		t->kind = T_END;
		t->n = 0;
	} else if (e[i] == '\'' || e[i] == '"') {
		const char *close = strchr(e + i + 1, e[i]);

		if (!close)
			return -1;
		t->kind = T_STR;
		t->s = e + i + 1;
		t->n = (size_t)(close - t->s);
		i = (size_t)(close - e) + 1;
	} else if ((e[i] >= '0' && e[i] <= '9') ||
		   (e[i] == '.' && e[i + 1] >= '0' && e[i + 1] <= '9')) {
		t->kind = T_NUM;
		while ((e[i] >= '0' && e[i] <= '9') || e[i] == '.')
			i++;
		t->n = (size_t)(e + i - t->s);
	} else if (e[i] == '$' || name_char((unsigned char)e[i], 1)) {
		t->kind = e[i] == '$' ? T_VAR : T_NAME;
		if (e[i] == '$')
			i++;
		while (name_char((unsigned char)e[i], 0) ||
		       (e[i] == ':' && e[i + 1] != ':' &&
			name_char((unsigned char)e[i + 1], 1)))
			i++;
		t->n = (size_t)(e + i - t->s);
	} else {
		t->kind = T_OP;
		t->n = (e[i] == ':' && e[i + 1] == ':') ||
		       (e[i] == '.' && e[i + 1] == '.') ||
		       (e[i] == '/' && e[i + 1] == '/') ||
		       ((e[i] == '!' || e[i] == '<' || e[i] == '>') &&
			e[i + 1] == '=') ? 2 : 1;
		i += t->n;
	}
	*pos = i;
	return 0;
}

static int tok_is(const token *t, const char *op)
{
	return t->n == strlen(op) && !memcmp(t->s, op, t->n);
}

/* After an operand, a name such as 'and' is an operator (XPath 1.0
 * section 3.7). */
static int ends_operand(const token *t)
{
	return t->kind == T_STR || t->kind == T_NUM || t->kind == T_NAME ||
	       t->kind == T_VAR ||
	       (t->kind == T_OP && (tok_is(t, ")") || tok_is(t, "]") ||
				    tok_is(t, ".") || tok_is(t, "..") ||
				    tok_is(t, "*")));
}

typedef struct check_ctx {
	const sa_pack *pack;
	const sai_xpath *x;
	sa_error *err;
	sai_regex_cache *cache;
	int collection;            /* $records and $item are defined */
	xmlXPathContextPtr ctx;    /* compiles lookup() paths; NULL: none */
} check_ctx;

/* The token of argument k of the call whose '(' ends at pos in *out: 1
 * when that argument is that one token. */
static int single_arg(const char *e, size_t pos, int k, token *out)
{
	int depth = 0, arg = 0, ntok = 0;
	token t;

	while (lex(e, &pos, &t) == 0 && t.kind != T_END) {
		if (t.kind == T_OP && (tok_is(&t, "(") || tok_is(&t, "[")))
			depth++;
		else if (t.kind == T_OP && (tok_is(&t, ")") || tok_is(&t, "]"))) {
			if (depth-- == 0)
				break;
		} else if (depth == 0 && t.kind == T_OP && tok_is(&t, ",")) {
			if (arg == k)
				break;
			arg++;
			ntok = 0;
			continue;
		}
		if (arg == k) {
			ntok++;
			*out = t;
		}
	}
	return arg == k && ntok == 1;
}

/* The literal of argument k (single_arg), when it is a string literal. */
static int literal_arg(const char *e, size_t pos, int k, token *out)
{
	return single_arg(e, pos, k, out) && out->kind == T_STR;
}

/* A regex argument: a literal, or a parameter (its value now, defaults
 * and --param applied: a run would fail on every record with it). */
static sa_status check_regex_literal(check_ctx *c, const token *lit,
				     const token *flags)
{
	const sai_param *pr = NULL;
	char *pat = NULL;
	char *fl = flags ? sai_strndup(flags->s, flags->n) : NULL;
	sai_regex_error re;
	sa_status st = SA_OK;

	if (lit->kind == T_VAR) {
		char name[128];

		snprintf(name, sizeof(name), "%.*s", (int)(lit->n - 1),
			 lit->s + 1);
		pr = c->x->owner ? sai_pack_find_param_for(c->pack, name,
							   c->x->owner - 1) :
			sai_pack_find_param(c->pack, name);
		if (!pr || !pr->value) {
			free(fl);
			return SA_OK;
		}
		pat = sai_strdup(pr->value);
	} else {
		pat = sai_strndup(lit->s, lit->n);
	}
	if (!pat || (flags && !fl)) {
		st = sai_error_set(c->err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
	} else if (!sai_regex_cache_get(c->cache, pat, fl, &re)) {
		char what[800];

		if (pr)
			snprintf(what, sizeof(what), _("invalid regular "
				 "expression in parameter $%s ('%.200s', "
				 "%s:%lu:%lu): %s (at offset %zu of the "
				 "pattern)"), pr->name, pat, pr->file,
				 pr->line, pr->column, re.message, re.offset);
		else
			snprintf(what, sizeof(what), _("invalid regular "
				 "expression: %s (at offset %zu of the "
				 "pattern)"), re.message, re.offset);
		st = xp_error(c->x, lit->at, c->err, "%s", what);
	}
	free(pat);
	free(fl);
	return st;
}

/* lookup('PATH', ...): a literal path is compiled now, as lookup()
 * would compile it on every record. */
static sa_status check_lookup_path(check_ctx *c, const token *lit)
{
	compile_env ce = { 0, "", 0 };
	xmlXPathCompExprPtr comp;
	char what[600];
	char *path;

	if (!c->ctx)
		return SA_OK;
	if (!(path = sai_strndup(lit->s, lit->n)))
		return sai_error_set(c->err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	c->ctx->error = compile_error;
	c->ctx->userData = &ce;
	comp = xmlXPathCtxtCompile(c->ctx, (const xmlChar *)path);
	c->ctx->error = NULL;
	c->ctx->userData = NULL;
	if (comp) {
		xmlXPathFreeCompExpr(comp);
		free(path);
		return SA_OK;
	}
	snprintf(what, sizeof(what), _("lookup(): the path '%.200s' is not "
		 "a valid XPath: %s"), path, ce.failed ? ce.msg :
		 _("cannot compile"));
	free(path);
	return xp_error(c->x, lit->at, c->err, "%s", what);
}

/* 1 when standard std may read the table of declaration d: its own, or
 * one of a standard it extends (transitively). */
static int std_reads(const sa_pack *p, size_t std, const sai_refdecl *d)
{
	return sai_pack_std_reaches(p, std, d->standard, 0);
}

/* ref('name', ...) with a literal name: a table the expression's
 * standard declares, or one of a standard it extends, known before any
 * record; a table no standard declares (a typo) or another standard's
 * is an error at load, not on every record. */
static sa_status check_table(check_ctx *c, const token *lit)
{
	const sa_pack *p = c->pack;
	const sai_refdecl *d = NULL;
	char what[600];
	size_t i;

	for (i = 0; i < p->n_refdecls && !d; i++)
		if (strlen(p->refdecls[i].name) == lit->n &&
		    !memcmp(p->refdecls[i].name, lit->s, lit->n))
			d = &p->refdecls[i];
	if (!d) {
		snprintf(what, sizeof(what), _("ref(): no reference table "
			 "'%.*s' (declare it under references)"),
			 (int)(lit->n < 60 ? lit->n : 60), lit->s);
		return xp_error(c->x, lit->at, c->err, "%s", what);
	}
	if (!d || std_reads(p, c->x->owner - 1, d))
		return SA_OK;
	snprintf(what, sizeof(what), _("ref(): reference table '%s' is "
		 "standard %s's (%s:%lu:%lu), which standard %s does not "
		 "extend: a rule reads the tables of its own standard and of "
		 "the standards it extends"), d->name,
		 p->standards[d->standard].id, d->file, d->line, d->column,
		 p->standards[c->x->owner - 1].id);
	return xp_error(c->x, lit->at, c->err, "%s", what);
}

static sa_status check_call(check_ctx *c, const token *name, size_t after)
{
	const char *e = c->x->src;
	char buf[128];
	int k;
	token lit, flags;

	if (!in_list(name->s, name->n, core_functions) &&
	    !sai_xpfunc_known(name->s, name->n)) {
		snprintf(buf, sizeof(buf), "%.*s", (int)name->n, name->s);
		return xp_error(c->x, name->at, c->err,
				_("unknown function %s()"), buf);
	}
	if (name->n == 3 && !memcmp(name->s, "ref", 3) && c->x->owner &&
	    literal_arg(e, after, 0, &lit))
		return check_table(c, &lit);
	if (name->n == 6 && !memcmp(name->s, "lookup", 6) &&
	    literal_arg(e, after, 0, &lit))
		return check_lookup_path(c, &lit);
	k = sai_xpfunc_pattern_arg(name->s, name->n);
	if (k < 0 || !single_arg(e, after, k, &lit) ||
	    (lit.kind != T_STR && lit.kind != T_VAR))
		return SA_OK;
	/* matches(s, re, flags) and replace(s, re, r, flags) */
	k += (name->n == 7 && !memcmp(name->s, "replace", 7)) ? 2 : 1;
	return check_regex_literal(c, &lit, literal_arg(e, after, k, &flags) ?
				   &flags : NULL);
}

static sa_status check_var(check_ctx *c, const token *t)
{
	char name[128];

	snprintf(name, sizeof(name), "%.*s", (int)(t->n - 1), t->s + 1);
	if (!strcmp(name, "audit_date") || sai_pack_find_param(c->pack, name))
		return SA_OK;
	if (!strcmp(name, "records") || !strcmp(name, "item"))
		return c->collection ? SA_OK :
			xp_error(c->x, t->at, c->err, _("$%s exists only in "
				 "rules with scope: collection"), name);
	return xp_error(c->x, t->at, c->err, _("unknown variable $%s (declare "
			"it under params)"), name);
}

/* ---- what collection rules read -------------------------------------------- */

/*
 * Each record keeps for the collection rules only the elements they can
 * read (pack-internal.h, collect_names).  A name is a step when every use
 * of it goes on down a path ("region/code"), or only tests that nodes
 * exist (count(), boolean(), not(), an assert's or a ratio's node-set);
 * then its element is kept without the children no rule names.  Any other
 * use reads its string value, and keeps its subtree whole.  What a name
 * cannot say (wildcards, other axes, attributes, the context node's own
 * value, a lookup() path computed at run time) makes records keep every
 * named child of their root whole with its attributes, as before; else
 * records keep no attribute (sa:type means nothing in the collection).
 */
typedef struct keep_scan {
	sa_pack *p;
	token *t;
	size_t n;
	size_t *match;             /* the other bracket of each bracket */
	size_t *open;              /* innermost '(' around each token */
} keep_scan;

#define KEEP_NONE ((size_t)-1)

static void keep_name(sa_pack *p, const char *s, size_t n, void *how)
{
	char buf[256];
	void *had;

	if (n >= sizeof(buf)) {
		p->collect_whole = 1;
		return;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	had = xmlHashLookup(p->collect_names, (const xmlChar *)buf);
	if (had == SAI_KEEP_VALUE || had == how)
		return;
	if (xmlHashUpdateEntry(p->collect_names, (const xmlChar *)buf, how,
			       NULL) != 0)
		p->collect_whole = 1;
}

static int keep_is(const keep_scan *k, size_t i, const char *op)
{
	return i < k->n && k->t[i].kind == T_OP && tok_is(&k->t[i], op);
}

static int keep_call(const keep_scan *k, size_t i)
{
	return k->t[i].kind == T_NAME && keep_is(k, i + 1, "(");
}

/* 1 when the path ending at name i only leads on or is only counted. */
static int keep_step(const keep_scan *k, size_t i, int set_only)
{
	size_t j = i + 1, o;

	while (keep_is(k, j, "["))
		j = k->match[j] + 1;
	if (j >= k->n)
		return set_only;
	if (keep_is(k, j, "/"))
		return 1;
	if (!keep_is(k, j, ")") || (o = k->match[j]) == 0 ||
	    k->t[o - 1].kind != T_NAME)
		return 0;
	return in_list(k->t[o - 1].s, k->t[o - 1].n, (const char *const[]){
		"count", "boolean", "not", NULL });
}

static void keep_expr(sa_pack *p, const char *e, int set_only);

static void keep_literal_names(sa_pack *p, const token *t)
{
	char buf[256];
	size_t pos = 0;
	token w;

	snprintf(buf, sizeof(buf), "%.*s", (int)t->n, t->s);
	while (lex(buf, &pos, &w) == 0 && w.kind != T_END)
		if (w.kind == T_NAME)
			keep_name(p, w.s, w.n, SAI_KEEP_VALUE);
}

/* A literal argument of lookup() is the path it reads on every record;
 * a path that is not a literal could read anything. */
static void keep_lookup(keep_scan *k, size_t open)
{
	size_t i, args = 1, start = open + 1, path = 0;
	char *src;

	for (i = open + 1; i < k->match[open]; i++) {
		if (keep_is(k, i, "(") || keep_is(k, i, "["))
			i = k->match[i];
		else if (keep_is(k, i, ","))
			args++;
	}
	for (i = open + 1; i < k->match[open] && path < args - 2; i++) {
		if (keep_is(k, i, "(") || keep_is(k, i, "["))
			i = k->match[i];
		else if (keep_is(k, i, ","))
			start = i + 1, path++;
	}
	if (args < 2 || k->t[start].kind != T_STR ||
	    !(keep_is(k, start + 1, ",") || keep_is(k, start + 1, ")")) ||
	    !(src = sai_strndup(k->t[start].s, k->t[start].n))) {
		k->p->collect_whole = 1;
		return;
	}
	keep_expr(k->p, src, 0);
	free(src);
}

/* What token i tells about what the expression reads. */
static void keep_token(keep_scan *k, size_t i, int set_only)
{
	const token *t = &k->t[i];
	size_t o = k->open[i];

	if (t->kind == T_OP) {
		if (tok_is(t, "//") || tok_is(t, "..") || tok_is(t, "::") ||
		    tok_is(t, ".") || tok_is(t, "@") ||
		    (tok_is(t, "*") && (i == 0 || !ends_operand(&k->t[i - 1]))))
			k->p->collect_whole = 1;
		return;
	}
	if (t->kind == T_STR) {
		/* lookup()'s path is read below; another literal may
		 * be a path a function reads: its names count too. */
		if (o == KEEP_NONE || o == 0 ||
		    !tok_is(&k->t[o - 1], "lookup"))
			keep_literal_names(k->p, t);
		return;
	}
	if (t->kind != T_NAME ||
	    (i > 0 && ends_operand(&k->t[i - 1]) &&
	     in_list(t->s, t->n, (const char *const[]){ "and", "or", "div",
							"mod", NULL })))
		return;
	if (keep_call(k, i)) {
		if (in_list(t->s, t->n, node_tests) ||
		    (keep_is(k, i + 2, ")") &&
		     !in_list(t->s, t->n, (const char *const[]){ "true",
			     "false", "last", "position", "today", NULL })))
			k->p->collect_whole = 1;  /* the context's value */
		else if (tok_is(t, "lookup"))
			keep_lookup(k, i + 1);
		return;
	}
	keep_name(k->p, t->s, t->n,
		  keep_step(k, i, set_only) ? SAI_KEEP_STEP : SAI_KEEP_VALUE);
}

/* Pairs the brackets of k's tokens; -1 when they do not pair. */
static int keep_pair(keep_scan *k)
{
	size_t *stack = malloc((k->n + 1) * sizeof(*stack)), top = 0, i;
	int rc = 0;

	if (!stack)
		return -1;
	for (i = 0; i < k->n && rc == 0; i++) {
		k->match[i] = 0;
		k->open[i] = KEEP_NONE;
		for (size_t s = top; s > 0; s--)
			if (keep_is(k, stack[s - 1], "(")) {
				k->open[i] = stack[s - 1];
				break;
			}
		if (keep_is(k, i, "(") || keep_is(k, i, "[")) {
			stack[top++] = i;
		} else if (keep_is(k, i, ")") || keep_is(k, i, "]")) {
			if (!top || k->t[stack[top - 1]].s[0] !=
			    (k->t[i].s[0] == ')' ? '(' : '['))
				rc = -1;
			else {
				k->match[i] = stack[--top];
				k->match[stack[top]] = i;
			}
		}
	}
	free(stack);
	return rc == 0 && top == 0 ? 0 : -1;
}

/* Lexes e into k with its brackets paired: 1 when it did, 0 when e is
 * empty, -1 when e does not lex or pair or memory ran out (release k in
 * every case). */
static int keep_scan_init(keep_scan *k, sa_pack *p, const char *e)
{
	size_t pos = 0, cap = 0;
	token t;

	memset(k, 0, sizeof(*k));
	k->p = p;
	while (e && lex(e, &pos, &t) == 0 && t.kind != T_END) {
		if (k->n == cap) {
			token *nt = realloc(k->t, (cap = cap ? 2 * cap : 32) *
					    sizeof(*nt));

			if (!nt)
				return -1;
			k->t = nt;
		}
		k->t[k->n++] = t;
	}
	if (!e || !k->n)
		return 0;
	if (t.kind != T_END || !(k->match = malloc(k->n * sizeof(size_t))) ||
	    !(k->open = malloc(k->n * sizeof(size_t))) || keep_pair(k) != 0)
		return -1;
	return 1;
}

static void keep_scan_release(keep_scan *k)
{
	free(k->t);
	free(k->match);
	free(k->open);
}

/* Adds what expression e reads on the records to p->collect_names;
 * set_only: its value is used only as a node-set (or a boolean). */
static void keep_expr(sa_pack *p, const char *e, int set_only)
{
	keep_scan k;
	size_t i;
	int rc = keep_scan_init(&k, p, e);

	if (rc < 0)
		p->collect_whole = 1;
	for (i = 0; rc > 0 && i < k.n; i++)
		keep_token(&k, i, set_only);
	keep_scan_release(&k);
}

/* ---- which records collection rules read -------------------------------- */

/*
 * A judged collection rule may read only the records whose region/code
 * starts with a value V of parameters alone.  When every judged rule is
 * such, a record outside all their Vs keeps only its root element (a
 * placeholder: the others keep their positions, so findings keep their
 * paths), and a national run keeps a region's records, not the nation's.
 * Two shapes prove it:
 *  (a) $records[... and starts-with(region/code, V) and ...]: the
 *      conjuncts before it call only XPath's own functions, which cannot
 *      fail on a record's values;
 *  (b) lookup('region/code' or 'substring(region/code, 1, N)',
 *      $item/code) in a rule whose for-each is X[... and starts-with(code,
 *      V) ...]: the key is a prefix of a record's region/code and equals
 *      an item's code, which starts with V.
 * Any other way to the records ($records or a two-argument lookup() of
 * another shape, a path from <records> or from the root, //, .., an axis,
 * id(), the context's own value) may read any record.
 */

/* The context node of an expression: <records> (a for-each, every
 * expression of a rule without one), a for-each's item (its rule's
 * applies, test and messages), or a node the test chose (a ratio's
 * where, a unique's key, a lookup() path). */
enum { FILTER_AT_RECORDS, FILTER_AT_ITEM, FILTER_AT_NODE };

typedef struct filter_scan {
	keep_scan k;
	const char *e;             /* the expression */
	int at;                    /* its context node: FILTER_AT_* */
	sai_strlist *vs;           /* the sources of the Vs it relies on */
	const sai_strlist *item_vs; /* the for-each's Vs, for shape (b) */
} filter_scan;

static int var_is(const token *t, const char *name)
{
	return t->kind == T_VAR && t->n == strlen(name) + 1 &&
	       !memcmp(t->s + 1, name, t->n - 1);
}

/* How many tokens from i are the words w ("#": any number); 0 when
 * they are not. */
static size_t words_at(const token *t, size_t n, size_t i,
		       const char *const *w)
{
	size_t j;

	for (j = 0; w[j]; j++)
		if (i + j >= n || t[i + j].kind == T_STR ||
		    (strcmp(w[j], "#") ? !tok_is(&t[i + j], w[j]) :
		     t[i + j].kind != T_NUM))
			return 0;
	return j;
}

/* 1 when the literal s[0..n) lexes to exactly the words w. */
static int literal_is(const char *s, size_t n, const char *const *w)
{
	char buf[128];
	token t[16];
	size_t pos = 0, k = 0, m;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	while (k < 16 && lex(buf, &pos, &t[k]) == 0 && t[k].kind != T_END)
		k++;
	if (k == 16 || t[k].kind != T_END)
		return 0;
	return (m = words_at(t, k, 0, w)) != 0 && m == k;
}

/* 1 when call i (a name before '(') names a function that reads the
 * context node: one of XPath's own without an argument. */
static int reads_context(const keep_scan *k, size_t i)
{
	return keep_is(k, i + 2, ")") && !in_list(k->t[i].s, k->t[i].n,
		(const char *const[]){ "true", "false", "last", "position",
				       "today", NULL });
}

/* 1 when tokens [from, to) are a V: literals, parameters, operators
 * and calls that read neither a node nor the records. */
static int params_only(const keep_scan *k, size_t from, size_t to)
{
	size_t i, nest = 0;

	for (i = from; i < to; i++) {
		const token *t = &k->t[i];
		int operand = i > from && ends_operand(&k->t[i - 1]);

		if (keep_is(k, i, "("))
			nest++;
		else if (keep_is(k, i, ")"))
			nest--;
		if (t->kind == T_VAR && (var_is(t, "records") ||
					 var_is(t, "item")))
			return 0;
		if (t->kind == T_OP && (tok_is(t, "[") || tok_is(t, "/") ||
		    tok_is(t, "//") || tok_is(t, ".") || tok_is(t, "..") ||
		    tok_is(t, "@") || tok_is(t, "::") ||
		    (tok_is(t, ",") && !nest) ||
		    (tok_is(t, "*") && !operand)))
			return 0;
		if (t->kind != T_NAME || (operand && in_list(t->s, t->n,
		    (const char *const[]){ "and", "or", "div", "mod", NULL })))
			continue;
		if (!keep_call(k, i) || in_list(t->s, t->n, node_tests) ||
		    in_list(t->s, t->n, (const char *const[]){ "lookup", "ref",
			    "id", "last", "position", NULL }) ||
		    reads_context(k, i))
			return 0;
	}
	return from < to;
}

/* 1 when conjunct [s, e) is starts-with(PATH, V) with V of parameters
 * only; V's tokens are then [*v, e - 1). */
static int starts_with_at(const keep_scan *k, size_t s, size_t e,
			  const char *const *path, size_t *v)
{
	size_t w;

	if (e - s < 4 || !tok_is(&k->t[s], "starts-with") ||
	    k->t[s].kind != T_NAME || !keep_is(k, s + 1, "(") ||
	    k->match[s + 1] != e - 1 ||
	    !(w = words_at(k->t, e, s + 2, path)) ||
	    !keep_is(k, s + 2 + w, ",") || !params_only(k, s + 3 + w, e - 1))
		return 0;
	*v = s + 3 + w;
	return 1;
}

/* In the bracket opened at o, the conjunct of its top-level `and` chain
 * that is starts-with(PATH, V): the index of `starts-with`, V's tokens
 * being [*v, *v_end); KEEP_NONE when there is none or the chain is not
 * one (a top-level `or`). */
static size_t chain_find(const keep_scan *k, size_t o, const char *const *path,
			 size_t *v, size_t *v_end)
{
	size_t end = k->match[o], i, start = o + 1, found = KEEP_NONE;

	for (i = o + 1; i <= end; i++) {
		const token *t = &k->t[i];

		if (i < end && (keep_is(k, i, "(") || keep_is(k, i, "["))) {
			i = k->match[i];
			continue;
		}
		if (i < end && (t->kind != T_NAME ||
				!ends_operand(&k->t[i - 1]) ||
				!(tok_is(t, "and") || tok_is(t, "or"))))
			continue;
		if (i < end && tok_is(t, "or"))
			return KEEP_NONE;
		if (found == KEEP_NONE &&
		    starts_with_at(k, start, i, path, v)) {
			found = start;
			*v_end = i - 1;
		}
		start = i + 1;
	}
	return found;
}

/* Adds V's source, tokens [v, v_end), to f's Vs. */
static int add_v(filter_scan *f, size_t v, size_t v_end)
{
	const token *t = f->k.t;
	char *src = sai_strndup(f->e + t[v].at, t[v_end].at - t[v].at);
	int rc = src ? sai_strlist_add(f->vs, src) : -1;

	free(src);
	return rc;
}

/* $records at i: shape (a), or -1. */
static int filter_records(filter_scan *f, size_t i)
{
	static const char *const path[] = { "region", "/", "code", NULL };
	const keep_scan *k = &f->k;
	size_t v, v_end, s, j;

	if (!keep_is(k, i + 1, "[") ||
	    (s = chain_find(k, i + 1, path, &v, &v_end)) == KEEP_NONE)
		return -1;
	/* What comes before it is evaluated on every record. */
	for (j = i + 2; j < s; j++)
		if (keep_call(k, j) && !in_list(k->t[j].s, k->t[j].n,
						core_functions) &&
		    !in_list(k->t[j].s, k->t[j].n, node_tests))
			return -1;
	return add_v(f, v, v_end);
}

/* Expression e, lexed into f->k (0 when e is empty): -1 when it may read
 * a record outside its Vs. */
static int filter_tokens(filter_scan *f);

/* lookup( at i: with two arguments, shape (b) or -1; with three, its
 * path must not leave the nodes it is given. */
static int filter_lookup(filter_scan *f, size_t i, size_t depth)
{
	static const char *const key[] = { "region", "/", "code", NULL };
	static const char *const prefix[] = { "substring", "(", "region", "/",
		"code", ",", "1", ",", "#", ")", NULL };
	const keep_scan *k = &f->k;
	size_t o = i + 1, c = k->match[o], j, args = 1;
	const token *p = &k->t[o + 1];

	for (j = o + 1; j < c; j++) {
		if (keep_is(k, j, "(") || keep_is(k, j, "["))
			j = k->match[j];
		else if (keep_is(k, j, ","))
			args++;
	}
	if (p->kind != T_STR || !keep_is(k, o + 2, ","))
		return -1;
	if (args == 3) {
		filter_scan inner = { .e = NULL, .at = FILTER_AT_NODE,
				      .vs = f->vs, .item_vs = NULL };
		char *src = sai_strndup(p->s, p->n);
		int rc = src && keep_scan_init(&inner.k, k->p, src) >= 0 ?
			 (inner.e = src, filter_tokens(&inner)) : -1;

		keep_scan_release(&inner.k);
		free(src);
		return rc;
	}
	if (args != 2 || f->at == FILTER_AT_RECORDS || !f->item_vs ||
	    !f->item_vs->count ||
	    !(literal_is(p->s, p->n, key) || literal_is(p->s, p->n, prefix)))
		return -1;
	/* The value: the item's code. */
	if (!(c == o + 6 && var_is(&k->t[o + 3], "item") &&
	      keep_is(k, o + 4, "/") && tok_is(&k->t[o + 5], "code") &&
	      k->t[o + 5].kind == T_NAME) &&
	    !(c == o + 4 && depth == 0 && f->at == FILTER_AT_ITEM &&
	      k->t[o + 3].kind == T_NAME &&
	      tok_is(&k->t[o + 3], "code")))
		return -1;
	for (j = 0; j < f->item_vs->count; j++)
		if (sai_strlist_add(f->vs, f->item_vs->items[j]) < 0)
			return -1;
	return 0;
}

/* Token i, inside depth predicates: -1 when it may reach a record
 * outside the Vs. */
static int filter_token(filter_scan *f, size_t i, size_t depth)
{
	const keep_scan *k = &f->k;
	const token *t = &k->t[i], *prev = i ? &k->t[i - 1] : NULL;
	int operand = prev && ends_operand(prev);
	/* A path's first step, read from the context node: <records>. */
	int from_records = f->at == FILTER_AT_RECORDS && depth == 0 &&
		!(prev && prev->kind == T_OP && (tok_is(prev, "/") ||
		  tok_is(prev, "::") || tok_is(prev, "@")));

	if (t->kind == T_VAR)
		return var_is(t, "records") ? filter_records(f, i) : 0;
	if (t->kind == T_OP) {
		if (tok_is(t, "//") || tok_is(t, "..") || tok_is(t, "::") ||
		    (tok_is(t, "/") && !operand))
			return -1;
		return (tok_is(t, ".") || (tok_is(t, "*") && !operand)) &&
		       from_records ? -1 : 0;
	}
	if (t->kind != T_NAME || (operand && in_list(t->s, t->n,
	    (const char *const[]){ "and", "or", "div", "mod", NULL })))
		return 0;
	if (keep_call(k, i) && !in_list(t->s, t->n, node_tests)) {
		if (tok_is(t, "id"))
			return -1;
		if (tok_is(t, "lookup"))
			return filter_lookup(f, i, depth);
		return reads_context(k, i) && f->at == FILTER_AT_RECORDS &&
		       depth == 0 ?
		       -1 : 0;
	}
	return from_records ? -1 : 0;
}

static int filter_tokens(filter_scan *f)
{
	size_t i, depth = 0;

	for (i = 0; i < f->k.n; i++) {
		if (keep_is(&f->k, i, "]"))
			depth--;
		if (filter_token(f, i, depth) < 0)
			return -1;
		if (keep_is(&f->k, i, "["))
			depth++;
	}
	return 0;
}

/* Expression e of a rule, read at context at (FILTER_AT_*): -1 when it
 * may read a record outside the Vs it adds to vs. */
static int filter_expr(sa_pack *p, const char *e, int at,
		       sai_strlist *vs, const sai_strlist *item_vs)
{
	filter_scan f = { .e = e, .at = at, .vs = vs,
			  .item_vs = item_vs };
	int rc = keep_scan_init(&f.k, p, e);

	if (rc > 0)
		rc = filter_tokens(&f);
	keep_scan_release(&f.k);
	return rc < 0 ? -1 : 0;
}

/* A message template's {XPath}s, as template.c reads them: {{ and }}
 * are braces, {$name} a parameter and {actual} ... the check's slots. */
static int filter_template(sa_pack *p, const char *t, int at,
			   sai_strlist *vs, const sai_strlist *item_vs)
{
	static const char *const slots[] = { "actual", "expected", "count",
		"total", "missing", "id", "path", "title", NULL };
	const char *close;
	char *inner;
	int rc = 0;

	while (t && *t && rc == 0) {
		t += strcspn(t, "{}");
		if (!*t)
			break;
		if (t[0] == t[1] || *t == '}' ||
		    !(close = strchr(t + 1, '}'))) {
			t += 1 + (t[0] == t[1]);
			continue;
		}
		if (!(inner = sai_strndup(t + 1, (size_t)(close - t - 1))))
			return -1;
		if (!in_list(inner, strlen(inner), slots) &&
		    !(inner[0] == '$' && !inner[1 + strspn(inner + 1,
			"abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")]))
			rc = filter_expr(p, inner, at, vs, item_vs);
		free(inner);
		t = close + 1;
	}
	return rc;
}

/* A for-each: read at <records>; when it is X[...]..., X a call or a
 * variable, with starts-with(code, V) in a predicate's `and` chain, its
 * items' codes start with V (item_vs). */
static int filter_for_each(sa_pack *p, const char *e, sai_strlist *vs,
			   sai_strlist *item_vs)
{
	static const char *const code[] = { "code", NULL };
	filter_scan f = { .e = e, .at = FILTER_AT_RECORDS, .vs = vs };
	size_t i, j, v, v_end;
	int rc = keep_scan_init(&f.k, p, e);

	if (rc > 0)
		rc = filter_tokens(&f);
	i = f.k.n && keep_call(&f.k, 0) ? f.k.match[1] + 1 :
	    f.k.n && f.k.t[0].kind == T_VAR ? 1 : f.k.n;
	for (j = i; j < f.k.n && keep_is(&f.k, j, "["); j = f.k.match[j] + 1)
		;
	for (j = j == f.k.n ? i : f.k.n; rc >= 0 && j < f.k.n;
	     j = f.k.match[j] + 1)
		if (chain_find(&f.k, j, code, &v, &v_end) != KEEP_NONE) {
			f.vs = item_vs;
			rc = add_v(&f, v, v_end);
			break;
		}
	keep_scan_release(&f.k);
	return rc < 0 ? -1 : 0;
}

static void ignore_xpath_error(void *data, xmlErrorPtr e)
{
	(void)data;
	(void)e;
}

/* Adds V (a source) as evaluated for standard std to the run's
 * prefixes; -1 when it cannot be, or is "" (every record starts with
 * it). */
static int add_prefix(sa_pack *p, xmlXPathContextPtr ctx, const char *v)
{
	xmlXPathCompExprPtr comp;
	xmlXPathObjectPtr o = NULL;
	xmlChar *s = NULL;
	size_t i;
	int rc = -1;

	ctx->error = ignore_xpath_error;
	ctx->node = NULL;
	ctx->doc = NULL;
	if ((comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)v)) &&
	    (o = xmlXPathCompiledEval(comp, ctx)) &&
	    (s = xmlXPathCastToString(o)) && *s) {
		for (i = 0; i < p->collect_prefixes.count &&
		     strcmp(p->collect_prefixes.items[i], (char *)s); i++)
			;
		rc = i < p->collect_prefixes.count ? 0 :
		     sai_strlist_add(&p->collect_prefixes, (char *)s);
	}
	ctx->error = NULL;
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeCompExpr(comp);
	return rc;
}

/* What records judged collection rule r reads: the prefixes of their
 * region/code, added to p's, or p->collect_unfiltered set. */
static void rule_filter(sa_pack *p, xmlXPathContextPtr ctx, const sai_rule *r)
{
	sai_strlist vs = { NULL, 0 }, item_vs = { NULL, 0 };
	int at = r->for_each.src ? FILTER_AT_ITEM : FILTER_AT_RECORDS, scoped;
	size_t i;
	int rc;

	if (!r->collection || r->unjudged || r->off_area ||
	    p->collect_unfiltered)
		return;
	rc = filter_for_each(p, r->for_each.src, &vs, &item_vs);
	if (rc == 0)
		rc = filter_expr(p, r->applies.src, at, &vs, &item_vs);
	if (rc == 0)
		rc = filter_expr(p, r->test.src, at, &vs, &item_vs);
	/* A ratio's where and a unique's key read the nodes the test
	 * chose. */
	if (rc == 0)
		rc = filter_expr(p, r->where.src, FILTER_AT_NODE, &vs,
				 &item_vs);
	if (rc == 0)
		rc = filter_template(p, r->message_src, at, &vs, &item_vs);
	if (rc == 0)
		rc = filter_template(p, r->message_en_src, at, &vs, &item_vs);
	scoped = rc == 0 && sai_pack_has_scoped(p, r->standard);
	if (scoped && sai_pack_register_scoped(p, ctx, r->standard, 0) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < vs.count; i++)
		rc = add_prefix(p, ctx, vs.items[i]);
	if (scoped && sai_pack_register_scoped(p, ctx, r->standard, 1) < 0)
		rc = -1;
	if (rc != 0)
		p->collect_unfiltered = 1;
	sai_strlist_release(&vs);
	sai_strlist_release(&item_vs);
}

/* Checks every function and variable an expression names. */
static sa_status check_names(check_ctx *c)
{
	const char *e = c->x->src;
	size_t pos = 0, peek;
	token t, prev = { T_OP, "(", 1, 0 }, next;
	int first = 1;
	sa_status st = SA_OK;

	while (st == SA_OK) {
		if (lex(e, &pos, &t) < 0)
			return xp_error(c->x, pos, c->err,
					_("unterminated string literal"), NULL);
		if (t.kind == T_END)
			break;
		if (t.kind == T_VAR) {
			st = check_var(c, &t);
		} else if (t.kind == T_NAME &&
			   !(!first && ends_operand(&prev) &&
			     in_list(t.s, t.n, (const char *const[]){
				     "and", "or", "div", "mod", NULL }))) {
			peek = pos;
			if (lex(e, &peek, &next) == 0 && next.kind == T_OP &&
			    tok_is(&next, "(") &&
			    !in_list(t.s, t.n, node_tests))
				st = check_call(c, &t, peek);
		}
		prev = t;
		first = 0;
	}
	return st;
}

/* ---- compiling expressions ------------------------------------------------- */

/* libxml2 turns a plain path ("signage/plaque") into a streaming pattern
 * that walks every node below the context; on a record the ordinary
 * evaluation of child steps is several times cheaper.  A parenthesis
 * keeps libxml2 from streaming, and means the same. */
static xmlXPathCompExprPtr compile_unstreamed(xmlXPathContextPtr ctx,
					      const char *src)
{
	size_t n = strlen(src);
	char *wrapped = malloc(n + 3);
	xmlXPathCompExprPtr comp;

	if (!wrapped)
		return NULL;
	wrapped[0] = '(';
	memcpy(wrapped + 1, src, n);
	wrapped[n + 1] = ')';
	wrapped[n + 2] = '\0';
	comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)wrapped);
	free(wrapped);
	return comp;
}

/* ---- plans: what the evaluator runs without XPath ---------------------------- */

/* An ASCII XML name character (the names packs use; anything else goes
 * to XPath). */
static int plain_name_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void sai_plan_free(sai_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_kids; i++)
		sai_plan_free(p->kids[i]);
	free(p->kids);
	for (i = 0; i < p->n_steps; i++) {
		free(p->steps[i].name);
		sai_plan_free(p->steps[i].pred);
	}
	free(p->steps);
	free(p->literal);
	free(p->flags);
	free(p);
}

/* A recursive-descent reader of the plan subset over [p, e).  The
 * expression has compiled as XPath already: what matters is to take no
 * expression for another, so that anything unexpected gives up (NULL,
 * nomem unset) and libxml2 runs the expression. */
typedef struct plan_reader {
	const char *p, *e;
	int nomem;
	int depth;
	sai_regex_cache *regexes;  /* NULL: matches() is not taken */
} plan_reader;

#define PLAN_DEPTH 32

static void pr_blank(plan_reader *r)
{
	while (r->p < r->e && is_blank(*r->p))
		r->p++;
}

/* The length of the name at r->p, 0 when none starts there. */
static size_t pr_name(const plan_reader *r)
{
	size_t n = 0;

	while (r->p + n < r->e && plain_name_char(r->p[n], n == 0))
		n++;
	return n;
}

/* Takes the punctuation tok after blanks. */
static int pr_tok(plan_reader *r, const char *tok)
{
	size_t n = strlen(tok);

	pr_blank(r);
	if ((size_t)(r->e - r->p) >= n && !memcmp(r->p, tok, n)) {
		r->p += n;
		return 1;
	}
	return 0;
}

/* Takes the word w (and, or, not, ...) after blanks: the whole name. */
static int pr_word(plan_reader *r, const char *w)
{
	size_t n;

	pr_blank(r);
	n = pr_name(r);
	if (n == strlen(w) && !memcmp(r->p, w, n)) {
		r->p += n;
		return 1;
	}
	return 0;
}

static sai_plan *plan_new(plan_reader *r, sai_plan_kind kind)
{
	sai_plan *p = calloc(1, sizeof(*p));

	if (!p)
		r->nomem = 1;
	else
		p->kind = kind;
	return p;
}

/* Adds kid to p's kids; on failure frees kid.  0 or -1. */
static int plan_adopt(plan_reader *r, sai_plan *p, sai_plan *kid)
{
	sai_plan **grown = realloc(p->kids, (p->n_kids + 1) * sizeof(*grown));

	if (!grown) {
		r->nomem = 1;
		sai_plan_free(kid);
		return -1;
	}
	p->kids = grown;
	p->kids[p->n_kids++] = kid;
	return 0;
}

static sai_plan *read_or(plan_reader *r);

/* name ('/' name)* with a predicate allowed on each step: a PATH plan. */
static sai_plan *read_path(plan_reader *r)
{
	sai_plan *p = plan_new(r, SAI_PLAN_PATH);
	sai_plan_step *grown, *st;
	size_t n;

	if (!p)
		return NULL;
	do {
		pr_blank(r);
		if (!(n = pr_name(r)))
			goto fail;
		grown = realloc(p->steps, (p->n_steps + 1) * sizeof(*grown));
		if (!grown)
			goto nomem;
		p->steps = grown;
		st = &p->steps[p->n_steps++];
		st->pred = NULL;
		if (!(st->name = sai_strndup(r->p, n)))
			goto nomem;
		r->p += n;
		pr_blank(r);
		if (r->p < r->e && (*r->p == '(' || *r->p == ':'))
			goto fail;  /* a function, node test, prefix or axis */
		if (pr_tok(r, "[")) {
			if (!(st->pred = read_or(r)) || !pr_tok(r, "]"))
				goto fail;
			if (pr_tok(r, "["))
				goto fail;  /* a second predicate */
		}
	} while (pr_tok(r, "/"));
	return p;
nomem:
	r->nomem = 1;
fail:
	sai_plan_free(p);
	return NULL;
}

/* A comparison operator after blanks; -1 when none. */
static int read_op(plan_reader *r)
{
	static const struct { const char *tok; sai_plan_op op; } ops[] = {
		{ "!=", SAI_OP_NE }, { "<=", SAI_OP_LE }, { ">=", SAI_OP_GE },
		{ "=", SAI_OP_EQ }, { "<", SAI_OP_LT }, { ">", SAI_OP_GT },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (pr_tok(r, ops[i].tok))
			return (int)ops[i].op;
	return -1;
}

/* An integer literal of up to 15 digits (exact as a double, and read
 * alike by every XPath implementation) into *v; 0 when none. */
static int read_integer(plan_reader *r, double *v)
{
	size_t n = 0;

	pr_blank(r);
	while (r->p + n < r->e && r->p[n] >= '0' && r->p[n] <= '9')
		n++;
	if (n == 0 || n > 15 ||
	    (r->p + n < r->e && (r->p[n] == '.' || plain_name_char(r->p[n], 0))))
		return 0;
	*v = 0;
	for (; n; n--)
		*v = *v * 10 + (*r->p++ - '0');
	return 1;
}

/* 'literal' or "literal" into *out; 0 when none. */
static int read_literal(plan_reader *r, char **out)
{
	const char *q;

	pr_blank(r);
	if (r->p == r->e || (*r->p != '\'' && *r->p != '"'))
		return 0;
	for (q = r->p + 1; q < r->e && *q != *r->p; q++)
		;
	if (q == r->e)
		return 0;
	if (!(*out = sai_strndup(r->p + 1, (size_t)(q - r->p - 1)))) {
		r->nomem = 1;
		return 0;
	}
	r->p = q + 1;
	return 1;
}

/* Whether the name w, then '(', comes next (a call of w). */
static int pr_call(plan_reader *r, const char *w)
{
	const char *at = r->p;

	if (pr_word(r, w) && pr_tok(r, "("))
		return 1;
	r->p = at;
	return 0;
}

/* number(path) op integer, count(path) op integer. */
static sai_plan *read_numeric(plan_reader *r, sai_plan_kind kind)
{
	sai_plan *p = read_path(r);
	int op;

	if (!p)
		return NULL;
	p->kind = kind;
	if (!pr_tok(r, ")") || (op = read_op(r)) < 0 ||
	    !read_integer(r, &p->number)) {
		sai_plan_free(p);
		return NULL;
	}
	p->op = (sai_plan_op)op;
	return p;
}

/* matches(path, 'pattern'[, 'flags']), the pattern compiled now. */
static sai_plan *read_match(plan_reader *r)
{
	sai_plan *p = read_path(r);

	if (!p)
		return NULL;
	p->kind = SAI_PLAN_MATCH;
	if (!pr_tok(r, ",") || !read_literal(r, &p->literal) ||
	    (pr_tok(r, ",") && !read_literal(r, &p->flags)) ||
	    !pr_tok(r, ")") ||
	    !(p->re = sai_regex_cache_get(r->regexes, p->literal, p->flags,
					  NULL))) {
		sai_plan_free(p);
		return NULL;
	}
	return p;
}

static sai_plan *read_unary(plan_reader *r)
{
	sai_plan *p, *inner;
	int op;

	if (++r->depth > PLAN_DEPTH)
		return NULL;
	pr_blank(r);
	if (pr_tok(r, "(")) {
		if ((p = read_or(r)) && !pr_tok(r, ")")) {
			sai_plan_free(p);
			p = NULL;
		}
	} else if (pr_call(r, "not")) {
		inner = read_or(r);
		p = inner && pr_tok(r, ")") ? plan_new(r, SAI_PLAN_NOT) : NULL;
		if (!p) {
			sai_plan_free(inner);
		} else if (plan_adopt(r, p, inner) < 0) {
			sai_plan_free(p);
			p = NULL;
		}
	} else if (pr_call(r, "number")) {
		p = read_numeric(r, SAI_PLAN_FIRST);
	} else if (pr_call(r, "count")) {
		p = read_numeric(r, SAI_PLAN_COUNT);
	} else if (r->regexes && pr_call(r, "matches")) {
		p = read_match(r);
	} else if ((p = read_path(r)) && (op = read_op(r)) >= 0) {
		p->op = (sai_plan_op)op;
		if (read_literal(r, &p->literal) &&
		    (op == SAI_OP_EQ || op == SAI_OP_NE))
			p->kind = SAI_PLAN_STRING;
		else if (!p->literal && !r->nomem &&
			 read_integer(r, &p->number))
			p->kind = SAI_PLAN_NUMBER;
		else {
			sai_plan_free(p);
			p = NULL;
		}
	}
	r->depth--;
	return p;
}

/* unary (word unary)*: the AND or OR of them (kind), or the one. */
static sai_plan *read_joined(plan_reader *r, const char *word,
			     sai_plan_kind kind,
			     sai_plan *(*next)(plan_reader *))
{
	sai_plan *first = next(r), *all, *more;

	if (!first)
		return NULL;
	if (!pr_word(r, word))
		return first;
	if (!(all = plan_new(r, kind)) || plan_adopt(r, all, first) < 0) {
		sai_plan_free(all ? NULL : first);
		sai_plan_free(all);
		return NULL;
	}
	do {
		if (!(more = next(r)) || plan_adopt(r, all, more) < 0) {
			sai_plan_free(all);
			return NULL;
		}
	} while (pr_word(r, word));
	return all;
}

static sai_plan *read_and(plan_reader *r)
{
	return read_joined(r, "and", SAI_PLAN_AND, read_unary);
}

static sai_plan *read_or(plan_reader *r)
{
	return read_joined(r, "or", SAI_PLAN_OR, read_and);
}

int sai_xpath_plain(sai_xpath *x, sai_regex_cache *regexes)
{
	plan_reader r;
	sai_plan *p;

	r.p = x->src;
	r.e = x->src + strlen(x->src);
	r.nomem = 0;
	r.depth = 0;
	r.regexes = regexes;
	p = read_or(&r);
	pr_blank(&r);
	if (p && r.p == r.e) {
		x->plan = p;
		return 0;
	}
	sai_plan_free(p);
	return r.nomem ? -1 : 0;
}

static sa_status compile_xpath_in(const sa_pack *p, xmlXPathContextPtr ctx,
				  sai_xpath *x, int collection, sa_error *err)
{
	compile_env ce = { 0, "", 0 };
	check_ctx c = { p, x, err, p->regexes, collection, ctx };
	sa_status st;

	if (!x->src || x->comp)
		return SA_OK;
	if (!collection)    /* a collection's rows are all shared */
		sai_refs_note_reads(p->refs, x->src);
	if ((st = check_names(&c)) != SA_OK)
		return st;
	ctx->error = compile_error;
	ctx->userData = &ce;
	x->comp = compile_unstreamed(ctx, x->src);
	ctx->error = NULL;
	ctx->userData = NULL;
	if (!x->comp)
		return xp_error(x, ce.failed && ce.offset >= 1 ?
				(size_t)ce.offset - 1 : 0, err,
				_("invalid XPath: %s"),
				ce.failed ? ce.msg : _("cannot compile"));
	if (sai_xpath_plain(x, p->regexes) < 0)
		return sai_error_set(err, SA_ERR_NOMEM, x->file, x->line,
				     x->column, _("out of memory"));
	return SA_OK;
}

static sa_status compile_xpath(const sa_pack *p, xmlXPathContextPtr ctx,
			       sai_xpath *x, sa_error *err)
{
	return compile_xpath_in(p, ctx, x, 0, err);
}

/* A default message per check kind, when the rule has none. */
static const char *default_message(sai_check_kind k, int en)
{
	static const char *const zh[] = {
		"未满足: {title}", "缺少: {title}",
		"{title}: 实际 {actual}, 要求 {expected}",
		"{title}: 值 “{actual}” 不符合要求 ({expected})",
		"{title}: 缺少 {missing}",
		"{title}: 比例 {actual}, 要求 {expected}",
		"{title}: 重复的值 “{actual}”",
	};
	static const char *const enm[] = {
		"Not met: {title}", "Missing: {title}",
		"{title}: found {actual}, expected {expected}",
		"{title}: value \"{actual}\" does not meet {expected}",
		"{title}: missing {missing}",
		"{title}: ratio {actual}, expected {expected}",
		"{title}: duplicate value \"{actual}\"",
	};

	return en ? enm[k] : zh[k];
}

typedef struct param_scope {
	const sa_pack *pack;
	size_t standard;
} param_scope;

static const char *param_lookup(const void *data, const char *name)
{
	const param_scope *ps = data;
	const sai_param *pr;

	if (!strcmp(name, "audit_date"))
		return ps->pack->audit_date;
	pr = sai_pack_find_param_for(ps->pack, name, ps->standard);
	return pr ? pr->value : NULL;
}

/* Where a key of the rule was written, or the rule itself when the key
 * was not (a default). */
static const sai_where *at_or_rule(const sai_rule *r, const sai_where *at)
{
	static _Thread_local sai_where rule_at;

	if (at->line)
		return at;
	rule_at.line = r->info.line;
	rule_at.column = r->info.column;
	return &rule_at;
}

/* A template's {XPATH}s call only the functions and variables a rule's
 * own expressions may: libxml2 would otherwise find document() missing
 * on every record, print that itself and leave the placeholder empty. */
static sa_status check_template(sa_pack *p, xmlXPathContextPtr ctx,
				const sai_rule *r, const sai_template *t,
				const sai_where *at, sa_error *err)
{
	sai_xpath x;
	check_ctx c = { p, &x, err, p->regexes, r->collection, ctx };
	sa_status st = SA_OK;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.owner = r->standard + 1;
	x.file = p->standards[r->standard].file;
	x.line = at->line;
	x.column = at->column;
	for (i = 0; st == SA_OK && (x.src = (char *)sai_template_xpath(t, i));
	     i++)
		st = check_names(&c);
	return st;
}

static sa_status compile_templates(sa_pack *p, xmlXPathContextPtr ctx,
				   sai_rule *r, sa_error *err)
{
	const char *file = p->standards[r->standard].file;
	param_scope ps = { p, r->standard };
	sa_status st;

	if (!r->collection) {
		sai_refs_note_reads(p->refs, r->message_src);
		sai_refs_note_reads(p->refs, r->message_en_src);
	}
	st = sai_template_compile(r->message_src ? r->message_src :
				  default_message(r->kind, 0), param_lookup, &ps,
				  file, at_or_rule(r, &r->message_at)->line,
				  at_or_rule(r, &r->message_at)->column,
				  &r->message, err);
	if (st != SA_OK || (st = check_template(p, ctx, r, r->message,
			    at_or_rule(r, &r->message_at), err)) != SA_OK)
		return st;
	st = sai_template_compile(r->message_en_src ? r->message_en_src :
				  default_message(r->kind, 1), param_lookup,
				  &ps, file, at_or_rule(r, &r->message_en_at)->line,
				  at_or_rule(r, &r->message_en_at)->column,
				  &r->message_en, err);
	return st != SA_OK ? st : check_template(p, ctx, r, r->message_en,
				 at_or_rule(r, &r->message_en_at), err);
}

static sa_status resolve_bound(const sa_pack *p, const sai_rule *r,
			       sai_bound *b, sa_error *err)
{
	const sai_param *pr;
	char *end;

	if (!b->set || b->text[0] != '$')
		return SA_OK;
	pr = sai_pack_find_param_for(p, b->text + 1, r->standard);
	if (!pr || pr->type != SAI_PARAM_NUMBER)
		return sai_error_set(err, SA_ERR_PACK,
				     p->standards[r->standard].file, b->line,
				     b->column, _("rule '%s': %s is not a number "
				     "parameter"), r->id, b->text);
	b->value = strtod(pr->value, &end);
	return SA_OK;
}

/* A bound as written, with its value when it is a $parameter. */
static void bound_text(const sai_bound *b, char *buf, size_t size)
{
	char num[64];

	sai_format_number(b->value, num, sizeof(num));
	if (b->text[0] == '$')
		snprintf(buf, size, "%.60s = %s", b->text, num);
	else
		snprintf(buf, size, "%s", num);
}

/* min above max: a rule that no value can pass, refused at max. */
static sa_status check_bounds(const sa_pack *p, const sai_rule *r,
			      sa_error *err)
{
	char lo[128], hi[128];

	if (!r->min.set || !r->max.set || r->min.value <= r->max.value)
		return SA_OK;
	bound_text(&r->min, lo, sizeof(lo));
	bound_text(&r->max, hi, sizeof(hi));
	return sai_error_set(err, SA_ERR_PACK, p->standards[r->standard].file,
			     r->max.line, r->max.column, _("rule '%s': min (%s) "
			     "is above max (%s), so no value can pass"), r->id,
			     lo, hi);
}

/* What a collection rule's message reads ({name} of a record) is kept
 * by each record too. */
static void template_names(sa_pack *p, const char *t)
{
	const char *open, *close;
	char *inner;

	while (t && (open = strchr(t, '{')) && (close = strchr(open, '}'))) {
		if (!(inner = sai_strndup(open + 1, (size_t)(close - open - 1))))
			p->collect_whole = 1;
		keep_expr(p, inner, 0);
		free(inner);
		t = close + 1;
	}
}

/* What a judged collection rule reads, kept by every record for it. */
static void rule_keeps(sa_pack *p, const sai_rule *r)
{
	/* An assert, a count and a ratio's of use their nodes only as a
	 * set; the other checks read the nodes' values. */
	int set = r->kind == SAI_CHECK_ASSERT || r->kind == SAI_CHECK_COUNT ||
		  r->kind == SAI_CHECK_RATIO;

	if (!r->collection || r->unjudged || r->off_area)
		return;
	p->collect_any = 1;
	template_names(p, r->message_src);
	template_names(p, r->message_en_src);
	keep_expr(p, r->applies.src, 1);
	keep_expr(p, r->test.src, set);
	/* A ratio's where is a test; a unique's key is a value. */
	keep_expr(p, r->where.src, r->kind == SAI_CHECK_RATIO);
	keep_expr(p, r->for_each.src, 1);
}

/* A rule's indicator: the id of one in its own standard's tree (packs
 * loaded together each keep their own tree). */
static sa_status resolve_indicator(const sa_pack *p, sai_rule *r,
				   sa_error *err)
{
	size_t i;
	int has_tree = 0;

	r->indicator_index = -1;
	if (!r->indicator)
		return SA_OK;
	for (i = 0; i < p->n_indicators; i++) {
		if (p->indicators[i].standard != r->standard)
			continue;
		has_tree = 1;
		if (!strcmp(p->indicators[i].id, r->indicator)) {
			r->indicator_index = (int)i;
			return SA_OK;
		}
	}
	/* Without an indicator tree, `indicator` is a label only. */
	if (!has_tree)
		return SA_OK;
	sai_error_set(err, SA_ERR_PACK, p->standards[r->standard].file,
		      r->info.line, r->info.column, _("rule '%s': no indicator "
		      "'%s' in the pack's indicators"), r->id, r->indicator);
	sai_error_read_source(err);
	return SA_ERR_PACK;
}

/* The fields of decided-by, as paths from the record, and what a missing
 * one means: the parameter undecided of the rule's standard, when it
 * declares one ("fail", the default, or "not-applicable"), so that an
 * evaluation team can see and undo the choice. */
static sa_status compile_decided_by(const sa_pack *p, xmlXPathContextPtr ctx,
				    sai_rule *r, sa_error *err)
{
	const sai_param *u;
	size_t i;
	sa_status st = SA_OK;

	for (i = 0; i < r->n_decided_by && st == SA_OK; i++)
		st = compile_xpath(p, ctx, &r->decided_by[i], err);
	u = r->n_decided_by ? sai_pack_find_param_for(p, "undecided",
						       r->standard) : NULL;
	if (st != SA_OK || !u)
		return st;
	r->undecided_na = !strcmp(u->value, "not-applicable");
	if (r->undecided_na || !strcmp(u->value, "fail"))
		return SA_OK;
	sai_error_set(err, SA_ERR_PACK, u->file, u->line, u->column,
		      _("parameter undecided takes fail or not-applicable, not "
			"'%s'"), u->value);
	sai_error_read_source(err);
	return SA_ERR_PACK;
}

static sa_status compile_rule(sa_pack *p, xmlXPathContextPtr ctx, sai_rule *r,
			      sa_error *err)
{
	sai_regex_error re;
	sa_status st;

	int c = r->collection;

	rule_keeps(p, r);
	if ((st = resolve_indicator(p, r, err)) != SA_OK)
		return st;

	if ((st = compile_xpath_in(p, ctx, &r->applies, c, err)) != SA_OK ||
	    (st = compile_decided_by(p, ctx, r, err)) != SA_OK ||
	    (st = compile_xpath_in(p, ctx, &r->test, c, err)) != SA_OK ||
	    (st = compile_xpath_in(p, ctx, &r->where, c, err)) != SA_OK ||
	    (st = compile_xpath_in(p, ctx, &r->for_each, c, err)) != SA_OK ||
	    (st = resolve_bound(p, r, &r->min, err)) != SA_OK ||
	    (st = resolve_bound(p, r, &r->max, err)) != SA_OK ||
	    (st = check_bounds(p, r, err)) != SA_OK ||
	    (st = compile_templates(p, ctx, r, err)) != SA_OK)
		return st;
	rule_filter(p, ctx, r);
	if (r->pattern && !(r->re = sai_regex_cache_get(p->regexes, r->pattern,
							r->flags, &re))) {
		sai_error_set(err, SA_ERR_PACK,
				     p->standards[r->standard].file,
				     r->pattern_at.line, r->pattern_at.column,
				     _("rule '%s': invalid pattern: %s (at byte "
				     "%zu of \"%s\")"), r->id, re.message,
				     re.offset, r->pattern);
		sai_error_read_source(err);
		return SA_ERR_PACK;
	}
	return SA_OK;
}

/* ---- parameters ------------------------------------------------------------ */

/* --disable and --severity: every pattern must match some rule. */
static sa_status apply_rule_overrides(sa_pack *p, sa_error *err)
{
	size_t i, k;

	for (k = 0; k < p->disabled.count + p->severities.count; k++) {
		int sev = -1, hit = 0;
		const char *pat = k < p->disabled.count ? p->disabled.items[k] :
			p->severities.items[k - p->disabled.count];

		if (k >= p->disabled.count) {
			sev = (int)strtol(pat, NULL, 10);
			pat = strchr(pat, '=') + 1;
		}
		for (i = 0; i < p->n_rules; i++) {
			if (fnmatch(pat, p->rules[i].id, 0) != 0)
				continue;
			hit = 1;
			if (sev < 0)
				p->rules[i].disabled = 1;
			else
				p->rules[i].info.severity = (sa_severity)sev;
		}
		if (!hit)
			return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
					     _("no loaded rule matches '%s'"), pat);
	}
	return SA_OK;
}

/* Disabled rules leave the pack: they are neither run nor reported. */
static void drop_disabled(sa_pack *p)
{
	size_t i, k = 0;

	for (i = 0; i < p->n_rules; i++) {
		if (p->rules[i].disabled) {
			sai_pack_release_rule(&p->rules[i]);
			continue;
		}
		p->rules[k++] = p->rules[i];
	}
	p->n_rules = k;
}

/* Coverage is judged only when the run says what it covers: rules tagged
 * "coverage" run when the parameter region was set by the run (--region,
 * --param, a config or a profile), not from a pack's default. */
static void mark_unjudged(sa_pack *p)
{
	size_t i, k;

	for (k = 0; k < p->n_params; k++)
		if (p->params[k].overridden &&
		    !strcmp(p->params[k].name, "region"))
			return;
	for (i = 0; i < p->n_rules; i++)
		for (k = 0; k < p->rules[i].tags.count; k++)
			if (!strcmp(p->rules[i].tags.items[k], "coverage")) {
				p->rules[i].unjudged = 1;
				p->n_unjudged++;
				break;
			}
}

/* ---- jurisdictions (docs/rules.md "jurisdiction") ---------------------------
 *
 * A standard that states its jurisdiction J binds the stations of J only.
 * Its collection rules read $region, the run's region R narrowed to J: R
 * when R lies inside J, J when R contains J.  When R lies outside J its
 * coverage rules are not run; nor are its totals (tag total) when R
 * covers only part of J: a prefecture's total is no township's.
 */
static int has_tag(const sai_rule *r, const char *tag)
{
	size_t k;

	for (k = 0; k < r->tags.count; k++)
		if (!strcmp(r->tags.items[k], tag))
			return 1;
	return 0;
}

static void mark_off_area(sa_pack *p, size_t std, int inside)
{
	size_t i;

	for (i = 0; i < p->n_rules; i++) {
		sai_rule *r = &p->rules[i];

		if (r->standard != std || !r->collection || r->unjudged)
			continue;
		if (!inside && (has_tag(r, "coverage") || has_tag(r, "total")))
			r->off_area = 2;
		else if (inside && has_tag(r, "total"))
			r->off_area = 1;
	}
}

/* The jurisdiction of standard std after --param, checked. */
static sa_status area_of(sa_pack *p, size_t std, sa_error *err)
{
	sai_standard *s = &p->standards[std];
	const sai_param *j;
	char name[256];

	snprintf(name, sizeof(name), "jurisdiction_%s", s->id);
	if (!(j = sai_pack_find_param(p, name)))
		return SA_OK;
	if (!sai_area_ok(j->value))
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("--param %s=%s: a "
				     "jurisdiction is division codes of 2, "
				     "4, 6, 9 or 12 digits separated by "
				     "blanks, or \"\" for everywhere"), name,
				     j->value);
	free(s->area);
	return (s->area = sai_strdup(j->value)) ? SA_OK :
	       sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
			     _("out of memory"));
}

static sa_status mark_areas(sa_pack *p, sa_error *err)
{
	const char *region = NULL;
	size_t i, k;
	sa_status st;

	for (k = 0; k < p->n_params; k++)
		if (p->params[k].overridden &&
		    !strcmp(p->params[k].name, "region"))
			region = p->params[k].value;
	if (region && *region && !(p->run_region = sai_strdup(region)))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	for (i = 0; i < p->n_standards; i++) {
		sai_standard *s = &p->standards[i];

		if (!s->jurisdiction)
			continue;
		if ((st = area_of(p, i, err)) != SA_OK)
			return st;
		if (!s->area || sai_area_holds(s->area, "") ||
		    !p->run_region)
			continue;
		if (!sai_area_within(s->area, p->run_region))
			mark_off_area(p, i, sai_area_holds(s->area,
							   p->run_region));
		else if (!strchr(s->area, ' ') && !strchr(s->area, ',') &&
			 sai_pack_scope_param(p, "region", i,
					      s->area) != SA_OK)
			return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
					     _("out of memory"));
	}
	return SA_OK;
}

/* The region a run covers (--region, --param region=, a config) is a
 * prefix of township codes (coverage.pack's definition): one that no
 * township of the division tables has (a typo, 4230 for 4203) made
 * coverage judge nothing and say nothing.  Packs without the tables (no
 * base) are not checked. */
typedef struct prefix_hit {
	const char *code;
	size_t len;
	int hit;
} prefix_hit;

static void township_has_prefix(const char *key, size_t len, void *arg)
{
	prefix_hit *h = arg;

	if (!h->hit && len >= h->len && !memcmp(key, h->code, h->len))
		h->hit = 1;
}

static sa_status check_region(const sa_pack *p, sa_error *err)
{
	prefix_hit h = { NULL, 0, 0 };
	size_t k;

	for (k = 0; k < p->n_params; k++)
		if (p->params[k].overridden &&
		    !strcmp(p->params[k].name, "region"))
			h.code = p->params[k].value;
	if (!h.code || !*h.code || !p->refs ||
	    !sai_refs_has(p->refs, "townships"))
		return SA_OK;
	h.len = strlen(h.code);
	if (sai_refs_each_key(p->refs, "townships", township_has_prefix,
			      &h) < 0 || !h.hit)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the region '%s' begins no township "
				     "code of the division tables, so "
				     "coverage would judge no township (a "
				     "region is a division code or its "
				     "start: 4203 a city, 420302 a "
				     "county)"), h.code);
	return SA_OK;
}

static sa_status apply_overrides(sa_pack *p, sa_error *err)
{
	size_t i, k;

	for (i = 0; i < p->overrides.count; i++) {
		const char *kv = p->overrides.items[i];
		const char *eq = strchr(kv, '=');
		size_t n = (size_t)(eq - kv);
		const char *why = NULL;
		int found = 0;

		/* A parameter scoped to several standards is set in all. */
		for (k = 0; k < p->n_params; k++) {
			sai_param *pr = &p->params[k];

			if (strlen(pr->name) != n || strncmp(pr->name, kv, n))
				continue;
			found = 1;
			if ((why = sai_param_value_problem(pr->type, eq + 1)))
				break;
			free(pr->value);
			if (!(pr->value = sai_strdup(eq + 1)))
				return sai_error_set(err, SA_ERR_NOMEM, NULL, 0,
						     0, _("out of memory"));
			pr->overridden = 1;
		}
		if (!found)
			return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
					     _("--param %.*s: no loaded standard "
					     "has a parameter of that name"),
					     (int)n, kv);
		if (why)
			return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
					     _("--param %s: the value must be %s"),
					     kv, why);
	}
	return SA_OK;
}

/* $records and $item exist while collection rules compile (libxml2
 * checks nothing at compile time, but an optimiser may look). */
static int register_collection_vars(xmlXPathContextPtr ctx)
{
	return xmlXPathRegisterVariable(ctx, (const xmlChar *)"records",
					xmlXPathNewNodeSet(NULL)) ||
	       xmlXPathRegisterVariable(ctx, (const xmlChar *)"item",
					xmlXPathNewNodeSet(NULL));
}

static int register_param(xmlXPathContextPtr ctx, const sai_param *pr)
{
	xmlXPathObjectPtr o;

	if (pr->type == SAI_PARAM_NUMBER)
		o = xmlXPathNewFloat(strtod(pr->value, NULL));
	else if (pr->type == SAI_PARAM_BOOLEAN)
		o = xmlXPathNewBoolean(!strcmp(pr->value, "true"));
	else
		o = xmlXPathNewString((const xmlChar *)pr->value);
	return o && xmlXPathRegisterVariable(ctx, (const xmlChar *)pr->name,
					     o) == 0 ? 0 : -1;
}

int sai_pack_register_params(const sa_pack *p, xmlXPathContextPtr ctx)
{
	size_t i;
	xmlXPathObjectPtr o;

	o = xmlXPathNewString((const xmlChar *)p->audit_date);
	if (!o || xmlXPathRegisterVariable(ctx, (const xmlChar *)"audit_date",
					   o) != 0)
		return -1;
	for (i = 0; i < p->n_params; i++)
		if (p->params[i].scope < 0 &&
		    register_param(ctx, &p->params[i]) < 0)
			return -1;
	return 0;
}

int sai_pack_register_scoped(const sa_pack *p, void *xpath_ctx, size_t std,
			     int restore)
{
	size_t i;

	for (i = 0; i < p->n_params; i++) {
		const sai_param *pr = &p->params[i];

		if (pr->scope != (long)std)
			continue;
		if (restore)
			pr = sai_pack_find_param(p, pr->name);
		if (pr && register_param(xpath_ctx, pr) < 0)
			return -1;
	}
	return 0;
}

/* ---- the public views ------------------------------------------------------- */

static const char *const kind_names[] = {
	"assert", "require", "count", "value", "contains", "ratio", "unique",
};

static void fill_views(sa_pack *p)
{
	size_t i;

	for (i = 0; i < p->n_standards; i++) {
		sai_standard *s = &p->standards[i];

		s->info.id = s->id;
		s->info.title = s->title;
		s->info.title_en = s->title_en;
		s->info.issuer = s->issuer;
		s->info.version = s->version;
		s->info.source = s->source;
		s->info.file = s->file;
		s->info.jurisdiction = s->area && *s->area ? s->area : NULL;
	}
	for (i = 0; i < p->n_rules; i++) {
		sai_rule *r = &p->rules[i];

		r->info.id = r->id;
		r->info.title = r->title;
		r->info.title_en = r->title_en;
		r->info.kind = kind_names[r->kind];
		r->info.test = r->test.src;
		r->info.message = r->message_src;
		r->info.fix = r->fix;
		r->info.source = r->source;
		r->info.standard = p->standards[r->standard].id;
		r->info.file = p->standards[r->standard].file;
		r->info.collection = r->collection;
	}
	for (i = 0; i < p->n_params; i++) {
		sai_param *pr = &p->params[i];

		pr->info.name = pr->name;
		pr->info.type = sai_param_type_name(pr->type);
		pr->info.value = pr->value;
		pr->info.standard = pr->standard;
	}
}

static sa_status default_xpath(sai_xpath *x, const char *src,
			       const sai_standard *s)
{
	if (x->src)
		return SA_OK;
	x->src = sai_strdup(src);
	x->file = s->file;
	return x->src ? SA_OK : SA_ERR_NOMEM;
}

/* The element of a pack's tree below n that wrote entry v of list key
 * (contract, personal) of a standard, or NULL. */
static const xmlNode *standard_entry(const xmlNode *n, const char *key,
				     const char *v)
{
	const xmlNode *c, *hit = NULL;
	xmlChar *text;

	for (c = n ? n->children : NULL; c && !hit; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp(sai_pack_key_of(c), key) &&
		    !strcmp(sai_pack_key_of(n), "standard")) {
			text = xmlNodeGetContent(c);
			if (text && !strcmp((const char *)text, v))
				hit = c;
			xmlFree(text);
		} else {
			hit = standard_entry(c, key, v);
		}
	}
	return hit;
}

static sa_status compile_personal(const sa_pack *p, xmlXPathContextPtr ctx,
				  sai_standard *s, sa_error *err)
{
	const xmlNode *at;
	size_t i;
	sa_status st = SA_OK;

	if (!s->personal.count)
		return SA_OK;
	s->personal_x = calloc(s->personal.count, sizeof(*s->personal_x));
	if (!s->personal_x)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	for (i = 0; i < s->personal.count && st == SA_OK; i++) {
		s->personal_x[i].src = sai_strdup(s->personal.items[i]);
		s->personal_x[i].file = s->file;
		if (!s->personal_x[i].src)
			return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
					     _("out of memory"));
		at = s->tree ? standard_entry((const xmlNode *)s->tree,
					      "personal",
					      s->personal.items[i]) : NULL;
		s->personal_x[i].line = at ? sai_node_line(at) : s->line;
		s->personal_x[i].column = at ? sai_node_column(at) : s->column;
		st = compile_xpath(p, ctx, &s->personal_x[i], err);
	}
	return st;
}

/* A standard's contract adds fields of its own: naming a field the
 * dossier contract has would take that field out of the contract's type
 * check for every standard of the run. */
static sa_status check_contract(const sai_standard *s, sa_error *err)
{
	const sai_contract *c = sai_contract_bundled();
	const xmlNode *at;
	size_t i;

	for (i = 0; c && i < s->contract.count; i++) {
		if (!sai_contract_has_field(c, s->contract.items[i]))
			continue;
		at = s->tree ? standard_entry((const xmlNode *)s->tree,
					      "contract", s->contract.items[i]) : NULL;
		sai_error_set(err, SA_ERR_PACK, s->file,
			      at ? sai_node_line(at) : s->line,
			      at ? sai_node_column(at) : s->column,
			      _("contract: '%s' is a field of the dossier "
				"contract already (docs/dossier.md); a "
				"standard's contract declares fields of its "
				"own"), s->contract.items[i]);
		sai_error_read_source(err);
		return SA_ERR_PACK;
	}
	return SA_OK;
}

static sa_status compile_standards(sa_pack *p, xmlXPathContextPtr ctx,
				   sa_error *err)
{
	size_t i;
	sa_status st = SA_OK;

	for (i = 0; i < p->n_standards && st == SA_OK; i++) {
		sai_standard *s = &p->standards[i];

		if (default_xpath(&s->records, "/station", s) ||
		    default_xpath(&s->record_id, "id", s) ||
		    default_xpath(&s->record_name, "name", s) ||
		    default_xpath(&s->record_region, "region/code", s))
			return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
					     _("out of memory"));
		if ((st = compile_xpath(p, ctx, &s->records, err)) ||
		    (st = compile_xpath(p, ctx, &s->record_id, err)) ||
		    (st = compile_xpath(p, ctx, &s->record_name, err)) ||
		    (st = compile_xpath(p, ctx, &s->record_region, err)))
			return st;
		if ((st = compile_personal(p, ctx, s, err)) != SA_OK ||
		    (st = check_contract(s, err)) != SA_OK)
			return st;
		if (s->tree) {
			sai_tree_free(s->tree);
			s->tree = NULL;
		}
	}
	return st;
}

sa_status sai_pack_compile_rules(sa_pack *p, sa_error *err)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(NULL);
	sai_xpfunc_env env;
	size_t i;
	sa_status st = SA_OK;

	memset(&env, 0, sizeof(env));
	env.regexes = p->regexes;
	env.refs = p->refs;
	memcpy(env.audit_date, p->audit_date, sizeof(env.audit_date));
	if (!ctx || sai_xpfunc_register(ctx, &env) < 0 ||
	    sai_pack_register_params(p, ctx) < 0 ||
	    xmlXPathRegisterNs(ctx, (const xmlChar *)"sa",
			       (const xmlChar *)"urn:stationaudit:tree") != 0 ||
	    register_collection_vars(ctx) < 0) {
		st = sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
		goto out;
	}
	if ((st = compile_standards(p, ctx, err)) != SA_OK)
		goto out;
	for (i = 0; i < p->n_rules; i++)
		p->n_collection += p->rules[i].collection;
	/* What collection rules name is what each record keeps for them. */
	if (p->n_collection && !(p->collect_names = xmlHashCreate(64))) {
		st = sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
		goto out;
	}
	for (i = 0; i < p->n_rules && st == SA_OK; i++)
		st = compile_rule(p, ctx, &p->rules[i], err);
out:
	if (ctx)
		xmlXPathFreeContext(ctx);
	return st;
}

/* An error about a table as a whole (a folder, a FIFO, too large: no
 * line of it to show) is put where the pack declares it, naming it. */
static void at_declaration(const sai_refdecl *d, sa_status st, sa_error *err)
{
	char msg[sizeof(err->message)];

	if (!err || err->line || st == SA_ERR_NOMEM ||
	    strcmp(err->file, d->path))
		return;
	memcpy(msg, err->message, sizeof(msg));
	sai_error_set(err, st, d->file, d->line, d->column, "%s: %s",
		      d->path, msg);
	sai_error_read_source(err);
}

/* Each standard's readable tables (sai_standard.tables). */
static sa_status bind_tables(sa_pack *p, sa_error *err)
{
	size_t i, j;

	for (i = 0; i < p->n_standards; i++) {
		sai_standard *s = &p->standards[i];

		free(s->tables);
		s->n_tables = 0;
		if (!(s->tables = calloc(p->n_refdecls + 1, sizeof(*s->tables))))
			return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
					     _("out of memory"));
		for (j = 0; j < p->n_refdecls; j++)
			if (std_reads(p, i, &p->refdecls[j]))
				s->tables[s->n_tables++] = p->refdecls[j].name;
	}
	return SA_OK;
}

static sa_status load_references(sa_pack *p, sa_error *err)
{
	size_t i;
	sa_status st = SA_OK;

	if (!p->n_refdecls)
		return SA_OK;
	if (!p->refs && !(p->refs = sai_refs_new()))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	for (i = 0; i < p->n_refdecls && st == SA_OK; i++) {
		st = sai_refs_load_csv_in(p->refs, p->refdecls[i].name,
					  p->refdecls[i].path,
					  p->refdecls[i].key,
					  p->refdecls[i].dir, err);
		if (st != SA_OK)
			at_declaration(&p->refdecls[i], st, err);
	}
	return st;
}

sa_status sa_pack_compile(sa_pack *p, sa_error *err)
{
	sa_status st;

	if (p->compiled)
		return SA_OK;
	if (p->n_standards == 0)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("no standard loaded"));
	if (!p->regexes && !(p->regexes = sai_regex_cache_new(NULL)))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	if ((st = sai_pack_apply_profiles(p, err)) != SA_OK ||
	    (st = apply_overrides(p, err)) != SA_OK ||
	    (st = apply_rule_overrides(p, err)) != SA_OK ||
	    (st = load_references(p, err)) != SA_OK ||
	    (st = bind_tables(p, err)) != SA_OK ||
	    (st = check_region(p, err)) != SA_OK)
		return st;
	drop_disabled(p);
	mark_unjudged(p);
	if ((st = mark_areas(p, err)) != SA_OK)
		return st;
	if ((st = sai_pack_bind_basis(p, err)) != SA_OK)
		return st;
	if ((st = sai_pack_compile_rules(p, err)) != SA_OK)
		return st;
	fill_views(p);
	if ((st = sai_pack_view_run(p)) != SA_OK)
		return sai_error_set(err, st, NULL, 0, 0, _("out of memory"));
	p->compiled = 1;
	return SA_OK;
}
