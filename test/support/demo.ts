/** A naive Flask module with one finding per rule, shared by the LSP-level tests. */

/**
 * One finding per rule:
 *   line 4  FLK101  app = Flask(__name__)           (unsafe fix)
 *   line 6  FLK503  "dev-secret"                    (unsafe fix)
 *   line 7  FLK102  db = SQLAlchemy(app)            (safe fix)
 *   line 15 FLK501  app.run(debug=True)             (safe fix)
 *   line 15 FLK502  debug=True                      (unsafe fix)
 */
export const DEMO = `import os
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///demo.db"
app.config["SECRET_KEY"] = "dev-secret"
db = SQLAlchemy(app)


@app.route("/")
def index():
    return "hello"


app.run(debug=True)
`;
/** The codes of DEMO's findings, in the order the server publishes them. */
export const DEMO_CODES = ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503'];
export const RUN_LINE = 15;
export const APP_LINE = 4;

export const FIX_ALL = 'source.fixAll.flaskPractices';
export const LSP_SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;
