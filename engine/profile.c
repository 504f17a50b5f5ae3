/* SPDX-License-Identifier: Apache-2.0 */
/*
 * profile.c - profiles (the settings an evaluation team chooses: grades,
 * weights, indicator points, vetoes, parameters, a rule selection) and
 * the basis of rules and profiles, with their public views.
 */
#include "config.h"

#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "pack-internal.h"
#include "util-internal.h"
#include "banned.h"

static sa_status at(sa_error *err, const sai_profile *pr,
		    const sai_profile_entry *e, const char *fmt,
		    const char *a, const char *b)
{
	sai_error_set(err, SA_ERR_PACK, pr->file, e->line, e->column, fmt, a,
		      b);
	sai_error_read_source(err);
	return SA_ERR_PACK;
}

static sai_rule *rule_by_id(const sa_pack *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n_rules; i++)
		if (!strcmp(p->rules[i].id, id))
			return &p->rules[i];
	return NULL;
}

static sai_indicator *indicator_by_id(sa_pack *p, size_t std, const char *id)
{
	size_t i;

	for (i = 0; i < p->n_indicators; i++)
		if (!strcmp(p->indicators[i].id, id) &&
		    p->indicators[i].standard == std)
			return &p->indicators[i];
	return NULL;
}

int sai_indicator_sum_differs(const sa_pack *p, int idx)
{
	double sum = 0;
	size_t k;
	int any = 0;

	for (k = 0; k < p->n_indicators; k++)
		if (p->indicators[k].parent == idx) {
			sum += p->indicators[k].points;
			any = 1;
		}
	return any && fabs(sum - p->indicators[idx].points) > 1e-9;
}

const char *sai_indicator_sum_message(void)
{
	return _("indicator '%s': its children's points do not add up to its "
		 "points (a parent's points are the sum of its children's)");
}

/* 1: name is a verdict word that says pass (合格, pass), -1: fail
 * (不合格, fail), 0: neither. */
static int verdict_word(const char *name)
{
	if (!strcmp(name, "合格") || !strcasecmp(name, "pass"))
		return 1;
	if (!strcmp(name, "不合格") || !strcasecmp(name, "fail"))
		return -1;
	return 0;
}

const char *sai_grade_verdict_clash(const char *name, double min,
				    int has_pass, double bound)
{
	int passes = !has_pass || min >= bound;

	if (verdict_word(name) < 0 && passes)
		return has_pass ?
			_("grade '%s' is at or above the pass-grade, so its "
			  "stations would pass: rename it or raise "
			  "pass-grade") :
			_("grade '%s' would pass the verdict: name the lowest "
			  "grade that passes with pass-grade, or rename it");
	if (verdict_word(name) > 0 && !passes)
		return _("grade '%s' is below the pass-grade, so its stations "
			 "would fail: rename it or lower pass-grade");
	return NULL;
}

/* A grade is one axis and the verdict another, so that a report never
 * says 合格 and 不合格 of one station: pass-grade names one of the
 * profile's grades (the stations below it fail the verdict); without it
 * every named grade passes.  A grade named like a verdict must get that
 * verdict. */
static sa_status check_pass_grade(const sai_profile *pr, sa_error *err)
{
	const sai_profile_entry *pg = pr->pass_grade.count ?
		&pr->pass_grade.items[0] : NULL;
	const char *why;
	double bound = 0;
	size_t k;

	for (k = 0; pg && k < pr->grades.count; k++)
		if (!strcmp(pr->grades.items[k].key, pg->key))
			break;
	if (pg && k == pr->grades.count)
		return at(err, pr, pg, _("profile '%s': pass-grade '%s' is "
				       "not one of the profile's grades"),
			  pr->name, pg->key);
	if (pg)
		bound = pr->grades.items[k].value;
	for (k = 0; k < pr->grades.count; k++)
		if ((why = sai_grade_verdict_clash(pr->grades.items[k].key,
						   pr->grades.items[k].value,
						   pg != NULL, bound)))
			return at(err, pr, &pr->grades.items[k], why,
				  pr->grades.items[k].key, NULL);
	return SA_OK;
}

/* Every id a profile names is a loaded rule (weights, veto) or an
 * indicator of its own standard (points), chosen or not: a misspelt id
 * would otherwise be a setting silently not applied. */
