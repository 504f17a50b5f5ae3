/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack-sections.c - the sections of a pack beside its rules and
 * parameters: the standard header (and its citation), grades, reference
 * tables, the indicator tree and profiles.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "util-internal.h"

/* ---- the standard header ------------------------------------------------------ */

/* citation: {headline, publisher, date, file}: the source as an auditor
 * would look it up. */
static sa_status read_citation(sai_pack_loader *l, const xmlNode *n)
{
	sai_standard *s = l->std;
	const xmlNode *c;
	sa_status st = SA_OK;

	if (!sai_pack_has_children(n))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'citation' must be "
				     "a mapping: {headline, publisher, date, "
				     "file}"));
	for (c = n->children; c && st == SA_OK; c = c->next) {
		const char *k;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = sai_pack_key_of(c);
		if (!strcmp(k, "headline"))
			st = sai_pack_set_string(l, c, &s->cite_headline);
		else if (!strcmp(k, "publisher"))
			st = sai_pack_set_string(l, c, &s->cite_publisher);
		else if (!strcmp(k, "date"))
			st = sai_pack_set_string(l, c, &s->cite_date);
		else if (!strcmp(k, "file"))
			st = sai_pack_set_string(l, c, &s->cite_file);
		else
			st = sai_pack_lerr(l, c, SA_ERR_PACK, _("unknown key "
					   "'%s' in 'citation'; expected "
					   "headline, publisher, date or file"),
					   k);
	}
	if (st == SA_OK && (!s->cite_headline || !s->cite_publisher))
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("'citation' needs a "
				   "'headline' and a 'publisher'"));
	return st;
}

/* Division-code prefixes (2, 4, 6, 9 or 12 digits), blank-separated; ""
 * is everywhere. */
static sa_status read_jurisdiction(sai_pack_loader *l, const xmlNode *n)
{
	sai_standard *s = l->std;
	char *v = NULL;

	if (s->jurisdiction)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' given twice"),
				     "jurisdiction");
	if (sai_pack_has_children(n) || sai_pack_scalar(l, n, &v) != SA_OK ||
	    !sai_area_ok(v)) {
		free(v);
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'jurisdiction' must "
				     "be division codes of 2, 4, 6, 9 or 12 "
				     "digits separated by blanks (\"5325\" a "
				     "prefecture), or \"\" for everywhere"));
	}
	s->jurisdiction = v;
	return SA_OK;
}

/* A contract entry names elements by path from the record (notes,
 * staff/wechat); "*", "staff[1]" or "a/../b" would declare nothing. */
static sa_status contract_path(sai_pack_loader *l, const xmlNode *n,
			       const char *v)
{
	if (sai_pack_plain_path(v, 0))
		return SA_OK;
	return sai_pack_lerr(l, n, SA_ERR_PACK, _("contract: '%s' is not a "
			     "path of element names from the record (notes, "
			     "staff/wechat)"), v);
}

static sa_status standard_key(sai_pack_loader *l, const xmlNode *n,
			      const xmlNode **last)
{
	sai_standard *s = l->std;
	const char *k = sai_pack_key_of(n);

	*last = n;
	if (!strcmp(k, "id"))
		return sai_pack_set_string(l, n, &s->id);
	if (!strcmp(k, "title"))
		return sai_pack_set_string(l, n, &s->title);
	if (!strcmp(k, "title-en"))
		return sai_pack_set_string(l, n, &s->title_en);
	if (!strcmp(k, "issuer"))
		return sai_pack_set_string(l, n, &s->issuer);
	if (!strcmp(k, "version"))
		return sai_pack_set_string(l, n, &s->version);
	if (!strcmp(k, "source"))
		return sai_pack_set_string(l, n, &s->source);
	if (!strcmp(k, "citation"))
		return read_citation(l, n);
	if (!strcmp(k, "jurisdiction"))
		return read_jurisdiction(l, n);
	if (!strcmp(k, "extends"))
		return sai_pack_list_of(l, n, &s->extends, last);
	if (!strcmp(k, "personal"))
		return sai_pack_list_of(l, n, &s->personal, last);
	if (!strcmp(k, "contract"))
		return sai_pack_list_each(l, n, &s->contract, last, 0,
					  contract_path);
	if (!strcmp(k, "records"))
		return sai_pack_set_xpath(l, n, &s->records);
	if (!strcmp(k, "record-id"))
		return sai_pack_set_xpath(l, n, &s->record_id);
	if (!strcmp(k, "record-name"))
		return sai_pack_set_xpath(l, n, &s->record_name);
	if (!strcmp(k, "record-region"))
		return sai_pack_set_xpath(l, n, &s->record_region);
	return sai_pack_lerr(l, n, SA_ERR_PACK, _("unknown key '%s' in "
			     "'standard'; expected id, title, title-en, "
			     "issuer, version, source, citation, "
			     "jurisdiction, extends, records, record-id, record-name, record-region, "
			     "personal, contract"), k);
}

