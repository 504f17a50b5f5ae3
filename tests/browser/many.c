/* SPDX-License-Identifier: Apache-2.0 */
/*
 * many.c - writes the HTML report of N synthetic stations (default
 * 40,000) to standard output, fast, for the browser test's timings: a
 * province without generating and auditing 40,000 dossiers.  Stations
 * spread over 90 counties, scores and failures vary deterministically,
 * and some are tied, vetoed, not assessed or unreadable.
 *
 *   many N > report.html
 *
 * Without N (as `make check` runs it, being a check program) it writes
 * 2,000 stations to a temporary file and passes when the writer did.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"

static const sa_rule_info rules[] = {
	{ "SY-STAFF", "专职社工人数", "Full-time social workers", "assert",
	  "staff", SA_SEVERITY_CRITICAL, 1, NULL, "配齐专职社工",
	  "《规范》4.2", "shiyan", "rules/shiyan.yaml", 10, 3, 0 },
	{ "SY-PHONE", "电话号码", "Phone number", "assert", "phone",
	  SA_SEVERITY_MAJOR, 1, NULL, "改正电话号码", "《规范》5.1",
	  "shiyan", "rules/shiyan.yaml", 20, 3, 0 },
	{ "SY-SIGN", "站牌", "Sign", "assert", "sign", SA_SEVERITY_MINOR, 1,
	  NULL, "挂牌", "《规范》6.3", "shiyan", "rules/shiyan.yaml", 30, 3,
	  0 },
};

/* A small deterministic generator (no rand(): the same page each run). */
static unsigned long next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

static void make_record(sa_record_result *rr, sa_finding *f, size_t i,
			unsigned long *seed, char *id, char *name,
			char *region)
{
	unsigned long r = next(seed);
	size_t n = 0, k;

	memset(rr, 0, sizeof(*rr));
	snprintf(region, 24, "33%04lu%03lu", 100 + (unsigned long)(i % 90),
		 (unsigned long)(i / 90 % 1000));
	snprintf(id, 48, "%s-S%02lu", region, (unsigned long)(i / 90000));
	snprintf(name, 64, "第 %zu 号乡镇社工站", i + 1);
	rr->seq = i;
	rr->file = "stations.xml";
	rr->line = (unsigned long)(i * 40 + 2);
	rr->record_id = id;
	rr->name = name;
	rr->region = region;
	for (k = 0; k < 3; k++)
		if (r >> (4 + k * 3) % 8 == 0 || (r >> (k * 5)) % 5 == 0) {
			memset(&f[n], 0, sizeof(f[n]));
			f[n].rule = &rules[k];
			f[n].status = SA_FINDING_FAIL;
			f[n].severity = rules[k].severity;
			f[n].file = "stations.xml";
			f[n].line = rr->line + 5;
			f[n].message = rules[k].title;
			rr->fail_by_severity[rules[k].severity]++;
			n++;
		}
	rr->findings = f;
	rr->finding_count = n;
	rr->counts[SA_FINDING_FAIL] = n;
	rr->counts[SA_FINDING_PASS] = 3 - n;
	if (i % 997 == 5) {
		rr->not_assessed = 1;
		rr->score = -1;
		return;
	}
	/* Scores in steps of 0.5 from 40 to 100: many ties. */
	rr->score = 40 + (double)(r % 121) / 2;
	rr->score_unwaived = rr->score;
	rr->vetoed = rr->fail_by_severity[SA_SEVERITY_CRITICAL] && r % 7 == 0;
	rr->grade = rr->vetoed || rr->score < 60 ? "fail"
		    : rr->score >= 90 ? "excellent"
		    : rr->score >= 75 ? "good" : "pass";
	rr->grade_unwaived = rr->grade;
}

int main(int argc, char **argv)
{
	const sai_report_writer *w = sai_report_find("html");
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000, i;
	unsigned long seed = 42;
	sa_run_options opts;
	sai_report_context ctx;
	sa_summary sum;
	void *state = NULL;
	int rc = 1;

	sa_run_options_init(&opts);
	memset(&ctx, 0, sizeof(ctx));
	memset(&sum, 0, sizeof(sum));
	ctx.out = argc > 1 ? stdout : tmpfile();
	ctx.path = "-";
	ctx.opts = &opts;
	ctx.tool_version = "test";
	if (!ctx.out || !w || w->begin(&state, &ctx) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		sa_record_result rr;
		sa_finding f[3];
		char id[48], name[64], region[24];

		make_record(&rr, f, i, &seed, id, name, region);
		if (w->record(state, &ctx, &rr) < 0)
			goto out;
		sum.records++;
		sum.records_failing += rr.counts[SA_FINDING_FAIL] > 0;
		sum.not_assessed += (size_t)rr.not_assessed;
		sum.findings[SA_FINDING_FAIL] += rr.counts[SA_FINDING_FAIL];
		sum.findings[SA_FINDING_PASS] += rr.counts[SA_FINDING_PASS];
	}
	sum.files = 1;
	if (w->end(state, &ctx, &sum, NULL, 0) < 0 || fflush(ctx.out) != 0)
		goto out;
	if (argc < 2 && ftell(ctx.out) < (long)(n * 200))
		goto out;
	rc = 0;
out:
	if (w && state)
		w->free(state);
	if (rc)
		fprintf(stderr, "many: could not write the report\n");
	return rc;
}
