/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack-rules.c - reading a pack's rules: every key of a rule, which
 * options go with which check, a rule's basis, and a rule that replaces
 * one of the same id from an extended standard.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "util-internal.h"

/* ---- basis: what a rule or a profile rests on (docs/rules.md) -------------- */

static const char *const basis_kinds[] = {
	"", "requirement", "interpretation", "national", "setting", NULL,
};

static sa_status basis_kind(sai_pack_loader *l, const xmlNode *n, sai_basis *b)
{
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);
	int i;

	if (st != SA_OK)
		return st;
	for (i = 1; basis_kinds[i]; i++)
		if (!strcmp(v, basis_kinds[i]))
			b->pub.kind = (sa_basis_kind)i;
	if (b->pub.kind == SA_BASIS_NONE)
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown basis kind "
				   "'%s'; expected requirement, "
				   "interpretation, national or setting"), v);
	free(v);
	return st;
}

static sa_status basis_key(sai_pack_loader *l, const xmlNode *n, sai_basis *b,
			   const xmlNode **last)
{
	const char *k = sai_pack_key_of(n);

	*last = n;
	if (!strcmp(k, "kind")) {
		if (b->pub.kind != SA_BASIS_NONE)
			return sai_pack_lerr(l, n, SA_ERR_PACK, "'%s' given "
					     "twice", k);
		return basis_kind(l, n, b);
	}
	if (!strcmp(k, "quote"))
		return sai_pack_set_string(l, n, &b->quote);
	if (!strcmp(k, "reason"))
		return sai_pack_set_string(l, n, &b->reason);
	if (!strcmp(k, "reason-en"))
		return sai_pack_set_string(l, n, &b->reason_en);
	if (!strcmp(k, "cite"))
		return sai_pack_set_string(l, n, &b->cite);
	if (!strcmp(k, "params"))
		return sai_pack_list_of(l, n, &b->params, last);
	return sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown key '%s' in "
			     "'basis'; expected kind, quote, reason, "
			     "reason-en, cite or params"), k);
}

/* basis: {kind, quote, reason, reason-en, cite, params}; a reason is
 * required where the pack chose (interpretation, setting). */
sa_status sai_pack_read_basis(sai_pack_loader *l, const xmlNode *n,
			      sai_basis *b)
{
	const xmlNode *c, *last;
	sa_status st = SA_OK;

	if (b->set)
		return sai_pack_lerr(l, n, SA_ERR_PACK, "'%s' given twice",
				     sai_pack_key_of(n));
	b->set = 1;
	b->file = l->std->file;
	b->line = sai_node_line(n);
	b->column = sai_node_column(n);
	if (!sai_pack_has_children(n))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'basis' must be a "
				     "mapping: {kind: requirement, quote: "
				     "\"...\"}"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = basis_key(l, c, b, &last);
		c = last;
	}
	if (st != SA_OK)
		return st;
	if (b->pub.kind == SA_BASIS_NONE)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'basis' needs a "
				     "'kind': requirement, interpretation, "
				     "national or setting"));
	if (!b->reason && (b->pub.kind == SA_BASIS_INTERPRETATION ||
			   b->pub.kind == SA_BASIS_SETTING))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("a basis of kind "
				     "'%s' needs a 'reason': what the pack "
				     "chose and why"),
				     basis_kinds[b->pub.kind]);
	return SA_OK;
}

/* ---- rules ------------------------------------------------------------------- */

static const char *const kind_names[] = {
	"assert", "require", "count", "value", "contains", "ratio", "unique",
};
#define N_KINDS (sizeof(kind_names) / sizeof(kind_names[0]))

