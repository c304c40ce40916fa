"""The article's printed values, and the one rule that compares them with what torch computes."""
