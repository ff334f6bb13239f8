"""Conditional requests for the API under /api/v1/: ETag and Last-Modified on every
JSON or CSV answer, and 304 Not Modified when the client already has it
(RFC 9110 §8.8 and §13, RFC 9111 §5.2).

ETag: a strong validator, the SHA-256 of the answer's bytes. It is exact by
construction — the same bytes, the same tag — whatever changed the answer: a
write, a deletion, today's date turning an invoice overdue, the client's reach.
If-None-Match, when present, decides alone (RFC 9110 §13.2.2).

Last-Modified cannot come from the data: statuses derive from today's date (an
invoice becomes overdue without any write) and a deletion leaves no timestamp,
so max(updated_at) would claim "unchanged" of answers that changed. Instead the
cache (Redis with REDIS_URL, else the process's memory) keeps, per answer — the
URL path and query string whatever the method, the client (API token, user or
anonymous), the Accept header, the negotiated media type and the language — the
tag last served and its stamp, a whole second. When an answer's tag differs
from the kept one it gets a new stamp: now, and later than its previous stamp.
Last-Modified is the stamp.

Stamps come from one atomic counter per URL (cache.incr), shared by every client
and variant of that URL, so no two representations of a URL ever carry the same
stamp — not two versions of one answer, nor two clients' answers, even when
several workers serve them at once. That makes If-Modified-Since exact: it gets
a 304 only when it names the stamp of the tag being served now to this client,
which proves the client holds these very bytes. Any other date gets the full
answer, rather than the 304 that RFC 9110's "earlier or equal" comparison would
give: a later date can be another client's stamp, or come from a concurrent
request whose data was older than its stamp, and a full answer is always
correct. Clients echo Last-Modified, so they lose nothing.

Stamps are whole seconds rounded down, and Last-Modified is never later than
the answer's own time (RFC 9110 §8.8.2.1): a stamp that had to move ahead of the
clock (two changes, or two clients' first answers, within one second) is sent
from the next second on; until then the answer has its ETag only.

The counter outlives the answers it stamped (its expiry moves with every stamp,
theirs do not), so when the cache has forgotten them (after TTL) nothing stamped
within TTL is left to collide with; a forgotten answer costs one full response.
The memory cache is per process: with several worker processes, run with
REDIS_URL so that they share the stamps (ETags are exact either way).

Every answer says `Cache-Control: private, no-cache` (unless it set its own):
what it holds depends on who asks, and a client must revalidate before reusing
it; and `Vary: Accept, Authorization, Cookie`. A 304 keeps ETag, Last-Modified,
Vary and Cache-Control (RFC 9110 §15.4.5) and the cookies. File downloads (the
PDFs) and streaming answers get no validators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time

from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

API_PREFIX = "/api/v1/"
VALIDATED_MEDIA_TYPES = ("application/json", "text/csv")
VARY = ("Accept", "Authorization", "Cookie")
# Headers a 304 carries over from the 200 it stands for (RFC 9110 §15.4.5).
KEPT_ON_304 = (
    "Cache-Control",
    "Content-Location",
    "Date",
    "ETag",
    "Expires",
    "Last-Modified",
    "Vary",
)
# How long an answer's stamp is kept after it last changed; the URL's counter,
# after the last stamp it gave. Forgetting an answer costs one full response.
TTL = int(dt.timedelta(days=7).total_seconds())
KEY_PREFIX = "ism:api-validator:"


def client_identity(request) -> str:
    """The token, the user or "anonymous": DRF sets request.user and request.auth
    on the Django request too."""
    from ism.models import ApiToken

    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return f"token:{auth.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk is not None:
        return f"user:{user.pk}"
    return "anonymous"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _clock() -> float:
    return time.time()


def answer_keys(request, response) -> tuple[str, str]:
    """(the URL's stamp counter, this client's answer at the URL)."""
    url = KEY_PREFIX + _digest(request.path, request.META.get("QUERY_STRING", ""))
    answer = _digest(
        client_identity(request),
        request.META.get("HTTP_ACCEPT", ""),
        response.get("Content-Type", ""),
        get_language() or "",
    )
    return f"{url}:n", f"{url}:{answer}"


def _mint(counter_key: str, previous: int | None) -> int:
    """A new stamp for an answer at a URL: not before this second, later than the
    answer's previous stamp, unique at the URL (atomic increments)."""
    now = math.floor(_clock())
    floor = now if previous is None else max(now, previous + 1)
    try:
        stamp = cache.incr(counter_key)
    except ValueError:  # no counter yet, or it expired with every answer it stamped
        if cache.add(counter_key, floor, TTL):
            return floor
        stamp = cache.incr(counter_key)
    if stamp < floor:
        stamp = cache.incr(counter_key, floor - stamp)
    cache.touch(counter_key, TTL)
    return stamp


def validate(counter_key: str, key: str, etag: str) -> tuple[int, bool]:
    """(stamp, unchanged): the answer's stamp, and whether `etag` is the tag it
    was stamped for before this request."""
    kept = cache.get(key)
    if kept is not None and kept[0] == etag:
        return kept[1], True
    stamp = _mint(counter_key, kept[1] if kept is not None else None)
    cache.set(key, (etag, stamp), TTL)
    return stamp, False


def _validated(request, response) -> bool:
    media_type = response.get("Content-Type", "").split(";")[0].strip()
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and media_type in VALIDATED_MEDIA_TYPES
    )


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def _is_fresh(request, etag: str, stamp: int, unchanged: bool) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        # Weak comparison, as RFC 9110 §13.1.2 asks for If-None-Match.
        tags = parse_etags(if_none_match)
        return "*" in tags or _opaque(etag) in {_opaque(t) for t in tags}
    if_modified_since = parse_http_date_safe(
        request.META.get("HTTP_IF_MODIFIED_SINCE", "")
    )
    return unchanged and if_modified_since == stamp


def _not_modified(response):
    not_modified = HttpResponseNotModified()
    for header in KEPT_ON_304:
        if header in response:
            not_modified[header] = response[header]
    not_modified.cookies = response.cookies
    return not_modified


class ConditionalApiMiddleware:
    """ETag, Last-Modified and 304 for the API (see the module docstring).

    Placed before CommonMiddleware, so that the 304 gets no Content-Length of 0
    from it (RFC 9110 §8.6 allows only the 200's length there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, VARY)
        if request.method not in ("GET", "HEAD"):
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        if not _validated(request, response):
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest())
        stamp, unchanged = validate(*answer_keys(request, response), etag)
        response["ETag"] = etag
        if stamp <= _clock():
            response["Last-Modified"] = http_date(stamp)
        if _is_fresh(request, etag, stamp, unchanged):
            return _not_modified(response)
        return response
