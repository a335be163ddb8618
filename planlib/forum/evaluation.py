"""Measuring duplicate finding and lineage against labelled data (used by tests and benchmarks).

``tests/data/duplikat_berlabel.csv`` and ``tests/data/duplikat_sulit.csv``
hold hand-labelled pairs; :func:`evaluate_labelled` scores them with
:func:`planlib.forum.duplicates.find_duplicates`, :func:`precision_recall`
and :func:`pair_agreement` measure a decision and a lineage assignment.
Nothing in the dashboards uses this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..parse import extract_coordinates, fold
from .duplicates import THRESHOLD, find_duplicates

# --------------------------------------------------------------------------- measuring


def labelled_usulan(labelled: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Usulan rows and pair keys from a labelled pair table (``tests/data/duplikat_*.csv``).

    The table has one pair per row: ``pasangan``, ``kecamatan``, and for each
    side ``desa_*``, ``tahun_*``, ``usulan_*``, ``alamat_*``, ``volume_*``,
    ``satuan_*``, plus ``sama`` (1/0). Codes are made from the names; an empty
    desa stays without code (compared within the kecamatan). Coordinates are
    read from the alamat as the usulan loader does.

    Parameters
    ----------
    labelled : DataFrame
        The labelled pairs.

    Returns
    -------
    tuple of DataFrame
        The usulan (two rows per pair, ids ``<pasangan>a`` / ``<pasangan>b``)
        and the keys (``pasangan``, ``id_a``, ``id_b``, ``sama``).
    """
    rows = []
    for side in ("a", "b"):
        part = pd.DataFrame(
            {
                "id_usulan": labelled["pasangan"].astype(str) + side,
                "tahun": labelled[f"tahun_{side}"].astype(int),
                "usulan": labelled[f"usulan_{side}"],
                "alamat": labelled[f"alamat_{side}"],
                "volume": pd.to_numeric(labelled[f"volume_{side}"], errors="coerce"),
                "satuan": labelled[f"satuan_{side}"],
                "nama_kecamatan": labelled["kecamatan"],
                "kode_kecamatan": "K-" + labelled["kecamatan"].map(fold),
                "nama_desa": labelled[f"desa_{side}"],
            }
        )
        part["kode_desa"] = part["nama_desa"].map(
            lambda d: "D-" + fold(d) if isinstance(d, str) and d.strip() else None
        )
        rows.append(part)
    df = pd.concat(rows, ignore_index=True)
    coords = df["alamat"].map(extract_coordinates)
    df["lat"] = coords.map(lambda c: c[0] if c else math.nan)
    df["lon"] = coords.map(lambda c: c[1] if c else math.nan)
    keys = pd.DataFrame(
        {
            "pasangan": labelled["pasangan"],
            "id_a": labelled["pasangan"].astype(str) + "a",
            "id_b": labelled["pasangan"].astype(str) + "b",
            "sama": labelled["sama"].astype(int),
        }
    )
    return df, keys


def evaluate_labelled(
    labelled: pd.DataFrame, *, threshold: float = THRESHOLD, **kwargs: Any
) -> pd.DataFrame:
    """Score every labelled pair with :func:`find_duplicates`.

    Parameters
    ----------
    labelled : DataFrame
        A labelled pair table (see :func:`labelled_usulan`).
    threshold : float
        The decision threshold of ``prediksi``.
    **kwargs
        Passed on to :func:`find_duplicates` (``jarak_maks``,
        ``penalti_rt_alamat``).

    Returns
    -------
    DataFrame
        ``labelled`` with ``skor`` (0 when never a candidate or vetoed),
        ``alasan`` and ``prediksi`` (1 when ``skor >= threshold``).
    """
    df, keys = labelled_usulan(labelled)
    found = find_duplicates(df, threshold=0, **kwargs)
    both = pd.concat(
        [
            found[["id_a", "id_b", "skor", "alasan"]],
            found.rename(columns={"id_a": "id_b", "id_b": "id_a"})[
                ["id_a", "id_b", "skor", "alasan"]
            ],
        ]
    )
    m = keys.merge(both, on=["id_a", "id_b"], how="left")
    out = labelled.copy()
    out["skor"] = m["skor"].fillna(0.0).to_numpy()
    out["alasan"] = m["alasan"].fillna("tidak dibandingkan (beda desa)").to_numpy()
    out["prediksi"] = (out["skor"] >= threshold).astype(int)
    return out