static sa_status set_bound(sai_pack_loader *l, const xmlNode *n, sai_bound *b)
{
	char *v;
	sa_status st;

	if (b->set)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' given twice"),
				     sai_pack_key_of(n));
	if ((st = sai_pack_nonempty_scalar(l, n, &v)) != SA_OK)
		return st;
	b->set = 1;
	b->text = v;
	b->line = sai_node_line(n);
	b->column = sai_node_column(n);
	if (v[0] == '$')
		return SA_OK;
	if (sai_parse_number(v, &b->value) < 0)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must be a "
				     "number or a $parameter, not '%s'"),
				     sai_pack_key_of(n), v);
	return SA_OK;
}

static sa_status set_kind(sai_pack_loader *l, sai_rule *r, const xmlNode *n,
			  sai_check_kind kind, int *have_kind)
{
	if (*have_kind)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s' has two "
				     "checks ('%s' and '%s'); a rule has "
				     "exactly one"), r->id ? r->id : "?",
				     kind_names[r->kind], kind_names[kind]);
	*have_kind = 1;
	r->kind = kind;
	return SA_OK;
}

static sa_status read_ratio(sai_pack_loader *l, sai_rule *r, const xmlNode *n)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	if (!sai_pack_has_children(n))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'ratio' must be a "
				     "mapping: {of: XPATH, where: XPATH, min: "
				     "0.5}"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		const char *k;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = sai_pack_key_of(c);
		if (!strcmp(k, "of"))
			st = sai_pack_set_xpath(l, c, &r->test);
		else if (!strcmp(k, "where"))
			st = sai_pack_set_xpath(l, c, &r->where);
		else if (!strcmp(k, "min"))
			st = set_bound(l, c, &r->min);
		else if (!strcmp(k, "max"))
			st = set_bound(l, c, &r->max);
		else
			st = sai_pack_lerr(l, c, SA_ERR_PACK, _("unknown key "
					   "'%s' in 'ratio'; expected of, "
					   "where, min or max"), k);
	}
	if (st == SA_OK && (!r->test.src || !r->where.src))
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("'ratio' needs 'of' "
				   "and 'where'"));
	return st;
}

static sa_status set_flag(sai_pack_loader *l, const xmlNode *n, int *flag)
{
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	if (!strcmp(v, "true"))
		*flag = 1;
	else if (!strcmp(v, "false"))
		*flag = 0;
	else
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must be true or "
				   "false"), sai_pack_key_of(n));
	free(v);
	return st;
}

static sa_status set_severity(sai_pack_loader *l, sai_rule *r, const xmlNode *n)
{
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);

	if (st == SA_OK && sa_severity_parse(v, &r->info.severity) < 0)
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown severity "
				   "'%s'; expected critical, major, minor or "
				   "info"), v);
	free(v);
	return st;
}

static sa_status set_weight(sai_pack_loader *l, sai_rule *r, const xmlNode *n)
{
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	if (sai_parse_number(v, &r->info.weight) < 0 || r->info.weight < 0)
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("'weight' must be a "
				   "number of 0 or more, not '%s'"), v);
	free(v);
	return st;
}

static sa_status set_format(sai_pack_loader *l, sai_rule *r, const xmlNode *n)
{
	static const char *const names[] = {
		"", "uscc", "id-number", "division-code", "date", "integer",
		"number", "boolean", NULL,
	};
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);
	int i;

	if (st != SA_OK)
		return st;
	for (i = 1; names[i]; i++)
		if (!strcmp(v, names[i]))
			r->format = (sai_format)i;
	if (r->format == SAI_FORMAT_NONE)
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown format '%s'; "
				   "expected uscc, id-number, division-code, "
				   "date, integer, number or boolean"), v);
	free(v);
	return st;
}

static sa_status set_scope(sai_pack_loader *l, sai_rule *r, const xmlNode *n)
{
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	if (!strcmp(v, "collection"))
		r->collection = 1;
	else if (strcmp(v, "record") != 0)
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown scope '%s'; "
				   "expected record or collection"), v);
	free(v);
	return st;
}

/* ---- decided-by: the fields that decide applies -------------------------- */

