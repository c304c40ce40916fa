// The Sigmoid page's logit control, live: a thumb, the readouts σ(z), 1 − σ(z), σ'(z) and the
// binary loss, the sigmoid curve and the loss curve with their points. While the thumb moves the
// browser computes the point (lxSigmoid, lxBceWithLogits of math.js, in float32 like torch's
// readout); on release (or a key press) {value, seq} goes to Python, which sends torch's numbers.

// The numbers the piece shows for z, computed in the browser the way torch's readout does:
// float32 input, σ, then 1 − σ and σ(1 − σ) rounded to float32 at each step.
function lxsBrowserNumbers(z, target) {
  const zf = Math.fround(z);
  const s = Math.fround(lxSigmoid(zf));
  const c = Math.fround(1 - s);
  return { z: zf, s, c, d: Math.fround(s * c), loss: Math.fround(lxBceWithLogits(zf, target)) };
}

function lxsBuild(root, st, data) {
  root.textContent = "";
  const L = data.labels;
  const { input } = lxThumbRow(root, "lxs-thumb", data.lo, data.hi, data.step, L.thumb);
  const readouts = document.createElement("div");
  readouts.className = "lx-readouts";
  st.out = { z: lxReadout(readouts, L.z), s: lxReadout(readouts, "σ(z)"),
             c: lxReadout(readouts, "1 − σ(z)"), d: lxReadout(readouts, "σ'(z) = σ(1 − σ)"),
             loss: lxReadout(readouts, L.loss) };
  root.appendChild(readouts);
  const plots = document.createElement("div");
  plots.className = "lx-plots";
  const [curve, loss] = [lxPlotBox(plots, L.curve_title), lxPlotBox(plots, L.loss_title)];
  st.curveBox = Object.assign(curve.box, { area: curve.area });
  st.lossBox = Object.assign(loss.box, { area: loss.area });
  root.appendChild(plots);
  st.foot = lxFoot(root);
  st.input = input;

  input.addEventListener("pointerdown", () => {
    st.pointer = true;
    st.before = st.z;
  });
  input.addEventListener("input", () => {
    st.z = Number(input.value);
    lxsShow(root, st, lxsBrowserNumbers(st.z, st.data.target), "browser");
  });
  input.addEventListener("change", () => lxCommitChange(st, () => ({ value: st.z })));
}

// The two plots at the current width (redrawn when the width changes).
function lxsPlots(st) {
  const data = st.data;
  const L = data.labels;
  const cv = data.curve;
  const lo = cv.x[0], hi = cv.x[cv.x.length - 1];
  const draw = (box, h, ys, yLo, yHi, yTicks, extra) => {
    box.area.textContent = "";
    const w = Math.max(box.area.clientWidth || 0, 260);
    const svg = lxSvg(box.area, w, h, box.firstChild.textContent);
    const b = { x0: 46, x1: w - 14, y0: 22, y1: h - 40 };
    const sx = lxScale(lo, hi, b.x0, b.x1);
    const sy = lxScale(yLo, yHi, b.y1, b.y0);
    const xt = lxTicks(lo, hi, Math.max(3, Math.floor((b.x1 - b.x0) / 60)));
    if (extra) extra(svg, b, sx, sy);
    lxAxes(svg, b, sx, sy, { xTicks: xt, yTicks, fx: lxTickText, fy: lxTickText,
                             xTitle: L.axis_z });
    lxCurve(svg, cv.x, ys, sx, sy, "lxs-curve");
    return { svg, b, sx, sy, point: lxPoint(svg, b, "lxs-point") };
  };
  st.curve = draw(st.curveBox, 270, cv.s, -0.05, 1.05, [0, 0.25, 0.5, 0.75, 1],
                  (svg, b, sx, sy) => {
    const l4 = Math.max(lo, -4), h4 = Math.min(hi, 4);
    lxEl(svg, "rect", { x: b.x0, y: b.y0, width: Math.max(sx(l4) - b.x0, 0),
                        height: b.y1 - b.y0, class: "lxs-zone" });
    lxEl(svg, "rect", { x: sx(h4), y: b.y0, width: Math.max(b.x1 - sx(h4), 0),
                        height: b.y1 - b.y0, class: "lxs-zone" });
    if (data.show_d) lxCurve(svg, cv.x, cv.d, sx, sy, "lxs-deriv");
    for (const [mz, ms] of data.landmarks) {
      if (mz < lo || mz > hi) continue;
      lxEl(svg, "rect", { x: sx(mz) - 4, y: sy(ms) - 4, width: 8, height: 8,
                          transform: `rotate(45 ${sx(mz)} ${sy(ms)})`, class: "lxs-mark" });
    }
  });
  let top = 0;
  for (const v of cv.loss) if (Number.isFinite(v) && v > top) top = v;
  top = top > 0 ? top * 1.05 : 1;
  st.loss = draw(st.lossBox, 230, cv.loss, 0, top, lxTicks(0, top, 4), null);
}

function lxsShow(root, st, n, source) {
  const L = st.data.labels;
  const shown = { z: lxFixed(n.z, 4), s: lxProb(n.s, n.c), c: lxProb(n.c, n.s), d: lxProb(n.d),
                  loss: lxFixed(n.loss, 4) };
  for (const k of Object.keys(shown)) st.out[k].textContent = shown[k];
  st.input.setAttribute("aria-valuetext", `z = ${shown.z}, σ(z) = ${shown.s}`);
  const c = st.curve, l = st.loss;
  c.point.move(c.sx(n.z), c.sy(n.s), L.point.replace("{s}", () => shown.s));
  l.point.move(l.sx(n.z), l.sy(n.loss), L.loss_point.replace("{v}", () => shown.loss));
  st.foot.textContent = source === "torch" ? L.torch : L.browser;
  lxShown(root, st, shown, source);
}

function lxsApply(root, st, data) {
  const shape = JSON.stringify([data.lo, data.hi, data.step, data.labels, data.show_d,
                                data.target, data.curve.x[0], data.curve.x.length,
                                data.curve.x[data.curve.x.length - 1]]);
  st.data = data;
  if (shape !== st.shape) {
    lxsBuild(root, st, data);
    st.shape = shape;
    lxsPlots(st);
  }
  st.z = data.z;
  const v = Math.min(Math.max(data.z, data.lo), data.hi);
  if (Number(st.input.value) !== v) st.input.value = String(v);
  st.rest = data;
  lxsShow(root, st, data, "torch");
}

export default function (component) {
  return lxPiece(component, "lxs-root lx-root", {
    apply: lxsApply,
    restOnRelease: true,
    unchanged: (st) => st.z === st.before, // no move: show what arrived
    resize: (root, st) => {
      lxsPlots(st);
      const rest = st.z === st.rest.z;
      lxsShow(root, st, rest ? st.rest : lxsBrowserNumbers(st.z, st.data.target),
              rest ? "torch" : "browser");
    },
  });
}
