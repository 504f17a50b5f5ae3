/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack-params.c - a pack's parameters: their types, declared defaults
 * (short and long forms), merging defaults of packs loaded together or
 * extending each other, and finding a parameter by name.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "util-internal.h"

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
int sai_pack_extends_std(const sa_pack *p, size_t a, const char *b_id,
			 int depth)
{
	const sai_strlist *ext = &p->standards[a].extends;
	size_t i, j;

	if (depth > SAI_MAX_EXTENDS_DEPTH)
		return 0;
	for (i = 0; i < ext->count; i++) {
		for (j = 0; j < p->n_standards; j++) {
			const sai_standard *s = &p->standards[j];

			if (s->id && !strcmp(s->id, ext->items[i]) &&
			    (!strcmp(s->id, b_id) ||
			     sai_pack_extends_std(p, j, b_id, depth + 1)))
				return 1;
		}
	}
	return 0;
}

int sai_pack_std_reaches(const sa_pack *p, size_t a, size_t b, int depth)
{
	const sai_standard *s = &p->standards[a];
	size_t i;

	if (a == b)
		return 1;
	for (i = 0; depth <= SAI_MAX_EXTENDS_DEPTH && i < s->n_bases; i++)
		if (sai_pack_std_reaches(p, s->bases[i], b, depth + 1))
			return 1;
	return 0;
}

static sa_status add_param_entry(sai_pack_loader *l, const char *name,
				 const xmlNode *key, sai_param_type type,
				 const char *value, long scope)
{
	sa_pack *p = l->pack;
	sai_param *np = sai_pack_grow(p->params, &p->cap_params, p->n_params,
				      sizeof(*np));

	if (!np)
		return sai_pack_nomem(l);
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
	return np->name && np->value && np->standard ? SA_OK :
	       sai_pack_nomem(l);
}

static sa_status add_param(sai_pack_loader *l, const xmlNode *key,
			   const char *name, sai_param_type type,
			   const char *value)
{
	sa_pack *p = l->pack;
	sai_param *old = (sai_param *)sai_pack_find_param(p, name);

	if (old) {
		if (old->type != type)
			return sai_pack_lerr(l, key, SA_ERR_PACK, _("parameter "
					     "'%s' is a %s in standard '%s' "
					     "but a %s here"), name,
					     sai_param_type_name(old->type),
					     old->standard,
					     sai_param_type_name(type));
		/* Unrelated packs may give one name different defaults
		 * (each city its region): each keeps its own. */
		if (strcmp(old->value, value) != 0 &&
		    !sai_pack_extends_std(p, l->std_index, old->standard, 0))
			return add_param_entry(l, name, key, type, value,
					       (long)l->std_index);
		free(old->value);
		free(old->standard);
		old->value = sai_strdup(value);
		old->standard = sai_strdup(l->std->id);
		return old->value && old->standard ? SA_OK : sai_pack_nomem(l);
	}
	return add_param_entry(l, name, key, type, value, -1);
}

/* Checks that text is a valid value of the type; NULL when it is. */
static const char *param_value_problem(sai_param_type t, const char *v)
{
	double d;

	switch (t) {
	case SAI_PARAM_NUMBER:
		/* nan would pass every bound it feeds */
		if (sai_parse_number(v, &d) < 0)
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

static sa_status long_param(sai_pack_loader *l, const xmlNode *n,
			    const char *name)
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
		k = sai_pack_key_of(c);
		if (!strcmp(k, "default")) {
			def = c;
		} else if (!strcmp(k, "type")) {
			if ((st = sai_pack_scalar(l, c, &v)) != SA_OK)
				return st;
			typed = param_type_parse(v, &type) == 0;
			free(v);
			if (!typed)
				return sai_pack_lerr(l, c, SA_ERR_PACK,
						     _("unknown parameter "
						     "type; expected string, "
						     "number, boolean or "
						     "date"));
		} else if (strcmp(k, "description") != 0) {
			return sai_pack_lerr(l, c, SA_ERR_PACK, _("unknown key "
					     "'%s' in parameter '%s'; expected "
					     "default, type or description"), k,
					     name);
		}
	}
	if (!def)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("parameter '%s' "
				     "needs a default"), name);
	if ((st = sai_pack_scalar(l, def, &v)) != SA_OK)
		return st;
	if (!typed)
		type = type_from_node(def);
	st = param_value_problem(type, v) ?
		sai_pack_lerr(l, def, SA_ERR_PACK, _("the default of '%s' must "
			      "be %s"), name, param_value_problem(type, v)) :
		add_param(l, n, name, type, v);
	free(v);
	return st;
}

sa_status sai_pack_read_params(sai_pack_loader *l, const xmlNode *params)
{
	const xmlNode *n;
	sa_status st = SA_OK;
	char *v;

	for (n = params->children; n && st == SA_OK; n = n->next) {
		const char *name;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		name = sai_pack_key_of(n);
		if (sai_pack_is_item(n))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("'params' "
					     "must be a mapping of names to "
					     "defaults"));
		if (!sai_tree_name_ok(name) || !strcmp(name, "audit_date"))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' cannot "
					     "be a parameter name"), name);
		if (sai_pack_has_children(n)) {
			st = long_param(l, n, name);
			continue;
		}
		if ((st = sai_pack_scalar(l, n, &v)) != SA_OK)
			return st;
		/* 0x10 and .nan read as numbers in YAML */
		st = param_value_problem(type_from_node(n), v) ?
			sai_pack_lerr(l, n, SA_ERR_PACK, _("the default of '%s' "
				      "must be %s"), name,
				      param_value_problem(type_from_node(n),
							  v)) :
			add_param(l, n, name, type_from_node(n), v);
		free(v);
	}
	return st;
}

