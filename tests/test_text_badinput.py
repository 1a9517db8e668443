"""Bad input to the text reader: each damaged dump must give exactly the records of its clean text,
plus the warning that says what was made good. Real binary files are still refused, typed.

The clean text is the generator's dump (tests/generator.py); for damage that costs a character
(an undecodable byte, a lone surrogate) the clean text holds U+FFFD where the character was lost.
"""

from __future__ import annotations

import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from badinput import png_header_only  # noqa: E402
from generator import make_case, random_document  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.errors import BinarySourceError  # noqa: E402
from jixiao.extract.text_dump import read_text_dump  # noqa: E402
from jixiao.pipeline import records_from_path  # noqa: E402

SEEDS = (0, 1)
NOTATIONS = ("tsv", "markdown", "html")


def _clean_text(seed: int, notation: str) -> tuple[str, str]:
    """A one-form dump and the form's project name (where damage is put: a value)."""
    forms = random_document(random.Random(f"badinput:{seed}"), "clean", n_forms=1)
    return make_case(seed, notation, "clean", forms=forms).text, forms[0].name


def _comparable(records: list[dict]) -> list[dict]:
    out = []
    for record in records:
        record = dict(record)
        record["source"] = {k: v for k, v in record["source"].items() if k not in ("path", "sha256")}
        out.append(record)
    return out


def _assert_same_plus(got: list[dict], clean: list[dict], code: str | None) -> None:
    got, clean = _comparable(got), _comparable(clean)
    assert len(got) == len(clean)
    for record, want in zip(got, clean, strict=True):
        codes = [w["code"] for w in record["warnings"]]
        assert codes == [w["code"] for w in want["warnings"]] + ([code] if code else []), record["warnings"]
        assert {**record, "warnings": []} == {**want, "warnings": []}


def _inside(name: str, insert: str) -> Callable[[str], str]:
    return lambda text: text.replace(name, name[:2] + insert + name[2:])


INVISIBLE_CASES: dict[str, tuple[Callable[[str, str], str], str | None]] = {
    "zero_width_space_in_labels": (lambda t, n: t.replace("项目名称", "项\u200b目名称").replace("其他资金", "其他\u200b资金"),
                                   "invisible_chars_removed"),
    "soft_hyphen_in_value": (lambda t, n: _inside(n, "\u00ad")(t), "invisible_chars_removed"),
    "bom_and_word_joiner_mid_text": (lambda t, n: _inside(n, "\ufeff\u2060")(t.replace("年度总体目标", "年度\u200d总体目标")),
                                     "invisible_chars_removed"),
    "bidi_marks_in_value": (lambda t, n: _inside(n, "\u200e\u202a")(t), "invisible_chars_removed"),
    "control_char_in_value": (lambda t, n: _inside(n, "\x07")(t), "invisible_chars_removed"),
    "bom_at_start_only": (lambda t, n: "\ufeff" + t, None),
    "zero_width_at_line_ends": (lambda t, n: t.replace("\n", "\u200b\n"), None),
    "old_mac_line_ends": (lambda t, n: t.replace("\n", "\r"), None),
    "windows_line_ends": (lambda t, n: t.replace("\n", "\r\n"), None),
    "unicode_line_separators": (lambda t, n: t.replace("\n", "\u2028"), None),
}


@pytest.mark.parametrize("notation", NOTATIONS)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case", INVISIBLE_CASES)
def test_invisible_characters_and_line_ends_as_a_string(case: str, seed: int, notation: str) -> None:
    text, name = _clean_text(seed, notation)
    damage, code = INVISIBLE_CASES[case]
    _assert_same_plus(records_from_text(damage(text, name)), records_from_text(text), code)


@pytest.mark.parametrize("notation", NOTATIONS)
def test_invisible_characters_in_a_file(tmp_path: Path, notation: str) -> None:
    text, name = _clean_text(0, notation)
    path = tmp_path / "web.txt"
    path.write_bytes(_inside(name, "\u200b")(text.replace("项目名称", "项\u00ad目名称")).encode("utf-8"))
    _assert_same_plus(records_from_path(path), records_from_text(text), "invisible_chars_removed")


