// node bench/runs.mjs: two numbers of issue 13's screens, each against a baseline measured in
// the same run (ratios, not wall-clock limits):
//
// 1. The execution page of a BATCH with BENCH_CHILDREN (default 1,000) children stays responsive
//    while they complete: the page is open on the batch step's drawer (progress and child list)
//    while the children run; a requestAnimationFrame loop records every frame gap and a
//    PerformanceObserver the long tasks. Reported: updates seen (the progress text changing),
//    main-thread time per update (long-task ms / updates), p95 and worst frame gap. Baseline: a
//    batch of 10. BENCH_CHILDREN=0 skips this part.
// 2. The inbox with BENCH_TASKS (default 10,000) open tasks: time from navigation to the first
//    task row (performance.now()), median of BENCH_RUNS loads. Baseline: 10 open tasks.
//
// It starts its own `wfb serve` (WFB_BIN, else `go build` of this tree) on a fresh data
// directory. Children are start→end (they complete at once, maxConcurrency 50); tasks are the
// open human.confirm steps of BATCHes whose children wait (one execution per 500 tasks).
// A benchmark, not a test: it prints numbers and asserts nothing.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const runs = Number(process.env.BENCH_RUNS || 5);
const children = Number(process.env.BENCH_CHILDREN || 1000);
const tasks = Number(process.env.BENCH_TASKS || 10000);
/**
 * Tasks per BATCH execution (its maxConcurrency: the children wait, so that many tasks open). The
 * figures in docs/web.md were measured this way; a BATCH may run up to 2,000 at once.
 */
const maxPending = 500;
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

async function startServer() {
  let bin = process.env.WFB_BIN;
  if (!bin) {
    bin = join(mkdtempSync(join(tmpdir(), 'wfb-bench-')), 'wfb');
    execFileSync('go', ['build', '-o', bin, './cmd/wfb'], { cwd: repo, stdio: 'inherit' });
  }
  const { startServer: start } = await import('../e2e/server.mjs');
  return start(bin);
}

function client(base, token) {
  return async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

async function publish(api, name, definition) {
  const t = await api('POST', '/v1/templates', { name });
  const v = await api('POST', `/v1/templates/${t.id}/versions`, { version: '1.0.0', definition });
  await api('POST', `/v1/versions/${v.id}/publish`);
  await api('POST', `/v1/versions/${v.id}/activate`);
  return { templateId: t.id, versionId: v.id };
}

const line = (steps) => ({
  id: 'bench',
  name: 'bench',
  steps,
  stepTransitions: steps.slice(1).map((s, i) => ({ id: `t${i}`, fromStepId: steps[i].id, toStepId: s.id })),
});

function batchOf(childVersionId, maxConcurrency) {
  return line([
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'batch', type: 'sys.sub_workflow', name: 'Batch', mode: 'BATCH', maxConcurrency, childWorkflowTemplateVersionId: childVersionId, iterable: { type: 'EXPRESSION', expr: { type: 'jsonata', src: '__context__.items' } }, childWorkflowName: { type: 'jsonata', src: "'Item ' & $string(__each__)" } },
    { id: 'end', type: 'end', name: 'End' },
  ]);
}

async function context(browser, base, token) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript((t) => sessionStorage.setItem('wfb.token', t), token);
  return ctx;
}

