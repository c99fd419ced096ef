// Starts a real `wfb serve` for the E2E run and the bench: the binary built from this tree,
// a fresh data directory, authentication on, free ports.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * startServer runs `wfb serve` and resolves once it printed its URL and first admin key.
 * @param {string} bin the wfb binary
 * @param {string} [addr] the listen address; default a free port on 127.0.0.1
 * @param {{dataDir?: string, adminToken?: string}} [reuse] restart on an earlier server's data
 *   directory (see Server.restart); a server that is not new prints no admin key, so the
 *   earlier one is passed in
 * @returns {Promise<import('./server.d.mts').Server>}
 */
export async function startServer(bin, addr = '127.0.0.1:0', reuse = {}) {
  const dataDir = reuse.dataDir ?? mkdtempSync(join(tmpdir(), 'wfb-e2e-'));
  const help = execFileSync(bin, ['serve', '-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const helpText = String(help);
  const args = ['serve', '--addr', addr, '--data-dir', dataDir, '--temporal-port', '0', '--log-level', 'warn'];
  // The embedded Temporal Web UI port flag exists from issue #11 on; 0 picks a free one.
  if (/-temporal-ui-port\b/.test(helpText)) args.push('--temporal-ui-port', '0');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WFB_NO_AUTH: 'false' } });
  let out = '';
  const logs = [];
  child.stderr.on('data', (d) => logs.push(String(d)));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wfb serve did not start in 180 s:\n${out}\n${logs.join('')}`)), 180_000);
    child.stdout.on('data', (d) => {
      out += String(d);
      const api = /wfb: API\s+(http:\/\/\S+)\/v1/.exec(out);
      const token = reuse.adminToken ?? /export WFB_TOKEN=(\S+)/.exec(out)?.[1];
      if (api && token) {
        clearTimeout(timer);
        resolve({ baseURL: api[1], adminToken: token });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wfb serve exited with ${code}:\n${out}\n${logs.join('')}`));
    });
  });
  const { baseURL, adminToken } = await ready;
  child.removeAllListeners('exit');
  const halt = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return {
    baseURL,
    adminToken,
    stop: async () => {
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
    },
    restart: async () => {
      await halt();
      return startServer(bin, new URL(baseURL).host, { dataDir, adminToken });
    },
  };
}
