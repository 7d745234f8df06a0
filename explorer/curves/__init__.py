"""The Loss curves page: each loss against the predicted probability of the true class."""
