/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idset.c - station ids seen by a run (see idset-internal.h): an open
 * addressing table with linear probing, written out as sorted runs when
 * it holds its bound, each run found again through a blocked Bloom filter
 * and one read of a block of 256 keys.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idset-internal.h"
#include "sha256-internal.h"
#include "util-internal.h"

typedef struct slot {
	uint64_t key;           /* 0: empty */
	uint32_t file, line;
} slot;

#define BLOCK 256               /* keys a read of a run */
#define BLOOM_BITS 10           /* filter bits a key: about 1 % false */
#define BLOOM_PROBES 7

/* A sorted run in the file: its place, its filter (blocks of 512 bits,
 * one a key's probes all fall in) and the first key of each BLOCK. */
typedef struct run {
	off_t at;               /* in bytes */
	size_t n, n_blocks;
	uint64_t *bloom;        /* n_blocks * 8 words */
	uint64_t *fence;        /* (n + BLOCK - 1) / BLOCK keys */
} run;

struct sai_idset {
	slot *slots;
	size_t cap, n;          /* cap: a power of two */
	size_t held;            /* write the table out at this many */
	int fd;                 /* the runs' file, or -1 */
	off_t end;              /* its length */
	run *runs;
	size_t n_runs;
};

static size_t cap_for(size_t held)
{
	size_t cap = 1024;

	while (held != SIZE_MAX && (held + 1) * 4 > cap * 3)
		cap *= 2;
	return cap;
}

sai_idset *sai_idset_new(size_t held)
{
	sai_idset *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->held = held < 16 ? 16 : held;
	s->fd = -1;
	if (!(s->slots = calloc(s->cap = cap_for(s->held),
				sizeof(*s->slots)))) {
		free(s);
		return NULL;
	}
	return s;
}

void sai_idset_free(sai_idset *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_runs; i++) {
		free(s->runs[i].bloom);
		free(s->runs[i].fence);
	}
	free(s->runs);
	if (s->fd >= 0)
		close(s->fd);
	free(s->slots);
	free(s);
}

size_t sai_idset_runs(const sai_idset *s)
{
	return s->n_runs;
}

/* The key of an id: 64 bits of its digest, never 0. */
static uint64_t key_of(const char *id)
{
	char hex[65];
	uint64_t k = 0;
	int i;

	sai_sha256_hex(id, strlen(id), hex);
	for (i = 0; i < 16 && hex[i]; i++)
		k = k << 4 | (uint64_t)(hex[i] <= '9' ? hex[i] - '0' :
					hex[i] - 'a' + 10);
	return k ? k : 1;
}

static slot *find(slot *slots, size_t cap, uint64_t key)
{
	size_t i = (size_t)key & (cap - 1);

	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int grow(sai_idset *s)
{
	size_t cap = s->cap * 2, i;
	slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < s->cap; i++)
		if (s->slots[i].key)
			*find(slots, cap, s->slots[i].key) = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return 0;
}

/* ---- the runs --------------------------------------------------------- */

/* The filter's block of key (its high bits: the table uses the low
 * ones), and the probes from the key mixed by an odd multiplier. */
static uint64_t *bloom_block(const run *rn, uint64_t key)
{
	return rn->bloom + (size_t)((key >> 32) % rn->n_blocks) * 8;
}

static uint64_t probes(uint64_t key)
{
	return key * UINT64_C(0x9e3779b97f4a7c15);
}

static void bloom_add(run *rn, uint64_t key)
{
	uint64_t *b = bloom_block(rn, key), h = probes(key);
	int i;

	for (i = 0; i < BLOOM_PROBES; i++, h >>= 9)
		b[(h & 511) >> 6] |= UINT64_C(1) << (h & 63);
}

static int bloom_may_hold(const run *rn, uint64_t key)
{
	const uint64_t *b = bloom_block(rn, key);
	uint64_t h = probes(key);
	int i;

	for (i = 0; i < BLOOM_PROBES; i++, h >>= 9)
		if (!(b[(h & 511) >> 6] & UINT64_C(1) << (h & 63)))
			return 0;
	return 1;
}

static int by_key(const void *a, const void *b)
{
	uint64_t x = ((const slot *)a)->key, y = ((const slot *)b)->key;

	return (x > y) - (x < y);
}

/* Hashes again the k keys at the table's front (after a failed write):
 * in order, each into an empty slot, so that none not yet taken is
 * overwritten. */
