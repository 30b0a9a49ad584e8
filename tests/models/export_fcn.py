#!/usr/bin/python3
"""Export the bundled demo model: a small FCN-style segmentation net.

Writes fcn_small.onnx, fcn_small_input.npy and fcn_small_output.npy next to
this script.  The net: stride-2 stem, dilated 3x3 convs (rates 1, 2, 5, an
HDC-friendly schedule) in parallel with a 1x1 shortcut branch, BatchNorm
(including one not preceded by a conv, so it survives export as a
BatchNormalization node), ReLU, a 1x1 classifier to 5 classes and a x2
ConvTranspose2d upsampling initialised to a bilinear kernel.  Input
1x3x64x64 float32, output 1x5x64x64, ONNX opset 13.  Fully deterministic.

The helpers bilinear_kernel, init_bilinear_upsample and randomize_batchnorm
are also used by tests/e2e/gen.py.

Usage: /usr/bin/python3 tests/models/export_fcn.py
"""
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240601
NUM_CLASSES = 5
OPSET = 13


def bilinear_kernel(k):
    """k x k bilinear interpolation filter (the classic FCN upsampling init)."""
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    og = torch.arange(k, dtype=torch.float64)
    f = 1 - torch.abs(og - center) / factor
    return (f[:, None] * f[None, :]).float()


def init_bilinear_upsample(deconv):
    """Set a ConvTranspose2d (C->C, square kernel) to per-channel bilinear."""
    c_in, c_out, k, _ = deconv.weight.shape
    assert c_in == c_out and deconv.groups == 1
    with torch.no_grad():
        deconv.weight.zero_()
        filt = bilinear_kernel(k)
        for c in range(c_in):
            deconv.weight[c, c] = filt
        if deconv.bias is not None:
            deconv.bias.zero_()


def randomize_batchnorm(model, gen, weight_range=(0.5, 1.5)):
    """Give every BatchNorm non-trivial statistics and affine params.

    running_mean, bias ~ U(-0.5, 0.5); running_var ~ U(0.5, 2);
    weight ~ U(weight_range).
    """
    lo, hi = weight_range
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            n = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.rand(n, generator=gen) - 0.5)
                m.running_var.copy_(0.5 + 1.5 * torch.rand(n, generator=gen))
                if m.affine:
                    m.weight.copy_(lo + (hi - lo) * torch.rand(n, generator=gen))
                    m.bias.copy_(torch.rand(n, generator=gen) - 0.5)


def conv_bn_relu(c_in, c_out, k=3, stride=1, dilation=1):
    pad = dilation * (k - 1) // 2
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, k, stride, pad, dilation, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True))


class FCNSmall(nn.Module):
    """Stem /2 -> [dilated 1,2,5 trunk + 1x1 branch] -> BN -> 1x1 cls -> x2 up."""

    def __init__(self, num_classes=NUM_CLASSES):
        super().__init__()
        self.stem = conv_bn_relu(3, 16, stride=2)
        self.trunk = nn.Sequential(
            conv_bn_relu(16, 32, dilation=1),
            conv_bn_relu(32, 32, dilation=2),
            conv_bn_relu(32, 32, dilation=5))
        self.branch = nn.Conv2d(16, 32, 1)
        self.fuse_bn = nn.BatchNorm2d(32)
        self.classifier = nn.Conv2d(32, num_classes, 1)
        self.upsample = nn.ConvTranspose2d(
            num_classes, num_classes, 4, stride=2, padding=1, bias=False)

    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(self.fuse_bn(self.trunk(x) + self.branch(x)))
        return self.upsample(self.classifier(x))


def build_model():
    torch.manual_seed(SEED)
    model = FCNSmall()
    randomize_batchnorm(model, torch.Generator().manual_seed(SEED + 1))
    init_bilinear_upsample(model.upsample)
    return model.eval()


def main():
    torch.set_num_threads(1)
    model = build_model()
    x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(SEED + 2))
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, (x,), os.path.join(HERE, "fcn_small.onnx"),
                      opset_version=OPSET, do_constant_folding=True,
                      input_names=["input"], output_names=["output"])
    np.save(os.path.join(HERE, "fcn_small_input.npy"), x.numpy())
    np.save(os.path.join(HERE, "fcn_small_output.npy"), y.numpy())
    print("fcn_small: input %s output %s" % (tuple(x.shape), tuple(y.shape)))


if __name__ == "__main__":
    main()
