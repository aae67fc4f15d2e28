// tests/jws-tools.mjs: what tests/interop.mjs, tests/tamper.mjs and
// tests/sm2.mjs share. Everything here is Node's own code (base64url,
// Ed25519 signing, running a program) or sm-crypto's (SM2 with SM3), never
// starmark's, so that the tests check starmark against an independent
// reading of RFC 7515 and GB/T 32918 rather than against itself.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import smCrypto from 'sm-crypto';

// Inside the validity of every record the tests issue (2026-11-25 onwards),
// so that "genuine" always comes out as exit 0 and never as 3 (expired).
export const CHECK_DATE = '2027-06-01';

// The named --options, all required, and the verifier command after "--"
// (several words when the tests run it under valgrind).
export function commandLine(names) {
    const options = Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
    const { values, positionals } = parseArgs({ options, allowPositionals: true });
    const missing = names.filter((name) => values[name] === undefined);
    if (missing.length || positionals.length === 0)
        throw new Error(`usage: --${names.join(' --')} -- VERIFIER...; missing: ${missing}`);
    return { paths: values, verifier: positionals };
}

export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
export const toBase64url = (bytes) => Buffer.from(bytes).toString('base64url');
export const jsonBase64url = (value) => toBase64url(JSON.stringify(value));
export const fromBase64url = (text) => Buffer.from(text, 'base64url');
export const decodeJson = (text) => JSON.parse(fromBase64url(text).toString('utf8'));

// GB/T 35276's signer ID, which starmark's SM2SM3 profile pins. sm-crypto's
// options are always given in full: their defaults differ across versions.
export const SM2_SIGNER_ID = '1234567812345678';
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex'); // 1.2.156.10197.1.301
// An OpenSSL PKCS#8 SM2 key without its 32-byte private key d and 65-byte
// public point (RFC 5915 ECPrivateKey inside RFC 5208), which are fixed-size.
const SM2_PKCS8_HEAD = '308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420';
const SM2_PKCS8_MIDDLE = 'a144034200';

// A PKCS#8 PEM as issuer keygen writes it (encrypted unless told): a Node
// KeyObject for Ed25519, {sm2: {privateHex, publicHex}} for SM2, which
// Node's crypto signs only with an empty signer ID.
export function privateKey(path) {
    const key = createPrivateKey({ key: readFileSync(path), format: 'pem',
                                   passphrase: process.env.STARMARK_PASSPHRASE });
    const der = key.export({ format: 'der', type: 'pkcs8' });
    if (!der.includes(SM2_CURVE_OID))
        return key;
    const hex = der.toString('hex');
    const middle = SM2_PKCS8_HEAD.length + 64;
    if (!hex.startsWith(SM2_PKCS8_HEAD) || hex.slice(middle, middle + SM2_PKCS8_MIDDLE.length)
        !== SM2_PKCS8_MIDDLE || hex.length !== middle + SM2_PKCS8_MIDDLE.length + 130)
        throw new Error(`${path}: not an SM2 key as OpenSSL writes them`);
    return { sm2: { privateHex: hex.slice(SM2_PKCS8_HEAD.length, middle),
                    publicHex: hex.slice(middle + SM2_PKCS8_MIDDLE.length) } };
}

export const algorithmOf = (key) => (key.sm2 ? 'SM2SM3' : 'EdDSA');

// The signature over input (a string) in its JWS form: Ed25519's R || S, or
// SM2's r || s (der: true gives the DER form starmark must refuse).
export function signBytes(key, input, { userId = SM2_SIGNER_ID, der = false } = {}) {
    if (!key.sm2)
        return sign(null, Buffer.from(input), key);
    return Buffer.from(smCrypto.sm2.doSignature(input, key.sm2.privateHex,
        { hash: true, der, publicKey: key.sm2.publicHex, userId }), 'hex');
}

// sm-crypto's verdict on an SM2SM3 JWS signature (base64url) over input by
// the key of an SM2 JWK.
export function sm2Verifies(jwk, input, signatureB64, userId = SM2_SIGNER_ID) {
    const publicHex = `04${fromBase64url(jwk.x).toString('hex')}${fromBase64url(jwk.y).toString('hex')}`;
    return smCrypto.sm2.doVerifySignature(input, fromBase64url(signatureB64).toString('hex'),
        publicHex, { hash: true, der: false, userId });
}

// One General JSON signature entry: header protected, signed over
// "protected.payload" with the key's algorithm (RFC 8037, or SM2SM3).
export function signEntry(key, header, payloadB64, options) {
    const protectedB64 = jsonBase64url(header);
    const input = `${protectedB64}.${payloadB64}`;
    return { protected: protectedB64, signature: toBase64url(signBytes(key, input, options)) };
}

// The signature entry whose protected header claims role.
export function entryOf(record, role) {
    return record.signatures.find((entry) => decodeJson(entry.protected).role === role);
}

export function report(passed, what) {
    console.log(`${passed ? 'ok' : 'not ok'} - ${what}`);
    return passed;
}

// Writes text to path and verifies it on CHECK_DATE. report is the --json
// answer ({result, reason, certificate, ...}), or null when there was none.
export function verifyFile(verifier, trust, path, text) {
    writeFileSync(path, text);
    const [program, ...prefix] = verifier;
    const run = spawnSync(program, [...prefix, '--trust', trust, '--at', CHECK_DATE, '--json', path],
                          { encoding: 'utf8' });
    let answer = null;
    try {
        answer = JSON.parse(run.stdout);
    } catch {
        // No --json answer (a usage error or a crash): the caller shows output.
    }
    return { status: run.status, answer, output: `${run.stdout}${run.stderr}`.trim().slice(0, 300) };
}
