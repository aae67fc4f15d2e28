/*
 * embed.h: compiling a data file into a program, byte for byte.
 *
 * The data stays a file in the tree (edited and reviewed as itself); the
 * assembler's .incbin copies it in at build time and adds a NUL, so the
 * programs need no data directory at run time. Paths are relative to the
 * top of the tree, where make runs the compiler.
 */
#ifndef STARMARK_EMBED_H
#define STARMARK_EMBED_H

#define EMBED(symbol, file)                                              \
    __asm__(".section .rodata\n"                                         \
            ".global " #symbol "\n"                                      \
            ".type " #symbol ", @object\n"                               \
            ".balign 16\n" #symbol ":\n"                                 \
            ".incbin \"" file "\"\n"                                     \
            ".byte 0\n"                                                  \
            ".previous\n");                                              \
    extern const char symbol[]

#endif