static sa_status check_ids(sa_pack *p, const sai_profile *pr, sa_error *err)
{
	size_t k;

	for (k = 0; k < pr->weights.count; k++)
		if (!rule_by_id(p, pr->weights.items[k].key))
			return at(err, pr, &pr->weights.items[k],
				  _("profile '%s': 'weights' names rule '%s', "
				    "which no loaded standard has"), pr->name,
				  pr->weights.items[k].key);
	for (k = 0; k < pr->veto.count; k++)
		if (!rule_by_id(p, pr->veto.items[k].key))
			return at(err, pr, &pr->veto.items[k],
				  _("profile '%s': 'veto' names rule '%s', "
				    "which no loaded standard has"), pr->name,
				  pr->veto.items[k].key);
	for (k = 0; k < pr->points.count; k++)
		if (!indicator_by_id(p, pr->standard, pr->points.items[k].key))
			return at(err, pr, &pr->points.items[k],
				  _("profile '%s': 'points' names indicator "
				    "'%s', which its standard does not "
				    "declare"), pr->name,
				  pr->points.items[k].key);
	return check_pass_grade(pr, err);
}

static sa_status set_grades(sa_pack *p, const sai_profile_list *g)
{
	sai_grade *ng = calloc(g->count + 1, sizeof(*ng));
	size_t i, k;

	if (!ng)
		return SA_ERR_NOMEM;
	for (i = 0; i < g->count; i++) {
		ng[i].min = g->items[i].value;
		if (!(ng[i].name = sai_strdup(g->items[i].key))) {
			while (i--)
				free(ng[i].name);
			free(ng);
			return SA_ERR_NOMEM;
		}
	}
	/* highest first, as sai_pack_read_grades leaves them */
	for (i = 1; i < g->count; i++)
		for (k = i; k > 0 && ng[k].min > ng[k - 1].min; k--) {
			sai_grade t = ng[k];

			ng[k] = ng[k - 1];
			ng[k - 1] = t;
		}
	for (i = 0; i < p->n_grades; i++)
		free(p->grades[i].name);
	free(p->grades);
	p->grades = ng;
	p->n_grades = g->count;
	p->has_pass_min = 0;
	return SA_OK;
}

/* The chosen profile's pass-grade (check_pass_grade made sure it is one
 * of its grades, which it has just set). */
static void set_pass_grade(sa_pack *p, const sai_profile_list *pg)
{
	size_t i;

	for (i = 0; pg->count && i < p->n_grades; i++)
		if (!strcmp(p->grades[i].name, pg->items[0].key)) {
			p->has_pass_min = 1;
			p->pass_min = p->grades[i].min;
		}
}

/* One declared profile of a chosen name: its values. */
static sa_status apply_one(sa_pack *p, const sai_profile *pr,
			   sai_strlist *params)
{
	size_t k;
	sa_status st = SA_OK;

	for (k = 0; k < pr->params.count; k++)
		if (sai_strlist_add(params, pr->params.items[k]) < 0)
			return SA_ERR_NOMEM;
	if (pr->grades.set)
		st = set_grades(p, &pr->grades);
	if (st == SA_OK)
		set_pass_grade(p, &pr->pass_grade);
	for (k = 0; k < pr->weights.count; k++)
		rule_by_id(p, pr->weights.items[k].key)->info.weight =
			pr->weights.items[k].value;
	for (k = 0; k < pr->veto.count; k++)
		rule_by_id(p, pr->veto.items[k].key)->veto = 1;
	for (k = 0; k < pr->points.count; k++)
		indicator_by_id(p, pr->standard,
				pr->points.items[k].key)->points =
			pr->points.items[k].value;
	return st;
}

/* A chosen profile's points keep the tree adding up: each indicator it
 * gives points to, and that indicator's parent. */
static sa_status check_points(const sa_pack *p, const sai_profile *pr,
			      sa_error *err)
{
	const sai_indicator *ind;
	size_t k;

	for (k = 0; k < pr->points.count; k++) {
		ind = indicator_by_id((sa_pack *)p, pr->standard,
				      pr->points.items[k].key);
		if (sai_indicator_sum_differs(p, (int)(ind - p->indicators)))
			return at(err, pr, &pr->points.items[k],
				  sai_indicator_sum_message(), ind->id, NULL);
		if (ind->parent >= 0 &&
		    sai_indicator_sum_differs(p, ind->parent))
			return at(err, pr, &pr->points.items[k],
				  sai_indicator_sum_message(),
				  p->indicators[ind->parent].id, NULL);
	}
	return SA_OK;
}

/* Every profile's points keep the tree adding up, chosen or not (lint
 * chooses none): the points of all the profiles of a name put on the
 * pack's own, checked, then the pack's own put back. */
