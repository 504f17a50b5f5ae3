/* SPDX-License-Identifier: Apache-2.0 */
/*
 * score.c - scores, grades, vetoes and their explanation.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score-internal.h"
#include "banned.h"

/* One rule's outcome on the record (its findings are consecutive). */
typedef struct outcome {
	const sai_rule *rule;
	int failed;
	int applicable;
} outcome;

static const sai_rule *rule_of(const sa_pack *p, const sa_rule_info *info)
{
	const sai_rule *r = (const sai_rule *)(const void *)info;

	return r >= p->rules && r < p->rules + p->n_rules ? r : NULL;
}

/* Folds the findings into one outcome per rule; returns the count. */
static size_t outcomes(const sa_pack *p, const sai_result *res, outcome *out)
{
	size_t i = 0, j, n = 0;

	while (i < res->pub.finding_count) {
		const sa_rule_info *info = res->findings[i].rule;
		int failed = 0, passed = 0;

		for (j = i; j < res->pub.finding_count &&
		     res->findings[j].rule == info; j++) {
			failed |= res->findings[j].status == SA_FINDING_FAIL ||
				  res->findings[j].status == SA_FINDING_ERROR;
			passed |= res->findings[j].status == SA_FINDING_PASS ||
				  res->findings[j].status == SA_FINDING_WAIVED;
		}
		i = j;
		if (!rule_of(p, info))
			continue;
		out[n].rule = rule_of(p, info);
		out[n].failed = failed;
		out[n].applicable = failed || passed;
		n++;
	}
	return n;
}

static sa_score_item *item(sai_result *res)
{
	sa_score_item *it;

	if (res->n_items == res->cap_items) {
		size_t cap = res->cap_items ? res->cap_items * 2 : 16;

		it = realloc(res->items, cap * sizeof(*it));
		if (!it)
			return NULL;
		res->items = it;
		res->cap_items = cap;
	}
	it = &res->items[res->n_items++];
	memset(it, 0, sizeof(*it));
	return it;
}

static sa_score_item *rule_item(sai_result *res, const outcome *o,
				double points, double lost)
{
	sa_score_item *it = item(res);

	if (!it)
		return NULL;
	it->title = o->rule->title;
	it->rule = o->rule->id;
	it->points = points;
	it->lost = lost;
	it->earned = o->applicable ? points - lost : 0;
	it->applicable = o->applicable;
	it->veto = o->rule->veto && o->failed;
	return it;
}

/* Weights: each applicable rule is a line of its own. */
static sa_status by_weights(const outcome *o, size_t n, sai_result *res,
			    double *got, double *all)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double w = o[i].rule->info.weight;

		if (!o[i].applicable)
			continue;
		*all += w;
		*got += o[i].failed ? 0 : w;
		if (!rule_item(res, &o[i], w, o[i].failed ? w : 0))
			return SA_ERR_NOMEM;
	}
	return SA_OK;
}

typedef struct ind_state {
	int applicable;
	double wsum;       /* weights of applicable rules without deduct */
	double own;        /* deductions of its own rules */
	double children;   /* capped deductions of its children */
	double lost;       /* min(points, own + children) */
} ind_state;

static double deduction(const sa_pack *p, const outcome *o,
			const ind_state *st)
{
	const sai_rule *r = o->rule;
	int k = r->indicator_index;

	if (!o->failed)
		return 0;
	if (r->has_deduct)
		return r->deduct;
	return st[k].wsum > 0 ?
		p->indicators[k].points * r->info.weight / st[k].wsum : 0;
}

static void tally_indicators(const sa_pack *p, const outcome *o, size_t n,
			     ind_state *st)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		k = o[i].rule->indicator_index;
		if (k < 0 || !o[i].applicable)
			continue;
		if (!o[i].rule->has_deduct)
			st[k].wsum += o[i].rule->info.weight;
		for (; k >= 0; k = p->indicators[k].parent)
			st[k].applicable = 1;
	}
	for (i = 0; i < n; i++) {
		k = o[i].rule->indicator_index;
		if (k >= 0 && o[i].applicable)
			st[k].own += deduction(p, &o[i], st);
	}
	/* Children come after their parent: go backwards, capping. */
	for (k = (int)p->n_indicators - 1; k >= 0; k--) {
		double lost = st[k].own + st[k].children;

		st[k].lost = lost < p->indicators[k].points ? lost :
			p->indicators[k].points;
		if (p->indicators[k].parent >= 0 && st[k].applicable)
			st[p->indicators[k].parent].children += st[k].lost;
	}
}

