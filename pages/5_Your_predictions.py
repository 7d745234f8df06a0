"""Your predictions: upload a model's outputs and get the cross-entropy story of them."""

import explorer  # noqa: F401  (first: the libraries load once, whichever session asks)
from explorer.page import open_page
from explorer.predictions import compute, inputs, sections

page = open_page("pages/5_Your_predictions.py", inputs.PARAMS, extra_keys=inputs.EXTRA_KEYS)
sections.intro()
# 1. Read: the file (read, mapped and checked once per content), then the settings.
source = inputs.source_inputs()
loaded, progress = sections.load(source)
chosen = inputs.settings_inputs(loaded.data)
# 2. Compute with xentcore (cached by the file's digest and the settings).
results = compute.results(loaded, chosen.class_weight, chosen.smoothing, chosen.bins)
# 3. Draw.
sections.draw(loaded, chosen, results, progress, page)
page.state.sync_url()
