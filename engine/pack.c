/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack.c - the pack object: making and freeing it, what the command sets
 * on it before loading (search folders, parameters, profiles, disabled
 * rules, severities, the audit date), and the public sa_pack_* accessors.
 * Loading is pack-load.c's; compiling the expressions is compile.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "pack-internal.h"
#include "refs-internal.h"
#include "tree-internal.h"
#include "util-internal.h"

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
void *sai_pack_grow(void *arr, size_t *cap, size_t n, size_t sz)
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
	size_t i;

	xpath_release(&r->applies);
	for (i = 0; i < r->n_decided_by; i++)
		xpath_release(&r->decided_by[i]);
	free(r->decided_by);
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
	free(s->jurisdiction);
	free(s->area);
	free(s->version);
	free(s->source);
	free(s->cite_headline);
	free(s->cite_publisher);
	free(s->cite_date);
	free(s->cite_file);
	free(s->file);
	free(s->dir);
	free(s->real);
	free(s->tables);
	free(s->bases);
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
	profile_list_release(&pr->pass_grade);
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
	free(p->run_region);
	free(p->params);
	free(p->param_view);
	free(p->run_view);
	sai_strlist_release(&p->run_texts);
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
	sai_strlist_release(&p->collect_prefixes);
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
	return p->n_params + p->n_run_view;
}

const sa_param_info *sa_pack_param(const sa_pack *p, size_t i)
{
	return i < p->n_params ? &p->params[i].info :
	       i - p->n_params < p->n_run_view ?
	       &p->run_view[i - p->n_params] : NULL;
}

static void run_setting(sa_param_info *info, const char *name,
			const char *value)
{
	info->name = name;
	info->type = "override";
	info->value = value;
	info->standard = "run";
}

sa_status sai_pack_view_run(sa_pack *p)
{
	size_t n = p->profile.count + p->disabled.count + p->severities.count;
	size_t i, k = 0;
	const char *eq;

	if (!n)
		return SA_OK;
	if (!(p->run_view = calloc(n, sizeof(*p->run_view))))
		return SA_ERR_NOMEM;
	for (i = 0; i < p->profile.count; i++)
		run_setting(&p->run_view[k++], "--profile",
			    p->profile.items[i]);
	for (i = 0; i < p->disabled.count; i++)
		run_setting(&p->run_view[k++], "--disable",
			    p->disabled.items[i]);
	for (i = 0; i < p->severities.count; i++) {
		const char *sev = p->severities.items[i];
		sai_strbuf sb;
		int rc;

		if (!(eq = strchr(sev, '=')))
			continue;
		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "%s=%s", eq + 1, sa_severity_name(
				(sa_severity)strtol(sev, NULL, 10)));
		rc = sb.failed ? -1 : sai_strlist_add(&p->run_texts,
						       sai_strbuf_str(&sb));
		sai_strbuf_release(&sb);
		if (rc < 0)
			return SA_ERR_NOMEM;
		run_setting(&p->run_view[k++], "--severity",
			    p->run_texts.items[p->run_texts.count - 1]);
	}
	p->n_run_view = k;
	return SA_OK;
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