sa_status sai_pack_read_standard(sai_pack_loader *l, const xmlNode *n)
{
	const xmlNode *c, *last;
	sa_status st = SA_OK;
	const char *p;

	if (!sai_pack_has_children(n))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'standard' must be "
				     "a mapping (id, title, ...)"));
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
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'standard' needs an "
				     "'id'"));
	if (!l->std->title)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'standard' needs a "
				     "'title'"));
	for (p = l->std->id; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.", *p))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("standard id "
					     "'%s' may hold only letters, "
					     "digits, '-', '_', '.'"),
					     l->std->id);
	return SA_OK;
}

/* ---- grades ---------------------------------------------------------------- */

static int grade_cmp(const void *a, const void *b)
{
	const sai_grade *x = a, *y = b;

	return (x->min < y->min) - (x->min > y->min);
}

/* The pack's pass-grade (beside its grades): one of them; then every
 * grade named like a verdict must get that verdict (profile.c). */
static sa_status read_pass_grade(sai_pack_loader *l, const xmlNode *g)
{
	sa_pack *p = l->pack;
	const xmlNode *n, *pg = NULL;
	const char *why;
	char *v = NULL;
	size_t i;

	p->has_pass_min = 0;
	for (n = g->parent->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    !strcmp(sai_pack_key_of(n), "pass-grade"))
			pg = n;
	if (pg && sai_pack_scalar(l, pg, &v) != SA_OK)
		return l->err ? l->err->status : SA_ERR_PACK;
	for (i = 0; v && i < p->n_grades; i++)
		if (!strcmp(p->grades[i].name, v)) {
			p->has_pass_min = 1;
			p->pass_min = p->grades[i].min;
		}
	free(v);
	if (pg && !p->has_pass_min)
		return sai_pack_lerr(l, pg, SA_ERR_PACK, _("pass-grade must "
				     "name one of the pack's grades"));
	for (n = g->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < p->n_grades; i++)
			if (!strcmp(p->grades[i].name, sai_pack_key_of(n)))
				break;
		if (i < p->n_grades && (why = sai_grade_verdict_clash(
				p->grades[i].name, p->grades[i].min,
				p->has_pass_min, p->pass_min)))
			return sai_pack_lerr(l, n, SA_ERR_PACK, why,
					     sai_pack_key_of(n));
	}
	return SA_OK;
}

sa_status sai_pack_read_grades(sai_pack_loader *l, const xmlNode *g)
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
		if (sai_pack_scalar(l, n, &v) != SA_OK)
			return l->err ? l->err->status : SA_ERR_PACK;
		double min = strtod(v, &end);
		int bad = !*v || *end || min < 0 || min > 100 || isnan(min);

		free(v);
		if (bad)
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("grade '%s' "
					     "needs a minimum score from 0 to "
					     "100"), sai_pack_key_of(n));
		ng = realloc(p->grades, (p->n_grades + 1) * sizeof(*ng));
		if (!ng)
			return sai_pack_nomem(l);
		p->grades = ng;
		ng[p->n_grades].min = min;
		if (!(ng[p->n_grades].name = sai_strdup(sai_pack_key_of(n))))
			return sai_pack_nomem(l);
		p->n_grades++;
	}
	if (p->n_grades > 1)
		qsort(p->grades, p->n_grades, sizeof(*p->grades), grade_cmp);
	return read_pass_grade(l, g);
}

