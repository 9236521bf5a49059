"""Hostile email HTML in real Chromium: no dialog, no script, no request to any other host."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from tests.fixtures.messages import make_message
from tests.reading.hostile_html import CONTROL, PAYLOADS
from webapp.extensions import db
from webapp.models import Message
from webapp.services.sync import sync_account

pytestmark = pytest.mark.browser


@pytest.fixture
def canary():
    """A local HTTP server that records every request it gets."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.end_headers()
            self.wfile.write(b"GIF89a")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_hostile_html_corpus(page, live_server, browser_login, canary, mail_server, make_user, make_account, screenshot):
    canary_url, requests = canary
    user = make_user(email="reader@example.com")
    account = make_account(user)
    mail_server.append_many(account.login, [
        make_message(subject=f"payload {name}", text=None, html=f"<p>Payload {name}</p>{body.format(canary=canary_url)}")
        for name, body in PAYLOADS.items()])
    assert sync_account(account.id).imported == len(PAYLOADS)
    ids = dict(db.session.execute(select(Message.subject, Message.id)).all())
    db.session.commit()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_login("reader@example.com")
    for name in PAYLOADS:
        page.goto(f"{live_server}/mail/{ids[f'payload {name}']}")
        frame_element = page.wait_for_selector("iframe[name^=body-]")
        frame = frame_element.content_frame()
        frame.wait_for_load_state("load")
        frame.wait_for_selector(f"text=Payload {name}")
        if page.locator("#js").count() or frame.locator("#js").count():
            frame.locator("#js").click(timeout=2000)
        page.wait_for_timeout(150)
        for context in [page] + page.frames:
            assert context.evaluate("window.__pwned") is None, name
        assert dialogs == [], name
    assert requests == [], requests
    screenshot("hostile-html-blocked")
    # The canary does answer when the reader chooses to load images: the test above could have failed.
    page.goto(f"{live_server}/mail/{ids[f'payload {CONTROL}']}")
    page.click("text=Show images")
    page.wait_for_timeout(500)
    assert "/pixel.gif" in requests
