"""What a browser would post back from a page: every field of a form as the page
shows it (its initial values, or what was typed when the page was answered)."""

import datetime as dt


def posted(page, name: str = "form") -> dict:
    form = page.context[name]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        data[field.html_name] = "on" if value is True else str(value)
    return data
