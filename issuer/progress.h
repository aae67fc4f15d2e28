/*
 * progress.h: a progress line for long runs (issuer render --all, issuer
 * publish), on standard error and only when it is a terminal, so that logs,
 * pipes and cron mail never see it:
 *
 *   rendering: 1200/5000 certificates, 24/s
 *
 * It is redrawn in place at most a few times a second and ends with a
 * newline when the run is done.
 */
#ifndef STARMARK_PROGRESS_H
#define STARMARK_PROGRESS_H

struct progress {
    const char *what;           /* "rendering", "publishing" */
    long total, done;
    int on_terminal;
    double started, shown;      /* seconds, monotonic */
};

void progress_start(struct progress *progress, const char *what, long total);
/* count more certificates are done. progress may be NULL (no progress line). */
void progress_add(struct progress *progress, long count);
/* The last line, with its newline. */
void progress_finish(struct progress *progress);

#endif
