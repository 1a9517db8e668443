"""Discovery of a batch's sources on real trees: names that are not UTF-8, symbolic links (loops,
dangling), pipes, unreadable folders and files; every entry left out said with why, exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from jixiao.batch.entry import read_manifest

import jixiao.batch.discover as discover_module
from jixiao.batch.discover import Skipped, discover
from jixiao.cli import main
from jixiao.paths import display_path, filesystem_path
from jixiao.pipeline import iter_sources

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"
GBK_NAME = os.fsdecode("测试".encode("gbk") + b".txt")  # as a Windows zip unpacks it: bytes that are not UTF-8
GBK_SHOWN = r"\xb2\xe2\xca\xd4.txt"
AS_ROOT = os.geteuid() == 0  # root reads any file or folder whatever its mode: the refusal is simulated


def _err_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def test_display_path_escapes_only_what_is_not_utf8_and_goes_back() -> None:
    mixed = os.fsdecode("测试".encode("gbk") + "中文.txt".encode())
    assert display_path(Path("dir") / mixed) == r"dir/\xb2\xe2\xca\xd4中文.txt"
    assert display_path("平罗/a.txt") == "平罗/a.txt"
    assert filesystem_path(display_path(mixed)) == Path(mixed)
    display_path(mixed).encode("utf-8")  # valid UTF-8: no surrogate left


def test_a_gbk_name_is_read_and_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / GBK_NAME)
    assert discover([tmp_path / "in"]).sources == [tmp_path / "in" / GBK_NAME]
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert [p.name for p in out.glob("*.jsonl")] == [r"_xb2_xe2_xca_xd4.jsonl"]  # no backslash in a file name
    records = [json.loads(line) for line in next(out.glob("*.jsonl")).read_text(encoding="utf-8").splitlines()]
    assert [e.path for e in read_manifest(out)] == [f"{tmp_path}/in/{GBK_SHOWN}"]
    assert len(records) == 12
    assert {r["source"]["path"] for r in records} == {f"{tmp_path}/in/{GBK_SHOWN}"}
    assert _err_lines(capsys) == ["jixiao: 1 sources, 12 records, 11 warnings, 0 errors"]


def test_a_gbk_name_on_stdout_is_valid_utf8(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    shutil.copy(SAMPLE, tmp_path / GBK_NAME)
    assert main(["extract", str(tmp_path), "-o", "-", "--quiet"]) == 0
    text = capfdbinary.readouterr().out.decode("utf-8")  # strict: raises on any byte that is not UTF-8
    assert [json.loads(line)["source"]["path"] for line in text.splitlines()] == [f"{tmp_path}/{GBK_SHOWN}"] * 12


def test_a_gbk_name_that_fails_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / GBK_NAME).write_bytes(b"")
    assert main(["extract", str(tmp_path / GBK_NAME), "-o", str(tmp_path / "out")]) == 1
    assert _err_lines(capsys) == [f"jixiao: error: {tmp_path}/{GBK_SHOWN}: the file is empty",
                                  "jixiao: 1 sources, 0 records, 0 warnings, 1 errors"]


@pytest.fixture()
def linked_tree(tmp_path: Path) -> Path:
    """real/a.txt; alias → real (sorted before it); real/sub/up → .. (a loop); two links that lead nowhere;
    a pipe; a hidden folder; a file of a kind no reader takes."""
    tree = tmp_path / "tree"
    (tree / "real" / "sub").mkdir(parents=True)
    (tree / ".git").mkdir()
    shutil.copy(SAMPLE, tree / "real" / "a.txt")
    (tree / "alias").symlink_to("real")
    (tree / "real" / "sub" / "up").symlink_to("..")
    (tree / "gone.txt").symlink_to("nowhere.txt")
    (tree / "loop1.txt").symlink_to("loop2.txt")
    (tree / "loop2.txt").symlink_to("loop1.txt")
    (tree / "a-copy.txt").symlink_to("real/a.txt")
    os.mkfifo(tree / "pipe.txt")
    (tree / "notes.zip").write_bytes(b"PK")
    return tree


def test_links_are_followed_once_and_what_is_left_out_is_said(linked_tree: Path) -> None:
    found = discover([linked_tree])
    t = str(linked_tree)
    assert found.sources == [linked_tree / "real" / "a.txt"]  # read at its own path, not through a link to it
    assert found.skipped == [
        Skipped(f"{t}/.git", "hidden", "hidden"),
        Skipped(f"{t}/a-copy.txt", f"the same file as {t}/real/a.txt", "already_read"),
        Skipped(f"{t}/alias", f"the folder was already read as {t}/real", "already_read"),
        Skipped(f"{t}/gone.txt", "dangling symbolic link (to nowhere.txt)", "dangling_link"),
        Skipped(f"{t}/loop1.txt", "symbolic link loop", "link_loop"),
        Skipped(f"{t}/loop2.txt", "symbolic link loop", "link_loop"),
        Skipped(f"{t}/notes.zip", "unsupported kind (.zip)", "unsupported"),
        Skipped(f"{t}/pipe.txt", "not a regular file: a named pipe", "not_regular"),
        Skipped(f"{t}/real/sub/up", f"the folder was already read as {t}/real", "already_read"),
    ]
    assert not found.errors


def test_a_linked_folder_outside_the_tree_is_read_under_the_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "tree").mkdir()
    shutil.copy(SAMPLE, tmp_path / "elsewhere" / "b.txt")
    shutil.copy(SAMPLE, tmp_path / "tree" / "a.txt")
    (tmp_path / "tree" / "2022").symlink_to(tmp_path / "elsewhere")
    shutil.copy(SAMPLE, tmp_path / "d.txt")
    (tmp_path / "tree" / "d-link.txt").symlink_to(tmp_path / "d.txt")
    (tmp_path / "tree" / "b-link.txt").symlink_to(tmp_path / "elsewhere" / "b.txt")
    found = discover([tmp_path / "tree"])
    assert found.sources == [tmp_path / "tree" / "2022" / "b.txt", tmp_path / "tree" / "a.txt",
                             tmp_path / "tree" / "d-link.txt"]
    assert found.skipped == [Skipped(f"{tmp_path}/tree/b-link.txt", f"the same file as {tmp_path}/tree/2022/b.txt",
                                     "already_read")]
    assert list(iter_sources([tmp_path / "tree"])) == discover([tmp_path / "tree"]).sources


def test_the_cli_says_each_skip_and_counts_the_routine_ones(linked_tree: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    t = str(linked_tree)
    assert main(["extract", t, "-o", str(tmp_path / "out")]) == 0  # nothing unreadable: nothing lost
    assert _err_lines(capsys) == [
        f"jixiao: skipped: {t}/a-copy.txt: the same file as {t}/real/a.txt",
        f"jixiao: skipped: {t}/alias: the folder was already read as {t}/real",
        f"jixiao: skipped: {t}/gone.txt: dangling symbolic link (to nowhere.txt)",
        f"jixiao: skipped: {t}/loop1.txt: symbolic link loop",
        f"jixiao: skipped: {t}/loop2.txt: symbolic link loop",
        f"jixiao: skipped: {t}/pipe.txt: not a regular file: a named pipe",
        f"jixiao: skipped: {t}/real/sub/up: the folder was already read as {t}/real",
        "jixiao: skipped 1 file of a kind no reader takes (.zip 1); --list-skipped names each",
        "jixiao: skipped 1 hidden file or folder; --list-skipped names each",
        "jixiao: 1 sources, 12 records, 11 warnings, 0 errors, 9 skipped",
    ]
    assert main(["extract", t, "-o", str(tmp_path / "out"), "--list-skipped"]) == 0
    lines = _err_lines(capsys)
    assert f"jixiao: skipped: {t}/.git: hidden" in lines
    assert f"jixiao: skipped: {t}/notes.zip: unsupported kind (.zip)" in lines
    assert not any("--list-skipped names each" in line for line in lines)


def test_named_paths_that_are_not_there_are_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(tmp_path / "pipe")
    names = [str(tmp_path / n) for n in ("a.txt", "missing.txt", "gone.txt", "pipe")]
    assert main(["extract", *names, "-o", str(tmp_path / "out")]) == 1
    assert _err_lines(capsys) == [
        f"jixiao: error: {tmp_path}/missing.txt: no such file or directory",
        f"jixiao: error: {tmp_path}/gone.txt: dangling symbolic link (to nowhere.txt)",
        f"jixiao: error: {tmp_path}/pipe: not a regular file: a named pipe",
        "jixiao: 1 sources, 12 records, 11 warnings, 3 errors",
    ]
    assert (tmp_path / "out" / "a.jsonl").exists()


def _refuse(monkeypatch: pytest.MonkeyPatch, refused: Path, folder: bool) -> None:
    """Make `refused` unreadable: by its mode, or (as root, who reads anything) through discovery's seams."""
    if not AS_ROOT:
        refused.chmod(0)
        return
    if folder:
        real = discover_module._list_folder

        def list_folder(path: Path) -> list[os.DirEntry[str]]:
            if path == refused:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(discover_module, "_list_folder", list_folder)
    else:
        monkeypatch.setattr(discover_module, "_readable", lambda path: path != refused)


