"""Conclusion page: the recap follows the current record and the self-check is computed."""

import numpy as np

from core.base.record import LogitsRecord
from ui import state


def test_recap_and_self_check(app):
    app.switch_page("pages/conclusion.py").run()
    assert not app.exception
    assert "espresso" in " ".join(t.value for t in app.text)
    app.selectbox(key="conclusion_q1").set_value("espresso").run()
    assert app.success and "espresso" in app.success[0].value
    app.selectbox(key="conclusion_q1").set_value("cup").run()
    assert app.error and "highest is espresso" in app.error[0].value


def test_self_check_uses_hand_edited_logits(app):
    app.session_state[state.RECORD] = LogitsRecord(
        values=np.array([0.02, -2.49, 1.25]), class_names=("x", "y", "z"), source="preset")
    app.switch_page("pages/conclusion.py").run()
    app.selectbox(key="conclusion_q2_target").set_value(0).run()
    app.text_input(key="conclusion_q2").input("1,5046").run()  # decimal comma, read as 1.5046
    assert not app.exception
    assert app.success, [e.value for e in app.error]
    app.text_input(key="conclusion_q2").input("nan").run()
    assert app.warning and "NaN" in app.warning[0].value
