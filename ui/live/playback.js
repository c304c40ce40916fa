// A thumb over a declared grid that plays back torch's numbers: Python computes every frame (one
// per grid point) in one run and sends them at once (ui/live/playback.py); while the thumb moves
// the piece shows the frame under it (readouts, a curve with its moving point or marker, bars,
// tables), so mid-drag every number is torch's too and no formula is repeated here. On release
// (or a key press) {index, seq} goes back (lxGridPiece, piece.js). No words here: labels come
// from Python.
const LXP_PLAY_MS = 40; // Play: one grid point every 40 ms
const LXP_SPECIAL = { NaN: NaN, inf: Infinity, "-inf": -Infinity };

// A number sent by Python: NaN and ±inf travel as the strings "NaN", "inf", "-inf".
function lxpNum(v) {
  return typeof v === "string" ? LXP_SPECIAL[v] : Number(v);
}

function lxpText(v, spec) {
  const x = lxpNum(v);
  return spec.prob ? lxProb(x) : lxFixed(x, spec.digits === undefined ? 4 : spec.digits);
}

function lxpBuild(root, st, data) {
  const L = data.labels;
  const { row, input } = lxThumbRow(root, "lxp-thumb", 0, data.grid_text.length - 1, 1, L.thumb);
  const readouts = document.createElement("div");
  readouts.className = "lx-readouts";
  st.value = lxReadout(readouts, L.value);
  st.readouts = (data.readouts || []).map((r) => lxReadout(readouts, r.label));
  root.append(readouts, row); // the value and its numbers first, the thumb under them
  const plots = document.createElement("div");
  plots.className = "lx-plots";
  st.chartBox = data.chart ? lxPlotBox(plots, data.chart.title) : null;
  st.barBox = data.bars ? lxPlotBox(plots, data.bars.title) : null;
  if (st.chartBox && data.chart.series.length > 1) {
    const legend = document.createElement("div");
    legend.className = "lx-legend";
    data.chart.series.forEach((s, k) => {
      const item = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = `lx-swatch lxp-c${k}`;
      item.append(sw, document.createTextNode(s.name)); // a label, as text
      legend.appendChild(item);
    });
    st.chartBox.box.insertBefore(legend, st.chartBox.area);
  }
  root.appendChild(plots);
  const tables = document.createElement("div"); // side by side where they fit, else stacked
  tables.className = "lxp-tables";
  root.appendChild(tables);
  st.tables = (data.tables || []).map((spec) => lxpTable(tables, spec));
  lxFoot(root, L.source);
  st.input = input; // lxpShow sets its aria-valuetext
  if (L.play) st.play = lxpPlayButton(root, st, row, input, L);
  return input;
}

// Play / Pause (where Python gives the labels): walk the grid from the shown point to its end,
// showing each frame as the thumb would (st.show, lxGridPiece); the point where it stops is
// committed.
function lxpPlayButton(root, st, row, input, L) {
  const btn = document.createElement("button");
  btn.type = "button";
  btn.className = "lxp-play";
  btn.textContent = L.play;
  btn.setAttribute("aria-pressed", "false");
  row.insertBefore(btn, input);
  const stop = () => {
    clearInterval(st.playing);
    st.playing = null;
    btn.textContent = L.play;
    btn.setAttribute("aria-pressed", "false");
    lxCommitChange(st, () => ({ index: st.index }));
  };
  btn.addEventListener("click", () => {
    if (st.playing) { stop(); return; }
    const last = st.data.grid_text.length - 1;
    let i = st.index >= last ? 0 : st.index;
    btn.textContent = L.pause;
    btn.setAttribute("aria-pressed", "true");
    input.value = String(i);
    st.show(i, "play");
    st.playing = setInterval(() => {
      i += 1;
      if (i > last) { stop(); return; }
      input.value = String(i);
      st.show(i, "play");
    }, LXP_PLAY_MS);
  });
  return btn;
}

// A small table: a header row, then one row per item; cells are filled by lxpShow.
function lxpTable(root, spec) {
  const wrap = document.createElement("div");
  wrap.className = "lxp-table-wrap";
  if (spec.title) {
    const h = document.createElement("div");
    h.className = "lx-plot-title";
    h.textContent = spec.title;
    wrap.appendChild(h);
  }
  const table = document.createElement("table");
  table.className = spec.heat ? "lxp-table lxp-heat" : "lxp-table";
  const head = table.createTHead().insertRow();
  for (const c of ["", ...spec.columns]) {
    const th = document.createElement("th");
    th.textContent = c;
    head.appendChild(th);
  }
  const body = table.createTBody();
  const cells = spec.rows.map((name) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.textContent = name; // may be user text: never markup
    tr.appendChild(th);
    return spec.columns.map(() => tr.insertCell());
  });
  wrap.appendChild(table);
  root.appendChild(wrap);
  return cells;
}

// A heat table's cells tinted by value (a table spec with ``heat: {hi}``): above 0 the accent
// colour, below 0 the top colour, stronger with |value| / hi (the numbers are torch's; this is
// only their colour).
function lxpHeat(cells, frame, heat) {
  frame.forEach((row, r) => row.forEach((v, c) => {
    const x = lxpNum(v);
    const a = Number.isFinite(x) ? Math.min(Math.abs(x) / heat.hi, 1) * 0.8 : 0;
    cells[r][c].style.backgroundColor = x >= 0 ? `rgba(213, 94, 0, ${a.toFixed(3)})`
                                               : `rgba(0, 114, 178, ${a.toFixed(3)})`;
  }));
}

