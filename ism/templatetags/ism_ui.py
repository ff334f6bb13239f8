"""Pieces of page HTML that every area draws the same way, written once.

{% data_table %} is a list shown as a data table, or the sentence that says the
list is empty — the way `{% for %}…{% empty %}` reads:

    {% data_table versions testid="versions" %}
      <thead>…</thead>
      <tbody>{% for v in versions %}…{% endfor %}</tbody>
    {% empty %}{% translate "Nothing submitted yet." %}
    {% enddata_table %}

draws `<div class="table-scroll"><table class="data" data-testid="versions">…
</table></div>` (the box scrolls sideways on a narrow screen, not the page) when
one of the lists it is given has rows, else `<p class="empty">…</p>`. Options:
`class` (the table's, "data" by default), `testid`, `scroll=False` for a short
table drawn without the scrolling box; for the empty note `empty_class` ("empty")
and `empty_testid`, or `empty_card=True` for the card that says what to do next
(`<div class="card empty-state">`, its paragraphs written in `{% empty %}`).
"""

from __future__ import annotations

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ism.formset_rows import FormsetRows

register = template.Library()

_TABLE = '<table class="{}"{}>{}</table>'
_SCROLLING = '<div class="table-scroll">{}</div>'
_NOTE = '<p class="{}"{}>{}</p>'
_CARD = '<div class="card empty-state"{}>{}</div>'


def _testid(value) -> str:
    return format_html(' data-testid="{}"', value) if value else ""


class DataTableNode(template.Node):
    def __init__(self, lists, options, table, empty):
        self.lists = lists
        self.options = options
        self.nodelist_table = table
        self.nodelist_empty = empty

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        if not any(rows.resolve(context, ignore_failures=True) for rows in self.lists):
            # The rendered template, escaped as it rendered.
            note = mark_safe(self.nodelist_empty.render(context).strip())  # noqa: S308
            testid = _testid(options.get("empty_testid"))
            if options.get("empty_card"):
                return format_html(_CARD, testid, note)
            return format_html(_NOTE, options.get("empty_class", "empty"), testid, note)
        table = format_html(
            _TABLE,
            options.get("class", "data"),
            _testid(options.get("testid")),
            self.nodelist_table.render(context),
        )
        return format_html(_SCROLLING, table) if options.get("scroll", True) else table


@register.tag
def data_table(parser, token):
    bits = token.split_contents()[1:]
    lists = []
    while bits and "=" not in bits[0]:
        lists.append(parser.compile_filter(bits.pop(0)))
    options = token_kwargs(bits, parser)
    if not lists or bits:
        raise template.TemplateSyntaxError(
            "data_table takes row lists, then its options (name=value)"
        )
    table = parser.parse(("empty", "enddata_table"))
    empty = template.NodeList()
    if parser.next_token().contents == "empty":
        empty = parser.parse(("enddata_table",))
        parser.delete_first_token()
    return DataTableNode(lists, options, table, empty)


@register.simple_tag(takes_context=True)
def formset_rows(context, formset, row_template: str):
    """`{% for form in formset %}{% include row_template %}{% endfor %}`, the rows
    written from the empty one (ism.formset_rows: hundreds of rows without a
    template render for each)."""
    template = context.template.engine.get_template(row_template)

    def render_row(form) -> str:
        with context.push(form=form):
            return template.render(context)

    return mark_safe(FormsetRows(formset, render_row).html())  # noqa: S308


@register.filter
def text_dir(text) -> str:
    """The direction of a line someone typed (an address), for dir="": documents
    in Arabic keep a Latin line's order (ism.document_languages.direction_of)."""
    from ism.document_languages import direction_of

    return direction_of(text)
