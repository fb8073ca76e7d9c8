"""Passages, tags and notes in SQLite, their anchors, and their export. Never imports Qt."""
