#!/usr/bin/env python3
"""Set up everything and start the app, or run the tests. Needs only Python 3.11+ and git.

    python3 dev.py app     # venv + dependencies + sample data, then the Streamlit app
    python3 dev.py test    # venv + dependencies + sample data (+ Chromium, PostgreSQL), then
                           # lint, type check and tests

Dependencies install from pyproject.toml, pinned by the lock file constraints.txt, so every
machine gets the same versions. The set-up step is skipped when nothing it depends on changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
SAMPLE = ROOT / "data" / "sample"
STAMP = VENV / ".installed"
#: Debian packages the tests use: the real-browser test (with CJK fonts for the Chinese UI)
#: and the PostgreSQL plan store test.
SYSTEM_PACKAGES = {
    "chromium": Path("/usr/bin/chromium"),
    "fonts-noto-cjk": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "postgresql": Path("/usr/lib/postgresql"),
}


def run(*cmd: str | Path, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    ).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", ".[dev]")
        STAMP.write_text(digest)
    if not (SAMPLE / "history.csv").exists():
        run(BIN / "staffing", "sample", "--out", SAMPLE, "--force")  # the app's own folder


def ensure_system_packages() -> None:
    """Install Debian's chromium and postgresql for the tests, when we are allowed to."""
    missing = [name for name, path in SYSTEM_PACKAGES.items() if not path.exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(apt, "update", "-qq", env=env)
        run(apt, "install", "-y", "-qq", *missing, env=env)
    else:
        print(
            f"Not installed and cannot be installed here: {', '.join(missing)}; "
            "the tests that need them will be skipped."
        )


def main() -> None:
    task = sys.argv[1] if len(sys.argv) > 1 else ""
    if task not in {"app", "test", "setup"}:
        sys.exit(__doc__)
    setup()
    if task == "app":
        os.execv(
            BIN / "streamlit", [str(BIN / "streamlit"), "run", str(ROOT / "app.py"), *sys.argv[2:]]
        )
    if task == "test":
        ensure_system_packages()
        run(BIN / "ruff", "check", ".")
        run(BIN / "mypy")
        run(PYTHON, "-m", "pytest", *sys.argv[2:])


if __name__ == "__main__":
    main()
