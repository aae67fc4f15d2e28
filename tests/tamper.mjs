// tests/tamper.mjs: the tamper matrix. A certificate record is only worth
// something if no change to it, however small, still verifies, so every
// case below alters one thing in a record starmark issued, writes it to a
// file and runs bin/verifier on it: each must exit 1 with a reason a person
// can act on (never a bare "invalid"). The cases: every payload and
// protected-header field changed, removed or joined by an unknown member;
// signature bytes flipped; signatures dropped, duplicated, impersonated;
// non-canonical encodings; records re-signed with the real keys that break
// one of starmark's own rules (so only that rule can refuse them); keys
// used outside their trust window or from another body; each header naming
// the other algorithm. Reordering the signatures changes nothing that is
// signed and must stay valid (exit 0). Run by tests/cli/tamper.sh for an
// Ed25519, an SM2 and a mixed record; --label says which.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { CHECK_DATE, algorithmOf, commandLine, decodeJson, entryOf, fromBase64url, jsonBase64url,
         privateKey, readJson, report, signEntry, toBase64url, verifyFile } from './jws-tools.mjs';

const { paths, verifier } = commandLine(['label', 'record', 'trust', 'other-trust', 'auditor-key',
                                         'head-key', 'work']);
const recordText = readFileSync(paths.record, 'utf8');
const record = JSON.parse(recordText);
const payloadText = fromBase64url(record.payload).toString('utf8');
const payload = JSON.parse(payloadText);
const ROLES = ['auditor', 'head'];
const OTHER = { auditor: 'head', head: 'auditor' };
const entry = { auditor: entryOf(record, 'auditor'), head: entryOf(record, 'head') };
const header = { auditor: decodeJson(entry.auditor.protected), head: decodeJson(entry.head.protected) };
const key = { auditor: privateKey(paths['auditor-key']), head: privateKey(paths['head-key']) };
const OTHER_ALGORITHM = { EdDSA: 'SM2SM3', SM2SM3: 'EdDSA' };
const issueDate = header.head.decision.issue_date;
const payloadWithDuplicate = payloadText.replace(/}$/, ',"number":"TEST-2026-999999"}');

// ---- building records ------------------------------------------------------

const recordOf = (signatures, payloadB64 = record.payload) =>
    JSON.stringify({ payload: payloadB64, signatures }, null, 2);

// The record with one role's signature entry replaced.
const replacing = (role, replacement) =>
    recordOf(record.signatures.map((item) => (item === entry[role] ? replacement : item)));

// Both signatures made afresh by the right keys over what is given: a record
// that is genuinely signed, so only starmark's own rules can refuse it.
function resigned({ payloadB64 = record.payload, auditor = header.auditor, head = header.head }) {
    return recordOf([signEntry(key.auditor, auditor, payloadB64),
                     signEntry(key.head, head, payloadB64)], payloadB64);
}

const headWithDecision = (changes) => ({ ...header.head,
                                         decision: { ...header.head.decision, ...changes } });

function shiftDay(date, days) {
    const day = new Date(`${date}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + days);
    return day.toISOString().slice(0, 10);
}

// ---- one-step alterations of any JSON value --------------------------------

// The next character, wrapping digits and ASCII letters, so that numbers stay
// numbers and dates stay dates: such a change passes the format checks and
// leaves the signature alone to catch it.
function successor(character) {
    return { 9: '0', z: 'a', Z: 'A' }[character]
        ?? String.fromCodePoint(character.codePointAt(0) + 1);
}

function changedLeaf(value) {
    if (typeof value === 'string')
        return [...value].map((c, i, all) => (i === all.length - 1 ? successor(c) : c)).join('');
    if (typeof value === 'number')
        return value + 1;
    if (typeof value === 'boolean')
        return !value;
    return 'tampered'; // null: no other value shares its type
}

// Yields [description, altered copy of value] for each leaf changed within its
// type, each array element removed, each object member removed, and an
// unknown member added to each object.
function* alterations(value, path) {
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            yield [`${path}[${i}] removed`, value.toSpliced(i, 1)];
            for (const [what, altered] of alterations(value[i], `${path}[${i}]`))
                yield [what, value.with(i, altered)];
        }
    } else if (value !== null && typeof value === 'object') {
        yield [`${path}: unknown member added`, { ...value, tampered: true }];
        for (const name of Object.keys(value)) {
            yield [`${path}.${name} removed`,
                   Object.fromEntries(Object.entries(value).filter(([other]) => other !== name))];
            for (const [what, altered] of alterations(value[name], `${path}.${name}`))
                yield [what, { ...value, [name]: altered }];
        }
    } else {
        const altered = changedLeaf(value);
        yield [`${path} ${JSON.stringify(value)} -> ${JSON.stringify(altered)}`, altered];
    }
}

// ---- the cases: {name, text, expect (default 1), trust, reason (RegExp)} ----

function payloadCases() {
    return [...alterations(payload, 'payload')].map(([name, altered]) => ({
        name, text: recordOf(record.signatures, jsonBase64url(altered)) }));
}

function headerCases() {
    return ROLES.flatMap((role) => [
        ...[...alterations(header[role], `${role} header`)].map(([name, altered]) => ({
            name, text: replacing(role, { ...entry[role], protected: jsonBase64url(altered) }) })),
        ...[['role', OTHER[role]], ['kid', header[OTHER[role]].kid], ['alg', 'ES256'], ['alg', 'none'],
            ['alg', OTHER_ALGORITHM[header[role].alg]]]
            .map(([member, value]) => ({
                name: `${role} header ${member} -> ${JSON.stringify(value)}`,
                text: replacing(role, { ...entry[role],
                                        protected: jsonBase64url({ ...header[role], [member]: value }) }),
                reason: value === OTHER_ALGORITHM[header[role].alg] ? /not the algorithm of key/
                                                                    : undefined })),
    ]);
}

// Ed25519's group order L: S and S + L are the same scalar, so a verifier
// that does not insist on S < L (RFC 8032, 5.1.7) accepts both.
const ED25519_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

function malleated(signature) {
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).reverse().toString('hex')}`);
    const sPlusOrder = Buffer.from((s + ED25519_ORDER).toString(16).padStart(64, '0'), 'hex').reverse();
    return Buffer.concat([signature.subarray(0, 32), sPlusOrder]);
}

