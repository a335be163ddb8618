"""ods: ``content.xml`` scanned with repeated rows and cells expanded as calamine expands them."""

import zipfile

from .base import MAX_CELL_CHARS, SheetCost, _expat, _too_long, column_letters

# --------------------------------------------------------------------------- ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "


def _scan_ods(zf: zipfile.ZipFile, file: str) -> list[SheetCost]:
    """Every table of ``content.xml``, repeated rows and cells expanded as calamine does."""
    sheets: list[SheetCost] = []
    st = {"row": 0, "rrep": 1, "col": 0, "crep": 1, "filled": False, "text": 0, "last": 0}
    depth = {"cell": 0}

    def start(tag: str, a: dict[str, str]) -> None:
        if tag == _TABLE + "table":
            sheets.append(SheetCost(a.get(_TABLE + "name") or f"lembar {len(sheets) + 1}"))
            st["row"] = 0
        elif not sheets:
            return
        elif tag == _TABLE + "table-row":
            st["rrep"] = _repeat(a.get(_TABLE + "number-rows-repeated"))
            st["col"], st["last"] = 0, 0
        elif tag == _TEXT + "s" and depth["cell"]:  # c spaces, written out by calamine
            st["text"] += _repeat(a.get(_TEXT + "c"))
        elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            depth["cell"] += 1
            st["crep"] = _repeat(a.get(_TABLE + "number-columns-repeated"))
            st["filled"] = bool(a.get(_OFFICE + "value-type"))
            st["text"] = max((len(v) for k, v in a.items() if k.startswith(_OFFICE)), default=0)
            if a.get(_TABLE + "formula"):
                ref = f"{column_letters(st['col'] + 1)}{st['row'] + 1}"
                sheets[-1].formula_at(ref, "[" in a[_TABLE + "formula"])
                sheets[-1].formulas += st["crep"] * st["rrep"] - 1  # repeated cells

    def end(tag: str) -> None:
        if not sheets:
            return
        if st["text"] > MAX_CELL_CHARS:
            raise _too_long(file, f"lembar '{sheets[-1].name}'")
        if tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            depth["cell"] -= 1
            if st["filled"] or st["text"]:
                st["last"] = st["col"] + st["crep"]
            st["col"] += st["crep"]
        elif tag == _TABLE + "table-row":
            if st["last"]:
                sheets[-1].value_at(st["row"] + st["rrep"], st["last"])
            st["row"] += st["rrep"]

    def text(data: str) -> None:
        if depth["cell"] and sheets:
            st["text"] += len(data.strip()) and len(data)
            if st["text"] > MAX_CELL_CHARS:
                raise _too_long(file, f"lembar '{sheets[-1].name}'")

    _expat(zf, "content.xml", file, start, end, text, namespaces=True)
    return sheets


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
