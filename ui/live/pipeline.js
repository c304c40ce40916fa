// The Introduction's pipeline as one picture: six stages in a row (a column on a phone), each
// with this photo's numbers from torch and buttons to its page. Clicking a class in the
// "−log p(target)" stage makes it the target: p(target), log p and the loss switch at once to
// torch's numbers for that class (sent with the data; no formula here), and {target, seq} goes
// to Python, which keeps it (the link holds it). A page button sends "go" (Python switches
// pages, so the session goes along). Every word comes from Python; user text is textContent.

function lxpEl(parent, tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function lxpStage(list, n, title) {
  const li = lxpEl(list, "li", "lxp-stage");
  const head = lxpEl(li, "div", "lxp-head");
  lxpEl(head, "span", "lxp-n", String(n));
  lxpEl(head, "span", "lxp-title", title);
  return lxpEl(li, "div", "lxp-body");
}

// Open a page the way the app's own navigation does (its link, a client-side page change that
// keeps every widget, an uploaded photo too); only where that link is not in the document ask
// Python (st.switch_page, which starts the sidebar's widgets over).
function lxpGo(st, page) {
  const nav = [...document.querySelectorAll('[data-testid="stSidebarNav"] a[href]')]
    .find((a) => new URL(a.href, window.location.href).pathname.replace(/\/+$/, "")
      .endsWith("/" + page));
  if (nav) nav.click();
  else st.setTriggerValue("go", page);
}

function lxpLinks(st, body, links) {
  const row = lxpEl(body, "div", "lxp-links");
  for (const l of links || []) {
    const b = lxpEl(row, "button", "lxp-go", st.data.labels.open.replace("{page}", l.text) + " →");
    b.type = "button";
    b.addEventListener("click", () => lxpGo(st, l.page));
  }
}

function lxpKv(body, k, cls) {
  const line = lxpEl(body, "div", "lxp-kv " + (cls || ""));
  lxpEl(line, "span", "lxp-k", k);
  return lxpEl(line, "span", "lxp-v");
}

// Stage 5 and 6 for the chosen target (torch's numbers for it came with the data).
function lxpShowTarget(root, st) {
  const d = st.data;
  const row = d.targets.find((r) => r.index === st.target) || d.targets[0];
  st.out.p.textContent = row.p;
  st.out.logp.textContent = row.logp;
  st.out.loss.textContent = row.loss;
  st.out.lossName.textContent = row.name;
  for (const b of st.picks) {
    b.setAttribute("aria-pressed", String(Number(b.dataset.index) === row.index));
  }
  for (const r of st.bars) r.row.classList.toggle("lxp-is-target", r.index === row.index);
  root.dataset.target = String(row.index);
  root.dataset.loss = row.loss;
  root.dataset.p = row.p;
}

function lxpBuild(root, st, d) {
  root.textContent = "";
  const L = d.labels;
  const list = lxpEl(root, "ol", "lxp-flow");
  list.setAttribute("aria-label", L.aria);

  const photo = lxpStage(list, 1, L.photo);
  const img = lxpEl(photo, "img", "lxp-photo");
  img.src = d.photo.src;
  img.alt = d.photo.label;
  lxpEl(photo, "div", "lxp-cap", d.photo.label);

  const net = lxpStage(list, 2, L.network);
  lxpEl(net, "div", "lxp-model", d.network.model);
  lxpEl(net, "div", "lxp-cap", d.network.params);
  lxpEl(net, "div", "lxp-cap", d.network.out);

  const logits = lxpStage(list, 3, L.logits);
  for (const r of d.top) lxpKv(logits, r.name, "lxp-logit").textContent = r.logit;
  lxpEl(logits, "div", "lxp-cap", d.rest);
  lxpEl(logits, "div", "lxp-cap", L.any_real);
  lxpLinks(st, logits, d.links.logits);

  const soft = lxpStage(list, 4, L.softmax);
  st.bars = d.top.map((r) => {
    const row = lxpEl(soft, "div", "lxp-bar");
    lxpEl(row, "span", "lxp-k", r.name);
    const track = lxpEl(row, "span", "lxp-track");
    lxpEl(track, "span", "lxp-fill").style.width = `${(100 * r.share).toFixed(2)}%`;
    lxpEl(row, "span", "lxp-v", r.p);
    return { row, index: r.index };
  });
  lxpEl(soft, "div", "lxp-cap", d.sigmoid);
  lxpLinks(st, soft, d.links.softmax);

  const nll = lxpStage(list, 5, L.nll);
  lxpEl(nll, "div", "lxp-cap", L.pick);
  const group = lxpEl(nll, "div", "lxp-picks");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", L.pick);
  st.picks = d.targets.map((r) => {
    const b = lxpEl(group, "button", "lxp-pick", r.name);
    b.type = "button";
    b.dataset.index = String(r.index);
    b.addEventListener("click", () => {
      st.target = r.index;
      lxpShowTarget(root, st);
      st.seq += 1;
      st.setTriggerValue("commit", { target: r.index, seq: st.seq });
    });
    return b;
  });
  st.out = { p: lxpKv(nll, L.p), logp: lxpKv(nll, "log p") };
  lxpLinks(st, nll, d.links.nll);

  const loss = lxpStage(list, 6, L.loss);
  st.out.loss = lxpEl(loss, "div", "lxp-loss");
  st.out.lossName = lxpEl(loss, "div", "lxp-cap lxp-loss-name");
  lxpEl(loss, "div", "lxp-cap", L.loss_value);
  lxpLinks(st, loss, d.links.loss);
  lxFoot(root, L.torch);
}

function lxpApply(root, st, data) {
  st.data = data;
  st.target = data.target;
  lxpBuild(root, st, data);
  lxpShowTarget(root, st);
}

export default function (component) {
  return lxPiece(component, "lxp-root lx-root", {
    init: { target: null },
    unchanged: () => true,
    apply: lxpApply,
  });
}
