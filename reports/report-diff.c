/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report-diff.c - a comparison with an earlier report written for people
 * (text, Markdown) and machines (JSON): `stationaudit diff -f FORMAT` and
 * the year-over-year parts of the reports of `check --baseline`.
 *
 * Every format lists, per station, its new, fixed, unchanged and newly
 * waived problems and its score change, with the part of the change that
 * waivers gave.  Output is deterministic: the new run's order, then the
 * stations only the old report had, in its order.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "output-internal.h"
#include "report-internal.h"
#include "yoy-internal.h"
#include "banned.h"

#define DIFF_JSON_SCHEMA "stationaudit-diff"
#define DIFF_JSON_VERSION 1
/* Rows of each Markdown table: a pull-request comment has a size limit. */
#define DIFF_MD_CAP 200

double sai_yoy_round(double v)
{
	return floor(v * 10000 + 0.5) / 10000;
}

typedef struct words {
	const char *title, *summary, *sections[SAI_CHANGE_COUNT], *scores;
	const char *gone, *fresh, *unscored, *first_scored, *waivers;
	const char *unchecked;
	const char *severity[SA_SEVERITY_COUNT];
} words;

static const words words_zh = {
	"对比基线", "新增问题 %zu，已修复 %zu，未变 %zu，新豁免 %zu；站点 %zu "
	"(新增 %zu，移除 %zu)，得分上升 %zu，下降 %zu\n",
	{ "新增问题", "已修复", "未变", "新豁免 (不算修复)" }, "得分变化",
	"(已移除)", "(新增站点)", "(本次未评分)", "(首次评分)", "其中豁免",
	"未复查的问题 %zu (站点本次未评估、已移除或规则未再判定，不算修复)\n",
	{ "提示", "一般", "重要", "严重" },
};
static const words words_en = {
	"Compared with the baseline", "new problems %zu, fixed %zu, "
	"unchanged %zu, newly waived %zu; stations %zu (added %zu, removed "
	"%zu), score up %zu, down %zu\n",
	{ "New problems", "Fixed", "Unchanged", "Newly waived (not fixed)" },
	"Score changes", "(removed)", "(new station)", "(no score now)",
	"(first scored)", "waivers",
	"problems not re-checked %zu (station not assessed now, removed, or "
	"the rule did not judge it again: not fixed)\n",
	{ "info", "minor", "major", "critical" },
};

static const words *words_of(const char *lang)
{
	return lang && !strcmp(lang, "en") ? &words_en : &words_zh;
}

static void add_score(sai_strbuf *sb, double v)
{
	char buf[64];

	if (v < 0) {
		sai_strbuf_adds(sb, "-");
		return;
	}
	sai_format_number(v, buf, sizeof(buf));
	sai_strbuf_adds(sb, buf);
}

/* "(+1.50)" or "(+11.50, waivers +10.00)". */
static void add_change(sai_strbuf *sb, const sai_diff_station *s,
		       const words *w)
{
	sai_strbuf_addf(sb, "(%+.2f", s->new_score - s->old_score);
	if (fabs(s->waiver_gain) >= 0.005)
		sai_strbuf_addf(sb, ", %s %+.2f", w->waivers, s->waiver_gain);
	sai_strbuf_adds(sb, ")");
}

/* What a station without a score on one side is: removed, new, no
 * longer scored (not assessed now), or scored for the first time. */
static const char *score_label(const sai_diff_station *s, const words *w)
{
	if (s->state == SAI_STATION_REMOVED)
		return w->gone;
	if (s->state == SAI_STATION_ADDED)
		return w->fresh;
	return s->new_score < 0 ? w->unscored : w->first_scored;
}

/* ---- text ----------------------------------------------------------------- */

static void text_items(const sa_diff *d, sai_change which, const words *w,
		       sai_strbuf *sb)
{
	sai_diff_station s;
	sai_diff_item it;
	size_t i, j;

	for (i = 0; i < sai_diff_station_count(d); i++) {
		sai_diff_station_at(d, i, &s);
		for (j = 0; j < sai_diff_item_count(d, i); j++) {
			sai_diff_item_at(d, i, j, &it);
			if (it.change != which)
				continue;
			sai_strbuf_adds(sb, "  ");
			sai_report_add_visible(sb, s.id);
			sai_strbuf_addf(sb, "  %s  ", w->severity[it.severity]);
			sai_report_add_visible(sb, it.rule ? it.rule : "-");
			sai_strbuf_adds(sb, "  ");
			sai_report_add_visible(sb, it.message ? it.message :
					       "");
			if (which == SAI_CHANGE_NEW && it.file) {
				sai_strbuf_adds(sb, "  (");
				sai_report_add_visible(sb, it.file);
				sai_strbuf_addf(sb, ":%lu)", it.line);
			}
			sai_strbuf_addc(sb, '\n');
		}
	}
}

