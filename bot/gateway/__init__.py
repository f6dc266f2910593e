"""The message gateway: every inbound message's life after a channel verified it — stored,
handed to staff or answered through Rasa, delivered, retried — and the domain's notices."""
