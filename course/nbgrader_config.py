# nbgrader configuration of the deepmath course (instructor-owned).
# The hub (hub_config/) adds the exchange through a global nbgrader_config.py.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "deepmath"
# Stub left in place of each solution (French, like the notebooks).
c.ClearSolutions.code_stub = {"python": "# VOTRE CODE ICI\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"
# Grading never runs in the student's kernel: `deepmath grade` replaces `nbgrader autograde`.
c.Execute.timeout = 30
