"""Custom actions for the Kaohsiung consumer-protection desk (rasa-sdk)."""
