"""Importing an exercise module from a target folder laid out like exercises/.

The module is imported by its dotted id (`threads.t05_bank`) with the target
folder first on sys.path, so multiprocessing children (spawn, forkserver)
can import it again by the same name. The folders need no __init__.py.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from graders.catalogue import Exercise
from graders.i18n.messages import say
from graders.judge import verdicts
from graders.judge.diagnose import Describer, error_text
from graders.judge.verdicts import Verdict


class ImportFailed(Verdict):
    kind = verdicts.IMPORT
    status = "error"


def load(exercise: Exercise, target: Path) -> ModuleType:
    path = exercise.file_in(target)
    if not path.is_file():
        raise ImportFailed(say("harness.missing_file", path=path))
    folder = str(Path(target).resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module_name = exercise.id.replace("/", ".")
    try:
        return importlib.import_module(module_name)
    except BaseException as error:  # noqa: BLE001 - any failure at import is the verdict
        where = ""
        if isinstance(error, SyntaxError) and error.lineno:
            where = say("harness.source_line", line=error.lineno)
        else:  # the student's line that raised, not the import machinery's
            where = Describer(frozenset({str(Path(folder) / f"{exercise.id}.py")})).exception(error)
        raise ImportFailed(say("harness.import_failed", error=error_text(error) + where)) from error
