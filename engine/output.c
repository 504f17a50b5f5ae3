/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c - where a report goes (see output-internal.h for the rules).
 */
#define _GNU_SOURCE 1     /* fopencookie */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output-internal.h"
#include "util-internal.h"
#include "banned.h"
#include "i18n.h"

/* A report buffer: a national report is hundreds of MB, so 256 KiB
 * writes, not the 4 KiB glibc gives a buffer it allocates itself. */
#define OUTPUT_BUFFER (256u * 1024)

/* The descriptor a path names without being a file of its own:
 * /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N; -1 otherwise. */
static int fd_of_path(const char *path)
{
	static const char *const dirs[] = { "/dev/fd/", "/proc/self/fd/" };
	size_t i;

	if (!strcmp(path, "/dev/stdout"))
		return STDOUT_FILENO;
	if (!strcmp(path, "/dev/stderr"))
		return STDERR_FILENO;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		size_t n = strlen(dirs[i]);
		const char *p = path + n;
		char *end;
		long fd;

		if (strncmp(path, dirs[i], n) || *p < '0' || *p > '9')
			continue;
		errno = 0;
		fd = strtol(p, &end, 10);
		if (!*end && !errno && fd <= INT_MAX)
			return (int)fd;
	}
	return -1;
}

static sa_status refuse(const char *path, const char *why, sa_error *err)
{
	return sai_error_set(err, SA_ERR_USAGE, path, 0, 0,
			     _("cannot write the report here: %s"), why);
}

/* A report that the system would not let be written (errno e): the one
 * place that classes those.  A folder that does not exist, a file where
 * a folder should be (ENOTDIR), no permission, a full disk: SA_ERR_IO,
 * "a report could not be written" (exit 4), whether it shows before the
 * audit or when the file is opened.  Only a name too long to be one is
 * the caller's mistake (SA_ERR_USAGE, exit 2). */
static sa_status cannot_write(const char *path, int e, sa_error *err)
{
	return sai_error_set(err, e == ENAMETOOLONG ? SA_ERR_USAGE : SA_ERR_IO,
			     path, 0, 0, _("cannot write the report: %s"),
			     strerror(e));
}

static void set_identity(sai_output *o, const struct stat *st)
{
	struct stat null;

	o->dev = st->st_dev;
	o->ino = st->st_ino;
	o->known = 1;
	/* The null device keeps nothing, so any number of reports may go
	 * there (-f json:/dev/null -f sarif:/dev/null): the same device
	 * number, whatever node or descriptor names it. */
	o->discard = S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 &&
		     S_ISCHR(null.st_mode) && null.st_rdev == st->st_rdev;
}

/* A descriptor the process already has (standard output, /dev/fd/N). */
static sa_status init_descriptor(sai_output *o, int fd, sa_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return cannot_write(o->path ? o->path : "-", errno, err);
	o->fd = fd;
	set_identity(o, &st);
	return SA_OK;
}

/* What an existing target is, and so how it is written. */
static sa_status init_existing(sai_output *o, const struct stat *st,
			       sa_error *err)
{
	set_identity(o, st);
	if (S_ISREG(st->st_mode)) {
		o->mode = st->st_mode & 07777;
		return SA_OK;
	}
	if (S_ISDIR(st->st_mode))
		return refuse(o->path, _("it is a folder"), err);
	if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
		o->in_place = 1;
		return SA_OK;
	}
	if (S_ISBLK(st->st_mode))
		return refuse(o->path, _("it is a block device (a disk)"), err);
	return refuse(o->path, _("it is a socket or another special file"), err);
}

/* A file that does not exist yet, named by its real folder and its name:
 * "a.json", "./a.json" and "$PWD/a.json" are one file (sai_output_same),
 * as they are once it exists.  The path as given when the folder cannot
 * be resolved (opening will say why). */
