/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rollup.c - stations ranked and summed per province, city, county and
 * township (rollup-internal.h).  A station costs a few dozen bytes, kept
 * in memory in pieces; a bounded rollup keeps at most a number of them
 * and writes the others to an anonymous temporary file.  Ranks and groups
 * come from walks over the stations in one order per use (the run, each
 * level's areas): the order is a sorted run in memory, or a merge of
 * sorted runs in the file, and the walk is the same code.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "division-internal.h"
#include "rollup-internal.h"
#include "util-internal.h"
#include "banned.h"

static const size_t level_digits[SAI_ROLLUP_LEVELS] = { 2, 4, 6, 9 };

#define CHUNK 4096              /* stations a piece of memory */
#define FANIN 16                /* sorted runs merged at a time */
#define WINDOW 512              /* stations a merge reads or writes at a
				 * time, per run */
#define GROUPS 256              /* groups a piece of memory */

/* A group and, while its level is walked, its first station's place in
 * the walk's order (for the median). */
typedef struct group_slot {
	sai_rollup_group g;
	size_t first;
} group_slot;

struct sai_rollup {
	const sa_pack *pack;
	const char **grade_names;  /* the pack's, then "fail" */
	size_t n_grades;
	sai_rollup_station **chunk; /* the stations held, CHUNK a piece: no
				    * copy (and no freed copy left behind)
				    * as a run of 600,000 grows */
	size_t n, n_chunks;        /* stations added, pieces */
	size_t held;               /* stations in the pieces */
	size_t cap;                /* the most held (SIZE_MAX: unbounded) */
	int fd;                    /* the temporary file, or -1 */
	char *dir;                 /* the folder it is made in, once asked */
	int file_failed;           /* the last failure was the file's */
	size_t data;               /* where the stations lie in it, in
				    * stations: 0 or n (two regions) */
	sai_rollup_station *window; /* FANIN + 1 windows of the file */
	sai_rollup_station **order; /* the stations held, sorted per walk */
	group_slot **groups[SAI_ROLLUP_LEVELS]; /* GROUPS a piece: as many
						 * as there are, no copies */
	size_t n_groups[SAI_ROLLUP_LEVELS];
	group_slot unplaced[SAI_ROLLUP_LEVELS]; /* stations in no area of
						 * the level */
	int coverage;              /* count township coverage at finish */
};

sai_rollup *sai_rollup_new(const sa_pack *pack)
{
	sai_rollup *r = calloc(1, sizeof(*r));
	size_t i, n = pack ? sa_pack_grade_count(pack) : 0;

	if (!r)
		return NULL;
	r->pack = pack;
	r->fd = -1;
	r->cap = SIZE_MAX;
	if (!(r->grade_names = calloc(n + 1, sizeof(*r->grade_names)))) {
		free(r);
		return NULL;
	}
	for (i = 0; i < n; i++)
		r->grade_names[i] = sa_pack_grade(pack, i, NULL);
	r->grade_names[n] = "fail";
	r->n_grades = n + 1;
	return r;
}

void sai_rollup_free(sai_rollup *r)
{
	size_t l, i;

	if (!r)
		return;
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		free(r->unplaced[l].g.grades);
		for (i = 0; i < r->n_groups[l]; i++)
			free(r->groups[l][i / GROUPS][i % GROUPS].g.grades);
		for (i = 0; i < r->n_groups[l]; i += GROUPS)
			free(r->groups[l][i / GROUPS]);
		free(r->groups[l]);
	}
	free(r->grade_names);
	for (i = 0; i < r->n_chunks; i++)
		free(r->chunk[i]);
	free(r->chunk);
	free(r->order);
	free(r->window);
	if (r->fd >= 0)
		close(r->fd);
	free(r->dir);
	free(r);
}

/* STATIONAUDIT_ROLLUP_SPILL=<stations> (at least 1): for tests. */
void sai_rollup_bounded(sai_rollup *r, size_t max)
{
	size_t v[2];

	/* unusable: the default (sa_env_check says so) */
	sai_tuning(SAI_TUNING_ROLLUP_SPILL, v);
	r->cap = max ? max : v[0];
	/* Never below what memory holds already: finish sorts at most cap
	 * stations there. */
	if (r->cap < r->held)
		r->cap = r->held;
}

