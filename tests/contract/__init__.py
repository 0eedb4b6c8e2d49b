"""Contract tests: one test body run against the fake and the real implementation of each port."""
