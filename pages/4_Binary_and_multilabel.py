"""Binary & multi-label: BCE from probabilities and logits, BCE(x, x), log loss, log(0).

The prediction p and the target t sit above five lazy tabs (only the open one is
drawn); the page's package is explorer/binary/ (inputs, wording, compute with
xentcore.binary, sections, figures). This script wires them in reading order.
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.binary import compute, inputs, sections
from explorer.page import open_page

page = open_page(
    inputs.PAGE_PATH,
    inputs.PARAMS,
    extra_keys=inputs.EXTRA_KEYS,
    enter=inputs.enter,
    notices_now=False,  # shown under the intro
)
preset_slot = sections.intro(page)  # filled last, from this run's inputs
values = inputs.read()  # 1. read
results = compute.results(values, page.base)  # 2. compute
sections.draw(values, results, page, preset_slot)  # 3. draw
page.state.sync_url()
