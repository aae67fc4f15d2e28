// tests/make-sm2-keys.mjs: writes tests/sm2-leading-zero-keys.json, two SM2
// key pairs made by sm-crypto (an implementation independent of OpenSSL),
// one whose public x coordinate starts with a zero byte and one whose y
// does. About 1 key in 256 has each, so finding them takes a few hundred
// keys and seconds of JavaScript arithmetic: they are made once, kept, and
// read by tests/cli/sm2.sh (a JWK must keep that byte: RFC 7518 §6.2.1.2).
// Run: node tests/make-sm2-keys.mjs (from the checkout, after tests/setup.sh).
import { writeFileSync } from 'node:fs';
import smCrypto from 'sm-crypto';

const found = {};
for (let tries = 1; !(found.x && found.y); tries++) {
    if (tries > 20000)
        throw new Error('no leading zero byte in 20,000 keys: is the generator random?');
    const pair = smCrypto.sm2.generateKeyPairHex();
    const coordinates = { x: pair.publicKey.slice(2, 66), y: pair.publicKey.slice(66) };
    for (const name of ['x', 'y'])
        if (!found[name] && coordinates[name].startsWith('00'))
            found[name] = { zero_byte_in: name, private: pair.privateKey, public: pair.publicKey };
}
const fixture = {
    comment: 'SM2 key pairs (hex; public is 04 || x || y, 32 bytes each) whose x, then y, '
             + 'starts with a zero byte; made by tests/make-sm2-keys.mjs with sm-crypto',
    keys: [found.x, found.y],
};
writeFileSync(new URL('./sm2-leading-zero-keys.json', import.meta.url),
              `${JSON.stringify(fixture, null, 2)}\n`);
