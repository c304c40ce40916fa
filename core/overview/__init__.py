"""The whole path at a glance: the Introduction's pipeline and the Conclusion's recap."""