// SM2's r || s as GB/T 35276's DER SEQUENCE {r INTEGER, s INTEGER}: the
// same signature to a verifier that reads DER, as OpenSSL's own API does.
function derOf(signature) {
    const integer = (bytes) => {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0)
            start++;
        const body = bytes[start] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes.subarray(start)])
                                         : bytes.subarray(start);
        return Buffer.concat([Buffer.from([0x02, body.length]), body]);
    };
    const content = Buffer.concat([integer(signature.subarray(0, 32)), integer(signature.subarray(32))]);
    return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}

// The same signature in another encoding: Ed25519's S + L, SM2's DER.
function sameSignatureCase(role, signature, withSignature) {
    if (header[role].alg === 'SM2SM3')
        return { name: `${role} signature as DER (the same signature to a DER-reading verifier)`,
                 text: withSignature(derOf(signature)),
                 reason: /signature is 7\d bytes, but an SM2SM3 signature is 64: r \|\| s/ };
    return { name: `${role} signature malleated to S + L (the same signature to a lenient verifier)`,
             text: withSignature(malleated(signature)), reason: /does not verify/ };
}

// Every byte of each signature flipped in its lowest bit; each signature one
// byte short, one byte long, and in another encoding of the same signature.
function signatureCases() {
    return ROLES.flatMap((role) => {
        const bytes = fromBase64url(entry[role].signature);
        const withSignature = (altered) => replacing(role, { ...entry[role], signature: toBase64url(altered) });
        return [
            ...[...bytes.keys()].map((index) => {
                const flipped = Buffer.from(bytes);
                flipped[index] ^= 0x01;
                return { name: `${role} signature byte ${index} flipped`, text: withSignature(flipped) };
            }),
            { name: `${role} signature one byte short`, text: withSignature(bytes.subarray(1)) },
            { name: `${role} signature one byte long`,
              text: withSignature(Buffer.concat([bytes, bytes.subarray(0, 1)])),
              reason: /signature is 65 bytes, but an \w+ signature is 64/ },
            sameSignatureCase(role, bytes, withSignature),
        ];
    });
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Each base64url part padded with '=' (a lone '=' when its length needs
// none), and, where its last character has unused low bits, with the lowest
// set: a lenient decoder reads the very same bytes, so only a canonical one
// can tell the records apart.
function encodingCases() {
    const padded = (text) => text + ('='.repeat((4 - (text.length % 4)) % 4) || '=');
    const spareBitSet = (text) => text.slice(0, -1) + BASE64URL[BASE64URL.indexOf(text.at(-1)) ^ 1];
    const parts = [['payload', record.payload, (text) => recordOf(record.signatures, text)],
                   ...ROLES.flatMap((role) => ['protected', 'signature'].map((member) => [
                       `${role} ${member}`, entry[role][member],
                       (text) => replacing(role, { ...entry[role], [member]: text })]))];
    return parts.flatMap(([name, text, rebuild]) => [
        { name: `${name} with base64 padding`, text: rebuild(padded(text)), reason: /base64url/ },
        ...(text.length % 4 === 0 ? [] : [
            { name: `${name} with its unused low bits set`, text: rebuild(spareBitSet(text)),
              reason: /canonical/ }]),
    ]);
}

function structureCases() {
    const { auditor, head } = entry;
    const secondPayload = jsonBase64url({ ...payload, number: 'TEST-2026-999999' });
    return [
        { name: 'only the auditor signature', text: recordOf([auditor]),
          reason: /head's signature is missing/ },
        { name: 'only the head signature', text: recordOf([head]), reason: /auditor's signature is missing/ },
        { name: 'no signatures', text: recordOf([]) },
        { name: 'signatures swapped in the array: nothing signed changes, so still valid',
          text: recordOf([head, auditor]), expect: 0 },
        { name: 'three signatures, the auditor twice', text: recordOf([auditor, head, auditor]),
          reason: /two signatures/ },
        { name: 'three signatures, the head twice', text: recordOf([auditor, head, head]),
          reason: /two signatures/ },
        ...ROLES.map((role) => ({
            name: `unprotected "header" member on the ${role} signature`,
            text: replacing(role, { ...entry[role], header: { kid: header[role].kid } }) })),
        { name: 'duplicate key "number" in the payload JSON',
          text: recordOf(record.signatures, toBase64url(payloadWithDuplicate)) },
        { name: 'payload not JSON', text: recordOf(record.signatures, toBase64url('not JSON')) },
        { name: 'a second "payload" member in the record (JSON parsers differ on which counts)',
          text: recordText.replace(/\n}\s*$/, `,\n  "payload": "${secondPayload}"\n}\n`), reason: /duplicate/ },
    ];
}

function impersonationCases() {
    const asHead = (kid) => signEntry(key.auditor, { ...header.head, kid }, record.payload);
    return [
        { name: "head signature made with the auditor key, kid = the auditor's",
          text: replacing('head', asHead(header.auditor.kid)), reason: /not in the role head/ },
        { name: "head signature made with the auditor key, kid = the head's",
          text: replacing('head', asHead(header.head.kid)), reason: /does not verify/ },
    ];
}

function resignedCases() {
    const resignedPayload = (altered) => resigned({ payloadB64: jsonBase64url(altered) });
    const expiry = header.head.decision.expiry_date;
    return [
        { name: 're-signed unchanged (control: the re-signing itself is sound)', text: resigned({}),
          expect: 0 },
        { name: 're-signed: duplicate key "number" in the payload',
          text: resigned({ payloadB64: toBase64url(payloadWithDuplicate) }),
          reason: /duplicate/ },
        { name: 're-signed: payload not JSON', text: resigned({ payloadB64: toBase64url('not JSON') }) },
        { name: 're-signed: text after the payload JSON',
          text: resigned({ payloadB64: toBase64url(`${payloadText} {}`) }) },
        { name: 're-signed: unknown payload member', text: resignedPayload({ ...payload, tampered: true }),
          reason: /tampered/ },
        { name: 're-signed: score total raised',
          text: resignedPayload({ ...payload, score: { ...payload.score, total: payload.score.total + 10 } }),
          reason: /score/ },
        { name: 're-signed: grade changed', text: resignedPayload({ ...payload, grade: 'four_star' }),
          reason: /grade/ },
        { name: 're-signed: lead auditor renamed to another auditor of the audit',
          text: resignedPayload({ ...payload,
                                  audit: { ...payload.audit, lead_auditor: payload.audit.auditors[1] } }),
          reason: /belongs to/ },
        { name: 're-signed: body id changed',
          text: resignedPayload({ ...payload, body: { ...payload.body, id: 'CB-OTHER' } }),
          reason: /trust store is for/ },
        { name: 're-signed: decision names another head',
          text: resigned({ head: headWithDecision({ head: '王芳' }) }),
          reason: /belongs to/ },
        { name: 're-signed: decision issue date after expiry',
          text: resigned({ head: headWithDecision({ issue_date: shiftDay(expiry, 1) }) }) },
        { name: 're-signed: decision surveillance due after expiry',
          text: resigned({ head: headWithDecision({ surveillance_due: [shiftDay(expiry, 1)] }) }) },
        { name: "re-signed: the auditor's header carries a decision",
          text: resigned({ auditor: { ...header.auditor, decision: header.head.decision } }) },
        { name: 're-signed: "crit" header', text: resigned({ auditor: { ...header.auditor, crit: ['role'] } }),
          reason: /crit/ },
        { name: 're-signed: alg "none"', text: resigned({ auditor: { ...header.auditor, alg: 'none' } }),
          reason: /"alg" none is not an algorithm starmark accepts/ },
        { name: 're-signed: typ "JWT"', text: resigned({ auditor: { ...header.auditor, typ: 'JWT' } }),
          reason: /typ/ },
        { name: "re-signed: auditor key naming the head's kid",
          text: resigned({ auditor: { ...header.auditor, kid: header.head.kid } }),
          reason: /not in the role auditor/ },
        ...ROLES.map((role) => ({
            name: `re-signed: the ${role}'s header names the other algorithm, ${OTHER_ALGORITHM[header[role].alg]}`,
            text: resigned({ [role]: { ...header[role], alg: OTHER_ALGORITHM[header[role].alg] } }),
            reason: /not the algorithm of key/ })),
        ...(header.auditor.alg === header.head.alg ? [] : [{
            name: 're-signed: "alg" swapped between the two signatures',
            text: resigned({ auditor: { ...header.auditor, alg: header.head.alg },
                             head: { ...header.head, alg: header.auditor.alg } }),
            reason: /not the algorithm of key/ }]),
        ...ROLES.filter((role) => header[role].alg === 'SM2SM3').map((role) => ({
            name: `re-signed: the ${role}'s SM2 signature made with an empty signer ID (OpenSSL 3.0's default)`,
            text: recordOf(ROLES.map((signer) => signEntry(key[signer], header[signer], record.payload,
                                                          signer === role ? { userId: '' } : {}))),
            reason: /does not verify/ })),
    ];
}

// A copy of the trust store with windows set: {role: {not_before, not_after}}.
function trustWith(name, windows) {
    const trust = readJson(paths.trust);
    for (const item of trust.keys)
        Object.assign(item, windows[item.role] ?? {});
    const path = `${paths.work}/trust-${name}.json`;
    writeFileSync(path, JSON.stringify(trust, null, 2));
    return path;
}

function trustCases() {
    const before = shiftDay(issueDate, -1), after = shiftDay(issueDate, 1);
    const closed = (role, window, pattern) => ({
        name: `${role} key window ${JSON.stringify(window)} excludes the issue date ${issueDate}`,
        text: recordText,
        trust: trustWith(`${role}-${window.not_after ?? window.not_before}`, { [role]: window }),
        reason: pattern });
    return [
        { name: "verified with another body's trust store (other keys)", text: recordText,
          trust: paths['other-trust'], reason: /not in the trust store/ },
        closed('head', { not_after: before },
               new RegExp(`trusted only from the start to ${before}, not on the issue date ${issueDate}`)),
        closed('auditor', { not_after: before },
               new RegExp(`trusted only from the start to ${before}, not on the issue date ${issueDate}`)),
        closed('head', { not_before: after },
               new RegExp(`trusted only from ${after} to the end, not on the issue date ${issueDate}`)),
        { name: `both key windows exactly ${issueDate} (control: the window includes its ends)`,
          text: recordText, expect: 0,
          trust: trustWith('one-day', { auditor: { not_before: issueDate, not_after: issueDate },
                                        head: { not_before: issueDate, not_after: issueDate } }) },
    ];
}

// ---- running ----------------------------------------------------------------

const explains = (reason) => reason.trim().split(/\s+/).length >= 3;
const slug = (name) => name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);

function judge({ name, text, expect = 1, trust = paths.trust, reason: pattern }, index) {
    const path = `${paths.work}/cases/${String(index).padStart(3, '0')}-${slug(name)}.json`;
    const { status, answer, output } = verifyFile(verifier, trust, path, text);
    const reason = answer?.reason ?? '';
    const problems = [];
    if (status !== expect)
        problems.push(`exit ${status}, wanted ${expect}${answer ? '' : `: ${output}`}`);
    if (expect === 1 && !explains(reason))
        problems.push('no reason given beyond a word');
    if (pattern && !pattern.test(reason))
        problems.push(`reason does not match ${pattern}`);
    return report(problems.length === 0, `${paths.label}: ${name}: `
                  + `${problems.join('; ') || `exit ${status}`}${reason ? ` (${reason})` : ''}`);
}

mkdirSync(`${paths.work}/cases`, { recursive: true });
report(header.auditor.alg === algorithmOf(key.auditor) && header.head.alg === algorithmOf(key.head),
       `${paths.label}: the record's signatures are ${header.auditor.alg} and ${header.head.alg}`);
if (!judge({ name: `the untampered record verifies on ${CHECK_DATE}`, text: recordText, expect: 0 }, 0)) {
    console.log('Bail out! the untampered record must verify before tampering means anything');
    process.exit(1);
}
report(JSON.stringify(payload) === payloadText,
       `${paths.label}: re-encoding the untouched payload gives the signed bytes, `
       + 'so each payload case differs only by its change');
const groups = { payload: payloadCases(), headers: headerCases(), signatures: signatureCases(),
                 encoding: encodingCases(), structure: structureCases(), impersonation: impersonationCases(),
                 're-signed': resignedCases(), trust: trustCases() };
let index = 1;
for (const [group, cases] of Object.entries(groups)) {
    const passed = cases.filter((item) => judge(item, index++)).length;
    console.log(`# ${paths.label} ${group}: ${passed} of ${cases.length} cases as expected`);
}