static int grade_index(const sai_rollup *r, const char *grade)
{
	size_t i;

	for (i = 0; grade && i < r->n_grades; i++)
		if (!strcmp(r->grade_names[i], grade))
			return (int)i;
	return -1;
}

static sai_rollup_station *held_at(const sai_rollup *r, size_t i)
{
	return &r->chunk[i / CHUNK][i % CHUNK];
}

static group_slot *slot_at(const sai_rollup *r, sai_rollup_level level,
			   size_t i)
{
	return &r->groups[level][i / GROUPS][i % GROUPS];
}

/* A new group at the end of the level; NULL when out of memory. */
static group_slot *new_slot(sai_rollup *r, sai_rollup_level level)
{
	size_t n = r->n_groups[level];
	group_slot *p, **pp;

	if (n % GROUPS == 0) {
		if (!(pp = realloc(r->groups[level], (n / GROUPS + 1) *
				   sizeof(*pp))))
			return NULL;
		r->groups[level] = pp;
		if (!(p = malloc(GROUPS * sizeof(*p))))
			return NULL;
		pp[n / GROUPS] = p;
	}
	p = slot_at(r, level, n);
	memset(p, 0, sizeof(*p));
	r->n_groups[level]++;
	if (!(p->g.grades = calloc(r->n_grades, sizeof(*p->g.grades))))
		return NULL;
	return p;
}

/* ---- the temporary file ---------------------------------------------------- */

/* A failure of the file (not of memory): sai_rollup_failed_file says so. */
static int file_error(sai_rollup *r)
{
	r->file_failed = errno != ENOMEM;
	return -1;
}

/* An anonymous file in $TMPDIR, else /tmp (tempfile.c). */
static int open_spill(sai_rollup *r)
{
	int fd;

	if (!r->dir && !(r->dir = sai_strdup(sai_temp_dir()))) {
		errno = ENOMEM;
		return -1;
	}
	fd = sai_temp_fd(r->dir, "rollup");
	return fd >= 0 ? fd : file_error(r);
}

/* Stations at, in stations from the file's start. */
static off_t file_at(size_t at)
{
	return (off_t)at * (off_t)sizeof(sai_rollup_station);
}

static int write_at(sai_rollup *r, const sai_rollup_station *s,
		    size_t n, size_t at)
{
	return sai_pwrite_full(r->fd, s, n * sizeof(*s), file_at(at)) < 0 ?
		file_error(r) : 0;
}

static int read_at(sai_rollup *r, sai_rollup_station *s, size_t n,
		   size_t at)
{
	return sai_pread_full(r->fd, s, n * sizeof(*s), file_at(at)) < 0 ?
		file_error(r) : 0;
}

/* Writes the stations held to the file, after those before them. */
static int spill(sai_rollup *r)
{
	size_t i, first = r->n - r->held;

	if (r->fd < 0 && (r->fd = open_spill(r)) < 0)
		return -1;
	for (i = 0; i < r->held; i += CHUNK)
		if (write_at(r, r->chunk[i / CHUNK], r->held - i < CHUNK ?
			     r->held - i : CHUNK, first + i) < 0)
			return -1;
	r->held = 0;
	return 0;
}

/* Reads n stations of the file, from at, into the pieces. */
static int load(sai_rollup *r, size_t at, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += CHUNK)
		if (read_at(r, r->chunk[i / CHUNK], n - i < CHUNK ? n - i :
			    CHUNK, at + i) < 0)
			return -1;
	r->held = n;
	return 0;
}

/* ---- adding ---------------------------------------------------------------- */

static sai_rollup_station *new_station(sai_rollup *r)
{
	if (r->held == r->cap && spill(r) < 0)
		return NULL;
	if (r->held == r->n_chunks * CHUNK) {
		sai_rollup_station **p = realloc(r->chunk, (r->n_chunks + 1) *
						 sizeof(*p));

		if (!p)
			goto nomem;
		r->chunk = p;
		if (!(p[r->n_chunks] = malloc(CHUNK * sizeof(**p))))
			goto nomem;
		r->n_chunks++;
	}
	return held_at(r, r->held++);
nomem:
	errno = ENOMEM;
	return NULL;
}

/* 2, 4, 6, 9 or 12 digits: a province, city, county, township or village
 * code.  Any other region places its station in no area. */
static int is_division_code(const char *region)
{
	size_t n = strspn(region, "0123456789");

	return !region[n] && (n == 2 || n == 4 || n == 6 || n == 9 ||
			      n == 12);
}