static sa_status check_all_points(sa_pack *p, sa_error *err)
{
	double *own;
	size_t i, j, k;
	sa_status st = SA_OK;

	if (!p->n_indicators)
		return SA_OK;
	if (!(own = malloc(p->n_indicators * sizeof(*own))))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	for (i = 0; i < p->n_indicators; i++)
		own[i] = p->indicators[i].points;
	for (j = 0; j < p->n_profiles && st == SA_OK; j++) {
		const char *name = p->profile_decls[j].name;

		for (k = 0; k < j; k++)
			if (!strcmp(p->profile_decls[k].name, name))
				break;
		if (k < j || !p->profile_decls[j].points.count)
			continue;   /* a name done before, or no points */
		for (k = j; k < p->n_profiles; k++) {
			const sai_profile *pr = &p->profile_decls[k];
			size_t e;

			if (strcmp(pr->name, name) != 0)
				continue;
			for (e = 0; e < pr->points.count; e++)
				indicator_by_id(p, pr->standard,
						pr->points.items[e].key)->points
					= pr->points.items[e].value;
		}
		for (k = j; k < p->n_profiles && st == SA_OK; k++)
			if (!strcmp(p->profile_decls[k].name, name))
				st = check_points(p, &p->profile_decls[k], err);
		for (i = 0; i < p->n_indicators; i++)
			p->indicators[i].points = own[i];
	}
	free(own);
	return st;
}

/* The rules the profiles of one name keep: those some pattern of theirs
 * names; every rule when none of them has `rules:`. */
static void select_rules(sa_pack *p, const char *name)
{
	size_t i, k, j, patterns = 0;

	for (j = 0; j < p->n_profiles; j++)
		if (!strcmp(p->profile_decls[j].name, name))
			patterns += p->profile_decls[j].rules.count;
	if (!patterns)
		return;
	for (i = 0; i < p->n_rules; i++) {
		int kept = 0;

		for (j = 0; j < p->n_profiles; j++) {
			const sai_profile *pr = &p->profile_decls[j];

			if (strcmp(pr->name, name) != 0)
				continue;
			for (k = 0; k < pr->rules.count; k++)
				kept |= fnmatch(pr->rules.items[k],
						p->rules[i].id, 0) == 0;
		}
		p->rules[i].disabled |= !kept;
	}
}

/* The chosen profiles' params go before the --param overrides, so that
 * those win; a later profile's win over an earlier one's. */
static sa_status prepend_params(sa_pack *p, sai_strlist *params)
{
	size_t k;

	for (k = 0; k < p->overrides.count; k++)
		if (sai_strlist_add(params, p->overrides.items[k]) < 0)
			return SA_ERR_NOMEM;
	sai_strlist_release(&p->overrides);
	p->overrides = *params;
	params->items = NULL;
	params->count = 0;
	return SA_OK;
}

sa_status sai_pack_apply_profiles(sa_pack *p, sa_error *err)
{
	sai_strlist params = { NULL, 0 };
	size_t i, j;
	sa_status st = SA_OK;

	for (j = 0; j < p->n_profiles; j++)
		if ((st = check_ids(p, &p->profile_decls[j], err)) != SA_OK)
			return st;
	if ((st = check_all_points(p, err)) != SA_OK)
		return st;
	for (i = 0; i < p->profile.count && st == SA_OK; i++) {
		const char *name = p->profile.items[i];
		int found = 0;

		/* in load order: an extended standard's before the
		 * extending one's, which has the last word */
		for (j = 0; j < p->n_profiles && st == SA_OK; j++) {
			if (strcmp(p->profile_decls[j].name, name) != 0)
				continue;
			found = 1;
			p->profile_decls[j].pub.chosen = 1;
			st = apply_one(p, &p->profile_decls[j], &params);
			if (st == SA_OK && (st = check_points(p,
					&p->profile_decls[j], err)) != SA_OK) {
				sai_strlist_release(&params);
				return st;
			}
		}
		if (!found) {
			sai_strlist_release(&params);
			return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
					     _("no loaded standard has a "
					       "profile '%s'"), name);
		}
		select_rules(p, name);
	}
	if (st == SA_OK)
		st = prepend_params(p, &params);
	sai_strlist_release(&params);
	if (st != SA_OK)
		return sai_error_set(err, st, NULL, 0, 0, _("out of memory"));
	return SA_OK;
}

/* ---- basis ------------------------------------------------------------------- */

static sa_status basis_params(const sa_pack *p, const sai_basis *b,
			      size_t std, sa_error *err)
{
	size_t k;

	for (k = 0; k < b->params.count; k++) {
		if (sai_pack_find_param_for(p, b->params.items[k], std))
			continue;
		sai_error_set(err, SA_ERR_PACK, b->file, b->line, b->column,
			      _("'basis' names parameter '%s', which is not "
				"declared"), b->params.items[k]);
		sai_error_read_source(err);
		return SA_ERR_PACK;
	}
	return SA_OK;
}

