"""Channel adapters: LINE, Telegram and the web chat, each translating its platform to and
from the channel-neutral model in `bot.messages`. Platform SDKs are imported only here."""