def precision_recall(truth: Iterable[Any], predicted: Iterable[Any]) -> dict[str, float]:
    """Precision, recall and the counts of a binary decision (1 = same request).

    Parameters
    ----------
    truth, predicted : iterable of bool or int
        The labels and the decisions, pair by pair.

    Returns
    -------
    dict
        ``precision``, ``recall`` (1.0 when undefined), ``tp``, ``fp``, ``fn``.
    """
    t = np.asarray(list(truth), dtype=bool)
    p = np.asarray(list(predicted), dtype=bool)
    tp, fp, fn = int((t & p).sum()), int((~t & p).sum()), int((t & ~p).sum())
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def pair_agreement(predicted: Iterable[Any], truth: Iterable[Any]) -> dict[str, float]:
    """Pairwise precision and recall of a lineage assignment against a true one.

    A pair of usulan counts when both assignments put it in one lineage
    (scikit-learn :func:`~sklearn.metrics.cluster.pair_confusion_matrix`).

    Parameters
    ----------
    predicted, truth : iterable
        A lineage label per usulan, in the same order.

    Returns
    -------
    dict
        ``precision``, ``recall`` (1.0 when undefined), ``tp``, ``fp``, ``fn``.
    """
    from sklearn.metrics.cluster import pair_confusion_matrix

    (_, fp), (fn, tp) = pair_confusion_matrix(list(truth), list(predicted)) // 2
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": int(tp),
        "fp": int(fp),
        "fn": int(fn),
    }


def evaluate_pokir_pairs(labelled: pd.DataFrame, *, threshold: float | None = None) -> pd.DataFrame:
    """Score labelled pokir–usulan pairs (``tests/data/pokir_usulan_pasangan.csv``).

    Each pair is one pokir and one usulan; codes are made from the names,
    scoped to the pair (``pasangan``), so a pair is compared exactly when its
    two sides share a desa, or a kecamatan where the pokir's ``desa_pokir`` is
    empty. Scored with :func:`planlib.forum.duplicates.find_duplicates_between`,
    the rule :func:`planlib.forum.pokir.banding_pokir` uses.

    Parameters
    ----------
    labelled : DataFrame
        ``pasangan``, ``kecamatan``, ``desa_pokir``, ``usulan_pokir``,
        ``alamat_pokir``, ``desa_usulan``, ``usulan_usulan``, ``alamat_usulan``, ``sama``.
    threshold : float, optional
        The decision threshold; :data:`planlib.forum.pokir.THRESHOLD` when omitted.

    Returns
    -------
    DataFrame
        ``labelled`` with ``skor`` (0 when never compared or vetoed), ``alasan``
        and ``prediksi`` (1 when ``skor >= threshold``).
    """
    from .duplicates import find_duplicates_between
    from .pokir import THRESHOLD as POKIR_THRESHOLD

    cut = POKIR_THRESHOLD if threshold is None else float(threshold)

    def side(s: str, prefix: str) -> pd.DataFrame:
        pair = labelled["pasangan"].astype(str)
        desa = labelled[f"desa_{s}"].map(lambda v: v if isinstance(v, str) and v.strip() else None)
        return pd.DataFrame(
            {
                "id": prefix + pair,
                "usulan": labelled[f"usulan_{s}"],
                "alamat": labelled[f"alamat_{s}"],
                "nama_desa": desa,
                "nama_kecamatan": labelled["kecamatan"],
                "kode_desa": (pair + ":" + desa.fillna("")).where(desa.notna(), None),
                "kode_kecamatan": pair + ":" + labelled["kecamatan"].astype(str),
            }
        )

    found = find_duplicates_between(
        side("pokir", "P"), side("usulan", "U"), id_a="id", id_b="id", threshold=0
    )
    found = found[found["id_a"].str[1:] == found["id_b"].str[1:]]
    by_pair = found.assign(pasangan=found["id_a"].str[1:]).set_index("pasangan")
    key = labelled["pasangan"].astype(str)
    out = labelled.copy()
    out["skor"] = key.map(by_pair["skor"]).fillna(0.0).astype(float).to_numpy()
    out["alasan"] = key.map(by_pair["alasan"]).fillna("tidak dibandingkan (beda desa)").to_numpy()
    out["prediksi"] = (out["skor"] >= cut).astype(int)
    return out
