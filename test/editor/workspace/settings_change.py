from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-secret-123"

app.run()
