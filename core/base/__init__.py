"""The shared base: torch wrappers, numbers, text escaping, the i18n catalogue, chart style,
exports, the current-logits record, share links and the code-panel type."""