static char *new_target(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *folder, *real;
	sai_strbuf sb;

	if (slash && !slash[1])
		return sai_strdup(path);
	folder = slash ? sai_strndup(path, slash == path ? 1 :
				     (size_t)(slash - path)) : sai_strdup(".");
	if (!folder)
		return NULL;
	real = realpath(folder, NULL);
	free(folder);
	if (!real)
		return sai_strdup(path);
	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s/%s", strcmp(real, "/") ? real : "",
			slash ? slash + 1 : path);
	free(real);
	return sai_strbuf_detach(&sb, NULL);
}

sa_status sai_output_init(sai_output *o, const char *path, sa_error *err)
{
	char link[4096], dir[4096];
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->mode = (mode_t)-1;
	if (!path || !strcmp(path, "-"))
		return init_descriptor(o, STDOUT_FILENO, err);
	/* "-f json:" names no file: refused before anything is read. */
	if (!path[strspn(path, " \t")])
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("cannot write the report: the file name "
				     "'%s' is empty or only blanks"), path);
	if (!(o->path = sai_strdup(path)))
		goto nomem;
	if ((fd = fd_of_path(path)) >= 0)
		return init_descriptor(o, fd, err);
	/* (A link to nothing is refused below, as such.) */
	if (!(lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	      stat(path, &st) != 0) &&
	    sai_outward_link(path, link, dir, sizeof(link)))
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0,
				     _("cannot write the report here: the "
				     "symbolic link %s leads outside its "
				     "folder %s (a report follows links only "
				     "inside the folder that holds them; name "
				     "what it leads to instead)"), link, dir);
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return cannot_write(path, errno, err);
		if (!(o->target = new_target(path)))
			goto nomem;
		return SA_OK;
	}
	if (S_ISLNK(st.st_mode)) {
		/* Followed: the link stays, its target is what is written. */
		if (!(o->target = realpath(path, NULL)) || stat(o->target, &st))
			return refuse(path, errno == ENOENT ? _("it is a symbolic "
				      "link to a file that does not exist") :
				      strerror(errno), err);
	} else if (!(o->target = sai_strdup(path))) {
		goto nomem;
	}
	return init_existing(o, &st, err);
nomem:
	return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

sa_status sa_output_path_check(const char *path, sa_error *err)
{
	sai_output o;
	sa_status st = sai_output_init(&o, path, err);

	sai_output_release(&o);
	return st;
}

int sai_output_same(const sai_output *a, const sai_output *b)
{
	if (a->discard && b->discard)
		return 0;
	if (a->known && b->known)
		return a->dev == b->dev && a->ino == b->ino;
	return a->target && b->target && !strcmp(a->target, b->target);
}

int sai_output_is(const sai_output *o, const char *path,
		  const struct stat *st)
{
	char *target;
	int same;

	if (st)
		return S_ISREG(st->st_mode) && o->known &&
		       o->dev == st->st_dev && o->ino == st->st_ino;
	/* Not there yet: the new file's name, spelled as o's is. */
	if (o->known || !o->target || !(target = new_target(path)))
		return 0;
	same = !strcmp(target, o->target);
	free(target);
	return same;
}

/* The temporary file beside the target: "<target>.tmp-XXXXXX", or a
 * shorter hidden name in the same folder when that one is too long. */
static int make_temp(sai_output *o)
{
	const char *slash = strrchr(o->target, '/');
	sai_strbuf sb;
	int fd, pass;

	for (pass = 0; pass < 2; pass++) {
		sai_strbuf_init(&sb);
		if (pass == 0)
			sai_strbuf_addf(&sb, "%s.tmp-XXXXXX", o->target);
		else
			sai_strbuf_addf(&sb, "%.*s.stationaudit.tmp-XXXXXX",
					slash ? (int)(slash - o->target + 1) :
					0, o->target);
		free(o->tmp);
		if (!(o->tmp = sai_strbuf_detach(&sb, NULL))) {
			errno = ENOMEM;
			return -1;
		}
		if ((fd = mkstemp(o->tmp)) >= 0 || errno != ENAMETOOLONG)
			break;
	}
	if (fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
	}
	return fd;
}

/* mkstemp makes the file private (0600): a new report gets what a file
 * the shell made would get, a replaced one keeps its permissions (and,
 * for root, its owner). */