static void basis_view(sai_basis *b)
{
	b->pub.quote = b->quote;
	b->pub.reason = b->reason;
	b->pub.reason_en = b->reason_en;
	b->pub.cite = b->cite;
	b->pub.params = (const char *const *)b->params.items;
	b->pub.param_count = b->params.count;
}

sa_status sai_pack_bind_basis(sa_pack *p, sa_error *err)
{
	size_t i;
	sa_status st;

	for (i = 0; i < p->n_rules; i++) {
		sai_rule *r = &p->rules[i];

		if ((st = basis_params(p, &r->basis, r->standard, err)))
			return st;
		basis_view(&r->basis);
	}
	for (i = 0; i < p->n_profiles; i++) {
		sai_profile *pr = &p->profile_decls[i];

		if ((st = basis_params(p, &pr->basis, pr->standard, err)))
			return st;
		basis_view(&pr->basis);
		pr->pub.name = pr->name;
		pr->pub.description = pr->description;
		pr->pub.basis = pr->basis.set ? &pr->basis.pub : NULL;
		pr->pub.standard = p->standards[pr->standard].id;
	}
	for (i = 0; i < p->n_standards; i++) {
		sai_standard *s = &p->standards[i];

		s->citation.headline = s->cite_headline;
		s->citation.publisher = s->cite_publisher;
		s->citation.date = s->cite_date;
		s->citation.file = s->cite_file;
	}
	return SA_OK;
}

/* ---- the public views ------------------------------------------------------- */

const char *sa_basis_kind_name(sa_basis_kind kind, const char *lang)
{
	static const char *const ids[] = {
		NULL, "requirement", "interpretation", "national", "setting",
	};
	static const char *const zh[] = {
		NULL, "原文要求", "解释", "国家规定", "本包设定",
	};
	static const char *const en[] = {
		NULL, "Requirement of the text", "Interpretation",
		"National rule", "Setting of this pack",
	};

	if ((int)kind < 0 || kind > SA_BASIS_SETTING)
		return NULL;
	if (!lang || !strcmp(lang, "id"))
		return ids[kind];
	return !strcmp(lang, "en") ? en[kind] : zh[kind];
}

static const sai_rule *rule_of(const sa_pack *p, const sa_rule_info *info)
{
	const sai_rule *r = (const sai_rule *)(const void *)info;

	return p && info && r >= p->rules && r < p->rules + p->n_rules ? r :
		NULL;
}

const sa_basis *sa_pack_rule_basis(const sa_pack *p, const sa_rule_info *rule)
{
	const sai_rule *r = rule_of(p, rule);

	return r && r->basis.set && p->compiled ? &r->basis.pub : NULL;
}

const char *sa_pack_rule_message_en(const sa_pack *p,
				    const sa_rule_info *rule)
{
	const sai_rule *r = rule_of(p, rule);

	return r && p->compiled ? r->message_en_src : NULL;
}

const sa_citation *sa_pack_citation(const sa_pack *p, size_t i)
{
	if (!p || !p->compiled || i >= p->n_standards ||
	    !p->standards[i].citation.headline)
		return NULL;
	return &p->standards[i].citation;
}

const sa_citation *sa_pack_rule_citation(const sa_pack *p,
					 const sa_rule_info *rule)
{
	const sai_rule *r = rule_of(p, rule);

	return r ? sa_pack_citation(p, r->standard) : NULL;
}

size_t sa_pack_profile_count(const sa_pack *p)
{
	return p && p->compiled ? p->n_profiles : 0;
}

const sa_profile_info *sa_pack_profile(const sa_pack *p, size_t i)
{
	return i < sa_pack_profile_count(p) ? &p->profile_decls[i].pub : NULL;
}

int sa_pack_rule_veto(const sa_pack *p, const sa_rule_info *rule)
{
	const sai_rule *r = rule_of(p, rule);

	return r ? r->veto : 0;
}

/* ---- what lint requires of a bundled pack ---------------------------------- */

static int named_by_profile(const sa_pack *p, const char *id)
{
	size_t j, k;

	for (j = 0; j < p->n_profiles; j++) {
		const sai_profile *pr = &p->profile_decls[j];

		for (k = 0; k < pr->rules.count; k++)
			if (fnmatch(pr->rules.items[k], id, 0) == 0)
				return 1;
		for (k = 0; k < pr->weights.count; k++)
			if (!strcmp(pr->weights.items[k].key, id))
				return 1;
		for (k = 0; k < pr->veto.count; k++)
			if (!strcmp(pr->veto.items[k].key, id))
				return 1;
	}
	return 0;
}

