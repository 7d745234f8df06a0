"""Training: gradient descent on cross-entropy, watched live.

Run A trains with the loss the user picks, run B from the same weights with another, so
the two curves can be compared step by step (explorer/training/ holds the sections).
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.page import open_page
from explorer.training import compute, inputs, sections

page = open_page("pages/6_Training.py", inputs.PARAMS, extra_keys=inputs.EXTRA_KEYS)
sections.show_intro(page.unit)

controls = inputs.read()  # 1. read the controls
sections.show_problems(controls)
with sections.progress_bar() as report:  # 2. train, or fetch the cached runs
    results = compute.results(controls, report, inputs.latest_runs())
sections.draw(results, page.unit, page.base)  # 3. draw

page.state.sync_url()