static int set_mode(int fd, const struct stat *old)
{
	mode_t mask = umask(0);

	umask(mask);
	if (old && geteuid() == 0 && fchown(fd, old->st_uid, old->st_gid))
		return -1;
	return fchmod(fd, old ? old->st_mode & 07777 : 0666 & ~mask);
}

static int open_temp(sai_output *o)
{
	struct stat old;
	int have_old = stat(o->target, &old) == 0 && S_ISREG(old.st_mode);
	int fd = make_temp(o);

	if (fd >= 0 && set_mode(fd, have_old ? &old : NULL) != 0) {
		int saved = errno;

		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		errno = saved;
		fd = -1;
	}
	return fd;
}

/* ---- a file written by a thread of its own ----------------------------
 *
 * The report writers run one at a time, in record order, while the
 * workers audit: on many cores they are what the run waits for, and half
 * of their time in a national JSON report (700 MB) was write(2), the
 * kernel copying the text into the page cache.  A spooled file is written
 * by a thread of its own: each time the stream's buffer is full it is
 * copied into one of SPOOL_SLOTS buffers, which the thread writes in
 * order; the writer waits only when all of them are full.  A failed
 * write is reported by the next write on the stream and by its close,
 * with the errno the write had.
 */
#ifdef HAVE_FOPENCOOKIE

#define SPOOL_SLOTS 4

typedef struct spooler {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;       /* a slot filled or emptied; closing */
	char *buf[SPOOL_SLOTS];
	size_t len[SPOOL_SLOTS], cap[SPOOL_SLOTS];
	size_t head, count;        /* the oldest filled slot; how many */
	int closing;
	int error;                 /* errno of the first failed write */
} spooler;

/* 0, or the errno of a failed write. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? errno : EIO;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void *spool_main(void *arg)
{
	spooler *s = arg;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		size_t i;
		int e = 0;

		while (!s->count && !s->closing)
			pthread_cond_wait(&s->cond, &s->lock);
		if (!s->count)
			break;
		i = s->head;
		if (!s->error) {
			/* The slot is the thread's until count drops. */
			pthread_mutex_unlock(&s->lock);
			e = write_all(s->fd, s->buf[i], s->len[i]);
			pthread_mutex_lock(&s->lock);
		}
		if (e && !s->error)
			s->error = e;
		s->head = (i + 1) % SPOOL_SLOTS;
		s->count--;
		pthread_cond_broadcast(&s->cond);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static ssize_t spool_write(void *cookie, const char *p, size_t n)
{
	spooler *s = cookie;
	size_t i;
	int e;

	pthread_mutex_lock(&s->lock);
	while (s->count == SPOOL_SLOTS && !s->error)
		pthread_cond_wait(&s->cond, &s->lock);
	e = s->error;
	i = (s->head + s->count) % SPOOL_SLOTS;
	pthread_mutex_unlock(&s->lock);
	/* A cookie's write must not return a negative count: glibc's
	 * direct write of a large fwrite takes -1 as (size_t)-1 and reads
	 * past the caller's buffer.  0 is "nothing written", an error. */
	if (e) {
		errno = e;
		return 0;
	}
	/* Slot i is empty and the writer's until count grows. */
	if (s->cap[i] < n) {
		char *b = realloc(s->buf[i], n);

		if (!b) {
			pthread_mutex_lock(&s->lock);
			if (!s->error)
				s->error = ENOMEM;
			pthread_mutex_unlock(&s->lock);
			errno = ENOMEM;
			return 0;
		}
		s->buf[i] = b;
		s->cap[i] = n;
	}
	memcpy(s->buf[i], p, n);
	s->len[i] = n;
	pthread_mutex_lock(&s->lock);
	s->count++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	return (ssize_t)n;
}

