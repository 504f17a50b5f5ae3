/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_rollup.c - the rollup kept whole in memory and the rollup spilled
 * to a temporary file (sorted runs, merged FANIN at a time) give the same
 * ranks and groups, field for field, on 50,000 stations with ties,
 * unscored and unreadable ones, short and missing region codes, several
 * provinces, grades and verdicts; a temporary file that cannot be made
 * or written fails the rollup with errno, and none is left named.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "testutil.h"

/* N is no multiple of a run: the last run is short. */
enum { N = 50001, SCORES = 41 };

static char regions[N][13];

/* Station i of the run: its score (negative: not scored; -1 also for
 * the unreadable), region, grade and verdict vary on different periods
 * so that areas mix every kind. */
static void make_record(sa_record_result *rr, size_t i)
{
	static const char *const grades[] = { NULL, "fail", "优秀", NULL };
	static const sa_finding fail = { .status = SA_FINDING_FAIL,
					 .severity = SA_SEVERITY_CRITICAL };
	size_t county = (i * 31) % 23, town = (i * 17) % 7;

	memset(rr, 0, sizeof(*rr));
	rr->seq = i;
	/* No id (a finding of its own) is no load error: judged. */
	rr->record_id = i % 89 == 4 ? NULL : "S";
	rr->score = (double)((i * 7919) % SCORES) + (i % 3 ? 0.5 : 0.25);
	rr->not_assessed = i % 11 == 3;
	rr->load_error = i % 97 == 5;
	rr->grade = grades[i % 4];
	if (i % 5 == 1) {
		rr->findings = &fail;
		rr->finding_count = 1;
		rr->counts[SA_FINDING_FAIL] = 1;
		rr->fail_by_severity[SA_SEVERITY_CRITICAL] = 1;
	}
	if (i % 101 == 7)
		rr->region = NULL;
	else if (i % 103 == 9)
		snprintf(regions[i], sizeof(regions[i]), "4203");
	else if (i % 107 == 11)
		snprintf(regions[i], sizeof(regions[i]), "4x0302");
	else
		snprintf(regions[i], sizeof(regions[i]), "%02zu%02zu%02zu%03zu%03zu",
			 11 + (i * 7) % 4, 1 + county % 3, 1 + county,
			 1 + town, i % 300);
	if (i % 101 != 7)
		rr->region = regions[i];
}

/* A rollup of the N stations; max 0: unbounded (never spills). */
static sai_rollup *roll(size_t max)
{
	sai_rollup *r = sai_rollup_new(NULL);
	sa_record_result rr;
	size_t i, k;

	ck_assert_ptr_nonnull(r);
	if (max)
		sai_rollup_bounded(r, max);
	for (i = 0; i < N; i++) {
		make_record(&rr, i);
		sai_check_int_eq(sai_rollup_add(r, &rr, &k), 0);
		sai_check_uint_eq(k, i);
	}
	sai_check_int_eq(sai_rollup_finish(r), 0);
	return r;
}

typedef struct copied {
	sai_rollup_station *s;
	size_t n;
} copied;

static int copy_station(const sai_rollup_station *s, void *arg)
{
	copied *c = arg;

	c->s[c->n++] = *s;
	return 0;
}

static sai_rollup_station *stations_of(sai_rollup *r)
{
	copied c = { calloc(N, sizeof(*c.s)), 0 };

	ck_assert_ptr_nonnull(c.s);
	sai_check_int_eq(sai_rollup_each_station(r, copy_station, &c), 0);
	sai_check_uint_eq(c.n, N);
	return c.s;
}

/* The same bits: mean and median must not differ in the last place. */
static void same_double(double a, double b)
{
	sai_check_int_eq(memcmp(&a, &b, sizeof(a)), 0);
}

static void same_groups(const sai_rollup *a, const sai_rollup *b)
{
	size_t i, k;
	int l;

	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_level level = (sai_rollup_level)l;

		sai_check_uint_eq(sai_rollup_group_count(a, level),
				  sai_rollup_group_count(b, level));
		for (i = 0; i < sai_rollup_group_count(a, level); i++) {
			const sai_rollup_group *g = sai_rollup_group_at(a, level, i);
			const sai_rollup_group *h = sai_rollup_group_at(b, level, i);

			sai_check_str_eq(g->code, h->code);
			sai_check_int_eq(g->unplaced, h->unplaced);
			sai_check_uint_eq(g->stations, h->stations);
			sai_check_uint_eq(g->scored, h->scored);
			same_double(g->mean, h->mean);
			same_double(g->median, h->median);
			for (k = 0; k < sai_rollup_grade_count(a); k++)
				sai_check_uint_eq(g->grades[k], h->grades[k]);
			sai_check_int_eq(memcmp(&g->verdicts, &h->verdicts,
						sizeof(g->verdicts)), 0);
		}
	}
}

