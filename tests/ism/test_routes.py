"""The URL convention is written once (ism.routes.verbs): `<verb>/` served by
`<object>_<verb>`, named `<object>-<verb>` or, for an app's main object, `<verb>`."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from ism.routes import verbs


def thread_reply(request, pk):
    return None


def thread_request_changes(request, pk):
    return None


views = SimpleNamespace(
    thread_reply=thread_reply, thread_request_changes=thread_request_changes
)


def test_each_verb_is_its_path_its_view_and_its_name():
    reply, changes = verbs(views, "thread", "reply", "request-changes")
    assert (str(reply.pattern), reply.callback, reply.name) == (
        "reply/",
        thread_reply,
        "thread-reply",
    )
    # A hyphen in the verb is an underscore in the view's name, not in the URL's.
    assert (str(changes.pattern), changes.callback, changes.name) == (
        "request-changes/",
        thread_request_changes,
        "thread-request-changes",
    )


def test_an_apps_main_object_names_its_pages_by_the_verb_alone():
    (reply,) = verbs(views, "thread", "reply", named=False)
    assert reply.name == "reply"


def test_a_verb_without_its_view_fails_at_start_up_not_at_request():
    with pytest.raises(AttributeError, match="thread_close"):
        verbs(views, "thread", "close")


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("workplans:thread-reply", [7], "/workplans/threads/7/reply/"),
        ("workplans:request-changes", [3], "/workplans/3/request-changes/"),
        ("budgets:pdf", [5], "/budgets/5/pdf/"),
        ("meetings:status", [2], "/meetings/2/status/"),
        ("reporting:isu-report-word", [], "/reporting/isu-report/word/"),
    ],
)
def test_the_apps_pages_built_by_it_keep_their_names_and_paths(name, args, path):
    assert reverse(name, args=args) == path
