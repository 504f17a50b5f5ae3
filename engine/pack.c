/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack.c - loading rule packs: finding them, reading their YAML into a
 * tree, checking every key, resolving `extends`, merging parameters and
 * rules.  Compiling the expressions is compile.c's.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xpath.h>

#include "i18n.h"
#include "pack-internal.h"
#include "refs-internal.h"
#include "sha256-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"
#include "i18n.h"

#define MAX_PACK_BYTES (16ul * 1024 * 1024)
#define MAX_EXTENDS_DEPTH 16

/* ---- lists ------------------------------------------------------------ */

int sai_strlist_add(sai_strlist *l, const char *s)
{
	char **p = realloc(l->items, (l->count + 1) * sizeof(*p));

	if (!p)
		return -1;
	l->items = p;
	if (!(p[l->count] = sai_strdup(s)))
		return -1;
	l->count++;
	return 0;
}

void sai_strlist_release(sai_strlist *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

/* Grows an array of elements of size sz to hold one more. */
static void *grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	void *p;
	size_t c;

	if (n < *cap)
		return arr;
	c = *cap ? *cap * 2 : 8;
	p = realloc(arr, c * sz);
	if (p) {
		*cap = c;
		memset((char *)p + n * sz, 0, (c - n) * sz);
	}
	return p;
}

/* ---- the pack object ----------------------------------------------------- */

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm))
		strftime(out, 11, "%Y-%m-%d", &tm);
	else
		snprintf(out, 11, "1970-01-01");
}

sa_pack *sa_pack_new(void)
{
	sa_pack *p = calloc(1, sizeof(*p));

	if (p)
		today(p->audit_date);
	return p;
}

static void xpath_release(sai_xpath *x)
{
	free(x->src);
	sai_plan_free(x->plan);
	if (x->comp)
		xmlXPathFreeCompExpr(x->comp);
	memset(x, 0, sizeof(*x));
}

void sai_pack_release_rule(sai_rule *r)
{
	xpath_release(&r->applies);
	xpath_release(&r->test);
	xpath_release(&r->where);
	xpath_release(&r->for_each);
	free(r->min.text);
	free(r->max.text);
	sai_strlist_release(&r->in);
	sai_strlist_release(&r->any);
	sai_strlist_release(&r->tags);
	free(r->pattern);
	free(r->flags);
	free(r->message_src);
	free(r->message_en_src);
	sai_template_free(r->message);
	sai_template_free(r->message_en);
	free(r->id);
	free(r->title);
	free(r->title_en);
	free(r->fix);
	free(r->source);
	free(r->indicator);
	sai_basis_release(&r->basis);
}

void sai_basis_release(sai_basis *b)
{
	free(b->quote);
	free(b->reason);
	free(b->reason_en);
	free(b->cite);
	sai_strlist_release(&b->params);
	memset(b, 0, sizeof(*b));
}

static void standard_release(sai_standard *s)
{
	free(s->id);
	free(s->title);
	free(s->title_en);
	free(s->issuer);
	free(s->version);
	free(s->source);
	free(s->cite_headline);
	free(s->cite_publisher);
	free(s->cite_date);
	free(s->cite_file);
	free(s->file);
	free(s->dir);
	free(s->real);
	sai_strlist_release(&s->extends);
	if (s->personal_x) {
		size_t i;

		for (i = 0; i < s->personal.count; i++)
			xpath_release(&s->personal_x[i]);
		free(s->personal_x);
	}
	sai_strlist_release(&s->personal);
	sai_strlist_release(&s->contract);
	xpath_release(&s->records);
	xpath_release(&s->record_id);
	xpath_release(&s->record_name);
	xpath_release(&s->record_region);
	if (s->tree)
		sai_tree_free(s->tree);
}

static void profile_list_release(sai_profile_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->items[i].key);
	free(l->items);
}

static void profile_release(sai_profile *pr)
{
	free(pr->name);
	free(pr->description);
	sai_basis_release(&pr->basis);
	profile_list_release(&pr->grades);
	profile_list_release(&pr->weights);
	profile_list_release(&pr->points);
	profile_list_release(&pr->veto);
	sai_strlist_release(&pr->params);
	sai_strlist_release(&pr->rules);
}

void sa_pack_free(sa_pack *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_rules; i++)
		sai_pack_release_rule(&p->rules[i]);
	for (i = 0; i < p->n_standards; i++)
		standard_release(&p->standards[i]);
	for (i = 0; i < p->n_params; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
		free(p->params[i].standard);
	}
	for (i = 0; i < p->n_grades; i++)
		free(p->grades[i].name);
	free(p->grades);
	for (i = 0; i < p->n_indicators; i++) {
		free(p->indicators[i].id);
		free(p->indicators[i].title);
	}
	free(p->indicators);
	free(p->rules);
	free(p->standards);
	free(p->params);
	free(p->param_view);
	for (i = 0; i < p->n_refdecls; i++) {
		free(p->refdecls[i].name);
		free(p->refdecls[i].path);
		free(p->refdecls[i].key);
	}
	free(p->refdecls);
	sai_refs_free(p->refs);
	sai_strlist_release(&p->search);
	sai_strlist_release(&p->overrides);
	sai_strlist_release(&p->disabled);
	sai_strlist_release(&p->severities);
	sai_strlist_release(&p->profile);
	for (i = 0; i < p->n_profiles; i++)
		profile_release(&p->profile_decls[i]);
	free(p->profile_decls);
	sai_regex_cache_free(p->regexes);
	if (p->collect_names)
		xmlHashFree(p->collect_names, NULL);
	free(p);
}

sa_status sa_pack_add_search_dir(sa_pack *p, const char *dir, sa_error *err)
{
	if (p->compiled)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the pack is already compiled"));
	if (sai_strlist_add(&p->search, dir) < 0)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

sa_status sa_pack_set_param(sa_pack *p, const char *name, const char *value,
			    sa_error *err)
{
	sai_strbuf sb;

	if (p->compiled)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the pack is already compiled"));
	if (!name || !*name || !value)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a parameter needs a name and a value"));
	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s=%s", name, value);
	if (sb.failed || sai_strlist_add(&p->overrides, sai_strbuf_str(&sb))) {
		sai_strbuf_release(&sb);
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	}
	sai_strbuf_release(&sb);
	return SA_OK;
}

sa_status sa_pack_set_profile(sa_pack *p, const char *name, sa_error *err)
{
	if (p->compiled)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the pack is already compiled"));
	if (!name || !*name)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a profile needs a name"));
	for (size_t i = 0; i < p->profile.count; i++)
		if (!strcmp(p->profile.items[i], name))
			return SA_OK;
	if (sai_strlist_add(&p->profile, name) < 0)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

sa_status sa_pack_disable_rules(sa_pack *p, const char *pattern,
				sa_error *err)
{
	if (p->compiled || !pattern || !*pattern)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a rule pattern is needed, before compile"));
	if (sai_strlist_add(&p->disabled, pattern) < 0)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

sa_status sa_pack_set_severity(sa_pack *p, const char *pattern,
			       sa_severity severity, sa_error *err)
{
	sai_strbuf sb;
	int rc;

	if (p->compiled || !pattern || !*pattern ||
	    !sa_severity_name(severity))
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a rule pattern and a severity are "
				     "needed, before compile"));
	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%d=%s", (int)severity, pattern);
	rc = sb.failed ? -1 : sai_strlist_add(&p->severities,
					       sai_strbuf_str(&sb));
	sai_strbuf_release(&sb);
	if (rc < 0)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

sa_status sa_pack_set_audit_date(sa_pack *p, const char *date, sa_error *err)
{
	size_t n = date ? strlen(date) : 0;
	int y, m, d;
	char *end;

	if (n != 10 || date[4] != '-' || date[7] != '-')
		goto bad;
	y = (int)strtol(date, &end, 10);
	if (end != date + 4)
		goto bad;
	m = (int)strtol(date + 5, &end, 10);
	if (end != date + 7)
		goto bad;
	d = (int)strtol(date + 8, &end, 10);
	if (end != date + 10 || y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
		goto bad;
	{
		static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31,
					     30, 31, 30, 31 };
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
			goto bad;
	}
	memcpy(p->audit_date, date, 11);
	return SA_OK;
bad:
	return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
			     _("audit date '%s' is not a valid YYYY-MM-DD date"),
			     date ? date : "");
}

/* ---- reading the tree ------------------------------------------------------ */

typedef struct loader {
	sa_pack *pack;
	sai_standard *std;         /* the standard being read */
	size_t std_index;
	const char *buf;           /* the pack file's bytes (for carets) */
	size_t len;
	sa_error *err;
	int depth;                 /* extends nesting */
	const struct loader *up;   /* the loader of the extending pack */
} loader;

/* The key an element stands for. */
static const char *key_of(const xmlNode *n)
{
	if (!strcmp((const char *)n->name, "_")) {
		const xmlAttr *a;

		for (a = n->properties; a; a = a->next)
			if (!strcmp((const char *)a->name, "key") &&
			    a->children)
				return (const char *)a->children->content;
	}
	return (const char *)n->name;
}

static int is_item(const xmlNode *n)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->name, "item"))
			return 1;
	return 0;
}

