// `npm start`: runs `topo check` on every bundled example and says what each shows.
// qingcloud-star-as-printed.topo has errors on purpose (the guide's wrong selector).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'examples';
const files = readdirSync(dir).filter(f => f.endsWith('.topo')).sort();
let unexpected = 0;
for (const f of files) {
    const file = join(dir, f);
    console.log(`\n$ topo check ${file}`);
    const r = spawnSync(process.execPath, ['bin/topo.cjs', 'check', file], { stdio: 'inherit' });
    const expectErrors = f.includes('as-printed');
    if ((r.status === 1) !== expectErrors || (r.status !== 0 && r.status !== 1)) unexpected++;
}
console.log(`\nChecked ${files.length} examples${unexpected ? `; ${unexpected} did not give the expected result` : ' (the as-printed star is meant to fail)'}.`);
process.exit(unexpected ? 1 : 0);
