// Prints the size of dist/ (raw and gzipped) by kind, and fails when the first load
// goes over budget (500 KB gzipped by default). First load = index.html + the app's js/wasm + css + icon: what the
// browser fetches before the page is usable. Each worker loads on its first use and
// is reported beside it (and counted in the total budget too, to stay honest).
// Usage: node scripts/size-report.mjs [DIST] [BUDGET_KB]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const budgetKb = Number(process.argv[3] ?? 500);
// The workers are the Trunk bins marked data-type="worker" in the source index.html.
const source = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
const workers = [...source.matchAll(/data-bin="([^"]+)"[^>]*data-type="worker"/g)].map((m) => m[1]);
const rows = [];
for (const name of readdirSync(dist)) {
  const path = join(dist, name);
  if (!statSync(path).isFile() || name.startsWith('.')) continue;
  const body = readFileSync(path);
  const raw = body.length;
  const gz = gzipSync(body, { level: 9 }).length;
  const worker = workers.some((w) => name === `${w}.js` || name === `${w}_bg.wasm`);
  const kind = name.endsWith('.wasm') ? 'wasm' : name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : 'other';
  rows.push({ name, kind, worker, raw, gz });
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
rows.sort((a, b) => b.gz - a.gz);
console.log(`${'file'.padEnd(40)} ${'kind'.padEnd(5)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
for (const r of rows) {
  console.log(`${(r.name + (r.worker ? ' (worker)' : '')).padEnd(40)} ${r.kind.padEnd(5)} ${kb(r.raw)} ${kb(r.gz)}`);
}
const sum = (list, key) => list.reduce((s, r) => s + r[key], 0);
const first = rows.filter((r) => !r.worker);
const worker = rows.filter((r) => r.worker);
for (const kind of ['wasm', 'js', 'css']) {
  const k = rows.filter((r) => r.kind === kind);
  console.log(`total ${kind.padEnd(34)}       ${kb(sum(k, 'raw'))} ${kb(sum(k, 'gz'))}`);
}
console.log(`first load (page)${' '.repeat(29)}${kb(sum(first, 'raw'))} ${kb(sum(first, 'gz'))}`);
console.log(`workers (on first use)${' '.repeat(24)}${kb(sum(worker, 'raw'))} ${kb(sum(worker, 'gz'))}`);
const firstKb = sum(first, 'gz') / 1024;
const totalKb = sum(rows, 'gz') / 1024;
console.log(`size: first load ${firstKb.toFixed(1)} KB gzipped (budget ${budgetKb} KB); with every worker ${totalKb.toFixed(1)} KB`);
if (firstKb > budgetKb) {
  console.error(`size: the first load is over budget by ${(firstKb - budgetKb).toFixed(1)} KB gzipped`);
  process.exit(1);
}
