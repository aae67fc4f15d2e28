/*
 * tlog_verify.c: judging a checkpoint's log signature and its witnesses'
 * cosignatures (tlog_verify.h).
 */
#include "tlog_verify.h"

#include <stdlib.h>
#include <string.h>

#include "algorithm.h"
#include "tlog_proof.h"

/* The log key of the trust store that a signature line names, by the
 * C2SP key ID of an Ed25519 key whose name is the origin; NULL if none. */
static const struct trusted_key *named_log_key(const struct trust_store *trust,
                                               const struct note_signature *line)
{
    const struct algorithm *ed25519 = algorithm_by_jose_name("EdDSA");
    for (size_t i = 0; i < trust->key_count; i++) {
        const struct trusted_key *key = &trust->keys[i];
        unsigned char raw[32];
        size_t raw_length = sizeof raw;
        if (strcmp(key->key.role, "log") != 0 || strcmp(key->key.name, line->name) != 0
            || key->key.algorithm != ed25519
            || EVP_PKEY_get_raw_public_key(key->key.key, raw, &raw_length) != 1
            || raw_length != sizeof raw)
            continue;
        if (note_key_id(line->name, NOTE_TYPE_ED25519, raw, raw_length) == line->key_id)
            return key;
    }
    return NULL;
}

/* Counts the log's signatures that the trust decision accepts; -1 when a
 * known key's signature does not verify. */
static int count_log_signatures(const struct signed_note *note, const char *origin,
                                const struct trust_store *trust,
                                const struct checkpoint_question *asked,
                                struct signature_cache *cache, struct error *err)
{
    struct trust_question question = {"log", asked->on, "the day of the check", NULL,
                                      asked->vouched};
    int counted = 0, known = 0;
    for (size_t i = 0; i < note->count; i++) {
        const struct note_signature *line = &note->signatures[i];
        const struct trusted_key *key = strcmp(line->name, origin) == 0
                                            ? named_log_key(trust, line) : NULL;
        if (!key)
            continue; /* an unknown (name, ID) pair: a witness, or nobody we know */
        known++;
        struct signed_bytes bytes = {"EdDSA", key->key.kid, note->text, note->text_length,
                                     line->signature, line->length};
        struct trust_verdict verdict;
        if (trust_decide(trust, &question, &bytes, cache, &verdict) == 0)
            counted++;
        else if (verdict.outcome == TRUST_BAD_SIGNATURE)
            return fail(err, "the checkpoint's log signature: %s", verdict.reason);
        else
            fail(err, "the checkpoint's log signature: %s", verdict.reason);
    }
    if (counted == 0 && known == 0)
        fail(err, "the checkpoint of %s carries no signature by a log key of the trust store",
             origin);
    return counted;
}

int tlog_checkpoint_verify(const char *data, size_t length, const struct trust_store *trust,
                           const struct checkpoint_question *question,
                           struct signature_cache *cache, struct signed_note *note,
                           struct checkpoint *checkpoint, struct error *err)
{
    struct error inner;
    if (note_parse(data, length, note, &inner) != 0)
        return fail(err, "the checkpoint: %s", inner.message);
    if (checkpoint_parse(note->text, note->text_length, checkpoint, &inner) != 0) {
        note_free(note);
        return fail(err, "the checkpoint: %s", inner.message);
    }
    if (count_log_signatures(note, checkpoint->origin, trust, question, cache, err) <= 0) {
        note_free(note);
        return -1;
    }
    return 0;
}

int witness_policy_add_file(struct witness_policy *policy, const char *path, struct error *err)
{
    size_t length;
    struct error inner;
    char *text = read_file_bounded(path, 4096, &length, err);
    if (!text)
        return -1;
    text[strcspn(text, "\n")] = '\0';
    struct note_verifier_key key;
    int result = note_vkey_parse(text, &key, &inner);
    free(text);
    if (result != 0)
        return fail(err, "%s: %s", path, inner.message);
    if (key.type != NOTE_TYPE_COSIGNATURE)
        return fail(err, "%s: the key of %s is a log's (type 01), not a witness's (type 04)",
                    path, key.name);
    policy->witnesses = xrealloc(policy->witnesses, (policy->count + 1) * sizeof key);
    policy->witnesses[policy->count++] = key;
    return 0;
}

