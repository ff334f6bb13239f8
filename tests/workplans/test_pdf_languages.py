"""The work plan's documents (both layouts) in the six UN languages (issue 18):
?lang= picks one, each stored apart from the English, translated headings (the
Chinese ones are the seed document's: 活动 产出 成果 影响), the version's language
and "Original: English" under the title."""

from __future__ import annotations

import pytest

from ism.models import TranslatedDocument
from tests.budgets.factories import private_media  # noqa: F401
from tests.budgets.invoice_docs import get, tasks_in_process  # noqa: F401
from tests.pdftext import flat, pdftotext
from workplans import demo

pytestmark = pytest.mark.usefixtures("tasks_in_process")


@pytest.fixture
def demo_plan(apmbc, coordinating_committee):
    return demo.load()


@pytest.mark.parametrize("layout", ["table", "outline"])
def test_lang_gives_the_document_in_chinese_and_arabic_stored_apart(
    demo_plan, committee_member, client_for, layout
):
    client = client_for(committee_member)
    url = f"/workplans/{demo_plan.pk}/pdf/{layout}/"

    english = get(client, url)
    chinese = get(client, url, data={"lang": "zh-hans"})
    arabic = get(client, url, data={"lang": "ar"})

    assert english["Content-Disposition"].endswith(f'-{layout}.pdf"')
    assert chinese["Content-Disposition"].endswith(f'-{layout}-zh-hans.pdf"')
    assert "Original: English" not in flat(pdftotext(english.body))
    chinese_text = flat(pdftotext(chinese.body))
    assert "Chinese Original: English" in chinese_text
    if layout == "table":
        for heading in ("活动", "产出", "成果", "影响"):
            assert heading in chinese_text
    assert "Arabic Original: English" in flat(pdftotext(arabic.body))
    stored = TranslatedDocument.objects.filter(kind=f"workplan-{layout}")
    assert sorted(stored.values_list("language", flat=True)) == ["ar", "zh-hans"]
