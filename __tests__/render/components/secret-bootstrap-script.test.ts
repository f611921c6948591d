/**
 * Runs the bootstrap script with python3 against an in-memory fake of the Kubernetes Secrets API,
 * to check what matters: missing Secrets and keys are created, existing values never change.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { SECRET_BOOTSTRAP_SCRIPT } from '../../../lib/render/components/secret-bootstrap-script';

type StoredSecret = { metadata: { name: string; resourceVersion: string; labels?: any; annotations?: any }; data: Record<string, string> };

/** A fake API server holding Secrets of namespace "airflow". */
function fakeApi(store: Map<string, StoredSecret>) {
  let version = 1;
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /^\/api\/v1\/namespaces\/airflow\/secrets(?:\/([^/]+))?$/.exec(req.url ?? '');
      const reply = (status: number, obj: unknown = {}) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(obj));
      if (!match || req.headers.authorization !== 'Bearer test-token') return reply(403);
      const name = match[1];
      if (req.method === 'GET' && name) return store.has(name) ? reply(200, store.get(name)) : reply(404);
      if (req.method === 'POST' && !name) {
        const secret = JSON.parse(body);
        if (store.has(secret.metadata.name)) return reply(409);
        store.set(secret.metadata.name, { ...secret, metadata: { ...secret.metadata, resourceVersion: String(version++) } });
        return reply(201, secret);
      }
      if (req.method === 'PATCH' && name && store.has(name)) {
        const patch = JSON.parse(body);
        const current = store.get(name)!;
        if (patch.metadata.resourceVersion !== current.metadata.resourceVersion) return reply(409);
        store.set(name, { metadata: { ...current.metadata, resourceVersion: String(version++) }, data: { ...current.data, ...patch.data } });
        return reply(200, store.get(name));
      }
      return reply(405);
    });
  });
}

function runScript(url: string, secrets: Array<{ name: string; key: string; generator: string; users?: string[] }>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-'));
  const saDir = path.join(dir, 'sa');
  fs.mkdirSync(saDir);
  fs.writeFileSync(path.join(saDir, 'token'), 'test-token\n');
  fs.writeFileSync(path.join(saDir, 'namespace'), 'airflow');
  // The script reads the service account from its fixed path; point it at the fake one.
  const script = SECRET_BOOTSTRAP_SCRIPT.replace('"/var/run/secrets/kubernetes.io/serviceaccount"', JSON.stringify(saDir));
  fs.writeFileSync(path.join(dir, 'bootstrap.py'), script);
  fs.writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ labels: { a: 'b' }, annotations: { c: 'd' }, secrets }));
  const env = { ...process.env, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '1', BOOTSTRAP_API_URL: url };
  return new Promise((resolve, reject) =>
    execFile('python3', [path.join(dir, 'bootstrap.py'), path.join(dir, 'secrets.json')], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const decode = (value: string) => Buffer.from(value, 'base64').toString();

describe('secret bootstrap script', () => {
  const store = new Map<string, StoredSecret>();
  const server = fakeApi(store);
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const wanted = [
    { name: 'af-fernet-key', key: 'fernet-key', generator: 'fernet-key' },
    { name: 'af-postgresql', key: 'password', generator: 'hex-token' },
  ];

  test('creates missing Secrets with well-formed values and prints no value', async () => {
    const out = await runScript(url, wanted);
    expect(out).toBe('Secret af-fernet-key: generated fernet-key\nSecret af-postgresql: generated password\n');
    const fernet = decode(store.get('af-fernet-key')!.data['fernet-key']);
    expect(fernet).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(fernet, 'base64url')).toHaveLength(32);
    expect(decode(store.get('af-postgresql')!.data.password)).toMatch(/^[0-9a-f]{64}$/);
    expect(store.get('af-postgresql')!.metadata.labels).toEqual({ a: 'b' });
    expect(store.get('af-postgresql')!.metadata.annotations).toEqual({ c: 'd' });
    expect(out).not.toContain(fernet);
  });

  test('a second run changes nothing', async () => {
    const before = JSON.stringify([...store.entries()]);
    const out = await runScript(url, wanted);
    expect(out).toBe('Secret af-fernet-key: complete, left unchanged\nSecret af-postgresql: complete, left unchanged\n');
    expect(JSON.stringify([...store.entries()])).toBe(before);
  });

  test('adds a missing key to an existing Secret without touching the others', async () => {
    const existing = store.get('af-postgresql')!.data.password;
    const out = await runScript(url, [...wanted, { name: 'af-postgresql', key: 'replication-password', generator: 'hex-token' }]);
    expect(out).toContain('Secret af-postgresql: generated replication-password');
    expect(store.get('af-postgresql')!.data.password).toBe(existing);
    expect(decode(store.get('af-postgresql')!.data['replication-password'])).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('password file', () => {
    const passwordFile = (users: string[]) => ({ name: 'af-ui-passwords', key: 'passwords.json', generator: 'password-file', users });
    const passwords = () => JSON.parse(decode(store.get('af-ui-passwords')!.data['passwords.json']));

    test('holds one random password per user, and the output names no password', async () => {
      const out = await runScript(url, [passwordFile(['admin', 'alice'])]);
      expect(out).toBe('Secret af-ui-passwords: generated passwords.json\n');
      const file = passwords();
      expect(Object.keys(file)).toEqual(['admin', 'alice']);
      expect(file.admin).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(file.admin).not.toBe(file.alice);
      expect(out).not.toContain(file.admin);
    });

    test('a user added later gets a password; existing passwords stay', async () => {
      const before = passwords();
      const out = await runScript(url, [passwordFile(['admin', 'alice', 'bob'])]);
      expect(out).toBe('Secret af-ui-passwords: generated passwords.json\n');
      const after = passwords();
      expect(after.admin).toBe(before.admin);
      expect(after.alice).toBe(before.alice);
      expect(after.bob).toMatch(/^[A-Za-z0-9_-]{24}$/);
    });

    test('a value that is not a JSON object stops the Job with a message naming the Secret, and is left alone', async () => {
      store.set('af-broken', { metadata: { name: 'af-broken', resourceVersion: '1' }, data: { 'passwords.json': Buffer.from('admin=x').toString('base64') } });
      await expect(runScript(url, [{ ...passwordFile(['admin']), name: 'af-broken' }])).rejects.toThrow(
        'Secret af-broken key passwords.json is not a JSON object of user -> password: fix or delete the key',
      );
      expect(decode(store.get('af-broken')!.data['passwords.json'])).toBe('admin=x');
    });

    test('a user removed from the list keeps the file unchanged', async () => {
      const before = JSON.stringify(store.get('af-ui-passwords'));
      const out = await runScript(url, [passwordFile(['admin'])]);
      expect(out).toBe('Secret af-ui-passwords: complete, left unchanged\n');
      expect(JSON.stringify(store.get('af-ui-passwords'))).toBe(before);
    });
  });
});
