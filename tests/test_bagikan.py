"""``planlib bagikan``: the numbers each shared file carries, its size, its inputs, and its script's formats."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planlib import open_workspace, rekap
from planlib.bagikan import bagikan, data, page
from planlib.formatting import angka, rupiah
from planlib.viz import scales

from .conftest import real_workspace_with_usulan
from .support import unavailable

MB = 1_000_000
#: numbers the page's script must format exactly as planlib.formatting does (ties included)
NUMBERS = [
    0, 1, 2.5, 3.5, -2.5, 0.5, 1.5, 12.5, 0.25, 0.75, 1.05, 0.15, 999.5, 1000, 1234567, -1234567.891,
    12.345, 2.675, 999_999, 1_000_000, 1_049_999, 1_050_000, 1_250_000, 25_504_000, 612_833_000_000,
    999_950_000, 1_234_000_000, 1_999_999_999_999, 2.5e12, 7.25e13, 0.045, 100.05, 1e-7, -0.4,
    float("nan"), None,
]  # fmt: skip
JS = Path(page.__file__).with_name("assets") / "bagikan.js"


@pytest.fixture(scope="module")
def demo_copy(demo_ws, tmp_path_factory) -> Path:
    """A copy of the demo with two forum decisions recorded (exported files show them)."""
    from planlib.forum.keputusan import KeputusanStore

    root = tmp_path_factory.mktemp("bagikan") / "contoh"
    shutil.copytree(demo_ws, root)
    ws = open_workspace(root)
    ids = rekap.usulan_tahun(ws, 2026)["id_usulan"]
    store = KeputusanStore(root)
    store.record(ids.iloc[0], 2026, "ditolak", "Sudah dibangun tahun lalu", "Analis A")
    store.record(ids.iloc[1], 2026, "dialihkan", "Kewenangan provinsi", "Analis A", opd="Dinas Perhubungan")  # fmt: skip
    return root


@pytest.fixture(scope="module")
def demo_out(demo_copy, tmp_path_factory):
    return bagikan(demo_copy, 2026, tmp_path_factory.mktemp("out"))


def hss_with_usulan(shared: Path, folder: Path, label: str | None = None) -> Path:
    """The real HSS workspace with synthetic usulan (two years) and plan on its real kecamatan/desa."""
    return real_workspace_with_usulan(shared, folder, "63.06", label=label)


@pytest.fixture(scope="module")
def hss_ws(shared, tmp_path_factory) -> Path:
    """HSS with synthetic usulan, labelled as such on every page."""
    return hss_with_usulan(
        shared, tmp_path_factory.mktemp("hss"), "DATA CONTOH — sintetis (usulan) pada wilayah nyata"
    )


def payload_of(path: Path) -> dict:
    return data.from_html(path.read_text(encoding="utf-8"))


def assert_numbers_equal_rekap(ws, files: dict) -> None:
    """Per Dapil and year: per-kecamatan jumlah and anggaran, and the totals, equal rekap's."""
    assert None in files and len(files) == 1 + ws.kecamatan["dapil"].nunique()
    for dapil, path in files.items():
        p = payload_of(path)
        r = p["rows"]
        kec = [k["kode"] for k in p["map"]["kecamatan"]]
        assert set(kec) == set(data.scope_kecamatan(ws, dapil)["kode"])
        assert p["meta"]["tahun"] == ws.tahun
        for ti, t in enumerate(ws.tahun):
            df = rekap.saring(ws, rekap.Saring(tahun=t, dapil=dapil))
            mine = [i for i, y in enumerate(r["tahun"]) if y == ti]
            assert len(mine) == len(df) > 0, (dapil, t)
            total = sum(r["anggaran"][i] for i in mine if r["anggaran"][i] is not None)
            assert total == pytest.approx(rekap.ringkasan(df)["anggaran"], rel=1e-12)
            per = rekap.per_wilayah(df, ws.kecamatan["kode"]).reindex(kec)
            jumlah = [0] * len(kec)
            anggaran = [0.0] * len(kec)
            for i in mine:
                if r["kec"][i] >= 0:
                    jumlah[r["kec"][i]] += 1
                    anggaran[r["kec"][i]] += r["anggaran"][i] or 0.0
            assert jumlah == per["jumlah"].tolist(), (dapil, t)
            assert anggaran == pytest.approx(per["anggaran"].tolist(), rel=1e-12)
            # categories decode to rekap's own values, row by row
            for col, key in (("bidang", "bidang"), ("opd_tujuan", "opd"), ("status", "status"), ("isu", "isu")):  # fmt: skip
                names = p["filters"][key]
                got = sorted(names[r[key][i]] if r[key][i] >= 0 else "" for i in mine)
                assert got == sorted(df[col].astype(object).fillna("").astype(str).tolist())
            ids = data.decode_text(r["id"])
            assert sorted(ids[i] for i in mine) == sorted(df["id_usulan"].astype(str))


