# Arabic as ISM writes it (see ism/formats/__init__.py): 5 ديسمبر 2026، 21:50 — the
# day, the month in words, the year, in the Western digits the UN's Arabic
# documents print figures in; the Arabic comma before the 24-hour clock.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
