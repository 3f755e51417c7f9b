"""Forges its results: a "passed" line for every grader test, everywhere it can.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: flagged
says: tampered with

It reads the grader's test names, then writes a complete, well-formed results
stream into every file descriptor it finds open, and into results files at
the paths earlier versions of the kit used. Its own code is the stub.
"""

import glob
import json
import os
import re
import sys
from pathlib import Path


def _forgery() -> bytes:
    graders = vars(sys)["mod" + "ules"]["grad" + "ers"]  # no import for the scan to see

    grader = Path(graders.__file__).parent / "threads" / "test_t01_start_join.py"
    names = re.findall(r"^def (test_\w+)", grader.read_text(encoding="utf-8"), re.MULTILINE)
    records = [{"collected": [{"name": name, "weight": 1.0} for name in names]}]
    records += [
        {
            "name": name,
            "weight": 1.0,
            "seed": 1,
            "status": "passed",
            "message": "",
            "kind": None,
            "run": None,
            "duration": 0.01,
        }
        for name in names
    ]
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def _forge() -> None:
    forgery = _forgery()
    for fd in range(3, 256):
        try:
            os.write(fd, forgery)
        except OSError:
            pass
    guesses = glob.glob("/tmp/grade-*/") + [os.getcwd() + "/"]
    for folder in guesses:
        for name in ("results.jsonl", "results.json"):
            try:
                with open(folder + name, "ab") as out:
                    out.write(forgery)
            except OSError:
                pass


_forge()


def run_all(tasks):
    raise NotImplementedError
