// A backend in another language, on node:crypto only, against a running WeChat emulator ('userprofile serve').
// Usage: node node-backend.mjs <emulator address> <appid> <secret> <user>
// It plays the phone (login, getUserProfile), exchanges the code as a backend does (code2Session), then verifies
// the signature and decrypts encryptedData itself. Prints one JSON line: {openid, nickName, watermarkAppId, signatureOk}.
import { createDecipheriv, createHash } from 'node:crypto';

const [address, appid, secret, user] = process.argv.slice(2);
const url = (path) => new URL(path, address);
const post = async (path, body) => {
  const response = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
};

const { code } = await post('emulator/login', { appid, user });
const session = await (await fetch(url(`sns/jscode2session?appid=${appid}&secret=${encodeURIComponent(secret)}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`))).json();
if (session.errcode) throw new Error(`code2Session: ${session.errcode} ${session.errmsg}`);

const result = await post('emulator/getUserProfile', { appid, user, desc: 'node backend', lang: 'zh_CN', baseLibrary: '2.26.0' });
const signatureOk = createHash('sha1').update(result.rawData + session.session_key, 'utf8').digest('hex') === result.signature;
const decipher = createDecipheriv('aes-128-cbc', Buffer.from(session.session_key, 'base64'), Buffer.from(result.iv, 'base64'));
const plaintext = JSON.parse(Buffer.concat([decipher.update(Buffer.from(result.encryptedData, 'base64')), decipher.final()]).toString('utf8'));

process.stdout.write(JSON.stringify({ openid: session.openid, nickName: plaintext.nickName, watermarkAppId: plaintext.watermark.appid, signatureOk }));
