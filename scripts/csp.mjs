// Trunk post-build hook: gives the built page a Content-Security-Policy.
//
// The page may run only its own scripts and wasm, start only its own workers, fetch only
// from its own origin and load nothing from anywhere else: even a bug cannot send a
// planner's data away. Trunk writes one inline module script (the loader that starts the
// wasm); it is allowed by its SHA-256 hash, computed here from the final file, so the
// policy never needs 'unsafe-inline'. A <meta> policy cannot say frame-ancestors: sites
// that embed Attune in an iframe stay free to (issue: embedding).
//
// Usage (from Trunk.toml): node scripts/csp.mjs  — reads $TRUNK_STAGING_DIR/index.html.
// Also: node scripts/csp.mjs path/to/index.html
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8');

const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}

const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  // gloo-worker starts each worker from a small blob: shim that loads worker.js; a blob
  // worker inherits this very policy.
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
const charset = /<meta charset=["']?utf-8["']?\s*\/?>/i;
if (!charset.test(html)) {
  console.error(`csp: ${file} has no <meta charset="utf-8">, where the policy goes`);
  process.exit(1);
}
html = html.replace(charset, (m) => `${m}${meta}`);
writeFileSync(file, html);
console.log(`csp: policy written to ${file} (${hashes.length} inline script${hashes.length === 1 ? '' : 's'} allowed by hash)`);
