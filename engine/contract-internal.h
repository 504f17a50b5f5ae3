/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contract-internal.h - the dossier contract (schemas/dossier.xsd):
 * validating one record against it and saying what is wrong in the
 * user's words (the field, the allowed names or codes, a did-you-mean),
 * in Chinese or English, from libxml2's error code and node.
 */
#ifndef SA_CONTRACT_INTERNAL_H
#define SA_CONTRACT_INTERNAL_H

#include <libxml/tree.h>
#include "stationaudit.h"

typedef struct sai_contract sai_contract;
typedef struct sai_contract_check sai_contract_check;

/* Loads the contract from an XSD file: the compiled schema and the
 * schema's own tree (for the names and codes messages cite).  Errors
 * name the file.  The caller frees *out with sai_contract_free; it is
 * read-only afterwards and may be shared by threads. */
sa_status sai_contract_load(const char *xsd, sai_contract **out,
			    sa_error *err);
void sai_contract_free(sai_contract *c);

/* A validator for one thread (NULL when out of memory); free with
 * sai_contract_check_free.  extra (n strings, kept by the caller) are
 * element paths from the record root ("notes", "staff/wechat") that rule
 * packs add to the contract: those elements and everything below them
 * are accepted as they are. */
sai_contract_check *sai_contract_check_new(const sai_contract *c,
					   const char *const *extra,
					   size_t n, int en);
void sai_contract_check_free(sai_contract_check *v);

/* Whether the contract declares doc's root element (a pack may read
 * records of its own shape, which the contract does not cover). */
int sai_contract_declares(const sai_contract_check *v, const xmlDoc *doc);

/* One violation: the element it is about and what to say.  The strings
 * live until the next sai_contract_validate. */
typedef struct sai_violation {
	const xmlNode *node;
	const char *message;
	const char *actual;        /* the bad name or value */
	const char *expected;      /* the suggestion, or the allowed list */
	int repeated;              /* node is the second of a field of one
				    * value given more than once */
} sai_violation;

/* Validates the record whose root is doc's root element, at most max
 * violations, in document order.  A root the contract does not declare
 * (a pack's own record shape) is not validated.  The tree is changed
 * while validating (unknown elements are set aside so that the rest of
 * their parent is still checked) and is as it was on return.  Returns
 * the number of violations (*out points at them), or -1 when out of
 * memory. */
long sai_contract_validate(sai_contract_check *v, xmlDocPtr doc,
			   size_t max, const sai_violation **out);

/* The bundled contract (dossier.xsd in $STATIONAUDIT_SCHEMAS, else the
 * installed schemas folder), its fields only, loaded once and kept for
 * the process; NULL when there is none.  Which fields take one value
 * comes from it whatever a run validates against (--schema, --no-schema,
 * a pack's contract). */
const sai_contract *sai_contract_bundled(void);

/* Drops from doc's station record every occurrence but the first of each
 * field of one value (not sa:list in c), so that the rules read the first
 * value; to be called after validation has reported them.  Returns how
 * many it dropped. */
size_t sai_contract_keep_first(const sai_contract *c, xmlDocPtr doc);

/* Writes the scalars of doc's station record as the rules are to read
 * them, the same in every format, before it is validated:
 *   - XML (no types of its own): an xs:decimal such as +85, 085 or 85.0
 *     in a number field of c (+85 or 085 in a count field) is written
 *     plainly, 85, as the YAML and JSON loaders write theirs (XPath's
 *     number() takes no '+'); other text is left to the contract;
 *   - YAML and JSON: a string of blanks ("  ") in a field that takes no
 *     text (a yes/no, number, date, code or vocabulary field) is left
 *     blank, as "" and ~ are, and as XML's parser leaves
 *     <plaque>  </plaque>. */
void sai_contract_tidy(const sai_contract *c, xmlDocPtr doc);

/* 1 when path (names separated by '/', from the record) names a field
 * of c, every step of it. */
int sai_contract_has_field(const sai_contract *c, const char *path);

/* The values field path (as sai_contract_has_field) may take when they
 * are few: the codes of an enumeration, or true and false.  Returns
 * their number (*out points at them, in c's memory or static), or 0 when
 * path is no field of c or takes any text, number, date or code. */
size_t sai_contract_field_values(const sai_contract *c, const char *path,
				 const char *const **out);

/* The nearest of n candidates to s by edit distance (case-insensitive
 * for ASCII, adjacent transpositions count once; a candidate of which s
 * is a prefix or suffix is near), or NULL when none is near enough. */
const char *sai_nearest(const char *s, const char *const *cand, size_t n);

#endif
