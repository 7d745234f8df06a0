"""Home: what cross-entropy is, and one live example to play with.

The learner changes P and Q of a bag of three colours and sees H(P,Q), H(P), KL(P‖Q)
and H(Q,P) follow; below, every worked example opens as a preset on its page.
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.home import compute, inputs, sections
from explorer.page import open_page

page = open_page("app.py", [], reset=False)
sections.intro()
values, chart = inputs.read()  # 1. read P and Q (the third column is the chart's)
results = compute.results(values, page.base)  # 2. compute
sections.draw(values, results, chart, page.unit)  # 3. draw
page.state.sync_url()
