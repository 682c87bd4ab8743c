// A WebSocket client nobody here wrote (the npm package `ws`) talking through
// the relay. Usage:
//   node ws_client.mjs chat URL GROUP MESSAGE   join, post, expect the Message back
//   node ws_client.mjs close URL CODE           expect the relay to close with CODE
//   node ws_client.mjs quiet URL GROUP MESSAGE SECONDS
//                                               join, stay quiet for SECONDS (ws answers
//                                               the relay's pings), then chat
// Exits 0 on success, 1 with a reason otherwise; gives up after 10 s.
import WebSocket from 'ws';

const [mode, url, ...rest] = process.argv.slice(2);
const fail = (why) => { console.error(`ws_client: ${why}`); process.exit(1); };
setTimeout(() => fail('timed out'), 10000).unref();

const ws = new WebSocket(url, ['binary']);
ws.on('error', (e) => fail(`error: ${e.message}`));

if (mode === 'chat' || mode === 'quiet') {
  const [group, message, quiet] = rest;
  let received = '';
  ws.on('open', () => {
    if (ws.protocol !== 'binary') fail(`subprotocol '${ws.protocol}', expected 'binary'`);
    ws.send(Buffer.from(JSON.stringify({ Join: { group_name: group } }) + '\n'));
    const post = () => ws.send(Buffer.from(JSON.stringify({ Post: { group_name: group, message } }) + '\n'));
    if (mode === 'quiet') setTimeout(post, Number(quiet) * 1000);
    else post();
  });
  ws.on('message', (data, isBinary) => {
    if (!isBinary) fail('the relay sent a text message in binary mode');
    received += data.toString();
    const line = received.split('\n')[0];
    if (!received.includes('\n')) return;
    const expected = JSON.stringify({ Message: { group_name: group, message } });
    if (line !== expected) fail(`got ${line}, expected ${expected}`);
    console.log(line);
    ws.close(1000);
  });
  ws.on('close', (code) => process.exit(code === 1000 || code === 1005 ? 0 : 1));
} else if (mode === 'close') {
  const expected = Number(rest[0]);
  ws.on('close', (code, reason) => {
    console.log(`closed ${code} ${reason}`);
    process.exit(code === expected ? 0 : 1);
  });
} else {
  fail(`unknown mode '${mode}'`);
}
