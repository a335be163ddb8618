"""Benchmark of hostile input: peak memory before (git 92d1488) and after, side by side.

Run with ``python benchmarks/bench_security.py [--cap GB] [--quick]``.

Every figure is the peak memory (``ru_maxrss``, from ``os.wait4``) and the CPU seconds of
one child process running one command, under an address-space cap (``--cap``, default 6 GB,
so that the code before the fix cannot take the machine); the code before is this
repository at git ``92d1488``, unpacked with ``git archive`` into a temporary folder and run
with the same interpreter. Each row shows the same command on both trees, measured in the
same run:

- ``planlib check`` of the default demo workspace, clean, then with its 2026 usulan file
  replaced by one hostile file: a sparse xlsx (cells at A1 and XFD1048576), a tall one (A1
  and A1048576), HTML saved as .xls with colspan/rowspan bombs (149 bytes and about 25 KB),
  a zip bomb (a 1 MB xlsx whose sheet unpacks to 1 GB), an xlsx of 200 KB holding one
  200 MB cell, an .xls with cells at A1 and IV65536, and a CSV of 500,000 rows (``--quick``
  leaves the CSV out: about two minutes before the fix);
- the Forum Lintas PD computation (lineage of every usulan, the OPD × OPD overlap, the usulan
  proposed again) and ``planlib laporan-desa --no-pdf``, on the demo clean and with one
  usulan of 20,000 characters; ``laporan-desa`` with the PDFs, whose index was never
  written before;
- the cost of the checks on legitimate large files: reading a 50,000 × 60 xlsx (3 million
  cells, shared strings; peak memory and CPU seconds), and ``planlib check`` of a workspace
  of 50,000 usulan in one year.

Results are printed and written to ``benchmarks/out/security.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASE = "92d1488"
LONG = " ".join(f"kata{i:05d}" for i in range(2000))  # 20,000 characters of distinct words

LINTAS_PD = r"""
import sys
from planlib import open_workspace, rekap
from planlib import ranking
from planlib.forum import lineage, overlap
ws = open_workspace(sys.argv[1], use_cache=False)
inp = overlap.overlap_inputs(ws, 2026)
m = overlap.matrix_of(overlap.reach(**inp, by="desa_isu"))
lin = lineage.assign_lineage(ws.usulan)
ulang = ranking.usulan_berulang(ws, 2026, lin, min_kali=2, kecamatan=None)
print(f"ok: {len(m)} OPD, {len(ulang)} usulan berulang")
"""

READ = r"""
import resource, sys
from planlib.tabular import read_rows
t = read_rows(sys.argv[1])
cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
print(f"ok: {len(t.rows)} baris, {cpu:.1f} s CPU")
"""


def run(tree: Path, args: list[str], cap: int, timeout: float = 300) -> dict[str, Any]:
    """One command in a child under ``cap`` bytes of address space: peak MB, exit, output."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "PYTHONPATH": str(tree)}
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(
            [sys.executable, *args], stdout=out, stderr=err, env=env, preexec_fn=limit
        )
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                pid, status, usage = os.wait4(p.pid, 0)
                status = -1
                break
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rc = -1 if status == -1 else os.waitstatus_to_exitcode(status)  # negative: killed by a signal
    return {
        "peak_mb": round(usage.ru_maxrss / 1024),
        "exit": rc,
        "seconds": round(time.perf_counter() - t0, 1),
        "cpu": round(usage.ru_utime + usage.ru_stime, 1),
        "stdout": stdout,
        "stderr": stderr[-3000:],
    }


def outcome(r: dict[str, Any], file: str | None = None) -> str:
    """What happened, in a few words."""
    if r["exit"] == -1:
        return "timeout"
    if r["exit"] < 0:
        return f"killed ({signal.Signals(-r['exit']).name})"
    if "MemoryError" in r["stderr"] or "memory allocation" in r["stderr"]:
        return "out of memory at the cap"
    if file is not None:
        try:
            report = json.loads(r["stdout"])
        except json.JSONDecodeError:
            return f"exit {r['exit']}, no report"
        entry = next((f for f in report["files"] if f["path"].endswith(file)), None)
        if entry is None:
            return f"exit {r['exit']}"
        if entry["fatal"]:
            text = entry["fatal"]
            kind = "refused" if "batas planlib" in text else "unreadable"
            return f"{kind}: {text.split(';')[0][-70:]}"
        return f"read: {entry['rows_in']} rows in"
    lines = [ln for ln in r["stdout"].strip().splitlines() if ln.strip()]
    if r["exit"] and r["stderr"]:
        last = r["stderr"].strip().splitlines()[-1]
        return f"exit {r['exit']}: {last[:70]}"
    return (lines[-1] if lines else f"exit {r['exit']}")[:80]


