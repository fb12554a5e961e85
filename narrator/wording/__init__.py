"""Facts to words: house style, phrasing rules and their conditions, and the Jinja templates."""
