"""The browsable API (DRF's HTML pages, for people signed in with a session)."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's own templates carry inline styles (style attributes, Pygments' style
    element). Their pages, and only theirs, may apply inline styles; scripts stay
    as strict as everywhere else ('self' only)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
