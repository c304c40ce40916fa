// The live pieces' drawing, once for every piece: SVG curves, bars, a moving point, axes with
// ticks, and value labels that never overlap. No words here: every label a piece shows comes
// from Python (the catalogue, in the user's language). Text always goes in as textContent.
// Colours are the Okabe–Ito palette the server's charts use (core.base.figures.PALETTE), given
// by Python as CSS variables --lx-<name>.

const LX_NS = "http://www.w3.org/2000/svg";

function lxEl(parent, tag, attrs) {
  const e = document.createElementNS(LX_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function lxText(parent, x, y, text, attrs) {
  const t = lxEl(parent, "text", { x, y, ...(attrs || {}) });
  t.textContent = text; // words and numbers only ever as text, never markup
  return t;
}

// A plot area of width w (the piece's own pixel width: text keeps its size at 390 px).
function lxSvg(parent, w, h, label) {
  const s = lxEl(parent, "svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`,
                                  class: "lx-svg", role: "img" });
  if (label) s.setAttribute("aria-label", label);
  return s;
}

// A linear (or log) map from data [d0, d1] to pixels [r0, r1].
function lxScale(d0, d1, r0, r1, log) {
  const f = log ? Math.log : (v) => v;
  const a = f(d0), b = f(d1);
  const k = b === a ? 0 : (r1 - r0) / (b - a);
  return (v) => r0 + (f(v) - a) * k;
}

// About n "nice" ticks (1, 2, 5 × 10^k) over [lo, hi].
function lxTicks(lo, hi, n) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / Math.max(n, 1);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
}

// Axes on box {x0, x1, y0, y1} (pixels, y0 at the top): tick values formatted by fx / fy
// (value, index), titles given by the caller; with ``o.y2`` = {sy, ticks, f, title} a second y
// axis on the right. Tick labels that would overlap are dropped (lxFitLabels).
function lxAxes(svg, box, sx, sy, o) {
  const g = lxEl(svg, "g", { class: "lx-axes" });
  lxEl(g, "line", { x1: box.x0, x2: box.x1, y1: box.y1, y2: box.y1, class: "lx-axis" });
  lxEl(g, "line", { x1: box.x0, x2: box.x0, y1: box.y0, y2: box.y1, class: "lx-axis" });
  const xs = o.xTicks.map((v) => lxText(g, sx(v), box.y1 + 14, o.fx(v),
                                        { "text-anchor": "middle", class: "lx-tick" }));
  lxFitLabels(xs, "x");
  const ys = o.yTicks.map((v, i) => {
    lxEl(g, "line", { x1: box.x0, x2: box.x1, y1: sy(v), y2: sy(v), class: "lx-grid" });
    return lxText(g, box.x0 - 4, sy(v) + 4, o.fy(v, i), { "text-anchor": "end",
                                                         class: "lx-tick" });
  });
  lxFitLabels(ys, "y");
  const y2 = o.y2;
  if (y2) {
    lxEl(g, "line", { x1: box.x1, x2: box.x1, y1: box.y0, y2: box.y1, class: "lx-axis" });
    lxFitLabels(y2.ticks.map((v, i) => lxText(g, box.x1 + 4, y2.sy(v) + 4, y2.f(v, i),
                                             { "text-anchor": "start", class: "lx-tick" })), "y");
    if (y2.title) lxText(g, box.x1, box.y0 - 8, y2.title, { "text-anchor": "end",
                                                          class: "lx-title" });
  }
  if (o.xTitle) lxText(g, (box.x0 + box.x1) / 2, box.y1 + 30, o.xTitle,
                       { "text-anchor": "middle", class: "lx-title" });
  if (o.yTitle && o.yTitleLeft !== undefined) { // along the axis, read bottom to top
    lxText(g, 0, 0, o.yTitle, { "text-anchor": "middle", class: "lx-title",
                                transform: `translate(${o.yTitleLeft},${(box.y0 + box.y1) / 2}) rotate(-90)` });
  } else if (o.yTitle) {
    lxText(g, box.x0, box.y0 - 8, o.yTitle, { "text-anchor": "start", class: "lx-title" });
  }
  return g;
}

// A chart's title, one SVG text per line (the lines as Python broke them: core.base.figures
// title_lines), from the top; returns the height they take.
function lxTitleLines(svg, lines, x, lineH) {
  (lines || []).forEach((line, i) => lxText(svg, x, lineH * (i + 1) - 4, line,
                                             { class: "lx-head" }));
  return lineH * (lines || []).length;
}

