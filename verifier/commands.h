/*
 * commands.h: the verifier's commands. Each takes the whole argv and
 * returns the exit status; main.c chooses one (verifier(1)).
 */
#ifndef STARMARK_VERIFIER_COMMANDS_H
#define STARMARK_VERIFIER_COMMANDS_H

/* `verifier [options] RECORD|CERT.pdf|-|--qr TEXT|--batch DIR`: checking a
 * certificate (cmd_check.c), what `verifier` does with no command name. */
int cmd_check(int argc, char **argv);
/* `verifier log audit LOGDIR`: the monitor (cmd_log.c). */
int cmd_log(int argc, char **argv);

#endif
