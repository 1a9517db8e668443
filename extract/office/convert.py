"""Office formats read through LibreOffice: .doc, .wps, .odt → .docx; .et, .ods (and .xls xlrd cannot read) → .xlsx.

LibreOffice runs headless, in a temporary directory, with a private user profile
(`-env:UserInstallation`, so a desktop instance or another conversion never gets in
the way), with macros off by LibreOffice's own default for files it converts, under a
timeout. When it is not installed the error says which Debian package brings it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.errors import ConverterUnavailableError, CorruptSourceError, SourceTooLargeError

TIMEOUT_SECONDS = 120
PACKAGES = {"sheet": "libreoffice-calc-nogui", "document": "libreoffice-writer-nogui"}
TARGETS = {"sheet": "xlsx", "document": "docx"}


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_converter(family: str, suffix: str) -> ConverterUnavailableError:
    package = PACKAGES[family]
    return ConverterUnavailableError(f"reading {suffix or 'this'} files needs LibreOffice, which is not installed "
                                     f"(Debian: apt-get install {package})")


def convert(data: bytes, suffix: str, family: str) -> bytes:
    """A file's bytes converted to .xlsx / .docx by LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        raise missing_converter(family, suffix)
    target = TARGETS[family]
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as work:
        folder = Path(work)
        source = folder / f"source{suffix or '.bin'}"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", target, "--outdir", str(folder / "out"), str(source)]
        env = {**os.environ, "HOME": str(folder)}
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as error:
            raise SourceTooLargeError(f"LibreOffice did not convert it within {TIMEOUT_SECONDS} s") from error
        except OSError as error:
            raise ConverterUnavailableError(f"LibreOffice could not be started: {error}") from error
        out = folder / "out" / f"source.{target}"
        if not out.exists():
            said = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise CorruptSourceError(f"LibreOffice could not convert it to .{target}"
                                     + (f": {said[-1]}" if said else ""))
        return out.read_bytes()
