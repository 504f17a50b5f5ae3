/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libmsg-internal.h - internal: the English messages of libyaml and
 * libxml2 (parser errors, XSD violations) in the messages' language.
 */
#ifndef SA_LIBMSG_INTERNAL_H
#define SA_LIBMSG_INTERNAL_H

#include <stddef.h>

/* Writes msg, a message of libyaml or libxml2, into out (size bytes,
 * NUL-terminated) in the language of the messages: a message of the
 * table (its variable parts kept) translated; another one as it is in
 * English, and in parentheses when the messages are not English.  A
 * leading "Element 'NAME': " or "Key 'NAME': " (XSD) is translated
 * apart. */
void sai_libmsg(const char *msg, char *out, size_t size);

#endif
