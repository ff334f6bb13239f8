"""The OpenAPI schema (drf-spectacular's AutoSchema) with where CSV is offered
(ism.api_csv): a text/csv answer only on the answers that are tables, as text
rather than the JSON object under another media type. Apart from ism.api_csv
because DRF loads the renderers while it starts, before drf-spectacular's schema
module can be imported."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from ism.api_csv import CSV_FORMAT, CSV_MEDIA_TYPE, is_table


class AutoSchema(SpectacularAutoSchema):
    """The schema says where CSV is offered, and that it is text, not the JSON
    object under another media type."""

    def map_renderers(self, attribute):
        values = super().map_renderers(attribute)
        if attribute == "format":
            # No `format` parameter: the text/csv answer says how to ask for it,
            # and a fuzzer given the parameter would try formats that are none
            # (DRF answers those 404, which the endpoints do not all document).
            return [value for value in values if value != CSV_FORMAT]
        if self.method == "GET" and is_table(self.view):
            return values
        return [value for value in values if value != CSV_MEDIA_TYPE]

    def _get_response_for_code(self, serializer, status_code, *args, **kwargs):
        response = super()._get_response_for_code(
            serializer, status_code, *args, **kwargs
        )
        content = response.get("content") or {}
        if CSV_MEDIA_TYPE in content:
            if str(status_code).startswith("2"):
                content[CSV_MEDIA_TYPE] = {
                    "schema": {
                        "type": "string",
                        "description": (
                            "Asked for with ?format=csv or Accept: text/csv: the "
                            "same rows as a CSV table (UTF-8 with BOM), nested "
                            "objects as dotted columns, lists of objects left out, "
                            "every row rather than one page."
                        ),
                    }
                }
            else:
                del content[CSV_MEDIA_TYPE]
        return response
