// Softmax as the drag chart computes it while a thumb moves (plain JS, no dependencies).
// Max-shifted, in float64: tests/e2e/test_softmax_e2e.py checks it against torch.softmax to
// 1e-6 on random logits. At rest the chart shows the probabilities torch sent from Python.
function sxdSoftmax(z) {
  let m = -Infinity;
  for (const v of z) if (v > m) m = v;
  const e = z.map((v) => Math.exp(v - m));
  let s = 0;
  for (const v of e) s += v;
  return e.map((v) => v / s);
}

function sxdFixed(v, d) {
  // toFixed without "-0.0000"
  const t = Number(v).toFixed(d);
  return /^-0\.?0*$/.test(t) ? t.slice(1) : t;
}