static void text_scores(const sa_diff *d, const words *w, sai_strbuf *sb)
{
	sai_diff_station s;
	size_t i;

	for (i = 0; i < sai_diff_station_count(d); i++) {
		sai_diff_station_at(d, i, &s);
		if (s.old_score == s.new_score || !s.station)
			continue;
		sai_strbuf_adds(sb, "  ");
		sai_report_add_visible(sb, s.id);
		sai_strbuf_adds(sb, "  ");
		sai_report_add_visible(sb, s.name ? s.name : "");
		sai_strbuf_adds(sb, "  ");
		add_score(sb, s.old_score);
		sai_strbuf_adds(sb, " -> ");
		add_score(sb, s.new_score);
		sai_strbuf_adds(sb, "  ");
		if (s.old_score >= 0 && s.new_score >= 0)
			add_change(sb, &s, w);
		else
			sai_strbuf_adds(sb, score_label(&s, w));
		sai_strbuf_addc(sb, '\n');
	}
}

static void write_text(const sa_diff *d, const char *label, const char *lang,
		       sai_strbuf *sb)
{
	const words *w = words_of(lang);
	static const sai_change order[] = { SAI_CHANGE_NEW, SAI_CHANGE_FIXED,
					    SAI_CHANGE_WAIVED };
	sai_diff_totals t;
	size_t k;

	sai_diff_totals_of(d, &t);
	sai_strbuf_addf(sb, "%s: %s -> %s\n", w->title, sai_diff_old_path(d),
			label ? label : sai_diff_new_path(d));
	sai_strbuf_addf(sb, w->summary, t.problems[SAI_CHANGE_NEW],
			t.problems[SAI_CHANGE_FIXED],
			t.problems[SAI_CHANGE_UNCHANGED],
			t.problems[SAI_CHANGE_WAIVED], t.stations, t.added,
			t.removed, t.up, t.down);
	if (t.unchecked)
		sai_strbuf_addf(sb, w->unchecked, t.unchecked);
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		if (!t.problems[order[k]])
			continue;
		sai_strbuf_addf(sb, "\n%s:\n", w->sections[order[k]]);
		text_items(d, order[k], w, sb);
	}
	if (t.up + t.down + t.added + t.removed + t.unscored +
	    t.first_scored) {
		sai_strbuf_addf(sb, "\n%s:\n", w->scores);
		text_scores(d, w, sb);
	}
}

/* ---- JSON ----------------------------------------------------------------- */

static void j_indent(sai_strbuf *sb, int depth)
{
	sai_strbuf_addf(sb, "\n%*s", 2 * depth, "");
}

static void j_num(sai_strbuf *sb, const char *key, double v, int known)
{
	char buf[64];

	sai_strbuf_addf(sb, "\"%s\": ", key);
	if (!known || !isfinite(v)) {
		sai_strbuf_adds(sb, "null");
		return;
	}
	sai_format_number(v, buf, sizeof(buf));
	sai_strbuf_adds(sb, buf);
}

static void j_item(sai_strbuf *sb, const sai_diff_item *it)
{
	sai_strbuf_addf(sb, "{\"change\": \"%s\", \"rule\": ",
			sai_change_name(it->change));
	sai_json_add_string(sb, it->rule);
	sai_strbuf_addf(sb, ", \"severity\": \"%s\", \"path\": ",
			sa_severity_name(it->severity));
	sai_json_add_string(sb, it->path);
	sai_strbuf_adds(sb, ", \"message\": ");
	sai_json_add_string(sb, it->message);
	sai_strbuf_adds(sb, ", \"file\": ");
	sai_json_add_string(sb, it->file);
	sai_strbuf_adds(sb, ", \"line\": ");
	if (it->line)
		sai_strbuf_addf(sb, "%lu}", it->line);
	else
		sai_strbuf_adds(sb, "null}");
}

