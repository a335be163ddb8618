"""The package's shape holds: layers enforced, every public function documented and typed."""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

import planlib

ROOT = Path(__file__).resolve().parent.parent


def _public_members() -> list[tuple[str, object, str]]:
    """Every public function, class, method and property of planlib, with its kind."""
    out: list[tuple[str, object, str]] = []
    for info in pkgutil.walk_packages(planlib.__path__, "planlib."):
        if info.name.endswith(".__main__"):  # an entry point: importing it runs it
            continue
        mod = importlib.import_module(info.name)
        for name, obj in vars(mod).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if inspect.isfunction(obj):
                out.append((f"{info.name}.{name}", obj, "function"))
            elif inspect.isclass(obj):
                out.append((f"{info.name}.{name}", obj, "class"))
                for attr, member in vars(obj).items():
                    f = member.fget if isinstance(member, property) else member
                    f = getattr(f, "__func__", f)
                    if not attr.startswith("_") and inspect.isfunction(f):
                        kind = "property" if isinstance(member, property) else "method"
                        out.append((f"{info.name}.{name}.{attr}", f, kind))
    return out


def _public_functions() -> list[tuple[str, object]]:
    return [(q, obj) for q, obj, _ in _public_members()]


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


#: Modules whose docstrings have numpydoc sections; the others follow as they are finished
#: (cli is not one of them: its commands' docstrings are their --help text and their
#: parameters are documented by typer's ``help=``, checked by the test below).
NUMPYDOC_MODULES = (
    "planlib.rekap", "planlib.choices", "planlib.ranking", "planlib.viz", "planlib.forum", "planlib.indikator", "planlib.parse",
    "planlib.header",
    "planlib.report", "planlib.bidang", "planlib.cache", "planlib.formatting", "planlib.build",
    "planlib.dapil", "planlib.wilayah", "planlib.kesenjangan", "planlib.teks", "planlib.demo",
    "planlib.perencanaan", "planlib.processes", "planlib.serve", "planlib.tabular", "planlib.usulan", "planlib.usulan_id",
    "planlib.bagikan", "planlib.dashboards", "planlib.realisasi", "planlib.rakerda",
    "planlib.templates", "planlib.workspace", "planlib.boundaries", "planlib.schema",
    "planlib.journal", "planlib.documents", "planlib.room", "planlib.accounts", "planlib.faktor",
)  # fmt: skip


def _section(doc: str, title: str) -> str | None:
    """The body of a numpydoc section (``title`` underlined with dashes), or None."""
    m = re.search(rf"^{title}\n-{{3,}}\n(.*?)(?=^\w[\w ]*\n-{{3,}}\n|\Z)", doc, re.M | re.S)
    return m.group(1) if m else None


def _documented_parameters(section: str) -> set[str]:
    """The names a Parameters section describes (``a, b : int`` names two; ``**kw`` is kw)."""
    names: set[str] = set()
    for line in section.splitlines():
        if line and not line[0].isspace():
            names |= {n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")}
    return names


def test_public_functions_have_numpydoc_sections():
    """Parameters names every parameter; Returns (or Yields) says what comes back."""
    members = [
        (q, f)
        for q, f, kind in _public_members()
        if kind in ("function", "method")
        and any(q == m or q.startswith(m + ".") for m in NUMPYDOC_MODULES)
    ]
    assert len(members) > 150  # the walk found the modules
    problems = []
    for q, f in members:
        doc = inspect.cleandoc(f.__doc__ or "")
        params = [p for p in inspect.signature(f).parameters if p not in ("self", "cls")]
        section = _section(doc, "Parameters")
        if params and section is None:
            problems.append(f"{q}: no Parameters section")
        elif params:
            missing = [p for p in params if p not in _documented_parameters(section)]
            if missing:
                problems.append(f"{q}: Parameters does not describe {missing}")
        returns = f.__annotations__.get("return")
        if returns not in (None, "None") and not (
            _section(doc, "Returns") or _section(doc, "Yields")
        ):
            problems.append(f"{q}: no Returns section")
    assert not problems, "\n".join(problems)


def test_docstring_examples_of_those_modules_run():
    """The Examples of :data:`NUMPYDOC_MODULES` are doctests, and they pass."""
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    ran = 0
    for info in pkgutil.walk_packages(planlib.__path__, "planlib."):
        if info.name.endswith(".__main__"):
            continue
        if any(info.name == m or info.name.startswith(m + ".") for m in NUMPYDOC_MODULES):
            for test in finder.find(importlib.import_module(info.name)):
                ran += len(test.examples)
                runner.run(test)
    assert ran > 30  # the examples were found
    assert runner.failures == 0, f"{runner.failures} failing examples (printed above)"


def _undocumented_options(app: typer.Typer) -> list[str]:
    """Commands of ``app`` without a docstring, and parameters without a typer ``help=``.

    typer reads a parameter's help from the ``typer.Argument``/``typer.Option`` in its
    ``Annotated`` type (or its default); :func:`typer.utils.get_params_from_function`
    is how typer itself finds that ``ParameterInfo``.
    """
    from typer.models import ParameterInfo
    from typer.utils import get_params_from_function

    problems = []
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__.replace("_", "-")
        if not (cmd.help or inspect.getdoc(cmd.callback) or "").strip():
            problems.append(f"{name}: no docstring (its --help text)")
        for p, meta in get_params_from_function(cmd.callback).items():
            info = meta.default
            if not isinstance(info, ParameterInfo) or not (info.help or "").strip():
                problems.append(f"{name} {p}: no help= text")
    return problems


def test_cli_commands_document_every_option():
    """planlib's commands are documented by typer (docstring = --help, ``help=`` per option).

    They are not in :data:`NUMPYDOC_MODULES`: numpydoc sections would print in --help.
    """
    from planlib.cli import app

    assert len(app.registered_commands) >= 12  # the walk found the commands
    assert not _undocumented_options(app), "\n".join(_undocumented_options(app))


def test_the_cli_check_finds_an_undocumented_option():
    """The check above fails on a command without a docstring or with an option without help."""
    app = typer.Typer()

    @app.command()
    def documented(x: Annotated[int, typer.Option(help="Jumlah")] = 1) -> None:
        """Perintah yang lengkap."""

    @app.command("tanpa-help")
    def undocumented(
        folder: Annotated[str, typer.Argument()],
        y: Annotated[int, typer.Option(help="")] = 2,
        z: int = 3,
    ) -> None:
        pass

    assert _undocumented_options(app) == [
        "tanpa-help: no docstring (its --help text)",
        "tanpa-help folder: no help= text",
        "tanpa-help y: no help= text",
        "tanpa-help z: no help= text",
    ]


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
