/*
 * keyfile.c: generating, writing and loading private keys, and asking for
 * their passphrase. The passphrase comes from STARMARK_PASSPHRASE (for
 * scripts and tests), from the first line of the file STARMARK_PASSPHRASE_FILE
 * names (a systemd credential: starmark-daily.service), or from the
 * terminal with echo off, never from an argument, where other users could
 * read it in the process list.
 */
#define _DEFAULT_SOURCE
#include "keyfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "json_strict.h"

#define MAX_PASSPHRASE 1024
#define MAX_KEY_BYTES (64 * 1024)

static int read_terminal_line(const char *prompt, char *out, size_t size, struct error *err)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return fail(err, "no passphrase: set STARMARK_PASSPHRASE or run on a terminal");
    struct termios saved, quiet;
    int have_termios = tcgetattr(fileno(tty), &saved) == 0;
    if (have_termios) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    fputs(prompt, tty);
    fflush(tty);
    int ok = fgets(out, (int)size, tty) != NULL;
    if (have_termios)
        tcsetattr(fileno(tty), TCSAFLUSH, &saved);
    fputc('\n', tty);
    fclose(tty);
    if (!ok)
        return fail(err, "no passphrase was typed");
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

static int read_passphrase_file(const char *path, char out[MAX_PASSPHRASE], struct error *err)
{
    size_t length;
    struct error why;
    char *text = read_file_bounded(path, MAX_PASSPHRASE - 1, &length, &why);
    if (!text)
        return fail(err, "STARMARK_PASSPHRASE_FILE: %s", why.message);
    text[strcspn(text, "\r\n")] = '\0';
    strcpy(out, text);
    OPENSSL_cleanse(text, length);
    free(text);
    return 0;
}

/* confirm: ask twice (for a new key). */
static int get_passphrase(char out[MAX_PASSPHRASE], int confirm, struct error *err)
{
    const char *from_environment = getenv("STARMARK_PASSPHRASE");
    const char *file = getenv("STARMARK_PASSPHRASE_FILE");
    if (from_environment) {
        if (strlen(from_environment) >= MAX_PASSPHRASE)
            return fail(err, "STARMARK_PASSPHRASE is longer than %d bytes", MAX_PASSPHRASE - 1);
        strcpy(out, from_environment);
    } else if (file) {
        if (read_passphrase_file(file, out, err) != 0)
            return -1;
    } else if (read_terminal_line("Passphrase: ", out, MAX_PASSPHRASE, err) != 0) {
        return -1;
    } else if (confirm) {
        char again[MAX_PASSPHRASE];
        if (read_terminal_line("Passphrase again: ", again, sizeof again, err) != 0)
            return -1;
        int same = strcmp(out, again) == 0;
        OPENSSL_cleanse(again, sizeof again);
        if (!same)
            return fail(err, "the two passphrases differ");
    }
    if (out[0] == '\0')
        return fail(err, "the passphrase is empty (use --no-passphrase for an unencrypted key)");
    return 0;
}

char *keyfile_pem_text(BIO *memory, size_t *length)
{
    char *data;
    long size = BIO_get_mem_data(memory, &data);
    char *copy = memcpy(xmalloc((size_t)size + 1), data, (size_t)size);
    copy[size] = '\0';
    if (length)
        *length = (size_t)size;
    BIO_free(memory);
    return copy;
}

static char *private_key_pem(EVP_PKEY *key, const char *passphrase, size_t *length)
{
    BIO *memory = BIO_new(BIO_s_mem());
    int ok = passphrase
                 ? PEM_write_bio_PKCS8PrivateKey(memory, key, EVP_aes_256_cbc(), NULL, 0, NULL,
                                                 (void *)passphrase)
                 : PEM_write_bio_PKCS8PrivateKey(memory, key, NULL, NULL, 0, NULL, NULL);
    if (!ok)
        die(EXIT_NOT_GENUINE, "OpenSSL could not write the private key");
    return keyfile_pem_text(memory, length);
}

