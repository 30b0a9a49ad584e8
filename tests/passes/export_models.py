#!/usr/bin/python3
"""Export models whose graphs still hold what the passes rewrite.

Usage: export_models.py --out DIR

torch.onnx.export already folds BatchNorm into Conv and constant-folds
shape chains; these exports keep them (constant folding off, BatchNorm
preserved by exporting the parameters as graph inputs, which are then
dropped from the inputs so they are plain initializers again):

  resnet18_bn  torchvision resnet18 built by tests/e2e/gen.py (random
               weights, calibrated BatchNorm): Conv -> BatchNormalization
               pairs, Gemm.
  mix          ZeroPad2d -> Conv -> per-channel Mul/Add (a frozen BatchNorm
               done by hand) -> ReLU -> grouped ConvTranspose -> BatchNorm ->
               ZeroPad2d -> AvgPool2d(count_include_pad) -> reshape by
               x.shape[0] (Shape->Gather->Unsqueeze->Concat->Reshape) ->
               matmul + bias (MatMul + Add) -> Identity-like ops.

For each model DIR/<name>/model.onnx and DIR/<name>/b1/{input_0,output_0}.npy
(PyTorch's output) are written, and DIR/manifest.txt lists "<name> b1 1" as
tests/e2e/gen.py does.  Opset 13, deterministic.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import gen  # noqa: E402

SEED = 4321


class Mix(nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(SEED)
        self.pad = nn.ZeroPad2d((1, 2, 1, 0))
        self.conv = nn.Conv2d(3, 8, 3)
        self.scale = nn.Parameter(0.5 + torch.rand(1, 8, 1, 1, generator=g))
        self.shift = nn.Parameter(torch.rand(8, 1, 1, generator=g) - 0.5)
        self.deconv = nn.ConvTranspose2d(8, 8, 2, stride=2, groups=2)
        self.bn = nn.BatchNorm2d(8)
        self.pool_pad = nn.ZeroPad2d(1)
        self.pool = nn.AvgPool2d(3, stride=2, count_include_pad=True)
        self.w = nn.Parameter(torch.randn(8 * 15 * 17, 10, generator=g) * 0.05)
        self.b = nn.Parameter(torch.randn(10, generator=g))
        with torch.no_grad():
            self.bn.weight.copy_(0.5 + torch.rand(8, generator=g))
            self.bn.bias.copy_(torch.rand(8, generator=g) - 0.5)
            self.bn.running_mean.copy_(torch.rand(8, generator=g) - 0.5)
            self.bn.running_var.copy_(0.5 + torch.rand(8, generator=g))

    def forward(self, x):
        y = self.conv(self.pad(x)) * self.scale + self.shift
        y = self.bn(self.deconv(torch.relu(y)))
        y = self.pool(self.pool_pad(y))
        y = y.reshape(y.shape[0], -1)
        return torch.matmul(y, self.w) + self.b


def build(name):
    torch.manual_seed(SEED)
    if name == "resnet18_bn":
        return gen.build("resnet18"), gen.make_input("resnet18", 1)
    x = torch.randn((1, 3, 16, 16), generator=torch.Generator().manual_seed(SEED + 1))
    return Mix().eval(), x


def export(model, x, path):
    """Export keeping BatchNorm and every constant subgraph."""
    torch.onnx.export(model, (x,), path, opset_version=13, do_constant_folding=False,
                      keep_initializers_as_inputs=True,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["input"], output_names=["output"])
    m = onnx.load(path)
    inits = {t.name for t in m.graph.initializer}
    keep = [i for i in m.graph.input if i.name not in inits]
    del m.graph.input[:]
    m.graph.input.extend(keep)
    onnx.checker.check_model(m)
    onnx.save(m, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(1)
    manifest = []
    for name in ("resnet18_bn", "mix"):
        model, x = build(name)
        d = os.path.join(a.out, name, "b1")
        os.makedirs(d, exist_ok=True)
        export(model, x, os.path.join(a.out, name, "model.onnx"))
        with torch.no_grad():
            y = model(x)
        np.save(os.path.join(d, "input_0.npy"), x.numpy())
        np.save(os.path.join(d, "output_0.npy"), y.numpy())
        manifest.append("%s b1 1\n" % name)
        print("%s: exported" % name)
    with open(os.path.join(a.out, "manifest.txt"), "w") as f:
        f.write("".join(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
