// The running system as the browser tests see it: base URLs, REST calls that set up test data (signed in as the
// crm-backend machine client, as another frontend would be), and the text-yourself helper (a signed inbound SMS,
// as Twilio would post it).
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONSOLE_URL = (process.env.E2E_CONSOLE_URL ?? 'http://localhost:8081').replace(/\/$/, '');
export const GATEWAY_URL = (process.env.E2E_GATEWAY_URL ?? 'http://localhost:8082').replace(/\/$/, '');
export const INGEST_URL = (process.env.SMS_INGEST_PUBLIC_URL ?? 'http://localhost:8083').replace(/\/$/, '');
/** The number the simulated carrier sends from, and so the number contacts text back to. */
export const PLATFORM_NUMBER = process.env.E2E_PLATFORM_NUMBER ?? '+15005550006';
const HELPER = join(ROOT, 'deploy', 'local', 'send-inbound-sms.sh');
/** Keycloak of the local run, as the browser and the services reach it. */
export const KEYCLOAK_URL = (process.env.E2E_KEYCLOAK_URL ?? 'http://localhost:8180').replace(/\/$/, '');
export const REALM = process.env.E2E_REALM ?? 'sms';
export const ISSUER = `${KEYCLOAK_URL}/realms/${REALM}`;

let secrets = null;

