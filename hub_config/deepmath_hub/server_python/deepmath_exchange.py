"""nbgrader's submit, without the world-writable submission folder (students' servers).

Stock ``ExchangeSubmit`` leaves each ``inbound/<user>+<assignment>+<time>+<random>`` folder
mode 0777 "so the instructor can delete later": whoever learns its name can then replace or
delete a classmate's files. The inbound directory is setgid to the instructors' group
(``deepmath_hub/provision.py``), so the folder already belongs to that group: owner and
instructors get rwx (0770), nobody else anything. Enabled through
``c.ExchangeFactory.submit`` in the students' global ``nbgrader_config.py``.
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit

SUBMISSION_MODE = 0o770


class PrivateExchangeSubmit(ExchangeSubmit):  # type: ignore[misc]
    """Submit as nbgrader does, then close the submission folder to everyone but the
    student and the instructors' group."""

    def copy_files(self) -> None:
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        if os.stat(dest).st_gid == os.stat(self.inbound_path).st_gid:
            os.chmod(dest, SUBMISSION_MODE)
        else:  # not a group-shared exchange: only then do the instructors need 0777
            self.log.warning("%s: not in the inbound directory's group; left as nbgrader "
                             "made it", dest)


def _links(directory: str, names: list[str]) -> set[str]:
    return {name for name in names if os.path.islink(os.path.join(directory, name))}


class NoLinkExchangeCollect(ExchangeCollect):  # type: ignore[misc]
    """nbgrader's collect, which never follows a symbolic link found in a submission.

    A student can write in their own inbound folder after submitting; stock collect copies it
    with ``shutil.copytree``, which follows links *as the instructor*: a link to the course's
    source notebook or secret would be copied into ``submitted/``, graded and handed back.
    Links are left out (and logged); the grader then records the missing file with a
    message. Enabled through ``c.ExchangeFactory.collect`` in the instructors' config."""

    def do_copy(self, src: str, dest: str, log: object = None) -> None:
        from nbgrader.exchange.default import exchange

        stock = exchange.ignore_patterns

        def ignore_patterns(**kwargs: object) -> object:
            base = stock(**kwargs)

            def ignore(directory: str, names: list[str]) -> set[str]:
                skipped = _links(directory, names)
                for name in sorted(skipped):
                    self.log.warning("not collected (a symbolic link): %s",
                                     os.path.join(directory, name))
                return set(base(directory, names)) | skipped

            return ignore

        exchange.ignore_patterns = ignore_patterns
        try:
            super().do_copy(src, dest, log)
        finally:
            exchange.ignore_patterns = stock
