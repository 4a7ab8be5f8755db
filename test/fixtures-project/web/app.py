from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "hardcoded-secret"
app.run(debug=True)
