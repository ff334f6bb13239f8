"""What the management commands that load a file share: the file argument,
reading it, and reporting a service's refusal of it, so every command fails the
same way — one line naming the file and why, nothing saved."""

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


class FileImportCommand(BaseCommand):
    """A command that loads one file through a service (import_budget,
    import_un_scale, import_opening_balances). A subclass gives `file_help` (what
    the file is), its own options in `add_options`, and `load(file, text,
    **options)`, which calls the service; a ValidationError from it is the
    refusal. `encoding` and `kind` are how the file is read (read_text); `places`,
    whether the service's error keys are places in the file (refusal)."""

    file_help: str
    encoding = "utf-8"
    kind = "UTF-8 text"
    places = False

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=self.file_help)
        self.add_options(parser)

    def add_options(self, parser) -> None:
        """The command's own options, after the file."""

    def load(self, file: Path, text: str, **options) -> None:
        raise NotImplementedError

    def handle(self, *args, file: Path, **options):
        text = read_text(file, encoding=self.encoding, kind=self.kind)
        try:
            self.load(file, text, **options)
        except ValidationError as error:
            raise refusal(file, error, places=self.places) from None


class ConventionFileCommand(FileImportCommand):
    """A file imported into one convention (--convention CODE): checked and shown
    without --confirm (the preview), recorded with it. A subclass gives
    `load_into(convention, text, confirm=..., **options)`."""

    encoding = "utf-8-sig"  # a CSV saved by a spreadsheet may start with a BOM

    def add_options(self, parser) -> None:
        parser.add_argument("--convention", required=True, help="e.g. CCW")
        parser.add_argument(
            "--confirm", action="store_true", help="record them (after the preview)"
        )

    def load(self, file: Path, text: str, *, convention: str, **options) -> None:
        from ism.models import Convention

        found = Convention.objects.filter(code=convention.upper()).first()
        if found is None:
            raise CommandError(f"No convention has the code {convention!r}.")
        self.load_into(found, text, **options)

    def load_into(self, convention, text: str, *, confirm: bool, **options) -> None:
        raise NotImplementedError
