#!/usr/bin/python3
"""Export the PyTorch models of the fold_bilinear / fold_dilation tests.

Usage: make_models.py OUTDIR

Writes, per model NAME, OUTDIR/NAME.onnx (opset 13), OUTDIR/NAME.in.bin (the
input, raw float32) and OUTDIR/NAME.ref.bin (PyTorch's outputs, raw float32,
one after the other), and OUTDIR/models.json describing them (input name and
shape, output shapes).

  fcn       FCN-8s style: four stride-2 convs (1/16), a 1x1 score, a bilinear
            x2 ConvTranspose2d (k=4, s=2, p=1, non-zero bias) added to the
            1/8 skip score, then a bilinear x8 ConvTranspose2d (k=16, s=8,
            p=4, no bias).  Input 1x3x64x48.
  variants  bilinear upsamplers of other shapes in a chain: depthwise x2
            (groups=C, k=4, s=2, p=1), k=3 s=2 p=1 output_padding=1, k=6 s=3
            p=1 (odd stride), and the checkerboard k=5 s=2 p=2
            output_padding=1 (factor 3 != stride 2).  Input 1x4x5x7.
  deeplab   DeepLabv3 style: stride-8 backbone (128x128 -> 16x16), ASPP with
            a 1x1 branch, atrous 3x3 rates 12/24/36 (pads = rates), an image
            pooling branch, projection, classifier and a bilinear x8
            ConvTranspose2d.  ONNX shape inference is applied so the value
            shapes are in the file.  Input 1x3x128x128.
  sweep     one output per bilinear ConvTranspose2d with factor == stride:
            s in 1..8, k in {2s-1, 2s} (k <= 16), several pads, output_padding
            0 or s-1, groups 1 or C, bias or none, all on one 1x3x5x4 input.

Weights are deterministic (fixed seed); BatchNorm statistics are random so
that the export's Conv+BN folding changes the weights.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

SEED = 20240917
OPSET = 13


def bilinear_kernel(k):
    """k x k bilinear interpolation filter (the FCN upsampling init)."""
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    og = torch.arange(k, dtype=torch.float64)
    f = 1 - torch.abs(og - center) / factor
    return (f[:, None] * f[None, :]).float()


def bilinear_up(c, k, s, p, groups=1, bias=False, output_padding=0):
    """A ConvTranspose2d(c, c) holding the bilinear filter per channel."""
    m = nn.ConvTranspose2d(c, c, k, stride=s, padding=p, groups=groups, bias=bias,
                           output_padding=output_padding)
    with torch.no_grad():
        m.weight.zero_()
        filt = bilinear_kernel(k)
        for ch in range(c):
            m.weight[ch, 0 if groups == c else ch] = filt
        if bias:
            m.bias.copy_(torch.linspace(-0.5, 0.5, c))
    return m


def conv_bn(cin, cout, k=3, s=1, p=1, d=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride=s, padding=p, dilation=d, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU())


class FCN(nn.Module):
    def __init__(self, nc=5):
        super().__init__()
        self.s1 = conv_bn(3, 8, s=2)
        self.s2 = conv_bn(8, 16, s=2)
        self.s3 = conv_bn(16, 24, s=2)      # 1/8
        self.s4 = conv_bn(24, 32, s=2)      # 1/16
        self.score16 = nn.Conv2d(32, nc, 1)
        self.score8 = nn.Conv2d(24, nc, 1)
        self.up2 = bilinear_up(nc, 4, 2, 1, bias=True)
        self.up8 = bilinear_up(nc, 16, 8, 4)

    def forward(self, x):
        f8 = self.s3(self.s2(self.s1(x)))
        f16 = self.s4(f8)
        y = self.up2(self.score16(f16)) + self.score8(f8)
        return self.up8(y)


class Variants(nn.Module):
    def __init__(self, c=4):
        super().__init__()
        self.dw = bilinear_up(c, 4, 2, 1, groups=c)
        self.k3 = bilinear_up(c, 3, 2, 1, bias=True, output_padding=1)
        self.k6 = bilinear_up(c, 6, 3, 1)
        self.k5 = bilinear_up(c, 5, 2, 2, output_padding=1)

    def forward(self, x):
        return self.k5(self.k6(self.k3(self.dw(x))))


class DeepLab(nn.Module):
    def __init__(self, nc=5, c=16, a=8):
        super().__init__()
        self.backbone = nn.Sequential(conv_bn(3, 8, s=2), conv_bn(8, c, s=2), conv_bn(c, c, s=2))
        self.b0 = conv_bn(c, a, 1, p=0)
        self.b12 = conv_bn(c, a, 3, p=12, d=12)
        self.b24 = conv_bn(c, a, 3, p=24, d=24)
        self.b36 = conv_bn(c, a, 3, p=36, d=36)
        self.pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(c, a, 1), nn.ReLU())
        self.project = conv_bn(4 * a, a, 1, p=0)
        self.classify = nn.Conv2d(a, nc, 1)
        self.up8 = bilinear_up(nc, 16, 8, 4)

    def forward(self, x):
        f = self.backbone(x)
        y = torch.cat([self.b0(f) + self.pool(f), self.b12(f), self.b24(f), self.b36(f)], 1)
        return self.up8(self.classify(self.project(y)))


class Sweep(nn.Module):
    def __init__(self, c=3):
        super().__init__()
        self.ups = nn.ModuleList()
        i = 0
        for s in range(1, 9):
            for k in (2 * s - 1, 2 * s):
                if k > 16:
                    continue
                for p in sorted({0, (k - s) // 2, (k - s + 1) // 2, k - 1}):
                    for op in sorted({0, s - 1}):
                        self.ups.append(bilinear_up(c, k, s, p, groups=c if i % 2 else 1,
                                                    bias=i % 3 == 0, output_padding=op))
                        i += 1

    def forward(self, x):
        return tuple(up(x) for up in self.ups)


def randomize_bn(model):
    g = torch.Generator().manual_seed(SEED + 1)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)


def export(outdir, name, model, shape, infer_shapes=False):
    torch.manual_seed(SEED)
    model.eval()
    randomize_bn(model)
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(SEED + 2))
    with torch.no_grad():
        y = model(x)
    ys = y if isinstance(y, tuple) else (y,)
    path = os.path.join(outdir, name + ".onnx")
    torch.onnx.export(model, x, path, opset_version=OPSET, input_names=["x"],
                      output_names=["y%d" % i for i in range(len(ys))])
    if infer_shapes:
        onnx.save(onnx.shape_inference.infer_shapes(onnx.load(path)), path)
    x.numpy().astype(np.float32).tofile(os.path.join(outdir, name + ".in.bin"))
    np.concatenate([t.numpy().astype(np.float32).ravel() for t in ys]).tofile(
        os.path.join(outdir, name + ".ref.bin"))
    return {"name": name, "input": "x", "input_shape": list(shape),
            "output_shapes": [list(t.shape) for t in ys]}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(SEED)
    fcn = FCN()
    torch.manual_seed(SEED)
    variants = Variants()
    torch.manual_seed(SEED)
    deeplab = DeepLab()
    sweep = Sweep()
    models = [export(outdir, "fcn", fcn, (1, 3, 64, 48)),
              export(outdir, "variants", variants, (1, 4, 5, 7)),
              export(outdir, "deeplab", deeplab, (1, 3, 128, 128), infer_shapes=True),
              export(outdir, "sweep", sweep, (1, 3, 5, 4))]
    with open(os.path.join(outdir, "models.json"), "w") as f:
        json.dump(models, f, indent=1)
    for m in models:
        print("%s: input %s -> %d output(s), the first %s" % (
            m["name"], m["input_shape"], len(m["output_shapes"]), m["output_shapes"][0]))


if __name__ == "__main__":
    main()
