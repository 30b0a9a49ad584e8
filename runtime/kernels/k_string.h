/*
 * k_string.h - string tensors shared between kernels (runtime/kernels/).
 */
#ifndef ONNXC_K_STRING_H
#define ONNXC_K_STRING_H

#include "rt.h"

/* rt_str_cast: out[0] = in[0] converted element by element when either is
 * IR_STRING (the node is folded at prepare).  Numbers print as numpy's
 * str() does (shortest round-trip digits: "0.039187793", "1e-05", "3.0",
 * "nan", "-inf"; bool as "True"/"False"); strings parse with strtod/strtoll
 * ("NaN", "INF", "+INF", "-inf" accepted; bool from "true"/"false" in any
 * case or a number).  0, or -1 (err) for an unparsable string or OOM. */
int rt_str_cast(rt_node *n, onnxc_err *err);
/* rt_str_format: element i of numeric tensor t as numpy's str() prints it,
 * into buf (at least 48 bytes). */
void rt_str_format(const rt_tensor *t, int64_t i, char *buf, size_t len);

#endif
