"""The budget's text staff translate (ism/translated.py)."""

from budgets.models import BudgetLine, BudgetNote
from ism.translated import register

register(BudgetLine, "label", "note")
register(BudgetNote, "text")