static sa_status add_refdecl(sai_pack_loader *l, const xmlNode *n,
			     const char *csv, const char *key)
{
	sa_pack *p = l->pack;
	sai_refdecl *d;
	sai_strbuf sb;
	size_t i;
	sa_status st;

	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s/%s", l->std->dir, csv);
	if (sb.failed)
		return sai_pack_nomem(l);
	/* A pack reads only inside its own folder. */
	if ((st = sai_pack_check_inside(l, N_("reference table"),
					sai_strbuf_str(&sb), l->std->dir, n))) {
		sai_strbuf_release(&sb);
		return st;
	}
	/* Table names are shared by every loaded standard: a second one
	 * would either replace the first for the first's own rules or be
	 * ignored, silently.  Each file loads once, so this is another. */
	for (i = 0; i < p->n_refdecls; i++)
		if (!strcmp(p->refdecls[i].name, sai_pack_key_of(n))) {
			sai_strbuf_release(&sb);
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("reference "
					     "table '%s' is declared twice: "
					     "here and at %s:%lu:%lu (table "
					     "names are shared by all loaded "
					     "standards: one of them must "
					     "rename it)"),
					     sai_pack_key_of(n),
					     p->refdecls[i].file,
					     p->refdecls[i].line,
					     p->refdecls[i].column);
		}
	d = realloc(p->refdecls, (p->n_refdecls + 1) * sizeof(*d));
	if (!d) {
		sai_strbuf_release(&sb);
		return sai_pack_nomem(l);
	}
	p->refdecls = d;
	d = &p->refdecls[p->n_refdecls++];
	memset(d, 0, sizeof(*d));
	d->name = sai_strdup(sai_pack_key_of(n));
	d->path = sai_strbuf_detach(&sb, NULL);
	d->key = key ? sai_strdup(key) : NULL;
	d->file = l->std->file;
	d->standard = l->std_index;
	d->dir = l->std->dir;
	d->line = sai_node_line(n);
	d->column = sai_node_column(n);
	return d->name && d->path && (!key || d->key) ? SA_OK :
	       sai_pack_nomem(l);
}

/* references: {name: {csv: FILE, key: COLUMN}} */
sa_status sai_pack_read_references(sai_pack_loader *l, const xmlNode *refs)
{
	const xmlNode *n, *c;
	sa_status st = SA_OK;

	for (n = refs->children; n && st == SA_OK; n = n->next) {
		char *csv = NULL, *key = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!sai_pack_has_children(n))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("reference "
					     "'%s' must be a mapping: {csv: "
					     "FILE, key: COLUMN}"),
					     sai_pack_key_of(n));
		for (c = n->children; c && st == SA_OK; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (!strcmp(sai_pack_key_of(c), "csv"))
				st = sai_pack_set_string(l, c, &csv);
			else if (!strcmp(sai_pack_key_of(c), "key"))
				st = sai_pack_set_string(l, c, &key);
			else
				st = sai_pack_lerr(l, c, SA_ERR_PACK,
						   _("unknown key '%s' in a "
						   "reference; expected csv or "
						   "key"), sai_pack_key_of(c));
		}
		if (st == SA_OK && !csv)
			st = sai_pack_lerr(l, n, SA_ERR_PACK, _("reference "
					   "'%s' needs 'csv'"),
					   sai_pack_key_of(n));
		if (st == SA_OK)
			st = add_refdecl(l, n, csv, key);
		free(csv);
		free(key);
	}
	return st;
}

