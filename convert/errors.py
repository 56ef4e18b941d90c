"""The error hierarchy of unres and the exit code of each kind of failure."""

from __future__ import annotations


class UnresError(Exception):
    """Base of every error the toolkit raises on purpose; anything else is a defect."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"


class InputError(UnresError):
    """The input cannot be read as a resolution; the user must fix the input."""

    exit_code = 10


class EmptyInputError(InputError):
    exit_code = 11


class BinaryInputError(InputError):
    exit_code = 12


class EncodingInputError(InputError):
    exit_code = 13


class NotAResolutionError(InputError):
    exit_code = 14


class InputTooLargeError(InputError):
    exit_code = 15


class MetadataError(InputError):
    """The per-source metadata file is malformed or contradicts the source."""

    exit_code = 16


class ValidationFailed(UnresError):
    """Our own output, or a file given to `unres validate`, fails the schema or profile checks."""

    exit_code = 20


class RenderError(UnresError):
    """A writer could not produce its format (missing engine, broken template)."""

    exit_code = 30


EXIT_CODES: dict[str, int] = {
    cls.__name__: cls.exit_code
    for cls in (
        UnresError,
        InputError,
        EmptyInputError,
        BinaryInputError,
        EncodingInputError,
        NotAResolutionError,
        InputTooLargeError,
        MetadataError,
        ValidationFailed,
        RenderError,
    )
}

#: exit code of an exception unres did not expect (a bug), as sysexits' EX_SOFTWARE
INTERNAL_ERROR = 70
