"""python manage.py import_workplan FILE.json|FILE.xlsx [--convention C] [--year Y]"""

import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ism.commands import read_text, refusal
from ism.models import Convention
from workplans import services
from workplans.importer import Problems
from workplans.importer.excel import from_workbook
from workplans.importer.shapes import read_json


class Command(BaseCommand):
    help = (
        "Import a work plan as a draft: the tree /api/v1/workplans/{id}/ returns, "
        "a file in the shape of ism/reference/*-workplan.json, or the logframe "
        "workbook ISM exports (.xlsx). Everything is checked first and every "
        "problem is reported with its place in the file; nothing is saved unless "
        "the whole file is right."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the work plan (.json or .xlsx)")
        parser.add_argument(
            "--convention", help="the convention's code, when the file does not say"
        )
        parser.add_argument(
            "--year", type=int, help="the plan's year, when the file does not say"
        )

    def handle(self, *args, file: Path, convention=None, year=None, **options):
        started = time.perf_counter()
        problems = Problems()
        if file.suffix.lower() == ".xlsx":
            try:
                content = file.read_bytes()
            except OSError as error:
                raise CommandError(
                    f"{file}: cannot read it ({error.strerror})."
                ) from None
            plan = from_workbook(content, problems, year=year)
        else:
            try:
                data = json.loads(read_text(file, kind="valid JSON"))
            except (json.JSONDecodeError, RecursionError) as error:
                raise CommandError(f"{file}: not valid JSON ({error}).") from None
            plan = read_json(data, problems)
            if plan is not None and year and plan.start_year is None:
                plan.start_year = plan.end_year = year
        if plan is None:
            raise refusal(file, ValidationError(problems.by_place), places=True)
        code = convention or plan.convention
        found = Convention.objects.filter(code=code).first() if code else None
        if found is None:
            raise CommandError(
                f"{file}: name the convention with --convention CODE "
                f"({code or 'the file does not say'} is not in ISM)."
            )
        try:
            workplan = services.workplan_import_file(
                convention=found, plan=plan, actor=None, problems=problems
            )
        except ValidationError as error:
            raise refusal(file, error, places=True) from None
        statements = workplan.results.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {workplan} as a draft: {workplan.areas.count()} area(s), "
                f"{statements} statement(s) in {time.perf_counter() - started:.2f} s."
            )
        )