async function batchResponsiveness(browser, base, token, api, wf, size) {
  const ctx = await context(browser, base, token);
  const page = await ctx.newPage();
  const exec = await api('POST', '/v1/executions', { workflowTemplateId: wf.templateId, name: `Batch of ${size}`, context: { items: Array.from({ length: size }, (_, i) => i) } });
  await page.goto(`/executions/${exec.id}?step=batch`);
  await page.getByRole('dialog').waitFor();
  const result = await page.evaluate(
    (total) =>
      new Promise((done) => {
        const gaps = [];
        let long = 0;
        let updates = 0;
        let last = -1;
        let lastText = '';
        new PerformanceObserver((l) => l.getEntries().forEach((e) => (long += e.duration))).observe({ type: 'longtask', buffered: false });
        const t0 = performance.now();
        const frame = (now) => {
          if (last >= 0) gaps.push(now - last);
          last = now;
          const text = document.querySelector('[role="dialog"]')?.textContent ?? '';
          const m = /(\d+)\s*done/.exec(text);
          if (text !== lastText) {
            updates++;
            lastText = text;
          }
          const timedOut = now - t0 > 300_000;
          // At least 2 s of frames, so that a batch done before the page opened still has a baseline.
          if ((m && Number(m[1]) >= total && now - t0 > 2000) || timedOut) {
            gaps.sort((a, b) => a - b);
            done({ timedOut, text, updates, long, p95: gaps[Math.floor(gaps.length * 0.95)], worst: gaps[gaps.length - 1], seconds: (now - t0) / 1000 });
            return;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    size,
  );
  await ctx.close();
  // Say why rather than wait: the drawer never said "N done" (a failed batch, say).
  if (result.timedOut) throw new Error(`batch of ${size}: the drawer never said ${size} done; it says: ${result.text.slice(0, 300)}`);
  return result;
}

async function inboxFirstRow(browser, base, token) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await context(browser, base, token);
    const page = await ctx.newPage();
    await page.goto('/inbox?queue=all');
    const t = await page.evaluate(
      () =>
        new Promise((done) => {
          const check = () => (document.querySelector('table[aria-label="Tasks"] tbody tr') ? done(performance.now()) : requestAnimationFrame(check));
          check();
        }),
    );
    times.push(t);
    await ctx.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function waitOpenTasks(api, n) {
  for (let i = 0; i < 1800; i++) {
    // The inbox's counts are the caller's open tasks whatever the page: one cheap read a poll.
    const { counts } = await api('GET', '/v1/tasks?limit=1');
    const count = counts.mine + counts.groups + counts.shared;
    if (count >= n) return count;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`fewer than ${n} open tasks after 60 minutes`);
}

/** startTasks starts executions of the waiting batch until n more tasks will be open (maxPending each). */
async function startTasks(api, wf, n, name) {
  for (let left = n, i = 1; left > 0; i++) {
    const size = Math.min(left, maxPending);
    await api('POST', '/v1/executions', { workflowTemplateId: wf.templateId, name: `${name} ${i}`, context: { items: Array.from({ length: size }, (_, k) => k) } });
    left -= size;
  }
}

const server = await startServer();
const api = client(server.baseURL, server.adminToken);
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  if (children > 0) {
    const trivial = await publish(api, 'Bench child', line([{ id: 'start', type: 'start', name: 'Start' }, { id: 'end', type: 'end', name: 'End' }]));
    const batch = await publish(api, 'Bench batch', batchOf(trivial.versionId, 50));
    const small = await batchResponsiveness(browser, server.baseURL, server.adminToken, api, batch, 10);
    const big = await batchResponsiveness(browser, server.baseURL, server.adminToken, api, batch, children);
    const per = (r) => (r.updates ? r.long / r.updates : 0);
    console.log(`BATCH page, ${children} children vs 10 (baseline):`);
    console.log(`  updates seen        ${big.updates} vs ${small.updates} in ${big.seconds.toFixed(1)} s vs ${small.seconds.toFixed(1)} s`);
    console.log(`  long-task ms/update ${per(big).toFixed(1)} vs ${per(small).toFixed(1)}`);
    console.log(`  p95 frame gap       ${big.p95.toFixed(1)} ms vs ${small.p95.toFixed(1)} ms (ratio ${(big.p95 / small.p95).toFixed(2)})`);
    console.log(`  worst frame gap     ${big.worst.toFixed(1)} ms vs ${small.worst.toFixed(1)} ms`);
  }

  const confirm = await publish(api, 'Bench task', line([{ id: 'start', type: 'start', name: 'Start' }, { id: 'ok', type: 'human.confirm', name: 'Bench task' }, { id: 'end', type: 'end', name: 'End' }]));
  const waiting = await publish(api, 'Bench tasks', batchOf(confirm.versionId, Math.min(Math.max(tasks, 10), maxPending)));
  await startTasks(api, waiting, 10, 'Ten tasks');
  await waitOpenTasks(api, 10);
  const base10 = await inboxFirstRow(browser, server.baseURL, server.adminToken);
  await startTasks(api, waiting, tasks - 10, 'Many tasks');
  const open = await waitOpenTasks(api, tasks);
  const many = await inboxFirstRow(browser, server.baseURL, server.adminToken);
  console.log(`Inbox time to first row, ${open} open tasks vs 10 (baseline), median of ${runs}: ${many.toFixed(0)} ms vs ${base10.toFixed(0)} ms (ratio ${(many / base10).toFixed(2)})`);
} finally {
  await browser.close();
  await server.stop();
}
