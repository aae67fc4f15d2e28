/* fuzz_jwk.c: a public key file (KEY.pub.jwk, `issuer trust add`). */
#include "fuzz.h"
#include "json_strict.h"
#include "jwk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct error err;
    json_t *jwk = json_parse_strict((const char *)data, size, 65536, "fuzz", &err);
    struct public_key key;
    if (jwk && jwk_parse_public(jwk, &key, &err) == 0)
        public_key_free(&key);
    json_decref(jwk);
    return 0;
}
