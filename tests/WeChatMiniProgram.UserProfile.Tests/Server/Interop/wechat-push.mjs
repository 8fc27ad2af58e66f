// An independent implementation of WeChat's message-push secure mode on node:crypto, used to prove interop.
// Usage: node wechat-push.mjs <seal|open>   (JSON request on stdin, JSON answer on stdout)
//   seal {token, encodingAesKey, appId, message, timestamp, nonce}          -> {encrypt, msgSignature, signature}
//   open {token, encodingAesKey, appId, encrypt, timestamp, nonce, msgSignature} -> {signatureOk, appIdOk, message}
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const r = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const sign = (...parts) => createHash('sha1').update(parts.map(String).sort().join(''), 'utf8').digest('hex');
const key = Buffer.from(r.encodingAesKey + '=', 'base64');
const iv = key.subarray(0, 16);

let answer;
switch (process.argv[2]) {
  case 'seal': {
    const message = Buffer.from(r.message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length);
    const plain = Buffer.concat([randomBytes(16), length, message, Buffer.from(r.appId, 'utf8')]);
    const pad = 32 - (plain.length % 32);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    cipher.setAutoPadding(false);
    const encrypt = Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
    answer = { encrypt, msgSignature: sign(r.token, r.timestamp, r.nonce, encrypt), signature: sign(r.token, r.timestamp, r.nonce) };
    break;
  }
  case 'open': {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from(r.encrypt, 'base64')), decipher.final()]);
    const pad = plain[plain.length - 1];
    const content = plain.subarray(0, plain.length - pad);
    const length = content.readUInt32BE(16);
    answer = {
      signatureOk: sign(r.token, r.timestamp, r.nonce, r.encrypt) === r.msgSignature,
      appIdOk: content.subarray(20 + length).toString('utf8') === r.appId,
      message: content.subarray(20, 20 + length).toString('utf8'),
    };
    break;
  }
  default:
    process.stderr.write('usage: node wechat-push.mjs <seal|open>\n');
    process.exit(2);
}

process.stdout.write(JSON.stringify(answer));
