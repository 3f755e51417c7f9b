"""`make soak`: grade solutions/ many times, CPU loaded, under every supported Python.

Any verdict but a pass is printed. Pythons are found with pyenv and as
python3.X on PATH (3.10 to 3.15), or, without either, the one running this
script. Each gets its own virtual environment, .venv-soak-<version>, made from requirements.txt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graders.catalogue import EXERCISES, ROOT

SUPPORTED = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")


def pythons() -> list[Path]:
    """One interpreter per supported minor version: pyenv's builds, then python3.X on PATH
    (a distribution's 3.14 and 3.15, say); without either, the one running this script."""
    found = {}
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        root = None
    if root:
        for folder in sorted(Path(root, "versions").glob("3.*")):
            minor = ".".join(folder.name.split(".")[:2])
            if minor in SUPPORTED and (folder / "bin" / "python").exists():
                found[minor] = folder / "bin" / "python"
    for minor in SUPPORTED:
        on_path = shutil.which(f"python{minor}")
        if minor not in found and on_path:
            found[minor] = Path(on_path)
    return [found[minor] for minor in SUPPORTED if minor in found] or [Path(sys.executable)]


def venv_for(python: Path) -> Path:
    version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    venv = ROOT / f".venv-soak-{version}"
    marker = venv / ".installed"
    wanted = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    # Reinstall whenever the pinned requirements change (the marker keeps what was installed).
    if not marker.exists() or marker.read_text(encoding="utf-8") != wanted:
        subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(ROOT / "requirements.txt"),
            ],
            check=True,
        )
        marker.write_text(wanted, encoding="utf-8")
    return venv / "bin" / "python"


def load(cores: int):
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cores)]


def main() -> int:
    parser = argparse.ArgumentParser(prog="make soak")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--track", choices=("threads", "processes", "aio"), help="grade only this track's solutions"
    )
    args = parser.parse_args()
    bad = 0
    hogs = load(2)
    try:
        for python in pythons():
            venv_python = venv_for(python)
            label = "Python " + venv_python.parent.parent.name.removeprefix(".venv-soak-")
            seconds, failures = [], 0
            for round_ in range(args.rounds):
                with tempfile.TemporaryDirectory() as scratch:
                    report = Path(scratch) / "report.json"
                    command = [
                        str(venv_python),
                        "-m",
                        "graders",
                        "grade",
                        "--target",
                        "solutions",
                        "--json",
                        str(report),
                    ]
                    for exercise in EXERCISES:
                        if args.track and exercise.track == args.track:
                            command += ["--exercise", exercise.id]
                    started = time.monotonic()
                    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
                    seconds.append(time.monotonic() - started)
                    data = json.loads(report.read_text())
                for exercise in data["exercises"]:
                    for test in exercise["tests"]:
                        if test["status"] != "passed":
                            failures += 1
                            print(
                                f"  {label} round {round_ + 1}: "
                                f"{exercise['id']}::{test['name']} {test['status']}: "
                                f"{test['message']}",
                                flush=True,
                            )
            bad += failures
            print(
                f"{label}: {args.rounds} gradings, {failures} "
                f"verdicts not a pass, {min(seconds):.1f}-{max(seconds):.1f}s each",
                flush=True,
            )
    finally:
        for hog in hogs:
            hog.kill()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
