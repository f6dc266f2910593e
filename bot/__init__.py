"""Channel gateway: LINE, Telegram and web chat behind one channel-neutral message model."""
