/*
 * k_rnn.h - shared state of the recurrent kernels RNN, GRU and LSTM
 * (k_rnn.c: attributes, shapes, activations and the scratch layout;
 * k_rnn_cell.c: the time loop and the three cells).
 *
 * Execution per direction: one GEMM projects every time step of X at once
 * (XW = X * W^T, rows in X's own order), then each step runs one GEMM of the
 * previous hidden state with R^T (two for GRU without linear_before_reset)
 * and a gate update per batch entry.  Batch entries past their
 * sequence_lens are left alone (their Y rows are zero); the reverse
 * direction walks each entry from its own last valid step back to 0.
 */
#ifndef ONNXC_K_RNN_H
#define ONNXC_K_RNN_H

#include "rt.h"

enum rnn_kind { RNN_SIMPLE, RNN_GRU, RNN_LSTM };

/* activation functions of the RNN family (names compared case-blind) */
enum rnn_fn {
	RNN_RELU, RNN_TANH, RNN_SIGMOID, RNN_AFFINE, RNN_LEAKYRELU, RNN_THRESHOLDEDRELU,
	RNN_SCALEDTANH, RNN_HARDSIGMOID, RNN_ELU, RNN_SOFTSIGN, RNN_SOFTPLUS
};

typedef struct rnn_act {
	int fn;              /* enum rnn_fn */
	float alpha, beta;
} rnn_act;

typedef struct rnn_params {
	int kind;            /* enum rnn_kind */
	int ngates;          /* gates per direction: 1, 3 or 4 */
	int ndir;            /* 1 or 2 */
	int reverse;         /* single direction walking backwards */
	int layout;          /* 0: [seq, batch, ...]; 1: [batch, seq, ...] */
	int lbr;             /* GRU linear_before_reset */
	int input_forget;    /* LSTM: ft = 1 - it */
	float clip;          /* > 0: pre-activations clipped to [-clip, clip] */
	int64_t seq, batch, isz, hid;
	rnn_act act[2][3];   /* per direction: f, g, h (as many as the op uses) */
	/* scratch regions, in floats from n->scratch (each 64-byte aligned) */
	size_t off_xw;       /* seq*batch x G*H input projections */
	size_t off_hr;       /* batch x G*H recurrent products */
	size_t off_h;        /* batch x H hidden state */
	size_t off_c;        /* batch x H cell state (LSTM) */
	size_t off_tmp;      /* batch x H rt (.) Ht-1 (GRU) */
	size_t off_bias;     /* G*H summed biases, then G*H recurrent biases */
} rnn_params;

/* rt_rnn_act_row: x[0..n) = a(clip(x)) in place; clip <= 0 means none. */
void rt_rnn_act_row(const rnn_act *a, float *x, int64_t n, float clip);

/* rt_rnn_exec: exec of RNN, GRU and LSTM (k_rnn_cell.c).  -1 (err) when a
 * sequence_lens entry is outside [0, seq_length]. */
int rt_rnn_exec(rt_node *n, onnxc_err *err);

#endif
