"""The package's shape holds: layers enforced, every public function documented and typed."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planlib

ROOT = Path(__file__).resolve().parent.parent


def _public_functions() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for info in pkgutil.walk_packages(planlib.__path__, "planlib."):
        mod = importlib.import_module(info.name)
        for name, obj in vars(mod).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if inspect.isfunction(obj):
                out.append((f"{info.name}.{name}", obj))
            elif inspect.isclass(obj):
                out.append((f"{info.name}.{name}", obj))
                for attr, member in vars(obj).items():
                    f = member.fget if isinstance(member, property) else member
                    f = getattr(f, "__func__", f)
                    if not attr.startswith("_") and inspect.isfunction(f):
                        out.append((f"{info.name}.{name}.{attr}", f))
    return out


def test_every_public_function_and_class_has_a_docstring():
    missing = [q for q, obj in _public_functions() if not (obj.__doc__ or "").strip()]
    assert not missing, missing


def test_every_public_function_is_typed():
    untyped = []
    for q, f in _public_functions():
        if inspect.isclass(f):
            continue
        params = [p for p in inspect.signature(f).parameters if p not in ("self", "cls")]
        notes = f.__annotations__
        if any(p not in notes for p in params) or "return" not in notes:
            untyped.append(q)
    assert not untyped, untyped


@pytest.mark.slow
def test_a_wrong_import_breaks_the_layers_contract(tmp_path):
    """`lint-imports` (run by `make test`) fails when a low layer imports a high one."""
    shutil.copytree(ROOT / "planlib", tmp_path / "planlib",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    exe = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def lint() -> subprocess.CompletedProcess:
        return subprocess.run([str(exe), "--no-cache"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    kept = lint()
    assert kept.returncode == 0, kept.stdout + kept.stderr
    parse = tmp_path / "planlib" / "parse.py"
    parse.write_text(parse.read_text() + "\nfrom .dashboards import layout  # noqa\n")
    broken = lint()
    assert broken.returncode != 0
    assert "planlib.parse is not allowed to import planlib.dashboards" in broken.stdout
