"""Composition root: the one FastAPI app holding the channel gateway (bot/) and the API (api/)."""
