"""The password of encrypted sources: `--password`, `--password-file FILE` or `$JIXIAO_PASSWORD`.

Precedence: `--password` or `--password-file` (one of them; both is a usage error), then the
environment variable. A password on the command line shows in `ps` and the shell's history;
the file (its first line, without the line end) and the variable do not.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jixiao.errors import PasswordFileError
from jixiao.paths import display_path

PASSWORD_VARIABLE = "JIXIAO_PASSWORD"


def add_password_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--password", help=f"password of {what} (visible to other users in `ps`: prefer "
                                          f"--password-file or ${PASSWORD_VARIABLE})")
    given.add_argument("--password-file", type=Path, metavar="FILE",
                       help=f"read the password from the first line of FILE (before ${PASSWORD_VARIABLE})")


def read_password_file(path: Path) -> str:
    """The first line of `path`, without its line end; a one-line error when there is none."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PasswordFileError(f"cannot read the password file ({error.strerror or error})",
                                display_path(path)) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PasswordFileError("the password file is not UTF-8", display_path(path)) from error
    password = text.split("\n", 1)[0].removesuffix("\r")
    if not password:
        raise PasswordFileError("the password file's first line is empty", display_path(path))
    return password


def resolve_password(args: argparse.Namespace) -> str | None:
    """The password the user gave, by precedence; None when none was."""
    if getattr(args, "password", None) is not None:
        return args.password
    if getattr(args, "password_file", None) is not None:
        return read_password_file(args.password_file)
    return os.environ.get(PASSWORD_VARIABLE) or None
