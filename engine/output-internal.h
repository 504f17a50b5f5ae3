/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output-internal.h - where a report goes: a file replaced whole, or a
 * stream (standard output, a device, a FIFO) written where it is.
 *
 * A regular file, or a path that does not exist yet, is written to a
 * temporary file in the same folder and renamed over it when the run
 * ends, so that a reader never sees half a report and a failed or
 * interrupted run leaves the previous report whole.  A symbolic link is
 * followed only inside the folder that holds it (as a named dossier's):
 * its target is what gets replaced, the link stays; a link (the path or
 * a folder on its way) leading outside that folder is refused, so that
 * a checkout cannot point a CI step's report at /etc/passwd.  Anything
 * else that can be written (a character device such as /dev/null, a
 * FIFO, /dev/stdout, /dev/fd/N) is written in place and never replaced.
 * Folders, block devices, sockets and dangling links are refused.
 */
#ifndef SA_OUTPUT_INTERNAL_H
#define SA_OUTPUT_INTERNAL_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "stationaudit.h"

typedef struct sai_output {
	char *path;      /* as given; NULL: standard output */
	char *target;    /* the file replaced: path, or its link's target */
	char *tmp;       /* the temporary file beside target, while written */
	char *scratch;   /* a writer's own work file (sai_output_scratch) */
	int fd;          /* >= 0: an open descriptor written in place
			  * (1 for standard output, N for /dev/fd/N) */
	int in_place;    /* a device or FIFO, opened and written in place */
	mode_t mode;     /* permissions an existing target had (or -1) */
	dev_t dev;       /* what it is, to find two reports on one file */
	ino_t ino;
	int known;       /* dev and ino are set */
	int discard;     /* the null device: never the same as another */
	FILE *out;
	char *vbuf;
	int error;       /* errno of the first failure writing it, or 0 */
	int spool;       /* set before open: a file (not a stream written in
			  * place) is written by a thread of its own, so
			  * that the kernel's copying of a large report
			  * overlaps the formatting of the next records */
} sai_output;

/* Looks at path (NULL or "-": standard output) before the run starts:
 * decides how the report will be written and refuses what cannot be
 * written.  The caller releases o with sai_output_release. */
sa_status sai_output_init(sai_output *o, const char *path, sa_error *err);

/* Whether two outputs are the same file or stream. */
int sai_output_same(const sai_output *a, const sai_output *b);

/* Whether the file path is o's target, so that a run never reads its own
 * report as a dossier: st (what stat said of path) a regular file with
 * o's device and inode; or, st NULL (path is not there), path names the
 * file o is to create.  Devices and streams are never o. */
int sai_output_is(const sai_output *o, const char *path,
		  const struct stat *st);

/* Opens o for writing (the temporary file, the device, the stream). */
sa_status sai_output_open(sai_output *o, sa_error *err);

/* Records errno as o's failure, once. */
void sai_output_failed(sai_output *o);

/* Flushes and closes o (standard output is flushed only); 0 or -1 with
 * o->error set. */
int sai_output_close(sai_output *o);

/* Whether o failed because its reader went away (EPIPE). */
int sai_output_broken_pipe(const sai_output *o);

/* Renames o's temporary file over its target; 0 or -1 (errno set). */
int sai_output_commit(sai_output *o);

/* Makes an empty private file for a writer that cannot write to a stream
 * (xlsx): "<target>.<tag>-XXXXXX" beside a file report, else in $TMPDIR
 * (or /tmp).  It is o's: removed by sai_output_discard and release, so an
 * abandoned run (a signal) leaves it no more than its temporary file.
 * 0, or -1 with errno set. */
int sai_output_scratch(sai_output *o, const char *tag);

/* Removes o's temporary file and scratch file, if any. */
void sai_output_discard(sai_output *o);

void sai_output_release(sai_output *o);

#endif
