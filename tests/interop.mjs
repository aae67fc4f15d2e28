// tests/interop.mjs: starmark's records are ordinary RFC 7515 JWS, checked
// against jose, an independent implementation. One way, jose's generalVerify
// accepts both signatures of a record starmark issued and reads the expected
// headers and payload; the other way, starmark's verifier accepts a record
// that jose's GeneralSign made with the body's keys (with a decision of its
// own, so the verifier cannot be reading anything starmark wrote), and
// refuses one whose role headers are wrong. Run by tests/cli/interop.sh.
import { GeneralSign, generalVerify, importJWK } from 'jose';
import { commandLine, decodeJson, fromBase64url, privateKey, readJson, report,
         verifyFile } from './jws-tools.mjs';

const { paths, verifier } = commandLine(['record', 'trust', 'assessment', 'number',
    'issue-date', 'auditor-pub', 'head-pub', 'auditor-key', 'head-key', 'work']);
const record = readJson(paths.record);
const holder = readJson(paths.assessment).holder;
const publicJwk = { auditor: readJson(paths['auditor-pub']), head: readJson(paths['head-pub']) };
const signingKey = { auditor: privateKey(paths['auditor-key']), head: privateKey(paths['head-key']) };

// starmark -> jose: generalVerify with one key finds that key's signature.
async function joseVerifies(role) {
    const jwk = publicJwk[role];
    let verified;
    try {
        verified = await generalVerify(record, await importJWK(jwk, 'EdDSA'));
    } catch (error) {
        return report(false, `jose verifies the ${role} signature: ${error.code ?? error.message}`);
    }
    const header = verified.protectedHeader;
    report(header.role === role && header.kid === jwk.kid && header.alg === 'EdDSA'
           && header.typ === 'starmark-record+jws',
           `jose verifies the ${role} signature; its header says role ${header.role}, kid ${header.kid}`);
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.payload));
    report(payload.number === paths.number && payload.holder.name === holder.name
           && payload.holder.uscc === holder.uscc,
           `the payload jose verified with the ${role} key is ${payload.number} for ${payload.holder.name}`);
    if (role === 'head')
        report(header.decision?.issue_date === paths['issue-date']
               && header.decision?.head === publicJwk.head.name,
               `jose reads the head's decision: issued ${header.decision?.issue_date} `
               + `by ${header.decision?.head}`);
}

// A decision of jose's own, later than the one starmark signed.
const joseDecision = { head: publicJwk.head.name, issue_date: '2026-12-01', expiry_date: '2029-11-30',
                       surveillance_due: ['2027-12-01', '2028-12-01'] };

function header(kid, role) {
    const base = { alg: 'EdDSA', kid, typ: 'starmark-record+jws', role };
    return role === 'head' ? { ...base, decision: joseDecision } : base;
}

// jose -> starmark: signers is a list of [key role, claimed role].
async function joseRecord(signers) {
    const jws = new GeneralSign(fromBase64url(record.payload));
    for (const [keyRole, claimedRole] of signers)
        jws.addSignature(signingKey[keyRole]).setProtectedHeader(header(publicJwk[keyRole].kid, claimedRole));
    return JSON.stringify(await jws.sign(), null, 2);
}

async function starmarkAcceptsJose() {
    const text = await joseRecord([['auditor', 'auditor'], ['head', 'head']]);
    const { status, answer, output } =
        verifyFile(verifier, paths.trust, `${paths.work}/jose-signed.json`, text);
    const certificate = answer?.certificate;
    report(status === 0 && certificate?.number === paths.number
           && certificate?.issue_date === joseDecision.issue_date
           && answer?.signed_by?.head === publicJwk.head.kid,
           `starmark's verifier accepts the jose-signed record, issued ${certificate?.issue_date} `
           + `(exit ${status}${status === 0 ? '' : `: ${output}`})`);
}

async function starmarkRefusesRoles(name, signers, pattern) {
    const text = await joseRecord(signers);
    const { status, answer, output } =
        verifyFile(verifier, paths.trust, `${paths.work}/jose-${name.replaceAll(' ', '-')}.json`, text);
    const reason = answer?.reason ?? output;
    report(status === 1 && pattern.test(reason),
           `jose-signed with ${name}: exit ${status}${status === 1 ? '' : ', wanted 1'} (${reason})`);
}

await joseVerifies('auditor');
await joseVerifies('head');
await starmarkAcceptsJose();
await starmarkRefusesRoles('the roles swapped', [['auditor', 'head'], ['head', 'auditor']],
                           /not in the role/);
await starmarkRefusesRoles('the auditor key claiming the role head too',
                           [['auditor', 'auditor'], ['auditor', 'head']], /not in the role head/);
await starmarkRefusesRoles('an unknown role', [['auditor', 'lead_auditor'], ['head', 'head']],
                           /no role/);
