/*
 * cmd_witness.c: `issuer witness`, an offline witness of a body's log
 * (C2SP tlog-witness, tlog-cosignature/v1; docs/transparency-log.md). A
 * witness (another body, an industry association, the regulator) holds an
 * Ed25519 key as PKCS#8 PEM (as `openssl genpkey -algorithm ed25519` writes
 * it) and needs no registry:
 *
 *   issuer witness key --key W.key --name NAME      prints its verifier key
 *   issuer witness cosign --key W.key --name NAME --trust TRUST.json
 *                         --state DIR --log PUB/log
 *
 * cosign checks the checkpoint's log signature against the body's trust
 * store and its consistency with the last checkpoint this witness cosigned
 * of that log (kept in --state), then adds its cosignature line to the
 * checkpoint, replacing its own older one. It refuses (exit 1) a checkpoint
 * it cannot vouch for. Witnessing signs, so it lives in the issuer, never
 * in the verifier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "keyfile.h"
#include "log_write.h"
#include "options.h"
#include "signer.h"
#include "tlog_state.h"
#include "tlog_tiles.h"
#include "tlog_verify.h"

/* The witness's key, its raw public half and its cosignature key ID. */
struct witness {
    EVP_PKEY *key;
    const char *name;
    unsigned char public_key[32];
    uint32_t key_id;
};

static void load_witness(const char *path, const char *name, struct witness *out)
{
    struct error err;
    size_t length = sizeof out->public_key;
    if (!note_name_is_valid(name))
        die(EXIT_USAGE, "--name \"%s\" must be 1 to %d bytes without spaces or \"+\"", name,
            NOTE_MAX_NAME);
    out->key = keyfile_load(path, &err);
    if (!out->key)
        die(EXIT_USAGE, "%s", err.message);
    if (!EVP_PKEY_is_a(out->key, "ED25519")
        || EVP_PKEY_get_raw_public_key(out->key, out->public_key, &length) != 1 || length != 32)
        die(EXIT_USAGE, "%s: a witness key must be Ed25519", path);
    out->name = name;
    out->key_id = note_key_id(name, NOTE_TYPE_COSIGNATURE, out->public_key, 32);
}

static int witness_key(int argc, char **argv)
{
    static const char usage[] = "issuer witness key --key W.key --name NAME";
    const char *key = NULL, *name = NULL;
    const struct option_spec specs[] = {{"key", &key, NULL}, {"name", &name, NULL},
                                        {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1 || !key || !name)
        die(EXIT_USAGE, "usage: %s", usage);
    struct witness witness;
    load_witness(key, name, &witness);
    char *vkey = note_vkey_format(name, NOTE_TYPE_COSIGNATURE, witness.public_key);
    printf("%s\n", vkey);
    free(vkey);
    EVP_PKEY_free(witness.key);
    return EXIT_OK;
}

/* The checkpoint with this witness's cosignature of now in place of any
 * older one. The caller frees it. */
static char *cosigned(const struct signed_note *note, const struct witness *witness)
{
    uint64_t now = (uint64_t)time(NULL);
    size_t message_length;
    char *message = note_cosignature_message(now, note->text, note->text_length,
                                             &message_length);
    unsigned char signature[8 + SIGNER_MAX_SIGNATURE];
    for (int i = 0; i < 8; i++)
        signature[i] = (unsigned char)(now >> (56 - 8 * i));
    size_t length = signer_sign_message(witness->key, message, message_length, signature + 8);
    struct buffer text = {0};
    buffer_printf(&text, "%s\n", note->text);
    for (size_t i = 0; i < note->count; i++) {
        const struct note_signature *line = &note->signatures[i];
        if (line->key_id == witness->key_id && strcmp(line->name, witness->name) == 0)
            continue;
        char *kept = note_signature_line(line->name, line->key_id, line->signature,
                                         line->length);
        buffer_append_string(&text, kept);
        free(kept);
    }
    char *own = note_signature_line(witness->name, witness->key_id, signature, 8 + length);
    buffer_append_string(&text, own);
    free(own);
    free(message);
    return text.data;
}

struct cosign_request {
    const char *trust_path, *state, *log;
    struct witness witness;
};

/* Checks the log's checkpoint and cosigns it, under the log's lock. */
static int cosign(const struct cosign_request *request, struct error *err)
{
    struct trust_store trust;
    struct signed_note note;
    struct checkpoint checkpoint;
    size_t length;
    if (trust_load(request->trust_path, &trust, err) != 0)
        return -1;
    char *path = xasprintf("%s/%s", request->log, TLOG_CHECKPOINT_FILE);
    char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, err);
    struct checkpoint_question question = {date_today_shanghai(), 0};
    int result = text ? tlog_checkpoint_verify(text, length, &trust, &question, NULL, &note,
                                               &checkpoint, err)
                      : -1;
    if (result == 0) {
        struct tlog_tile_source tiles = tlog_directory_tiles(request->log);
        struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, checkpoint.size);
        struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
        char *signed_text = NULL;
        result = tlog_state_check(request->state, &checkpoint, text, length, &hashes, 0, err);
        if (result == 0) {
            signed_text = cosigned(&note, &request->witness);
            result = write_file_atomic(path, signed_text, strlen(signed_text), 0644, 0, err)
                     || tlog_state_save(request->state, &checkpoint, text, length, err);
        }
        free(signed_text);
        tlog_tile_reader_free(reader);
        note_free(&note);
    }
    if (result == 0)
        printf("cosigned %s at %llu entries as %s\n", checkpoint.origin,
               (unsigned long long)checkpoint.size, request->witness.name);
    free(text);
    free(path);
    trust_free(&trust);
    return result;
}

static int witness_cosign(int argc, char **argv)
{
    static const char usage[] = "issuer witness cosign --key W.key --name NAME"
                                " --trust TRUST.json --state DIR --log DIR";
    const char *key = NULL, *name = NULL;
    struct cosign_request request = {NULL, NULL, NULL, {0}};
    const struct option_spec specs[] = {
        {"key", &key, NULL}, {"name", &name, NULL}, {"trust", &request.trust_path, NULL},
        {"state", &request.state, NULL}, {"log", &request.log, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1 || !key || !name || !request.trust_path || !request.state || !request.log)
        die(EXIT_USAGE, "usage: %s", usage);
    load_witness(key, name, &request.witness);
    struct error err;
    int lock = lock_directory(request.log, &err);
    int result = lock < 0 ? -1 : cosign(&request, &err);
    unlock_directory(lock);
    EVP_PKEY_free(request.witness.key);
    if (result != 0) {
        fprintf(stderr, "issuer: refusing to cosign: %s\n", err.message);
        return EXIT_NOT_GENUINE;
    }
    return EXIT_OK;
}

/* git-style: `issuer witness key ...`, `issuer witness cosign ...`; the
 * subcommand is the first operand (every option takes a value). */
int cmd_witness(int argc, char **argv)
{
    const char *subcommand = NULL;
    for (int i = 1; i < argc && !subcommand; i++) {
        if (argv[i][0] != '-')
            subcommand = argv[i];
        else if (!strchr(argv[i], '='))
            i++;
    }
    if (subcommand && strcmp(subcommand, "key") == 0)
        return witness_key(argc, argv);
    if (subcommand && strcmp(subcommand, "cosign") == 0)
        return witness_cosign(argc, argv);
    options_subcommand_usage(argc, argv,
                             "issuer witness key --key W.key --name NAME, or issuer witness "
                             "cosign --key W.key --name NAME --trust TRUST.json --state DIR "
                             "--log DIR");
}
