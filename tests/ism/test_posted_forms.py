"""ism.forms.save_posted and act_posted: every page runs a posted form or a
button through its service the same way — the saved row and a message, or the
refusal where the user sees it."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from ism.forms import act_posted, save_posted


class TitleForm(forms.Form):
    title = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _refuse(data):
    raise ValidationError({"title": "Taken."})


def test_it_returns_what_the_service_saved_with_the_message():
    request = _request(data={"title": "Director"})
    form = TitleForm(request.POST)
    saved = save_posted(request, form, lambda data: data["title"], success="Saved.")
    assert saved == "Director"
    assert _said(request) == [("success", "Saved.")]


def test_it_puts_the_services_refusal_beside_its_field():
    request = _request(data={"title": "Director"})
    form = TitleForm(request.POST)
    assert save_posted(request, form, _refuse, success="Saved.") is None
    assert form.errors["title"] == ["Taken."]
    assert _said(request) == []


def test_it_calls_no_service_for_a_form_that_does_not_parse_or_a_get():
    for request in (_request(data={"title": ""}), _request("get")):
        form = TitleForm(request.POST or None)
        assert save_posted(request, form, _refuse) is None
        assert "Taken." not in str(form.errors)


def test_a_refused_button_says_why_among_the_pages_messages():
    request = _request()
    assert act_posted(request, lambda: _refuse({}), success="Done.") is None
    assert _said(request) == [("error", "Taken.")]


def test_an_accepted_button_returns_what_it_did():
    request = _request()
    assert act_posted(request, lambda: 42, success="Done.") == 42
    assert _said(request) == [("success", "Done.")]
