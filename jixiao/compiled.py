"""Which of the package's modules run compiled (mypyc, built by setup.py), and which of those were built
from a source that has changed since: in an editable checkout a compiled module shadows its edited
source until the package is built again (`make setup` does it).

    python -m jixiao.compiled   # one line: compiled or pure, and the stale modules (exit 1 if any)
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "compiled_sources.json"  # beside the compiled modules: each module's source digest at build time


@dataclass
class CompiledState:
    compiled: list[str] = field(default_factory=list)  # the modules running compiled
    stale: list[str] = field(default_factory=list)  # … built from a source since changed (or gone)

    def summary(self) -> str:
        if not self.compiled:
            return "jixiao: pure Python (no compiled modules; `pip install -v -e .` shows why the build made none)"
        line = f"jixiao: {len(self.compiled)} modules compiled with mypyc"
        if self.stale:
            line += f"; built from older sources: {', '.join(self.stale)} (run make setup)"
        return line


def _package_folders(package: str) -> list[str]:
    spec = importlib.util.find_spec(package)
    return list(spec.submodule_search_locations or []) if spec is not None else []


def module_origin(module: str) -> Path | None:
    """The file a module is imported from (its compiled library or its source), looked up afresh in its
    package's folders (a compiled module, once imported, names a file of its own making)."""
    spec = importlib.machinery.PathFinder.find_spec(module, _package_folders(module.rpartition(".")[0]))
    return Path(spec.origin) if spec is not None and spec.origin else None


def source_beside(origin: Path, module: str) -> Path:
    """The .py source of a module imported from `origin` (its compiled library, or that source itself)."""
    return origin.with_name(module.rpartition(".")[2] + ".py")


def compiled_state(manifest: Path | None = None,
                   origin_of: Callable[[str], Path | None] = module_origin) -> CompiledState:
    """The state of the modules the manifest names (the installed package's by default)."""
    manifest = manifest or _installed_manifest()
    state = CompiledState()
    if manifest is None or not manifest.is_file():
        return state
    for module, digest in json.loads(manifest.read_text(encoding="utf-8")).items():
        origin = origin_of(module)
        if origin is None or origin.suffix == ".py":
            continue
        state.compiled.append(module)
        source = source_beside(origin, module)
        if not source.is_file() or hashlib.sha256(source.read_bytes()).hexdigest() != digest:
            state.stale.append(module)
    return state


def _installed_manifest() -> Path | None:
    folders = _package_folders("jixiao.extract")
    return Path(folders[0]) / MANIFEST if folders else None


def main() -> int:
    state = compiled_state()
    print(state.summary())
    return 1 if state.stale else 0


if __name__ == "__main__":
    sys.exit(main())
