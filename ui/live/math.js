// The live pieces' math, once for every piece (plain JS, float64, no dependencies, no words).
// Each formula is written the numerically stable way torch uses; tests/e2e/test_live_math_e2e.py
// runs this file in Chromium on hostile values (±1e4 spreads, 20 classes, float32 near-ties)
// and compares every function with torch. At rest the pieces show torch's own numbers.

function lxMax(z) {
  let m = -Infinity;
  for (const v of z) if (v > m) m = v;
  return m;
}

// σ(z) = 1 / (1 + e^−z); for z < 0 as e^z / (1 + e^z), so exp never overflows.
function lxSigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^−|z|): finite for any finite z.
function lxSoftplus(z) {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

// log Σ e^z_i, shifted by the largest logit (the sum lies in [1, C]).
function lxLogSumExp(z) {
  const m = lxMax(z);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of z) s += Math.exp(v - m);
  return m + Math.log(s);
}

// softmax(z)_i = e^(z_i − max) / Σ_j e^(z_j − max).
function lxSoftmax(z) {
  const m = lxMax(z);
  const e = z.map((v) => Math.exp(v - m));
  let s = 0;
  for (const v of e) s += v;
  return e.map((v) => v / s);
}

// log softmax(z)_i = z_i − logsumexp(z): finite where log(softmax(z)) would be −inf.
function lxLogSoftmax(z) {
  const l = lxLogSumExp(z);
  return z.map((v) => v - l);
}

// H = −Σ p log p of softmax(z) in nats, from log-softmax (no log 0); never below 0.
function lxEntropy(z) {
  let h = 0;
  for (const lp of lxLogSoftmax(z)) {
    const p = Math.exp(lp);
    if (p > 0) h -= p * lp;
  }
  return Math.max(h, 0);
}

// Cross-entropy of one row with its target class: −log softmax(z)[t] = logsumexp(z) − z_t.
function lxCrossEntropy(z, target) {
  return lxLogSumExp(z) - z[target];
}

// Binary cross-entropy with logits: y·softplus(−z) + (1 − y)·softplus(z)
// = max(z, 0) − z·y + log1p(e^−|z|) (torch's binary_cross_entropy_with_logits).
function lxBceWithLogits(z, y) {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

// Numbers as the server writes them (core.base.numbers.fmt_number): d decimals, "NaN", "inf".
function lxFixed(v, d) {
  const x = Number(v);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const t = x.toFixed(d);
  return /^-0\.?0*$/.test(t) ? t.slice(1) : t; // no "-0.0000"
}

// Python's "%.3e": 4 significant digits, a two-digit exponent at least.
function lxSci(x) {
  const [m, e] = x.toExponential(3).split("e");
  const n = Number(e);
  return m + "e" + (n < 0 ? "-" : "+") + String(Math.abs(n)).padStart(2, "0");
}

// A probability as the server writes it (core.base.numbers.fmt_probability): 4 decimals; a
// tiny one in 4 significant digits; one that rounds to 1 but is not 1 as "≈ 1 − 1.108e-05",
// from q = 1 − p computed on its own when given (σ(11.41) is not 1).
function lxProb(p, q) {
  const x = Number(p);
  if (!Number.isFinite(x)) return lxFixed(x, 4);
  if (x > 0 && x < 1e-3) return lxSci(x);
  const rest = q === undefined ? 1 - x : Number(q);
  if (x < 1 && x.toFixed(4) === "1.0000" && rest > 0) return "≈ 1 − " + lxSci(rest);
  return lxFixed(x, 4);
}