// A scatter of points (xs[i], ys[i]); ``cls(i)`` gives each point's class and radius as
// [class, r], ``tip(i)`` its hover text (an SVG <title>, as text) or "" for none. Points whose
// value is not finite are left out. Returns the circles (null where left out).
function lxDots(parent, xs, ys, sx, sy, cls, tip) {
  const g = lxEl(parent, "g", { class: "lx-dots" });
  return xs.map((x, i) => {
    if (!Number.isFinite(ys[i])) return null;
    const [c, r] = cls(i);
    const dot = lxEl(g, "circle", { cx: sx(x).toFixed(1), cy: sy(ys[i]).toFixed(1), r, class: c });
    const text = tip ? tip(i) : "";
    if (text) lxEl(dot, "title").textContent = text;
    return dot;
  });
}

// Columns from a baseline: column i spans [lefts[i], rights[i]] (data) up to heights[i], each
// with its hover text tips[i] (an SVG <title>, as text). Returns the rects.
function lxColumns(parent, lefts, rights, heights, sx, sy, cls, tips) {
  const g = lxEl(parent, "g", { class: "lx-columns" });
  const base = sy(0);
  return heights.map((v, i) => {
    const x = sx(lefts[i]), y = sy(v);
    const r = lxEl(g, "rect", { x: x.toFixed(1), y: Math.min(y, base).toFixed(1),
                                width: Math.max(sx(rights[i]) - x - 1, 1).toFixed(1),
                                height: Math.abs(base - y).toFixed(1), class: cls });
    if (tips && tips[i]) lxEl(r, "title").textContent = tips[i];
    return r;
  });
}

// Labels in lanes above a plot, each joined to its point by a line: items[k] = {x, y} (the
// point, pixels), cx (the label's centre, pixels), lane (0 = the lowest) and text. The lanes
// and centres come from Python (core.photo.live.label_places), which keeps labels of one lane
// apart; ``laneY(lane)`` is a lane's baseline. Each label sits on a light box so a line passing
// behind it never crosses its words. Returns the text elements, in the order of ``items``.
function lxLaneLabels(parent, items, laneY) {
  const g = lxEl(parent, "g", { class: "lx-lanes" });
  for (const it of items) {
    lxEl(g, "line", { x1: it.x.toFixed(1), y1: it.y.toFixed(1), x2: it.cx.toFixed(1),
                      y2: (laneY(it.lane) + 3).toFixed(1), class: "lx-lane-line" });
  }
  return items.map((it) => {
    const bg = lxEl(g, "rect", { class: "lx-lane-bg" });
    const t = lxText(g, it.cx.toFixed(1), laneY(it.lane).toFixed(1), it.text,
                     { "text-anchor": "middle", class: "lx-lane-label" });
    const b = t.getBBox();
    for (const [k, v] of Object.entries({ x: b.x - 2, y: b.y, width: b.width + 4,
                                          height: b.height })) bg.setAttribute(k, v.toFixed(1));
    return t;
  });
}

// The SVG as a PNG (a Blob) at ``scale``, as it looks on the page: each element's computed
// look is written on a copy (the page's CSS does not travel with an image), on the page's
// background (Streamlit's theme variable; white without one).
const LX_PNG_STYLE = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray",
                      "stroke-opacity", "opacity", "font-family", "font-size", "font-weight",
                      "display"];

function lxSvgPng(svg, scale) {
  const copy = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [copy, ...copy.querySelectorAll("*")];
  from.forEach((e, i) => {
    const cs = getComputedStyle(e);
    to[i].setAttribute("style", LX_PNG_STYLE.map((k) => `${k}:${cs.getPropertyValue(k)}`)
      .join(";"));
  });
  const w = Number(svg.getAttribute("width")), h = Number(svg.getAttribute("height"));
  const bg = getComputedStyle(svg).getPropertyValue("--st-background-color").trim() || "white";
  copy.insertBefore(lxEl(null, "rect", { width: w, height: h, fill: bg }), copy.firstChild);
  const xml = new XMLSerializer().serializeToString(copy);
  const img = new Image();
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
  return img.decode().then(() => new Promise((done) => {
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    canvas.toBlob(done, "image/png");
  }));
}

function lxBoxesOverlap(a, b, pad) {
  return a.x < b.x + b.width + pad && b.x < a.x + a.width + pad &&
         a.y < b.y + b.height + pad && b.y < a.y + a.height + pad;
}

// Keep labels in order of priority (first = most important) and hide any label whose box
// would touch one already kept: what is shown never overlaps.
function lxFitLabels(labels, _axis, pad) {
  const kept = [];
  for (const t of labels) {
    t.removeAttribute("display");
    const b = t.getBBox();
    if (kept.some((k) => lxBoxesOverlap(b, k, pad === undefined ? 2 : pad))) {
      t.setAttribute("display", "none");
    } else {
      kept.push(b);
    }
  }
  return kept.length;
}

// A polyline through (xs[i], ys[i]); returns the path element. A point with no place on the
// axis (NaN, ±inf, or ≤ 0 on a log axis) is left out.
function lxCurve(parent, xs, ys, sx, sy, cls) {
  let d = "";
  for (let i = 0; i < xs.length; i += 1) {
    const y = sy(ys[i]);
    if (!Number.isFinite(y)) continue;
    d += (d ? "L" : "M") + sx(xs[i]).toFixed(1) + "," + y.toFixed(1);
  }
  return lxEl(parent, "path", { d, class: cls, fill: "none" });
}

