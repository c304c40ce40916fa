// The lifecycle every live piece shares (one copy, here): one root per mount with the piece's
// state kept on it (root.__lx); data older than the piece's last commit is ignored (Python has
// not seen it yet); data that arrives while a thumb is held waits, so nothing moves under the
// user's finger, and on release it is shown unless the thumb moved (then the piece's own commit
// brings fresh data). A piece gives:
//   init      its own starting state;
//   unchanged (st, pending) whether the thumb is where it was when the data arrived;
//   apply     (root, st, data) draw the data;
//   resize    (root, st) redraw at a new width (optional);
//   colors    (root, colors) set its colours (default: lxColors);
//   pressOnRoot  a press anywhere on the root holds the data (the grid pieces);
//   restOnRelease  a release that leaves the thumb where it was pressed shows the last data
//             again (the pieces that draw the browser's numbers while dragging).
// A key held down on a thumb (the arrow keys' auto-repeat) is a drag too: its commit waits for
// the key to come up (lxCommitSoon), so holding a key asks for one run, on release.
// A commit waits only for the events of the same gesture (a pointer release's, a key's): a held
// key waits for its keyup instead of a timer, so no longer debounce is needed (it was 120 ms, a
// third of the key → torch time; bench/live.py measures it).
const LX_COMMIT_MS = 10;

// A piece's commit reruns the piece alone; where that left the part it sits in behind (the
// tables drawn from the same numbers), its data says so (``settle``: a token, once per commit)
// and the piece asks for the part (its "shown" trigger) once the browser has painted the new
// numbers. In one request, the browser drew the part's many elements before the piece's numbers
// reached the screen (the NLL page: 264 ms p50 from key to torch's numbers, 104 ms without).
function lxSettle(st, data) {
  if (!data.settle || data.settle === st.settled) return;
  st.settled = data.settle;
  requestAnimationFrame(() => { // after this frame is painted
    const ch = new MessageChannel();
    ch.port1.onmessage = () => st.setTriggerValue("shown", { settle: data.settle });
    ch.port2.postMessage(0);
  });
}

function lxPiece(component, rootClass, opts) {
  const { parentElement, data, setTriggerValue } = component;
  let root = parentElement.querySelector("." + rootClass.split(" ")[0]);
  if (!root) {
    root = document.createElement("div");
    root.className = rootClass;
    parentElement.appendChild(root);
  }
  let st = root.__lx;
  if (!st) {
    st = Object.assign({ seq: 0, updates: 0, timer: null, pointer: false, pending: null,
                         shape: "" }, opts.init || {});
    root.__lx = st;
    if (opts.pressOnRoot) root.addEventListener("pointerdown", () => { st.pointer = true; });
    const release = () => {
      if (!st.pointer) return;
      st.pointer = false;
      // a thumb dragged back to where it was sends nothing: show torch's numbers it still
      // holds again (a piece that draws its own numbers while dragging: ``restOnRelease``),
      // unless a commit of ours is still on its way (that data would be older)
      const last = opts.restOnRelease && st.last && st.last.seq >= st.seq ? st.last : null;
      const d = st.pending || last;
      st.pending = null;
      if (d && opts.unchanged(st, d)) { // else the moved thumb's own commit follows
        opts.apply(root, st, d);
        st.last = d;
        lxSettle(st, d);
      }
    };
    window.addEventListener("pointerup", release);
    window.addEventListener("pointercancel", release);
    root.addEventListener("keydown", (e) => { if (e.target.type === "range") st.keyHeld = true; });
    const keyUp = () => {
      st.keyHeld = false;
      if (st.send) lxCommitSoon(st, null);
    };
    root.addEventListener("keyup", keyUp);
    root.addEventListener("focusout", keyUp);
    if (opts.resize) lxOnResize(root, st, () => { if (st.data) opts.resize(root, st); });
  }
  st.setTriggerValue = setTriggerValue;
  (opts.colors || lxColors)(root, data.colors);
  if (data.seq < st.seq) return undefined; // Python has not seen our last commit yet
  st.seq = Math.max(st.seq, data.seq);
  if (st.pointer) st.pending = data; // never move a thumb under the user's finger
  else {
    opts.apply(root, st, data);
    st.last = data;
    lxSettle(st, data);
  }
  return undefined;
}

// A thumb's value changed (a release, a key press): count the change now (data from a run that
// has not seen it must not move the thumb back) and send ``payload()`` as the commit trigger
// LX_COMMIT_MS later, or once a held key comes up; a change meanwhile replaces it.
function lxCommitChange(st, payload) {
  st.seq += 1;
  lxCommitSoon(st, payload);
}

function lxCommitSoon(st, payload) {
  if (payload) st.send = payload;
  clearTimeout(st.timer);
  if (st.keyHeld) return; // the keyup sends it
  st.timer = setTimeout(() => {
    const make = st.send;
    st.send = null;
    if (make) st.setTriggerValue("commit", Object.assign(make(), { seq: st.seq }));
  }, LX_COMMIT_MS);
}

// A frame was drawn: count it and say on the root what it shows (``fields``, strings), whose
// numbers they are (``source``) and when (tests and the benchmark read these).
function lxShown(root, st, fields, source) {
  st.updates += 1;
  Object.assign(root.dataset, fields, { source, updates: String(st.updates),
                                        drawnAt: String(performance.now()) });
}

