"""The record check: a compiled validator for every record, jsonschema to name what fails."""

from __future__ import annotations

import copy

import pytest

from jixiao import records_from_path
from jixiao.errors import RecordValidationError
from jixiao.schema.validate import _fast_check, _validator, validate_record

SAMPLE = "samples/pingluo-chengguan-2022-targets.txt"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return records_from_path(SAMPLE)


def _broken(record: dict) -> list[dict]:
    cases = []
    for path, value in ((("year",), "2022"), (("funds", "total"), "106元"), (("indicators", 0, "level3"), ""),
                        (("form",), "unknown_form"), (("source", "sha256"), "xyz"), (("warnings", 0), {"code": 1})):
        broken = copy.deepcopy(record)
        node = broken
        for key in path[:-1]:
            node = node[key]
        if isinstance(node, list) and not node:
            node.append({})
        node[path[-1]] = value
        cases.append(broken)
    return cases


def test_both_validators_agree(records: list[dict]) -> None:
    for record in records:
        assert _fast_check().is_valid(record) and _validator().is_valid(record)
        for broken in _broken(record):
            assert _fast_check().is_valid(broken) == _validator().is_valid(broken) is False


def test_a_failing_record_names_its_field(records: list[dict]) -> None:
    broken = copy.deepcopy(records[0])
    broken["indicators"][2]["parsed"]["comparator"] = "about"
    with pytest.raises(RecordValidationError, match=r"indicators\[2\]\.parsed\.comparator"):
        validate_record(broken, SAMPLE)


def test_the_page_locations_of_a_record(records: list[dict]) -> None:
    """source.regions / source.boxes and a warning's bbox: where a reviewer's page view draws the cells."""
    located = copy.deepcopy(records[0])
    located["source"]["regions"] = [{"page": 1, "bbox": [50, 60, 545, 700], "cells": [[50, 60, 110, 80.5]]}]
    located["source"]["boxes"] = {"funds.total": {"page": 1, "bbox": [196, 222, 529.6, 241.5]}}
    located["warnings"][0]["bbox"] = [50, 60, 110, 80.5]
    validate_record(located, SAMPLE)
    for path, value in ((("source", "regions", 0, "cells", 0), [1, 2, 3]), (("source", "regions", 0, "page"), 0),
                        (("source", "boxes", "funds.total", "bbox"), "50,60"), (("warnings", 0, "bbox"), [1, 2])):
        broken = copy.deepcopy(located)
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert _fast_check().is_valid(broken) == _validator().is_valid(broken) is False, path
