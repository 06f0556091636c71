"""Database access: connections (read-only, redacted), a throwaway server, live catalogs."""