/* An empty list written in the pack ("key: []"). */
static int is_empty_list(const xmlNode *n)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->name, "empty"))
			return 1;
	return 0;
}

static int has_children(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

static sa_status lerr(loader *l, const xmlNode *n, sa_status st,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static sa_status lerr(loader *l, const xmlNode *n, sa_status st,
		      const char *fmt, ...)
{
	char msg[SA_ERROR_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sai_error_set(l->err, st, l->std ? l->std->file : NULL,
		      n ? sai_node_line(n) : 0, n ? sai_node_column(n) : 0,
		      "%s", msg);
	if (n && l->buf)
		sai_error_set_source(l->err, l->buf, l->len, sai_node_line(n));
	return st;
}

static sa_status nomem(loader *l)
{
	return lerr(l, NULL, SA_ERR_NOMEM, _("out of memory"));
}

/* The text of a scalar element; refuses mappings and (unless item_ok)
 * list items. */
static sa_status scalar_ex(loader *l, const xmlNode *n, int item_ok,
			   char **out)
{
	xmlChar *c;

	*out = NULL;
	if (has_children(n) || (is_item(n) && !item_ok))
		return lerr(l, n, SA_ERR_PACK,
			    _("'%s' must be a single value (text or number)"),
			    key_of(n));
	c = xmlNodeGetContent(n);
	if (!c)
		return nomem(l);
	*out = sai_strdup((const char *)c);
	xmlFree(c);
	return *out ? SA_OK : nomem(l);
}

static sa_status scalar(loader *l, const xmlNode *n, char **out)
{
	return scalar_ex(l, n, 0, out);
}

static sa_status nonempty_scalar(loader *l, const xmlNode *n, char **out)
{
	sa_status st = scalar(l, n, out);

	if (st == SA_OK && !**out) {
		free(*out);
		*out = NULL;
		return lerr(l, n, SA_ERR_PACK, _("'%s' must not be empty"),
			    key_of(n));
	}
	return st;
}

/* A value or a list of values: n is the first element of the key; the
 * list's other items follow as siblings of the same key. */
static sa_status list_of(loader *l, const xmlNode *n, sai_strlist *out,
			 const xmlNode **last)
{
	const char *key = key_of(n);
	const xmlNode *c = n;
	sa_status st;
	char *v;

	for (; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(key_of(c), key) != 0)
			break;
		if (is_empty_list(c)) {
			*last = c;
			break;
		}
		if ((st = scalar_ex(l, c, 1, &v)) != SA_OK)
			return st;
		if (!is_item(c) && !*v) {
			free(v);
			*last = c;
			continue;
		}
		if (sai_strlist_add(out, v) < 0) {
			free(v);
			return nomem(l);
		}
		free(v);
		*last = c;
		if (!is_item(c))
			break;
	}
	return SA_OK;
}

static sa_status set_xpath(loader *l, const xmlNode *n, sai_xpath *x)
{
	sa_status st;

	if (x->src)
		return lerr(l, n, SA_ERR_PACK, _("'%s' given twice"), key_of(n));
	if ((st = nonempty_scalar(l, n, &x->src)) != SA_OK)
		return st;
	x->file = l->std->file;
	x->line = sai_node_line(n);
	x->column = sai_node_column(n);
	return SA_OK;
}

static sa_status set_string(loader *l, const xmlNode *n, char **field)
{
	if (*field)
		return lerr(l, n, SA_ERR_PACK, _("'%s' given twice"), key_of(n));
	return nonempty_scalar(l, n, field);
}

/* A string, remembering where it was written (for later errors). */
static sa_status set_string_at(loader *l, const xmlNode *n, char **field,
			       sai_where *at)
{
	at->line = sai_node_line(n);
	at->column = sai_node_column(n);
	return set_string(l, n, field);
}

/* ---- parameters -------------------------------------------------------------- */

const char *sai_param_type_name(sai_param_type t)
{
	static const char *const names[] = { "string", "number", "boolean",
					     "date" };

	return names[t];
}

static int param_type_parse(const char *s, sai_param_type *t)
{
	if (!strcmp(s, "string"))
		*t = SAI_PARAM_STRING;
	else if (!strcmp(s, "number"))
		*t = SAI_PARAM_NUMBER;
	else if (!strcmp(s, "boolean"))
		*t = SAI_PARAM_BOOLEAN;
	else if (!strcmp(s, "date"))
		*t = SAI_PARAM_DATE;
	else
		return -1;
	return 0;
}

static sai_param_type type_from_node(const xmlNode *n)
{
	const char *t = sai_node_type(n);

	if (!strcmp(t, "integer") || !strcmp(t, "float"))
		return SAI_PARAM_NUMBER;
	if (!strcmp(t, "boolean"))
		return SAI_PARAM_BOOLEAN;
	if (!strcmp(t, "date"))
		return SAI_PARAM_DATE;
	return SAI_PARAM_STRING;
}

const sai_param *sai_pack_find_param(const sa_pack *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n_params; i++)
		if (p->params[i].scope < 0 && !strcmp(p->params[i].name, name))
			return &p->params[i];
	return NULL;
}

const sai_param *sai_pack_find_param_for(const sa_pack *p, const char *name,
					 size_t std)
{
	size_t i;

	for (i = 0; i < p->n_params; i++)
		if (p->params[i].scope == (long)std &&
		    !strcmp(p->params[i].name, name))
			return &p->params[i];
	return sai_pack_find_param(p, name);
}

int sai_pack_has_scoped(const sa_pack *p, size_t std)
{
	size_t i;

	for (i = 0; i < p->n_params; i++)
		if (p->params[i].scope == (long)std)
			return 1;
	return 0;
}

/* 1 when standard a (transitively) extends the standard with id b_id. */
static int extends_std(const sa_pack *p, size_t a, const char *b_id, int depth)
{
	const sai_strlist *ext = &p->standards[a].extends;
	size_t i, j;

	if (depth > MAX_EXTENDS_DEPTH)
		return 0;
	for (i = 0; i < ext->count; i++) {
		for (j = 0; j < p->n_standards; j++) {
			const sai_standard *s = &p->standards[j];

			if (s->id && !strcmp(s->id, ext->items[i]) &&
			    (!strcmp(s->id, b_id) ||
			     extends_std(p, j, b_id, depth + 1)))
				return 1;
		}
	}
	return 0;
}

static sa_status add_param_entry(loader *l, const char *name,
				 const xmlNode *key, sai_param_type type,
				 const char *value, long scope)
{
	sa_pack *p = l->pack;
	sai_param *np = grow(p->params, &p->cap_params, p->n_params,
			     sizeof(*np));

	if (!np)
		return nomem(l);
	p->params = np;
	np = &p->params[p->n_params];
	memset(np, 0, sizeof(*np));
	np->name = sai_strdup(name);
	np->value = sai_strdup(value);
	np->standard = sai_strdup(l->std->id);
	np->type = type;
	np->scope = scope;
	np->file = l->std->file;
	np->line = sai_node_line(key);
	np->column = sai_node_column(key);
	p->n_params++;
	return np->name && np->value && np->standard ? SA_OK : nomem(l);
}

static sa_status add_param(loader *l, const xmlNode *key, const char *name,
			   sai_param_type type, const char *value)
{
	sa_pack *p = l->pack;
	sai_param *old = (sai_param *)sai_pack_find_param(p, name);

	if (old) {
		if (old->type != type)
			return lerr(l, key, SA_ERR_PACK, _("parameter '%s' is a "
				    "%s in standard '%s' but a %s here"), name,
				    sai_param_type_name(old->type), old->standard,
				    sai_param_type_name(type));
		/* Unrelated packs may give one name different defaults
		 * (each city its region): each keeps its own. */
		if (strcmp(old->value, value) != 0 &&
		    !extends_std(p, l->std_index, old->standard, 0))
			return add_param_entry(l, name, key, type, value,
					       (long)l->std_index);
		free(old->value);
		free(old->standard);
		old->value = sai_strdup(value);
		old->standard = sai_strdup(l->std->id);
		return old->value && old->standard ? SA_OK : nomem(l);
	}
	return add_param_entry(l, name, key, type, value, -1);
}

/* Checks that text is a valid value of the type; NULL when it is. */
static const char *param_value_problem(sai_param_type t, const char *v)
{
	char *end;

	switch (t) {
	case SAI_PARAM_NUMBER:
		errno = 0;
		if (!*v || (strtod(v, &end), *end) || errno)
			return _("a number");
		return NULL;
	case SAI_PARAM_BOOLEAN:
		return strcmp(v, "true") && strcmp(v, "false") ?
			_("true or false") : NULL;
	case SAI_PARAM_DATE: {
		sa_pack tmp;

		if (sa_pack_set_audit_date(&tmp, v, NULL) != SA_OK)
			return _("a date YYYY-MM-DD");
		return NULL;
	}
	default:
		return NULL;
	}
}

static sa_status long_param(loader *l, const xmlNode *n, const char *name)
{
	const xmlNode *c, *def = NULL;
	sai_param_type type = SAI_PARAM_STRING;
	int typed = 0;
	char *v = NULL;
	sa_status st;

	for (c = n->children; c; c = c->next) {
		const char *k;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = key_of(c);
		if (!strcmp(k, "default")) {
			def = c;
		} else if (!strcmp(k, "type")) {
			if ((st = scalar(l, c, &v)) != SA_OK)
				return st;
			typed = param_type_parse(v, &type) == 0;
			free(v);
			if (!typed)
				return lerr(l, c, SA_ERR_PACK, _("unknown "
					    "parameter type; expected string, "
					    "number, boolean or date"));
		} else if (strcmp(k, "description") != 0) {
			return lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in "
				    "parameter '%s'; expected default, type or "
				    "description"), k, name);
		}
	}
	if (!def)
		return lerr(l, n, SA_ERR_PACK, _("parameter '%s' needs a default"),
			    name);
	if ((st = scalar(l, def, &v)) != SA_OK)
		return st;
	if (!typed)
		type = type_from_node(def);
	st = param_value_problem(type, v) ?
		lerr(l, def, SA_ERR_PACK, _("the default of '%s' must be %s"),
		     name, param_value_problem(type, v)) :
		add_param(l, n, name, type, v);
	free(v);
	return st;
}

