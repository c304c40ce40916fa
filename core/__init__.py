"""All computation of Logits Explorer. Nothing here imports streamlit (a test enforces it)."""
