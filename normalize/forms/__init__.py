"""The forms of the family, as data: one TOML file per form in this folder.

A form says how its title is recognised, which header fields fill the
record's project name and department, and which printed columns or labels
point at it when no title does. Adding a form is adding a file here (and its
tests); the reader has one path for all of them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jixiao.errors import JixiaoError


class FormDataError(JixiaoError):
    """A form file in normalize/forms is malformed (a packaging bug, not bad input)."""


@dataclass(frozen=True, slots=True)
class FormDef:
    form: str  # the record's `form` code
    name: str  # the printed name of the form
    order: int  # titles are tried in this order: specific forms before the general ones
    titles: tuple[tuple[str, ...], ...]  # a title holding all words of one tuple is this form
    title_excludes: tuple[str, ...]
    name_field: str  # header key that fills project.name ("" → null)
    department_field: str  # header key that fills project.department ("" → null)
    authorities: bool = False  # authority labels (and a plain 主管部门) go to `authorities`
    self_eval: bool = False  # actual values, scores and a 总分 row belong to it
    evidence_roles: tuple[str, ...] = ()  # indicator column roles that point at it
    evidence_fields: tuple[str, ...] = ()  # header keys that point at it

    def title_matches(self, title: str) -> bool:
        if any(word in title for word in self.title_excludes):
            return False
        return any(all(word in title for word in words) for words in self.titles)


_KEYS = {"form", "name", "order", "titles", "title_excludes", "name_field", "department_field", "authorities",
         "self_eval", "evidence_roles", "evidence_fields"}


def _form_def(file: str, data: dict[str, object]) -> FormDef:
    unknown = set(data) - _KEYS
    if unknown:
        raise FormDataError(f"{file}: unknown keys {sorted(unknown)}")
    try:
        return FormDef(
            form=str(data["form"]),
            name=str(data["name"]),
            order=int(data.get("order", 50)),  # type: ignore[call-overload]
            titles=tuple(tuple(words) for words in data["titles"]),  # type: ignore[attr-defined]
            title_excludes=tuple(data.get("title_excludes", ())),  # type: ignore[arg-type]
            name_field=str(data.get("name_field", "")),
            department_field=str(data.get("department_field", "")),
            authorities=bool(data.get("authorities", False)),
            self_eval=bool(data.get("self_eval", False)),
            evidence_roles=tuple(data.get("evidence_roles", ())),  # type: ignore[arg-type]
            evidence_fields=tuple(data.get("evidence_fields", ())),  # type: ignore[arg-type]
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FormDataError(f"{file}: {error}") from error


@lru_cache(maxsize=1)
def all_forms() -> tuple[FormDef, ...]:
    """Every form, in the order titles are tried."""
    found = []
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".toml"):
            found.append(_form_def(entry.name, tomllib.loads(entry.read_text(encoding="utf-8"))))
    return tuple(sorted(found, key=lambda f: (f.order, f.form)))


@lru_cache(maxsize=None)
def form_def(form: str) -> FormDef:
    for found in all_forms():
        if found.form == form:
            return found
    raise FormDataError(f"no form file for {form!r}")


DEFAULT_FORM = "project_target"
