"""Softmax & logits: from scores to probabilities, the loss, its gradient and one step.

The page's parts are in explorer/softmax/: inputs (the panel), compute (xentcore),
sections and step (the drawing), wording (every message).
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.page import open_page
from explorer.softmax import compute, inputs, sections

page = open_page("pages/2_Softmax_and_logits.py", inputs.PARAMS, extra_keys=inputs.EXTRA_KEYS)
preset_slot = sections.intro()
values = inputs.read()  # 1. read
results = compute.results(values, page.base)  # 2. compute
sections.draw(values, results, page, preset_slot)  # 3. draw
page.state.sync_url()