def test_lone_surrogate_costs_its_character() -> None:
    text, name = _clean_text(0, "tsv")
    lost = text.replace(name, name[:2] + "\ufffd" + name[3:])
    damaged = text.replace(name, name[:2] + "\udc9f" + name[3:])
    _assert_same_plus(records_from_text(damaged), records_from_text(lost), "undecodable_bytes")


def test_surrogate_pair_in_a_string_is_one_character() -> None:
    text, name = _clean_text(1, "tsv")
    whole = text.replace(name, name[:2] + "\U00020000" + name[2:])
    paired = text.replace(name, name[:2] + "\ud840\udc00" + name[2:])
    _assert_same_plus(records_from_text(paired), records_from_text(whole), None)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("notation", NOTATIONS)
def test_utf16_without_bom(tmp_path: Path, encoding: str, notation: str) -> None:
    text, _name = _clean_text(0, notation)
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode(encoding))
    _assert_same_plus(records_from_path(path), records_from_text(text), None)


def _damaged_bytes(text: str, name: str, encoding: str, damage: Callable[[bytes], bytes]) -> bytes:
    data = text.encode(encoding)
    at = data.index(name.encode(encoding))
    char = name[2].encode(encoding)
    start = at + len(name[:2].encode(encoding))
    assert data[start:start + len(char)] == char
    return data[:start] + damage(char) + data[start + len(char):]


BYTE_DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "utf8_truncated_sequence": ("utf-8", lambda char: char[:-1]),
    "utf8_stray_ff": ("utf-8", lambda char: b"\xff"),
    "utf8_lone_continuation": ("utf-8", lambda char: b"\x80"),
    "gb18030_broken_pair": ("gb18030", lambda char: char[:1] + b"\xff"),
}


@pytest.mark.parametrize("notation", NOTATIONS)
@pytest.mark.parametrize("case", BYTE_DAMAGE)
def test_an_undecodable_byte_costs_one_character_not_the_file(tmp_path: Path, case: str, notation: str) -> None:
    text, name = _clean_text(0, notation)
    encoding, damage = BYTE_DAMAGE[case]
    path = tmp_path / "damaged.txt"
    path.write_bytes(_damaged_bytes(text, name, encoding, damage))
    lost = text.replace(name, name[:2] + "\ufffd" + name[3:])
    got = records_from_path(path)
    if case == "gb18030_broken_pair":  # the broken pair's second byte may begin the next character
        assert [w["code"] for w in got[0]["warnings"]][-1] == "undecodable_bytes"
        assert got[0]["project"]["name"].startswith(name[:2] + "\ufffd")
        return
    _assert_same_plus(got, records_from_text(lost), "undecodable_bytes")


@pytest.mark.parametrize("notation", NOTATIONS)
def test_one_nul_byte_is_removed_not_the_file(tmp_path: Path, notation: str) -> None:
    text, name = _clean_text(1, notation)
    path = tmp_path / "nul.txt"
    path.write_bytes(_inside(name, "\x00")(text).encode("utf-8"))
    _assert_same_plus(records_from_path(path), records_from_text(text), "invisible_chars_removed")


def _zip(path: Path) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "项目名称\t某项目\n" * 50)
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["png", "zip", "mostly_nul", "random_bytes", "nul_sprinkled"])
def test_binary_files_are_still_refused(tmp_path: Path, kind: str) -> None:
    text, _name = _clean_text(0, "tsv")
    rng = random.Random(kind)
    made: dict[str, Callable[[], bytes]] = {
        "png": lambda: png_header_only(tmp_path / "i.png", 40, 40).read_bytes(),
        "zip": lambda: _zip(tmp_path / "a.zip"),
        "mostly_nul": lambda: b"\x00" * 4000 + text.encode()[:200],
        "random_bytes": lambda: bytes(rng.randrange(256) for _ in range(4000)),
        "nul_sprinkled": lambda: b"\x00".join(text.encode()[k:k + 7] for k in range(0, 2100, 7)),
    }
    path = tmp_path / "binary.txt"
    path.write_bytes(made[kind]())
    with pytest.raises(BinarySourceError) as raised:
        read_text_dump(path)  # the text reader itself (the registry hands a PNG named .txt to the image reader)
    assert str(path) in str(raised.value)
