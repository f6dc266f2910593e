"""The gateway signs the citizen id it hands to Rasa; the API checks the signature the
action server forwards. The action server holds the service token but not this key, so a
request forged to it (or by it) cannot act for another citizen."""

import hashlib
import hmac

# Carried from the gateway to Rasa (message metadata) and from the action server to the
# API (request header) under these names.
METADATA_KEY = "sender_signature"
HEADER = "X-Desk-Sender-Signature"
_CONTEXT = b"desk-sender:v1:"


def derived_key(session_secret: str) -> bytes:
    """The signing key when SENDER_SIGNING_KEY is not set: derived from SESSION_SECRET."""
    return hmac.new(session_secret.encode(), b"desk-sender-signing-v1", hashlib.sha256).digest()


def sign_sender(key: bytes, sender_id: str) -> str:
    return hmac.new(key, _CONTEXT + sender_id.encode(), hashlib.sha256).hexdigest()


def sender_signature_valid(key: bytes, sender_id: str, signature: str) -> bool:
    return hmac.compare_digest(sign_sender(key, sender_id), signature)
