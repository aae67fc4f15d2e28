/*
 * lifecycle.h: what happens to a certificate after it is issued, as the
 * Regulations require (Art. 26, 2003 numbering Art. 27): annual
 * surveillance, suspension until correction or revocation, withdrawal,
 * expiry. Only the transitions in docs/lifecycle.md are possible.
 */
#ifndef STARMARK_LIFECYCLE_H
#define STARMARK_LIFECYCLE_H

#include <stdio.h>
#include "date.h"
#include "registry_certificates.h"

/* How the sweep records an expiry (docs/lifecycle.md): the report gives a
 * certificate it has not swept yet the same words. */
#define LIFECYCLE_EXPIRY_CODE "validity_ended"
#define LIFECYCLE_EXPIRY_REASON "validity period ended"

/* The state of an issued certificate (registry_load_certificate's
 * CERTIFICATE_STATE; free it with certificate_row_free); a pending one is
 * refused, as it has no lifecycle yet. */
int lifecycle_load(struct registry *registry, const char *number,
                   struct certificate_row *out, struct error *err);

/* suspend, reinstate, revoke or withdraw on date, with a documented reason
 * code and free text; refuses anything the law does not allow. kid: the
 * operator's key, or NULL. The caller holds the transaction. */
int lifecycle_change(struct registry *registry, const char *number, const char *command,
                     struct date date, const char *code, const char *reason, const char *kid,
                     struct error *err);

/* Records a surveillance audit on date. A pass marks the due surveillance
 * done and schedules the next ones from this date (and lifts a suspension
 * for overdue or failed surveillance); a fail suspends. */
int lifecycle_surveil(struct registry *registry, const char *number, struct date date,
                      int passed, const char *reason, const char *kid, struct error *err);

/* On date at: expires what has expired, suspends what is overdue for
 * surveillance, revokes what stayed suspended too long. Writes one line per
 * change to report; *changes counts them. The caller holds the transaction. */
int lifecycle_sweep(struct registry *registry, struct date at, FILE *report, int *changes,
                    struct error *err);

#endif