static void spool_free(spooler *s)
{
	size_t i;

	for (i = 0; i < SPOOL_SLOTS; i++)
		free(s->buf[i]);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Waits for every slot to be written, then closes the file. */
static int spool_close(void *cookie)
{
	spooler *s = cookie;
	int e;

	pthread_mutex_lock(&s->lock);
	s->closing = 1;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	e = s->error;
	if (close(s->fd) != 0 && !e)
		e = errno;
	spool_free(s);
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

/* A stream on fd written by a thread of its own; NULL (errno set, fd
 * still open) when it cannot have one. */
static FILE *spool_open(int fd)
{
	cookie_io_functions_t io = { NULL, spool_write, NULL, spool_close };
	spooler *s = calloc(1, sizeof(*s));
	sigset_t all, old;
	FILE *f;
	int rc;

	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	s->fd = fd;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	/* The thread takes no signal: the program's handling stays where
	 * the program put it. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&s->thread, NULL, spool_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		spool_free(s);
		errno = rc;
		return NULL;
	}
	if (!(f = fopencookie(s, "w", io))) {
		int saved = errno;

		pthread_mutex_lock(&s->lock);
		s->closing = 1;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
		spool_free(s);
		errno = saved;
	}
	return f;
}

#else /* !HAVE_FOPENCOOKIE */

static FILE *spool_open(int fd)
{
	(void)fd;
	errno = ENOSYS;
	return NULL;
}

#endif

sa_status sai_output_open(sai_output *o, sa_error *err)
{
	int fd;

	if (o->fd == STDOUT_FILENO) {
		o->out = stdout;
		return SA_OK;
	}
	if (o->fd >= 0)
		fd = fcntl(o->fd, F_DUPFD_CLOEXEC, 3);
	else if (o->in_place)
		fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	else
		fd = open_temp(o);
	/* A spooled report that cannot have its thread is written as any
	 * other. */
	if (fd >= 0 && o->spool && !o->in_place && o->fd < 0)
		o->out = spool_open(fd);
	if (fd < 0 || (!o->out && !(o->out = fdopen(fd, "w")))) {
		int saved = errno;

		if (fd >= 0)
			close(fd);
		sai_output_discard(o);
		return cannot_write(o->path, saved, err);
	}
	if ((o->vbuf = malloc(OUTPUT_BUFFER)))
		setvbuf(o->out, o->vbuf, _IOFBF, OUTPUT_BUFFER);
	return SA_OK;
}

void sai_output_failed(sai_output *o)
{
	if (!o->error)
		o->error = errno ? errno : EIO;
}

int sai_output_close(sai_output *o)
{
	int rc = 0;

	if (!o->out)
		return o->error ? -1 : 0;
	errno = 0;
	if (fflush(o->out) != 0 || ferror(o->out)) {
		sai_output_failed(o);
		rc = -1;
	}
	if (o->out != stdout) {
		errno = 0;
		if (fclose(o->out) != 0 && rc == 0) {
			sai_output_failed(o);
			rc = -1;
		}
	}
	o->out = NULL;
	free(o->vbuf);
	o->vbuf = NULL;
	return o->error ? -1 : rc;
}

int sai_output_broken_pipe(const sai_output *o)
{
	return o->error == EPIPE;
}

int sai_output_commit(sai_output *o)
{
	if (!o->tmp)
		return 0;
	if (rename(o->tmp, o->target) != 0)
		return -1;
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

int sai_output_scratch(sai_output *o, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	sai_strbuf sb;
	int fd;

	sai_strbuf_init(&sb);
	if (o->tmp)
		sai_strbuf_addf(&sb, "%s.%s-XXXXXX", o->target, tag);
	else
		sai_strbuf_addf(&sb, "%s/stationaudit-%s-XXXXXX",
				dir && dir[0] ? dir : "/tmp", tag);
	free(o->scratch);
	if (!(o->scratch = sai_strbuf_detach(&sb, NULL))) {
		errno = ENOMEM;
		return -1;
	}
	if ((fd = mkstemp(o->scratch)) < 0) {
		free(o->scratch);
		o->scratch = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

void sai_output_discard(sai_output *o)
{
	if (o->scratch) {
		unlink(o->scratch);
		free(o->scratch);
		o->scratch = NULL;
	}
	if (!o->tmp)
		return;
	unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}

void sai_output_release(sai_output *o)
{
	if (o->out && o->out != stdout)
		fclose(o->out);
	o->out = NULL;
	sai_output_discard(o);
	free(o->vbuf);
	free(o->target);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}
