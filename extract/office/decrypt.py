"""Password-protected office files opened with the password a user gives (`--password`), by msoffcrypto-tool.

A protected .xlsx/.docx is its package encrypted inside an OLE2 file (ECMA-376 agile or
standard encryption); a protected .xls or .doc is RC4-encrypted inside its own records.
Without a password, or with a wrong one, the error says so in one line.
"""

from __future__ import annotations

import io

from jixiao.errors import CorruptSourceError, EncryptedSourceError


def decrypt(data: bytes, password: str | None) -> bytes:
    """The file's bytes decrypted with `password`."""
    if password is None:
        raise EncryptedSourceError("the file is password-protected: give its password (--password) to read it")
    try:
        import msoffcrypto
        from msoffcrypto.exceptions import InvalidKeyError
    except ImportError as error:
        raise EncryptedSourceError("the file is password-protected and msoffcrypto-tool, which opens it, "
                                   "is not installed (pip install msoffcrypto-tool)") from error
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    except InvalidKeyError as error:
        raise EncryptedSourceError("wrong password for this password-protected file") from error
    except Exception as error:  # a damaged encryption header: msoffcrypto raises what its parser meets
        if "password" in str(error).lower() or "key" in type(error).__name__.lower():
            raise EncryptedSourceError(f"the file could not be decrypted: {error}") from error
        raise CorruptSourceError(f"damaged password-protected file: {type(error).__name__}: {error}") from error
    return out.getvalue()