static sa_status read_params(loader *l, const xmlNode *params)
{
	const xmlNode *n;
	sa_status st = SA_OK;
	char *v;

	for (n = params->children; n && st == SA_OK; n = n->next) {
		const char *name;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		name = key_of(n);
		if (is_item(n))
			return lerr(l, n, SA_ERR_PACK, _("'params' must be a "
				    "mapping of names to defaults"));
		if (!sai_tree_name_ok(name) || !strcmp(name, "audit_date"))
			return lerr(l, n, SA_ERR_PACK, _("'%s' cannot be a "
				    "parameter name"), name);
		if (has_children(n)) {
			st = long_param(l, n, name);
			continue;
		}
		if ((st = scalar(l, n, &v)) != SA_OK)
			return st;
		st = add_param(l, n, name, type_from_node(n), v);
		free(v);
	}
	return st;
}

/* ---- grades ---------------------------------------------------------------- */

static int grade_cmp(const void *a, const void *b)
{
	const sai_grade *x = a, *y = b;

	return (x->min < y->min) - (x->min > y->min);
}

static sa_status read_grades(loader *l, const xmlNode *g)
{
	sa_pack *p = l->pack;
	const xmlNode *n;
	char *v, *end;
	sai_grade *ng;
	size_t i;

	for (i = 0; i < p->n_grades; i++)
		free(p->grades[i].name);
	p->n_grades = 0;
	for (n = g->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (scalar(l, n, &v) != SA_OK)
			return l->err ? l->err->status : SA_ERR_PACK;
		double min = strtod(v, &end);
		int bad = !*v || *end || min < 0 || min > 100 || isnan(min);

		free(v);
		if (bad)
			return lerr(l, n, SA_ERR_PACK, _("grade '%s' needs a "
				    "minimum score from 0 to 100"), key_of(n));
		ng = realloc(p->grades, (p->n_grades + 1) * sizeof(*ng));
		if (!ng)
			return nomem(l);
		p->grades = ng;
		ng[p->n_grades].min = min;
		if (!(ng[p->n_grades].name = sai_strdup(key_of(n))))
			return nomem(l);
		p->n_grades++;
	}
	if (p->n_grades > 1)
		qsort(p->grades, p->n_grades, sizeof(*p->grades), grade_cmp);
	return SA_OK;
}

static sa_status set_number(loader *l, const xmlNode *n, double *out);

/* ---- basis: what a rule or a profile rests on (docs/rules.md) -------------- */

static const char *const basis_kinds[] = {
	"", "requirement", "interpretation", "national", "setting", NULL,
};

static sa_status basis_kind(loader *l, const xmlNode *n, sai_basis *b)
{
	char *v;
	sa_status st = scalar(l, n, &v);
	int i;

	if (st != SA_OK)
		return st;
	for (i = 1; basis_kinds[i]; i++)
		if (!strcmp(v, basis_kinds[i]))
			b->pub.kind = (sa_basis_kind)i;
	if (b->pub.kind == SA_BASIS_NONE)
		st = lerr(l, n, SA_ERR_PACK, _("unknown basis kind '%s'; "
			  "expected requirement, interpretation, national or "
			  "setting"), v);
	free(v);
	return st;
}

static sa_status basis_key(loader *l, const xmlNode *n, sai_basis *b,
			   const xmlNode **last)
{
	const char *k = key_of(n);

	*last = n;
	if (!strcmp(k, "kind")) {
		if (b->pub.kind != SA_BASIS_NONE)
			return lerr(l, n, SA_ERR_PACK, "'%s' given twice", k);
		return basis_kind(l, n, b);
	}
	if (!strcmp(k, "quote"))
		return set_string(l, n, &b->quote);
	if (!strcmp(k, "reason"))
		return set_string(l, n, &b->reason);
	if (!strcmp(k, "reason-en"))
		return set_string(l, n, &b->reason_en);
	if (!strcmp(k, "cite"))
		return set_string(l, n, &b->cite);
	if (!strcmp(k, "params"))
		return list_of(l, n, &b->params, last);
	return lerr(l, n, SA_ERR_PACK, _("unknown key '%s' in 'basis'; "
		    "expected kind, quote, reason, reason-en, cite or params"),
		    k);
}

/* basis: {kind, quote, reason, reason-en, cite, params}; a reason is
 * required where the pack chose (interpretation, setting). */
static sa_status read_basis(loader *l, const xmlNode *n, sai_basis *b)
{
	const xmlNode *c, *last;
	sa_status st = SA_OK;

	if (b->set)
		return lerr(l, n, SA_ERR_PACK, "'%s' given twice", key_of(n));
	b->set = 1;
	b->file = l->std->file;
	b->line = sai_node_line(n);
	b->column = sai_node_column(n);
	if (!has_children(n))
		return lerr(l, n, SA_ERR_PACK, _("'basis' must be a mapping: "
			    "{kind: requirement, quote: \"...\"}"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = basis_key(l, c, b, &last);
		c = last;
	}
	if (st != SA_OK)
		return st;
	if (b->pub.kind == SA_BASIS_NONE)
		return lerr(l, n, SA_ERR_PACK, _("'basis' needs a 'kind': "
			    "requirement, interpretation, national or "
			    "setting"));
	if (!b->reason && (b->pub.kind == SA_BASIS_INTERPRETATION ||
			   b->pub.kind == SA_BASIS_SETTING))
		return lerr(l, n, SA_ERR_PACK, _("a basis of kind '%s' needs a "
			    "'reason': what the pack chose and why"),
			    basis_kinds[b->pub.kind]);
	return SA_OK;
}

/* ---- rules ------------------------------------------------------------------- */

static const char *const kind_names[] = {
	"assert", "require", "count", "value", "contains", "ratio", "unique",
};
#define N_KINDS (sizeof(kind_names) / sizeof(kind_names[0]))

static sa_status set_bound(loader *l, const xmlNode *n, sai_bound *b)
{
	char *v, *end;
	sa_status st;

	if (b->set)
		return lerr(l, n, SA_ERR_PACK, _("'%s' given twice"), key_of(n));
	if ((st = nonempty_scalar(l, n, &v)) != SA_OK)
		return st;
	b->set = 1;
	b->text = v;
	b->line = sai_node_line(n);
	b->column = sai_node_column(n);
	if (v[0] == '$')
		return SA_OK;
	errno = 0;
	b->value = strtod(v, &end);
	if (*end || errno || isnan(b->value))
		return lerr(l, n, SA_ERR_PACK, _("'%s' must be a number or a "
			    "$parameter, not '%s'"), key_of(n), v);
	return SA_OK;
}

static sa_status set_kind(loader *l, sai_rule *r, const xmlNode *n,
			  sai_check_kind kind, int *have_kind)
{
	if (*have_kind)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s' has two checks "
			    "('%s' and '%s'); a rule has exactly one"),
			    r->id ? r->id : "?", kind_names[r->kind],
			    kind_names[kind]);
	*have_kind = 1;
	r->kind = kind;
	return SA_OK;
}