static sa_status add_decided_by(sai_pack_loader *l, sai_rule *r,
				const xmlNode *c)
{
	sai_xpath *x = realloc(r->decided_by,
			       (r->n_decided_by + 1) * sizeof(*x));
	sa_status st;

	if (!x)
		return sai_pack_nomem(l);
	r->decided_by = x;
	x += r->n_decided_by;
	memset(x, 0, sizeof(*x));
	if ((st = sai_pack_scalar_ex(l, c, 1, &x->src)) != SA_OK)
		return st;
	r->n_decided_by++;
	x->file = l->std->file;
	x->line = sai_node_line(c);
	x->column = sai_node_column(c);
	if (!sai_pack_plain_path(x->src, 1))
		return sai_pack_lerr(l, c, SA_ERR_PACK, _("'decided-by' takes "
				     "paths of fields from the record "
				     "(operation/mode), not '%s'"), x->src);
	return SA_OK;
}

/* decided-by: a path or a list of them (n is the first item). */
static sa_status read_decided_by(sai_pack_loader *l, sai_rule *r,
				 const xmlNode *n, const xmlNode **last)
{
	const xmlNode *c;
	sa_status st;

	if (r->n_decided_by)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' given twice"),
				     "decided-by");
	for (c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(sai_pack_key_of(c), "decided-by") != 0)
			break;
		*last = c;
		if (sai_pack_is_empty_list(c))
			break;
		if ((st = add_decided_by(l, r, c)) != SA_OK)
			return st;
		if (!sai_pack_is_item(c))
			break;
	}
	if (!r->n_decided_by)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'decided-by' needs "
				     "at least one field"));
	return SA_OK;
}

/* decided-by says which fields make applies false by their value: it
 * needs an applies, and a collection rule's applies reads no one
 * record's fields. */
static sa_status check_decided_by(sai_pack_loader *l, const sai_rule *r,
				  const xmlNode *n)
{
	if (!r->n_decided_by)
		return SA_OK;
	if (!r->applies.src)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': "
				     "'decided-by' needs 'applies'"), r->id);
	if (r->collection)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': "
				     "'decided-by' goes with record rules, "
				     "not scope: collection"), r->id);
	return SA_OK;
}

/* One key of a rule; *next is set past a list's items. */
/* A value of in, all, any or pattern is taken as written: "$name" there
 * would be the text "$name" (a regex that cannot match, a value no field
 * has), not the parameter, so it is refused.  Parameters work in XPath
 * and in min and max. */
static sa_status not_a_param(sai_pack_loader *l, const xmlNode *n,
			     const char *v)
{
	static const char first[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz_";
	const char *p = v + 1;

	if (v[0] != '$' || !*p || !strchr(first, *p))
		return SA_OK;
	for (; *p; p++)
		if (!strchr(first, *p) && !strchr("0123456789-.", *p))
			return SA_OK;
	return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' takes its values as "
			     "written, not a parameter: '%s' would be that "
			     "text; use the parameter in an assert (name = %s, "
			     "matches(name, %s)) or a literal value"),
			     sai_pack_key_of(n), v, v, v);
}

