"""A real one-page PDF for upload tests: uploads are read by pypdf (ism.uploads),
so a few bytes that merely start with %PDF- are refused as unreadable."""

import io

from pypdf import PdfWriter


def one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_BYTES = one_page_pdf()
