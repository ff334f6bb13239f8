"""The URL convention of the apps' pages, written once.

Below one object's URL (a budget's, a meeting's, a thread's), most pages and POST
endpoints are a verb: `edit/`, `delete/`, `submit/`. Each is served by the view named
after the object and the verb, and named the same way:

    verbs(views, "thread", "reply", "resolve")
    == [path("reply/", views.thread_reply, name="thread-reply"),
        path("resolve/", views.thread_resolve, name="thread-resolve")]

A hyphen in the verb is an underscore in the view's name ("request-changes" →
`<object>_request_changes`). With `named=False` the URL names are the verbs alone: an
app's main object, whose pages the app's namespace already names ("budgets:edit").
A page that breaks the convention (a view named otherwise, a path with a parameter)
is written as a `path()` beside them.
"""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path


def verbs(
    views: ModuleType, obj: str, *names: str, named: bool = True
) -> list[URLPattern]:
    """The path `<verb>/` for each verb, served by `views.<obj>_<verb>`, named
    `<obj>-<verb>` (or `<verb>` where `named` is False)."""
    return [
        path(
            f"{verb}/",
            getattr(views, f"{obj}_{verb}".replace("-", "_")),
            name=f"{obj}-{verb}" if named else verb,
        )
        for verb in names
    ]
