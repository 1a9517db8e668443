"""The collector paused while a text dump is read (jixiao/collection.py): back as it was after, and
nothing left behind that only the collector could free."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from generator import make_case
from notationgen import NOTATIONS, make_notation_case

from jixiao import pipeline, records_from_text
from jixiao.collection import collector_paused
from jixiao.errors import NoFormTableError


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_pause_nests_and_leaves_the_collector_as_it_found_it(collector_on: None) -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_dump_that_fails_leaves_the_collector_on(collector_on: None) -> None:
    with pytest.raises(NoFormTableError):
        records_from_text("no form here\n")
    assert gc.isenabled()


def _dumps() -> Iterator[tuple[str, str]]:
    for notation in ("tsv", "markdown", "html"):
        yield notation, make_case(0, notation, "page_breaks").text
    for notation in NOTATIONS:  # the readers of forms printed with no notation (extract/free_*.py)
        yield notation, make_notation_case(0, notation).text


@pytest.mark.parametrize(("notation", "text"), list(_dumps()), ids=lambda v: v if len(v) < 40 else "")
def test_reading_makes_no_reference_cycles(collector_on: None, notation: str, text: str) -> None:
    records_from_text(text)  # caches filled
    gc.collect()
    gc.disable()
    try:
        assert records_from_text(text)
        assert gc.collect() == 0, notation
    finally:
        gc.enable()


def test_the_rebuild_of_notation_free_forms_runs_paused(collector_on: None, monkeypatch) -> None:
    seen: list[bool] = []
    rebuild = pipeline.rebuild_free_tables

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return rebuild(*args, **kwargs)

    monkeypatch.setattr(pipeline, "rebuild_free_tables", watched)
    records_from_text(make_notation_case(0, "layout").text)
    assert seen == [False]
    assert gc.isenabled()