int sai_rollup_add(sai_rollup *r, const sa_record_result *rr, size_t *index)
{
	sai_rollup_station *s;

	if (index)
		*index = (size_t)-1;
	if (rr->collection)
		return 0;
	if (!(s = new_station(r)))
		return -1;
	memset(s, 0, sizeof(*s));
	s->seq = rr->seq;
	s->score = rr->not_assessed || rr->load_error ? -1 : rr->score;
	s->grade = grade_index(r, rr->grade);
	s->verdict = sai_report_verdict(rr);
	if (rr->region && is_division_code(rr->region))
		memcpy(s->region, rr->region, strlen(rr->region));
	s->index = r->n;
	if (index)
		*index = r->n;
	r->n++;
	return 0;
}

/* ---- ranking --------------------------------------------------------------- */

/* Competition ranks, one station at a time in sorted order. */
typedef struct ranker {
	size_t i, rank;
	double prev;
} ranker;

static size_t rank_next(ranker *k, double score)
{
	size_t rank = score < 0 ? 0 : k->i > 0 && k->rank &&
		      score == k->prev ? k->rank : k->i + 1;

	k->i++;
	k->prev = score;
	k->rank = rank;
	return rank;
}

void sai_rank_sorted(const double *scores, size_t n, size_t *ranks)
{
	ranker k = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < n; i++)
		ranks[i] = rank_next(&k, scores[i]);
}

/* ---- orders ---------------------------------------------------------------- */

/* The orders of the walks: the run's, each level's (areas in code order,
 * then as the run), and the order stations were added. */
typedef enum order_key {
	KEY_RUN,
	KEY_PROVINCE, KEY_CITY, KEY_COUNTY, KEY_TOWNSHIP,  /* level + 1 */
	KEY_ADDED,
} order_key;

/* Scored first, best first, then run order. */
static int cmp_score(const sai_rollup_station *s, const sai_rollup_station *t)
{
	int ss = s->score >= 0, ts = t->score >= 0;

	if (ss != ts)
		return ss ? -1 : 1;
	if (ss && s->score != t->score)
		return s->score > t->score ? -1 : 1;
	if (s->seq != t->seq)
		return s->seq < t->seq ? -1 : 1;
	return s->index < t->index ? -1 : s->index > t->index;
}

static int has_area(const sai_rollup_station *s, size_t digits);

/* A level's stations in no area of it come first (its not-placed group),
 * then the areas in code order. */
static int cmp_key(order_key key, const sai_rollup_station *s,
		   const sai_rollup_station *t)
{
	size_t digits = key == KEY_RUN || key == KEY_ADDED ? 0 :
			level_digits[key - KEY_PROVINCE];
	int c = 0;

	if (key == KEY_ADDED)
		return s->index < t->index ? -1 : s->index > t->index;
	if (digits) {
		int ps = has_area(s, digits), pt = has_area(t, digits);

		if (ps != pt)
			return ps ? 1 : -1;
		if (ps)
			c = strncmp(s->region, t->region, digits);
	}
	return c ? c : cmp_score(s, t);
}

/* qsort has no context argument: a comparator per order keeps the
 * library free of globals. */
#define CMP_OF(name, key) \
	static int name(const void *a, const void *b) \
	{ \
		return cmp_key(key, *(sai_rollup_station *const *)a, \
			       *(sai_rollup_station *const *)b); \
	}
CMP_OF(cmp_run, KEY_RUN)
CMP_OF(cmp_province, KEY_PROVINCE)
CMP_OF(cmp_city, KEY_CITY)
CMP_OF(cmp_county, KEY_COUNTY)
CMP_OF(cmp_township, KEY_TOWNSHIP)
CMP_OF(cmp_added, KEY_ADDED)

static int (*const cmp_of[])(const void *, const void *) = {
	cmp_run, cmp_province, cmp_city, cmp_county, cmp_township, cmp_added,
};

/* r->order: the stations held, sorted. */
static void sort_held(sai_rollup *r, order_key key)
{
	size_t i;

	for (i = 0; i < r->held; i++)
		r->order[i] = held_at(r, i);
	qsort(r->order, r->held, sizeof(*r->order), cmp_of[key]);
}

/* ---- walks ----------------------------------------------------------------- */

/* What a walk over the stations in one order makes: the run's ranks, or
 * a level's groups (and, for counties, the ranks within them). */
