#!/usr/bin/python3
"""make_models.py OUTDIR [NAME...] - ONNX models for the dilation lint's tests.

Exported from PyTorch (eval mode, opset 13, BatchNorm folded by the
exporter) into OUTDIR/NAME.onnx:
  stack_246, stack_222, stack_129, stack_125, stack_125125, stack_193:
      a stride-2 stem (3x3, pad 1) then 3x3 convs with pad = dilation = rate,
      each with BatchNorm and ReLU, and a 1x1 classifier; 1x3x64x64 input.
  residual:  stem, then a basic block whose two 3x3 convs have rate 2, with
      the identity skip; 1x3x64x64.
  aspp:      stem, a 3x3 conv, torchvision's ASPP (1x1, rates 6/12/18, image
      pooling), 1x1 classifier; 1x3x64x64.
  deeplabv3_mobilenet_v3_large: torchvision, weights=None, 1x3x256x256.
  lraspp_mobilenet_v3_large, fcn_resnet50: torchvision, weights=None,
      1x3x256x256 (not made by default: only named).
Without NAMEs it makes the default set (all but the last two).
"""
import os
import sys

import torch
import torch.nn as nn

STACKS = {
    "stack_246": [2, 4, 6],
    "stack_222": [2, 2, 2],
    "stack_129": [1, 2, 9],
    "stack_125": [1, 2, 5],
    "stack_125125": [1, 2, 5, 1, 2, 5],
    "stack_193": [1, 9, 3],
}
TORCHVISION = ["deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large", "fcn_resnet50"]
DEFAULT = list(STACKS) + ["residual", "aspp", "deeplabv3_mobilenet_v3_large"]


def cbr(cin, cout, k=3, rate=1, stride=1):
    pad = rate * (k - 1) // 2
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, pad, dilation=rate, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU())


def stem():
    return cbr(3, 16, 3, 1, 2)


class Stack(nn.Module):
    def __init__(self, rates):
        super().__init__()
        self.stem = stem()
        self.body = nn.Sequential(*[cbr(16, 16, 3, r) for r in rates])
        self.head = nn.Conv2d(16, 4, 1)

    def forward(self, x):
        return self.head(self.body(self.stem(x)))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = stem()
        self.conv1 = cbr(16, 16, 3, 2)
        self.conv2 = nn.Sequential(nn.Conv2d(16, 16, 3, 1, 2, dilation=2, bias=False),
                                   nn.BatchNorm2d(16))
        self.head = nn.Conv2d(16, 4, 1)

    def forward(self, x):
        s = self.stem(x)
        return self.head(torch.relu(self.conv2(self.conv1(s)) + s))


class Aspp(nn.Module):
    def __init__(self):
        super().__init__()
        from torchvision.models.segmentation.deeplabv3 import ASPP
        self.stem = stem()
        self.conv = cbr(16, 16, 3, 1)
        self.aspp = ASPP(16, [6, 12, 18], 16)
        self.head = nn.Conv2d(16, 4, 1)

    def forward(self, x):
        return self.head(self.aspp(self.conv(self.stem(x))))


class OutOnly(nn.Module):
    """torchvision's segmentation models return a dict; export its 'out'."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return self.m(x)["out"]


def build(name):
    if name in STACKS:
        return Stack(STACKS[name]), 64
    if name == "residual":
        return Residual(), 64
    if name == "aspp":
        return Aspp(), 64
    if name in TORCHVISION:
        import torchvision.models.segmentation as seg
        kw = {"weights": None, "weights_backbone": None}
        return OutOnly(getattr(seg, name)(**kw)), 256
    raise SystemExit("make_models.py: unknown model '%s'" % name)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    names = sys.argv[2:] or DEFAULT
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for name in names:
        model, size = build(name)
        model.eval()
        path = os.path.join(out, name + ".onnx")
        tmp = path + ".tmp"
        with torch.no_grad():
            torch.onnx.export(model, torch.zeros(1, 3, size, size), tmp, opset_version=13,
                              input_names=["image"], output_names=["out"])
        os.replace(tmp, path)
        print("wrote", path)


if __name__ == "__main__":
    main()
