// node bench/editor.mjs: the workflow editor with a generated 500-step definition, against
// plain React Flow drawing the same 500 nodes and edges in the same browser run (the floor the
// editor's own work sits on). Reports ratios; a benchmark, not a test: it asserts nothing.
//
// It starts its own `wfb serve` (WFB_BIN, else `go build` of this tree), creates a draft with
// the definition over the API, and builds the baseline page (bench/baseline) with Vite into a
// temporary folder, served on the app's origin by request interception (never in the dist).
// Measured, median of BENCH_RUNS (default 5), each in a fresh context:
//   first render: navigation start → every node drawn (performance.now() in the page);
//   tidy-up: click → the probe node at its new place and drawn; both sides run ELK's layered
//            layout of the same graph in elkjs's Web Worker, then draw (editor: its options with
//            ports and edge labels, written into the definition; baseline: ELK's defaults);
//   move: drag one node 10 steps and drop it (editor: the definition updated and redrawn).
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const runs = Number(process.env.BENCH_RUNS || 5);
const size = 500;

/** definition: start, 498 human steps in a chain with a branch every 10 steps, end; a grid of positions. */
function definition() {
  const steps = [{ id: 'start', type: 'start' }];
  for (let i = 1; i < size - 1; i++) steps.push({ id: `s${i}`, type: i % 2 ? 'human.confirm' : 'human.form', name: `Step ${i}` });
  steps.push({ id: 'end', type: 'end' });
  steps.forEach((s, i) => (s.ui = { reactFlow: { position: { x: (i % 25) * 300, y: Math.floor(i / 25) * 140 } } }));
  const stepTransitions = [];
  for (let i = 0; i < size - 1; i++) stepTransitions.push({ id: `t${i}`, fromStepId: steps[i].id, toStepId: steps[i + 1].id });
  return { id: 'bench', name: 'Bench 500', steps, stepTransitions };
}

async function startServer() {
  let bin = process.env.WFB_BIN;
  if (!bin) {
    bin = join(mkdtempSync(join(tmpdir(), 'wfb-bench-')), 'wfb');
    execFileSync('go', ['build', '-o', bin, './cmd/wfb'], { cwd: repo, stdio: 'inherit' });
  }
  const { startServer: start } = await import('../e2e/server.mjs');
  return start(bin);
}

async function buildBaseline() {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const outDir = mkdtempSync(join(tmpdir(), 'wfb-bench-baseline-'));
  await build({ root: join(here, 'baseline'), base: '/__bench/', configFile: false, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true } });
  return outDir;
}

async function api(base, token, method, path, body) {
  const r = await fetch(base + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

const allDrawn = (n) =>
  new Promise((done) => {
    const check = () => (document.querySelectorAll('.react-flow__node').length >= n && document.querySelectorAll('.react-flow__edge').length >= n - 1 ? done(performance.now()) : requestAnimationFrame(check));
    check();
  });

/** timeUntilMoved clicks (or calls) and waits until the probe node's transform changed, then a frame. */
const timeUntilMoved = ({ probe, action }) =>
  new Promise((done) => {
    const el = () => document.querySelector(`.react-flow__node[data-id="${probe}"]`);
    const before = el().style.transform;
    const t0 = performance.now();
    if (action === 'tidy') [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Tidy up').click();
    else window.benchRelayout();
    // Moved out of view counts as moved (a large graph draws only what is in view).
    const check = () => (!el() || el().style.transform !== before ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(check));
    check();
  });

async function moveNode(page, id) {
  const box = await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  const t0 = await page.evaluate(() => performance.now());
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + i * 8, y + i * 5);
  await page.mouse.up();
  // Drawn after the drop: two frames (the editor writes the definition, then redraws).
  return page.evaluate((t) => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)))), t0);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const def = definition();
const graph = {
  nodes: def.steps.map((s) => ({ id: s.id, x: s.ui.reactFlow.position.x, y: s.ui.reactFlow.position.y })),
  edges: def.stepTransitions.map((t) => ({ id: t.id, source: t.fromStepId, target: t.toStepId })),
};
const baselineDir = await buildBaseline();
const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
try {
  const base = server.baseURL;
  const t = await api(base, server.adminToken, 'POST', '/v1/templates', { name: 'Bench editor 500' });
  const v = await api(base, server.adminToken, 'POST', `/v1/templates/${t.id}/versions`, { version: '1.0.0', definition: def });
  const results = { editor: { render: [], tidy: [], move: [] }, baseline: { render: [], tidy: [], move: [] } };
  for (let run = -1; run < runs; run++) {
    for (const which of ['baseline', 'editor']) {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
      await context.addInitScript(({ token, g }) => {
        sessionStorage.setItem('wfb.token', token);
        window.benchGraph = g;
      }, { token: server.adminToken, g: graph });
      await context.route(`${base}/__bench/**`, (route) => {
        const path = new URL(route.request().url()).pathname.replace(/^\/__bench\/?/, '') || 'index.html';
        route.fulfill({ body: readFileSync(join(baselineDir, path)), contentType: types[extname(path)] ?? 'application/octet-stream' });
      });
      const page = await context.newPage();
      await page.goto(which === 'editor' ? `/workflows/${t.id}/versions/${v.id}/edit` : '/__bench/index.html');
      const render = await page.evaluate(allDrawn, size);
      await page.waitForTimeout(300);
      const move = await moveNode(page, which === 'editor' ? 's1' : 's1');
      await page.waitForTimeout(300);
      const tidy = await page.evaluate(timeUntilMoved, { probe: 's250', action: which === 'editor' ? 'tidy' : 'relayout' });
      if (run >= 0) {
        results[which].render.push(render);
        results[which].move.push(move);
        results[which].tidy.push(tidy);
      }
      await context.close();
    }
  }
  console.log(`editor with a ${size}-step definition vs plain React Flow with the same ${size} nodes and ${size - 1} edges, median of ${runs} runs:`);
  for (const k of ['render', 'tidy', 'move']) {
    const e = median(results.editor[k]), b = median(results.baseline[k]);
    const name = { render: 'first render', tidy: 'tidy-up', move: 'move a node' }[k];
    console.log(`  ${name.padEnd(13)} editor ${e.toFixed(0).padStart(6)} ms   baseline ${b.toFixed(0).padStart(6)} ms   ratio ${(e / b).toFixed(2)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
