"""The Train page in headless Chromium: the bundled example trains and its loss falls; the step
thumb (keys, Play) plays back torch's numbers for every step with no server run until it stops,
the gradient heatmap included (compared with core.train's torch run of the same photos); a step
change redraws the piece, its loss and accuracy chart included, within a frame."""

from __future__ import annotations

import json
import statistics

import numpy as np

from bench.train import SCRUB_JS
from tests.e2e.browser import browser_page, range_point, runs_of, wait_idle

STEP = "Step"
ROOT = (f"document.querySelector('input.lxp-thumb[aria-label={json.dumps(STEP)}]')"
        ".closest('.lxp-root')")


def state(page) -> dict:
    return page.evaluate(f"""() => {{ const r = {ROOT}; const d = r.dataset;
        return {{index: Number(d.index), source: d.source, updates: Number(d.updates),
                 shown: JSON.parse(d.shown)}}; }}""")


def example_trajectory():
    """The ready-made example as the page trains it (its default settings), in this process:
    the bundled photos and their seeded views through the default model in one batch, the
    plan's split, core.train's torch loop. Returns (trajectory, each photo's own row)."""
    import torch

    from core.photo import models
    from core.photo.batch import digest
    from core.photo.images import sample_bytes
    from core.train import features as ft
    from core.train import inputs
    from core.train.data import EXAMPLE, PhotoRef, plan
    from core.train.math import TrainConfig, train

    views = inputs.VIEWS.default
    model = models.load_model(models.DEFAULT_MODEL)
    transform = models.make_transform(model)
    refs, xs = [], []
    for j, keys in enumerate(EXAMPLE):
        for k in keys:
            data = sample_bytes(k)
            d = digest(data)
            refs.append(PhotoRef(k, k, d, j))
            xs.append(ft.photo_inputs(data, transform, views, ft.photo_seed(d))[0])
    feats = ft.pooled_features(model, torch.cat(xs)).reshape(len(refs), 1 + views, -1)
    by = {r.digest: f for r, f in zip(refs, feats)}
    pl = plan([str(j) for j in range(len(EXAMPLE))],
              [[r for r in refs if r.label == j] for j in range(len(EXAMPLE))])
    x = np.concatenate([by[r.digest] for r in pl.train])
    y = np.repeat([r.label for r in pl.train], 1 + views)
    held_x = np.stack([by[r.digest][0] for r in pl.held])
    cfg = TrainConfig(lr=inputs.LR.default, steps=inputs.STEPS.default,
                      label_smoothing=inputs.SMOOTHING.default)
    traj = train(x, y, cfg, held_x, [r.label for r in pl.held], num_classes=len(EXAMPLE))
    return traj, [i * (1 + views) for i in range(len(pl.train))]


def open_train(page, server_url) -> None:
    page.goto(f"{server_url}/train")
    wait_idle(page, 180_000)
    page.locator("input.lxp-thumb").first.wait_for(timeout=120_000)
    wait_idle(page)


def test_the_example_trains_and_its_loss_falls(server_url, page):
    open_train(page, server_url)
    assert page.get_by_text("The mean loss fell from").count() == 1
    start = state(page)
    assert start["index"] == 0 and start["source"] == "torch"
    loss0 = start["shown"]["raw"][0]
    runs = runs_of(page)
    mark = runs.mark()
    thumb = page.locator("input.lxp-thumb").first
    thumb.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    mid = state(page)
    assert mid["index"] == 10 and mid["shown"]["raw"][0] < loss0
    page.keyboard.press("End")
    end = state(page)
    assert end["index"] == 100 and end["shown"]["raw"][0] < 0.5 * loss0  # the loss fell
    assert runs.wait(page, mark, 60), runs.why_not(*mark)  # committed: the server follows
    wait_idle(page)
    assert state(page)["index"] == 100  # the run's data keeps the thumb where it was let go


def test_the_gradient_heatmap_follows_the_scrubber_with_torchs_numbers(server_url, page):
    """Arrow keys held on the scrubber (no release, so no commit and no run): the heatmap shows
    the gradient at the step under the thumb, and it is core.train's autograd gradient of the
    same photos at that step."""
    traj, firsts = example_trajectory()
    open_train(page, server_url)
    runs = runs_of(page)
    mark = runs.mark()
    heat0 = np.array(state(page)["shown"]["tables"][-1], dtype=float)
    assert np.abs(heat0 - traj.grads[0][firsts]).max() < 2e-3
    page.locator("input.lxp-thumb").first.focus()
    for _ in range(7):
        page.keyboard.down("ArrowRight")  # held: its keyup never comes during the test
    shown = state(page)
    assert shown["index"] == 7 and shown["source"] == "drag"
    heat = np.array(shown["shown"]["tables"][-1], dtype=float)  # (photos, classes), as shown
    torch_grad = traj.grads[7][firsts]
    assert heat.shape == torch_grad.shape
    assert np.abs(heat - torch_grad).max() < 2e-3, (heat, torch_grad)
    assert np.abs(heat - heat0).max() > 0.05  # it moved with the thumb
    assert runs.mark() == mark, "a script run happened before the release"
    page.keyboard.up("ArrowRight")
    assert runs.wait(page, mark, 60), runs.why_not(*mark)  # the release commits step 7


