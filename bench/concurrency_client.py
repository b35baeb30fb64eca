"""The concurrency benchmark's sessions: websocket clients of a Streamlit server that ask
for pages as a browser does for a typed URL and time each page run on the server."""

from __future__ import annotations

import asyncio
import random
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.concurrency_report import Run

PAGE_TIMEOUT = 600  # seconds; a page run slower than this is a hang, not a measurement
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


def request(page: str, role: str) -> bytes:
    """What a browser sends for a typed URL: /<page>?role=<role>."""
    msg = BackMsg()
    msg.rerun_script.query_string = f"role={role}"
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


def problem(msg: ForwardMsg, page: str) -> str | None:
    """What went wrong in this message of a page run, if anything."""
    kind = msg.WhichOneof("type")
    if kind == "page_not_found":
        return f"page not found: {page}"
    if kind == "navigation":
        ran = {p.page_script_hash: p.url_pathname for p in msg.navigation.app_pages}
        if ran.get(msg.navigation.page_script_hash) != page:
            return f"ran {ran.get(msg.navigation.page_script_hash)!r} instead of {page!r}"
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        if element.WhichOneof("type") == "exception":
            return f"{element.exception.type}: {element.exception.message}"
        if element.WhichOneof("type") == "alert" and element.alert.format == 1:  # ERROR
            return element.alert.body
    return None


async def page_run(ws: websockets.ClientConnection, page: str, role: str
                   ) -> tuple[float, str | None]:
    """One page run: seconds from the request to the server's script_finished, and the
    first problem seen in it."""
    began = time.perf_counter()
    await ws.send(request(page, role))
    found = None
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT))
        seen = problem(msg, page)
        if seen is not None and (found is None or msg.WhichOneof("type") == "page_not_found"):
            found = seen  # the first problem, but "page not found" says best what happened
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in DONE:
            return time.perf_counter() - began, found


async def session(url: str, index: int, rounds: int, pages: tuple[tuple[str, str], ...],
                  think: float = 0.0) -> list[Run]:
    """One session: every page in turn, starting at page `index`, `rounds` times, reading
    each page for about `think` seconds (half to one and a half times it) before the next."""
    runs = []
    reading = random.Random(index)
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        for round_ in range(rounds):
            for k in range(len(pages)):
                page, role = pages[(index + k) % len(pages)]
                seconds, failed = await page_run(ws, page, role)
                runs.append(Run(index, round_, page, seconds, failed))
                if think:
                    await asyncio.sleep(think * reading.uniform(0.5, 1.5))
    return runs


async def together(urls: list[str], sessions: int, rounds: int,
                   pages: tuple[tuple[str, str], ...], think: float = 0.0) -> list[Run]:
    """`sessions` sessions at once, dealt in turn to the servers at `urls` (each stays with
    its server, as sticky sessions do); every page run of them all."""
    done = await asyncio.gather(*(session(urls[i % len(urls)], i, rounds, pages, think)
                                  for i in range(sessions)))
    return [run for runs in done for run in runs]
