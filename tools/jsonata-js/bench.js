// Reference side of cmd/jsonatabench: reads {"millis": N, "rounds": R,
// "cases": [{"name", "expr", "input"}]} from the file named on the command
// line, evaluates each expression repeatedly with jsonata-js for about N
// milliseconds (after a warm-up), R times, and prints the best round as
// [{"name", "nsPerOp", "result"}] JSON on stdout. The best of several rounds
// is the least disturbed by other load on the machine.
'use strict';
const fs = require('fs');
const jsonata = require('jsonata');

async function measure(c, millis) {
  const expr = jsonata(c.expr);
  const bindings = c.bindings || {};
  let result;
  const warmEnd = Date.now() + Math.min(200, millis);
  while (Date.now() < warmEnd) {
    result = await expr.evaluate(c.input, bindings);
  }
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(millis) * 1000000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) {
      result = await expr.evaluate(c.input, bindings);
    }
    ops += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  return { name: c.name, nsPerOp: Number(elapsed) / ops, result: result === undefined ? null : result };
}

async function main() {
  const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cfg.cases) {
    let best;
    for (let r = 0; r < (cfg.rounds || 1); r++) {
      const m = await measure(c, cfg.millis);
      if (!best || m.nsPerOp < best.nsPerOp) best = m;
    }
    out.push(best);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : JSON.stringify(err)) + '\n');
  process.exit(1);
});
