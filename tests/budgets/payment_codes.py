"""Reading the payment codes printed on a document, as a bank app would: the PDF
rendered to an image (pdftoppm, from poppler-utils), the QR codes found and
decoded in it (zxing-cpp)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import need

# Illustrative accounts, as the SIX and EPC specifications print them in their
# examples: valid check digits, nobody's money.
QR_IBAN = "CH4431999123000889012"
IBAN_CH = "CH9300762011623852957"
IBAN_EUR = "DE89370400440532013000"
PAYEE = {
    "bic": "UBSWCHZH80A",
    "bank": "Demo Bank, Geneva",
    "name": "ISU of the Anti-Personnel Mine Ban Convention",
    "street": "Chemin Eugene-Rigot 2C",
    "postcode": "1202",
    "town": "Geneva",
    "country": "CH",
    "illustrative": True,
}


def payee(iban: str) -> dict:
    return {**PAYEE, "iban": iban}


def qr_codes(pdf: bytes, dpi: int = 200) -> list[str]:
    """The text of every QR code on every page of `pdf`."""
    import zxingcpp
    from PIL import Image

    need(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(folder) / "p")],
            check=True,
        )
        found = []
        for page in sorted(Path(folder).glob("p*.png")):
            with Image.open(page) as image:
                found += [
                    code.text
                    for code in zxingcpp.read_barcodes(image.convert("L"))
                    if code.format == zxingcpp.BarcodeFormat.QRCode
                ]
    return found