/* One station on one line; its unchanged problems are only counted. */
static void j_station(const sa_diff *d, size_t i, sai_strbuf *sb)
{
	sai_diff_station s;
	sai_diff_item it;
	size_t j, n = 0;
	int both;
	int k;

	sai_diff_station_at(d, i, &s);
	both = s.old_score >= 0 && s.new_score >= 0;
	sai_strbuf_adds(sb, "{\"id\": ");
	sai_json_add_string(sb, s.id);
	sai_strbuf_adds(sb, ", \"name\": ");
	sai_json_add_string(sb, s.name);
	sai_strbuf_addf(sb, ", \"station\": %s, \"state\": \"%s\", ",
			s.station ? "true" : "false",
			sai_station_state_name(s.state));
	j_num(sb, "score_before", s.old_score, s.old_score >= 0);
	sai_strbuf_adds(sb, ", ");
	j_num(sb, "score_after", s.new_score, s.new_score >= 0);
	sai_strbuf_adds(sb, ", ");
	j_num(sb, "score_change", sai_yoy_round(s.new_score - s.old_score),
	      both);
	sai_strbuf_adds(sb, ", ");
	j_num(sb, "score_change_from_waivers", sai_yoy_round(s.waiver_gain),
	      both);
	sai_strbuf_adds(sb, ", \"counts\": {");
	for (k = 0; k < SAI_CHANGE_COUNT; k++)
		sai_strbuf_addf(sb, "%s\"%s\": %zu", k ? ", " : "",
				sai_change_name((sai_change)k), s.counts[k]);
	sai_strbuf_addf(sb, ", \"not_rechecked\": %zu}, \"problems\": [",
			s.unchecked);
	for (j = 0; j < sai_diff_item_count(d, i); j++) {
		sai_diff_item_at(d, i, j, &it);
		if (it.change == SAI_CHANGE_UNCHANGED)
			continue;
		if (n++)
			sai_strbuf_adds(sb, ", ");
		j_item(sb, &it);
	}
	sai_strbuf_adds(sb, "]}");
}

void sai_yoy_json_members(const sa_diff *d, const char *new_label, int depth,
			  sai_strbuf *sb)
{
	sai_diff_totals t;
	size_t i, n = sai_diff_station_count(d);
	int k;

	sai_diff_totals_of(d, &t);
	j_indent(sb, depth);
	sai_strbuf_adds(sb, "\"old\": ");
	sai_json_add_string(sb, sai_diff_old_path(d));
	sai_strbuf_adds(sb, ",");
	j_indent(sb, depth);
	sai_strbuf_adds(sb, "\"new\": ");
	sai_json_add_string(sb, new_label ? new_label : sai_diff_new_path(d));
	sai_strbuf_adds(sb, ",");
	j_indent(sb, depth);
	sai_strbuf_adds(sb, "\"summary\": {");
	for (k = 0; k < SAI_CHANGE_COUNT; k++)
		sai_strbuf_addf(sb, "\"%s\": %zu, ",
				sai_change_name((sai_change)k), t.problems[k]);
	sai_strbuf_addf(sb, "\"not_rechecked\": %zu, ", t.unchecked);
	sai_strbuf_addf(sb, "\"stations\": %zu, \"added\": %zu, \"removed\": "
			"%zu, \"score_up\": %zu, \"score_down\": %zu},",
			t.stations, t.added, t.removed, t.up, t.down);
	j_indent(sb, depth);
	sai_strbuf_adds(sb, "\"stations\": [");
	for (i = 0; i < n; i++) {
		j_indent(sb, depth + 1);
		j_station(d, i, sb);
		if (i + 1 < n)
			sai_strbuf_addc(sb, ',');
	}
	if (n)
		j_indent(sb, depth);
	sai_strbuf_adds(sb, "]");
}

static void write_json(const sa_diff *d, const char *label, sai_strbuf *sb)
{
	sai_strbuf_addf(sb, "{\n  \"schema\": \"%s\",\n  \"version\": %d,\n"
			"  \"tool\": {\"name\": \"stationaudit\", \"version\": ",
			DIFF_JSON_SCHEMA, DIFF_JSON_VERSION);
	sai_json_add_string(sb, sa_version());
	sai_strbuf_adds(sb, "},");
	sai_yoy_json_members(d, label, 1, sb);
	sai_strbuf_adds(sb, "\n}\n");
}