static sa_status by_indicators(const sa_pack *p, const outcome *o, size_t n,
			       sai_result *res, double *got, double *all)
{
	ind_state *st = calloc(p->n_indicators, sizeof(*st));
	sa_status rc = SA_OK;
	size_t k, i;

	if (!st)
		return SA_ERR_NOMEM;
	tally_indicators(p, o, n, st);
	for (k = 0; k < p->n_indicators && rc == SA_OK; k++) {
		const sai_indicator *ind = &p->indicators[k];
		sa_score_item *it = item(res);

		if (!it) {
			rc = SA_ERR_NOMEM;
			break;
		}
		it->indicator = ind->id;
		it->title = ind->title ? ind->title : ind->id;
		it->level = ind->level;
		it->points = ind->points;
		it->lost = st[k].applicable ? st[k].lost : 0;
		it->earned = st[k].applicable ? ind->points - st[k].lost : 0;
		it->applicable = st[k].applicable;
		if (ind->parent < 0 && st[k].applicable) {
			*all += ind->points;
			*got += ind->points - st[k].lost;
		}
		/* A rule's points are what it can deduct (its deduct, or
		 * its share of the indicator's points): all lost. */
		for (i = 0; i < n && rc == SA_OK; i++) {
			double d = deduction(p, &o[i], st);

			if (o[i].rule->indicator_index == (int)k && o[i].failed &&
			    !rule_item(res, &o[i], d, d))
				rc = SA_ERR_NOMEM;
		}
	}
	free(st);
	return rc;
}

static void grade(const sa_pack *p, sai_result *res)
{
	size_t i;

	res->pub.grade = NULL;
	if (res->pub.not_assessed)
		return;
	if (res->pub.score >= 0)
		res->pub.score = floor(res->pub.score * 100 + 0.5) / 100;
	if (res->pub.vetoed) {
		res->pub.grade = "fail";
		return;
	}
	if (res->pub.score < 0 || p->n_grades == 0)
		return;
	/* Two decimals first, so that 89.999... is not below a 90 that
	 * the report shows as reached. */
	for (i = 0; i < p->n_grades; i++)
		if (res->pub.score >= p->grades[i].min)
			break;
	res->pub.grade = i < p->n_grades ? p->grades[i].name : "fail";
}

/* ---- the pass band ---------------------------------------------------------
 *
 * With a pass-grade (a chosen profile's), a station graded below it fails
 * its verdict though its grade is a named one (不合格: 0 of the usual four
 * bands): a failing SA-GRADE finding says so, with the score, the grade
 * and the bound.  Scored again after waivers, the finding follows the new
 * grade; waived, it no longer fails the verdict.
 */

const sa_rule_info sai_rule_grade = {
	"SA-GRADE", "得分达到合格等级", "The score reaches the pass grade",
	"grade", NULL, SA_SEVERITY_MAJOR, 0, NULL,
	"按各项不通过的规则整改, 使得分达到合格等级", "stationaudit",
	"stationaudit", "", 0, 0, 0,
};

static sa_finding *grade_finding(sai_result *res)
{
	size_t i;

	for (i = 0; i < res->pub.finding_count; i++)
		if (res->findings[i].rule == &sai_rule_grade)
			return &res->findings[i];
	return NULL;
}

/* Moves f to status s, keeping the record's counts. */
static void restate(sai_result *res, sa_finding *f, sa_finding_status s)
{
	res->pub.counts[f->status]--;
	if (f->status == SA_FINDING_FAIL)
		res->pub.fail_by_severity[f->severity]--;
	f->status = s;
	res->pub.counts[s]++;
	if (s == SA_FINDING_FAIL)
		res->pub.fail_by_severity[f->severity]++;
}

