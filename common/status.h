/*
 * status.h: the statuses a certificate can have and the documented reason
 * codes for changing them (docs/lifecycle.md). Shared by the issuer, which
 * records them, and by the verifier and the web endpoint, which show them.
 */
#ifndef STARMARK_STATUS_H
#define STARMARK_STATUS_H

struct status_name {
    const char *id;           /* "valid", "suspended", ... as stored and published */
    const char *zh, *en;      /* 有效 / Valid ... */
};

struct reason_code {
    const char *code;
    const char *commands;     /* the commands that may give it, space-separated */
    const char *zh, *en;
};

/* valid, suspended, revoked, withdrawn, expired, overdue (surveillance
 * overdue, a published status), unknown, not_genuine. NULL if unknown id. */
const struct status_name *status_name(const char *id);

const struct reason_code *reason_code_find(const char *code);
/* 1 when command (suspend, reinstate, revoke, withdraw) may give code. */
int reason_code_allowed(const char *command, const char *code);
/* The codes a command may give, for an error message: "a, b, c". */
void reason_codes_for(const char *command, char *out, unsigned long size);

#endif