/* A standard's jurisdiction is also a string parameter of its own,
 * jurisdiction_ID, so that a run can change one pack's (--param
 * jurisdiction_honghe=4203) and rules can read it. */
sa_status sai_pack_declare_jurisdiction(sai_pack_loader *l,
					const xmlNode *key)
{
	char name[256];

	if (!l->std->jurisdiction)
		return SA_OK;
	snprintf(name, sizeof(name), "jurisdiction_%s", l->std->id);
	if (sai_pack_find_param(l->pack, name))
		return sai_pack_lerr(l, key, SA_ERR_PACK, _("parameter '%s' "
				     "is the standard's jurisdiction: declare "
				     "it as 'jurisdiction' in 'standard' "
				     "only"), name);
	return add_param(l, key, name, SAI_PARAM_STRING,
			 l->std->jurisdiction);
}

/* ---- jurisdictions: division-code prefixes, separated by blanks ---------- */

/* Calls f on each prefix of area (start, length) until it returns 1. */
static int each_prefix(const char *area, int (*f)(const char *, size_t,
						  const void *),
		       const void *arg)
{
	size_t n;

	while (*area) {
		area += strspn(area, " \t,");
		n = strcspn(area, " \t,");
		if (n && f(area, n, arg))
			return 1;
		area += n;
	}
	return 0;
}

static int bad_prefix(const char *s, size_t n, const void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 1;
	return n != 2 && n != 4 && n != 6 && n != 9 && n != 12;
}

int sai_area_ok(const char *area)
{
	return !each_prefix(area, bad_prefix, NULL);
}

static int code_in(const char *s, size_t n, const void *code)
{
	return !strncmp(code, s, n);
}

int sai_area_holds(const char *area, const char *code)
{
	size_t n = strspn(area, " \t,");

	return !area[n] || each_prefix(area, code_in, code);
}

static int not_under(const char *s, size_t n, const void *region)
{
	size_t r = strlen(region);

	return n < r || strncmp(s, region, r) != 0;
}

int sai_area_within(const char *area, const char *region)
{
	return !each_prefix(area, not_under, region);
}

/* The union of the jurisdictions of s's bases into sb; 0 when one of
 * them binds everywhere (then so does s). */
static int bases_area(const sa_pack *p, const sai_standard *s, sai_strbuf *sb)
{
	const char *j;
	size_t i;

	for (i = 0; i < s->n_bases; i++) {
		j = p->standards[s->bases[i]].jurisdiction;
		if (!j || sai_area_holds(j, ""))
			return 0;
		sai_strbuf_addf(sb, "%s%s", sb->len ? " " : "", j);
	}
	return s->n_bases > 0;
}

static int prefix_outside(const char *s, size_t n, const void *area)
{
	char code[16];

	if (n >= sizeof(code))
		return 1;
	memcpy(code, s, n);
	code[n] = '\0';
	return !sai_area_holds(area, code);
}

/* 1 when every prefix of inner lies within outer ("" is everywhere). */
static int area_inside(const char *inner, const char *outer)
{
	if (sai_area_holds(outer, ""))
		return 1;
	return !sai_area_holds(inner, "") &&
	       !each_prefix(inner, prefix_outside, outer);
}

sa_status sai_pack_inherit_jurisdiction(sai_pack_loader *l,
					const xmlNode *key)
{
	sai_standard *s = l->std;
	const sai_standard *b;
	sai_strbuf sb;
	size_t i;

	for (i = 0; s->jurisdiction && i < s->n_bases; i++) {
		b = &l->pack->standards[s->bases[i]];
		if (b->jurisdiction && !area_inside(s->jurisdiction,
						    b->jurisdiction))
			return sai_pack_lerr(l, key, SA_ERR_PACK, _("jurisdiction "
					     "\"%s\" is not within \"%s\", the "
					     "jurisdiction of standard %s, which "
					     "this one extends: a refinement "
					     "binds inside its base's area (state "
					     "none to take the base's)"),
					     s->jurisdiction, b->jurisdiction,
					     b->id);
	}
	if (s->jurisdiction)
		return SA_OK;
	sai_strbuf_init(&sb);
	if (bases_area(l->pack, s, &sb) && !sb.failed)
		s->jurisdiction = sai_strbuf_detach(&sb, NULL);
	i = sb.failed;
	sai_strbuf_release(&sb);
	return i ? sai_pack_nomem(l) : SA_OK;
}

sa_status sai_pack_scope_param(sa_pack *p, const char *name, size_t std,
			       const char *value)
{
	const sai_param *common = sai_pack_find_param(p, name);
	sai_param *np;
	size_t i;

	for (i = 0; i < p->n_params; i++) {
		np = &p->params[i];
		if (np->scope == (long)std && !strcmp(np->name, name)) {
			free(np->value);
			return (np->value = sai_strdup(value)) ? SA_OK :
			       SA_ERR_NOMEM;
		}
	}
	if (!common)
		return SA_OK;
	np = sai_pack_grow(p->params, &p->cap_params, p->n_params,
			   sizeof(*np));
	if (!np)
		return SA_ERR_NOMEM;
	p->params = np;
	common = sai_pack_find_param(p, name);
	np = &p->params[p->n_params];
	*np = *common;
	np->name = sai_strdup(common->name);
	np->value = sai_strdup(value);
	np->standard = sai_strdup(p->standards[std].id);
	np->scope = (long)std;
	p->n_params++;
	return np->name && np->value && np->standard ? SA_OK : SA_ERR_NOMEM;
}

/* Used by compile.c to check --param values. */

const char *sai_param_value_problem(int type, const char *v)
{
	return param_value_problem((sai_param_type)type, v);
}