static sa_status pass_band(const sa_pack *p, sai_result *res)
{
	sa_finding *f = grade_finding(res);
	int below = p->has_pass_min && res->pub.grade && !res->pub.vetoed &&
		    res->pub.score >= 0 && res->pub.score < p->pass_min;
	char buf[160];

	res->pub.below_pass = below && !(f && f->status ==
					 SA_FINDING_WAIVED);
	if (f && f->status != SA_FINDING_WAIVED)
		restate(res, f, below ? SA_FINDING_FAIL : SA_FINDING_PASS);
	if (f || !below)
		return SA_OK;
	if (!(f = sai_result_add_finding(res)))
		return SA_ERR_NOMEM;
	f->rule = &sai_rule_grade;
	f->status = SA_FINDING_FAIL;
	f->severity = sai_rule_grade.severity;
	f->file = res->pub.file;
	f->line = res->pub.line;
	f->column = res->pub.column;
	f->path = "/";
	res->pub.counts[SA_FINDING_FAIL]++;
	res->pub.fail_by_severity[f->severity]++;
	/* Numbers and the pack's own grade names: the same in either
	 * language; the message is the rule's title in the report's. */
	snprintf(buf, sizeof(buf), "%.2f (%s)", res->pub.score,
		 res->pub.grade);
	if (!(f->actual = sai_result_keep(res, buf)))
		return SA_ERR_NOMEM;
	snprintf(buf, sizeof(buf), ">= %g", p->pass_min);
	f->expected = sai_result_keep(res, buf);
	return f->expected ? SA_OK : SA_ERR_NOMEM;
}

/* A record that fails the dossier contract (an unknown field, a value of
 * the wrong type or outside its vocabulary: rule SA-SCHEMA) scores 0 and
 * is graded fail, like a veto.  A weight would not do: a misspelt key
 * can turn failing rules into passes or not applicable (`level: town`
 * leaves every township rule out), so no fixed deduction keeps the typo
 * from scoring better than the right key.  A waived SA-SCHEMA finding is
 * no longer a failure and the score is the rules' again. */
static sa_status contract_veto(sai_result *res, double got)
{
	sa_score_item *it;
	size_t i;

	for (i = 0; i < res->pub.finding_count; i++)
		if (res->findings[i].rule == &sai_rule_schema &&
		    res->findings[i].status == SA_FINDING_FAIL)
			break;
	if (i == res->pub.finding_count || res->pub.score < 0)
		return SA_OK;
	res->pub.vetoed = 1;
	res->pub.score = 0;
	if (!(it = item(res)))
		return SA_ERR_NOMEM;
	it->rule = sai_rule_schema.id;
	it->title = sai_rule_schema.title;
	it->points = got;
	it->lost = got;
	it->applicable = 1;
	it->veto = 1;
	return SA_OK;
}

sa_status sai_score_record(const sa_pack *p, sai_result *res)
{
	outcome *o = calloc(res->pub.finding_count + 1, sizeof(*o));
	double got = 0, all = 0;
	size_t n, i;
	sa_status st;

	if (!o)
		return SA_ERR_NOMEM;
	n = outcomes(p, res, o);
	for (i = 0; i < n; i++)
		res->pub.vetoed |= o[i].rule->veto && o[i].failed;
	st = p->n_indicators ? by_indicators(p, o, n, res, &got, &all) :
		by_weights(o, n, res, &got, &all);
	free(o);
	res->pub.score = all > 0 && !res->pub.not_assessed ?
		100.0 * got / all : -1;
	if (st == SA_OK)
		st = contract_veto(res, got);
	res->pub.score_items = res->items;
	res->pub.score_item_count = res->n_items;
	grade(p, res);
	if (st == SA_OK)
		st = pass_band(p, res);
	res->pub.score_unwaived = res->pub.score;
	res->pub.grade_unwaived = res->pub.grade;
	return st;
}

