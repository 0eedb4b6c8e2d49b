"""The encrypted content store: AES-GCM per object, object keys wrapped by a master key."""
