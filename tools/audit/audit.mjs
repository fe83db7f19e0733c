#!/usr/bin/env node
// audit.mjs — run the graphql-http GraphQL-over-HTTP compliance audit
// (https://graphql.github.io/graphql-over-http/) against a running server.
//
// Usage:
//   npm ci                      # once, installs graphql-http + graphql
//   node audit.mjs http://127.0.0.1:8080/graphql
//   AUDIT_JSON=audit.json node audit.mjs http://127.0.0.1:8080/graphql
//
// Prints one line per audit: status (ok, warn, error; "notice" for the
// optional MAY audits), id, name and, for failures, the reason. Then prints
// the summary line
//   audit: N ok, N warn, N error
// (preceded by "audit: N notice" when there are notices).
//
// Environment:
//   AUDIT_JSON        write the full results (incl. failing responses) as JSON here
//   AUDIT_TIMEOUT_MS  per-request timeout, default 10000
//
// Exit status: 0 if no audit has status "error" (warnings and notices are
// allowed), 1 if any does, 2 on usage errors or if the audit could not run
// (server unreachable, timeout, …).

import { writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { auditServer } from 'graphql-http';

const usage = 'usage: node audit.mjs URL   (e.g. http://127.0.0.1:8080/graphql)';

function fail(msg) {
  console.error(`audit: ${msg}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 1 || args[0] === '-h' || args[0] === '--help') {
  fail(usage);
}
let url;
try {
  url = new URL(args[0]);
} catch {
  fail(`invalid URL ${JSON.stringify(args[0])}\n${usage}`);
}
if (url.protocol !== 'http:' && url.protocol !== 'https:') {
  fail(`URL must be http(s), got ${url.protocol}\n${usage}`);
}

const timeoutMs = Number(process.env.AUDIT_TIMEOUT_MS || 10000);
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
  fail(`AUDIT_TIMEOUT_MS must be a positive number, got ${process.env.AUDIT_TIMEOUT_MS}`);
}

// Every audit request gets a timeout so a hanging server cannot hang the audit.
const fetchFn = (input, init = {}) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });

const graphqlHttpVersion = JSON.parse(
  readFileSync(new URL('./node_modules/graphql-http/package.json', import.meta.url), 'utf8'),
).version;

let results;
try {
  results = await auditServer({ url: url.href, fetchFn });
} catch (err) {
  // graphql-http only throws for fatal problems, not for failed audits.
  const cause = err && err.cause ? ` (${err.cause.message || err.cause})` : '';
  fail(`could not audit ${url.href}: ${err && err.message ? err.message : err}${cause}`);
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const r of results) {
  counts[r.status] = (counts[r.status] || 0) + 1;
  const line = `${r.status.padEnd(6)} ${r.id.padEnd(4)} ${r.name}`;
  console.log(r.status === 'ok' ? line : `${line}\n         reason: ${r.reason}`);
}

if (process.env.AUDIT_JSON) {
  const out = {
    url: url.href,
    graphqlHttpVersion,
    date: new Date().toISOString(),
    summary: counts,
    results: await Promise.all(results.map(toJSON)),
  };
  try {
    await writeFile(process.env.AUDIT_JSON, JSON.stringify(out, null, 2) + '\n');
  } catch (err) {
    fail(`writing AUDIT_JSON: ${err.message}`);
  }
}

if (counts.notice) {
  console.log(`audit: ${counts.notice} notice`);
}
console.log(`audit: ${counts.ok} ok, ${counts.warn} warn, ${counts.error} error`);
process.exit(counts.error > 0 ? 1 : 0);

// toJSON turns an AuditResult into plain JSON, reading the failing
// response's body when it has not been consumed by the audit.
async function toJSON(r) {
  const base = { id: r.id, name: r.name, status: r.status };
  if (r.status === 'ok') return base;
  base.reason = r.reason;
  const res = r.response;
  if (res) {
    let body = null;
    try {
      body = res.bodyUsed ? null : await res.text();
    } catch {
      body = null;
    }
    if (body !== null) {
      try {
        body = JSON.parse(body);
      } catch {
        // keep the text
      }
    }
    base.response = {
      status: res.status,
      statusText: res.statusText,
      headers: Object.fromEntries(res.headers.entries()),
      body,
    };
  }
  return base;
}