int keyfile_generate(const char *base, const struct algorithm *algorithm, const char *role,
                     const char *name, int with_passphrase, char kid_out[KID_LENGTH + 1],
                     struct error *err)
{
    char *key_path = xasprintf("%s.key", base), *jwk_path = xasprintf("%s.pub.jwk", base);
    char passphrase[MAX_PASSPHRASE] = "";
    int result = -1;
    if (access(key_path, F_OK) == 0 || access(jwk_path, F_OK) == 0) {
        fail(err, "%s: already exists; refusing to overwrite a key",
             access(key_path, F_OK) == 0 ? key_path : jwk_path);
    } else if (!with_passphrase || get_passphrase(passphrase, 1, err) == 0) {
        EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, algorithm->openssl_name);
        if (!key)
            die(EXIT_NOT_GENUINE, "OpenSSL could not generate an %s key", algorithm->key_name);
        size_t pem_length;
        char *pem = private_key_pem(key, with_passphrase ? passphrase : NULL, &pem_length);
        json_t *jwk = jwk_from_key(key, role, name);
        char *jwk_text = json_dumps(jwk, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        jwk_kid(key, kid_out);
        if (write_file_atomic(key_path, pem, pem_length, 0600, 1, err) == 0) {
            result = write_file_atomic(jwk_path, jwk_text, strlen(jwk_text), 0644, 1, err);
            if (result != 0)
                unlink(key_path); /* no half key pair */
        }
        OPENSSL_cleanse(pem, pem_length);
        free(pem);
        free(jwk_text);
        json_decref(jwk);
        EVP_PKEY_free(key);
    }
    OPENSSL_cleanse(passphrase, sizeof passphrase);
    free(key_path);
    free(jwk_path);
    return result;
}

static int check_permissions(const char *path, struct error *err)
{
    struct stat info;
    if (stat(path, &info) != 0)
        return fail(err, "%s: %s", path, strerror(errno));
    if (info.st_mode & 077)
        return fail(err, "%s: private key is readable by group or others; run: chmod 600 %s",
                    path, path);
    return 0;
}

/* 1 when the private key is in range and its public half is its own
 * (OpenSSL's full check), so that a damaged file cannot sign with one key
 * while it is registered as another, or with a key of 0. */
static int key_is_whole(EVP_PKEY *key)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    int whole = context && EVP_PKEY_check(context) == 1;
    EVP_PKEY_CTX_free(context);
    ERR_clear_error();
    return whole;
}

int keyfile_write_private(const char *path, EVP_PKEY *key, int with_passphrase,
                          struct error *err)
{
    char passphrase[MAX_PASSPHRASE] = "";
    int result = -1;
    if (access(path, F_OK) == 0) {
        fail(err, "%s: already exists; refusing to overwrite a key", path);
    } else if (!with_passphrase || get_passphrase(passphrase, 1, err) == 0) {
        size_t pem_length;
        char *pem = private_key_pem(key, with_passphrase ? passphrase : NULL, &pem_length);
        result = write_file_atomic(path, pem, pem_length, 0600, 1, err);
        OPENSSL_cleanse(pem, pem_length);
        free(pem);
    }
    OPENSSL_cleanse(passphrase, sizeof passphrase);
    return result;
}

EVP_PKEY *keyfile_load_private(const char *path, struct error *err)
{
    if (check_permissions(path, err) != 0)
        return NULL;
    size_t length;
    char *pem = read_file_bounded(path, MAX_KEY_BYTES, &length, err);
    if (!pem)
        return NULL;
    char passphrase[MAX_PASSPHRASE] = "";
    int encrypted = strstr(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL;
    EVP_PKEY *key = NULL;
    if (!encrypted || get_passphrase(passphrase, 0, err) == 0) {
        BIO *memory = BIO_new_mem_buf(pem, (int)length);
        key = PEM_read_bio_PrivateKey(memory, NULL, NULL, passphrase);
        BIO_free(memory);
        if (!key)
            fail(err, encrypted ? "%s: wrong passphrase" : "%s: not a PEM private key", path);
    }
    OPENSSL_cleanse(passphrase, sizeof passphrase);
    OPENSSL_cleanse(pem, length);
    free(pem);
    return key;
}

/* 0 when key is of an algorithm starmark signs with, and whole. */
static int check_key(const char *path, EVP_PKEY *key, struct error *err)
{
    const struct algorithm *algorithm = algorithm_for_key(key);
    if (!algorithm)
        return fail(err, "%s: not a key of a supported algorithm (%s)", path,
                    algorithm_key_names());
    if (!key_is_whole(key))
        return fail(err, "%s: a malformed %s private key (out of range, or its public half "
                    "is not its own)", path, algorithm->key_name);
    return 0;
}

EVP_PKEY *keyfile_load(const char *path, struct error *err)
{
    EVP_PKEY *key = keyfile_load_private(path, err);
    if (key && check_key(path, key, err) != 0) {
        EVP_PKEY_free(key);
        key = NULL;
    }
    return key;
}
