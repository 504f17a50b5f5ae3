/* SPDX-License-Identifier: Apache-2.0 */
/*
 * division-internal.h - the township units that township coverage counts,
 * for the reports' per-area coverage (reports/rollup.c).
 */
#ifndef SA_DIVISION_INTERNAL_H
#define SA_DIVISION_INTERNAL_H

#include <stddef.h>

#include "stationaudit.h"

/* Calls fn(code, arg) for each township unit of pack's division tables
 * that coverage counts, in table order; code holds its 9 digits and is
 * NOT NUL-terminated (it points into the table).  provinces: only the
 * units of these provinces, their 2-digit codes back to back ("4233"),
 * or NULL for all.  The definition
 * is the coverage pack's (rules/coverage/pack.yaml): units 001-399 (街道,
 * 镇, 乡); the 400-599 units only when the parameter
 * coverage_similar_units is true or coverage_extra_units lists them (a
 * pack without those parameters counts 001-399).  Returns the number of
 * units counted, or -1 when the pack has no division tables. */
long sai_division_each_counted(const sa_pack *pack, const char *provinces,
			       void (*fn)(const char *code, void *arg),
			       void *arg);

#endif
