/**
 * README's "What it checks" table names every diagnostic code Topo reports (DIAGNOSTIC_CODES),
 * so a new code cannot ship undocumented there (docs/language.md has each one with an example).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../language-server/src/diagnostic-codes.js';

test('README\'s "What it checks" names every diagnostic code', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('\n## What it checks\n');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
    const named = new Set([...section.matchAll(/`([a-z0-9-]+)`/g)].map(m => m[1]));
    expect(Object.keys(DIAGNOSTIC_CODES).filter(c => !named.has(c))).toEqual([]);
});