static sa_status read_ratio(loader *l, sai_rule *r, const xmlNode *n)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	if (!has_children(n))
		return lerr(l, n, SA_ERR_PACK, _("'ratio' must be a mapping: "
			    "{of: XPATH, where: XPATH, min: 0.5}"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		const char *k;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = key_of(c);
		if (!strcmp(k, "of"))
			st = set_xpath(l, c, &r->test);
		else if (!strcmp(k, "where"))
			st = set_xpath(l, c, &r->where);
		else if (!strcmp(k, "min"))
			st = set_bound(l, c, &r->min);
		else if (!strcmp(k, "max"))
			st = set_bound(l, c, &r->max);
		else
			st = lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in "
				  "'ratio'; expected of, where, min or max"), k);
	}
	if (st == SA_OK && (!r->test.src || !r->where.src))
		st = lerr(l, n, SA_ERR_PACK, _("'ratio' needs 'of' and 'where'"));
	return st;
}

static sa_status set_flag(loader *l, const xmlNode *n, int *flag)
{
	char *v;
	sa_status st = scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	if (!strcmp(v, "true"))
		*flag = 1;
	else if (!strcmp(v, "false"))
		*flag = 0;
	else
		st = lerr(l, n, SA_ERR_PACK, _("'%s' must be true or false"),
			  key_of(n));
	free(v);
	return st;
}

static sa_status set_severity(loader *l, sai_rule *r, const xmlNode *n)
{
	char *v;
	sa_status st = scalar(l, n, &v);

	if (st == SA_OK && sa_severity_parse(v, &r->info.severity) < 0)
		st = lerr(l, n, SA_ERR_PACK, _("unknown severity '%s'; expected "
			  "critical, major, minor or info"), v);
	free(v);
	return st;
}

static sa_status set_weight(loader *l, sai_rule *r, const xmlNode *n)
{
	char *v, *end;
	sa_status st = scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	r->info.weight = strtod(v, &end);
	if (!*v || *end || r->info.weight < 0 || isnan(r->info.weight) ||
	    isinf(r->info.weight))
		st = lerr(l, n, SA_ERR_PACK, _("'weight' must be a number of 0 "
			  "or more, not '%s'"), v);
	free(v);
	return st;
}

static sa_status set_format(loader *l, sai_rule *r, const xmlNode *n)
{
	static const char *const names[] = {
		"", "uscc", "id-number", "division-code", "date", "integer",
		"number", "boolean", NULL,
	};
	char *v;
	sa_status st = scalar(l, n, &v);
	int i;

	if (st != SA_OK)
		return st;
	for (i = 1; names[i]; i++)
		if (!strcmp(v, names[i]))
			r->format = (sai_format)i;
	if (r->format == SAI_FORMAT_NONE)
		st = lerr(l, n, SA_ERR_PACK, _("unknown format '%s'; expected "
			  "uscc, id-number, division-code, date, integer, "
			  "number or boolean"), v);
	free(v);
	return st;
}

static sa_status set_scope(loader *l, sai_rule *r, const xmlNode *n)
{
	char *v;
	sa_status st = scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	if (!strcmp(v, "collection"))
		r->collection = 1;
	else if (strcmp(v, "record") != 0)
		st = lerr(l, n, SA_ERR_PACK, _("unknown scope '%s'; expected "
			  "record or collection"), v);
	free(v);
	return st;
}

/* One key of a rule; *next is set past a list's items. */
static sa_status rule_key(loader *l, sai_rule *r, const xmlNode *n,
			  int *have_kind, const xmlNode **last)
{
	const char *k = key_of(n);
	size_t i;

	*last = n;
	for (i = 0; i < N_KINDS; i++) {
		if (strcmp(k, kind_names[i]) != 0)
			continue;
		if (set_kind(l, r, n, (sai_check_kind)i, have_kind) != SA_OK)
			return l->err->status;
		if (i == SAI_CHECK_RATIO)
			return read_ratio(l, r, n);
		return set_xpath(l, n, &r->test);
	}
	if (!strcmp(k, "id"))
		return set_string(l, n, &r->id);
	if (!strcmp(k, "title"))
		return set_string(l, n, &r->title);
	if (!strcmp(k, "title-en"))
		return set_string(l, n, &r->title_en);
	if (!strcmp(k, "severity"))
		return set_severity(l, r, n);
	if (!strcmp(k, "weight"))
		return set_weight(l, r, n);
	if (!strcmp(k, "indicator"))
		return set_string(l, n, &r->indicator);
	if (!strcmp(k, "deduct")) {
		r->has_deduct = 1;
		return set_number(l, n, &r->deduct);
	}
	if (!strcmp(k, "veto"))
		return set_flag(l, n, &r->veto);
	if (!strcmp(k, "tags"))
		return list_of(l, n, &r->tags, last);
	if (!strcmp(k, "applies"))
		return set_xpath(l, n, &r->applies);
	if (!strcmp(k, "min"))
		return set_bound(l, n, &r->min);
	if (!strcmp(k, "max"))
		return set_bound(l, n, &r->max);
	if (!strcmp(k, "in") || !strcmp(k, "all"))
		return list_of(l, n, &r->in, last);
	if (!strcmp(k, "any"))
		return list_of(l, n, &r->any, last);
	if (!strcmp(k, "pattern"))
		return set_string_at(l, n, &r->pattern, &r->pattern_at);
	if (!strcmp(k, "flags"))
		return set_string(l, n, &r->flags);
	if (!strcmp(k, "format"))
		return set_format(l, r, n);
	if (!strcmp(k, "each"))
		return set_flag(l, n, &r->each);
	if (!strcmp(k, "optional"))
		return set_flag(l, n, &r->optional);
	if (!strcmp(k, "key"))
		return set_xpath(l, n, &r->where);
	if (!strcmp(k, "for-each"))
		return set_xpath(l, n, &r->for_each);
	if (!strcmp(k, "scope"))
		return set_scope(l, r, n);
	if (!strcmp(k, "message"))
		return set_string_at(l, n, &r->message_src, &r->message_at);
	if (!strcmp(k, "message-en"))
		return set_string_at(l, n, &r->message_en_src,
				     &r->message_en_at);
	if (!strcmp(k, "fix"))
		return set_string(l, n, &r->fix);
	if (!strcmp(k, "source"))
		return set_string(l, n, &r->source);
	if (!strcmp(k, "basis"))
		return read_basis(l, n, &r->basis);
	return lerr(l, n, SA_ERR_PACK, _("unknown key '%s' in a rule; expected "
		    "id, title, title-en, severity, weight, scope, for-each, "
		    "applies, a check (assert, require, count, value, "
		    "contains, ratio, unique) and its options, message, "
		    "message-en, fix, basis, source, tags, indicator, deduct, "
		    "veto"), k);
}

/* Which options go with which check; a misplaced one is an error, since a
 * silently ignored 'min' would make a rule pass that should not. */
static sa_status check_options(loader *l, const sai_rule *r, const xmlNode *n)
{
	int value = r->kind == SAI_CHECK_VALUE;
	int bounds = value || r->kind == SAI_CHECK_COUNT ||
		     r->kind == SAI_CHECK_RATIO;
	const char *bad = NULL;

	if ((r->min.set || r->max.set) && !bounds)
		bad = "min/max";
	else if (r->in.count && !value && r->kind != SAI_CHECK_CONTAINS)
		bad = "in/all";
	else if (r->any.count && r->kind != SAI_CHECK_CONTAINS)
		bad = "any";
	else if ((r->pattern || r->format || r->each) && !value)
		bad = "pattern/format/each";
	else if (r->where.src && r->kind != SAI_CHECK_UNIQUE &&
		 r->kind != SAI_CHECK_RATIO)
		bad = "key";
	else if (r->optional && !value)
		bad = "optional";
	else if (r->for_each.src && !r->collection)
		bad = _("for-each (it needs scope: collection)");
	if (bad)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s': '%s' does not go "
			    "with a '%s' check"), r->id, bad,
			    kind_names[r->kind]);
	if (r->kind == SAI_CHECK_COUNT && !r->min.set && !r->max.set)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s': 'count' needs min "
			    "or max"), r->id);
	if (r->kind == SAI_CHECK_RATIO && !r->min.set && !r->max.set)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s': 'ratio' needs min "
			    "or max"), r->id);
	if (r->kind == SAI_CHECK_CONTAINS && !r->in.count && !r->any.count)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s': 'contains' needs "
			    "'all' or 'any'"), r->id);
	if (value && !r->in.count && !r->pattern && !r->format &&
	    !r->min.set && !r->max.set)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s': 'value' needs in, "
			    "pattern, format, min or max"), r->id);
	return SA_OK;
}

