"""Loss curves: each loss against the predicted probability of the true class.

The headline inputs sit above four lazy tabs (only the open one is drawn); the page's
package is explorer/curves/ (inputs, wording, compute with xentcore.curves, sections,
figures). This script wires them in reading order.
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.curves import compute, inputs, sections
from explorer.page import open_page

page = open_page(inputs.PAGE_PATH, inputs.PARAMS, presets=inputs.page_presets())
sections.intro(page)
values = inputs.read()  # 1. read
results = compute.results(values, page.base)  # 2. compute (each tab's numbers when it opens)
sections.draw(values, results, page)  # 3. draw
page.state.sync_url()
