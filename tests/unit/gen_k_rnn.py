# gen_k_rnn.py - expected values of tests/unit/test_k_rnn.c and test_k_rnn_ref.c: cases from the ONNX
# backend test data, and RNN/GRU/LSTM cases computed by torch 1.13 (packed
# sequences: per-entry lengths, reverse direction from each entry's own end)
# with the weights reordered to ONNX gate order.  Prints C arrays.
# usage: /usr/bin/python3 tests/unit/gen_k_rnn.py > rnn_cases.h

import numpy as np, onnx, torch
from onnx import numpy_helper as nh
torch.manual_seed(7)
np.random.seed(7)

def arr(name, a):
    a = np.asarray(a, dtype=np.float32).ravel()
    body = ", ".join("%.9g" % v for v in a)
    lines = []
    cur = "\t"
    for tok in body.split(", "):
        if len(cur) + len(tok) + 2 > 96:
            lines.append(cur.rstrip())
            cur = "\t"
        cur += tok + ", "
    lines.append(cur.rstrip().rstrip(","))
    print("static const float %s[%d] = {\n%s\n};" % (name, a.size, "\n".join(lines)))

def backend():
    D='/usr/share/libonnx-testdata/data/node/'
    def ld(case, f): return nh.to_array(onnx.load_tensor(D+case+'/test_data_set_0/'+f+'.pb'))
    print('/* ONNX backend test data (onnx 1.12): X = 1..6 and constant weights unless listed */')
    arr('bk_simple_rnn_defaults_yh', ld('test_simple_rnn_defaults','output_0'))
    arr('bk_gru_defaults_yh', ld('test_gru_defaults','output_0'))
    arr('bk_lstm_peepholes_yh', ld('test_lstm_with_peepholes','output_0'))
    for i,n in enumerate(['x','w','r','b']): arr('bk_gru_seq_length_'+n, ld('test_gru_seq_length','input_%d'%i))
    arr('bk_gru_seq_length_yh', ld('test_gru_seq_length','output_0'))
    arr('bk_lstm_batchwise_y', ld('test_lstm_batchwise','output_0'))

def reorder(w, order, H):
    return np.concatenate([w[k*H:(k+1)*H] for k in order], 0)

def run(mod, x, lens, h0, batch_first):
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lens), batch_first=batch_first, enforce_sorted=False)
    with torch.no_grad():
        out, st = mod(packed, h0)
    y, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=batch_first, total_length=x.shape[1 if batch_first else 0])
    return y, st

def params(mod, ndir, order, H):
    W, R, B = [], [], []
    for d in range(ndir):
        sfx = "_reverse" if d else ""
        g = lambda n: getattr(mod, n + sfx).detach().numpy()
        W.append(reorder(g("weight_ih_l0"), order, H)); R.append(reorder(g("weight_hh_l0"), order, H))
        B.append(np.concatenate([reorder(g("bias_ih_l0"), order, H), reorder(g("bias_hh_l0"), order, H)]))
    return np.stack(W), np.stack(R), np.stack(B)

def torch_cases():
    # 1. LSTM bidirectional, layout 0, seq 4, batch 3, input 3, hidden 2, lens [4,2,3], h0/c0
    S, Bn, I, H = 4, 3, 3, 2
    m = torch.nn.LSTM(I, H, bidirectional=True)
    x = torch.randn(S, Bn, I); h0 = torch.randn(2, Bn, H); c0 = torch.randn(2, Bn, H)
    y, (hn, cn) = run(m, x, [4, 2, 3], (h0, c0), False)
    W, R, B = params(m, 2, [0, 3, 1, 2], H)   # torch i f g o -> onnx i o f c
    y = y.view(S, Bn, 2, H).permute(0, 2, 1, 3)  # [seq, dir, batch, H]
    print("/* LSTM bidirectional: torch.nn.LSTM(3, 2, bidirectional=True), packed lens {4, 2, 3} */")
    for n_, a in [("lstm_x", x), ("lstm_w", W), ("lstm_r", R), ("lstm_b", B), ("lstm_h0", h0), ("lstm_c0", c0), ("lstm_y", y), ("lstm_yh", hn), ("lstm_yc", cn)]:
        arr(n_, a.numpy() if torch.is_tensor(a) else a)

    # 2. GRU bidirectional, layout 1 (batch_first), linear_before_reset=1, lens [3,4,1], no h0
    S, Bn, I, H = 4, 3, 2, 3
    m = torch.nn.GRU(I, H, bidirectional=True, batch_first=True)
    x = torch.randn(Bn, S, I)
    y, hn = run(m, x, [3, 4, 1], None, True)
    W, R, B = params(m, 2, [1, 0, 2], H)      # torch r z n -> onnx z r h
    y = y.view(Bn, S, 2, H)                   # [batch, seq, dir, H]
    hn = hn.permute(1, 0, 2)                  # [batch, dir, H]
    print("/* GRU bidirectional, layout 1, linear_before_reset 1: torch.nn.GRU(2, 3, bidirectional=True, batch_first=True), packed lens {3, 4, 1} */")
    for n_, a in [("gru_x", x), ("gru_w", W), ("gru_r", R), ("gru_b", B), ("gru_y", y), ("gru_yh", hn)]:
        arr(n_, a.numpy() if torch.is_tensor(a) else a)

    # 3. RNN bidirectional Relu, layout 0, lens [2,3], h0
    S, Bn, I, H = 3, 2, 2, 3
    m = torch.nn.RNN(I, H, nonlinearity="relu", bidirectional=True)
    x = torch.randn(S, Bn, I); h0 = torch.randn(2, Bn, H)
    y, hn = run(m, x, [2, 3], h0, False)
    W, R, B = params(m, 2, [0], H)
    y = y.view(S, Bn, 2, H).permute(0, 2, 1, 3)
    print("/* RNN bidirectional Relu: torch.nn.RNN(2, 3, nonlinearity='relu', bidirectional=True), packed lens {2, 3} */")
    for n_, a in [("rnn_x", x), ("rnn_w", W), ("rnn_r", R), ("rnn_b", B), ("rnn_h0", h0), ("rnn_y", y), ("rnn_yh", hn)]:
        arr(n_, a.numpy() if torch.is_tensor(a) else a)

backend()
torch_cases()
