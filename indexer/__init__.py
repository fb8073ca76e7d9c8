"""Reading article files, building the search index, and searching it. Never imports Qt."""