static void problem(sa_problem_fn fn, void *data, size_t *n,
		    const char *file, unsigned long line, unsigned long col,
		    const char *fmt, const char *a)
{
	sa_error e;

	sai_error_set(&e, SA_ERR_PACK, file, line, col, fmt, a);
	sai_error_read_source(&e);
	(*n)++;
	if (fn)
		fn(data, &e);
}

/* One rule's basis: present, with a reason where the pack chose, and a
 * setting carried by a parameter or a profile. */
static void check_rule_basis(const sa_pack *p, const sai_rule *r,
			     sa_problem_fn fn, void *data, size_t *n)
{
	const sai_basis *b = &r->basis;
	const char *file = p->standards[r->standard].file;

	if (!b->set) {
		problem(fn, data, n, file, r->info.line, r->info.column,
			_("rule '%s' has no basis: say what it rests on "
			  "(basis: {kind, quote, ...}; docs/rules.md)"), r->id);
		return;
	}
	if (!b->reason && (b->pub.kind == SA_BASIS_INTERPRETATION ||
			   b->pub.kind == SA_BASIS_SETTING))
		problem(fn, data, n, file, b->line, b->column,
			_("rule '%s': an interpretation or a setting needs a "
			  "reason"), r->id);
	if (r->info.severity == SA_SEVERITY_INFO && r->info.weight > 0 &&
	    !b->reason)
		problem(fn, data, n, file, r->info.line, r->info.column,
			_("rule '%s' is info and has a weight: an info finding "
			  "is for information; say in its basis reason why it "
			  "counts in the score, or drop the weight"), r->id);
	if (b->pub.kind == SA_BASIS_SETTING && !b->params.count &&
	    !named_by_profile(p, r->id))
		problem(fn, data, n, file, b->line, b->column,
			_("rule '%s' is a setting that is on by default: name "
			  "the parameter that carries it (basis: params) or "
			  "select it in a profile"), r->id);
}

/* An info rule weighs nothing unless the pack gives it a weight: then the
 * rule's basis, or the basis of the profile that weights it, must name it
 * and say why. */
static void check_info_weights(const sa_pack *p, const sai_profile *pr,
			       sa_problem_fn fn, void *data, size_t *n)
{
	size_t k;

	for (k = 0; k < pr->weights.count; k++) {
		const sai_profile_entry *e = &pr->weights.items[k];
		const sai_rule *r = rule_by_id(p, e->key);

		if (!r || r->info.severity != SA_SEVERITY_INFO ||
		    e->value <= 0 || (pr->basis.reason &&
				      strstr(pr->basis.reason, e->key)))
			continue;
		problem(fn, data, n, pr->file, e->line, e->column,
			_("profile gives info rule '%s' a weight: an info "
			  "finding is for information; name the rule in the "
			  "profile's basis reason and say why it counts, or "
			  "drop the weight"), e->key);
	}
}

size_t sa_pack_check_basis(const sa_pack *p, size_t standard,
			   sa_problem_fn fn, void *data)
{
	const sai_standard *s;
	size_t i, n = 0;

	if (!p || !p->compiled || standard >= p->n_standards)
		return 0;
	s = &p->standards[standard];
	if (!s->cite_headline)
		problem(fn, data, &n, s->file, s->line, s->column,
			_("standard '%s' has no citation: name its source as "
			  "an auditor would look it up (citation: {headline, "
			  "publisher, date, file})"), s->id);
	for (i = 0; i < p->n_rules; i++)
		if (p->rules[i].standard == standard)
			check_rule_basis(p, &p->rules[i], fn, data, &n);
	for (i = 0; i < p->n_profiles; i++)
		if (p->profile_decls[i].standard == standard)
			check_info_weights(p, &p->profile_decls[i], fn, data,
					   &n);
	for (i = 0; i < p->n_profiles; i++) {
		const sai_profile *pr = &p->profile_decls[i];

		if (pr->standard == standard &&
		    (pr->grades.set || pr->weights.count || pr->veto.count ||
		     pr->points.count) && !pr->basis.set)
			problem(fn, data, &n, pr->file, pr->line, pr->column,
				_("profile '%s' sets grades, weights, points "
				  "or vetoes without a basis: say why these "
				  "numbers (basis: {kind: setting, reason})"),
				pr->name);
	}
	return n;
}
