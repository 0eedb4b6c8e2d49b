"""The protected viewer: server-made derivatives of stored content, clear only on reveal."""