static sa_status add_indicator(sai_pack_loader *l, const xmlNode *n, int parent,
			       int level, int *index)
{
	sa_pack *p = l->pack;
	sai_indicator *ind = realloc(p->indicators,
				     (p->n_indicators + 1) * sizeof(*ind));

	if (!ind)
		return sai_pack_nomem(l);
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
sa_status sai_pack_read_indicators(sai_pack_loader *l, const xmlNode *first,
				   int parent, int level)
{
	const xmlNode *n, *c;
	sa_status st = SA_OK;
	int idx = -1;
	size_t i;

	for (n = first; n && st == SA_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || sai_pack_is_empty_list(n))
			continue;
		if (n != first && strcmp(sai_pack_key_of(n),
					 sai_pack_key_of(first)) != 0)
			break;
		if (!sai_pack_is_item(n) || !sai_pack_has_children(n))
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must "
					     "be a list of indicators ({id, "
					     "title, points, children})"),
					     sai_pack_key_of(n));
		if (level > 3)
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("indicators "
					     "nest at most three levels deep"));
		if ((st = add_indicator(l, n, parent, level, &idx)) != SA_OK)
			return st;
		for (c = n->children; c && st == SA_OK; c = c->next) {
			sai_indicator *ind = &l->pack->indicators[idx];
			const char *k;

			if (c->type != XML_ELEMENT_NODE)
				continue;
			k = sai_pack_key_of(c);
			if (!strcmp(k, "id"))
				st = sai_pack_set_string(l, c, &ind->id);
			else if (!strcmp(k, "title"))
				st = sai_pack_set_string(l, c, &ind->title);
			else if (!strcmp(k, "points"))
				st = sai_pack_set_number(l, c, &ind->points);
			else if (!strcmp(k, "children")) {
				st = sai_pack_read_indicators(l, c, idx,
							      level + 1);
				while (c->next &&
				       (c->next->type != XML_ELEMENT_NODE ||
					!strcmp(sai_pack_key_of(c->next),
						"children")))
					c = c->next;
			} else
				st = sai_pack_lerr(l, c, SA_ERR_PACK,
						   _("unknown key '%s' in an "
						   "indicator; expected id, "
						   "title, points, children"),
						   k);
		}
		if (st == SA_OK && !l->pack->indicators[idx].id)
			return sai_pack_lerr(l, n, SA_ERR_PACK, _("an "
					     "indicator needs an 'id'"));
		if (st == SA_OK && sai_indicator_sum_differs(l->pack, idx))
			return sai_pack_lerr(l, n, SA_ERR_PACK,
					     sai_indicator_sum_message(),
					     l->pack->indicators[idx].id);
		for (i = 0; st == SA_OK && i < (size_t)idx; i++)
			if (l->pack->indicators[i].standard == l->std_index &&
			    !strcmp(l->pack->indicators[i].id,
				    l->pack->indicators[idx].id))
				return sai_pack_lerr(
					l, n, SA_ERR_PACK,
					_("indicator id '%s' is used twice"),
					l->pack->indicators[idx].id);
	}
	return st;
}

/* profiles: {name: {description, basis, params: {...}, rules: [ID
 * patterns], grades: {name: min}, weights: {rule: n}, points: {indicator:
 * n}, veto: [rule ids]}}: checked here, kept for compile (when the chosen
 * ones are known); rule and indicator ids are checked there. */
static sa_status profile_add_entry(sai_pack_loader *l, const xmlNode *n,
				   const char *key, double v,
				   sai_profile_list *list)
{
	sai_profile_entry *e = realloc(list->items,
				       (list->count + 1) * sizeof(*e));

	if (!e)
		return sai_pack_nomem(l);
	list->items = e;
	e += list->count;
	memset(e, 0, sizeof(*e));
	if (!(e->key = sai_strdup(key)))
		return sai_pack_nomem(l);
	list->count++;
	e->value = v;
	e->line = sai_node_line(n);
	e->column = sai_node_column(n);
	return SA_OK;
}

/* A mapping of names to numbers from 0 to max (grades: 100). */
static sa_status profile_numbers(sai_pack_loader *l, const xmlNode *n,
				 double max, sai_profile_list *list)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	list->set = 1;
	if (!sai_pack_has_children(n) && !sai_pack_is_empty_list(n)) {
		char *v;

		if ((st = sai_pack_scalar(l, n, &v)) != SA_OK)
			return st;
		st = *v ? sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must be a "
					"mapping of names to numbers"),
					sai_pack_key_of(n)) : SA_OK;
		free(v);
		return st;
	}
	for (c = n->children; c && st == SA_OK; c = c->next) {
		char *v = NULL, *end;
		double d;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((st = sai_pack_scalar(l, c, &v)) != SA_OK)
			return st;
		d = strtod(v, &end);
		if (!*v || *end || isnan(d) || isinf(d) || d < 0 || d > max)
			st = max < HUGE_VAL ?
				sai_pack_lerr(l, c, SA_ERR_PACK, _("'%s' in "
					      "'%s' needs a number from 0 to "
					      "%g, not '%s'"),
					      sai_pack_key_of(c),
					      sai_pack_key_of(n), max, v) :
				sai_pack_lerr(l, c, SA_ERR_PACK, _("'%s' in "
					      "'%s' needs a number of 0 or "
					      "more, not '%s'"),
					      sai_pack_key_of(c),
					      sai_pack_key_of(n), v);
		else
			st = profile_add_entry(l, c, sai_pack_key_of(c), d,
					       list);
		free(v);
	}
	return st;
}

