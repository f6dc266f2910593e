"""The LINE channel: adapter, renderer, sender and webhook on line-bot-sdk 3 (async)."""
