"""The layers contract (pyproject.toml, checked by `lint-imports` in the gate) holds the
project, covers every app, and fails when a lower layer imports a higher one."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def layer_names() -> list[str]:
    (contract,) = CONFIG["contracts"]
    names = []
    for layer in contract["layers"]:
        for name in layer.replace(":", "|").split("|"):
            names.append(name.strip().strip("()"))
    return names


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def fake_project(tmp_path: Path, imports: dict[str, str]) -> Path:
    """The project's apps as empty packages with the real contract, plus `imports`:
    {"inspections.breach": "import improvements"}."""
    contract = (ROOT / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(contract[contract.index("[tool.importlinter]") :])
    for package in CONFIG["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for module, line in imports.items():
        package, name = module.split(".")
        (tmp_path / package / f"{name}.py").write_text(line + "\n")
    return tmp_path


def test_the_project_keeps_its_layers():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout


def test_every_app_of_the_project_has_a_layer():
    local_apps = {
        app.split(".")[0]
        for app in settings.INSTALLED_APPS
        if (ROOT / app.split(".")[0] / "__init__.py").exists()
    }

    assert local_apps <= set(CONFIG["root_packages"])
    assert set(CONFIG["root_packages"]) <= set(layer_names())


def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tmp_path):
    project = fake_project(tmp_path, {"inspections.breach": "import improvements"})

    result = lint_imports(project)

    assert result.returncode == 1
    assert "inspections is not allowed to import improvements" in result.stdout


def test_two_page_apps_importing_each_other_break_the_contract(tmp_path):
    project = fake_project(tmp_path, {"reports.breach": "import workspace"})

    result = lint_imports(project)

    assert result.returncode == 1
    assert "reports is not allowed to import workspace" in result.stdout


def test_a_higher_layer_may_import_the_ones_below(tmp_path):
    project = fake_project(
        tmp_path,
        {
            "workspace.uses": "import improvements, inspections, accounts, peel",
            "improvements.uses": "import inspections",
        },
    )

    result = lint_imports(project)

    assert result.returncode == 0, result.stdout
