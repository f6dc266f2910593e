"""Send to LINE through the official async SDK: reply token first, push otherwise."""

import logging
import urllib.request
import uuid
from collections.abc import Sequence
from urllib.parse import urlsplit

import aiohttp
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    AsyncMessagingApiBlob,
    Configuration,
    Message,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
)

from bot.channels.line.render import to_line
from bot.gateway.delivery import Delivery, DeliveryFailed, mask
from bot.messages import OutboundMessage

log = logging.getLogger(__name__)
MAX_PER_REQUEST = 5
LOADING_SECONDS = 20
_RETRYABLE = {429, 500, 502, 503, 504}
# A push whose retry key LINE already accepted answers 409: it was sent.
_ALREADY_ACCEPTED = 409


class LineClients:
    """The SDK clients for the messaging API and the content (data) API."""

    def __init__(self, *, access_token: str, api_base_url: str, data_api_base_url: str) -> None:
        self._api, api_session = _client(api_base_url, access_token)
        self._data, data_session = _client(data_api_base_url, access_token)
        self._sdk_sessions = [api_session, data_session]
        self.messaging = AsyncMessagingApi(self._api)
        self.blob = AsyncMessagingApiBlob(self._data)

    async def close(self) -> None:
        await self._api.close()
        await self._data.close()
        for session in self._sdk_sessions:  # they own the connectors
            await session.close()


def _client(base_url: str, access_token: str) -> tuple[AsyncApiClient, aiohttp.ClientSession]:
    """An SDK client whose aiohttp session does not consult the environment per request.
    The SDK opens its session with `trust_env=True`, so every call to LINE (two per turn:
    typing indicator, reply) read ~/.netrc and the proxy variables in a worker thread —
    two thread hops each. The proxy variables are read here, once, instead (HTTPS_PROXY,
    NO_PROXY …: a city network that needs a proxy still gets it). Returns the client and
    the SDK's own session, which keeps owning the connector until `close`."""
    configuration = Configuration(host=base_url, access_token=access_token)
    configuration.proxy = env_proxy(base_url)
    client = AsyncApiClient(configuration)
    rest = client.rest_client
    sdk_session: aiohttp.ClientSession = rest.pool_manager
    rest.pool_manager = aiohttp.ClientSession(
        connector=sdk_session.connector, connector_owner=False, trust_env=False
    )
    return client, sdk_session


def env_proxy(url: str) -> str | None:
    """The proxy the environment names for this URL, unless NO_PROXY exempts its host."""
    parts = urlsplit(url)
    if parts.hostname is None or urllib.request.proxy_bypass(parts.hostname):
        return None
    return urllib.request.getproxies().get(parts.scheme)


class LineSender:
    """Implements `ChannelSender` for LINE."""

    def __init__(self, clients: LineClients) -> None:
        self._api = clients.messaging

    async def deliver(
        self,
        user_id: str,
        messages: Sequence[OutboundMessage],
        *,
        reply_context: str | None,
        retry_key: str,
    ) -> Delivery:
        batches = _batches(to_line(list(messages)))
        if not batches:
            return Delivery.REPLY
        how = Delivery.PUSH
        if reply_context and await self._reply(reply_context, batches[0]):
            batches, how = batches[1:], Delivery.REPLY
        for number, batch in enumerate(batches):
            await self._push(user_id, batch, _batch_key(retry_key, number))
            how = Delivery.PUSH
        return how

    async def show_typing(self, user_id: str) -> None:
        request = ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=LOADING_SECONDS)
        try:
            await self._api.show_loading_animation(request)
        except (ApiException, aiohttp.ClientError, TimeoutError) as exc:
            log.info("loading animation for %s not shown: %s", mask(user_id), _reason(exc))

    async def _reply(self, token: str, batch: list[Message]) -> bool:
        """False when the token is spent or expired: the caller pushes instead."""
        try:
            await self._api.reply_message(ReplyMessageRequest(reply_token=token, messages=batch))
        except ApiException as exc:
            if exc.status in _RETRYABLE:
                raise DeliveryFailed(f"reply failed: {_reason(exc)}") from exc
            log.info("reply token unusable (%s), pushing instead", exc.status)
            return False
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryFailed(f"LINE unreachable: {_reason(exc)}") from exc
        return True

    async def _push(self, user_id: str, batch: list[Message], key: str) -> None:
        request = PushMessageRequest(to=user_id, messages=batch)
        try:
            await self._api.push_message(request, x_line_retry_key=key)
        except ApiException as exc:
            if exc.status == _ALREADY_ACCEPTED:
                return
            permanent = exc.status not in _RETRYABLE
            raise DeliveryFailed(f"push failed: {_reason(exc)}", permanent=permanent) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryFailed(f"LINE unreachable: {_reason(exc)}") from exc


def _batches(messages: list[Message]) -> list[list[Message]]:
    """LINE takes at most five messages per reply or push."""
    return [messages[i : i + MAX_PER_REQUEST] for i in range(0, len(messages), MAX_PER_REQUEST)]


def _batch_key(retry_key: str, number: int) -> str:
    if number == 0:
        return retry_key
    return str(uuid.uuid5(uuid.UUID(retry_key), str(number)))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ApiException):
        return f"{exc.status} {exc.reason}"
    return type(exc).__name__
