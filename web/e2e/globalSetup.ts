import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from './server.mjs';

/**
 * globalSetup starts one `wfb serve` for the whole run and hands its URL and admin token to the
 * tests through the environment; the returned function stops it.
 */
export default async function globalSetup() {
  const bin = process.env.WFB_BIN;
  if (!bin) throw new Error('WFB_BIN must name a wfb binary built from this tree (test.sh builds one)');
  const shots = resolve(process.env.WFB_SCREENSHOTS || 'e2e-screenshots');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  process.env.WFB_SCREENSHOTS = shots;
  const server = await startServer(bin);
  process.env.WFB_BASE_URL = server.baseURL;
  process.env.WFB_ADMIN_TOKEN = server.adminToken;
  return async () => {
    await server.stop();
    console.log(`\nScreenshots of every screen: ${shots}`);
  };
}
