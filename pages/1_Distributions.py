"""Distributions: P and Q over named classes, and everything cross-entropy says about them.

The learner edits a table of classes with their true probabilities P and predicted Q
(or picks a worked example); the page shows the entropies, cross-entropies and
divergences xentcore.decomposition computes, and how H(P,Q) = H(P) + KL(P‖Q).
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.distributions import compute, inputs, sections
from explorer.page import open_page

page = open_page(inputs.PAGE_PATH, inputs.PARAMS, extra_keys=inputs.EXTRA_KEYS, enter=inputs.enter)
sections.intro()
values, areas = inputs.read(page.state, page.unit)  # 1. read: the table, the example
results = compute.results(values.table, page.base)  # 2. compute
walk = sections.draw(values, results, areas, page.unit, page.base)  # 3. draw
inputs.sync_url(page.state, values.table, walk)
