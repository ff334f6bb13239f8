"""The reporting text staff translate (ism/translated.py): a report type's name."""

from ism.translated import register
from reporting.models import ReportType

register(ReportType, "name")
