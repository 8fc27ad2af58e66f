// An independent implementation of WeChat's open-data scheme on node:crypto, used to prove interop.
// Usage: node wechat-open-data.mjs <verify-decrypt|encrypt|stringify>   (JSON request on stdin, JSON answer on stdout)
//   verify-decrypt {rawData, signature, encryptedData, iv, sessionKey} -> {signatureOk, plaintext}
//   encrypt        {plaintext, rawData, sessionKey}                    -> {encryptedData, iv, signature}
//   stringify      {userInfo}                                          -> {rawData} (JSON.stringify in WeChat's field order)
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const sha1Hex = (text) => createHash('sha1').update(Buffer.from(text, 'utf8')).digest('hex');
const key = Buffer.from(request.sessionKey ?? '', 'base64');

let answer;
switch (process.argv[2]) {
  case 'verify-decrypt': {
    const decipher = createDecipheriv('aes-128-cbc', key, Buffer.from(request.iv, 'base64'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(request.encryptedData, 'base64')), decipher.final()]).toString('utf8');
    answer = { signatureOk: sha1Hex(request.rawData + request.sessionKey) === request.signature, plaintext };
    break;
  }
  case 'encrypt': {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', key, iv);
    const encryptedData = Buffer.concat([cipher.update(Buffer.from(request.plaintext, 'utf8')), cipher.final()]).toString('base64');
    answer = { encryptedData, iv: iv.toString('base64'), signature: sha1Hex(request.rawData + request.sessionKey) };
    break;
  }
  case 'stringify': {
    const u = request.userInfo;
    answer = { rawData: JSON.stringify({ nickName: u.nickName, gender: u.gender, language: u.language, city: u.city, province: u.province, country: u.country, avatarUrl: u.avatarUrl }) };
    break;
  }
  default:
    process.stderr.write('usage: node wechat-open-data.mjs <verify-decrypt|encrypt|stringify>\n');
    process.exit(2);
}

process.stdout.write(JSON.stringify(answer));
