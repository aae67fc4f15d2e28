/* fuzz_checkpoint.c: a log's signed checkpoint, as the verifier, the web
 * endpoint, a witness and the monitor read it: the signed note, its three
 * lines, and its log signature judged against the seeds' trust store; and
 * the first line read as a verifier key. */
#include "fuzz.h"
#include "tlog_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct signed_note note;
    struct checkpoint checkpoint;
    struct note_verifier_key key;
    struct checkpoint_question question = {{2026, 11, 27}, 0};
    struct error err;
    if (tlog_checkpoint_verify((const char *)data, size, fuzz_trust(), &question, NULL, &note,
                               &checkpoint, &err) == 0) {
        char *text = checkpoint_text(&checkpoint);
        free(text);
        note_free(&note);
    }
    char *line = fuzz_string(data, size);
    line[strcspn(line, "\n")] = '\0';
    note_vkey_parse(line, &key, &err);
    free(line);
    return 0;
}
