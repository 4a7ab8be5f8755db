from workspace_main import app

app.run()