static void rehash_front(sai_idset *s, size_t k)
{
	size_t j;

	for (j = 0; j < k; j++) {
		slot e = s->slots[j];

		s->slots[j].key = 0;
		*find(s->slots, s->cap, e.key) = e;
	}
}

/* Writes the table, sorted, as a new run and empties it: 0, or -1 when
 * the file or memory fails (the table is then as it was). */
static int write_run(sai_idset *s)
{
	run rn = { 0 }, *runs;
	size_t i, k = 0;

	if (s->fd < 0 && (s->fd = sai_temp_fd(sai_temp_dir(), "ids")) < 0)
		return -1;
	rn.n = s->n;
	rn.at = s->end;
	rn.n_blocks = (rn.n * BLOOM_BITS + 511) / 512;
	if (!(runs = realloc(s->runs, (s->n_runs + 1) * sizeof(*runs))))
		return -1;
	s->runs = runs;
	if (!(rn.bloom = calloc(rn.n_blocks * 8, sizeof(*rn.bloom))) ||
	    !(rn.fence = malloc((rn.n + BLOCK - 1) / BLOCK *
				sizeof(*rn.fence))))
		goto fail;
	for (i = 0; i < s->cap; i++)    /* the keys to the front, sorted */
		if (s->slots[i].key) {
			s->slots[k] = s->slots[i];
			if (k++ != i)
				s->slots[i].key = 0;
		}
	qsort(s->slots, k, sizeof(*s->slots), by_key);
	if (sai_pwrite_full(s->fd, s->slots, k * sizeof(*s->slots),
			    rn.at) < 0) {
		rehash_front(s, k);
		goto fail;
	}
	for (i = 0; i < k; i++) {
		bloom_add(&rn, s->slots[i].key);
		if (i % BLOCK == 0)
			rn.fence[i / BLOCK] = s->slots[i].key;
	}
	s->runs[s->n_runs++] = rn;
	s->end += (off_t)(k * sizeof(*s->slots));
	memset(s->slots, 0, s->cap * sizeof(*s->slots));
	s->n = 0;
	return 0;
fail:
	free(rn.bloom);
	free(rn.fence);
	return -1;
}

/* Where key was first seen in run rn: 1 (in *at), 0 absent, -1 when the
 * file cannot be read. */
static int run_find(const sai_idset *s, const run *rn, uint64_t key,
		    slot *at)
{
	slot block[BLOCK];
	size_t lo = 0, hi = (rn->n + BLOCK - 1) / BLOCK, b, cnt;

	if (!bloom_may_hold(rn, key) || key < rn->fence[0])
		return 0;
	while (hi - lo > 1) {   /* the last block whose first key <= key */
		size_t mid = lo + (hi - lo) / 2;

		if (rn->fence[mid] <= key)
			lo = mid;
		else
			hi = mid;
	}
	b = lo;
	cnt = rn->n - b * BLOCK < BLOCK ? rn->n - b * BLOCK : BLOCK;
	if (sai_pread_full(s->fd, block, cnt * sizeof(*block), rn->at +
			   (off_t)(b * BLOCK * sizeof(*block))) < 0)
		return -1;
	lo = 0;
	hi = cnt;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (block[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cnt && block[lo].key == key) {
		*at = block[lo];
		return 1;
	}
	return 0;
}

/* ---- adding ----------------------------------------------------------- */

int sai_idset_add(sai_idset *s, const char *id, uint32_t file,
		  unsigned long line, uint32_t *first_file,
		  unsigned long *first_line)
{
	uint64_t key = key_of(id);
	slot *at = find(s->slots, s->cap, key), seen;
	size_t i;

	if (at->key) {
		*first_file = at->file;
		*first_line = at->line;
		return 1;
	}
	for (i = 0; i < s->n_runs; i++) {
		int k = run_find(s, &s->runs[i], key, &seen);

		if (k < 0)
			return -1;
		if (k) {
			*first_file = seen.file;
			*first_line = seen.line;
			return 1;
		}
	}
	if (s->n >= s->held && write_run(s) < 0)
		s->held = SIZE_MAX;     /* no file or memory: grow instead */
	if ((s->n + 1) * 4 > s->cap * 3 && grow(s) < 0)
		return -1;
	at = find(s->slots, s->cap, key);
	at->key = key;
	at->file = file;
	at->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	s->n++;
	return 0;
}
