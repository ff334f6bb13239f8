"""The form renderer (settings.FORM_RENDERER): Django's own, except that the plain
widgets — inputs, textareas, selects, radio buttons and checkboxes, and their
options — are written out here instead of through their templates.

Why: a widget's template costs a template render and an include (attrs.html), an
option one more each. The budget edit page at 200 lines has ~1,300 widgets, and
rendering them through templates was two thirds of the page (362 ms). The HTML
is the same, character for character: what Django's templates
(django/forms/templates/django/forms/widgets/) write, escaped as they escape it
(tests/ism/test_form_renderer.py holds the two to the same output). Anything
else — a widget with its own template, a template an app overrides, a value the
template would localize — goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"
_DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


def written_value(value) -> str:
    """`{{ value|stringformat:'s' }}` with autoescape: how a widget writes its value
    (also ism.formset_rows)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return conditional_escape(value if isinstance(value, str) else "%s" % (value,))  # noqa: UP031


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True
    writes its bare name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{written_value(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{written_value(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str | None:
    value = widget["value"]
    if value and not isinstance(value, str | Promise):
        return None  # the template would localize it
    text = conditional_escape(value) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>\n{text}</textarea>"
    )


def _option(option: dict) -> str | None:
    label = option["label"]
    if option["template_name"] != _WIDGETS + "select_option.html" or not isinstance(
        label, str | Promise
    ):
        return None
    return (
        f'<option value="{written_value(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(label)}</option>"
    )


def _grouped(widget: dict, write_option, *, opening: str, item: str, closing: str):
    """A choice widget's options as its template lays them out: `opening` before
    a group's options ({group}), each option in `item` ({option}), `closing`
    after a group; None when one of them is for the template to write."""
    parts = []
    for group, options, _index in widget["optgroups"]:
        if group:
            shown = _shown(group)
            if shown is None:
                return None
            parts.append(opening.format(group=shown))
        for option in options:
            html = write_option(option)
            if html is None:
                return None
            parts.append(item.format(option=html))
        if group:
            parts.append(closing)
    return "".join(parts)


def _select(widget: dict) -> str | None:
    options = _grouped(
        widget,
        _option,
        opening='\n  <optgroup label="{group}">',
        # The option template ends with a newline, which its include keeps.
        item="\n  {option}\n",
        closing="\n  </optgroup>",
    )
    if options is None:
        return None
    return (
        f'<select name="{conditional_escape(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>{options}\n</select>"
    )


def _shown(value) -> str | None:
    """`{{ value }}` with autoescape, for the strings the templates write as they
    are; None for anything the template would localize."""
    if not isinstance(value, str | Promise):
        return None
    return conditional_escape(value)


_OPTIONS = {_WIDGETS + "radio_option.html", _WIDGETS + "checkbox_option.html"}


def _input_option(option: dict) -> str | None:
    """radio_option.html / checkbox_option.html: input_option.html, each
    include keeping its template's closing newline (input.html's too)."""
    if option["template_name"] not in _OPTIONS:
        return None
    html = _input(option) + "\n"
    if option["wrap_label"]:
        label, for_id = _shown(option["label"]), option["attrs"].get("id")
        if label is None or (for_id and _shown(for_id) is None):
            return None
        target = f' for="{conditional_escape(for_id)}"' if for_id else ""
        html = f"<label{target}>{html} {label}</label>"
    return html + "\n\n"


def _multiple_input(widget: dict) -> str | None:
    """multiple_input.html: radio buttons and checkboxes, each in a div."""
    attrs = ""
    for name in ("id", "class"):
        value = widget["attrs"].get(name)
        if value:
            if _shown(value) is None:
                return None
            attrs += f' {name}="{_shown(value)}"'
    options = _grouped(
        widget,
        _input_option,
        opening="\n  <div><label>{group}</label>",
        item="<div>\n    {option}</div>",
        closing="\n  </div>",
    )
    if options is None:
        return None
    return f"<div{attrs}>{options}\n</div>"


_INPUTS = [
    "text",
    "checkbox",
    "number",
    "hidden",
    "email",
    "url",
    "password",
    "search",
    "tel",
    "date",
    "datetime",
    "time",
    "color",
]
# Each template written here, and the templates whose HTML that writes out.
_INPUT = (_WIDGETS + "input.html", _WIDGETS + "attrs.html")
_FAST: dict[str, tuple[Callable[[dict], str | None], tuple[str, ...]]] = {
    **{f"{_WIDGETS}{name}.html": (_input, _INPUT) for name in _INPUTS},
    _WIDGETS + "input.html": (_input, _INPUT),
    _WIDGETS + "textarea.html": (_textarea, (_WIDGETS + "attrs.html",)),
    _WIDGETS + "select.html": (
        _select,
        (_WIDGETS + "select_option.html", _WIDGETS + "attrs.html"),
    ),
    **{
        _WIDGETS + name: (
            _multiple_input,
            (
                _WIDGETS + "multiple_input.html",
                _WIDGETS + "input_option.html",
                *sorted(_OPTIONS),
                *_INPUT,
            ),
        )
        for name in ("radio.html", "checkbox_select.html")
    },
}


class FormRenderer(DjangoTemplates):
    def __init__(self):
        super().__init__()
        self._own: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        """The template is Django's own file, not one an app overrides (then its
        HTML is the app's, and only the template writes it)."""
        if template_name not in self._own:
            origin = Path(self.get_template(template_name).origin.name)
            self._own[template_name] = origin.is_relative_to(_DJANGO_TEMPLATES)
        return self._own[template_name]

    def render(self, template_name, context, request=None):
        fast = _FAST.get(template_name)
        if fast is not None:
            write, included = fast
            if all(map(self._is_djangos, (template_name, *included))):
                html = write(context["widget"])
                if html is not None:
                    return html
        return super().render(template_name, context, request)
