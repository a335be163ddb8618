"""Shared views opened from ``file://`` in Chromium with every network request blocked.

For each file: not one request besides the file itself, no page error, the
polygons drawn; a change of each filter updates map, cards and table with
the numbers planlib's own summaries give for that filter (``rekap.saring``,
``per_wilayah``, ``ringkasan``); text search narrows the table; screenshots
at 390×844 and 1280×720.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from planlib import open_workspace, rekap
from planlib.bagikan import bagikan, data
from planlib.formatting import angka, rupiah
from planlib.viz import scales

from ..test_bagikan import (  # noqa: F401
    HOSTILE,
    JS,
    JS_CHECK,
    compare_js,
    hostile_pages,
    hss_ws,
    js_cases,
    scale_json,
)

pytestmark = pytest.mark.browser

SIZES = ((390, 844), (1280, 720))
#: visible text smaller than 12 px (HTML) or 11 px on screen (SVG labels), as "tag size text"
FONT_SIZES = """() => {
  const out = [];
  const visible = e => e.checkVisibility() && e.getClientRects().length;
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg') || !visible(e)) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const px = parseFloat(getComputedStyle(e).fontSize);
    if (own && px < 12) out.push(e.tagName + ' ' + px + ' ' + e.textContent.slice(0, 30));
  }
  for (const t of document.querySelectorAll('svg text')) {
    if (!visible(t) || getComputedStyle(t).display === 'none') continue;
    const svg = t.ownerSVGElement, r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
    const k = Math.min(r.width / vb.width, r.height / vb.height);
    const px = parseFloat(t.getAttribute('font-size')) * k;
    if (px < 10.95) out.push('svg ' + px.toFixed(1) + ' ' + t.textContent.slice(0, 30));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium: a second sync Playwright cannot start while another runs."""
    return browser


class FilePage:
    """One file opened from file://; every request other than the file itself is blocked and recorded."""

    def __init__(self, browser, path, width, height):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.ctx = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")  # fmt: skip
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("websocket", lambda ws: self.requests.append(ws.url))
        self.page.goto(self.url)
        self.page.wait_for_function("document.body.getAttribute('data-ready') === '1'")

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def outside(self) -> list[str]:
        return [u for u in self.requests if u != self.url]

    def change(self, action) -> None:
        before = int(self.page.evaluate("document.body.getAttribute('data-refreshed')"))
        action()
        self.page.wait_for_function(
            "n => +document.body.getAttribute('data-refreshed') > n", arg=before
        )

    def state(self) -> dict:
        return self.page.evaluate(
            """() => ({
              paths: [...document.querySelectorAll(
                document.getElementById('bg-desa').style.display === 'none' ? '#bg-kec path[data-i]' : '#bg-desa path[data-i]')]
                .map(p => ({kode: p.dataset.kode, fill: p.getAttribute('fill'), jumlah: +p.dataset.jumlah,
                            anggaran: +p.dataset.anggaran, isu: +p.dataset.isu, visible: p.getBBox().width > 0})),
              jumlah: document.querySelector('#bg-c-jumlah .bg-card-v').textContent,
              anggaran: document.querySelector('#bg-c-anggaran .bg-card-v').textContent,
              isu: document.querySelector('#bg-c-isu .bg-card-v').textContent,
              isuKey: document.querySelector('#bg-c-isu .bg-card-k').textContent,
              n: +document.getElementById('bg-table').dataset.n,
              rows: document.querySelectorAll('#bg-tbody tr[data-id]').length,
              ids: [...document.querySelectorAll('#bg-tbody tr[data-id]')].map(t => t.dataset.id),
              title: document.getElementById('bg-peta-judul').textContent,
            })"""
        )

    def close(self):
        self.ctx.close()


def expected(ws, scope_dapil, f: dict, level: str = "kecamatan") -> dict:
    """What planlib's own summaries say for one state of the page's filters."""
    s = rekap.Saring(
        tahun=f["tahun"], dapil=scope_dapil or f.get("dapil"), bidang=f.get("bidang"),
        opd=f.get("opd"), status=f.get("status"), isu=f.get("isu"),
    )  # fmt: skip
    df_map = rekap.saring(ws, s)  # the map never applies the kecamatan filter
    full_isu = df_map
    if s.isu:
        df_map = df_map[(df_map["isu"] == s.isu).to_numpy()]
    q = (f.get("q") or "").strip().lower()
    if q:
        kec = ws.kecamatan.set_index("kode")["nama"]
        desa = df_map["nama_desa"].where(df_map["nama_desa"].notna(), df_map["desa_asli"])
        hay = (
            df_map["usulan"].fillna("") + "\n" + df_map["masalah"].fillna("") + "\n" + desa.fillna("")
            + "\n" + df_map["kode_kecamatan"].astype(object).map(kec).fillna("") + "\n"
            + df_map["id_usulan"].astype(str)
        ).str.lower()  # fmt: skip
        df_map = df_map[hay.str.contains(q, regex=False).to_numpy()]
    rows = df_map if not f.get("kec") else df_map[(df_map["kode_kecamatan"] == f["kec"]).to_numpy()]
    return {"map": df_map, "rows": rows, "full_isu": full_isu, "ringkasan": rekap.ringkasan(rows)}


def check(fp: FilePage, ws, scope_dapil, f: dict, level: str = "kecamatan") -> dict:
    got = fp.state()
    e = expected(ws, scope_dapil, f, level)
    r = e["ringkasan"]
    assert got["jumlah"] == angka(r["jumlah"]), (f, got["jumlah"], r["jumlah"])
    assert got["anggaran"] == rupiah(r["anggaran"]), (f, got["anggaran"])
    if r["jumlah"]:
        counts = e["rows"]["isu"].astype(object).value_counts()
        assert got["isu"] in set(counts[counts == counts.max()].index)
        assert got["isuKey"].endswith(f"({angka(counts.max())})")
    assert got["n"] == r["jumlah"] and got["rows"] == min(100, r["jumlah"])
    assert set(got["ids"]) <= set(e["rows"]["id_usulan"].astype(str))
    kode = [p["kode"] for p in got["paths"]]
    assert kode and all(p["visible"] for p in got["paths"])
    per = rekap.per_wilayah(e["map"], pd.Series(kode), level)
    assert [p["jumlah"] for p in got["paths"]] == per["jumlah"].tolist(), f
    assert [p["anggaran"] for p in got["paths"]] == pytest.approx(per["anggaran"].tolist())
    col = "jumlah"
    if f.get("ukuran") == "isu" and f.get("isu"):
        col = "isu"
        share = rekap.per_wilayah(e["full_isu"], pd.Series(kode), level, f["isu"])["isu"]
        assert [p["isu"] for p in got["paths"]] == pytest.approx(share.tolist())
        values = share
    elif f.get("ukuran") == "anggaran":
        col, values = "anggaran", per["anggaran"]
    else:
        values = per["jumlah"]
    fill = scales.colours(
        values.reset_index(drop=True), float(values.max()) if len(values) else 0.0
    )
    assert [p["fill"] for p in got["paths"]] == fill.tolist(), (f, col)
    return got


def first_with_rows(ws, scope_dapil, f, field, choices):
    """A value of ``field`` that leaves some usulan but not all (so the change is visible)."""
    base = expected(ws, scope_dapil, f)["ringkasan"]["jumlah"]
    for c in choices:
        n = expected(ws, scope_dapil, {**f, field: c})["ringkasan"]["jumlah"]
        if 0 < n < base:
            return c
    raise AssertionError(f"no {field} narrows the view")


def walk_filters(fp: FilePage, ws, scope_dapil, tahun: int) -> None:
    """Change each filter in turn; after each change the page agrees with rekap."""
    page = fp.page
    if not page.evaluate("document.getElementById('bg-saring').open"):
        page.click("#bg-saring summary")  # on a phone the filters are folded under "Saring"
    f: dict = {"tahun": tahun}
    check(fp, ws, scope_dapil, f)
    other = [t for t in ws.tahun if t != tahun][-1]
    fp.change(lambda: page.select_option("#bg-f-tahun", label=str(other)))
    f["tahun"] = other
    assert f"RKPD {other}" in check(fp, ws, scope_dapil, f)["title"]
    fp.change(lambda: page.select_option("#bg-f-tahun", label=str(tahun)))
    f["tahun"] = tahun
    if scope_dapil is None:
        d = first_with_rows(ws, None, f, "dapil", rekap.pilihan(ws, tahun)["dapil"])
        fp.change(lambda: page.select_option("#bg-f-dapil", label=d))
        f["dapil"] = d
        assert check(fp, ws, None, f)["title"].endswith(d)
    kec = data.scope_kecamatan(ws, scope_dapil or f.get("dapil"))
    k = kec.sort_values("nama").iloc[0]
    fp.change(lambda: page.select_option("#bg-f-kec", label=k["nama"]))
    f["kec"] = k["kode"]
    check(fp, ws, scope_dapil, f)
    sel = page.evaluate("[...document.querySelectorAll('#bg-kec path.bg-pilih')].map(p => p.dataset.kode)")  # fmt: skip
    assert sel == [k["kode"]]
    sub = expected(ws, scope_dapil, f)["rows"]
    for field, sel_id, col in (("bidang", "#bg-f-bidang", "bidang"), ("opd", "#bg-f-opd", "opd_tujuan"),
                               ("status", "#bg-f-status", "status"), ("isu", "#bg-f-isu", "isu")):  # fmt: skip
        v = first_with_rows(
            ws, scope_dapil, f, field, sorted(sub[col].dropna().astype(str).unique())
        )
        fp.change(lambda sel_id=sel_id, v=v: page.select_option(sel_id, label=v))
        f[field] = v
        check(fp, ws, scope_dapil, f)
        if field == "isu":
            fp.change(lambda: page.select_option("#bg-f-ukuran", value="isu"))
            f["ukuran"] = "isu"
            check(fp, ws, scope_dapil, f)
        if field != "isu":  # keep the view wide enough for the next filter
            fp.change(lambda sel_id=sel_id: page.select_option(sel_id, value="-1"))
            f.pop(field)
        sub = expected(ws, scope_dapil, f)["rows"]
    fp.change(lambda: page.click("#bg-reset"))
    f = {"tahun": tahun}
    fp.change(lambda: page.select_option("#bg-f-ukuran", value="anggaran"))
    f["ukuran"] = "anggaran"
    check(fp, ws, scope_dapil, f)
    # text search narrows the table (and what the map and cards count)
    words = expected(ws, scope_dapil, f)["rows"]["usulan"].str.split().explode().str.lower()
    counts = words[words.str.len() > 4].value_counts()
    word = counts.index[len(counts) // 3]
    fp.change(lambda: page.fill("#bg-f-q", word))
    f["q"] = word
    got = check(fp, ws, scope_dapil, f)
    assert 0 < got["n"] < expected(ws, scope_dapil, {"tahun": tahun})["ringkasan"]["jumlah"]
    # sorting by Anggaran puts the largest first
    if page.evaluate("getComputedStyle(document.getElementById('bg-thead')).display") != "none":
        page.click("#bg-thead th[data-k=anggaran]")
        page.click("#bg-thead th[data-k=anggaran]")
    else:
        page.select_option("#bg-sort", value="anggaran")
    first = page.evaluate("document.querySelector('#bg-tbody tr[data-id]').dataset.id")
    rows = expected(ws, scope_dapil, f)["rows"]
    assert rows.loc[rows["anggaran"].idxmax(), "id_usulan"] == first


def open_and_check(chromium, ws, res, screenshots, name: str, tahun: int, full: bool) -> None:
    for dapil, path in res.files.items():
        for w, h in SIZES:
            fp = FilePage(chromium, path, w, h)
            try:
                n_drawn = sum(1 for k in data.from_html(path.read_text("utf-8"))["map"]["kecamatan"] if k["drawn"])  # fmt: skip
                assert fp.page.locator("#bg-kec path[data-i]").count() == n_drawn > 0
                # every file's filters on the phone; on the desktop too for the whole kabupaten
                # (full), whose file holds every Dapil's rows
                if (w, h) == SIZES[0] or (full and dapil is None):
                    walk_filters(fp, ws, dapil, tahun)
                    fp.change(lambda fp=fp: fp.page.click("#bg-reset"))
                    fp.change(lambda fp=fp: fp.page.select_option("#bg-f-ukuran", value="jumlah"))
                # tapping an area shows its numbers under the map
                area = fp.page.locator("#bg-kec path[data-i]").last
                kode, jumlah = area.get_attribute("data-kode"), area.get_attribute("data-jumlah")
                area.dispatch_event("click")
                nama = ws.kecamatan.set_index("kode").loc[kode, "nama"]
                text = fp.page.locator("#bg-info").inner_text()
                assert text.startswith(nama) and f"{angka(int(jumlah))} usulan" in text, text
                fp.page.evaluate("window.scrollTo(0, 0)")
                fp.page.screenshot(
                    path=str(screenshots / f"bagikan-{name}-{path.stem}-{w}x{h}.png")
                )
                if fp.page.locator("[data-level=desa]").is_visible():
                    fp.change(lambda fp=fp: fp.page.click("[data-level=desa]"))
                    check(fp, ws, dapil, {"tahun": tahun}, level="desa")
                    fp.page.screenshot(path=str(screenshots / f"bagikan-{name}-{path.stem}-desa-{w}x{h}.png"))  # fmt: skip
                assert fp.outside() == [], fp.outside()
                assert fp.errors == []
                # a phone reads without zooming: nothing wider than the screen, text of 12 px or
                # more (11 px for the labels drawn inside the map and the charts)
                wide = fp.page.evaluate("document.documentElement.scrollWidth")
                assert wide <= w, (path.name, w, wide)
                small = fp.page.evaluate(FONT_SIZES)
                assert small == [], (path.name, w, small[:5])
            finally:
                fp.close()


def test_demo_files_offline_filters_agree_with_rekap(chromium, demo_ws, tmp_path, screenshots):
    res = bagikan(demo_ws, 2026, tmp_path / "out")
    open_and_check(chromium, open_workspace(demo_ws), res, screenshots, "demo", 2026, full=True)


def test_context_target_follows_tahun_and_gap_uses_same_year(chromium, demo_ws, tmp_path):
    ws = open_workspace(demo_ws)
    res = bagikan(ws, 2026, tmp_path / "out", dapil="1")
    fp = FilePage(chromium, res.files["Dapil 1"], 1280, 720)
    try:
        ipm = ws.indikator[(ws.indikator["indikator"] == "ipm") & (ws.indikator["kode_wilayah"] == ws.wilayah.kabupaten)]  # fmt: skip
        ipm = ipm[ipm["seri"] == "revisi_2024"].sort_values("tahun").iloc[-1]
        tgt = ws.target_rpjmd[(ws.target_rpjmd["indikator"] == "ipm")].set_index("tahun")["target"]
        for tahun in (2026, 2025):
            fp.change(lambda t=tahun: fp.page.select_option("#bg-f-tahun", label=str(t)))
            row = fp.page.locator("#bg-konteks tbody tr").first.inner_text()
            assert f"{angka(ipm['nilai'], 2)} ({int(ipm['tahun'])})" in row
            assert angka(tgt[tahun], 2) in row  # the target of the chosen year
            gap = (
                ipm["nilai"] - tgt[int(ipm["tahun"])]
            )  # the gap: latest value vs that year's target
            sign = "+" if gap >= 0 else "\u2212"
            assert f"capaian {int(ipm['tahun'])} terhadap target {int(ipm['tahun'])}: {sign}{angka(abs(gap), 2)}" in row  # fmt: skip
            assert "Target RPJMD " + str(tahun) in fp.page.locator("#bg-konteks thead").inner_text()
        assert fp.outside() == [] and fp.errors == []
    finally:
        fp.close()


@pytest.mark.shared
def test_hss_files_offline_filters_agree_with_rekap(chromium, hss_ws, tmp_path, screenshots):  # noqa: F811
    res = bagikan(hss_ws, 2026, tmp_path / "out")
    open_and_check(chromium, open_workspace(hss_ws), res, screenshots, "hss", 2026, full=False)


def test_script_in_chromium_formats_as_python(chromium):
    cases = js_cases()
    page = chromium.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=JS.read_text(encoding="utf-8"))
        res = page.evaluate(
            f"() => {{ const B = window.planlibBagikan; const C = {json.dumps(cases)}; "
            f"const SCALE = {scale_json()}; {JS_CHECK} return out; }}"
        )
    finally:
        page.close()
    compare_js(res, cases)


def test_file_without_dapil_and_desa_opens(chromium, demo_ws, tmp_path):
    import shutil

    root = tmp_path / "contoh"
    shutil.copytree(
        demo_ws, root, ignore=shutil.ignore_patterns("keputusan.sqlite*", ".planlib-cache")
    )
    toml = (root / "planlib.toml").read_text(encoding="utf-8")
    toml = toml.replace('desa = "wilayah/desa.geojson"\n', "").replace('dapil = "dapil.csv"\n', "")
    (root / "planlib.toml").write_text(toml, encoding="utf-8")
    ws = open_workspace(root)
    res = bagikan(ws, 2026, tmp_path / "out")
    fp = FilePage(chromium, res.files[None], 390, 844)
    try:
        assert not fp.page.locator("[data-level=desa]").is_visible()
        assert not fp.page.locator("#bg-w-dapil").is_visible()
        check(fp, ws, None, {"tahun": 2026})
        note = fp.page.locator("#bg-catatan").inner_text()
        assert note.startswith("Belum masuk dapil (garis merah putus-putus): ")
        assert fp.page.locator(".bg-nodapil").count() == len(ws.kecamatan)
        assert fp.outside() == [] and fp.errors == []
    finally:
        fp.close()


def test_decision_in_force_shows_in_the_table(chromium, demo_ws, tmp_path):
    import shutil

    from planlib.forum.keputusan import KeputusanStore

    root = tmp_path / "contoh"
    shutil.copytree(demo_ws, root, ignore=shutil.ignore_patterns("keputusan.sqlite*"))
    ws = open_workspace(root)
    row = rekap.saring(ws, rekap.Saring(tahun=2026, dapil="Dapil 2")).iloc[3]
    store = KeputusanStore(root)
    store.record(row["id_usulan"], 2026, "diterima", "Prioritas kecamatan", "Analis A")
    store.record(row["id_usulan"], 2026, "dialihkan", "Kewenangan OPD lain", "Analis B", opd="Dinas Sosial")  # fmt: skip
    res = bagikan(root, 2026, tmp_path / "out", dapil="2")
    fp = FilePage(chromium, res.files["Dapil 2"], 1280, 720)
    try:
        fp.change(lambda: fp.page.fill("#bg-f-q", str(row["id_usulan"]).lower()))
        assert fp.state()["ids"] == [str(row["id_usulan"])]
        cell = fp.page.locator("#bg-tbody td[data-k=keputusan]").inner_text()
        assert cell.splitlines() == [
            "Dialihkan ke Dinas Sosial",
            "Kewenangan OPD lain",
        ]  # the one in force
        assert "sudah diputus forum" in fp.page.locator("#bg-c-keputusan").inner_text()
        assert fp.outside() == [] and fp.errors == []
    finally:
        fp.close()


def test_markup_typed_into_any_text_stays_text(chromium, demo_ws, tmp_path, screenshots):
    """``<!--<script>``, ``</script>``, ``<!--`` and an ``<img onerror>`` in every text of the
    kabupaten's and a Dapil's file: the script runs, the table and the filters are there, and
    the markup shows as the text it is."""
    for dapil, html_text in hostile_pages(open_workspace(demo_ws)).items():
        path = tmp_path / f"hostile-{dapil or 'kabupaten'}.html"
        path.write_text(html_text, encoding="utf-8")
        fp = FilePage(chromium, path, 390, 844)  # waits for the script to have run
        try:
            page = fp.page
            assert page.locator("#bg-tbody tr[data-id]").count() > 0
            assert page.locator("#bg-f-bidang option").count() > 1
            assert page.locator("#bg-f-opd option").count() > 1
            assert "<!--<script>" in page.locator("#bg-tbody").inner_text()
            assert "<!--<script>" in page.locator("h1").inner_text()
            assert "<!--<script>" in page.locator("#bg-pokir-daftar").inner_text()  # pokir DPRD
            page.click("#bg-saring summary")  # the filters, folded on a phone
            fp.change(lambda fp=fp: fp.page.fill("#bg-f-q", "<!--<script>"))
            assert fp.state()["rows"] > 0  # the text is searchable as typed
            assert page.evaluate("document.querySelectorAll('img, body script').length") == 2
            assert page.evaluate("document.body.dataset.xss") is None
            page.screenshot(path=str(screenshots / f"bagikan-hostile-{path.stem}-390x844.png"))
            assert fp.outside() == [] and fp.errors == []
        finally:
            fp.close()


def test_pokir_of_a_member_on_a_phone(chromium, demo_ws, tmp_path, screenshots):
    """A DPRD member opens their Dapil's file from file:// on a phone, picks themself and sees
    their pokir, the one that repeats an Musrenbang usulan marked with that usulan's ID."""
    from planlib.forum.pokir import pokir_anggota

    from .conftest import axe_violations

    ws = open_workspace(demo_ws)
    res = bagikan(ws, 2026, tmp_path / "out", dapil="2")
    want = pokir_anggota(ws, 2026, "Dapil 2")
    member = want.loc[want["id_usulan_ganda"] != "", "pengusul"].iloc[0]
    mine = want[want["pengusul"] == member]
    fp = FilePage(chromium, res.files["Dapil 2"], 390, 844)
    try:
        page = fp.page
        assert page.locator("#bg-c-pokir .bg-card-v").inner_text() == angka(len(want))
        ganda_all = int((want["id_usulan_ganda"] != "").sum())
        assert page.locator("#bg-c-pokir-ganda .bg-card-v").inner_text() == angka(ganda_all)
        value = page.evaluate(
            "n => [...document.querySelectorAll('#bg-f-anggota option')].find(o => o.textContent.startsWith(n)).value",
            member,
        )  # fmt: skip
        fp.change(lambda: page.select_option("#bg-f-anggota", value=value))
        items = page.locator("#bg-pokir-daftar li[data-id]")
        assert sorted(items.evaluate_all("l => l.map(e => e.dataset.id)")) == sorted(mine["id_pokir"].astype(str))  # fmt: skip
        assert page.locator("#bg-pokir-daftar [data-anggota]").count() == 1
        row = mine[mine["id_usulan_ganda"] != ""].iloc[0]
        item = page.locator(f"#bg-pokir-daftar li[data-id='{row['id_pokir']}']")
        assert item.get_attribute("data-ganda") == "1"
        text = item.inner_text()
        first = row["id_usulan_ganda"].split(";")[0]
        assert f"Sama dengan usulan Musrenbang {first}" in text and row["usulan_ganda"] in text
        assert "Belum diputuskan forum" in text and f"Status SIPD: {row['status']}" in text
        assert rupiah(row["anggaran"]) in text
        others = items.evaluate_all("l => l.filter(e => e.dataset.ganda === '0').length")
        assert others == int((mine["id_usulan_ganda"] == "").sum())
        page.locator("#bg-kartu").screenshot(path=str(screenshots / "bagikan-pokir-kartu-390x844.png"))  # fmt: skip
        item.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "bagikan-pokir-dapil-2-390x844.png"))
        page.screenshot(path=str(screenshots / "bagikan-pokir-dapil-2-390x844-full.png"), full_page=True)  # fmt: skip
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate(FONT_SIZES) == []
        assert axe_violations(page) == []
        # another year: no pokir, the page says so
        page.click("#bg-saring summary")
        fp.change(lambda: page.select_option("#bg-f-tahun", label="2025"))
        assert "Tidak ada pokir DPRD RKPD 2025" in page.locator("#bg-pokir-ringkas").inner_text()
        assert fp.outside() == [] and fp.errors == []
    finally:
        fp.close()


def test_pokir_outside_the_dapil_is_marked(chromium, demo_ws, tmp_path, screenshots):
    from planlib.forum.pokir import pokir_anggota

    ws = open_workspace(demo_ws)
    want = pokir_anggota(ws, 2026)
    luar = want[want["di_luar_dapil"]].iloc[0]
    res = bagikan(ws, 2026, tmp_path / "out", dapil=luar["dapil_pengusul"])
    fp = FilePage(chromium, next(iter(res.files.values())), 1280, 720)
    try:
        item = fp.page.locator(f"#bg-pokir-daftar li[data-id='{luar['id_pokir']}']")
        assert item.get_attribute("data-luar") == "1"
        assert f"Di luar dapil anggota (lokasi di {luar['dapil']})" in item.inner_text()
        item.scroll_into_view_if_needed()
        fp.page.screenshot(path=str(screenshots / "bagikan-pokir-luar-1280x720.png"))
        assert fp.outside() == [] and fp.errors == []
    finally:
        fp.close()