# The loss and accuracy chart (the piece's first): where its marker line stands as a share of
# the x axis (0 at step 0, 1 at the last step), and the words above it.
CURVE_JS = f"""() => {{ const box = {ROOT}.querySelector('.lx-plot');
  const axis = box.querySelector('.lx-axis'), line = box.querySelector('.lxp-vline');
  const x0 = Number(axis.getAttribute('x1')), x1 = Number(axis.getAttribute('x2'));
  return {{at: (Number(line.getAttribute('x1')) - x0) / (x1 - x0),
           note: box.querySelector('.lxp-note').textContent,
           title: box.querySelector('.lx-plot-title').textContent}}; }}"""


def test_the_loss_chart_follows_a_mouse_drag_with_torchs_loss(server_url, page):
    """The mouse holds the scrubber mid-way (no release, so no commit and no run): the loss and
    accuracy chart's marker stands at the step under the thumb, and the words above it give
    core.train's torch loss and accuracy at that step, to the printed digits."""
    traj, _ = example_trajectory()
    open_train(page, server_url)
    assert page.evaluate(CURVE_JS)["title"] == "Loss and accuracy over the steps"
    assert page.locator(".js-plotly-plot").count() == 0  # no server chart draws it again
    runs = runs_of(page)
    mark = runs.mark()
    thumb = page.locator("input.lxp-thumb").first
    thumb.scroll_into_view_if_needed()
    page.mouse.move(*range_point(thumb, 0))
    page.mouse.down()
    page.mouse.move(*range_point(thumb, 37), steps=8)
    shown = state(page)
    k = shown["index"]
    assert 25 <= k <= 50 and shown["source"] == "drag", shown  # mid-way, under the thumb
    curve = page.evaluate(CURVE_JS)
    assert abs(curve["at"] - k / 100) < 0.005, (curve, k)
    assert curve["note"].startswith(
        f"step {k}: loss {traj.losses[k]:.4f}, accuracy {traj.accuracy[k]:.0%} · "
        f"held-out loss {traj.held_losses[k]:.4f}"), (curve["note"], k)
    assert shown["shown"]["notes"][0] == curve["note"]
    assert f"{traj.losses[k]:.4f}" != f"{traj.losses[0]:.4f}"  # it moved with the thumb
    assert runs.mark() == mark, "a script run happened before the release"
    page.mouse.up()
    assert runs.wait(page, mark, 60), runs.why_not(*mark)  # the release commits step k
    wait_idle(page)
    assert state(page)["index"] == k and page.evaluate(CURVE_JS) == curve


def test_play_walks_every_step_in_the_browser(server_url, page):
    open_train(page, server_url)
    runs = runs_of(page)
    mark = runs.mark()
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function(f"() => Number({ROOT}.dataset.index) >= 30", timeout=30_000)
    mid = state(page)
    assert mid["source"] == "play"
    assert runs.mark() == mark, "a script run happened while playing"
    page.wait_for_function(f"() => {ROOT}.dataset.index === '100'", timeout=60_000)
    assert runs.wait(page, mark, 60), runs.why_not(*mark)  # the end is committed


def test_a_step_change_redraws_the_piece_within_a_frame(server_url, page):
    """Each step change redraws the readouts, the loss chart's marker and words, the logit
    chart's marker, the bars, the table and the gradient heatmap synchronously: measured from
    the input event to the end of the redraw (under load)."""
    open_train(page, server_url)
    times = page.evaluate(SCRUB_JS)  # the bench's own measurement (bench/train.py)
    assert len(times) == 101
    assert statistics.median(times) <= 16, times


def test_a_camera_shot_joins_a_class(server_url):
    with browser_page(fake_camera=True) as page:
        open_train(page, server_url)
        assert page.get_by_text("1 held out").count() == 1
        page.get_by_role("button", name="Camera").click()
        take = page.get_by_role("button", name="Take Photo")
        take.wait_for(timeout=60_000)
        page.wait_for_function("""() => { const v = document.querySelector('video');
            return v && v.readyState >= 2 && v.videoWidth > 0; }""", timeout=60_000)  # streams
        take.click(timeout=60_000)
        page.get_by_role("button", name="Clear photo").wait_for(timeout=60_000)  # taken
        wait_idle(page)
        page.get_by_role("button", name="Camera").click()  # the popover closes
        page.get_by_text("camera shot 1", exact=True).first.wait_for(timeout=60_000)
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="camera shot 1")
        box.click()
        page.get_by_role("option", name="people").click()
        wait_idle(page)
        # "people" now has 3 photos: its last one, the shot, is held out
        page.get_by_text("2 held out").first.wait_for(timeout=60_000)
        assert page.get_by_text("The mean loss fell from").count() == 1


def test_the_loss_chart_saves_a_png_of_itself(server_url, page, tmp_path):
    """Every chart saves a PNG: the piece's loss and accuracy chart too (its SVG, at twice its
    size, under the name Python gave it)."""
    from core.base.i18n import catalog

    open_train(page, server_url)
    box = page.locator(".lxp-root .lx-plot").first
    button = box.locator(".lx-png")
    title = catalog("en")["train.curve_title"]
    assert box.locator(".lx-plot-title").inner_text() == title
    assert button.get_attribute("title") == catalog("en")["panels.png_help"].format(name=title)
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "train-loss-and-accuracy.png"
    path = tmp_path / "chart.png"
    download.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    svg = box.locator("svg").first
    assert (w, h) == (2 * int(float(svg.get_attribute("width"))),
                      2 * int(float(svg.get_attribute("height"))))
