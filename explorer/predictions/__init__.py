"""The Your predictions page: a model's predictions file in, its cross-entropy story out."""