void witness_policy_free(struct witness_policy *policy)
{
    free(policy->witnesses);
    memset(policy, 0, sizeof *policy);
}

/* 1 when the line is a valid cosignature of text by the witness, 0 when it
 * is not the witness's, -1 when it is but does not verify. */
static int cosigned_by(const struct note_verifier_key *witness, const struct note_signature *line,
                       const char *text, size_t text_length)
{
    if (line->key_id != witness->key_id || strcmp(line->name, witness->name) != 0)
        return 0;
    if (line->length != NOTE_COSIGNATURE_LENGTH)
        return -1;
    uint64_t timestamp = 0;
    for (int i = 0; i < 8; i++)
        timestamp = timestamp << 8 | line->signature[i];
    size_t message_length;
    char *message = note_cosignature_message(timestamp, text, text_length, &message_length);
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, witness->key, 32);
    int valid = key && timestamp <= INT64_MAX
                && algorithm_verify(algorithm_by_jose_name("EdDSA"), key, NULL, message,
                                    message_length, line->signature + 8, 64) == 0;
    EVP_PKEY_free(key);
    free(message);
    return valid ? 1 : -1;
}

int tlog_witness_quorum(const struct witness_policy *policy, const struct signed_note *const notes[],
                        size_t note_count, struct error *err)
{
    size_t quorum = policy->quorum ? policy->quorum : policy->count, cosigned = 0;
    struct buffer missing = {0};
    for (size_t w = 0; w < policy->count; w++) {
        const struct note_verifier_key *witness = &policy->witnesses[w];
        int found = 0;
        for (size_t n = 0; n < note_count; n++) {
            const struct signed_note *note = notes[n];
            if (note->text_length != notes[0]->text_length
                || memcmp(note->text, notes[0]->text, note->text_length) != 0)
                continue;
            for (size_t i = 0; i < note->count; i++) {
                int verdict = cosigned_by(witness, &note->signatures[i], note->text,
                                          note->text_length);
                if (verdict < 0) {
                    buffer_free(&missing);
                    return fail(err, "witness %s's cosignature does not verify", witness->name);
                }
                found |= verdict;
            }
        }
        cosigned += found;
        if (!found)
            buffer_printf(&missing, "%s%s", missing.length ? ", " : "", witness->name);
    }
    int result = cosigned >= quorum ? 0
                                    : fail(err, "the checkpoint is cosigned by %zu of the %zu "
                                           "witnesses required (none from %s)",
                                           cosigned, quorum, missing.data ? missing.data : "");
    buffer_free(&missing);
    return result;
}

int tlog_proof_verify(const char *proof, size_t proof_length, const char *entry,
                      size_t entry_length, const struct trust_store *trust,
                      const struct checkpoint_question *question,
                      const struct witness_policy *witnesses, struct checkpoint *checkpoint,
                      uint64_t *index, struct error *err)
{
    struct tlog_proof_file file;
    struct signed_note note;
    struct tlog_hash leaf;
    struct error inner;
    if (tlog_proof_parse(proof, proof_length, &file, &inner) != 0)
        return fail(err, "the proof: %s", inner.message);
    int result = tlog_checkpoint_verify(file.checkpoint, file.checkpoint_length, trust, question,
                                        NULL, &note, checkpoint, err);
    if (result == 0) {
        const struct signed_note *notes[] = {&note};
        tlog_leaf_hash(entry, entry_length, &leaf);
        result = (witnesses && tlog_witness_quorum(witnesses, notes, 1, err))
                 || tlog_check_inclusion(&file.inclusion, file.index, checkpoint->size, &leaf,
                                         &checkpoint->root, err);
        note_free(&note);
    }
    *index = file.index;
    tlog_proof_file_free(&file);
    return result ? -1 : 0;
}