/* ---- assessability ---------------------------------------------------------
 *
 * A standard can only judge a record whose fields say what the record is:
 * when fewer than min-applicable-share of a selecting standard's record
 * rules apply (its level, kind or mode missing or misspelt, or a record
 * of another kind altogether), its not-applicable verdicts say nothing,
 * and a score from the rules that are left would be a better score for a
 * worse dossier.  Such a record is not assessed: one failing SA-ASSESS
 * finding says why, and it gets no score and no grade.
 */

const sa_rule_info sai_rule_assess = {
	"SA-ASSESS", "标准能够评估该记录", "The standards can assess the record",
	"assess", NULL, SA_SEVERITY_MAJOR, 0, NULL,
	"补全或改正档案中说明站点层级、类型和运营方式的字段 (level, kind, "
	"operation/mode 等),使其取值符合档案格式", "stationaudit",
	"stationaudit", "", 0, 0, 0,
};

/* The index of the standard with id, or n_standards when none has it. */
static size_t std_index(const sa_pack *p, const char *id)
{
	size_t i;

	for (i = 0; id && i < p->n_standards; i++)
		if (p->standards[i].id && !strcmp(p->standards[i].id, id))
			return i;
	return p->n_standards;
}

/* The min-applicable-share that standard std assesses by: the run's value
 * (--param, a profile, a configuration) for every standard; else the
 * default std's own pack declares, else the one of a standard it
 * extends; else the engine's.  One city's choice (北京's 0.25) is not
 * another's: a standard that neither declares nor extends it keeps the
 * engine default. */
static double min_share(const sa_pack *p, size_t std)
{
	const char *t = NULL;
	char *end;
	size_t i, j;
	double v;
	int rank = 0;

	for (i = 0; i < p->n_params && rank < 3; i++) {
		const sai_param *pr = &p->params[i];

		if (strcmp(pr->name, "min-applicable-share") != 0)
			continue;
		j = std_index(p, pr->standard);
		if (pr->overridden)
			t = pr->value, rank = 3;
		else if (pr->scope == (long)std || j == std)
			t = pr->value, rank = 2;
		else if (rank < 1 && j < p->n_standards &&
			 sai_pack_std_reaches(p, std, j, 0))
			t = pr->value, rank = 1;
	}
	if (!t)
		return SAI_MIN_APPLICABLE_SHARE;
	v = strtod(t, &end);
	return end != t && !*end && v >= 0 && v <= 1 ? v :
	       SAI_MIN_APPLICABLE_SHARE;
}

/* Counts, for standard std, the record rules judged and those that
 * applied (a rule with several findings counts once). */
static void applicable_share(const sa_pack *p, const sai_result *res,
			     size_t std, size_t *rules, size_t *applied)
{
	size_t i = 0, j;

	*rules = *applied = 0;
	while (i < res->pub.finding_count) {
		const sa_rule_info *info = res->findings[i].rule;
		const sai_rule *r = rule_of(p, info);
		int na = 1;

		for (j = i; j < res->pub.finding_count &&
		     res->findings[j].rule == info; j++)
			na &= res->findings[j].status ==
			      SA_FINDING_NOT_APPLICABLE;
		i = j;
		if (!r || r->collection || r->standard != std)
			continue;
		(*rules)++;
		*applied += !na;
	}
}

/* Whether another loaded standard extends standard i (base, by every
 * city's pack): its selection and share then say nothing alone. */
static int extended(const sa_pack *p, size_t i)
{
	size_t j, k;

	for (j = 0; j < p->n_standards; j++)
		for (k = 0; j != i && k < p->standards[j].extends.count; k++)
			if (!strcmp(p->standards[j].extends.items[k],
				    p->standards[i].id))
				return 1;
	return 0;
}

/* One failing finding of rule on the whole record, at the rule's
 * severity. */
static sa_status add_whole(sai_result *res, const sa_rule_info *rule,
			   const char *msg)
{
	sa_finding *f = sai_result_add_finding(res);

	if (!f)
		return SA_ERR_NOMEM;
	f->rule = rule;
	f->status = SA_FINDING_FAIL;
	f->severity = rule->severity;
	f->file = res->pub.file;
	f->line = res->pub.line;
	f->column = res->pub.column;
	f->path = "/";
	if (!(f->message = sai_result_keep(res, msg)))
		return SA_ERR_NOMEM;
	res->pub.counts[SA_FINDING_FAIL]++;
	res->pub.fail_by_severity[f->severity]++;
	return SA_OK;
}

