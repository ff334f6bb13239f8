# French as ISM writes it (see ism/formats/__init__.py): 5 décembre 2026, 21:50 —
# the same patterns as English; Django supplies the French month names.
from ism.formats.en.formats import (  # noqa: F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
