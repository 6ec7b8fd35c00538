/*
 * progress.c — the upgrade's progress on stderr (store_on_progress): a line
 * when each pending migration step begins, at most one a second while it
 * runs (which of its statements runs, the rows they wrote so far, the
 * seconds so far; a table it rebuilds), and one when it has committed.
 * Shown when stderr is a terminal or the command was given --progress
 * (`migrate-schema`, `serve`), so a service's log is not filled with it
 * unless asked.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/commands.h"
#include "store/store.h"

static void
print(const struct store_progress *p)
{
	if (p->finished) {
		fprintf(stderr, "qupiya: upgrade %d/%d %s: done in %.1f s (CPU %.1f s)\n", p->index,
		        p->count, p->step, p->seconds, p->cpu_seconds);
	} else if (p->seconds == 0) {
		fprintf(stderr, "qupiya: upgrade %d/%d %s: started\n", p->index, p->count, p->step);
	} else if (p->part != NULL) {
		fprintf(stderr, "qupiya: upgrade %d/%d %s: table %" PRId64 "/%" PRId64 " %s, %.0f s\n",
		        p->index, p->count, p->step, p->done + 1, p->total, p->part, p->seconds);
	} else {
		fprintf(stderr, "qupiya: upgrade %d/%d %s: statement %" PRId64 "/%" PRId64
		        ", %" PRId64 " rows written, %.0f s\n", p->index, p->count, p->step,
		        p->done + 1, p->total, p->rows, p->seconds);
	}
	fflush(stderr);
}

void
cli_progress(int forced)
{
	store_on_progress(forced || isatty(STDERR_FILENO) ? print : NULL);
}
