"""nbgrader's ClearSolutions, giving students the kit's stubs back (see nbcells.py).

Loaded only by nbgrader, through the nbgrader_config.py that `make nbgrader`
writes: `nbgrader generate_assignment` then replaces each solution region with
the `### STUB` lines that follow it (the stub's own code: the insecure bank,
the deadlocking philosophers) instead of one generic "YOUR CODE HERE". A
region with no `### STUB` line after it gets nbgrader's code stub, as usual.
"""

from __future__ import annotations

from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import ClearSolutions

from graders.instructor.nbcells import SourceProblem, release_text


class StubSolutions(ClearSolutions):
    def _replace_solution_region(self, cell, language: str) -> bool:
        if cell.cell_type != "code":
            return super()._replace_solution_region(cell, language)
        try:
            cell.source, replaced = release_text(
                cell.source,
                self.code_stub[language],
                self.begin_solution_delimeter,
                self.end_solution_delimeter,
            )
        except SourceProblem as problem:
            self.log.error("%s. Cell contents are:\n%s", problem, cell.source)
            raise RuntimeError(str(problem)) from None
        return replaced


def preprocessors() -> list:
    """generate_assignment's own steps, with StubSolutions in place of ClearSolutions."""
    steps = GenerateAssignment.class_traits()["preprocessors"].default()
    return [StubSolutions if step is ClearSolutions else step for step in steps]
