/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suppose.c - a field supposed into a record for a moment (see
 * suppose-internal.h).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "suppose-internal.h"
#include "banned.h"

/* The first child element of parent named name, in no namespace. */
static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
	xmlNodePtr c;

	for (c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !c->ns &&
		    !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

/* Splits path into s->names, NUL-separated; the number of steps, or -1
 * when a step is empty or not a plain name, or it does not fit. */
static int split(sai_supposed *s, const char *path)
{
	size_t len = strlen(path), i;
	int steps = 1;

	if (!len || len >= sizeof(s->names))
		return -1;
	memcpy(s->names, path, len + 1);
	for (i = 0; i < len; i++) {
		if (s->names[i] == '/') {
			s->names[i] = '\0';
			steps++;
		} else if (strchr("@[]()*:.| \t", s->names[i])) {
			return -1;
		}
	}
	for (i = 0; i + 1 < len; i++)
		if (!s->names[i] && !s->names[i + 1])
			return -1;
	if (!s->names[0] || !s->names[len - 1] || steps > SAI_SUPPOSE_DEPTH)
		return -1;
	return steps;
}

static void link_last(xmlNodePtr parent, xmlNodePtr n)
{
	n->parent = parent;
	n->doc = parent->doc;
	n->prev = parent->last;
	n->next = NULL;
	if (parent->last)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

int sai_suppose(sai_supposed *s, xmlNodePtr root, const char *path,
		const char *value)
{
	xmlNodePtr at = root, found, prev = NULL;
	const char *name;
	int steps, i;

	memset(s, 0, sizeof(*s));
	if (!root || (steps = split(s, path)) < 0)
		return -1;
	name = s->names;
	for (i = 0; i < steps; i++, name += strlen(name) + 1) {
		found = i + 1 < steps && !prev ? child_named(at, name) : NULL;
		if (found) {
			at = found;
			continue;
		}
		s->el[i].type = XML_ELEMENT_NODE;
		s->el[i].name = (const xmlChar *)name;
		link_last(prev ? prev : at, &s->el[i]);
		if (!prev)
			s->top = &s->el[i];
		prev = &s->el[i];
	}
	s->text.type = XML_TEXT_NODE;
	s->text.name = (const xmlChar *)"text";
	/* read, never written or freed: the node is ours */
	s->text.content = (xmlChar *)(uintptr_t)value;
	link_last(prev, &s->text);
	return 0;
}

void sai_suppose_undo(sai_supposed *s)
{
	xmlNodePtr parent = s->top ? s->top->parent : NULL;

	if (!parent)
		return;
	parent->last = s->top->prev;
	if (s->top->prev)
		s->top->prev->next = NULL;
	else
		parent->children = NULL;
	s->top = NULL;
}
