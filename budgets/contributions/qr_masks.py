"""The QR-bill's QR code as `qrcode` makes it, in a fraction of the time.

Drawing an invoice's Swiss QR-bill took 36 ms, most of what ISM's render task
adds to bare WeasyPrint on a CHF invoice, nearly all of it in `qrcode`, in Python
(7 December 2026; now 11-18 ms, bench/README.md):

* choosing the mask. An encoder tries the eight mask patterns and keeps the one
  whose matrix loses the fewest penalty points (ISO/IEC 18004, 7.8.3: runs of five
  or more modules of one colour, 2 × 2 blocks, finder-like 1:1:3:1:1 patterns,
  the balance of dark and light). `qrcode` lays the whole matrix out again for each
  pattern (`makeImpl`) and scores it module by module (`util.lost_point`). Here the
  matrix is laid out once; a pattern only flips data modules, so each candidate is
  a row-by-row XOR with that pattern's bits (per version, computed once per
  process), and the four scores are counted on whole lines, one integer a row or
  column: bit operations for the runs and the 2 × 2 blocks, a substring count for
  the finder patterns.
* drawing the SVG path: a square's path for each dark module, with Decimal
  arithmetic for every coordinate. A module's square at a place is always the
  same text, so it is made once per place and process, by qrcode's own drawer.

The result is the same to the byte: `lost_point` returns `qrcode.util.lost_point`'s
number for any matrix, the mask chosen is qrcode's, and the QR-bill drawn is
qrbill's own (tests/budgets/test_qr_masks.py holds all three, the first two on
random input). Only the time differs.
"""

from __future__ import annotations

import functools
import itertools

import qrcode
import qrcode.image.svg
from qrbill import QRBill
from qrcode import util

# The two finder-like patterns, light area after or before (ISO/IEC 18004, 7.8.3.1).
# Neither overlaps itself, so counting occurrences counts every place qrcode's
# module-by-module scan finds; they may overlap each other, and count apart.
_FINDERS = ("10111010000", "00001011101")


def _bits(line) -> str:
    return "".join("1" if module else "0" for module in line)


def lost_point_of_rows(rows: list[int], count: int) -> int:
    """The penalty of a `count` × `count` matrix given as one integer a row (the
    leftmost module the highest bit, dark = 1): qrcode.util.lost_point's number."""
    strings = [format(row, f"0{count}b") for row in rows]
    columns = ["".join(column) for column in zip(*strings, strict=True)]
    pairs = (1 << (count - 1)) - 1

    points = 0
    for line in rows + [int(column, 2) for column in columns]:
        # Runs of five or more alike: 3 points, and 1 more for each module past the
        # fifth. Bit i of `alike`: modules i and i + 1 are; of `fives`: the five
        # from i up are. A run of L modules leaves a group of L - 4 bits in
        # `fives`, so L - 2 points are its bits and 2 for the group.
        alike = ~(line ^ (line >> 1)) & pairs
        fives = alike & (alike >> 1) & (alike >> 2) & (alike >> 3)
        points += fives.bit_count() + 2 * (fives & ~(fives << 1)).bit_count()

    # Finder-like patterns in rows and columns: 40 each ("|" between lines: none
    # crosses from one line to the next).
    text = "|".join(strings + columns)
    points += 40 * sum(text.count(finder) for finder in _FINDERS)

    # 2 × 2 blocks of one colour: 3 each. Bit i of `same_below` says the module at
    # bit i has the colour of the one below it; a block there needs that at bits i
    # and i + 1, and the top two modules alike.
    for top, below in itertools.pairwise(rows):
        same_below = ~(top ^ below)
        same_beside = ~(top ^ (top >> 1))
        points += 3 * (same_below & (same_below >> 1) & same_beside & pairs).bit_count()

    # Balance: 10 points for each whole 5% of dark modules away from half (the
    # same floating-point steps as qrcode, so that a boundary falls the same way).
    dark = sum(row.bit_count() for row in rows)
    percent = float(dark) / (count**2)
    return points + int(abs(percent * 100 - 50) / 5) * 10


def lost_point(modules) -> int:
    """qrcode.util.lost_point(modules), computed on whole lines."""
    return lost_point_of_rows([int(_bits(row), 2) for row in modules], len(modules))


@functools.cache
def _pattern_rows(version: int) -> tuple[tuple[int, ...], ...]:
    """For each of the eight mask patterns, a row's data modules it flips, as one
    integer a row. Which modules hold data depends on the version alone: all but
    the finder, alignment and timing patterns and the format and version
    information, laid out by qrcode's own steps (QRCode.makeImpl's)."""
    code = qrcode.QRCode(version=version)
    count = code.modules_count = version * 4 + 17
    code.modules = [[None] * count for _ in range(count)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(count - 7, 0)
    code.setup_position_probe_pattern(0, count - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    patterns = []
    for pattern in range(8):
        flips = util.mask_func(pattern)
        patterns.append(
            tuple(
                int(_bits(m is None and flips(r, c) for c, m in enumerate(row)), 2)
                for r, row in enumerate(code.modules)
            )
        )
    return tuple(patterns)


class QRCode(qrcode.QRCode):
    """`qrcode.QRCode`, choosing the same mask with one layout instead of eight."""

    def best_mask_pattern(self):
        # Pattern 0's matrix as qrcode's scoring sees it (test mode: format and
        # version information left light), then each pattern's by XOR.
        self.makeImpl(True, 0)
        patterns = _pattern_rows(self.version)
        plain = [
            int(_bits(row), 2) ^ flips
            for row, flips in zip(self.modules, patterns[0], strict=True)
        ]
        scores = [
            lost_point_of_rows(
                [row ^ flips for row, flips in zip(plain, rows, strict=True)],
                self.modules_count,
            )
            for rows in patterns
        ]
        # The first of the lowest, as qrcode keeps it.
        return scores.index(min(scores))


class SvgPathImage(qrcode.image.svg.SvgPathImage):
    """qrcode's one-path SVG, each dark module's square drawn by qrcode's drawer
    once per place and process. Its squares need no neighbours and the finder
    patterns are drawn like any module (the default drawers), so only the dark
    modules are visited."""

    needs_context = False
    _squares: dict[tuple[int, int, int, int], str] = {}

    def drawrect(self, row, col):
        key = (self.box_size, self.border, row, col)
        square = self._squares.get(key)
        if square is None:
            square = self._squares[key] = self.module_drawer.subpath(
                self.pixel_box(row, col)
            )
        self._subpaths.append(square)


class SwissQRBill(QRBill):
    """qrbill's QR-bill, its QR code made by the classes above; everything else,
    layout and data, is qrbill's."""

    def qr_image(self):
        # What qrbill's own qr_image passes to qrcode.make.
        code = QRCode(
            image_factory=SvgPathImage,
            error_correction=qrcode.constants.ERROR_CORRECT_M,
            border=0,
        )
        code.add_data(self.qr_data())
        return code.make_image()
