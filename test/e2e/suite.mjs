// Mode B: runs the mocha suite (extensionTestsPath) with the extension loaded from its folder
// (extensionDevelopmentPath) inside code-server's extension host, through the smoke-test
// driver's URL payload (code-server runs with --vscode-option enable-smoke-test-driver).
// The browser only hosts the workbench; VS Code calls window.codeAutomationExit(code) when the
// runner's run() settles. code-server's own log is no verdict (it says exit 0 for failed suites).
// Usage: node suite.mjs <url> <workspace> <extensionDevelopmentPath> <extensionTestsPath> <outDir>
import { writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { format } from 'node:util';
import { clock, launch } from './browser.mjs';

const [url, ws, extDev, extTests, out] = process.argv.slice(2);
const { elapsed } = clock();
const NOISE = /open-vsx|127\.0\.0\.1:9|Canceled: Canceled|Resolv|Creating a socket|grace time|AccountPolicyGate|AgentHost|Service Worker|builtin extensions cache|gallery/i;

const { page, close } = await launch();
const log = [];
page.on('console', m => log.push(`${m.type()}: ${m.text()}`));
let settle;
const exited = new Promise(r => { settle = r; });
// Extension-host console output (mocha's spec reporter) arrives here, printf-style.
await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    log.push(`automation ${type}: ${line}`);
    if (!NOISE.test(line)) console.log(`  | ${line}`);
});
await page.exposeFunction('codeAutomationExit', code => settle(code));

const host = new URL(url).host;   // remote authority = host:port of code-server
const remote = p => `vscode-remote://${host}${resolve(p)}`;
const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extDev)],
    ['extensionTestsPath', remote(extTests)],
    ['skipWelcome', 'true'],
]);
console.log(`[${elapsed()}] opening the workbench with the test payload`);
await page.goto(`${url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
const code = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout after 240 s'), 240000))]);
console.log(`[${elapsed()}] codeAutomationExit(${code})`);
await page.screenshot({ path: join(out, code === 0 ? 'suite.png' : 'failure.png') }).catch(() => undefined);
writeFileSync(join(out, 'browser-console.log'), log.join('\n'));
await close();
console.log(code === 0 ? 'B) PASS' : 'B) FAIL');
process.exit(code === 0 ? 0 : 1);