/* The whole run's ranks, computed apart: 1 + the stations scored above. */
static void check_ranks(const sai_rollup_station *s)
{
	static size_t above[4 * SCORES + 8];
	size_t i;

	memset(above, 0, sizeof(above));
	for (i = 0; i < N; i++)
		if (s[i].score >= 0)
			above[(size_t)(s[i].score * 4)]++;
	for (i = 4 * SCORES + 4; i-- > 0;)
		above[i] += above[i + 1];
	for (i = 0; i < N; i++) {
		sai_check_uint_eq(s[i].seq, i);
		sai_check_uint_eq(s[i].index, i);
		if (s[i].score < 0)
			sai_check_uint_eq(s[i].rank, 0);
		else
			sai_check_uint_eq(s[i].rank,
					  above[(size_t)(s[i].score * 4) + 1] + 1);
	}
}

static void same_as_whole(size_t max)
{
	sai_rollup *whole = roll(0), *spilled = roll(max);
	sai_rollup_station *a = stations_of(whole), *b = stations_of(spilled);
	size_t i, ranked = 0, in_county = 0;

	ck_assert_ptr_nonnull(sai_rollup_station_at(whole, N - 1));
	if (max < N)
		ck_assert_ptr_null(sai_rollup_station_at(spilled, 0));
	check_ranks(a);
	for (i = 0; i < N; i++) {
		sai_check_int_eq(memcmp(&a[i], sai_rollup_station_at(whole, i),
					sizeof(a[i])), 0);
		sai_check_uint_eq(a[i].seq, b[i].seq);
		same_double(a[i].score, b[i].score);
		sai_check_int_eq(a[i].grade, b[i].grade);
		sai_check_int_eq(a[i].verdict, b[i].verdict);
		sai_check_str_eq(a[i].region, b[i].region);
		sai_check_uint_eq(a[i].rank, b[i].rank);
		sai_check_uint_eq(a[i].county_rank, b[i].county_rank);
		ranked += a[i].rank > 0;
		in_county += a[i].county_rank > 1;
	}
	/* the input is what it should be: ranked, unranked, county ranks */
	ck_assert_uint_gt(ranked, N / 2);
	ck_assert_uint_lt(ranked, N);
	ck_assert_uint_gt(in_county, N / 2);
	/* 11-14, 42 (4203), and the not placed (none, 4x0302) */
	sai_check_uint_eq(sai_rollup_group_count(whole, SAI_ROLLUP_PROVINCE), 6);
	ck_assert_uint_gt(sai_rollup_group_count(whole, SAI_ROLLUP_TOWNSHIP),
			  100);
	same_groups(whole, spilled);
	free(a);
	free(b);
	sai_rollup_free(whole);
	sai_rollup_free(spilled);
}

/* Runs of 1,000: 51 of them (the last of one station), merged 16 at a
 * time and then once more. */
START_TEST(spilled_in_runs_is_the_same)
{
	same_as_whole(1000);
}
END_TEST

/* Runs of one station: several merge passes before the last. */
START_TEST(spilled_one_at_a_time_is_the_same)
{
	same_as_whole(1);
}
END_TEST

/* Bounded above the run: never spilled, the same. */
START_TEST(bounded_but_held_is_the_same)
{
	same_as_whole(N + 1);
}
END_TEST

/* STATIONAUDIT_ROLLUP_SPILL bounds sai_rollup_bounded(r, 0). */
START_TEST(environment_sets_the_bound)
{
	sai_rollup *r;
	sa_record_result rr;
	size_t i;

	sai_check_int_eq(setenv("STATIONAUDIT_ROLLUP_SPILL", "10", 1), 0);
	r = sai_rollup_new(NULL);
	sai_rollup_bounded(r, 0);
	for (i = 0; i < 11; i++) {
		make_record(&rr, i);
		sai_check_int_eq(sai_rollup_add(r, &rr, NULL), 0);
	}
	sai_check_int_eq(sai_rollup_finish(r), 0);
	ck_assert_ptr_null(sai_rollup_station_at(r, 0));
	sai_rollup_free(r);
	r = sai_rollup_new(NULL);
	sai_rollup_bounded(r, 0);
	make_record(&rr, 0);
	sai_check_int_eq(sai_rollup_add(r, &rr, NULL), 0);
	sai_check_int_eq(sai_rollup_finish(r), 0);
	ck_assert_ptr_nonnull(sai_rollup_station_at(r, 0));
	sai_rollup_free(r);
	unsetenv("STATIONAUDIT_ROLLUP_SPILL");
}
END_TEST

