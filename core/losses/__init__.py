"""Negative log likelihood and cross-entropy: math (vs torch), the validated batch, figures,
tables, the labs and their code panels."""
