/**
 * A small client of QingCloud's IaaS API (there is no Node SDK): `GET /iaas/?action=...` with
 * the common parameters, signed with signature version 1 (HMAC-SHA256 over
 * `GET\n/iaas/\n` + the sorted, percent-encoded query; base64), as the API's signature page
 * describes (yunify/qingcloud-docs, "签名认证"; its worked example is the known-answer test in
 * test/cloud/qingcloud.test.ts). Nested parameters are flattened the API's way:
 * `statics.1.static_type=7`. Answers are JSON with `ret_code` 0 on success.
 */
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';

export type QcValue = string | number | boolean | QcValue[] | { [k: string]: QcValue };

/** RFC 3986 percent-encoding (what the signature page's examples produce: space as %20, `*` encoded). */
export function qcEncode(s: string): string {
    return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `{ statics: [{ static_type: 7 }] }` -> `{ 'statics.1.static_type': '7' }`. */
export function flatten(params: Record<string, QcValue>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
    for (const [k, v] of Object.entries(params)) {
        const key = prefix ? `${prefix}.${k}` : k;
        if (Array.isArray(v)) v.forEach((x, i) => (typeof x === 'object' && x !== null ? flatten(x as Record<string, QcValue>, `${key}.${i + 1}`, out) : (out[`${key}.${i + 1}`] = String(x))));
        else if (typeof v === 'object' && v !== null) flatten(v, key, out);
        else out[key] = String(v);
    }
    return out;
}

/** The canonical query: parameters sorted by name (byte order), names and values percent-encoded. */
export function canonicalQuery(params: Record<string, string>): string {
    return Object.keys(params).sort().map(k => `${qcEncode(k)}=${qcEncode(params[k])}`).join('&');
}

/** Signature version 1: base64(HMAC-SHA256(secret, "GET\n/iaas/\n" + canonical query)). */
export function signV1(params: Record<string, string>, secret: string, method = 'GET', uri = '/iaas/'): string {
    return createHmac('sha256', secret).update(`${method}\n${uri}\n${canonicalQuery(params)}`).digest('base64');
}

export interface QcCredential { accessKeyId: string; secretAccessKey: string }

export class QingCloudApiError extends Error {
    constructor(readonly action: string, readonly retCode: number | string, message: string) { super(message); }
}

export class QingCloudClient {
    constructor(readonly credential: QcCredential, readonly endpoint = 'https://api.qingcloud.com', readonly timeoutMs = 30_000) {}

    /** One call; rejects with QingCloudApiError (ret_code != 0, HTTP error, timeout). */
    async call(action: string, zone: string, params: Record<string, QcValue>): Promise<Record<string, unknown>> {
        const q: Record<string, string> = {
            ...flatten(params), action, zone, access_key_id: this.credential.accessKeyId, version: '1',
            signature_method: 'HmacSHA256', signature_version: '1', time_stamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        };
        const url = new URL(`/iaas/?${canonicalQuery(q)}&signature=${qcEncode(signV1(q, this.credential.secretAccessKey))}`, this.endpoint);
        const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
            const req = (url.protocol === 'http:' ? http : https).get(url, { timeout: this.timeoutMs }, res => {
                let text = '';
                res.setEncoding('utf8').on('data', c => { text += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
            });
            req.on('timeout', () => req.destroy(new Error('timeout')));
            req.on('error', reject);
        }).catch(e => { throw new QingCloudApiError(action, 'timeout', (e as Error).message); });
        if (body.status >= 500) throw new QingCloudApiError(action, body.status, `HTTP ${body.status}`);
        let json: Record<string, unknown>;
        try { json = JSON.parse(body.text) as Record<string, unknown>; } catch { throw new QingCloudApiError(action, body.status, `HTTP ${body.status}, not JSON`); }
        if (json.ret_code !== 0) throw new QingCloudApiError(action, Number(json.ret_code), String(json.message ?? 'error'));
        return json;
    }
}