static sa_status validate_rule(loader *l, sai_rule *r, const xmlNode *n,
			       int have_kind)
{
	const char *p;

	if (!r->id)
		return lerr(l, n, SA_ERR_PACK, _("a rule needs an 'id'"));
	for (p = r->id; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.", *p))
			return lerr(l, n, SA_ERR_PACK, _("rule id '%s' may hold "
				    "only letters, digits, '-', '_' and '.'"),
				    r->id);
	if (!r->title)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s' needs a 'title'"),
			    r->id);
	if (!have_kind)
		return lerr(l, n, SA_ERR_PACK, _("rule '%s' has no check: give "
			    "one of assert, require, count, value, contains, "
			    "ratio, unique"), r->id);
	return check_options(l, r, n);
}

static sa_status read_rule(loader *l, const xmlNode *n, sai_rule *r)
{
	const xmlNode *c, *last;
	int have_kind = 0;
	sa_status st = SA_OK;

	r->info.severity = SA_SEVERITY_MAJOR;
	r->info.weight = 1;
	r->info.line = sai_node_line(n);
	r->info.column = sai_node_column(n);
	if (!has_children(n))
		return lerr(l, n, SA_ERR_PACK, _("a rule must be a mapping of "
			    "keys (id, title, a check, ...)"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = rule_key(l, r, c, &have_kind, &last);
		c = last;
	}
	if (st == SA_OK)
		st = validate_rule(l, r, n, have_kind);
	return st;
}

/* Adds a rule, replacing one of the same id from an extended standard. */
static sa_status add_rule(loader *l, sai_rule *r, const xmlNode *n)
{
	sa_pack *p = l->pack;
	size_t i;

	r->standard = l->std_index;
	for (i = 0; i < p->n_rules; i++) {
		sai_rule *o = &p->rules[i];

		if (strcmp(o->id, r->id) != 0)
			continue;
		if (o->standard == l->std_index)
			return lerr(l, n, SA_ERR_PACK, _("rule id '%s' is used "
				    "twice in this pack"), r->id);
		if (!extends_std(p, l->std_index,
				 p->standards[o->standard].id, 0))
			return lerr(l, n, SA_ERR_PACK, _("rule id '%s' is also "
				    "defined by standard '%s'"), r->id,
				    p->standards[o->standard].id);
		sai_pack_release_rule(o);
		*o = *r;
		return SA_OK;
	}
	if (!(p->rules = grow(p->rules, &p->cap_rules, p->n_rules,
			      sizeof(*p->rules))))
		return nomem(l);
	p->rules[p->n_rules++] = *r;
	return SA_OK;
}

static sa_status read_rules(loader *l, const xmlNode *first)
{
	const xmlNode *n;
	sa_status st = SA_OK;
	sai_rule r;

	for (n = first; n && st == SA_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(key_of(n), "rules") != 0)
			break;
		if (is_empty_list(n))
			break;
		if (!is_item(n))
			return lerr(l, n, SA_ERR_PACK, _("'rules' must be a list "
				    "of rules (each starting with '- id: ...')"));
		memset(&r, 0, sizeof(r));
		st = read_rule(l, n, &r);
		if (st == SA_OK)
			st = add_rule(l, &r, n);
		if (st != SA_OK)
			sai_pack_release_rule(&r);
	}
	return st;
}

/* ---- the standard header ------------------------------------------------------ */

/* citation: {headline, publisher, date, file}: the source as an auditor
 * would look it up. */
static sa_status read_citation(loader *l, const xmlNode *n)
{
	sai_standard *s = l->std;
	const xmlNode *c;
	sa_status st = SA_OK;

	if (!has_children(n))
		return lerr(l, n, SA_ERR_PACK, _("'citation' must be a mapping: "
			    "{headline, publisher, date, file}"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		const char *k;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = key_of(c);
		if (!strcmp(k, "headline"))
			st = set_string(l, c, &s->cite_headline);
		else if (!strcmp(k, "publisher"))
			st = set_string(l, c, &s->cite_publisher);
		else if (!strcmp(k, "date"))
			st = set_string(l, c, &s->cite_date);
		else if (!strcmp(k, "file"))
			st = set_string(l, c, &s->cite_file);
		else
			st = lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in "
				  "'citation'; expected headline, publisher, "
				  "date or file"), k);
	}
	if (st == SA_OK && (!s->cite_headline || !s->cite_publisher))
		st = lerr(l, n, SA_ERR_PACK, _("'citation' needs a 'headline' "
			  "and a 'publisher'"));
	return st;
}

static sa_status standard_key(loader *l, const xmlNode *n,
			      const xmlNode **last)
{
	sai_standard *s = l->std;
	const char *k = key_of(n);

	*last = n;
	if (!strcmp(k, "id"))
		return set_string(l, n, &s->id);
	if (!strcmp(k, "title"))
		return set_string(l, n, &s->title);
	if (!strcmp(k, "title-en"))
		return set_string(l, n, &s->title_en);
	if (!strcmp(k, "issuer"))
		return set_string(l, n, &s->issuer);
	if (!strcmp(k, "version"))
		return set_string(l, n, &s->version);
	if (!strcmp(k, "source"))
		return set_string(l, n, &s->source);
	if (!strcmp(k, "citation"))
		return read_citation(l, n);
	if (!strcmp(k, "extends"))
		return list_of(l, n, &s->extends, last);
	if (!strcmp(k, "personal"))
		return list_of(l, n, &s->personal, last);
	if (!strcmp(k, "contract"))
		return list_of(l, n, &s->contract, last);
	if (!strcmp(k, "records"))
		return set_xpath(l, n, &s->records);
	if (!strcmp(k, "record-id"))
		return set_xpath(l, n, &s->record_id);
	if (!strcmp(k, "record-name"))
		return set_xpath(l, n, &s->record_name);
	if (!strcmp(k, "record-region"))
		return set_xpath(l, n, &s->record_region);
	return lerr(l, n, SA_ERR_PACK, _("unknown key '%s' in 'standard'; "
		    "expected id, title, title-en, issuer, version, source, "
		    "citation, extends, records, record-id, record-name, "
		    "record-region, personal, contract"), k);
}

static sa_status read_standard(loader *l, const xmlNode *n)
{
	const xmlNode *c, *last;
	sa_status st = SA_OK;
	const char *p;

	if (!has_children(n))
		return lerr(l, n, SA_ERR_PACK, _("'standard' must be a mapping "
			    "(id, title, ...)"));
	l->std->line = sai_node_line(n);
	l->std->column = sai_node_column(n);
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = standard_key(l, c, &last);
		c = last;
	}
	if (st != SA_OK)
		return st;
	if (!l->std->id)
		return lerr(l, n, SA_ERR_PACK, _("'standard' needs an 'id'"));
	if (!l->std->title)
		return lerr(l, n, SA_ERR_PACK, _("'standard' needs a 'title'"));
	for (p = l->std->id; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.", *p))
			return lerr(l, n, SA_ERR_PACK, _("standard id '%s' may "
				    "hold only letters, digits, '-', '_', '.'"),
				    l->std->id);
	return SA_OK;
}

/* ---- finding and reading pack files -------------------------------------------- */

static sa_status load_one(loader *l, const char *path, const char *inside,
			  const xmlNode *from);

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of a path (caller frees). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return sai_strdup(".");
	if (slash == path)
		return sai_strdup("/");
	return sai_strndup(path, (size_t)(slash - path));
}

/* A pack given by path: a folder (its pack.yaml) or a file.  *inside
 * receives the folder it may read in (caller frees both). */
static char *resolve_path(const char *ref, char **inside)
{
	struct stat st;
	sai_strbuf sb;

	if (stat(ref, &st) == 0 && S_ISDIR(st.st_mode)) {
		*inside = sai_strdup(ref);
		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "%s/pack.yaml", ref);
		return sai_strbuf_detach(&sb, NULL);
	}
	*inside = dir_of(ref);
	return sai_strdup(ref);
}

/* Resolves a pack reference to a file path (caller frees), or NULL;
 * *inside (caller frees) receives the folder the pack was found in, which
 * the file must not leave (a pack.yaml that is a link to /etc/passwd). */
static char *resolve(const sa_pack *p, const char *ref, const char *from_dir,
		     char **inside)
{
	sai_strbuf sb;
	size_t i, n = p->search.count + (from_dir ? 1 : 0);

	*inside = NULL;
	if (strchr(ref, '/') || strstr(ref, ".yaml") || strstr(ref, ".yml"))
		return resolve_path(ref, inside);
	for (i = 0; i < n; i++) {
		const char *dir = i < p->search.count ? p->search.items[i] :
			from_dir;
		static const char *const forms[] = { "%s/%s/pack.yaml",
						     "%s/%s.yaml" };
		int f;

		for (f = 0; f < 2; f++) {
			sai_strbuf_init(&sb);
			sai_strbuf_addf(&sb, forms[f], dir, ref);
			if (!sb.failed && file_exists(sai_strbuf_str(&sb))) {
				*inside = sai_strdup(dir);
				return sai_strbuf_detach(&sb, NULL);
			}
			sai_strbuf_release(&sb);
		}
	}
	return NULL;
}

