/**
 * A request log (TOPO_CLOUD_REQUEST_LOG, written by the cloud adapter: one JSON line per call
 * that changes something, keys redacted) checked against what the fakes accept: Tencent's
 * published VPC API schema, the Compute protos, QingCloud's parameter tables. A log from a run
 * against real accounts (`TOPO_LIVE=1 npm run test:live`) is checked the same way, so a call the
 * real API took but a fake would refuse (or the other way round) shows up.
 */
import * as fs from 'node:fs';
import { flatten, type QcValue } from '../../language-server/src/adapters/cloud/qingcloud-api.js';
import { ROUTES, V1, validateMessage } from './fakes/gcp.js';
import { checkParams } from './fakes/qingcloud.js';
import { TENCENT_SCHEMA, checkEnums, validate } from './fakes/tencent.js';

export interface LogEntry {
    at: string;
    provider: 'tencent' | 'gcp' | 'qingcloud';
    method: string;
    region?: string;
    attempt?: number;
    /** Present on the request line; the outcome line has `outcome` instead. */
    params?: Record<string, unknown>;
    outcome?: 'ok' | 'error';
    error?: string;
}

export function readRequestLog(file: string): LogEntry[] {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as LogEntry);
}

const lower = (s: string) => s[0].toLowerCase() + s.slice(1);

/** Why a fake would refuse each logged request (empty: every request is one the fakes accept). */
export function checkRequestLog(entries: LogEntry[]): string[] {
    const problems: string[] = [];
    for (const e of entries) {
        if (!e.params) continue;
        const where = `${e.provider} ${e.method}`;
        let why: string | undefined;
        if (e.provider === 'tencent') {
            const spec = TENCENT_SCHEMA.actions[e.method];
            why = !spec ? 'not an action of the VPN API' : validate(TENCENT_SCHEMA, spec.input, e.params, e.method, 'in') ?? checkEnums(e.params, e.method);
        } else if (e.provider === 'gcp') {
            const route = ROUTES.find(r => `${lower(r.service)}.${lower(r.method)}` === e.method);
            if (!route) why = 'not a Compute method the fake serves';
            else if (route.body) {
                const type = V1[route.request].fields[route.body].type;
                why = e.params.resource === undefined ? `no ${route.body}` : validateMessage(type, e.params.resource, route.body);
            }
        } else {
            const checked = checkParams(e.method, flatten(e.params as Record<string, QcValue>));
            why = typeof checked === 'string' ? checked : undefined;
        }
        if (why) problems.push(`${where}: ${why}`);
    }
    return problems;
}
