# Russian as ISM writes it (see ism/formats/__init__.py): 5 декабря 2026 г., 21:50 —
# the month in the genitive (E), "г." after the year, the 24-hour clock.
DATE_FORMAT = "j E Y г."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i"
YEAR_MONTH_FORMAT = "F Y г."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
