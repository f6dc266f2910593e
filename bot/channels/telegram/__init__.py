"""The Telegram channel: adapter, sender, webhook and polling on python-telegram-bot 22."""