/* The temporary file goes in $TMPDIR and has no name there. */
START_TEST(temporary_file_is_anonymous)
{
	char dir[64];
	sai_rollup *r;
	sa_record_result rr;
	size_t i;

	sai_test_tmpdir(dir, sizeof(dir), "rollup");
	sai_check_int_eq(setenv("TMPDIR", dir, 1), 0);
	r = sai_rollup_new(NULL);
	sai_rollup_bounded(r, 5);
	for (i = 0; i < 100; i++) {
		make_record(&rr, i);
		sai_check_int_eq(sai_rollup_add(r, &rr, NULL), 0);
	}
	sai_check_int_eq(sai_rollup_finish(r), 0);
	sai_check_uint_eq(sai_test_entries(dir, 1), 0);
	sai_rollup_free(r);
	sai_check_uint_eq(sai_test_entries(dir, 1), 0);
	sai_test_rmtree(dir);
	unsetenv("TMPDIR");
}
END_TEST

/* No temporary file where $TMPDIR is not a folder: the add that would
 * spill fails with errno, the stations before it are kept, and the
 * rollup names the folder that failed (none before). */
START_TEST(no_temporary_file_fails_with_errno)
{
	sai_rollup *r = sai_rollup_new(NULL);
	sa_record_result rr;
	size_t i;

	sai_check_int_eq(setenv("TMPDIR", "/nonexistent/sa-rollup", 1), 0);
	sai_rollup_bounded(r, 3);
	for (i = 0; i < 3; i++) {
		make_record(&rr, i);
		sai_check_int_eq(sai_rollup_add(r, &rr, NULL), 0);
	}
	ck_assert_ptr_null(sai_rollup_failed_file(r));
	make_record(&rr, 3);
	errno = 0;
	sai_check_int_eq(sai_rollup_add(r, &rr, NULL), -1);
	sai_check_int_eq(errno, ENOENT);
	sai_check_str_eq(sai_rollup_failed_file(r), "/nonexistent/sa-rollup");
	sai_rollup_free(r);
	unsetenv("TMPDIR");
}
END_TEST

/* A full disk, as a file size limit: the rollup fails with errno (here
 * EFBIG) when it adds or finishes, never a wrong result. */
START_TEST(full_disk_fails_with_errno)
{
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit lim = { 4096, 4096 };
		sai_rollup *r = sai_rollup_new(NULL);
		sa_record_result rr;
		size_t i;
		int rc = 0;

		signal(SIGXFSZ, SIG_IGN);
		if (!r || setrlimit(RLIMIT_FSIZE, &lim) < 0)
			_exit(2);
		sai_rollup_bounded(r, 10);
		for (i = 0; i < 1000 && rc == 0; i++) {
			make_record(&rr, i);
			rc = sai_rollup_add(r, &rr, NULL);
		}
		if (rc == 0)
			rc = sai_rollup_finish(r);
		if (rc == -1 && errno == EFBIG && !sai_rollup_failed_file(r))
			rc = 3;         /* the file failed, but is not named */
		sai_rollup_free(r);
		_exit(rc == -1 && errno == EFBIG ? 0 : 1);
	}
	sai_check_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	sai_check_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* The walk over the stations stops where the callback says. */
static int stop_at_ten(const sai_rollup_station *s, void *arg)
{
	(void)arg;
	return s->index == 9 ? 7 : 0;
}

/* The stations as the rollup should see them, for groups_counted_apart:
 * region (NULL: none) and score (negative: not scored). */
static const char *apart_region[N];
static double apart_score[N];
static size_t apart_digits;

