// tests/sm2.mjs: starmark's SM2SM3 signatures against sm-crypto, an SM2
// implementation independent of OpenSSL. One way, sm-crypto verifies every
// SM2 signature starmark made (records, the QR claim, the manifest, a status
// response, and a record by keys whose x or y starts with a zero byte) over
// the JWS signing input with the pinned options {hash: true, der: false,
// userId: '1234567812345678'}, and refuses them with an empty signer ID; the
// other way, starmark's verifier accepts a record whose two signatures
// sm-crypto made (with a decision of its own), and refuses sm-crypto's
// signatures in DER, with another signer ID, or under the other algorithm's
// name. Run by tests/cli/sm2.sh.
import { readFileSync } from 'node:fs';
import { SM2_SIGNER_ID, commandLine, decodeJson, fromBase64url, privateKey, readJson, report,
         signEntry, sm2Verifies, verifyFile } from './jws-tools.mjs';

const { paths, verifier } = commandLine(['trust', 'record', 'mixed-record', 'mixed-auditor-pub',
    'claim', 'manifest', 'status-response', 'auditor-pub', 'head-pub', 'auditor-key', 'head-key',
    'zero-record', 'zero-auditor-pub', 'zero-head-pub', 'work']);
const publicJwk = { auditor: readJson(paths['auditor-pub']), head: readJson(paths['head-pub']) };

// The signatures of a compact JWS (a file, or a URL ending in ?c=JWS) or of
// a General JSON record: [{name, header, input, signature}].
function signaturesOf(label, path) {
    const text = readFileSync(path, 'utf8').trim();
    if (!text.startsWith('{')) {
        const [protectedB64, payloadB64, signature] = text.replace(/^.*\?c=/, '').split('.');
        return [{ name: label, header: decodeJson(protectedB64),
                  input: `${protectedB64}.${payloadB64}`, signature }];
    }
    const record = JSON.parse(text);
    return record.signatures.map((entry) => {
        const header = decodeJson(entry.protected);
        return { name: `${label}, ${header.role} signature`, header,
                 input: `${entry.protected}.${record.payload}`, signature: entry.signature };
    });
}

// jwk: the signer's public JWK, or a function of the signature's header.
function smCryptoVerifies(label, path, jwk, expectedCount) {
    const signatures = signaturesOf(label, path).filter((item) => item.header.alg === 'SM2SM3');
    report(signatures.length === expectedCount,
           `${label}: ${signatures.length} SM2SM3 signature(s), wanted ${expectedCount}`);
    for (const { name, header, input, signature } of signatures) {
        const key = typeof jwk === 'function' ? jwk(header) : jwk;
        report(fromBase64url(signature).length === 64, `${name}: the signature is 64 bytes, r || s`);
        report(sm2Verifies(key, input, signature),
               `${name}: sm-crypto verifies it with the signer ID ${SM2_SIGNER_ID}`);
        report(!sm2Verifies(key, input, signature, ''),
               `${name}: sm-crypto refuses it with an empty signer ID (so the ID is in it)`);
    }
}

// A decision of sm-crypto's own, later than the one starmark signed.
const record = readJson(paths.record);
const signingKey = { auditor: privateKey(paths['auditor-key']), head: privateKey(paths['head-key']) };
const ownDecision = { head: publicJwk.head.name, issue_date: '2026-12-01', expiry_date: '2029-11-30',
                      surveillance_due: ['2027-12-01', '2028-12-01'] };

function header(role, alg = 'SM2SM3') {
    const base = { alg, kid: publicJwk[role].kid, typ: 'starmark-record+jws', role };
    return role === 'head' ? { ...base, decision: ownDecision } : base;
}

// A record sm-crypto signs; change: {role, header, options} for one signature.
function smCryptoRecord(change = {}) {
    const signatures = ['auditor', 'head'].map((role) => signEntry(signingKey[role],
        role === change.role ? change.header ?? header(role) : header(role), record.payload,
        role === change.role ? change.options : {}));
    return JSON.stringify({ payload: record.payload, signatures }, null, 2);
}

function starmarkAccepts() {
    const { status, answer, output } =
        verifyFile(verifier, paths.trust, `${paths.work}/sm-crypto-signed.json`, smCryptoRecord());
    const algorithms = answer?.signed_by?.algorithms;
    report(status === 0 && answer?.certificate?.issue_date === ownDecision.issue_date
           && algorithms?.auditor === 'SM2SM3' && algorithms?.head === 'SM2SM3'
           && answer?.signed_by?.head === publicJwk.head.kid,
           `starmark's verifier accepts the record sm-crypto signed, issued `
           + `${answer?.certificate?.issue_date}, algorithms ${JSON.stringify(algorithms)} `
           + `(exit ${status}${status === 0 ? '' : `: ${output}`})`);
}

function starmarkRefuses(name, change, pattern) {
    const { status, answer, output } = verifyFile(verifier, paths.trust,
        `${paths.work}/sm-crypto-${name.replace(/[^A-Za-z0-9]+/g, '-')}.json`, smCryptoRecord(change));
    const reason = answer?.reason ?? output;
    report(status === 1 && pattern.test(reason),
           `sm-crypto-signed, ${name}: exit ${status}${status === 1 ? '' : ', wanted 1'} (${reason})`);
}

smCryptoVerifies('the SM2 record', paths.record, (item) => publicJwk[item.role], 2);
smCryptoVerifies('the mixed record', paths['mixed-record'], readJson(paths['mixed-auditor-pub']), 1);
smCryptoVerifies('the QR claim', paths.claim, publicJwk.head, 1);
smCryptoVerifies('the manifest', paths.manifest, publicJwk.head, 1);
smCryptoVerifies('a status response', paths['status-response'], publicJwk.head, 1);
const zeroJwk = { auditor: readJson(paths['zero-auditor-pub']), head: readJson(paths['zero-head-pub']) };
report(fromBase64url(zeroJwk.auditor.x)[0] === 0 && fromBase64url(zeroJwk.head.y)[0] === 0,
       'the fixture keys: the auditor\'s x and the head\'s y start with a zero byte');
smCryptoVerifies('the leading-zero keys\' record', paths['zero-record'], (item) => zeroJwk[item.role], 2);

starmarkAccepts();
for (const role of ['auditor', 'head']) {
    starmarkRefuses(`the ${role}'s signature in DER`, { role, options: { der: true } },
                    new RegExp(`the ${role} signature is 7\\d bytes, but an SM2SM3 signature is 64`));
    starmarkRefuses(`the ${role}'s signer ID empty`, { role, options: { userId: '' } },
                    /does not verify/);
    starmarkRefuses(`the ${role}'s signer ID ALICE123@YAHOO.COM (GB/T 32918's example)`,
                    { role, options: { userId: 'ALICE123@YAHOO.COM' } }, /does not verify/);
    starmarkRefuses(`the ${role}'s header saying EdDSA`, { role, header: header(role, 'EdDSA') },
                    /says "alg" EdDSA, which is not the algorithm of key/);
}
