#!/usr/bin/python3
"""Generate end-to-end test cases: ONNX models plus PyTorch reference outputs.

Usage:
  gen.py --out DIR [--models a,b,...] [--opsets 9,11,13,17] [--dynamic both|yes|no]

For every (model, opset, dynamic) combination this writes DIR/<model>_op<N>[_dyn]/
with model.onnx and test sets b1/input_0.npy + b1/output_<k>.npy (outputs in
graph output order); dynamic-batch variants (axis 0 of every input and output
is symbolic) also get b2/ with batch size 2.  Reference outputs come from the
PyTorch model itself, never from an ONNX runtime.  Everything is seeded and
runs on one thread, so reruns give the same numbers.

A combination that fails to export, or for which the exporter warns that the
ONNX graph will not match PyTorch, is not generated: a line
"SKIP <case>: <reason>" is printed and appended to DIR/skipped.txt.
DIR/manifest.txt gets one line per generated test set: "<case> <bdir> <n_outputs>".
Exit status is 0 if at least one case was generated, 1 otherwise.
"""
import argparse
import os
import shutil
import sys
import time
import warnings

import numpy as np
import torch
import torchvision
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
from export_fcn import init_bilinear_upsample, randomize_batchnorm  # noqa: E402

SEED = 1234
# Warnings from torch.onnx meaning the exported graph computes something else.
MISMATCH_WARNINGS = ("might cause results to not match",)
SEEN_WARNINGS = set()  # other exporter warnings, each printed once
# BatchNorm scale range.  With gamma ~ U(0.5, 1.5) and measured running stats
# the random-weight fcn_resnet50 amplifies float32 rounding to ~70% of the
# 1e-4 tolerance (float32 vs float64 PyTorch); U(0.1, 0.3) keeps every model
# below ~5% while the outputs still depend strongly on the input.
BN_WEIGHT_RANGE = (0.1, 0.3)


def conv_bn_relu(c_in, c_out, stride=1):
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False),
                         nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class UNet(nn.Module):
    """Two-level U-Net: learned ConvTranspose2d upsampling, concat skips.

    Each decoder starts with a BatchNorm on the concatenated tensor: it follows
    no conv, so the exporter cannot fold it and BatchNormalization stays in
    the graph (every other BatchNorm here is folded into its Conv).
    """

    def __init__(self, c_in=3, n_classes=2, w=16):
        super().__init__()
        self.enc1 = nn.Sequential(conv_bn_relu(c_in, w), conv_bn_relu(w, w))
        self.enc2 = nn.Sequential(conv_bn_relu(w, 2 * w), conv_bn_relu(2 * w, 2 * w))
        self.mid = nn.Sequential(conv_bn_relu(2 * w, 4 * w), conv_bn_relu(4 * w, 4 * w))
        self.pool = nn.MaxPool2d(2)
        self.up2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2)
        self.dec2 = nn.Sequential(nn.BatchNorm2d(4 * w), conv_bn_relu(4 * w, 2 * w),
                                  conv_bn_relu(2 * w, 2 * w))
        self.up1 = nn.ConvTranspose2d(2 * w, w, 2, stride=2)
        self.dec1 = nn.Sequential(nn.BatchNorm2d(2 * w), conv_bn_relu(2 * w, w),
                                  conv_bn_relu(w, w))
        self.head = nn.Conv2d(w, n_classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        m = self.mid(self.pool(e2))
        d2 = self.dec2(torch.cat([self.up2(m), e2], dim=1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], dim=1))
        return self.head(d1)


class FCNBilinear(nn.Module):
    """FCN-16s style: score at /16, x2 bilinear deconv, add /8 score, x8 deconv."""

    def __init__(self, n_classes=5):
        super().__init__()
        self.to8 = nn.Sequential(conv_bn_relu(3, 16, 2), conv_bn_relu(16, 32, 2),
                                 conv_bn_relu(32, 32, 2))
        self.to16 = nn.Sequential(conv_bn_relu(32, 64, 2), conv_bn_relu(64, 64))
        self.score8 = nn.Conv2d(32, n_classes, 1)
        self.score16 = nn.Conv2d(64, n_classes, 1)
        self.up2 = nn.ConvTranspose2d(n_classes, n_classes, 4, stride=2, padding=1, bias=False)
        self.up8 = nn.ConvTranspose2d(n_classes, n_classes, 16, stride=8, padding=4, bias=False)
        init_bilinear_upsample(self.up2)
        init_bilinear_upsample(self.up8)

    def forward(self, x):
        f8 = self.to8(x)
        s = self.up2(self.score16(self.to16(f8))) + self.score8(f8)
        return self.up8(s)