/* ---- Markdown ------------------------------------------------------------- */

/* Text in a table cell: one line, no pipe or markup (what check's
 * Markdown report escapes: mentions and autolinks too). */
static void md_cell(sai_strbuf *sb, const char *s)
{
	sai_strbuf tmp;

	sai_strbuf_init(&tmp);
	sai_report_add_visible(&tmp, s ? s : "");
	sai_report_add_md_inert(sb, sai_strbuf_str(&tmp));
	sai_strbuf_release(&tmp);
}

static void md_station(const sai_diff_station *s, const words *w,
		       sai_strbuf *sb)
{
	int both = s->old_score >= 0 && s->new_score >= 0;

	sai_strbuf_adds(sb, "| ");
	md_cell(sb, s->id);
	sai_strbuf_adds(sb, " | ");
	md_cell(sb, s->name);
	sai_strbuf_adds(sb, " | ");
	add_score(sb, s->old_score);
	sai_strbuf_adds(sb, " | ");
	add_score(sb, s->new_score);
	sai_strbuf_adds(sb, " | ");
	if (both)
		sai_strbuf_addf(sb, "%+.2f | %+.2f", s->new_score - s->old_score,
				s->waiver_gain);
	else
		sai_strbuf_addf(sb, "%s | ", score_label(s, w));
	sai_strbuf_addf(sb, " | %zu | %zu | %zu | %zu |\n",
			s->counts[SAI_CHANGE_NEW], s->counts[SAI_CHANGE_FIXED],
			s->counts[SAI_CHANGE_WAIVED],
			s->counts[SAI_CHANGE_UNCHANGED]);
}

/* The new, fixed and newly waived problems as lists, at most cap each:
 * "- **major** RULE record: message". */
static void md_items(const sa_diff *d, const words *w, size_t cap,
		     sai_strbuf *sb)
{
	static const sai_change order[] = { SAI_CHANGE_NEW, SAI_CHANGE_FIXED,
					    SAI_CHANGE_WAIVED };
	sai_diff_station s;
	sai_diff_item it;
	size_t k, i, j, n;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		for (n = 0, i = 0; i < sai_diff_station_count(d); i++)
			for (j = 0; j < sai_diff_item_count(d, i); j++) {
				sai_diff_item_at(d, i, j, &it);
				if (it.change != order[k])
					continue;
				if (!n)
					sai_strbuf_addf(sb, "\n#### %s\n\n",
							w->sections[order[k]]);
				if (n++ >= cap)
					continue;
				sai_diff_station_at(d, i, &s);
				sai_strbuf_addf(sb, "- **%s** ",
						w->severity[it.severity]);
				md_cell(sb, it.rule ? it.rule : "-");
				sai_strbuf_adds(sb, " ");
				md_cell(sb, s.id);
				sai_strbuf_adds(sb, ": ");
				md_cell(sb, it.message);
				sai_strbuf_addc(sb, '\n');
			}
		if (n > cap)
			sai_strbuf_addf(sb, "- … %zu\n", n - cap);
	}
}

