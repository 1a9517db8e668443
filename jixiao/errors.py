"""One exception hierarchy; every error names the file (and page where known)."""

from __future__ import annotations


class JixiaoError(Exception):
    """Base of every error the pipeline raises on purpose."""

    def __init__(self, message: str, path: str | None = None, page: int | None = None):
        self.message = message
        self.path = path
        self.page = page
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.page is None else f"{self.path}, page {self.page}"
        return f"{where}: {self.message}"


class SourceError(JixiaoError):
    """The source cannot be read at all."""

    retry_elsewhere = False  # the file may be of another kind than its reader took it for


class EmptySourceError(SourceError):
    pass


class BinarySourceError(SourceError):
    retry_elsewhere = True


class EncodingError(SourceError):
    retry_elsewhere = True


class UnsupportedSourceError(SourceError):
    pass


class EncryptedSourceError(SourceError):
    """The PDF is encrypted and no (or a wrong) password was given."""


class CorruptSourceError(SourceError):
    """The file is truncated or damaged."""

    retry_elsewhere = True


class OverBudgetError(SourceError):
    """The source is too large to read within the reader's pixel and memory budget (an image bomb)."""


class PageUnreadableError(SourceError):
    """One page's text layer cannot be trusted (glyph codes, no ToUnicode map, nonsense, no text)."""

    code = "page_unreadable"  # the warning code its records carry


class PageOverBudgetError(PageUnreadableError):
    """One page cannot be read within the scan budget (too large to decode, a degenerate page box)."""

    code = "page_over_budget"


class OcrUnavailableError(SourceError):
    """The OCR engine or its bundled models are missing."""


class ConverterUnavailableError(SourceError):
    """A file kind read through a converter (LibreOffice for .doc, .wps, .et, .odt, .ods) that is not installed."""


class SourceTooLargeError(SourceError):
    """The source exceeds a bound of its reader (a zip bomb, a sheet of millions of cells)."""


class SourceVanishedError(SourceError):
    """The source was found by the batch but is gone when its turn to be read comes."""


class SourceChangedError(SourceError):
    """The source changed while it was read (size, modification time or inode differ after)."""


class NoFormTableError(JixiaoError):
    """The source was read but holds no form table."""


class RecordValidationError(JixiaoError):
    """A record failed the JSON Schema; it is never written."""

    def __init__(self, message: str, field_path: str, path: str | None = None, page: int | None = None):
        self.field_path = field_path
        super().__init__(f"record field {field_path}: {message}", path, page)


class OutputError(JixiaoError):
    """Results could not be written."""


class PasswordFileError(JixiaoError):
    """The password file named by --password-file is missing, unreadable, empty or not UTF-8."""


class InputRecordError(JixiaoError):
    """A line of a JSONL file given to `jixiao load` is not a record (not JSON, or not the schema's)."""


class DatabaseError(JixiaoError):
    """The database cannot be opened, read or written (nothing of the failed load is kept)."""


class DatabaseVersionError(DatabaseError):
    """The database's schema revision is unknown to this version (made by a newer one) or not jixiao's."""


class DatabaseConnectError(DatabaseError):
    """The database cannot be reached or opened: a refused connection, wrong credentials, no such database,
    a file that is not an SQLite database."""


class DatabaseWriteError(DatabaseError):
    """Writing failed (a full disk, a lost connection, a read-only file, a broken constraint); the
    transaction was rolled back, so nothing of the failed load is kept."""


class ManifestError(JixiaoError):
    """A batch's manifest cannot be opened: not a manifest, made by a newer version, or held by another batch."""


class ClusterError(JixiaoError):
    """The Ray cluster for `extract --ray` cannot be started or reached, or Ray is not installed."""
