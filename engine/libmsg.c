/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libmsg.c - libyaml's and libxml2's messages in the messages' language.
 *
 * The dependencies speak English only.  Each message this table knows is
 * its own msgid: "%s" stands for a variable part (a name, a value, a
 * line), matched in the message and given to the translation in the same
 * order, so that the English is the library's message unchanged.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "stationaudit.h"
#include "libmsg-internal.h"
#include "banned.h"

#define MAX_PARTS 4
#define PART_MAX 512

static const char *const known[] = {
	/* libyaml: problems */
	N_("found unexpected end of stream"),
	N_("found character that cannot start any token"),
	N_("mapping values are not allowed in this context"),
	N_("block sequence entries are not allowed in this context"),
	N_("could not find expected ':'"),
	N_("found unknown escape character"),
	N_("found unexpected document indicator"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("did not find expected key"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected node content"),
	N_("did not find expected <document start>"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("found undefined alias"),
	N_("found undefined tag handle"),
	N_("found unexpected ':'"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid trailing UTF-8 octet"),
	N_("incomplete UTF-8 octet sequence"),
	N_("invalid length of a UTF-8 sequence"),
	N_("invalid Unicode character"),
	N_("control characters are not allowed"),
	N_("input is too long"),
	/* libyaml: contexts */
	N_("while scanning a quoted scalar"),
	N_("while scanning a plain scalar"),
	N_("while scanning a block scalar"),
	N_("while scanning a simple key"),
	N_("while scanning an anchor"),
	N_("while scanning an alias"),
	N_("while scanning a tag"),
	N_("while scanning a directive"),
	N_("while scanning for the next token"),
	N_("while parsing a block mapping"),
	N_("while parsing a block collection"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow sequence"),
	N_("while parsing a flow node"),
	N_("while parsing a node"),
	/* libxml2: the parser */
	N_("Opening and ending tag mismatch: %s line %s and %s"),
	N_("Premature end of data in tag %s line %s"),
	N_("Couldn't find end of Start Tag %s line %s"),
	N_("Extra content at the end of the document"),
	N_("Document is empty"),
	N_("Start tag expected, '<' not found"),
	N_("StartTag: invalid element name"),
	N_("EndTag: '</' not found"),
	N_("Specification mandates value for attribute %s"),
	N_("attributes construct error"),
	N_("Attribute %s redefined"),
	N_("Unescaped '<' not allowed in attributes values"),
	N_("Entity '%s' not defined"),
	N_("EntityRef: expecting ';'"),
	N_("xmlParseEntityRef: no name"),
	N_("Comment not terminated"),
	N_("Sequence ']]>' not allowed in content"),
	N_("Char 0x%s out of allowed range"),
	N_("PCDATA invalid Char value %s"),
	N_("Input is not proper UTF-8, indicate encoding ! Bytes: %s"),
	N_("Namespace prefix %s on %s is not defined"),
	N_("XML declaration allowed only at the start of the document"),
	N_("Blank needed here"),
	N_("Unsupported encoding %s"),
	N_("input conversion failed due to input error, bytes %s"),
	N_("output conversion failed due to conv error, bytes %s"),
	N_("encoder error"),
	/* libxml2: XSD validation, after "Element 'NAME': " */
	N_("This element is not expected."),
	N_("This element is not expected. Expected is ( %s )."),
	N_("This element is not expected. Expected is one of ( %s )."),
	N_("Missing child element(s). Expected is ( %s )."),
	N_("Missing child element(s). Expected is one of ( %s )."),
	N_("[facet 'enumeration'] The value '%s' is not an element of the "
	   "set {%s}."),
	N_("[facet 'pattern'] The value '%s' is not accepted by the pattern "
	   "'%s'."),
	N_("[facet 'minLength'] The value has a length of '%s'; this "
	   "underruns the allowed minimum length of '%s'."),
	N_("[facet 'maxLength'] The value has a length of '%s'; this exceeds "
	   "the allowed maximum length of '%s'."),
	N_("[facet 'minInclusive'] The value '%s' is less than the minimum "
	   "value allowed ('%s')."),
	N_("[facet 'maxInclusive'] The value '%s' is greater than the maximum "
	   "value allowed ('%s')."),
	N_("'%s' is not a valid value of the atomic type '%s'."),
	N_("'%s' is not a valid value of the local atomic type."),
	N_("'%s' is not a valid value of the union type '%s'."),
	N_("Character content other than whitespace is not allowed because "
	   "the content type is 'element-only'."),
	N_("Element content is not allowed, because the content type is a "
	   "simple type definition."),
	N_("Element content is not allowed, because the content type is "
	   "empty."),
	N_("No matching global declaration available for the validation "
	   "root."),
	N_("The attribute '%s' is not allowed."),
	N_("The attribute '%s' is required but missing."),
	NULL
};

/* Whether s is pat, "%s" matching any text (the shortest, but the last
 * one the rest); the parts go to part[]. */
static int match(const char *pat, const char *s, char part[][PART_MAX])
{
	char lit[PART_MAX];
	size_t n = 0, len, slen;
	const char *next, *at;

	while (*pat) {
		if (strncmp(pat, "%s", 2)) {
			if (*pat++ != *s++)
				return 0;
			continue;
		}
		pat += 2;
		next = strstr(pat, "%s");
		len = next ? (size_t)(next - pat) : strlen(pat);
		if (len >= sizeof(lit) || n == MAX_PARTS)
			return 0;
		memcpy(lit, pat, len);
		lit[len] = '\0';
		slen = strlen(s);
		if (!next)      /* the last part: all but the pattern's end */
			at = slen >= len && !strcmp(s + slen - len, lit) ?
				s + slen - len : NULL;
		else
			at = len ? strstr(s, lit) : s;
		if (!at)
			return 0;
		snprintf(part[n++], PART_MAX, "%.*s", (int)(at - s), s);
		s = at;
	}
	return *s == '\0';
}

/* The message without an XSD element prefix, translated into out. */
static void translate(const char *msg, char *out, size_t size)
{
	char part[MAX_PARTS][PART_MAX];
	size_t i;

	for (i = 0; known[i]; i++)
		if (match(known[i], msg, part)) {
			snprintf(out, size, _(known[i]), part[0], part[1],
				 part[2], part[3]);
			return;
		}
	/* "en" is the one language whose catalogue gives back msgids. */
	if (!strcmp(_("malformed input"), "malformed input"))
		snprintf(out, size, "%s", msg);
	else
		snprintf(out, size, "(%s)", msg);
}

void sai_libmsg(const char *msg, char *out, size_t size)
{
	static const char *const heads[] = { "Element '", "Key '", NULL };
	static const char *const forms[] = { N_("Element '%s': %s"),
					     N_("Key '%s': %s") };
	static const char attr_form[] = N_("Element '%s', attribute '%s': %s");
	static const char attr_sep[] = "', attribute '";
	char name[PART_MAX], attr[PART_MAX], rest[SA_ERROR_MESSAGE_MAX];
	const char *end, *mid;
	size_t i, h;

	for (i = 0; heads[i]; i++) {
		h = strlen(heads[i]);
		if (strncmp(msg, heads[i], h) || !(end = strstr(msg + h, "': ")))
			continue;
		translate(end + 3, rest, sizeof(rest));
		/* XSD on an attribute: "Element 'E', attribute 'A': ..." */
		mid = i == 0 ? strstr(msg + h, attr_sep) : NULL;
		if (mid && mid < end) {
			snprintf(name, sizeof(name), "%.*s",
				 (int)(mid - msg - h), msg + h);
			mid += sizeof(attr_sep) - 1;
			snprintf(attr, sizeof(attr), "%.*s", (int)(end - mid),
				 mid);
			snprintf(out, size, _(attr_form), name, attr, rest);
			return;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(end - msg - h),
			 msg + h);
		snprintf(out, size, _(forms[i]), name, rest);
		return;
	}
	translate(msg, out, size);
}
