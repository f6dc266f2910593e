"""Citizens' channels (`bot.channels`) and the message gateway (`bot.gateway`) behind one
channel-neutral message model (`bot.messages`)."""
