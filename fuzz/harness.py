"""What the fuzz harnesses share: libFuzzer's flags, the seed corpus, one input read as a source file.

A harness reads each input as a file of its kind through the whole pipeline
(`read_source` → records): a `JixiaoError` (the one-line errors the CLI prints) is
a fine answer to any input; every other exception is a crash, an input that takes
longer than the per-input budget a hang (`-timeout`), and one that takes more
memory than `-rss_limit_mb` a memory blow-up. Coverage comes from atheris'
instrumentation of jixiao's own modules (pdfium, OpenCV and onnxruntime are C++).

    python fuzz/fuzz_text.py                       # runs until stopped; corpus in .fuzz/corpus/text
    python fuzz/fuzz_pdf.py -max_total_time=60     # libFuzzer flags, as usual
    python fuzz/fuzz_image.py -runs=20 my_corpus/  # corpus folders instead of the default one
                                                   # (the first is seeded when new or empty)

Crashes and hangs are written to .fuzz/artifacts/; each one found becomes a
regression test (tests/test_fuzz_regressions.py).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".fuzz"
Seeds = Callable[[], Iterable[tuple[str, bytes]]]  # (name, bytes) of each seed input


@dataclass(frozen=True, slots=True)
class Harness:
    kind: str  # text, pdf, image: the corpus folder's name
    suffixes: tuple[str, ...]  # the input is written under each in turn (the registry also looks at names)
    seconds_per_input: int  # libFuzzer's -timeout: longer is a hang
    rss_limit_mb: int = 2560  # the scan budget keeps a page well under this
    modules: tuple[str, ...] = ()  # jixiao modules to import under instrumentation (readers import lazily)
    pages: tuple[int, ...] | None = None  # pages read of each input: bounds the OCR a mutated PDF may ask for


def _flags(harness: Harness, argv: list[str]) -> list[str]:
    """argv with this harness' defaults for the flags not given, and its corpus when none is named."""
    given = {arg.split("=", 1)[0] for arg in argv[1:] if arg.startswith("-")}
    defaults = {"-timeout": str(harness.seconds_per_input), "-rss_limit_mb": str(harness.rss_limit_mb),
                "-artifact_prefix": str(WORK / "artifacts" / f"{harness.kind}-")}
    flags = [f"{name}={value}" for name, value in defaults.items() if name not in given]
    corpora = [arg for arg in argv[1:] if not arg.startswith("-")]
    (WORK / "artifacts").mkdir(parents=True, exist_ok=True)
    return [argv[0], *flags, *argv[1:], *([] if corpora else [str(WORK / "corpus" / harness.kind)])]


def _seed(corpus: Path, seeds: Seeds) -> None:
    if corpus.is_dir() and any(corpus.iterdir()):
        return
    corpus.mkdir(parents=True, exist_ok=True)
    for name, data in seeds():
        (corpus / name).write_bytes(data)


def _quiet() -> None:
    logging.disable(logging.CRITICAL)  # pdfminer and rapidocr log every oddity they meet
    warnings.simplefilter("ignore")
    os.environ.setdefault("JIXIAO_OCR_THREADS", "1")


def run(harness: Harness, seeds: Seeds, argv: list[str] | None = None) -> None:
    """Fuzz the pipeline on inputs of this harness' kind (never returns while libFuzzer runs)."""
    import atheris

    argv = _flags(harness, list(sys.argv if argv is None else argv))
    corpora = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
    _seed(corpora[0], seeds)  # the first corpus folder, when it is new or empty
    _quiet()
    with atheris.instrument_imports(include=["jixiao"]):
        import importlib

        from jixiao.errors import JixiaoError
        from jixiao.pipeline import ReadOptions, read_source, records_from_document

        for module in harness.modules:
            importlib.import_module(module)
    folder = Path(tempfile.mkdtemp(prefix=f"jixiao-fuzz-{harness.kind}-"))
    paths = [folder / f"input{suffix}" for suffix in harness.suffixes]
    count = [0]
    options = ReadOptions(pages=harness.pages)

    def one_input(data: bytes) -> None:
        path = paths[count[0] % len(paths)]
        count[0] += 1
        path.write_bytes(data)
        try:
            records_from_document(read_source(path, options))
        except JixiaoError:
            pass  # a clear one-line error: a fine answer to a bad input

    atheris.Setup(argv, one_input)
    atheris.Fuzz()
