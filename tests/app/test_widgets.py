"""ui.widgets.synced_number: slider and exact box stay in sync; bad text keeps the last value."""

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from ui.widgets import synced_number

    v = synced_number("z", key="w", default=1.5, lo=-1e4, hi=1e4, slider_lo=-10, slider_hi=10)
    st.text(f"value={v!r}")


def _value(at) -> str:
    return at.text[-1].value


def _run():
    at = AppTest.from_function(_page, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_starts_at_default_and_slider_updates_box():
    at = _run()
    assert _value(at) == "value=1.5"
    at.slider(key="w__slider").set_value(-3.25).run()
    assert _value(at) == "value=-3.25"
    assert at.text_input(key="w__text").value == "-3.25"


def test_exact_box_beyond_slider_range_clamps_thumb_only():
    at = _run()
    at.text_input(key="w__text").input("250").run()
    assert _value(at) == "value=250.0"
    assert at.slider(key="w__slider").value == 10.0
    assert not at.error


def test_decimal_comma_is_read_and_said():
    at = _run()
    at.text_input(key="w__text").input("2,5").run()
    assert _value(at) == "value=2.5"
    assert any("decimal comma" in c.value for c in at.caption)


def test_bad_text_gives_message_and_keeps_last_good_value():
    at = _run()
    at.slider(key="w__slider").set_value(4.0).run()
    for bad in ("nan", "inf", "-inf", "1e308", "abc", "", "1,000.5"):
        at.text_input(key="w__text").input(bad).run()
        assert not at.exception
        assert _value(at) == "value=4.0", bad
        assert at.error and "Kept 4" in at.error[0].value, bad
    at.slider(key="w__slider").set_value(-1.0).run()
    assert _value(at) == "value=-1.0" and not at.error
