"""A lesson, not a dashboard: each section page tells its story first; everything else is a
"Go deeper" part, closed by default and computed only while open; what the learner set inside
survives the part closing; every page ends with where the learner is and what comes next; the
loss pages open on the article's bears batch."""

import pytest

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.losses.math import nll_view
from ui.nav import PAGES

EN = catalog("en")
SECTION_PAGES = [p for p in PAGES if p.url_path not in ("introduction", "conclusion")]


@pytest.fixture
def app(make_app):
    """The app as a learner opens it: every "Go deeper" part closed."""
    return make_app(open_parts=False)


def deeper_keys(at) -> list[str]:
    """The open states of the page's parts (not the sidebar's switch for all of them)."""
    return [str(k) for k in at.session_state.keys()
            if str(k).startswith("deeper_") and k not in ("deeper_all_open",
                                                          "deeper_open_parts")]


def csv_keys(at) -> set[str]:
    return {b.key for b in at.get("download_button")}


@pytest.mark.parametrize("entry", SECTION_PAGES, ids=[p.url_path for p in SECTION_PAGES])
def test_go_deeper_parts_are_closed_and_computed_only_when_opened(app, entry):
    app.switch_page(entry.path).run()
    assert not app.exception
    keys = deeper_keys(app)
    if entry.url_path == "logits":
        assert keys == []  # a short page: nothing to hide
        return
    assert keys, "a section page with no Go deeper part"
    assert not any(app.session_state[k] for k in keys)  # closed by default
    closed = csv_keys(app)
    for k in keys:
        app.session_state[k] = True
    app.run()
    assert not app.exception, app.exception
    opened = csv_keys(app)
    assert closed < opened, "opening the parts drew nothing new: were they computed anyway?"


def test_a_value_set_inside_a_part_survives_the_part_closing(app):
    app.switch_page("pages/cross_entropy.py").run()
    app.session_state["deeper_ce_options"] = True
    app.run()
    app.radio(key="ce_lab_reduction").set_value("sum").run()
    app.session_state["deeper_ce_options"] = False
    app.run()
    assert not app.exception
    assert not [r for r in app.radio if r.key == "ce_lab_reduction"]  # not drawn: closed
    assert app.query_params.get("rd") == "sum"  # still what the link holds
    app.switch_page("pages/nll.py").run()  # and across pages
    app.switch_page("pages/cross_entropy.py").run()
    app.session_state["deeper_ce_options"] = True
    app.run()
    assert app.radio(key="ce_lab_reduction").value == "sum"


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_ends_with_where_you_are_and_what_comes_next(app, entry):
    app.switch_page(entry.path).run()
    links = [el.proto for el in app.get("page_link")]
    n = PAGES.index(entry) + 1
    if n < len(PAGES):
        after = PAGES[n]
        want = EN["nav.next"].format(n=n, total=len(PAGES), title=EN[after.title_key])
        target = after.path
    else:
        want = EN["nav.last"].format(n=n, total=len(PAGES), title=EN[PAGES[0].title_key])
        target = PAGES[0].path
    footer = [p for p in links if p.label == want]
    assert footer, [p.label for p in links]
    if target == PAGES[0].path:  # the first page is the app's default: its address is "/"
        assert footer[-1].page == "" and footer[-1].page_script_hash
    else:
        assert footer[-1].page.endswith(PAGES[n].url_path)


@pytest.mark.parametrize("page, prefix", [("pages/nll.py", "nll"),
                                          ("pages/cross_entropy.py", "ce")])
def test_the_loss_pages_open_on_the_bears_batch_and_the_photo_is_one_click_away(app, page,
                                                                              prefix):
    photo_record = app.session_state["record"]
    app.switch_page(page).run()
    assert not app.exception
    mean = f"{nll_view(article_batch()).nll_mean.item():.4f}" if prefix == "nll" else None
    if mean is not None:
        assert any(m.value == mean for m in app.metric)  # the bears batch's numbers
    assert app.session_state["record"] is photo_record  # shown, not written: nothing edited
    assert any(EN["batch.opens_on_article"] == c.value for c in app.caption)
    app.button(key=f"{prefix}_batch_to_photo").click().run()
    assert not app.exception
    assert app.query_params.get(f"{prefix[0]}p") == "1"  # "use my photo" is in the link
    assert any("not a labelled batch yet" in i.value for i in app.info)  # the top-k row
    app.button(key=f"{prefix}_batch_load_article").click().run()
    assert f"{prefix[0]}p" not in app.query_params
    assert app.session_state["record"].targets == (1, 0, 2, 0, 2)


def test_the_sidebar_switch_opens_every_part_and_closing_it_closes_them(app):
    app.switch_page("pages/cross_entropy.py").run()
    closed = csv_keys(app)
    app.toggle(key="deeper_all_open").set_value(True).run()
    assert all(app.session_state[k] for k in deeper_keys(app))
    assert csv_keys(app) > closed and app.query_params.get("open") == "1"
    app.toggle(key="deeper_all_open").set_value(False).run()
    assert not any(app.session_state[k] for k in deeper_keys(app))
    assert csv_keys(app) == closed
