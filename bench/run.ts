// `npm run bench [-- storage turns startup classify]`: Mend's performance targets, measured side
// by side in one run (this machine is shared and noisy, so ratios matter more than absolutes).
// Prints tables and writes bench/results/bench-<time>.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../src/content/files.js';
import { readJsonl } from '../src/eval/fixtures.js';
import { routeMessage } from '../src/nlu/router.js';
import { screenMessage } from '../src/nlu/safety.js';
import { LowdbStore } from '../src/state/lowdb-storage.js';
import { TwoSlotFile } from '../src/state/two-slot-file.js';
import { CREATE_ONLY } from '../src/state/etag-store.js';
import { printTable, summarise } from './stats.js';

type Row = (string | number)[];
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };
const log = (text: string): void => void process.stderr.write(`${text}\n`);

/** A deterministic sequence, so runs pick the same keys. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function conversationItem(i: number): Record<string, unknown> {
  // ~1 KB, shaped like real conversation state.
  return {
    profile: { turns: 3, abuseSeen: false, welcomed: true, country: 'US', countrySource: 'locale' },
    dialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: [{ id: 'istatement', state: { note: 'x'.repeat(700), i } }] } } }] },
    eTag: randomUUID(),
  };
}

function populate(store: LowdbStore, key: (i: number) => string, count: number, item: (i: number) => Record<string, unknown>): void {
  const made = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const { dir, base } = store.pathFor(key(i));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // Two versions, as for any conversation past its first turn: both slot files exist, so a
    // measured write rewrites a slot in place at 100 and at 100,000 alike (a first write to the
    // second slot creates a file, which costs more whatever the count; see storage's "first" row).
    const file = new TwoSlotFile(base);
    for (let version = 0; version < 2; version += 1) file.write({ key: key(i), item: item(i), savedAt: Date.now() });
    if (count >= 10_000 && (i + 1) % 25_000 === 0) log(`  populated ${i + 1}/${count}`);
  }
}

async function benchStorage(): Promise<void> {
  log('storage: populating 100 and 100,000 conversations (~1 KB each)...');
  const sizes = [100, 100_000];
  const stores = sizes.map((n) => {
    const dir = mkdtempSync(join(tmpdir(), `mend-bench-store-${n}-`));
    const store = new LowdbStore(dir);
    populate(store, (i) => `bench/conversations/c${i}/`, n, conversationItem);
    return { n, dir, store, samples: [] as number[], fresh: [] as number[], created: 0, random: lcg(n) };
  });
  // A stored conversation's next turn: read it, then write it back changed.
  const writeOnce = async (s: (typeof stores)[number], record: boolean): Promise<void> => {
    const key = `bench/conversations/c${Math.floor(s.random() * s.n)}/`;
    const current = (await s.store.read([key]))[key]!;
    const t0 = performance.now();
    await s.store.write({ [key]: { ...current, touched: Date.now() } });
    if (record) s.samples.push(performance.now() - t0);
  };
  // A new conversation's first write (creates its file).
  const writeNew = async (s: (typeof stores)[number]): Promise<void> => {
    const key = `bench/conversations/new-${(s.created += 1)}/`;
    const t0 = performance.now();
    await s.store.write({ [key]: { ...conversationItem(s.created), eTag: CREATE_ONLY } });
    s.fresh.push(performance.now() - t0);
  };
  log('storage: measuring (rounds alternate between the two stores)...');
  for (const s of stores) for (let i = 0; i < 200; i += 1) await writeOnce(s, false);
  // Short alternating rounds, so a burst of noise on this shared machine lands on both stores alike.
  for (let round = 0; round < 60; round += 1) {
    for (const s of stores) {
      for (let i = 0; i < 50; i += 1) await writeOnce(s, true);
      for (let i = 0; i < 10; i += 1) await writeNew(s);
    }
  }
  const [small, large] = stores.map((s) => ({ ...summarise(s.samples), stored: s.n }));
  const [smallNew, largeNew] = stores.map((s) => ({ ...summarise(s.fresh), stored: s.n }));
  const rows: Row[] = [['write', 'stored conversations', 'writes', 'p50 ms', 'p99 ms']];
  for (const s of [small!, large!]) rows.push(['next turn', s.stored.toLocaleString('en'), String(s.n), s.p50, s.p99]);
  const ratioP50 = large!.p50 / small!.p50;
  const ratioP99 = large!.p99 / small!.p99;
  rows.push(['next turn', 'ratio 100k / 100', '', ratioP50, ratioP99]);
  for (const s of [smallNew!, largeNew!]) rows.push(['first (new file)', s.stored.toLocaleString('en'), String(s.n), s.p50, s.p99]);
  const firstRatioP50 = largeNew!.p50 / smallNew!.p50;
  const firstRatioP99 = largeNew!.p99 / smallNew!.p99;
  rows.push(['first (new file)', 'ratio 100k / 100', '', firstRatioP50, firstRatioP99]);
  printTable('Storage: one state write (lowdb, file per key). Target: ratio <= 1.5', rows);
  results['storage'] = {
    small,
    large,
    ratioP50,
    ratioP99,
    first: { small: smallNew, large: largeNew, ratioP50: firstRatioP50, ratioP99: firstRatioP99 },
    target: 1.5,
    pass: ratioP50 <= 1.5 && ratioP99 <= 1.5 && firstRatioP50 <= 1.5 && firstRatioP99 <= 1.5,
  };
  stores.forEach((s) => rmSync(s.dir, { recursive: true, force: true }));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return performance.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not become healthy in ${timeoutMs} ms`);
}

/** The Node flags `npm start` passes, read from package.json's "start" (see README, "Memory"); BENCH_NODE_FLAGS overrides them to compare. */
function startScriptNodeFlags(): string {
  const start = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } }).scripts?.start ?? '';
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/src\/index\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`package.json "start" does not run "node [flags] dist/src/index.js": ${start}`);
  return flags;
}
const NODE_FLAGS = (process.env['BENCH_NODE_FLAGS'] ?? startScriptNodeFlags()).split(/\s+/).filter(Boolean);