static sa_status rule_key(sai_pack_loader *l, sai_rule *r, const xmlNode *n,
			  int *have_kind, const xmlNode **last)
{
	const char *k = sai_pack_key_of(n);
	size_t i;

	*last = n;
	for (i = 0; i < N_KINDS; i++) {
		if (strcmp(k, kind_names[i]) != 0)
			continue;
		if (set_kind(l, r, n, (sai_check_kind)i, have_kind) != SA_OK)
			return l->err->status;
		if (i == SAI_CHECK_RATIO)
			return read_ratio(l, r, n);
		return sai_pack_set_xpath(l, n, &r->test);
	}
	if (!strcmp(k, "id"))
		return sai_pack_set_string(l, n, &r->id);
	if (!strcmp(k, "title"))
		return sai_pack_set_string(l, n, &r->title);
	if (!strcmp(k, "title-en"))
		return sai_pack_set_string(l, n, &r->title_en);
	if (!strcmp(k, "severity"))
		return set_severity(l, r, n);
	if (!strcmp(k, "weight"))
		return set_weight(l, r, n);
	if (!strcmp(k, "indicator"))
		return sai_pack_set_string(l, n, &r->indicator);
	if (!strcmp(k, "deduct")) {
		r->has_deduct = 1;
		return sai_pack_set_number(l, n, &r->deduct);
	}
	if (!strcmp(k, "veto"))
		return set_flag(l, n, &r->veto);
	if (!strcmp(k, "tags"))
		return sai_pack_list_of(l, n, &r->tags, last);
	if (!strcmp(k, "applies"))
		return sai_pack_set_xpath(l, n, &r->applies);
	if (!strcmp(k, "decided-by"))
		return read_decided_by(l, r, n, last);
	if (!strcmp(k, "min"))
		return set_bound(l, n, &r->min);
	if (!strcmp(k, "max"))
		return set_bound(l, n, &r->max);
	if (!strcmp(k, "in") || !strcmp(k, "all"))
		return sai_pack_list_each(l, n, &r->in, last, 1, not_a_param);
	if (!strcmp(k, "any"))
		return sai_pack_list_each(l, n, &r->any, last, 1, not_a_param);
	if (!strcmp(k, "pattern"))
		return sai_pack_set_string_at(l, n, &r->pattern,
					      &r->pattern_at) != SA_OK ?
			l->err->status : not_a_param(l, n, r->pattern);
	if (!strcmp(k, "flags"))
		return sai_pack_set_string(l, n, &r->flags);
	if (!strcmp(k, "format"))
		return set_format(l, r, n);
	if (!strcmp(k, "each"))
		return set_flag(l, n, &r->each);
	if (!strcmp(k, "optional"))
		return set_flag(l, n, &r->optional);
	if (!strcmp(k, "key"))
		return sai_pack_set_xpath(l, n, &r->where);
	if (!strcmp(k, "for-each"))
		return sai_pack_set_xpath(l, n, &r->for_each);
	if (!strcmp(k, "scope"))
		return set_scope(l, r, n);
	if (!strcmp(k, "message"))
		return sai_pack_set_string_at(l, n, &r->message_src,
					      &r->message_at);
	if (!strcmp(k, "message-en"))
		return sai_pack_set_string_at(l, n, &r->message_en_src,
					      &r->message_en_at);
	if (!strcmp(k, "fix"))
		return sai_pack_set_string(l, n, &r->fix);
	if (!strcmp(k, "source"))
		return sai_pack_set_string(l, n, &r->source);
	if (!strcmp(k, "basis"))
		return sai_pack_read_basis(l, n, &r->basis);
	return sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown key '%s' in a rule; "
			     "expected id, title, title-en, severity, weight, "
			     "scope, for-each, applies, decided-by, a check (assert, "
			     "require, count, value, contains, ratio, unique) "
			     "and its options, message, message-en, fix, "
			     "basis, source, tags, indicator, deduct, veto"),
			     k);
}

/* Which options go with which check; a misplaced one is an error, since a
 * silently ignored 'min' would make a rule pass that should not. */
static sa_status check_options(sai_pack_loader *l, const sai_rule *r,
			       const xmlNode *n)
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
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': '%s' "
				     "does not go with a '%s' check"), r->id,
				     bad, kind_names[r->kind]);
	if (r->kind == SAI_CHECK_COUNT && !r->min.set && !r->max.set)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': 'count' "
				     "needs min or max"), r->id);
	if (r->kind == SAI_CHECK_RATIO && !r->min.set && !r->max.set)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': 'ratio' "
				     "needs min or max"), r->id);
	if (r->kind == SAI_CHECK_CONTAINS && !r->in.count && !r->any.count)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': "
				     "'contains' needs 'all' or 'any'"), r->id);
	if (value && !r->in.count && !r->pattern && !r->format &&
	    !r->min.set && !r->max.set)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s': 'value' "
				     "needs in, pattern, format, min or max"),
				     r->id);
	return SA_OK;
}