/* Reads a pack file, refused unless it is a regular file of at most
 * MAX_PACK_BYTES inside the folder it was found in.  An error names the
 * file only: nothing of a refused file is ever quoted. */
static sa_status read_file(loader *l, const char *path, const char *inside,
			   char **buf, size_t *len, const xmlNode *from)
{
	sai_input_rule rule = { _("pack"), MAX_PACK_BYTES, 0, inside,
				SA_ERR_PACK };
	sa_error e;
	sa_status st;

	st = sai_input_read(path, &rule, buf, len, from ? &e : l->err);
	if (st == SA_OK || !from)
		return st;
	return lerr(l, from, st, _("cannot load pack '%s': %s"), path,
		    e.message);
}

/* Refuses an `extends` path or a reference table (what names it) that
 * leaves the extending pack's folder (a pack may read only inside its
 * folder, and named packs through the search path). */
static sa_status check_inside(loader *l, const char *what, const char *path,
			      const char *dir, const xmlNode *from)
{
	int table = !strcmp(what, "reference table");

	if (sai_path_inside(path, dir))
		return SA_OK;
	if (access(path, F_OK) != 0)
		return lerr(l, from, SA_ERR_PACK, _("cannot open %s '%s': %s"),
			    _(what), path, strerror(errno));
	return lerr(l, from, SA_ERR_PACK, _("%s '%s' is outside this pack's "
		    "folder: %s"), _(what), path, table ? _("keep the tables a pack "
		    "reads inside its folder") : _("name packs by id (found "
		    "through the search path) or keep files inside the "
		    "folder"));
}

static const xmlNode *find_key(const xmlNode *root, const char *key);

/* The i'th item of the standard's `extends` (errors point at it), else
 * the pack's root. */
static const xmlNode *extends_item(const sai_standard *s, size_t i)
{
	const xmlNode *root = xmlDocGetRootElement(s->tree), *std, *c;

	std = root ? find_key(root, "standard") : NULL;
	for (c = std ? std->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp(key_of(c), "extends") && i-- == 0)
			return c;
	return root;
}

static sa_status load_extends(loader *l)
{
	size_t i;
	sa_status st = SA_OK;
	char *path, *inside = NULL;

	for (i = 0; i < l->std->extends.count && st == SA_OK; i++) {
		const char *ref = l->std->extends.items[i];
		const xmlNode *from = extends_item(l->std, i);
		char *dir = dir_of(l->std->dir);
		int named = !strchr(ref, '/') && !strstr(ref, ".yaml");

		if (!dir)
			return nomem(l);
		if (!named) {
			sai_strbuf sb;

			sai_strbuf_init(&sb);
			sai_strbuf_addf(&sb, "%s/%s", l->std->dir, ref);
			path = sai_strbuf_detach(&sb, NULL);
			inside = sai_strdup(l->std->dir);
			if (path && (st = check_inside(l, N_("pack"), path,
						       l->std->dir, from)) !=
				     SA_OK) {
				free(path);
				free(inside);
				free(dir);
				return st;
			}
		} else {
			path = resolve(l->pack, ref, dir, &inside);
		}
		free(dir);
		if (!path) {
			free(inside);
			return lerr(l, from, SA_ERR_PACK, _("standard '%s' extends "
				    "'%s', which is not found in the search "
				    "path"), l->std->id, ref);
		}
		st = inside ? load_one(l, path, inside, from) : nomem(l);
		free(path);
		free(inside);
	}
	return st;
}

static const xmlNode *find_key(const xmlNode *root, const char *key)
{
	const xmlNode *c;

	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp(key_of(c), key))
			return c;
	return NULL;
}

static sa_status check_top_keys(loader *l, const xmlNode *root)
{
	static const char *const keys[] = { "standard", "params", "grades",
					    "references", "profiles",
					    "indicators", "rules", NULL };
	const xmlNode *c;
	int i, ok;

	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (ok = 0, i = 0; keys[i]; i++)
			ok |= !strcmp(key_of(c), keys[i]);
		if (!ok)
			return lerr(l, c, SA_ERR_PACK, _("unknown key '%s' at the "
				    "top of the pack; expected standard, params, "
				    "grades, references, profiles, indicators, "
				    "rules"), key_of(c));
	}
	if (!find_key(root, "standard"))
		return lerr(l, root, SA_ERR_PACK, _("a pack needs a 'standard' "
			    "section (id, title, ...)"));
	return SA_OK;
}

static sa_status check_inside(loader *l, const char *what, const char *path,
			      const char *dir, const xmlNode *from);

static sa_status add_refdecl(loader *l, const xmlNode *n, const char *csv,
			     const char *key)
{
	sa_pack *p = l->pack;
	sai_refdecl *d;
	sai_strbuf sb;
	size_t i;
	sa_status st;

	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s/%s", l->std->dir, csv);
	if (sb.failed)
		return nomem(l);
	/* A pack reads only inside its own folder. */
	if ((st = check_inside(l, N_("reference table"), sai_strbuf_str(&sb),
			       l->std->dir, n))) {
		sai_strbuf_release(&sb);
		return st;
	}
	for (i = 0; i < p->n_refdecls; i++)
		if (!strcmp(p->refdecls[i].name, key_of(n))) {
			sai_strbuf_release(&sb);
			return SA_OK;
		}
	d = realloc(p->refdecls, (p->n_refdecls + 1) * sizeof(*d));
	if (!d) {
		sai_strbuf_release(&sb);
		return nomem(l);
	}
	p->refdecls = d;
	d = &p->refdecls[p->n_refdecls++];
	memset(d, 0, sizeof(*d));
	d->name = sai_strdup(key_of(n));
	d->path = sai_strbuf_detach(&sb, NULL);
	d->key = key ? sai_strdup(key) : NULL;
	d->file = l->std->file;
	d->dir = l->std->dir;
	d->line = sai_node_line(n);
	d->column = sai_node_column(n);
	return d->name && d->path && (!key || d->key) ? SA_OK : nomem(l);
}

/* references: {name: {csv: FILE, key: COLUMN}} */
static sa_status read_references(loader *l, const xmlNode *refs)
{
	const xmlNode *n, *c;
	sa_status st = SA_OK;

	for (n = refs->children; n && st == SA_OK; n = n->next) {
		char *csv = NULL, *key = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!has_children(n))
			return lerr(l, n, SA_ERR_PACK, _("reference '%s' must be "
				    "a mapping: {csv: FILE, key: COLUMN}"),
				    key_of(n));
		for (c = n->children; c && st == SA_OK; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (!strcmp(key_of(c), "csv"))
				st = set_string(l, c, &csv);
			else if (!strcmp(key_of(c), "key"))
				st = set_string(l, c, &key);
			else
				st = lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in "
					  "a reference; expected csv or key"),
					  key_of(c));
		}
		if (st == SA_OK && !csv)
			st = lerr(l, n, SA_ERR_PACK, _("reference '%s' needs "
				  "'csv'"), key_of(n));
		if (st == SA_OK)
			st = add_refdecl(l, n, csv, key);
		free(csv);
		free(key);
	}
	return st;
}

static sa_status set_number(loader *l, const xmlNode *n, double *out)
{
	char *v, *end;
	sa_status st = scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	errno = 0;
	*out = strtod(v, &end);
	if (!*v || *end || errno || isnan(*out) || *out < 0)
		st = lerr(l, n, SA_ERR_PACK, _("'%s' must be a number of 0 or "
			  "more, not '%s'"), key_of(n), v);
	free(v);
	return st;
}

static sa_status add_indicator(loader *l, const xmlNode *n, int parent,
			       int level, int *index)
{
	sa_pack *p = l->pack;
	sai_indicator *ind = realloc(p->indicators,
				     (p->n_indicators + 1) * sizeof(*ind));

	if (!ind)
		return nomem(l);
	p->indicators = ind;
	ind = &p->indicators[p->n_indicators];
	memset(ind, 0, sizeof(*ind));
	ind->parent = parent;
	ind->level = level;
	ind->standard = l->std_index;
	*index = (int)p->n_indicators++;
	(void)n;
	return SA_OK;
}

/* indicators: a list of {id, title, points, children: [...]}, at most
 * three levels (基础建设 -> 场地 -> 统一挂牌). */