/* One failing finding of rule (SA-ASSESS, SA-DUPLICATE) on the whole
 * record, which is then not assessed. */
static sa_status add_unassessed(sai_result *res, const sa_rule_info *rule,
				const char *msg)
{
	sa_status st = add_whole(res, rule, msg);

	if (st == SA_OK)
		res->pub.not_assessed = 1;
	return st;
}

/* ---- scope: what a standard is written for ---------------------------------
 *
 * A standard written for township stations (records: level = 'township')
 * says nothing of a village room or a county centre: such a record, its
 * level and kind valid codes, is out of the standard's scope, not "not
 * assessed"; the standards it extends (base) judge and score it, and one
 * SA-SCOPE note (info) says which standard left it out.  A station whose
 * status the run does not audit (audited_statuses: by default operating
 * stations only) gets no per-station rule at all, no score and no verdict
 * (it counts as not assessed), and one note says so.  A coverage audit
 * (collection rules only) says neither.
 */

const sa_rule_info sai_rule_scope = {
	"SA-SCOPE", "标准评估的站点范围", "Which stations a standard assesses",
	"scope", NULL, SA_SEVERITY_INFO, 0, NULL,
	"仅供参考;若档案的层级 (level)、类型 (kind) 或状态 (status) 填写有误,"
	"请改正", "stationaudit", "stationaudit", "", 0, 0, 0,
};

static sa_status out_of_scope(sai_result *res, const sai_standard *s, int en)
{
	char msg[768];

	if (en)
		snprintf(msg, sizeof(msg), "%s (%s) assesses the records %s; "
			 "this record's level and kind are valid codes outside "
			 "them, so that standard does not assess it, and the "
			 "standards it extends do", s->title_en ? s->title_en :
			 s->title, s->id, s->records.src);
	else
		snprintf(msg, sizeof(msg), "标准“%s”(%s) 评估的记录是 %s;该"
			 "记录的层级、类型是档案格式中的有效取值但不在其中,该"
			 "标准不评估它,由它所扩展的标准评估", s->title, s->id,
			 s->records.src);
	return add_whole(res, &sai_rule_scope, msg);
}

sa_status sai_idle_note(sai_result *res, const char *status,
			const char *audited, int en)
{
	char msg[768];

	if (en)
		snprintf(msg, sizeof(msg), "The station's status is %s, and "
			 "this run audits the stations of status %s only "
			 "(parameter audited_statuses): no per-station rule "
			 "applies and it is not assessed; coverage counts "
			 "operating stations only", status, audited);
	else
		snprintf(msg, sizeof(msg), "站点状态为 %s,本次审核只评估状态"
			 "为 %s 的站点 (参数 audited_statuses):逐站规则均不"
			 "适用,不评估;全覆盖只计运营中的站点", status,
			 audited);
	return add_whole(res, &sai_rule_scope, msg);
}

/* The record's SA-SCHEMA verdict: 1 it failed (a field misspelt or
 * outside the format), 0 it passed, -1 not checked (--no-schema). */
static int schema_verdict(const sai_result *res)
{
	size_t i;
	int v = -1;

	for (i = 0; i < res->pub.finding_count; i++) {
		if (res->findings[i].rule != &sai_rule_schema)
			continue;
		if (res->findings[i].status == SA_FINDING_FAIL)
			return 1;
		v = 0;
	}
	return v;
}

/* Too few rules apply to a record whose fields are all in the format:
 * nothing is misspelt, so say what else may be the cause. */
