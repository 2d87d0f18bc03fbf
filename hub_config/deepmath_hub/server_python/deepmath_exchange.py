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
