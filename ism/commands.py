"""What the management commands that load a file share: reading it, and
reporting a service's refusal of it, so every command fails the same way — one
line naming the file and why, nothing saved."""

from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError


def read_text(file: Path, *, encoding: str = "utf-8", kind: str = "UTF-8 text") -> str:
    """The file's text, or a CommandError saying why it cannot be read; `kind` is
    what the file should have been (undecodable bytes are not that)."""
    try:
        return file.read_text(encoding=encoding)
    except OSError as error:
        raise CommandError(f"{file}: cannot read it ({error.strerror}).") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{file}: not {kind} ({error}).") from None


def refusal(file: Path, error: ValidationError, *, places: bool) -> CommandError:
    """Every problem a service found in the file, one a line; with `places`, the
    service's keys are places in the file and each line starts with its place."""
    problems = [
        f"  {key}: {message}" if places and key != NON_FIELD_ERRORS else f"  {message}"
        for key, messages in error.message_dict.items()
        for message in messages
    ]
    return CommandError(
        f"{file}: {len(problems)} problem(s); nothing was imported.\n"
        + "\n".join(problems)
    )


class ConventionFileCommand(BaseCommand):
    """A command that imports a file into one convention: the file is checked
    and shown without --confirm (the preview), recorded with it."""

    file_help = "the file"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=self.file_help)
        parser.add_argument("--convention", required=True, help="e.g. CCW")
        parser.add_argument(
            "--confirm", action="store_true", help="record them (after the preview)"
        )

    def convention_and_text(self, file: Path, code: str):
        """The convention `code` names and the file's text, or a CommandError."""
        from ism.models import Convention

        found = Convention.objects.filter(code=code.upper()).first()
        if found is None:
            raise CommandError(f"No convention has the code {code!r}.")
        return found, read_text(file, encoding="utf-8-sig")