static sa_status too_few_valid(sai_result *res, const sai_standard *s,
			       size_t rules, size_t applied, double min,
			       int en)
{
	char msg[768];

	if (en)
		snprintf(msg, sizeof(msg), "Not assessed: only %zu of the %zu "
			 "rules of %s (%s) apply to this record, below "
			 "min-applicable-share = %.2f; its fields are in the "
			 "dossier format, so the other rules judge what it does "
			 "not record (operation/mode, services...), or they are "
			 "written for stations of another level or kind without "
			 "the standard's `records` saying so: give what the "
			 "station has, or audit it without this standard if it "
			 "is not written for such stations", applied, rules,
			 s->title_en ? s->title_en : s->title, s->id, min);
	else
		snprintf(msg, sizeof(msg), "未评估:标准“%s”(%s) 的 %zu 条规则"
			 "中只有 %zu 条适用于该记录,低于参数 "
			 "min-applicable-share = %.2f;档案字段均符合档案格式,"
			 "其余规则评估的是档案没有记录的内容 (运营方式、服务等),"
			 "或是为其他层级、类型的站点而写、标准的 records 却未"
			 "说明:请补全站点实有的内容;若该标准不评估这一层级、"
			 "类型的站点,请不用它审核该记录", s->title, s->id, rules,
			 applied, min);
	return add_unassessed(res, &sai_rule_assess, msg);
}

/* Selected, but too few of its rules apply. */
static sa_status too_few(sai_result *res, const sai_standard *s,
			 size_t rules, size_t applied, double min, int en)
{
	char msg[768];

	if (schema_verdict(res) == 0)
		return too_few_valid(res, s, rules, applied, min, en);
	if (en)
		snprintf(msg, sizeof(msg), "Not assessed: only %zu of the %zu "
			 "rules of %s (%s) apply to this record, below "
			 "min-applicable-share = %.2f; the fields that say what "
			 "the station is (level, kind, operation/mode...) may be "
			 "missing, misspelt or outside the dossier format",
			 applied, rules, s->title_en ? s->title_en : s->title,
			 s->id, min);
	else
		snprintf(msg, sizeof(msg), "未评估:标准“%s”(%s) 的 %zu 条规则"
			 "中只有 %zu 条适用于该记录,低于参数 "
			 "min-applicable-share = %.2f;说明站点层级、类型或运营"
			 "方式的字段 (level, kind, operation/mode 等) 可能缺失、"
			 "写错或不符合档案格式", s->title, s->id, rules, applied,
			 min);
	return add_unassessed(res, &sai_rule_assess, msg);
}

/* No standard the run asked for selects the record. */
static sa_status unselected(sai_result *res, const sai_standard *s, int en)
{
	char msg[768];

	if (en)
		snprintf(msg, sizeof(msg), "Not assessed: %s (%s) assesses "
			 "the records %s, and this record is not one of them; "
			 "check the fields that say what the station is (level, "
			 "kind...) against the dossier format", s->title_en ?
			 s->title_en : s->title, s->id, s->records.src);
	else
		snprintf(msg, sizeof(msg), "未评估:标准“%s”(%s) 评估的记录是 "
			 "%s,该记录不在其中;请对照档案格式检查说明站点层级、"
			 "类型的字段 (level, kind 等)", s->title, s->id,
			 s->records.src);
	return add_unassessed(res, &sai_rule_assess, msg);
}

/* Whether any rule of the pack (not a pseudo-rule) judged the record:
 * a standard whose own rules are all left out may still assess through
 * the standards it extends (--disable 'SY-*' audits with base). */
static int judged_by_rules(const sa_pack *p, const sai_result *res)
{
	size_t i;

	for (i = 0; i < res->pub.finding_count; i++) {
		const sai_rule *r = rule_of(p, res->findings[i].rule);

		if (r && !r->collection)
			return 1;
	}
	return 0;
}

/* Selected, but the run left none of the standard's rules (--disable,
 * a profile) and no collection rule either: nothing was judged, so
 * nothing passed.  (A coverage audit, --profile coverage, keeps only
 * collection rules: its records are what the collection reads.) */