void sai_yoy_markdown(const sa_diff *d, const char *new_label,
		      const char *lang, size_t cap, sai_strbuf *sb)
{
	const words *w = words_of(lang);
	int en = w == &words_en;
	sai_diff_station s;
	sai_diff_totals t;
	size_t i, n = 0, shown = 0;

	sai_diff_totals_of(d, &t);
	sai_strbuf_addf(sb, "### %s\n\n", w->title);
	md_cell(sb, sai_diff_old_path(d));
	sai_strbuf_adds(sb, " → ");
	md_cell(sb, new_label ? new_label : sai_diff_new_path(d));
	sai_strbuf_adds(sb, "\n\n");
	sai_strbuf_addf(sb, w->summary, t.problems[SAI_CHANGE_NEW],
			t.problems[SAI_CHANGE_FIXED],
			t.problems[SAI_CHANGE_UNCHANGED],
			t.problems[SAI_CHANGE_WAIVED], t.stations, t.added,
			t.removed, t.up, t.down);
	if (t.unchecked) {
		sai_strbuf_addc(sb, '\n');
		sai_strbuf_addf(sb, w->unchecked, t.unchecked);
	}
	sai_strbuf_addf(sb, "\n| %s | %s | %s | %s | %s | %s | %s | %s | %s "
			"| %s |\n|---|---|---:|---:|---:|---:|---:|---:|---:|"
			"---:|\n",
			en ? "record" : "记录", en ? "station" : "站点",
			en ? "before" : "上次得分", en ? "after" : "本次得分",
			en ? "change" : "变化", en ? "of which waivers" :
			"其中豁免", en ? "new" : "新增", en ? "fixed" : "已修复",
			en ? "newly waived" : "新豁免", en ? "unchanged" : "未变");
	for (i = 0; i < sai_diff_station_count(d); i++) {
		sai_diff_station_at(d, i, &s);
		if (!s.station || s.state == SAI_STATION_UNCHANGED)
			continue;
		n++;
		if (shown < cap) {
			md_station(&s, w, sb);
			shown++;
		}
	}
	if (n > shown)
		sai_strbuf_addf(sb, "\n%s %zu\n", en ? "Stations not listed:" :
				"未列出的站点：", n - shown);
	md_items(d, w, cap, sb);
}

/* ---- the public writers ----------------------------------------------------- */

static const char *const diff_formats[] = { "text", "json", "markdown",
					    "md", NULL };

const char *sa_diff_format_name(size_t i)
{
	return i < sizeof(diff_formats) / sizeof(diff_formats[0]) ?
	       diff_formats[i] : NULL;
}

/* The comparison in format into sb; -1 for an unknown format. */
static int render(const sa_diff *d, const char *format, const char *lang,
		  const char *label, sai_strbuf *sb)
{
	if (!format || !strcmp(format, "text"))
		write_text(d, label, lang, sb);
	else if (!strcmp(format, "json"))
		write_json(d, label, sb);
	else if (!strcmp(format, "markdown") || !strcmp(format, "md"))
		sai_yoy_markdown(d, label, lang, DIFF_MD_CAP, sb);
	else
		return -1;
	return 0;
}

static int format_known(const char *format)
{
	size_t i;

	for (i = 0; format && diff_formats[i]; i++)
		if (!strcmp(format, diff_formats[i]))
			return 1;
	return 0;
}

static sa_status write_format(const sa_diff *d, const char *format,
			      FILE *out, const char *lang, const char *label,
			      sa_error *err)
{
	sai_strbuf sb;

	sai_strbuf_init(&sb);
	if (render(d, format, lang, label, &sb) < 0) {
		sai_strbuf_release(&sb);
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("unknown comparison format '%s' (text, "
				       "json, markdown)"), format);
	}
	if (sai_report_flush(&sb, NULL, out) < 0 || fflush(out) != 0) {
		sai_strbuf_release(&sb);
		return sai_error_set(err, SA_ERR_IO, NULL, 0, 0,
				     _("cannot write the comparison: %s"),
				     strerror(errno));
	}
	sai_strbuf_release(&sb);
	return SA_OK;
}

sa_status sa_diff_report(const sa_diff *d, const char *format,
			 const char *path, const char *lang, const char *label,
			 sa_error *err)
{
	sai_output o;
	sa_status st;
	int bad;

	if (!format_known(format))
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("unknown comparison format '%s' (text, "
				       "json, markdown)"), format);
	if ((st = sai_output_init(&o, path, err)) != SA_OK ||
	    (st = sai_output_open(&o, err)) != SA_OK) {
		sai_output_release(&o);
		return st;
	}
	st = write_format(d, format, o.out, lang, label, err);
	bad = sai_output_close(&o) != 0;
	if (st == SA_OK && bad)
		st = sai_error_set(err, SA_ERR_IO, path, 0, 0,
				   _("cannot write the comparison: %s"),
				   strerror(o.error ? o.error : EIO));
	if (st == SA_OK && sai_output_commit(&o) != 0)
		st = sai_error_set(err, SA_ERR_IO, path, 0, 0,
				   _("cannot replace the report: %s"),
				   strerror(errno));
	if (st != SA_OK)
		sai_output_discard(&o);
	sai_output_release(&o);
	return st;
}

sa_status sa_diff_write(const sa_diff *d, FILE *out, const char *lang,
			const char *label, sa_error *err)
{
	return write_format(d, "text", out, lang, label, err);
}
