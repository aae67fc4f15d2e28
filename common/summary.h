/*
 * summary.h: a certificate as a person reads it in a terminal.
 */
#ifndef STARMARK_SUMMARY_H
#define STARMARK_SUMMARY_H

#include <stdio.h>
#include "record.h"

void certificate_print(FILE *out, const struct certificate *certificate);

#endif
