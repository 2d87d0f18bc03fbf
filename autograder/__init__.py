"""deepmath's autograder: symbolic answer checking, sandboxed grading over nbgrader, CLI.

Layers (each a small module): ``answers`` (data handed out by the kernel), ``compare`` and
``symbolic`` (checking), ``items`` (graded questions as data), ``variants`` (per-student
parameters), ``pipeline`` (named grading steps), ``sandbox`` (bubblewrap), ``gradebook`` and
``feedback`` (outputs), ``api`` (library entry points) and ``cli`` (the ``deepmath`` command).
"""

__all__ = ["api", "answers", "compare", "items", "model", "pipeline", "sandbox", "symbolic",
           "variants"]
