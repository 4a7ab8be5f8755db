"""Config modules loaded by name."""
from flask import Flask

app = Flask(__name__)
app.config.from_object("app.default_config")
app.config.from_object("app.local_config")
