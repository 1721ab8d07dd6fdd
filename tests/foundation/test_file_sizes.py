"""No app source file over 500 lines: a file that grows past it has found a second
responsibility, and is split along it (as reports/selectors/ and the services were)."""

from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 500


def app_sources() -> list[Path]:
    apps = [name for name in settings.INSTALLED_APPS if (ROOT / name).is_dir()]
    files = [path for app in [*apps, "peel"] for path in (ROOT / app).rglob("*.py")]
    return [path for path in files if "migrations" not in path.parts]


def test_the_apps_are_found():
    names = {path.relative_to(ROOT).parts[0] for path in app_sources()}
    assert {"peel", "accounts", "inspections", "improvements", "api", "reports"} <= names


def test_no_app_source_file_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in app_sources()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