function lxpPlots(st) {
  const data = st.data;
  if (st.chartBox) {
    const c = data.chart;
    st.chartBox.area.textContent = "";
    const w = Math.max(st.chartBox.area.clientWidth || 0, 260);
    const h = 220;
    const svg = lxSvg(st.chartBox.area, w, h, c.title);
    const b = { x0: 46, x1: w - 14, y0: 22, y1: h - 40 };
    const xs = c.xs;
    const sx = lxScale(xs[0], xs[xs.length - 1], b.x0, b.x1, !!c.log_x);
    const sy = lxScale(c.y_lo, c.y_hi, b.y1, b.y0);
    lxAxes(svg, b, sx, sy, { xTicks: c.x_ticks || lxTicks(xs[0], xs[xs.length - 1], 5),
                             yTicks: lxTicks(c.y_lo, c.y_hi, 4), fx: lxTickText,
                             fy: lxTickText, xTitle: c.x_title, yTitle: c.y_title });
    const lines = c.series.map((s, k) => {
      const path = lxCurve(svg, xs, (s.ys || s.frames[0]).map(lxpNum), sx, sy, `lxp-line lxp-c${k}`);
      return { path, s };
    });
    const vline = c.vline ? lxEl(svg, "line", { y1: b.y0, y2: b.y1, class: "lxp-vline" }) : null;
    const point = c.point ? lxPoint(svg, b, "lxp-point") : null;
    st.chart = { sx, sy, lines, vline, point, xs, b };
  }
  if (st.barBox) {
    const bars = data.bars;
    st.barBox.area.textContent = "";
    const w = Math.max(st.barBox.area.clientWidth || 0, 260);
    st.bars = lxBars(st.barBox.area, w, bars.names.map((name) => ({ name })),
                     { series: 1, nameW: 90, label: bars.title });
  }
}

// Redraw a path over the same xs with new ys (a curve that changes with the thumb).
function lxpRetrace(chart, path, ys) {
  let d = "";
  for (let i = 0; i < chart.xs.length; i += 1) {
    if (!Number.isFinite(ys[i])) continue;
    const y = Math.min(Math.max(chart.sy(ys[i]), chart.b.y0 - 4), chart.b.y1 + 4);
    d += (d ? "L" : "M") + chart.sx(chart.xs[i]).toFixed(1) + "," + y.toFixed(1);
  }
  path.setAttribute("d", d);
}

function lxpShow(root, st, i) {
  const data = st.data;
  const shown = { value: data.grid_text[i], readouts: [], raw: [], tables: [], point: "",
                  bars: [] };
  st.value.textContent = data.grid_text[i];
  st.input.setAttribute("aria-valuetext", data.grid_text[i]);
  (data.readouts || []).forEach((r, k) => {
    const text = lxpText(r.values[i], r);
    st.readouts[k].textContent = text;
    shown.readouts.push(text);
    shown.raw.push(lxpNum(r.values[i])); // the number behind the text (tests compare it)
  });
  if (st.chart) {
    const c = data.chart;
    for (const { path, s } of st.chart.lines) {
      if (s.frames) lxpRetrace(st.chart, path, s.frames[i].map(lxpNum));
    }
    if (st.chart.vline) {
      const x = st.chart.sx(lxpNum(c.vline[i])).toFixed(1);
      st.chart.vline.setAttribute("x1", x);
      st.chart.vline.setAttribute("x2", x);
    }
    if (st.chart.point) {
      const p = c.point;
      const y = lxpNum(p.y[i]);
      shown.point = lxpText(p.y[i], p);
      const text = p.text ? p.text.replace("{v}", () => shown.point) : shown.point;
      st.chart.point.move(st.chart.sx(lxpNum(p.x[i])), Number.isFinite(y) ? st.chart.sy(y) : st.chart.b.y0,
                          text);
    }
  }
  if (st.bars) {
    const b = data.bars;
    const vals = b.frames[i].map(lxpNum);
    shown.bars = vals.map((v) => lxpText(v, b));
    st.bars.update(vals.map((v) => [Number.isFinite(v) ? v / b.hi : 0]), shown.bars, -1);
  }
  (data.tables || []).forEach((spec, k) => {
    const rows = spec.frames[i].map((row) => row.map((v) => lxpText(v, spec)));
    rows.forEach((row, r) => row.forEach((text, c) => { st.tables[k][r][c].textContent = text; }));
    if (spec.heat) lxpHeat(st.tables[k], spec.frames[i], spec.heat);
    shown.tables.push(rows);
  });
  return { shown: JSON.stringify(shown) };
}

export default function (component) {
  return lxGridPiece(component, "lxp-root lx-root", {
    size: (data) => data.grid_text.length, build: lxpBuild, plots: lxpPlots, show: lxpShow,
    shape: (data) => [data.grid_text, data.labels, data.readouts && data.readouts.length,
                      data.chart && [data.chart.title, data.chart.series.length],
                      data.bars && data.bars.names,
                      (data.tables || []).map((t) => [t.columns, t.rows, !!t.heat])],
  });
}