// A point that moves, with its value label kept inside the plot box.
function lxPoint(parent, box, cls) {
  const g = lxEl(parent, "g", { class: cls });
  const dot = lxEl(g, "circle", { r: 6, class: "lx-dot" });
  const label = lxText(g, 0, 0, "", { class: "lx-value" });
  return {
    g, dot, label,
    move(x, y, text) {
      const cx = Math.min(Math.max(x, box.x0), box.x1);
      const cy = Math.min(Math.max(y, box.y0), box.y1);
      dot.setAttribute("cx", cx.toFixed(1));
      dot.setAttribute("cy", cy.toFixed(1));
      label.textContent = text;
      const right = cx < (box.x0 + box.x1) / 2; // label on the side with room
      label.setAttribute("text-anchor", right ? "start" : "end");
      label.setAttribute("x", (cx + (right ? 9 : -9)).toFixed(1));
      const above = cy - 10 > box.y0 + 10;
      label.setAttribute("y", (above ? cy - 10 : cy + 18).toFixed(1));
    },
  };
}

// Horizontal bars, one row per item: rows[i] = {name, values: [v0, v1, ...]} in [0, 1]; the
// value label of the last series sits right of its bar. Returns an updater for new values.
function lxBars(parent, w, rows, o) {
  const rowH = o.rowH || 26;
  const nameW = Math.min(o.nameW || 120, Math.floor(w * 0.3));
  const valueW = o.valueW || 52;
  const x0 = nameW + 6, x1 = w - valueW - 4;
  const sx = lxScale(0, 1, x0, x1);
  const h = rows.length * rowH + 4;
  const svg = lxSvg(parent, w, h, o.label);
  const series = o.series || 1;
  const barH = (rowH - 8) / series;
  const out = rows.map((r, i) => {
    const y = 2 + i * rowH;
    const name = lxText(svg, nameW, y + rowH / 2 + 4, r.name, { "text-anchor": "end",
                                                               class: "lx-name" });
    lxClip(name, nameW - 2);
    lxEl(svg, "rect", { x: x0, y: y + 4, width: x1 - x0, height: rowH - 8, class: "lx-track" });
    const bars = [];
    for (let s = 0; s < series; s += 1) {
      bars.push(lxEl(svg, "rect", { x: x0, y: y + 4 + s * barH, height: barH, width: 0,
                                    class: `lx-bar lx-s${s}` }));
    }
    const value = lxText(svg, w - 2, y + rowH / 2 + 4, "", { "text-anchor": "end",
                                                            class: "lx-value" });
    return { bars, value, y };
  });
  return {
    svg,
    update(values, labels, top) {
      out.forEach((r, i) => {
        r.bars.forEach((b, s) => {
          const v = Math.min(Math.max(values[i][s], 0), 1);
          b.setAttribute("width", Math.max(sx(v) - x0, 0).toFixed(1));
        });
        r.value.textContent = labels[i];
        r.bars[series - 1].classList.toggle("lx-top", i === top);
      });
    },
  };
}

// Shorten a text element with "…" until it is at most maxW pixels wide (its title keeps all).
function lxClip(t, maxW) {
  const full = t.textContent;
  if (t.getComputedTextLength() <= maxW) return;
  const title = lxEl(null, "title");
  title.textContent = full;
  let n = full.length;
  while (n > 1 && t.getComputedTextLength() > maxW) {
    n -= 1;
    t.textContent = full.slice(0, n) + "…";
  }
  t.appendChild(title);
}

// The palette as CSS variables on the piece's root (names from Python: top, base, accent …).
function lxColors(root, colors) {
  for (const [k, v] of Object.entries(colors || {})) root.style.setProperty(`--lx-${k}`, v);
}

// Redraw when the piece's width changes (a phone turned, the sidebar opened).
function lxOnResize(root, st, draw) {
  if (st.resizeObserver) return;
  let last = root.clientWidth;
  st.resizeObserver = new ResizeObserver(() => {
    const w = root.clientWidth;
    if (w > 0 && Math.abs(w - last) >= 2) {
      last = w;
      draw();
    }
  });
  st.resizeObserver.observe(root);
}

// A labelled number (the label from Python); returns the element that holds the number.
function lxReadout(parent, label) {
  const box = document.createElement("div");
  box.className = "lx-readout";
  const k = document.createElement("span");
  k.className = "lx-k";
  k.textContent = label;
  const v = document.createElement("span");
  v.className = "lx-v";
  box.append(k, v);
  parent.appendChild(box);
  return v;
}

// A tick value: up to 6 significant digits, a real minus sign.
function lxTickText(v) {
  return String(Number(v.toPrecision(6))).replace("-", "−");
}
