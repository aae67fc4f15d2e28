/*
 * schemes_builtin.c: the shipped scheme files (common/schemes/), compiled
 * in so the verifier needs no data directory to check a grade.
 */
#include <stddef.h>

#include "embed.h"

EMBED(scheme_gbt27922_2011, "common/schemes/gbt27922-2011.json");

const char *const builtin_schemes[] = {scheme_gbt27922_2011, NULL};
