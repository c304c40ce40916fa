// The Softmax page's temperature control, live: a thumb over the declared grid of T, the bars
// softmax(z / T) beside T = 1, the entropy curve with its point, the readouts and the arg-max.
// Python sends torch's numbers for EVERY grid point at once (core.softmax.live); the piece only
// plays them back, so mid-drag the numbers are torch's too. On release {index, seq} goes back.
const LXT_COMMIT_MS = 120;

function lxtBuild(root, st, data) {
  root.textContent = "";
  const L = data.labels;
  const { input } = lxThumbRow(root, "lxt-thumb", 0, data.grid.length - 1, 1, L.thumb);
  const readouts = document.createElement("div");
  readouts.className = "lx-readouts";
  st.out = { t: lxReadout(readouts, "T"), nats: lxReadout(readouts, L.nats),
             bits: lxReadout(readouts, L.bits), uniform: lxReadout(readouts, L.uniform),
             argmax: lxReadout(readouts, L.argmax) };
  st.out.uniform.textContent = L.uniform_value;
  root.appendChild(readouts);
  const plots = document.createElement("div");
  plots.className = "lx-plots";
  const [bar, ent] = [lxPlotBox(plots, ""), lxPlotBox(plots, L.entropy_title)];
  st.barBox = Object.assign(bar.box, { head: bar.head, area: bar.area });
  st.entBox = Object.assign(ent.box, { head: ent.head, area: ent.area });
  st.legend = document.createElement("div");
  st.legend.className = "lx-legend";
  st.barBox.insertBefore(st.legend, st.barBox.area);
  root.appendChild(plots);
  st.foot = lxFoot(root, L.source);
  st.input = input;
  input.addEventListener("input", () => lxtShow(root, st, Number(input.value), "drag"));
  input.addEventListener("change", () => {
    st.seq += 1;
    clearTimeout(st.timer);
    st.timer = setTimeout(() => st.setTriggerValue("commit", { index: st.index, seq: st.seq }),
                          LXT_COMMIT_MS);
  });
}

function lxtLegend(st, t) {
  st.legend.textContent = "";
  for (const [cls, text] of [["lx-s0", "T = 1"], ["lx-s1", `T = ${t}`]]) {
    const item = document.createElement("span");
    const sw = document.createElement("span");
    sw.className = `lx-swatch ${cls}`;
    item.append(sw, document.createTextNode(text));
    st.legend.appendChild(item);
  }
}

function lxtPlots(st) {
  const data = st.data;
  const L = data.labels;
  st.barBox.area.textContent = "";
  const wb = Math.max(st.barBox.area.clientWidth || 0, 260);
  st.bars = lxBars(st.barBox.area, wb, data.shown.map((name) => ({ name })),
                   { series: 2, nameW: 130, label: L.bars_aria });
  st.entBox.area.textContent = "";
  const w = Math.max(st.entBox.area.clientWidth || 0, 260);
  const h = 240;
  const svg = lxSvg(st.entBox.area, w, h, L.entropy_title);
  const b = { x0: 46, x1: w - 14, y0: 22, y1: h - 40 };
  const g = data.grid;
  const sx = lxScale(g[0], g[g.length - 1], b.x0, b.x1, true);
  const top = data.uniform * 1.12 + 1e-9;
  const sy = lxScale(0, top, b.y1, b.y0);
  const ticks = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20].filter((v) => v >= g[0] && v <= g[g.length - 1]);
  lxAxes(svg, b, sx, sy, { xTicks: ticks, yTicks: lxTicks(0, top, 4), fx: lxTickText,
                           fy: lxTickText, xTitle: L.entropy_x });
  lxEl(svg, "line", { x1: b.x0, x2: b.x1, y1: sy(data.uniform), y2: sy(data.uniform),
                      class: "lxt-uniform" });
  lxCurve(svg, g, data.nats, sx, sy, "lxt-curve");
  st.ent = { sx, sy, point: lxPoint(svg, b, "lxt-point") };
}

function lxtShow(root, st, index, source) {
  const data = st.data;
  const L = data.labels;
  const i = Math.min(Math.max(Math.round(index), 0), data.grid.length - 1);
  st.index = i;
  const t = lxTickText(data.grid[i]);
  const probs = data.probs[i];
  const top = data.argmax[i];
  st.out.t.textContent = t;
  st.out.nats.textContent = lxFixed(data.nats[i], 4);
  st.out.bits.textContent = lxFixed(data.bits[i], 4);
  st.out.argmax.textContent = data.shown[top]; // a class name: text, never markup
  st.input.setAttribute("aria-valuetext", `T = ${t}`);
  st.barBox.head.textContent = L.bars_title.replace("{t}", () => t);
  lxtLegend(st, t);
  const shown = probs.map((p) => lxFixed(p, 4));
  st.bars.update(probs.map((p, k) => [data.p1[k], p]), shown, top);
  st.ent.point.move(st.ent.sx(data.grid[i]), st.ent.sy(data.nats[i]),
                    `H = ${lxFixed(data.nats[i], 4)}`);
  st.updates += 1;
  Object.assign(root.dataset, { index: String(i), t, nats: lxFixed(data.nats[i], 4),
                                bits: lxFixed(data.bits[i], 4), argmax: String(top),
                                probs: shown.join(","), source, updates: String(st.updates),
                                drawnAt: String(performance.now()) });
}

function lxtApply(root, st, data) {
  const shape = JSON.stringify([data.shown, data.grid.length, data.labels, data.p1]);
  st.data = data;
  if (shape !== st.shape) {
    lxtBuild(root, st, data);
    st.shape = shape;
    lxtPlots(st);
  }
  if (Number(st.input.value) !== data.index) st.input.value = String(data.index);
  lxtShow(root, st, data.index, "torch");
}

export default function (component) {
  return lxPiece(component, "lxt-root lx-root", {
    init: { index: 0 }, pressOnRoot: true, apply: lxtApply,
    unchanged: (st, d) => d.index === st.index,
    resize: (root, st) => { lxtPlots(st); lxtShow(root, st, st.index, root.dataset.source || "torch"); },
  });
}
