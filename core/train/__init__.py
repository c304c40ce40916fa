"""Train it: a new linear head on the model's pooled features of the learner's own photos,
trained by full-batch gradient descent on cross-entropy (and, side by side, on squared error)."""
