/**
 * The id of a plan (Plan.id): a digest of what the plan would do, so that `apply --plan-id`
 * runs only the plan that was shown. Fields named *digest* are left out (they are keyed per
 * work folder, see secrets.ts); `extra` is what the plan would write, without keys.
 */
import { createHash } from 'node:crypto';
import type { Action, PlanProblem } from '../types.js';

export function planId(mode: string, actions: Action[], problems: PlanProblem[], extra: unknown[] = []): string {
    const plain = actions.map(a => ({ ...a, data: Object.fromEntries(Object.entries(a.data ?? {}).filter(([k]) => !/digest/i.test(k))) }));
    return createHash('sha256').update(JSON.stringify({ mode, plain, problems, extra })).digest('hex').slice(0, 16);
}
