/*
 * progress.c: the progress line of long runs (progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_SECONDS 0.2

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void draw(const struct progress *progress, double now)
{
    double elapsed = now - progress->started;
    double rate = elapsed > 0 ? (double)progress->done / elapsed : 0;
    /* \r and erase the line: the line is redrawn over itself. */
    fprintf(stderr, "\r\033[K%s: %ld/%ld certificates, %.0f/s", progress->what, progress->done,
            progress->total, rate);
    fflush(stderr);
}

void progress_start(struct progress *progress, const char *what, long total)
{
    double now = seconds_now();
    *progress = (struct progress){what, total, 0, isatty(STDERR_FILENO), now, now};
    if (progress->on_terminal)
        draw(progress, now);
}

void progress_add(struct progress *progress, long count)
{
    if (!progress)
        return;
    progress->done += count;
    double now = seconds_now();
    if (progress->on_terminal && now - progress->shown >= REDRAW_SECONDS) {
        progress->shown = now;
        draw(progress, now);
    }
}

void progress_finish(struct progress *progress)
{
    if (!progress->on_terminal)
        return;
    draw(progress, seconds_now());
    fputc('\n', stderr);
}
