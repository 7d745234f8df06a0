"""Lesson: from surprise to cross-entropy as a training loss, one step at a time.

Thirteen steps and a quiz, each with one live widget and one chart, a question to answer
before the number is shown, and a link to the page the step comes from. The step is in
the URL (?step=5), so a shared link opens the lesson where the teacher is.
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.lesson import inputs, sections
from explorer.page import open_page

page = open_page("pages/0_Lesson.py", inputs.PARAMS, extra_keys=inputs.EXTRA_KEYS, title=False)
values = inputs.read()  # 1. read: the open step (its slider is drawn in its section)
sections.show_lesson(values, page)  # 2. compute with xentcore (cached) and 3. draw
page.state.sync_url()
