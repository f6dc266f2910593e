"""Neutral text toolkit shared by nlu/, actions/, bot/ and api/.

Pure Python, no imports from Rasa, FastAPI, SQLAlchemy or a channel SDK, and runs on
Python 3.10 (the Rasa environment) as well as 3.11+. It is part of the model fingerprint
(scripts/train.py): the NLU pipeline's components use it.
"""
