"""The action server forwards the gateway's signature of the sender id to the desk API
(it cannot make one itself: it does not hold the key)."""

import pytest
from rasa_sdk import Tracker

from actions.common import api_for
from actions.desk_api import SIGNATURE_HEADER


def tracker(metadata: object) -> Tracker:
    latest = {"text": "hi", "metadata": metadata}
    return Tracker("line:U1", {}, latest, [], False, None, {}, None)


def test_the_signature_from_the_message_metadata_goes_with_every_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SERVICE_TOKEN", "s3cret")
    api = api_for(tracker({"sender_signature": "abc123", "language": "en"}))
    assert api.headers["X-Desk-Sender"] == "line:U1"
    assert api.headers[SIGNATURE_HEADER] == "abc123"


@pytest.mark.parametrize("metadata", [None, {}, {"sender_signature": 5}, "junk"])
def test_no_signature_no_header(metadata: object) -> None:
    assert SIGNATURE_HEADER not in api_for(tracker(metadata)).headers
