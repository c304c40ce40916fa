"""``ui.share.rerun_next`` builds its request from Streamlit's script-runner internals (the
version is pinned in requirements.txt). These tests fail on a Streamlit whose internals moved,
so an upgrade shows it here instead of the row-drag piece silently rerunning the whole page."""

from types import SimpleNamespace

from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

from ui.share import _fragment_rerun


def fake_ctx(storage) -> SimpleNamespace:
    return SimpleNamespace(query_string="z=1", page_script_hash="abc", fragment_storage=storage,
                           cached_message_hashes={"h"}, context_info=None)


def test_the_request_reruns_the_named_fragment_only():
    asked = []

    def resolve_target(key):
        asked.append(key)
        return ["frag-1"]

    req = _fragment_rerun(fake_ctx(SimpleNamespace(resolve_target=resolve_target)), "nll_lesson")
    assert isinstance(req, RerunData)
    assert asked == ["nll_lesson"]
    assert req.fragment_id_queue == ["frag-1"] and req.is_fragment_scoped_rerun
    assert req.query_string == "z=1" and req.page_script_hash == "abc"
    assert req.cached_message_hashes == {"h"}


def test_other_internals_give_none_so_the_page_reruns_whole():
    assert _fragment_rerun(fake_ctx(SimpleNamespace()), "nll_lesson") is None  # no resolve_target
    assert _fragment_rerun(SimpleNamespace(), "nll_lesson") is None
