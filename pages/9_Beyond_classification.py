"""Beyond classification: cross-entropy as likelihood, for regression, for two variables,
for densities, and as an optimiser (the cross-entropy method).

Five lazy tabs (only the open one is drawn), each reading its own inputs; the page's
package is explorer/beyond/ (inputs, table, wording, compute with xentcore.practice,
sections, figures, animation). This script wires them in reading order.
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.beyond import inputs, sections
from explorer.page import open_page

page = open_page(
    inputs.PAGE_PATH,
    inputs.PARAMS,
    extra_keys=inputs.EXTRA_KEYS,
    enter=inputs.enter,
    notices_now=False,  # shown under the intro
)
sections.draw(page)  # each tab reads its inputs, computes with xentcore, draws
page.state.sync_url()
