"""The offline mirror: every registered site served on loopback, built from the fixtures."""
