// The Softmax page's temperature control, live: a thumb over the declared grid of T, the bars
// softmax(z / T) beside T = 1, the entropy curve with its point, the readouts and the arg-max.
// Python sends torch's numbers for EVERY grid point at once (core.softmax.live) and the text of
// each T as the control writes it (grid_text); the piece only plays them back (lxGridPiece,
// piece.js), so mid-drag the numbers are torch's too. On release {index, seq} goes back.

function lxtBuild(root, st, data) {
  const L = data.labels;
  const { row, input } = lxThumbRow(root, "lxt-thumb", 0, data.grid.length - 1, 1, L.thumb);
  const readouts = document.createElement("div");
  readouts.className = "lx-readouts";
  st.out = { t: lxReadout(readouts, "T"), nats: lxReadout(readouts, L.nats),
             bits: lxReadout(readouts, L.bits), uniform: lxReadout(readouts, L.uniform),
             argmax: lxReadout(readouts, L.argmax) };
  st.out.uniform.textContent = L.uniform_value;
  root.append(readouts, row); // T and its numbers first, the thumb under them (as playback.js)
  const plots = document.createElement("div");
  plots.className = "lx-plots";
  st.barBox = lxPlotBox(plots, "");
  st.entBox = lxPlotBox(plots, L.entropy_title);
  st.legend = document.createElement("div");
  st.legend.className = "lx-legend";
  st.barBox.box.insertBefore(st.legend, st.barBox.area);
  root.appendChild(plots);
  st.foot = lxFoot(root, L.source);
  st.input = input; // lxtShow sets its aria-valuetext
  return input;
}

// The bars' legend: T = 1 and T = t, or one entry for both when T is 1 (the bars are the same).
function lxtLegend(st, L, t, same) {
  st.legend.textContent = "";
  const items = same ? [[["lx-s0", "lx-s1"], L.legend_same]]
    : [[["lx-s0"], L.legend_one], [["lx-s1"], L.legend_t.replace("{t}", () => t)]];
  for (const [classes, text] of items) {
    const item = document.createElement("span");
    for (const cls of classes) {
      const sw = document.createElement("span");
      sw.className = `lx-swatch ${cls}`;
      item.appendChild(sw);
    }
    item.appendChild(document.createTextNode(text)); // a catalogue word, as text
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

function lxtShow(root, st, i) {
  const data = st.data;
  const L = data.labels;
  const t = data.grid_text[i]; // as the control writes it (the link holds the grid value)
  const probs = data.probs[i];
  const top = data.argmax[i];
  st.out.t.textContent = t;
  st.out.nats.textContent = lxFixed(data.nats[i], 4);
  st.out.bits.textContent = lxFixed(data.bits[i], 4);
  st.out.argmax.textContent = data.shown[top]; // a class name: text, never markup
  st.input.setAttribute("aria-valuetext", `T = ${t}`);
  st.barBox.head.textContent = L.bars_title.replace("{t}", () => t);
  lxtLegend(st, L, t, data.grid[i] === 1);
  const shown = probs.map((p) => lxFixed(p, 4));
  st.bars.update(probs.map((p, k) => [data.p1[k], p]), shown, top);
  st.ent.point.move(st.ent.sx(data.grid[i]), st.ent.sy(data.nats[i]),
                    `H = ${lxFixed(data.nats[i], 4)}`);
  return { t, nats: lxFixed(data.nats[i], 4), bits: lxFixed(data.bits[i], 4),
           argmax: String(top), probs: shown.join(",") };
}

export default function (component) {
  return lxGridPiece(component, "lxt-root lx-root", {
    size: (data) => data.grid.length, build: lxtBuild, plots: lxtPlots, show: lxtShow,
    shape: (data) => [data.shown, data.grid_text, data.labels, data.p1],
  });
}
