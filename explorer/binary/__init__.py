"""The Binary & multi-label page: BCE from probabilities and logits, log loss, log(0)."""
