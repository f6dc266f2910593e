"""Start and stop the LINE channel's long-lived parts (called when the gateway starts)."""

from dataclasses import dataclass

from linebot.v3.webhook import WebhookParser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.config import Settings
from api.help.privacy import PRIVACY_PATH
from bot.channels.line.sender import LineClients, LineSender
from bot.gateway.evidence import EvidenceStore
from bot.gateway.flow import MessageFlow
from bot.gateway.ordering import SerialQueues
from bot.gateway.pipeline import Pipeline


@dataclass(frozen=True)
class LineChannel:
    """What the LINE webhook and the delivery worker need: verify, receive, send."""

    parser: WebhookParser
    pipeline: Pipeline
    sender: LineSender
    clients: LineClients


def start_line(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    flow: MessageFlow,
    queues: SerialQueues,
) -> LineChannel:
    """The SDK clients, webhook parser and pipeline; close `clients` when the app stops."""
    clients = LineClients(
        access_token=settings.line_channel_access_token.get_secret_value(),
        api_base_url=settings.line_api_base_url,
        data_api_base_url=settings.line_data_api_base_url,
    )

    async def fetch_content(message_id: str) -> bytes:
        return bytes(await clients.blob.get_message_content(message_id))

    sender = LineSender(clients)
    pipeline = Pipeline(
        flow=flow,
        sessions=sessions,
        sender=sender,
        fetch_content=fetch_content,
        evidence=EvidenceStore(settings.evidence_dir, settings.evidence_max_bytes),
        queues=queues,
        privacy_url=settings.public_base_url.rstrip("/") + PRIVACY_PATH,
    )
    return LineChannel(
        WebhookParser(settings.line_channel_secret.get_secret_value()), pipeline, sender, clients
    )
