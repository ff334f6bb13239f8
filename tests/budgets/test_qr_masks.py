"""The QR-bill's QR code made faster (budgets/contributions/qr_masks.py) is the
code `qrcode` makes, to the byte: the same penalty for any matrix, the same mask
for any payload, the same QR-bill drawn on an invoice."""

from __future__ import annotations

import random

import pytest
import qrcode
import qrcode.util
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qrbill import QRBill

from budgets.contributions import qr_masks
from budgets.contributions.payment_codes import qr_bill_svg
from tests.budgets.invoice_docs import issued_invoice
from tests.budgets.payment_codes import IBAN_CH, QR_IBAN, payee

# The sizes of versions 1, 2, 6, 7 (the first with version information), 10 and 40.
SIZES = [21, 25, 41, 45, 57, 177]


def matrix(size: int, rnd: random.Random, dark: float, streaks: float) -> list[list]:
    """A random matrix, `dark` its share of dark modules; with probability `streaks`
    a module repeats its left neighbour, which makes long runs and blocks."""
    rows = []
    for _ in range(size):
        row: list[bool] = []
        for col in range(size):
            if col and rnd.random() < streaks:
                row.append(row[-1])
            else:
                row.append(rnd.random() < dark)
        rows.append(row)
    return rows


@settings(max_examples=80, deadline=None)
@given(
    size=st.sampled_from(SIZES[:5]),
    seed=st.integers(0, 2**32),
    dark=st.floats(0, 1),
    streaks=st.sampled_from([0.0, 0.5, 0.9]),
)
def test_the_penalty_is_qrcodes_for_any_matrix(size, seed, dark, streaks):
    modules = matrix(size, random.Random(seed), dark, streaks)

    assert qr_masks.lost_point(modules) == qrcode.util.lost_point(modules)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("colour", [True, False])
def test_the_penalty_of_one_colour_and_of_the_finder_patterns(size, colour):
    # All one colour: every line one long run, every place a block, all off balance.
    plain = [[colour] * size for _ in range(size)]
    # Both finder-like patterns, overlapping, in every row.
    finders = [[c == "1" for c in ("000010111010000" * 12)[:size]] for _ in range(size)]

    assert qr_masks.lost_point(plain) == qrcode.util.lost_point(plain)
    assert qr_masks.lost_point(finders) == qrcode.util.lost_point(finders)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(min_size=1, max_size=1200),
        st.text(min_size=1, max_size=400),
        st.from_regex(r"\A[0-9]{1,900}\Z"),
    ),
    error_correction=st.sampled_from(
        [
            qrcode.constants.ERROR_CORRECT_L,
            qrcode.constants.ERROR_CORRECT_M,
            qrcode.constants.ERROR_CORRECT_Q,
            qrcode.constants.ERROR_CORRECT_H,
        ]
    ),
)
def test_the_code_is_qrcodes_for_any_payload(data, error_correction):
    theirs = qrcode.QRCode(error_correction=error_correction)
    ours = qr_masks.QRCode(error_correction=error_correction)
    for code in (theirs, ours):
        code.add_data(data)
        code.make()

    assert ours.version == theirs.version
    assert ours.modules == theirs.modules


@pytest.mark.parametrize("length", [1, 40, 150, 400, 1000, 2300])
def test_the_code_is_qrcodes_at_every_size(length):
    # Versions 1 to 40 at level M: the QR-bill's payload is ~200-500 bytes.
    data = random.Random(length).randbytes(length)
    theirs = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    ours = qr_masks.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    for code in (theirs, ours):
        code.add_data(data)
        code.make()

    assert ours.version == theirs.version
    assert ours.modules == theirs.modules


@pytest.mark.django_db
@pytest.mark.parametrize("iban", [QR_IBAN, IBAN_CH])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_invoices_qr_bill_is_qrbills_own_to_the_byte(
    apmbc, state_a, monkeypatch, iban, language
):
    invoice = issued_invoice(apmbc, state_a, amount="76540.12", payee=payee(iban))
    ours = qr_bill_svg(invoice, language)
    # The same bill with qrbill's own QR code (qrcode.make, the Decimal drawer).
    monkeypatch.setattr(qr_masks.SwissQRBill, "qr_image", QRBill.qr_image)
    theirs = qr_bill_svg(invoice, language)

    assert "<path" in ours and invoice.number in ours
    assert ours == theirs