def test_unreadable_folders_and_files_are_errors_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "tree"
    (tree / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE, tree / "locked" / "hidden-from-us.txt")
    shutil.copy(SAMPLE, tree / "a.txt")
    shutil.copy(SAMPLE, tree / "b.txt")
    _refuse(monkeypatch, tree / "locked", folder=True)
    _refuse(monkeypatch, tree / "b.txt", folder=False)
    try:
        found = discover([tree])
        assert found.sources == [tree / "a.txt"]
        assert found.errors == [
            Skipped(f"{tree}/b.txt", "cannot read this file (Permission denied)", "unreadable", True),
            Skipped(f"{tree}/locked", "cannot read this folder (Permission denied)", "unreadable", True),
        ]
        assert main(["extract", str(tree), "-o", str(tmp_path / "out")]) == 1
    finally:
        for path in (tree / "locked", tree / "b.txt"):
            path.chmod(0o755)
    assert _err_lines(capsys) == [
        f"jixiao: error: {tree}/b.txt: cannot read this file (Permission denied)",
        f"jixiao: error: {tree}/locked: cannot read this folder (Permission denied)",
        "jixiao: 1 sources, 12 records, 11 warnings, 2 errors",
    ]
    assert (tmp_path / "out" / "a.jsonl").exists()


def test_a_folder_of_nothing_readable_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scan.zip").write_bytes(b"PK")
    (tmp_path / "in" / "scan.rar").write_bytes(b"Rar!")
    (tmp_path / "in" / "more.zip").write_bytes(b"PK")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 1
    assert _err_lines(capsys) == [
        "jixiao: skipped 3 files of kinds no reader takes (.zip 2, .rar 1); --list-skipped names each",
        "jixiao: no readable sources (.txt .tsv .csv .md .html …) found",
    ]


def test_the_old_selection_is_kept(tmp_path: Path) -> None:
    """Supported suffixes (any case), recursive, sorted by path parts, hidden names left out; named files as given."""
    tree = tmp_path / "in"
    for name in ("b.TXT", "a/z.pdf", "a-c.md", ".hidden.txt", "x/.cache/y.txt", "n.bin", "a/b/c.xlsx"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(b"x")
    named = tmp_path / "dump.bin"
    named.write_bytes(b"x")
    assert list(iter_sources([tree, named])) == [tree / "a" / "b" / "c.xlsx", tree / "a" / "z.pdf", tree / "a-c.md",
                                                tree / "b.TXT", named]
