"""The Mega-Tutorial's asynchronous email: send_email() starts
Thread(target=send_async_email, args=(app, msg)), and the thread enters
`with app.app_context():` itself. Mail is recorded in a list instead of sent."""

from threading import Thread

from flask import Flask

app = Flask(__name__)
app.config["MAIL_DEFAULT_SENDER"] = "noreply@example.com"

outbox = []


def send_async_email(app, msg):
    with app.app_context():
        outbox.append((app.config["MAIL_DEFAULT_SENDER"], msg))


def send_email(msg):
    thread = Thread(target=send_async_email, args=(app, msg))
    thread.start()
    return thread


@app.route("/reset-password")
def reset_password():
    send_email("Your reset link")
    thread = send_email("Your reset link, again")
    thread.join()
    return f"sent {len(outbox)} from {outbox[-1][0]}"
