"""The photo and the models: safe decoding within a memory budget, the offline model registry,
inference, and photo batches."""
