/*
 * commands.h: the issuer's subcommands and the helpers they share.
 * Each cmd_* takes the arguments after its own name and returns the exit
 * status; main.c maps names to them.
 */
#ifndef STARMARK_COMMANDS_H
#define STARMARK_COMMANDS_H

#include "cms_seal.h"
#include "date.h"
#include "record.h"
#include "registry.h"

int cmd_init(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_trust(int argc, char **argv);
/* `issuer trust close` (cmd_trust_close.c); cmd_trust passes it the same argv. */
int cmd_trust_close(int argc, char **argv);
int cmd_issue(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_qr(int argc, char **argv);
int cmd_surveil(int argc, char **argv);
int cmd_suspend(int argc, char **argv);
int cmd_reinstate(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_withdraw(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_proof(int argc, char **argv);
int cmd_witness(int argc, char **argv);

/* The seal's files as given (cmd_seal.c): key and certificate, and an
 * optional chain. */
struct seal_paths {
    const char *key, *certificate, *chain;
};
/* A key needs its certificate and the chain a key; exits 2 otherwise. */
void check_seal_paths(const struct seal_paths *paths);
/* Loads the key (asking for its passphrase) and the certificates, checked
 * for signing now (seal_signer_init), or exits 2 naming what is wrong. */
void load_seal_signer(const struct seal_paths *paths, struct seal_signer *out);

/* The certificate as stored (cmd_records.c): pending or issued. */
int load_certificate(struct registry *registry, const char *number, struct certificate *c,
                     struct error *err);

/* The log's signing key (cmd_log.c): the file given, else the registry's
 * setting; a key of role log trusted on the day whose name is the log's
 * origin. Exits 2 with the reason otherwise. */
struct signer;
void load_log_signer(struct registry *registry, const char *path, struct date on,
                     struct signer *out);

/* Opens the registry named by --db or STARMARK_DB, or exits 2. */
void open_registry(const char *db_option, struct registry *registry);
/* A whole number option in [min, max], or exit 2 naming the option. */
int parse_whole_number(const char *option, const char *value, int min, int max);
/* The date of a --date option, or today in Asia/Shanghai; exits 2 if bad. */
struct date date_option(const char *option_name, const char *value);

#endif