typedef struct walk {
	sai_rollup *r;
	order_key key;
	size_t pos;                /* the next station's place in the order */
	ranker rank;               /* over the run, or in the area */
	char area[13];             /* the region of the area's first station */
	int placed;                /* whether it is in an area of the level */
	sai_rollup_group *g;       /* the area's group, or NULL */
	double sum;                /* of its scores, best first */
	size_t seen_at, seen;      /* the window of the order read last */
} walk;

static void name_group(const sai_rollup *r, sai_rollup_group *g,
		       const sai_rollup_station *s, sai_rollup_level level);

static void end_area(walk *w)
{
	if (w->g)
		w->g->mean = w->g->scored ? w->sum / (double)w->g->scored : -1;
	w->g = NULL;
}

/* A group for the area that starts with s, when s has its digits. */
static int start_area(walk *w, const sai_rollup_station *s)
{
	sai_rollup_level level = (sai_rollup_level)(w->key - KEY_PROVINCE);
	size_t digits = level_digits[level];
	group_slot *slot;

	end_area(w);
	memcpy(w->area, s->region, sizeof(w->area));
	memset(&w->rank, 0, sizeof(w->rank));
	w->sum = 0;
	w->placed = has_area(s, digits);
	if (!w->placed) {
		/* They come first in the order, all together. */
		slot = &w->r->unplaced[level];
		if (!slot->g.grades && !(slot->g.grades = calloc(
				w->r->n_grades, sizeof(*slot->g.grades)))) {
			errno = ENOMEM;
			return -1;
		}
		slot->g.unplaced = 1;
		slot->first = w->pos;
		w->g = &slot->g;
		return 0;
	}
	if (!(slot = new_slot(w->r, level))) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(slot->g.code, s->region, digits);
	slot->g.code[digits] = '\0';
	name_group(w->r, &slot->g, s, level);
	slot->first = w->pos;
	w->g = &slot->g;
	return 0;
}

static void count_station(walk *w, const sai_rollup_station *s)
{
	sai_rollup_group *g = w->g;

	g->stations++;
	if (s->grade >= 0)
		g->grades[s->grade]++;
	switch (s->verdict) {
	case SAI_VERDICT_PASS: g->verdicts.pass++; break;
	case SAI_VERDICT_FAIL: g->verdicts.fail++; break;
	case SAI_VERDICT_NOT_ASSESSED: g->verdicts.not_assessed++; break;
	case SAI_VERDICT_UNREADABLE: g->verdicts.unreadable++; break;
	case SAI_VERDICT_NONE: break;
	}
	/* The scored come first, best first: summed in that order, as the
	 * mean has always been. */
	if (s->score >= 0) {
		w->sum += s->score;
		g->scored++;
	}
}

/* The next station of the walk's order. */
static int visit(walk *w, sai_rollup_station *s)
{
	size_t digits;

	if (w->key == KEY_RUN)
		s->rank = rank_next(&w->rank, s->score);
	if (w->key < KEY_PROVINCE || w->key > KEY_TOWNSHIP) {
		w->pos++;
		return 0;
	}
	digits = level_digits[w->key - KEY_PROVINCE];
	if ((!w->pos || has_area(s, digits) != w->placed ||
	     (w->placed && strncmp(s->region, w->area, digits))) &&
	    start_area(w, s) < 0)
		return -1;
	count_station(w, s);
	if (w->key == KEY_COUNTY)
		s->county_rank = w->placed ? rank_next(&w->rank, s->score) : 0;
	w->pos++;
	return 0;
}

/* ---- merging --------------------------------------------------------------- */

/* One sorted run: in memory (order), or in the file, read a window at a
 * time. */
typedef struct cursor {
	sai_rollup_station *const *order;
	sai_rollup_station *buf;   /* the window */
	size_t next, len;          /* in order, or in the window */
	size_t at, end;            /* the run's unread stations in the file */
	sai_rollup_station *s;     /* the head, NULL at the end */
} cursor;

static int advance(sai_rollup *r, cursor *c)
{
	size_t n;

	if (c->order) {
		c->s = c->next < c->len ? c->order[c->next++] : NULL;
		return 0;
	}
	if (c->next == c->len) {
		n = c->end - c->at < WINDOW ? c->end - c->at : WINDOW;
		if (n && read_at(r, c->buf, n, c->at) < 0)
			return -1;
		c->at += n;
		c->next = 0;
		c->len = n;
	}
	c->s = c->next < c->len ? &c->buf[c->next++] : NULL;
	return 0;
}