static sa_status no_rules(sai_result *res, const sai_standard *s, int en)
{
	char msg[768];

	if (en)
		snprintf(msg, sizeof(msg), "Not assessed: this run leaves no "
			 "rule of %s (%s) to judge the record (--disable, "
			 "--profile or a configuration file; the report's "
			 "parameters list them)", s->title_en ? s->title_en :
			 s->title, s->id);
	else
		snprintf(msg, sizeof(msg), "未评估:本次审核没有留下标准“%s”(%s) "
			 "的任何规则来评估该记录 (--disable、--profile 或配置"
			 "文件;见报告的参数列表)", s->title, s->id);
	return add_unassessed(res, &sai_rule_assess, msg);
}

sa_status sai_assess_record(const sa_pack *p, sai_result *res,
			    const char *selected, const char *outside, int en)
{
	double min;
	size_t i, rules, applied, first = SIZE_MAX, ruleless = SIZE_MAX;
	sa_status st = SA_OK;
	int assessed = 0;

	/* A record no standard selects already has its SA-RECORD error. */
	for (i = 0; i < p->n_standards && !selected[i]; i++)
		;
	if (i == p->n_standards) {
		res->pub.not_assessed = 1;
		return SA_OK;
	}
	for (i = 0; i < p->n_standards && st == SA_OK; i++) {
		/* A record outside a standard's jurisdiction is no record
		 * of it: nothing to assess, and no failure; one of a level
		 * or kind it is not written for is said once. */
		if (extended(p, i) || outside[i] == SAI_OUT_AREA)
			continue;
		if (outside[i] == SAI_OUT_SCOPE) {
			if (p->n_rules > p->n_collection)
				st = out_of_scope(res, &p->standards[i], en);
			continue;
		}
		if (first == SIZE_MAX)
			first = i;
		if (!selected[i])
			continue;
		applicable_share(p, res, i, &rules, &applied);
		min = min_share(p, i);
		if (!rules && !p->n_collection && !judged_by_rules(p, res))
			ruleless = ruleless == SIZE_MAX ? i : ruleless;
		else if (rules && (double)applied < min * (double)rules)
			st = too_few(res, &p->standards[i], rules, applied,
				     min, en);
		else
			assessed = 1;
	}
	if (st == SA_OK && !assessed && !res->pub.not_assessed &&
	    ruleless != SIZE_MAX)
		st = no_rules(res, &p->standards[ruleless], en);
	else if (st == SA_OK && !assessed && !res->pub.not_assessed &&
		 first != SIZE_MAX)
		st = unselected(res, &p->standards[first], en);
	return st;
}

/* ---- one dossier a station --------------------------------------------------
 *
 * Two records of one run with the same station id are two dossiers for one
 * station: counted twice, the copy would weigh twice in every share, count
 * and ranking of the run.  The first (in run order) stands; each later one
 * is not assessed, with a failing SA-DUPLICATE finding naming the first.
 */

const sa_rule_info sai_rule_duplicate = {
	"SA-DUPLICATE", "一个站点在一次审核中只有一份档案",
	"One dossier a station in a run", "duplicate", NULL,
	SA_SEVERITY_MAJOR, 0, NULL,
	"删除重复的档案, 或改正其中一份的站点编号 (id)", "stationaudit",
	"stationaudit", "", 0, 0, 0,
};

sa_status sai_assess_duplicate(const sa_pack *p, sai_result *res,
			       const char *file, unsigned long line, int en)
{
	char msg[1024];
	sa_status st;

	if (en)
		snprintf(msg, sizeof(msg), "Not assessed: station id %s is "
			 "also the id of the record at %s:%lu; a run audits one "
			 "dossier a station, so this one is left out of the "
			 "scores, shares and counts (remove the copy or correct "
			 "its id)", res->pub.record_id, file, line);
	else
		snprintf(msg, sizeof(msg), "未评估:站点编号 %s 与 %s:%lu 的记录"
			 "相同;一次审核每个站点只计一份档案,这一份不计入得分、"
			 "比例和统计 (请删除重复的档案或改正编号)",
			 res->pub.record_id, file, line);
	st = add_unassessed(res, &sai_rule_duplicate, msg);
	if (st != SA_OK)
		return st;
	res->n_items = 0;
	res->pub.vetoed = 0;
	return sai_score_record(p, res);
}
