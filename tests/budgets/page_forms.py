"""Helpers for the page tests: read a form off a rendered page the way a browser
would submit it, and find the message printed beside a field."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """The successful controls of one form: what the browser would post."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template_depth = 0
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._option_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
            return
        if not self.inside:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option_value = value
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "template":
            self.template_depth -= 1
        elif tag == "form" and not self.template_depth:
            self.inside = False
        elif tag == "select" and self._select:
            self.data.setdefault(self._select, self._select_first or "")
            self._select = None
        elif tag == "textarea" and self._textarea:
            # HTML drops one leading newline of a textarea's content.
            self.data[self._textarea] = "".join(self._text).removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and not self.template_depth:
            self._text.append(data)


def form_data(response, form_id: str = "budget-form") -> dict[str, str]:
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form #{form_id} on the page"
    return reader.data


def error_beside(response, html_name: str) -> str:
    """The message printed beside the field `html_name` ("" if none)."""
    match = re.search(
        rf'data-testid="error-{re.escape(html_name)}">([^<]*)<',
        response.content.decode(),
    )
    return html.unescape(match.group(1)).strip() if match else ""


def add_row(data: dict, prefix: str, **fields) -> dict:
    """Append a row to a formset, as the page's "Add" button does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def row_index(data: dict, prefix: str, field: str, value: str) -> int:
    """The index of the row whose `field` holds `value`."""
    for key, typed in data.items():
        match = re.fullmatch(rf"{prefix}-(\d+)-{field}", key)
        if match and typed == value:
            return int(match.group(1))
    raise KeyError(f"no {prefix} row with {field}={value!r}")


def edit_page(client, budget) -> tuple:
    """(client, the budget's edit page URL, what its form would post)."""
    from django.urls import reverse

    url = reverse("budgets:edit", args=[budget.pk])
    return client, url, form_data(client.get(url))