/** A value of .local/keycloak-secrets.env (or of the environment, which wins). */
export function secret(name) {
  if (process.env[name]) return process.env[name];
  if (!secrets) {
    const file = join(ROOT, '.local', 'keycloak-secrets.env');
    if (!existsSync(file)) throw new Error(`no ${file}: run ./run-local.sh first (it makes the demo passwords)`);
    secrets = Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#') && l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }
  const value = secrets[name];
  if (!value) throw new Error(`${name} is not in .local/keycloak-secrets.env`);
  return value;
}

export async function tokenRequest(realmUrl, form) {
  const res = await fetch(`${realmUrl}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = await res.json().catch(() => null);
  if (res.status !== 200 || !body?.access_token) {
    throw new Error(`token from ${realmUrl}: HTTP ${res.status} ${JSON.stringify(body)}`);
  }
  return body;
}

let machine = null;

/**
 * An access token of the crm-backend machine client (client credentials, sms-agent): what the tests use to make
 * their contacts and texts through the APIs, as another frontend would. Kept until shortly before it expires.
 */
export async function machineToken() {
  if (machine && machine.until > Date.now()) return machine.token;
  const body = await tokenRequest(ISSUER, {
    grant_type: 'client_credentials',
    client_id: 'crm-backend',
    client_secret: secret('SMS_CRM_BACKEND_SECRET'),
  });
  machine = { token: body.access_token, until: Date.now() + Math.max(0, (body.expires_in ?? 60) - 30) * 1000 };
  return machine.token;
}

/** A random, valid US mobile-format number in area code 239, different on every run: no test sees old data. */
export function randomPhone() {
  const exchange = 200 + (randomBytes(2).readUInt16BE() % 800); // 200-999: a valid NXX
  const line = String(randomBytes(2).readUInt16BE() % 10000).padStart(4, '0');
  const e164 = `+1239${exchange}${line}`;
  return { e164, national: `(239) ${exchange}-${line}` };
}

/** A REST call with the machine client's token (`token: null` for none: an anonymous call). */
export async function call(method, url, body, headers = {}, { token } = {}) {
  const bearer = token === undefined ? await machineToken() : token;
  const res = await fetch(url, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, json, text, type: res.headers.get('Content-Type') ?? '' };
}

export async function createContact(fields) {
  const res = await call('POST', `${CONSOLE_URL}/api/contacts`, fields);
  if (res.status !== 201 && res.status !== 200) throw new Error(`creating a contact: HTTP ${res.status} ${res.text}`);
  return res.json;
}

export async function conversation(phone, limit = 100) {
  const res = await call(
    'GET',
    `${GATEWAY_URL}/api/conversations/${encodeURIComponent(phone)}/messages?limit=${limit}`,
  );
  if (res.status !== 200) throw new Error(`conversation: HTTP ${res.status} ${res.text}`);
  return res.json.items;
}

export async function optOut(phone) {
  const res = await call('GET', `${GATEWAY_URL}/api/opt-outs/${encodeURIComponent(phone)}`);
  return res.status === 200 ? res.json : { optedOut: false };
}

export async function sendViaApi(to, body, key) {
  return call('POST', `${GATEWAY_URL}/api/messages`, { to, body }, key ? { 'Idempotency-Key': key } : {});
}

/**
 * The wall-clock time `ms` from now (rounded up to the minute) in `timeZone`, as a datetime-local input takes it
 * ("2026-12-02T09:30"), with that zone's offset at that instant ("-05:00", "+05:30", "+00:00") and the instant.
 */
export function localInZone(ms, timeZone) {
  const at = new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return { at, value: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, offset };
}

/** Polls until fn() returns a truthy value, or fails after timeoutMs with the message (a string or a function). */
export async function eventually(fn, { timeoutMs = 20_000, intervalMs = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const what = typeof message === 'function' ? message() : message;
      throw new Error(`timed out waiting for ${what} (last: ${last?.message ?? last})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function authToken() {
  if (process.env.SMS_TWILIO_AUTH_TOKEN) return process.env.SMS_TWILIO_AUTH_TOKEN;
  const file = join(ROOT, '.local', 'twilio-auth-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error('no Twilio auth token: set SMS_TWILIO_AUTH_TOKEN or run ./run-local.sh first');
}

/** Twilio's request signature: HMAC-SHA1 over the URL and the sorted parameters, base64. */
export function twilioSignature(token, url, params) {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join('');
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

export const usesHelperScript = () => existsSync(HELPER);

/** A sample picture the simulated carrier of the local run serves (no sign-in), for an MMS. */
export const SAMPLE_MEDIA_URL = `${GATEWAY_URL}/simulated-carrier/media/sample.png`;

/**
 * A contact texts the platform: through deploy/local/send-inbound-sms.sh (the project's text-yourself helper)
 * when it is there; else the same signed form posted from here. mediaUrl (and mediaContentType, default image/png)
 * make it an MMS with that one item, as Twilio posts it (NumMedia=1, MediaUrl0, MediaContentType0).
 */
export async function textIn(from, body, to = PLATFORM_NUMBER, { mediaUrl, mediaContentType = 'image/png' } = {}) {
  if (usesHelperScript())
    return runHelper(from, to, body, mediaUrl ? { MEDIA_URL: mediaUrl, MEDIA_CONTENT_TYPE: mediaContentType } : {});
  const url = `${INGEST_URL}/twilio/messages`;
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: `AC${'0'.repeat(32)}`,
    From: from,
    To: to,
    Body: body,
    NumMedia: mediaUrl ? '1' : '0',
    NumSegments: '1',
    ...(mediaUrl ? { MediaUrl0: mediaUrl, MediaContentType0: mediaContentType } : {}),
  };
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(authToken(), url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  if (res.status !== 200) throw new Error(`inbound webhook: HTTP ${res.status} ${await res.text()}`);
  return `HTTP ${res.status}`;
}

/**
 * Runs the helper with its output in a file: it writes curl's answer to /dev/stderr, which cannot be opened when
 * stderr is node's default pipe (a socket).
 */
function runHelper(from, to, body, extraEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-sms-'));
  const file = join(dir, 'out');
  const fd = openSync(file, 'w+');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [HELPER, from, to, body], {
      cwd: ROOT,
      stdio: ['ignore', fd, fd],
      // The helper signs with SMS_TWILIO_AUTH_TOKEN: the one run-local made (.local/twilio-auth-token) unless set.
      env: {
        ...process.env,
        INGEST_URL,
        SMS_INGEST_PUBLIC_URL: INGEST_URL,
        SMS_TWILIO_AUTH_TOKEN: authToken(),
        ...extraEnv,
      },
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 20_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      closeSync(fd);
      const output = readFileSync(file, 'utf8').replace(/\0/g, '');
      rmSync(dir, { recursive: true, force: true });
      if (code === 0) resolve(output);
      else reject(new Error(`send-inbound-sms.sh ${from} failed (${signal ?? `exit ${code}`}): ${output}`));
    });
  });
}
