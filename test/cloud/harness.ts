/**
 * The fake clouds of a test and the environment that points the real SDKs at them: a HOME with
 * a Tencent credentials file, a Google service account key (its public half given to the fake,
 * which checks every token), TOPO_TENCENT_API / TOPO_GCP_API, short polls and timeouts.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../language-server/src/cli/main.js';
import { GcpFake } from './fakes/gcp.js';
import { QingCloudFake } from './fakes/qingcloud.js';
import { TencentFake } from './fakes/tencent.js';
import { World } from './fakes/world.js';

export const EXAMPLES = path.resolve(__dirname, '../../examples');
export const TX_GCP_KEY = 'tx-gcp-Key.0123456789abcdef';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

export interface Clouds {
    world: World;
    tencent: TencentFake;
    gcp: GcpFake;
    qingcloud: QingCloudFake;
    dir: string;
    env: Record<string, string>;
    stop(): Promise<void>;
}

export async function startClouds(): Promise<Clouds> {
    const world = new World();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cloud-'));
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.tencentcloud'), { recursive: true });
    fs.writeFileSync(path.join(home, '.tencentcloud', 'credentials'), '[default]\nsecret_id = AKIDtopotest\nsecret_key = tencent-secret-key-for-tests\n', { mode: 0o600 });
    fs.mkdirSync(path.join(home, '.qingcloud'));
    fs.writeFileSync(path.join(home, '.qingcloud', 'config.yaml'), "qy_access_key_id: 'QYTOPOTEST'\nqy_secret_access_key: 'qingcloud-secret-for-tests'\nzone: 'pek3'\n", { mode: 0o600 });
    const saFile = path.join(dir, 'sa.json');
    const clientEmail = 'topo-test@topo-test-project.iam.gserviceaccount.com';
    fs.writeFileSync(saFile, JSON.stringify({
        type: 'service_account', project_id: 'topo-test-project', private_key_id: 'k1',
        private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), client_email: clientEmail, client_id: '1',
        token_uri: 'http://127.0.0.1:9/token',
    }), { mode: 0o600 });
    const tencent = new TencentFake({ secretId: 'AKIDtopotest', secretKey: 'tencent-secret-key-for-tests', world, vpcs: [{ id: 'vpc-hk000001', cidr: '10.0.0.0/16', region: 'ap-hongkong' }] });
    const gcp = new GcpFake({
        project: 'topo-test-project', clientEmail, publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }) as string, world,
        networks: [{ name: 'default', subnets: [{ region: 'asia-east2', cidr: '10.170.0.0/20' }, { region: 'europe-west1', cidr: '10.10.0.0/20' }] }],
    });
    // the QingCloud guide's three VPC routers (examples/qingcloud-star.topo)
    const qingcloud = new QingCloudFake({
        accessKeyId: 'QYTOPOTEST', secretKey: 'qingcloud-secret-for-tests', world, routers: [
            { id: 'rtr-pek3', zone: 'pek3', eip: '139.198.27.92', sg: 'sg-pek3', cidr: '192.168.0.0/24' },
            { id: 'rtr-sh1', zone: 'sh1', eip: '139.198.175.48', sg: 'sg-sh1', cidr: '172.16.0.0/24' },
            { id: 'rtr-gd2', zone: 'gd2', eip: '139.198.123.198', sg: 'sg-gd2', cidr: '172.26.0.0/24' },
        ],
    });
    await tencent.start();
    await gcp.start();
    await qingcloud.start();
    const env = {
        HOME: home, GOOGLE_APPLICATION_CREDENTIALS: saFile,
        TOPO_TENCENT_API: tencent.url, TOPO_GCP_API: gcp.url, TOPO_QINGCLOUD_API: qingcloud.url,
        TOPO_CLOUD_POLL_MS: '5', TOPO_CLOUD_BACKOFF_MS: '5', TOPO_CLOUD_REQUEST_TIMEOUT: '0.5',
        TX_GCP_PSK: TX_GCP_KEY,
    };
    return { world, tencent, gcp, qingcloud, dir, env, async stop() { await tencent.stop(); await gcp.stop(); await qingcloud.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** `topo ARGS` in this process with `env` as the whole environment the adapters see; stdout and stderr. */
export async function topo(env: Record<string, string | undefined>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '', err = '';
    const code = await runCli(argv, { stdout: s => { out += s; }, stderr: s => { err += s; }, env: { PATH: process.env.PATH, ...env } });
    return { code, out, err };
}
