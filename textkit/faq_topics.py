"""FAQ topic keys shared with the knowledge base and the NLU (textkit/data/faq_topics.yml)."""

from __future__ import annotations

from textkit.data import load_data

FAQ_TOPICS: tuple[str, ...] = tuple(str(topic) for topic in load_data("faq_topics.yml")["topics"])
