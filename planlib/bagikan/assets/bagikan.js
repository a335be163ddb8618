/* planlib bagikan: filters, map colours, cards and the usulan table of a shared view.
 *
 * Plain JavaScript, no library, no network: the page carries its data in
 * <script id="bg-data" type="application/json"> (see planlib/bagikan/data.py).
 * The number formats and the colour scale follow planlib.formatting and
 * plotly.colors.sample_colorscale exactly; tests/test_bagikan.py checks that
 * this file and Python agree on a set of numbers.
 */
"use strict";
(function () {
  // ------------------------------------------------------------------ formats
  var GROUP = ".", DECIMAL = ",";
  var SCALES = [[1e12, "triliun"], [1e9, "miliar"], [1e6, "juta"]];

  function missing(x) {
    return x === null || x === undefined || (typeof x === "number" && isNaN(x));
  }

  /* x.toFixed(d) with Python's rounding: an exact tie goes to the even digit. */
  function fixed(x, d) {
    var neg = x < 0 || Object.is(x, -0);
    var a = Math.abs(x);
    var s = a.toFixed(d);
    var ext = Math.min(100, d + 30);
    var long = a.toFixed(ext);
    var dot = long.indexOf(".");
    var frac = long.slice(dot + 1);
    var tail = frac.slice(d);
    if (tail.charAt(0) === "5" && /^0*$/.test(tail.slice(1))) {
      var kept = long.slice(0, dot) + (d > 0 ? "." + frac.slice(0, d) : "");
      var last = +kept.charAt(kept.length - 1);
      if (last % 2 === 0) s = kept;
    }
    return (neg ? "-" : "") + s;
  }

  /* planlib.formatting.angka: 1234567 -> "1.234.567"; 12.5 (digits 1) -> "12,5". */
  function angka(x, digits) {
    if (missing(x)) return "\u2013";
    var d = digits === undefined ? 0 : digits;
    var s = fixed(+x, d);
    var neg = s.charAt(0) === "-";
    if (neg) s = s.slice(1);
    var parts = s.split(".");
    var ip = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
    return (neg ? "-" : "") + ip + (parts.length > 1 ? DECIMAL + parts[1] : "");
  }

  /* planlib.formatting.rupiah: 1234000000 -> "Rp 1,2 miliar"; below a million "Rp 750.000". */
  function rupiah(x, digits) {
    if (missing(x)) return "\u2013";
    var d = digits === undefined ? 1 : digits;
    for (var i = 0; i < SCALES.length; i++) {
      if (Math.abs(x) >= SCALES[i][0]) return "Rp " + angka(x / SCALES[i][0], d) + " " + SCALES[i][1];
    }
    return "Rp " + angka(x);
  }

  // ------------------------------------------------------------------ colours
  function roundHalfEven(v) {
    var f = Math.floor(v), r = v - f;
    if (r > 0.5) return f + 1;
    if (r < 0.5) return f;
    return f % 2 === 0 ? f : f + 1;
  }

  function rgb(text) {
    var m = text.match(/[\d.]+/g);
    return [+m[0] / 255, +m[1] / 255, +m[2] / 255];
  }

  /* plotly.colors.sample_colorscale(scale, [p]) for one point p in [0, 1]. */
  function sample(scale, p) {
    var hi = 0;
    while (hi < scale.length && scale[hi][0] < p) hi++; // bisect_left
    var lo = hi - 1;
    var loEntry = scale[lo < 0 ? scale.length + lo : lo];
    var L = rgb(loEntry[1]), H = rgb(scale[hi][1]);
    var t = (p - loEntry[0]) / (scale[hi][0] - loEntry[0]);
    var out = [];
    for (var i = 0; i < 3; i++) out.push(roundHalfEven((L[i] + t * (H[i] - L[i])) * 255.0));
    return "rgb(" + out.join(", ") + ")";
  }

  /* planlib.viz.maps.colours: fill per area; no value or zero -> the empty colour. */
  function colours(values, vmax, scale, empty) {
    var top = vmax || 1.0;
    return values.map(function (v) {
      if (missing(v) || !(v > 0)) return empty;
      return sample(scale, Math.min(1, Math.max(0, v / top)));
    });
  }

  var api = { angka: angka, rupiah: rupiah, sample: sample, colours: colours, fixed: fixed };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window === "undefined" || typeof document === "undefined") return;
  window.planlibBagikan = api;

  // ------------------------------------------------------------------ data
  var node = document.getElementById("bg-data");
  if (!node) return;
  var D = JSON.parse(node.textContent);
  var R = D.rows, N = D.n;

  function texts(col) {
    if (col.s) return col.s;
    var out = new Array(col.c.length);
    for (var i = 0; i < col.c.length; i++) out[i] = col.v[col.c[i]];
    return out;
  }
  var T = {};
  ["id", "usulan", "masalah", "nama_desa", "alasan", "opd_alih", "opd_saran"].forEach(function (k) {
    T[k] = texts(R[k]);
  });
  var KEC = D.map.kecamatan, DESA = D.map.desa, F = D.filters, META = D.meta;
  var kecDapil = KEC.map(function (k) { return k.dapil; });
  var UKURAN = { jumlah: "Jumlah usulan", anggaran: "Total anggaran", isu: "Porsi isu terpilih" };

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // ------------------------------------------------------------------ state
  var state = {
    tahun: META.tahun.indexOf(META.tahun_awal), dapil: -1, kec: -1, bidang: -1, opd: -1,
    status: -1, isu: -1, q: "", level: "kecamatan", ukuran: "jumlah",
    sort: "ke", asc: true, shown: 100, pick: null
  };
  var hay = null;

  function haystack() {
    if (hay) return hay;
    hay = new Array(N);
    for (var i = 0; i < N; i++) {
      var k = R.kec[i];
      hay[i] = (T.usulan[i] + "\n" + T.masalah[i] + "\n" + T.nama_desa[i] + "\n" +
        (k >= 0 ? KEC[k].nama : "") + "\n" + T.id[i]).toLowerCase();
    }
    return hay;
  }

  /* Rows passing the filters; `skip` names filters not applied ("kec", "isu"). */
  function pass(skip) {
    var out = [];
    var q = state.q.trim().toLowerCase();
    var h = q ? haystack() : null;
    var dap = state.dapil >= 0 ? F.dapil[state.dapil] : null;
    for (var i = 0; i < N; i++) {
      if (R.tahun[i] !== state.tahun) continue;
      if (dap !== null && (R.kec[i] < 0 || kecDapil[R.kec[i]] !== dap)) continue;
      if (state.kec >= 0 && skip.indexOf("kec") < 0 && R.kec[i] !== state.kec) continue;
      if (state.bidang >= 0 && R.bidang[i] !== state.bidang) continue;
      if (state.opd >= 0 && R.opd[i] !== state.opd) continue;
      if (state.status >= 0 && R.status[i] !== state.status) continue;
      if (state.isu >= 0 && skip.indexOf("isu") < 0 && R.isu[i] !== state.isu) continue;
      if (h && h[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    return out;
  }

  // ------------------------------------------------------------------ map
  var levelAreas = function () { return state.level === "desa" ? DESA : KEC; };
  var levelCol = function () { return state.level === "desa" ? R.desa : R.kec; };

  /* Jumlah, anggaran, isu share and top isu per area (planlib.rekap.per_wilayah). */
  function perArea(rows, all) {
    var areas = levelAreas(), col = levelCol(), n = areas.length, nIsu = F.isu.length;
    var jumlah = new Array(n).fill(0), anggaran = new Array(n).fill(0);
    var isuCount = new Array(n * Math.max(nIsu, 1)).fill(0);
    rows.forEach(function (i) {
      var a = col[i];
      if (a < 0) return;
      jumlah[a] += 1;
      if (!missing(R.anggaran[i])) anggaran[a] += R.anggaran[i];
      if (R.isu[i] >= 0) isuCount[a * nIsu + R.isu[i]] += 1;
    });
    var teratas = [];
    for (var a = 0; a < n; a++) {
      var best = -1, bc = 0;
      for (var c = 0; c < nIsu; c++) if (isuCount[a * nIsu + c] > bc) { bc = isuCount[a * nIsu + c]; best = c; }
      teratas.push(best >= 0 ? F.isu[best] : null);
    }
    var share = new Array(n).fill(0);
    if (all) {
      var denom = new Array(n).fill(0);
      all.forEach(function (i) { if (col[i] >= 0) denom[col[i]] += 1; });
      for (var b = 0; b < n; b++) share[b] = denom[b] > 0 ? jumlah[b] / denom[b] * 100 : 0;
    }
    return { jumlah: jumlah, anggaran: anggaran, isu: share, teratas: teratas };
  }

  function fmtOf(col) {
    if (col === "anggaran") return function (x) { return rupiah(x, 0); };
    if (col === "isu") return function (x) { return angka(x) + "%"; };
    return function (x) { return angka(x); };
  }

  function drawMap(rowsMap) {
    var ukuran = state.ukuran, col = ukuran;
    if (ukuran === "isu" && state.isu < 0) col = "jumlah";
    var per = perArea(rowsMap, col === "isu" ? pass(["kec", "isu"]) : null);
    var areas = levelAreas();
    var drawnIdx = [];
    areas.forEach(function (a, i) { if (a.drawn) drawnIdx.push(i); });
    var vals = drawnIdx.map(function (i) { return per[col][i]; });
    var vmax = vals.length ? Math.max.apply(null, vals) : 0;
    var fill = colours(vals, vmax, D.colorscale, D.colors.empty);
    var g = $(state.level === "desa" ? "bg-desa" : "bg-kec");
    var paths = g.querySelectorAll("path[data-i]");
    var byIdx = {};
    drawnIdx.forEach(function (i, j) { byIdx[i] = fill[j]; });
    var isuName = state.isu >= 0 ? F.isu[state.isu] : null;
    for (var p = 0; p < paths.length; p++) {
      var el = paths[p], i = +el.getAttribute("data-i"), a = areas[i];
      el.setAttribute("fill", byIdx[i] || D.colors.empty);
      var kecOf = state.level === "desa" ? a.kec : i;
      var sel = state.kec >= 0 && kecOf === state.kec;
      el.setAttribute("stroke", sel ? D.colors.selected : D.colors.line);
      el.setAttribute("stroke-width", sel ? "3.5" : "0.8");
      el.classList.toggle("bg-pilih", sel);
      var lines = [a.nama, (state.level === "desa" ? kecDapil[a.kec] : a.dapil) || "belum masuk dapil",
        angka(per.jumlah[i]) + " usulan", rupiah(per.anggaran[i])];
      if (isuName) lines.push(isuName + ": " + angka(per.isu[i], 1) + "%");
      if (per.teratas[i]) lines.push("Isu teratas: " + per.teratas[i]);
      if (per.jumlah[i] === 0) lines.push("tidak ada usulan untuk pilihan ini");
      var tip = el.querySelector("title");
      if (!tip) { tip = document.createElementNS("http://www.w3.org/2000/svg", "title"); el.appendChild(tip); }
      tip.textContent = lines.join("\n");
      el.setAttribute("data-jumlah", per.jumlah[i]);
      el.setAttribute("data-anggaran", per.anggaran[i]);
      el.setAttribute("data-isu", per.isu[i]);
    }
    // each name black or white against the fill under it (planlib.viz.labels.text_colour, its
    // answer along the scale given by Python in D.label_warna: looked up here, never computed)
    var pAt = {};
    drawnIdx.forEach(function (i, j) {
      var v = vals[j];
      pAt[i] = missing(v) || !(v > 0) ? null : Math.min(1, Math.max(0, v / (vmax || 1.0)));
    });
    $("bg-labels").querySelectorAll("text").forEach(function (t) {
      var under = +t.getAttribute(state.level === "desa" ? "data-desa" : "data-kec");
      paintName(t, under >= 0 && under in pAt ? nameColour(pAt[under]) : D.label_warna.putih);
    });
    $("bg-desa").style.display = state.level === "desa" ? "" : "none";
    $("bg-kec").classList.toggle("bg-garis", state.level === "desa");
    // legend: empty, no dapil, colour bar (planlib.viz.maps.legend_traces)
    var f = fmtOf(col), top = vmax || 1.0, ticks = [];
    for (var k = 0; k < 5; k++) ticks.push("<span>" + esc(f(k * (top / 4))) + "</span>");
    var grad = D.colorscale.map(function (s) { return s[1] + " " + Math.round(s[0] * 100) + "%"; }).join(", ");
    var title = { jumlah: "Jumlah usulan", anggaran: "Anggaran", isu: "% isu" }[col];
    $("bg-legenda").innerHTML =
      "<span class='bg-leg'><i class='bg-kotak'></i> Tanpa usulan (untuk pilihan ini)</span>" +
      (D.map.no_dapil.length ? "<span class='bg-leg'><i class='bg-putus'></i> Belum masuk dapil</span>" : "") +
      "<div class='bg-skala'><div class='bg-skala-judul'>" + esc(title) + "</div>" +
      "<div class='bg-skala-bar' style='background:linear-gradient(to right, " + grad + ")'></div>" +
      "<div class='bg-skala-tick' id='bg-ticks'>" + ticks.join("") + "</div></div>";
    var dap = state.dapil >= 0 ? F.dapil[state.dapil] : null;
    $("bg-peta-judul").textContent = UKURAN[col] + " per " + state.level + " \u2014 RKPD " +
      META.tahun[state.tahun] + (dap ? " \u2014 " + dap : META.dapil ? " \u2014 " + META.dapil : "");
    zoom(dap);
    lastPer = per;
  }
  var lastPer = null;

  /* [text, halo] of a name on a fill sampled at p (null: the empty fill). */
  function nameColour(p) {
    if (p === null) return D.label_warna.kosong;
    var bands = D.label_warna.pita, pick = bands[0];
    for (var b = 0; b < bands.length; b++) if (bands[b][0] <= p) pick = bands[b];
    return [pick[1], pick[2]];
  }

  function paintName(t, c) {
    t.style.fill = c[0];
    t.style.stroke = c[1];
    t.setAttribute("data-warna", c[0]);
  }

  function zoom(dap) {
    var svg = $("bg-svg"), b = dap && D.map.dapil_box[dap];
    var vb = b ? [b[0] - b[2] * 0.04, b[1] - b[3] * 0.04, b[2] * 1.08, b[3] * 1.08]
      : [0, 0, D.map.width, D.map.height];
    svg.setAttribute("viewBox", vb.map(function (v) { return Math.round(v); }).join(" "));
    scaleLabels();
  }

  function scaleLabels(which) {
    var svg = which && which.nodeType ? which : $("bg-svg"), box = svg.getBoundingClientRect(), w = box.width;
    if (!w || !box.height) return;
    // drawing units per pixel: the drawing is fitted ("meet") to the narrower of the two sides
    var vb = svg.viewBox.baseVal, k = Math.max(vb.width / w, vb.height / box.height);
    var small = w < 600;
    var labels = Array.prototype.slice.call(svg.querySelectorAll("text"));
    labels.forEach(function (t) {
      var px = t.classList.contains("bg-dapil-label") ? (small ? 13 : 15) : (small ? 11 : 12);
      t.setAttribute("font-size", (px * k).toFixed(1));
      t.setAttribute("stroke-width", (3 * k).toFixed(1));
      t.style.display = "";
    });
    // labels that would overlap one already placed are hidden: dapil labels first, then kecamatan
    labels.sort(function (a, b) {
      return (b.classList.contains("bg-dapil-label") ? 1 : 0) - (a.classList.contains("bg-dapil-label") ? 1 : 0);
    });
    var placed = [];
    labels.forEach(function (t) {
      var r = t.getBBox();
      var hit = placed.some(function (p) {
        return r.x < p.x + p.width && p.x < r.x + r.width && r.y < p.y + p.height && p.y < r.y + r.height;
      });
      if (hit) t.style.display = "none"; else placed.push(r);
    });
  }

  function info(i) {
    var el = $("bg-info");
    if (i === null || !lastPer) { el.textContent = "Ketuk wilayah pada peta untuk melihat angkanya."; return; }
    var a = levelAreas()[i], per = lastPer;
    var dap = (state.level === "desa" ? kecDapil[a.kec] : a.dapil) || "belum masuk dapil";
    el.innerHTML = "<b>" + esc(a.nama) + "</b> (" + esc(dap) + "): " + angka(per.jumlah[i]) + " usulan, " +
      esc(rupiah(per.anggaran[i])) + (per.teratas[i] ? "; isu teratas: " + esc(per.teratas[i]) : "") +
      (per.jumlah[i] === 0 ? " \u2014 <i>tidak ada usulan untuk pilihan ini</i>" : "");
  }

  // ------------------------------------------------------------------ cards
  function top(rows, col, names) {
    var cnt = new Array(names.length).fill(0);
    rows.forEach(function (i) { if (col[i] >= 0) cnt[col[i]] += 1; });
    var best = -1, bc = 0;
    for (var c = 0; c < cnt.length; c++) if (cnt[c] > bc) { bc = cnt[c]; best = c; }
    return best >= 0 ? [names[best], bc] : [null, 0];
  }

  function card(value, key, id) {
    return "<div class='bg-card' id='" + id + "'><div class='bg-card-v'>" + esc(value) +
      "</div><div class='bg-card-k'>" + esc(key) + "</div></div>";
  }

  function drawCards(rows) {
    var total = 0;
    rows.forEach(function (i) { if (!missing(R.anggaran[i])) total += R.anggaran[i]; });
    var isu = top(rows, R.isu, F.isu), bid = top(rows, R.bidang, F.bidang);
    var kep = top(rows, R.keputusan, F.keputusan);
    var where = state.kec >= 0 ? KEC[state.kec].nama : state.dapil >= 0 ? F.dapil[state.dapil]
      : META.dapil || "semua kecamatan";
    var decided = 0;
    rows.forEach(function (i) { if (R.keputusan[i] >= 0) decided += 1; });
    $("bg-kartu").innerHTML = "<div class='bg-where'><b>" + esc(where) + "</b> \u2014 RKPD " +
      META.tahun[state.tahun] + "</div>" +
      card(angka(rows.length), "jumlah usulan", "bg-c-jumlah") +
      card(rupiah(total), "total anggaran", "bg-c-anggaran") +
      card(isu[0] || "\u2013", "masalah/isu teratas (" + angka(isu[1]) + ")", "bg-c-isu") +
      card(bid[0] || "\u2013", "bidang teratas (" + angka(bid[1]) + ")", "bg-c-bidang") +
      (META.ada_keputusan ? card(angka(decided), "sudah diputus forum" + (kep[0] ? " (terbanyak: " + kep[0] + ")" : ""), "bg-c-keputusan") : "");
    $("bg-kartu").setAttribute("data-anggaran", total);
  }

  // ------------------------------------------------------------------ table
  var collator = typeof Intl !== "undefined" ? new Intl.Collator("id") : null;
  var COLS = [
    ["ke", "Ke", function (i) { return R.ke[i]; }, "n"],
    ["desa", "Desa", function (i) { return T.nama_desa[i]; }],
    ["kec", "Kecamatan", function (i) { return R.kec[i] >= 0 ? KEC[R.kec[i]].nama : ""; }],
    ["usulan", "Usulan", function (i) { return T.usulan[i]; }],
    ["masalah", "Masalah", function (i) { return T.masalah[i]; }],
    ["opd", "OPD tujuan", function (i) { return R.opd[i] >= 0 ? F.opd[R.opd[i]] : ""; }],
    ["status", "Status", function (i) { return R.status[i] >= 0 ? F.status[R.status[i]] : ""; }],
    ["anggaran", "Anggaran", function (i) { return R.anggaran[i]; }, "n"],
    ["keputusan", "Keputusan forum", function (i) { return R.keputusan[i] >= 0 ? F.keputusan[R.keputusan[i]] : ""; }],
    ["saran", "OPD saran", function (i) { return T.opd_saran[i]; }],
    ["selaras", "Selaras", function (i) { return R.selaras[i]; }, "n"]
  ];
  var COL = {};
  COLS.forEach(function (c) { COL[c[0]] = c; });

  function sorted(rows) {
    var c = COL[state.sort], get = c[2], numeric = c[3] === "n", dir = state.asc ? 1 : -1;
    var keyed = rows.map(function (i, pos) { return [get(i), pos, i]; });
    keyed.sort(function (a, b) {
      var x = a[0], y = b[0];
      var mx = missing(x) || x === "", my = missing(y) || y === "";
      if (mx || my) return mx && my ? a[1] - b[1] : mx ? 1 : -1; // missing last either way
      var r = numeric ? (x - y) : (collator ? collator.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0));
      return r !== 0 ? r * dir : a[1] - b[1];
    });
    return keyed.map(function (k) { return k[2]; });
  }

  function cell(i, key) {
    if (key === "ke") return missing(R.ke[i]) ? "" : String(R.ke[i]);
    if (key === "anggaran") return esc(rupiah(R.anggaran[i]));
    if (key === "selaras") return R.selaras[i] === 1 ? "ya" : R.selaras[i] === 0 ? "tidak" : "";
    if (key === "keputusan") {
      if (R.keputusan[i] < 0) return "";
      var k = F.keputusan[R.keputusan[i]];
      return "<b>" + esc(k) + (T.opd_alih[i] ? " ke " + esc(T.opd_alih[i]) : "") + "</b>" +
        (T.alasan[i] ? "<br><span class='bg-alasan'>" + esc(T.alasan[i]) + "</span>" : "");
    }
    return esc(COL[key][2](i));
  }

  /* All rows in the order of one column, computed once per column and direction: a filter
     change then only walks this order (no sort), which keeps 50,000 rows fast. */
  var orders = {};
  function globalOrder() {
    var id = state.sort + (state.asc ? "+" : "-");
    if (!orders[id]) {
      var all = new Array(N);
      for (var i = 0; i < N; i++) all[i] = i;
      orders[id] = sorted(all);
    }
    return orders[id];
  }

  function drawTable(rows) {
    var mask = new Uint8Array(N), order = globalOrder(), shown = [];
    rows.forEach(function (i) { mask[i] = 1; });
    for (var o = 0; o < order.length && shown.length < state.shown; o++) if (mask[order[o]]) shown.push(order[o]);
    var head = COLS.map(function (c) {
      var mark = state.sort === c[0] ? (state.asc ? " \u25b2" : " \u25bc") : "";
      return "<th data-k='" + c[0] + "'" + (c[3] === "n" ? " class='n'" : "") + " aria-sort='" +
        (state.sort === c[0] ? (state.asc ? "ascending" : "descending") : "none") + "'>" + c[1] + mark + "</th>";
    }).join("");
    $("bg-thead").innerHTML = "<tr>" + head + "</tr>";
    var body = shown.map(function (i) {
      return "<tr data-id='" + esc(T.id[i]) + "'>" + COLS.map(function (c) {
        return "<td data-k='" + c[0] + "' data-l='" + c[1] + "'" + (c[3] === "n" ? " class='n'" : "") + ">" + cell(i, c[0]) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    $("bg-tbody").innerHTML = body || "<tr><td colspan='" + COLS.length + "'>Tidak ada usulan untuk pilihan ini.</td></tr>";
    var where = state.kec >= 0 ? KEC[state.kec].nama : state.dapil >= 0 ? F.dapil[state.dapil] : META.dapil || "semua kecamatan";
    $("bg-tabel-judul").innerHTML = "Daftar usulan: " + esc(where) + " \u2014 <span id='bg-n'>" +
      angka(rows.length) + "</span> usulan" + (rows.length > shown.length ? ", " + angka(shown.length) + " pertama ditampilkan" : "");
    $("bg-lagi").style.display = rows.length > shown.length ? "" : "none";
    $("bg-table").setAttribute("data-n", rows.length);
  }

  // ------------------------------------------------------------------ context
  function drawContext() {
    var C = D.context;
    if (!C.rows.length) { $("bg-konteks").innerHTML = ""; return; }
    var y = String(META.tahun[state.tahun]);
    var head = "<tr><th>Indikator</th>" + C.areas.map(function (a) { return "<th>" + esc(a.nama) + "</th>"; }).join("") +
      "<th>Target RPJMD " + esc(y) + "</th></tr>";
    var body = C.rows.map(function (r) {
      var cells = r.nilai.map(function (v, j) {
        return "<td class='n' data-l='" + esc(C.areas[j].nama) + "'><span>" +
          (v ? angka(v[0], r.digits) + " <small>(" + v[1] + ")</small>" : "\u2013") + "</span></td>";
      }).join("");
      var t = r.target[y];
      // the gap compares the latest value with the target of that same year (as the Indikator dashboard)
      var gap = "", last = r.nilai[0], same = last ? r.target[String(last[1])] : undefined;
      if (same !== undefined) {
        var g = last[0] - same, ok = r.lebih_baik === "naik" ? g >= 0 : r.lebih_baik === "turun" ? g <= 0 : null;
        gap = "<br><small>capaian " + last[1] + " terhadap target " + last[1] + ": " + (g >= 0 ? "+" : "\u2212") +
          angka(Math.abs(g), r.digits) + (ok === null ? "" : ok ? " (tercapai)" : " (belum tercapai)") + "</small>";
      }
      return "<tr><td class='bg-ind'>" + esc(r.nama) + (r.seri ? " <small>(" + esc(r.seri) + ")</small>" : "") +
        (r.satuan ? " <small>\u2014 " + esc(r.satuan) + "</small>" : "") + "</td>" + cells +
        "<td class='n' data-l='Target RPJMD " + esc(y) + "'><span>" + (t !== undefined ? angka(t, r.digits) : "\u2013") + gap + "</span></td></tr>";
    }).join("");
    var seri = C.rows.some(function (r) { return r.seri; }) ?
      " IPM seri revisi 2024 dan seri lama dihitung dengan metode berbeda: keduanya ditulis terpisah dan tidak disambung." : "";
    $("bg-konteks").innerHTML = "<h2>Konteks indikator " + esc(META.kabupaten) + "</h2>" +
      "<div class='bg-scroll'><table class='bg-tabel-konteks'><thead>" + head + "</thead><tbody>" + body + "</tbody></table></div>" +
      "<p class='bg-sumber'>Nilai terakhir yang tersedia (tahun dalam kurung)." + seri + " " + esc(C.sumber) +
      (C.dokumen.length ? "; target: " + esc(C.dokumen.join("; ")) : "") + "</p>";
  }

  // ------------------------------------------------------------------ notes
  function drawNotes() {
    var notes = [];
    if (D.map.no_dapil.length) notes.push("Belum masuk dapil (garis merah putus-putus): " + D.map.tanpa_dapil.join(", ") + ".");
    else if (META.dapil && D.map.tanpa_dapil.length) notes.push("Belum masuk dapil mana pun (tidak ada di berkas ini): " + D.map.tanpa_dapil.join(", ") + ".");
    if (D.map.tanpa_poligon.length) notes.push("Tanpa poligon, tidak tergambar: " + D.map.tanpa_poligon.join(", ") + ".");
    notes.push("Warna abu-abu: tidak ada usulan untuk pilihan ini.");
    var y = META.tahun[state.tahun], file = META.berkas_usulan[String(y)];
    $("bg-catatan").textContent = notes.join(" ") + " Sumber: usulan Musrenbang (SIPD/E-Perencanaan) RKPD " + y +
      (file ? " (" + file + ")" : "") + (META.sumber_peta ? "; " + META.sumber_peta : "") + "." +
      (META.label ? " " + META.label + "." : "");
    $("bg-catatan-tabel").textContent = "Sumber: usulan Musrenbang RKPD " + y + "; keputusan forum: catatan keputusan Forum Perangkat Daerah" +
      (META.ada_keputusan ? "" : " (belum ada keputusan tercatat)") +
      "; OPD saran dan selaras: pencocokan planlib terhadap pohon kinerja dan Renja." +
      (META.saran_catatan ? " " + META.saran_catatan : "");
  }

  // ------------------------------------------------------------------ pokir DPRD
  /* The Dapil's DPRD pokir by member (payload "pokir", planlib/bagikan/pokir.py): this block
     only draws what Python computed. Every text goes in with textContent, never innerHTML. */
  var P = D.pokir || null, pokirPick = "", pokirDrawn = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* Pokir of the chosen year (and, in the kabupaten file, of the chosen dapil's members). */
  function pokirRows() {
    if (!P) return [];
    var y = META.tahun[state.tahun], dap = state.dapil >= 0 ? F.dapil[state.dapil] : null;
    return P.rows.filter(function (r) {
      if (r.tahun !== y) return false;
      return dap === null || (P.anggota[r.anggota].dapil || r.dapil) === dap;
    });
  }

  function pokirCards(rows) {
    if (!P) return;
    var ganda = rows.filter(function (r) { return r.ganda.length; }).length;
    var box = $("bg-kartu");
    [[angka(rows.length), "pokir DPRD", "bg-c-pokir"],
      [angka(ganda), "pokir sama dengan usulan Musrenbang", "bg-c-pokir-ganda"]].forEach(function (c) {
      var d = el("div", "bg-card");
      d.id = c[2];
      d.appendChild(el("div", "bg-card-v", c[0]));
      d.appendChild(el("div", "bg-card-k", c[1]));
      box.appendChild(d);
    });
  }

  function pokirItem(r) {
    var li = el("li", "bg-pokir-item");
    li.setAttribute("data-id", r.id);
    li.setAttribute("data-ganda", r.ganda.length ? "1" : "0");
    li.setAttribute("data-luar", r.luar ? "1" : "0");
    li.appendChild(el("div", "bg-pokir-teks", r.usulan));
    var where = [r.desa ? "Desa " + r.desa : "", r.kecamatan ? "Kec. " + r.kecamatan : ""]
      .filter(Boolean).join(", ");
    var meta = el("div", "bg-pokir-meta", (where || "tempat tidak tertulis") + " \u00b7 ");
    meta.appendChild(el("span", "bg-nowrap", rupiah(r.anggaran)));
    meta.appendChild(document.createTextNode(" \u00b7 "));
    meta.appendChild(el("span", "bg-nowrap", "ID pokir " + r.id));
    li.appendChild(meta);
    if (r.luar) {
      li.appendChild(el("div", "bg-pokir-luar", "\u26a0 Di luar dapil anggota" +
        (r.dapil ? " (lokasi di " + r.dapil + ")" : "")));
    }
    var st = el("div", "bg-pokir-status");
    st.appendChild(el("span", null, "Status SIPD: " + (r.status || "\u2013")));
    st.appendChild(el("span", "bg-pokir-kep", r.keputusan === "belum diputuskan forum" ?
      "Belum diputuskan forum" : "Keputusan forum: " + r.keputusan));
    li.appendChild(st);
    if (r.ganda.length) {
      var g = el("div", "bg-pokir-ganda");
      g.appendChild(el("b", null, "Sama dengan usulan Musrenbang " + r.ganda[0]));
      if (r.ganda_usulan) g.appendChild(el("div", null, "\u201c" + r.ganda_usulan + "\u201d"));
      g.appendChild(el("div", null, "Keputusan forum atas usulan itu: " + r.ganda_keputusan));
      if (r.ganda.length > 1) g.appendChild(el("div", null, "Juga mirip: " + r.ganda.slice(1).join(", ")));
      li.appendChild(g);
    }
    return li;
  }

  function drawPokir() {
    if (!P) return;
    var rows = pokirRows(), sel = $("bg-f-anggota"), y = META.tahun[state.tahun];
    pokirCards(rows);
    // the list follows only tahun, dapil and the member: other filters leave it as drawn
    var key = state.tahun + "|" + state.dapil + "|" + pokirPick;
    if (key === pokirDrawn) return;
    pokirDrawn = key;
    // members of this scope and year, with their number of pokir
    var count = {};
    rows.forEach(function (r) { count[r.anggota] = (count[r.anggota] || 0) + 1; });
    var members = Object.keys(count).map(Number).sort(function (a, b) {
      var x = P.anggota[a].nama, z = P.anggota[b].nama;
      return collator ? collator.compare(x, z) : x < z ? -1 : 1;
    });
    if (members.indexOf(+pokirPick) < 0) pokirPick = "";
    pokirDrawn = state.tahun + "|" + state.dapil + "|" + pokirPick;
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    var all = el("option", null, "(semua anggota: " + angka(members.length) + ")");
    all.value = "";
    sel.appendChild(all);
    members.forEach(function (m) {
      var a = P.anggota[m], o = el("option", null, a.nama + " (" + angka(count[m]) + " pokir)");
      o.value = String(m);
      sel.appendChild(o);
    });
    sel.value = pokirPick;
    var list = $("bg-pokir-daftar");
    while (list.firstChild) list.removeChild(list.firstChild);
    var shown = pokirPick === "" ? members : [+pokirPick];
    var nShown = 0, nGanda = 0, nLuar = 0;
    shown.forEach(function (m) {
      var a = P.anggota[m], mine = rows.filter(function (r) { return r.anggota === m; });
      var ganda = mine.filter(function (r) { return r.ganda.length; }).length;
      var luar = mine.filter(function (r) { return r.luar; }).length;
      nShown += mine.length; nGanda += ganda; nLuar += luar;
      var sec = el("div", "bg-anggota");
      sec.setAttribute("data-anggota", a.nama);
      sec.appendChild(el("h3", null, a.nama));
      sec.appendChild(el("p", "bg-pokir-meta", [a.fraksi, a.dapil].filter(Boolean).join(" \u00b7 ") +
        " \u2014 " + angka(mine.length) + " pokir, " + angka(ganda) + " sama dengan usulan Musrenbang" +
        (luar ? ", " + angka(luar) + " di luar dapil" : "")));
      var ul = el("ul", "bg-pokir-list");
      mine.forEach(function (r) { ul.appendChild(pokirItem(r)); });
      sec.appendChild(ul);
      list.appendChild(sec);
    });
    $("bg-pokir-ringkas").textContent = rows.length ?
      angka(nShown) + " pokir RKPD " + y + ", " + angka(nGanda) + " sama dengan usulan Musrenbang" +
      (nLuar ? ", " + angka(nLuar) + " di luar dapil anggotanya" : "") + "." :
      "Tidak ada pokir DPRD RKPD " + y + " di berkas ini" +
      (P.tahun.length ? " (pokir ada untuk RKPD " + P.tahun.join(", ") + ")." : ".");
    $("bg-pokir-daftar").setAttribute("data-n", String(nShown));
    var file = P.berkas[String(y)];
    $("bg-catatan-pokir").textContent = "Sumber: pokir DPRD (SIPD-RI) RKPD " + y + (file ? " (" + file + ")" : "") +
      "; sama dengan usulan Musrenbang: perbandingan planlib dengan usulan Musrenbang tahun yang sama " +
      "(desa yang sama, teks yang sama atau mirip). Keputusan forum dicatat per usulan Musrenbang; pokir " +
      "yang belum punya keputusan sendiri ditulis \u201cbelum diputuskan forum\u201d. Bagian ini mengikuti " +
      "tahun" + (META.dapil ? "" : " dan dapil") + "; saringan lain tidak berlaku.";
  }

  function startPokir() {
    if (!P) return;
    $("bg-f-anggota").addEventListener("change", function (e) { pokirPick = e.target.value; refresh(); });
  }
  // ------------------------------------------------------------------ end pokir DPRD

  // ------------------------------------------------------------------ Rembuk Remas
  /* The desa's masalah recorded at the Rembuk Remas (payload "rembuk", planlib/bagikan/rembuk.py):
     colours, names' colours, counts and summaries come from Python; this block swaps and lists
     them. Every text goes in with textContent. The section follows its own year select. */
  var RB = D.rembuk || null, rbYear = -1, rbPick = -1;

  function rbAreas() { return RB.level === "desa" ? DESA : KEC; }

  function rbItem(r) {
    var li = el("li", "bg-pokir-item");
    li.setAttribute("data-id", String(r.id));
    li.setAttribute("data-diusulkan", r.usulan.length ? "1" : "0");
    li.appendChild(el("div", "bg-pokir-teks", r.masalah));
    var meta = [r.jenis, r.isu ? "isu: " + r.isu : "isu belum terbaca", r.bidang ? "bidang: " + r.bidang : "",
      r.prioritas !== null ? "prioritas " + angka(r.prioritas) : "", "sumber: " + r.sumber, "No. " + r.id];
    li.appendChild(el("div", "bg-pokir-meta", meta.filter(Boolean).join(" \u00b7 ")));
    li.appendChild(el("div", r.usulan.length ? "rb-dijawab" : "rb-belum", r.usulan.length ?
      "Dijawab usulan " + r.usulan.join(", ") : "Belum diusulkan"));
    return li;
  }

  function drawRembuk() {
    var y = RB.tahun[rbYear], P = RB.peta[String(y)], areas = rbAreas();
    var paths = $("rb-area").querySelectorAll("path[data-i]");
    for (var p = 0; p < paths.length; p++) {
      var e = paths[p], i = +e.getAttribute("data-i");
      e.setAttribute("fill", P.fill[i]);
      e.setAttribute("data-jumlah", String(P.jumlah[i]));
      e.setAttribute("stroke", i === rbPick ? D.colors.selected : D.colors.line);
      e.setAttribute("stroke-width", i === rbPick ? "3.5" : "0.8");
      e.querySelector("title").textContent = areas[i].nama + ": " + angka(P.jumlah[i]) + " masalah" +
        (P.isu[i] ? "; isu terbanyak: " + P.isu[i] : "");
    }
    $("rb-labels").querySelectorAll("text").forEach(function (t) { paintName(t, P.nama[+t.getAttribute("data-k")]); });
    var grad = RB.skala.map(function (s) { return s[1] + " " + Math.round(s[0] * 100) + "%"; }).join(", ");
    $("rb-legenda").innerHTML = "<span class='bg-leg'><i class='bg-kotak'></i> Belum ada masalah tercatat</span>" +
      "<div class='bg-skala'><div class='bg-skala-judul'>Jumlah masalah</div>" +
      "<div class='bg-skala-bar' style='background:linear-gradient(to right, " + esc(grad) + ")'></div>" +
      "<div class='bg-skala-tick'>" + P.ticks.map(function (t) { return "<span>" + esc(t) + "</span>"; }).join("") +
      "</div></div>";
    $("rb-judul").textContent = "Jumlah masalah per " + RB.level + " \u2014 Rembuk Remas, perencanaan " + y +
      (META.dapil ? " \u2014 " + META.dapil : "");
    // the desa select: the areas with masalah this year
    var sel = $("rb-f-desa"), withM = [];
    areas.forEach(function (a, i) { if (P.jumlah[i] > 0) withM.push(i); });
    withM.sort(function (a, b) { return collator ? collator.compare(areas[a].nama, areas[b].nama) : 0; });
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    var all = el("option", null, "(semua: " + angka(withM.length) + " " + RB.level + ")");
    all.value = "-1";
    sel.appendChild(all);
    withM.forEach(function (i) {
      var o = el("option", null, areas[i].nama + " (" + angka(P.jumlah[i]) + ")");
      o.value = String(i);
      sel.appendChild(o);
    });
    sel.value = String(rbPick);
    // the list behind each area (and the kecamatan's own masalah)
    var rows = RB.rows.filter(function (r) { return r.tahun === y && (rbPick < 0 || r.area === rbPick); });
    var groups = {}, order = [];
    rows.forEach(function (r) {
      var key = r.area >= 0 ? "a" + r.area : "k" + r.kec;
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(r);
    });
    var list = $("rb-daftar");
    while (list.firstChild) list.removeChild(list.firstChild);
    var belum = 0;
    order.forEach(function (key) {
      var g = groups[key], r0 = g[0], sec = el("div", "bg-anggota");
      var kecName = r0.kec >= 0 ? KEC[r0.kec].nama : "";
      var title = r0.area >= 0 && RB.level === "desa" ? "Desa " + areas[r0.area].nama + (kecName ? ", Kec. " + kecName : "")
        : "Kecamatan " + kecName + (r0.tingkat === "kecamatan" ? " (masalah tingkat kecamatan)" : "");
      sec.setAttribute("data-wilayah", title);
      sec.appendChild(el("h3", null, title));
      var nb = g.filter(function (r) { return !r.usulan.length; }).length;
      belum += nb;
      sec.appendChild(el("p", "bg-pokir-meta", angka(g.length) + " tercatat, " + angka(nb) + " belum diusulkan"));
      var ul = el("ul", "bg-pokir-list");
      g.forEach(function (r) { ul.appendChild(rbItem(r)); });
      sec.appendChild(ul);
      list.appendChild(sec);
    });
    $("rb-info").textContent = rbPick >= 0 ? "" : "Ketuk " + RB.level + " pada peta (atau pilih di atas) untuk melihat daftarnya saja. " +
      angka(rows.length) + " masalah dan isu tercatat, " + angka(belum) + " belum diusulkan.";
    // the kecamatan summary
    var head = "<thead><tr><th>Kecamatan</th><th class='n'>Desa</th><th class='n'>Desa dengan masalah</th>" +
      "<th class='n'>Masalah &amp; isu</th><th class='n'>Isu strategis</th><th class='n'>Belum diusulkan</th>" +
      "<th>Isu terbanyak</th></tr></thead>";
    $("rb-kec").innerHTML = head + "<tbody>" + P.kecamatan.map(function (k) {
      return "<tr><td>" + esc(k.kecamatan) + "</td><td class='n'>" + angka(k.desa) + "</td><td class='n'>" +
        angka(k.desa_bermasalah) + "</td><td class='n'>" + angka(k.masalah) + "</td><td class='n'>" +
        angka(k.isu_strategis) + "</td><td class='n'>" + angka(k.belum_diusulkan) + "</td><td>" +
        esc(k.isu || "\u2013") + "</td></tr>";
    }).join("") + "</tbody>";
    $("rb-catatan").textContent = "Sumber: catatan Rembuk Remas (masalah.sqlite) perencanaan " + y +
      "; usulan yang menjawab: pencocokan planlib atas teks dan isu usulan Musrenbang desa yang sama" +
      (META.berkas_usulan[String(y)] ? " (" + META.berkas_usulan[String(y)] + ")" : " (belum ada usulan tahun ini)") +
      ". Masalah tingkat kecamatan tidak diwarnai per desa." + (META.label ? " " + META.label + "." : "");
    document.body.setAttribute("data-rembuk", String(+(document.body.getAttribute("data-rembuk") || 0) + 1));
  }

  function startRembuk() {
    if (!RB || !RB.tahun.length) return;
    rbYear = RB.tahun.length - 1;
    var yt = $("rb-f-tahun");
    RB.tahun.forEach(function (y, i) { var o = el("option", null, String(y)); o.value = String(i); yt.appendChild(o); });
    yt.value = String(rbYear);
    yt.addEventListener("change", function () { rbYear = +yt.value; rbPick = -1; drawRembuk(); });
    $("rb-f-desa").addEventListener("change", function (e) { rbPick = +e.target.value; drawRembuk(); });
    $("rb-svg").addEventListener("click", function (e) {
      var p = e.target.closest("path[data-i]"), i = p ? +p.getAttribute("data-i") : -1;
      rbPick = i === rbPick ? -1 : i;
      drawRembuk();
    });
    drawRembuk();
    scaleLabels($("rb-svg"));
  }
  // ------------------------------------------------------------------ end Rembuk Remas

  // ------------------------------------------------------------------ filters
  function options(sel, names, all) {
    sel.innerHTML = "<option value='-1'>" + esc(all) + "</option>" + names.map(function (n, i) {
      return "<option value='" + i + "'>" + esc(n) + "</option>";
    }).join("");
  }

  function kecOptions() {
    var dap = state.dapil >= 0 ? F.dapil[state.dapil] : null;
    var list = KEC.map(function (k, i) { return [k.nama, i, k.dapil]; })
      .filter(function (k) { return dap === null || k[2] === dap; })
      .sort(function (a, b) { return collator ? collator.compare(a[0], b[0]) : a[0] < b[0] ? -1 : 1; });
    var sel = $("bg-f-kec");
    sel.innerHTML = "<option value='-1'>(semua)</option>" + list.map(function (k) {
      return "<option value='" + k[1] + "'>" + esc(k[0]) + "</option>";
    }).join("");
    if (!list.some(function (k) { return k[1] === state.kec; })) state.kec = -1;
    sel.value = String(state.kec);
  }

  function refresh() {
    var rowsMap = pass(["kec"]);
    var rows = state.kec >= 0 ? rowsMap.filter(function (i) { return R.kec[i] === state.kec; }) : rowsMap;
    drawMap(rowsMap);
    drawCards(rows);
    drawTable(rows);
    drawContext();
    drawNotes();
    drawPokir(); // pokir DPRD
    var active = ["dapil", "kec", "bidang", "opd", "status", "isu"].filter(function (k) { return state[k] >= 0; }).length +
      (state.q.trim() ? 1 : 0);
    $("bg-aktif").textContent = active ? "(" + active + " aktif)" : "";
    document.title = META.judul + " \u2014 RKPD " + META.tahun[state.tahun];
    $("bg-tahun-judul").textContent = META.tahun[state.tahun];
    info(state.pick);
    document.body.setAttribute("data-refreshed", String(+(document.body.getAttribute("data-refreshed") || 0) + 1));
  }

  function start() {
    var yt = $("bg-f-tahun");
    yt.innerHTML = META.tahun.map(function (y, i) { return "<option value='" + i + "'>" + y + "</option>"; }).join("");
    yt.value = String(state.tahun);
    if (META.dapil === null && F.dapil.length) options($("bg-f-dapil"), F.dapil, "(semua)");
    else $("bg-w-dapil").style.display = "none";
    options($("bg-f-bidang"), F.bidang, "(semua)");
    options($("bg-f-opd"), F.opd, "(semua)");
    options($("bg-f-status"), F.status, "(semua)");
    options($("bg-f-isu"), F.isu, "(semua)");
    kecOptions();
    [["tahun", "bg-f-tahun"], ["dapil", "bg-f-dapil"], ["kec", "bg-f-kec"], ["bidang", "bg-f-bidang"],
      ["opd", "bg-f-opd"], ["status", "bg-f-status"], ["isu", "bg-f-isu"]].forEach(function (p) {
      $(p[1]).addEventListener("change", function (e) {
        state[p[0]] = +e.target.value;
        state.shown = 100;
        if (p[0] === "dapil") kecOptions();
        refresh();
      });
    });
    var timer = null;
    $("bg-f-q").addEventListener("input", function (e) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = e.target.value; state.shown = 100; refresh(); }, 150);
    });
    $("bg-f-ukuran").addEventListener("change", function (e) { state.ukuran = e.target.value; refresh(); });
    document.querySelectorAll("[data-level]").forEach(function (b) {
      if (b.getAttribute("data-level") === "desa" && !DESA.length) { b.style.display = "none"; return; }
      b.addEventListener("click", function () {
        state.level = b.getAttribute("data-level");
        state.pick = null;
        document.querySelectorAll("[data-level]").forEach(function (o) {
          o.setAttribute("aria-pressed", String(o === b));
        });
        refresh();
      });
    });
    $("bg-reset").addEventListener("click", function () {
      ["dapil", "kec", "bidang", "opd", "status", "isu"].forEach(function (k) { state[k] = -1; });
      state.q = ""; $("bg-f-q").value = "";
      ["bg-f-dapil", "bg-f-bidang", "bg-f-opd", "bg-f-status", "bg-f-isu"].forEach(function (id) { $(id).value = "-1"; });
      kecOptions();
      refresh();
    });
    $("bg-thead").addEventListener("click", function (e) {
      var th = e.target.closest("th");
      if (!th) return;
      var k = th.getAttribute("data-k");
      if (state.sort === k) state.asc = !state.asc; else { state.sort = k; state.asc = true; }
      $("bg-sort").value = k;
      drawTable(pass([]));
    });
    var so = $("bg-sort");
    so.innerHTML = COLS.map(function (c) { return "<option value='" + c[0] + "'>" + c[1] + "</option>"; }).join("");
    so.value = state.sort;
    so.addEventListener("change", function () {
      state.sort = so.value; state.asc = so.value !== "anggaran";
      drawTable(pass([]));
    });
    $("bg-lagi").addEventListener("click", function () { state.shown += 100; drawTable(pass([])); });
    $("bg-svg").addEventListener("click", function (e) {
      var p = e.target.closest("path[data-i]");
      state.pick = p ? +p.getAttribute("data-i") : null;
      info(state.pick);
    });
    if (window.matchMedia && window.matchMedia("(min-width: 900px)").matches) $("bg-saring").open = true;
    window.addEventListener("resize", function () {
      scaleLabels();
      if ($("rb-svg")) scaleLabels($("rb-svg"));
    });
    startPokir(); // pokir DPRD
    startRembuk(); // Rembuk Remas
    refresh();
    document.body.setAttribute("data-ready", "1");
  }

  start();
})();
