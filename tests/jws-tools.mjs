// tests/jws-tools.mjs: what tests/interop.mjs and tests/tamper.mjs share.
// Everything here is Node's own code (base64url, Ed25519 signing, running a
// program), never starmark's, so that the two tests check starmark against
// an independent reading of RFC 7515 rather than against itself.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

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

// An encrypted PKCS#8 PEM as issuer keygen writes it.
export function privateKey(path) {
    return createPrivateKey({ key: readFileSync(path), format: 'pem',
                              passphrase: process.env.STARMARK_PASSPHRASE });
}

// One General JSON signature entry: header protected, signed over
// "protected.payload" with Ed25519 (RFC 8037).
export function signEntry(key, header, payloadB64) {
    const protectedB64 = jsonBase64url(header);
    const input = Buffer.from(`${protectedB64}.${payloadB64}`);
    return { protected: protectedB64, signature: toBase64url(sign(null, input, key)) };
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