static sa_status read_indicators(loader *l, const xmlNode *first, int parent,
				 int level)
{
	const xmlNode *n, *c;
	sa_status st = SA_OK;
	int idx = -1;
	size_t i;

	for (n = first; n && st == SA_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || is_empty_list(n))
			continue;
		if (n != first && strcmp(key_of(n), key_of(first)) != 0)
			break;
		if (!is_item(n) || !has_children(n))
			return lerr(l, n, SA_ERR_PACK, _("'%s' must be a list of "
				    "indicators ({id, title, points, "
				    "children})"), key_of(n));
		if (level > 3)
			return lerr(l, n, SA_ERR_PACK, _("indicators nest at most "
				    "three levels deep"));
		if ((st = add_indicator(l, n, parent, level, &idx)) != SA_OK)
			return st;
		for (c = n->children; c && st == SA_OK; c = c->next) {
			sai_indicator *ind = &l->pack->indicators[idx];
			const char *k;

			if (c->type != XML_ELEMENT_NODE)
				continue;
			k = key_of(c);
			if (!strcmp(k, "id"))
				st = set_string(l, c, &ind->id);
			else if (!strcmp(k, "title"))
				st = set_string(l, c, &ind->title);
			else if (!strcmp(k, "points"))
				st = set_number(l, c, &ind->points);
			else if (!strcmp(k, "children")) {
				st = read_indicators(l, c, idx, level + 1);
				while (c->next && (c->next->type != XML_ELEMENT_NODE
						   || !strcmp(key_of(c->next),
							      "children")))
					c = c->next;
			} else
				st = lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in "
					  "an indicator; expected id, title, "
					  "points, children"), k);
		}
		if (st == SA_OK && !l->pack->indicators[idx].id)
			return lerr(l, n, SA_ERR_PACK, _("an indicator needs an "
				    "'id'"));
		for (i = 0; st == SA_OK && i < (size_t)idx; i++)
			if (l->pack->indicators[i].standard == l->std_index &&
			    !strcmp(l->pack->indicators[i].id,
				    l->pack->indicators[idx].id))
				return lerr(l, n, SA_ERR_PACK, _("indicator id "
					    "'%s' is used twice"),
					    l->pack->indicators[idx].id);
	}
	return st;
}

/* profiles: {name: {description, basis, params: {...}, rules: [ID
 * patterns], grades: {name: min}, weights: {rule: n}, points: {indicator:
 * n}, veto: [rule ids]}}: checked here, kept for compile (when the chosen
 * ones are known); rule and indicator ids are checked there. */
static sa_status profile_add_entry(loader *l, const xmlNode *n,
				   const char *key, double v,
				   sai_profile_list *list)
{
	sai_profile_entry *e = realloc(list->items,
				       (list->count + 1) * sizeof(*e));

	if (!e)
		return nomem(l);
	list->items = e;
	e += list->count;
	memset(e, 0, sizeof(*e));
	if (!(e->key = sai_strdup(key)))
		return nomem(l);
	list->count++;
	e->value = v;
	e->line = sai_node_line(n);
	e->column = sai_node_column(n);
	return SA_OK;
}

/* A mapping of names to numbers from 0 to max (grades: 100). */
static sa_status profile_numbers(loader *l, const xmlNode *n, double max,
				 sai_profile_list *list)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	list->set = 1;
	if (!has_children(n) && !is_empty_list(n)) {
		char *v;

		if ((st = scalar(l, n, &v)) != SA_OK)
			return st;
		st = *v ? lerr(l, n, SA_ERR_PACK, _("'%s' must be a mapping "
			       "of names to numbers"), key_of(n)) : SA_OK;
		free(v);
		return st;
	}
	for (c = n->children; c && st == SA_OK; c = c->next) {
		char *v = NULL, *end;
		double d;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((st = scalar(l, c, &v)) != SA_OK)
			return st;
		d = strtod(v, &end);
		if (!*v || *end || isnan(d) || isinf(d) || d < 0 || d > max)
			st = max < HUGE_VAL ?
				lerr(l, c, SA_ERR_PACK, _("'%s' in '%s' needs a "
				     "number from 0 to %g, not '%s'"),
				     key_of(c), key_of(n), max, v) :
				lerr(l, c, SA_ERR_PACK, _("'%s' in '%s' needs a "
				     "number of 0 or more, not '%s'"),
				     key_of(c), key_of(n), v);
		else
			st = profile_add_entry(l, c, key_of(c), d, list);
		free(v);
	}
	return st;
}

static sa_status profile_ids(loader *l, const xmlNode *n,
			     sai_profile_list *list, const xmlNode **last)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	list->set = 1;
	*last = n;
	for (c = n; c && st == SA_OK; c = c->next) {
		char *v;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(key_of(c), key_of(n)) != 0 || is_empty_list(c))
			break;
		*last = c;
		if ((st = scalar_ex(l, c, 1, &v)) != SA_OK)
			return st;
		if (*v)
			st = profile_add_entry(l, c, v, 1, list);
		free(v);
		if (!is_item(c))
			break;
	}
	return st;
}

/* params: {name: value}: kept as "name=value" overrides. */
static sa_status profile_params(loader *l, const xmlNode *n, sai_profile *pr)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	for (c = n->children; c && st == SA_OK; c = c->next) {
		char *v;
		sai_strbuf sb;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((st = scalar(l, c, &v)) != SA_OK)
			return st;
		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "%s=%s", key_of(c), v);
		free(v);
		if (sb.failed || sai_strlist_add(&pr->params,
						 sai_strbuf_str(&sb)) < 0)
			st = nomem(l);
		sai_strbuf_release(&sb);
	}
	return st;
}

static sa_status profile_key(loader *l, sai_profile *pr, const xmlNode *c,
			     const xmlNode **last)
{
	const char *k = key_of(c);

	*last = c;
	if (!strcmp(k, "params"))
		return profile_params(l, c, pr);
	if (!strcmp(k, "rules"))
		return list_of(l, c, &pr->rules, last);
	if (!strcmp(k, "description"))
		return set_string(l, c, &pr->description);
	if (!strcmp(k, "basis"))
		return read_basis(l, c, &pr->basis);
	if (!strcmp(k, "grades"))
		return profile_numbers(l, c, 100, &pr->grades);
	if (!strcmp(k, "weights"))
		return profile_numbers(l, c, HUGE_VAL, &pr->weights);
	if (!strcmp(k, "points"))
		return profile_numbers(l, c, HUGE_VAL, &pr->points);
	if (!strcmp(k, "veto"))
		return profile_ids(l, c, &pr->veto, last);
	return lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in profile '%s'; "
		    "expected description, basis, params, rules, grades, "
		    "weights, points or veto"), k, pr->name);
}

static sa_status read_profile(loader *l, const xmlNode *n)
{
	sa_pack *p = l->pack;
	sai_profile *pr;
	const xmlNode *c, *last;
	sa_status st = SA_OK;

	pr = realloc(p->profile_decls, (p->n_profiles + 1) * sizeof(*pr));
	if (!pr)
		return nomem(l);
	p->profile_decls = pr;
	pr += p->n_profiles++;
	memset(pr, 0, sizeof(*pr));
	pr->standard = l->std_index;
	pr->file = l->std->file;
	pr->line = sai_node_line(n);
	pr->column = sai_node_column(n);
	if (!(pr->name = sai_strdup(key_of(n))))
		return nomem(l);
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = profile_key(l, pr, c, &last);
		c = last;
	}
	return st;
}