static sa_status profile_ids(sai_pack_loader *l, const xmlNode *n,
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
		if (strcmp(sai_pack_key_of(c), sai_pack_key_of(n)) != 0 ||
		    sai_pack_is_empty_list(c))
			break;
		*last = c;
		if ((st = sai_pack_scalar_ex(l, c, 1, &v)) != SA_OK)
			return st;
		if (*v)
			st = profile_add_entry(l, c, v, 1, list);
		free(v);
		if (!sai_pack_is_item(c))
			break;
	}
	return st;
}

/* params: {name: value}: kept as "name=value" overrides. */
static sa_status profile_params(sai_pack_loader *l, const xmlNode *n,
				sai_profile *pr)
{
	const xmlNode *c;
	sa_status st = SA_OK;

	for (c = n->children; c && st == SA_OK; c = c->next) {
		char *v;
		sai_strbuf sb;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((st = sai_pack_scalar(l, c, &v)) != SA_OK)
			return st;
		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "%s=%s", sai_pack_key_of(c), v);
		free(v);
		if (sb.failed || sai_strlist_add(&pr->params,
						 sai_strbuf_str(&sb)) < 0)
			st = sai_pack_nomem(l);
		sai_strbuf_release(&sb);
	}
	return st;
}

/* pass-grade: NAME, checked against the profile's grades at compile. */
static sa_status profile_pass_grade(sai_pack_loader *l, const xmlNode *n,
				    sai_profile *pr)
{
	sa_status st;
	char *v;

	if ((st = sai_pack_scalar(l, n, &v)) != SA_OK)
		return st;
	pr->pass_grade.set = 1;
	st = *v ? profile_add_entry(l, n, v, 0, &pr->pass_grade) :
		sai_pack_lerr(l, n, SA_ERR_PACK, _("'pass-grade' needs the "
			      "name of one of the profile's grades"));
	free(v);
	return st;
}

static sa_status profile_key(sai_pack_loader *l, sai_profile *pr,
			     const xmlNode *c, const xmlNode **last)
{
	const char *k = sai_pack_key_of(c);

	*last = c;
	if (!strcmp(k, "params"))
		return profile_params(l, c, pr);
	if (!strcmp(k, "rules"))
		return sai_pack_list_of(l, c, &pr->rules, last);
	if (!strcmp(k, "description"))
		return sai_pack_set_string(l, c, &pr->description);
	if (!strcmp(k, "basis"))
		return sai_pack_read_basis(l, c, &pr->basis);
	if (!strcmp(k, "grades"))
		return profile_numbers(l, c, 100, &pr->grades);
	if (!strcmp(k, "weights"))
		return profile_numbers(l, c, HUGE_VAL, &pr->weights);
	if (!strcmp(k, "points"))
		return profile_numbers(l, c, HUGE_VAL, &pr->points);
	if (!strcmp(k, "veto"))
		return profile_ids(l, c, &pr->veto, last);
	if (!strcmp(k, "pass-grade"))
		return profile_pass_grade(l, c, pr);
	return sai_pack_lerr(l, c, SA_ERR_PACK, _("unknown key '%s' in profile "
			     "'%s'; expected description, basis, params, "
			     "rules, grades, weights, points or veto"), k,
			     pr->name);
}

static sa_status read_profile(sai_pack_loader *l, const xmlNode *n)
{
	sa_pack *p = l->pack;
	sai_profile *pr;
	const xmlNode *c, *last;
	sa_status st = SA_OK;

	pr = realloc(p->profile_decls, (p->n_profiles + 1) * sizeof(*pr));
	if (!pr)
		return sai_pack_nomem(l);
	p->profile_decls = pr;
	pr += p->n_profiles++;
	memset(pr, 0, sizeof(*pr));
	pr->standard = l->std_index;
	pr->file = l->std->file;
	pr->line = sai_node_line(n);
	pr->column = sai_node_column(n);
	if (!(pr->name = sai_strdup(sai_pack_key_of(n))))
		return sai_pack_nomem(l);
	for (c = n->children; c && st == SA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		st = profile_key(l, pr, c, &last);
		c = last;
	}
	return st;
}

sa_status sai_pack_keep_profiles(sai_pack_loader *l, const xmlNode *profiles)
{
	const xmlNode *n;
	sa_status st = SA_OK;

	for (n = profiles->children; n && st == SA_OK; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			st = read_profile(l, n);
	return st;
}
