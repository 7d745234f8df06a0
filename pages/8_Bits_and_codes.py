"""Bits & codes: cross-entropy as the length of a code built for Q, used on messages from P.

The page builds Huffman and Shannon codes for Q, sends a random message from P with
them, and shows that the bits per symbol settle near H(P,Q) (explorer/codes/ holds the
sections).
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.codes import compute, inputs, sections
from explorer.page import open_page

PAGE = "pages/8_Bits_and_codes.py"
page = open_page(PAGE, inputs.PARAMS, presets=inputs.presets(PAGE))
sections.show_intro(page.unit)

controls = inputs.read(page.state)  # 1. read: the examples, the texts, the message's controls
results = compute.results(controls.names, controls.p, controls.q)  # 2. check and compare
sections.draw(results, controls)  # 3. draw

inputs.sync_url(page.state)