/* By the first apart_digits of the region, then best first. */
static int by_area_best_first(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = apart_digits ? strncmp(apart_region[i], apart_region[j],
				       apart_digits) : 0;

	if (c)
		return c;
	if (apart_score[i] != apart_score[j])
		return apart_score[i] > apart_score[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Whether station i is in an area of the level of digits digits: its
 * region is a division code (2, 4, 6, 9 or 12 digits) that long. */
static int apart_placed(size_t i, size_t digits)
{
	const char *s = apart_region[i];
	size_t n = s ? strspn(s, "0123456789") : 0;

	return s && !s[n] && (n == 2 || n == 4 || n == 6 || n == 9 ||
			      n == 12) && n >= digits;
}

/* The members of a group, from idx[at] on while same says so (the not
 * placed: to the end): counts them and checks the group's numbers. */
static size_t check_members(const sai_rollup_group *gr, const size_t *idx,
			    size_t at, size_t n, size_t digits, double *sc)
{
	size_t k = 0, i, members = 0;
	double sum = 0, median;

	for (; at < n && (gr->unplaced || !strncmp(apart_region[idx[at]],
						   gr->code, digits));
	     at++, members++)
		if (apart_score[idx[at]] >= 0)
			sc[k++] = apart_score[idx[at]];
	for (i = 0; i < k; i++)
		sum += sc[i];
	sai_check_uint_eq(gr->stations, members);
	sai_check_uint_eq(gr->scored, k);
	ck_assert_uint_gt(k, 0);
	median = k % 2 ? sc[k / 2] : (sc[k / 2 - 1] + sc[k / 2]) / 2;
	same_double(gr->median, median);
	same_double(gr->mean, sum / (double)k);
	return members;
}

/* Every group's count, scored count, mean (summed best first) and
 * median, worked out here from the stations themselves rather than
 * compared with the rollup's other path: a spilled rollup of runs of
 * 1,000 (the last one short).  The not-placed group (missing, short or
 * malformed codes, and the unreadable) comes last, and every level's
 * groups add up to the stations. */
START_TEST(groups_counted_apart)
{
	static const size_t digits[SAI_ROLLUP_LEVELS] = { 2, 4, 6, 9 };
	sai_rollup *r = roll(1000);
	size_t *idx = malloc(N * sizeof(*idx)), n, u, i, g, at, total;
	double *sc = malloc(N * sizeof(*sc));
	sa_record_result rr;
	int l;

	ck_assert_ptr_nonnull(idx);
	ck_assert_ptr_nonnull(sc);
	for (i = 0; i < N; i++) {
		make_record(&rr, i);
		apart_region[i] = rr.region;
		apart_score[i] = rr.not_assessed || rr.load_error ? -1 :
				 rr.score;
	}
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_level level = (sai_rollup_level)l;
		const sai_rollup_group *gr;

		for (n = i = 0; i < N; i++)
			if (apart_placed(i, digits[l]))
				idx[n++] = i;
		apart_digits = digits[l];
		qsort(idx, n, sizeof(*idx), by_area_best_first);
		/* the not placed after them, best first */
		for (u = n, i = 0; i < N; i++)
			if (!apart_placed(i, digits[l]))
				idx[u++] = i;
		apart_digits = 0;
		qsort(idx + n, u - n, sizeof(*idx), by_area_best_first);
		ck_assert_uint_gt(u - n, 0);
		for (at = g = total = 0;
		     (gr = sai_rollup_group_at(r, level, g)); g++) {
			if (gr->unplaced) {
				sai_check_uint_eq(g + 1,
					sai_rollup_group_count(r, level));
				sai_check_str_eq(gr->code, "");
				at = n;
			}
			while (at < n && strncmp(apart_region[idx[at]],
						 gr->code, digits[l]) < 0)
				at++;
			total += check_members(gr, idx, at, gr->unplaced ?
					       u : n, digits[l], sc);
		}
		sai_check_uint_eq(g, sai_rollup_group_count(r, level));
		sai_check_uint_eq(total, N);
	}
	free(idx);
	free(sc);
	sai_rollup_free(r);
}
END_TEST

/* Every level adds up to the stations added, whatever their region: a
 * 9-digit township, a 6-digit county, a 12-digit village, the typos of 8
 * and 13 digits, letters, none, and an unreadable dossier (no region, a
 * verdict of its own), whether held or spilled. */
static void levels_add_up(size_t max)
{
	static const char *const codes[] = {
		"420102002", "420102002001", "420102", "42010200",
		"4201020020011", "42a102002", "", NULL, NULL,
	};
	enum { K = sizeof(codes) / sizeof(codes[0]) };
	/* placed per level: province, city, county, township */
	static const size_t placed[SAI_ROLLUP_LEVELS] = { 3, 3, 3, 2 };
	sai_rollup *r = sai_rollup_new(NULL);
	sa_record_result rr;
	size_t i, k;
	int l;

	ck_assert_ptr_nonnull(r);
	if (max)
		sai_rollup_bounded(r, max);
	for (i = 0; i < K; i++) {
		memset(&rr, 0, sizeof(rr));
		rr.seq = i;
		rr.record_id = "S";
		rr.region = codes[i];
		rr.score = 80;
		rr.load_error = i == K - 1;
		sai_check_int_eq(sai_rollup_add(r, &rr, &k), 0);
	}
	sai_check_int_eq(sai_rollup_finish(r), 0);
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_level level = (sai_rollup_level)l;
		size_t n = sai_rollup_group_count(r, level), sum = 0;
		const sai_rollup_group *out = sai_rollup_group_at(r, level,
								  n - 1);

		for (i = 0; i < n; i++)
			sum += sai_rollup_group_at(r, level, i)->stations;
		sai_check_uint_eq(sum, K);
		ck_assert_int_eq(out->unplaced, 1);
		sai_check_uint_eq(out->stations, K - placed[l]);
		sai_check_uint_eq(out->verdicts.unreadable, 1);
		sai_check_uint_eq(out->scored, K - placed[l] - 1);
		same_double(out->median, 80);
		sai_check_str_eq(sai_rollup_group_at(r, level, 0)->code,
				 l == 0 ? "42" : l == 1 ? "4201" :
				 l == 2 ? "420102" : "420102002");
	}
	/* No county rank for a code that is no division code. */
	for (i = 0; i < K && !max; i++)
		sai_check_uint_eq(sai_rollup_station_at(r, i)->county_rank > 0,
				  i < 3);
	sai_rollup_free(r);
}

