#!/usr/bin/env node
// ort_check.js DIR ORTDIR - run the exported models of tests/bilinear in ONNX
// Runtime: for every model NAME of DIR/models.json, NAME.onnx (as exported
// by PyTorch), NAME.opt.onnx (written by bilinear_opt after the passes) and
// NAME.dump.onnx (written by `onnxc dump -O --format onnx`) on NAME.in.bin;
// all their outputs must match PyTorch's NAME.ref.bin (the outputs one after
// the other), and the optimised ones the original's.
//
// onnxruntime-node is a test-time tool, not a dependency of onnxc: when
// ORTDIR/node_modules/onnxruntime-node is missing it is installed there with
// `npm install --ignore-scripts onnxruntime-node`.  Exit 77 (ctest SKIP) with
// a message when npm is not available; 1 when the install or a check fails.
'use strict';
const fs = require('fs');
const path = require('path');
const cp = require('child_process');

const TOL_REF = 1e-4;   // vs PyTorch, relative to max(1, max |reference|)
const TOL_FOLD = 1e-5;  // folded vs original graph in the same runtime

function loadOrt(ortdir) {
  const mod = path.join(ortdir, 'node_modules', 'onnxruntime-node');
  if (!fs.existsSync(path.join(mod, 'package.json'))) {
    const v = cp.spawnSync('npm', ['--version'], { encoding: 'utf8' });
    if (v.error || v.status !== 0) {
      console.log('SKIP: npm is not available, so onnxruntime-node cannot be installed into ' +
                  ortdir + '; ONNX Runtime check not run');
      process.exit(77);
    }
    fs.mkdirSync(ortdir, { recursive: true });
    console.log('installing onnxruntime-node into ' + ortdir + ' (npm ' + v.stdout.trim() + ')');
    const r = cp.spawnSync('npm', ['install', '--prefix', ortdir, '--ignore-scripts', '--no-audit',
                                   '--no-fund', 'onnxruntime-node'], { stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      console.error('FAIL: npm install onnxruntime-node into ' + ortdir + ' failed');
      process.exit(1);
    }
  }
  return require(mod);
}

function readF32(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function maxDiff(a, b) {
  let e = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= e)) e = d;
  }
  return e;
}

// run: the outputs of model `file` on x, concatenated in graph order.
async function run(ort, file, m, x) {
  const s = await ort.InferenceSession.create(file);
  const feeds = {};
  feeds[m.input] = new ort.Tensor('float32', x, m.input_shape);
  const out = await s.run(feeds);
  if (s.outputNames.length !== m.output_shapes.length)
    throw new Error(file + ': ' + s.outputNames.length + ' outputs, expected ' +
                    m.output_shapes.length);
  const parts = s.outputNames.map((name, i) => {
    const y = out[name];
    if (JSON.stringify(Array.from(y.dims)) !== JSON.stringify(m.output_shapes[i]))
      throw new Error(file + ': output ' + name + ' dims ' + JSON.stringify(y.dims) +
                      ', expected ' + JSON.stringify(m.output_shapes[i]));
    return y.data;
  });
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return all;
}

async function main() {
  const [dir, ortdir] = process.argv.slice(2);
  if (!dir || !ortdir) {
    console.error('usage: ort_check.js DIR ORTDIR');
    process.exit(2);
  }
  const ort = loadOrt(ortdir);
  const models = JSON.parse(fs.readFileSync(path.join(dir, 'models.json'), 'utf8'));
  let bad = 0;
  for (const m of models) {
    const x = readF32(path.join(dir, m.name + '.in.bin'));
    const ref = readF32(path.join(dir, m.name + '.ref.bin'));
    const big = ref.reduce((b, v) => Math.max(b, Math.abs(v)), 1);
    const orig = await run(ort, path.join(dir, m.name + '.onnx'), m, x);
    const eo = maxDiff(orig, ref);
    let ok = orig.length === ref.length && eo <= TOL_REF * big;
    let line = `${m.name} (${m.output_shapes.length} outputs), ONNX Runtime ` +
      `${ort.env.versions ? ort.env.versions.common : ''}: |original - PyTorch| ` +
      `${eo.toExponential(3)}`;
    for (const kind of ['opt', 'dump']) {
      const y = await run(ort, path.join(dir, m.name + '.' + kind + '.onnx'), m, x);
      const ef = maxDiff(y, ref), eof = maxDiff(y, orig);
      ok = ok && y.length === ref.length && ef <= TOL_REF * big && eof <= TOL_FOLD * big;
      line += `; ${kind}: |${kind} - PyTorch| ${ef.toExponential(3)}, |${kind} - original| ` +
        `${eof.toExponential(3)}`;
    }
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${line} (max |PyTorch| ${big.toFixed(3)})`);
    if (!ok) bad = 1;
  }
  process.exit(bad);
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
