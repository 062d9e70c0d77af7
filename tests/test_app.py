"""The app through Streamlit's AppTest: every page renders, and the planner's main flows work.

The app reads a small data set (the sample with only the last weeks of history and fewer
agents) through STAFFING_APP_DATA, and the solver gets a short time limit, so the whole file
runs in well under a minute or two on 2 cores.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = (
    "app_pages/data.py",
    "app_pages/forecast.py",
    "app_pages/requirements.py",
    "app_pages/roster.py",
    "app_pages/whatif.py",
    "app_pages/export.py",
)
TIMEOUT_S = 120


def needs(module: str) -> pytest.MarkDecorator:
    """Skip a flow until the library module it drives has landed."""
    try:
        importlib.import_module(module)
    except ImportError as exc:
        return pytest.mark.skip(reason=f"{module} is not available yet ({exc})")
    return pytest.mark.usefixtures()


@pytest.fixture(scope="module")
def app_data(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample folder with ten weeks of history (enough to forecast, fast to read)."""
    out = tmp_path_factory.mktemp("app_data")
    for path in sample_dir.iterdir():
        if path.name != "history.csv":
            shutil.copy(path, out / path.name)
    lines = (sample_dir / "history.csv").read_text(encoding="utf-8").splitlines()
    keep = [line for line in lines[1:] if line >= "2026-09-14"]
    (out / "history.csv").write_text("\n".join([lines[0], *keep]) + "\n", encoding="utf-8")
    return out


@pytest.fixture
def app(app_data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("STAFFING_APP_DATA", str(app_data))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning)]
    parts += [e.value for e in (*at.title, *at.subheader, *at.header, *at.error)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app: AppTest, page: str) -> None:
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, f"{page} shows no title"
    assert "Traceback" not in texts(app)


@needs("staffing.dataset")
def test_data_page_loads_the_sample_and_reports_it_valid(app: AppTest) -> None:
    assert not app.error, [e.value for e in app.error]
    assert any("valid" in s.value for s in app.success)
    assert app.metric


def test_switch_language_to_chinese_and_back(app: AppTest) -> None:
    app.radio(key="app_language").set_value("zh").run()
    assert not app.exception
    assert app.title[0].value == "数据"
    assert "数据来源" in [r.label for r in app.radio]
    app.switch_page("app_pages/roster.py").run()
    assert app.title[0].value == "排班"
    app.radio(key="app_language").set_value("en").run()
    assert app.title[0].value == "Roster"
