"""Language models: cross-entropy and perplexity of text under a character n-gram model.

A built-in, pasted or uploaded text trains the model; held-out or pasted text tests it.
The page shows the cross-entropy and perplexity, each character's surprisal, how the
cross-entropy changes with the model's order (overfitting), and real compressors as
models of the same text. Sections are in explorer/language/, the model in xentcore/ngram.
"""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.language import compute, inputs, sections
from explorer.page import open_page

page = open_page("pages/7_Language_models.py", inputs.PARAMS, extra_keys=inputs.EXTRA_KEYS)
sections.show_intro()
values = inputs.read()  # 1. read
texts = sections.show_texts(values)  # the texts, or None once a message says what is missing
if texts is not None:
    sections.first_fit(texts, page.base)  # a progress bar the first time a long text is seen
    results = compute.results(values, texts, page.unit, page.base)  # 2. compute (cached)
    sections.draw(values, texts, results, page.unit)  # 3. draw
sections.show_method()
page.state.sync_url()
