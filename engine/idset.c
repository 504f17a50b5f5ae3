/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idset.c - station ids seen by a run (see idset-internal.h): an open
 * addressing table with linear probing, grown at three quarters full.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "idset-internal.h"
#include "sha256-internal.h"

typedef struct slot {
	uint64_t key;           /* 0: empty */
	uint32_t file, line;
} slot;

struct sai_idset {
	slot *slots;
	size_t cap, n;          /* cap: a power of two */
};

sai_idset *sai_idset_new(void)
{
	sai_idset *s = calloc(1, sizeof(*s));

	if (s && !(s->slots = calloc(s->cap = 1024, sizeof(*s->slots)))) {
		free(s);
		s = NULL;
	}
	return s;
}

void sai_idset_free(sai_idset *s)
{
	if (!s)
		return;
	free(s->slots);
	free(s);
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

int sai_idset_add(sai_idset *s, const char *id, uint32_t file,
		  unsigned long line, uint32_t *first_file,
		  unsigned long *first_line)
{
	uint64_t key = key_of(id);
	slot *at = find(s->slots, s->cap, key);

	if (at->key) {
		*first_file = at->file;
		*first_line = at->line;
		return 1;
	}
	if ((s->n + 1) * 4 > s->cap * 3) {
		if (grow(s) < 0)
			return -1;
		at = find(s->slots, s->cap, key);
	}
	at->key = key;
	at->file = file;
	at->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	s->n++;
	return 0;
}
