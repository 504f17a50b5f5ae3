/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_output.c - a report file written by a thread of its own (spooled,
 * engine/output.c) holds exactly what was written, in order, whatever the
 * sizes of the writes; a failed write (here a file size limit) fails the
 * close with its errno and leaves the target as it was; a spooled output
 * released without a close removes its temporary file.
 */
#define _DEFAULT_SOURCE 1     /* MAP_ANONYMOUS */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output-internal.h"
#include "testutil.h"

/* Byte i of the text written: no period a buffer's size divides. */
static char byte_at(size_t i)
{
	return (char)('a' + (i * 7 + i / 4099) % 26);
}

/* The whole file at path (caller frees); *n its size. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	ck_assert_int_ge(size, 0);
	rewind(f);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return buf;
}

/* Writes total bytes to o in pieces of 1 byte to 1.5 MB (larger than the
 * stream's buffer and than all the spool's slots together); 0, or -1 at
 * the first short write (a failed write shows there, or at the close). */
static int write_pieces(sai_output *o, size_t total)
{
	static const size_t sizes[] = { 1, 17, 4096, 70000, 262144, 262145,
					 1500000, 3 };
	char *piece = malloc(1500000);
	size_t at = 0, k = 0;

	ck_assert_ptr_nonnull(piece);
	while (at < total) {
		size_t n = sizes[k++ % (sizeof(sizes) / sizeof(sizes[0]))], i;

		if (n > total - at)
			n = total - at;
		for (i = 0; i < n; i++)
			piece[i] = byte_at(at + i);
		if (fwrite(piece, 1, n, o->out) != n) {
			free(piece);
			return -1;
		}
		at += n;
	}
	free(piece);
	return 0;
}

static void open_spooled(sai_output *o, const char *path)
{
	sa_error err;

	sa_error_clear(&err);
	ck_assert_int_eq(sai_output_init(o, path, &err), SA_OK);
	o->spool = 1;
	ck_assert_int_eq(sai_output_open(o, &err), SA_OK);
	ck_assert_ptr_nonnull(o->out);
	ck_assert_ptr_nonnull(o->tmp);
#ifdef HAVE_FOPENCOOKIE
	/* The thread's stream has no descriptor of its own. */
	ck_assert_int_eq(fileno(o->out), -1);
#endif
}

START_TEST(spooled_file_holds_what_was_written)
{
	enum { TOTAL = 9 * 1000 * 1000 + 7 };
	char dir[64], path[128];
	sai_output o;
	size_t n, i;
	char *got;

	sai_test_tmpdir(dir, sizeof(dir), "output");
	snprintf(path, sizeof(path), "%s/r.json", dir);
	open_spooled(&o, path);
	ck_assert_int_eq(write_pieces(&o, TOTAL), 0);
	ck_assert_int_eq(sai_output_close(&o), 0);
	ck_assert_int_eq(o.error, 0);
	ck_assert_int_eq(sai_output_commit(&o), 0);
	got = slurp(path, &n);
	ck_assert_uint_eq(n, TOTAL);
	for (i = 0; i < n && got[i] == byte_at(i); i++)
		;
	ck_assert_uint_eq(i, TOTAL);
	free(got);
	sai_output_release(&o);
	ck_assert_uint_eq(sai_test_entries(dir, 1), 1);   /* r.json only */
	sai_test_rmtree(dir);
}
END_TEST

/* The file size limit stops the thread's write with EFBIG: the close
 * fails with it, and the report that was there stays. */