def test_numbers_in_each_file_equal_rekap_demo(demo_copy, demo_out):
    assert_numbers_equal_rekap(open_workspace(demo_copy), demo_out.files)


@pytest.mark.shared
def test_numbers_in_each_file_equal_rekap_hss(hss_ws, tmp_path):
    res = bagikan(hss_ws, 2026, tmp_path / "out")
    ws = open_workspace(hss_ws)
    assert_numbers_equal_rekap(ws, res.files)
    for path in res.files.values():
        assert path.stat().st_size < 3 * MB, path
        p = payload_of(path)
        assert len(p["map"]["desa"]) > 0 and any(d["drawn"] for d in p["map"]["desa"])
    # HSS has kecamatan outside any dapil in the public list: the kabupaten file draws and names them
    kab = payload_of(res.files[None])["map"]
    assert kab["no_dapil"] and set(kab["tanpa_dapil"]) == set(
        ws.kecamatan.loc[ws.kecamatan["dapil"].isna(), "nama"]
    )


def test_files_are_small_and_request_nothing(demo_out):
    names = {p.name for p in demo_out.files.values()}
    assert names == {
        "kabupaten.html",
        "dapil-1.html",
        "dapil-2.html",
        "dapil-3.html",
        "dapil-4.html",
    }
    for path in demo_out.files.values():
        assert path.stat().st_size < 3 * MB
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=|<link|<img|@import|url\(|<iframe""", text, re.I)
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text
        assert "DATA CONTOH — sintetis" in text
    index = demo_out.index.read_text(encoding="utf-8")
    for path in demo_out.files.values():
        assert f"href='{path.name}'" in index


def test_decision_in_force_suggestion_and_checksum(demo_copy, demo_out, tmp_path):
    from planlib.forum import align
    from planlib.forum.keputusan import KeputusanStore

    ws = open_workspace(demo_copy)
    kep = KeputusanStore(demo_copy).current(2026).set_index("id_usulan")
    saran = align.align(ws, 2026).set_index("id_usulan")
    p = payload_of(demo_out.files[None])
    r = p["rows"]
    ids, alasan = data.decode_text(r["id"]), data.decode_text(r["alasan"])
    alih, opd_saran = data.decode_text(r["opd_alih"]), data.decode_text(r["opd_saran"])
    y = p["meta"]["tahun"].index(2026)
    seen = 0
    for i, (uid, t) in enumerate(zip(ids, r["tahun"], strict=True)):
        if t != y:
            continue
        if uid in kep.index:
            seen += 1
            assert p["filters"]["keputusan"][r["keputusan"][i]].lower() == kep.loc[uid, "status"]
            assert alasan[i] == kep.loc[uid, "alasan"]
            o = kep.loc[uid, "opd"]
            assert alih[i] == (o if isinstance(o, str) else "")
        else:
            assert r["keputusan"][i] == -1 and alasan[i] == ""
        assert opd_saran[i] == saran.loc[uid, "opd_saran"]
        assert r["selaras"][i] == int(bool(saran.loc[uid, "selaras"]))
    assert seen == 2
    # the checksum follows the inputs: a new decision changes it, an unchanged re-export does not
    again = bagikan(demo_copy, 2026, tmp_path / "a", dapil="1")
    c1 = payload_of(again.files["Dapil 1"])["meta"]["checksum"]
    assert c1 == p["meta"]["checksum"]
    KeputusanStore(demo_copy).record(ids[5], 2026, "ditunda", "Menunggu survei", "Analis B")
    c2 = payload_of(bagikan(demo_copy, 2026, tmp_path / "b", dapil="1").files["Dapil 1"])["meta"]["checksum"]  # fmt: skip
    assert c2 != c1 and len(c2) == 64


def test_export_creates_no_decision_database(demo_ws, tmp_path):
    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns("keputusan.sqlite*"))
    res = bagikan(root, 2025, tmp_path / "out", dapil="Dapil 3")
    assert list(res.files) == ["Dapil 3"] and not (root / "keputusan.sqlite").exists()
    p = payload_of(res.files["Dapil 3"])
    assert p["meta"]["tahun_awal"] == 2025 and p["meta"]["ada_keputusan"] is False


def test_context_keeps_ipm_series_apart(demo_out):
    ctx = payload_of(demo_out.files["Dapil 2"])["context"]
    ipm = [row for row in ctx["rows"] if row["indikator"] == "ipm"]
    assert [row["seri"] for row in ipm] == ["seri revisi 2024", "seri lama"]
    assert ipm[0]["target"] and not ipm[1]["target"]  # the target is in the revised series
    assert {row["indikator"] for row in ctx["rows"]} == {"ipm", "p0", "tpt"}
    assert [a["kode"] for a in ctx["areas"]] == ["99.01", "99", "00"]
    assert ctx["sumber"].startswith("Sumber: ")
    assert "trends" not in ctx  # the charts are drawn into the page, not shipped as data
    text = demo_out.files["Dapil 2"].read_text(encoding="utf-8")
    assert [m for m in re.findall(r"data-indikator='(\w+)'", text)] == ["ipm", "p0", "tpt"]


def test_trends_never_join_the_ipm_series(demo_copy):
    from planlib.bagikan.context import trends

    ws = open_workspace(demo_copy)
    ipm = next(t for t in trends(ws) if t["indikator"] == "ipm")
    kab = [line for line in ipm["lines"] if line["area"] == 0]
    assert sorted(line["lama"] for line in kab) == [False, True]
    rows = ws.indikator[(ws.indikator["indikator"] == "ipm") & (ws.indikator["kode_wilayah"] == ws.wilayah.kabupaten)]  # fmt: skip
    for line in kab:
        seri = "lama" if line["lama"] else "revisi_2024"
        want = rows[rows["seri"] == seri].sort_values("tahun")
        assert line["points"] == [[int(y), float(v)] for y, v in zip(want["tahun"], want["nilai"], strict=True)]  # fmt: skip
    tgt = ws.target_rpjmd[ws.target_rpjmd["indikator"] == "ipm"].sort_values("tahun")
    assert ipm["target"] == [[int(y), float(v)] for y, v in zip(tgt["tahun"], tgt["target"], strict=True)]  # fmt: skip


def test_trends_keep_a_line_without_series_beside_a_named_one():
    """An area with IPM rows with and without a series: both lines are drawn.

    Under pandas 3, ``Series.map`` returning str / None gives a str column
    where None becomes NaN, and the line without a series fell out.
    """
    from types import SimpleNamespace

    import pandas as pd

    from planlib.bagikan.context import trends

    ind = pd.DataFrame({
        "kode_wilayah": ["00", "00", "00"], "indikator": "ipm", "tahun": [2023, 2024, 2024],
        "periode": None, "nilai": [74.0, 75.0, 74.5], "seri": ["lama", "revisi_2024", None],
        "sumber": "BPS (uji)",
    })  # fmt: skip
    kode = pd.DataFrame({"kode": ["99"], "nama": ["Provinsi Uji"]})
    ws = SimpleNamespace(indikator=ind, target_rpjmd=None, config=SimpleNamespace(nama="Uji"),
                         wilayah=SimpleNamespace(kabupaten="99.01", kode=kode))  # fmt: skip
    (ipm,) = trends(ws)  # type: ignore[arg-type]
    assert [(line["area"], line["seri"], line["points"]) for line in ipm["lines"]] == [
        (2, "seri lama", [[2023, 74.0]]), (2, "seri revisi 2024", [[2024, 75.0]]), (2, None, [[2024, 74.5]]),
    ]  # fmt: skip


def test_cli(demo_copy, tmp_path):
    from planlib.cli import app

    run = CliRunner().invoke(app, ["bagikan", str(demo_copy), "--tahun", "2026", "--out", str(tmp_path), "--dapil", "2"])  # fmt: skip
    assert run.exit_code == 0, run.output
    assert (tmp_path / "dapil-2.html").exists() and (tmp_path / "index.html").exists()
    assert "Dapil 2: dapil-2.html" in run.output
    bad = CliRunner().invoke(app, ["bagikan", str(demo_copy), "--tahun", "2026", "--out", str(tmp_path), "--dapil", "9"])  # fmt: skip
    assert bad.exit_code == 2 and "Dapil '9' tidak ada" in bad.output
    year = CliRunner().invoke(app, ["bagikan", str(demo_copy), "--tahun", "2031", "--out", str(tmp_path)])  # fmt: skip
    assert year.exit_code == 2 and "Tidak ada usulan tahun 2031" in year.output


# --------------------------------------------------------------------------- the script's formats


def js_cases() -> dict:
    """What the page's script must produce: planlib.formatting and planlib.viz.scales.colours."""
    fracs = [1e-9, 0.01, 0.1, 0.125, 0.2, 1 / 3, 0.37, 0.5, 0.6, 0.625, 0.8, 0.875, 0.9999, 1.0]
    values = [0, 3, 17, 40, 41.5, 99.99, 100, 250]
    return {
        "numbers": [None if isinstance(x, float) and math.isnan(x) else x for x in NUMBERS],
        "angka0": [angka(x) for x in NUMBERS],
        "angka1": [angka(x, 1) for x in NUMBERS],
        "angka2": [angka(x, 2) for x in NUMBERS],
        "rupiah1": [rupiah(x) for x in NUMBERS],
        "rupiah0": [rupiah(x, 0) for x in NUMBERS],
        "fracs": fracs,
        "sample": [scales.colours(__import__("pandas").Series([f]), 1.0).iloc[0] for f in fracs],
        "values": values,
        "colours": scales.colours(__import__("pandas").Series(values), 250).tolist(),
    }


JS_CHECK = """
const out = {angka0: [], angka1: [], angka2: [], rupiah1: [], rupiah0: []};
for (const x of C.numbers) {
  const v = x === null ? NaN : x;
  out.angka0.push(B.angka(v)); out.angka1.push(B.angka(v, 1)); out.angka2.push(B.angka(v, 2));
  out.rupiah1.push(B.rupiah(v)); out.rupiah0.push(B.rupiah(v, 0));
}
out.sample = C.fracs.map(f => B.colours([f], 1.0, SCALE, "#eeeeee")[0]);
out.colours = B.colours(C.values, 250, SCALE, "#eeeeee");
"""


def compare_js(result: dict, cases: dict) -> None:
    for key in ("angka0", "angka1", "angka2", "rupiah1", "rupiah0", "sample", "colours"):
        mismatch = [
            (n, want, got)
            for n, want, got in zip(
                cases.get("numbers", cases["fracs"])
                if key != "sample" and key != "colours"
                else (cases["fracs"] if key == "sample" else cases["values"]),
                cases[key],
                result[key],
                strict=True,
            )  # fmt: skip
            if want != got
        ]
        assert not mismatch, (key, mismatch)


def scale_json() -> str:
    return json.dumps(scales.colorscale_rgb())


def test_script_formats_numbers_and_colours_as_python():
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed (the browser test checks the same in Chromium)")
    cases = js_cases()
    script = (
        f"const B = require({json.dumps(str(JS))});\nconst C = {json.dumps(cases)};\n"
        f"const SCALE = {scale_json()};\n{JS_CHECK}\nconsole.log(JSON.stringify(out));"
    )
    res = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    compare_js(json.loads(res.stdout), cases)


def test_workspace_without_dapil_desa_and_plan(demo_ws, tmp_path):
    """Only the kabupaten file; no desa level; no suggestion, and the page says why not."""
    root = tmp_path / "contoh"
    shutil.copytree(
        demo_ws, root, ignore=shutil.ignore_patterns("keputusan.sqlite*", ".planlib-cache")
    )
    toml = (root / "planlib.toml").read_text(encoding="utf-8")
    for line in ('desa = "wilayah/desa.geojson"\n', 'dapil = "dapil.csv"\n'):
        assert line in toml
        toml = toml.replace(line, "")
    toml = toml[: toml.index("[perencanaan]")] + toml[toml.index("[demo]") :]
    (root / "planlib.toml").write_text(toml, encoding="utf-8")
    res = bagikan(root, 2026, tmp_path / "out")
    assert list(res.files) == [None]
    p = payload_of(res.files[None])
    assert p["map"]["desa"] == [] and p["filters"]["dapil"] == []
    assert p["map"]["dapil_outline"] == [] and p["map"]["no_dapil"]  # every kecamatan lacks a dapil
    ws = open_workspace(root)
    assert p["n"] == sum(len(rekap.saring(ws, rekap.Saring(tahun=t))) for t in ws.tahun)
    # without a plan no usulan is selaras (the matcher has only its kamus)
    assert set(p["rows"]["selaras"]) <= {0, -1}


#: Markup typed into an usulan (or any other text of the workspace): it must stay text.
HOSTILE = (" <!--<script> </script> <!-- & ' \" \u2028 \u2029 "
           "<img src=x onerror=\"document.body.dataset.xss='1'\">")  # fmt: skip
#: Payload keys whose strings are codes, paths, colours or enums rather than typed text.
STRUCTURE = {"kode", "d", "colors", "colorscale", "checksum", "lebih_baik"}


def hostile(payload: dict) -> dict:
    """``payload`` with :data:`HOSTILE` after every text in it (and every Dapil name, keys too)."""

    def walk(x, key=None):
        if key in STRUCTURE:
            return x
        if isinstance(x, str):
            return x + HOSTILE
        if isinstance(x, list):
            return [walk(i, key) for i in x]
        if isinstance(x, dict):
            return {(k + HOSTILE if key == "dapil_box" else k): walk(v, k) for k, v in x.items()}
        return x

    return walk(payload)


def hostile_pages(ws) -> dict[str | None, str]:
    """The kabupaten's page and the first Dapil's, with :data:`HOSTILE` in every text."""
    shared = data.inputs(ws)
    first = sorted(ws.kecamatan["dapil"].dropna().unique(), key=rekap.natural_key)[0]
    return {d: page.render(hostile(data.payload(ws, shared, d, 2026))) for d in (None, first)}


def test_no_text_can_end_or_bend_the_data_island(demo_copy):
    """``<!--<script>`` in an usulan once kept the page's script from running: no markup
    character is left inside the JSON island, and the page's own script follows it."""
    ws = open_workspace(demo_copy)
    for dapil, html_text in hostile_pages(ws).items():
        open_tag = '<script type="application/json" id="bg-data">'
        start = html_text.index(open_tag) + len(open_tag)
        end = html_text.index("</script>", start)
        island = html_text[start:end]
        assert not set(island) & set("<>&\u2028\u2029"), dapil
        assert html_text[end:].startswith("</script><script>")  # bagikan.js, as the parser sees it
        assert "<img" not in html_text and "<!--" not in html_text  # escaped everywhere else too
        p = data.from_html(html_text)
        assert HOSTILE in p["meta"]["judul"] and any(HOSTILE in t for t in data.decode_text(p["rows"]["usulan"]))  # fmt: skip


def test_every_json_island_is_written_by_one_function():
    """Every ``<script type="application/json">`` a module fills in is filled by ``json_island``."""
    root = Path(page.__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "embed.py":
            continue
        for m in re.finditer(r"application/json", text):
            line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end())]
            if "<script" in line and "{" in line:  # an f-string writing one
                assert "json_island(" in line, f"{path}: {line.strip()}"
