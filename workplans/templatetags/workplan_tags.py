"""Wording shared by the work plan pages and documents."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ism.money import format_amount
from workplans.models import Level
from workplans.tree import (
    is_lettered,
    period_text,
    plain_number,
    result_label,
    target_text,
)

register = template.Library()


@register.filter
def target(indicator) -> str:
    """ "up to 60", "about 50", "75%"."""
    return target_text(indicator)


@register.filter
def indicator_period(indicator) -> str:
    return period_text(indicator.period_start, indicator.period_end)


@register.filter
def actual_period(value) -> str:
    """The period of an Actual row or a PeriodValue."""
    start = getattr(value, "period_start", None) or value.start
    end = getattr(value, "period_end", None) or value.end
    return period_text(start, end)


@register.filter
def plain(value) -> str:
    return plain_number(value)


@register.filter
def quantity(value, indicator) -> str:
    """A figure in the indicator's unit: "30", "55%"."""
    if value is None:
        return ""
    text = plain_number(value)
    return f"{text}%" if indicator.unit == "percent" else text


@register.filter
def share(value) -> str:
    """0.504 → "50%"."""
    if value is None:
        return ""
    return f"{round(value * 100)}%"


@register.filter
def money(value) -> str:
    """Money → "CHF 120,000"."""
    if value is None:
        return ""
    return f"{value.currency} {format_amount(value.amount, get_language())}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


# --- Statements -----------------------------------------------------------------------
# A plan's pages show up to a thousand statements. Drawn by an {% include %} each,
# the tree page spent two thirds of its time in the template engine resolving a
# few dozen variables and translating the same words per statement; these tags
# draw a cell, an area or one statement in Python, with the words translated once
# per page. The markup is what workplans/_item.html drew.


@dataclass(frozen=True)
class _Wording:
    """The words every statement of one page shares, in the page's language,
    escaped as the template escaped them: the plan's own words and the levels'
    labels are, a translation is not ({% translate %} and {% blocktranslate %}
    print the catalogue's text as it is, and escape only the values they put
    in)."""

    levels: dict[str, str]  # Level value -> "Activity"
    action_plan: str  # the plan's name for its action plan, or "Action plan"
    paid_from: str
    baseline: str
    contributes_to: str  # "contributes to %(parent)s"
    language: str
    lettered: bool = False

    def label(self, node) -> str:
        """ "Activity 1.1.1", as ResultNode.label says it."""
        return result_label(self.levels[node.level], node.number, self.lettered)


def _wording(context) -> _Wording:
    # Kept for the whole render, like {% include %}'s templates (render_context's
    # first dict outlives the includes); the language cannot change within it.
    cache = context.render_context.dicts[0]
    wording = cache.get(_Wording)
    if wording is None:
        workplan = context.get("workplan")
        wording = cache[_Wording] = _Wording(
            levels={value: escape(str(label)) for value, label in Level.choices},
            action_plan=escape(workplan.action_plan)
            if workplan and workplan.action_plan
            else _("Action plan"),
            paid_from=_("Paid from"),
            baseline=_("baseline"),
            contributes_to=_("contributes to %(parent)s"),
            language=get_language(),
            lettered=is_lettered(workplan),
        )
    return wording


def _statement(node, wording: _Wording, costs, show_links: bool) -> str:
    """The statement's HTML, its values escaped (an f-string, not format_html:
    a thousand statements call it tens of thousands of times)."""
    result = node.result
    html = (
        f'<p class="wp-statement"><span class="wp-num">{wording.label(node)}</span> '
        f"{escape(result.text)}</p>"
    )
    if node.parent is not None and show_links:
        link = wording.contributes_to % {"parent": wording.label(node.parent)}
        html += f'\n<p class="wp-link">{link}</p>'
    actions = result.action_list
    if actions:
        html += (
            f'\n<p class="wp-small">{wording.action_plan}: '
            f"{escape(', '.join(actions))}</p>"
        )
    lines = costs.get(result.pk) if costs else None
    if lines:
        paid = "; ".join(
            escape(line.label) + _cost(amount, wording) for line, amount in lines
        )
        html += f'\n<p class="wp-small wp-cost">{wording.paid_from}: {paid}</p>'
    for item in node.indicators:
        html += "\n" + _indicator_line(item.indicator, wording)
    return html


def _cost(amount, wording: _Wording) -> str:
    if not amount:
        return ""
    figure = f"{amount.currency} {format_amount(amount.amount, wording.language)}"
    return f' <span class="num">{escape(figure)}</span>'


def _indicator_line(indicator, wording: _Wording) -> str:
    baseline = ""
    if indicator.baseline is not None:
        figure = quantity(indicator.baseline, indicator)
        baseline = f"; {wording.baseline} {escape(figure)}"
    period = period_text(indicator.period_start, indicator.period_end)
    return (
        f'<p class="wp-indicator-line">{escape(indicator.description)}: '
        f"<strong>{escape(target_text(indicator))}</strong> "
        f'<span class="wp-small">({escape(period)}{baseline})</span></p>'
    )


@register.simple_tag(takes_context=True)
def statement(context, node, show_links=False):
    """One statement: its number, text, link, actions, costs and indicators."""
    html = _statement(node, _wording(context), context.get("costs"), show_links)
    return mark_safe(html)  # noqa: S308 - _statement escapes every value


@register.simple_tag(takes_context=True)
def statement_cells(context, nodes):
    """The statements of one cell of the four-column table, or a dash."""
    if not nodes:
        return mark_safe('<span class="empty">—</span>')
    wording, costs = _wording(context), context.get("costs")
    return mark_safe(  # noqa: S308 - _statement escapes every value
        "".join(
            f'<div class="wp-cell-item" id="{node.anchor}">'
            f"{_statement(node, wording, costs, True)}</div>"
            for node in nodes
        )
    )


@register.simple_tag(takes_context=True)
def outline_items(context, nodes):
    """An area's statements, numbered and indented (the outline)."""
    wording, costs = _wording(context), context.get("costs")
    return mark_safe(  # noqa: S308 - _statement escapes every value
        "\n".join(
            f'<div class="wp-outline-item wp-depth-{node.depth} '
            f'wp-level-{node.level}" id="{node.anchor}">'
            f"{_statement(node, wording, costs, False)}</div>"
            for node in nodes
        )
    )
