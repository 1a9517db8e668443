"""A package module loaded afresh from its source: a test that patches a function a module calls within
itself patches such a copy (a compiled module does not see a patch of its own functions; setup.py)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from jixiao.compiled import module_origin, source_beside


def source_module(name: str) -> ModuleType:
    """The module `name` run from its .py source as a module of its own (`name` + "_source"), its
    imports the package's own modules (compiled or not)."""
    origin = module_origin(name)
    assert origin is not None, name
    spec = importlib.util.spec_from_file_location(f"{name}_source", source_beside(origin, name))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
