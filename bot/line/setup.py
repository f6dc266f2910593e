"""Start and stop the LINE channel's long-lived parts (called from the gateway lifespan)."""

from fastapi import FastAPI
from linebot.v3.webhook import WebhookParser

from api.core.config import Settings
from bot.evidence import EvidenceStore
from bot.line.sender import LineClients, LineSender
from bot.ordering import SerialQueues
from bot.pipeline import Pipeline
from bot.router import MessageRouter


def start_line(
    app: FastAPI, settings: Settings, router: MessageRouter, queues: SerialQueues
) -> LineClients:
    clients = LineClients(
        access_token=settings.line_channel_access_token,
        api_base_url=settings.line_api_base_url,
        data_api_base_url=settings.line_data_api_base_url,
    )

    async def fetch_content(message_id: str) -> bytes:
        return bytes(await clients.blob.get_message_content(message_id))

    app.state.line_parser = WebhookParser(settings.line_channel_secret)
    app.state.line_sender = LineSender(clients)
    app.state.line_pipeline = Pipeline(
        router=router,
        sessions=app.state.sessionmaker,
        sender=app.state.line_sender,
        fetch_content=fetch_content,
        evidence=EvidenceStore(settings.evidence_dir, settings.evidence_max_bytes),
        queues=queues,
    )
    return clients
