# Chinese (Simplified) as ISM writes it (see ism/formats/__init__.py), as the UN's
# Chinese documents do: 2026年12月5日, 21:50 — year, month and day in figures
# with their characters; the 24-hour clock.
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
