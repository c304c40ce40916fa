"""Foundation pages through AppTest: the sidebar input changes the Logits page, uploads are
classified, bad uploads give one clear message and keep the previous photo."""

import io

import numpy as np
from PIL import Image

from core.photo.images import sample_bytes
from ui import state


def top1(at) -> str:
    return at.table[0].value["class"].iloc[0]


def on_logits(app):
    app.switch_page("pages/logits.py").run()
    assert not app.exception, app.exception
    return app


def test_default_is_coffee_espresso(app):
    on_logits(app)
    assert top1(app) == "espresso"
    assert app.session_state[state.RECORD].source == "sample"
    assert any("logit" in c.value for c in app.caption)


def test_choosing_a_sample_changes_top1(app):
    on_logits(app)
    app.selectbox(key=state.SAMPLE_KEY).set_value("cat").run()
    assert not app.exception
    assert top1(app) in {"tabby", "tiger cat", "Egyptian cat"}
    rec = app.session_state[state.RECORD]
    assert rec.num_classes == 1000 and "Chelsea" in rec.detail


def test_upload_changes_top1_and_a_bad_upload_keeps_it(app):
    on_logits(app)
    app.radio(key=state.KIND_KEY).set_value("upload").run()
    assert top1(app) == "espresso"  # nothing uploaded yet: the previous photo stays
    app.sidebar.get("file_uploader")[0].set_value(
        ("my <b>cat</b>.png", sample_bytes("cat"), "image/png")).run()
    assert not app.exception, app.exception
    assert top1(app) in {"tabby", "tiger cat", "Egyptian cat"}
    assert app.session_state[state.RECORD].source == "upload"
    # a truncated JPEG: one clear message, the cat stays
    buf = io.BytesIO()
    Image.fromarray(np.zeros((64, 64, 3), np.uint8)).save(buf, "JPEG")
    app.sidebar.get("file_uploader")[0].set_value(
        ("broken.jpg", buf.getvalue()[:100], "image/jpeg")).run()
    assert not app.exception, app.exception
    assert len(app.error) == 1 and "damaged or incomplete" in app.error[0].value
    assert "previous photo" in app.error[0].value
    assert top1(app) in {"tabby", "tiger cat", "Egyptian cat"}
    # the user's file name is never shown
    assert all("<b>" not in m.value for m in [*app.markdown, *app.caption])


def test_model_choice_reclassifies(app):
    on_logits(app)
    app.selectbox(key=state.MODEL_KEY).set_value("tf_efficientnet_lite1").run()
    assert not app.exception
    assert top1(app) == "espresso"
    assert "tf_efficientnet_lite1" in app.session_state[state.RECORD].detail


def test_take_top_k_into_the_record(app):
    on_logits(app)
    app.slider(key="logits_k").set_value(4).run()
    assert len(app.table[0].value) == 4
    app.button(key="logits_take_topk").click().run()
    rec = app.session_state[state.RECORD]
    # the top 4 and all the other classes as one: k + 1 columns
    assert rec.num_classes == 5 and rec.source == "hand-edited"
    assert rec.class_names[0] == "espresso" and rec.class_names[4] == "(all other 996 classes)"
    photo = app.session_state[state.PHOTO]
    assert rec.values[0] == photo.logits.max()
    others = np.sort(photo.logits.astype(np.float64))[:-4]
    assert rec.values[4] == np.float32(np.log(np.exp(others - others.max()).sum()) + others.max())


def test_the_apps_runs_use_one_torch_thread_and_its_forward_passes_the_default(app):
    """core.base.threads: a run leaves torch on one intra-op thread for every run after it (each
    a new thread): small torch work on two threads waited 100-200 ms for the second one beside
    a busy browser. The model's forward passes keep torch's default count: on another count
    the float32 sums come out a few 1e-6 apart, and the app's logits must be a learner's."""
    import threading

    import torch

    from core.base.threads import DEFAULT
    from core.photo.images import decode_image, sample_bytes
    from core.photo.inference import preprocess
    from core.photo.models import load_model, logits_for, make_transform

    def in_thread(fn):
        out = []
        t = threading.Thread(target=lambda: out.append(fn()))
        t.start()
        t.join()
        return out[0]

    def forward_on(n):  # a learner's plain torch, on n threads
        def go():
            torch.set_num_threads(n)
            with torch.inference_mode():
                return m(x)
        return in_thread(go)

    torch.set_num_threads(2)  # as a fresh process on this machine starts
    app.run()
    assert not app.exception
    assert in_thread(torch.get_num_threads) == 1  # the next run's thread
    m = load_model("tf_efficientnet_lite0")
    x = preprocess(make_transform(m), decode_image(sample_bytes("coffee")).image)
    mine = logits_for(m, x)
    assert torch.equal(mine, forward_on(DEFAULT))
    if DEFAULT > 1:  # what the test guards: one thread gives other bits for this photo
        assert not torch.equal(mine, forward_on(1))
    torch.set_num_threads(1)  # as the app's runs leave the process