START_TEST(levels_add_up_held)
{
	levels_add_up(0);
}
END_TEST

START_TEST(levels_add_up_spilled)
{
	levels_add_up(2);
}
END_TEST

/* A spilled median is read from the file a window of 512 stations at a
 * time: one station in province 11 starts the window at place 0, and
 * the 1,024 of province 12 (places 1 to 1,024) have their median at
 * places 512 and 513, the first just past that window. */
START_TEST(median_just_past_a_window)
{
	sai_rollup *r = sai_rollup_new(NULL);
	sa_record_result rr;
	const sai_rollup_group *g;
	size_t i, k;

	ck_assert_ptr_nonnull(r);
	sai_rollup_bounded(r, 100);
	for (i = 0; i < 1025; i++) {
		memset(&rr, 0, sizeof(rr));
		rr.seq = i;
		rr.record_id = "S";
		rr.region = i ? "120101001001" : "110101001001";
		rr.score = i ? (double)i : 50;
		sai_check_int_eq(sai_rollup_add(r, &rr, &k), 0);
	}
	sai_check_int_eq(sai_rollup_finish(r), 0);
	sai_check_uint_eq(sai_rollup_group_count(r, SAI_ROLLUP_PROVINCE), 2);
	g = sai_rollup_group_at(r, SAI_ROLLUP_PROVINCE, 1);
	sai_check_str_eq(g->code, "12");
	sai_check_uint_eq(g->scored, 1024);
	same_double(g->median, 512.5);      /* (513 + 512) / 2 */
	same_double(sai_rollup_group_at(r, SAI_ROLLUP_PROVINCE, 0)->median,
		    50);
	sai_rollup_free(r);
}
END_TEST

START_TEST(each_station_stops_on_non_zero)
{
	sai_rollup *r = roll(1000);

	sai_check_int_eq(sai_rollup_each_station(r, stop_at_ten, NULL), 7);
	sai_rollup_free(r);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("rollup");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, spilled_in_runs_is_the_same);
	tcase_add_test(tc, spilled_one_at_a_time_is_the_same);
	tcase_add_test(tc, bounded_but_held_is_the_same);
	tcase_add_test(tc, environment_sets_the_bound);
	tcase_add_test(tc, temporary_file_is_anonymous);
	tcase_add_test(tc, no_temporary_file_fails_with_errno);
	tcase_add_test(tc, full_disk_fails_with_errno);
	tcase_add_test(tc, each_station_stops_on_non_zero);
	tcase_add_test(tc, groups_counted_apart);
	tcase_add_test(tc, levels_add_up_held);
	tcase_add_test(tc, levels_add_up_spilled);
	tcase_add_test(tc, median_just_past_a_window);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