static sa_status validate_rule(sai_pack_loader *l, sai_rule *r,
			       const xmlNode *n, int have_kind)
{
	const char *p;

	if (!r->id)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("a rule needs an "
				     "'id'"));
	for (p = r->id; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.", *p))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule id "
					     "'%s' may hold only letters, "
					     "digits, '-', '_' and '.'"),
					     r->id);
	if (!r->title)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s' needs a "
				     "'title'"), r->id);
	if (!have_kind)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule '%s' has no "
				     "check: give one of assert, require, "
				     "count, value, contains, ratio, unique"),
				     r->id);
	if (check_decided_by(l, r, n) != SA_OK)
		return l->err->status;
	return check_options(l, r, n);
}

static sa_status read_rule(sai_pack_loader *l, const xmlNode *n, sai_rule *r)
{
	const xmlNode *c, *last;
	int have_kind = 0;
	sa_status st = SA_OK;

	r->info.severity = SA_SEVERITY_MAJOR;
	r->info.weight = -1;       /* not given: by severity, below */
	r->info.line = sai_node_line(n);
	r->info.column = sai_node_column(n);
	if (!sai_pack_has_children(n))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("a rule must be a "
				     "mapping of keys (id, title, a check, "
				     "...)"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = rule_key(l, r, c, &have_kind, &last);
		c = last;
	}
	/* An info finding is for information: it weighs nothing in a score
	 * unless the pack gives it a weight (and its basis says why). */
	if (r->info.weight < 0)
		r->info.weight = r->info.severity == SA_SEVERITY_INFO ? 0 : 1;
	if (st == SA_OK)
		st = validate_rule(l, r, n, have_kind);
	return st;
}

/* Adds a rule, replacing one of the same id from an extended standard. */
static sa_status add_rule(sai_pack_loader *l, sai_rule *r, const xmlNode *n)
{
	sa_pack *p = l->pack;
	size_t i;

	r->standard = l->std_index;
	for (i = 0; i < p->n_rules; i++) {
		sai_rule *o = &p->rules[i];

		if (strcmp(o->id, r->id) != 0)
			continue;
		if (o->standard == l->std_index)
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule id "
					     "'%s' is used twice in this pack"),
					     r->id);
		if (!sai_pack_extends_std(p, l->std_index,
					  p->standards[o->standard].id, 0))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("rule id "
					     "'%s' is also defined by standard "
					     "'%s'"), r->id,
					     p->standards[o->standard].id);
		sai_pack_release_rule(o);
		*o = *r;
		return SA_OK;
	}
	if (!(p->rules = sai_pack_grow(p->rules, &p->cap_rules, p->n_rules,
				       sizeof(*p->rules))))
		return sai_pack_nomem(l);
	p->rules[p->n_rules++] = *r;
	return SA_OK;
}

sa_status sai_pack_read_rules(sai_pack_loader *l, const xmlNode *first)
{
	const xmlNode *n;
	sa_status st = SA_OK;
	sai_rule r;

	for (n = first; n && st == SA_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(sai_pack_key_of(n), "rules") != 0)
			break;
		if (sai_pack_is_empty_list(n))
			break;
		if (!sai_pack_is_item(n))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("'rules' "
					     "must be a list of rules (each "
					     "starting with '- id: ...')"));
		memset(&r, 0, sizeof(r));
		st = read_rule(l, n, &r);
		if (st == SA_OK)
			st = add_rule(l, &r, n);
		if (st != SA_OK)
			sai_pack_release_rule(&r);
	}
	return st;
}
