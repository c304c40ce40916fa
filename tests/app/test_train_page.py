"""The Train page in AppTest: the ready-made example trains (its loss falls), the settings'
bad values are messages, too few photos or classes are messages, and nothing else is lost."""

from __future__ import annotations

import pytest

from core.train import inputs

PAGE = "pages/train.py"


def texts(at, kind) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def test_the_example_trains_and_its_loss_falls(app):
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    assert not app.error, texts(app, "error")
    captions = " ".join(c.value for c in app.caption)
    assert "The mean loss fell from" in captions
    assert app.session_state[inputs.STEP.key] == inputs.STEP.default
