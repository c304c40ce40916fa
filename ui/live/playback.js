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
  st.chartBoxes = (data.charts || []).map((c) => lxpChartBox(plots, c));
  st.barBox = data.bars ? lxPlotBox(plots, data.bars.title) : null;
  root.appendChild(plots);
  const tables = document.createElement("div"); // side by side where they fit, else stacked
  tables.className = "lxp-tables";
  root.appendChild(tables);
  const shownText = () => st.data.grid_text[st.index]; // a CSV's file name says the value
  st.tables = (data.tables || []).map((spec) => lxpTable(tables, spec, shownText));
  if (data.notes) {
    st.notes = document.createElement("div");
    st.notes.className = "lxp-notes";
    st.notes.setAttribute("aria-live", "polite");
    root.appendChild(st.notes);
  }
  lxFoot(root, L.source);
  st.input = input; // lxpShow sets its aria-valuetext
  if (L.play) st.play = lxpPlayButton(root, st, row, input, L);
  return input;
}

// A chart's titled box: a legend where it has more than one series, and a line for the frame's
// words (``note``: one text per grid point, formatted by Python) above the plot.
function lxpChartBox(plots, c) {
  const pb = lxPlotBox(plots, c.title);
  if (c.png) { // its PNG button, beside the title (the SVG lxpChart drew last)
    const row = document.createElement("div");
    row.className = "lxp-head";
    pb.box.insertBefore(row, pb.head);
    row.appendChild(pb.head);
    lxPngButton(row, c.png.png, c.png.png_help, () => pb.svg, () => c.png.file);
  }
  if (c.series.length > 1) {
    const legend = document.createElement("div");
    legend.className = "lx-legend";
    c.series.forEach((s, k) => {
      const item = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = "lx-swatch";
      lxpLook(sw, s, k, "background");
      item.append(sw, document.createTextNode(s.name)); // a label, as text
      legend.appendChild(item);
    });
    pb.box.insertBefore(legend, pb.area);
  }
  if (c.note) {
    pb.note = document.createElement("div");
    pb.note.className = "lxp-note";
    pb.box.insertBefore(pb.note, pb.area);
  }
  return pb;
}

// A series' look: the palette colour (and dash) Python names for it, else the k-th default.
const LXP_DASH = { dash: "6 4", dot: "2 3" };
function lxpLook(el, s, k, prop) {
  if (!s.color) {
    el.classList.add(`lxp-c${k}`);
    return;
  }
  el.style.setProperty(prop, `var(--lx-${s.color})`);
  if (prop === "stroke" && s.dash) el.style.setProperty("stroke-dasharray", LXP_DASH[s.dash]);
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

// A small table: a header row, then one row per item: its name, its words that are the same at
// every grid point (``lead``), then the cells lxpShow fills. A CSV button (``csv``) saves the
// frame shown, as shown.
function lxpTable(root, spec, value) {
  const wrap = document.createElement("div");
  wrap.className = "lxp-table-wrap";
  const lead = spec.lead || { columns: [], cells: [] };
  if (spec.title || spec.csv) {
    const head = document.createElement("div");
    head.className = "lxp-head";
    const h = document.createElement("div");
    h.className = "lx-plot-title";
    h.textContent = spec.title || "";
    head.appendChild(h);
    if (spec.csv) lxpCsvButton(head, spec.csv, value);
    wrap.appendChild(head);
  }
  const table = document.createElement("table");
  table.className = spec.heat ? "lxp-table lxp-heat" : "lxp-table";
  const head = table.createTHead().insertRow();
  ["", ...lead.columns, ...spec.columns].forEach((c, k) => {
    const th = document.createElement("th");
    th.textContent = c;
    if (k > 0 && k <= lead.columns.length) th.className = "lxp-word"; // over words: left
    head.appendChild(th);
  });
  const body = table.createTBody();
  const cells = spec.rows.map((name, r) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.textContent = name; // may be user text: never markup
    tr.appendChild(th);
    for (const word of lead.cells[r] || []) {
      const td = tr.insertCell();
      td.className = "lxp-word";
      td.textContent = word; // a class name may be the user's: text
    }
    return spec.columns.map(() => tr.insertCell());
  });
  wrap.appendChild(table);
  wrap.__table = table;
  root.appendChild(wrap);
  return cells;
}

// A table as CSV (RFC 4180; a BOM so spreadsheet apps read Japanese and symbols right): every
// cell's text as shown, the header row first.
function lxpCsv(table) {
  const field = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return "\ufeff" + [...table.rows].map((row) => [...row.cells]
    .map((c) => field(c.textContent)).join(",")).join("\r\n") + "\r\n";
}

function lxpCsvButton(parent, csv, value) {
  const b = lxSaveButton(parent, "lx-png lxp-csv", csv.label, csv.help,
    () => new Blob([lxpCsv(b.closest(".lxp-table-wrap").__table)], { type: "text/csv" }),
    () => `${csv.file}-${value().replace(/[^A-Za-z0-9._-]+/g, "")}.csv`);
  return b;
}