START_TEST(spooled_write_error_fails_the_close)
{
	char dir[64], path[128];
	pid_t pid;
	int status;
	size_t n;
	char *got;
	FILE *f;

	sai_test_tmpdir(dir, sizeof(dir), "output");
	snprintf(path, sizeof(path), "%s/r.json", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("the previous report\n", f);
	fclose(f);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit lim = { 65536, 65536 };
		sai_output o;
		int rc;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
			_exit(2);
		open_spooled(&o, path);
		/* The run records a failed write when a writer sees it
		 * (report_failed), else the close finds it. */
		if (write_pieces(&o, 2 * 1000 * 1000) < 0)
			sai_output_failed(&o);
		rc = sai_output_close(&o);
		if (rc != -1 || o.error != EFBIG)
			_exit(3);
		sai_output_release(&o);         /* removes the temporary file */
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	got = slurp(path, &n);
	ck_assert_uint_eq(n, strlen("the previous report\n"));
	ck_assert(!memcmp(got, "the previous report\n", n));
	free(got);
	ck_assert_uint_eq(sai_test_entries(dir, 1), 1);
	sai_test_rmtree(dir);
}
END_TEST

/* Once the thread's write has failed, a write larger than the stream's
 * buffer comes back short and the close fails with the thread's errno.
 * The buffer ends at a guard page: should glibc hand it straight to the
 * cookie and misread the cookie's answer (a negative count made glibc
 * copy past the caller's buffer), the child dies instead of passing. */
START_TEST(spooled_large_write_after_failure)
{
	char dir[64], path[128];
	pid_t pid;
	int status;

	sai_test_tmpdir(dir, sizeof(dir), "output");
	snprintf(path, sizeof(path), "%s/r.json", dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit lim = { 65536, 65536 };
		size_t page = (size_t)sysconf(_SC_PAGESIZE), big = 1 << 20;
		char *map, *buf, chunk[4096];
		sai_output o;
		int i;

		signal(SIGXFSZ, SIG_IGN);
		map = mmap(NULL, big + page, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map == MAP_FAILED || mprotect(map + big, page, PROT_NONE) ||
		    setrlimit(RLIMIT_FSIZE, &lim) < 0)
			_exit(2);
		buf = map;
		memset(buf, 'x', big);
		memset(chunk, 'y', sizeof(chunk));
		open_spooled(&o, path);
		/* Small writes until the failure shows (at most 64 MB). */
		for (i = 0; i < 16384; i++)
			if (fwrite(chunk, 1, sizeof(chunk), o.out) !=
			    sizeof(chunk) || fflush(o.out) != 0)
				break;
		if (i == 16384)
			_exit(3);
		clearerr(o.out);
		if (fwrite(buf, 1, big, o.out) == big)
			_exit(4);          /* an error reported as success */
		sai_output_failed(&o);
		if (sai_output_close(&o) != -1 || o.error != EFBIG)
			_exit(5);
		sai_output_release(&o);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "the child died of signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	sai_test_rmtree(dir);
}
END_TEST

/* Released without a close (an abandoned run): the thread is stopped,
 * the temporary file removed, the target never made. */
START_TEST(spooled_release_without_close)
{
	char dir[64], path[128];
	sai_output o;

	sai_test_tmpdir(dir, sizeof(dir), "output");
	snprintf(path, sizeof(path), "%s/r.json", dir);
	open_spooled(&o, path);
	ck_assert_int_eq(write_pieces(&o, 3 * 1000 * 1000), 0);
	sai_output_release(&o);
	ck_assert_uint_eq(sai_test_entries(dir, 1), 0);
	sai_test_rmtree(dir);
}
END_TEST

/* What is written in place (a device) is not spooled, and still works. */
START_TEST(device_is_written_in_place)
{
	sai_output o;
	sa_error err;

	sa_error_clear(&err);
	ck_assert_int_eq(sai_output_init(&o, "/dev/null", &err), SA_OK);
	o.spool = 1;
	ck_assert_int_eq(sai_output_open(&o, &err), SA_OK);
	ck_assert_ptr_null(o.tmp);
	ck_assert_int_eq(write_pieces(&o, 1000 * 1000), 0);
	ck_assert_int_eq(sai_output_close(&o), 0);
	sai_output_release(&o);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("spool");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, spooled_file_holds_what_was_written);
	tcase_add_test(tc, spooled_write_error_fails_the_close);
	tcase_add_test(tc, spooled_large_write_after_failure);
	tcase_add_test(tc, spooled_release_without_close);
	tcase_add_test(tc, device_is_written_in_place);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
