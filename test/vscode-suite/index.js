// Test runner for the extension host (extensionTestsPath), the contract of
// @vscode/test-electron: export run(): Promise<void>; a rejection means failure.
// Used by test/e2e/run.sh (mode B, code-server) and by the "Extension Tests" launch config;
// `npm run test:vscode` (@vscode/test-cli) loads the *.test.js files with its own runner.
const path = require('path');
const fs = require('fs');
const Mocha = require('mocha');

exports.run = function run() {
    const out = process.env.TOPO_E2E_OUT;
    const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
    if (process.env.TOPO_E2E_GREP) mocha.grep(process.env.TOPO_E2E_GREP);
    for (const f of fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
    return new Promise((resolve, reject) => {
        const results = [];
        const runner = mocha.run(failures => {
            if (out) {
                try {
                    fs.mkdirSync(out, { recursive: true });
                    fs.writeFileSync(path.join(out, 'mocha-results.json'), JSON.stringify({ failures, results }, null, 2));
                } catch { /* best effort */ }
            }
            failures ? reject(new Error(`${failures} tests failed.`)) : resolve();
        });
        runner.on('pass', t => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
        runner.on('fail', (t, err) => results.push({ title: t.fullTitle(), state: 'failed', error: String(err && err.stack || err) }));
    });
};
