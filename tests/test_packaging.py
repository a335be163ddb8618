"""The repository itself: one dependency list, clean notebooks, the README's two commands."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: conda-forge names that differ from the PyPI names
CONDA_TO_PYPI = {"python-kaleido": "kaleido"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_pyproject_dependencies():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = {_name(d) for d in deps}
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    plain = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {CONDA_TO_PYPI.get(_name(d), _name(d)) for d in plain} - {"python", "pip"}
    assert wanted == listed, (wanted - listed, listed - wanted)
    assert pip == ["-e ."]


def test_notebooks_are_the_packages():
    """notebooks/ is the package's folder (shipped in the wheel), not a second copy."""
    assert (ROOT / "notebooks").resolve() == (ROOT / "planlib" / "notebooks").resolve()
    assert sorted((ROOT / "notebooks").glob("0[0-9]-*.ipynb"))
    assert (ROOT / "voila.json").resolve() == (ROOT / "planlib" / "config" / "voila.json").resolve()


def test_notebooks_have_no_outputs():
    found = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    assert any(p.parent.name == "eksplorasi" for p in found)
    for nb_path in found:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), nb_path.name
                assert cell.get("execution_count") is None, nb_path.name


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S)
    assert blocks, "README has no command block"
    first = [line.strip() for line in blocks[0].splitlines() if line.strip()]
    assert first == ["make serve", "make test"]


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_no_shared_data_copied_into_the_repo(shared):
    import hashlib
    import subprocess

    digests = {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in shared.rglob("*")
        if p.is_file() and p.stat().st_size > 2000
    }
    assert digests, f"no shared data file found under {shared}"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    for t in tracked:
        p = ROOT / t
        if p.is_file() and p.stat().st_size > 2000:
            assert hashlib.sha256(p.read_bytes()).hexdigest() not in digests, t


def test_the_front_door_is_typed_like_the_loader():
    """``planlib.open_workspace`` names the loader's parameters (no ``**kwargs`` to type-check)."""
    import inspect

    import planlib
    from planlib import workspace

    front, loader = (
        inspect.signature(planlib.open_workspace),
        inspect.signature(workspace.open_workspace),
    )
    assert list(front.parameters) == list(loader.parameters)
    for name, p in front.parameters.items():
        q = loader.parameters[name]
        assert (p.kind, p.default, str(p.annotation)) == (q.kind, q.default, str(q.annotation))
    assert front.return_annotation == "Workspace"
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "py.typed" in package_data["package-data"]["planlib"]
    assert (ROOT / "planlib" / "py.typed").is_file()
