"""The Softmax & logits page: logits to probabilities, the loss, its gradient and one step."""
