#!/usr/bin/env node
// ort_worker.js ORTDIR - ONNX Runtime side of tools/bench/side_by_side.py.
//
// Reads one JSON request per line on stdin and answers one JSON line on
// stdout:
//   {"model": FILE, "input": NAME, "shape": [..], "data": BINFILE (float32),
//    "threads": T, "runs": K, "warmup": W}
//   -> {"times_ms": [K numbers]}  or  {"error": "..."}
// Sessions are cached per (model, threads); a new session runs W warm-up
// runs first.  Options: graph optimisation level "all", sequential execution,
// intraOpNumThreads = T, interOpNumThreads = 1 (what ORT's own benchmarks
// use for single-stream latency).
//
// onnxruntime-node is a benchmark tool, not a dependency of onnxc: when
// ORTDIR/node_modules/onnxruntime-node is missing it is installed there with
// `npm install --ignore-scripts onnxruntime-node`.
'use strict';
const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const readline = require('readline');

function loadOrt(ortdir) {
  const mod = path.join(ortdir, 'node_modules', 'onnxruntime-node');
  if (!fs.existsSync(path.join(mod, 'package.json'))) {
    fs.mkdirSync(ortdir, { recursive: true });
    process.stderr.write('installing onnxruntime-node into ' + ortdir + '\n');
    const r = cp.spawnSync('npm', ['install', '--prefix', ortdir, '--ignore-scripts', '--no-audit',
                                   '--no-fund', 'onnxruntime-node'], { stdio: ['ignore', 2, 2] });
    if (r.error || r.status !== 0) {
      process.stderr.write('npm install onnxruntime-node into ' + ortdir + ' failed\n');
      process.exit(1);
    }
  }
  return require(mod);
}

const ort = loadOrt(process.argv[2] || '.');
const sessions = new Map();
const feedsCache = new Map();

function readF32(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

async function handle(req) {
  const key = req.model + '@' + req.threads;
  let s = sessions.get(key);
  let feeds = feedsCache.get(req.data);
  if (!feeds) {
    feeds = {};
    feeds[req.input] = new ort.Tensor('float32', readF32(req.data), req.shape);
    feedsCache.set(req.data, feeds);
  }
  if (!s) {
    s = await ort.InferenceSession.create(req.model, {
      graphOptimizationLevel: 'all', executionMode: 'sequential',
      intraOpNumThreads: req.threads, interOpNumThreads: 1,
    });
    sessions.set(key, s);
    for (let i = 0; i < req.warmup; i++)
      await s.run(feeds);
  }
  const times = [];
  for (let i = 0; i < req.runs; i++) {
    const t0 = process.hrtime.bigint();
    await s.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { times_ms: times, version: ort.env.versions ? ort.env.versions.common : undefined };
}

const rl = readline.createInterface({ input: process.stdin });
let chain = Promise.resolve();
rl.on('line', (line) => {
  chain = chain.then(async () => {
    let reply;
    try {
      reply = await handle(JSON.parse(line));
    } catch (e) {
      reply = { error: String(e && e.message ? e.message : e).split('\n')[0] };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  });
});
