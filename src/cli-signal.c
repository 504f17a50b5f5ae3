/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-signal.c - an interrupted check leaves the previous reports whole.
 *
 * SIGINT, SIGTERM and SIGHUP (unless the caller ignores them, as nohup
 * does) are blocked in every thread and taken by one
 * thread that waits for them: it abandons the run (its temporary report
 * files are removed, none is renamed), removes the command's own
 * temporary file, and then dies of the same signal, so that the caller
 * sees the conventional status (130 for ^C, 143 for SIGTERM).  SIGXFSZ is
 * ignored (a write past ulimit -f fails with EFBIG).  SIGPIPE is
 * ignored: a report on a closed pipe fails with EPIPE, the file reports
 * are still written, and the command ends as if killed by SIGPIPE.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli-internal.h"
#include "banned.h"

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static sa_run *watched_run;
static const char *watched_file;
static sigset_t caught;

/* Ends the process by sig, with its default action, from this thread. */
static void die_of(int sig)
{
	sigset_t one;

	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void *wait_for_signals(void *arg)
{
	int sig;

	(void)arg;
	while (sigwait(&caught, &sig) != 0)
		;
	/* The lock is kept: nothing may start a run or a file from now. */
	pthread_mutex_lock(&watch_lock);
	if (watched_run)
		sa_run_abandon(watched_run);
	if (watched_file)
		unlink(watched_file);
	die_of(sig);
	return NULL;
}

int cli_signals_start(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction old;
	pthread_t t;
	size_t i;

	sigemptyset(&caught);
	/* A signal the caller ignores stays ignored (nohup, a shell's
	 * background job and its SIGINT). */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) != 0 ||
		    old.sa_handler != SIG_IGN)
			sigaddset(&caught, sigs[i]);
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit (ulimit -f) fails the write with EFBIG: the
	 * report fails with its reason and leaves no temporary file,
	 * whichever thread wrote. */
	signal(SIGXFSZ, SIG_IGN);
	if (pthread_sigmask(SIG_BLOCK, &caught, NULL) != 0 ||
	    pthread_create(&t, NULL, wait_for_signals, NULL) != 0)
		return -1;
	pthread_detach(t);
	return 0;
}

void cli_signals_watch(sa_run *run, const char *file)
{
	pthread_mutex_lock(&watch_lock);
	watched_run = run;
	watched_file = file;
	pthread_mutex_unlock(&watch_lock);
}

void cli_die_of_sigpipe(void)
{
	die_of(SIGPIPE);
}
