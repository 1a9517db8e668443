"""The compiled build (setup.py, mypyc) told apart from the pure one, and a compiled module built from an
older source than the checkout's named."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from jixiao.compiled import MANIFEST, compiled_state


def _package(tmp_path: Path, sources: dict[str, str], built: dict[str, str]) -> tuple[Path, dict[str, Path]]:
    """A folder with the given sources, a compiled library for each module of `built` and a manifest
    holding the digest of `built`'s text for it."""
    origins = {}
    for name, text in sources.items():
        (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
        origins[f"pkg.{name}"] = tmp_path / f"{name}.py"
    for name in built:
        library = tmp_path / f"{name}.cpython-311-x86_64-linux-gnu.so"
        library.write_bytes(b"\x7fELF")
        origins[f"pkg.{name}"] = library
    digests = {f"pkg.{n}": hashlib.sha256(t.encode()).hexdigest() for n, t in built.items()}
    (tmp_path / MANIFEST).write_text(json.dumps(digests), encoding="utf-8")
    return tmp_path / MANIFEST, origins


def test_modules_built_from_their_sources_are_compiled_and_fresh(tmp_path: Path) -> None:
    manifest, origins = _package(tmp_path, {"a": "x = 1\n", "b": "y = 2\n"}, {"a": "x = 1\n", "b": "y = 2\n"})
    state = compiled_state(manifest, origins.get)
    assert (state.compiled, state.stale) == (["pkg.a", "pkg.b"], [])
    assert state.summary() == "jixiao: 2 modules compiled with mypyc"


def test_a_source_edited_after_the_build_is_named_stale(tmp_path: Path) -> None:
    manifest, origins = _package(tmp_path, {"a": "x = 1\n", "b": "y = 3\n"}, {"a": "x = 1\n", "b": "y = 2\n"})
    state = compiled_state(manifest, origins.get)
    assert (state.compiled, state.stale) == (["pkg.a", "pkg.b"], ["pkg.b"])
    assert state.summary() == "jixiao: 2 modules compiled with mypyc; built from older sources: pkg.b (run make setup)"


def test_a_module_imported_from_its_source_is_not_compiled(tmp_path: Path) -> None:
    manifest, origins = _package(tmp_path, {"a": "x = 1\n"}, {})
    (tmp_path / MANIFEST).write_text(json.dumps({"pkg.a": "0" * 64}), encoding="utf-8")
    assert compiled_state(manifest, origins.get).compiled == []
    assert compiled_state(tmp_path / "none.json").summary().startswith("jixiao: pure Python (no compiled modules")


def test_the_installed_build_is_all_or_nothing_and_fresh() -> None:
    """Every module setup.py compiled imports compiled (none fell back to its source) and none is stale
    (the suite's own guard, conftest.py, stops a run on stale modules before this)."""
    from jixiao.compiled import _installed_manifest

    manifest = _installed_manifest()
    state = compiled_state()
    if manifest is None or not manifest.is_file():
        assert state.compiled == []
        return
    assert sorted(state.compiled) == sorted(json.loads(manifest.read_text(encoding="utf-8")))
    assert state.stale == []


def test_a_machine_that_can_compile_runs_the_compiled_build() -> None:
    """Where mypyc and a C compiler are at hand and JIXIAO_PURE is not set, the build compiled (a module that
    mypyc rejects, added or edited, turns the whole build pure with only a warning: this says so)."""
    import importlib.util
    import os
    import shlex
    import shutil
    import sysconfig

    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")[0]
    if os.environ.get("JIXIAO_PURE") or importlib.util.find_spec("mypyc") is None or not shutil.which(compiler):
        pytest.skip("a pure build asked for (JIXIAO_PURE), or no mypyc or C compiler to build with")
    assert compiled_state().compiled, "a pure build where mypyc and a C compiler are at hand: `pip install -v -e .`"
