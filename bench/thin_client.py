"""A thin Streamlit session: the app's own WebSocket protocol, without a browser.

A student's browser runs on the student's own device; on this 2-core machine ten Chromium
sessions would take most of the CPU from the server they are measuring (a Chromium session spends
about 0.6 s of CPU drawing the Logits page after each upload, the server about 0.12 s). This
client does what the browser sends for an upload, and nothing else:

1. GET /_stcore/health for the XSRF cookie; open /_stcore/stream with it (subprotocol
   ``streamlit, <token>``, as the browser does);
2. ``rerun_script`` for the Logits page; pick "Upload" in the sidebar's "Photo from" radio;
3. per photo: ``file_urls_request`` -> ``file_urls_response``; PUT the file (multipart, XSRF
   header) to the upload URL; DELETE the file it replaces; ``rerun_script`` with the uploader's
   new state; wait for ``script_finished``; GET the run's images (/media/...), as the browser
   does.

Photo -> chart here is the server's part: from the file request until the run that draws the
new photo's chart has been sent in full. The browser's drawing is measured apart (one Chromium
session on a quiet machine) and added by bench/server.py.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
import uuid
from contextlib import asynccontextmanager
from http.cookies import SimpleCookie

XSRF_COOKIE = "_streamlit_xsrf"


class ThinSession:
    def __init__(self, url: str, name: str = "thin"):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.url, self.name = url.rstrip("/"), name
        self._back, self._fwd = BackMsg, ForwardMsg
        self._early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        self.session_id = ""
        self.page_hash = ""
        self.widget_ids: dict[str, str] = {}  # user key -> widget id, from the deltas
        self.values: dict[str, object] = {}  # widget id -> WidgetState sent with every rerun
        self.finished = 0
        self.captions: list[str] = []  # of the images drawn (the photo's says its name)
        self._media: list[str] = []  # image URLs of the runs so far, fetched as a browser does
        self.sliders: dict[str, object] = {}  # id -> Slider proto, of the last page drawn
        self._at: dict[str, float] = {}  # slider id -> the value (or option index) sent
        self.where = ""
        self.errors: list[str] = []
        self._changed = asyncio.Event()
        self._file_urls: dict[str, asyncio.Future] = {}
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._token = ""
        self._cookie = ""
        self._previous = ""  # delete URL of the file the uploader holds

    # ---------------------------------------------------------------- connection
    async def connect(self, page: str = "logits", timeout: float = 180) -> None:
        import websockets

        def health():
            with urllib.request.urlopen(self.url + "/_stcore/health", timeout=30) as r:
                return r.headers.get_all("Set-Cookie") or []

        cookies = SimpleCookie()
        for c in await asyncio.to_thread(health):
            cookies.load(c)
        self._token = cookies[XSRF_COOKIE].value if XSRF_COOKIE in cookies else ""
        # every cookie goes back, as a browser sends it: behind the nginx recipe its route
        # cookie keeps the WebSocket and the uploads on one replica
        self._cookie = "; ".join(f"{k}={m.value}" for k, m in cookies.items())
        ws_url = "ws" + self.url[4:] + "/_stcore/stream"
        self._ws = await websockets.connect(
            ws_url, subprotocols=["streamlit", self._token] if self._token else ["streamlit"],
            additional_headers={"Origin": self.url, "Cookie": self._cookie},
            max_size=None, compression=None, open_timeout=60)
        self._reader = asyncio.create_task(self._read())
        await self.switch(page, timeout=timeout)
        await self.set_widget("input_kind", string_value="Upload", timeout=timeout)
        if "upload_file" not in self.widget_ids:
            raise RuntimeError(f"{self.name}: no file uploader after choosing Upload")

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _read(self) -> None:
        async for frame in self._ws:
            if not isinstance(frame, bytes):
                continue
            m = self._fwd.FromString(frame)
            kind = m.WhichOneof("type")
            if kind == "new_session":
                self.session_id = m.new_session.initialize.session_id
                self.page_hash = m.new_session.page_script_hash
            elif kind == "delta" and m.delta.WhichOneof("type") == "new_element":
                self._element(m.delta.new_element)
            elif kind == "file_urls_response":
                fut = self._file_urls.pop(m.file_urls_response.response_id, None)
                if fut is not None and not fut.done():
                    fut.set_result(m.file_urls_response)
            elif kind == "script_finished" and m.script_finished != self._early:
                self.finished += 1
                self._changed.set()

    def _element(self, el) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"{self.name}: traceback: {el.exception.message[:160]}")
        elif kind == "alert" and el.alert.format == el.alert.ERROR:
            self.errors.append(f"{self.name}: error message: {el.alert.body[:160]}")
        elif kind == "imgs":
            self.captions += [i.caption for i in el.imgs.imgs]
            self._media += [i.url for i in el.imgs.imgs if i.url.startswith("/")]
        elif kind is not None:
            wid = getattr(getattr(el, kind), "id", "")
            if isinstance(wid, str) and wid.startswith("$$ID-"):
                self.widget_ids[wid.split("-", 2)[2]] = wid
            if kind == "slider" and not el.slider.disabled and len(el.slider.default) == 1:
                self.sliders[el.slider.id] = el.slider

    # ---------------------------------------------------------------- messages
    async def _send(self, msg) -> None:
        await self._ws.send(msg.SerializeToString())

    async def _request_run(self, page_name: str = "") -> int:
        """Send ``rerun_script`` with the widget values so far; the finished count before."""
        msg = self._back()
        cs = msg.rerun_script
        if page_name:
            cs.page_name = page_name
        else:
            cs.page_script_hash = self.page_hash
        for ws in self.values.values():
            cs.widget_states.widgets.append(ws)
        start = self.finished
        await self._send(msg)
        return start

    async def switch(self, page: str, timeout: float = 120) -> float:
        """Open another page (by url path), as a click in the sidebar does."""
        self.sliders.clear()
        dt = await self.rerun(page_name=page, timeout=timeout)
        self.where = page
        return dt

    async def move_slider(self, rng, timeout: float = 60) -> float | None:
        """One step of a slider of this page, as a key press sends it."""
        if not self.sliders:
            return None
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        sl = self.sliders[rng.choice(sorted(self.sliders))]
        v = self._at.get(sl.id, sl.value[0] if sl.set_value and sl.value else sl.default[0])
        select = sl.type == sl.SELECT_SLIDER  # its value is an index into the option texts
        lo, hi, step = (0, len(sl.options) - 1, 1) if select else (sl.min, sl.max, sl.step or 1)
        v = v - step if v + step > hi or (v - step >= lo and rng.random() < 0.5) else v + step
        self._at[sl.id] = v = min(max(v, lo), hi)
        ws = WidgetState(id=sl.id)
        if select:  # as the browser sends it: the option's text
            ws.string_array_value.data.append(sl.options[int(v)])
        else:
            ws.double_array_value.data.append(v)
        self.values[sl.id] = ws
        return await self.rerun(timeout=timeout)

    async def rerun(self, page_name: str = "", timeout: float = 120) -> float:
        """A script run with the widget values so far; seconds until it finished."""
        t = time.perf_counter()
        await self._wait_finished(await self._request_run(page_name), timeout)
        return time.perf_counter() - t

    async def _wait_finished(self, start: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.finished <= start:
            self._changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no script run finished in {timeout:.0f} s")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                pass

    async def set_widget(self, key: str, timeout: float = 120, **value) -> float:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        ws = WidgetState(id=self.widget_ids[key], **value)
        self.values[ws.id] = ws
        return await self.rerun(timeout=timeout)

    async def upload(self, data: bytes, name: str = "photo.jpg", mime: str = "image/jpeg",
                     timeout: float = 120) -> float:
        """One photo through the uploader, as the browser sends it; seconds until the run that
        classifies and draws it has finished."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if self.where != "logits":
            await self.switch("logits", timeout=timeout)
        t = time.perf_counter()
        req = self._back()
        req.file_urls_request.request_id = rid = str(uuid.uuid4())
        req.file_urls_request.file_names.append(name)
        req.file_urls_request.session_id = self.session_id
        fut = asyncio.get_running_loop().create_future()
        self._file_urls[rid] = fut
        await self._send(req)
        urls = (await asyncio.wait_for(fut, timeout)).file_urls[0]
        body, content_type = _multipart(data, name, mime)
        await asyncio.to_thread(self._request, urls.upload_url, "PUT", body, content_type)
        if self._previous:  # the browser deletes the file this one replaces
            await asyncio.to_thread(self._request, self._previous, "DELETE")
        self._previous = urls.delete_url
        ws = WidgetState(id=self.widget_ids["upload_file"])
        info = ws.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        self.values[ws.id] = ws
        self._media.clear()
        await self.rerun(timeout=timeout)
        await asyncio.gather(*(asyncio.to_thread(self._request, u) for u in set(self._media)))
        return time.perf_counter() - t

    def _request(self, path: str, method: str = "GET", body: bytes | None = None,
                 content_type: str = "") -> None:
        """An HTTP request with this session's cookies and XSRF token, as the browser sends
        them; an error status raises (urllib's HTTPError)."""
        headers = {"Cookie": self._cookie, "Origin": self.url, "X-Xsrftoken": self._token}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()


def _multipart(data: bytes, name: str, mime: str) -> tuple[bytes, str]:
    """The body and content type of the browser's upload form (one field, "UploadedFile")."""
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"UploadedFile\"; "
            f"filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n").encode()
    return (head + data + f"\r\n--{boundary}--\r\n".encode(),
            f"multipart/form-data; boundary={boundary}")


@asynccontextmanager
async def thin_sessions(url: str, n: int):
    """``n`` connected thin sessions on the Logits page with "Upload" chosen; closed after."""
    ss = [ThinSession(url, f"t{i}") for i in range(n)]
    try:
        for s in ss:
            await s.connect()
        yield ss
    finally:
        for s in ss:
            await s.close()
