"""Data embedded in an HTML page: the one way planlib writes JSON inside ``<script>``.

A page that carries its data as ``<script type="application/json">…</script>``
(the kernel-free views of ``planlib bagikan``) is read by the browser's HTML
tokenizer before any JSON parser sees it. Inside a script element the tokenizer
still looks for ``</script``, and ``<!--`` followed by ``<script`` switches it
into a state where the next ``</script>`` no longer ends the element: an usulan
typed as ``<!--<script>`` would swallow the rest of the page. :func:`json_island`
therefore writes ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e``, ``\\u0026``
(so no markup character is left in the island at all), and U+2028 / U+2029 as
``\\u2028`` / ``\\u2029`` (line terminators for older JavaScript parsers). The
result is still plain JSON: ``JSON.parse`` and :func:`json.loads` read it back
unchanged.
"""

from __future__ import annotations

import json
from typing import Any

#: Characters never written as themselves inside an island, and their JSON escapes.
ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TABLE = str.maketrans(ESCAPES)


def json_island(data: Any) -> str:
    """``data`` as compact JSON that is safe as the text of any HTML ``<script>`` element.

    Parameters
    ----------
    data : Any
        JSON-ready data (no NaN: ``allow_nan=False``).

    Returns
    -------
    str
        The JSON text, non-ASCII kept, with the characters of :data:`ESCAPES`
        written as JSON escapes (inside strings, the only place they can occur).

    Examples
    --------
    >>> json_island({"usulan": "<!--<script> & </script>"})
    '{"usulan":"\\\\u003c!--\\\\u003cscript\\\\u003e \\\\u0026 \\\\u003c/script\\\\u003e"}'
    >>> json.loads(json_island({"a": "<b>"})) == {"a": "<b>"}
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_TABLE)
