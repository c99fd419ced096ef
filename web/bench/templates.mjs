// npm run bench: the first-load JavaScript budget and the time to interactive of Workflow
// Management with 1,000 templates, against a baseline of 10 measured in the same run.
//
// It starts its own `wfb serve` (WFB_BIN, else `go build` of this tree) on a fresh data
// directory, creates templates over the API, and loads /workflows in headless Chromium N times
// per size. "Interactive" is the moment the first page of rows and all their version cells are
// rendered and the search box takes input, read with the Performance API (performance.now()
// since navigation start). A benchmark, not a test: it prints numbers and asserts nothing.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const runs = Number(process.env.BENCH_RUNS || 7);

function firstLoadJs() {
  const dist = join(repo, 'internal', 'webui', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const b = readFileSync(join(dist, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { files, raw, gz };
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

async function createTemplates(base, token, from, to) {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const batch = 8;
  for (let i = from; i < to; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, to - i) }, (_, j) =>
        fetch(`${base}/v1/templates`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ name: `Bench workflow ${String(i + j).padStart(4, '0')}`, description: 'Created by npm run bench' }),
        }).then((r) => {
          if (r.status !== 201) throw new Error(`create template: HTTP ${r.status}`);
        }),
      ),
    );
  }
}

/** gzipped bytes of the dist files named by URLs (what the server sends a browser that accepts gzip). */
function gzippedOf(urls) {
  const dist = join(repo, 'internal', 'webui', 'dist');
  return urls.reduce((n, u) => n + gzipSync(readFileSync(join(dist, new URL(u).pathname)), { level: 9 }).length, 0);
}

async function measure(browser, base, token) {
  const times = [];
  let scripts = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
    await context.addInitScript((t) => sessionStorage.setItem('wfb.token', t), token);
    const page = await context.newPage();
    await page.goto('/workflows');
    const t = await page.evaluate(
      () =>
        new Promise((done) => {
          const check = () => {
            const rows = document.querySelectorAll('table[aria-label="Workflows"] tbody tr').length;
            const loading = document.querySelectorAll('table[aria-label="Workflows"] .mantine-Skeleton-root').length;
            const search = document.querySelector('input[aria-label="Search workflows by name"]');
            if (rows > 0 && loading === 0 && search && !search.disabled) done(performance.now());
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    times.push(t);
    scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.js')),
    );
    await context.close();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], scripts };
}

const js = firstLoadJs();
console.log(`first-load JavaScript: ${js.files.length} files, ${(js.raw / 1024).toFixed(1)} KiB raw, ${(js.gz / 1024).toFixed(1)} KiB gzipped`);

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await createTemplates(server.baseURL, server.adminToken, 0, 10);
  await measure(browser, server.baseURL, server.adminToken); // warm the server and the browser's cache
  const small = await measure(browser, server.baseURL, server.adminToken);
  await createTemplates(server.baseURL, server.adminToken, 10, 1000);
  const large = await measure(browser, server.baseURL, server.adminToken);
  const f = (x) => `${x.median.toFixed(0)} ms (min ${x.min.toFixed(0)}, max ${x.max.toFixed(0)})`;
  console.log(`templates screen, 10 templates:    ${f(small)}  [median of ${runs}]`);
  console.log(`templates screen, 1,000 templates: ${f(large)}  [median of ${runs}]`);
  console.log(`ratio 1,000 / 10: ${(large.median / small.median).toFixed(2)}`);
  console.log(
    `JavaScript loaded by /workflows: ${large.scripts.length} files, ${(gzippedOf(large.scripts) / 1024).toFixed(1)} KiB gzipped (the entry above plus the screen's lazy chunks)`,
  );
} finally {
  await browser.close();
  await server.stop();
}