/** Starts a server the way `npm start` does (MALLOC_ARENA_MAX=2 unless set, NODE_FLAGS: see README). */
function startNode(script: string, env: Record<string, string>): ChildProcess {
  const malloc = { MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2' };
  return spawn(process.execPath, [...NODE_FLAGS, join(PROJECT_ROOT, script)], { cwd: PROJECT_ROOT, env: { ...process.env, ...malloc, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/** /proc counts CPU time in clock ticks of USER_HZ, which Linux fixes at 100 per second. */
const CLOCK_TICKS = 100;

/** CPU time (user + system, all threads) a process has used so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function benchStartup(): Promise<void> {
  log('startup: 5 cold starts of the compiled server...');
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'mend-bench-start-'));
    const started = performance.now();
    const child = startNode('dist/src/index.js', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', STORAGE: 'lowdb' });
    await waitForHealth(`http://127.0.0.1:${port}`, child);
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 1500));
    rss.push(rssMb(child.pid!));
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const t = summarise(times);
  const r = summarise(rss);
  printTable('Start-up: process start to /healthz answering; idle RSS. Targets: < 1500 ms, < 150 MB', [
    ['measure', 'median', 'max'],
    ['start-up ms', t.p50, Math.max(...times)],
    ['idle RSS MB', r.p50, Math.max(...rss)],
  ]);
  results['startup'] = { ms: times, rssMb: rss, medianMs: t.p50, medianRssMb: r.p50, pass: t.p50 < 1500 && r.p50 < 150 };
}

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function load(url: string, seconds: number, concurrency: number, body: (n: number) => unknown): Promise<LoadResult> {
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let n = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const payload = JSON.stringify(body(n++));
        const t0 = performance.now();
        try {
          const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
          await res.arrayBuffer();
          if (res.status !== 200) errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - t0);
        requests += 1;
      }
    }),
  );
  return { requests, errors, seconds: (performance.now() - started) / 1000, latencies };
}

const MESSAGES = ['hello', 'you never listen to me', 'I want to apologise for shouting at her', 'do we need couples therapy?', 'menu', 'help'];

function turnBody(n: number, conversations: number): Record<string, unknown> {
  const c = (n * 7919) % conversations;
  return {
    type: 'message',
    id: `b${n}`,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: `user-${c}` },
    recipient: { id: 'mend' },
    conversation: { id: `bench-${c}` },
    locale: 'en-US',
    text: MESSAGES[n % MESSAGES.length],
  };
}

interface Throughput {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time per request (all its threads, GC included): steadier than req/s on a busy machine. */
  cpuMsPerRequest: number;
}

interface Target {
  url: string;
  child: ChildProcess;
}

/** Warms every server, then alternates 4 s phases (3 rounds) across them so noise hits all alike. */
async function alternateAll(targets: Target[], conversations: number): Promise<Throughput[]> {
  for (const { url } of targets) await load(url, 2, 10, (n) => turnBody(n, conversations));
  const runs: { load: LoadResult; cpu: number }[][] = targets.map(() => []);
  let offset = 1_000_000;
  for (let round = 0; round < 3; round += 1) {
    for (const [i, { url, child }] of targets.entries()) {
      const cpu0 = cpuMs(child.pid!);
      const result = await load(url, 4, 10, (n) => turnBody(offset + n, conversations));
      runs[i]!.push({ load: result, cpu: cpuMs(child.pid!) - cpu0 });
    }
    offset += 1_000_000;
  }
  return runs.map((rs) => {
    const requests = rs.reduce((s, r) => s + r.load.requests, 0);
    const seconds = rs.reduce((s, r) => s + r.load.seconds, 0);
    const lat = summarise(rs.flatMap((r) => r.load.latencies));
    const cpu = rs.reduce((s, r) => s + r.cpu, 0);
    return { requests, errors: rs.reduce((s, r) => s + r.load.errors, 0), rps: requests / seconds, p50: lat.p50, p99: lat.p99, cpuMsPerRequest: cpu / requests };
  });
}

/** Prints throughput runs side by side, then each later run's req/s over the first's; returns those ratios. */
function printThroughput(title: string, ...named: [string, Throughput][]): number[] {
  const [baseName, base] = named[0]!;
  const ratios = named.slice(1).map(([, t]) => t.rps / base.rps);
  printTable(title, [
    ['run', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req'],
    ...named.map(([name, t]): Row => [name, t.requests, String(t.errors), t.rps, t.p50, t.p99, t.cpuMsPerRequest]),
    ...named.slice(1).map(([name, t], i): Row => [`ratio ${name} / ${baseName}`, '', '', ratios[i]!, '', '', t.cpuMsPerRequest / base.cpuMsPerRequest]),
  ]);
  return ratios;
}

async function benchTurns(): Promise<void> {
  const conversations = 10_000;
  log(`turns: populating ${conversations.toLocaleString('en')} stored conversations...`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mend-bench-turns-'));
  const store = new LowdbStore(dataDir);
  populate(store, (i) => `bench/conversations/bench-${i}/`, conversations, (i) => ({ profile: { turns: 1, abuseSeen: false, welcomed: true }, dialogState: { dialogStack: [] }, eTag: randomUUID(), i }));
  const [mendPort, echoPort, dialogPort] = [await freePort(), await freePort(), await freePort()];
  const mend = startNode('dist/src/index.js', { PORT: String(mendPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', STORAGE: 'lowdb' });
  const echo = startNode('dist/bench/echo-server.js', { PORT: String(echoPort) });
  const dialog = startNode('dist/bench/dialog-server.js', { PORT: String(dialogPort) });
  const url = (port: number): string => `http://127.0.0.1:${port}`;
  try {
    await Promise.all([waitForHealth(url(mendPort), mend), waitForHealth(url(echoPort), echo), waitForHealth(url(dialogPort), dialog)]);
    log('turns: warming up, then alternating 4 s phases at 10 concurrent connections...');
    const [e, d, m] = await alternateAll(
      [
        { url: url(echoPort), child: echo },
        { url: url(dialogPort), child: dialog },
        { url: url(mendPort), child: mend },
      ],
      conversations,
    );
    const [dialogRatio, ratio] = printThroughput(
      'Turns, c=10: echo = bare echo bot (CloudAdapter + restify); dialog = echo + state in memory + a waterfall with a text prompt;\nMend = a full Mend turn (lowdb, 10k conversations, rotating). Target: Mend / echo >= 0.5',
      ['echo', e!],
      ['dialog', d!],
      ['Mend', m!],
    ) as [number, number];
    results['turns'] = { echo: e, dialog: d, mend: m, ratio, dialogRatio, mendOverDialog: m!.rps / d!.rps, target: 0.5, pass: ratio >= 0.5 && m!.errors === 0 };
    log(`turns: Mend / dialog baseline = ${(m!.rps / d!.rps).toFixed(3)}`);
  } finally {
    await Promise.all([stop(mend), stop(echo), stop(dialog)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchClassify(): Promise<void> {
  const texts = readJsonl<{ text: string }>('tests/fixtures/route.jsonl').map((r) => r.text);
  const time = (fn: (t: string) => unknown): number[] => {
    texts.forEach((t) => fn(t));
    const samples: number[] = [];
    for (let pass = 0; pass < 5; pass += 1) {
      for (const t of texts) {
        const t0 = performance.now();
        fn(t);
        samples.push(performance.now() - t0);
      }
    }
    return samples;
  };
  const route = summarise(time((t) => routeMessage(t)));
  const screen = summarise(time((t) => screenMessage(t)));
  printTable(`Classifying one message (${texts.length} fixture messages x 5). Target: route median < 1 ms`, [
    ['step', 'median ms', 'p99 ms'],
    ['safety screen', screen.p50, screen.p99],
    ['route (incl. safety screen)', route.p50, route.p99],
  ]);
  results['classify'] = { route, screen, pass: route.p50 < 1 };
}

async function benchRedis(): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    log('redis: redis-server is not installed (apt-get install redis-server); skipped');
    results['redis'] = { skipped: 'redis-server not installed' };
    return;
  }
  const conversations = 1_000;
  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'mend-bench-redis-'));
  const [lowPort, redisMendPort] = [await freePort(), await freePort()];
  const common = { HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' };
  const low = startNode('dist/src/index.js', { ...common, PORT: String(lowPort), DATA_DIR: dataDir, STORAGE: 'lowdb' });
  const onRedis = startNode('dist/src/index.js', { ...common, PORT: String(redisMendPort), STORAGE: 'redis', REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  try {
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([waitForHealth(`http://127.0.0.1:${lowPort}`, low), waitForHealth(`http://127.0.0.1:${redisMendPort}`, onRedis)]);
    log('redis: Mend on lowdb vs Mend on Redis, alternating 4 s phases at c=10...');
    const [l, r] = (await alternateAll(
      [
        { url: `http://127.0.0.1:${lowPort}`, child: low },
        { url: `http://127.0.0.1:${redisMendPort}`, child: onRedis },
      ],
      conversations,
    )) as [Throughput, Throughput];
    const [ratio] = printThroughput('Turns on Redis vs lowdb (same Mend, 1k conversations rotating, c=10)', ['lowdb', l], ['redis', r]);
    results['redis'] = { lowdb: l, redis: r, ratio };
  } finally {
    await Promise.all([stop(low), stop(onRedis)]);
    redis.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** 60 s at 20 concurrent conversations, each walking through the flows: errors and RSS growth. */
async function benchSoak(): Promise<void> {
  const seconds = Number(process.env['SOAK_SECONDS'] ?? 60);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mend-bench-soak-'));
  const mend = startNode('dist/src/index.js', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', STORAGE: 'lowdb', RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' });
  const url = `http://127.0.0.1:${port}`;
  const script = [
    'Rephrase something I want to say', 'you never listen to me', 'hurt', 'when I tell you about my day and you look at your phone', 'because I need to feel heard', 'Skip this', 'Practise another',
    'menu', "is this a good apology: I'm sorry if you were upset, but you started it", 'menu',
    'Should we get help?', 'Yes', 'No', 'No', 'menu', 'help', 'what do you know about me', 'my progress', 'thanks',
  ];
  try {
    await waitForHealth(url, mend);
    log(`soak: ${seconds} s at 20 concurrent conversations (each walking through the flows)...`);
    const rss: { t: number; mb: number }[] = [];
    const sampler = setInterval(() => rss.push({ t: performance.now(), mb: rssMb(mend.pid!) }), 1000);
    // Request n goes to conversation n % 20 and says the next line of the script; every five
    // passes through the script a conversation starts afresh, as people come and go.
    const result = await load(url, seconds, 20, (n) => {
      const slot = n % 20;
      const text = script[Math.floor(n / 20) % script.length];
      return { ...turnBody(n, 20), conversation: { id: `soak-${slot}-${Math.floor(n / (20 * script.length * 5))}` }, from: { id: `soak-user-${slot}` }, text };
    });
    clearInterval(sampler);
    // RSS saw-tooths with each major GC, so one sample at each end says more about where the
    // collector happened to be than about growth: compare the medians of two equal windows, the
    // one right after warm-up (the first quarter, at most 10 s) and the last, and show the peak.
    const start = rss[0]?.t ?? 0;
    const windowMs = Math.min(10_000, (seconds * 1000) / 4);
    const median = (xs: number[]): number => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const warm = median(rss.filter((r) => r.t - start >= windowMs && r.t - start < 2 * windowMs).map((r) => r.mb));
    const endAt = rss[rss.length - 1]?.t ?? 0;
    const end = median(rss.filter((r) => endAt - r.t < windowMs).map((r) => r.mb));
    const peak = Math.max(...rss.map((r) => r.mb));
    const growth = ((end - warm) / warm) * 100;
    const lat = summarise(result.latencies);
    printTable(`Soak: ${seconds} s, 20 concurrent conversations, Node flags "${NODE_FLAGS.join(' ')}". Targets: zero errors, RSS growth after warm-up < 10% (window medians)`, [
      ['requests', 'errors', 'req/s', 'p50 ms', 'p99 ms', 'RSS after warm-up MB', 'RSS at end MB', 'peak MB', 'growth %'],
      [result.requests, String(result.errors), result.requests / result.seconds, lat.p50, lat.p99, warm, end, peak, growth],
    ]);
    results['soak'] = { seconds, nodeFlags: NODE_FLAGS, requests: result.requests, errors: result.errors, rssWarmMb: warm, rssEndMb: end, rssPeakMb: peak, growthPercent: growth, pass: result.errors === 0 && growth < 10 };
  } finally {
    await stop(mend);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const SECTIONS: Record<string, () => Promise<void>> = { classify: benchClassify, storage: benchStorage, startup: benchStartup, turns: benchTurns, redis: benchRedis, soak: benchSoak };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  for (const name of names) {
    const section = SECTIONS[name];
    if (!section) throw new Error(`unknown section "${name}" (choose from ${Object.keys(SECTIONS).join(', ')})`);
    await section();
  }
  const file = join(PROJECT_ROOT, 'bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2));
  log(`\nresults written to ${file}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