# --------------------------------------------------------------------------- files


def _xlsx(path: Path, rows: str, *, shared: list[str] = (), spaces_mib: int = 0) -> Path:
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
        'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Usulan" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
        'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxml'
        'formats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        with z.open("xl/sharedStrings.xml", "w") as f:
            f.write(f"<sst {main}>".encode())
            for text in shared:
                f.write(f"<si><t>{text}</t></si>".encode())
            f.write(b"</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {main}><sheetData>'.encode())
            f.write(rows.encode())
            block = b" " * 2**20
            for _ in range(spaces_mib):
                f.write(block)
            f.write(b"</sheetData></worksheet>")
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def hostile_files(folder: Path, *, csv_rows: int) -> dict[str, Path]:
    """The hostile files of the security test, by label."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "sparse xlsx: A1 and XFD1048576": _xlsx(
            folder / "jarang.xlsx",
            f'<row r="1">{_cell("A1", "No")}</row><row r="1048576">{_cell("XFD1048576", "x")}</row>',
        ),
        "tall xlsx: A1 and A1048576": _xlsx(
            folder / "tinggi.xlsx",
            f'<row r="1">{_cell("A1", "No")}</row><row r="1048576">{_cell("A1048576", "x")}</row>',
        ),
        "zip bomb: sheet XML unpacks to 1 GB": _xlsx(
            folder / "bom.xlsx", f'<row r="1">{_cell("A1", "No")}</row>', spaces_mib=1000
        ),
        "one cell of 200 MB": _xlsx(
            folder / "sel.xlsx",
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
            shared=["x" * (200 * 2**20)],
        ),
    }
    span = '<td colspan="1000" rowspan="1000">x</td>'
    small = folder / "span_kecil.xls"
    small.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr>"
        f"{span}</tr><tr><td>Usulan</td></tr></table></body></html>",
        encoding="utf-8",
    )
    files[f"HTML .xls, colspan × rowspan 1000 ({small.stat().st_size} B)"] = small
    big = folder / "span_besar.xls"
    big.write_text("<table>" + f"<tr>{span}{span}</tr>" * 300 + "</table>", encoding="utf-8")
    files[f"HTML .xls, 600 spans ({big.stat().st_size // 1024} KB)"] = big
    try:
        import xlwt

        book = xlwt.Workbook()
        sheet = book.add_sheet("Usulan")
        sheet.write(0, 0, "No")
        sheet.write(65535, 255, "x")
        book.save(str(folder / "lama.xls"))
        files["xls (BIFF): A1 and IV65536"] = folder / "lama.xls"
    except ImportError:
        pass
    if csv_rows:
        text = folder / "besar.csv"
        with open(text, "w", encoding="utf-8") as f:
            f.write("No;ID Usulan;Usulan;Kecamatan;Kelurahan/Desa\n")
            f.writelines(
                f"{i};{i};Pembangunan jalan usaha tani {i};Kecamatan {i % 9};Desa {i % 97}\n"
                for i in range(csv_rows)
            )
        files[f"CSV of {csv_rows:,} rows".replace(",", ".")] = text
    return files


def large_xlsx(path: Path, rows: int = 50_000, cols: int = 60) -> Path:
    """A legitimate export of ``rows`` × ``cols`` cells: numbers and shared texts."""
    from planlib.limits import column_letters

    letters = [column_letters(j + 1) for j in range(cols)]
    texts = [f"Pembangunan jalan usaha tani desa {k}" for k in range(rows)]
    body = io.StringIO()
    for i in range(1, rows + 1):
        cells = "".join(
            f'<c r="{letters[j]}{i}"><v>{i * 7 + j}</v></c>'
            if j % 3 == 0
            else f'<c r="{letters[j]}{i}" t="s"><v>{(i + j) % rows}</v></c>'
            for j in range(cols)
        )
        body.write(f'<row r="{i}">{cells}</row>')
    return _xlsx(path, body.getvalue(), shared=texts)


def with_usulan(demo: Path, folder: Path, file: Path) -> Path:
    """A copy of ``demo`` whose 2026 usulan entry is ``file``."""
    ws = folder / file.stem
    shutil.copytree(demo, ws)
    shutil.copy(file, ws / "usulan" / file.name)
    toml = ws / "planlib.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("usulan/usulan_2026.xlsx", f"usulan/{file.name}"),
        encoding="utf-8",
    )
    return ws


def with_long_text(demo: Path, folder: Path) -> Path:
    """A copy of ``demo`` whose first 2026 usulan has 20,000 characters."""
    from openpyxl import load_workbook

    ws = folder / "panjang"
    shutil.copytree(demo, ws)
    path = ws / "usulan" / "usulan_2026.xlsx"
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().lower() == "usulan":
                sheet.cell(cell.row + 1, cell.column).value = LONG
                book.save(path)
                return ws
    raise RuntimeError("no Usulan column in the demo's 2026 file")


def base_tree(folder: Path) -> Path:
    """The repository at :data:`BASE`, unpacked (``git archive``; no worktree is registered)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASE], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    return folder


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=float, default=6.0, help="address space per child, GB")
    ap.add_argument("--quick", action="store_true", help="without the CSV of 500,000 rows")
    args = ap.parse_args()
    cap = int(args.cap * 2**30)
    sys.path.insert(0, str(ROOT))
    from planlib.demo import write_demo

    tmp = Path(tempfile.mkdtemp(prefix="bench-security-"))
    trees = {"before": base_tree(tmp / "base"), "after": ROOT}
    demo = tmp / "demo"
    write_demo(demo)
    results: list[dict[str, Any]] = []

    def row(label: str, args_for: Any, file: str | None = None, timeout: float = 300) -> None:
        got = {}
        for when, tree in trees.items():
            r = run(tree, args_for(when), cap, timeout)
            got[when] = {**{k: r[k] for k in ("peak_mb", "exit", "seconds", "cpu")},
                         "outcome": outcome(r, file)}  # fmt: skip
        results.append({"case": label, **got})
        b, a = got["before"], got["after"]
        print(f"{label[:58]:<58} {b['peak_mb']:>6,} MB {b['cpu']:>6.1f} s  "
              f"{b['outcome'][:40]:<40} {a['peak_mb']:>6,} MB {a['cpu']:>6.1f} s  "
              f"{a['outcome'][:56]}", flush=True)  # fmt: skip

    print(f"peak memory and CPU seconds of one child (cap {args.cap:g} GB); "
          f"before = git {BASE}, after = this tree")  # fmt: skip
    print(f"{'case':<58} {'before':>9}  {'':<49} {'after':>9}")
    check = ["-m", "planlib.cli", "check", "--json", "--no-cache"]
    row("planlib check, demo workspace (clean)", lambda _w: [*check, str(demo)], "usulan_2026.xlsx")
    files = hostile_files(tmp / "files", csv_rows=0 if args.quick else 500_000)
    for label, file in files.items():
        ws = with_usulan(demo, tmp / "ws", file)
        row(f"  + {label}", lambda _w, ws=ws: [*check, str(ws)], file.name)

    long_ws = with_long_text(demo, tmp)
    for label, ws in (("demo", demo), ("demo + one usulan of 20,000 characters", long_ws)):
        row(f"05 Lintas PD computation, {label}", lambda _w, ws=ws: ["-c", LINTAS_PD, str(ws)])
    # each tree on its own copy: laporan-desa keeps the workspace's parse cache
    copies = {(ws, w): shutil.copytree(ws, tmp / "salinan" / f"{ws.name}-{w}")
              for ws in (demo, long_ws) for w in trees}  # fmt: skip
    for label, ws in (("demo", demo), ("demo + 20,000 characters", long_ws)):
        row(f"laporan-desa --no-pdf, {label}",
            lambda w, ws=ws: ["-m", "planlib.cli", "laporan-desa", str(copies[ws, w]), "--tahun",
                              "2026", "--out", str(tmp / f"surat-{ws.name}-{w}"), "--no-pdf"])  # fmt: skip
    row("laporan-desa with PDF, demo + 20,000 characters",
        lambda w: ["-m", "planlib.cli", "laporan-desa", str(copies[long_ws, w]), "--tahun",
                   "2026", "--out", str(tmp / f"surat-pdf-{w}")], timeout=900)  # fmt: skip
    for w in trees:
        index = tmp / f"surat-pdf-{w}" / "index.csv"
        print(f"    {w}: index.csv {'written' if index.exists() else 'NOT written'}")

    big = large_xlsx(tmp / "besar.xlsx")
    row(f"read a 50,000 × 60 xlsx ({big.stat().st_size / 2**20:.0f} MB; checks' cost)",
        lambda _w: ["-c", READ, str(big)], timeout=900)  # fmt: skip

    large = tmp / "besar"
    write_demo(large, usulan_per_tahun=50_000, tahun=(2026,))
    row("planlib check, 50,000 usulan (checks' cost)", lambda _w: [*check, str(large)],
        "usulan_2026.xlsx", timeout=900)  # fmt: skip

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "security.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
