/*
 * json_memory.h: reusing jansson's small blocks (json_memory.c).
 */
#ifndef STARMARK_JSON_MEMORY_H
#define STARMARK_JSON_MEMORY_H

/* Call first in main, before any JSON value exists: jansson must free each
 * block with the functions that allocated it. */
void json_memory_install(void);

#endif
