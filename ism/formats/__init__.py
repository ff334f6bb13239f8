"""ISM's date and time formats, one module per language ISM offers (LANGUAGES),
found by Django through FORMAT_MODULE_PATH.

One style everywhere, on every page, table, history, thread and document: the day,
the month in words, the year ("5 December 2026"), and the 24-hour clock after a
comma ("5 December 2026, 21:50"), as the UN's documents in Geneva write them.
Templates name the format (`|date:"DATE_FORMAT"`, `"DATETIME_FORMAT"`,
`"YEAR_MONTH_FORMAT"`), never a pattern; Python uses ism.dates, which reads the same
formats. Machine formats (`<time datetime>`, `<input value>`, URLs) stay ISO.

What a module here leaves out (number separators, input formats) is Django's own
for the language.
"""
