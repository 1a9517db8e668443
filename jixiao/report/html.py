"""The page: one Jinja2 template, its script and style inlined, the records embedded as JSON."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any



def _static(name: str) -> str:
    return resources.files("jixiao.report").joinpath("static", name).read_text(encoding="utf-8")


def embedded_json(data: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no `</script>`, no `<!--`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_page(context: dict[str, Any], data: dict[str, Any]) -> str:
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(_static("report.html.j2"))
    return template.render(**context, script=jinja2.filters.Markup(_static("report.js")),
                           style=jinja2.filters.Markup(_static("report.css")),
                           data=jinja2.filters.Markup(embedded_json(data)))


def write_atomic(target: Path, text: str) -> None:
    """Written to a temporary name and renamed into place: a failed report leaves no half file."""
    from jixiao.output import write_atomically

    write_atomically(target, text)
