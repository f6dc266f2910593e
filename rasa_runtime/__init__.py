"""Code the Rasa servers run besides the trained model (endpoints*.yml name it)."""