// Lines of words under the tables that change with the thumb (``notes``): one list per grid
// point, each line [kind, text]: "" a statement, "ok" a check that holds, "warn" one that fails.
function lxpNotes(box, lines) {
  box.textContent = "";
  for (const [kind, text] of lines) {
    const p = document.createElement("p");
    p.className = kind ? `lxp-say lxp-${kind}` : "lxp-say";
    p.textContent = text; // words from Python (class names among them): text
    box.appendChild(p);
  }
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

// One chart at the box's width: axes (a second y axis where the chart has ``y2``; ticks and
// their words from Python where it gives them), its curves, and the marker that moves.
function lxpChart(pb, c) {
  pb.area.textContent = "";
  const w = Math.max(pb.area.clientWidth || 0, 260);
  const h = 220;
  const svg = lxSvg(pb.area, w, h, c.title);
  pb.svg = svg;
  const b = { x0: 46, x1: w - (c.y2 ? 40 : 14), y0: 22, y1: h - 40 };
  const xs = c.xs;
  const sx = lxScale(xs[0], xs[xs.length - 1], b.x0, b.x1, !!c.log_x);
  const sy = lxScale(c.y_lo, c.y_hi, b.y1, b.y0, !!c.log_y);
  const y2 = c.y2 && { sy: lxScale(c.y2.lo, c.y2.hi, b.y1, b.y0), ticks: c.y2.ticks,
                       f: (v, i) => c.y2.tick_text[i], title: c.y2.title };
  const named = (texts) => (texts ? (v, i) => texts[i] : lxTickText);
  lxAxes(svg, b, sx, sy, { xTicks: c.x_ticks || lxTicks(xs[0], xs[xs.length - 1], 5),
                           yTicks: c.y_ticks || lxTicks(c.y_lo, c.y_hi, 4), fx: lxTickText,
                           fy: named(c.y_tick_text), xTitle: c.x_title, yTitle: c.y_title,
                           y2 });
  const lines = c.series.map((s, k) => {
    const path = lxCurve(svg, xs, (s.ys || s.frames[0]).map(lxpNum), sx,
                         s.y2 ? y2.sy : sy, "lxp-line");
    lxpLook(path, s, k, "stroke");
    return { path, s };
  });
  const vline = c.vline ? lxEl(svg, "line", { y1: b.y0, y2: b.y1, class: "lxp-vline" }) : null;
  const point = c.point ? lxPoint(svg, b, "lxp-point") : null;
  return { sx, sy, lines, vline, point, xs, b, note: pb.note };
}

function lxpPlots(st) {
  const data = st.data;
  st.charts = st.chartBoxes.map((pb, k) => lxpChart(pb, data.charts[k]));
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

// Chart ``c`` at grid point i: curves that change with the thumb, the marker line, the point
// and its label, the frame's words; what it shows goes into ``shown``.
function lxpChartAt(chart, c, i, shown) {
  for (const { path, s } of chart.lines) {
    if (s.frames) lxpRetrace(chart, path, s.frames[i].map(lxpNum));
  }
  if (chart.vline) {
    const x = chart.sx(lxpNum(c.vline[i])).toFixed(1);
    chart.vline.setAttribute("x1", x);
    chart.vline.setAttribute("x2", x);
  }
  if (chart.point) {
    const p = c.point;
    const y = chart.sy(lxpNum(p.y[i]));
    shown.point = lxpText(p.y[i], p);
    const text = p.text ? p.text.replace("{v}", () => shown.point) : shown.point;
    chart.point.move(chart.sx(lxpNum(p.x[i])), Number.isFinite(y) ? y : chart.b.y0, text);
  }
  if (chart.note) chart.note.textContent = c.note[i]; // words from Python, as text
  shown.notes.push(c.note ? c.note[i] : "");
}

function lxpShow(root, st, i) {
  const data = st.data;
  const shown = { value: data.grid_text[i], readouts: [], raw: [], tables: [], point: "",
                  notes: [], bars: [] };
  st.value.textContent = data.grid_text[i];
  st.input.setAttribute("aria-valuetext", data.grid_text[i]);
  (data.readouts || []).forEach((r, k) => {
    const text = lxpText(r.values[i], r);
    st.readouts[k].textContent = text;
    shown.readouts.push(text);
    shown.raw.push(lxpNum(r.values[i])); // the number behind the text (tests compare it)
  });
  (data.charts || []).forEach((c, k) => lxpChartAt(st.charts[k], c, i, shown));
  if (st.bars) {
    const b = data.bars;
    const vals = b.frames[i].map(lxpNum);
    shown.bars = vals.map((v) => lxpText(v, b));
    st.bars.update(vals.map((v) => [Number.isFinite(v) ? v / b.hi : 0]), shown.bars, -1);
  }
  (data.tables || []).forEach((spec, k) => {
    const words = spec.text || [];
    const rows = spec.frames[i].map((row) => row.map((v, c) => (words.includes(c) ? v
                                                                  : lxpText(v, spec))));
    rows.forEach((row, r) => row.forEach((text, c) => { st.tables[k][r][c].textContent = text; }));
    if (spec.heat) lxpHeat(st.tables[k], spec.frames[i], spec.heat);
    shown.tables.push(rows);
  });
  if (data.notes) {
    const lines = data.notes.frames[i];
    lxpNotes(st.notes, lines);
    shown.notes_lines = lines.map((l) => l[1]);
  }
  return { shown: JSON.stringify(shown) };
}

export default function (component) {
  return lxGridPiece(component, "lxp-root lx-root", {
    size: (data) => data.grid_text.length, build: lxpBuild, plots: lxpPlots, show: lxpShow,
    shape: (data) => [data.grid_text, data.labels, data.readouts && data.readouts.length,
                      (data.charts || []).map((c) => [c.title, c.series.map((s) => s.name),
                                                      !!c.note]),
                      data.bars && data.bars.names,
                      (data.tables || []).map((t) => [t.columns, t.rows, !!t.heat, t.lead,
                                                      t.csv]),
                      !!data.notes],
  });
}
