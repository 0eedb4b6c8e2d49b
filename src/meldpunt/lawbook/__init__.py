"""The hotline's own rule files: proposed in the data directory, approved by a manager."""