// A thumb over a declared grid whose frames Python computed (playback.js, temperature.js):
// ``build(root, st, data)`` makes the piece's elements and returns its thumb, ``plots(st)``
// draws the charts at the current width, ``show(root, st, i)`` shows frame i and returns the
// dataset fields it shows; ``shape(data)``: what needs a rebuild when it changes. The thumb
// shows frames while it moves; a release or a key press commits {index, seq}.
function lxGridPiece(component, rootClass, o) {
  const show = (root, st, index, source) => {
    const n = o.size(st.data);
    st.index = Math.min(Math.max(Math.round(index), 0), n - 1);
    lxShown(root, st, Object.assign({ index: String(st.index) },
                                    o.show(root, st, st.index)), source);
  };
  const apply = (root, st, data) => {
    const shape = JSON.stringify(o.shape(data));
    st.data = data;
    st.show = (index, source) => show(root, st, index, source); // e.g. a Play button's frames
    if (shape !== st.shape) {
      root.textContent = "";
      const input = o.build(root, st, data);
      input.addEventListener("input", () => show(root, st, Number(input.value), "drag"));
      input.addEventListener("change", () => lxCommitChange(st, () => ({ index: st.index })));
      st.input = input;
      st.shape = shape;
    }
    o.plots(st);
    if (Number(st.input.value) !== data.index) st.input.value = String(data.index);
    show(root, st, data.index, "torch");
  };
  return lxPiece(component, rootClass, {
    init: { index: 0 }, pressOnRoot: true, apply,
    unchanged: (st, d) => d.index === st.index,
    resize: (root, st) => { o.plots(st); show(root, st, st.index, root.dataset.source || "torch"); },
  });
}

// A thumb on its own row (a range input, labelled for screen readers), appended to root.
function lxThumbRow(root, cls, min, max, step, aria) {
  const row = document.createElement("div");
  row.className = "lx-thumbrow";
  const input = document.createElement("input");
  input.type = "range";
  input.className = "lx-thumb " + cls;
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  input.setAttribute("aria-label", aria);
  row.appendChild(input);
  root.appendChild(row);
  return { row, input };
}

// A titled plot area appended to parent: {box, head, area}.
function lxPlotBox(parent, title) {
  const box = document.createElement("div");
  box.className = "lx-plot";
  const head = document.createElement("div");
  head.className = "lx-plot-title";
  head.textContent = title || ""; // a catalogue word, as text
  const area = document.createElement("div");
  box.append(head, area);
  parent.appendChild(box);
  return { box, head, area };
}

// One class's row of a per-class drag chart: its name (text, never markup), a thumb, the logit,
// and a probability bar with its value; class names are ``${prefix}-row``, ``-name``, ``-thumb``,
// ``-logit``, ``-bar``, ``-track``, ``-fill`` and ``-p``.
function lxClassRow(prefix, name, data, aria) {
  const el = (tag, part) => { // the shared look (live.css lx-c…) and the piece's own
    const e = document.createElement(tag);
    e.className = `lx-c${part} ${prefix}-${part}`;
    return e;
  };
  const row = el("div", "row");
  const label = el("span", "name");
  label.textContent = name; // user text: always textContent, never HTML
  label.title = name;
  const input = el("input", "thumb");
  input.type = "range";
  input.min = String(data.lo);
  input.max = String(data.hi);
  input.step = String(data.step);
  input.setAttribute("aria-label", aria);
  const logit = el("span", "logit");
  const bar = el("div", "bar");
  const track = el("div", "track");
  const fill = el("div", "fill");
  const p = el("span", "p");
  track.appendChild(fill);
  bar.append(track, p);
  row.append(label, input, logit, bar);
  return { row, label, input, logit, fill, p };
}

// The line under a piece that says whose numbers are shown (torch's, or the browser's).
function lxFoot(root, text, cls = "lx-foot") {
  const foot = document.createElement("div");
  foot.className = cls;
  foot.textContent = text || "";
  root.appendChild(foot);
  return foot;
}

// A small button that saves a file: on a click ``blob()`` gives its contents (a Blob, a promise
// of one, or null for nothing to save) and ``file()`` its name. Its words are the catalogue's.
function lxSaveButton(parent, className, label, help, blob, file) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = "⤓ " + label; // a catalogue word, as text
  b.title = help;
  b.setAttribute("aria-label", help);
  b.addEventListener("click", () => {
    const made = blob();
    if (!made) return;
    Promise.resolve(made).then((data) => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(data);
      a.download = file();
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
  });
  parent.appendChild(b);
  return b;
}

// A small button that saves a piece's chart as a PNG named ``file()`` (the name Python made:
// ui.panels.safe_filename), drawn from the SVG ``svg()`` gives at twice its size (lxSvgPng).
function lxPngButton(parent, label, help, svg, file) {
  return lxSaveButton(parent, "lx-png", label, help, () => {
    const s = svg();
    return s ? lxSvgPng(s, 2) : null;
  }, file);
}

// A chart piece's frame, made once per root: a row with its PNG button (lxPngButton, the SVG
// kept as st.svg, the file name from st.data.file) over the area the chart is drawn in (st.area).
// Each new data sets the button's words (Python's, in the user's language).
function lxChartFrame(root, st) {
  if (!st.area) {
    root.textContent = "";
    const bar = document.createElement("div");
    bar.className = "lx-chart-bar";
    st.png = lxPngButton(bar, "", "", () => st.svg, () => st.data.file);
    st.area = document.createElement("div");
    st.area.className = "lx-chart-area";
    root.append(bar, st.area);
  }
  const L = st.data.labels;
  st.png.textContent = "⤓ " + L.png;
  st.png.title = L.png_help;
  st.png.setAttribute("aria-label", L.png_help);
  return Math.max(st.area.clientWidth || root.clientWidth || 0, 300);
}
