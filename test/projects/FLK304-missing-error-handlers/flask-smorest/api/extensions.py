# flask-smorest's Api registers a JSON handler for every HTTPException on the app it is bound to.
from flask_smorest import Api

api = Api()
