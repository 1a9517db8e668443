"""jixiao's build. pyproject.toml holds the package; this adds the notation-free text reader's hot modules
compiled with mypyc (the reader about 1.5 times as fast), where it can. The same sources run as plain
Python where it cannot: JIXIAO_PURE=1, no mypy in the build environment, mypy rejecting the modules or
no C compiler each build the pure package, with a warning. All or nothing: a partial build is removed.

Beside the compiled modules, `compiled_sources.json` names each with the SHA-256 of the source it was
built from (`jixiao.compiled.compiled_state` tells an editable checkout whose sources moved on)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# each package's folder, as pyproject.toml's package-dir maps them
PACKAGE_DIRS: dict[str, str] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "tool"]["setuptools"]["package-dir"]
COMPILED = (  # the notation-free reader (extract/free_*.py) and what it asks of every piece of text
    *(f"extract/{p.name}" for p in sorted((ROOT / "extract").glob("free_*.py"))),
    "extract/widths.py", "extract/page_marks.py",
    "normalize/token_kinds.py", "normalize/labels.py", "normalize/anchors.py", "normalize/glued.py",
    "normalize/run_together.py",
)
GROUP = "jixiao.extract.compiled"  # the shared library the compiled modules live in
MANIFEST = "compiled_sources.json"
STAGE = ROOT / "build" / "mypyc-src"  # the sources laid out as the package (mypy names modules by folders)


def _warn(message: str) -> None:
    print(f"jixiao build: {message}; building the pure-Python package", file=sys.stderr)


def _module_name(source: str) -> str:
    folder, name = source.rsplit("/", 1)
    package = next(p for p, f in PACKAGE_DIRS.items() if f == folder)
    return f"{package}.{name[:-3]}"


def _stage() -> list[str]:
    """The package's .py files copied under STAGE as the package lays them out; the compiled ones' paths."""
    shutil.rmtree(STAGE, ignore_errors=True)
    for package, folder in PACKAGE_DIRS.items():
        for source in (ROOT / folder).rglob("*.py"):
            target = STAGE / package.replace(".", "/") / source.relative_to(ROOT / folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return [str(STAGE / _module_name(s).replace(".", "/")) + ".py" for s in COMPILED]


def _remove_earlier_build() -> None:
    """An editable checkout's compiled modules of an earlier build, whatever it compiled (they would shadow
    the sources): the libraries beside a source of the same name, and the shared one."""
    for folder in PACKAGE_DIRS.values():
        for built in (ROOT / folder).rglob("*.so"):
            stem = built.name.split(".", 1)[0]
            if built.with_name(stem + ".py").is_file() or stem.endswith("__mypyc"):
                built.unlink()
    (ROOT / PACKAGE_DIRS["jixiao.extract"] / MANIFEST).unlink(missing_ok=True)


def _extensions() -> list:
    _remove_earlier_build()
    if os.environ.get("JIXIAO_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as error:
        _warn(f"no mypyc to compile with ({error})")
        return []
    try:
        return mypycify([*_stage(), "--ignore-missing-imports", "--follow-imports=silent"], opt_level="3",
                        group_name=GROUP, target_dir=str(ROOT / "build" / "mypyc"))
    except (Exception, SystemExit) as error:  # mypy's errors end in SystemExit
        _warn(f"mypyc could not compile the modules ({error})")
        return []


class AllOrNothing(build_ext):
    """Every compiled module built and the manifest written, or none of them left (the pure package)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - the compiler's failures come in several types
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            _warn(f"the compiled modules could not be built ({error})")
            return
        if self.extensions:
            _write_manifest(Path(self.get_ext_fullpath(GROUP + "__mypyc")).parent)


def _write_manifest(folder: Path) -> None:
    digests = {_module_name(s): hashlib.sha256((ROOT / s).read_bytes()).hexdigest() for s in COMPILED}
    (folder / MANIFEST).write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")


setup(ext_modules=_extensions(), cmdclass={"build_ext": AllOrNothing})
