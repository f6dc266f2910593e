"""Custom Rasa NLU components for the desk (tokenizer, language and pattern entities)."""