class SegOut(nn.Module):
    """Wrap a torchvision segmentation model, returning only out['out']."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


def transformer():
    layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64,
                                       dropout=0.0, batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=2)


def seg(factory):
    return lambda: SegOut(factory(weights=None, weights_backbone=None))


def cls(factory):
    return lambda: factory(weights=None)


# name -> (constructor, input shape with batch 1)
MODELS = {
    "resnet18": (cls(torchvision.models.resnet18), (1, 3, 64, 64)),
    "mobilenet_v2": (cls(torchvision.models.mobilenet_v2), (1, 3, 64, 64)),
    # AdaptiveAvgPool2d((7, 7)) only exports when the feature map is a
    # multiple of 7, i.e. a 224x224 input.
    "vgg11": (cls(torchvision.models.vgg11), (1, 3, 224, 224)),
    "squeezenet1_1": (cls(torchvision.models.squeezenet1_1), (1, 3, 64, 64)),
    "deeplabv3_mobilenet_v3_large": (
        seg(torchvision.models.segmentation.deeplabv3_mobilenet_v3_large), (1, 3, 96, 96)),
    "lraspp_mobilenet_v3_large": (
        seg(torchvision.models.segmentation.lraspp_mobilenet_v3_large), (1, 3, 96, 96)),
    "fcn_resnet50": (seg(torchvision.models.segmentation.fcn_resnet50), (1, 3, 96, 96)),
    "unet": (UNet, (1, 3, 64, 64)),
    "fcn_bilinear": (FCNBilinear, (1, 3, 64, 64)),
    "transformer": (transformer, (1, 10, 32)),
}


def model_seed(name):
    return SEED + sum(ord(c) for c in name)


def calibrate_batchnorm(model, x):
    """Set BatchNorm running stats to the statistics the model sees on x.

    Purely random running stats make deep random-weight nets (mobilenet_v2,
    deeplabv3_mobilenet_v3_large) output the same values for every input;
    measured stats keep the signal alive, so wrong kernels change the output.
    """
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not bns:
        return
    momenta = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over the calibration batch
    model.train()
    with torch.no_grad():
        model(x)
    for m, momentum in zip(bns, momenta):
        m.momentum = momentum


def randomize_layernorm(model, gen):
    """Give every LayerNorm non-trivial affine params (default is 1 and 0)."""
    for m in model.modules():
        if isinstance(m, nn.LayerNorm) and m.elementwise_affine:
            with torch.no_grad():
                m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=gen))
                m.bias.copy_(torch.rand(m.bias.shape, generator=gen) - 0.5)


def build(name):
    """Deterministically build a model with non-trivial norm layers, in eval mode.

    BatchNorm gets random affine params and running stats measured on a
    random batch of 4; LayerNorm gets random affine params.
    """
    seed = model_seed(name)
    torch.manual_seed(seed)
    model = MODELS[name][0]()
    gen = torch.Generator().manual_seed(seed + 1)
    randomize_batchnorm(model, gen, BN_WEIGHT_RANGE)
    randomize_layernorm(model, gen)
    calibrate_batchnorm(model, make_input(name, 4))
    return model.eval()


def make_input(name, batch):
    shape = (batch,) + MODELS[name][1][1:]
    return torch.randn(shape, generator=torch.Generator().manual_seed(model_seed(name) + batch))


def reference(model, x):
    """Run the PyTorch model; return its outputs as a list of numpy arrays."""
    with torch.no_grad():
        y = model(x)
    ys = list(y) if isinstance(y, (tuple, list)) else [y]
    return [t.contiguous().numpy() for t in ys]


def output_names(n):
    return ["output"] if n == 1 else ["output_%d" % k for k in range(n)]


def export(model, x, path, opset, dynamic, n_out):
    """torch.onnx.export; raise if it fails or warns of a PyTorch mismatch."""
    outs = output_names(n_out)
    axes = {n: {0: "batch"} for n in ["input"] + outs} if dynamic else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.onnx.export(model, (x,), path, opset_version=opset, do_constant_folding=True,
                          input_names=["input"], output_names=outs, dynamic_axes=axes)
    for w in caught:
        if any(s in str(w.message) for s in MISMATCH_WARNINGS):
            raise RuntimeError("exported graph would not match PyTorch: %s" % w.message)
        first = str(w.message).strip().splitlines()[0]
        if first not in SEEN_WARNINGS:
            SEEN_WARNINGS.add(first)
            print("  warning: %s" % first, file=sys.stderr)


def write_set(case_dir, bdir, x, ys):
    d = os.path.join(case_dir, bdir)
    os.makedirs(d)
    np.save(os.path.join(d, "input_0.npy"), x.numpy())
    for k, y in enumerate(ys):
        np.save(os.path.join(d, "output_%d.npy" % k), y)


def one_line(exc):
    lines = [s.strip() for s in str(exc).strip().splitlines() if s.strip()]
    msg = lines[0] if lines else ""
    return "%s: %s" % (type(exc).__name__, msg[:300])


def gen_model(name, opsets, dyn_modes, out, manifest, skipped):
    """Generate every (opset, dynamic) case for one model; return #cases made."""
    t0 = time.time()
    model = build(name)
    inputs = {b: make_input(name, b) for b in ((1, 2) if True in dyn_modes else (1,))}
    sets = {b: (x, reference(model, x)) for b, x in inputs.items()}
    n_out = len(sets[1][1])
    made = 0
    for opset in opsets:
        for dynamic in dyn_modes:
            case = "%s_op%d%s" % (name, opset, "_dyn" if dynamic else "")
            case_dir = os.path.join(out, case)
            shutil.rmtree(case_dir, ignore_errors=True)
            os.makedirs(case_dir)
            t1 = time.time()
            try:
                export(model, sets[1][0], os.path.join(case_dir, "model.onnx"),
                       opset, dynamic, n_out)
            except Exception as exc:  # any exporter failure becomes a SKIP
                shutil.rmtree(case_dir)
                line = "SKIP %s: %s" % (case, one_line(exc))
                print(line, flush=True)
                skipped.append(line)
                continue
            for b in ((1, 2) if dynamic else (1,)):
                write_set(case_dir, "b%d" % b, *sets[b])
                manifest.append("%s b%d %d" % (case, b, n_out))
            size = os.path.getsize(os.path.join(case_dir, "model.onnx"))
            print("  %-40s %10d bytes  %6.1fs" % (case, size, time.time() - t1), flush=True)
            made += 1
    print("%s: %d case(s) in %.1fs" % (name, made, time.time() - t0), flush=True)
    return made


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--opsets", default="9,11,13,17")
    p.add_argument("--dynamic", choices=("both", "yes", "no"), default="both")
    a = p.parse_args()
    a.models = a.models.split(",")
    unknown = [m for m in a.models if m not in MODELS]
    if unknown:
        p.error("unknown model(s): %s (known: %s)" % (",".join(unknown), ",".join(MODELS)))
    a.opsets = [int(s) for s in a.opsets.split(",")]
    a.dynamic = {"both": (False, True), "yes": (True,), "no": (False,)}[a.dynamic]
    return a


def main():
    args = parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    manifest, skipped = [], []
    t0 = time.time()
    made = sum(gen_model(m, args.opsets, args.dynamic, args.out, manifest, skipped)
               for m in args.models)
    for fname, lines in (("manifest.txt", manifest), ("skipped.txt", skipped)):
        with open(os.path.join(args.out, fname), "w") as f:
            f.write("".join(line + "\n" for line in lines))
    print("generated %d case(s), %d skipped, in %.1fs" % (made, len(skipped), time.time() - t0))
    if skipped:
        print("failures:\n" + "\n".join(skipped))
    return 0 if made else 1


if __name__ == "__main__":
    sys.exit(main())