static sa_status keep_profiles(loader *l, const xmlNode *profiles)
{
	const xmlNode *n;
	sa_status st = SA_OK;

	for (n = profiles->children; n && st == SA_OK; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			st = read_profile(l, n);
	return st;
}

/* Reads the body of a standard whose tree is loaded and header known. */
static sa_status read_body(loader *l, const xmlNode *root)
{
	const xmlNode *n;
	sa_status st = SA_OK;

	if ((n = find_key(root, "params")) && (st = read_params(l, n)))
		return st;
	if ((n = find_key(root, "grades")) && (st = read_grades(l, n)))
		return st;
	if ((n = find_key(root, "references")) && (st = read_references(l, n)))
		return st;
	if ((n = find_key(root, "profiles")) && (st = keep_profiles(l, n)))
		return st;
	if ((n = find_key(root, "indicators")) &&
	    (st = read_indicators(l, n, -1, 1)))
		return st;
	n = find_key(root, "rules");
	if (n)
		st = read_rules(l, n);
	return st;
}

static sa_status parse_pack(loader *l, const char *buf, size_t len,
			    xmlDocPtr *tree)
{
	sai_yaml_options yo;
	sai_yaml_reader *r;
	sa_status st;

	sai_yaml_options_default(&yo);
	yo.mark_items = 1;
	st = sai_yaml_open_buffer(buf, len, l->std->file, &yo, &r, l->err);
	if (st != SA_OK)
		return st;
	st = sai_yaml_next_document(r, "pack", tree, l->err);
	if (st == SA_OK && !*tree)
		st = sai_error_set(l->err, SA_ERR_PACK, l->std->file, 1, 1,
				   _("empty pack"));
	sai_yaml_free(r);
	if (st != SA_OK && l->err)
		sai_error_set_source(l->err, buf, len, l->err->line);
	return st;
}

static sa_status new_standard(loader *l, const char *path, const char *real)
{
	sa_pack *p = l->pack;
	sai_standard *s;

	if (!(p->standards = grow(p->standards, &p->cap_standards,
				  p->n_standards, sizeof(*s))))
		return nomem(l);
	s = &p->standards[p->n_standards];
	memset(s, 0, sizeof(*s));
	s->file = sai_strdup(path);
	s->dir = dir_of(real);
	if (!s->file || !s->dir)
		return nomem(l);
	l->std = s;
	l->std_index = p->n_standards++;
	return SA_OK;
}

/* The real path of a pack file, used to load each file once. */
static sa_status real_path(loader *l, const char *path, char out[PATH_MAX],
			   const xmlNode *from)
{
	if (realpath(path, out))
		return SA_OK;
	if (from)
		return lerr(l, from, SA_ERR_PACK, _("cannot open pack '%s': %s"),
			    path, strerror(errno));
	return sai_error_set(l->err, SA_ERR_IO, path, 0, 0,
			     _("cannot open pack: %s"), strerror(errno));
}

static int loaded_real(const sa_pack *p, const char *real)
{
	size_t i;

	for (i = 0; i < p->n_standards; i++)
		if (p->standards[i].real && !strcmp(p->standards[i].real, real))
			return 1;
	return 0;
}

/* The standard a loader reads, or NULL (the top of sa_pack_load). */
static const sai_standard *std_of(const loader *l)
{
	return l->std ? &l->pack->standards[l->std_index] : NULL;
}

/* Refuses a file that extends itself, directly or through others: the
 * error names the chain, a → b → a. */
static sa_status check_cycle(loader *l, const char *real, const xmlNode *from)
{
	const loader *chain[MAX_EXTENDS_DEPTH + 2], *u;
	const sai_standard *s;
	size_t n = 0, k, at = 0;
	sai_strbuf sb;
	int found = 0;

	for (u = l; u && (s = std_of(u)) && n < MAX_EXTENDS_DEPTH + 2;
	     u = u->up) {
		chain[n++] = u;
		if (!found && s->real && !strcmp(s->real, real)) {
			found = 1;
			at = n;
		}
	}
	if (!found)
		return SA_OK;
	sai_strbuf_init(&sb);
	for (k = at; k-- > 0;) {
		s = std_of(chain[k]);
		sai_strbuf_addf(&sb, "%s → ", s->id ? s->id : s->file);
	}
	s = std_of(chain[at - 1]);
	sai_strbuf_adds(&sb, s->id ? s->id : s->file);
	lerr(l, from, SA_ERR_PACK, _("'extends' makes a cycle: %s"),
	     sai_strbuf_str(&sb));
	sai_strbuf_release(&sb);
	return SA_ERR_PACK;
}

static sa_status load_one(loader *l, const char *path, const char *inside,
			  const xmlNode *from)
{
	loader sub = *l;
	char real[PATH_MAX];
	char *buf = NULL;
	size_t len = 0;
	sa_status st;
	const xmlNode *root;

	if (l->depth > MAX_EXTENDS_DEPTH)
		return lerr(l, from, SA_ERR_PACK, _("'extends' nested more than "
			    "%d deep (a cycle?)"), MAX_EXTENDS_DEPTH);
	if ((st = real_path(l, path, real, from)) != SA_OK ||
	    (st = check_cycle(l, real, from)) != SA_OK)
		return st;
	if (loaded_real(l->pack, real))
		return SA_OK;
	if ((st = read_file(l, path, inside, &buf, &len, from)) != SA_OK)
		return st;
	sub.depth = l->depth + 1;
	sub.up = l;
	sub.buf = buf;
	sub.len = len;
	if ((st = new_standard(&sub, path, real)) != SA_OK)
		goto out;
	/* Remember the real path at once, so that a cycle ends here. */
	sub.std->real = sai_strdup(real);
	sai_sha256_hex(buf, len, sub.std->info.sha256);
	if (!sub.std->real) {
		st = nomem(&sub);
		goto out;
	}
	if ((st = parse_pack(&sub, buf, len, &sub.std->tree)) != SA_OK)
		goto out;
	root = xmlDocGetRootElement(sub.std->tree);
	if ((st = check_top_keys(&sub, root)) != SA_OK ||
	    (st = read_standard(&sub, find_key(root, "standard"))) != SA_OK ||
	    (st = load_extends(&sub)) != SA_OK)
		goto out;
	/* load_extends may have moved the array: find ours again. */
	sub.std = &l->pack->standards[sub.std_index];
	st = read_body(&sub, xmlDocGetRootElement(sub.std->tree));
out:
	free(buf);
	return st;
}

sa_status sa_pack_load(sa_pack *p, const char *name, sa_error *err)
{
	loader l;
	char *path, *inside = NULL;
	sa_status st;

	memset(&l, 0, sizeof(l));
	l.pack = p;
	l.err = err;
	if (p->compiled)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the pack is already compiled"));
	path = resolve(p, name, NULL, &inside);
	if (!path) {
		free(inside);
		return sai_error_set(err, SA_ERR_USAGE, name, 0, 0,
				     _("no standard of that name in the search "
				     "path (stationaudit list shows them)"));
	}
	st = inside ? load_one(&l, path, inside, NULL) : nomem(&l);
	free(path);
	free(inside);
	return st;
}

sa_status sa_pack_load_buffer(sa_pack *p, const char *buf, size_t len,
			      const char *file, const char *base_dir,
			      sa_error *err)
{
	loader l;
	sa_status st;
	const xmlNode *root;

	memset(&l, 0, sizeof(l));
	l.pack = p;
	l.err = err;
	l.buf = buf;
	l.len = len;
	if ((st = new_standard(&l, file, base_dir ? base_dir : "./x")) != SA_OK)
		return st;
	if (!base_dir) {
		free(l.std->dir);
		l.std->dir = sai_strdup(".");
	} else {
		free(l.std->dir);
		l.std->dir = sai_strdup(base_dir);
	}
	sai_sha256_hex(buf, len, l.std->info.sha256);
	if (!l.std->dir)
		return nomem(&l);
	if ((st = parse_pack(&l, buf, len, &l.std->tree)) != SA_OK)
		return st;
	root = xmlDocGetRootElement(l.std->tree);
	if ((st = check_top_keys(&l, root)) != SA_OK ||
	    (st = read_standard(&l, find_key(root, "standard"))) != SA_OK ||
	    (st = load_extends(&l)) != SA_OK)
		return st;
	l.std = &p->standards[l.std_index];
	return read_body(&l, xmlDocGetRootElement(l.std->tree));
}

/* ---- accessors -------------------------------------------------------------------- */

size_t sa_pack_standard_count(const sa_pack *p)
{
	return p->n_standards;
}

const sa_standard_info *sa_pack_standard(const sa_pack *p, size_t i)
{
	return i < p->n_standards ? &p->standards[i].info : NULL;
}

size_t sa_pack_rule_count(const sa_pack *p)
{
	return p->n_rules;
}

const sa_rule_info *sa_pack_rule(const sa_pack *p, size_t i)
{
	return i < p->n_rules ? &p->rules[i].info : NULL;
}

const sa_rule_info *sa_pack_find_rule(const sa_pack *p, const char *id)
{
	size_t i;

	for (i = 0; id && i < p->n_rules; i++)
		if (!strcmp(p->rules[i].id, id))
			return &p->rules[i].info;
	return NULL;
}

size_t sa_pack_param_count(const sa_pack *p)
{
	return p->n_params;
}

const sa_param_info *sa_pack_param(const sa_pack *p, size_t i)
{
	return i < p->n_params ? &p->params[i].info : NULL;
}

const char *sa_pack_audit_date(const sa_pack *p)
{
	return p->audit_date;
}

size_t sa_pack_grade_count(const sa_pack *p)
{
	return p->n_grades;
}

const char *sa_pack_grade(const sa_pack *p, size_t i, double *threshold)
{
	if (i >= p->n_grades)
		return NULL;
	if (threshold)
		*threshold = p->grades[i].min;
	return p->grades[i].name;
}

/* Used by compile.c to check --param values. */

const char *sai_param_value_problem(int type, const char *v)
{
	return param_value_problem((sai_param_type)type, v);
}

char *sa_pack_find_file(const sa_pack *p, const char *name)
{
	char *inside = NULL, *path;
	struct stat st;

	if (!p || !name)
		return NULL;
	path = resolve(p, name, NULL, &inside);
	/* Only a file sa_pack_load would read: a caller that reads it too
	 * (lint's schema check) must not open a FIFO or quote a file that
	 * lies outside the pack's folder. */
	if (path && (!inside || !sai_path_inside(path, inside) ||
		     stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		free(path);
		path = NULL;
	}
	free(inside);
	return path;
}