/* Stations written to the file in order, a window at a time. */
typedef struct sink {
	sai_rollup_station *buf;
	size_t len, at;
} sink;

static int sink_flush(sai_rollup *r, sink *o)
{
	if (o->len && write_at(r, o->buf, o->len, o->at) < 0)
		return -1;
	o->at += o->len;
	o->len = 0;
	return 0;
}

static int sink_put(sai_rollup *r, sink *o, const sai_rollup_station *s)
{
	o->buf[o->len++] = *s;
	return o->len == WINDOW ? sink_flush(r, o) : 0;
}

static void sift(order_key key, cursor **heap, size_t n, size_t i)
{
	for (;;) {
		size_t m = i, l = 2 * i + 1;
		cursor *t;

		if (l < n && cmp_key(key, heap[l]->s, heap[m]->s) < 0)
			m = l;
		if (l + 1 < n && cmp_key(key, heap[l + 1]->s, heap[m]->s) < 0)
			m = l + 1;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/* The stations of k runs in order (a small heap of their heads), each
 * walked (w, may be NULL) and then written (o, may be NULL). */
static int merge(sai_rollup *r, order_key key, cursor *runs, size_t k,
		 walk *w, sink *o)
{
	cursor *heap[FANIN];
	size_t i, n = 0;

	for (i = 0; i < k; i++) {
		if (advance(r, &runs[i]) < 0)
			return -1;
		if (runs[i].s)
			heap[n++] = &runs[i];
	}
	for (i = n / 2; i-- > 0;)
		sift(key, heap, n, i);
	while (n) {
		cursor *c = heap[0];

		if ((w && visit(w, c->s) < 0) || (o && sink_put(r, o, c->s) < 0) ||
		    advance(r, c) < 0)
			return -1;
		if (!c->s)
			heap[0] = heap[--n];
		sift(key, heap, n, 0);
	}
	return o ? sink_flush(r, o) : 0;
}

/* Merges the runs of len stations that start at region src, FANIN at a
 * time, into region dst; with w, there are at most FANIN and they are
 * walked too. */
static int merge_runs(sai_rollup *r, order_key key, size_t src, size_t dst,
		      size_t len, walk *w)
{
	cursor runs[FANIN];
	sink o = { r->window + FANIN * WINDOW, 0, dst };
	size_t first, k;

	for (first = 0; first < r->n; first += k * len) {
		for (k = 0; k < FANIN && first + k * len < r->n; k++) {
			size_t at = first + k * len;

			memset(&runs[k], 0, sizeof(runs[k]));
			runs[k].buf = r->window + k * WINDOW;
			runs[k].at = src + at;
			runs[k].end = src + (r->n - at < len ? r->n : at + len);
		}
		if (merge(r, key, runs, k, w, &o) < 0)
			return -1;
	}
	return 0;
}

/* The stations in the file in order: sorted runs of as many as are held,
 * merged FANIN at a time until one merge makes the order, which is walked
 * and written as the stations' new place in the file.  Two regions of n
 * stations: each step reads one and writes the other. */
static int walk_file(sai_rollup *r, walk *w)
{
	size_t src = r->data, dst = r->data ? 0 : r->n, len = r->cap, at, i;
	sink o = { r->window + FANIN * WINDOW, 0, dst };

	for (at = 0; at < r->n; at += r->held) {
		if (load(r, src + at, r->n - at < len ? r->n - at : len) < 0)
			return -1;
		sort_held(r, w->key);
		for (i = 0; i < r->held; i++)
			if (sink_put(r, &o, r->order[i]) < 0)
				return -1;
	}
	if (sink_flush(r, &o) < 0)
		return -1;
	for (; (r->n - 1) / len >= FANIN; len *= FANIN) {
		if (merge_runs(r, w->key, dst, src, len, NULL) < 0)
			return -1;
		at = src;
		src = dst;
		dst = at;
	}
	if (merge_runs(r, w->key, dst, src, len, w) < 0)
		return -1;
	r->data = src;
	return 0;
}

/* The score at place pos of the order just walked.  In the file, a
 * window of it is read at a time (w->seen stations from w->seen_at): the
 * medians' places only grow, and most areas are small. */
static int score_at(walk *w, size_t pos, double *score)
{
	sai_rollup *r = w->r;

	if (r->fd < 0) {
		*score = r->order[pos]->score;
		return 0;
	}
	if (pos < w->seen_at || pos >= w->seen_at + w->seen) {
		w->seen = r->n - pos < WINDOW ? r->n - pos : WINDOW;
		w->seen_at = pos;
		if (read_at(r, r->window, w->seen, r->data + pos) < 0)
			return -1;
	}
	*score = r->window[pos - w->seen_at].score;
	return 0;
}

/* Medians, once the walk is over: the scored of a group are its first,
 * best first. */
static int medians(walk *w)
{
	sai_rollup_level level = (sai_rollup_level)(w->key - KEY_PROVINCE);
	size_t i;

	for (i = 0; i <= w->r->n_groups[level]; i++) {
		group_slot *slot = i < w->r->n_groups[level] ?
			slot_at(w->r, level, i) : &w->r->unplaced[level];
		sai_rollup_group *g = &slot->g;
		size_t k = g->scored, at = slot->first + k / 2;
		double a, b;

		g->median = -1;
		if (!k)
			continue;
		if ((k % 2 == 0 && score_at(w, at - 1, &b) < 0) ||
		    score_at(w, at, &a) < 0)
			return -1;
		g->median = k % 2 ? a : (b + a) / 2;
	}
	return 0;
}

/* One walk over the stations in the order of key: sorted in memory when
 * they are all held, else through the file. */
static int walk_order(sai_rollup *r, order_key key)
{
	walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.r = r;
	w.key = key;
	if (r->fd < 0) {
		cursor c;

		memset(&c, 0, sizeof(c));
		sort_held(r, key);
		c.order = r->order;
		c.len = r->held;
		rc = merge(r, key, &c, 1, &w, NULL);
	} else {
		rc = walk_file(r, &w);
	}
	end_area(&w);
	if (rc == 0 && key >= KEY_PROVINCE && key <= KEY_TOWNSHIP)
		rc = medians(&w);
	return rc;
}

/* Whether the region starts with digits digits. */
static int has_area(const sai_rollup_station *s, size_t digits)
{
	size_t i;

	for (i = 0; i < digits; i++)
		if (s->region[i] < '0' || s->region[i] > '9')
			return 0;
	return 1;
}

/* ---- groups ---------------------------------------------------------------- */

/* Names of the area from the division tables, through one of its
 * stations' township codes. */
static void name_group(const sai_rollup *r, sai_rollup_group *g,
		       const sai_rollup_station *s, sai_rollup_level level)
{
	char township[10];
	sa_division d;
	sa_error err;

	if (!r->pack || !has_area(s, 9))
		return;
	memcpy(township, s->region, 9);
	township[9] = '\0';
	sa_error_clear(&err);
	if (sa_pack_division(r->pack, township, &d, &err) != SA_OK)
		return;
	g->province = d.province;
	g->city = level >= SAI_ROLLUP_CITY ? d.city : NULL;
	g->county = level >= SAI_ROLLUP_COUNTY ? d.county : NULL;
	g->township = level >= SAI_ROLLUP_TOWNSHIP ? d.township : NULL;
}

/* ---- township coverage ----------------------------------------------------- */

/* The group of level whose code starts code, or NULL (groups are in code
 * order). */
static sai_rollup_group *find_group(sai_rollup *r, sai_rollup_level level,
				    const char *code)
{
	size_t lo = 0, hi = r->n_groups[level], digits = level_digits[level];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		sai_rollup_group *g = &slot_at(r, level, mid)->g;
		int c = strncmp(g->code, code, digits);

		if (!c)
			return g;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One counted unit (code: 9 digits, not NUL-terminated): its areas
 * count it, and it is covered when one of its stations was assessed.
 * Most units of the tables are in no province of the run. */
static void count_unit(const char *code, void *arg)
{
	sai_rollup *r = arg;
	sai_rollup_group *p = find_group(r, SAI_ROLLUP_PROVINCE, code);
	const sai_rollup_group *t;
	int covered, l;

	if (!p)
		return;
	t = find_group(r, SAI_ROLLUP_TOWNSHIP, code);
	covered = t && t->verdicts.pass + t->verdicts.fail > 0;
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++) {
		sai_rollup_group *g = find_group(r, (sai_rollup_level)l, code);

		if (g) {
			g->units++;
			g->covered += (size_t)covered;
		}
	}
}

/* Only where the pack has division tables: otherwise coverage is not
 * known (has_coverage stays 0), which is not the same as none. */
static void count_coverage(sai_rollup *r)
{
	size_t i, n = r->n_groups[SAI_ROLLUP_PROVINCE];
	char *provinces = malloc(2 * n + 1);
	long rc;
	int l;

	/* Only the tables' units of the run's provinces. */
	for (i = 0; provinces && i < n; i++)
		memcpy(provinces + 2 * i,
		       slot_at(r, SAI_ROLLUP_PROVINCE, i)->g.code, 2);
	if (provinces)
		provinces[2 * n] = '\0';
	rc = sai_division_each_counted(r->pack, provinces, count_unit, r);
	free(provinces);
	if (rc < 0)
		return;
	for (l = 0; l < SAI_ROLLUP_LEVELS; l++)
		for (i = 0; i < r->n_groups[l]; i++)
			slot_at(r, (sai_rollup_level)l, i)->g.has_coverage = 1;
}

void sai_rollup_want_coverage(sai_rollup *r)
{
	r->coverage = 1;
}

double sai_rollup_coverage(const sai_rollup_group *g)
{
	if (!g->has_coverage || !g->units)
		return -1;
	return (double)g->covered / (double)g->units;
}

int sai_rollup_finish(sai_rollup *r)
{
	size_t held;
	int k;

	if (!r->n)
		return 0;
	if (r->fd >= 0 && r->held && spill(r) < 0)
		return -1;
	held = r->n < r->cap ? r->n : r->cap;
	if (!(r->order = malloc(held * sizeof(*r->order))) ||
	    (r->fd >= 0 && !(r->window = malloc((FANIN + 1) * WINDOW *
						sizeof(*r->window))))) {
		errno = ENOMEM;
		return -1;
	}
	for (k = KEY_RUN; k <= KEY_TOWNSHIP; k++)
		if (walk_order(r, (order_key)k) < 0)
			return -1;
	/* Back in the order added: in memory they never left it. */
	if (r->fd >= 0 && walk_order(r, KEY_ADDED) < 0)
		return -1;
	if (r->coverage)
		count_coverage(r);
	return 0;
}

/* ---- reading --------------------------------------------------------------- */

size_t sai_rollup_station_count(const sai_rollup *r)
{
	return r->n;
}

const sai_rollup_station *sai_rollup_station_at(const sai_rollup *r,
						size_t i)
{
	return i < r->n && r->fd < 0 ? held_at(r, i) : NULL;
}

int sai_rollup_each_station(sai_rollup *r,
			    int (*fn)(const sai_rollup_station *s, void *arg),
			    void *arg)
{
	cursor c;
	size_t i;
	int rc;

	if (r->fd < 0) {
		for (i = 0; i < r->n; i++)
			if ((rc = fn(held_at(r, i), arg)) != 0)
				return rc;
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.buf = r->window;
	c.at = r->data;
	c.end = r->data + r->n;
	for (;;) {
		if (advance(r, &c) < 0)
			return -1;
		if (!c.s)
			return 0;
		if ((rc = fn(c.s, arg)) != 0)
			return rc;
	}
}

size_t sai_rollup_group_count(const sai_rollup *r, sai_rollup_level level)
{
	return r->n_groups[level] + (r->unplaced[level].g.stations > 0);
}

const sai_rollup_group *sai_rollup_group_at(const sai_rollup *r,
					    sai_rollup_level level, size_t i)
{
	if (i < r->n_groups[level])
		return &slot_at(r, level, i)->g;
	if (i == r->n_groups[level] && r->unplaced[level].g.stations)
		return &r->unplaced[level].g;
	return NULL;
}

const char *sai_rollup_level_name(sai_rollup_level level)
{
	static const char *const names[SAI_ROLLUP_LEVELS] = {
		"province", "city", "county", "township"
	};

	return names[level];
}

size_t sai_rollup_grade_count(const sai_rollup *r)
{
	return r->n_grades;
}

const char *sai_rollup_failed_file(const sai_rollup *r)
{
	return r->file_failed ? r->dir : NULL;
}

const char *sai_rollup_grade_name(const sai_rollup *r, size_t i)
{
	return i < r->n_grades ? r->grade_names[i] : NULL;
}
